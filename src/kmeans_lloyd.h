// Lloyd's k-means iterations from given centroids.
#ifndef TESSERA_SRC_KMEANS_LLOYD_H_
#define TESSERA_SRC_KMEANS_LLOYD_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kmeans_kernels.h"

namespace tessera::internal {

struct LloydResult {
  std::vector<int32_t> labels;             // nearest centroid, lower on ties
  std::vector<double> squared_distances;   // to the own centroid
  std::vector<size_t> sizes;
  double inertia = 0;                      // sum of squared_distances
  int iterations = 0;
  bool converged = false;
};

// Alternates assignment and update from `centroids` (k x dims, row-major,
// updated in place) until no label changes, the inertia changes by less than
// tol times its previous value, or max_iter updates. The returned labels
// belong to the returned centroids. Empty clusters take the farthest point
// from its own centroid (see tessera/kmeans.h).
LloydResult RunLloyd(const PointColumns& points, std::vector<double>& centroids, size_t k,
                     int max_iter, double tol, int num_threads);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_KMEANS_LLOYD_H_
