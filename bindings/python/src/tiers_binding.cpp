// TierSnapshot (saved and loaded), TierMigration and compare_tiers.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <utility>

#include "bindings.h"
#include "errors.h"
#include "python_objects.h"
#include "tessera/tier_history.h"

namespace tessera::python {
namespace {

py::array_t<int64_t> CountsMatrix(const TierMigration& migration) {
  const size_t tiers = migration.tiers.size();
  const auto side = static_cast<py::ssize_t>(tiers);
  py::array_t<int64_t> counts({side, side});
  auto cells = counts.mutable_unchecked<2>();
  for (size_t from = 0; from < tiers; ++from) {
    for (size_t to = 0; to < tiers; ++to) {
      cells(static_cast<py::ssize_t>(from), static_cast<py::ssize_t>(to)) =
          from < migration.counts.size() && to < migration.counts[from].size()
              ? migration.counts[from][to]
              : 0;
    }
  }
  return counts;
}

std::shared_ptr<TierSnapshot> LoadSnapshot(const std::string& path) {
  absl::StatusOr<TierSnapshot> snapshot;
  {
    py::gil_scoped_release release;
    snapshot = ReadTierSnapshot(path);
  }
  return std::make_shared<TierSnapshot>(ValueOrThrow(std::move(snapshot)));
}

void SaveSnapshot(const TierSnapshot& snapshot, const std::string& path) {
  absl::Status status;
  {
    py::gil_scoped_release release;
    status = WriteTierSnapshot(snapshot, path);
  }
  ThrowIfError(status);
}

TierMigration Compare(const TierSnapshot& before, const TierSnapshot& after) {
  absl::StatusOr<TierMigration> migration;
  {
    py::gil_scoped_release release;
    migration = CompareTierSnapshots(before, after);
  }
  return ValueOrThrow(std::move(migration));
}

}  // namespace

void RegisterTiers(py::module_& module) {
  py::class_<TierSnapshot, std::shared_ptr<TierSnapshot>>(
      module, "TierSnapshot", "One rule set's tiers for every customer on one as-of date.")
      .def_readonly("rule_set", &TierSnapshot::rule_set)
      .def_readonly("fingerprint", &TierSnapshot::fingerprint)
      .def_readonly("as_of_day", &TierSnapshot::as_of)
      .def_property_readonly("tiers", [](const TierSnapshot& s) { return DecodeTexts(s.tiers); })
      .def_property_readonly("keys", [](const TierSnapshot& s) { return DecodeTexts(s.keys); })
      .def_property_readonly("tier",
                             [](py::object self) {
                               const auto& s = self.cast<const TierSnapshot&>();
                               return ReadOnlyView(s.tier.data(), s.tier.size(), self);
                             })
      .def_property_readonly("held_periods",
                             [](py::object self) {
                               const auto& s = self.cast<const TierSnapshot&>();
                               return ReadOnlyView(s.held_periods.data(), s.held_periods.size(),
                                                   self);
                             })
      .def("save", &SaveSnapshot, py::arg("path"), "Writes the snapshot as a text file.")
      .def_static("load", &LoadSnapshot, py::arg("path"), "Reads what save() wrote.");

  py::class_<TierMigration>(module, "TierMigration",
                            "How customers moved between two snapshots of one rule set.")
      .def_property_readonly("tiers", [](const TierMigration& m) { return DecodeTexts(m.tiers); })
      .def_property_readonly("counts", &CountsMatrix, "counts[from, to]")
      .def_property_readonly("new_by_tier",
                             [](const TierMigration& m) { return CopyToArray(m.new_by_tier); })
      .def_property_readonly("gone_by_tier",
                             [](const TierMigration& m) { return CopyToArray(m.gone_by_tier); })
      .def_property_readonly("upgraded", [](const TierMigration& m) { return DecodeTexts(m.upgraded); })
      .def_property_readonly("downgraded",
                             [](const TierMigration& m) { return DecodeTexts(m.downgraded); })
      .def_property_readonly("unchanged",
                             [](const TierMigration& m) { return DecodeTexts(m.unchanged); })
      .def_property_readonly("added", [](const TierMigration& m) { return DecodeTexts(m.added); })
      .def_property_readonly("gone", [](const TierMigration& m) { return DecodeTexts(m.gone); })
      .def_readonly("rules_changed", &TierMigration::rules_changed)
      .def("text", [](const TierMigration& m) { return DecodeText(FormatTierMigration(m)); });

  module.def("compare_tiers", &Compare, py::arg("before"), py::arg("after"),
             "How customers moved from `before` to `after` (snapshots of one rule set).");
}

}  // namespace tessera::python
