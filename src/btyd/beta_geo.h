// What BG/NBD and MBG/NBD share. Both let a customer buy at Poisson rate
// lambda ~ Gamma(r, alpha) while alive and die with probability
// p ~ Beta(a, b) at certain moments: after every repeat purchase (BG/NBD,
// Fader, Hardie & Lee 2005) or also right after the first purchase (MBG/NBD,
// Batislam, Denizel & Filiztekin 2007). A customer with x repeat purchases
// has thus survived m = x (BG/NBD) or m = x + 1 (MBG/NBD) chances to die,
// and every formula of the two models is the same function of m:
//
//   L = B(a, b+m)/B(a, b) * Gamma(r+x) alpha^r / (Gamma(r) (alpha+T)^(r+x))
//     + [m > 0] B(a+1, b+m-1)/B(a, b) * Gamma(r+x) alpha^r
//                                      / (Gamma(r) (alpha+t_x)^(r+x)),
//
// the second term being the probability of dying at the last of the m
// chances (at t_x; with x = 0 that is the first purchase, t_x = 0).
#ifndef TESSERA_BTYD_BETA_GEO_H_
#define TESSERA_BTYD_BETA_GEO_H_

#include <string>
#include <string_view>
#include <vector>

#include "btyd/count_model.h"

namespace tessera {
namespace btyd {

// Parameters {r, alpha, a, b}. Calls are serial and keep no state, so one
// model may serve several threads at once (the fitter calls LogLikelihood on
// fixed row blocks from several threads). Rows with x = 0 are read with
// t_x = 0. Rows outside the domain (negative or non-integer x, t_x > T, a
// value that is not finite) make LogLikelihood -infinity and predictions NaN.
class BetaGeoFamily : public CountModel {
 public:
  std::vector<std::string> parameter_names() const override;
  double LogLikelihood(const Summary& data, const Eigen::VectorXd& params,
                       Eigen::VectorXd* gradient_log) const override;
  std::vector<Eigen::VectorXd> StartingPoints(const Summary& data) const override;
  void ProbabilityAlive(const Eigen::VectorXd& params, const Summary& data,
                        double* out) const override;
  void ConditionalExpectedPurchases(const Eigen::VectorXd& params, const Summary& data,
                                    double t, double* out) const override;
  double ExpectedPurchases(const Eigen::VectorXd& params, double t) const override;
  double ProbabilityOfPurchases(const Eigen::VectorXd& params, int n,
                                double t) const override;
  // Alive at T with x repeat purchases, lambda ~ Gamma(r+x, alpha+T) and,
  // having survived m = x + extra deaths chances, p ~ Beta(a, b+m) (the same
  // posterior ProbabilityAlive's odds a / (b+m-1) come from). Only purchases
  // give further chances to die, so the future is BG/NBD with (r+x,
  // alpha+T, a, b+m) for both models; MBG/NBD's death at the first purchase
  // is behind the customer.
  void ConditionalProbabilityOfPurchases(const Eigen::VectorXd& params, const Summary& data,
                                         int n, double t, double* out) const override;

 protected:
  // 0 for BG/NBD, 1 for MBG/NBD: the chances to die beyond the x repeat
  // purchases.
  explicit BetaGeoFamily(int extra_deaths) : extra_deaths_(extra_deaths) {}

 private:
  int extra_deaths_;
};

// E[purchases in (T, T+t] | alive at T, x, T] for parameters r, a and
// b_shifted = b + extra deaths, with tau = t / (alpha + T): by the posterior
// p ~ Beta(a, b_shifted + x) and lambda ~ Gamma(r + x, alpha + T),
//   E[(1 - exp(-lambda p t)) / p] = E_p[(1 - (1 + p tau)^-(r+x)) / p].
// Fader, Hardie & Lee (2005, eq. 10) write it with 2F1(r+x, b+x; a+b+x-1; z),
// z = tau / (1 + tau). Up to z = 0.98 it is summed as a series (see
// BetaGeoAliveExpectationSeries); beyond, where the series needs thousands
// of terms (a new customer with a horizon of many times alpha), whichever
// of the series and the integral over p (BetaGeoAliveExpectationQuadrature)
// should cost less is tried first, the other if it fails. NaN only for
// parameters or horizons no data would produce.
double BetaGeoAliveExpectation(double r, double a, double b_shifted, double x, double tau);

// Euler's transformation turns the 2F1 into (1-z)^(a-1-r-x)
// 2F1(a+b-1-r, a-1; a+b+x-1; z), whose series converges fast even for
// hundreds of purchases, and the 1/(a-1) singularity at a = 1 is removed by
// summing (a-1)_n / (a-1) = (a)_(n-1). NaN beyond `max_terms` terms.
double BetaGeoAliveExpectationSeries(double r, double a, double b_shifted, double x,
                                     double tau, int max_terms = 1000000);

// The integral over p in logit coordinates, p = 1 / (1 + exp(-v)), where the
// integrand is analytic in a strip around the real line and decays
// exponentially both ways, so that the trapezoidal rule converges
// geometrically as its step shrinks (Trefethen & Weideman 2014, "The
// exponentially convergent trapezoidal rule", SIAM Review 56(3)); the step
// is halved from 0.5 until the sum settles. NaN after 200,000 points.
double BetaGeoAliveExpectationQuadrature(double r, double a, double b_shifted, double x,
                                         double tau);

// P(X(t) = n) for a BG/NBD customer just acquired (Fader, Hardie & Lee 2005,
// eq. 8).
double BgNbdProbabilityOfPurchases(double r, double alpha, double a, double b, int n,
                                   double t);

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_BETA_GEO_H_
