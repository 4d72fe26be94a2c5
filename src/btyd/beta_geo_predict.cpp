#include <cfloat>
#include <cmath>
#include <limits>

#include "btyd/beta_geo.h"
#include "btyd/model_rows.h"
#include "btyd/special_functions.h"

namespace tessera {
namespace btyd {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxSeriesTerms = 1000000;
// Below this exp() gives 0.
constexpr double kLogSmallest = -746.0;

bool ValidRow(double x, double t_x, double T) {
  return std::isfinite(x) && std::isfinite(t_x) && std::isfinite(T) && x >= 0 &&
         x == std::floor(x) && t_x >= 0 && t_x <= T;
}

// log of the odds that a customer died at the last chance (t_x) rather than
// being alive at T: log[(a / (b+m-1)) ((alpha+T)/(alpha+t_x))^(r+x)].
// -infinity when the customer never had a chance to die (m = 0).
double LogOddsDead(double r, double alpha, double a, double b, double x, double t_x,
                   double T, int extra_deaths) {
  const double m = x + extra_deaths;
  if (m == 0) return -HUGE_VAL;
  const double effective_t_x = x > 0 ? t_x : 0.0;
  return std::log(a / (b + m - 1)) +
         (r + x) * (std::log(alpha + T) - std::log(alpha + effective_t_x));
}

// P(NB(r, p) >= n) with P(NB = j) = Gamma(r+j)/(Gamma(r) j!) p^r (1-p)^j,
// from whichever side of the distribution is smaller, so that a tail near 0
// keeps its digits.
double NegativeBinomialTail(double r, double log_p, double log_q, int n) {
  // Past the mean the terms only shrink: once they underflow, the head is
  // complete and a huge n costs nothing more.
  const double mean = r * std::exp(log_q - log_p);
  double log_term = r * log_p;
  double head = 0;
  for (int j = 0; j < n; ++j) {
    head += std::exp(log_term);
    log_term += std::log((r + j) / (j + 1.0)) + log_q;
    if (j > mean && log_term < kLogSmallest) return 1.0 - head;
  }
  if (head <= 0.5) return 1.0 - head;
  double tail = 0;
  for (int j = n; j < n + kMaxSeriesTerms; ++j) {
    const double term = std::exp(log_term);
    tail += term;
    const double ratio = (r + j) / (j + 1.0) * std::exp(log_q);
    if (ratio < 1 && term * ratio / (1 - ratio) <= 0.5 * DBL_EPSILON * tail) return tail;
    log_term += std::log((r + j) / (j + 1.0)) + log_q;
  }
  return std::fmax(0.0, 1.0 - head);
}

}  // namespace

void BetaGeoFamily::ProbabilityAlive(const Eigen::VectorXd& params, const Summary& data,
                                     double* out) const {
  const bool valid = FourPositiveFiniteParams(params);
  for (size_t i = 0; i < data.size(); ++i) {
    if (!valid || !ValidRow(data.x[i], data.t_x[i], data.T[i])) {
      out[i] = kNaN;
      continue;
    }
    out[i] = Sigmoid(-LogOddsDead(params[0], params[1], params[2], params[3], data.x[i],
                                  data.t_x[i], data.T[i], extra_deaths_));
  }
}

void BetaGeoFamily::ConditionalExpectedPurchases(const Eigen::VectorXd& params,
                                                 const Summary& data, double t,
                                                 double* out) const {
  const bool valid = FourPositiveFiniteParams(params) && std::isfinite(t) && t >= 0;
  for (size_t i = 0; i < data.size(); ++i) {
    const double x = data.x[i], T = data.T[i];
    if (!valid || !ValidRow(x, data.t_x[i], T)) {
      out[i] = kNaN;
      continue;
    }
    const double r = params[0], alpha = params[1], a = params[2], b = params[3];
    const double alive = Sigmoid(-LogOddsDead(r, alpha, a, b, x, data.t_x[i], T, extra_deaths_));
    out[i] = alive * BetaGeoAliveExpectation(r, a, b + extra_deaths_, x, t / (alpha + T));
  }
}

double BetaGeoFamily::ExpectedPurchases(const Eigen::VectorXd& params, double t) const {
  // A customer just acquired: x = 0, t_x = 0, T = 0.
  Summary fresh;
  fresh.x = {0.0};
  fresh.t_x = {0.0};
  fresh.T = {0.0};
  double out = kNaN;
  ConditionalExpectedPurchases(params, fresh, t, &out);
  return out;
}

double BgNbdProbabilityOfPurchases(double r, double alpha, double a, double b, int n,
                                   double t) {
  if (n < 0) return 0.0;
  if (t == 0) return n == 0 ? 1.0 : 0.0;
  const double log_p = -std::log1p(t / alpha);   // log(alpha / (alpha + t))
  const double log_q = -std::log1p(alpha / t);   // log(t / (alpha + t))
  const double dn = static_cast<double>(n);
  const double log_beta_ab = LogBeta(a, b);
  // Alive at t with n purchases: the customer survived all n chances.
  const double alive = std::exp(LogBeta(a, b + dn) - log_beta_ab + LogGamma(r + dn) -
                                LogGamma(r) - LogGamma(dn + 1) + r * log_p + dn * log_q);
  if (n == 0) return alive;
  // Died at the n-th purchase, which came before t.
  const double died = std::exp(LogBeta(a + 1, b + dn - 1) - log_beta_ab) *
                      NegativeBinomialTail(r, log_p, log_q, n);
  return alive + died;
}

double BetaGeoFamily::ProbabilityOfPurchases(const Eigen::VectorXd& params, int n,
                                             double t) const {
  if (!FourPositiveFiniteParams(params) || !std::isfinite(t) || t < 0) return kNaN;
  const double r = params[0], alpha = params[1], a = params[2], b = params[3];
  if (extra_deaths_ == 0) return BgNbdProbabilityOfPurchases(r, alpha, a, b, n, t);
  // MBG/NBD: dead at once with probability E[p] = a/(a+b); otherwise a
  // BG/NBD customer whose p follows the posterior Beta(a, b+1).
  const double dead_at_once = a / (a + b);
  return (n == 0 ? dead_at_once : 0.0) +
         (1 - dead_at_once) * BgNbdProbabilityOfPurchases(r, alpha, a, b + 1, n, t);
}

void BetaGeoFamily::ConditionalProbabilityOfPurchases(const Eigen::VectorXd& params,
                                                      const Summary& data, int n, double t,
                                                      double* out) const {
  const bool valid = FourPositiveFiniteParams(params) && std::isfinite(t) && t >= 0 && n >= 0;
  for (size_t i = 0; i < data.size(); ++i) {
    const double x = data.x[i], T = data.T[i];
    if (!valid || !ValidRow(x, data.t_x[i], T)) {
      out[i] = kNaN;
      continue;
    }
    const double r = params[0], alpha = params[1], a = params[2], b = params[3];
    const double alive = Sigmoid(-LogOddsDead(r, alpha, a, b, x, data.t_x[i], T, extra_deaths_));
    const double if_alive =
        BgNbdProbabilityOfPurchases(r + x, alpha + T, a, b + x + extra_deaths_, n, t);
    out[i] = (n == 0 ? 1 - alive : 0.0) + alive * if_alive;
  }
}

}  // namespace btyd
}  // namespace tessera
