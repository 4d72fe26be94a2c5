#include "kmeans_fit.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "kmeans_blocks.h"
#include "kmeans_lloyd.h"
#include "kmeans_seed.h"
#include "parallel.h"
#include "tessera/kmeans.h"

namespace tessera {

namespace internal {

namespace {

// Cluster numbers by size, largest first; equal sizes by centroid,
// lexicographically ascending, then by the order Lloyd left them in.
std::vector<size_t> ClusterOrder(const LloydResult& lloyd,
                                 const std::vector<double>& centroids, size_t dims) {
  std::vector<size_t> order(lloyd.sizes.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (lloyd.sizes[a] != lloyd.sizes[b]) return lloyd.sizes[a] > lloyd.sizes[b];
    return std::lexicographical_compare(
        centroids.begin() + static_cast<std::ptrdiff_t>(a * dims),
        centroids.begin() + static_cast<std::ptrdiff_t>((a + 1) * dims),
        centroids.begin() + static_cast<std::ptrdiff_t>(b * dims),
        centroids.begin() + static_cast<std::ptrdiff_t>((b + 1) * dims));
  });
  return order;
}

}  // namespace

absl::Status ValidateKMeansFitOptions(const KMeansFitOptions& options) {
  if (options.k < 2 || options.k > 50) {
    return absl::InvalidArgumentError(
        absl::StrCat("kmeans: k must be in [2, 50], got ", options.k));
  }
  if (options.max_iter < 1 || options.max_iter > 10000) {
    return absl::InvalidArgumentError(
        absl::StrCat("kmeans: max_iter must be in [1, 10000], got ", options.max_iter));
  }
  if (!(options.tol >= 0 && options.tol <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("kmeans: tol must be in [0, 1], got ", options.tol));
  }
  return absl::OkStatus();
}

KMeansModel FitValidKMeans(const PointColumns& points, const KMeansFitOptions& options) {
  const size_t k = static_cast<size_t>(options.k);
  const size_t rows = points.rows;
  const size_t dims = points.dims;
  std::vector<double> centroids =
      SeedKMeansPlusPlus(points, k, options.seed, options.num_threads);
  LloydResult lloyd =
      RunLloyd(points, centroids, k, options.max_iter, options.tol, options.num_threads);

  const std::vector<size_t> order = ClusterOrder(lloyd, centroids, dims);
  std::vector<int32_t> renumber(k);
  KMeansModel model;
  model.k = k;
  model.dims = dims;
  model.centroids.resize(k * dims);
  model.sizes.resize(k);
  for (size_t j = 0; j < k; ++j) {
    const size_t from = order[j];
    renumber[from] = static_cast<int32_t>(j);
    model.sizes[j] = lloyd.sizes[from];
    for (size_t t = 0; t < dims; ++t) {
      model.centroids[j * dims + t] = model.sizes[j] == 0
                                          ? std::numeric_limits<double>::quiet_NaN()
                                          : centroids[from * dims + t];
    }
  }
  model.labels = std::move(lloyd.labels);
  model.distances = std::move(lloyd.squared_distances);
  ForEachKMeansBlock(rows, options.num_threads, [&](size_t, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      model.labels[i] = renumber[static_cast<size_t>(model.labels[i])];
      model.distances[i] = std::sqrt(model.distances[i]);
    }
  });
  model.inertia = lloyd.inertia;
  model.iterations = lloyd.iterations;
  model.converged = lloyd.converged;
  return model;
}

}  // namespace internal

absl::StatusOr<KMeansModel> FitKMeans(absl::Span<const double> points, size_t dims,
                                      const KMeansFitOptions& options) {
  if (absl::Status status = internal::ValidateKMeansFitOptions(options); !status.ok()) {
    return status;
  }
  if (dims == 0 || points.size() % dims != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "kmeans: points must hold rows x dims values with dims >= 1; got ",
        points.size(), " values for dims = ", dims));
  }
  const size_t rows = points.size() / dims;
  if (rows < static_cast<size_t>(options.k)) {
    return absl::InvalidArgumentError(absl::StrCat("kmeans: k = ", options.k,
                                                   " clusters need at least ", options.k,
                                                   " points, got ", rows));
  }
  for (size_t i = 0; i < points.size(); ++i) {
    if (!std::isfinite(points[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("kmeans: point ", i / dims, " (0-based row) has a non-finite value ",
                       points[i], " in column ", i % dims));
    }
  }
  // Column by column inside: every inner loop runs over rows.
  std::vector<double> columns(points.size());
  internal::ForEachKMeansBlock(rows, options.num_threads, [&](size_t, size_t begin, size_t end) {
    for (size_t t = 0; t < dims; ++t) {
      for (size_t i = begin; i < end; ++i) columns[t * rows + i] = points[i * dims + t];
    }
  });
  return internal::FitValidKMeans({columns.data(), rows, dims}, options);
}

}  // namespace tessera
