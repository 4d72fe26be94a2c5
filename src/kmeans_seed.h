// Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with the local
// trials of scikit-learn's _kmeans_plusplus).
#ifndef TESSERA_SRC_KMEANS_SEED_H_
#define TESSERA_SRC_KMEANS_SEED_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kmeans_kernels.h"

namespace tessera::internal {

// Picks k of the points as initial centroids, returned as k x dims values,
// row-major. The first is uniform; each next one is the candidate, of
// 2 + floor(ln k) drawn with probability proportional to the squared
// distance to the nearest centroid so far, that leaves the smallest total
// squared distance (the first such on ties). When every point already sits
// on a centroid (fewer distinct points than k), the remaining centroids
// repeat the first. Requires at least one point.
std::vector<double> SeedKMeansPlusPlus(const PointColumns& points, size_t k, uint64_t seed,
                                       int num_threads);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_KMEANS_SEED_H_
