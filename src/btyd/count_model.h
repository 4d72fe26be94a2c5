// The interface every buy-till-you-die purchase-count model implements
// (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB), so that one fitter, one scorer and
// one holdout report serve them all. Calls take whole columns: one virtual
// call per column, never per customer.
#ifndef TESSERA_BTYD_COUNT_MODEL_H_
#define TESSERA_BTYD_COUNT_MODEL_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

namespace tessera {
namespace btyd {

// Per-customer summaries in columns, or one row per distinct pattern with a
// weight (the number of customers sharing it).
//  continuous-time models: x = repeat purchases, t_x = time of the last
//    purchase, T = time observed, all from the first purchase, in periods;
//  BG/BB: x = transactions in T discrete opportunities, t_x = the last
//    opportunity with a transaction (0 when x = 0), T = opportunities.
struct Summary {
  std::vector<double> x;
  std::vector<double> t_x;
  std::vector<double> T;
  std::vector<double> weight;  // empty: every row weighs 1
  size_t size() const { return x.size(); }
  double WeightOf(size_t row) const { return weight.empty() ? 1.0 : weight[row]; }
};

class CountModel {
 public:
  virtual ~CountModel() = default;
  virtual std::string_view name() const = 0;  // "bgnbd", "pareto_nbd"...
  // In the order of the parameter vectors, e.g. {"r", "alpha", "a", "b"}.
  virtual std::vector<std::string> parameter_names() const = 0;

  // sum over rows of weight * log L(params | row), with `params` on their
  // natural (positive) scale. When `gradient_log` is not null it receives the
  // gradient with respect to log(params). Returns -infinity, never NaN, when
  // the value is not finite. The sum is added in fixed row blocks so that it
  // is the same for any thread count.
  virtual double LogLikelihood(const Summary& data,
                               const Eigen::VectorXd& params,
                               Eigen::VectorXd* gradient_log) const = 0;

  // Initial guesses (natural scale) the fitter tries, best guess first.
  virtual std::vector<Eigen::VectorXd> StartingPoints(
      const Summary& data) const = 0;

  // Per row, into out[0 .. data.size()): the probability that the customer
  // is still alive at T.
  virtual void ProbabilityAlive(const Eigen::VectorXd& params,
                                const Summary& data, double* out) const = 0;
  // Per row: expected purchases in (T, T + t] given the customer's history.
  virtual void ConditionalExpectedPurchases(const Eigen::VectorXd& params,
                                            const Summary& data, double t,
                                            double* out) const = 0;
  // For a customer just acquired: expected purchases in (0, t], and the
  // probability of exactly n purchases in (0, t].
  virtual double ExpectedPurchases(const Eigen::VectorXd& params,
                                   double t) const = 0;
  virtual double ProbabilityOfPurchases(const Eigen::VectorXd& params, int n,
                                        double t) const = 0;
  // Per row: P(exactly n purchases in (T, T + t] | x, t_x, T). Every model
  // here forgets its past once the customer is known to be alive at T: from
  // then on the customer behaves like one just acquired whose parameters are
  // the posterior given the history and survival, so
  //   P = (1 - P(alive)) [n == 0] + P(alive) P_new(n, t; updated params).
  // NaN for the rows ProbabilityAlive gives NaN.
  virtual void ConditionalProbabilityOfPurchases(const Eigen::VectorXd& params,
                                                 const Summary& data, int n, double t,
                                                 double* out) const = 0;
};

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_COUNT_MODEL_H_
