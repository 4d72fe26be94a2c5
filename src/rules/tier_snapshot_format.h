// The text of a tier snapshot file: a commented header (format version,
// rule set, fingerprint, as-of date, tier list), then a column line and one
// CSV record per customer. Kept apart from the file I/O in tier_snapshot.cpp
// so that the format can be read and changed in one place.
#ifndef TESSERA_RULES_TIER_SNAPSHOT_FORMAT_H_
#define TESSERA_RULES_TIER_SNAPSHOT_FORMAT_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tessera/tier_history.h"

namespace tessera {
namespace rules_internal {

// A key or label as a message shows it: quoted and C-escaped, so that it
// stays on one line whatever bytes it holds.
std::string ShownInMessage(std::string_view text);

// Everything ParseTierSnapshotText checks, so that what is written reads
// back. InvalidArgument saying what is wrong, without a location.
absl::Status CheckSnapshotWritable(const TierSnapshot& snapshot);

// The whole file; `snapshot` must pass CheckSnapshotWritable.
std::string FormatTierSnapshotText(const TierSnapshot& snapshot);

// Reads what FormatTierSnapshotText wrote. The first error only, as
// InvalidArgument "<path>:<line>: <what>"; `path` only names the file.
absl::StatusOr<TierSnapshot> ParseTierSnapshotText(const std::string& path, std::string_view text);

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_TIER_SNAPSHOT_FORMAT_H_
