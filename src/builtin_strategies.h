#ifndef TESSERA_SRC_BUILTIN_STRATEGIES_H_
#define TESSERA_SRC_BUILTIN_STRATEGIES_H_

#include "tessera/strategy.h"

namespace tessera::internal {

// Registers every strategy that ships with tessera ("rfm", ...).
void RegisterBuiltinStrategies(StrategyRegistry& registry);
void RegisterKMeans(StrategyRegistry& registry);  // kmeans
void RegisterLifecycleStrategies(StrategyRegistry& registry);  // lifecycle, behaviour
void RegisterValueStrategies(StrategyRegistry& registry);  // abc, value_tier, attributes
void RegisterBtydStrategies(StrategyRegistry& registry);  // bgnbd, mbgnbd, pareto_nbd, bgbb, clv

}  // namespace tessera::internal

#endif  // TESSERA_SRC_BUILTIN_STRATEGIES_H_
