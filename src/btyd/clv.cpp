#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "btyd/lifetime_internal.h"
#include "parallel.h"
#include "tessera/lifetime.h"

namespace tessera {

namespace {

constexpr int kMaxSteps = 10000;
constexpr double kMaxDiscountRate = 10;
constexpr size_t kMinChunk = size_t{1} << 14;

absl::Status ValidateClvOptions(const ClvOptions& options) {
  if (options.steps < 1 || options.steps > kMaxSteps) {
    return absl::InvalidArgumentError(
        absl::StrCat("clv: steps must be in [1, ", kMaxSteps, "], got ", options.steps));
  }
  if (!(options.periods_per_step > 0) || !std::isfinite(options.periods_per_step)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "clv: periods_per_step must be a finite number > 0, got ", options.periods_per_step));
  }
  if (!(options.discount_rate >= 0 && options.discount_rate <= kMaxDiscountRate)) {
    return absl::InvalidArgumentError(absl::StrCat("clv: discount_rate must be in [0, ",
                                                   kMaxDiscountRate, "], got ",
                                                   options.discount_rate));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CustomerValues> CustomerLifetimeValue(const FittedCountModel& count,
                                                     const SpendModel& spend,
                                                     const LifetimeSummary& summary,
                                                     const ClvOptions& options) {
  if (absl::Status status = ValidateClvOptions(options); !status.ok()) return status;
  if (absl::Status status = internal::CheckSummaryColumns(summary, true); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("clv: ", status.message()));
  }
  const size_t steps = static_cast<size_t>(options.steps);
  // sum_k spend (E(k h) - E((k-1) h)) d^k with d = 1/(1+rate) and E(0) = 0
  // regroups as sum_k spend E(k h) (d^k - d^(k+1)), plus d^K for k = K: one
  // linear combination of the expectations at the step ends.
  std::vector<double> horizons(steps);
  std::vector<double> discounted(steps);
  std::vector<double> whole_horizon(steps, 0.0);
  const double d = 1.0 / (1.0 + options.discount_rate);
  for (size_t k = 0; k < steps; ++k) {
    const double step = static_cast<double>(k + 1);
    horizons[k] = step * options.periods_per_step;
    const double now = std::pow(d, step);
    discounted[k] = k + 1 < steps ? now - now * d : now;
  }
  whole_horizon[steps - 1] = 1.0;
  CustomerValues out;
  out.p_alive = internal::PredictAlive(count, summary, options.num_threads);
  std::vector<std::vector<double>> combined = internal::PredictPurchaseCombinations(
      count, summary, out.p_alive, horizons, {discounted, whole_horizon}, options.num_threads);
  out.expected_purchases = std::move(combined[1]);
  out.expected_spend.resize(summary.size());
  out.value.resize(summary.size());
  internal::ParallelChunks(summary.size(), options.num_threads, kMinChunk,
                           [&](int, size_t begin, size_t end) {
                             for (size_t i = begin; i < end; ++i) {
                               const double money =
                                   spend.ExpectedSpend(summary.x[i], summary.monetary[i]);
                               out.expected_spend[i] = money;
                               out.value[i] = money * combined[0][i];
                             }
                           });
  return out;
}

}  // namespace tessera
