#include "btyd/pareto_nbd_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "btyd/model_rows.h"
#include "btyd/pareto_nbd_integral.h"
#include "btyd/special_functions.h"

namespace tessera {
namespace btyd {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kNegInf = -std::numeric_limits<double>::infinity();

struct Params {
  double r, alpha, s, beta;
};

Params ToParams(const Eigen::VectorXd& params) {
  return {params[0], params[1], params[2], params[3]};
}

struct Row {
  double x, t_x, T;
};

// Returns false for rows outside the model (negative counts, t_x > T, ...).
bool ReadRow(const Summary& data, size_t i, Row* row) {
  double x = data.x[i], t_x = data.t_x[i], T = data.T[i];
  if (!std::isfinite(x) || !std::isfinite(t_x) || !std::isfinite(T)) return false;
  if (x < 0.0 || t_x < 0.0 || T < 0.0) return false;
  // With no repeat purchase the last purchase is the first one, at time 0.
  if (x == 0.0) t_x = 0.0;
  if (t_x > T) return false;
  *row = {x, t_x, T};
  return true;
}

// The Pareto/NBD likelihood of one row is
//   Gamma(r+x) alpha^r beta^s / Gamma(r) * (alive + died)
// with the customer still alive at T,
//   alive = (alpha+T)^-(r+x) (beta+T)^-s,
// or dead at some time in (t_x, T],
//   died = s * integral_{t_x}^{T} (alpha+u)^-(r+x) (beta+u)^-(s+1) du.
// The integral is what Fader & Hardie (2005) write as A_0 with 2F1. Both
// parts are kept as logs (x in the hundreds underflows them), with gradients
// in (r, alpha, s, beta) when asked for.
struct LikelihoodParts {
  double log_alive = kNegInf;
  double log_died = kNegInf;
  Gradient4 d_alive{};
  Gradient4 d_died{};
};

LikelihoodParts Parts(const Params& k, const Row& row) {
  LikelihoodParts parts;
  double p = k.r + row.x;
  double a = k.alpha + row.T, b = k.beta + row.T;
  parts.log_alive = -p * std::log(a) - k.s * std::log(b);
  parts.d_alive = {-std::log(a), -p / a, -std::log(b), -k.s / b};
  if (row.t_x < row.T) {
    LogValue integral = LogPowerIntegral(k.alpha, k.beta, p, k.s + 1.0,
                                         row.t_x, row.T);
    parts.log_died = std::log(k.s) + integral.value;
    parts.d_died = integral.grad;
    parts.d_died[2] += 1.0 / k.s;
  }
  return parts;
}

// The row's log-likelihood with its gradient in (r, alpha, s, beta).
LogValue RowTerm(const Params& k, const Row& row) {
  LikelihoodParts parts = Parts(k, row);
  double log_sum = LogAddExp(parts.log_alive, parts.log_died);
  double alive_share = std::exp(parts.log_alive - log_sum);
  double died_share = 1.0 - alive_share;
  double p = k.r + row.x;
  LogValue out;
  out.value = LogGamma(p) - LogGamma(k.r) + k.r * std::log(k.alpha) +
              k.s * std::log(k.beta) + log_sum;
  Gradient4 prefix = {Digamma(p) - Digamma(k.r) + std::log(k.alpha),
                      k.r / k.alpha, std::log(k.beta), k.s / k.beta};
  for (int j = 0; j < 4; ++j) {
    double died = died_share > 0.0 ? died_share * parts.d_died[j] : 0.0;
    out.grad[j] = prefix[j] + alive_share * parts.d_alive[j] + died;
  }
  return out;
}

double ProbabilityAliveOf(const Params& k, const Row& row) {
  LikelihoodParts parts = Parts(k, row);
  return std::exp(parts.log_alive - LogAddExp(parts.log_alive, parts.log_died));
}

// (1 - (b / (b + t))^c) / c written as -expm1(-c * log1p(t / b)) / c, which
// stays exact as c -> 0 (its limit there is log1p(t / b)).
double SurvivalRatioIntegral(double c, double t, double b) {
  double log_ratio = std::log1p(t / b);
  if (c == 0.0) return log_ratio;
  return -std::expm1(-c * log_ratio) / c;
}

// P(X(t) = n) for a customer just acquired. Given the lifetime tau,
// X(t) is NBD(r, alpha) over min(tau, t), and tau ~ Pareto II(s, beta), so
//   P = NBD(n; t) (beta/(beta+t))^s
//     + integral_0^t NBD(n; u) s beta^s (beta+u)^-(s+1) du.
// The closed form (Fader & Hardie's note on P(X(t)=x)) is a sum of n+1
// differences of 2F1 terms; the integral here is instead taken numerically,
// in w = log(1 + u/c), c = min(alpha, beta): the integrand's singularities
// at u = -alpha and u = -beta then sit at least pi off the real w axis, so
// Gauss-Legendre panels of width 1/2 or less converge to rounding error.
constexpr double kLogNegligible = -690.0;  // log(1e-300)
constexpr double kMaxPanels = 1 << 18;

double ProbabilityOfCount(const Params& k, int n, double t) {
  double log_nbd_constant = LogGamma(k.r + n) - LogGamma(k.r) - LogGamma(n + 1.0);
  auto log_nbd = [&](double u) {
    double value = log_nbd_constant + k.r * std::log(k.alpha / (k.alpha + u));
    if (n > 0) value += n * std::log(u / (k.alpha + u));
    return value;
  };
  // P is an average of NBD(n; u) over u in [0, t], so it is at most the
  // NBD's largest value there, at u = min(t, n alpha / r); when that is
  // below kLogNegligible, 0 is exact to within 1e-300 and no panels are spent
  // on a count far out of reach (n = 1e8 in t = 1e-6 would need ~n panels).
  double peak = std::min(t, n * k.alpha / k.r);
  if (n > 0 && !(log_nbd(peak) >= kLogNegligible)) return 0.0;
  double alive = std::exp(log_nbd(t) - k.s * std::log1p(t / k.beta));
  double c = std::min(k.alpha, k.beta);
  double w_end = std::log1p(t / c);
  // For large n the integrand peaks in w with a width of about 2/sqrt(n),
  // or, when t is short against c, rises like w^n up to w_end with a log
  // slope of `end_slope` there; panels resolve both. A tiny t can make the
  // slope infinite and the ratio below inf or NaN, so it is clamped before
  // it becomes a count.
  double panel_width = std::min(0.5, 2.0 / std::sqrt(n + 1.0));
  double end_slope = n * (c + t) * k.alpha / (t * (k.alpha + t));
  if (std::isfinite(end_slope) && end_slope > 0.0) {
    panel_width = std::min(panel_width, 4.0 / end_slope);
  }
  double wanted = std::ceil(w_end / panel_width);
  int panels = wanted >= 1.0 ? static_cast<int>(std::min(wanted, kMaxPanels)) : 1;
  double width = w_end / panels;
  const GaussLegendreRule& rule = GaussLegendre16();
  double log_density_constant = std::log(k.s) + k.s * std::log(k.beta);
  double died = 0.0;
  for (int panel = 0; panel < panels; ++panel) {
    double mid = (panel + 0.5) * width;
    for (size_t j = 0; j < rule.nodes.size(); ++j) {
      double w = mid + 0.5 * width * rule.nodes[j];
      double u = c * std::expm1(w);
      double log_integrand = log_nbd(u) + log_density_constant -
                             (k.s + 1.0) * std::log(k.beta + u) + std::log(c + u);
      died += 0.5 * width * rule.weights[j] * std::exp(log_integrand);
    }
  }
  return alive + died;
}

class ParetoNbdModel : public CountModel {
 public:
  std::string_view name() const override { return "pareto_nbd"; }
  std::vector<std::string> parameter_names() const override {
    return {"r", "alpha", "s", "beta"};
  }

  // Nothing is cached, so a fitter may sum fixed row blocks on several
  // threads at once.
  double LogLikelihood(const Summary& data, const Eigen::VectorXd& params,
                       Eigen::VectorXd* gradient_log) const override {
    auto row_term = [&](const Row& row) { return RowTerm(ToParams(params), row); };
    return SumRowLogLikelihoods<Row>(data, params, ReadRow, row_term, gradient_log);
  }

  // Guesses built from the data's purchase rate and observation span: the
  // mean purchase rate is r/alpha and the mean lifetime scale beta/s.
  std::vector<Eigen::VectorXd> StartingPoints(const Summary& data) const override {
    double weight_sum = 0.0, x_sum = 0.0, T_sum = 0.0;
    for (size_t i = 0; i < data.size() && i < data.T.size(); ++i) {
      double weight = data.WeightOf(i);
      if (!std::isfinite(weight) || weight <= 0.0 || !std::isfinite(data.x[i]) ||
          !std::isfinite(data.T[i])) {
        continue;
      }
      weight_sum += weight;
      x_sum += weight * data.x[i];
      T_sum += weight * data.T[i];
    }
    double mean_T = weight_sum > 0.0 && T_sum > 0.0 ? T_sum / weight_sum : 1.0;
    double rate = T_sum > 0.0 && x_sum > 0.0 ? x_sum / T_sum : 0.1 / mean_T;
    return {FourParams(0.5, 0.5 / rate, 0.5, mean_T / 2.0),
            FourParams(1.0, 1.0 / rate, 1.0, mean_T),
            FourParams(0.25, 0.25 / rate, 1.0, 4.0 * mean_T),
            FourParams(1.0, 1.0, 1.0, 1.0)};
  }

  void ProbabilityAlive(const Eigen::VectorXd& params, const Summary& data,
                        double* out) const override {
    PredictEachRow<Row>(data, params, FourPositiveFiniteParams(params), ReadRow, ToParams,
                        ProbabilityAliveOf, out);
  }

  // Fader & Hardie's (2005) note: E[Y(t) | x, t_x, T] =
  //   (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)]
  //   * P(alive | x, t_x, T).
  void ConditionalExpectedPurchases(const Eigen::VectorXd& params,
                                    const Summary& data, double t,
                                    double* out) const override {
    bool valid = FourPositiveFiniteParams(params) && std::isfinite(t) && t >= 0.0;
    auto predict = [&](const Params& k, const Row& row) {
      double b = k.beta + row.T;
      return (k.r + row.x) * b / (k.alpha + row.T) * SurvivalRatioIntegral(k.s - 1.0, t, b) *
             ProbabilityAliveOf(k, row);
    };
    PredictEachRow<Row>(data, params, valid, ReadRow, ToParams, predict, out);
  }

  // E[X(t)] = r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)]
  // (Schmittlein, Morrison & Colombo 1987; Fader, Hardie & Lee 2005).
  double ExpectedPurchases(const Eigen::VectorXd& params, double t) const override {
    if (!FourPositiveFiniteParams(params) || !std::isfinite(t) || t < 0.0) return kNaN;
    Params k = ToParams(params);
    return k.r * k.beta / k.alpha * SurvivalRatioIntegral(k.s - 1.0, t, k.beta);
  }

  double ProbabilityOfPurchases(const Eigen::VectorXd& params, int n,
                                double t) const override {
    if (!FourPositiveFiniteParams(params) || !std::isfinite(t) || t < 0.0) return kNaN;
    if (n < 0) return 0.0;
    if (t == 0.0) return n == 0 ? 1.0 : 0.0;
    return ProbabilityOfCount(ToParams(params), n, t);
  }

  // Alive at T, the lifetime is memoryless and the posteriors are lambda ~
  // Gamma(r+x, alpha+T), mu ~ Gamma(s, beta+T): a new customer with those.
  void ConditionalProbabilityOfPurchases(const Eigen::VectorXd& params, const Summary& data,
                                         int n, double t, double* out) const override {
    bool valid = FourPositiveFiniteParams(params) && std::isfinite(t) && t >= 0.0 && n >= 0;
    auto predict = [&](const Params& k, const Row& row) {
      double alive = ProbabilityAliveOf(k, row);
      double if_alive = t == 0.0 ? (n == 0 ? 1.0 : 0.0)
                                 : ProbabilityOfCount({k.r + row.x, k.alpha + row.T, k.s,
                                                       k.beta + row.T},
                                                      n, t);
      return (n == 0 ? 1.0 - alive : 0.0) + alive * if_alive;
    };
    PredictEachRow<Row>(data, params, valid, ReadRow, ToParams, predict, out);
  }
};

}  // namespace

std::unique_ptr<CountModel> MakeParetoNbdModel() {
  return std::make_unique<ParetoNbdModel>();
}

}  // namespace btyd
}  // namespace tessera
