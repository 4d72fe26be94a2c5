#include <memory>
#include <utility>

#include "builtin_strategies.h"
#include "tessera/value_strategies.h"

namespace tessera::internal {

namespace {

// Wraps an options reader and a maker into one registry factory.
template <typename Options>
StrategyFactory Factory(absl::StatusOr<Options> (*read)(const StrategyParams&),
                        absl::StatusOr<std::unique_ptr<Strategy>> (*make)(Options)) {
  return [read, make](const StrategyParams& params) -> absl::StatusOr<std::unique_ptr<Strategy>> {
    absl::StatusOr<Options> options = read(params);
    if (!options.ok()) return options.status();
    return make(*std::move(options));
  };
}

}  // namespace

void RegisterValueStrategies(StrategyRegistry& registry) {
  // Registration of fresh names into the built-in registry cannot fail.
  (void)registry.Register(
      "abc", "ABC (Pareto) classes by cumulative share of a value's total (monetary by default)",
      Factory(&AbcOptionsFromParams, &MakeAbcStrategy));
  (void)registry.Register(
      "value_tier", "A weighted score of percentile ranks of chosen features, cut into levels",
      Factory(&ValueTierOptionsFromParams, &MakeValueTierStrategy));
  (void)registry.Register(
      "attributes", "Host categorical customer attributes as score columns attr.<name>",
      Factory(&AttributesOptionsFromParams, &MakeAttributesStrategy));
}

}  // namespace tessera::internal
