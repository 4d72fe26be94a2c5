// tessera_tier_snapshot: taken from a result, saved, loaded and read.
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "arguments.h"
#include "errors.h"
#include "handles.h"
#include "tessera/tier_history.h"

namespace tessera::capi {
namespace {

int TakeSnapshot(tessera_tier_snapshot** out, const tessera_result* result, const char* set) {
  const char* function = "tessera_result_tier_snapshot";
  if (int rc = NotNull(function, "out", out)) return rc;
  *out = nullptr;
  if (int rc = NotNull(function, "result", result)) return rc;
  if (int rc = NotNull(function, "set", set)) return rc;
  const RuleFile* file = FileDefiningSet(result->rules, set);
  if (file == nullptr) return NoRuleSet(function, result->rules, set);
  absl::StatusOr<TierSnapshot> snapshot = MakeTierSnapshot(
      *file, set, result->dataset.state->dataset, result->run.scores, result->as_of);
  if (!snapshot.ok()) return FailWith(function, snapshot.status());
  *out = new tessera_tier_snapshot{*std::move(snapshot)};
  return TESSERA_OK;
}

int Load(tessera_tier_snapshot** out, const char* path) {
  const char* function = "tessera_tier_snapshot_load";
  if (int rc = NotNull(function, "out", out)) return rc;
  *out = nullptr;
  if (int rc = NotNull(function, "path", path)) return rc;
  absl::StatusOr<TierSnapshot> snapshot = ReadTierSnapshot(path);
  if (!snapshot.ok()) {
    // Failing to open or read the file is "cannot ..."; everything else is
    // the text, "path:line: what".
    const absl::Status& status = snapshot.status();
    const bool malformed = status.code() == absl::StatusCode::kInvalidArgument &&
                           !absl::StartsWith(status.message(), "cannot ");
    return malformed ? FailWith(TESSERA_EPARSE, function, status) : FailWith(function, status);
  }
  *out = new tessera_tier_snapshot{*std::move(snapshot)};
  return TESSERA_OK;
}

// A body reading a snapshot into one output.
template <typename T, typename Body>
int Read(const char* function, const tessera_tier_snapshot* snapshot, T* output,
         const char* output_name, T empty, Body&& body) {
  return Guard(function, [&]() -> int {
    if (int rc = NotNull(function, output_name, output)) return rc;
    *output = empty;
    if (int rc = NotNull(function, "snapshot", snapshot)) return rc;
    *output = body(snapshot->snapshot);
    return TESSERA_OK;
  });
}

}  // namespace
}  // namespace tessera::capi

extern "C" {

int tessera_result_tier_snapshot(tessera_tier_snapshot** out, const tessera_result* result,
                                 const char* set) {
  return tessera::capi::Guard("tessera_result_tier_snapshot", [&]() -> int {
    return tessera::capi::TakeSnapshot(out, result, set);
  });
}

void tessera_tier_snapshot_free(tessera_tier_snapshot* snapshot) { delete snapshot; }

int tessera_tier_snapshot_save(const tessera_tier_snapshot* snapshot, const char* path) {
  const char* function = "tessera_tier_snapshot_save";
  return tessera::capi::Guard(function, [&]() -> int {
    if (int rc = tessera::capi::NotNull(function, "snapshot", snapshot)) return rc;
    if (int rc = tessera::capi::NotNull(function, "path", path)) return rc;
    absl::Status saved = tessera::WriteTierSnapshot(snapshot->snapshot, path);
    return saved.ok() ? TESSERA_OK : tessera::capi::FailWith(function, saved);
  });
}

int tessera_tier_snapshot_load(tessera_tier_snapshot** out, const char* path) {
  return tessera::capi::Guard("tessera_tier_snapshot_load",
                              [&]() -> int { return tessera::capi::Load(out, path); });
}

int tessera_tier_snapshot_rule_set(const tessera_tier_snapshot* snapshot, const char** name) {
  return tessera::capi::Read("tessera_tier_snapshot_rule_set", snapshot, name, "name",
                             static_cast<const char*>(nullptr),
                             [](const tessera::TierSnapshot& s) { return s.rule_set.c_str(); });
}

int tessera_tier_snapshot_as_of_day(const tessera_tier_snapshot* snapshot, int64_t* day) {
  return tessera::capi::Read("tessera_tier_snapshot_as_of_day", snapshot, day, "day", int64_t{0},
                             [](const tessera::TierSnapshot& s) { return int64_t{s.as_of}; });
}

int tessera_tier_snapshot_customer_count(const tessera_tier_snapshot* snapshot, size_t* count) {
  return tessera::capi::Read("tessera_tier_snapshot_customer_count", snapshot, count, "count",
                             size_t{0},
                             [](const tessera::TierSnapshot& s) { return s.keys.size(); });
}

}  // extern "C"
