// One call for the whole job: features, then each chosen strategy in order.
#ifndef TESSERA_PIPELINE_H_
#define TESSERA_PIPELINE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tessera/dataset.h"
#include "tessera/features.h"
#include "tessera/scores.h"
#include "tessera/strategy.h"

namespace tessera {

struct StrategySpec {
  std::string name;
  StrategyParams params;
};

struct RunOptions {
  FeatureOptions features;
  std::vector<StrategySpec> strategies{{"rfm", {}}};
};

struct RunResult {
  FeatureTable features;
  ScoreTable scores;
  std::vector<std::string> warnings;
};

// Creates every strategy before computing anything, so a bad name or
// parameter fails fast.
absl::StatusOr<RunResult> Run(
    const Dataset& dataset, const RunOptions& options,
    const StrategyRegistry& registry = StrategyRegistry::Global());

}  // namespace tessera

#endif  // TESSERA_PIPELINE_H_
