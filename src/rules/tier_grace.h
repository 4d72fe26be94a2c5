// Delayed demotion (`demote after N periods`): a customer keeps the tier it
// held in the previous snapshot until it has failed that tier's rule for N
// consecutive periods.
#ifndef TESSERA_RULES_TIER_GRACE_H_
#define TESSERA_RULES_TIER_GRACE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tessera/dataset.h"
#include "tessera/tier_history.h"

namespace tessera {
namespace rules_internal {

// `tiers` are the set's tier labels, best first (RuleSetInfo::tiers), and
// `demote_after[t]` the N of tier t (1 = demote at once). `tier` holds each
// customer's evaluated tier (index into `tiers`) and is overwritten with the
// tier it keeps; `held` receives the consecutive failing periods (0 when
// not held). Customers are matched to the previous snapshot by key text;
// new customers and tiers the previous snapshot does not know take the
// evaluated tier. Runs on `num_threads` with identical results for any
// count.
absl::Status ApplyDemotionDelay(const TierSnapshot& previous,
                                const CustomerIndex& customers,
                                const std::vector<std::string>& tiers,
                                const std::vector<int>& demote_after,
                                int num_threads, std::vector<int32_t>& tier,
                                std::vector<double>& held);

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_TIER_GRACE_H_
