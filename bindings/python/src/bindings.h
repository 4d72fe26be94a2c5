// The parts of tessera._core, each registered by its own file, in the order
// module.cpp calls them (a class before the functions that take it).
#ifndef TESSERA_PYTHON_BINDINGS_H_
#define TESSERA_PYTHON_BINDINGS_H_

#include <pybind11/pybind11.h>

#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace tessera::python {

namespace py = pybind11;

void RegisterDataset(py::module_& module);  // Dataset, IngestReport, build_dataset, read_csv
void RegisterRules(py::module_& module);    // RuleFile, builtin rule files, strategies()
void RegisterTiers(py::module_& module);    // TierSnapshot, TierMigration, compare_tiers
void RegisterResult(py::module_& module);   // Result, ScoreColumn, SegmentSummaryRow
void RegisterRun(py::module_& module);      // run
void RegisterMemory(py::module_& module);   // the scratch cache's limit, size, release

// One of `names` (the accepted spellings of an option), or InvalidInputError
// listing them; returns the index.
size_t ChooseOption(std::string_view argument, std::string_view value,
                    std::initializer_list<std::string_view> names);

}  // namespace tessera::python

#endif  // TESSERA_PYTHON_BINDINGS_H_
