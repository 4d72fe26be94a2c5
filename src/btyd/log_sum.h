// A sum of exponentials kept as a logarithm, with the gradient of its log.
#ifndef TESSERA_BTYD_LOG_SUM_H_
#define TESSERA_BTYD_LOG_SUM_H_

#include <array>
#include <cmath>
#include <limits>

namespace tessera {
namespace btyd {

using Gradient4 = std::array<double, 4>;

struct LogValue {
  double value;     // a logarithm; -infinity for an empty sum
  Gradient4 grad;   // partials in the caller's four parameters
};

// Adds exp(value) terms with their gradients, rescaled to the largest so
// that terms far below exp(-745) still count against each other.
class LogSum {
 public:
  void Add(double value, const Gradient4& grad) {
    if (value == kNegInf) return;
    if (value > max_) {
      double scale = std::exp(max_ - value);
      sum_ *= scale;
      for (int j = 0; j < 4; ++j) grad_sum_[j] *= scale;
      max_ = value;
    }
    double share = std::exp(value - max_);
    sum_ += share;
    for (int j = 0; j < 4; ++j) grad_sum_[j] += share * grad[j];
  }
  double max() const { return max_; }
  // The log of the sum and its gradient, a weighted mean of the terms'.
  LogValue Result() const {
    if (std::isnan(sum_)) return {std::numeric_limits<double>::quiet_NaN(), Gradient4{}};
    if (sum_ == 0.0) return {kNegInf, Gradient4{}};
    LogValue out{max_ + std::log(sum_), Gradient4{}};
    for (int j = 0; j < 4; ++j) out.grad[j] = grad_sum_[j] / sum_;
    return out;
  }

 private:
  static constexpr double kNegInf = -std::numeric_limits<double>::infinity();
  double max_ = kNegInf;
  double sum_ = 0.0;
  Gradient4 grad_sum_{};
};

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_LOG_SUM_H_
