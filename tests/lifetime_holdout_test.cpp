// Calibration/holdout validation (tessera/lifetime_holdout.h) on CDNOW: the
// split must give the published calibration summary, the published holdout
// counts and the published cumulative tracking series.
#include "tessera/lifetime_holdout.h"

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "lifetime_cdnow.h"
#include "tessera/dates.h"
#include "test_support.h"

namespace tessera {
namespace {

class CdnowHoldout : public ::testing::Test {
 protected:
  void SetUp() override {
    TESSERA_SHARED_FILE(sample_path, "cdnow/CDNOW_sample.txt");
    TESSERA_SHARED_FILE(summary_path, "cdnow/cdnow_summary_full_precision.csv");
    TESSERA_SHARED_FILE(tracking_path, "cdnow/cdnow_cumulative_tracking.csv");
    sample_ = testing::ReadCdnowSample(sample_path);
    reference_ = testing::ReadCdnowSummary(summary_path);
    tracking_ = testing::ReadTable(tracking_path, ',');
    absl::StatusOr<Dataset> dataset = sample_->Build();
    ASSERT_TRUE(dataset.ok()) << dataset.status();
    dataset_ = *std::move(dataset);
    // Fader, Hardie & Lee (2005): calibration 1997-01-01..1997-09-30 (39
    // weeks), holdout to 1998-06-30 (39 more weeks).
    HoldoutOptions options;
    options.calibration_end = *ParseDay("1997-09-30");
    options.holdout_end = *ParseDay("1998-06-30");
    absl::StatusOr<HoldoutData> data = SplitCalibrationHoldout(dataset_, options);
    ASSERT_TRUE(data.ok()) << data.status();
    data_ = *std::move(data);
  }

  std::unique_ptr<testing::CdnowSample> sample_;
  testing::CdnowSummary reference_;
  std::vector<std::vector<std::string>> tracking_;
  Dataset dataset_;
  HoldoutData data_;
};

// cdnow_summary_full_precision.csv holds x, t_x, T and x.star, the holdout
// repeat transactions, of every customer.
TEST_F(CdnowHoldout, SplitGivesThePublishedSummaryAndHoldoutCounts) {
  ASSERT_EQ(data_.calibration.size(), 2357u);
  EXPECT_EQ(data_.origin, *ParseDay("1997-01-01"));
  EXPECT_EQ(data_.calibration_periods, 39);
  EXPECT_EQ(data_.total_periods, 78);
  EXPECT_NEAR(data_.holdout_periods, 273.0 / 7, 1e-12);
  std::map<int64_t, size_t> row_of;
  for (size_t i = 0; i < reference_.id.size(); ++i) row_of[reference_.id[i]] = i;
  double holdout_total = 0;
  for (size_t r = 0; r < data_.calibration.size(); ++r) {
    const int64_t id = dataset_.customers.int_key(data_.calibration.customer[r]);
    ASSERT_EQ(row_of.count(id), 1u) << id;
    const size_t i = row_of[id];
    EXPECT_EQ(data_.calibration.x[r], reference_.summary.x[i]) << id;
    EXPECT_NEAR(data_.calibration.t_x[r], reference_.summary.t_x[i], 1e-9) << id;
    EXPECT_NEAR(data_.calibration.T[r], reference_.summary.T[i], 1e-9) << id;
    EXPECT_EQ(data_.holdout_purchases[r], reference_.x_star[i]) << id;
    // Born (first purchase) 272 days before 1997-09-30 less T weeks.
    EXPECT_NEAR(data_.birth[r], 272.0 / 7 - reference_.summary.T[i], 1e-9) << id;
    holdout_total += data_.holdout_purchases[r];
  }
  // The tracking file's last value less its week-39 value is the holdout.
  EXPECT_EQ(holdout_total, 4339 - 2457);
}

// cdnow_cumulative_tracking.csv: cumulative repeat transactions by week.
TEST_F(CdnowHoldout, ActualTrackingMatchesThePublishedSeries) {
  ASSERT_EQ(tracking_.size(), 79u);
  ASSERT_EQ(data_.actual_cumulative.size(), 78u);
  for (size_t week = 1; week <= 78; ++week) {
    EXPECT_EQ(data_.actual_cumulative[week - 1], std::stod(tracking_[week][1])) << week;
  }
}

TEST_F(CdnowHoldout, ValidationTablesAgreeWithThePerCustomerPredictions) {
  absl::StatusOr<FittedCountModel> fit = FitCountModel(CountModelKind::kBgNbd, data_.calibration);
  ASSERT_TRUE(fit.ok()) << fit.status();
  absl::StatusOr<std::vector<FrequencyValidationRow>> table =
      HoldoutByFrequency(*fit, data_, /*censor=*/7);
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->size(), 8u);
  absl::StatusOr<std::vector<double>> predicted =
      fit->ExpectedPurchases(data_.calibration, data_.holdout_periods);
  ASSERT_TRUE(predicted.ok());
  // The same bins formed here from the rows.
  std::vector<double> customers(8), actual(8), expected(8);
  for (size_t r = 0; r < data_.calibration.size(); ++r) {
    const size_t bin = static_cast<size_t>(std::fmin(data_.calibration.x[r], 7));
    customers[bin] += 1;
    actual[bin] += data_.holdout_purchases[r];
    expected[bin] += (*predicted)[r];
  }
  double total_customers = 0;
  for (size_t k = 0; k < 8; ++k) {
    const FrequencyValidationRow& row = (*table)[k];
    EXPECT_EQ(row.x, static_cast<int>(k));
    EXPECT_EQ(row.and_more, k == 7);
    EXPECT_EQ(row.customers, customers[k]);
    EXPECT_NEAR(row.actual, actual[k] / customers[k], 1e-12);
    EXPECT_NEAR(row.predicted, expected[k] / customers[k], 1e-12);
    total_customers += row.customers;
  }
  EXPECT_EQ(total_customers, 2357);
  EXPECT_EQ((*table)[0].customers, 1411);  // REFERENCE.md: 946 of 2,357 repeat

  absl::StatusOr<std::vector<TrackingPoint>> tracking = CumulativeTracking(*fit, data_);
  ASSERT_TRUE(tracking.ok()) << tracking.status();
  ASSERT_EQ(tracking->size(), 78u);
  EXPECT_TRUE(std::isfinite((*tracking)[0].expected));
  for (size_t k = 1; k < tracking->size(); ++k) {
    EXPECT_GE((*tracking)[k].expected, (*tracking)[k - 1].expected);
  }
  // Fader, Hardie & Lee (2005, figure 2) show the BG/NBD tracking the
  // cumulative repeat purchases closely through both periods.
  EXPECT_NEAR((*tracking)[38].expected / (*tracking)[38].actual, 1.0, 0.05);
  EXPECT_NEAR((*tracking)[77].expected / (*tracking)[77].actual, 1.0, 0.05);
}

TEST(Holdout, DatesAreChecked) {
  Dataset empty;
  HoldoutOptions options;
  EXPECT_FALSE(SplitCalibrationHoldout(empty, options).ok());
  options.calibration_end = 100;
  options.holdout_end = 50;
  EXPECT_FALSE(SplitCalibrationHoldout(empty, options).ok());
}

// Three customers built by hand, as a host might ship them.
HoldoutData HandBuiltData() {
  HoldoutData data;
  data.calibration.x = {0, 2, 5};
  data.calibration.t_x = {0, 10, 20};
  data.calibration.T = {30, 25, 21};
  data.holdout_purchases = {0, 1, 3};
  data.birth = {0, 5, 9};
  data.holdout_periods = 10;
  data.calibration_periods = 30;
  data.total_periods = 40;
  data.actual_cumulative.assign(40, 0.0);
  return data;
}

FittedCountModel PublishedBgNbd() {
  // Fader, Hardie & Lee (2005): BG/NBD on CDNOW.
  return *CountModelWithParameters(CountModelKind::kBgNbd, {0.243, 4.414, 0.793, 2.426});
}

void ExpectRowError(const absl::Status& status, const std::string& where) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_NE(status.message().find(where), std::string::npos) << status;
}

TEST(Holdout, HandBuiltRowsAreChecked) {
  const FittedCountModel model = PublishedBgNbd();
  ASSERT_TRUE(HoldoutByFrequency(model, HandBuiltData(), 3).ok());
  ASSERT_TRUE(CumulativeTracking(model, HandBuiltData()).ok());
  const double nan = std::nan("");
  for (double bad : {nan, -1.0, -1e300, HUGE_VAL}) {
    HoldoutData data = HandBuiltData();
    data.calibration.x[1] = bad;
    ExpectRowError(HoldoutByFrequency(model, data, 3).status(), "row 1: x");
    data = HandBuiltData();
    data.holdout_purchases[2] = bad;
    ExpectRowError(HoldoutByFrequency(model, data, 3).status(), "row 2: holdout_purchases");
    data = HandBuiltData();
    data.birth[0] = bad;
    ExpectRowError(CumulativeTracking(model, data).status(), "row 0: birth");
    data = HandBuiltData();
    data.calibration.weight = {1, bad, 1};
    ExpectRowError(HoldoutByFrequency(model, data, 3).status(), "row 1: weight");
    ExpectRowError(CumulativeTracking(model, data).status(), "row 1: weight");
  }
  HoldoutData data = HandBuiltData();
  data.calibration.weight = {1, 1};
  EXPECT_FALSE(CumulativeTracking(model, data).ok());
  data = HandBuiltData();
  data.total_periods = -1;
  EXPECT_FALSE(CumulativeTracking(model, data).ok());
}

// BG/BB reads x, t_x and T as opportunities; the holdout data are periods of
// continuous time.
TEST(Holdout, DiscreteTimeModelsAreRejected) {
  // Fader, Hardie & Shang (2010): BG/BB on the donations data.
  absl::StatusOr<FittedCountModel> bgbb =
      CountModelWithParameters(CountModelKind::kBgBb, {1.204, 0.750, 0.657, 2.783});
  ASSERT_TRUE(bgbb.ok()) << bgbb.status();
  ExpectRowError(HoldoutByFrequency(*bgbb, HandBuiltData(), 3).status(), "discrete-time");
  ExpectRowError(CumulativeTracking(*bgbb, HandBuiltData()).status(), "discrete-time");
}

}  // namespace
}  // namespace tessera
