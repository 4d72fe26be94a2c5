// BG/BB checked against Fader, Hardie & Shang (2010), "Customer-Base
// Analysis in a Discrete-Time Noncontractual Setting" (Marketing Science
// 29(6)), on their donation data, and against brute force over all 2^n
// transaction paths.
#include "btyd/bgbb_model.h"

#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "btyd/count_fit.h"
#include "btyd/fit.h"
#include "count_model_checks.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace tessera::btyd {
namespace {

using checks::FitsFromEveryStart;
using checks::LogLikelihoodMoveOverRoundingBox;
using checks::OneRow;
using checks::Params;

// Fader, Hardie & Shang (2010): alpha, beta, gamma, delta on the donations.
const Eigen::VectorXd& Published() {
  static const Eigen::VectorXd params = Params(1.204, 0.750, 0.657, 2.783);
  return params;
}

Summary ReadDonations(const std::string& path) {
  Summary data;
  std::vector<std::vector<std::string>> rows = testing::ReadTable(path, ',');
  for (size_t i = 1; i < rows.size(); ++i) {  // row 0: frequency,recency,periods,weights
    data.x.push_back(std::stod(rows[i][0]));
    data.t_x.push_back(std::stod(rows[i][1]));
    data.T.push_back(std::stod(rows[i][2]));
    data.weight.push_back(std::stod(rows[i][3]));
  }
  return data;
}

double LogBetaFunction(double a, double b) {
  return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
}

// E[p^a (1-p)^b] under Beta(alpha, beta), and the same for theta.
double PurchaseMoment(const Eigen::VectorXd& k, double a, double b) {
  return std::exp(LogBetaFunction(k[0] + a, k[1] + b) - LogBetaFunction(k[0], k[1]));
}
double DropoutMoment(const Eigen::VectorXd& k, double a, double b) {
  return std::exp(LogBetaFunction(k[2] + a, k[3] + b) - LogBetaFunction(k[2], k[3]));
}

// The probability of one transaction path (bit i = transaction at
// opportunity i+1) straight from the model's story: the customer is alive
// through all n opportunities, or alive through j >= the last transaction
// and dead from j+1 on (dying happens at the start of an opportunity with
// probability theta). `alive_only` keeps just the first case.
double PathProbability(const Eigen::VectorXd& k, unsigned path, int n, bool alive_only) {
  int x = 0, last = 0;
  for (int i = 0; i < n; ++i) {
    if (path & (1u << i)) {
      ++x;
      last = i + 1;
    }
  }
  double total = PurchaseMoment(k, x, n - x) * DropoutMoment(k, 0, n);
  if (alive_only) return total;
  for (int j = last; j < n; ++j) {
    total += PurchaseMoment(k, x, j - x) * DropoutMoment(k, 1, j);
  }
  return total;
}

TEST(BgBbTest, LogLikelihoodOnDonationsMatchesPublishedValue) {
  TESSERA_SHARED_FILE(path, "cdnow/donations.csv");
  Summary data = ReadDonations(path);
  ASSERT_EQ(data.size(), 22u);
  auto model = MakeBgBbModel();
  double ll = model->LogLikelihood(data, Published(), nullptr);
  // The parameters are printed to 3 decimals: the exact optimum lies within
  // +-0.0005 of each, and over that box (3^4 grid) the log-likelihood moves
  // by about 0.007 (11,104 donors make it more curved than CDNOW's). The
  // tolerance is that movement, checked here, plus the printed precision of
  // -33225.58 (0.005).
  const double box = LogLikelihoodMoveOverRoundingBox(*model, data, Published());
  EXPECT_LT(box, 0.01);
  EXPECT_NEAR(ll, -33225.58, 0.005 + box);  // Fader, Hardie & Shang (2010)
}

TEST(BgBbTest, EveryPathOfSixOpportunitiesMatchesBruteForce) {
  auto model = MakeBgBbModel();
  const int n = 6;
  for (const Eigen::VectorXd& k : {Published(), Params(0.3, 4.0, 2.5, 0.4)}) {
    std::map<std::pair<int, int>, double> path_probability;  // by (x, t_x)
    std::vector<double> count_probability(n + 1, 0.0);
    double total = 0.0;
    for (unsigned path = 0; path < (1u << n); ++path) {
      int x = 0, last = 0;
      for (int i = 0; i < n; ++i) {
        if (path & (1u << i)) {
          ++x;
          last = i + 1;
        }
      }
      double p = PathProbability(k, path, n, false);
      total += p;
      count_probability[x] += p;
      // Every path with the same (x, t_x) is equally likely: that is the
      // likelihood of the summary row.
      auto [entry, inserted] = path_probability.emplace(std::make_pair(x, last), p);
      if (!inserted) {
        EXPECT_NEAR(entry->second, p, 1e-15);
      }
      double ll = model->LogLikelihood(OneRow(x, last, n), k, nullptr);
      EXPECT_NEAR(ll, std::log(p), 1e-12) << "path " << path;
      double alive = 0;
      model->ProbabilityAlive(k, OneRow(x, last, n), &alive);
      EXPECT_NEAR(alive, PathProbability(k, path, n, true) / p, 1e-12) << "path " << path;
    }
    EXPECT_NEAR(total, 1.0, 1e-13);
    double mean = 0.0;
    for (int x = 0; x <= n; ++x) {
      EXPECT_NEAR(model->ProbabilityOfPurchases(k, x, n), count_probability[x], 1e-14)
          << "x " << x;
      mean += x * count_probability[x];
    }
    EXPECT_NEAR(model->ExpectedPurchases(k, n), mean, 1e-13);
  }
}

TEST(BgBbTest, CountDistributionSumsToOneWithTheExpectedMean) {
  auto model = MakeBgBbModel();
  for (int n : {1, 6, 20, 200}) {
    double total = 0.0, mean = 0.0;
    for (int x = 0; x <= n; ++x) {
      double p = model->ProbabilityOfPurchases(Published(), x, n);
      total += p;
      mean += x * p;
    }
    EXPECT_NEAR(total, 1.0, 1e-12) << n;
    EXPECT_NEAR(model->ExpectedPurchases(Published(), n), mean, 1e-11) << n;
    EXPECT_EQ(model->ProbabilityOfPurchases(Published(), n + 1, n), 0.0);
  }
  // Fader, Hardie & Shang's closed form, E[X(n)] = alpha/(alpha+beta)
  // delta/(gamma-1) [1 - Gamma(gamma+delta) Gamma(1+delta+n)
  // / (Gamma(gamma+delta+n) Gamma(1+delta))], also past the length where the
  // code switches from summing to it.
  const double a = 1.204, b = 0.750, g = 0.657, d = 2.783;
  for (double n : {6.0, 52.0, 1000.0, 3e6}) {
    double ratio = std::exp(std::lgamma(g + d) + std::lgamma(1 + d + n) -
                            std::lgamma(g + d + n) - std::lgamma(1 + d));
    double expected = a / (a + b) * d / (g - 1) * (1 - ratio);
    // lgamma of arguments near 3e6 is itself only good to ~1e-9 relative.
    double tolerance = (n > 1e6 ? 1e-7 : 1e-11) * expected;
    EXPECT_NEAR(model->ExpectedPurchases(Published(), n), expected, tolerance) << n;
  }
}

TEST(BgBbTest, AliveAfterATransactionAtTheLastOpportunity) {
  auto model = MakeBgBbModel();
  double silent = 0, busy = 0, late = 0;
  model->ProbabilityAlive(Published(), OneRow(0, 0, 6), &silent);
  model->ProbabilityAlive(Published(), OneRow(6, 6, 6), &busy);
  model->ProbabilityAlive(Published(), OneRow(2, 6, 6), &late);
  // Transacting at opportunity n requires being alive at n: no dying term
  // is consistent with the data, so P(alive at n) = 1 exactly.
  EXPECT_DOUBLE_EQ(busy, 1.0);
  EXPECT_DOUBLE_EQ(late, 1.0);
  EXPECT_GT(silent, 0.0);
  EXPECT_LT(silent, busy);
}

TEST(BgBbTest, ConditionalExpectationMatchesClosedFormAndBruteForce) {
  auto model = MakeBgBbModel();
  const Eigen::VectorXd& k = Published();
  const double a = k[0], b = k[1], g = k[2], d = k[3];
  for (auto [x, t_x, n] : std::vector<std::tuple<double, double, double>>{
           {0, 0, 6}, {1, 2, 6}, {4, 6, 6}, {3, 5, 10}}) {
    double L = std::exp(model->LogLikelihood(OneRow(x, t_x, n), k, nullptr));
    for (double future : {1.0, 5.0, 10.0}) {
      double value = 0;
      model->ConditionalExpectedPurchases(k, OneRow(x, t_x, n), future, &value);
      // Sum over the next opportunities of P(alive at n+j, transacts, history)
      // / P(history), from the Beta moments.
      double brute = 0.0;
      for (int j = 1; j <= future; ++j) {
        brute += PurchaseMoment(k, x + 1, n - x) * DropoutMoment(k, 0, n + j);
      }
      EXPECT_NEAR(value, brute / L, 1e-12) << x << " " << t_x << " " << n;
      // Fader, Hardie & Shang (2010): 1/L B(a+x+1, b+n-x)/B(a,b) delta/(g-1)
      // Gamma(g+d)/Gamma(1+d) [Gamma(1+d+n)/Gamma(g+d+n)
      //                        - Gamma(1+d+n+n*)/Gamma(g+d+n+n*)].
      double closed =
          std::exp(LogBetaFunction(a + x + 1, b + n - x) - LogBetaFunction(a, b)) / L * d /
          (g - 1) * std::exp(std::lgamma(g + d) - std::lgamma(1 + d)) *
          (std::exp(std::lgamma(1 + d + n) - std::lgamma(g + d + n)) -
           std::exp(std::lgamma(1 + d + n + future) - std::lgamma(g + d + n + future)));
      EXPECT_NEAR(value, closed, 1e-12);
    }
  }
}

TEST(BgBbTest, GradientMatchesFiniteDifferences) {
  Summary data;
  for (auto [x, t_x, n, w] : std::vector<std::tuple<double, double, double, double>>{
           {0, 0, 6, 3464}, {1, 1, 6, 1091}, {2, 4, 6, 155}, {6, 6, 6, 1203},
           {3, 5, 40, 10}, {0, 0, 60, 7}, {25, 30, 60, 2}}) {
    data.x.push_back(x);
    data.t_x.push_back(t_x);
    data.T.push_back(n);
    data.weight.push_back(w);
  }
  auto model = MakeBgBbModel();
  for (const Eigen::VectorXd& k : {Published(), Params(0.3, 4.0, 2.5, 0.4),
                                   Params(20.0, 3.0, 0.9, 40.0)}) {
    Eigen::VectorXd analytic;
    model->LogLikelihood(data, k, &analytic);
    const double h = 1e-5;  // on log(params)
    for (int j = 0; j < 4; ++j) {
      Eigen::VectorXd up = k, down = k;
      up[j] *= std::exp(h);
      down[j] *= std::exp(-h);
      double numeric = (model->LogLikelihood(data, up, nullptr) -
                        model->LogLikelihood(data, down, nullptr)) / (2 * h);
      EXPECT_NEAR(analytic[j], numeric, 1e-5 * (1 + std::fabs(numeric)))
          << "parameter " << j << " at " << k.transpose();
    }
  }
}

TEST(BgBbTest, RowsOutsideTheModelGiveMinusInfinityOrNaN) {
  auto model = MakeBgBbModel();
  for (Summary bad : {OneRow(3, 2, 6), OneRow(1, 7, 6), OneRow(0, 2, 6), OneRow(1.5, 2, 6),
                      OneRow(2, 2, 6.5), OneRow(-1, 0, 6)}) {
    EXPECT_EQ(model->LogLikelihood(bad, Published(), nullptr), -HUGE_VAL);
    double alive = 0;
    model->ProbabilityAlive(Published(), bad, &alive);
    EXPECT_TRUE(std::isnan(alive));
  }
  EXPECT_EQ(model->LogLikelihood(OneRow(1, 1, 6), Params(1, 1, 0, 1), nullptr), -HUGE_VAL);
  EXPECT_TRUE(std::isnan(model->ExpectedPurchases(Params(1, -1, 1, 1), 6)));
}

TEST(BgBbTest, FitReproducesPublishedParametersFromEveryStart) {
  TESSERA_SHARED_FILE(path, "cdnow/donations.csv");
  Summary data = ReadDonations(path);
  auto model = MakeBgBbModel();
  const size_t starts = model->StartingPoints(data).size();
  ASSERT_GE(starts, 3u);
  std::vector<MlEstimate> fits = FitsFromEveryStart(*model, data, /*discrete=*/true);
  ASSERT_EQ(fits.size(), starts + 1);
  // Fader, Hardie & Shang (2010): 1.204, 0.750, 0.657, 2.783, LL -33225.58.
  for (const MlEstimate& fit : fits) {
    EXPECT_TRUE(fit.converged);
    for (int j = 0; j < 4; ++j) {
      EXPECT_NEAR(fit.params[j], Published()[j], 0.0005) << "parameter " << j;
    }
    EXPECT_NEAR(fit.log_likelihood, -33225.58, 0.005);
  }
}

}  // namespace
}  // namespace tessera::btyd
