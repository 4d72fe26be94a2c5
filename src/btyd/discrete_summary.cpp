#include <cmath>
#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "btyd/purchase_days.h"
#include "tessera/lifetime.h"

namespace tessera {

absl::StatusOr<LifetimeSummary> DiscreteLifetimeSummary(const Dataset& dataset,
                                                        const FeatureOptions& options) {
  if (options.as_of == kNoDay) {
    return absl::InvalidArgumentError("bgbb: the as-of date is required");
  }
  const double period = options.btyd_period_days;
  if (!(period > 0) || !std::isfinite(period)) {
    return absl::InvalidArgumentError(
        absl::StrCat("bgbb: btyd_period_days must be a positive number, got ", period));
  }
  const size_t customers = dataset.customer_count();
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> x(customers, kNaN), t_x(customers, kNaN), n(customers, kNaN);
  internal::ForEachCustomerPurchaseDays(
      dataset, options, [&](size_t c, const std::vector<internal::DayTotal>& days) {
        if (days.empty()) return;
        const Day first = days.front().day;
        const double opportunities =
            std::floor(static_cast<double>(options.as_of - first) / period);
        double count = 0, last = 0, previous = 0;
        for (size_t k = 1; k < days.size(); ++k) {
          // Opportunity j holds the days (first + (j-1) P, first + j P].
          const double j = std::ceil(static_cast<double>(days[k].day - first) / period);
          if (j > opportunities) break;
          if (j != previous) {
            ++count;
            last = j;
            previous = j;
          }
        }
        x[c] = count;
        t_x[c] = last;
        n[c] = opportunities;
      });
  LifetimeSummary summary;
  for (size_t c = 0; c < customers; ++c) {
    if (std::isnan(x[c])) continue;
    summary.x.push_back(x[c]);
    summary.t_x.push_back(t_x[c]);
    summary.T.push_back(n[c]);
    summary.customer.push_back(static_cast<uint32_t>(c));
  }
  return summary;
}

}  // namespace tessera
