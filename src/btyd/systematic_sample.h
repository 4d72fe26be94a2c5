// Systematic sampling with probability proportional to weight, shared by the
// count and spend fitters that try their starts on a sample of a large data set.
#ifndef TESSERA_BTYD_SYSTEMATIC_SAMPLE_H_
#define TESSERA_BTYD_SYSTEMATIC_SAMPLE_H_

#include <algorithm>
#include <cstddef>

namespace tessera {
namespace btyd {

// Data sets up to this many rows are fitted from every start directly;
// larger ones try the starts on a sample of about kSampleRows rows first.
constexpr size_t kDirectRows = size_t{1} << 15;
constexpr size_t kSampleRows = size_t{1} << 14;

// A grid of target_rows points spaced `step` customers apart, offset half a
// step, over the cumulative weight; a row takes as many steps of weight as
// grid points fall in its share. Rows weigh very differently (thousands of
// customers with x = 0 at one T, one customer elsewhere), so every row having
// the same chance would make a poor sample. The sample keeps the total weight.
class SystematicSampler {
 public:
  SystematicSampler(double total_weight, size_t target_rows)
      : step_(total_weight / static_cast<double>(std::max<size_t>(1, target_rows))),
        next_(0.5 * step_) {}

  // Feeds the next row's weight, in order; returns how many grid points fall
  // in it (0: the row is left out of the sample).
  double Points(double weight) {
    cumulative_ += weight;
    double points = 0;
    while (next_ < cumulative_) {
      ++points;
      next_ += step_;
    }
    return points;
  }
  // The weight a sampled row gets per grid point.
  double step() const { return step_; }

 private:
  double step_;
  double next_;
  double cumulative_ = 0;
};

}  // namespace btyd
}  // namespace tessera

#endif  // TESSERA_BTYD_SYSTEMATIC_SAMPLE_H_
