// The matrix k-means clusters customers on: the chosen features of the
// customers who bought, log1p-transformed and standardized.
#ifndef TESSERA_SRC_KMEANS_FEATURES_H_
#define TESSERA_SRC_KMEANS_FEATURES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "kmeans_kernels.h"
#include "tessera/features.h"

namespace tessera::internal {

struct StandardizedFeatures {
  size_t dims = 0;
  std::vector<double> points;      // clustered customers x dims, column-major
  std::vector<uint32_t> customer;  // the customer of each row, ascending
  std::vector<const std::vector<double>*> raw;  // the feature columns as given
  std::vector<double> log_mean;
  std::vector<double> log_sd;
  size_t skipped_buyers = 0;

  size_t rows() const { return customer.size(); }
  PointColumns view() const { return {points.data(), rows(), dims}; }
};

// A customer is clustered when it bought (frequency > 0, when the table has
// a frequency column) and every named feature is finite. The value is
// log1p(max(x, 0)), standardized with the mean and the population standard
// deviation over the clustered customers (1 when that is 0). NotFound names
// the missing feature and lists those that exist.
absl::StatusOr<StandardizedFeatures> StandardizeFeatures(
    const FeatureTable& features, const std::vector<std::string>& names, int num_threads);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_KMEANS_FEATURES_H_
