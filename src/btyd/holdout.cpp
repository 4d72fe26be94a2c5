#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "btyd/count_models.h"
#include "btyd/lifetime_internal.h"
#include "btyd/purchase_days.h"
#include "tessera/lifetime_holdout.h"

namespace tessera {

namespace {

// The cohort's purchase days after the calibration, and its repeat purchase
// days per tracking period (integer counts, so the sums are the same in any
// order, from any thread).
struct DayCounts {
  std::vector<double> holdout;  // per customer of the dataset
  std::vector<double> per_period;
};

DayCounts CountDays(const Dataset& dataset, const HoldoutOptions& options,
                    const std::vector<char>& in_cohort, Day origin, int total_periods) {
  FeatureOptions read;
  read.as_of = options.holdout_end;
  read.returns = options.returns;
  read.num_threads = options.num_threads;
  DayCounts out;
  out.holdout.assign(dataset.customer_count(), 0.0);
  std::vector<std::atomic<uint64_t>> counts(static_cast<size_t>(total_periods));
  for (std::atomic<uint64_t>& count : counts) count.store(0, std::memory_order_relaxed);
  internal::ForEachCustomerPurchaseDays(
      dataset, read, [&](size_t c, const std::vector<internal::DayTotal>& days) {
        if (days.empty() || !in_cohort[c]) return;
        uint64_t after = 0;
        for (size_t k = 0; k < days.size(); ++k) {
          if (days[k].day > options.calibration_end) ++after;
          if (k == 0) continue;  // the first purchase is not a repeat
          const double offset = static_cast<double>(days[k].day - origin);
          const size_t period = static_cast<size_t>(std::floor(offset / options.period_days));
          if (period < counts.size()) counts[period].fetch_add(1, std::memory_order_relaxed);
        }
        out.holdout[c] = static_cast<double>(after);
      });
  out.per_period.resize(counts.size());
  double running = 0;
  for (size_t k = 0; k < counts.size(); ++k) {
    running += static_cast<double>(counts[k].load(std::memory_order_relaxed));
    out.per_period[k] = running;
  }
  return out;
}

// The holdout data are in continuous time (x, t_x, T in periods); a
// discrete-time model would read them as opportunities and give nonsense.
absl::Status CheckContinuousTime(const FittedCountModel& model) {
  if (btyd::IsDiscreteTime(model.kind())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "holdout: ", std::string(model.name()),
        " is a discrete-time model; the holdout data are in continuous time"));
  }
  return absl::OkStatus();
}

// Rows of a caller-built HoldoutData index bins and map keys, so every value
// used so must be a finite number >= 0.
absl::Status CheckRowValue(const char* column, size_t row, double value) {
  if (!(value >= 0) || !std::isfinite(value)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "holdout: row ", row, ": ", column, " must be a finite number >= 0, got ", value));
  }
  return absl::OkStatus();
}

absl::Status CheckWeights(const LifetimeSummary& summary) {
  if (!summary.weight.empty() && summary.weight.size() != summary.size()) {
    return absl::InvalidArgumentError("holdout: weight has one value per row or none");
  }
  for (size_t i = 0; i < summary.weight.size(); ++i) {
    if (absl::Status status = CheckRowValue("weight", i, summary.weight[i]); !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<HoldoutData> SplitCalibrationHoldout(const Dataset& dataset,
                                                    const HoldoutOptions& options) {
  if (options.calibration_end == kNoDay || options.holdout_end == kNoDay) {
    return absl::InvalidArgumentError("holdout: calibration_end and holdout_end are required");
  }
  if (options.holdout_end <= options.calibration_end) {
    return absl::InvalidArgumentError(
        "holdout: holdout_end must come after calibration_end");
  }
  if (!(options.period_days > 0) || !std::isfinite(options.period_days)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "holdout: period_days must be a positive number, got ", options.period_days));
  }
  FeatureOptions calibration;
  calibration.as_of = options.calibration_end;
  calibration.returns = options.returns;
  calibration.btyd_period_days = options.period_days;
  calibration.num_threads = options.num_threads;
  absl::StatusOr<FeatureTable> features = ComputeFeatures(dataset, calibration);
  if (!features.ok()) return features.status();
  absl::StatusOr<LifetimeSummary> summary = LifetimeSummaryFromFeatures(*features);
  if (!summary.ok()) return summary.status();
  if (summary->size() == 0) {
    return absl::InvalidArgumentError("holdout: no customer bought in the calibration period");
  }
  HoldoutData data;
  data.calibration = *std::move(summary);
  const std::vector<double>& first = *features->Find(feature::kFirstPurchase);
  std::vector<char> in_cohort(dataset.customer_count(), 0);
  double earliest = first[data.calibration.customer[0]];
  for (uint32_t c : data.calibration.customer) {
    in_cohort[c] = 1;
    earliest = std::min(earliest, first[c]);
  }
  data.origin = static_cast<Day>(earliest);
  const double P = options.period_days;
  data.holdout_periods = static_cast<double>(options.holdout_end - options.calibration_end) / P;
  data.calibration_periods = static_cast<int>(
      std::ceil(static_cast<double>(options.calibration_end + 1 - data.origin) / P));
  data.total_periods = static_cast<int>(
      std::ceil(static_cast<double>(options.holdout_end + 1 - data.origin) / P));
  DayCounts counts = CountDays(dataset, options, in_cohort, data.origin, data.total_periods);
  data.actual_cumulative = std::move(counts.per_period);
  for (uint32_t c : data.calibration.customer) {
    data.holdout_purchases.push_back(counts.holdout[c]);
    data.birth.push_back((first[c] - earliest) / P);
  }
  return data;
}

absl::StatusOr<std::vector<FrequencyValidationRow>> HoldoutByFrequency(
    const FittedCountModel& model, const HoldoutData& data, int censor, int num_threads) {
  if (censor < 1 || censor > 1000) {
    return absl::InvalidArgumentError(
        absl::StrCat("holdout: censor must be in [1, 1000], got ", censor));
  }
  if (absl::Status status = CheckContinuousTime(model); !status.ok()) return status;
  const LifetimeSummary& summary = data.calibration;
  if (data.holdout_purchases.size() != summary.size()) {
    return absl::InvalidArgumentError("holdout: holdout_purchases has one value per row");
  }
  if (absl::Status status = CheckWeights(summary); !status.ok()) return status;
  for (size_t i = 0; i < summary.size(); ++i) {
    absl::Status status = CheckRowValue("x", i, summary.x[i]);
    if (status.ok()) {
      status = CheckRowValue("holdout_purchases", i, data.holdout_purchases[i]);
    }
    if (!status.ok()) return status;
  }
  absl::StatusOr<std::vector<double>> predicted =
      model.ExpectedPurchases(summary, data.holdout_periods, num_threads);
  if (!predicted.ok()) return predicted.status();
  std::vector<FrequencyValidationRow> rows(static_cast<size_t>(censor) + 1);
  for (size_t k = 0; k < rows.size(); ++k) rows[k].x = static_cast<int>(k);
  rows.back().and_more = true;
  for (size_t i = 0; i < summary.size(); ++i) {
    const double w = summary.weight.empty() ? 1.0 : summary.weight[i];
    const size_t bin = static_cast<size_t>(std::min<double>(summary.x[i], censor));
    rows[bin].customers += w;
    rows[bin].actual += w * data.holdout_purchases[i];
    rows[bin].predicted += w * (*predicted)[i];
  }
  for (FrequencyValidationRow& row : rows) {
    if (row.customers > 0) {
      row.actual /= row.customers;
      row.predicted /= row.customers;
    }
  }
  return rows;
}

absl::StatusOr<std::vector<TrackingPoint>> CumulativeTracking(const FittedCountModel& model,
                                                              const HoldoutData& data) {
  if (absl::Status status = CheckContinuousTime(model); !status.ok()) return status;
  const LifetimeSummary& summary = data.calibration;
  if (data.total_periods < 0 || data.birth.size() != summary.size() ||
      data.actual_cumulative.size() != static_cast<size_t>(data.total_periods)) {
    return absl::InvalidArgumentError("holdout: the holdout data are inconsistent");
  }
  if (absl::Status status = CheckWeights(summary); !status.ok()) return status;
  for (size_t i = 0; i < summary.size(); ++i) {
    if (absl::Status status = CheckRowValue("birth", i, data.birth[i]); !status.ok()) {
      return status;
    }
  }
  // Customers born on the same day share every expectation.
  std::map<double, double> weight_by_birth;
  for (size_t i = 0; i < summary.size(); ++i) {
    weight_by_birth[data.birth[i]] += summary.weight.empty() ? 1.0 : summary.weight[i];
  }
  std::vector<TrackingPoint> points(static_cast<size_t>(data.total_periods));
  for (size_t k = 0; k < points.size(); ++k) {
    const double end = static_cast<double>(k + 1);
    double expected = 0;
    for (const auto& [birth, weight] : weight_by_birth) {
      if (birth >= end) break;
      absl::StatusOr<double> purchases = model.ExpectedPurchasesOfNewCustomer(end - birth);
      if (!purchases.ok()) return purchases.status();
      expected += weight * *purchases;
    }
    points[k] = {static_cast<int>(k + 1), data.actual_cumulative[k], expected};
  }
  return points;
}

}  // namespace tessera
