// Tier snapshots: taken from a rule set's score columns, and saved to and
// read back from a small text file whose format is in
// tier_snapshot_format.h.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "csv_file.h"
#include "rules/tier_snapshot_format.h"
#include "tessera/tier_history.h"

namespace tessera {
namespace {

using rules_internal::ShownInMessage;

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
      return absl::InvalidArgumentError(absl::StrCat("customer ", ShownInMessage(snapshot.keys[c]),
                                                     " has no tier in column '", info->name, "'"));
    }
    if (held == nullptr) continue;
    double periods = held->numeric[c];
    if (!(periods >= 0 && periods <= std::numeric_limits<int32_t>::max()) ||
        std::floor(periods) != periods) {
      return absl::InvalidArgumentError(absl::StrCat("customer ", ShownInMessage(snapshot.keys[c]),
                                                     " has ", periods, " in column '", held_name,
                                                     "', which is not a count of periods"));
    }
    snapshot.held_periods[c] = static_cast<int32_t>(periods);
  }
  return snapshot;
}

absl::Status WriteTierSnapshot(const TierSnapshot& snapshot, const std::string& path) {
  if (absl::Status valid = rules_internal::CheckSnapshotWritable(snapshot); !valid.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot write the tier snapshot to '", path, "': ", valid.message()));
  }
  return WriteAtomically(rules_internal::FormatTierSnapshotText(snapshot), path);
}

absl::StatusOr<TierSnapshot> ReadTierSnapshot(const std::string& path) {
  absl::StatusOr<internal::FileBytes> file = internal::FileBytes::Open(path);
  if (!file.ok()) return file.status();
  return rules_internal::ParseTierSnapshotText(path, file->text());
}

}  // namespace tessera
