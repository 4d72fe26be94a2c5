// Reading what the rule options name: rule files (or built-in ones) and the
// previous period's tier snapshots.
#ifndef TESSERA_SRC_CLI_RULE_INPUTS_H_
#define TESSERA_SRC_CLI_RULE_INPUTS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tessera/dataset.h"
#include "tessera/rules.h"
#include "tessera/tier_history.h"

namespace tessera::cli {

// The prefix that names a built-in rule file instead of a path.
inline constexpr std::string_view kBuiltinPrefix = "builtin:";

// Parses each --rules argument: a path, or "builtin:NAME". A parse error
// carries the rule parser's line, column and caret.
absl::StatusOr<std::vector<RuleFile>> LoadRuleFiles(const std::vector<std::string>& paths);

// Reads each --previous-tiers snapshot, keyed by the rule set it names.
absl::StatusOr<std::map<std::string, TierSnapshot, std::less<>>> LoadPreviousTiers(
    const std::vector<std::string>& paths);

// The dense index of the customer whose key reads `key`, or NotFound.
absl::StatusOr<uint32_t> FindCustomer(const CustomerIndex& customers, std::string_view key);

// Where `--save-tiers PATH` writes set `set`: PATH itself when the run has
// one rule set, else PATH with ".<set>" before its extension.
std::string SnapshotPath(const std::string& path, std::string_view set, size_t set_count);

}  // namespace tessera::cli

#endif  // TESSERA_SRC_CLI_RULE_INPUTS_H_
