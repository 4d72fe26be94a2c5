// The process-wide scratch cache of tessera/memory.h.
#include <cstddef>
#include <limits>
#include <string>

#include "bindings.h"
#include "errors.h"
#include "tessera/memory.h"

namespace tessera::python {
namespace {

// pybind11 would refuse -1 for a size_t with a TypeError about overloads, so
// the limit arrives as any object with __index__ (numpy integers included).
// Negative is bad input (InvalidInputError, a ValueError); a limit beyond
// 2**63 - 1 is no limit.
size_t LimitFrom(const py::object& bytes) {
  const auto value = py::reinterpret_steal<py::object>(PyNumber_Index(bytes.ptr()));
  if (!value) throw py::error_already_set();
  int overflow = 0;
  const long long limit = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (limit == -1 && PyErr_Occurred()) throw py::error_already_set();
  if (overflow < 0 || (overflow == 0 && limit < 0)) {
    ThrowInvalidInput("set_scratch_cache_limit: 'bytes' must be 0 or more, got " +
                      py::str(value).cast<std::string>());
  }
  if (overflow > 0) return std::numeric_limits<size_t>::max();
  return static_cast<size_t>(limit);
}

void SetLimit(const py::object& bytes) {
  const size_t limit = LimitFrom(bytes);
  // Freeing what is over the limit may take a moment: other threads may run.
  py::gil_scoped_release release;
  SetScratchCacheLimit(limit);
}

}  // namespace

void RegisterMemory(py::module_& module) {
  module.def("set_scratch_cache_limit", &SetLimit, py::arg("bytes"),
             "The most bytes of freed scratch memory kept for the next run (1 GiB "
             "until set); a lower limit frees the excess at once, 0 keeps nothing.");
  module.def("scratch_cache_limit", &ScratchCacheLimit,
             "The limit set by set_scratch_cache_limit, in bytes.");
  module.def("scratch_cache_size", &ScratchCacheSize,
             "Bytes of scratch memory kept for reuse right now.");
  module.def("release_scratch_cache", &ReleaseScratchCache,
             py::call_guard<py::gil_scoped_release>(),
             "Returns every kept scratch array to the system; the limit stays.");
}

}  // namespace tessera::python
