#include "tessera/lifecycle.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tessera/csv.h"
#include "tessera/dataset.h"
#include "tessera/dates.h"
#include "tessera/pipeline.h"
#include "test_support.h"

namespace tessera {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Day D(const char* text) { return *ParseDay(text); }

// The as-of date of the hand-computed cases; purchases are given in days
// before it.
const Day kAsOf = D("2024-07-01");

// Transaction rows built up in a test, kept alive by the datasets that
// borrow them.
struct Sales {
  std::vector<int64_t> keys;
  std::vector<Day> days;
  std::vector<double> amounts;
  std::vector<double> quantities;
  std::vector<std::string_view> categories;

  void Add(int64_t key, int days_before, double amount = 10, double quantity = 1,
           std::string_view category = "a") {
    keys.push_back(key);
    days.push_back(kAsOf - days_before);
    amounts.push_back(amount);
    quantities.push_back(quantity);
    categories.push_back(category);
  }
};

TransactionColumns ColumnsOf(std::shared_ptr<const Sales> sales, bool quantities,
                             bool categories) {
  TransactionColumns columns;
  columns.int_keys = sales->keys;
  columns.days = sales->days;
  columns.amounts = sales->amounts;
  if (quantities) columns.quantities = sales->quantities;
  if (categories) columns.categories = sales->categories;
  columns.keepalive = std::move(sales);
  return columns;
}

// A dataset with the result of one run on it, read back by customer key.
struct Outcome {
  Dataset dataset;
  RunResult result;

  size_t Index(int64_t key) const {
    const int64_t c = dataset.customers.Find(key);
    EXPECT_GE(c, 0) << "customer " << key;
    return c < 0 ? 0 : static_cast<size_t>(c);
  }
  std::string Label(std::string_view column, int64_t key) const {
    const ScoreColumn* scores = result.scores.Find(column);
    EXPECT_NE(scores, nullptr) << column;
    if (scores == nullptr) return "";
    return scores->labels[static_cast<size_t>(scores->codes[Index(key)])];
  }
  double Number(std::string_view column, int64_t key) const {
    const ScoreColumn* scores = result.scores.Find(column);
    EXPECT_NE(scores, nullptr) << column;
    return scores == nullptr ? kNaN : scores->numeric[Index(key)];
  }
};

absl::StatusOr<Outcome> RunOn(absl::StatusOr<Dataset> dataset, const char* strategy,
                              const char* params = "", Day as_of = kAsOf, int threads = 0) {
  if (!dataset.ok()) return dataset.status();
  absl::StatusOr<StrategyParams> parsed = StrategyParams::Parse(params);
  if (!parsed.ok()) return parsed.status();
  RunOptions options;
  options.features.as_of = as_of;
  options.features.num_threads = threads;
  options.strategies = {{strategy, *parsed}};
  absl::StatusOr<RunResult> result = tessera::Run(*dataset, options);
  if (!result.ok()) return result.status();
  return Outcome{*std::move(dataset), *std::move(result)};
}

absl::StatusOr<Outcome> RunOn(const Sales& sales, const char* strategy, const char* params = "",
                              bool quantities = false, bool categories = false) {
  auto kept = std::make_shared<const Sales>(sales);
  return RunOn(BuildDataset(ColumnsOf(kept, quantities, categories)), strategy, params);
}

// One customer's purchase days, in days before the as-of date, and the stage
// worked out by hand from the rules in tessera/lifecycle.h.
struct StageCase {
  int64_t key;
  std::vector<int> days_before;
  const char* stage;
};

void ExpectStages(const std::vector<StageCase>& cases, const char* params) {
  Sales sales;
  for (const StageCase& c : cases) {
    for (int days : c.days_before) sales.Add(c.key, days);
  }
  absl::StatusOr<Outcome> outcome = RunOn(sales, "lifecycle", params);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  for (const StageCase& c : cases) {
    EXPECT_EQ(outcome->Label("lifecycle.stage", c.key), c.stage) << "customer " << c.key;
  }
  EXPECT_TRUE(outcome->result.warnings.empty());
}

// Defaults: new_days 30, at_risk_days 90, churn_days 180, at_risk_factor 2,
// min_purchase_days_for_gap 3.
TEST(LifecycleStages, EveryStageAndBoundaryWithTheDefaults) {
  ExpectStages(
      {
          {1, {30}, "new"},       // tenure 30 = new_days: new is inclusive
          {2, {31}, "active"},    // tenure 31; one purchase day: 31 <= 90
          {3, {90}, "active"},    // recency 90 = at_risk_days: not beyond it
          {4, {91}, "at_risk"},   // 91 > 90, one purchase day (no typical gap)
          {5, {180}, "at_risk"},  // recency 180 = churn_days: not churned
          {6, {181}, "churned"},  // 181 > 180
          // Two purchase days are fewer than 3, so the fixed 90 days apply.
          {7, {200, 10}, "reactivated"},  // gap 190 > 180, then 10 <= 90
          {8, {190, 10}, "active"},       // gap 180 = churn_days: not a churn
          {9, {191, 10}, "reactivated"},  // gap 181
          // Three or more purchase days: 2 x the mean gap instead.
          {10, {100, 80, 60}, "at_risk"},     // gap 20: 60 > 40
          {11, {100, 80, 60, 40}, "active"},  // 40 = 2 x 20: not beyond it
          {12, {101, 81, 61, 41}, "at_risk"},  // 41 > 40
          {13, {360, 240, 120}, "active"},    // gap 120: 120 <= 240, though > 90
          // Three rows on one day are one purchase day: fixed rule, 95 > 90.
          {14, {95, 95, 95}, "at_risk"},
      },
      "");
}

// Customers for whom several tests hold; the first in the documented order
// (prospect, new, churned, at_risk, reactivated, active) wins.
TEST(LifecycleStages, PrecedenceOrder) {
  ExpectStages(
      {
          // new before at_risk: tenure 30, but gap 1 and recency 28 > 2.
          {1, {30, 29, 28}, "new"},
          // churned before at_risk (recency 400 > 90) and reactivated (gap 200).
          {2, {600, 400}, "churned"},
          // at_risk before reactivated: gap 300 > 180, recency 100 > 90.
          {3, {400, 100}, "at_risk"},
          // The same through the typical gap: gaps 200, 4, 4, 4, 4, 4 have
          // mean 220 / 6 = 36.67, and 80 > 73.33, though 80 <= 90.
          {4, {300, 100, 96, 92, 88, 84, 80}, "at_risk"},
          // Without the final silence the same customer is reactivated:
          // gaps 200, 4, 4 (mean 69.33), recency 92 <= 138.67.
          {5, {300, 100, 96, 92}, "reactivated"},
      },
      "");
}

TEST(LifecycleStages, ThresholdsFromParameters) {
  // new_days 7, at_risk_days 30, churn_days 60, factor 1.5, and two purchase
  // days already give a typical gap.
  ExpectStages(
      {
          {1, {7}, "new"},
          {2, {8}, "active"},
          {3, {30}, "active"},
          {4, {31}, "at_risk"},
          {5, {60}, "at_risk"},
          {6, {61}, "churned"},
          {7, {50, 40}, "at_risk"},   // gap 10: 40 > 15 (the defaults: active)
          {8, {100, 20}, "reactivated"},  // gap 80 > 60; 20 <= 120
          {9, {24, 16, 8}, "active"},     // gap 8: 8 <= 12
          {10, {40, 30, 20}, "at_risk"},  // gap 10: 20 > 15
      },
      "new_days=7, at_risk_days=30, churn_days=60, at_risk_factor=1.5, "
      "min_purchase_days_for_gap=2");
}

TEST(LifecycleSilenceRatio, RecencyOverTheMeanGap) {
  Sales sales;
  sales.Add(1, 30);                                 // one purchase day: no gap
  for (int days : {200, 10}) sales.Add(2, days);   // 10 / 190
  for (int days : {100, 80, 60}) sales.Add(3, days);  // 60 / 20
  for (int days : {300, 100, 96, 92, 88, 84, 80}) sales.Add(4, days);  // 80 / (220 / 6)
  for (int i = 0; i < 3; ++i) sales.Add(5, 95);     // three rows, one day: no gap
  absl::StatusOr<Outcome> outcome = RunOn(sales, "lifecycle");
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_TRUE(std::isnan(outcome->Number("lifecycle.silence_ratio", 1)));
  EXPECT_DOUBLE_EQ(outcome->Number("lifecycle.silence_ratio", 2), 10.0 / 190.0);
  EXPECT_DOUBLE_EQ(outcome->Number("lifecycle.silence_ratio", 3), 3.0);
  EXPECT_DOUBLE_EQ(outcome->Number("lifecycle.silence_ratio", 4), 80.0 * 6.0 / 220.0);
  EXPECT_TRUE(std::isnan(outcome->Number("lifecycle.silence_ratio", 5)));
}

// Listed customers 200 and 300 never bought; 100 did, and 400 is known only
// from the transactions. 500 only returned something, and 600 only bought
// after the as-of date: neither has a purchase day by then, so both are
// prospects as well.
TEST(LifecycleProspects, FromTheCustomerTableAndWithoutPurchaseDays) {
  auto sales = std::make_shared<Sales>();
  sales->Add(100, 10);
  sales->Add(400, 200);
  sales->Add(500, 5, -10);
  sales->Add(600, -3);
  std::vector<int64_t> listed = {100, 200, 300};
  CustomerColumns customers;
  customers.int_keys = listed;
  absl::StatusOr<Dataset> dataset = BuildDataset(customers, ColumnsOf(sales, false, false));
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->attributes.listed, 3u);
  absl::StatusOr<Outcome> outcome = RunOn(*std::move(dataset), "lifecycle");
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  const std::map<int64_t, std::string> expected = {
      {100, "new"},      {200, "prospect"}, {300, "prospect"},
      {400, "churned"},  {500, "prospect"}, {600, "prospect"}};
  for (const auto& [key, stage] : expected) {
    EXPECT_EQ(outcome->Label("lifecycle.stage", key), stage) << "customer " << key;
  }
  EXPECT_LT(outcome->Index(200), outcome->dataset.attributes.listed);
  EXPECT_TRUE(std::isnan(outcome->Number("lifecycle.silence_ratio", 200)));

  absl::StatusOr<Outcome> behaviour = RunOn(std::move(outcome->dataset), "behaviour");
  ASSERT_TRUE(behaviour.ok()) << behaviour.status();
  for (const char* column : {"behaviour.frequency", "behaviour.volume", "behaviour.repeat"}) {
    for (int64_t key : {200, 300, 500, 600}) {
      EXPECT_EQ(behaviour->Label(column, key), "prospect") << column << " " << key;
    }
    EXPECT_NE(behaviour->Label(column, 100), "prospect") << column;
  }
}

TEST(LifecycleOutput, LabelsInTheirFixedOrder) {
  Sales sales;
  sales.Add(1, 10);
  absl::StatusOr<Outcome> outcome = RunOn(sales, "lifecycle");
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  const ScoreColumn* stage = outcome->result.scores.Find("lifecycle.stage");
  ASSERT_NE(stage, nullptr);
  EXPECT_EQ(stage->kind, ScoreColumn::Kind::kCategorical);
  EXPECT_EQ(stage->labels, (std::vector<std::string>{"prospect", "new", "active", "at_risk",
                                                      "churned", "reactivated"}));
  const ScoreColumn* ratio = outcome->result.scores.Find("lifecycle.silence_ratio");
  ASSERT_NE(ratio, nullptr);
  EXPECT_EQ(ratio->kind, ScoreColumn::Kind::kNumeric);
  EXPECT_EQ(outcome->result.scores.columns().size(), 2u);
}

absl::Status LifecycleParamsError(const char* text) {
  absl::StatusOr<StrategyParams> params = StrategyParams::Parse(text);
  EXPECT_TRUE(params.ok()) << params.status();
  return LifecycleOptionsFromParams(*params).status();
}

TEST(LifecycleParams, ErrorsNameTheParameterAndTheAllowedValues) {
  EXPECT_EQ(LifecycleParamsError("new_days=-1").message(),
            "lifecycle: parameter 'new_days' must be an integer in [0, 36500], got '-1'");
  EXPECT_EQ(LifecycleParamsError("churn_days=0").message(),
            "lifecycle: parameter 'churn_days' must be an integer in [1, 36500], got '0'");
  EXPECT_EQ(LifecycleParamsError("at_risk_days=ninety").message(),
            "lifecycle: parameter 'at_risk_days' must be an integer in [1, 36500], got "
            "'ninety'");
  EXPECT_EQ(LifecycleParamsError("min_purchase_days_for_gap=1").message(),
            "lifecycle: parameter 'min_purchase_days_for_gap' must be an integer in [2, "
            "10000], got '1'");
  EXPECT_EQ(LifecycleParamsError("at_risk_factor=0.5").message(),
            "lifecycle: parameter 'at_risk_factor' must be a number in [1, 100], got '0.5'");
  EXPECT_EQ(LifecycleParamsError("at_risk_days=180").message(),
            "lifecycle: at_risk_days (180) must be less than churn_days (180)");
  EXPECT_EQ(LifecycleParamsError("churn_days=60").message(),
            "lifecycle: at_risk_days (90) must be less than churn_days (60)");
  EXPECT_EQ(LifecycleParamsError("new_days=120, churn_days=100, at_risk_days=50").message(),
            "lifecycle: new_days (120) must be less than churn_days (100)");
  EXPECT_EQ(LifecycleParamsError("churn=10").message(),
            "lifecycle: unknown parameter 'churn'; accepted: new_days, at_risk_days, "
            "churn_days, min_purchase_days_for_gap, at_risk_factor");
  EXPECT_TRUE(LifecycleParamsError("at_risk_days=179, new_days=179").ok());

  absl::StatusOr<StrategyParams> bad = StrategyParams::Parse("new_days=x");
  ASSERT_TRUE(bad.ok());
  absl::StatusOr<std::unique_ptr<Strategy>> strategy =
      StrategyRegistry::Global().Create("lifecycle", *bad);
  ASSERT_FALSE(strategy.ok());
  EXPECT_EQ(strategy.status().message(),
            "lifecycle: parameter 'new_days' must be an integer in [0, 36500], got 'x'");
}

TEST(LifecycleParams, ValuesReachTheOptions) {
  absl::StatusOr<LifecycleOptions> defaults = LifecycleOptionsFromParams(StrategyParams{});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->new_days, 30);
  EXPECT_EQ(defaults->at_risk_days, 90);
  EXPECT_EQ(defaults->churn_days, 180);
  EXPECT_EQ(defaults->at_risk_factor, 2.0);
  EXPECT_EQ(defaults->min_purchase_days_for_gap, 3);
  absl::StatusOr<StrategyParams> params = StrategyParams::Parse(
      "new_days=14, at_risk_days=45, churn_days=365, at_risk_factor=2.5, "
      "min_purchase_days_for_gap=4");
  ASSERT_TRUE(params.ok());
  absl::StatusOr<LifecycleOptions> options = LifecycleOptionsFromParams(*params);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->new_days, 14);
  EXPECT_EQ(options->at_risk_days, 45);
  EXPECT_EQ(options->churn_days, 365);
  EXPECT_EQ(options->at_risk_factor, 2.5);
  EXPECT_EQ(options->min_purchase_days_for_gap, 4);
}

TEST(LifecycleParams, MakeLifecycleStrategyValidates) {
  LifecycleOptions options;
  options.new_days = -1;
  EXPECT_EQ(MakeLifecycleStrategy(options).status().message(),
            "lifecycle: new_days must be in [0, 36500], got -1");
  options = LifecycleOptions{};
  options.min_purchase_days_for_gap = 1;
  EXPECT_EQ(MakeLifecycleStrategy(options).status().message(),
            "lifecycle: min_purchase_days_for_gap must be in [2, 10000], got 1");
  options = LifecycleOptions{};
  options.at_risk_factor = kNaN;
  EXPECT_EQ(MakeLifecycleStrategy(options).status().message(),
            "lifecycle: at_risk_factor must be in [1, 100], got nan");
  options = LifecycleOptions{};
  options.at_risk_days = 200;
  EXPECT_EQ(MakeLifecycleStrategy(options).status().message(),
            "lifecycle: at_risk_days (200) must be less than churn_days (180)");
  EXPECT_TRUE(MakeLifecycleStrategy(LifecycleOptions{}).ok());
}

// Scores features given directly, as a host strategy would see them.
struct DirectRun {
  absl::Status status;
  ScoreTable scores;
  std::vector<std::string> warnings;

  std::vector<std::string> Labels(std::string_view name) const {
    const ScoreColumn* column = scores.Find(name);
    EXPECT_NE(column, nullptr) << name;
    std::vector<std::string> labels;
    if (column == nullptr) return labels;
    for (int32_t code : column->codes) labels.push_back(column->labels[static_cast<size_t>(code)]);
    return labels;
  }
};

DirectRun ScoreDirect(const Strategy& strategy, const FeatureTable& features, int threads = 1) {
  Dataset dataset;
  FeatureOptions feature_options;
  feature_options.as_of = kAsOf;
  feature_options.num_threads = threads;
  ScoreTable earlier(features.customer_count());
  DirectRun run{absl::OkStatus(), ScoreTable(features.customer_count()), {}};
  StrategyInput input{dataset, feature_options, features, earlier};
  run.status = strategy.Score(input, run.scores, run.warnings);
  return run;
}

TEST(LifecycleEdgeCases, EmptyInputMissingFeatureAndAllEqual) {
  absl::StatusOr<std::unique_ptr<Strategy>> strategy = MakeLifecycleStrategy({});
  ASSERT_TRUE(strategy.ok());
  const char* names[] = {"recency_days", "tenure_days", "purchase_days", "mean_gap_days",
                         "max_gap_days"};
  FeatureTable empty(0);
  for (const char* name : names) empty.Add(name, "");
  DirectRun none = ScoreDirect(**strategy, empty);
  ASSERT_TRUE(none.status.ok()) << none.status;
  EXPECT_TRUE(none.Labels("lifecycle.stage").empty());
  EXPECT_TRUE(none.warnings.empty());

  FeatureTable partial(1);
  partial.Add("recency_days", "") = {3};
  DirectRun missing = ScoreDirect(**strategy, partial);
  EXPECT_EQ(missing.status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status.message(),
            "no feature named 'tenure_days'; features are: recency_days");
  EXPECT_TRUE(missing.scores.columns().empty());

  // Three customers with the same history: two purchase days 100 and 40 days
  // before (gap 60), so the fixed rule: 40 <= 90.
  FeatureTable same(3);
  std::vector<double> values[] = {{40, 40, 40}, {100, 100, 100}, {2, 2, 2}, {60, 60, 60},
                                  {60, 60, 60}};
  for (size_t k = 0; k < 5; ++k) same.Add(names[k], "") = values[k];
  DirectRun equal = ScoreDirect(**strategy, same);
  ASSERT_TRUE(equal.status.ok()) << equal.status;
  EXPECT_EQ(equal.Labels("lifecycle.stage"), std::vector<std::string>(3, "active"));
}

TEST(LifecycleEdgeCases, OneCustomerWithOnePurchase) {
  Sales sales;
  sales.Add(7, 120, 99.5);
  absl::StatusOr<Outcome> outcome = RunOn(sales, "lifecycle");
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->Label("lifecycle.stage", 7), "at_risk");  // 120 > 90 days
  EXPECT_TRUE(std::isnan(outcome->Number("lifecycle.silence_ratio", 7)));
}

// NaN and infinite amounts never reach a strategy: ingest rejects them.
TEST(LifecycleEdgeCases, NonFiniteAmountsAreRejectedAtIngest) {
  auto sales = std::make_shared<Sales>();
  sales->Add(1, 10, kNaN);
  sales->Add(2, 10, kInf);
  sales->Add(3, 10, 5);
  absl::StatusOr<Dataset> dataset = BuildDataset(ColumnsOf(sales, false, false));
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->report.rejected_by_reason[static_cast<int>(RejectReason::kBadAmount)], 2u);
  absl::StatusOr<Outcome> outcome = RunOn(*std::move(dataset), "behaviour");
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->Label("behaviour.repeat", 3), "new");
}

// Behaviour features of buyers given directly; purchase_days 1 unless set,
// and no category column unless set.
struct BehaviourFeatures {
  std::vector<double> frequency;
  std::vector<double> monetary_mean;  // default: 10 for everyone
  std::vector<double> purchase_days;  // default: 1 for everyone
  std::vector<double> categories;     // empty: no category column
};

DirectRun ScoreBehaviour(BehaviourFeatures in, BehaviourOptions options = {}, int threads = 1) {
  const size_t n = in.frequency.size();
  if (in.monetary_mean.empty()) in.monetary_mean.assign(n, 10);
  if (in.purchase_days.empty()) in.purchase_days.assign(n, 1);
  FeatureTable features(n);
  features.Add(std::string(feature::kFrequency), "") = in.frequency;
  features.Add(std::string(feature::kMonetaryMean), "") = in.monetary_mean;
  features.Add(std::string(feature::kPurchaseDays), "") = in.purchase_days;
  if (!in.categories.empty()) features.Add(std::string(feature::kCategories), "") = in.categories;
  absl::StatusOr<std::unique_ptr<Strategy>> strategy = MakeBehaviourStrategy(options);
  EXPECT_TRUE(strategy.ok()) << strategy.status();
  if (!strategy.ok()) return {strategy.status(), ScoreTable(n), {}};
  return ScoreDirect(**strategy, features, threads);
}

BehaviourFeatures Frequencies(std::vector<double> frequency) {
  BehaviourFeatures in;
  in.frequency = std::move(frequency);
  return in;
}

BehaviourOptions NoBreadth() {
  BehaviourOptions options;
  options.breadth = BehaviourBreadth::kOff;
  return options;
}

std::vector<std::string> Classes(const std::string& low_high) {
  std::vector<std::string> out;
  for (char c : low_high) out.push_back(c == 'L' ? "low" : c == 'H' ? "high" : "prospect");
  return out;
}

// The learned threshold, worked out by hand. Of N buyers, the distinct value
// v (not the smallest) whose count of buyers below it is nearest to N / 2
// wins; the smaller v on a tie.
TEST(BehaviourLearned, TiesStayTogetherAndTheSplitIsAsEvenAsTiesAllow) {
  struct Case {
    std::vector<double> frequency;
    const char* classes;
    const char* why;
  };
  const Case cases[] = {
      // N = 9: v = 2 has 5 below (|5 - 4.5| = 0.5), v = 3 has 7. A plain
      // median (1) with ">= median" would make every buyer high.
      {{1, 1, 1, 1, 1, 2, 2, 3, 5}, "LLLLLHHHH", "most buyers tied at the minimum"},
      // N = 8: v = 2 has 2 below, v = 3 has 6: both 2 away from 4, so the
      // smaller, 2 (which is also the median).
      {{1, 1, 2, 2, 2, 2, 3, 3}, "LLHHHHHH", "equally near: the smaller value"},
      // N = 10: v = 2 has 2 below (3 away from 5), v = 3 has 7 (2 away): 3,
      // although the median is 2.
      {{1, 1, 2, 2, 2, 2, 2, 3, 3, 3}, "LLLLLLLHHH", "the nearer side of a tie group"},
      // Without ties: the median. Odd N = 5: 3 has 2 below (0.5 from 2.5),
      // as does 4 with 3 below; the smaller: 3, the middle value.
      {{5, 1, 4, 2, 3}, "HLHLH", "odd count: the middle value"},
      // Even N = 4: 30 has 2 below, exactly half; R's median 25 agrees.
      {{10, 40, 20, 30}, "LHLH", "even count: the upper middle value"},
      // A tie group at the top goes whole: 7 has 2 below (0.5 from 2.5).
      {{7, 1, 7, 7, 2}, "HLHHL", "tie at the top"},
  };
  for (const Case& c : cases) {
    // The same values as order values: the volume classes follow suit.
    BehaviourFeatures in = Frequencies(c.frequency);
    in.monetary_mean = c.frequency;
    DirectRun run = ScoreBehaviour(in, NoBreadth());
    ASSERT_TRUE(run.status.ok()) << run.status;
    EXPECT_EQ(run.Labels("behaviour.frequency"), Classes(c.classes)) << c.why;
    std::vector<std::string> volume;
    for (const std::string& label : Classes(c.classes)) {
      volume.push_back(label == "low" ? "small" : "bulk");
    }
    EXPECT_EQ(run.Labels("behaviour.volume"), volume) << c.why;
    EXPECT_TRUE(run.warnings.empty()) << c.why;
  }
}

TEST(BehaviourLearned, ProspectsTakeNoPartInTheThreshold) {
  // The buyers of the first case above, with three prospects among them:
  // the same threshold (2), and "prospect" in every column.
  BehaviourFeatures in;
  in.frequency = {0, 1, 1, 1, 1, 1, 0, 2, 2, 3, 5, 0};
  in.purchase_days = {0, 1, 1, 1, 1, 1, 0, 2, 1, 3, 4, 0};
  in.monetary_mean = {kNaN, 1, 2, 3, 4, 5, kNaN, 6, 7, 8, 9, kNaN};
  in.categories = {0, 1, 1, 1, 1, 1, 0, 2, 2, 3, 5, 0};
  DirectRun run = ScoreBehaviour(in);
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.Labels("behaviour.frequency"), Classes("PLLLLLPHHHHP"));
  // Order values 1..9 of nine buyers: the middle value, 5, is bulk.
  const std::vector<std::string> volume = {"prospect", "small", "small", "small",
                                           "small",    "bulk",  "prospect", "bulk",
                                           "bulk",     "bulk",  "bulk",  "prospect"};
  EXPECT_EQ(run.Labels("behaviour.volume"), volume);
  // breadth_threshold 2 by default: multi from two categories.
  const std::vector<std::string> breadth = {"prospect", "single", "single", "single",
                                            "single",   "single", "prospect", "multi",
                                            "multi",    "multi",  "multi",  "prospect"};
  EXPECT_EQ(run.Labels("behaviour.breadth"), breadth);
  const std::vector<std::string> repeat = {"prospect", "new",    "new",    "new",
                                           "new",      "new",    "prospect", "repeat",
                                           "new",      "repeat", "repeat", "prospect"};
  EXPECT_EQ(run.Labels("behaviour.repeat"), repeat);
  EXPECT_TRUE(run.warnings.empty());
}

TEST(BehaviourGiven, ThresholdsAreInclusive) {
  BehaviourOptions options = NoBreadth();
  options.frequency_threshold = 3;
  options.volume_threshold = 50;
  BehaviourFeatures in;
  in.frequency = {1, 2, 3, 4};
  in.monetary_mean = {49.99, 50, 10, 100};
  DirectRun run = ScoreBehaviour(in, options);
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.Labels("behaviour.frequency"), Classes("LLHH"));
  EXPECT_EQ(run.Labels("behaviour.volume"),
            (std::vector<std::string>{"small", "bulk", "small", "bulk"}));
  EXPECT_TRUE(run.warnings.empty());

  options.frequency_threshold = 2.5;
  EXPECT_EQ(ScoreBehaviour(in, options).Labels("behaviour.frequency"), Classes("LLHH"));
}

TEST(BehaviourWarnings, EveryBuyerInOneClass) {
  // All equal, learned: nobody can be above the others.
  DirectRun equal = ScoreBehaviour(Frequencies({2, 2, 2}), NoBreadth());
  ASSERT_TRUE(equal.status.ok()) << equal.status;
  EXPECT_EQ(equal.Labels("behaviour.frequency"), Classes("LLL"));
  EXPECT_EQ(equal.warnings,
            (std::vector<std::string>{
                "behaviour: every buyer has the same frequency (2), so every buyer is 'low' in "
                "behaviour.frequency",
                "behaviour: every buyer has the same order value (10), so every buyer is "
                "'small' in behaviour.volume"}));

  // One customer is the same case.
  DirectRun one = ScoreBehaviour(Frequencies({4}), NoBreadth());
  EXPECT_EQ(one.Labels("behaviour.frequency"), Classes("L"));
  EXPECT_EQ(one.warnings.size(), 2u);

  BehaviourOptions options = NoBreadth();
  options.frequency_threshold = 10;
  options.volume_threshold = 1;
  DirectRun given = ScoreBehaviour(Frequencies({1, 2, 3}), options);
  EXPECT_EQ(given.Labels("behaviour.frequency"), Classes("LLL"));
  EXPECT_EQ(given.warnings,
            (std::vector<std::string>{
                "behaviour: every buyer is 'low' in behaviour.frequency with "
                "frequency_threshold=10",
                "behaviour: every buyer is 'bulk' in behaviour.volume with volume_threshold=1"}));
}

TEST(BehaviourBreadth, LearnedOrGivenAndWithoutACategoryColumn) {
  BehaviourFeatures in;
  in.frequency = {1, 1, 1, 1};
  in.categories = {2, 6, 4, 2};
  // Default threshold 2: everyone bought two categories or more.
  DirectRun fixed = ScoreBehaviour(in);
  EXPECT_EQ(fixed.Labels("behaviour.breadth"), std::vector<std::string>(4, "multi"));
  ASSERT_EQ(fixed.warnings.size(), 3u);
  EXPECT_EQ(fixed.warnings[2],
            "behaviour: every buyer is 'multi' in behaviour.breadth with breadth_threshold=2");
  // Learned: 4 has two buyers below it, half of four.
  BehaviourOptions learned;
  learned.breadth_threshold = std::nullopt;
  EXPECT_EQ(ScoreBehaviour(in, learned).Labels("behaviour.breadth"),
            (std::vector<std::string>{"single", "multi", "multi", "single"}));

  in.categories.clear();
  DirectRun automatic = ScoreBehaviour(in);
  ASSERT_TRUE(automatic.status.ok()) << automatic.status;
  EXPECT_EQ(automatic.scores.Find("behaviour.breadth"), nullptr);
  EXPECT_EQ(automatic.warnings.back(),
            "behaviour: the transactions have no category column, so behaviour.breadth is "
            "left out (breadth=off leaves it out without this warning)");
  DirectRun off = ScoreBehaviour(in, NoBreadth());
  EXPECT_EQ(off.scores.Find("behaviour.breadth"), nullptr);
  EXPECT_EQ(off.warnings.size(), 2u);  // the equal frequencies and order values only
  BehaviourOptions on;
  on.breadth = BehaviourBreadth::kOn;
  DirectRun required = ScoreBehaviour(in, on);
  EXPECT_EQ(required.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(required.status.message(),
            "breadth=on needs a category column in the transactions (the categories "
            "feature); give one, or use breadth=auto or breadth=off");
  EXPECT_TRUE(required.scores.columns().empty());
}

// Four customers through the whole pipeline, rows by hand:
//  1: two rows, 10 + 20 items, $100 + $50, categories a and b, two days
//  2: one row, 3 items, $200, category a
//  3: one row, 30 items, $20, category a
//  4: three rows on one day, 1 item each, $10 each, category a
// Frequency counts rows (no order ids): 2, 1, 1, 3.
Sales FourCustomers() {
  Sales sales;
  sales.Add(1, 40, 100, 10, "a");
  sales.Add(1, 20, 50, 20, "b");
  sales.Add(2, 15, 200, 3, "a");
  sales.Add(3, 15, 20, 30, "a");
  for (int i = 0; i < 3; ++i) sales.Add(4, 5, 10, 1, "a");
  return sales;
}

TEST(BehaviourVolume, QuantityPerPurchaseOrOrderValue) {
  // Quantity per purchase 15, 3, 30, 1: sorted 1, 3, 15, 30, and 15 has two
  // below, half of four.
  absl::StatusOr<Outcome> quantity = RunOn(FourCustomers(), "behaviour", "", true, true);
  ASSERT_TRUE(quantity.ok()) << quantity.status();
  const std::vector<std::string> by_quantity = {"bulk", "small", "bulk", "small"};
  // Order value 75, 200, 20, 10: 75 has two below.
  const std::vector<std::string> by_value = {"bulk", "bulk", "small", "small"};
  for (int64_t key = 1; key <= 4; ++key) {
    EXPECT_EQ(quantity->Label("behaviour.volume", key), by_quantity[static_cast<size_t>(key - 1)])
        << key;
  }
  // Frequencies 2, 1, 1, 3: 2 has two below.
  EXPECT_EQ(quantity->Label("behaviour.frequency", 1), "high");
  EXPECT_EQ(quantity->Label("behaviour.frequency", 2), "low");
  EXPECT_EQ(quantity->Label("behaviour.frequency", 3), "low");
  EXPECT_EQ(quantity->Label("behaviour.frequency", 4), "high");
  EXPECT_EQ(quantity->Label("behaviour.breadth", 1), "multi");
  EXPECT_EQ(quantity->Label("behaviour.breadth", 4), "single");
  // Three rows on one day are one visit: customer 4 is new, not repeat.
  EXPECT_EQ(quantity->Label("behaviour.repeat", 1), "repeat");
  EXPECT_EQ(quantity->Label("behaviour.repeat", 4), "new");

  // Order value when asked for, and by default without a quantity column.
  struct ByValue {
    const char* params;
    bool quantities;
  };
  for (const ByValue& run : {ByValue{"volume=order_value", true}, ByValue{"", false}}) {
    absl::StatusOr<Outcome> value = RunOn(FourCustomers(), "behaviour", run.params,
                                          run.quantities);
    ASSERT_TRUE(value.ok()) << value.status();
    for (int64_t key = 1; key <= 4; ++key) {
      EXPECT_EQ(value->Label("behaviour.volume", key), by_value[static_cast<size_t>(key - 1)])
          << run.params << " " << key;
    }
  }

  absl::StatusOr<Outcome> missing = RunOn(FourCustomers(), "behaviour", "volume=quantity");
  EXPECT_EQ(missing.status().message(),
            "behaviour: volume=quantity needs a quantity column in the transactions (the "
            "quantity feature); give one, or use volume=order_value");
}

TEST(BehaviourOutput, ColumnsAndLabelsInTheirFixedOrder) {
  absl::StatusOr<Outcome> outcome = RunOn(FourCustomers(), "behaviour", "", true, true);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  const std::vector<ScoreColumn>& columns = outcome->result.scores.columns();
  ASSERT_EQ(columns.size(), 4u);
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"behaviour.frequency", {"low", "high", "prospect"}},
      {"behaviour.volume", {"small", "bulk", "prospect"}},
      {"behaviour.breadth", {"single", "multi", "prospect"}},
      {"behaviour.repeat", {"new", "repeat", "prospect"}}};
  for (size_t k = 0; k < expected.size(); ++k) {
    EXPECT_EQ(columns[k].name, expected[k].first);
    EXPECT_EQ(columns[k].kind, ScoreColumn::Kind::kCategorical);
    EXPECT_EQ(columns[k].labels, expected[k].second);
  }
}

TEST(BehaviourEdgeCases, EmptyInputAndMissingFeatures) {
  DirectRun empty = ScoreBehaviour({}, NoBreadth());
  ASSERT_TRUE(empty.status.ok()) << empty.status;
  EXPECT_EQ(empty.scores.columns().size(), 3u);
  EXPECT_TRUE(empty.Labels("behaviour.repeat").empty());
  EXPECT_TRUE(empty.warnings.empty());

  absl::StatusOr<std::unique_ptr<Strategy>> strategy = MakeBehaviourStrategy({});
  ASSERT_TRUE(strategy.ok());
  FeatureTable partial(1);
  partial.Add("frequency", "") = {1};
  DirectRun missing = ScoreDirect(**strategy, partial);
  EXPECT_EQ(missing.status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status.message(),
            "no feature named 'purchase_days'; features are: frequency");

  // Only prospects: nothing to learn from, no warning about classes.
  BehaviourFeatures prospects;
  prospects.frequency = {0, 0};
  prospects.purchase_days = {0, 0};
  prospects.monetary_mean = {kNaN, kNaN};
  DirectRun nobody = ScoreBehaviour(prospects, NoBreadth());
  ASSERT_TRUE(nobody.status.ok()) << nobody.status;
  EXPECT_EQ(nobody.Labels("behaviour.frequency"), Classes("PP"));
  EXPECT_EQ(nobody.Labels("behaviour.repeat"), Classes("PP"));
  EXPECT_TRUE(nobody.warnings.empty());

  // A host feeding features directly can pass a value ingest would reject.
  BehaviourFeatures infinite;
  infinite.frequency = {1, 2};
  infinite.monetary_mean = {5, kInf};
  DirectRun bad = ScoreBehaviour(infinite, NoBreadth());
  EXPECT_EQ(bad.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status.message(),
            "behaviour.volume: the order value of customer #1 is not finite (inf)");
  EXPECT_TRUE(bad.scores.columns().empty());
}

absl::Status BehaviourParamsError(const char* text) {
  absl::StatusOr<StrategyParams> params = StrategyParams::Parse(text);
  EXPECT_TRUE(params.ok()) << params.status();
  return BehaviourOptionsFromParams(*params).status();
}

TEST(BehaviourParams, ErrorsNameTheParameterAndTheAllowedValues) {
  EXPECT_EQ(BehaviourParamsError("frequency_threshold=0.5").message(),
            "behaviour: parameter 'frequency_threshold' must be 'median' or a finite number "
            ">= 1, got '0.5'");
  EXPECT_EQ(BehaviourParamsError("frequency_threshold=mean").message(),
            "behaviour: parameter 'frequency_threshold' must be 'median' or a finite number "
            ">= 1, got 'mean'");
  EXPECT_EQ(BehaviourParamsError("volume_threshold=inf").message(),
            "behaviour: parameter 'volume_threshold' must be 'median' or a finite number, got "
            "'inf'");
  EXPECT_EQ(BehaviourParamsError("breadth_threshold=1").message(),
            "behaviour: parameter 'breadth_threshold' must be 'median' or a finite number >= "
            "2, got '1'");
  EXPECT_EQ(BehaviourParamsError("volume=weight").message(),
            "behaviour: parameter 'volume' must be one of auto, quantity, order_value, got "
            "'weight'");
  EXPECT_EQ(BehaviourParamsError("breadth=yes").message(),
            "behaviour: parameter 'breadth' must be one of auto, on, off, got 'yes'");
  EXPECT_EQ(BehaviourParamsError("bins=3").message(),
            "behaviour: unknown parameter 'bins'; accepted: frequency_threshold, "
            "volume_threshold, breadth_threshold, volume, breadth");

  BehaviourOptions options;
  options.frequency_threshold = 0;
  EXPECT_EQ(MakeBehaviourStrategy(options).status().message(),
            "behaviour: frequency_threshold must be a finite number >= 1, got 0");
  options = BehaviourOptions{};
  options.volume_threshold = kNaN;
  EXPECT_EQ(MakeBehaviourStrategy(options).status().message(),
            "behaviour: volume_threshold must be a finite number, got nan");
  options = BehaviourOptions{};
  options.breadth_threshold = 1.5;
  EXPECT_EQ(MakeBehaviourStrategy(options).status().message(),
            "behaviour: breadth_threshold must be a finite number >= 2, got 1.5");
}

TEST(BehaviourParams, ValuesReachTheOptions) {
  absl::StatusOr<BehaviourOptions> defaults = BehaviourOptionsFromParams(StrategyParams{});
  ASSERT_TRUE(defaults.ok());
  EXPECT_FALSE(defaults->frequency_threshold.has_value());
  EXPECT_FALSE(defaults->volume_threshold.has_value());
  EXPECT_EQ(defaults->breadth_threshold, std::optional<double>(2));
  EXPECT_EQ(defaults->volume, BehaviourVolume::kAuto);
  EXPECT_EQ(defaults->breadth, BehaviourBreadth::kAuto);

  absl::StatusOr<StrategyParams> params = StrategyParams::Parse(
      "frequency_threshold=3, volume=order_value, volume_threshold=-2.5, breadth=on, "
      "breadth_threshold=median");
  ASSERT_TRUE(params.ok());
  absl::StatusOr<BehaviourOptions> options = BehaviourOptionsFromParams(*params);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->frequency_threshold, std::optional<double>(3));
  EXPECT_EQ(options->volume, BehaviourVolume::kOrderValue);
  EXPECT_EQ(options->volume_threshold, std::optional<double>(-2.5));
  EXPECT_EQ(options->breadth, BehaviourBreadth::kOn);
  EXPECT_FALSE(options->breadth_threshold.has_value());

  params = StrategyParams::Parse("frequency_threshold=median, volume=quantity, breadth=off");
  options = BehaviourOptionsFromParams(*params);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_FALSE(options->frequency_threshold.has_value());
  EXPECT_EQ(options->volume, BehaviourVolume::kQuantity);
  EXPECT_EQ(options->breadth, BehaviourBreadth::kOff);
}

// The stage rules of tessera/lifecycle.h written out plainly over one
// customer's distinct purchase days (ascending), without the features.
std::string StageByHand(const std::set<Day>& day_set, Day as_of,
                        const LifecycleOptions& o = {}) {
  if (day_set.empty()) return "prospect";
  const std::vector<Day> days(day_set.begin(), day_set.end());
  const int recency = as_of - days.back();
  const int tenure = as_of - days.front();
  if (tenure <= o.new_days) return "new";
  if (recency > o.churn_days) return "churned";
  int longest_gap = 0;
  for (size_t i = 1; i < days.size(); ++i) {
    longest_gap = std::max(longest_gap, days[i] - days[i - 1]);
  }
  const bool typical_gap = days.size() >= static_cast<size_t>(o.min_purchase_days_for_gap);
  const double mean_gap = static_cast<double>(days.back() - days.front()) /
                          static_cast<double>(days.size() - 1);
  const double limit = typical_gap ? o.at_risk_factor * mean_gap : o.at_risk_days;
  if (recency > limit) return "at_risk";
  if (longest_gap > o.churn_days) return "reactivated";
  return "active";
}

// Checks a learned two-class output against the rule of BehaviourOptions by
// a plain sort: the upper class is exactly the buyers at or above some buyer
// value t (so ties share a class), no distinct value other than the smallest
// puts a count below it nearer to half the buyers, and no smaller one is as
// near. `values` and `labels` are the buyers'.
void ExpectEvenestSplit(std::vector<double> values, const std::vector<std::string>& labels,
                        const std::string& upper) {
  ASSERT_EQ(values.size(), labels.size());
  ASSERT_FALSE(values.empty());
  double t = kInf;
  for (size_t i = 0; i < values.size(); ++i) {
    if (labels[i] == upper) t = std::min(t, values[i]);
  }
  uint64_t lower = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(values[i] >= t, labels[i] == upper) << "value " << values[i] << ", t " << t;
    lower += labels[i] != upper;
  }
  std::sort(values.begin(), values.end());
  const int64_t n = static_cast<int64_t>(values.size());
  auto distance = [n](int64_t below) { return std::abs(2 * below - n); };
  int64_t best = std::numeric_limits<int64_t>::max();
  double best_value = kInf;
  for (size_t i = 1; i < values.size(); ++i) {
    if (values[i] == values[i - 1]) continue;
    const int64_t d = distance(static_cast<int64_t>(i));
    if (d < best) {
      best = d;
      best_value = values[i];
    }
  }
  EXPECT_EQ(t, best_value);
  if (best_value != kInf) {
    EXPECT_EQ(distance(static_cast<int64_t>(lower)), best);
  }
}

std::map<std::string, int> CountLabels(const ScoreColumn& column) {
  std::map<std::string, int> counts;
  for (int32_t code : column.codes) ++counts[column.labels[static_cast<size_t>(code)]];
  return counts;
}

// CDNOW_sample.txt: master_id sample_id YYYYMMDD cds dollars, 2,357
// customers who all first bought in the first quarter of 1997, purchases
// through 1998-06-30 (/work/shared/data/README.md).
struct Cdnow {
  std::shared_ptr<Sales> sales = std::make_shared<Sales>();

  explicit Cdnow(const std::string& path) {
    for (const std::vector<std::string>& row : testing::ReadTable(path, ' ')) {
      sales->keys.push_back(std::stoll(row[1]));
      sales->days.push_back(*ParseDay(row[2]));
      sales->quantities.push_back(std::stod(row[3]));
      sales->amounts.push_back(std::stod(row[4]));
    }
  }
  absl::StatusOr<Dataset> Build() const { return BuildDataset(ColumnsOf(sales, true, false)); }
};

TEST(LifecycleRealData, CdnowStagesMatchAPlainComputationFromTheRows) {
  TESSERA_SHARED_FILE(path, "cdnow/CDNOW_sample.txt");
  const Cdnow cdnow(path);
  ASSERT_EQ(cdnow.sales->keys.size(), 6919u);
  // The day after the last purchase, and the end of the calibration period
  // of Fader, Hardie & Lee (2005).
  for (const char* date : {"1998-07-01", "1997-09-30"}) {
    SCOPED_TRACE(date);
    const Day as_of = D(date);
    std::map<int64_t, std::set<Day>> days;
    for (size_t i = 0; i < cdnow.sales->keys.size(); ++i) {
      std::set<Day>& customer = days[cdnow.sales->keys[i]];
      if (cdnow.sales->days[i] <= as_of) customer.insert(cdnow.sales->days[i]);
    }
    ASSERT_EQ(days.size(), 2357u);
    absl::StatusOr<Outcome> outcome = RunOn(cdnow.Build(), "lifecycle", "", as_of);
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    std::map<std::string, int> by_hand;
    int silent_beyond_churn = 0;
    for (const auto& [key, customer_days] : days) {
      const std::string stage = StageByHand(customer_days, as_of);
      ++by_hand[stage];
      EXPECT_EQ(outcome->Label("lifecycle.stage", key), stage) << "customer " << key;
      silent_beyond_churn += as_of - *customer_days.rbegin() > 180;
    }
    const std::map<std::string, int> counts =
        CountLabels(*outcome->result.scores.Find("lifecycle.stage"));
    EXPECT_EQ(counts, by_hand);
    EXPECT_EQ(counts.count("prospect"), 0u);  // everyone bought by 1997-03-31
    EXPECT_EQ(counts.count("new"), 0u);       // ... six months before either date
    EXPECT_EQ(counts.at("churned"), silent_beyond_churn);
    for (const char* stage : {"active", "at_risk", "reactivated"}) {
      EXPECT_GT(counts.count(stage), 0u) << stage;
    }
    // The same rules in a few lines of Python over the file's rows agree.
    const std::map<std::string, int> python =
        as_of == D("1998-07-01")
            ? std::map<std::string, int>{{"active", 129}, {"at_risk", 98},
                                         {"churned", 1843}, {"reactivated", 287}}
            : std::map<std::string, int>{{"active", 337}, {"at_risk", 308},
                                         {"churned", 1636}, {"reactivated", 76}};
    EXPECT_EQ(counts, python);
  }
}

// Source: REFERENCE.md, 946 of the 2,357 CDNOW sample customers have x > 0
// (a repeat purchase day) in the calibration period through 1997-09-30.
TEST(BehaviourRealData, CdnowRepeatBuyersAndLearnedSplits) {
  TESSERA_SHARED_FILE(path, "cdnow/CDNOW_sample.txt");
  const Cdnow cdnow(path);
  const Day as_of = D("1997-09-30");
  absl::StatusOr<Outcome> outcome = RunOn(cdnow.Build(), "behaviour", "", as_of);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  const std::map<std::string, int> repeat =
      CountLabels(*outcome->result.scores.Find("behaviour.repeat"));
  EXPECT_EQ(repeat, (std::map<std::string, int>{{"new", 2357 - 946}, {"repeat", 946}}));
  EXPECT_EQ(outcome->result.warnings,
            (std::vector<std::string>{
                "behaviour: the transactions have no category column, so behaviour.breadth is "
                "left out (breadth=off leaves it out without this warning)"}));

  // Frequency counts rows (no order ids); volume is CDs per row.
  std::map<int64_t, double> rows, cds;
  for (size_t i = 0; i < cdnow.sales->keys.size(); ++i) {
    if (cdnow.sales->days[i] > as_of) continue;
    rows[cdnow.sales->keys[i]] += 1;
    cds[cdnow.sales->keys[i]] += cdnow.sales->quantities[i];
  }
  std::vector<double> frequency, volume;
  std::vector<std::string> frequency_labels, volume_labels;
  for (const auto& [key, count] : rows) {
    frequency.push_back(count);
    volume.push_back(cds[key] / count);
    frequency_labels.push_back(outcome->Label("behaviour.frequency", key));
    volume_labels.push_back(outcome->Label("behaviour.volume", key));
  }
  ExpectEvenestSplit(frequency, frequency_labels, "high");
  ExpectEvenestSplit(volume, volume_labels, "bulk");
}

// Online Retail (Chen, Sain & Guo 2012), read by the library and, for the
// expected values, by splitting each line: no field but Description holds a
// comma, so InvoiceNo and StockCode are the first two fields and Quantity,
// InvoiceDate, UnitPrice, CustomerID and Country the last five.
TEST(LifecycleRealData, OnlineRetailMatchesAPlainComputationFromTheLines) {
  TESSERA_SHARED_FILE(path, "online_retail/online_retail_uci.csv");
  CsvOptions csv;
  csv.customer = "CustomerID";
  csv.date = "InvoiceDate";
  csv.quantity = "Quantity";
  csv.unit_price = "UnitPrice";
  csv.order_id = "InvoiceNo";
  csv.category = "StockCode";
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(path, csv);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->customer_count(), 4372u);  // REFERENCE.md
  const Day as_of = DayAfterLastTransaction(*dataset);
  EXPECT_EQ(as_of, D("2011-12-10"));  // REFERENCE.md: last invoice 2011-12-09
  RunOptions options;
  options.features.as_of = as_of;
  options.strategies = {{"lifecycle", {}}, {"behaviour", {}}};
  absl::StatusOr<RunResult> result = tessera::Run(*dataset, options);
  ASSERT_TRUE(result.ok()) << result.status();
  const Outcome outcome{*std::move(dataset), *std::move(result)};

  struct Customer {
    std::set<Day> days;
    std::set<std::string> orders;
    std::set<std::string> stock_codes;
    double quantity = 0;  // net of returns, as the quantity feature
  };
  std::map<int64_t, Customer> customers;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> f;
    size_t start = 0;
    for (size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1) {
      f.push_back(line.substr(start, comma - start));
    }
    f.push_back(line.substr(start));
    ASSERT_GE(f.size(), 8u) << line;
    const size_t n = f.size();
    if (f[n - 2].empty()) continue;  // no CustomerID
    Customer& customer = customers[static_cast<int64_t>(std::stod(f[n - 2]))];
    const double quantity = std::stod(f[n - 5]);
    const double price = std::stod(f[n - 3]);
    customer.quantity += quantity;
    // Returns: a cancelled invoice ("C..."), a negative quantity or amount.
    if (f[0][0] == 'C' || quantity < 0 || quantity * price < 0) continue;
    customer.days.insert(*ParseDay(f[n - 4].substr(0, 10)));
    customer.orders.insert(f[0]);
    customer.stock_codes.insert(f[1]);
  }
  ASSERT_EQ(customers.size(), 4372u);

  std::map<std::string, int> stages_by_hand;
  std::vector<double> frequency, volume;
  std::vector<std::string> frequency_labels, volume_labels;
  int multi = 0, repeat = 0;
  for (const auto& [key, customer] : customers) {
    const std::string stage = StageByHand(customer.days, as_of);
    ++stages_by_hand[stage];
    EXPECT_EQ(outcome.Label("lifecycle.stage", key), stage) << "customer " << key;
    const std::string breadth = outcome.Label("behaviour.breadth", key);
    const std::string repeats = outcome.Label("behaviour.repeat", key);
    if (customer.days.empty()) {
      EXPECT_EQ(breadth, "prospect") << key;
      EXPECT_EQ(repeats, "prospect") << key;
      continue;
    }
    EXPECT_EQ(breadth, customer.stock_codes.size() >= 2 ? "multi" : "single") << key;
    EXPECT_EQ(repeats, customer.days.size() >= 2 ? "repeat" : "new") << key;
    multi += customer.stock_codes.size() >= 2;
    repeat += customer.days.size() >= 2;
    const double orders = static_cast<double>(customer.orders.size());
    frequency.push_back(orders);
    volume.push_back(customer.quantity / orders);
    frequency_labels.push_back(outcome.Label("behaviour.frequency", key));
    volume_labels.push_back(outcome.Label("behaviour.volume", key));
  }
  EXPECT_EQ(CountLabels(*outcome.result.scores.Find("lifecycle.stage")), stages_by_hand);
  EXPECT_GT(stages_by_hand.at("prospect"), 0);  // customers with only cancellations
  ExpectEvenestSplit(frequency, frequency_labels, "high");
  ExpectEvenestSplit(volume, volume_labels, "bulk");
  EXPECT_EQ(CountLabels(*outcome.result.scores.Find("behaviour.breadth")).at("multi"), multi);
  EXPECT_EQ(CountLabels(*outcome.result.scores.Find("behaviour.repeat")).at("repeat"), repeat);
  // The same rules in Python over csv.reader rows agree.
  EXPECT_EQ(stages_by_hand,
            (std::map<std::string, int>{{"active", 2297},
                                        {"at_risk", 532},
                                        {"churned", 861},
                                        {"new", 253},
                                        {"prospect", 33},
                                        {"reactivated", 396}}));
}

bool SameColumns(const ScoreTable& a, const ScoreTable& b) {
  if (a.columns().size() != b.columns().size()) return false;
  for (size_t k = 0; k < a.columns().size(); ++k) {
    const ScoreColumn& x = a.columns()[k];
    const ScoreColumn& y = b.columns()[k];
    // Byte for byte, so that NaN compares equal to the same NaN.
    // (memcmp must not see the null data of an empty column.)
    const bool same_numbers =
        x.numeric.size() == y.numeric.size() &&
        (x.numeric.empty() ||
         std::memcmp(x.numeric.data(), y.numeric.data(), x.numeric.size() * sizeof(double)) == 0);
    if (x.name != y.name || !same_numbers || x.codes != y.codes || x.labels != y.labels) {
      return false;
    }
  }
  return true;
}

// Many customers, so that every loop runs in several chunks; some are
// prospects from a customer table, some rows are returns.
TEST(LifecycleThreads, IdenticalForAnyThreadCount) {
  auto sales = std::make_shared<Sales>();
  uint64_t state = 2024;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  const char* categories[] = {"a", "b", "c", "d", "e"};
  for (int i = 0; i < 300000; ++i) {
    const int64_t key = static_cast<int64_t>(next() % 60000);
    const double amount = static_cast<double>(next() % 20000) / 100.0 - 20;
    sales->Add(key, static_cast<int>(next() % 900) - 10, amount,
               static_cast<double>(next() % 12), categories[next() % 5]);
  }
  std::vector<int64_t> listed(70000);
  for (size_t i = 0; i < listed.size(); ++i) listed[i] = static_cast<int64_t>(i);
  CustomerColumns customers;
  customers.int_keys = listed;
  absl::StatusOr<Dataset> dataset = BuildDataset(customers, ColumnsOf(sales, true, true));
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  RunOptions options;
  options.features.as_of = kAsOf;
  options.strategies = {{"lifecycle", {}}, {"behaviour", {}}};
  options.features.num_threads = 1;
  absl::StatusOr<RunResult> one = tessera::Run(*dataset, options);
  ASSERT_TRUE(one.ok()) << one.status();
  for (int threads : {2, 7}) {
    options.features.num_threads = threads;
    absl::StatusOr<RunResult> many = tessera::Run(*dataset, options);
    ASSERT_TRUE(many.ok()) << many.status();
    EXPECT_TRUE(SameColumns(one->scores, many->scores)) << threads << " threads";
    EXPECT_EQ(one->warnings, many->warnings);
  }
  const std::map<std::string, int> stages = CountLabels(*one->scores.Find("lifecycle.stage"));
  EXPECT_GE(stages.at("prospect"), 10000);  // listed keys 60000..69999 never bought
  EXPECT_EQ(stages.size(), 6u);
}

}  // namespace
}  // namespace tessera
