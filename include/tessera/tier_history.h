// Tiers over time: a rule set's assignment saved as a snapshot, loaded back
// for the next period, compared with another, and used to delay demotions.
#ifndef TESSERA_TIER_HISTORY_H_
#define TESSERA_TIER_HISTORY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tessera/dataset.h"
#include "tessera/rules.h"
#include "tessera/scores.h"

namespace tessera {

// One rule set's tiers for every customer on one as-of date.
struct TierSnapshot {
  std::string rule_set;
  std::string fingerprint;          // RuleFile::RuleSetInfo::fingerprint
  Day as_of = kNoDay;
  std::vector<std::string> tiers;   // labels, best first (RuleSetInfo::tiers)
  std::vector<std::string> keys;    // customer keys as text, one per customer
  std::vector<int32_t> tier;        // per customer: index into `tiers`
  // Per customer: consecutive periods it has failed the rule of the tier it
  // keeps (`demote after N periods`); 0 when it meets its tier's rule.
  std::vector<int32_t> held_periods;
};

// The snapshot of `set` after ApplyRules filled `scores` for `dataset`.
absl::StatusOr<TierSnapshot> MakeTierSnapshot(const RuleFile& file,
                                              std::string_view set,
                                              const Dataset& dataset,
                                              const ScoreTable& scores,
                                              Day as_of);

// A text file: a commented header with the set, fingerprint and as-of date,
// then one CSV line per customer (key, tier, held periods). Keys and tiers
// are quoted as RFC 4180 requires, so any key or tier name round-trips.
absl::Status WriteTierSnapshot(const TierSnapshot& snapshot,
                               const std::string& path);
// Reads what WriteTierSnapshot wrote. A malformed file is InvalidArgument
// naming the line and what was wrong; a duplicate key is an error.
absl::StatusOr<TierSnapshot> ReadTierSnapshot(const std::string& path);

// How customers moved between two snapshots of one rule set. Tiers are ranked
// by their order in the rule set (best first); an upgrade moves to a better
// tier. kUnassignedTier ranks last.
struct TierMigration {
  // Row and column labels: the union of both snapshots' tiers (the later
  // snapshot's order, then tiers only the earlier one had).
  std::vector<std::string> tiers;
  // counts[from][to], customers in both snapshots.
  std::vector<std::vector<int64_t>> counts;
  // Per tier of `tiers`: customers new in the later snapshot, and customers
  // of the earlier one absent from the later.
  std::vector<int64_t> new_by_tier;
  std::vector<int64_t> gone_by_tier;
  // Customer keys, in the later snapshot's order (gone: the earlier's).
  std::vector<std::string> upgraded, downgraded, unchanged, added, gone;
  // Set when the two fingerprints differ: the rules changed between runs,
  // so moves mix customer behaviour with rule edits.
  bool rules_changed = false;
};
absl::StatusOr<TierMigration> CompareTierSnapshots(const TierSnapshot& before,
                                                   const TierSnapshot& after);

// The migration matrix as an aligned text table with totals, for people.
std::string FormatTierMigration(const TierMigration& migration);

}  // namespace tessera

#endif  // TESSERA_TIER_HISTORY_H_
