// tessera_tier_snapshot: taken from a result, saved, loaded and read.
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "arguments.h"
#include "errors.h"
#include "getter.h"
#include "handles.h"
#include "tessera/tier_history.h"
#include "utf8.h"

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

// The core reads a snapshot file as bytes, but the rule set and tier names
// come back to the host as C strings, which are UTF-8 and end at their first
// NUL. (Keys never come back, and a key that is not UTF-8 matches no
// customer, so they are left as they are.)
int NamesAreText(const char* function, const char* path, const TierSnapshot& snapshot) {
  auto text = [](const std::string& name) {
    return name.find('\0') == std::string::npos && internal::IsValidUtf8(name);
  };
  std::string bad;
  if (!text(snapshot.rule_set)) {
    bad = "the rule set name";
  } else {
    for (size_t t = 0; t < snapshot.tiers.size() && bad.empty(); ++t) {
      if (!text(snapshot.tiers[t])) bad = absl::StrCat("tier ", t + 1, " of the '# tiers:' line");
    }
  }
  if (bad.empty()) return TESSERA_OK;
  return Fail(TESSERA_EPARSE, function,
              absl::StrCat(path, ": ", bad, " is not UTF-8 text without NUL bytes"));
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
  if (int rc = NamesAreText(function, path, *snapshot)) return rc;
  *out = new tessera_tier_snapshot{*std::move(snapshot)};
  return TESSERA_OK;
}

}  // namespace
}  // namespace tessera::capi

using tessera::capi::Get;

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
  return Get("tessera_tier_snapshot_rule_set", snapshot, "snapshot", name, "name",
             static_cast<const char*>(nullptr),
             [](const tessera_tier_snapshot& s, const char*& out) -> int {
               out = s.snapshot.rule_set.c_str();
               return TESSERA_OK;
             });
}

int tessera_tier_snapshot_as_of_day(const tessera_tier_snapshot* snapshot, int64_t* day) {
  return Get("tessera_tier_snapshot_as_of_day", snapshot, "snapshot", day, "day", int64_t{0},
             [](const tessera_tier_snapshot& s, int64_t& out) -> int {
               out = s.snapshot.as_of;
               return TESSERA_OK;
             });
}

int tessera_tier_snapshot_customer_count(const tessera_tier_snapshot* snapshot, size_t* count) {
  return Get("tessera_tier_snapshot_customer_count", snapshot, "snapshot", count, "count",
             size_t{0}, [](const tessera_tier_snapshot& s, size_t& out) -> int {
               out = s.snapshot.keys.size();
               return TESSERA_OK;
             });
}

}  // extern "C"
