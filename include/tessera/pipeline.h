// One call for the whole job: features, then each chosen strategy in order,
// then each rule file in order.
#ifndef TESSERA_PIPELINE_H_
#define TESSERA_PIPELINE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tessera/dataset.h"
#include "tessera/features.h"
#include "tessera/rules.h"
#include "tessera/scores.h"
#include "tessera/strategy.h"
#include "tessera/tier_history.h"

namespace tessera {

struct StrategySpec {
  std::string name;
  StrategyParams params;
};

struct RunOptions {
  FeatureOptions features;
  std::vector<StrategySpec> strategies{{"rfm", {}}};
  // Rule files applied after the strategies, in order; each set can read the
  // strategies' scores and the tiers of every set before it.
  std::vector<RuleFile> rules;
  // The previous period's snapshot of a rule set, by set name, for
  // `demote after N periods`.
  std::map<std::string, TierSnapshot, std::less<>> previous_tiers;
};

struct RunResult {
  FeatureTable features;
  ScoreTable scores;
  std::vector<std::string> warnings;
};

// Creates every strategy before computing anything, so a bad name or
// parameter fails fast. Rule warnings (a shadowed rule, unassigned customers)
// join the strategies' warnings, prefixed with the rule file and line.
absl::StatusOr<RunResult> Run(
    const Dataset& dataset, const RunOptions& options,
    const StrategyRegistry& registry = StrategyRegistry::Global());

}  // namespace tessera

#endif  // TESSERA_PIPELINE_H_
