// The calling thread's last error, the mapping from absl::Status to the C
// status codes, and the one guard every exported function body runs inside,
// so that no C++ exception ever reaches the host.
#ifndef TESSERA_CAPI_ERRORS_H_
#define TESSERA_CAPI_ERRORS_H_

#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "tessera/tessera.h"

namespace tessera::capi {

// Records a failure for tessera_last_error() and returns `code`, so that a
// body can `return Fail(...)`. Never throws: when the message cannot be
// stored, the static out-of-memory text stands in.
int Fail(int code, std::string_view function, std::string_view message) noexcept;

// The C status code for a core status, by absl code.
int StatusCodeOf(const absl::Status& status);

// Fail() with the code of `status` and its message after the function name.
int FailWith(std::string_view function, const absl::Status& status) noexcept;
// The same, with the code chosen by the caller (a parse error, say).
int FailWith(int code, std::string_view function, const absl::Status& status) noexcept;

// Records that memory ran out; uses no heap.
void FailOutOfMemory() noexcept;

// Runs `body` (which returns a status code) and turns any exception into a
// code and a message naming `function`.
template <typename Body>
int Guard(const char* function, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    FailOutOfMemory();
    return TESSERA_ENOMEM;
  } catch (const std::exception& e) {
    return Fail(TESSERA_ERROR, function, e.what());
  } catch (...) {
    return Fail(TESSERA_ERROR, function, "unknown exception");
  }
}

}  // namespace tessera::capi

#endif  // TESSERA_CAPI_ERRORS_H_
