#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lifecycle_features.h"
#include "parallel.h"
#include "tessera/lifecycle.h"

namespace tessera {

namespace {

constexpr size_t kMinChunk = size_t{1} << 14;

// Codes of lifecycle.stage, in label order.
enum Stage : int32_t { kProspect, kNew, kActive, kAtRisk, kChurned, kReactivated };

const char* const kStageLabels[] = {"prospect", "new",     "active",
                                    "at_risk",  "churned", "reactivated"};

struct LifecycleInputs {
  const double* recency;
  const double* tenure;
  const double* purchase_days;
  const double* mean_gap;
  const double* max_gap;
};

class LifecycleStrategy final : public Strategy {
 public:
  explicit LifecycleStrategy(LifecycleOptions options) : options_(options) {}

  std::string_view name() const override { return "lifecycle"; }

  absl::Status Score(const StrategyInput& input, ScoreTable& out,
                     std::vector<std::string>& warnings) const override;

 private:
  // The tests of tessera/lifecycle.h, in its order. NaN never passes a
  // comparison, so a missing gap never makes a customer reactivated.
  Stage StageOf(const LifecycleInputs& in, size_t c) const {
    const double purchase_days = in.purchase_days[c];
    if (!(purchase_days > 0)) return kProspect;
    const double recency = in.recency[c];
    if (in.tenure[c] <= options_.new_days) return kNew;
    if (recency > options_.churn_days) return kChurned;
    const double at_risk_after = purchase_days >= options_.min_purchase_days_for_gap
                                     ? options_.at_risk_factor * in.mean_gap[c]
                                     : options_.at_risk_days;
    if (recency > at_risk_after) return kAtRisk;
    if (in.max_gap[c] > options_.churn_days) return kReactivated;
    return kActive;
  }

  LifecycleOptions options_;
};

absl::Status LifecycleStrategy::Score(const StrategyInput& input, ScoreTable& out,
                                      std::vector<std::string>&) const {
  const size_t count = out.customer_count();
  const std::string_view names[] = {feature::kRecencyDays, feature::kTenureDays,
                                    feature::kPurchaseDays, feature::kMeanGapDays,
                                    feature::kMaxGapDays};
  const double* columns[std::size(names)];
  for (size_t k = 0; k < std::size(names); ++k) {
    absl::StatusOr<const double*> column =
        internal::FeatureValues(input.features, names[k], count);
    if (!column.ok()) return column.status();
    columns[k] = *column;
  }
  const LifecycleInputs in{columns[0], columns[1], columns[2], columns[3], columns[4]};
  const int num_threads = input.feature_options.num_threads;

  std::vector<int32_t>& stage = out.AddCategorical(
      "lifecycle.stage", std::vector<std::string>(std::begin(kStageLabels),
                                                  std::end(kStageLabels)));
  internal::ParallelChunks(count, num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) stage[c] = StageOf(in, c);
  });

  std::vector<double>& ratio = out.AddNumeric("lifecycle.silence_ratio");
  internal::ParallelChunks(count, num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) {
      // Purchase days are distinct, so a defined mean gap is at least one day.
      ratio[c] = in.purchase_days[c] >= 2 ? in.recency[c] / in.mean_gap[c]
                                          : std::numeric_limits<double>::quiet_NaN();
    }
  });
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Strategy>> MakeLifecycleStrategy(LifecycleOptions options) {
  if (absl::Status status = ValidateLifecycleOptions(options); !status.ok()) return status;
  return std::unique_ptr<Strategy>(new LifecycleStrategy(options));
}

}  // namespace tessera
