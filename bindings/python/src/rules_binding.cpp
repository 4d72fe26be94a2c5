// RuleFile and its sets, the built-in rule files, and the strategy list.
#include <pybind11/stl.h>

#include <utility>

#include "bindings.h"
#include "errors.h"
#include "python_objects.h"
#include "rule_file_handle.h"
#include "tessera/strategy.h"

namespace tessera::python {
namespace {

RuleFileHandle ParseRuleFile(std::string text, std::string_view source_name) {
  absl::StatusOr<RuleFile> file = RuleFile::Parse(text, source_name);
  return RuleFileHandle{ValueOrThrow(std::move(file), ErrorSource::kRuleText), std::move(text)};
}

std::vector<std::pair<std::string, std::string>> Strategies() {
  std::vector<std::pair<std::string, std::string>> listed;
  for (const StrategyRegistry::Entry& entry : StrategyRegistry::Global().List()) {
    listed.emplace_back(entry.name, entry.description);
  }
  return listed;
}

}  // namespace

void RegisterRules(py::module_& module) {
  py::class_<RuleFile::RuleInfo>(module, "RuleInfo", "One rule of a rule set.")
      .def_readonly("tier", &RuleFile::RuleInfo::tier)
      .def_readonly("line", &RuleFile::RuleInfo::line)
      .def_readonly("text", &RuleFile::RuleInfo::text)
      .def_readonly("otherwise", &RuleFile::RuleInfo::otherwise)
      .def_readonly("demote_after", &RuleFile::RuleInfo::demote_after);

  py::class_<RuleFile::RuleSetInfo>(module, "RuleSetInfo", "One rule set of a rule file.")
      .def_readonly("name", &RuleFile::RuleSetInfo::name)
      .def_readonly("rules", &RuleFile::RuleSetInfo::rules)
      .def_readonly("tiers", &RuleFile::RuleSetInfo::tiers)
      .def_readonly("fingerprint", &RuleFile::RuleSetInfo::fingerprint);

  py::class_<RuleFileHandle>(module, "RuleFile", "A parsed rule file (see tessera/rules.h).")
      .def(py::init(&ParseRuleFile), py::arg("text"), py::arg("source_name") = "rules",
           "Parses rule text; RuleSyntaxError with line, column and caret.")
      .def_property_readonly("sets", [](const RuleFileHandle& h) { return h.file.sets(); })
      .def_property_readonly("source_name",
                             [](const RuleFileHandle& h) { return DecodeText(h.file.source_name()); })
      .def_readonly("text", &RuleFileHandle::text)
      .def("__repr__", [](const RuleFileHandle& h) {
        return "<tessera._core.RuleFile " + std::string(py::repr(DecodeText(h.file.source_name()))) +
               " with " + std::to_string(h.file.sets().size()) + " rule set(s)>";
      });

  module.def(
      "builtin_rule_file",
      [](std::string_view name) {
        return DecodeText(ValueOrThrow(BuiltinRuleFile(name)));
      },
      py::arg("name"), "The text of a built-in rule file; NotFoundError lists the names.");
  module.def("builtin_rule_file_names", &BuiltinRuleFileNames);
  module.def("strategies", &Strategies, "(name, description) of every built-in strategy.");
}

}  // namespace tessera::python
