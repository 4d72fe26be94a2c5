// Result: features and scores as read-only numpy views of the run's own
// columns (or handed over whole by take_columns), explanations, tier
// snapshots and segment summaries.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <utility>

#include "bindings.h"
#include "errors.h"
#include "python_objects.h"
#include "result_state.h"
#include "tessera/output.h"
#include "tessera/tier_history.h"

namespace tessera::python {
namespace {

// A score column as Python sees it; the arrays are views whose base is the
// Result, so they outlive the Result object the caller may drop.
struct ScoreColumnView {
  std::string name;
  std::string kind;
  py::object values = py::none();
  py::object codes = py::none();
  py::object labels = py::none();
};

ScoreColumnView ViewOf(const ScoreColumn& column, py::handle result) {
  ScoreColumnView view;
  view.name = column.name;
  if (column.kind == ScoreColumn::Kind::kNumeric) {
    view.kind = "numeric";
    view.values = ReadOnlyView(column.numeric.data(), column.numeric.size(), result);
  } else {
    view.kind = "categorical";
    view.codes = ReadOnlyView(column.codes.data(), column.codes.size(), result);
    view.labels = DecodeTexts(column.labels);
  }
  return view;
}

ResultState& StateOf(py::handle result) { return result.cast<ResultState&>(); }

// The state of a result whose columns may be read, or the error saying why
// they may not.
const ResultState& WithColumns(const ResultState& state) {
  if (state.columns_taken) {
    ThrowInvalidInput(
        "this result's columns were handed over by take_columns(): use the arrays it "
        "returned, or run again");
  }
  return state;
}

// The same, for calls that hand out views into the columns.
const ResultState& ForViews(py::handle result) {
  ResultState& state = StateOf(result);
  WithColumns(state);
  state.columns_viewed = true;
  return state;
}

// Counts a call reading the columns while the GIL is released; made and
// destroyed with the GIL held, like every other access to the state.
class ReadingWithoutGil {
 public:
  explicit ReadingWithoutGil(ResultState& state) : state_(state) { ++state_.readers_without_gil; }
  ~ReadingWithoutGil() { --state_.readers_without_gil; }
  ReadingWithoutGil(const ReadingWithoutGil&) = delete;
  ReadingWithoutGil& operator=(const ReadingWithoutGil&) = delete;

 private:
  ResultState& state_;
};

// FeatureTable and ScoreTable give their columns out as const only. The
// tables inside a ResultState are not const objects, so casting the const
// away to move a column out is well defined; WithColumns keeps every later
// reader away from the moved-from vector.
template <typename T>
std::vector<T>& Releasable(const std::vector<T>& column) {
  return const_cast<std::vector<T>&>(column);
}

// A writable array that owns `column`'s buffer, moved out of the result
// without a copy: a capsule holding the vector is the array's base.
template <typename T>
py::array TakeColumn(const std::vector<T>& column, ResultState& state) {
  using Owner = std::shared_ptr<std::vector<T>>;
  // Everything that can throw happens before the move or keeps the buffer
  // alive: a view handed out earlier must never be left pointing at a
  // freed buffer.
  Owner owned = std::make_shared<std::vector<T>>();
  if (state.columns_viewed) state.buffers_kept_for_views.push_back(owned);
  *owned = std::move(Releasable(column));
  auto holder = std::make_unique<Owner>(owned);
  py::capsule base(holder.get(), [](void* pointer) { delete static_cast<Owner*>(pointer); });
  holder.release();
  return py::array(py::dtype::of<T>(), {static_cast<py::ssize_t>(owned->size())}, {},
                   owned->data(), base);
}

py::dict TakeColumns(py::object self) {
  ResultState& state = StateOf(self);
  WithColumns(state);
  if (state.readers_without_gil > 0) {
    ThrowInvalidInput(
        "take_columns(): another thread is reading this result's columns (explain); call it "
        "once that returns");
  }
  // Marked first, so that a failure half way leaves a result that refuses
  // every read rather than one with some columns gone.
  state.columns_taken = true;
  py::dict columns;
  for (const FeatureTable::Entry& entry : state.run.features.columns()) {
    columns[DecodeText(entry.name)] = TakeColumn(entry.values, state);
  }
  for (const ScoreColumn& column : state.run.scores.columns()) {
    if (column.kind == ScoreColumn::Kind::kNumeric) {
      columns[DecodeText(column.name)] = TakeColumn(column.numeric, state);
    } else {
      columns[DecodeText(column.name)] =
          py::make_tuple(TakeColumn(column.codes, state), DecodeTexts(column.labels));
    }
  }
  return columns;
}

std::string JoinedNames(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined.empty() ? "none" : joined;
}

std::vector<std::string> RuleSetNames(const ResultState& state) {
  std::vector<std::string> names;
  for (const RuleFile& file : state.rules) {
    for (const RuleFile::RuleSetInfo& set : file.sets()) names.push_back(set.name);
  }
  return names;
}

const RuleFile& FileWithSet(const ResultState& state, std::string_view set) {
  for (const RuleFile& file : state.rules) {
    if (file.FindSet(set) != nullptr) return file;
  }
  ThrowNotFound("no rule set '" + std::string(set) + "' in this result (rule sets: " +
                JoinedNames(RuleSetNames(state)) + ")");
}

py::list ScoreColumns(py::object self) {
  py::list columns;
  for (const ScoreColumn& column : ForViews(self).run.scores.columns()) {
    columns.append(py::cast(ViewOf(column, self)));
  }
  return columns;
}

ScoreColumnView Score(py::object self, std::string_view name) {
  const ScoreTable& scores = ForViews(self).run.scores;
  if (const ScoreColumn* column = scores.Find(name)) return ViewOf(*column, self);
  std::vector<std::string> names;
  for (const ScoreColumn& column : scores.columns()) names.push_back(column.name);
  ThrowNotFound("no score column '" + std::string(name) + "' (columns: " + JoinedNames(names) +
                ")");
}

py::str Explain(ResultState& state, std::string_view set, int64_t customer) {
  WithColumns(state);
  const RuleFile& file = FileWithSet(state, set);
  if (customer < 0 || static_cast<uint64_t>(customer) >= state.dataset->customer_count()) {
    ThrowInvalidInput("customer index " + std::to_string(customer) + " is out of range (" +
                      std::to_string(state.dataset->customer_count()) + " customers)");
  }
  absl::StatusOr<std::string> text;
  {
    ReadingWithoutGil reading(state);
    py::gil_scoped_release release;
    text = ExplainTier(file, set, RuleInputs{*state.dataset, state.run.features}, state.run.scores,
                       static_cast<uint32_t>(customer));
  }
  return DecodeText(ValueOrThrow(std::move(text)));
}

std::shared_ptr<TierSnapshot> Snapshot(const ResultState& state, std::string_view set) {
  WithColumns(state);
  const RuleFile& file = FileWithSet(state, set);
  return std::make_shared<TierSnapshot>(
      ValueOrThrow(MakeTierSnapshot(file, set, *state.dataset, state.run.scores, state.as_of)));
}

std::vector<SegmentSummaryRow> Summary(const ResultState& state, std::string_view column) {
  SegmentSummary summary =
      ValueOrThrow(SummarizeSegments(*WithColumns(state).dataset, state.run, column));
  summary.rows.push_back(std::move(summary.total));
  return std::move(summary.rows);
}

}  // namespace

void RegisterResult(py::module_& module) {
  py::class_<ScoreColumnView>(module, "ScoreColumn", "A strategy's or rule set's output column.")
      .def_readonly("name", &ScoreColumnView::name)
      .def_readonly("kind", &ScoreColumnView::kind, "\"numeric\" or \"categorical\"")
      .def_readonly("values", &ScoreColumnView::values, "numeric: a read-only view")
      .def_readonly("codes", &ScoreColumnView::codes,
                    "categorical: a read-only view of int32 codes, -1 = none")
      .def_readonly("labels", &ScoreColumnView::labels, "categorical: in the column's order")
      .def("__repr__", [](const ScoreColumnView& c) {
        return "<tessera._core.ScoreColumn '" + c.name + "' (" + c.kind + ")>";
      });

  py::class_<SegmentSummaryRow>(module, "SegmentSummaryRow",
                                "Customers and their value in one segment.")
      .def_property_readonly("segment",
                             [](const SegmentSummaryRow& r) { return DecodeText(r.segment); })
      .def_readonly("customers", &SegmentSummaryRow::customers)
      .def_readonly("share", &SegmentSummaryRow::share)
      .def_readonly("revenue", &SegmentSummaryRow::revenue)
      .def_readonly("mean_recency", &SegmentSummaryRow::mean_recency)
      .def_readonly("mean_frequency", &SegmentSummaryRow::mean_frequency)
      .def_readonly("mean_monetary", &SegmentSummaryRow::mean_monetary);

  py::class_<ResultState, std::shared_ptr<ResultState>>(
      module, "Result", "One run's features, scores and tiers, one row per customer.")
      .def_property_readonly("dataset", [](const ResultState& s) { return s.dataset; })
      .def_property_readonly("customer_count",
                             [](const ResultState& s) { return s.dataset->customer_count(); })
      .def_readonly("as_of_day", &ResultState::as_of)
      .def_property_readonly("warnings",
                             [](const ResultState& s) { return DecodeTexts(s.run.warnings); })
      .def("feature_names", [](const ResultState& s) { return s.run.features.names(); })
      .def(
          "feature",
          [](py::object self, std::string_view name) {
            const std::vector<double>* values = ValueOrThrow(ForViews(self).run.features.Get(name));
            return ReadOnlyView(values->data(), values->size(), self);
          },
          py::arg("name"), "Read-only view sharing the result's memory (no copy).")
      .def("score_columns", &ScoreColumns)
      .def("score", &Score, py::arg("name"))
      .def("rule_set_names", &RuleSetNames)
      .def("explain", &Explain, py::arg("rule_set"), py::arg("customer"),
           "Why dense customer index `customer` has its tier in `rule_set`.")
      .def("tier_snapshot", &Snapshot, py::arg("rule_set"))
      .def("segment_summary", &Summary, py::arg("column"),
           "Rows in label order, then the total row (segment \"total\") last.")
      .def("categorical_column_names",
           [](const ResultState& s) { return CategoricalColumnNames(*s.dataset, s.run); })
      .def("take_columns", &TakeColumns,
           "Moves every feature and score column out into writable arrays that own them "
           "(no copy): {name: float64 array or (int32 codes, labels)}. The result keeps "
           "its dataset and names; every later read of its columns raises.");
}

}  // namespace tessera::python
