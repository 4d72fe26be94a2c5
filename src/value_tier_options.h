// Checking ValueTierOptions, shared by the text parameters and the maker.
#ifndef TESSERA_SRC_VALUE_TIER_OPTIONS_H_
#define TESSERA_SRC_VALUE_TIER_OPTIONS_H_

#include "absl/status/status.h"
#include "tessera/value_strategies.h"

namespace tessera::internal {

inline constexpr size_t kMinValueTierLevels = 2;
inline constexpr size_t kMaxValueTierLevels = 10;

// Checks features (names, weights), levels and the cuts or shares; the
// message names the field and the allowed values.
absl::Status ValidateValueTierOptions(const ValueTierOptions& options);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_VALUE_TIER_OPTIONS_H_
