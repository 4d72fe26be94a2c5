// run(): features, strategies (built-in and Python) and rule files in one
// call, without the GIL except while a Python strategy runs.
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "bindings.h"
#include "errors.h"
#include "python_strategy.h"
#include "result_state.h"
#include "rule_file_handle.h"
#include "tessera/features.h"
#include "tessera/pipeline.h"

namespace tessera::python {
namespace {

std::vector<StrategySpec> ParseStrategies(
    const std::vector<std::pair<std::string, std::string>>& strategies) {
  std::vector<StrategySpec> specs;
  for (const auto& [name, params] : strategies) {
    specs.push_back({name, ValueOrThrow(StrategyParams::Parse(params))});
  }
  return specs;
}

std::shared_ptr<ResultState> RunAll(
    std::shared_ptr<Dataset> dataset,
    const std::vector<std::pair<std::string, std::string>>& strategies,
    const std::vector<const RuleFileHandle*>& rules,
    py::object previous_tiers,
    py::object python_strategies, std::optional<Day> as_of_day, std::string_view frequency,
    std::string_view returns, double btyd_period_days, int num_threads) {
  if (!dataset) ThrowInvalidInput("'dataset' must be a Dataset, got None");
  RunOptions options;
  options.features.as_of = as_of_day ? *as_of_day : DayAfterLastTransaction(*dataset);
  options.features.frequency = static_cast<FrequencyMode>(
      ChooseOption("frequency", frequency, {"auto", "rows", "orders", "days"}));
  options.features.returns = ChooseOption("returns", returns, {"net", "exclude"}) == 0
                                 ? ReturnPolicy::kNetIntoMonetary
                                 : ReturnPolicy::kExclude;
  options.features.btyd_period_days = btyd_period_days;
  options.features.num_threads = num_threads;
  options.strategies = ParseStrategies(strategies);
  for (const RuleFileHandle* handle : rules) {
    if (handle == nullptr) ThrowInvalidInput("'rules' holds None instead of a RuleFile");
    options.rules.push_back(handle->file);
  }
  if (!previous_tiers.is_none()) {
    std::map<std::string, std::shared_ptr<TierSnapshot>> snapshots;
    try {
      snapshots = previous_tiers.cast<std::map<std::string, std::shared_ptr<TierSnapshot>>>();
    } catch (const py::cast_error&) {
      ThrowInvalidInput("'previous_tiers' must be a mapping {rule set name: TierSnapshot}");
    }
    for (const auto& [set, snapshot] : snapshots) {
      if (!snapshot) ThrowInvalidInput("previous_tiers['" + set + "'] is None");
      options.previous_tiers.emplace(set, *snapshot);
    }
  }

  auto state = std::make_shared<ResultState>();
  state->dataset = dataset;
  state->rules = options.rules;
  state->as_of = options.features.as_of;
  PythonStrategies python(python_strategies);
  StrategyRegistry registry(StrategyRegistry::Global());
  ThrowIfError(python.RegisterInto(registry));

  absl::StatusOr<RunResult> result;
  {
    py::gil_scoped_release release;
    result = Run(*dataset, options, registry);
  }
  if (!result.ok()) {
    python.ThrowIfFailed(result.status());
    ThrowStatus(result.status());
  }
  state->run = *std::move(result);
  return state;
}

}  // namespace

void RegisterRun(py::module_& module) {
  module.def("run", &RunAll, py::arg("dataset"), py::kw_only(),
             py::arg("strategies") =
                 std::vector<std::pair<std::string, std::string>>{{"rfm", ""}},
             py::arg("rules") = std::vector<const RuleFileHandle*>{},
             py::arg("previous_tiers") = py::none(),
             py::arg("python_strategies") = py::none(), py::arg("as_of_day") = py::none(),
             py::arg("frequency") = "auto", py::arg("returns") = "net",
             py::arg("btyd_period_days") = 7.0, py::arg("num_threads") = 0,
             "Features, then each strategy in order (names in `python_strategies` resolve to "
             "those callables, parameters must be \"\"), then each rule file. Releases the GIL "
             "except while a Python strategy runs.");
}

}  // namespace tessera::python
