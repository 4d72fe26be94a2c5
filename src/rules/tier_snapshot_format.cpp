#include "rules/tier_snapshot_format.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "output_text.h"
#include "rules/tier_snapshot_reader.h"
#include "tessera/dates.h"

namespace tessera {
namespace rules_internal {

namespace {

constexpr char kVersionLine[] = "# tessera tier snapshot 1";
constexpr char kVersionPrefix[] = "# tessera tier snapshot ";
constexpr char kSetPrefix[] = "# rule_set: ";
constexpr char kFingerprintPrefix[] = "# fingerprint: ";
constexpr char kAsOfPrefix[] = "# as_of: ";
constexpr char kTiersPrefix[] = "# tiers: ";
constexpr char kColumnsLine[] = "customer,tier,held_periods";

bool IsFingerprint(std::string_view text) {
  if (text.size() != 16) return false;
  for (char c : text) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

// RFC 4180 leaves an empty field unquoted, but an empty tier list and a list
// of one empty label would then read the same; quoting it keeps them apart.
void AppendField(std::string_view text, std::string& out) {
  if (text.empty()) {
    out += "\"\"";
  } else {
    internal::AppendCsvField(text, ',', out);
  }
}

// Digits only, and within int32_t.
std::optional<int32_t> ParseHeld(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > std::numeric_limits<int32_t>::max()) return std::nullopt;
  return static_cast<int32_t>(value);
}

absl::Status ParseHeader(SnapshotTextReader& reader, TierSnapshot& s,
                         absl::flat_hash_map<std::string, int32_t>& tier_index) {
  std::optional<std::string_view> version = reader.NextLine();
  if (!version || *version != kVersionLine) {
    std::string_view prefix = kVersionPrefix;
    if (version && version->substr(0, prefix.size()) == prefix) {
      return reader.Error(1, absl::StrCat("snapshot format version ",
                                          ShownInMessage(version->substr(prefix.size())),
                                          " is not supported; this tessera reads version 1"));
    }
    return reader.Error(1, absl::StrCat("not a tessera tier snapshot: the first line must be '",
                                        kVersionLine, "'"));
  }
  absl::StatusOr<std::string_view> set = reader.HeaderLine(kSetPrefix);
  if (!set.ok()) return set.status();
  if (set->empty()) return reader.Error(reader.line(), "the rule set name is empty");
  s.rule_set = std::string(*set);
  absl::StatusOr<std::string_view> fingerprint = reader.HeaderLine(kFingerprintPrefix);
  if (!fingerprint.ok()) return fingerprint.status();
  if (!IsFingerprint(*fingerprint)) {
    return reader.Error(
        reader.line(),
        absl::StrCat("the fingerprint ", ShownInMessage(*fingerprint), " is not 16 hex digits"));
  }
  s.fingerprint = std::string(*fingerprint);
  absl::StatusOr<std::string_view> as_of = reader.HeaderLine(kAsOfPrefix);
  if (!as_of.ok()) return as_of.status();
  std::optional<Day> day = ParseDay(*as_of);
  if (!day || *day < kMinDay || *day > kMaxDay || FormatDay(*day) != *as_of) {
    return reader.Error(reader.line(), absl::StrCat("the as-of date ", ShownInMessage(*as_of),
                                                    " is not a date written YYYY-MM-DD"));
  }
  s.as_of = *day;
  int tiers_line = reader.line() + 1;
  if (!reader.Skip(kTiersPrefix)) {
    return reader.Error(tiers_line,
                        absl::StrCat("expected a line starting with '", kTiersPrefix, "'"));
  }
  bool blank = false;
  if (absl::Status status = reader.NextRecord(s.tiers, blank); !status.ok()) return status;
  if (blank) {
    return reader.Error(tiers_line, "the tier list is empty");
  }
  for (size_t t = 0; t < s.tiers.size(); ++t) {
    if (!tier_index.emplace(s.tiers[t], static_cast<int32_t>(t)).second) {
      return reader.Error(
          tiers_line, absl::StrCat("the tier ", ShownInMessage(s.tiers[t]), " is listed twice"));
    }
  }
  std::optional<std::string_view> columns = reader.NextLine();
  if (!columns || *columns != kColumnsLine) {
    return reader.Error(reader.line() + (columns ? 0 : 1),
                        absl::StrCat("expected the column line '", kColumnsLine, "'"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string ShownInMessage(std::string_view text) {
  return absl::StrCat("'", absl::CHexEscape(internal::ToAbsl(text)), "'");
}

absl::Status CheckSnapshotWritable(const TierSnapshot& s) {
  if (s.rule_set.empty() || s.rule_set.find_first_of("\r\n") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("the rule set name ", ShownInMessage(s.rule_set), " is empty or spans lines"));
  }
  if (!IsFingerprint(s.fingerprint)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the fingerprint ", ShownInMessage(s.fingerprint), " is not 16 hex digits"));
  }
  if (s.as_of < kMinDay || s.as_of > kMaxDay) {
    return absl::InvalidArgumentError("the as-of date is missing or out of range");
  }
  if (s.tiers.empty()) return absl::InvalidArgumentError("the snapshot has no tiers");
  absl::flat_hash_map<absl::string_view, int> tier_seen;
  for (const std::string& label : s.tiers) {
    if (!tier_seen.emplace(label, 0).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("the tier ", ShownInMessage(label), " is listed twice"));
    }
  }
  if (s.tier.size() != s.keys.size() || s.held_periods.size() != s.keys.size()) {
    return absl::InvalidArgumentError(absl::StrCat("the snapshot has ", s.keys.size(), " keys but ",
                                                   s.tier.size(), " tiers and ",
                                                   s.held_periods.size(), " held periods"));
  }
  absl::flat_hash_map<absl::string_view, int> key_seen;
  key_seen.reserve(s.keys.size());
  for (size_t i = 0; i < s.keys.size(); ++i) {
    if (s.tier[i] < 0 || static_cast<size_t>(s.tier[i]) >= s.tiers.size() ||
        s.held_periods[i] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("customer ", ShownInMessage(s.keys[i]), " has tier ", s.tier[i],
                       " and held periods ", s.held_periods[i], "; the tier must index the ",
                       s.tiers.size(), " tiers and held periods cannot be negative"));
    }
    if (!key_seen.emplace(s.keys[i], 0).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("customer ", ShownInMessage(s.keys[i]), " appears twice"));
    }
  }
  return absl::OkStatus();
}

std::string FormatTierSnapshotText(const TierSnapshot& s) {
  std::string out =
      absl::StrCat(kVersionLine, "\n", kSetPrefix, s.rule_set, "\n", kFingerprintPrefix,
                   s.fingerprint, "\n", kAsOfPrefix, FormatDay(s.as_of), "\n", kTiersPrefix);
  std::vector<std::string> encoded(s.tiers.size());
  for (size_t t = 0; t < s.tiers.size(); ++t) {
    AppendField(s.tiers[t], encoded[t]);
    if (t > 0) out.push_back(',');
    out += encoded[t];
  }
  absl::StrAppend(&out, "\n", kColumnsLine, "\n");
  for (size_t i = 0; i < s.keys.size(); ++i) {
    AppendField(s.keys[i], out);
    out.push_back(',');
    out += encoded[static_cast<size_t>(s.tier[i])];
    out.push_back(',');
    internal::AppendInteger(s.held_periods[i], out);
    out.push_back('\n');
  }
  return out;
}

absl::StatusOr<TierSnapshot> ParseTierSnapshotText(const std::string& path, std::string_view text) {
  SnapshotTextReader reader(path, text);
  TierSnapshot s;
  absl::flat_hash_map<std::string, int32_t> tier_index;
  if (absl::Status status = ParseHeader(reader, s, tier_index); !status.ok()) return status;

  absl::flat_hash_map<std::string, int> key_line;
  std::vector<std::string> fields;
  while (!reader.AtEnd()) {
    int line = reader.line() + 1;
    bool blank = false;
    if (absl::Status status = reader.NextRecord(fields, blank); !status.ok()) return status;
    if (blank) return reader.Error(line, "the line is empty");
    if (fields.size() != 3) {
      return reader.Error(
          line, absl::StrCat("expected 3 fields (", kColumnsLine, "), found ", fields.size()));
    }
    auto tier = tier_index.find(fields[1]);
    if (tier == tier_index.end()) {
      return reader.Error(line, absl::StrCat("the tier ", ShownInMessage(fields[1]),
                                             " is not in the '# tiers:' list"));
    }
    std::optional<int32_t> held = ParseHeld(fields[2]);
    if (!held) {
      return reader.Error(line, absl::StrCat("held_periods ", ShownInMessage(fields[2]),
                                             " is not a non-negative integer"));
    }
    auto [first, inserted] = key_line.emplace(fields[0], line);
    if (!inserted) {
      return reader.Error(line, absl::StrCat("customer ", ShownInMessage(fields[0]),
                                             " appears twice (first on line ", first->second, ")"));
    }
    s.keys.push_back(std::move(fields[0]));
    s.tier.push_back(tier->second);
    s.held_periods.push_back(*held);
  }
  return s;
}

}  // namespace rules_internal
}  // namespace tessera
