#include "python_objects.h"

#include <utility>

namespace tessera::python {

py::str DecodeText(std::string_view text) {
  PyObject* decoded =
      PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
  if (decoded == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(decoded);
}

py::list DecodeTexts(const std::vector<std::string>& texts) {
  py::list list(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) list[i] = DecodeText(texts[i]);
  return list;
}

std::shared_ptr<const void> HoldWhileBorrowed(std::vector<py::object> objects) {
  if (objects.empty()) return nullptr;
  auto* held = new std::vector<py::object>(std::move(objects));
  return std::shared_ptr<const void>(held, [](const void* pointer) {
    auto* held_objects = static_cast<std::vector<py::object>*>(const_cast<void*>(pointer));
    // After shutdown there is no interpreter to give the references back to.
    if (!Py_IsInitialized()) return;
    py::gil_scoped_acquire gil;
    delete held_objects;
  });
}

}  // namespace tessera::python
