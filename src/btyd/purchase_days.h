// Each customer's distinct purchase days, for the summaries that the
// feature table does not hold (holdout counts, discrete-time opportunities).
// The days come from the same reader as the features, so returns, same-day
// merging and the as-of cut agree with them.
#ifndef TESSERA_BTYD_PURCHASE_DAYS_H_
#define TESSERA_BTYD_PURCHASE_DAYS_H_

#include <cstddef>
#include <functional>
#include <vector>

#include "customer_summary.h"
#include "tessera/dataset.h"
#include "tessera/features.h"

namespace tessera {
namespace internal {

// Calls visit(customer, days) once for every customer of the dataset, with
// the customer's distinct purchase days on or before options.as_of in
// ascending order (empty for a customer who never bought), from
// options.num_threads threads at once.
void ForEachCustomerPurchaseDays(
    const Dataset& dataset, const FeatureOptions& options,
    const std::function<void(size_t customer, const std::vector<DayTotal>& days)>& visit);

}  // namespace internal
}  // namespace tessera

#endif  // TESSERA_BTYD_PURCHASE_DAYS_H_
