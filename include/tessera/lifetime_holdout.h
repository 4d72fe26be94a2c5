// Calibration/holdout validation of buy-till-you-die models, as Fader, Hardie
// & Lee (2005) validate BG/NBD on CDNOW: split the transactions at a date,
// fit on the calibration period, and set the model's predictions against
// what the customers did in the holdout period, by calibration frequency and
// as cumulative repeat purchases over time (the data behind the standard
// "conditional expectations" and "tracking" plots).
#ifndef TESSERA_LIFETIME_HOLDOUT_H_
#define TESSERA_LIFETIME_HOLDOUT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "tessera/dataset.h"
#include "tessera/lifetime.h"

namespace tessera {

struct HoldoutOptions {
  Day calibration_end = kNoDay;  // last day of the calibration period, included
  Day holdout_end = kNoDay;      // last day of the holdout period, included; later
  double period_days = 7;        // the unit of x, t_x, T and the tracking periods
  ReturnPolicy returns = ReturnPolicy::kNetIntoMonetary;
  int num_threads = 0;
};

// The customers whose first purchase day is on or before calibration_end
// (the cohort), with what they did before and after it. A purchase is a
// purchase day, as for x.
struct HoldoutData {
  // The calibration summary, as LifetimeSummaryFromFeatures gives it with
  // as_of = calibration_end.
  LifetimeSummary calibration;
  // Per row: purchase days in (calibration_end, holdout_end].
  std::vector<double> holdout_purchases;
  // Per row: the first purchase day, in periods after `origin`.
  std::vector<double> birth;
  Day origin = kNoDay;         // the cohort's earliest first purchase day
  double holdout_periods = 0;  // (holdout_end - calibration_end) / period_days
  // Whole periods from origin to the end of each part: the tracking runs over
  // periods 1..total_periods, the first calibration_periods of which are the
  // calibration (rounded up).
  int calibration_periods = 0;
  int total_periods = 0;
  // [k-1] = the cohort's repeat purchase days on days before origin + k
  // periods, k = 1..total_periods.
  std::vector<double> actual_cumulative;
};

// InvalidArgument when the dates are missing or out of order, or when no
// customer bought in the calibration period.
absl::StatusOr<HoldoutData> SplitCalibrationHoldout(const Dataset& dataset,
                                                    const HoldoutOptions& options);

// Mean holdout purchases per customer, actual and predicted (the model's
// expected purchases in the holdout_periods after T), for the customers with
// x = 0, 1, ..., censor - 1 calibration repeat purchases and, in the last
// row, x >= censor.
struct FrequencyValidationRow {
  int x = 0;
  bool and_more = false;  // the last row: x >= censor
  double customers = 0;
  double actual = 0;
  double predicted = 0;
};
absl::StatusOr<std::vector<FrequencyValidationRow>> HoldoutByFrequency(
    const FittedCountModel& model, const HoldoutData& data, int censor = 7,
    int num_threads = 0);

// Cumulative repeat purchases of the cohort at the end of each period k =
// 1..total_periods: actual, and expected = sum over customers of E[X(k -
// birth)] for those born before k, each customer's repeat purchases from
// the model as for a new customer (Fader, Hardie & Lee 2005, figure 2).
struct TrackingPoint {
  int period = 0;
  double actual = 0;
  double expected = 0;
};
absl::StatusOr<std::vector<TrackingPoint>> CumulativeTracking(const FittedCountModel& model,
                                                              const HoldoutData& data);

}  // namespace tessera

#endif  // TESSERA_LIFETIME_HOLDOUT_H_
