// Maximum-likelihood fitting shared by every buy-till-you-die model: the
// parameters are optimized on the log scale (so they stay positive) by BFGS
// from several starting points, with an optional L2 penalizer, and standard
// errors come from the Hessian.
#ifndef TESSERA_BTYD_FIT_H_
#define TESSERA_BTYD_FIT_H_

#include <functional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "absl/status/statusor.h"

namespace tessera {
namespace btyd {

// Sum over customers of weight * log L at `params` (natural scale), with
// the gradient by log(params) when `gradient_log` is not null; -infinity
// (never NaN) outside the domain. Must be deterministic.
using LogLikelihoodFn =
    std::function<double(const Eigen::VectorXd& params, Eigen::VectorXd* gradient_log)>;

struct LikelihoodProblem {
  std::string model;  // for messages: "bgnbd"
  std::vector<std::string> parameter_names;
  LogLikelihoodFn log_likelihood;
  double total_weight = 0;  // customers the likelihood sums over
  // Initial guesses on the natural scale, best first.
  std::vector<Eigen::VectorXd> starts;
  // Optional: a cheaper likelihood over a sample of the customers (with
  // sample_weight customers), on which every start is tried first. The best
  // of those optima then starts the fit on the whole data, which from there
  // needs only a few iterations.
  LogLikelihoodFn sample_log_likelihood;
  double sample_weight = 0;
};

struct MlOptions {
  // Adds penalizer * sum(params^2), params on their natural scale, to the
  // mean negative log-likelihood per customer, as lifetimes' penalizer_coef
  // does.
  double penalizer = 0;
  int max_iterations = 200;
  // On the gradient of the mean negative log-likelihood by log(params).
  double tolerance = 1e-9;
  bool standard_errors = true;
};

struct MlEstimate {
  Eigen::VectorXd params;           // natural scale
  Eigen::VectorXd standard_errors;  // natural scale, delta method; NaN when the
                                    // Hessian is not positive definite (warned)
  double log_likelihood = 0;        // unpenalized, at params
  int iterations = 0;
  int evaluations = 0;
  bool converged = false;
  std::vector<std::string> warnings;
};

// Fails with InvalidArgument when the log-likelihood is not finite at any
// starting point. A fit that stops before converging is returned with
// converged = false and a warning.
absl::StatusOr<MlEstimate> MaximizeLikelihood(const LikelihoodProblem& problem,
                                              const MlOptions& options);

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_FIT_H_
