#include "tessera/value_strategies.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tessera/csv.h"
#include "tessera/dataset.h"
#include "tessera/dates.h"
#include "tessera/output.h"
#include "tessera/pipeline.h"
#include "test_support.h"

namespace tessera {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

using NamedColumns = std::vector<std::pair<std::string, std::vector<double>>>;

struct Scored {
  absl::Status status;
  ScoreTable scores;
  std::vector<std::string> warnings;

  const ScoreColumn& Column(const std::string& name) const {
    static const ScoreColumn kMissing;
    const ScoreColumn* column = scores.Find(name);
    EXPECT_NE(column, nullptr) << name;
    return column == nullptr ? kMissing : *column;
  }
  std::vector<double> Numeric(const std::string& name) const { return Column(name).numeric; }
  // Labels per customer; "" for an unknown code.
  std::vector<std::string> Labels(const std::string& name) const {
    const ScoreColumn& column = Column(name);
    std::vector<std::string> labels;
    for (int32_t code : column.codes) {
      const bool known = code >= 0 && static_cast<size_t>(code) < column.labels.size();
      labels.push_back(known ? column.labels[static_cast<size_t>(code)] : "");
    }
    return labels;
  }
};

// Scores per-customer columns given directly as features, so that the cases
// below control every value; `earlier` plays the scores of strategies that
// ran before.
Scored ScoreColumns(absl::StatusOr<std::unique_ptr<Strategy>> strategy,
                    const NamedColumns& features, int threads = 1,
                    const ScoreTable* earlier = nullptr) {
  const size_t count = features.empty() ? 0 : features[0].second.size();
  FeatureTable table(count);
  for (const auto& [name, values] : features) table.Add(name, "") = values;
  Dataset dataset;
  FeatureOptions feature_options;
  feature_options.num_threads = threads;
  ScoreTable none(count);
  Scored scored{absl::OkStatus(), ScoreTable(count), {}};
  EXPECT_TRUE(strategy.ok()) << strategy.status();
  if (!strategy.ok()) return scored;
  StrategyInput input{dataset, feature_options, table, earlier == nullptr ? none : *earlier};
  scored.status = (*strategy)->Score(input, scored.scores, scored.warnings);
  return scored;
}

Scored Abc(const std::vector<double>& monetary, AbcOptions options = {}) {
  Scored scored = ScoreColumns(MakeAbcStrategy(std::move(options)), {{"monetary", monetary}});
  EXPECT_TRUE(scored.status.ok()) << scored.status;
  return scored;
}

std::vector<std::string> Split(const std::string& letters) {
  std::vector<std::string> out;
  for (char c : letters) out.push_back(c == '-' ? "" : std::string(1, c));
  return out;
}

void ExpectNear(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(actual[i])) << "customer " << i << ": " << actual[i];
    } else {
      EXPECT_NEAR(actual[i], expected[i], 1e-12) << "customer " << i;
    }
  }
}

// Total of the positive values 100. From the top: 40 (share before 0, A),
// 30 (0.4, A), the tie 10, 10 (0.7, A: the group starts below 0.8, so both
// are A although together they reach 0.9), 5 (0.9, B), 3 (0.95: not below
// b = 0.95, C), 2 (0.98, C); 0 and -3 are outside the total (C, share 0,
// cumulative share 1); NaN has no class.
TEST(AbcHandComputed, TieGroupAtTheABoundaryStaysTogether) {
  Scored run = Abc({10, 0, 3, 40, kNaN, 5, -3, 10, 2, 30});
  EXPECT_EQ(run.Labels("abc.class"), Split("ACCA-BCACA"));
  ExpectNear(run.Numeric("abc.share"), {0.1, 0, 0.03, 0.4, kNaN, 0.05, 0, 0.1, 0.02, 0.3});
  ExpectNear(run.Numeric("abc.cumulative_share"),
             {0.9, 1, 0.98, 0.4, kNaN, 0.95, 1, 0.9, 1, 0.7});
  EXPECT_EQ(run.Column("abc.class").kind, ScoreColumn::Kind::kCategorical);
  EXPECT_EQ(run.Column("abc.class").labels, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(run.warnings,
            (std::vector<std::string>{"abc: 1 customer has no monetary value (NaN) and no class"}));
}

// 50 (A), 30 (0.5, A), the tie 8, 8 starts at 0.8: B for both, though it
// ends at 0.96 beyond b; 4 starts at 0.96: C.
TEST(AbcHandComputed, TieGroupAtTheBBoundaryStaysTogether) {
  Scored run = Abc({8, 4, 50, 8, 30});
  EXPECT_EQ(run.Labels("abc.class"), Split("BCABA"));
  ExpectNear(run.Numeric("abc.cumulative_share"), {0.96, 1, 0.5, 0.96, 0.8});
}

// The top customer is A even when it alone holds more than a; a = 0.5 and
// b = 0.9 move the lines: 90 (A), 5 (0.9: C), 5 (tie, C).
TEST(AbcHandComputed, TopCustomerAloneAndCustomCutOffs) {
  EXPECT_EQ(Abc({5, 90, 5}).Labels("abc.class"), Split("BAB"));
  EXPECT_EQ(Abc({85, 10, 5}).Labels("abc.class"), Split("ABC"));
  AbcOptions options;
  options.a = 0.5;
  options.b = 0.9;
  EXPECT_EQ(Abc({5, 90, 5}, options).Labels("abc.class"), Split("CAC"));
  // 40 (A), 30 (0.4, A), 20 (0.7, B), 10 (0.9: not below b, C).
  EXPECT_EQ(Abc({10, 20, 30, 40}, options).Labels("abc.class"), Split("CBAA"));
  // b = 1: only values <= 0 are C.
  options.b = 1;
  EXPECT_EQ(Abc({10, 20, 30, 40, 0}, options).Labels("abc.class"), Split("BBAAC"));
}

TEST(AbcEdgeCases, EmptyOneCustomerAndAllEqual) {
  Scored empty = Abc({});
  EXPECT_EQ(empty.scores.columns().size(), 3u);
  EXPECT_TRUE(empty.Labels("abc.class").empty());
  EXPECT_TRUE(empty.warnings.empty());

  Scored one = Abc({12.5});
  EXPECT_EQ(one.Labels("abc.class"), Split("A"));
  EXPECT_EQ(one.Numeric("abc.share"), (std::vector<double>{1}));
  EXPECT_EQ(one.Numeric("abc.cumulative_share"), (std::vector<double>{1}));

  // One tie group that starts at share 0: everyone A.
  Scored equal = Abc({7, 7, 7});
  EXPECT_EQ(equal.Labels("abc.class"), Split("AAA"));
  ExpectNear(equal.Numeric("abc.share"), {1.0 / 3, 1.0 / 3, 1.0 / 3});
  EXPECT_EQ(equal.Numeric("abc.cumulative_share"), (std::vector<double>{1, 1, 1}));
  EXPECT_TRUE(equal.warnings.empty());
}

TEST(AbcEdgeCases, NoPositiveValueMakesEveryoneC) {
  Scored run = Abc({0, -4, 0, kNaN});
  EXPECT_EQ(run.Labels("abc.class"), Split("CCC-"));
  ExpectNear(run.Numeric("abc.share"), {0, 0, 0, kNaN});
  ExpectNear(run.Numeric("abc.cumulative_share"), {1, 1, 1, kNaN});
  EXPECT_EQ(run.warnings,
            (std::vector<std::string>{
                "abc: 1 customer has no monetary value (NaN) and no class",
                "abc: no customer has a positive monetary, so every customer with a value is C"}));
}

TEST(AbcEdgeCases, InfiniteTotalIsAnError) {
  Scored run = ScoreColumns(MakeAbcStrategy({}), {{"monetary", {1, kInf, -kInf}}});
  EXPECT_EQ(run.status.message(),
            "the positive values of 'monetary' add up to infinity; ABC classes need a finite "
            "total");
}

// An earlier numeric score column serves as the value; a categorical one does
// not; a missing name lists both kinds of column.
TEST(AbcInputs, EarlierScoresAndMissingNames) {
  ScoreTable earlier(3);
  earlier.AddNumeric("host.value") = {1, 3, 6};
  earlier.AddCategorical("host.flag", {"no", "yes"}) = {0, 1, 1};
  AbcOptions options;
  options.feature = "host.value";
  Scored run = ScoreColumns(MakeAbcStrategy(options), {{"monetary", {0, 0, 0}}}, 1, &earlier);
  ASSERT_TRUE(run.status.ok()) << run.status;
  // 6 (A), 3 (0.6, A), 1 (0.9, B).
  EXPECT_EQ(run.Labels("abc.class"), Split("BAA"));

  options.feature = "host.flag";
  run = ScoreColumns(MakeAbcStrategy(options), {{"monetary", {0, 0, 0}}}, 1, &earlier);
  EXPECT_EQ(run.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(run.status.message(),
            "score column 'host.flag' is categorical; a numeric value is needed");

  options.feature = "spend";
  run = ScoreColumns(MakeAbcStrategy(options), {{"monetary", {0, 0, 0}}, {"frequency", {1, 1, 1}}},
                     1, &earlier);
  EXPECT_EQ(run.status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(run.status.message(),
            "no feature or numeric score column named 'spend'; features are: monetary, "
            "frequency; numeric score columns are: host.value");
  run = ScoreColumns(MakeAbcStrategy(options), {{"monetary", {0, 0, 0}}});
  EXPECT_EQ(run.status.message(),
            "no feature or numeric score column named 'spend'; features are: monetary; numeric "
            "score columns are: none (only strategies that ran earlier count)");
}

absl::Status CreateError(const char* name, const char* text) {
  absl::StatusOr<StrategyParams> params = StrategyParams::Parse(text);
  EXPECT_TRUE(params.ok()) << params.status();
  return StrategyRegistry::Global().Create(name, *params).status();
}

TEST(AbcParams, ErrorsNameTheParameterAndTheAllowedValues) {
  EXPECT_EQ(CreateError("abc", "a=1.5").message(),
            "abc: parameter 'a' must be a number in [0, 1], got '1.5'");
  EXPECT_EQ(CreateError("abc", "b=high").message(),
            "abc: parameter 'b' must be a number in [0, 1], got 'high'");
  EXPECT_EQ(CreateError("abc", "a=0.9, b=0.8").message(),
            "abc: a and b must satisfy 0 < a < b <= 1, got a = 0.9, b = 0.8");
  EXPECT_EQ(CreateError("abc", "a=0").message(),
            "abc: a and b must satisfy 0 < a < b <= 1, got a = 0, b = 0.95");
  EXPECT_EQ(CreateError("abc", "feature=").message(),
            "abc: feature must name a feature or a numeric score column, got ''");
  EXPECT_EQ(CreateError("abc", "cutoff=3").message(),
            "abc: unknown parameter 'cutoff'; accepted: feature, a, b");
  EXPECT_TRUE(CreateError("abc", "feature=quantity, a=0.7, b=0.9").ok());

  absl::StatusOr<AbcOptions> options =
      AbcOptionsFromParams(*StrategyParams::Parse("feature=rfm.score, a=0.6"));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->feature, "rfm.score");
  EXPECT_EQ(options->a, 0.6);
  EXPECT_EQ(options->b, 0.95);
  AbcOptions bad;
  bad.b = 1.2;
  EXPECT_EQ(MakeAbcStrategy(bad).status().message(),
            "abc: a and b must satisfy 0 < a < b <= 1, got a = 0.8, b = 1.2");
}

// The rule of AbcOptions worked out the plain way, for real data: sort the
// positive values, walk down until the running sum reaches a (resp. b) of the
// total (in long double), finish the tie group there. Returns the expected
// class per customer ("" without a value).
std::vector<std::string> AbcBySorting(const std::vector<double>& values, double a, double b) {
  std::vector<double> positive;
  for (double v : values) {
    if (v > 0) positive.push_back(v);
  }
  std::sort(positive.begin(), positive.end(), std::greater<double>());
  long double total = 0;
  for (double v : positive) total += v;
  auto count_to = [&](double share) {
    size_t k = 0;
    long double sum = 0;
    while (k < positive.size() && sum < share * total) sum += positive[k++];
    while (k > 0 && k < positive.size() && positive[k] == positive[k - 1]) ++k;
    return k;
  };
  const size_t a_end = count_to(a), b_end = count_to(b);
  // The smallest set of top customers with at least a of the total.
  long double a_sum = 0;
  for (size_t k = 0; k < a_end; ++k) a_sum += positive[k];
  EXPECT_GE(a_sum, a * total);
  std::vector<std::string> classes;
  for (double v : values) {
    if (std::isnan(v)) {
      classes.push_back("");
    } else if (v > 0 && v >= positive[a_end - 1]) {
      classes.push_back("A");
    } else if (v > 0 && b_end > a_end && v >= positive[b_end - 1]) {
      classes.push_back("B");
    } else {
      classes.push_back("C");
    }
  }
  return classes;
}

size_t Count(const std::vector<std::string>& labels, const std::string& label) {
  return static_cast<size_t>(std::count(labels.begin(), labels.end(), label));
}

void ExpectAbcOnRealData(const Dataset& dataset, const char* what) {
  RunOptions options;
  options.features.as_of = DayAfterLastTransaction(dataset);
  options.strategies = {{"abc", {}}};
  absl::StatusOr<RunResult> result = tessera::Run(dataset, options);
  ASSERT_TRUE(result.ok()) << result.status();
  const std::vector<double>& monetary = *result->features.Find(feature::kMonetary);
  const ScoreColumn* column = result->scores.Find("abc.class");
  ASSERT_NE(column, nullptr);
  std::vector<std::string> classes;
  for (int32_t code : column->codes) classes.push_back(column->labels[static_cast<size_t>(code)]);
  const std::vector<std::string> expected = AbcBySorting(monetary, 0.8, 0.95);
  EXPECT_EQ(Count(classes, "A"), Count(expected, "A")) << what;
  EXPECT_EQ(Count(classes, "B"), Count(expected, "B")) << what;
  EXPECT_EQ(Count(classes, "C"), Count(expected, "C")) << what;
  EXPECT_EQ(classes, expected) << what;
  const std::vector<double>& share = result->scores.Find("abc.share")->numeric;
  EXPECT_NEAR(std::accumulate(share.begin(), share.end(), 0.0), 1.0, 1e-9) << what;
  const std::vector<double>& cumulative = result->scores.Find("abc.cumulative_share")->numeric;
  EXPECT_EQ(*std::max_element(cumulative.begin(), cumulative.end()), 1.0) << what;
}

// UCI Online Retail (Chen, Sain & Guo 2012): 4,372 customers with a
// CustomerID (/work/shared/data/REFERENCE.md). Returns make some monetary
// totals zero or negative: those customers are C.
TEST(AbcRealData, OnlineRetailMonetaryFollowsTheRule) {
  TESSERA_SHARED_FILE(path, "online_retail/online_retail_uci.csv");
  CsvOptions options;
  options.customer = "CustomerID";
  options.date = "InvoiceDate";
  options.quantity = "Quantity";
  options.unit_price = "UnitPrice";
  options.order_id = "InvoiceNo";
  options.category = "StockCode";
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(path, options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customer_count(), 4372u);
  ExpectAbcOnRealData(*dataset, "Online Retail");
}

// CDNOW master file: 23,570 customers, 80 rows of $0.00
// (/work/shared/data/README.md).
TEST(AbcRealData, CdnowMonetaryFollowsTheRule) {
  TESSERA_SHARED_FILE(path, "cdnow/CDNOW_master.txt");
  CsvOptions options;
  options.delimiter = ' ';
  options.customer = "customer_id";
  options.date = "date";
  options.amount = "dollar_value";
  options.quantity = "number_of_cds";
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(path, options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customer_count(), 23570u);
  ExpectAbcOnRealData(*dataset, "CDNOW");
}

Scored Tier(const NamedColumns& features, ValueTierOptions options) {
  Scored scored = ScoreColumns(MakeValueTierStrategy(std::move(options)), features);
  EXPECT_TRUE(scored.status.ok()) << scored.status;
  return scored;
}

ValueTierOptions OneFeature(std::vector<std::string> levels = {"low", "medium", "high"}) {
  ValueTierOptions options;
  options.features = {{"monetary", 1, false}};
  options.levels = std::move(levels);
  return options;
}

// Five customers; the last is a prospect (bought nothing, recency NaN).
//  monetary 100, 50, 50, 10, 0: average ranks 5, 3.5, 3.5, 2, 1 of m = 5,
//    (r - 1) / 4 = 1, 0.625, 0.625, 0.25, 0.
//  frequency 1, 3, 2, 2, 0: ranks 2, 5, 3.5, 3.5, 1 -> 0.25, 1, 0.625, 0.625, 0.
//  recency_days 10, 5, 30, 30, NaN (lower is better): m = 4, ranks 2, 1,
//    3.5, 3.5 -> (r - 1) / 3 = 1/3, 0, 5/6, 5/6, reversed 2/3, 1, 1/6, 1/6;
//    the prospect 0.
// Equal weights: (1 + 1/4 + 2/3) / 3 = 23/36, (5/8 + 1 + 1) / 3 = 7/8,
// (5/8 + 5/8 + 1/6) / 3 = 17/36, (1/4 + 5/8 + 1/6) / 3 = 25/72, 0.
const NamedColumns kFiveCustomers = {{"monetary", {100, 50, 50, 10, 0}},
                                     {"frequency", {1, 3, 2, 2, 0}},
                                     {"recency_days", {10, 5, 30, 30, kNaN}}};

TEST(ValueTierHandComputed, PercentileRanksWithTiesAndAProspect) {
  Scored run = Tier(kFiveCustomers, {});
  ExpectNear(run.Numeric("value_tier.score"), {23.0 / 36, 7.0 / 8, 17.0 / 36, 25.0 / 72, 0});
  // Equal shares of 5: high while fewer than 5/3 score higher (Q = 0, 1),
  // medium while fewer than 10/3 do (Q = 2, 3), the rest low.
  EXPECT_EQ(run.Labels("value_tier.level"),
            (std::vector<std::string>{"high", "high", "medium", "medium", "low"}));
  EXPECT_EQ(run.Column("value_tier.level").labels,
            (std::vector<std::string>{"low", "medium", "high"}));
  EXPECT_EQ(run.warnings, (std::vector<std::string>{
                              "value_tier: 1 customer has no recency_days (NaN) and ranks "
                              "lowest (0) in it"}));
}

// Weights 0.5, 0.3, 0.2 (divided by their sum, 1): 0.5 + 0.075 + 0.2 * 2/3,
// 0.3125 + 0.3 + 0.2, 0.3125 + 0.1875 + 0.2/6, 0.125 + 0.1875 + 0.2/6, 0.
// Cuts 0.5, 0.8.
TEST(ValueTierHandComputed, WeightsAndCuts) {
  ValueTierOptions options;
  options.features = {{"monetary", 0.5, false}, {"frequency", 0.3, false},
                      {"recency_days", 0.2, true}};
  options.cuts = {0.5, 0.8};
  Scored run = Tier(kFiveCustomers, options);
  ExpectNear(run.Numeric("value_tier.score"),
             {0.575 + 0.4 / 3, 0.8125, 0.5 + 0.1 / 3, 0.3125 + 0.1 / 3, 0});
  EXPECT_EQ(run.Labels("value_tier.level"),
            (std::vector<std::string>{"medium", "high", "medium", "low", "low"}));
  // Weights are relative: 5, 3, 2 give the same scores.
  options.features[0].weight = 5;
  options.features[1].weight = 3;
  options.features[2].weight = 2;
  ExpectNear(Tier(kFiveCustomers, options).Numeric("value_tier.score"),
             run.Numeric("value_tier.score"));
}

// 1, 2, 3: ranks 0, 0.5, 1. A score equal to a cut goes to the upper level,
// and a cut of 1 leaves the top level to the best alone.
TEST(ValueTierHandComputed, ScoreOnACutGoesUp) {
  ValueTierOptions options = OneFeature();
  options.cuts = {0.5, 1};
  Scored run = Tier({{"monetary", {2, 3, 1}}}, options);
  EXPECT_EQ(run.Numeric("value_tier.score"), (std::vector<double>{0.5, 1, 0}));
  EXPECT_EQ(run.Labels("value_tier.level"),
            (std::vector<std::string>{"medium", "high", "low"}));
  // Lower is better reverses the ranks.
  options.features[0].lower_is_better = true;
  EXPECT_EQ(Tier({{"monetary", {2, 3, 1}}}, options).Numeric("value_tier.score"),
            (std::vector<double>{0.5, 0, 1}));
}

// Ten values 5, 5, 5, 4, 3, 3, 2, 1, 1, 1: average ranks 9 for the 5s, 7,
// 5.5, 4, 2 for the 1s; (r - 1) / 9 = 8/9, 6/9, 0.5, 3/9, 1/9. Shares 0.5,
// 0.3, 0.2: the top round(2) = 2 should be high and the top round(5) = 5
// high or medium. The three 5s start at 0 above them: all high (3). The 4
// has 3 above: medium; the 3s start at 4 < 5: both medium. The rest low.
TEST(ValueTierHandComputed, SharesKeepTiesTogether) {
  ValueTierOptions options = OneFeature();
  options.shares = {0.5, 0.3, 0.2};
  Scored run = Tier({{"monetary", {1, 5, 3, 5, 2, 1, 4, 5, 3, 1}}}, options);
  ExpectNear(run.Numeric("value_tier.score"),
             {1.0 / 9, 8.0 / 9, 0.5, 8.0 / 9, 3.0 / 9, 1.0 / 9, 6.0 / 9, 8.0 / 9, 0.5, 1.0 / 9});
  EXPECT_EQ(run.Labels("value_tier.level"),
            (std::vector<std::string>{"low", "high", "medium", "high", "low", "low", "medium",
                                      "high", "medium", "low"}));
  EXPECT_TRUE(run.warnings.empty());
}

// Five customers in two equal shares: fewer than 2.5 above means 3 on top.
TEST(ValueTierHandComputed, ShareCountsRoundUp) {
  ValueTierOptions options = OneFeature({"rest", "top"});
  options.shares = {0.5, 0.5};
  Scored run = Tier({{"monetary", {1, 2, 3, 4, 5}}}, options);
  EXPECT_EQ(run.Labels("value_tier.level"),
            (std::vector<std::string>{"rest", "rest", "top", "top", "top"}));
  // 0.1 + 0.2 is 0.30000000000000004 in doubles: ten customers still give
  // exactly 1 top, 2 middle and 7 bottom.
  options = OneFeature({"c", "b", "a"});
  options.shares = {0.7, 0.2, 0.1};
  run = Tier({{"monetary", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}}, options);
  EXPECT_EQ(Count(run.Labels("value_tier.level"), "a"), 1u);
  EXPECT_EQ(Count(run.Labels("value_tier.level"), "b"), 2u);
  EXPECT_EQ(Count(run.Labels("value_tier.level"), "c"), 7u);
  // Four customers: 0.4 and 1.2 round up to 1 and 2, so the best customer
  // is always in the top level.
  run = Tier({{"monetary", {3, 1, 4, 2}}}, options);
  EXPECT_EQ(run.Labels("value_tier.level"), (std::vector<std::string>{"b", "c", "a", "c"}));
}

TEST(ValueTierEdgeCases, EmptyOneCustomerAndAllEqual) {
  Scored empty = Tier({{"monetary", {}}, {"frequency", {}}, {"recency_days", {}}}, {});
  EXPECT_EQ(empty.scores.columns().size(), 2u);
  EXPECT_TRUE(empty.Numeric("value_tier.score").empty());
  EXPECT_TRUE(empty.warnings.empty());

  // One value ranks 0.5 (m = 1); a level on top of equal scores.
  Scored one = Tier({{"monetary", {12}}, {"frequency", {1}}, {"recency_days", {3}}}, {});
  EXPECT_EQ(one.Numeric("value_tier.score"), (std::vector<double>{0.5}));
  EXPECT_EQ(one.Labels("value_tier.level"), (std::vector<std::string>{"high"}));
  EXPECT_EQ(one.warnings, (std::vector<std::string>{
                              "value_tier: levels 'low', 'medium' are empty (equal scores "
                              "always share a level)"}));

  Scored equal = Tier({{"monetary", {4, 4, 4, 4}}}, OneFeature());
  EXPECT_EQ(equal.Numeric("value_tier.score"), (std::vector<double>{0.5, 0.5, 0.5, 0.5}));
  EXPECT_EQ(equal.Labels("value_tier.level"), std::vector<std::string>(4, "high"));

  ValueTierOptions cuts = OneFeature();
  cuts.cuts = {0.6, 0.9};
  EXPECT_EQ(Tier({{"monetary", {4, 4}}}, cuts).warnings,
            (std::vector<std::string>{
                "value_tier: levels 'medium', 'high' are empty with cuts 0.6, 0.9"}));
}

// Prospects only: no recency at all, so every rank is 0 there; monetary and
// frequency are all 0, ranked 0.5 each: (0.5 + 0.5 + 0) / 3 = 1/3.
TEST(ValueTierEdgeCases, OnlyProspects) {
  Scored run = Tier({{"monetary", {0, 0}}, {"frequency", {0, 0}}, {"recency_days", {kNaN, kNaN}}},
                    {});
  ExpectNear(run.Numeric("value_tier.score"), {1.0 / 3, 1.0 / 3});
  ASSERT_EQ(run.warnings.size(), 2u);
  EXPECT_EQ(run.warnings[0],
            "value_tier: 2 customers have no recency_days (NaN) and rank lowest (0) in it");
}

// The percentile rank written the slow way: count smaller and equal values.
std::vector<double> RanksByCounting(const std::vector<double>& values) {
  const double m = static_cast<double>(
      std::count_if(values.begin(), values.end(), [](double v) { return !std::isnan(v); }));
  std::vector<double> ranks;
  for (double v : values) {
    double less = 0, equal = 0;
    for (double w : values) {
      less += w < v;
      equal += w == v;
    }
    const double average_rank = less + (equal + 1) / 2;
    ranks.push_back(std::isnan(v) ? 0 : m == 1 ? 0.5 : (average_rank - 1) / (m - 1));
  }
  return ranks;
}

TEST(ValueTierHandComputed, RanksAgreeWithCounting) {
  uint64_t state = 7;
  std::vector<double> values(500);
  for (double& v : values) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    v = (state >> 33) % 11 == 0 ? kNaN : static_cast<double>((state >> 40) % 37);
  }
  const std::vector<double> ranks = RanksByCounting(values);
  ValueTierOptions options = OneFeature();
  ExpectNear(Tier({{"monetary", values}}, options).Numeric("value_tier.score"), ranks);
  options.features[0].lower_is_better = true;
  std::vector<double> reversed = ranks;
  for (size_t c = 0; c < values.size(); ++c) reversed[c] = std::isnan(values[c]) ? 0 : 1 - ranks[c];
  ExpectNear(Tier({{"monetary", values}}, options).Numeric("value_tier.score"), reversed);
}

TEST(ValueTierParams, ErrorsNameTheParameterAndTheAllowedValues) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"weights=0.5;0.5",
            "value_tier: parameter 'weights' must be 3 numbers, one per feature "
            "(monetary;frequency;recency_days), got '0.5;0.5'"},
           {"weights=1;x;2",
            "value_tier: parameter 'weights' must be numbers >= 0 separated by ';', got "
            "'1;x;2'"},
           {"weights=1;-1;2",
            "value_tier: the weight of 'frequency' must be a finite number >= 0, got -1"},
           {"weights=0;0;0", "value_tier: the weights must not all be 0"},
           {"features=monetary;;frequency",
            "value_tier: parameter 'features' must be names separated by ';', got "
            "'monetary;;frequency'"},
           {"features=", "value_tier: parameter 'features' must be names separated by ';', got ''"},
           {"features=monetary;monetary", "value_tier: feature 'monetary' is listed twice"},
           {"lower_is_better=recency",
            "value_tier: parameter 'lower_is_better' must be names from features (monetary, "
            "frequency, recency_days), got 'recency'"},
           {"levels=low", "value_tier: levels must number 2 to 10, got 1"},
           {"levels=1;2;3;4;5;6;7;8;9;10;11", "value_tier: levels must number 2 to 10, got 11"},
           {"levels=a;b;a", "value_tier: level 'a' is listed twice"},
           {"cuts=0.5", "value_tier: cuts must have 2 values (one fewer than the 3 levels), got 1"},
           {"cuts=0.5;1.5",
            "value_tier: cuts must be strictly increasing numbers in (0, 1], got 0.5, 1.5"},
           {"cuts=0;0.5", "value_tier: cuts must be strictly increasing numbers in (0, 1], got 0, 0.5"},
           {"cuts=0.8;0.5",
            "value_tier: parameter 'cuts' must be increasing numbers separated by ';', got "
            "'0.8;0.5'"},
           {"shares=0.5;0.5",
            "value_tier: shares must have 3 values (one per level, lowest first), got 2"},
           {"shares=0.5;0.3;0.3",
            "value_tier: shares must each be > 0 and add up to 1, got 0.5, 0.3, 0.3"},
           {"shares=0.5;0.5;0", "value_tier: shares must each be > 0 and add up to 1, got 0.5, 0.5, 0"},
           {"cuts=0.5;0.8, shares=0.5;0.3;0.2", "value_tier: give cuts or shares, not both"},
           {"bins=3",
            "value_tier: unknown parameter 'bins'; accepted: features, weights, lower_is_better, "
            "levels, cuts, shares"},
       }) {
    EXPECT_EQ(CreateError("value_tier", c.text).message(), c.message) << c.text;
  }
  EXPECT_TRUE(CreateError("value_tier", "shares=0.333333;0.333333;0.333334").ok());
}

TEST(ValueTierParams, ValuesReachTheOptions) {
  absl::StatusOr<ValueTierOptions> options = ValueTierOptionsFromParams(*StrategyParams::Parse(
      "features=monetary;recency_days, weights=2;1, levels=bronze;silver;gold;platinum, "
      "shares=0.4;0.3;0.2;0.1"));
  ASSERT_TRUE(options.ok()) << options.status();
  ASSERT_EQ(options->features.size(), 2u);
  EXPECT_EQ(options->features[0].name, "monetary");
  EXPECT_EQ(options->features[0].weight, 2);
  EXPECT_FALSE(options->features[0].lower_is_better);
  EXPECT_EQ(options->features[1].name, "recency_days");
  EXPECT_EQ(options->features[1].weight, 1);
  EXPECT_TRUE(options->features[1].lower_is_better);  // the default for recency_days
  EXPECT_EQ(options->levels, (std::vector<std::string>{"bronze", "silver", "gold", "platinum"}));
  EXPECT_EQ(options->shares, (std::vector<double>{0.4, 0.3, 0.2, 0.1}));
  EXPECT_TRUE(options->cuts.empty());

  // An empty lower_is_better turns the recency default off.
  options = ValueTierOptionsFromParams(
      *StrategyParams::Parse("features=recency_days;frequency, lower_is_better=, cuts=0.3;0.6"));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_FALSE(options->features[0].lower_is_better);
  EXPECT_EQ(options->cuts, (std::vector<double>{0.3, 0.6}));

  options = ValueTierOptionsFromParams({});
  ASSERT_TRUE(options.ok()) << options.status();
  ASSERT_EQ(options->features.size(), 3u);
  EXPECT_EQ(options->features[2].name, "recency_days");
  EXPECT_TRUE(options->features[2].lower_is_better);
  EXPECT_FALSE(options->features[0].lower_is_better);
  EXPECT_EQ(options->levels, (std::vector<std::string>{"low", "medium", "high"}));

  ValueTierOptions bad;
  bad.features.clear();
  EXPECT_EQ(MakeValueTierStrategy(bad).status().message(),
            "value_tier: features must not be empty");
  bad = ValueTierOptions{};
  bad.features[1].name.clear();
  EXPECT_EQ(MakeValueTierStrategy(bad).status().message(),
            "value_tier: feature #2 has an empty name");
  bad = ValueTierOptions{};
  bad.levels[2].clear();
  EXPECT_EQ(MakeValueTierStrategy(bad).status().message(),
            "value_tier: level #3 has an empty name");
}

// A shop with a customer table. Listed: 1 (retail, local), 2 (wholesale,
// overseas; never bought: a prospect), 3 (type unknown, remote), 4 (retail,
// region unknown). Customer 5 appears only in the transactions, so its
// attributes are unknown. Purchases before 2024-01-10: 1 spends 30 + 20 in
// two purchases, 3 spends 40 once, 4 spends 10 once, 5 spends 15 and
// returns 20 (net -5, one purchase).
struct Shop {
  std::vector<int64_t> listed = {1, 2, 3, 4};
  std::vector<std::string_view> type = {"retail", "wholesale", "", "retail"};
  std::vector<std::string_view> region = {"local", "overseas", "remote", ""};
  std::vector<int64_t> keys = {1, 3, 1, 4, 5, 5};
  std::vector<Day> days = {*ParseDay("2024-01-01"), *ParseDay("2024-01-08"),
                           *ParseDay("2024-01-05"), *ParseDay("2024-01-03"),
                           *ParseDay("2024-01-02"), *ParseDay("2024-01-06")};
  std::vector<double> amounts = {30, 40, 20, 10, 15, -20};

  // The dataset borrows these columns: the Shop must outlive it.
  absl::StatusOr<Dataset> Build(bool with_attributes = true) const {
    CustomerColumns customers;
    customers.int_keys = listed;
    if (with_attributes) customers.categorical = {{"type", type}, {"region", region}};
    TransactionColumns columns;
    columns.int_keys = keys;
    columns.days = days;
    columns.amounts = amounts;
    return BuildDataset(customers, columns);
  }
};

absl::StatusOr<RunResult> RunText(const Dataset& dataset,
                                  const std::vector<std::pair<const char*, const char*>>& specs) {
  RunOptions options;
  options.features.as_of = *ParseDay("2024-01-10");
  options.strategies.clear();
  for (const auto& [name, text] : specs) {
    absl::StatusOr<StrategyParams> params = StrategyParams::Parse(text);
    if (!params.ok()) return params.status();
    options.strategies.push_back({name, *params});
  }
  return tessera::Run(dataset, options);
}

std::vector<std::string> LabelsOf(const RunResult& result, const char* name) {
  const ScoreColumn* column = result.scores.Find(name);
  EXPECT_NE(column, nullptr) << name;
  std::vector<std::string> labels;
  if (column == nullptr) return labels;
  for (int32_t code : column->codes) {
    const bool known = code >= 0 && static_cast<size_t>(code) < column->labels.size();
    labels.push_back(known ? column->labels[static_cast<size_t>(code)] : "");
  }
  return labels;
}

TEST(AttributesPassThrough, EveryAttributeWithUnknownsKeptUnknown) {
  const Shop shop;
  absl::StatusOr<Dataset> dataset = shop.Build();
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  absl::StatusOr<RunResult> result = RunText(*dataset, {{"attributes", ""}});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->scores.columns().size(), 2u);
  const ScoreColumn& type = result->scores.columns()[0];
  EXPECT_EQ(type.name, "attr.type");
  EXPECT_EQ(type.kind, ScoreColumn::Kind::kCategorical);
  EXPECT_EQ(type.labels, (std::vector<std::string>{"retail", "wholesale"}));
  EXPECT_EQ(type.codes, (std::vector<int32_t>{0, 1, -1, 0, -1}));
  const ScoreColumn& region = result->scores.columns()[1];
  EXPECT_EQ(region.name, "attr.region");
  EXPECT_EQ(region.labels, (std::vector<std::string>{"local", "overseas", "remote"}));
  EXPECT_EQ(region.codes, (std::vector<int32_t>{0, 1, 2, -1, -1}));
  EXPECT_TRUE(result->warnings.empty());

  // Unknown codes read as unknown downstream, as host attributes do.
  absl::StatusOr<SegmentSummary> summary = SummarizeSegments(*dataset, *result, "attr.type");
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->rows.size(), 3u);
  EXPECT_EQ(summary->rows[0].segment, "retail");
  EXPECT_EQ(summary->rows[0].customers, 2u);
  EXPECT_EQ(summary->rows[1].segment, "wholesale");
  EXPECT_EQ(summary->rows[2].segment, "(unknown)");
  EXPECT_EQ(summary->rows[2].customers, 2u);
}

TEST(AttributesPassThrough, ChosenNamesInTheGivenOrder) {
  const Shop shop;
  absl::StatusOr<Dataset> dataset = shop.Build();
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  absl::StatusOr<RunResult> result = RunText(*dataset, {{"attributes", "names=region;type"}});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->scores.columns().size(), 2u);
  EXPECT_EQ(result->scores.columns()[0].name, "attr.region");
  EXPECT_EQ(result->scores.columns()[1].name, "attr.type");
  EXPECT_EQ(LabelsOf(*result, "attr.region"),
            (std::vector<std::string>{"local", "overseas", "remote", "", ""}));

  result = RunText(*dataset, {{"attributes", "names=type;segment"}});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(result.status().message(),
            "attributes: no categorical attribute named 'segment'; the dataset has type, region");
}

TEST(AttributesPassThrough, DatasetWithoutAttributes) {
  const Shop shop;
  absl::StatusOr<Dataset> dataset = shop.Build(false);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  absl::StatusOr<RunResult> result = RunText(*dataset, {{"attributes", ""}});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->scores.columns().empty());
  EXPECT_EQ(result->warnings, (std::vector<std::string>{
                                  "attributes: the dataset has no categorical attributes to "
                                  "pass on"}));
  result = RunText(*dataset, {{"attributes", "names=type"}});
  EXPECT_EQ(result.status().message(),
            "attributes: no categorical attribute named 'type'; the dataset has none");
}

TEST(AttributesParams, ErrorsNameTheParameter) {
  EXPECT_EQ(CreateError("attributes", "names=type;;region").message(),
            "attributes: parameter 'names' must be names separated by ';', got 'type;;region'");
  EXPECT_EQ(CreateError("attributes", "names=type;type").message(),
            "attributes: attribute 'type' is listed twice");
  EXPECT_EQ(CreateError("attributes", "columns=type").message(),
            "attributes: unknown parameter 'columns'; accepted: names");
  AttributesOptions bad;
  bad.names = {"type", ""};
  EXPECT_EQ(MakeAttributesStrategy(bad).status().message(), "attributes: name #2 is empty");
}

// The shop through the pipeline, prospects and one-time buyers included.
// monetary: 1 -> 50, 2 -> 0 (prospect), 3 -> 40, 4 -> 10, 5 -> -5.
// ABC over the positive total 100: 50 (A), 40 (0.5, A), 10 (0.9, B); 0 and
// -5 are C. value_tier on monetary and frequency: monetary ranks (m = 5)
// 1, 0.25, 0.75, 0.5, 0; frequency 2, 0, 1, 1, 1 ranks 1, 0, 0.5, 0.5, 0.5.
TEST(AbcAndValueTierPipeline, ProspectsAndOneTimeBuyers) {
  const Shop shop;
  absl::StatusOr<Dataset> dataset = shop.Build();
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  absl::StatusOr<RunResult> result =
      RunText(*dataset, {{"abc", ""},
                         {"value_tier", "features=monetary;frequency, levels=low;high, cuts=0.5"},
                         {"attributes", "names=type"}});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(*result->features.Find(feature::kMonetary),
            (std::vector<double>{50, 0, 40, 10, -5}));
  ASSERT_EQ(*result->features.Find(feature::kFrequency), (std::vector<double>{2, 0, 1, 1, 1}));
  EXPECT_EQ(LabelsOf(*result, "abc.class"), Split("ACABC"));
  ExpectNear(result->scores.Find("abc.share")->numeric, {0.5, 0, 0.4, 0.1, 0});
  // (1 + 1) / 2, (0.25 + 0) / 2, (0.75 + 0.5) / 2, (0.5 + 0.5) / 2, (0 + 0.5) / 2.
  ExpectNear(result->scores.Find("value_tier.score")->numeric, {1, 0.125, 0.625, 0.5, 0.25});
  EXPECT_EQ(LabelsOf(*result, "value_tier.level"),
            (std::vector<std::string>{"high", "low", "high", "high", "low"}));
  EXPECT_EQ(LabelsOf(*result, "attr.type"),
            (std::vector<std::string>{"retail", "wholesale", "", "retail", ""}));
}

// The R package rfm's example orders (995 customers, analysis date
// 2006-12-31, /work/shared/data/README.md): RFM, then ABC, then a value
// tier on the RFM score and monetary, in one run.
TEST(AbcAndValueTierPipeline, RfmThenAbcThenValueTierInOneRun) {
  TESSERA_SHARED_FILE(path, "rfm_orders/rfm_data_orders.csv");
  std::vector<std::vector<std::string>> rows = testing::ReadTable(path, ',');
  ASSERT_GT(rows.size(), 1u);
  std::vector<std::string_view> keys;
  std::vector<Day> days;
  std::vector<double> amounts;
  for (size_t i = 1; i < rows.size(); ++i) {
    keys.push_back(rows[i][0]);
    days.push_back(*ParseDay(rows[i][1]));
    amounts.push_back(std::stod(rows[i][2]));
  }
  TransactionColumns columns;
  columns.string_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customer_count(), 995u);
  RunOptions options;
  options.features.as_of = *ParseDay("2006-12-31");
  options.strategies = {{"rfm", {}},
                        {"abc", {}},
                        {"value_tier", *StrategyParams::Parse("features=rfm.score;monetary")}};
  absl::StatusOr<RunResult> result = tessera::Run(*dataset, options);
  ASSERT_TRUE(result.ok()) << result.status();
  for (const char* name : {"rfm.segment", "abc.class", "value_tier.level"}) {
    EXPECT_NE(result->scores.Find(name), nullptr) << name;
  }
  // The package README's example row still holds beside the new columns.
  const size_t abbey = static_cast<size_t>(dataset->customers.Find(std::string_view("Abbey O'Reilly")));
  EXPECT_EQ(result->scores.Find("rfm.score")->numeric[abbey], 343);

  const std::vector<double>& monetary = *result->features.Find(feature::kMonetary);
  EXPECT_EQ(LabelsOf(*result, "abc.class"), AbcBySorting(monetary, 0.8, 0.95));
  const std::vector<double> rfm_ranks = RanksByCounting(result->scores.Find("rfm.score")->numeric);
  const std::vector<double> monetary_ranks = RanksByCounting(monetary);
  std::vector<double> expected(rfm_ranks.size());
  for (size_t c = 0; c < expected.size(); ++c) expected[c] = (rfm_ranks[c] + monetary_ranks[c]) / 2;
  ExpectNear(result->scores.Find("value_tier.score")->numeric, expected);

  // Scores of later strategies are not visible yet.
  options.strategies = {{"value_tier", *StrategyParams::Parse("features=rfm.score")}, {"rfm", {}}};
  result = tessera::Run(*dataset, options);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(result.status().message().rfind(
                "value_tier: no feature or numeric score column named 'rfm.score'; features "
                "are: ",
                0),
            0u)
      << result.status();
}

TEST(AbcAndValueTierPipeline, RegisteredByName) {
  std::vector<std::string> names;
  for (const StrategyRegistry::Entry& entry : StrategyRegistry::Global().List()) {
    names.push_back(entry.name);
  }
  for (const char* name : {"abc", "value_tier", "attributes"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    EXPECT_TRUE(StrategyRegistry::Global().Create(name).ok()) << name;
  }
}

// Enough customers for several sort chunks and merge rounds.
TEST(AbcAndValueTierThreads, IdenticalForAnyThreadCount) {
  const size_t customers = 250000;
  std::vector<double> monetary(customers), frequency(customers), recency(customers);
  uint64_t state = 2024;
  for (size_t c = 0; c < customers; ++c) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const uint64_t u = state >> 33;
    const bool prospect = u % 13 == 0;
    monetary[c] = prospect ? 0 : static_cast<double>(static_cast<int64_t>((u >> 3) % 5000) - 200) / 4;
    frequency[c] = prospect ? 0 : static_cast<double>(1 + (u >> 9) % 6);
    recency[c] = prospect ? kNaN : static_cast<double>((u >> 14) % 400);
  }
  const NamedColumns features = {
      {"monetary", monetary}, {"frequency", frequency}, {"recency_days", recency}};
  ValueTierOptions cuts;
  cuts.cuts = {0.4, 0.7};
  ValueTierOptions shares;
  shares.shares = {0.5, 0.3, 0.2};
  for (int threads : {2, 3, 7}) {
    SCOPED_TRACE(threads);
    std::vector<std::pair<Scored, Scored>> pairs;
    pairs.emplace_back(ScoreColumns(MakeAbcStrategy({}), features, 1),
                       ScoreColumns(MakeAbcStrategy({}), features, threads));
    pairs.emplace_back(ScoreColumns(MakeValueTierStrategy(cuts), features, 1),
                       ScoreColumns(MakeValueTierStrategy(cuts), features, threads));
    pairs.emplace_back(ScoreColumns(MakeValueTierStrategy(shares), features, 1),
                       ScoreColumns(MakeValueTierStrategy(shares), features, threads));
    for (const auto& [one, many] : pairs) {
      ASSERT_TRUE(one.status.ok()) << one.status;
      ASSERT_TRUE(many.status.ok()) << many.status;
      ASSERT_EQ(one.scores.columns().size(), many.scores.columns().size());
      for (size_t k = 0; k < one.scores.columns().size(); ++k) {
        const ScoreColumn& a = one.scores.columns()[k];
        const ScoreColumn& b = many.scores.columns()[k];
        EXPECT_EQ(a.name, b.name);
        // Compared bit for bit, NaN included.
        ASSERT_EQ(a.numeric.size(), b.numeric.size());
        EXPECT_TRUE(a.numeric.empty() || std::memcmp(a.numeric.data(), b.numeric.data(),
                                                     a.numeric.size() * sizeof(double)) == 0)
            << a.name;
        EXPECT_EQ(a.codes, b.codes) << a.name;
        EXPECT_EQ(a.labels, b.labels) << a.name;
      }
      EXPECT_EQ(one.warnings, many.warnings);
    }
  }
  // The shares rule checked on the large run: with 250,000 customers and
  // scores mostly distinct, the top level holds about 20%.
  Scored run = ScoreColumns(MakeValueTierStrategy(shares), features, 3);
  const std::vector<std::string> levels = run.Labels("value_tier.level");
  EXPECT_NEAR(static_cast<double>(Count(levels, "high")) / customers, 0.2, 0.01);
}

}  // namespace
}  // namespace tessera
