#include "columns_from_numpy.h"

#include <pybind11/numpy.h>

#include "errors.h"

namespace tessera::python {
namespace {

// Stands in for a str with lone surrogates: 0xFF never occurs in UTF-8.
constexpr std::string_view kNotUtf8 = "\xff";

template <typename T>
const char* DtypeName();
template <>
const char* DtypeName<double>() { return "float64"; }
template <>
const char* DtypeName<int64_t>() { return "int64"; }
template <>
const char* DtypeName<int32_t>() { return "int32"; }

std::string TypeName(py::handle value) {
  return py::str(py::type::handle_of(value).attr("__name__"));
}

std::string Named(std::string_view argument) { return "'" + std::string(argument) + "'"; }

// Checks what every borrowed array needs besides its dtype.
py::array CheckedArray(py::handle value, std::string_view argument, const char* expected) {
  if (!py::isinstance<py::array>(value)) {
    ThrowInvalidInput(Named(argument) + " must be a numpy array of " + expected + ", got " +
                      TypeName(value));
  }
  auto array = py::reinterpret_borrow<py::array>(value);
  if (array.ndim() != 1) {
    ThrowInvalidInput(Named(argument) + " must be one-dimensional, got " +
                      std::to_string(array.ndim()) + " dimensions");
  }
  const int flags = array.flags();
  if (!(flags & py::detail::npy_api::NPY_ARRAY_C_CONTIGUOUS_) ||
      !(flags & py::detail::npy_api::NPY_ARRAY_ALIGNED_)) {
    ThrowInvalidInput(Named(argument) + " must be a C-contiguous, aligned array (use " +
                      "numpy.ascontiguousarray)");
  }
  return array;
}

std::string DtypeOf(const py::array& array) { return py::str(array.dtype()); }

// Our own references to every item of a sequence or a 1-D array.
py::tuple ItemsOf(py::handle value, std::string_view argument) {
  if (PyUnicode_Check(value.ptr()) || PyBytes_Check(value.ptr())) {
    ThrowInvalidInput(Named(argument) + " must be a sequence of str, got a single " +
                      TypeName(value));
  }
  if (py::isinstance<py::array>(value)) {
    auto array = py::reinterpret_borrow<py::array>(value);
    if (array.ndim() != 1) {
      ThrowInvalidInput(Named(argument) + " must be one-dimensional, got " +
                        std::to_string(array.ndim()) + " dimensions");
    }
    if (array.dtype().kind() == 'O') {
      // Read the object pointers directly: iterating would go through
      // numpy's item protocol once per row.
      const py::ssize_t rows = array.shape(0), stride = array.strides(0);
      const char* data = static_cast<const char*>(array.data());
      py::tuple items(rows);
      for (py::ssize_t i = 0; i < rows; ++i) {
        PyObject* item = *reinterpret_cast<PyObject* const*>(data + i * stride);
        if (item == nullptr) item = Py_None;
        Py_INCREF(item);
        PyTuple_SetItem(items.ptr(), i, item);
      }
      return items;
    }
  }
  PyObject* items = PySequence_Tuple(value.ptr());
  if (items == nullptr) {
    PyErr_Clear();
    ThrowInvalidInput(Named(argument) + " must be a sequence of str or None, got " +
                      TypeName(value));
  }
  return py::reinterpret_steal<py::tuple>(items);
}

}  // namespace

template <typename T>
absl::Span<const T> BorrowColumn(py::handle value, std::string_view argument,
                                 std::vector<py::object>& held) {
  if (value.is_none()) return {};
  py::array array = CheckedArray(value, argument, DtypeName<T>());
  if (!py::isinstance<py::array_t<T>>(array)) {
    ThrowInvalidInput(Named(argument) + " has dtype " + DtypeOf(array) + "; expected " +
                      DtypeName<T>());
  }
  held.push_back(array);
  return {static_cast<const T*>(array.data()), static_cast<size_t>(array.shape(0))};
}

template absl::Span<const double> BorrowColumn<double>(py::handle, std::string_view,
                                                       std::vector<py::object>&);
template absl::Span<const int64_t> BorrowColumn<int64_t>(py::handle, std::string_view,
                                                         std::vector<py::object>&);
template absl::Span<const int32_t> BorrowColumn<int32_t>(py::handle, std::string_view,
                                                         std::vector<py::object>&);

absl::Span<const uint8_t> BorrowFlags(py::handle value, std::string_view argument,
                                      std::vector<py::object>& held) {
  if (value.is_none()) return {};
  py::array array = CheckedArray(value, argument, "bool");
  if (!py::isinstance<py::array_t<bool>>(array) && !py::isinstance<py::array_t<uint8_t>>(array)) {
    ThrowInvalidInput(Named(argument) + " has dtype " + DtypeOf(array) + "; expected bool");
  }
  held.push_back(array);
  return {static_cast<const uint8_t*>(array.data()), static_cast<size_t>(array.shape(0))};
}

TextColumn::TextColumn(py::handle value, std::string_view argument) {
  if (value.is_none()) return;
  items_ = ItemsOf(value, argument);
  const size_t rows = items_.size();
  views_.resize(rows);
  for (size_t i = 0; i < rows; ++i) {
    PyObject* item = PyTuple_GetItem(items_.ptr(), static_cast<Py_ssize_t>(i));
    if (item == Py_None) continue;
    if (!PyUnicode_Check(item)) {
      ThrowInvalidInput(Named(argument) + " row " + std::to_string(i) +
                        ": expected str or None, got " + TypeName(item));
    }
    Py_ssize_t size = 0;
    // The UTF-8 form is cached in the str object, so the view lives as long
    // as the str, which items_ holds.
    const char* utf8 = PyUnicode_AsUTF8AndSize(item, &size);
    if (utf8 == nullptr) {
      PyErr_Clear();
      views_[i] = kNotUtf8;
    } else {
      views_[i] = std::string_view(utf8, static_cast<size_t>(size));
    }
  }
}

std::vector<std::string> ReadStrings(py::handle value, std::string_view argument) {
  std::vector<std::string> strings;
  if (value.is_none()) return strings;
  py::tuple items = ItemsOf(value, argument);
  strings.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    PyObject* item = PyTuple_GetItem(items.ptr(), static_cast<Py_ssize_t>(i));
    if (!PyUnicode_Check(item)) {
      ThrowInvalidInput(Named(argument) + " item " + std::to_string(i) +
                        ": expected str, got " + TypeName(item));
    }
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(item, &size);
    if (utf8 == nullptr) {
      PyErr_Clear();
      ThrowInvalidInput(Named(argument) + " item " + std::to_string(i) +
                        " cannot be encoded as UTF-8");
    }
    strings.emplace_back(utf8, static_cast<size_t>(size));
  }
  return strings;
}

}  // namespace tessera::python
