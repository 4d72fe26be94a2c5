#include "tessera/rfm.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "quantile.h"
#include "rfm_breaks.h"
#include "tessera/dataset.h"
#include "tessera/dates.h"
#include "tessera/pipeline.h"
#include "test_support.h"

namespace tessera {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct RfmRun {
  ScoreTable scores;
  std::vector<std::string> warnings;

  std::vector<double> Numeric(const char* name) const {
    const ScoreColumn* column = scores.Find(name);
    EXPECT_NE(column, nullptr) << name;
    return column == nullptr ? std::vector<double>{} : column->numeric;
  }
  std::vector<std::string> Segments() const {
    const ScoreColumn* column = scores.Find("rfm.segment");
    EXPECT_NE(column, nullptr);
    std::vector<std::string> names;
    if (column == nullptr) return names;
    for (int32_t code : column->codes) names.push_back(column->labels[static_cast<size_t>(code)]);
    return names;
  }
};

// Scores given per-customer features directly, so that the cases below
// control recency, frequency and monetary exactly.
RfmRun ScoreFeatures(const std::vector<double>& recency,
                     const std::vector<double>& frequency,
                     const std::vector<double>& monetary, RfmOptions options = {},
                     int threads = 1) {
  FeatureTable features(recency.size());
  features.Add(std::string(feature::kRecencyDays), "") = recency;
  features.Add(std::string(feature::kFrequency), "") = frequency;
  features.Add(std::string(feature::kMonetary), "") = monetary;
  Dataset dataset;
  FeatureOptions feature_options;
  feature_options.num_threads = threads;
  ScoreTable earlier(recency.size());
  RfmRun run{ScoreTable(recency.size()), {}};
  absl::StatusOr<std::unique_ptr<Strategy>> strategy = MakeRfmStrategy(std::move(options));
  EXPECT_TRUE(strategy.ok()) << strategy.status();
  if (!strategy.ok()) return run;
  StrategyInput input{dataset, feature_options, features, earlier};
  absl::Status status = (*strategy)->Score(input, run.scores, run.warnings);
  EXPECT_TRUE(status.ok()) << status;
  return run;
}

// The same values in all three dimensions: r = bins + 1 - f, and f = m.
RfmRun ScoreSame(const std::vector<double>& values, RfmOptions options = {}) {
  return ScoreFeatures(values, values, values, std::move(options));
}

// Source: REFERENCE.md, the example rows of the R package rfm's README
// (rfm_table_order on rfm_data_orders, analysis date 2006-12-31).
TEST(RfmReference, FiveExampleRowsOfThePackageReadme) {
  TESSERA_SHARED_FILE(path, "rfm_orders/rfm_data_orders.csv");
  std::vector<std::vector<std::string>> rows = testing::ReadTable(path, ',');
  ASSERT_GT(rows.size(), 1u);
  ASSERT_EQ(rows[0][0], "customer_id");
  std::vector<std::string_view> keys;
  std::vector<Day> days;
  std::vector<double> amounts;
  for (size_t i = 1; i < rows.size(); ++i) {
    keys.push_back(rows[i][0]);
    std::optional<Day> day = ParseDay(rows[i][1]);
    ASSERT_TRUE(day.has_value()) << rows[i][1];
    days.push_back(*day);
    amounts.push_back(std::stod(rows[i][2]));
  }
  TransactionColumns columns;
  columns.string_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customer_count(), 995u);  // data/README.md
  RunOptions options;
  options.features.as_of = *ParseDay("2006-12-31");
  options.strategies = {{"rfm", {}}};
  absl::StatusOr<RunResult> result = tessera::Run(*dataset, options);
  ASSERT_TRUE(result.ok()) << result.status();

  struct Expected {
    const char* customer;
    double recency, frequency, monetary, score;
  };
  const Expected expected[] = {
      {"Abbey O'Reilly", 205, 6, 472, 343}, {"Add Senger", 140, 3, 340, 412},
      {"Aden Lesch", 194, 4, 405, 323},     {"Aden Murphy", 98, 7, 596, 544},
      {"Admiral Senger", 132, 5, 448, 433},
  };
  const std::vector<double>& recency = *result->features.Find(feature::kRecencyDays);
  const std::vector<double>& frequency = *result->features.Find(feature::kFrequency);
  const std::vector<double>& monetary = *result->features.Find(feature::kMonetary);
  const std::vector<double>& score = result->scores.Find("rfm.score")->numeric;
  for (const Expected& row : expected) {
    int64_t c = dataset->customers.Find(std::string_view(row.customer));
    ASSERT_GE(c, 0) << row.customer;
    size_t i = static_cast<size_t>(c);
    EXPECT_EQ(recency[i], row.recency) << row.customer;
    EXPECT_EQ(frequency[i], row.frequency) << row.customer;
    EXPECT_EQ(monetary[i], row.monetary) << row.customer;
    EXPECT_EQ(score[i], row.score) << row.customer;
  }

  // The package's custom-threshold example (R/rfm-table-transaction.R):
  // recency 115, 181, 297, 482; frequency 4, 5, 6, 8; monetary 256, 382,
  // 506, 666. By hand from the rows above: Abbey O'Reilly 205 -> bin 3 of
  // recency -> R 3, 6 orders -> F 4 (6 is a break: upper bin), 472 -> M 3;
  // Add Senger 140 -> R 4, 3 -> F 1, 340 -> M 2; Aden Lesch 194 -> R 3,
  // 4 -> F 2 (on a break), 405 -> M 3; Aden Murphy 98 -> R 5, 7 -> F 4,
  // 596 -> M 4; Admiral Senger 132 -> R 4, 5 -> F 3, 448 -> M 3.
  absl::StatusOr<StrategyParams> params = StrategyParams::Parse(
      "r_breaks=115;181;297;482, f_breaks=4;5;6;8, m_breaks=256;382;506;666");
  ASSERT_TRUE(params.ok()) << params.status();
  options.strategies = {{"rfm", *params}};
  absl::StatusOr<RunResult> custom = tessera::Run(*dataset, options);
  ASSERT_TRUE(custom.ok()) << custom.status();
  const double custom_scores[] = {343, 412, 323, 544, 433};
  for (size_t k = 0; k < 5; ++k) {
    size_t i = static_cast<size_t>(dataset->customers.Find(std::string_view(expected[k].customer)));
    EXPECT_EQ(custom->scores.Find("rfm.score")->numeric[i], custom_scores[k])
        << expected[k].customer;
  }
}

// Source: the R package rfm's tests/testthat/test-utils.R, "output from bins
// is as expected": bins(mtcars, mpg, 5) = 16.20, 18.92, 22.00, 25.08. mpg of
// R's mtcars (Henderson & Velleman 1981), in the data set's row order.
TEST(RfmQuantile, PackageBreakPointsOnMtcars) {
  std::vector<double> mpg = {21.0, 21.0, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4,
                             22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4,
                             14.7, 32.4, 30.4, 33.9, 21.5, 15.5, 15.2, 13.3,
                             19.2, 27.3, 26.0, 30.4, 15.8, 19.7, 15.0, 21.4};
  std::vector<double> breaks = internal::QuantileBreaks(mpg, 5);
  ASSERT_EQ(breaks.size(), 4u);
  EXPECT_NEAR(breaks[0], 16.20, 1e-12);
  EXPECT_NEAR(breaks[1], 18.92, 1e-12);
  EXPECT_NEAR(breaks[2], 22.00, 1e-12);
  EXPECT_NEAR(breaks[3], 25.08, 1e-12);
}

// Seven values 10..70 (in scrambled order): index = 1 + 6p gives 2.2, 3.4,
// 4.6, 5.8, so the quantiles are 20 + 0.2*10 = 22, 30 + 0.4*10 = 34, 46 and
// 58, and the break points 23, 35, 47, 59.
TEST(RfmQuantile, Type7InterpolatesBetweenOrderStatistics) {
  std::vector<double> values = {40, 10, 70, 20, 60, 30, 50};
  std::vector<double> breaks = internal::QuantileBreaks(values, 5);
  ASSERT_EQ(breaks.size(), 4u);
  EXPECT_DOUBLE_EQ(breaks[0], 23);
  EXPECT_DOUBLE_EQ(breaks[1], 35);
  EXPECT_DOUBLE_EQ(breaks[2], 47);
  EXPECT_DOUBLE_EQ(breaks[3], 59);
  std::vector<double> probs = {0, 0.5, 1};
  std::vector<double> scratch = {3, 1, 2, 5, 4};
  EXPECT_EQ(internal::QuantilesType7(scratch, probs), (std::vector<double>{1, 3, 5}));
}

// Eleven values 1..11: index = 1 + 10p = 3, 5, 7, 9, so the break points are
// 4, 6, 8, 10, and a value equal to a break point goes to the upper bin:
// 1-3 -> bin 1, 4-5 -> 2, 6-7 -> 3, 8-9 -> 4, 10-11 -> 5. Recency runs the
// other way: 1-3 days -> R 5.
TEST(RfmQuantile, HalfOpenBinsAndReversedRecency) {
  std::vector<double> values = {5, 1, 11, 2, 10, 3, 9, 4, 8, 6, 7};
  RfmRun run = ScoreSame(values);
  const std::vector<double> bins = {2, 1, 5, 1, 5, 1, 4, 2, 4, 3, 3};
  std::vector<double> recency(bins.size()), score(bins.size());
  for (size_t i = 0; i < bins.size(); ++i) {
    recency[i] = 6 - bins[i];
    score[i] = 100 * recency[i] + 10 * bins[i] + bins[i];
  }
  EXPECT_EQ(run.Numeric("rfm.f"), bins);
  EXPECT_EQ(run.Numeric("rfm.m"), bins);
  EXPECT_EQ(run.Numeric("rfm.r"), recency);
  EXPECT_EQ(run.Numeric("rfm.score"), score);
  EXPECT_TRUE(run.warnings.empty());
}

// R builds the probabilities as seq(0, 1, length.out = 6), i.e. i * 0.2, and
// 3 * 0.2 = 0.6000000000000001 in doubles. On 1,2,2,3,3,4,4,5,5,6,6 the 60%
// index is 1 + 10 * 0.6000000000000001 = 7.000000000000001, so R blends
// x(7) = 4 with x(8) = 5 by h = 8.9e-16 and gets 4.000000000000001: the
// break point is 5.000000000000001, not 5, and the customers with 5 land in
// bin 3 beside those with 4 (bin 4 stays empty). The other break points are
// 3 (index 3), 4 (index 5) and 6 (index 9).
TEST(RfmQuantile, ProbabilitiesAreRsSequenceToTheLastBit) {
  std::vector<double> values = {1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6};
  std::vector<double> scratch = values;
  std::vector<double> breaks = internal::QuantileBreaks(scratch, 5);
  ASSERT_EQ(breaks.size(), 4u);
  EXPECT_EQ(breaks[0], 3);
  EXPECT_EQ(breaks[1], 4);
  EXPECT_GT(breaks[2], 5);
  EXPECT_EQ(breaks[2], std::nextafter(5.0, 6.0));
  EXPECT_EQ(breaks[3], 6);
  RfmRun run = ScoreFeatures(std::vector<double>(values.size(), 1),
                             std::vector<double>(values.size(), 1), values);
  EXPECT_EQ(run.Numeric("rfm.m"),
            (std::vector<double>{1, 1, 1, 2, 2, 3, 3, 3, 3, 5, 5}));
}

// Scores forced through custom break points 2;3;4;5 in every dimension:
// frequency and monetary v -> v, recency v -> 6 - v.
RfmRun ScoreTriples(const std::vector<std::array<int, 3>>& rfm, RfmOptions options = {}) {
  options.recency_breaks = options.frequency_breaks = options.monetary_breaks = {2, 3, 4, 5};
  std::vector<double> recency, frequency, monetary;
  for (const auto& [r, f, m] : rfm) {
    recency.push_back(6 - r);
    frequency.push_back(f);
    monetary.push_back(m);
  }
  return ScoreFeatures(recency, frequency, monetary, std::move(options));
}

TEST(RfmCustomBreaks, ValueOnABreakPointGoesUp) {
  RfmOptions options;
  options.recency_breaks = {115, 181, 297, 482};
  options.frequency_breaks = {4, 5, 6, 8};
  options.monetary_breaks = {256, 382, 506, 666};
  // 115 days is on the first recency break: bin 2, R 4. 114 days: R 5.
  // 482 days: bin 5, R 1. 8 orders: F 5; 7: F 4. 255.5: M 1; 666: M 5.
  RfmRun run = ScoreFeatures({115, 114, 482}, {8, 7, 1}, {255.5, 666, 1000}, options);
  EXPECT_EQ(run.Numeric("rfm.r"), (std::vector<double>{4, 5, 1}));
  EXPECT_EQ(run.Numeric("rfm.f"), (std::vector<double>{5, 4, 1}));
  EXPECT_EQ(run.Numeric("rfm.m"), (std::vector<double>{1, 5, 5}));
  EXPECT_EQ(run.Numeric("rfm.score"), (std::vector<double>{451, 545, 115}));
}

// Against the table in REFERENCE.md: (5,5,5) is Champions and Loyal
// Customers -> Champions; (3,3,3) is Loyal Customers, Potential Loyalist and
// Need Attention -> Loyal Customers; (4,1,1) is Potential Loyalist and New
// Customers -> Potential Loyalist; (1,4,5) is At Risk and Can't Lose Them ->
// At Risk; (1,1,1) -> Lost; (2,1,3) matches no row -> Others; (2,2,2) ->
// Need Attention; (2,1,1) -> About To Sleep.
TEST(RfmSegments, FirstMatchWinsAndOthers) {
  RfmRun run = ScoreTriples(
      {{5, 5, 5}, {3, 3, 3}, {4, 1, 1}, {1, 4, 5}, {1, 1, 1}, {2, 1, 3}, {2, 2, 2}, {2, 1, 1}});
  EXPECT_EQ(run.Numeric("rfm.score"),
            (std::vector<double>{555, 333, 411, 145, 111, 213, 222, 211}));
  EXPECT_EQ(run.Segments(),
            (std::vector<std::string>{"Champions", "Loyal Customers", "Potential Loyalist",
                                      "At Risk", "Lost", "Others", "Need Attention",
                                      "About To Sleep"}));
  const ScoreColumn* segment = run.scores.Find("rfm.segment");
  ASSERT_NE(segment, nullptr);
  EXPECT_EQ(segment->kind, ScoreColumn::Kind::kCategorical);
  EXPECT_EQ(segment->labels,
            (std::vector<std::string>{"Champions", "Loyal Customers", "Potential Loyalist",
                                      "New Customers", "Promising", "Need Attention",
                                      "About To Sleep", "At Risk", "Can't Lose Them", "Lost",
                                      "Others", "Prospect"}));
}

TEST(RfmSegments, CustomTableWithARepeatedName) {
  RfmOptions options;
  options.segments = {{"Best", 5, 5, 5, 5, 5, 5},
                      {"Edge", 1, 1, 1, 5, 1, 5},
                      {"Best", 4, 5, 4, 5, 4, 5},
                      {"Never", 5, 5, 5, 5, 5, 5}};
  options.fallback_segment = "Rest";
  RfmRun run = ScoreTriples({{5, 5, 5}, {4, 4, 5}, {1, 5, 5}, {3, 3, 3}}, options);
  EXPECT_EQ(run.Segments(), (std::vector<std::string>{"Best", "Best", "Edge", "Rest"}));
  EXPECT_EQ(run.scores.Find("rfm.segment")->labels,
            (std::vector<std::string>{"Best", "Edge", "Never", "Rest", "Prospect"}));
}

TEST(RfmSegments, EmptyTablePutsEveryBuyerInTheFallback) {
  RfmOptions options;
  options.segments.clear();
  RfmRun run = ScoreTriples({{5, 5, 5}, {1, 1, 1}}, options);
  EXPECT_EQ(run.Segments(), (std::vector<std::string>{"Others", "Others"}));
  EXPECT_EQ(run.scores.Find("rfm.segment")->labels,
            (std::vector<std::string>{"Others", "Prospect"}));
  // Two customers cannot fill five custom bins either.
  ASSERT_EQ(run.warnings.size(), 4u);
  EXPECT_EQ(run.warnings[0],
            "rfm: recency scores 2, 3, 4 are empty with break points 2, 3, 4, 5 (custom "
            "break points)");
  EXPECT_EQ(run.warnings[3],
            "rfm: the segment table is empty, so every customer who bought is 'Others'");
}

// Prospects (frequency 0, recency NaN) stay out of the break points: the
// buyers 1..11 score exactly as in HalfOpenBinsAndReversedRecency.
TEST(RfmProspects, ScoreZeroAndTakeNoPartInTheBreakPoints) {
  std::vector<double> recency = {kNaN, 5, 1, 11, 2, 10, 3, 9, 4, 8, 6, 7, kNaN};
  std::vector<double> frequency = {0, 5, 1, 11, 2, 10, 3, 9, 4, 8, 6, 7, 0};
  std::vector<double> monetary = {0, 5, 1, 11, 2, 10, 3, 9, 4, 8, 6, 7, -20};
  RfmRun run = ScoreFeatures(recency, frequency, monetary);
  EXPECT_EQ(run.Numeric("rfm.f"),
            (std::vector<double>{0, 2, 1, 5, 1, 5, 1, 4, 2, 4, 3, 3, 0}));
  EXPECT_EQ(run.Numeric("rfm.r"),
            (std::vector<double>{0, 4, 5, 1, 5, 1, 5, 2, 4, 2, 3, 3, 0}));
  std::vector<double> score = run.Numeric("rfm.score");
  EXPECT_EQ(score[0], 0);
  EXPECT_EQ(score[12], 0);
  for (double s : score) EXPECT_FALSE(std::isnan(s));
  std::vector<std::string> segments = run.Segments();
  EXPECT_EQ(segments[0], "Prospect");
  EXPECT_EQ(segments[12], "Prospect");
  EXPECT_EQ(segments[3], "At Risk");  // (1, 5, 5)
  EXPECT_TRUE(run.warnings.empty());
}

// Through the pipeline: customer 200 is listed in the customer table but never
// bought; 100 and 300 bought once each.
TEST(RfmProspects, FromTheCustomerTable) {
  std::vector<int64_t> listed = {100, 200};
  CustomerColumns customers;
  customers.int_keys = listed;
  std::vector<int64_t> keys = {300, 100};
  std::vector<Day> days = {*ParseDay("2024-01-02"), *ParseDay("2024-01-03")};
  std::vector<double> amounts = {5, 6};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(customers, columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  RunOptions options;
  options.features.as_of = *ParseDay("2024-01-10");
  absl::StatusOr<RunResult> result = tessera::Run(*dataset, options);
  ASSERT_TRUE(result.ok()) << result.status();
  size_t prospect = static_cast<size_t>(dataset->customers.Find(int64_t{200}));
  const ScoreColumn* segment = result->scores.Find("rfm.segment");
  ASSERT_NE(segment, nullptr);
  EXPECT_EQ(segment->labels[static_cast<size_t>(segment->codes[prospect])], "Prospect");
  for (const char* name : {"rfm.r", "rfm.f", "rfm.m", "rfm.score"}) {
    EXPECT_EQ(result->scores.Find(name)->numeric[prospect], 0) << name;
  }
}

// Twenty customers, frequency 1 x10, 2 x4, 3 x3, then 4, 5 and 6; recency
// and monetary 1..20, all distinct.
struct TiedFrequency {
  std::vector<double> frequency = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                   2, 2, 2, 2, 3, 3, 3, 4, 5, 6};
  std::vector<double> distinct = std::vector<double>(20);
  TiedFrequency() { std::iota(distinct.begin(), distinct.end(), 1.0); }
};

// R quantiles: index = 1 + 19p = 4.8, 8.6, 12.4, 16.2 fall on x = 1, 1, 2, 3
// with equal neighbours, so the break points are 2, 2, 3, 4: bin 2 is
// [2, 2), empty; 1 -> F 1, 2 -> F 3, 3 -> F 4, 4..6 -> F 5. Recency and
// monetary 1..20 break at 5.8, 9.6, 13.4, 17.2: no bin is empty.
TEST(RfmTies, QuantileBinningReproducesREmptyBinsAndWarns) {
  TiedFrequency data;
  RfmRun run = ScoreFeatures(data.distinct, data.frequency, data.distinct);
  EXPECT_EQ(run.Numeric("rfm.f"), (std::vector<double>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                                        3, 3, 3, 3, 4, 4, 4, 5, 5, 5}));
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_EQ(run.warnings[0],
            "rfm: frequency score 2 is empty with break points 2, 2, 3, 4 (R rfm "
            "quantiles; tied values make break points coincide); binning=tie_aware "
            "assigns each distinct value wholly to one bin");
}

// Tie-aware on the frequencies (N = 20, 5 bins; positions count values):
//  cut 1 aims at 0 + 20/5 = 4, inside the 1s [0, 10): boundary 0 is the
//    previous cut, so 10; break 2.
//  cut 2 aims at 10 + 10/4 = 12.5, inside the 2s [10, 14): 10 is taken, so
//    14; break 3.
//  cut 3 aims at 14 + 6/3 = 16, inside the 3s [14, 17): 17; break 4.
//  cut 4 aims at 17 + 3/2 = 18.5, between boundaries 18 and 19, equally near:
//    the lower, 18; break 5.
// Sizes 10, 4, 3, 1, 2. On the distinct 1..20 every cut lands on its target
// 4, 8, 12, 16: sizes 4 each.
TEST(RfmTies, TieAwareBinningKeepsTiesTogether) {
  TiedFrequency data;
  std::vector<double> scratch = data.frequency;
  EXPECT_EQ(internal::TieAwareBreaks(scratch, 5), (std::vector<double>{2, 3, 4, 5}));
  RfmOptions options;
  options.binning = RfmBinning::kTieAware;
  RfmRun run = ScoreFeatures(data.distinct, data.frequency, data.distinct, options);
  EXPECT_EQ(run.Numeric("rfm.f"), (std::vector<double>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                                        2, 2, 2, 2, 3, 3, 3, 4, 5, 5}));
  std::vector<double> m = run.Numeric("rfm.m");
  std::vector<double> r = run.Numeric("rfm.r");
  for (size_t i = 0; i < 20; ++i) {
    EXPECT_EQ(m[i], 1 + static_cast<double>(i / 4)) << i;
    EXPECT_EQ(r[i], 5 - static_cast<double>(i / 4)) << i;
  }
  EXPECT_TRUE(run.warnings.empty());
}

// Ten values 1,1,2,3,4,4,4,4,4,4 in 4 bins (4 distinct values, so one each).
// Cut 2 aims at 2 + 8/3 = 4.67, inside the 4s [4, 10); both ends would leave
// a later bin without a value, so the cut goes to 3, just below the 4s.
TEST(RfmTies, TieAwareLeavesEveryBinAValue) {
  std::vector<double> values = {4, 1, 4, 2, 4, 3, 4, 1, 4, 4};
  EXPECT_EQ(internal::TieAwareBreaks(values, 4), (std::vector<double>{2, 3, 4}));
  // 1 x8, 2, 3 in 3 bins: cut 1 aims at 3.33 in the 1s [0, 8) -> 8;
  // cut 2 aims at 8 + 2/2 = 9 -> 9. Sizes 8, 1, 1.
  std::vector<double> heavy = {1, 1, 1, 3, 1, 1, 2, 1, 1, 1};
  EXPECT_EQ(internal::TieAwareBreaks(heavy, 3), (std::vector<double>{2, 3}));
}

TEST(RfmTies, TieAwareWithFewerDistinctValuesThanBins) {
  RfmOptions options;
  options.binning = RfmBinning::kTieAware;
  RfmRun run = ScoreFeatures({1, 2, 3, 4, 5}, {7, 9, 7, 7, 9}, {1, 2, 3, 4, 5}, options);
  EXPECT_EQ(run.Numeric("rfm.f"), (std::vector<double>{1, 2, 1, 1, 2}));
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_EQ(run.warnings[0],
            "rfm: frequency scores 3, 4, 5 are empty with break points 9, inf, inf, inf "
            "(fewer distinct values than the 5 bins)");
}

// The rule of RfmBinning::kTieAware written the slow way, on the sorted
// distinct values, to check the selection-based version on many inputs.
std::vector<double> TieAwareBySorting(std::vector<double> values, int bins) {
  std::sort(values.begin(), values.end());
  std::vector<double> distinct;
  std::vector<uint64_t> boundary = {0};  // position after each distinct value
  for (size_t i = 0; i < values.size(); ++i) {
    if (i + 1 == values.size() || values[i + 1] != values[i]) {
      distinct.push_back(values[i]);
      boundary.push_back(i + 1);
    }
  }
  const size_t d = distinct.size(), n = static_cast<size_t>(bins);
  std::vector<double> breaks;
  if (d < n) {
    breaks.assign(distinct.begin() + 1, distinct.end());
    breaks.resize(n - 1, kInf);
    return breaks;
  }
  const double total = static_cast<double>(values.size());
  size_t prev = 0;  // index into boundary
  for (size_t k = 1; k < n; ++k) {
    const double p = static_cast<double>(boundary[prev]);
    const double target = p + (total - p) / static_cast<double>(n - k + 1);
    size_t best = prev + 1;
    for (size_t j = prev + 1; j <= d - (n - k); ++j) {
      if (std::abs(static_cast<double>(boundary[j]) - target) <
          std::abs(static_cast<double>(boundary[best]) - target) - 1e-9) {
        best = j;
      }
    }
    breaks.push_back(distinct[best]);
    prev = best;
  }
  return breaks;
}

TEST(RfmTies, TieAwareAgreesWithASortingReference) {
  uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  for (int trial = 0; trial < 300; ++trial) {
    const size_t size = 1 + next() % 400;
    const uint64_t spread = 1 + next() % (trial % 3 == 0 ? 4 : trial % 3 == 1 ? 30 : 100000);
    std::vector<double> values(size);
    for (double& v : values) {
      // Squaring skews towards small values: heavy ties at the low end.
      const uint64_t u = next() % spread;
      v = static_cast<double>(u * u / spread);
    }
    const int bins = 2 + static_cast<int>(next() % 8);
    std::vector<double> scratch = values;
    ASSERT_EQ(internal::TieAwareBreaks(scratch, bins), TieAwareBySorting(values, bins))
        << "trial " << trial << ", " << size << " values, " << bins << " bins";
  }
}

// Arrays large enough for RankFinder's sampling path (it copies and selects
// below 32768 values), in shapes that stress it: distinct values, heavy ties
// at the low end, two values, one value, ascending order.
std::vector<std::vector<double>> LargeArrays() {
  const size_t n = 100000;
  uint64_t state = 2024;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  std::vector<std::vector<double>> arrays(5, std::vector<double>(n));
  for (size_t i = 0; i < n; ++i) {
    arrays[0][i] = static_cast<double>(next() % 10000000) / 100;
    const uint64_t u = next() % 100;
    arrays[1][i] = u < 60 ? 1 : static_cast<double>(2 + u % 7);  // CDNOW-like
    arrays[2][i] = static_cast<double>(next() % 2) * 3.5;
    arrays[3][i] = 42;
    arrays[4][i] = static_cast<double>(i / 3);
  }
  return arrays;
}

TEST(RfmRankFinder, AgreesWithASortedCopyOnLargeArrays) {
  for (const std::vector<double>& values : LargeArrays()) {
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    const uint64_t n = sorted.size();
    const std::vector<uint64_t> ranks = {0, 1, n / 5, n / 5 + 1, n / 2, 3 * n / 4, n - 2, n - 1};
    const std::vector<internal::RankInfo> found = internal::RankFinder(values).Find(ranks);
    ASSERT_EQ(found.size(), ranks.size());
    for (size_t k = 0; k < ranks.size(); ++k) {
      const double v = sorted[ranks[k]];
      auto lower = std::lower_bound(sorted.begin(), sorted.end(), v);
      auto upper = std::upper_bound(sorted.begin(), sorted.end(), v);
      EXPECT_EQ(found[k].value, v) << "rank " << ranks[k];
      EXPECT_EQ(found[k].below, static_cast<uint64_t>(lower - sorted.begin())) << ranks[k];
      EXPECT_EQ(found[k].not_above, static_cast<uint64_t>(upper - sorted.begin())) << ranks[k];
      EXPECT_EQ(found[k].next, upper == sorted.end() ? kInf : *upper) << ranks[k];
    }
  }
}

// R's type 7 formula applied to a fully sorted copy.
std::vector<double> Type7BySorting(std::vector<double> values, const std::vector<double>& probs) {
  std::sort(values.begin(), values.end());
  std::vector<double> q;
  for (double p : probs) {
    const double index = 1 + static_cast<double>(values.size() - 1) * p;
    const double lo = std::floor(index);
    const double x_lo = values[static_cast<size_t>(lo) - 1];
    const double x_hi = values[static_cast<size_t>(std::ceil(index)) - 1];
    const double h = index - lo;
    q.push_back(index > lo && x_hi != x_lo ? (1 - h) * x_lo + h * x_hi : x_lo);
  }
  return q;
}

TEST(RfmRankFinder, QuantilesAndTieAwareBreaksOnLargeArrays) {
  for (const std::vector<double>& values : LargeArrays()) {
    for (int bins : {2, 5, 9}) {
      const std::vector<double> probs = internal::EqualStepProbabilities(bins);
      EXPECT_EQ(internal::QuantilesType7(values, probs), Type7BySorting(values, probs))
          << bins << " bins";
      EXPECT_EQ(internal::TieAwareBreaks(values, bins), TieAwareBySorting(values, bins))
          << bins << " bins";
    }
  }
}

TEST(RfmEdgeCases, AllValuesEqual) {
  // Quantiles all equal x, break points x + 1: everyone in bin 1, so F 1,
  // M 1 and (reversed) R 5: 511, Potential Loyalist.
  for (RfmBinning binning : {RfmBinning::kQuantile, RfmBinning::kTieAware}) {
    RfmOptions options;
    options.binning = binning;
    RfmRun run = ScoreFeatures({30, 30, 30}, {2, 2, 2}, {50, 50, 50}, options);
    EXPECT_EQ(run.Numeric("rfm.score"), (std::vector<double>{511, 511, 511}));
    EXPECT_EQ(run.Segments(), std::vector<std::string>(3, "Potential Loyalist"));
    ASSERT_EQ(run.warnings.size(), 3u);
    EXPECT_EQ(run.warnings[0].rfind("rfm: recency scores 1, 2, 3, 4 are empty", 0), 0u)
        << run.warnings[0];
    EXPECT_EQ(run.warnings[1].rfind("rfm: frequency scores 2, 3, 4, 5 are empty", 0), 0u)
        << run.warnings[1];
  }
}

TEST(RfmEdgeCases, OneCustomer) {
  RfmRun run = ScoreFeatures({12}, {1}, {9.5});
  EXPECT_EQ(run.Numeric("rfm.score"), (std::vector<double>{511}));
}

TEST(RfmEdgeCases, EmptyDatasetAndOnlyProspects) {
  RfmRun empty = ScoreFeatures({}, {}, {});
  EXPECT_EQ(empty.scores.columns().size(), 5u);
  EXPECT_TRUE(empty.Numeric("rfm.score").empty());
  EXPECT_TRUE(empty.warnings.empty());

  RfmRun prospects = ScoreFeatures({kNaN, kNaN}, {0, 0}, {0, 0});
  EXPECT_EQ(prospects.Numeric("rfm.score"), (std::vector<double>{0, 0}));
  EXPECT_EQ(prospects.Segments(), (std::vector<std::string>{"Prospect", "Prospect"}));
  EXPECT_TRUE(prospects.warnings.empty());
}

absl::Status ParamsError(const char* text) {
  absl::StatusOr<StrategyParams> params = StrategyParams::Parse(text);
  EXPECT_TRUE(params.ok()) << params.status();
  absl::StatusOr<RfmOptions> options = RfmOptionsFromParams(*params);
  return options.status();
}

TEST(RfmParams, ErrorsNameTheParameterAndTheAllowedValues) {
  EXPECT_EQ(ParamsError("bins=12").message(),
            "rfm: parameter 'bins' must be an integer in [2, 9], got '12'");
  EXPECT_EQ(ParamsError("m_bins=1").message(),
            "rfm: parameter 'm_bins' must be an integer in [2, 9], got '1'");
  EXPECT_EQ(ParamsError("binning=rank").message(),
            "rfm: parameter 'binning' must be one of quantile, tie_aware, got 'rank'");
  EXPECT_EQ(ParamsError("r_breaks=10;5").message(),
            "rfm: parameter 'r_breaks' must be increasing numbers separated by ';', "
            "got '10;5'");
  EXPECT_EQ(ParamsError("bins=4, r_breaks=10;20").message(),
            "rfm: parameter 'r_breaks' must have 3 values, one fewer than the 4 recency "
            "bins, got 2: '10;20'");
  EXPECT_EQ(ParamsError("f_bins=3, f_breaks=1;2;3").message(),
            "rfm: parameter 'f_breaks' must have 2 values, one fewer than the 3 frequency "
            "bins, got 3: '1;2;3'");
  EXPECT_EQ(ParamsError("m_breaks=1;2;3;4;5;6;7;8;9").message(),
            "rfm: parameter 'm_breaks' must have 1 to 8 values (2 to 9 bins), got 9: "
            "'1;2;3;4;5;6;7;8;9'");
  EXPECT_EQ(ParamsError("bogus=1").message(),
            "rfm: unknown parameter 'bogus'; accepted: bins, r_bins, f_bins, m_bins, "
            "binning, r_breaks, f_breaks, m_breaks");
  EXPECT_EQ(ParamsError("bins=3").code(), absl::StatusCode::kOk);

  absl::StatusOr<StrategyParams> bad = StrategyParams::Parse("bins=0");
  ASSERT_TRUE(bad.ok());
  absl::StatusOr<std::unique_ptr<Strategy>> strategy =
      StrategyRegistry::Global().Create("rfm", *bad);
  ASSERT_FALSE(strategy.ok());
  EXPECT_EQ(strategy.status().message(),
            "rfm: parameter 'bins' must be an integer in [2, 9], got '0'");
}

TEST(RfmParams, ValuesReachTheOptions) {
  absl::StatusOr<StrategyParams> params =
      StrategyParams::Parse("bins=4, m_bins=6, binning=tie_aware, f_breaks=1.5;2.5;4");
  ASSERT_TRUE(params.ok());
  absl::StatusOr<RfmOptions> options = RfmOptionsFromParams(*params);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->recency_bins, 4);
  EXPECT_EQ(options->frequency_bins, 4);
  EXPECT_EQ(options->monetary_bins, 6);
  EXPECT_EQ(options->binning, RfmBinning::kTieAware);
  EXPECT_EQ(options->frequency_breaks, (std::vector<double>{1.5, 2.5, 4}));
  EXPECT_TRUE(options->segments.empty());  // the default table is for 5 bins

  // Break points alone set the bins, as in R: 3 values -> 4 bins.
  params = StrategyParams::Parse("r_breaks=10;20;30");
  options = RfmOptionsFromParams(*params);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->recency_bins, 4);
  EXPECT_EQ(options->frequency_bins, 5);

  options = RfmOptionsFromParams(StrategyParams{});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->segments.size(), 10u);
  EXPECT_EQ(options->binning, RfmBinning::kQuantile);
}

TEST(RfmParams, OtherBinCountsScoreWithoutTheDefaultSegments) {
  RfmOptions options;
  options.recency_bins = options.frequency_bins = options.monetary_bins = 3;
  options.segments.clear();
  // 1..6 in 3 bins: index 1 + 5/3 = 2.67 and 1 + 10/3 = 4.33 -> quantiles
  // 2.67 and 4.33, break points 3.67 and 5.33: 1-3 -> 1, 4-5 -> 2, 6 -> 3.
  RfmRun run = ScoreSame({1, 2, 3, 4, 5, 6}, options);
  EXPECT_EQ(run.Numeric("rfm.f"), (std::vector<double>{1, 1, 1, 2, 2, 3}));
  EXPECT_EQ(run.Numeric("rfm.r"), (std::vector<double>{3, 3, 3, 2, 2, 1}));
  EXPECT_EQ(run.Segments(), std::vector<std::string>(6, "Others"));
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_EQ(run.warnings[0],
            "rfm: the segment table is empty, so every customer who bought is 'Others' "
            "(the default table is defined for 5 bins per dimension and is not used with "
            "other bin counts)");
}

absl::Status OptionsError(const RfmOptions& options) {
  absl::StatusOr<std::unique_ptr<Strategy>> strategy = MakeRfmStrategy(options);
  return strategy.status();
}

TEST(RfmOptionsCheck, MakeRfmStrategyValidates) {
  RfmOptions options;
  options.recency_bins = 10;
  EXPECT_EQ(OptionsError(options).message(), "rfm: recency_bins must be in [2, 9], got 10");

  options = RfmOptions{};
  options.frequency_breaks = {1, 2};
  EXPECT_EQ(OptionsError(options).message(),
            "rfm: frequency_breaks must have 4 values (frequency_bins - 1), got 2");

  options = RfmOptions{};
  options.monetary_breaks = {1, 3, 2, 4};
  EXPECT_EQ(OptionsError(options).message(),
            "rfm: monetary_breaks must be finite and strictly increasing, got 1, 3, 2, 4");

  options = RfmOptions{};
  options.recency_bins = 3;
  EXPECT_EQ(OptionsError(options).message(),
            "rfm: segment #1 ('Champions') has r range [4, 5]; it must satisfy 1 <= min "
            "<= max <= 3 (recency_bins)");

  options = RfmOptions{};
  options.segments = {{"Fine", 1, 5, 1, 5, 1, 5}, {"Upside down", 1, 5, 3, 2, 1, 5}};
  EXPECT_EQ(OptionsError(options).message(),
            "rfm: segment #2 ('Upside down') has f range [3, 2]; it must satisfy 1 <= min "
            "<= max <= 5 (frequency_bins)");

  options = RfmOptions{};
  options.segments = {{"", 1, 5, 1, 5, 1, 5}};
  EXPECT_EQ(OptionsError(options).message(), "rfm: segment #1 has an empty name");

  options = RfmOptions{};
  options.prospect_segment.clear();
  EXPECT_EQ(OptionsError(options).message(), "rfm: prospect_segment must not be empty");
}

// Many customers, so that the scoring loop runs in several chunks.
TEST(RfmThreads, IdenticalForAnyThreadCount) {
  const size_t customers = 100000;
  std::vector<double> recency(customers), frequency(customers), monetary(customers);
  uint64_t state = 99;
  for (size_t c = 0; c < customers; ++c) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const uint64_t u = state >> 33;
    const bool prospect = u % 17 == 0;
    recency[c] = prospect ? kNaN : static_cast<double>(u % 700);
    frequency[c] = prospect ? 0 : static_cast<double>(1 + (u >> 10) % 7 * ((u >> 13) % 3));
    monetary[c] = prospect ? 0 : static_cast<double>((u >> 16) % 100000) / 100;
  }
  for (RfmBinning binning : {RfmBinning::kQuantile, RfmBinning::kTieAware}) {
    RfmOptions options;
    options.binning = binning;
    RfmRun one = ScoreFeatures(recency, frequency, monetary, options, 1);
    RfmRun many = ScoreFeatures(recency, frequency, monetary, options, 7);
    ASSERT_EQ(one.scores.columns().size(), many.scores.columns().size());
    for (size_t k = 0; k < one.scores.columns().size(); ++k) {
      const ScoreColumn& a = one.scores.columns()[k];
      const ScoreColumn& b = many.scores.columns()[k];
      EXPECT_EQ(a.name, b.name);
      EXPECT_EQ(a.numeric, b.numeric) << a.name;
      EXPECT_EQ(a.codes, b.codes) << a.name;
      EXPECT_EQ(a.labels, b.labels) << a.name;
    }
    EXPECT_EQ(one.warnings, many.warnings);
    const std::vector<double> score = one.Numeric("rfm.score");
    EXPECT_EQ(std::count(score.begin(), score.end(), 0.0),
              std::count(frequency.begin(), frequency.end(), 0.0));
  }
}

}  // namespace
}  // namespace tessera
