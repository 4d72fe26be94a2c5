// Pareto/NBD checked against the figures Fader, Hardie & Lee (2005) publish
// for CDNOW and against brute-force integrals of the model's definition.
#include "btyd/pareto_nbd_model.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "btyd/count_fit.h"
#include "btyd/fit.h"
#include "count_model_checks.h"
#include "btyd/pareto_nbd_integral.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace tessera::btyd {
namespace {

using checks::FitsFromEveryStart;
using checks::LogLikelihoodMoveOverRoundingBox;
using checks::OneRow;
using checks::Params;

// Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way"
// (Marketing Science 24(2)), Pareto/NBD on CDNOW: r, alpha, s, beta.
const Eigen::VectorXd& Published() {
  static const Eigen::VectorXd params = Params(0.553, 10.578, 0.606, 11.669);
  return params;
}

Summary ReadCdnow(const std::string& path) {
  Summary data;
  std::vector<std::vector<std::string>> rows = testing::ReadTable(path, ',');
  for (size_t i = 1; i < rows.size(); ++i) {  // row 0: rowname,x,t.x,T.cal,...
    data.x.push_back(std::stod(rows[i][1]));
    data.t_x.push_back(std::stod(rows[i][2]));
    data.T.push_back(std::stod(rows[i][3]));
  }
  return data;
}

// log of integral_lower^upper (alpha+u)^-p (beta+u)^-q du by composite
// Simpson on 200,000 intervals of v = log(c + u), c = min(alpha, beta), in
// which the integrand varies slowly even when c is tiny; scaled by its value
// at `lower` so that p in the hundreds does not underflow.
double SimpsonLogIntegral(double alpha, double beta, double p, double q,
                          double lower, double upper) {
  const int intervals = 200000;
  double c = std::min(alpha, beta);
  double v0 = std::log(c + lower), h = (std::log(c + upper) - v0) / intervals;
  auto scaled = [&](double v) {
    double u = std::exp(v) - c;
    return std::exp(-p * std::log((alpha + u) / (alpha + lower)) -
                    q * std::log((beta + u) / (beta + lower))) *
           (c + u);
  };
  double sum = scaled(v0) + scaled(v0 + intervals * h);
  for (int i = 1; i < intervals; ++i) sum += (i % 2 == 1 ? 4.0 : 2.0) * scaled(v0 + i * h);
  return std::log(sum * h / 3.0) - p * std::log(alpha + lower) - q * std::log(beta + lower);
}

// The row log-likelihood from the model's definition (Fader & Hardie 2005,
// "A Note on Deriving the Pareto/NBD Model and Related Expressions"): given
// lambda and mu, L = lambda^x e^-(lambda+mu)T + lambda^x mu
// integral_{t_x}^T e^-(lambda+mu)u du; averaging over the gammas with
// E[lambda^x e^-lambda u] = Gamma(r+x)/Gamma(r) alpha^r (alpha+u)^-(r+x) and
// E[mu e^-mu u] = s beta^s (beta+u)^-(s+1) leaves one integral in u, taken
// here by Simpson's rule instead of the 2F1 of the code under test.
double DirectRowLogLikelihood(const Eigen::VectorXd& k, double x, double t_x, double T) {
  double r = k[0], alpha = k[1], s = k[2], beta = k[3];
  double prefix = std::lgamma(r + x) - std::lgamma(r) + r * std::log(alpha) +
                  s * std::log(beta);
  double log_alive = -(r + x) * std::log(alpha + T) - s * std::log(beta + T);
  if (t_x >= T) return prefix + log_alive;
  double log_died = std::log(s) + SimpsonLogIntegral(alpha, beta, r + x, s + 1.0, t_x, T);
  double high = std::max(log_alive, log_died);
  return prefix + high + std::log(std::exp(log_alive - high) + std::exp(log_died - high));
}

TEST(ParetoNbdTest, LogLikelihoodOnCdnowMatchesPublishedValue) {
  TESSERA_SHARED_FILE(path, "cdnow/cdnow_summary_full_precision.csv");
  Summary data = ReadCdnow(path);
  ASSERT_EQ(data.size(), 2357u);
  auto model = MakeParetoNbdModel();
  double ll = model->LogLikelihood(data, Published(), nullptr);
  // The parameters are printed to 3 decimals, so the exact optimum lies
  // within +-0.0005 of each. The log-likelihood over that box (3^4 grid)
  // moves by about 0.001 (at an optimum only second-order terms remain);
  // the bound below is checked rather than assumed, and the tolerance is
  // the printed precision of -9595.0 (0.05) plus it.
  const double box = LogLikelihoodMoveOverRoundingBox(*model, data, Published());
  EXPECT_LT(box, 0.005);
  EXPECT_NEAR(ll, -9595.0, 0.05 + 0.005);  // Fader, Hardie & Lee (2005)
}

TEST(ParetoNbdTest, RowLogLikelihoodMatchesDirectIntegration) {
  // alpha ~ beta (series); alpha >> beta (z near 1: quadrature, or both
  // when z falls below 3/4 within (t_x, T)); beta >> alpha (the other
  // branch); and the far corners an optimizer may wander into.
  std::vector<Eigen::VectorXd> params = {
      Published(),          Params(0.5, 400.0, 0.6, 2.0),  Params(0.9, 100.0, 0.5, 2.0),
      Params(0.8, 3.0, 0.3, 300.0), Params(0.5, 1e6, 0.6, 1e-3), Params(0.5, 1e-3, 0.6, 1e6)};
  struct Case {
    double x, t_x, T;
  };
  std::vector<Case> rows = {{0, 0, 38.86},        {2, 30.43, 38.86},   {1, 1.71, 38.86},
                            {500, 38.8, 38.86},   {500, 38.86 - 1e-7, 38.86},
                            {0, 0, 1e-6},         {3, 1e-7, 2e-7},     {40, 2.0, 39.0},
                            {7, 39.0, 39.0}};
  auto model = MakeParetoNbdModel();
  for (const Eigen::VectorXd& k : params) {
    for (const Case& row : rows) {
      double ll = model->LogLikelihood(OneRow(row.x, row.t_x, row.T), k, nullptr);
      double direct = DirectRowLogLikelihood(k, row.x, row.t_x, row.T);
      ASSERT_TRUE(std::isfinite(ll)) << row.x << " " << row.t_x << " " << row.T;
      EXPECT_NEAR(ll, direct, 1e-8 * std::max(1.0, std::fabs(direct)))
          << "params " << k.transpose() << " row " << row.x << " " << row.t_x << " "
          << row.T;
    }
  }
}

TEST(ParetoNbdTest, HypergeometricMatchesDirectSumAndItsDerivatives) {
  struct Case {
    double p, q, z;
  };
  for (Case c : std::vector<Case>{{0.5, 1.6, 0.1}, {500.5, 1.6, 0.7}, {2.5, 1.6, 0.75},
                                  {1.5, 3.0, 0.95}, {0.3, 600.0, 0.99}, {3.0, 2.0, 0.999}}) {
    // sum_n z^n prod_{k<n} (p+k)/(p+q+k), term by term until negligible.
    long double term = 1, sum = 1;
    for (int n = 0; n < 50000000 && term > 1e-22L * sum; ++n) {
      term *= (c.p + n) / (c.p + c.q + n) * c.z;
      sum += term;
    }
    LogHypergeometric h = LogHyp2F1OneP(c.p, c.q, c.z);
    EXPECT_NEAR(h.value, std::log(static_cast<double>(sum)), 1e-12)
        << c.p << " " << c.q << " " << c.z;
    const double step = 1e-6;
    auto central = [&](double dp, double dq, double dz) {
      return (LogHyp2F1OneP(c.p + dp, c.q + dq, c.z + dz).value -
              LogHyp2F1OneP(c.p - dp, c.q - dq, c.z - dz).value) / (2 * step);
    };
    double scale_z = step * (1.0 - c.z);  // stay below 1
    double fd_z = central(0, 0, scale_z) * step / scale_z;
    EXPECT_NEAR(h.d_p, central(step, 0, 0), 1e-6 * (1 + std::fabs(h.d_p)));
    EXPECT_NEAR(h.d_q, central(0, step, 0), 1e-6 * (1 + std::fabs(h.d_q)));
    EXPECT_NEAR(h.d_z, fd_z, 1e-5 * (1 + std::fabs(h.d_z)));
  }
}

TEST(ParetoNbdTest, GradientMatchesFiniteDifferences) {
  Summary data;
  struct Case {
    double x, t_x, T;
  };
  for (Case row : std::vector<Case>{{0, 0, 38.86}, {2, 30.43, 38.86}, {1, 1.71, 38.86},
                                    {500, 38.8, 38.86}, {0, 0, 1e-6}, {12, 20.0, 27.3},
                                    {4, 26.0, 26.0 + 1e-9}}) {
    data.x.push_back(row.x);
    data.t_x.push_back(row.t_x);
    data.T.push_back(row.T);
    data.weight.push_back(1.0 + row.x / 100.0);
  }
  auto model = MakeParetoNbdModel();
  for (const Eigen::VectorXd& k :
       {Published(), Params(0.5, 400.0, 0.6, 2.0), Params(0.9, 100.0, 0.5, 2.0),
        Params(0.8, 3.0, 0.3, 300.0), Params(2.0, 5.0, 1.0, 5.0), Params(0.5, 1e6, 0.6, 1e-3)}) {
    Eigen::VectorXd analytic;
    model->LogLikelihood(data, k, &analytic);
    const double h = 1e-5;  // on log(params)
    for (int j = 0; j < 4; ++j) {
      Eigen::VectorXd up = k, down = k;
      up[j] *= std::exp(h);
      down[j] *= std::exp(-h);
      double numeric = (model->LogLikelihood(data, up, nullptr) -
                        model->LogLikelihood(data, down, nullptr)) / (2 * h);
      EXPECT_NEAR(analytic[j], numeric, 2e-5 * (1 + std::fabs(numeric)))
          << "parameter " << j << " at " << k.transpose();
    }
  }
}

TEST(ParetoNbdTest, ProbabilityAliveIsAProbabilityAndOneAfterAPurchaseAtT) {
  TESSERA_SHARED_FILE(path, "cdnow/cdnow_summary_full_precision.csv");
  Summary data = ReadCdnow(path);
  auto model = MakeParetoNbdModel();
  std::vector<double> alive(data.size());
  model->ProbabilityAlive(Published(), data, alive.data());
  for (double p : alive) {
    ASSERT_GE(p, 0.0);
    ASSERT_LE(p, 1.0);
  }
  // A purchase at T proves the customer alive at T: the dying part of the
  // likelihood integrates over the empty interval (t_x, T].
  Summary edge = OneRow(5, 30.0, 30.0);
  double p = 0;
  model->ProbabilityAlive(Published(), edge, &p);
  EXPECT_DOUBLE_EQ(p, 1.0);
  // With alpha = beta the integral is elementary:
  //   s int_{t_x}^T (a+u)^-(r+s+x+1) du = s/(r+s+x) [(a+t_x)^-(r+s+x) - (a+T)^-(r+s+x)],
  // so P(alive) = 1 / (1 + s/(r+s+x) [((a+T)/(a+t_x))^(r+s+x) - 1]).
  Eigen::VectorXd equal = Params(0.7, 8.0, 0.9, 8.0);
  for (double T : {1.0, 10.0, 39.0}) {
    for (double x : {0.0, 1.0, 6.0}) {
      double t_x = x == 0 ? 0.0 : 0.5 * T;
      double order = 0.7 + 0.9 + x;
      double expected =
          1.0 / (1.0 + 0.9 / order * (std::pow((8.0 + T) / (8.0 + t_x), order) - 1.0));
      model->ProbabilityAlive(equal, OneRow(x, t_x, T), &p);
      EXPECT_NEAR(p, expected, 1e-12) << x << " " << t_x << " " << T;
    }
  }
  // Silence is evidence of death: P(alive) for x = 0 falls as T grows.
  double previous = 1.0;
  for (double T : {1e-6, 1.0, 5.0, 20.0, 39.0, 100.0}) {
    model->ProbabilityAlive(Published(), OneRow(0, 0, T), &p);
    EXPECT_LT(p, previous);
    previous = p;
  }
}

TEST(ParetoNbdTest, ConditionalExpectationGrowsWithHorizonAndReducesToUnconditional) {
  auto model = MakeParetoNbdModel();
  Summary rows = OneRow(2, 30.43, 38.86);
  double previous = 0.0, value = 0.0;
  model->ConditionalExpectedPurchases(Published(), rows, 0.0, &value);
  EXPECT_EQ(value, 0.0);
  for (double t : {1.0, 5.0, 10.0, 39.0, 100.0, 1000.0}) {
    model->ConditionalExpectedPurchases(Published(), rows, t, &value);
    EXPECT_GT(value, previous) << t;
    // At most the posterior mean rate (r+x)/(alpha+T) times t.
    EXPECT_LT(value, (0.553 + 2) / (10.578 + 38.86) * t);
    previous = value;
  }
  // Nothing observed yet (x = 0, T = 0): the conditional expectation is the
  // unconditional one, r/alpha * integral_0^t (beta/(beta+u))^s du (the mean
  // rate times the expected time alive in (0, t]), here by Simpson's rule.
  for (double t : {1.0, 39.0, 78.0}) {
    const int intervals = 20000;
    double h = t / intervals, sum = 0;
    for (int i = 0; i <= intervals; ++i) {
      double weight = (i == 0 || i == intervals) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
      sum += weight * std::pow(11.669 / (11.669 + i * h), 0.606);
    }
    double expected = 0.553 / 10.578 * sum * h / 3.0;
    EXPECT_NEAR(model->ExpectedPurchases(Published(), t), expected, 1e-10 * expected);
    model->ConditionalExpectedPurchases(Published(), OneRow(0, 0, 0), t, &value);
    EXPECT_NEAR(value, expected, 1e-10 * expected);
  }
  // s = 1 is a removable singularity of the closed form.
  double at_one = model->ExpectedPurchases(Params(0.5, 10, 1.0, 12), 39.0);
  EXPECT_NEAR(at_one, model->ExpectedPurchases(Params(0.5, 10, 1.0 + 1e-9, 12), 39.0), 1e-8);
  EXPECT_NEAR(at_one, 0.5 * 12 / 10 * std::log1p(39.0 / 12), 1e-12);
}

TEST(ParetoNbdTest, CountDistributionSumsToOneWithTheExpectedMean) {
  auto model = MakeParetoNbdModel();
  for (const Eigen::VectorXd& k : {Published(), Params(0.5, 400.0, 0.6, 2.0),
                                   Params(0.8, 3.0, 0.3, 300.0)}) {
    for (double t : {0.5, 39.0, 78.0}) {
      double total = 0, mean = 0;
      // The tail falls at least geometrically, by t/(alpha+t) per step
      // (below 0.97 here), so it is negligible once a term is below 1e-15.
      for (int n = 0; n <= 5000; ++n) {
        double p = model->ProbabilityOfPurchases(k, n, t);
        ASSERT_GE(p, 0.0);
        total += p;
        mean += n * p;
        if (p < 1e-15 && n > 10) break;
      }
      EXPECT_NEAR(total, 1.0, 1e-10) << k.transpose() << " t " << t;
      double expected = model->ExpectedPurchases(k, t);
      EXPECT_NEAR(mean, expected, 1e-9 * std::max(1.0, expected)) << k.transpose();
    }
  }
  // alpha = beta: P(X(t)=0) = (a/(a+t))^(r+s) + s/(r+s) [1 - (a/(a+t))^(r+s)]
  // (still alive and silent, or died silent at u with density
  // s a^s (a+u)^-(s+1), both integrals elementary).
  double decay = std::pow(8.0 / (8.0 + 20.0), 0.7 + 0.9);
  EXPECT_NEAR(model->ProbabilityOfPurchases(Params(0.7, 8.0, 0.9, 8.0), 0, 20.0),
              decay + 0.9 / 1.6 * (1.0 - decay), 1e-13);
  EXPECT_EQ(model->ProbabilityOfPurchases(Published(), -1, 10.0), 0.0);
  EXPECT_EQ(model->ProbabilityOfPurchases(Published(), 0, 0.0), 1.0);
}

TEST(ParetoNbdTest, CountProbabilitiesMatchDirectIntegration) {
  // P(X(t) = n) from the model's story: NBD(n; t) (beta/(beta+t))^s for a
  // customer alive throughout, plus the same NBD over the lifetime u with
  // the Pareto II density s beta^s (beta+u)^-(s+1); the integral by Simpson
  // in v = log u (below u = 1e-14 t the integrand, ~u^n, is negligible).
  auto model = MakeParetoNbdModel();
  struct Case {
    Eigen::VectorXd k;
    double t;
    int n;
  };
  for (const Case& c : std::vector<Case>{{Published(), 39.0, 1},
                                         {Published(), 39.0, 50},
                                         {Params(0.8, 3.0, 0.3, 300.0), 0.3, 200},
                                         {Params(0.5, 400.0, 0.6, 2.0), 500.0, 20},
                                         {Params(5.0, 0.01, 2.0, 0.02), 39.0, 7}}) {
    double r = c.k[0], alpha = c.k[1], s = c.k[2], beta = c.k[3];
    auto log_nbd = [&](double u) {
      return std::lgamma(r + c.n) - std::lgamma(r) - std::lgamma(c.n + 1.0) +
             r * std::log(alpha / (alpha + u)) + c.n * std::log(u / (alpha + u));
    };
    auto integrand = [&](double v) {
      double u = std::exp(v);
      return std::exp(log_nbd(u) + std::log(s) + s * std::log(beta) -
                      (s + 1) * std::log(beta + u)) * u;
    };
    const int intervals = 200000;
    double v0 = std::log(1e-14 * c.t), v1 = std::log(c.t), h = (v1 - v0) / intervals;
    double sum = integrand(v0) + integrand(v1);
    for (int i = 1; i < intervals; ++i) sum += (i % 2 == 1 ? 4.0 : 2.0) * integrand(v0 + i * h);
    double expected = sum * h / 3.0 + std::exp(log_nbd(c.t) - s * std::log1p(c.t / beta));
    EXPECT_NEAR(model->ProbabilityOfPurchases(c.k, c.n, c.t), expected, 1e-7 * expected)
        << c.k.transpose() << " t " << c.t << " n " << c.n;
  }
}

TEST(ParetoNbdTest, OutOfDomainInputGivesMinusInfinityOrNaN) {
  auto model = MakeParetoNbdModel();
  Eigen::VectorXd gradient;
  Summary good = OneRow(2, 30.43, 38.86);
  EXPECT_EQ(model->LogLikelihood(good, Params(-0.5, 10, 0.6, 11), &gradient),
            -HUGE_VAL);
  EXPECT_TRUE(gradient.isZero());
  EXPECT_EQ(model->LogLikelihood(good, Params(0.5, NAN, 0.6, 11), nullptr), -HUGE_VAL);
  EXPECT_EQ(model->LogLikelihood(OneRow(2, 40.0, 38.86), Published(), nullptr), -HUGE_VAL);
  Summary weighted = good;
  weighted.weight = {NAN};
  EXPECT_EQ(model->LogLikelihood(weighted, Published(), nullptr), -HUGE_VAL);
  double p = 0;
  model->ProbabilityAlive(Published(), OneRow(-1, 0, 3), &p);
  EXPECT_TRUE(std::isnan(p));
  EXPECT_TRUE(std::isnan(model->ExpectedPurchases(Params(0.5, 10, 0, 11), 3.0)));
}

TEST(ParetoNbdTest, FitReproducesPublishedParametersFromEveryStart) {
  TESSERA_SHARED_FILE(path, "cdnow/cdnow_summary_full_precision.csv");
  Summary data = ReadCdnow(path);
  auto model = MakeParetoNbdModel();
  const size_t starts = model->StartingPoints(data).size();
  ASSERT_GE(starts, 3u);
  std::vector<MlEstimate> fits = FitsFromEveryStart(*model, data, /*discrete=*/false);
  ASSERT_EQ(fits.size(), starts + 1);
  // Fader, Hardie & Lee (2005): 0.553, 10.578, 0.606, 11.669, LL -9595.0.
  for (const MlEstimate& fit : fits) {
    EXPECT_TRUE(fit.converged);
    for (int j = 0; j < 4; ++j) {
      EXPECT_NEAR(fit.params[j], Published()[j], 0.0005) << "parameter " << j;
    }
    EXPECT_NEAR(fit.log_likelihood, -9595.0, 0.05);
  }
}

// A count far out of reach in the time given has probability below 1e-300:
// n = 1e8 purchases in 1e-6 weeks, or any purchase in a denormal t. These
// must come back as numbers in [0, 1], not after ~n quadrature panels
// (70 s for n = 1e8) or through an infinite panel count cast to int.
TEST(ParetoNbdTest, CountProbabilitiesOutOfReachAreZero) {
  auto model = MakeParetoNbdModel();
  for (double t : {1e-6, 1e-310}) {
    for (int n : {1, 2, 100000000}) {
      double p = model->ProbabilityOfPurchases(Published(), n, t);
      ASSERT_TRUE(std::isfinite(p)) << n << " " << t;
      EXPECT_GE(p, 0.0) << n << " " << t;
      // NBD(n; t) <= (t/alpha)^n, and P averages NBD(n; u) over u <= t.
      EXPECT_LE(p, std::max(std::pow(t / 10.578, n), 1e-300)) << n << " " << t;
    }
  }
  // Nothing bought in a denormal time: P(X(t) = 0) is 1 to rounding.
  EXPECT_NEAR(model->ProbabilityOfPurchases(Published(), 0, 1e-310), 1.0, 1e-15);
}

}  // namespace
}  // namespace tessera::btyd
