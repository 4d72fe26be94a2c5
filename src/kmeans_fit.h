// The k-means fit shared by FitKMeans, ClusterCustomers and ChooseK: seeding,
// Lloyd iterations, then the clusters numbered by size.
#ifndef TESSERA_SRC_KMEANS_FIT_H_
#define TESSERA_SRC_KMEANS_FIT_H_

#include <cstddef>

#include "absl/status/status.h"
#include "kmeans_kernels.h"
#include "tessera/kmeans.h"

namespace tessera::internal {

// k, max_iter and tol in range; the message names the field.
absl::Status ValidateKMeansFitOptions(const KMeansFitOptions& options);

// Fits validated options on finite points with rows >= k.
KMeansModel FitValidKMeans(const PointColumns& points, const KMeansFitOptions& options);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_KMEANS_FIT_H_
