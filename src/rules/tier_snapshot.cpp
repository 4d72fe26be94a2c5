// Tier snapshots: taken from a rule set's score columns, and saved to and
// read back from a small text file (a commented header, then CSV).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl_compat.h"
#include "csv_file.h"
#include "output_text.h"
#include "tessera/dates.h"
#include "tessera/tier_history.h"

namespace tessera {
namespace {

constexpr char kVersionLine[] = "# tessera tier snapshot 1";
constexpr char kVersionPrefix[] = "# tessera tier snapshot ";
constexpr char kSetPrefix[] = "# rule_set: ";
constexpr char kFingerprintPrefix[] = "# fingerprint: ";
constexpr char kAsOfPrefix[] = "# as_of: ";
constexpr char kTiersPrefix[] = "# tiers: ";
constexpr char kColumnsLine[] = "customer,tier,held_periods";

// Keys and labels in messages, on one line whatever bytes they hold.
std::string Shown(std::string_view text) {
  return absl::StrCat("'", absl::CHexEscape(internal::ToAbsl(text)), "'");
}

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

// Everything ReadTierSnapshot checks, so that what is written reads back.
absl::Status CheckWritable(const TierSnapshot& s) {
  if (s.rule_set.empty() || s.rule_set.find_first_of("\r\n") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("the rule set name ", Shown(s.rule_set), " is empty or spans lines"));
  }
  if (!IsFingerprint(s.fingerprint)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the fingerprint ", Shown(s.fingerprint), " is not 16 hex digits"));
  }
  if (s.as_of < kMinDay || s.as_of > kMaxDay) {
    return absl::InvalidArgumentError("the as-of date is missing or out of range");
  }
  if (s.tiers.empty()) return absl::InvalidArgumentError("the snapshot has no tiers");
  absl::flat_hash_map<absl::string_view, int> tier_seen;
  for (const std::string& label : s.tiers) {
    if (!tier_seen.emplace(label, 0).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("the tier ", Shown(label), " is listed twice"));
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
          absl::StrCat("customer ", Shown(s.keys[i]), " has tier ", s.tier[i], " and held periods ",
                       s.held_periods[i], "; the tier must index the ", s.tiers.size(),
                       " tiers and held periods cannot be negative"));
    }
    if (!key_seen.emplace(s.keys[i], 0).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("customer ", Shown(s.keys[i]), " appears twice"));
    }
  }
  return absl::OkStatus();
}

std::string SnapshotText(const TierSnapshot& s) {
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

absl::Status WriteError(const std::string& path, const char* what, int error) {
  return absl::ErrnoToStatus(error, absl::StrCat("cannot ", what, " '", path, "'"));
}

// Writes the whole text to `path`.tmp, syncs it and renames it over `path`,
// so readers see the old snapshot or the new one, never part of one.
absl::Status WriteAtomically(const std::string& text, const std::string& path) {
  std::string temporary = path + ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return WriteError(temporary, "create", errno);
  auto fail = [&](const char* what, int error) {
    ::close(fd);
    ::unlink(temporary.c_str());
    return WriteError(temporary, what, error);
  };
  size_t done = 0;
  while (done < text.size()) {
    ssize_t wrote = ::write(fd, text.data() + done, text.size() - done);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      return fail("write", errno);
    }
    done += static_cast<size_t>(wrote);
  }
  if (::fsync(fd) != 0) return fail("sync", errno);
  if (::close(fd) != 0) {
    int error = errno;
    ::unlink(temporary.c_str());
    return WriteError(temporary, "close", error);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(temporary.c_str());
    return WriteError(path, "replace", error);
  }
  return absl::OkStatus();
}

// Walks the file line by line and record by record, keeping the line
// number for messages.
class SnapshotParser {
 public:
  SnapshotParser(const std::string& path, std::string_view text) : path_(path), text_(text) {}

  int line() const { return line_; }
  bool AtEnd() const { return pos_ >= text_.size(); }

  absl::Status Error(int line, std::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(path_, ":", line, ": ", internal::ToAbsl(what)));
  }

  // The next line without its line ending, or nullopt at the end.
  std::optional<std::string_view> NextLine() {
    if (AtEnd()) return std::nullopt;
    size_t newline = text_.find('\n', pos_);
    size_t end = newline == std::string_view::npos ? text_.size() : newline;
    std::string_view line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = newline == std::string_view::npos ? text_.size() : newline + 1;
    ++line_;
    return line;
  }

  // A header line that must start with `prefix`; returns the rest.
  absl::StatusOr<std::string_view> HeaderLine(std::string_view prefix) {
    int at = line_ + 1;
    std::optional<std::string_view> line = NextLine();
    if (!line || line->substr(0, prefix.size()) != prefix) {
      return Error(at,
                   absl::StrCat("expected a line starting with '", internal::ToAbsl(prefix), "'"));
    }
    return line->substr(prefix.size());
  }

  // Skips `prefix` when the text at the current position starts with it.
  bool Skip(std::string_view prefix) {
    if (text_.substr(pos_, prefix.size()) != prefix) return false;
    pos_ += prefix.size();
    return true;
  }

  // One RFC 4180 record from the current position; quoted fields may span
  // lines. `blank` tells an empty line from a record of one quoted "".
  absl::Status NextRecord(std::vector<std::string>& fields, bool& blank) {
    fields.clear();
    int start = line_ + 1;
    size_t record_start = pos_;
    for (;;) {
      std::string& field = fields.emplace_back();
      if (pos_ < text_.size() && text_[pos_] == '"') {
        for (++pos_;;) {
          size_t quote = text_.find('"', pos_);
          if (quote == std::string_view::npos) {
            return Error(start, "a quoted field is never closed");
          }
          std::string_view part = text_.substr(pos_, quote - pos_);
          for (char c : part) line_ += c == '\n';
          field.append(part.data(), part.size());
          pos_ = quote + 1;
          if (pos_ >= text_.size() || text_[pos_] != '"') break;
          field.push_back('"');
          ++pos_;
        }
      } else {
        size_t stop = std::min(text_.find_first_of(",\"\r\n", pos_), text_.size());
        if (stop < text_.size() && text_[stop] == '"') {
          return Error(start,
                       "a quote inside an unquoted field; quote the field and double the quote");
        }
        field.assign(text_.data() + pos_, stop - pos_);
        pos_ = stop;
      }
      blank = fields.size() == 1 && pos_ == record_start;
      if (AtEnd()) break;
      char c = text_[pos_];
      if (c == ',') {
        ++pos_;
        continue;
      }
      if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
      if (text_[pos_] != '\n') return Error(start, "unexpected text after a field");
      ++pos_;
      break;
    }
    ++line_;
    return absl::OkStatus();
  }

 private:
  const std::string& path_;
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 0;  // lines consumed so far
};

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

absl::Status ParseHeader(SnapshotParser& p, TierSnapshot& s,
                         absl::flat_hash_map<std::string, int32_t>& tier_index) {
  std::optional<std::string_view> version = p.NextLine();
  if (!version || *version != kVersionLine) {
    std::string_view prefix = kVersionPrefix;
    if (version && version->substr(0, prefix.size()) == prefix) {
      return p.Error(1,
                     absl::StrCat("snapshot format version ", Shown(version->substr(prefix.size())),
                                  " is not supported; this tessera reads version 1"));
    }
    return p.Error(1, absl::StrCat("not a tessera tier snapshot: the first line must be '",
                                   kVersionLine, "'"));
  }
  absl::StatusOr<std::string_view> set = p.HeaderLine(kSetPrefix);
  if (!set.ok()) return set.status();
  if (set->empty()) return p.Error(p.line(), "the rule set name is empty");
  s.rule_set = std::string(*set);
  absl::StatusOr<std::string_view> fingerprint = p.HeaderLine(kFingerprintPrefix);
  if (!fingerprint.ok()) return fingerprint.status();
  if (!IsFingerprint(*fingerprint)) {
    return p.Error(p.line(),
                   absl::StrCat("the fingerprint ", Shown(*fingerprint), " is not 16 hex digits"));
  }
  s.fingerprint = std::string(*fingerprint);
  absl::StatusOr<std::string_view> as_of = p.HeaderLine(kAsOfPrefix);
  if (!as_of.ok()) return as_of.status();
  std::optional<Day> day = ParseDay(*as_of);
  if (!day || *day < kMinDay || *day > kMaxDay || FormatDay(*day) != *as_of) {
    return p.Error(p.line(), absl::StrCat("the as-of date ", Shown(*as_of),
                                          " is not a date written YYYY-MM-DD"));
  }
  s.as_of = *day;
  int tiers_line = p.line() + 1;
  if (!p.Skip(kTiersPrefix)) {
    return p.Error(tiers_line, absl::StrCat("expected a line starting with '", kTiersPrefix, "'"));
  }
  bool blank = false;
  if (absl::Status status = p.NextRecord(s.tiers, blank); !status.ok()) return status;
  if (blank) {
    return p.Error(tiers_line, "the tier list is empty");
  }
  for (size_t t = 0; t < s.tiers.size(); ++t) {
    if (!tier_index.emplace(s.tiers[t], static_cast<int32_t>(t)).second) {
      return p.Error(tiers_line, absl::StrCat("the tier ", Shown(s.tiers[t]), " is listed twice"));
    }
  }
  std::optional<std::string_view> columns = p.NextLine();
  if (!columns || *columns != kColumnsLine) {
    return p.Error(p.line() + (columns ? 0 : 1),
                   absl::StrCat("expected the column line '", kColumnsLine, "'"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TierSnapshot> MakeTierSnapshot(const RuleFile& file, std::string_view set,
                                              const Dataset& dataset, const ScoreTable& scores,
                                              Day as_of) {
  const RuleFile::RuleSetInfo* info = file.FindSet(set);
  if (info == nullptr) {
    std::vector<std::string> names;
    for (const RuleFile::RuleSetInfo& known : file.sets()) names.push_back(known.name);
    return absl::NotFoundError(absl::StrCat("the rule file has no rule set '", std::string(set),
                                            "'; its sets are: ", absl::StrJoin(names, ", ")));
  }
  size_t customers = dataset.customer_count();
  if (scores.customer_count() != customers) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the scores are for ", scores.customer_count(), " customers but the dataset has ",
        customers, "; take the snapshot with the dataset the rules ran on"));
  }
  if (as_of < kMinDay || as_of > kMaxDay) {
    return absl::InvalidArgumentError("a tier snapshot needs an as-of date");
  }
  const ScoreColumn* column = scores.Find(set);
  if (column == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("the scores have no column '", info->name,
                     "'; apply the rule file before taking a snapshot of its tiers"));
  }
  if (column->kind != ScoreColumn::Kind::kCategorical || column->codes.size() != customers ||
      column->labels != info->tiers) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the column '", info->name, "' is not the tier column of the rule set (tiers ",
        absl::StrJoin(info->tiers, ", "), "); it has the labels ",
        absl::StrJoin(column->labels, ", "), ". Were the scores made by another rule file?"));
  }
  std::string held_name = absl::StrCat(info->name, ".held");
  const ScoreColumn* held = scores.Find(held_name);
  if (held != nullptr &&
      (held->kind != ScoreColumn::Kind::kNumeric || held->numeric.size() != customers)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the column '", held_name, "' is not a numeric column of every customer"));
  }
  TierSnapshot snapshot{info->name, info->fingerprint, as_of, info->tiers, {}, {}, {}};
  snapshot.keys.reserve(customers);
  snapshot.tier.assign(column->codes.begin(), column->codes.end());
  snapshot.held_periods.assign(customers, 0);
  for (size_t c = 0; c < customers; ++c) {
    snapshot.keys.push_back(dataset.customers.KeyString(static_cast<uint32_t>(c)));
    int32_t code = column->codes[c];
    if (code < 0 || static_cast<size_t>(code) >= info->tiers.size()) {
      return absl::InvalidArgumentError(absl::StrCat("customer ", Shown(snapshot.keys[c]),
                                                     " has no tier in column '", info->name, "'"));
    }
    if (held == nullptr) continue;
    double periods = held->numeric[c];
    if (!(periods >= 0 && periods <= std::numeric_limits<int32_t>::max()) ||
        std::floor(periods) != periods) {
      return absl::InvalidArgumentError(absl::StrCat("customer ", Shown(snapshot.keys[c]), " has ",
                                                     periods, " in column '", held_name,
                                                     "', which is not a count of periods"));
    }
    snapshot.held_periods[c] = static_cast<int32_t>(periods);
  }
  return snapshot;
}

absl::Status WriteTierSnapshot(const TierSnapshot& snapshot, const std::string& path) {
  if (absl::Status valid = CheckWritable(snapshot); !valid.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot write the tier snapshot to '", path, "': ", valid.message()));
  }
  return WriteAtomically(SnapshotText(snapshot), path);
}

absl::StatusOr<TierSnapshot> ReadTierSnapshot(const std::string& path) {
  absl::StatusOr<internal::FileBytes> file = internal::FileBytes::Open(path);
  if (!file.ok()) return file.status();
  SnapshotParser parser(path, file->text());
  TierSnapshot s;
  absl::flat_hash_map<std::string, int32_t> tier_index;
  if (absl::Status status = ParseHeader(parser, s, tier_index); !status.ok()) return status;

  absl::flat_hash_map<std::string, int> key_line;
  std::vector<std::string> fields;
  while (!parser.AtEnd()) {
    int line = parser.line() + 1;
    bool blank = false;
    if (absl::Status status = parser.NextRecord(fields, blank); !status.ok()) return status;
    if (blank) return parser.Error(line, "the line is empty");
    if (fields.size() != 3) {
      return parser.Error(
          line, absl::StrCat("expected 3 fields (", kColumnsLine, "), found ", fields.size()));
    }
    auto tier = tier_index.find(fields[1]);
    if (tier == tier_index.end()) {
      return parser.Error(
          line, absl::StrCat("the tier ", Shown(fields[1]), " is not in the '# tiers:' list"));
    }
    std::optional<int32_t> held = ParseHeld(fields[2]);
    if (!held) {
      return parser.Error(
          line, absl::StrCat("held_periods ", Shown(fields[2]), " is not a non-negative integer"));
    }
    auto [first, inserted] = key_line.emplace(fields[0], line);
    if (!inserted) {
      return parser.Error(line, absl::StrCat("customer ", Shown(fields[0]),
                                             " appears twice (first on line ", first->second, ")"));
    }
    s.keys.push_back(std::move(fields[0]));
    s.tier.push_back(tier->second);
    s.held_periods.push_back(*held);
  }
  return s;
}

}  // namespace tessera
