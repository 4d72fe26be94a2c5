#include "tessera/pipeline.h"

#include "absl/strings/str_cat.h"
#include "absl_compat.h"

namespace tessera {

absl::StatusOr<RunResult> Run(const Dataset& dataset, const RunOptions& options,
                              const StrategyRegistry& registry) {
  std::vector<std::unique_ptr<Strategy>> strategies;
  for (const StrategySpec& spec : options.strategies) {
    absl::StatusOr<std::unique_ptr<Strategy>> strategy =
        registry.Create(spec.name, spec.params);
    if (!strategy.ok()) return strategy.status();
    strategies.push_back(*std::move(strategy));
  }
  absl::StatusOr<FeatureTable> features = ComputeFeatures(dataset, options.features);
  if (!features.ok()) return features.status();
  RunResult result{*std::move(features), ScoreTable(dataset.customer_count()), {}};
  for (const std::unique_ptr<Strategy>& strategy : strategies) {
    // Each strategy writes a table of its own, so that columns of earlier
    // strategies it reads stay put while it adds columns.
    ScoreTable scores(dataset.customer_count());
    StrategyInput input{dataset, options.features, result.features, result.scores};
    absl::Status s = strategy->Score(input, scores, result.warnings);
    if (s.ok()) s = result.scores.Append(std::move(scores));
    if (!s.ok()) {
      return absl::Status(s.code(), absl::StrCat(internal::ToAbsl(strategy->name()), ": ", s.message()));
    }
  }
  return result;
}

}  // namespace tessera
