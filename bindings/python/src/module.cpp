// tessera._core: the C++ core for Python. The pure-Python package in
// bindings/python/tessera is the public face; this module only translates.
#include <pybind11/pybind11.h>

#include <string>

#include "bindings.h"
#include "errors.h"
#include "tessera/version.h"

namespace tessera::python {

size_t ChooseOption(std::string_view argument, std::string_view value,
                    std::initializer_list<std::string_view> names) {
  size_t index = 0;
  std::string listed;
  for (std::string_view name : names) {
    if (name == value) return index;
    listed += (index++ == 0 ? "'" : ", '") + std::string(name) + "'";
  }
  ThrowInvalidInput("'" + std::string(argument) + "' must be one of " + listed + ", got '" +
                    std::string(value) + "'");
}

}  // namespace tessera::python

PYBIND11_MODULE(_core, module) {
  namespace python = tessera::python;
  module.doc() = "The pybind11 extension binding tessera's C++ core; see the tessera package.";
  module.attr("__version__") = std::to_string(TESSERA_VERSION_MAJOR) + "." +
                               std::to_string(TESSERA_VERSION_MINOR) + "." +
                               std::to_string(TESSERA_VERSION_PATCH);
  python::RegisterErrors(module);
  python::RegisterDataset(module);
  python::RegisterRules(module);
  python::RegisterTiers(module);
  python::RegisterResult(module);
  python::RegisterRun(module);
  python::RegisterMemory(module);
}
