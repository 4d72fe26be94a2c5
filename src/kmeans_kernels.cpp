#include "kmeans_kernels.h"

#include <algorithm>
#include <cstddef>

namespace tessera::internal {

void SquaredDistancesTo(const PointColumns& points, size_t first, size_t count,
                        const double* center, double* out) {
  std::fill(out, out + count, 0.0);
  for (size_t t = 0; t < points.dims; ++t) {
    const double* x = points.column(t) + first;
    const double c = center[t];
    for (size_t r = 0; r < count; ++r) {
      const double diff = x[r] - c;
      out[r] += diff * diff;
    }
  }
}

// The winner is held as a double beside its score and updated without a
// branch, so that the loop vectorizes.
void TakeNearer(const double* score, double label, size_t count, double* best_score,
                double* best) {
  for (size_t r = 0; r < count; ++r) {
    const double nearer = score[r] < best_score[r] ? 1.0 : 0.0;
    best_score[r] = std::min(score[r], best_score[r]);
    best[r] += nearer * (label - best[r]);
  }
}

}  // namespace tessera::internal
