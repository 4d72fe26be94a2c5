// Unconstrained minimization of a smooth function of a few variables by BFGS
// with a line search that meets the strong Wolfe conditions (Nocedal &
// Wright, Numerical Optimization, 2nd ed., algorithms 3.5, 3.6 and 6.1), or,
// where the value is flat to rounding, Hager & Zhang's approximate Wolfe
// conditions, which judge the step by its slope instead.
#ifndef TESSERA_BTYD_MINIMIZE_H_
#define TESSERA_BTYD_MINIMIZE_H_

#include <functional>
#include <string>

#include <Eigen/Core>

namespace tessera {
namespace btyd {

// Returns f(x) and, when `gradient` is not null, writes the gradient there.
// A value that is not finite (+infinity, NaN) marks x as outside the domain:
// the line search then backs off towards the last good point.
using Objective = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd* gradient)>;

struct MinimizeOptions {
  int max_iterations = 200;
  // Converged when every gradient component is at most this in magnitude.
  double gradient_tolerance = 1e-9;
};

struct MinimizeResult {
  Eigen::VectorXd x;
  double value = 0;
  Eigen::VectorXd gradient;
  // The BFGS approximation of the inverse Hessian at x, to warm-start a
  // later run on a similar objective.
  Eigen::MatrixXd inverse_hessian;
  int iterations = 0;
  int evaluations = 0;
  bool converged = false;
  // Why it stopped, for a person: "gradient below tolerance", "line search
  // made no progress", "iteration limit".
  std::string message;
};

// Minimizes from x0, whose value must be finite (otherwise the result has
// converged = false and the value as found). `initial_inverse_hessian`, when
// given (same size, symmetric positive definite), replaces the scaled
// identity of the first step.
MinimizeResult MinimizeBfgs(const Objective& objective, const Eigen::VectorXd& x0,
                            const MinimizeOptions& options,
                            const Eigen::MatrixXd* initial_inverse_hessian = nullptr);

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_MINIMIZE_H_
