#include "errors.h"

#include <string>

#include "returned_text.h"

namespace tessera::capi {
namespace {

// libgit2 keeps a static message for out-of-memory so that reporting the
// failure never needs the memory that just ran out.
constexpr const char kOutOfMemory[] = "out of memory";

struct LastError {
  int code = TESSERA_OK;
  std::string message;
  bool out_of_memory = false;
};

LastError& ThisThread() {
  thread_local LastError error;
  return error;
}

}  // namespace

int Fail(int code, std::string_view function, std::string_view message) noexcept {
  LastError& error = ThisThread();
  error.code = code;
  try {
    error.message.assign(function.data(), function.size());
    error.message.append(": ");
    // The message may quote the host's bytes.
    AppendAsUtf8(message, error.message);
    error.out_of_memory = false;
  } catch (...) {
    error.out_of_memory = true;
  }
  return code;
}

void FailOutOfMemory() noexcept {
  LastError& error = ThisThread();
  error.code = TESSERA_ENOMEM;
  error.out_of_memory = true;
}

int StatusCodeOf(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return TESSERA_OK;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kFailedPrecondition:
      return TESSERA_EINVALID;
    case absl::StatusCode::kNotFound:
      return TESSERA_ENOTFOUND;
    case absl::StatusCode::kAlreadyExists:
      return TESSERA_EEXISTS;
    case absl::StatusCode::kResourceExhausted:
      return TESSERA_ENOMEM;
    // Only host strategies report kAborted (see host_strategy.cpp).
    case absl::StatusCode::kAborted:
      return TESSERA_ECALLBACK;
    default:
      return TESSERA_ERROR;
  }
}

int FailWith(std::string_view function, const absl::Status& status) noexcept {
  return FailWith(StatusCodeOf(status), function, status);
}

int FailWith(int code, std::string_view function, const absl::Status& status) noexcept {
  const absl::string_view message = status.message();
  return Fail(code, function, std::string_view(message.data(), message.size()));
}

}  // namespace tessera::capi

extern "C" {

const char* tessera_last_error(void) {
  const tessera::capi::LastError& error = tessera::capi::ThisThread();
  if (error.out_of_memory) return tessera::capi::kOutOfMemory;
  return error.message.c_str();
}

int tessera_last_error_code(void) { return tessera::capi::ThisThread().code; }

void tessera_clear_error(void) {
  tessera::capi::LastError& error = tessera::capi::ThisThread();
  error.code = TESSERA_OK;
  error.message.clear();
  error.out_of_memory = false;
}

const char* tessera_status_name(int status) {
  switch (status) {
    case TESSERA_OK: return "TESSERA_OK";
    case TESSERA_ERROR: return "TESSERA_ERROR";
    case TESSERA_EINVALID: return "TESSERA_EINVALID";
    case TESSERA_ENOTFOUND: return "TESSERA_ENOTFOUND";
    case TESSERA_EPARSE: return "TESSERA_EPARSE";
    case TESSERA_ENOMEM: return "TESSERA_ENOMEM";
    case TESSERA_EVERSION: return "TESSERA_EVERSION";
    case TESSERA_EBUFFER: return "TESSERA_EBUFFER";
    case TESSERA_ECALLBACK: return "TESSERA_ECALLBACK";
    case TESSERA_EEXISTS: return "TESSERA_EEXISTS";
  }
  return "TESSERA_UNKNOWN";
}

}  // extern "C"
