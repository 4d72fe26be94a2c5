#include "python_strategy.h"

#include <pybind11/numpy.h>

#include <set>

#include "columns_from_numpy.h"
#include "errors.h"
#include "python_objects.h"

namespace tessera::python {
namespace {

std::string TypeName(py::handle value) {
  return py::str(py::type::handle_of(value).attr("__name__"));
}

// str(value), or a stand-in when even that raises.
std::string SafeStr(py::handle value) {
  try {
    return py::str(value);
  } catch (const py::error_already_set&) {
    return "<unprintable " + TypeName(value) + ">";
  }
}

// The traceback of a strategy that raised reaches the caller as the
// StrategyError's cause; its frames' locals (the input columns among them)
// are let go so the failed run's memory is not held: the lines stay.
void ForgetLocals(py::handle traceback) {
  try {
    py::module_::import("traceback").attr("clear_frames")(traceback);
  } catch (const py::error_already_set&) {
  }
}

class PythonStrategy final : public Strategy {
 public:
  PythonStrategy(std::string name, py::handle callable, PythonStrategyFailure* failure)
      : name_(std::move(name)), callable_(callable), failure_(failure) {}

  std::string_view name() const override { return name_; }

  absl::Status Score(const StrategyInput& input, ScoreTable& out,
                     std::vector<std::string>& /*warnings*/) const override {
    py::gil_scoped_acquire gil;
    try {
      py::object returned = callable_(InputColumns(input));
      return WriteOutputs(returned, out);
    } catch (py::error_already_set& error) {
      failure_->failed = true;
      failure_->cause = error.value();
      if (error.trace() && !error.value().is_none()) {
        PyException_SetTraceback(error.value().ptr(), error.trace().ptr());
        ForgetLocals(error.trace());
      }
      return absl::UnknownError(name_ + ": the Python strategy raised " + TypeName(error.value()) +
                                ": " + SafeStr(error.value()));
    } catch (const std::exception& error) {
      failure_->failed = true;
      return absl::UnknownError(name_ + ": " + error.what());
    }
  }

 private:
  // Every feature and every numeric score so far, as read-only copies.
  // Views into the run's tables would save the copy, but a strategy may keep
  // what it is given (in a global, a closure), and a run that fails after it
  // frees those tables: the kept view would read freed memory and could
  // crash the interpreter. The copy is 8 bytes per customer and column, once
  // per Python strategy, which is small beside calling Python at all.
  static py::dict InputColumns(const StrategyInput& input) {
    py::dict columns;
    for (const FeatureTable::Entry& entry : input.features.columns()) {
      columns[DecodeText(entry.name)] = ReadOnlyCopy(entry.values);
    }
    for (const ScoreColumn& column : input.scores.columns()) {
      if (column.kind != ScoreColumn::Kind::kNumeric) continue;
      columns[DecodeText(column.name)] = ReadOnlyCopy(column.numeric);
    }
    return columns;
  }

  absl::Status Fail(const std::string& message) const {
    failure_->failed = true;
    return absl::InvalidArgumentError(name_ + ": " + message);
  }

  absl::Status WriteOutputs(py::handle returned, ScoreTable& out) const {
    if (!PyMapping_Check(returned.ptr()) || PyUnicode_Check(returned.ptr()) ||
        !py::hasattr(returned, "items")) {
      return Fail("a Python strategy must return a mapping {output: values}, got " +
                  TypeName(returned));
    }
    for (py::handle item : py::list(returned.attr("items")())) {
      py::tuple pair = py::reinterpret_borrow<py::tuple>(item);
      if (!py::isinstance<py::str>(pair[0]) || py::len(pair[0]) == 0) {
        return Fail("output names must be non-empty str, got " + SafeStr(py::repr(pair[0])));
      }
      absl::Status status = WriteOutput(pair[0].cast<std::string>(), pair[1], out);
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }

  absl::Status WriteOutput(const std::string& output, py::handle values, ScoreTable& out) const {
    const std::string column = name_ + "." + output;
    const std::string what = "output '" + output + "': ";
    const size_t customers = out.customer_count();
    if (py::isinstance<py::tuple>(values)) {
      auto pair = py::reinterpret_borrow<py::tuple>(values);
      if (pair.size() != 2) {
        return Fail(what + "a categorical output is a (codes, labels) pair, got a tuple of " +
                    std::to_string(pair.size()) + " items");
      }
      return WriteCategorical(what, column, pair[0], pair[1], out);
    }
    auto array = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(values);
    if (!array) {
      return Fail(what + "expected a float array of " + std::to_string(customers) +
                  " values or a (codes, labels) pair, got " + TypeName(values));
    }
    if (array.ndim() != 1 || static_cast<size_t>(array.shape(0)) != customers) {
      return Fail(what + "expected " + std::to_string(customers) + " values (one per customer), got shape " +
                  SafeStr(py::getattr(array, "shape")));
    }
    std::vector<double>& written = out.AddNumeric(column);
    std::copy(array.data(), array.data() + customers, written.begin());
    return absl::OkStatus();
  }

  absl::Status WriteCategorical(const std::string& what, const std::string& column,
                                py::handle codes, py::handle labels_given, ScoreTable& out) const {
    std::vector<std::string> labels;
    try {
      labels = ReadStrings(labels_given, "labels");
    } catch (const py::error_already_set& error) {
      return Fail(what + SafeStr(error.value()));
    }
    std::set<std::string> distinct(labels.begin(), labels.end());
    if (distinct.size() != labels.size()) return Fail(what + "the labels are not distinct");
    py::array any = py::array::ensure(codes);
    if (!any || (any.dtype().kind() != 'i' && any.dtype().kind() != 'u')) {
      return Fail(what + "codes must be an integer array, got " +
                  (any ? "dtype " + SafeStr(any.dtype()) : TypeName(codes)));
    }
    const size_t customers = out.customer_count();
    if (any.ndim() != 1 || static_cast<size_t>(any.shape(0)) != customers) {
      return Fail(what + "expected " + std::to_string(customers) + " codes (one per customer), got shape " +
                  SafeStr(py::getattr(any, "shape")));
    }
    auto wide = py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(any);
    if (!wide) return Fail(what + "codes do not convert to integers");
    const int64_t* values = wide.data();
    const auto label_count = static_cast<int64_t>(labels.size());
    for (size_t c = 0; c < customers; ++c) {
      if (values[c] < -1 || values[c] >= label_count) {
        return Fail(what + "code " + std::to_string(values[c]) + " of customer " +
                    std::to_string(c) + " is outside [-1, " + std::to_string(label_count) +
                    ") (-1 = none)");
      }
    }
    std::vector<int32_t>& written = out.AddCategorical(column, std::move(labels));
    for (size_t c = 0; c < customers; ++c) written[c] = static_cast<int32_t>(values[c]);
    return absl::OkStatus();
  }

  std::string name_;
  // Borrowed: PythonStrategies holds the reference for the whole run.
  py::handle callable_;
  PythonStrategyFailure* failure_;
};

}  // namespace

PythonStrategies::PythonStrategies(py::handle callables) {
  if (callables.is_none()) return;
  if (!py::hasattr(callables, "items")) {
    ThrowInvalidInput("'python_strategies' must be a mapping {name: callable}, got " +
                      TypeName(callables));
  }
  for (py::handle item : py::list(callables.attr("items")())) {
    py::tuple pair = py::reinterpret_borrow<py::tuple>(item);
    if (!py::isinstance<py::str>(pair[0])) {
      ThrowInvalidInput("'python_strategies' names must be str, got " + TypeName(pair[0]));
    }
    std::string name = pair[0].cast<std::string>();
    if (!PyCallable_Check(pair[1].ptr())) {
      ThrowInvalidInput("python strategy '" + name + "' is not callable (a " +
                        TypeName(pair[1]) + ")");
    }
    callables_.emplace_back(std::move(name), py::reinterpret_borrow<py::object>(pair[1]));
  }
}

absl::Status PythonStrategies::RegisterInto(StrategyRegistry& registry) {
  for (const auto& [name, callable] : callables_) {
    py::handle borrowed = callable;
    // The factory runs inside the core without the GIL: it copies only C++
    // values and the borrowed handle, never a Python reference.
    auto factory = [name = name, borrowed, failure = &failure_](
                       const StrategyParams& params) -> absl::StatusOr<std::unique_ptr<Strategy>> {
      if (!params.values().empty()) {
        return absl::InvalidArgumentError(name + ": a Python strategy takes no parameters");
      }
      return std::make_unique<PythonStrategy>(name, borrowed, failure);
    };
    absl::Status status = registry.Register(name, "Python strategy", std::move(factory));
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

void PythonStrategies::ThrowIfFailed(const absl::Status& status) {
  if (!failure_.failed) return;
  py::object cause = std::move(failure_.cause);
  failure_ = PythonStrategyFailure{};
  ThrowStrategyError(std::string(status.message()), std::move(cause));
}

}  // namespace tessera::python
