#include <cfloat>
#include <cmath>
#include <limits>

#include "btyd/beta_geo.h"
#include "btyd/special_functions.h"

namespace tessera {
namespace btyd {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Up to z = tau / (1 + tau) = 0.98 the series needs at most a few thousand
// terms; beyond, the cheaper of series and quadrature is tried first.
constexpr double kSeriesMaxTau = 49.0;
constexpr double kStep = 0.5;
constexpr int kMaxRefinements = 8;
constexpr double kSettled = 1e-14;
// The integrand is cut where it falls below exp(-kTail) of its largest value.
constexpr double kTail = 50.0;
constexpr int kMaxPoints = 200000;

}  // namespace

double BetaGeoAliveExpectationSeries(double r, double a, double b_shifted, double x,
                                     double tau, int max_terms) {
  if (!(tau >= 0)) return kNaN;
  if (tau == 0) return 0.0;
  const double z = tau / (1 + tau);
  const double log_one_minus_z = -std::log1p(tau);
  const double top = a + b_shifted - 1 - r;     // first upper parameter
  const double bottom = a + b_shifted + x - 1;  // lower parameter c
  // c [1 - (1-z)^(a-1)] / (a-1), from expm1 so that a near 1 loses nothing.
  const double am1 = a - 1;
  const double u = am1 * log_one_minus_z;
  const double head = am1 == 0 ? -log_one_minus_z : -std::expm1(u) / am1;
  // c * sum_{n>=1} (top)_n (a)_(n-1) z^n / ((c)_n n!), with the c cancelled
  // against (c)_n so that no denominator can vanish:
  // term_1 = top z, term_(n+1) = term_n (top+n)(a+n-1) z / ((c+n)(n+1)).
  double term = top * z;
  double sum = term;
  const double settled = std::fmax(1.0, -top + 1.0);
  for (int n = 1; n < max_terms; ++n) {
    const double dn = static_cast<double>(n);
    const double ratio = (top + dn) * (a + dn - 1) * z / ((bottom + dn) * (dn + 1));
    term *= ratio;
    sum += term;
    const double bound = std::fmax(std::fabs(ratio), z);
    if (term == 0 || (dn >= settled && bound < 1 &&
                      std::fabs(term) * bound / (1 - bound) <=
                          0.5 * DBL_EPSILON * std::fabs(sum))) {
      return bottom * head - std::exp(u) * sum;
    }
  }
  return kNaN;
}

double BetaGeoAliveExpectationQuadrature(double r, double a, double b_shifted, double x,
                                         double tau) {
  if (!(tau >= 0)) return kNaN;
  if (tau == 0) return 0.0;
  const double beta = b_shifted + x;
  const double k = r + x;
  // log of p^(a-2) (1-p)^(beta-1) [1 - (1 + tau p)^-k] dp/dv, dp/dv = p (1-p).
  auto log_integrand = [&](double v) {
    const double log_p = -Softplus(-v);
    const double log_q = -Softplus(v);
    const double bracket = -std::expm1(-k * std::log1p(tau * std::exp(log_p)));
    return (a - 1) * log_p + beta * log_q + std::log(bracket);
  };
  // Walk out both ways from the mode of p^a (1-p)^beta until the integrand
  // has fallen far below its largest value and keeps falling; the sum is
  // kept relative to that value.
  const double start = std::log(a / beta);
  double peak = log_integrand(start);
  if (!std::isfinite(peak)) return kNaN;
  double step = kStep;
  double sum = 1.0;
  double first = start, last = start;
  int points = 1;
  for (double direction : {-1.0, 1.0}) {
    double previous = peak;
    for (int i = 1;; ++i, ++points) {
      if (points >= kMaxPoints) return kNaN;
      const double v = start + direction * step * i;
      const double value = log_integrand(v);
      if (!std::isfinite(value)) return kNaN;
      if (value > peak) {
        sum *= std::exp(peak - value);
        peak = value;
      }
      sum += std::exp(value - peak);
      (direction < 0 ? first : last) = v;
      if (value < peak - kTail && value < previous) break;
      previous = value;
    }
  }
  // Halve the step until the sum settles: the error of each step is about
  // the square of the previous one's, so agreement to 1e-14 leaves far less.
  double integral = sum * step;
  for (int refinement = 0; refinement < kMaxRefinements; ++refinement) {
    const int intervals = static_cast<int>(std::lround((last - first) / step));
    if (points + intervals >= kMaxPoints) return kNaN;
    double midpoints = 0;
    for (int i = 0; i < intervals; ++i) {
      midpoints += std::exp(log_integrand(first + (i + 0.5) * step) - peak);
    }
    points += intervals;
    sum += midpoints;
    step *= 0.5;
    const double refined = sum * step;
    const bool settled = std::fabs(refined - integral) <= kSettled * refined;
    integral = refined;
    if (settled) return integral * std::exp(peak - LogBeta(a, beta));
  }
  return kNaN;
}

double BetaGeoAliveExpectation(double r, double a, double b_shifted, double x, double tau) {
  if (tau <= kSeriesMaxTau) return BetaGeoAliveExpectationSeries(r, a, b_shifted, x, tau);
  // Rough costs: the series needs about 40 / (1 - z) = 40 (1 + tau) terms;
  // the quadrature walks over the tails of p^a near 0 (down to where
  // k tau p^a is negligible) and of (1-p)^beta near 1, a few times over.
  const double series_terms = 40 * (1 + tau);
  const double quadrature_points =
      4 * ((std::log1p((r + x) * tau) + kTail) / a + kTail / (b_shifted + x)) / kStep;
  if (series_terms <= quadrature_points) {
    const double series = BetaGeoAliveExpectationSeries(r, a, b_shifted, x, tau);
    if (!std::isnan(series)) return series;
    return BetaGeoAliveExpectationQuadrature(r, a, b_shifted, x, tau);
  }
  const double quadrature = BetaGeoAliveExpectationQuadrature(r, a, b_shifted, x, tau);
  if (!std::isnan(quadrature)) return quadrature;
  return BetaGeoAliveExpectationSeries(r, a, b_shifted, x, tau);
}

}  // namespace btyd
}  // namespace tessera
