#include "btyd/beta_geo.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "btyd/model_rows.h"
#include "btyd/special_functions.h"

namespace tessera {
namespace btyd {

namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

// Purchase counts up to this are looked up in tables built by recurrence
// for each call; larger ones (rare) use log-gamma and digamma directly.
constexpr int kTableLimit = 4096;

bool ValidRow(double x, double t_x, double T, double weight) {
  return std::isfinite(x) && std::isfinite(t_x) && std::isfinite(T) &&
         std::isfinite(weight) && x >= 0 && x == std::floor(x) && t_x >= 0 && t_x <= T &&
         weight >= 0;
}

// The terms of the likelihood that depend on the row only through x:
//   lgr[x] = log Gamma(r+x) - log Gamma(r)       = sum_{k<x} log(r+k)
//   lb[m]  = log B(a, b+m) - log B(a, b)         = sum_{k<m} log((b+k)/(a+b+k))
// their derivatives by r, a and b, and log(b+m-1) and 1/(b+m-1) of the
// death term.
class CountTerms {
 public:
  CountTerms(double r, double a, double b, int max_x, int extra_deaths)
      : r_(r), a_(a), b_(b) {
    const size_t size = static_cast<size_t>(std::min(max_x, kTableLimit) + extra_deaths) + 1;
    lgr_.resize(size);
    dgr_.resize(size);
    lb_.resize(size);
    dba_.resize(size);
    dbb_.resize(size);
    log_b_last_.resize(size);
    inv_b_last_.resize(size);
    lgr_[0] = dgr_[0] = lb_[0] = dba_[0] = dbb_[0] = 0;
    log_b_last_[0] = inv_b_last_[0] = 0;  // m = 0 has no death term
    for (size_t k = 0; k + 1 < size; ++k) {
      const double dk = static_cast<double>(k);
      lgr_[k + 1] = lgr_[k] + std::log(r + dk);
      dgr_[k + 1] = dgr_[k] + 1.0 / (r + dk);
      lb_[k + 1] = lb_[k] - std::log1p(a / (b + dk));
      dba_[k + 1] = dba_[k] - 1.0 / (a + b + dk);
      dbb_[k + 1] = dbb_[k] + 1.0 / (b + dk) - 1.0 / (a + b + dk);
      log_b_last_[k + 1] = std::log(b + dk);
      inv_b_last_[k + 1] = 1.0 / (b + dk);
    }
  }

  struct Values {
    double lgr, dgr, lb, dba, dbb, log_b_last, inv_b_last;
  };

  Values At(double x, double m) const {
    if (m < static_cast<double>(lgr_.size())) {
      const size_t i = static_cast<size_t>(x);
      const size_t j = static_cast<size_t>(m);
      return {lgr_[i], dgr_[i], lb_[j], dba_[j], dbb_[j], log_b_last_[j], inv_b_last_[j]};
    }
    const double ab = a_ + b_;
    return {LogGamma(r_ + x) - LogGamma(r_), Digamma(r_ + x) - Digamma(r_),
            LogGamma(b_ + m) - LogGamma(b_) + LogGamma(ab) - LogGamma(ab + m),
            Digamma(ab) - Digamma(ab + m),
            Digamma(b_ + m) - Digamma(b_) + Digamma(ab) - Digamma(ab + m),
            std::log(b_ + m - 1), 1.0 / (b_ + m - 1)};
  }

 private:
  double r_, a_, b_;
  std::vector<double> lgr_, dgr_, lb_, dba_, dbb_, log_b_last_, inv_b_last_;
};

}  // namespace

std::vector<std::string> BetaGeoFamily::parameter_names() const {
  return {"r", "alpha", "a", "b"};
}

double BetaGeoFamily::LogLikelihood(const Summary& data, const Eigen::VectorXd& params,
                                    Eigen::VectorXd* gradient_log) const {
  if (gradient_log != nullptr) gradient_log->setZero(4);
  if (!FourPositiveFiniteParams(params)) return kMinusInfinity;
  const double r = params[0], alpha = params[1], a = params[2], b = params[3];
  const size_t n = data.size();
  if (data.t_x.size() != n || data.T.size() != n ||
      (!data.weight.empty() && data.weight.size() != n)) {
    return kMinusInfinity;
  }
  double max_x = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!ValidRow(data.x[i], data.t_x[i], data.T[i], data.WeightOf(i))) return kMinusInfinity;
    max_x = std::max(max_x, data.x[i]);
  }
  const CountTerms terms(r, a, b, static_cast<int>(std::min<double>(max_x, kTableLimit)),
                         extra_deaths_);
  const double log_alpha = std::log(alpha);
  const double log_a = std::log(a);
  double total = 0;
  double dr = 0, dalpha = 0, da = 0, db = 0;
  // The fitter sorts rows by T, then t_x: runs of equal values share their
  // logarithm.
  double last_T = std::numeric_limits<double>::quiet_NaN(), log_alpha_T = 0;
  double last_t_x = std::numeric_limits<double>::quiet_NaN(), log_alpha_tx = 0;
  for (size_t i = 0; i < n; ++i) {
    const double w = data.WeightOf(i);
    if (w == 0) continue;
    const double x = data.x[i];
    const double m = x + extra_deaths_;
    const CountTerms::Values v = terms.At(x, m);
    const double rx = r + x;
    const double alpha_T = alpha + data.T[i];
    if (data.T[i] != last_T) {
      last_T = data.T[i];
      log_alpha_T = std::log(alpha_T);
    }
    const double a3 = -rx * log_alpha_T;
    double ll = v.lgr + r * log_alpha + v.lb + a3;
    if (m == 0) {
      total += w * ll;
      dr += w * (v.dgr + log_alpha - log_alpha_T);
      dalpha += w * (r / alpha - rx / alpha_T);
      da += w * v.dba;
      db += w * v.dbb;
      continue;
    }
    const double t_x = x > 0 ? data.t_x[i] : 0.0;
    const double alpha_tx = alpha + t_x;
    if (t_x != last_t_x) {
      last_t_x = t_x;
      log_alpha_tx = std::log(alpha_tx);
    }
    const double a4 = log_a - v.log_b_last - rx * log_alpha_tx;
    // log(e^a3 + e^a4) = a3 + softplus(a4 - a3); the weights of the two
    // terms, w3 + w4 = 1, come from the same exponential.
    const double d = a4 - a3;
    const double e = std::exp(-std::fabs(d));
    const double w_big = 1.0 / (1.0 + e);
    const double w_small = e * w_big;
    const double w4 = d >= 0 ? w_big : w_small;
    const double w3 = d >= 0 ? w_small : w_big;
    ll += std::fmax(d, 0.0) + std::log1p(e);
    total += w * ll;
    dr += w * (v.dgr + log_alpha - w3 * log_alpha_T - w4 * log_alpha_tx);
    dalpha += w * (r / alpha - rx * (w3 / alpha_T + w4 / alpha_tx));
    da += w * (v.dba + w4 / a);
    db += w * (v.dbb - w4 * v.inv_b_last);
  }
  if (!std::isfinite(total)) return kMinusInfinity;
  if (gradient_log != nullptr) {
    *gradient_log << dr * r, dalpha * alpha, da * a, db * b;
  }
  return total;
}

std::vector<Eigen::VectorXd> BetaGeoFamily::StartingPoints(const Summary& data) const {
  // The purchase rate of the average customer gives alpha its scale; r, a
  // and b are shapes, started near the values seen in published fits.
  double purchases = 0, time = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    const double w = data.WeightOf(i);
    if (std::isfinite(w * data.x[i]) && std::isfinite(w * data.T[i])) {
      purchases += w * data.x[i];
      time += w * data.T[i];
    }
  }
  const double rate = purchases > 0 && time > 0 ? purchases / time : 1.0;
  std::vector<Eigen::VectorXd> starts;
  for (const auto& shape : {std::array<double, 3>{1.0, 1.0, 1.0},
                            std::array<double, 3>{0.3, 0.8, 2.5},
                            std::array<double, 3>{3.0, 2.0, 8.0}}) {
    Eigen::VectorXd start(4);
    start << shape[0], shape[0] / rate, shape[1], shape[2];
    starts.push_back(start);
  }
  return starts;
}

}  // namespace btyd
}  // namespace tessera
