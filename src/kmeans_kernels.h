// The points k-means works on, stored column by column, and the loops over
// them that vectorize: every inner loop runs over consecutive rows of one
// column.
#ifndef TESSERA_SRC_KMEANS_KERNELS_H_
#define TESSERA_SRC_KMEANS_KERNELS_H_

#include <cstddef>

namespace tessera::internal {

// Rows the kernels work on at a time: a tile's per-centroid scores stay in
// L1. Blocks (kmeans_blocks.h) are whole numbers of tiles.
inline constexpr size_t kKMeansTileRows = 256;

// Dimension t of row i is data[t * rows + i].
struct PointColumns {
  const double* data = nullptr;
  size_t rows = 0;
  size_t dims = 0;

  const double* column(size_t t) const { return data + t * rows; }

  // Squared Euclidean distance from row i to `center`, summed in dimension
  // order.
  double SquaredDistance(size_t i, const double* center) const {
    double sum = 0;
    for (size_t t = 0; t < dims; ++t) {
      const double diff = column(t)[i] - center[t];
      sum += diff * diff;
    }
    return sum;
  }
};

// out[r] = points.SquaredDistance(first + r, center) for r < count, bit for
// bit.
void SquaredDistancesTo(const PointColumns& points, size_t first, size_t count,
                        const double* center, double* out);

// One centroid's turn in the running minimum over `count` rows: where
// score[r] is smaller than best_score[r] (ties keep the earlier centroid) it
// replaces it, and best[r] becomes `label`.
void TakeNearer(const double* score, double label, size_t count, double* best_score,
                double* best);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_KMEANS_KERNELS_H_
