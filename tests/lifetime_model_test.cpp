// The buy-till-you-die building blocks in src/btyd: special functions, the
// optimizer, and the BG/NBD, MBG/NBD and Gamma-Gamma likelihoods and
// predictions, each against an independent reference (closed forms,
// finite differences, brute-force quadrature over the model's definition).
#include <cmath>
#include <functional>
#include <vector>

#include <Eigen/Core>

#include "btyd/beta_geo.h"
#include "btyd/bgnbd_model.h"
#include "btyd/gamma_gamma.h"
#include "btyd/mbgnbd_model.h"
#include "btyd/minimize.h"
#include "btyd/special_functions.h"
#include "gtest/gtest.h"

namespace tessera::btyd {
namespace {

constexpr double kEulerGamma = 0.57721566490153286;

Eigen::VectorXd Vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index k = 0;
  for (double value : values) v[k++] = value;
  return v;
}

Summary Rows(std::vector<double> x, std::vector<double> t_x, std::vector<double> T,
             std::vector<double> weight = {}) {
  Summary s;
  s.x = std::move(x);
  s.t_x = std::move(t_x);
  s.T = std::move(T);
  s.weight = std::move(weight);
  return s;
}

TEST(SpecialFunctions, DigammaMatchesKnownValues) {
  // psi(1) = -gamma, psi(1/2) = -gamma - 2 log 2, psi(10) = H_9 - gamma.
  EXPECT_NEAR(Digamma(1.0), -kEulerGamma, 1e-15);
  EXPECT_NEAR(Digamma(0.5), -kEulerGamma - 2 * std::log(2.0), 1e-14);
  double h9 = 0;
  for (int k = 1; k <= 9; ++k) h9 += 1.0 / k;
  EXPECT_NEAR(Digamma(10.0), h9 - kEulerGamma, 1e-14);
  // The derivative of log-gamma, by central differences.
  for (double x : {0.05, 0.7, 3.3, 40.0, 1e4}) {
    const double h = 1e-5 * x;
    const double numeric = (LogGamma(x + h) - LogGamma(x - h)) / (2 * h);
    EXPECT_NEAR(Digamma(x), numeric, 1e-7 * std::fmax(1.0, std::fabs(numeric))) << x;
  }
}

TEST(SpecialFunctions, Hyp2F1MatchesClosedForms) {
  for (double z : {0.0, 0.1, 0.5, 0.9, 0.999}) {
    // 2F1(1, 1; 2; z) = -log(1-z)/z; 2F1(a, b; b; z) = (1-z)^-a.
    const double log_form = z == 0 ? 1.0 : -std::log1p(-z) / z;
    EXPECT_NEAR(Hyp2F1(1, 1, 2, z), log_form, 1e-13 * log_form) << z;
    const double power = std::pow(1 - z, -2.5);
    EXPECT_NEAR(Hyp2F1(2.5, 0.7, 0.7, z), power, 1e-12 * power) << z;
  }
  // 2F1(1/2, 1/2; 3/2; s^2) = asin(s)/s.
  for (double s : {0.2, 0.7, 0.95}) {
    EXPECT_NEAR(Hyp2F1(0.5, 0.5, 1.5, s * s), std::asin(s) / s, 1e-13) << s;
  }
  // Large parameters go through Euler's transformation: 2F1(a, b; a+b+1; z)
  // against the plain series.
  EXPECT_NEAR(Hyp2F1(150.2, 40.5, 191.7, 0.6) / Hyp2F1Series(150.2, 40.5, 191.7, 0.6), 1.0,
              1e-11);
  EXPECT_TRUE(std::isnan(Hyp2F1(1, 1, 2, 1.0)));
}

TEST(Minimize, FindsTheRosenbrockMinimum) {
  const Objective rosenbrock = [](const Eigen::VectorXd& v, Eigen::VectorXd* g) {
    const double x = v[0], y = v[1];
    if (g != nullptr) {
      *g = Vec({-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)});
    }
    return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
  };
  MinimizeOptions options;
  options.gradient_tolerance = 1e-10;
  MinimizeResult result = MinimizeBfgs(rosenbrock, Vec({-1.2, 1.0}), options);
  EXPECT_TRUE(result.converged) << result.message;
  EXPECT_NEAR(result.x[0], 1.0, 1e-8);
  EXPECT_NEAR(result.x[1], 1.0, 1e-8);
}

TEST(Minimize, BacksOffFromPointsOutsideTheDomain) {
  // f = x - log(x) has its minimum at 1 and no value at x <= 0; the first
  // step from 10 overshoots into x < 0.
  const Objective f = [](const Eigen::VectorXd& v, Eigen::VectorXd* g) {
    if (g != nullptr) *g = Vec({1 - 1 / v[0]});
    return v[0] > 0 ? v[0] - std::log(v[0]) : std::nan("");
  };
  MinimizeResult result = MinimizeBfgs(f, Vec({10.0}), MinimizeOptions{});
  EXPECT_TRUE(result.converged) << result.message;
  EXPECT_NEAR(result.x[0], 1.0, 1e-8);
}

// The analytic gradient by log(params) against central differences.
void ExpectGradientMatches(const std::function<double(const Eigen::VectorXd&,
                                                      Eigen::VectorXd*)>& ll,
                           const Eigen::VectorXd& params) {
  Eigen::VectorXd analytic;
  const double value = ll(params, &analytic);
  ASSERT_TRUE(std::isfinite(value));
  for (Eigen::Index j = 0; j < params.size(); ++j) {
    const double h = 1e-6;
    Eigen::VectorXd up = params, down = params;
    up[j] *= std::exp(h);
    down[j] *= std::exp(-h);
    const double numeric = (ll(up, nullptr) - ll(down, nullptr)) / (2 * h);
    EXPECT_NEAR(analytic[j], numeric, 1e-5 * std::fmax(1.0, std::fabs(numeric)))
        << "parameter " << j;
  }
}

// Rows of every kind, including one with more purchases (5000) than the
// models tabulate, which takes their direct log-gamma path.
Summary Mixed() {
  return Rows({0, 1, 2, 7, 0, 30, 1, 5000}, {0, 3.5, 30.4, 12.0, 0, 38.0, 0.1, 38.5},
              {38.9, 20.0, 38.9, 40.0, 0.5, 39.0, 0.2, 39.0}, {3, 1, 2, 1, 5, 1, 2, 1});
}

TEST(BetaGeoModels, GradientsMatchFiniteDifferences) {
  const Summary data = Mixed();
  for (auto make : {MakeBgNbdModel, MakeMbgNbdModel}) {
    std::unique_ptr<CountModel> model = make();
    for (const Eigen::VectorXd& params :
         {Vec({0.243, 4.414, 0.793, 2.426}), Vec({2.0, 0.5, 3.0, 0.4})}) {
      ExpectGradientMatches(
          [&](const Eigen::VectorXd& p, Eigen::VectorXd* g) {
            return model->LogLikelihood(data, p, g);
          },
          params);
    }
  }
}

TEST(GammaGamma, GradientMatchesFiniteDifferences) {
  SpendSummary data;
  data.x = {1, 2, 5, 30, 1};
  data.m = {10.0, 22.345, 7.5, 41.0, 150.0};
  data.weight = {2, 1, 1, 1, 3};
  for (int threads : {1, 2}) {
    ExpectGradientMatches(
        [&](const Eigen::VectorXd& p, Eigen::VectorXd* g) {
          return GammaGammaLogLikelihood(data, p, g, threads);
        },
        Vec({6.25, 3.74, 15.44}));
  }
}

TEST(BetaGeoModels, WeightsCountCustomers) {
  // A row with weight 3 is three identical customers.
  const Summary weighted = Rows({2, 0}, {5.0, 0}, {9.0, 4.0}, {3, 2});
  const Summary repeated = Rows({2, 2, 2, 0, 0}, {5, 5, 5, 0, 0}, {9, 9, 9, 4, 4});
  const Eigen::VectorXd params = Vec({0.5, 2.0, 0.8, 2.5});
  std::unique_ptr<CountModel> model = MakeBgNbdModel();
  EXPECT_NEAR(model->LogLikelihood(weighted, params, nullptr),
              model->LogLikelihood(repeated, params, nullptr), 1e-12);
}

TEST(BetaGeoModels, FiniteAtTheExtremes) {
  // x = 0, T near 0, hundreds of purchases alive or long dead.
  const Summary data = Rows({0, 0, 300, 300, 1}, {0, 0, 38.9, 0.5, 1e-9},
                            {1e-12, 0, 39.0, 39.0, 1e-9});
  const Eigen::VectorXd params = Vec({0.243, 4.414, 0.793, 2.426});
  for (auto make : {MakeBgNbdModel, MakeMbgNbdModel}) {
    std::unique_ptr<CountModel> model = make();
    Eigen::VectorXd gradient;
    EXPECT_TRUE(std::isfinite(model->LogLikelihood(data, params, &gradient)));
    EXPECT_TRUE(gradient.allFinite());
    std::vector<double> alive(data.size()), expected(data.size());
    model->ProbabilityAlive(params, data, alive.data());
    model->ConditionalExpectedPurchases(params, data, 39.0, expected.data());
    for (size_t i = 0; i < data.size(); ++i) {
      EXPECT_GE(alive[i], 0.0) << i;
      EXPECT_LE(alive[i], 1.0) << i;
      EXPECT_GE(expected[i], 0.0) << i;
      // Never more than the posterior purchase rate (r+x)/(alpha+T) allows.
      EXPECT_LE(expected[i], (0.243 + data.x[i]) / (4.414 + data.T[i]) * 39.0) << i;
    }
    EXPECT_GT(alive[2], 0.99);   // 300 purchases up to the end: surely alive
    EXPECT_LT(alive[3], 1e-100);  // 300 purchases, then 38 weeks of silence
    EXPECT_GT(expected[2], 100.0);
  }
  // BG/NBD: a customer who never came back cannot have died.
  std::unique_ptr<CountModel> bgnbd = MakeBgNbdModel();
  double alive = 0;
  bgnbd->ProbabilityAlive(params, Rows({0}, {0}, {39}), &alive);
  EXPECT_EQ(alive, 1.0);
}

// Brute force over the models' definition: lambda ~ Gamma(r, alpha) and
// p ~ Beta(a, b), integrated by the midpoint rule after lambda = s^(1/r) and
// p = u^(1/a), which turn both densities into bounded functions, so that the
// integrals of h(lambda, p) against the prior are sums. Only ratios are
// used, so the normalizing constants are left out.
double PriorIntegral(double r, double alpha, double a, double b,
                     const std::function<double(double, double)>& h, int n = 1200) {
  const double s_max = std::pow(60.0 / alpha, r);
  double total = 0;
  for (int i = 0; i < n; ++i) {
    const double s = (i + 0.5) / n * s_max;
    const double lambda = std::pow(s, 1 / r);
    const double gamma_weight = std::exp(-alpha * lambda);
    for (int j = 0; j < n; ++j) {
      const double p = std::pow((j + 0.5) / n, 1 / a);
      total += gamma_weight * std::pow(1 - p, b - 1) * h(lambda, p);
    }
  }
  return total;
}

TEST(BetaGeoModels, PredictionsMatchBruteForceQuadrature) {
  // Fader, Hardie & Lee (2005)'s CDNOW estimates, and CDNOW's first
  // customer (x = 2, t_x = 30.43, T = 38.86 weeks) over the 39-week holdout.
  const double r = 0.243, alpha = 4.414, a = 0.793, b = 2.426;
  const double x = 2, t_x = 30.428571428571427, T = 38.857142857142854, t = 39;
  const Eigen::VectorXd params = Vec({r, alpha, a, b});
  for (int extra : {0, 1}) {  // BG/NBD, then MBG/NBD's extra chance to die
    // Alive: survived every chance; dead: died at the last one, at t_x.
    auto alive = [&](double lambda, double p) {
      return std::pow(1 - p, x + extra) * std::pow(lambda, x) * std::exp(-lambda * T);
    };
    auto dead = [&](double lambda, double p) {
      return p * std::pow(1 - p, x + extra - 1) * std::pow(lambda, x) *
             std::exp(-lambda * t_x);
    };
    // An alive customer buys at rate lambda until dying at rate lambda p.
    auto future = [&](double lambda, double p) {
      return alive(lambda, p) * -std::expm1(-lambda * p * t) / p;
    };
    const double alive_mass = PriorIntegral(r, alpha, a, b, alive);
    const double total = alive_mass + PriorIntegral(r, alpha, a, b, dead);
    std::unique_ptr<CountModel> model = extra == 0 ? MakeBgNbdModel() : MakeMbgNbdModel();
    const Summary customer = Rows({x}, {t_x}, {T});
    double p_alive = 0, expected = 0;
    model->ProbabilityAlive(params, customer, &p_alive);
    model->ConditionalExpectedPurchases(params, customer, t, &expected);
    EXPECT_NEAR(p_alive, alive_mass / total, 2e-5) << extra;
    EXPECT_NEAR(expected, PriorIntegral(r, alpha, a, b, future) / total, 2e-4) << extra;
    // A new customer: E[X(t)] = E[(1 - exp(-lambda p t)) / p] (dying at time
    // 0 with probability p first, for MBG/NBD).
    auto fresh = [&](double lambda, double p) {
      return std::pow(1 - p, extra) * -std::expm1(-lambda * p * t) / p;
    };
    const double norm = PriorIntegral(r, alpha, a, b, [](double, double) { return 1.0; });
    EXPECT_NEAR(model->ExpectedPurchases(params, t),
                PriorIntegral(r, alpha, a, b, fresh) / norm, 2e-4) << extra;
  }
}

TEST(BetaGeoModels, PurchaseCountDistributionIsConsistent) {
  const Eigen::VectorXd params = Vec({0.243, 4.414, 0.793, 2.426});
  for (auto make : {MakeBgNbdModel, MakeMbgNbdModel}) {
    std::unique_ptr<CountModel> model = make();
    for (double t : {1.0, 39.0, 400.0}) {
      double total = 0, mean = 0;
      for (int n = 0; n < 1500; ++n) {
        const double p = model->ProbabilityOfPurchases(params, n, t);
        ASSERT_GE(p, 0.0);
        total += p;
        mean += n * p;
      }
      EXPECT_NEAR(total, 1.0, 1e-9) << t;
      EXPECT_NEAR(mean, model->ExpectedPurchases(params, t), 1e-7) << t;
    }
    EXPECT_EQ(model->ProbabilityOfPurchases(params, 0, 0.0), 1.0);
  }
}

// Two independent computations of E[purchases | alive]: the hypergeometric
// series and the integral over the dropout probability.
TEST(BetaGeoModels, SeriesAndQuadratureAgree) {
  struct Case {
    double r, a, b, x;
  };
  for (const Case& c : {Case{0.243, 0.793, 2.426, 0}, Case{0.243, 0.793, 2.426, 2},
                        Case{0.5, 1.0, 3.0, 7}, Case{2.0, 3.5, 0.6, 150},
                        Case{0.9, 0.2, 15.0, 1}}) {
    for (double tau : {0.01, 0.5, 5.0, 40.0}) {
      const double series = BetaGeoAliveExpectationSeries(c.r, c.a, c.b, c.x, tau);
      const double quadrature = BetaGeoAliveExpectationQuadrature(c.r, c.a, c.b, c.x, tau);
      EXPECT_NEAR(series, quadrature, 1e-10 * quadrature)
          << c.r << " " << c.a << " " << c.b << " " << c.x << " tau " << tau;
    }
  }
  // A horizon a trillion times alpha + T: with a > 1 the expectation tends
  // to E[1/p] = (a + b + x - 1) / (a - 1) under p ~ Beta(a, b + x).
  EXPECT_NEAR(BetaGeoAliveExpectation(0.5, 2.0, 3.0, 1, 1e12), 5.0, 1e-6);
  // With a < 1 it grows without bound, but stays finite.
  const double far = BetaGeoAliveExpectation(0.243, 0.793, 2.426, 0, 1e12);
  EXPECT_TRUE(std::isfinite(far));
  EXPECT_GT(far, BetaGeoAliveExpectation(0.243, 0.793, 2.426, 0, 1e9));
}

TEST(BetaGeoModels, ConditionalExpectationIsContinuousAtAEqualsOne) {
  // (a-1) divides the published formula; the series form has no singularity.
  std::unique_ptr<CountModel> model = MakeBgNbdModel();
  const Summary customer = Rows({3}, {20}, {30});
  double below = 0, at = 0, above = 0;
  model->ConditionalExpectedPurchases(Vec({0.5, 4.0, 1.0 - 1e-7, 2.5}), customer, 20, &below);
  model->ConditionalExpectedPurchases(Vec({0.5, 4.0, 1.0, 2.5}), customer, 20, &at);
  model->ConditionalExpectedPurchases(Vec({0.5, 4.0, 1.0 + 1e-7, 2.5}), customer, 20, &above);
  EXPECT_TRUE(std::isfinite(at));
  EXPECT_NEAR(at, below, 1e-6);
  EXPECT_NEAR(at, above, 1e-6);
}

TEST(GammaGamma, ExpectedSpendMatchesQuadratureOverNu) {
  // Per-transaction spend ~ Gamma(p, nu), nu ~ Gamma(q, gamma): given x
  // transactions of mean m, the posterior of nu is proportional to
  // nu^(px) exp(-nu x m) nu^(q-1) exp(-gamma nu), and E[spend] = E[p / nu].
  const double p = 6.25, q = 3.74, gamma = 15.44, x = 2, m = 22.345;
  double numerator = 0, denominator = 0;
  const int n = 200000;
  const double nu_max = 3.0;
  for (int i = 0; i < n; ++i) {
    const double nu = (i + 0.5) / n * nu_max;
    const double density = std::exp((p * x + q - 1) * std::log(nu) - nu * (x * m + gamma));
    numerator += density * p / nu;
    denominator += density;
  }
  EXPECT_NEAR(GammaGammaExpectedSpend(p, q, gamma, x, m), numerator / denominator, 1e-6);
  // No repeat purchase: the population mean p gamma / (q - 1).
  EXPECT_NEAR(GammaGammaExpectedSpend(p, q, gamma, 0, 0), p * gamma / (q - 1), 1e-12);
  EXPECT_TRUE(std::isnan(GammaGammaExpectedSpend(p, 0.9, gamma, 0, 0)));
}

}  // namespace
}  // namespace tessera::btyd
