#include "btyd/special_functions.h"

#include <cfloat>
#include <cmath>
#include <limits>

// glibc and the BSDs declare the reentrant lgamma_r beside lgamma.
#include <math.h>

namespace tessera {
namespace btyd {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Below this, digamma steps up with psi(x) = psi(x + 1) - 1/x before the
// asymptotic series, whose first omitted term is then under 1e-17.
constexpr double kDigammaAsymptotic = 12.0;

}  // namespace

double LogGamma(double x) {
#if defined(__GLIBC__) || defined(__APPLE__) || defined(__FreeBSD__)
  int sign = 0;
  return ::lgamma_r(x, &sign);
#else
  return std::lgamma(x);
#endif
}

double Digamma(double x) {
  if (!(x > 0)) return kNaN;
  if (std::isinf(x)) return x;
  double shift = 0;
  while (x < kDigammaAsymptotic) {
    shift -= 1.0 / x;
    x += 1.0;
  }
  // psi(x) ~ log x - 1/(2x) - sum_k B_2k / (2k x^2k), Bernoulli numbers B_2k.
  const double inv2 = 1.0 / (x * x);
  const double series =
      inv2 * (1.0 / 12 -
              inv2 * (1.0 / 120 -
                      inv2 * (1.0 / 252 -
                              inv2 * (1.0 / 240 -
                                      inv2 * (1.0 / 132 -
                                              inv2 * (691.0 / 32760 - inv2 / 12))))));
  return shift + std::log(x) - 0.5 / x - series;
}

double LogBeta(double a, double b) {
  return LogGamma(a) + LogGamma(b) - LogGamma(a + b);
}

double Hyp2F1Series(double a, double b, double c, double z, int max_terms) {
  if (!(z >= 0 && z < 1) || !(c > 0) || !std::isfinite(a) || !std::isfinite(b)) {
    return kNaN;
  }
  double term = 1.0;
  double sum = 1.0;
  // Until (a+n) and (b+n) are both positive the ratios may still change sign
  // and size, so the tail bound applies only after that.
  const double settled = std::fmax(0.0, std::fmax(-a, -b)) + 1.0;
  for (int n = 0; n < max_terms; ++n) {
    const double dn = static_cast<double>(n);
    const double ratio = (a + dn) * (b + dn) / ((c + dn) * (dn + 1.0)) * z;
    term *= ratio;
    sum += term;
    if (term == 0.0) return sum;
    if (dn + 1.0 >= settled) {
      const double bound = std::fmax(std::fabs(ratio), z);
      if (bound < 1.0 &&
          std::fabs(term) * bound / (1.0 - bound) <= 0.5 * DBL_EPSILON * std::fabs(sum)) {
        return sum;
      }
    }
    if (!std::isfinite(sum)) return kNaN;
  }
  return kNaN;
}

double Hyp2F1(double a, double b, double c, double z, int max_terms) {
  if (!(z >= 0 && z < 1) || !(c > 0)) return kNaN;
  const double ca = c - a;
  const double cb = c - b;
  if (std::fabs(ca) + std::fabs(cb) < std::fabs(a) + std::fabs(b)) {
    const double series = Hyp2F1Series(ca, cb, c, z, max_terms);
    return std::exp((c - a - b) * std::log1p(-z)) * series;
  }
  return Hyp2F1Series(a, b, c, z, max_terms);
}

}  // namespace btyd
}  // namespace tessera
