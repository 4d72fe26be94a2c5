// The shape of every C function that reads one value out of a handle, so
// that each states only what it reads.
#ifndef TESSERA_CAPI_GETTER_H_
#define TESSERA_CAPI_GETTER_H_

#include "arguments.h"
#include "errors.h"

namespace tessera::capi {

// Inside the Guard: checks `output` and sets it to `empty` before anything
// else (so that a failure leaves NULL or 0 there, as the header promises),
// checks `handle`, then returns body(*handle, *output).
template <typename Handle, typename T, typename Body>
int Get(const char* function, const Handle* handle, const char* handle_name, T* output,
        const char* output_name, T empty, Body&& body) {
  return Guard(function, [&]() -> int {
    if (int rc = NotNull(function, output_name, output)) return rc;
    *output = empty;
    if (int rc = NotNull(function, handle_name, handle)) return rc;
    return body(*handle, *output);
  });
}

}  // namespace tessera::capi

#endif  // TESSERA_CAPI_GETTER_H_
