// Small helpers between core values and Python objects: text, read-only
// numpy views that keep their owner alive, and holding Python objects from
// C++ code that may run without the GIL.
#ifndef TESSERA_PYTHON_PYTHON_OBJECTS_H_
#define TESSERA_PYTHON_PYTHON_OBJECTS_H_

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::python {

namespace py = pybind11;

// Core text as a str. Input text is checked UTF-8, but a message may quote a
// rejected field byte for byte, so bad bytes become U+FFFD instead of raising.
py::str DecodeText(std::string_view text);
py::list DecodeTexts(const std::vector<std::string>& texts);

// A read-only 1-D array over `size` values at `data`, not copied: `base`
// (the object owning the memory) stays alive as long as the array does.
template <typename T>
py::array ReadOnlyView(const T* data, size_t size, py::handle base) {
  py::array view(py::dtype::of<T>(), {static_cast<py::ssize_t>(size)}, {}, data, base);
  py::detail::array_proxy(view.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return view;
}

// A new 1-D array holding a copy of `values`.
template <typename T>
py::array_t<T> CopyToArray(const std::vector<T>& values) {
  return py::array_t<T>(static_cast<py::ssize_t>(values.size()), values.data());
}

// A new read-only 1-D array holding a copy of `values`.
template <typename T>
py::array_t<T> ReadOnlyCopy(const std::vector<T>& values) {
  py::array_t<T> copy = CopyToArray(values);
  py::detail::array_proxy(copy.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return copy;
}

// An owner for core columns that borrow Python buffers: the objects are
// released, with the GIL re-acquired, when the last column lets go, which
// may happen on a thread that does not hold the GIL. Null when empty.
std::shared_ptr<const void> HoldWhileBorrowed(std::vector<py::object> objects);

}  // namespace tessera::python

#endif  // TESSERA_PYTHON_PYTHON_OBJECTS_H_
