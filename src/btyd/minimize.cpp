#include "btyd/minimize.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tessera {
namespace btyd {

namespace {

// Sufficient decrease and curvature constants usual for quasi-Newton methods
// (Nocedal & Wright, section 3.1).
constexpr double kC1 = 1e-4;
constexpr double kC2 = 0.9;
constexpr int kMaxLineSearchSteps = 60;
constexpr double kMaxStepGrowth = 1e10;

// The objective restricted to the search line x + step * direction.
class LineFunction {
 public:
  LineFunction(const Objective& objective, const Eigen::VectorXd& x,
               const Eigen::VectorXd& direction, int& evaluations)
      : objective_(objective), x_(x), direction_(direction), evaluations_(evaluations),
        point_(x.size()), gradient_(x.size()) {}

  struct Sample {
    double step;
    double value;
    double slope;  // directional derivative; NaN when value is not finite
  };

  Sample At(double step) {
    point_ = x_ + step * direction_;
    ++evaluations_;
    double value = objective_(point_, &gradient_);
    if (!std::isfinite(value) || !gradient_.allFinite()) {
      return {step, std::numeric_limits<double>::infinity(),
              std::numeric_limits<double>::quiet_NaN()};
    }
    return {step, value, gradient_.dot(direction_)};
  }

  const Eigen::VectorXd& point() const { return point_; }
  const Eigen::VectorXd& gradient() const { return gradient_; }

 private:
  const Objective& objective_;
  const Eigen::VectorXd& x_;
  const Eigen::VectorXd& direction_;
  int& evaluations_;
  Eigen::VectorXd point_;
  Eigen::VectorXd gradient_;
};

// The minimizer of the cubic through two samples with their slopes, kept
// inside the bracket; bisection when the cubic gives nothing usable.
double InterpolateStep(const LineFunction::Sample& lo, const LineFunction::Sample& hi) {
  const double low = std::min(lo.step, hi.step);
  const double high = std::max(lo.step, hi.step);
  const double mid = 0.5 * (lo.step + hi.step);
  if (!std::isfinite(hi.value) || !std::isfinite(hi.slope)) {
    return lo.step + 0.25 * (hi.step - lo.step);
  }
  const double d1 = lo.slope + hi.slope - 3.0 * (lo.value - hi.value) / (lo.step - hi.step);
  const double radicand = d1 * d1 - lo.slope * hi.slope;
  if (!(radicand >= 0)) return mid;
  const double d2 = std::copysign(std::sqrt(radicand), hi.step - lo.step);
  const double step = hi.step - (hi.step - lo.step) * (hi.slope + d2 - d1) /
                                    (hi.slope - lo.slope + 2.0 * d2);
  // Stay clear of the ends, where the bracket would shrink too slowly.
  const double margin = 0.1 * (high - low);
  if (!std::isfinite(step) || step < low + margin || step > high - margin) return mid;
  return step;
}

// The acceptance tests of a step. Near a minimum the objective is flat to
// rounding (a sum over a million customers is exact to about 1e-13
// relative) long before its gradient is small, so beside the strong Wolfe
// conditions a step is also accepted on Hager & Zhang's approximate Wolfe
// conditions (SIAM J. Optim. 16(1), 2005): a value within rounding of the
// start and a slope that shows the decrease a quadratic model predicts.
class StepTests {
 public:
  explicit StepTests(const LineFunction::Sample& start)
      : start_(start), noise_(kRoundingScale * (std::fabs(start.value) + 1.0)) {}

  bool SufficientDecrease(const LineFunction::Sample& s) const {
    if (!std::isfinite(s.value) || !std::isfinite(s.slope)) return false;
    if (s.value <= start_.value + kC1 * s.step * start_.slope) return true;
    return s.value <= start_.value + noise_ && s.slope <= (2 * kC1 - 1) * start_.slope;
  }
  bool Curvature(const LineFunction::Sample& s) const {
    return std::fabs(s.slope) <= -kC2 * start_.slope;
  }
  // a is higher than b beyond rounding.
  bool Higher(const LineFunction::Sample& a, const LineFunction::Sample& b) const {
    return a.value > b.value + noise_;
  }

 private:
  static constexpr double kRoundingScale = 1e-12;
  LineFunction::Sample start_;
  double noise_;
};

// Nocedal & Wright algorithm 3.6: narrows [lo, hi] to an acceptable step.
bool Zoom(LineFunction& line, const StepTests& tests, LineFunction::Sample lo,
          LineFunction::Sample hi, LineFunction::Sample& found, int budget) {
  for (int k = 0; k < budget; ++k) {
    const double step = InterpolateStep(lo, hi);
    if (step == lo.step || step == hi.step) break;
    LineFunction::Sample s = line.At(step);
    if (!tests.SufficientDecrease(s) || tests.Higher(s, lo)) {
      hi = s;
      continue;
    }
    if (tests.Curvature(s)) {
      found = s;
      return true;
    }
    if (s.slope * (hi.step - lo.step) >= 0) hi = lo;
    lo = s;
  }
  // The best point met satisfies sufficient decrease, if any did.
  if (lo.step > 0) {
    found = line.At(lo.step);
    return std::isfinite(found.value);
  }
  return false;
}

// Nocedal & Wright algorithm 3.5. On success `found` is the accepted sample
// and the line function's point and gradient are those of that step.
bool WolfeLineSearch(LineFunction& line, const LineFunction::Sample& start,
                     double first_step, LineFunction::Sample& found) {
  const StepTests tests(start);
  LineFunction::Sample previous = start;
  double step = first_step;
  for (int k = 0; k < kMaxLineSearchSteps; ++k) {
    LineFunction::Sample s = line.At(step);
    if (!tests.SufficientDecrease(s) || (k > 0 && tests.Higher(s, previous))) {
      return Zoom(line, tests, previous, s, found, kMaxLineSearchSteps - k);
    }
    if (tests.Curvature(s)) {
      found = s;
      return true;
    }
    if (s.slope >= 0) return Zoom(line, tests, s, previous, found, kMaxLineSearchSteps - k);
    previous = s;
    if (step > kMaxStepGrowth * first_step) break;
    step *= 2.0;
  }
  return false;
}

}  // namespace

MinimizeResult MinimizeBfgs(const Objective& objective, const Eigen::VectorXd& x0,
                            const MinimizeOptions& options,
                            const Eigen::MatrixXd* initial_inverse_hessian) {
  const Eigen::Index n = x0.size();
  MinimizeResult result;
  result.x = x0;
  result.gradient = Eigen::VectorXd::Zero(n);
  result.inverse_hessian = Eigen::MatrixXd::Identity(n, n);
  ++result.evaluations;
  result.value = objective(result.x, &result.gradient);
  if (!std::isfinite(result.value) || !result.gradient.allFinite()) {
    result.message = "the objective is not finite at the starting point";
    return result;
  }
  bool scaled = false;
  if (initial_inverse_hessian != nullptr && initial_inverse_hessian->rows() == n &&
      initial_inverse_hessian->cols() == n && initial_inverse_hessian->allFinite()) {
    result.inverse_hessian = *initial_inverse_hessian;
    scaled = true;
  }
  Eigen::VectorXd& x = result.x;
  Eigen::VectorXd& g = result.gradient;
  Eigen::MatrixXd& H = result.inverse_hessian;
  for (result.iterations = 0; result.iterations < options.max_iterations; ++result.iterations) {
    if (g.lpNorm<Eigen::Infinity>() <= options.gradient_tolerance) {
      result.converged = true;
      result.message = "gradient below tolerance";
      return result;
    }
    Eigen::VectorXd direction = -H * g;
    double slope = g.dot(direction);
    if (!(slope < 0)) {
      // H lost positive definiteness to rounding: restart from steepest descent.
      H.setIdentity();
      scaled = false;
      direction = -g;
      slope = g.dot(direction);
    }
    // Before the first update the identity has no scale: a first step of
    // length 1 in x would be arbitrary, so take one of gradient length 1.
    const double first_step = scaled ? 1.0 : 1.0 / std::max(1.0, direction.norm());
    LineFunction line(objective, x, direction, result.evaluations);
    LineFunction::Sample found{};
    if (!WolfeLineSearch(line, {0.0, result.value, slope}, first_step, found)) {
      // Rounding can defeat even the approximate conditions very near the
      // minimum; a gradient within a factor 10 of the tolerance is then as
      // good as it gets.
      result.converged = g.lpNorm<Eigen::Infinity>() <= options.gradient_tolerance * 10;
      result.message = "the line search made no progress";
      return result;
    }
    const Eigen::VectorXd s = line.point() - x;
    const Eigen::VectorXd y = line.gradient() - g;
    x = line.point();
    g = line.gradient();
    result.value = found.value;
    const double sy = s.dot(y);
    if (sy > std::numeric_limits<double>::epsilon() * s.norm() * y.norm()) {
      if (!scaled) {
        // Nocedal & Wright eq. 6.20: scale the identity before the first update.
        H *= sy / y.squaredNorm();
        scaled = true;
      }
      const double rho = 1.0 / sy;
      const Eigen::MatrixXd left =
          Eigen::MatrixXd::Identity(n, n) - rho * s * y.transpose();
      H = left * H * left.transpose() + rho * s * s.transpose();
    }
  }
  result.converged = g.lpNorm<Eigen::Infinity>() <= options.gradient_tolerance;
  result.message = result.converged ? "gradient below tolerance" : "iteration limit";
  return result;
}

}  // namespace btyd
}  // namespace tessera
