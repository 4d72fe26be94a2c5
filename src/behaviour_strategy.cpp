#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lifecycle_features.h"
#include "parallel.h"
#include "rfm_breaks.h"
#include "tessera/lifecycle.h"

namespace tessera {

namespace {

constexpr size_t kMinChunk = size_t{1} << 14;
constexpr int32_t kProspectCode = 2;  // the third label of every output

// One two-class output: buyers with a value >= threshold get `upper`.
struct ClassSpec {
  const char* column;
  const char* noun;   // what the value is, for warnings
  const char* param;  // the parameter that sets the threshold
  const char* lower;
  const char* upper;
  std::optional<double> threshold;  // empty: learned
};

// The customers who take part in the classes: at least one purchase day.
struct Buyers {
  std::vector<uint8_t> is_buyer;
  size_t count = 0;
};

std::string CustomerName(const Dataset& dataset, size_t c) {
  if (c < dataset.customer_count()) {
    return absl::StrCat("customer ", dataset.customers.KeyString(static_cast<uint32_t>(c)));
  }
  return absl::StrCat("customer #", c);
}

// The threshold of one output, given or learned. A two-bin tie-aware split
// (tessera/rfm.h) is exactly the rule of BehaviourOptions: the distinct
// value whose count below is nearest to half, the smaller on a tie, and
// +infinity (everyone lower) when all values are equal.
absl::StatusOr<double> ThresholdOf(const ClassSpec& spec, const double* values,
                                   const Buyers& buyers, const Dataset& dataset) {
  const size_t count = buyers.is_buyer.size();
  const bool learned = !spec.threshold.has_value();
  std::vector<double> gathered;
  if (learned) gathered.reserve(buyers.count);
  for (size_t c = 0; c < count; ++c) {
    if (!buyers.is_buyer[c]) continue;
    if (!std::isfinite(values[c])) {
      return absl::InvalidArgumentError(absl::StrCat(spec.column, ": the ", spec.noun, " of ",
                                                     CustomerName(dataset, c),
                                                     " is not finite (", values[c], ")"));
    }
    if (learned) gathered.push_back(values[c]);
  }
  if (!learned) return *spec.threshold;
  if (gathered.empty()) return std::numeric_limits<double>::infinity();
  return internal::TieAwareBreaks(gathered, 2)[0];
}

void AddClassColumn(const ClassSpec& spec, const double* values, double threshold,
                    const Buyers& buyers, int num_threads, ScoreTable& out,
                    std::vector<std::string>& warnings) {
  const size_t count = out.customer_count();
  std::vector<int32_t>& codes =
      out.AddCategorical(spec.column, {spec.lower, spec.upper, "prospect"});
  internal::ParallelChunks(count, num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) {
      codes[c] = !buyers.is_buyer[c] ? kProspectCode : values[c] >= threshold ? 1 : 0;
    }
  });
  if (buyers.count == 0) return;
  const size_t upper = static_cast<size_t>(std::count(codes.begin(), codes.end(), 1));
  if (upper != 0 && upper != buyers.count) return;
  const char* label = upper == 0 ? spec.lower : spec.upper;
  if (spec.threshold.has_value()) {
    warnings.push_back(absl::StrCat("behaviour: every buyer is '", label, "' in ",
                                    spec.column, " with ", spec.param, "=", threshold));
    return;
  }
  const size_t first = static_cast<size_t>(
      std::find(buyers.is_buyer.begin(), buyers.is_buyer.end(), uint8_t{1}) -
      buyers.is_buyer.begin());
  warnings.push_back(absl::StrCat("behaviour: every buyer has the same ", spec.noun, " (",
                                  values[first], "), so every buyer is '", label, "' in ",
                                  spec.column));
}

class BehaviourStrategy final : public Strategy {
 public:
  explicit BehaviourStrategy(BehaviourOptions options) : options_(std::move(options)) {}

  std::string_view name() const override { return "behaviour"; }

  absl::Status Score(const StrategyInput& input, ScoreTable& out,
                     std::vector<std::string>& warnings) const override;

 private:
  BehaviourOptions options_;
};

absl::Status BehaviourStrategy::Score(const StrategyInput& input, ScoreTable& out,
                                      std::vector<std::string>& warnings) const {
  const size_t count = out.customer_count();
  const int num_threads = input.feature_options.num_threads;
  const FeatureTable& features = input.features;
  absl::StatusOr<const double*> frequency =
      internal::FeatureValues(features, feature::kFrequency, count);
  if (!frequency.ok()) return frequency.status();
  absl::StatusOr<const double*> purchase_days =
      internal::FeatureValues(features, feature::kPurchaseDays, count);
  if (!purchase_days.ok()) return purchase_days.status();

  // Decide every input before writing any column, so that a failure leaves
  // `out` untouched.
  const bool has_quantity = features.Find(feature::kQuantity) != nullptr;
  if (options_.volume == BehaviourVolume::kQuantity && !has_quantity) {
    return absl::InvalidArgumentError(
        "volume=quantity needs a quantity column in the transactions (the quantity "
        "feature); give one, or use volume=order_value");
  }
  const bool by_quantity = options_.volume == BehaviourVolume::kQuantity ||
                           (options_.volume == BehaviourVolume::kAuto && has_quantity);
  absl::StatusOr<const double*> volume_source =
      internal::FeatureValues(features, by_quantity ? feature::kQuantity : feature::kMonetaryMean,
                              count);
  if (!volume_source.ok()) return volume_source.status();

  const bool has_categories = features.Find(feature::kCategories) != nullptr;
  if (options_.breadth == BehaviourBreadth::kOn && !has_categories) {
    return absl::InvalidArgumentError(
        "breadth=on needs a category column in the transactions (the categories "
        "feature); give one, or use breadth=auto or breadth=off");
  }
  const bool with_breadth = options_.breadth != BehaviourBreadth::kOff && has_categories;
  const double* categories = nullptr;
  if (with_breadth) {
    absl::StatusOr<const double*> column =
        internal::FeatureValues(features, feature::kCategories, count);
    if (!column.ok()) return column.status();
    categories = *column;
  }

  Buyers buyers;
  buyers.is_buyer.resize(count);
  internal::ParallelChunks(count, num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) {
      buyers.is_buyer[c] = (*purchase_days)[c] > 0 && (*frequency)[c] > 0;
    }
  });
  buyers.count = static_cast<size_t>(
      std::count(buyers.is_buyer.begin(), buyers.is_buyer.end(), uint8_t{1}));

  std::vector<double> per_purchase;
  const double* volume = *volume_source;
  if (by_quantity) {
    per_purchase.resize(count);
    internal::ParallelChunks(count, num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
      for (size_t c = begin; c < end; ++c) {
        per_purchase[c] = buyers.is_buyer[c] ? volume[c] / (*frequency)[c]
                                             : std::numeric_limits<double>::quiet_NaN();
      }
    });
    volume = per_purchase.data();
  }

  const ClassSpec frequency_spec{"behaviour.frequency", "frequency", "frequency_threshold",
                                 "low", "high", options_.frequency_threshold};
  const ClassSpec volume_spec{"behaviour.volume",
                              by_quantity ? "quantity per purchase" : "order value",
                              "volume_threshold", "small", "bulk", options_.volume_threshold};
  const ClassSpec breadth_spec{"behaviour.breadth", "number of categories", "breadth_threshold",
                               "single", "multi", options_.breadth_threshold};
  const ClassSpec* specs[] = {&frequency_spec, &volume_spec, &breadth_spec};
  const double* values[] = {*frequency, volume, categories};
  const size_t outputs = with_breadth ? 3 : 2;
  double thresholds[3] = {};
  for (size_t k = 0; k < outputs; ++k) {
    absl::StatusOr<double> threshold = ThresholdOf(*specs[k], values[k], buyers, input.dataset);
    if (!threshold.ok()) return threshold.status();
    thresholds[k] = *threshold;
  }
  for (size_t k = 0; k < outputs; ++k) {
    AddClassColumn(*specs[k], values[k], thresholds[k], buyers, num_threads, out, warnings);
  }
  if (!with_breadth && options_.breadth == BehaviourBreadth::kAuto) {
    warnings.push_back(
        "behaviour: the transactions have no category column, so behaviour.breadth is "
        "left out (breadth=off leaves it out without this warning)");
  }

  std::vector<int32_t>& repeat =
      out.AddCategorical("behaviour.repeat", {"new", "repeat", "prospect"});
  internal::ParallelChunks(count, num_threads, kMinChunk, [&](int, size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) {
      repeat[c] = !buyers.is_buyer[c]       ? kProspectCode
                  : (*purchase_days)[c] > 1 ? 1
                                            : 0;
    }
  });
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Strategy>> MakeBehaviourStrategy(BehaviourOptions options) {
  if (absl::Status status = ValidateBehaviourOptions(options); !status.ok()) return status;
  return std::unique_ptr<Strategy>(new BehaviourStrategy(std::move(options)));
}

}  // namespace tessera
