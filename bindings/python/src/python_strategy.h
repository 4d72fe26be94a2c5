// Python callables as strategies of one run. Each becomes a tessera::Strategy
// in a registry copied from the global one, so the core runs it in order
// with the built-ins; it re-acquires the GIL only for the call.
#ifndef TESSERA_PYTHON_PYTHON_STRATEGY_H_
#define TESSERA_PYTHON_PYTHON_STRATEGY_H_

#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "tessera/strategy.h"

namespace tessera::python {

namespace py = pybind11;

// What went wrong inside a Python strategy, kept for after the run: the
// Python exception it raised (None when its outputs were wrong).
struct PythonStrategyFailure {
  bool failed = false;
  py::object cause = py::none();
};

class PythonStrategies {
 public:
  // `callables` maps strategy names to callables (None: no strategies).
  explicit PythonStrategies(py::handle callables);

  // Adds every callable to `registry`; fails when a name is taken.
  absl::Status RegisterInto(StrategyRegistry& registry);

  // After the run failed with `status`: raises StrategyError (message
  // unchanged, __cause__ the strategy's exception) when a Python strategy
  // was the reason, and returns otherwise.
  void ThrowIfFailed(const absl::Status& status);

 private:
  std::vector<std::pair<std::string, py::object>> callables_;
  PythonStrategyFailure failure_;
};

}  // namespace tessera::python

#endif  // TESSERA_PYTHON_PYTHON_STRATEGY_H_
