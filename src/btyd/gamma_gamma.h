// The Gamma-Gamma model of spend per transaction (Fader & Hardie 2013, "The
// Gamma-Gamma Model of Monetary Value", after Colombo & Jiang 1999): a
// customer's transactions are Gamma(p, nu) in value, with nu ~ Gamma(q,
// gamma) across customers, independent of the purchase process. For a
// customer with x transactions of mean value m,
//
//   L(p, q, gamma | x, m) = Gamma(px+q) / (Gamma(px) Gamma(q))
//                           gamma^q m^(px-1) x^(px) / (gamma + m x)^(px+q),
//
// and the expected spend per transaction given (x, m) is
//   (gamma + m x) p / (p x + q - 1),
// a weighted mean of the population mean p gamma / (q-1) and m.
#ifndef TESSERA_BTYD_GAMMA_GAMMA_H_
#define TESSERA_BTYD_GAMMA_GAMMA_H_

#include <vector>

#include <Eigen/Core>

#include "absl/status/statusor.h"
#include "btyd/fit.h"

namespace tessera {
namespace btyd {

// Customers with x > 0 repeat transactions of mean value m > 0, with an
// optional weight (customers per row).
struct SpendSummary {
  std::vector<double> x;
  std::vector<double> m;
  std::vector<double> weight;  // empty: every row weighs 1
  // log(m), when the caller has it (FitGammaGamma computes it once for all
  // its evaluations); empty: computed on every call.
  std::vector<double> log_m;
};

// sum of weight * log L at params {p, q, gamma}, with the gradient by
// log(params) when `gradient_log` is not null; -infinity outside the domain.
// Rows are added in blocks of a fixed size, the blocks on several threads
// and in block order, so the value is the same for any thread count.
double GammaGammaLogLikelihood(const SpendSummary& data, const Eigen::VectorXd& params,
                               Eigen::VectorXd* gradient_log, int num_threads);

// Checks the rows (equal lengths; x a whole number >= 1, m > 0 and weights
// >= 0, all finite) and fits {p, q, gamma} by maximum likelihood.
absl::StatusOr<MlEstimate> FitGammaGamma(const SpendSummary& data, const MlOptions& options,
                                         int num_threads);

// E[spend per transaction | x, m]; for x = 0 the population mean
// p gamma / (q - 1). NaN when that mean does not exist (q <= 1 with x = 0,
// or p x + q <= 1) or the inputs are not finite.
double GammaGammaExpectedSpend(double p, double q, double gamma, double x, double m);

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_GAMMA_GAMMA_H_
