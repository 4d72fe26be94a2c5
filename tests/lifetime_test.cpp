// The public buy-till-you-die API (tessera/lifetime.h) on CDNOW against the
// published estimates, and its contracts: weights, penalizer, errors, CLV,
// strategies, thread counts.
#include "tessera/lifetime.h"

#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "lifetime_cdnow.h"
#include "tessera/pipeline.h"
#include "test_support.h"

namespace tessera {
namespace {

// Fader, Hardie & Lee (2005), eq. 10: E[Y(t) | x, t_x, T] under BG/NBD with
// parameters {r, alpha, a, b}, written out here with its 2F1 as a plain
// series, apart from the library's stable evaluation (for z < 0.5 only).
double BgNbdConditionalExpectation(const double (&params)[4], double x, double t_x, double T,
                                   double t) {
  const double r = params[0], alpha = params[1], a = params[2], b = params[3];
  const double z = t / (alpha + T + t);
  double hyp2f1 = 0, term = 1;
  for (int k = 0; k < 400; ++k) {
    hyp2f1 += term;
    term *= (r + x + k) * (b + x + k) / ((a + b + x - 1 + k) * (k + 1)) * z;
  }
  return (a + b + x - 1) / (a - 1) *
         (1 - std::pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1) /
         (1 + (x > 0 ? a / (b + x - 1) * std::pow((alpha + T) / (alpha + t_x), r + x) : 0));
}

double SumOfSquares(const FitReport& report) {
  double total = 0;
  for (const ParameterEstimate& p : report.parameters) total += p.value * p.value;
  return total;
}

// Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way",
// Marketing Science 24(2): BG/NBD on the CDNOW sample, 39-week calibration,
// r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4 (REFERENCE.md,
// which also lists the full-precision 0.2425982, 4.4136842, 0.7929899,
// 2.4261667).
TEST(LifetimeCdnow, BgNbdReproducesFaderHardieLee2005) {
  TESSERA_SHARED_FILE(path, "cdnow/cdnow_summary_full_precision.csv");
  const testing::CdnowSummary cdnow = testing::ReadCdnowSummary(path);
  ASSERT_EQ(cdnow.summary.size(), 2357u);
  absl::StatusOr<FittedCountModel> fit = FitCountModel(CountModelKind::kBgNbd, cdnow.summary);
  ASSERT_TRUE(fit.ok()) << fit.status();
  const FitReport& report = fit->report();
  EXPECT_TRUE(report.converged);
  EXPECT_TRUE(report.warnings.empty());
  EXPECT_EQ(report.customers, 2357);
  EXPECT_NEAR(fit->parameter("r"), 0.243, 0.0005);
  EXPECT_NEAR(fit->parameter("alpha"), 4.414, 0.0005);
  EXPECT_NEAR(fit->parameter("a"), 0.793, 0.0005);
  EXPECT_NEAR(fit->parameter("b"), 2.426, 0.0005);
  EXPECT_NEAR(report.log_likelihood, -9582.4, 0.05);
  // The full-precision values agree to four significant digits; they are
  // not quite the maximum (our estimate has the higher log-likelihood).
  const double full[] = {0.2425982, 4.4136842, 0.7929899, 2.4261667};
  for (size_t j = 0; j < 4; ++j) {
    EXPECT_NEAR(report.parameters[j].value / full[j], 1.0, 2e-4) << report.parameters[j].name;
    EXPECT_GT(report.parameters[j].standard_error, 0) << report.parameters[j].name;
  }
  absl::StatusOr<FittedCountModel> published = CountModelWithParameters(
      CountModelKind::kBgNbd, std::vector<double>(std::begin(full), std::end(full)));
  ASSERT_TRUE(published.ok());
  // CDNOW's first customer: x = 2, t_x = 30.43, T = 38.86; expected repeat
  // purchases in the 39-week holdout against Fader, Hardie & Lee (2005),
  // eq. 10, written out here with its 2F1 as a plain series (z < 0.5).
  LifetimeSummary first;
  first.x = {cdnow.summary.x[0]};
  first.t_x = {cdnow.summary.t_x[0]};
  first.T = {cdnow.summary.T[0]};
  absl::StatusOr<std::vector<double>> expected = published->ExpectedPurchases(first, 39);
  ASSERT_TRUE(expected.ok());
  EXPECT_NEAR((*expected)[0],
              BgNbdConditionalExpectation(full, first.x[0], first.t_x[0], first.T[0], 39), 1e-9);
}

// Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value": the 946
// CDNOW repeat buyers give p = 6.25, q = 3.74, gamma = 15.44, LL = -4055.92.
TEST(LifetimeCdnow, GammaGammaReproducesFaderHardie2013) {
  TESSERA_SHARED_FILE(path, "cdnow/cdnow_summary_full_precision.csv");
  const testing::CdnowSummary cdnow = testing::ReadCdnowSummary(path);
  absl::StatusOr<SpendModel> spend = FitGammaGamma(cdnow.summary);
  ASSERT_TRUE(spend.ok()) << spend.status();
  EXPECT_EQ(spend->report.customers, 946);
  EXPECT_TRUE(spend->report.converged);
  EXPECT_NEAR(spend->p, 6.25, 0.005);
  EXPECT_NEAR(spend->q, 3.74, 0.005);
  EXPECT_NEAR(spend->gamma, 15.44, 0.005);
  EXPECT_NEAR(spend->report.log_likelihood, -4055.92, 0.005);
}

// The same paper's Pareto/NBD estimates on the same data: r = 0.553,
// alpha = 10.578, s = 0.606, beta = 11.669, LL = -9595.0 (REFERENCE.md).
TEST(LifetimeCdnow, ParetoNbdReproducesFaderHardieLee2005) {
  TESSERA_SHARED_FILE(path, "cdnow/cdnow_summary_full_precision.csv");
  const testing::CdnowSummary cdnow = testing::ReadCdnowSummary(path);
  absl::StatusOr<FittedCountModel> fit =
      FitCountModel(CountModelKind::kParetoNbd, cdnow.summary);
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_NEAR(fit->parameter("r"), 0.553, 0.0005);
  EXPECT_NEAR(fit->parameter("alpha"), 10.578, 0.0005);
  EXPECT_NEAR(fit->parameter("s"), 0.606, 0.0005);
  EXPECT_NEAR(fit->parameter("beta"), 11.669, 0.0005);
  EXPECT_NEAR(fit->report().log_likelihood, -9595.0, 0.05);
}

// Fader, Hardie & Shang (2010), "Customer-Base Analysis in a Discrete-Time
// Noncontractual Setting", Marketing Science 29(6): BG/BB on the 11,104
// donors of donations.csv, one weighted row per pattern: alpha = 1.204,
// beta = 0.750, gamma = 0.657, delta = 2.783, LL = -33225.58.
TEST(LifetimeDonations, BgBbReproducesFaderHardieShang2010) {
  TESSERA_SHARED_FILE(path, "cdnow/donations.csv");
  LifetimeSummary summary;
  const std::vector<std::vector<std::string>> rows = testing::ReadTable(path, ',');
  for (size_t row = 1; row < rows.size(); ++row) {
    summary.x.push_back(std::stod(rows[row][0]));
    summary.t_x.push_back(std::stod(rows[row][1]));
    summary.T.push_back(std::stod(rows[row][2]));
    summary.weight.push_back(std::stod(rows[row][3]));
  }
  absl::StatusOr<FittedCountModel> fit = FitCountModel(CountModelKind::kBgBb, summary);
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_EQ(fit->report().customers, 11104);
  EXPECT_NEAR(fit->parameter("alpha"), 1.204, 0.0005);
  EXPECT_NEAR(fit->parameter("beta"), 0.750, 0.0005);
  EXPECT_NEAR(fit->parameter("gamma"), 0.657, 0.0005);
  EXPECT_NEAR(fit->parameter("delta"), 2.783, 0.0005);
  EXPECT_NEAR(fit->report().log_likelihood, -33225.58, 0.005);
}

TEST(LifetimeCdnow, PatternsFitLikeTheirRows) {
  TESSERA_SHARED_FILE(path, "cdnow/cdnow_summary_full_precision.csv");
  const testing::CdnowSummary cdnow = testing::ReadCdnowSummary(path);
  absl::StatusOr<LifetimePatterns> patterns = CompressPatterns(cdnow.summary);
  ASSERT_TRUE(patterns.ok());
  const LifetimeSummary& compact = patterns->patterns;
  EXPECT_LT(compact.size(), cdnow.summary.size());
  double weight = 0;
  for (double w : compact.weight) weight += w;
  EXPECT_EQ(weight, 2357);
  for (size_t i = 0; i < cdnow.summary.size(); ++i) {
    const uint32_t k = patterns->pattern_of_row[i];
    ASSERT_EQ(compact.x[k], cdnow.summary.x[i]);
    ASSERT_EQ(compact.t_x[k], cdnow.summary.t_x[i]);
    ASSERT_EQ(compact.T[k], cdnow.summary.T[i]);
  }
  absl::StatusOr<FittedCountModel> by_rows = FitCountModel(CountModelKind::kBgNbd, cdnow.summary);
  absl::StatusOr<FittedCountModel> by_patterns = FitCountModel(CountModelKind::kBgNbd, compact);
  ASSERT_TRUE(by_rows.ok() && by_patterns.ok());
  EXPECT_NEAR(by_rows->report().log_likelihood, by_patterns->report().log_likelihood, 1e-6);
  for (size_t j = 0; j < 4; ++j) {
    EXPECT_NEAR(by_rows->report().parameters[j].value / by_patterns->report().parameters[j].value,
                1.0, 1e-6);
  }
}

TEST(LifetimeCdnow, PenalizerShrinksTheParameters) {
  TESSERA_SHARED_FILE(path, "cdnow/cdnow_summary_full_precision.csv");
  const testing::CdnowSummary cdnow = testing::ReadCdnowSummary(path);
  LifetimeFitOptions penalized;
  penalized.penalizer = 0.1;
  absl::StatusOr<FittedCountModel> plain = FitCountModel(CountModelKind::kBgNbd, cdnow.summary);
  absl::StatusOr<FittedCountModel> shrunk =
      FitCountModel(CountModelKind::kBgNbd, cdnow.summary, penalized);
  ASSERT_TRUE(plain.ok() && shrunk.ok());
  EXPECT_LT(SumOfSquares(shrunk->report()), 0.5 * SumOfSquares(plain->report()));
  EXPECT_LT(shrunk->report().log_likelihood, plain->report().log_likelihood);
}

TEST(Lifetime, NoRepeatBuyersIsAClearError) {
  LifetimeSummary summary;
  summary.x = {0, 0, 0};
  summary.t_x = {0, 0, 0};
  summary.T = {10, 20, 30};
  for (CountModelKind kind : {CountModelKind::kBgNbd, CountModelKind::kMbgNbd,
                              CountModelKind::kParetoNbd, CountModelKind::kBgBb}) {
    absl::StatusOr<FittedCountModel> fit = FitCountModel(kind, summary);
    ASSERT_FALSE(fit.ok()) << CountModelName(kind);
    EXPECT_EQ(fit.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(fit.status().message().find("repeat purchase"), std::string::npos)
        << fit.status();
  }
  summary.monetary = {0, 0, 0};
  absl::StatusOr<SpendModel> spend = FitGammaGamma(summary);
  ASSERT_FALSE(spend.ok());
  EXPECT_NE(spend.status().message().find("repeat"), std::string::npos) << spend.status();
}

TEST(Lifetime, BadRowsAreNamed) {
  LifetimeSummary summary;
  summary.x = {1, 2, 1.5};
  summary.t_x = {1, 3, 1};
  summary.T = {2, 2, 2};
  absl::StatusOr<FittedCountModel> fit = FitCountModel(CountModelKind::kBgNbd, summary);
  ASSERT_FALSE(fit.ok());
  EXPECT_NE(fit.status().message().find("row 1"), std::string::npos) << fit.status();
  summary.t_x.pop_back();
  fit = FitCountModel(CountModelKind::kBgNbd, summary);
  ASSERT_FALSE(fit.ok());
  EXPECT_NE(fit.status().message().find("length"), std::string::npos) << fit.status();
  EXPECT_FALSE(CountModelKindFromName("bg_nbd").ok());
  EXPECT_FALSE(CountModelWithParameters(CountModelKind::kBgNbd, {1, 2, 3}).ok());
  EXPECT_FALSE(CountModelWithParameters(CountModelKind::kBgNbd, {1, 2, -3, 4}).ok());
}

TEST(LifetimeCdnow, ClvDiscountsEachMonthsPurchases) {
  TESSERA_SHARED_FILE(path, "cdnow/cdnow_summary_full_precision.csv");
  const testing::CdnowSummary cdnow = testing::ReadCdnowSummary(path);
  absl::StatusOr<FittedCountModel> count = FitCountModel(CountModelKind::kBgNbd, cdnow.summary);
  absl::StatusOr<SpendModel> spend = FitGammaGamma(cdnow.summary);
  ASSERT_TRUE(count.ok() && spend.ok());
  ClvOptions options;
  options.steps = 6;
  options.periods_per_step = 4.345;
  options.discount_rate = 0.02;
  absl::StatusOr<CustomerValues> values =
      CustomerLifetimeValue(*count, *spend, cdnow.summary, options);
  ASSERT_TRUE(values.ok()) << values.status();
  // lifetimes' rule by hand: month k's purchases E(k h) - E((k-1) h), at the
  // expected spend, discounted by 1.02^k.
  std::vector<std::vector<double>> cumulative;
  for (int k = 1; k <= 6; ++k) {
    absl::StatusOr<std::vector<double>> e = count->ExpectedPurchases(cdnow.summary, k * 4.345);
    ASSERT_TRUE(e.ok());
    cumulative.push_back(*e);
  }
  for (size_t i : {size_t{0}, size_t{1}, size_t{2}, size_t{500}, size_t{2356}}) {
    const double money = (spend->gamma + cdnow.summary.monetary[i] * cdnow.summary.x[i]) *
                         spend->p / (spend->p * cdnow.summary.x[i] + spend->q - 1);
    double value = 0, previous = 0;
    for (int k = 0; k < 6; ++k) {
      value += money * (cumulative[k][i] - previous) / std::pow(1.02, k + 1);
      previous = cumulative[k][i];
    }
    EXPECT_NEAR(values->expected_spend[i], money, 1e-9 * money) << i;
    EXPECT_NEAR(values->value[i], value, 1e-9 * value) << i;
    EXPECT_NEAR(values->expected_purchases[i], cumulative[5][i], 1e-12) << i;
  }
}

// Customers drawn from the BG/NBD story itself: lambda ~ Gamma(r, alpha),
// p ~ Beta(a, b), purchases at rate lambda, death with probability p after
// each repeat purchase, observed for T weeks. The fit must find the
// parameters again, and with 100,000 customers (fitted through the sample
// and the parallel blocks) identically on one thread and on two.
TEST(Lifetime, RecoversSimulatedParametersIdenticallyForAnyThreadCount) {
  const double r = 0.8, alpha = 6.0, a = 0.9, b = 3.0;
  std::mt19937_64 random(7);
  std::gamma_distribution<double> rate(r, 1 / alpha), beta_a(a, 1.0), beta_b(b, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  LifetimeSummary summary;
  for (int c = 0; c < 100000; ++c) {
    const double lambda = rate(random);
    const double ga = beta_a(random), gb = beta_b(random);
    const double p = ga / (ga + gb);
    const double T = 1 + 51 * uniform(random);
    double now = 0, last = 0, x = 0;
    while (true) {
      now += -std::log(1 - uniform(random)) / lambda;
      if (now > T) break;
      ++x;
      last = now;
      if (uniform(random) < p) break;
    }
    summary.x.push_back(x);
    summary.t_x.push_back(last);
    summary.T.push_back(T);
  }
  std::vector<FitReport> reports;
  for (int threads : {1, 2}) {
    LifetimeFitOptions options;
    options.num_threads = threads;
    absl::StatusOr<FittedCountModel> fit = FitCountModel(CountModelKind::kBgNbd, summary, options);
    ASSERT_TRUE(fit.ok()) << fit.status();
    reports.push_back(fit->report());
  }
  const double truth[] = {r, alpha, a, b};
  for (size_t j = 0; j < 4; ++j) {
    const ParameterEstimate& estimate = reports[0].parameters[j];
    EXPECT_LT(std::fabs(estimate.value - truth[j]), 4 * estimate.standard_error) << estimate.name;
    EXPECT_EQ(estimate.value, reports[1].parameters[j].value) << estimate.name;
  }
  EXPECT_EQ(reports[0].log_likelihood, reports[1].log_likelihood);
}

std::vector<const ScoreColumn*> NumericColumns(const ScoreTable& scores) {
  std::vector<const ScoreColumn*> out;
  for (const ScoreColumn& column : scores.columns()) out.push_back(&column);
  return out;
}

// The strategies through the registry on the CDNOW transactions, the same
// bytes with one thread and with two.
TEST(LifetimeCdnow, StrategiesScoreEveryCustomerTheSameForAnyThreadCount) {
  TESSERA_SHARED_FILE(path, "cdnow/CDNOW_sample.txt");
  const std::unique_ptr<testing::CdnowSample> sample = testing::ReadCdnowSample(path);
  absl::StatusOr<Dataset> dataset = sample->Build();
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  std::vector<ScoreTable> runs;
  for (int threads : {1, 2}) {
    RunOptions options;
    options.features.as_of = *ParseDay("1997-09-30");
    options.features.num_threads = threads;
    options.strategies.clear();
    for (const char* name : {"bgnbd", "mbgnbd", "pareto_nbd", "bgbb"}) {
      options.strategies.push_back({name, *StrategyParams::Parse("horizon=39")});
    }
    options.strategies.push_back({"clv", *StrategyParams::Parse("months=12")});
    absl::StatusOr<RunResult> result = tessera::Run(*dataset, options);
    ASSERT_TRUE(result.ok()) << result.status();
    runs.push_back(std::move(result->scores));
  }
  const ScoreColumn* alive = runs[0].Find("bgnbd.p_alive");
  const ScoreColumn* expected = runs[0].Find("bgnbd.expected_purchases");
  ASSERT_NE(alive, nullptr);
  ASSERT_NE(expected, nullptr);
  for (const char* name : {"mbgnbd.p_alive", "pareto_nbd.expected_purchases",
                           "bgbb.p_alive", "clv.value", "clv.expected_spend"}) {
    EXPECT_NE(runs[0].Find(name), nullptr) << name;
  }
  // Customer 1 (x = 2, t_x = 30.43, T = 38.86) at the fitted parameters.
  const int64_t index = dataset->customers.Find(1);
  ASSERT_GE(index, 0);
  // The fitted parameters are the published ones to four digits (above), so
  // the strategy's value is eq. 10's at the published parameters to 1e-3.
  const double published[] = {0.2425982, 4.4136842, 0.7929899, 2.4261667};
  EXPECT_NEAR(expected->numeric[static_cast<size_t>(index)],
              BgNbdConditionalExpectation(published, 2, 213.0 / 7, 272.0 / 7, 39), 1e-3);
  for (double p : alive->numeric) {
    EXPECT_GE(p, 0.0);
    EXPECT_LE(p, 1.0);
  }
  std::vector<const ScoreColumn*> one = NumericColumns(runs[0]), two = NumericColumns(runs[1]);
  ASSERT_EQ(one.size(), two.size());
  for (size_t k = 0; k < one.size(); ++k) {
    ASSERT_EQ(one[k]->numeric.size(), two[k]->numeric.size());
    EXPECT_EQ(0, std::memcmp(one[k]->numeric.data(), two[k]->numeric.data(),
                             one[k]->numeric.size() * sizeof(double)))
        << one[k]->name;
  }
}

TEST(Lifetime, StrategyParametersAreChecked) {
  const StrategyRegistry& registry = StrategyRegistry::Global();
  EXPECT_FALSE(registry.Create("bgnbd", *StrategyParams::Parse("horizon=-1")).ok());
  EXPECT_FALSE(registry.Create("bgnbd", *StrategyParams::Parse("horizn=5")).ok());
  EXPECT_FALSE(registry.Create("clv", *StrategyParams::Parse("model=bgbb")).ok());
  EXPECT_TRUE(
      registry.Create("clv", *StrategyParams::Parse("model=pareto_nbd, discount_rate=0")).ok());
}

TEST(Lifetime, NewCustomerPredictionsCheckTheirArguments) {
  // Fader, Hardie & Lee (2005): BG/NBD on CDNOW.
  absl::StatusOr<FittedCountModel> model =
      CountModelWithParameters(CountModelKind::kBgNbd, {0.243, 4.414, 0.793, 2.426});
  ASSERT_TRUE(model.ok()) << model.status();
  for (double bad : {-1.0, std::nan(""), HUGE_VAL}) {
    absl::StatusOr<double> expected = model->ExpectedPurchasesOfNewCustomer(bad);
    EXPECT_EQ(expected.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    absl::StatusOr<double> p = model->ProbabilityOfPurchases(2, bad);
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(model->ProbabilityOfPurchases(-1, 10).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<double> none = model->ExpectedPurchasesOfNewCustomer(0);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(*none, 0.0);
  // FHL (2005) eq. 8 at x = 0: P(X(t) = 0) = (alpha / (alpha + t))^r, a
  // customer who drops out only after a purchase never makes one.
  absl::StatusOr<double> silent = model->ProbabilityOfPurchases(0, 39);
  ASSERT_TRUE(silent.ok()) << silent.status();
  EXPECT_NEAR(*silent, std::pow(4.414 / (4.414 + 39), 0.243), 1e-12);
}

// Weekly opportunities, worked by hand from lifetime.h's definition: period
// j after the first purchase day f covers the days (f + 7(j-1), f + 7j].
//  customer 1: first day 100, purchases 105 (j=1), 110 (j=2), 120 (j=3);
//    as of 130 four whole periods have passed: x = 3, t_x = 3, n = 4; the
//    purchase on day 140 is after the as-of date.
//  customer 2: first day 100, purchases 101 (j=1) and 129 (j=5, a period
//    not finished by day 130, so not counted): x = 1, t_x = 1, n = 4.
//  customer 3: first day 127, no whole period yet: x = 0, t_x = 0, n = 0.
TEST(Lifetime, DiscreteSummaryCountsWholePeriodsAfterTheFirstPurchase) {
  const std::vector<int64_t> keys = {1, 1, 1, 1, 1, 2, 2, 2, 3};
  const std::vector<Day> days = {100, 105, 110, 120, 140, 100, 101, 129, 127};
  const std::vector<double> amounts(keys.size(), 10.0);
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  FeatureOptions options;
  options.as_of = 130;
  options.btyd_period_days = 7;
  absl::StatusOr<LifetimeSummary> summary = DiscreteLifetimeSummary(*dataset, options);
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->size(), 3u);
  ASSERT_EQ(summary->customer, (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(summary->x, (std::vector<double>{3, 1, 0}));
  EXPECT_EQ(summary->t_x, (std::vector<double>{3, 1, 0}));
  EXPECT_EQ(summary->T, (std::vector<double>{4, 4, 0}));
}

// A strategy's error is prefixed with its name once, by the pipeline.
TEST(Lifetime, StrategyErrorsNameTheStrategyOnce) {
  const std::vector<int64_t> keys = {1, 2, 3};
  const std::vector<Day> days = {100, 101, 102};
  const std::vector<double> amounts = {10, 20, 30};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  const std::pair<const char*, const char*> cases[] = {
      {"bgnbd", "bgnbd: no customer made a repeat purchase"},
      {"pareto_nbd", "pareto_nbd: no customer made a repeat purchase"},
      {"gamma_gamma", "gamma_gamma: no customer with repeat transactions"},
      {"clv", "clv: bgnbd: no customer made a repeat purchase"}};
  for (const auto& [strategy, start] : cases) {
    RunOptions options;
    options.features.as_of = 200;
    options.strategies = {{strategy, {}}};
    absl::StatusOr<RunResult> result = tessera::Run(*dataset, options);
    ASSERT_FALSE(result.ok()) << strategy;
    EXPECT_EQ(result.status().message().find(start), 0u) << result.status();
  }
}

// Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value": on the
// 946 CDNOW repeat buyers p = 6.25, q = 3.74, gamma = 15.44. The strategy's
// expected spend is set against E[spend | x, m] = (gamma + m x) p / (p x + q
// - 1) at those figures, with m.x from the published summary file, to within
// what their rounding (+-0.005 each) can move it.
TEST(LifetimeCdnow, GammaGammaStrategyGivesThePublishedExpectedSpend) {
  TESSERA_SHARED_FILE(sample_path, "cdnow/CDNOW_sample.txt");
  TESSERA_SHARED_FILE(summary_path, "cdnow/cdnow_summary_full_precision.csv");
  std::unique_ptr<testing::CdnowSample> sample = testing::ReadCdnowSample(sample_path);
  const testing::CdnowSummary cdnow = testing::ReadCdnowSummary(summary_path);
  // A customer whose only purchase comes after the calibration: no score.
  constexpr int64_t kLateCustomer = 999999;
  sample->keys.push_back(kLateCustomer);
  sample->days.push_back(*ParseDay("1998-01-05"));
  sample->amounts.push_back(12.5);
  absl::StatusOr<Dataset> dataset = sample->Build();
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  RunOptions options;
  options.features.as_of = *ParseDay("1997-09-30");
  options.strategies = {{"gamma_gamma", *StrategyParams::Parse("penalizer=0")}};
  absl::StatusOr<RunResult> result = tessera::Run(*dataset, options);
  ASSERT_TRUE(result.ok()) << result.status();
  const ScoreColumn* spend = result->scores.Find("gamma_gamma.expected_spend");
  ASSERT_NE(spend, nullptr);
  const double p = 6.25, q = 3.74, gamma = 15.44, rounding = 0.005;
  size_t checked_repeat = 0, checked_once = 0;
  for (size_t i = 0; i < cdnow.id.size(); i += 97) {
    const double x = cdnow.summary.x[i], m = cdnow.summary.monetary[i];
    const double shrink = p * x + q - 1;
    const double expected = (gamma + m * x) * p / shrink;
    const double d_gamma = p / shrink;
    const double d_p = (gamma + m * x) * (q - 1) / (shrink * shrink);
    const double d_q = (gamma + m * x) * p / (shrink * shrink);
    const double tolerance = rounding * (d_gamma + d_p + d_q);
    const int64_t index = dataset->customers.Find(cdnow.id[i]);
    ASSERT_GE(index, 0) << cdnow.id[i];
    EXPECT_NEAR(spend->numeric[static_cast<size_t>(index)], expected, tolerance)
        << "customer " << cdnow.id[i] << " x " << x << " m " << m;
    (x > 0 ? checked_repeat : checked_once) += 1;
  }
  EXPECT_GT(checked_repeat, 5u);
  EXPECT_GT(checked_once, 5u);
  const int64_t late = dataset->customers.Find(kLateCustomer);
  ASSERT_GE(late, 0);
  EXPECT_TRUE(std::isnan(spend->numeric[static_cast<size_t>(late)]));
  EXPECT_FALSE(StrategyRegistry::Global()
                   .Create("gamma_gamma", *StrategyParams::Parse("penalizer=-1"))
                   .ok());
}

}  // namespace
}  // namespace tessera
