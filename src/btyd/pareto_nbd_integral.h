// The one integral the Pareto/NBD likelihood cannot write in elementary
// functions, with its gradient, and the Gauss-Legendre rule used for it.
#ifndef TESSERA_BTYD_PARETO_NBD_INTEGRAL_H_
#define TESSERA_BTYD_PARETO_NBD_INTEGRAL_H_

#include <vector>

#include "btyd/log_sum.h"

namespace tessera {
namespace btyd {

// log of integral_lower^upper (alpha+u)^-p (beta+u)^-q du for alpha, beta,
// p, q > 0 with p + q > 1 and 0 <= lower <= upper < infinity, with its
// partials in (p, alpha, q, beta); -infinity for an empty interval.
//
// The antiderivative is Fader & Hardie's 2F1 term: by Euler's transformation
//   integral_y^inf = (alpha+y)^-p (beta+y)^(1-q) / (p+q-1)
//                    * 2F1(1, p; p+q; (alpha-beta)/(alpha+y))
// for alpha >= beta, and the same with (alpha, p) and (beta, q) swapped
// otherwise, so the argument z lies in [0, 1) and every term of the series
// is positive. Where z would exceed 3/4 (the smaller of alpha, beta tiny
// against the larger) the series is slow and the integral is taken by
// Gauss-Legendre quadrature in log(min(alpha, beta) + u) instead; so are
// short intervals, where the difference of two antiderivatives would cancel.
LogValue LogPowerIntegral(double alpha, double beta, double p, double q,
                          double lower, double upper);

// log 2F1(1, p; p+q; z) for p > 0, q > 0, 0 <= z < 1, with its partials in
// (p, q, z), by the series (about 40 / (1-z) terms); exposed so that tests
// can check it against a direct sum.
struct LogHypergeometric {
  double value;
  double d_p, d_q, d_z;
};
LogHypergeometric LogHyp2F1OneP(double p, double q, double z);

// Nodes and weights on [-1, 1].
struct GaussLegendreRule {
  std::vector<double> nodes;
  std::vector<double> weights;
};
const GaussLegendreRule& GaussLegendre16();

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_PARETO_NBD_INTEGRAL_H_
