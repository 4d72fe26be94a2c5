#include "btyd/fit.h"

#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include <Eigen/Cholesky>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "btyd/minimize.h"

namespace tessera {
namespace btyd {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Forward differences of the analytic gradient in log space, from the
// gradient at the estimate: truncation error ~ h, rounding ~ 1e-16 / h, both
// far below what standard errors need, for one evaluation per parameter.
constexpr double kHessianStep = 1e-6;
// Beyond e^15 (about 3e6) or below e^-15, a parameter has run off towards a
// boundary that the data do not rule out.
constexpr double kExtremeLog = 15.0;

// The mean negative log-likelihood per customer plus the penalty, as a
// function of log(params).
Objective MakeObjective(const LogLikelihoodFn& log_likelihood, double weight,
                        double penalizer) {
  return [&log_likelihood, weight, penalizer](const Eigen::VectorXd& u,
                                              Eigen::VectorXd* gradient) {
    const Eigen::VectorXd params = u.array().exp().matrix();
    Eigen::VectorXd gradient_log;
    const double value = log_likelihood(params, gradient != nullptr ? &gradient_log : nullptr);
    if (!std::isfinite(value)) return kInfinity;
    if (gradient != nullptr) {
      *gradient = -gradient_log / weight +
                  2.0 * penalizer * params.array().square().matrix();
    }
    return -value / weight + penalizer * params.squaredNorm();
  };
}

Eigen::VectorXd LogOf(const Eigen::VectorXd& params) {
  return params.array().log().matrix();
}

// Converged beats not converged; then the lower objective.
bool Better(const MinimizeResult& candidate, const std::optional<MinimizeResult>& best) {
  if (!std::isfinite(candidate.value)) return false;
  if (!best.has_value()) return true;
  if (candidate.converged != best->converged) return candidate.converged;
  return candidate.value < best->value;
}

// Runs BFGS from every start; the best result, if any start was finite.
std::optional<MinimizeResult> BestOfStarts(const Objective& objective,
                                           const std::vector<Eigen::VectorXd>& starts,
                                           const MinimizeOptions& options, int& evaluations) {
  std::optional<MinimizeResult> best;
  for (const Eigen::VectorXd& start : starts) {
    if (!start.allFinite() || !(start.array() > 0).all()) continue;
    MinimizeResult run = MinimizeBfgs(objective, LogOf(start), options);
    evaluations += run.evaluations;
    if (Better(run, best)) best = std::move(run);
  }
  return best;
}

// Standard errors on the natural scale from the Hessian of the total
// (penalized) negative log-likelihood in log space: Var(log theta) is its
// inverse, and the delta method gives SE(theta) = theta SE(log theta).
Eigen::VectorXd StandardErrors(const Objective& objective, const Eigen::VectorXd& u,
                               const Eigen::VectorXd& gradient, double weight,
                               int& evaluations, bool& ok) {
  const Eigen::Index n = u.size();
  Eigen::MatrixXd hessian(n, n);
  Eigen::VectorXd up(n);
  ok = gradient.size() == n && gradient.allFinite();
  for (Eigen::Index j = 0; j < n && ok; ++j) {
    Eigen::VectorXd shifted = u;
    shifted[j] = u[j] + kHessianStep;
    const double f_up = objective(shifted, &up);
    ++evaluations;
    ok = std::isfinite(f_up);
    hessian.col(j) = (up - gradient) / kHessianStep;
  }
  Eigen::VectorXd errors = Eigen::VectorXd::Constant(n, std::numeric_limits<double>::quiet_NaN());
  if (!ok || !hessian.allFinite()) {
    ok = false;
    return errors;
  }
  const Eigen::MatrixXd information = 0.5 * (hessian + hessian.transpose()) * weight;
  Eigen::LLT<Eigen::MatrixXd> cholesky(information);
  if (cholesky.info() != Eigen::Success) {
    ok = false;
    return errors;
  }
  const Eigen::MatrixXd covariance = cholesky.solve(Eigen::MatrixXd::Identity(n, n));
  for (Eigen::Index j = 0; j < n; ++j) {
    if (!(covariance(j, j) > 0)) {
      ok = false;
      return Eigen::VectorXd::Constant(n, std::numeric_limits<double>::quiet_NaN());
    }
    errors[j] = std::exp(u[j]) * std::sqrt(covariance(j, j));
  }
  return errors;
}

}  // namespace

absl::StatusOr<MlEstimate> MaximizeLikelihood(const LikelihoodProblem& problem,
                                              const MlOptions& options) {
  const std::string& model = problem.model;
  if (!(problem.total_weight > 0) || !std::isfinite(problem.total_weight)) {
    return absl::InvalidArgumentError(absl::StrCat(model, ": no customers to fit"));
  }
  if (problem.starts.empty()) {
    return absl::InternalError(absl::StrCat(model, ": no starting points"));
  }
  const MinimizeOptions minimize{options.max_iterations, options.tolerance};
  const Objective full =
      MakeObjective(problem.log_likelihood, problem.total_weight, options.penalizer);
  MlEstimate estimate;
  std::optional<MinimizeResult> best;
  if (problem.sample_log_likelihood && problem.sample_weight > 0) {
    const Objective sample = MakeObjective(problem.sample_log_likelihood,
                                           problem.sample_weight, options.penalizer);
    int sample_evaluations = 0;
    std::optional<MinimizeResult> guess =
        BestOfStarts(sample, problem.starts, minimize, sample_evaluations);
    if (guess.has_value()) {
      MinimizeResult run = MinimizeBfgs(full, guess->x, minimize, &guess->inverse_hessian);
      estimate.evaluations += run.evaluations;
      if (Better(run, best)) best = std::move(run);
    }
  }
  if (!best.has_value() || !best->converged) {
    std::optional<MinimizeResult> fallback =
        BestOfStarts(full, problem.starts, minimize, estimate.evaluations);
    if (fallback.has_value() && Better(*fallback, best)) best = std::move(fallback);
  }
  if (!best.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        model, ": the log-likelihood is not finite at any of the ", problem.starts.size(),
        " starting points; the data cannot be fitted by this model"));
  }
  estimate.params = best->x.array().exp().matrix();
  estimate.iterations = best->iterations;
  estimate.converged = best->converged;
  estimate.log_likelihood = problem.log_likelihood(estimate.params, nullptr);
  ++estimate.evaluations;
  if (!best->converged) {
    estimate.warnings.push_back(absl::StrFormat(
        "%s: the fit did not converge (%s after %d iterations; largest gradient "
        "component %.3g); the parameters may be inaccurate",
        model, best->message, best->iterations, best->gradient.lpNorm<Eigen::Infinity>()));
  }
  for (Eigen::Index j = 0; j < best->x.size(); ++j) {
    if (std::fabs(best->x[j]) > kExtremeLog) {
      const std::string name = static_cast<size_t>(j) < problem.parameter_names.size()
                                   ? problem.parameter_names[static_cast<size_t>(j)]
                                   : absl::StrCat("parameter ", j);
      estimate.warnings.push_back(absl::StrFormat(
          "%s: %s = %.4g is extreme: the data hardly identify it (a penalizer "
          "may help)",
          model, name, estimate.params[j]));
    }
  }
  const Eigen::Index n = best->x.size();
  estimate.standard_errors = Eigen::VectorXd::Constant(n, std::numeric_limits<double>::quiet_NaN());
  if (options.standard_errors) {
    bool ok = false;
    estimate.standard_errors = StandardErrors(full, best->x, best->gradient,
                                              problem.total_weight, estimate.evaluations, ok);
    if (!ok) {
      estimate.warnings.push_back(absl::StrCat(
          model, ": the Hessian is not positive definite at the estimate, so no "
                 "standard errors"));
    }
  }
  return estimate;
}

}  // namespace btyd
}  // namespace tessera
