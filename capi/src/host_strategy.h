// Strategies written by the host: a tessera_host_strategy (function pointers
// and a payload) as a tessera::Strategy in one pipeline's registry.
#ifndef TESSERA_CAPI_HOST_STRATEGY_H_
#define TESSERA_CAPI_HOST_STRATEGY_H_

#include <string_view>

#include "tessera/strategy.h"
#include "tessera/tessera.h"

namespace tessera::capi {

// Checks and copies `strategy` and registers it in `registry`; the payload
// is freed (free_payload) when the registry lets go of the last copy, and
// only when registration succeeded.
int RegisterHostStrategy(std::string_view function, StrategyRegistry& registry,
                         const tessera_host_strategy& strategy);

// The core prefixes a failing strategy's message with its name; a host
// strategy's own message ("strategy 'x': ...") says that already, so this
// returns the message from there.
std::string_view HostStrategyMessage(std::string_view message);

}  // namespace tessera::capi

#endif  // TESSERA_CAPI_HOST_STRATEGY_H_
