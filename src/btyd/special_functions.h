// Special functions the buy-till-you-die models need, written to stay finite
// and accurate where the models push them: log-gamma and digamma of large
// arguments, the Gauss hypergeometric series near z = 1, and sums of
// exponentials that would overflow or underflow one by one.
#ifndef TESSERA_BTYD_SPECIAL_FUNCTIONS_H_
#define TESSERA_BTYD_SPECIAL_FUNCTIONS_H_

#include <cmath>
#include <utility>

namespace tessera {
namespace btyd {

// log Gamma(x) for x > 0. Unlike std::lgamma it writes no global (signgam),
// so threads may call it at once.
double LogGamma(double x);

// psi(x) = d/dx log Gamma(x), for x > 0.
double Digamma(double x);

// log B(a, b) = log Gamma(a) + log Gamma(b) - log Gamma(a + b), a, b > 0.
double LogBeta(double a, double b);

// log(exp(a) + exp(b)) without overflow; -infinity when both are.
inline double LogAddExp(double a, double b) {
  if (a < b) std::swap(a, b);
  if (b == -HUGE_VAL) return a;
  return a + std::log1p(std::exp(b - a));
}

// log(1 + exp(u)), finite for every finite u.
inline double Softplus(double u) {
  return u > 0 ? u + std::log1p(std::exp(-u)) : std::log1p(std::exp(u));
}

// 1 / (1 + exp(-u)), in [0, 1] for every u.
inline double Sigmoid(double u) {
  if (u >= 0) return 1.0 / (1.0 + std::exp(-u));
  const double e = std::exp(u);
  return e / (1.0 + e);
}

// The Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1 and
// c > 0, from its series sum_n (a)_n (b)_n / ((c)_n n!) z^n. When c-a and c-b
// are smaller than a and b (large a, b: the terms grow before they shrink),
// Euler's transformation 2F1(a, b; c; z) = (1-z)^(c-a-b) 2F1(c-a, c-b; c; z)
// is summed instead. The sum stops when the rest, bounded by a geometric tail
// once the term ratio settles below 1, cannot change it; NaN after
// `max_terms` terms (z within about 1e-5 of 1) or outside the domain.
double Hyp2F1(double a, double b, double c, double z, int max_terms = 1000000);

// The series alone, without the transformation: sum_n (a)_n (b)_n /
// ((c)_n n!) z^n. NaN when it has not converged after `max_terms` terms.
double Hyp2F1Series(double a, double b, double c, double z, int max_terms = 1000000);

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_SPECIAL_FUNCTIONS_H_
