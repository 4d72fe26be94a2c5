// Host columns as the core's spans: numeric numpy arrays are borrowed
// without copying when dtype and layout already fit, strings are viewed in
// place as UTF-8.
#ifndef TESSERA_PYTHON_COLUMNS_FROM_NUMPY_H_
#define TESSERA_PYTHON_COLUMNS_FROM_NUMPY_H_

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"

namespace tessera::python {

namespace py = pybind11;

// The values of a 1-D C-contiguous array whose dtype is exactly T (float64,
// int64, int32), or an empty span for None. Anything else raises
// InvalidInputError naming `argument` and what it got: the Python layer
// converts once, so a silent copy here would hide a second one. The array is
// appended to `held`, which the caller keeps alive while the span is used.
template <typename T>
absl::Span<const T> BorrowColumn(py::handle value, std::string_view argument,
                                 std::vector<py::object>& held);

// A bool (or uint8) array as one byte per row, nonzero = set.
absl::Span<const uint8_t> BorrowFlags(py::handle value, std::string_view argument,
                                      std::vector<py::object>& held);

// A sequence (or object array) of str and None as views of each str's
// UTF-8. None is an empty view. A str that cannot be encoded (a lone
// surrogate) becomes bytes that are not UTF-8, so the core rejects that row
// as bad_encoding instead of this call failing. Any other item raises
// InvalidInputError naming `argument` and the row.
class TextColumn {
 public:
  TextColumn() = default;
  TextColumn(py::handle value, std::string_view argument);

  absl::Span<const std::string_view> views() const { return views_; }

 private:
  // Our own reference to every item, so that no other thread can free a str
  // (by changing the caller's list) while the GIL is released and the core
  // reads the views.
  py::tuple items_;
  std::vector<std::string_view> views_;
};

// A sequence of str as strings; None or a str that is not encodable raises.
std::vector<std::string> ReadStrings(py::handle value, std::string_view argument);

}  // namespace tessera::python

#endif  // TESSERA_PYTHON_COLUMNS_FROM_NUMPY_H_
