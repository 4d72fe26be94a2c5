#include "builtin_strategies.h"

#include "tessera/rfm.h"

namespace tessera::internal {
namespace {

void RegisterRfm(StrategyRegistry& registry) {
  // Registration of a fresh name into an empty registry cannot fail.
  (void)registry.Register(
      "rfm",
      "RFM scores (R package rfm semantics) and the named RFM segments",
      [](const StrategyParams& params) -> absl::StatusOr<std::unique_ptr<Strategy>> {
        absl::StatusOr<RfmOptions> options = RfmOptionsFromParams(params);
        if (!options.ok()) return options.status();
        return MakeRfmStrategy(*std::move(options));
      });
}

}  // namespace

void RegisterBuiltinStrategies(StrategyRegistry& registry) {
  RegisterRfm(registry);
  RegisterValueStrategies(registry);
  RegisterLifecycleStrategies(registry);
  RegisterKMeans(registry);
  RegisterBtydStrategies(registry);
}

}  // namespace tessera::internal
