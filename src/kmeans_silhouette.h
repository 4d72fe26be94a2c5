// The silhouette width (Rousseeuw 1987) of a labelling, and the sample it is
// computed on, for choosing k.
#ifndef TESSERA_SRC_KMEANS_SILHOUETTE_H_
#define TESSERA_SRC_KMEANS_SILHOUETTE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tessera::internal {

// `count` of the rows 0..rows-1 (all when count >= rows), ascending, drawn
// without replacement by selection sampling (Knuth, TAOCP vol. 2, 3.4.2,
// Algorithm S) from splitmix64 started at `seed`.
std::vector<size_t> SampleRows(size_t rows, size_t count, uint64_t seed);

// The mean over points of s = (b - a) / max(a, b), where a is the mean
// Euclidean distance to the other points of the own cluster and b the
// smallest mean distance to the points of another cluster; s = 0 for a point
// alone in its cluster (as scikit-learn's silhouette_score). NaN when fewer
// than two clusters have points. Labels are 0..k-1; costs rows^2 distances.
double Silhouette(const double* points, size_t rows, size_t dims,
                  const std::vector<int32_t>& labels, size_t k, int num_threads);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_KMEANS_SILHOUETTE_H_
