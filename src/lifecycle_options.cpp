#include <cmath>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "builtin_strategies.h"
#include "tessera/lifecycle.h"

namespace tessera {

namespace {

constexpr int kMaxDays = 36500;  // a hundred years
constexpr double kMaxFactor = 100;
constexpr int kMaxPurchaseDaysForGap = 10000;

struct IntField {
  int LifecycleOptions::*field;
  const char* name;
  int min;
  int max;
};

const IntField kIntFields[] = {
    {&LifecycleOptions::new_days, "new_days", 0, kMaxDays},
    {&LifecycleOptions::at_risk_days, "at_risk_days", 1, kMaxDays},
    {&LifecycleOptions::churn_days, "churn_days", 1, kMaxDays},
    {&LifecycleOptions::min_purchase_days_for_gap, "min_purchase_days_for_gap", 2,
     kMaxPurchaseDaysForGap},
};

// Bounds of the behaviour thresholds; NaN for "no lower bound".
struct ThresholdField {
  std::optional<double> BehaviourOptions::*field;
  const char* name;
  double min;
};

const ThresholdField kThresholdFields[] = {
    {&BehaviourOptions::frequency_threshold, "frequency_threshold", 1},
    {&BehaviourOptions::volume_threshold, "volume_threshold",
     std::numeric_limits<double>::quiet_NaN()},
    {&BehaviourOptions::breadth_threshold, "breadth_threshold", 2},
};

std::string ThresholdRule(const ThresholdField& field) {
  return std::isnan(field.min) ? "a finite number"
                               : absl::StrCat("a finite number >= ", field.min);
}

bool ThresholdAllowed(const ThresholdField& field, double value) {
  return std::isfinite(value) && !(value < field.min);
}

}  // namespace

absl::Status ValidateLifecycleOptions(const LifecycleOptions& options) {
  for (const IntField& f : kIntFields) {
    const int value = options.*f.field;
    if (value < f.min || value > f.max) {
      return absl::InvalidArgumentError(absl::StrCat(
          "lifecycle: ", f.name, " must be in [", f.min, ", ", f.max, "], got ", value));
    }
  }
  if (!(options.at_risk_factor >= 1 && options.at_risk_factor <= kMaxFactor)) {
    return absl::InvalidArgumentError(absl::StrCat("lifecycle: at_risk_factor must be in [1, ",
                                                   kMaxFactor, "], got ",
                                                   options.at_risk_factor));
  }
  // A customer past churn_days is churned whatever the other thresholds say,
  // so thresholds at or beyond it would never apply.
  if (options.at_risk_days >= options.churn_days) {
    return absl::InvalidArgumentError(
        absl::StrCat("lifecycle: at_risk_days (", options.at_risk_days,
                     ") must be less than churn_days (", options.churn_days, ")"));
  }
  if (options.new_days >= options.churn_days) {
    return absl::InvalidArgumentError(
        absl::StrCat("lifecycle: new_days (", options.new_days,
                     ") must be less than churn_days (", options.churn_days, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<LifecycleOptions> LifecycleOptionsFromParams(const StrategyParams& params) {
  ParamReader reader("lifecycle", params);
  LifecycleOptions options;
  for (const IntField& f : kIntFields) {
    options.*f.field = reader.Int(f.name, options.*f.field, f.min, f.max);
  }
  options.at_risk_factor =
      reader.Double("at_risk_factor", options.at_risk_factor, 1, kMaxFactor);
  if (absl::Status status = reader.Finish(); !status.ok()) return status;
  if (absl::Status status = ValidateLifecycleOptions(options); !status.ok()) return status;
  return options;
}

absl::Status ValidateBehaviourOptions(const BehaviourOptions& options) {
  for (const ThresholdField& f : kThresholdFields) {
    const std::optional<double>& threshold = options.*f.field;
    if (threshold.has_value() && !ThresholdAllowed(f, *threshold)) {
      return absl::InvalidArgumentError(absl::StrCat("behaviour: ", f.name, " must be ",
                                                     ThresholdRule(f), ", got ",
                                                     *threshold));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<BehaviourOptions> BehaviourOptionsFromParams(const StrategyParams& params) {
  ParamReader reader("behaviour", params);
  BehaviourOptions options;
  constexpr size_t kThresholds = std::size(kThresholdFields);
  std::string thresholds[kThresholds];
  for (size_t k = 0; k < kThresholds; ++k) {
    thresholds[k] = reader.String(kThresholdFields[k].name, "");
  }
  const std::string volume =
      reader.Choice("volume", "auto", {"auto", "quantity", "order_value"});
  const std::string breadth = reader.Choice("breadth", "auto", {"auto", "on", "off"});
  if (absl::Status status = reader.Finish(); !status.ok()) return status;

  for (size_t k = 0; k < kThresholds; ++k) {
    const ThresholdField& f = kThresholdFields[k];
    if (params.values().count(f.name) == 0) continue;  // keep the default
    if (thresholds[k] == "median") {
      options.*f.field = std::nullopt;
      continue;
    }
    double value = 0;
    if (!absl::SimpleAtod(thresholds[k], &value) || !ThresholdAllowed(f, value)) {
      return absl::InvalidArgumentError(absl::StrCat("behaviour: parameter '", f.name,
                                                     "' must be 'median' or ",
                                                     ThresholdRule(f), ", got '",
                                                     thresholds[k], "'"));
    }
    options.*f.field = value;
  }
  options.volume = volume == "quantity"      ? BehaviourVolume::kQuantity
                   : volume == "order_value" ? BehaviourVolume::kOrderValue
                                             : BehaviourVolume::kAuto;
  options.breadth = breadth == "on"    ? BehaviourBreadth::kOn
                    : breadth == "off" ? BehaviourBreadth::kOff
                                       : BehaviourBreadth::kAuto;
  return options;
}

namespace internal {

void RegisterLifecycleStrategies(StrategyRegistry& registry) {
  // Registration of fresh names into a registry being built cannot fail.
  (void)registry.Register(
      "lifecycle",
      "lifecycle stage (prospect, new, active, at_risk, churned, reactivated) "
      "from the purchase dates",
      [](const StrategyParams& params) -> absl::StatusOr<std::unique_ptr<Strategy>> {
        absl::StatusOr<LifecycleOptions> options = LifecycleOptionsFromParams(params);
        if (!options.ok()) return options.status();
        return MakeLifecycleStrategy(*options);
      });
  (void)registry.Register(
      "behaviour",
      "purchase behaviour classes: frequency, volume, category breadth, repeat",
      [](const StrategyParams& params) -> absl::StatusOr<std::unique_ptr<Strategy>> {
        absl::StatusOr<BehaviourOptions> options = BehaviourOptionsFromParams(params);
        if (!options.ok()) return options.status();
        return MakeBehaviourStrategy(*options);
      });
}

}  // namespace internal
}  // namespace tessera
