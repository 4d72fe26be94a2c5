// Strategies that describe where a customer stands and how they buy:
//
//  * "lifecycle": a stage (prospect, new, active, at risk, churned,
//    reactivated) from the dates of the customer's purchase days.
//  * "behaviour": two-class descriptions of purchase frequency, purchase
//    volume and category breadth, and whether the customer came back.
//
// Both read features only (tessera::feature), so the as-of date is
// FeatureOptions::as_of: purchases after it do not exist for them. A
// customer without a purchase day on or before the as-of date is a
// prospect: a customer from the customer table who never bought, and
// equally a customer whose every row is a return or lies after the as-of
// date. Both give identical results for any thread count.
#ifndef TESSERA_LIFECYCLE_H_
#define TESSERA_LIFECYCLE_H_

#include <memory>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tessera/strategy.h"

namespace tessera {

// Lifecycle stages. With recency = days from the last purchase day to the
// as-of date, tenure = days from the first purchase day to it, and the
// typical gap = mean_gap_days (the mean number of days between consecutive
// purchase days), the tests run in this order and the first that holds
// gives the stage:
//
//  1. prospect     no purchase day (see above)
//  2. new          tenure <= new_days
//  3. churned      recency > churn_days
//  4. at_risk      recency > at_risk_factor x typical gap, for a customer
//                  with at least min_purchase_days_for_gap purchase days;
//                  recency > at_risk_days for one with fewer
//  5. reactivated  max_gap_days > churn_days: the customer once stayed away
//                  long enough to count as churned, and came back
//  6. active       everyone else
//
// Boundaries: new is inclusive (tenure equal to new_days is new); the
// silences are strict (recency equal to churn_days is not churned, equal to
// its at-risk limit is not at risk, and a longest gap equal to churn_days
// does not make a customer reactivated). new_days and at_risk_days must be
// below churn_days, so a new customer cannot have been silent for longer
// than churn_days, and at_risk_days is reachable.
struct LifecycleOptions {
  int new_days = 30;                   // 0..36500, below churn_days
  int at_risk_days = 90;               // 1..36500, below churn_days
  int churn_days = 180;                // 1..36500
  double at_risk_factor = 2.0;         // 1..100
  int min_purchase_days_for_gap = 3;   // 2..10000
};

// Checks each field's range and that new_days and at_risk_days are below
// churn_days; the message names the fields and the allowed values.
absl::Status ValidateLifecycleOptions(const LifecycleOptions& options);

// Reads the "lifecycle" strategy's text parameters, each optional, with the
// defaults and ranges of LifecycleOptions: new_days, at_risk_days,
// churn_days, at_risk_factor, min_purchase_days_for_gap.
absl::StatusOr<LifecycleOptions> LifecycleOptionsFromParams(const StrategyParams& params);

// The strategy registered as "lifecycle". Validates `options` first. Reads
// the features recency_days, tenure_days, purchase_days, mean_gap_days and
// max_gap_days. Outputs
//  lifecycle.stage          categorical, labels in this order: prospect,
//                           new, active, at_risk, churned, reactivated
//  lifecycle.silence_ratio  recency / typical gap; NaN for customers with
//                           fewer than two purchase days
absl::StatusOr<std::unique_ptr<Strategy>> MakeLifecycleStrategy(LifecycleOptions options);

// What the volume class measures.
enum class BehaviourVolume {
  kAuto,        // quantity per purchase when the data has quantities, else order value
  kQuantity,    // quantity / frequency; fails without a quantity column
  kOrderValue,  // monetary_mean = monetary / frequency
};

// Whether the breadth class is computed. It needs the categories feature,
// which exists only when the transactions have a category column.
enum class BehaviourBreadth {
  kAuto,  // when the data has categories; otherwise left out, with a warning
  kOn,    // fails without a category column
  kOff,
};

// Purchase behaviour. Each two-class output compares one value per buyer
// (a customer with at least one purchase day) with a threshold: a value >=
// the threshold is in the upper class. A threshold is given, or learned from
// the buyers when left empty.
//
// A learned threshold splits the buyers as evenly as ties allow: of the
// buyers' distinct values v other than the smallest, it is the v for which
// the number of buyers with a value below v is nearest to half the buyers,
// the smaller v when two are equally near. Tied values thus always share a
// class. Without ties the threshold is the median (the middle value of an
// odd count, the upper of the two middle values of an even count, which
// classifies like their mean); a plain median would instead put everyone in
// the upper class whenever more than half the buyers share the smallest
// value (as one-time buyers do in CDNOW's frequencies). When every buyer has
// the same value, every buyer is in the lower class, with a warning.
//
// The outputs, each categorical; prospects get the label "prospect":
//  behaviour.frequency  low, high, prospect      from frequency
//  behaviour.volume     small, bulk, prospect    per BehaviourVolume
//  behaviour.breadth    single, multi, prospect  from categories (distinct
//                                                categories bought)
//  behaviour.repeat     new, repeat, prospect    one purchase day, more, none
// behaviour.repeat counts distinct purchase days, so that two orders on one
// day are one visit (the buy-till-you-die count x: x = 0 is new).
// A warning names any output in which every buyer falls in one class.
struct BehaviourOptions {
  // Empty = learned. Given thresholds must be finite; frequency >= 1,
  // breadth >= 2 (so that "multi" means more than one category).
  std::optional<double> frequency_threshold;
  BehaviourVolume volume = BehaviourVolume::kAuto;
  std::optional<double> volume_threshold;
  BehaviourBreadth breadth = BehaviourBreadth::kAuto;
  std::optional<double> breadth_threshold = 2;
};

// Checks the given thresholds; the message names the field and the allowed
// values.
absl::Status ValidateBehaviourOptions(const BehaviourOptions& options);

// Reads the "behaviour" strategy's text parameters:
//  frequency_threshold=median|N   N >= 1 (default median, i.e. learned)
//  volume=auto|quantity|order_value
//  volume_threshold=median|X      any number (default median)
//  breadth=auto|on|off
//  breadth_threshold=median|N     N >= 2 (default 2)
absl::StatusOr<BehaviourOptions> BehaviourOptionsFromParams(const StrategyParams& params);

// The strategy registered as "behaviour". Validates `options` first. Reads
// the features frequency and purchase_days, and quantity, monetary_mean and
// categories as the options require; a missing one fails with a message
// that lists the features there are.
absl::StatusOr<std::unique_ptr<Strategy>> MakeBehaviourStrategy(BehaviourOptions options);

}  // namespace tessera

#endif  // TESSERA_LIFECYCLE_H_
