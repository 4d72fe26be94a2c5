#include "btyd/bgbb_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "btyd/log_sum.h"
#include "btyd/model_rows.h"
#include "btyd/special_functions.h"

namespace tessera {
namespace btyd {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kNegInf = -std::numeric_limits<double>::infinity();
// Longer histories would make one row cost more than a whole data set.
constexpr double kMaxOpportunities = 1e7;

struct Params {
  double alpha, beta, gamma, delta;
};

Params ToParams(const Eigen::VectorXd& params) {
  return {params[0], params[1], params[2], params[3]};
}

bool WholeNumber(double v) {
  return std::isfinite(v) && v >= 0.0 && v <= kMaxOpportunities && v == std::floor(v);
}

struct Row {
  double x, t_x, n;
};

bool ReadRow(const Summary& data, size_t i, Row* row) {
  double x = data.x[i], t_x = data.t_x[i], n = data.T[i];
  if (!WholeNumber(x) || !WholeNumber(t_x) || !WholeNumber(n)) return false;
  if (x > t_x || t_x > n || (x == 0.0) != (t_x == 0.0)) return false;
  *row = {x, t_x, n};
  return true;
}

// The likelihood of a row (Fader, Hardie & Shang 2010) is
//   B(a+x, b+n-x)/B(a,b) * B(g, d+n)/B(g,d)                    alive at n
//   + sum_{i=0}^{n-t_x-1} B(a+x, b+t_x-x+i)/B(a,b)
//                         * B(g+1, d+t_x+i)/B(g,d)             died at t_x+i+1
// (a, b, g, d = alpha, beta, gamma, delta). The terms are summed without
// the shared 1/(B(a,b) B(g,d)); consecutive dying terms differ by the
// factor (b+t_x-x+i)(d+t_x+i) / ((a+b+t_x+i)(g+d+1+t_x+i)), and their
// digamma gradients by the matching reciprocals. Gradients are in
// (alpha, beta, gamma, delta).
struct RowSum {
  double log_alive;
  LogSum total;
};

RowSum SumRow(const Params& k, const Row& row) {
  const double a = k.alpha, b = k.beta, g = k.gamma, d = k.delta;
  const double x = row.x, t_x = row.t_x, n = row.n;
  RowSum out;
  out.log_alive = LogBeta(a + x, b + n - x) + LogBeta(g, d + n);
  out.total.Add(out.log_alive,
                {Digamma(a + x) - Digamma(a + b + n),
                 Digamma(b + n - x) - Digamma(a + b + n),
                 Digamma(g) - Digamma(g + d + n), Digamma(d + n) - Digamma(g + d + n)});
  if (t_x == n) return out;
  double value = LogBeta(a + x, b + t_x - x) + LogBeta(g + 1.0, d + t_x);
  Gradient4 grad = {Digamma(a + x) - Digamma(a + b + t_x),
                    Digamma(b + t_x - x) - Digamma(a + b + t_x),
                    Digamma(g + 1.0) - Digamma(g + d + 1.0 + t_x),
                    Digamma(d + t_x) - Digamma(g + d + 1.0 + t_x)};
  for (double i = 0.0; i < n - t_x; ++i) {
    if (i > 0.0) {
      double misses = b + t_x - x + i - 1.0, trials = a + b + t_x + i - 1.0;
      double survived = d + t_x + i - 1.0, exposed = g + d + t_x + i;
      value += std::log((misses * survived) / (trials * exposed));
      grad[0] -= 1.0 / trials;
      grad[1] += 1.0 / misses - 1.0 / trials;
      grad[2] -= 1.0 / exposed;
      grad[3] += 1.0 / survived - 1.0 / exposed;
    }
    out.total.Add(value, grad);
  }
  return out;
}

double ProbabilityAliveOf(const Params& k, const Row& row) {
  RowSum sum = SumRow(k, row);
  return std::exp(sum.log_alive - sum.total.Result().value);
}

// sum_{j=1}^{m} B(g, d+j) / B(g, d): the expected number of the next m
// opportunities survived, for a customer alive now with theta ~ Beta(g, d).
// Consecutive terms differ by (d+j)/(g+d+j). Past a million opportunities
// the telescoping closed form
//   d [1 - Gamma(g+d) Gamma(d+m+1) / (Gamma(d+1) Gamma(g+d+m))] / (g - 1)
// (d (psi(d+m+1) - psi(d+1)) at g = 1) replaces the sum; it loses digits
// as g approaches 1, where its two terms nearly cancel.
double ExpectedSurvivals(double g, double d, double m) {
  if (m <= 1e6) {
    double term = 1.0, sum = 0.0;
    for (double j = 0.0; j < m && term > 0.0; ++j) {
      term *= (d + j) / (g + d + j);
      sum += term;
    }
    return sum;
  }
  if (g == 1.0) return d * (Digamma(d + m + 1.0) - Digamma(d + 1.0));
  double log_ratio = LogGamma(g + d) - LogGamma(d + 1.0) + LogGamma(d + m + 1.0) -
                     LogGamma(g + d + m);
  return -d * std::expm1(log_ratio) / (g - 1.0);
}

double Opportunities(double t) { return std::floor(t + 1e-9); }

// P(X(n) = x) (Fader, Hardie & Shang 2010): alive through n with x of n
// transactions, or alive through i in [x, n-1] with x of i, then dead.
double ProbabilityOfCount(const Params& k, double x, double n) {
  double shared = -LogBeta(k.alpha, k.beta) - LogBeta(k.gamma, k.delta) -
                  LogGamma(x + 1.0);
  auto log_choose_rest = [&](double trials) {
    return LogGamma(trials + 1.0) - LogGamma(trials - x + 1.0);
  };
  double total = std::exp(shared + log_choose_rest(n) +
                          LogBeta(k.alpha + x, k.beta + n - x) +
                          LogBeta(k.gamma, k.delta + n));
  for (double i = x; i < n; ++i) {
    total += std::exp(shared + log_choose_rest(i) +
                      LogBeta(k.alpha + x, k.beta + i - x) +
                      LogBeta(k.gamma + 1.0, k.delta + i));
  }
  return total;
}

class BgBbModel : public CountModel {
 public:
  std::string_view name() const override { return "bgbb"; }
  std::vector<std::string> parameter_names() const override {
    return {"alpha", "beta", "gamma", "delta"};
  }

  // The rows are usually a few dozen distinct patterns, so one thread sums
  // them in row order.
  double LogLikelihood(const Summary& data, const Eigen::VectorXd& params,
                       Eigen::VectorXd* gradient_log) const override {
    if (!FourPositiveFiniteParams(params)) {
      if (gradient_log != nullptr) *gradient_log = Eigen::VectorXd::Zero(4);
      return kNegInf;
    }
    Params k = ToParams(params);
    double shared = -LogBeta(k.alpha, k.beta) - LogBeta(k.gamma, k.delta);
    double psi_ab = Digamma(k.alpha + k.beta), psi_gd = Digamma(k.gamma + k.delta);
    Gradient4 shared_grad = {psi_ab - Digamma(k.alpha), psi_ab - Digamma(k.beta),
                             psi_gd - Digamma(k.gamma), psi_gd - Digamma(k.delta)};
    auto row_term = [&](const Row& row) {
      LogValue sum = SumRow(k, row).total.Result();
      LogValue term{shared + sum.value, Gradient4{}};
      for (int j = 0; j < 4; ++j) term.grad[j] = shared_grad[j] + sum.grad[j];
      return term;
    };
    return SumRowLogLikelihoods<Row>(data, params, ReadRow, row_term, gradient_log);
  }

  // The uniform prior first, then a guess matching the data's share of
  // opportunities with a transaction up to the last one.
  std::vector<Eigen::VectorXd> StartingPoints(const Summary& data) const override {
    double transactions = 0.0, opportunities = 0.0;
    for (size_t i = 0; i < data.size() && i < data.t_x.size(); ++i) {
      double weight = data.WeightOf(i);
      if (!std::isfinite(weight) || weight <= 0.0 || !std::isfinite(data.x[i]) ||
          !std::isfinite(data.t_x[i])) {
        continue;
      }
      transactions += weight * data.x[i];
      opportunities += weight * data.t_x[i];
    }
    double share = opportunities > 0.0 ? transactions / opportunities : 0.5;
    share = std::clamp(share, 0.05, 0.95);
    return {FourParams(1.0, 1.0, 1.0, 1.0),
            FourParams(2.0 * share, 2.0 * (1.0 - share), 1.0, 3.0),
            FourParams(0.5, 0.5, 0.5, 2.0)};
  }

  void ProbabilityAlive(const Eigen::VectorXd& params, const Summary& data,
                        double* out) const override {
    PredictEachRow<Row>(data, params, FourPositiveFiniteParams(params), ReadRow, ToParams,
                        ProbabilityAliveOf, out);
  }

  // Fader, Hardie & Shang (2010): expected transactions in n+1 .. n+t is
  //   P(alive at n) * E[p | history, alive] * sum_{j=1}^{t} E[(1-theta)^j | alive at n],
  // with p | history, alive ~ Beta(alpha+x, beta+n-x) and
  // theta | alive at n ~ Beta(gamma, delta+n).
  void ConditionalExpectedPurchases(const Eigen::VectorXd& params,
                                    const Summary& data, double t,
                                    double* out) const override {
    bool valid = FourPositiveFiniteParams(params) && std::isfinite(t) && t >= 0.0;
    auto predict = [&](const Params& k, const Row& row) {
      return ProbabilityAliveOf(k, row) * (k.alpha + row.x) / (k.alpha + k.beta + row.n) *
             ExpectedSurvivals(k.gamma, k.delta + row.n, Opportunities(t));
    };
    PredictEachRow<Row>(data, params, valid, ReadRow, ToParams, predict, out);
  }

  // E[X(n)] = alpha/(alpha+beta) * sum_{j=1}^{n} B(gamma, delta+j)/B(gamma, delta),
  // which telescopes to Fader, Hardie & Shang's closed form.
  double ExpectedPurchases(const Eigen::VectorXd& params, double t) const override {
    if (!FourPositiveFiniteParams(params) || !std::isfinite(t) || t < 0.0) return kNaN;
    Params k = ToParams(params);
    return k.alpha / (k.alpha + k.beta) *
           ExpectedSurvivals(k.gamma, k.delta, Opportunities(t));
  }

  double ProbabilityOfPurchases(const Eigen::VectorXd& params, int n,
                                double t) const override {
    if (!FourPositiveFiniteParams(params) || !std::isfinite(t) || t < 0.0 ||
        t > kMaxOpportunities) {
      return kNaN;
    }
    double opportunities = Opportunities(t);
    if (n < 0 || n > opportunities) return 0.0;
    return ProbabilityOfCount(ToParams(params), n, opportunities);
  }

  // Alive at opportunity n: theta ~ Beta(gamma, delta+n) and p ~
  // Beta(alpha+x, beta+n-x), and the next opportunities are those of a new
  // customer with these parameters.
  void ConditionalProbabilityOfPurchases(const Eigen::VectorXd& params, const Summary& data,
                                         int count, double t, double* out) const override {
    bool valid = FourPositiveFiniteParams(params) && std::isfinite(t) && t >= 0.0 &&
                 t <= kMaxOpportunities && count >= 0;
    double opportunities = valid ? Opportunities(t) : 0.0;
    auto predict = [&](const Params& k, const Row& row) {
      double alive = ProbabilityAliveOf(k, row);
      double if_alive =
          count > opportunities
              ? 0.0
              : ProbabilityOfCount({k.alpha + row.x, k.beta + row.n - row.x, k.gamma,
                                    k.delta + row.n},
                                   count, opportunities);
      return (count == 0 ? 1.0 - alive : 0.0) + alive * if_alive;
    };
    PredictEachRow<Row>(data, params, valid, ReadRow, ToParams, predict, out);
  }
};

}  // namespace

std::unique_ptr<CountModel> MakeBgBbModel() { return std::make_unique<BgBbModel>(); }

}  // namespace btyd
}  // namespace tessera
