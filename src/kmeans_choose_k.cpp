#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "kmeans_features.h"
#include "kmeans_fit.h"
#include "kmeans_silhouette.h"
#include "tessera/kmeans.h"

namespace tessera {

absl::StatusOr<std::vector<KMeansChoice>> ChooseK(const FeatureTable& features,
                                                  const KMeansOptions& options,
                                                  const KMeansChooseKOptions& choose) {
  if (absl::Status status = ValidateKMeansOptions(options); !status.ok()) return status;
  if (choose.min_k < 2 || choose.min_k > choose.max_k || choose.max_k > 50) {
    return absl::InvalidArgumentError(absl::StrCat(
        "kmeans: ChooseK needs 2 <= min_k <= max_k <= 50, got min_k = ", choose.min_k,
        ", max_k = ", choose.max_k));
  }
  if (choose.sample_size < 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "kmeans: ChooseK needs sample_size >= 2, got ", choose.sample_size));
  }
  const int num_threads = options.fit.num_threads;
  absl::StatusOr<internal::StandardizedFeatures> x =
      internal::StandardizeFeatures(features, options.features, num_threads);
  if (!x.ok()) return x.status();
  const size_t rows = x->rows();
  const size_t dims = x->dims;
  if (rows < static_cast<size_t>(choose.max_k)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "kmeans: ChooseK up to max_k = ", choose.max_k, " needs at least ", choose.max_k,
        " customers to cluster, got ", rows));
  }

  const std::vector<size_t> sample = internal::SampleRows(rows, choose.sample_size,
                                                          options.fit.seed);
  // Row by row, as the silhouette reads them.
  std::vector<double> sample_points(sample.size() * dims);
  for (size_t s = 0; s < sample.size(); ++s) {
    for (size_t t = 0; t < dims; ++t) {
      sample_points[s * dims + t] = x->points[t * rows + sample[s]];
    }
  }
  std::vector<KMeansChoice> choices;
  std::vector<int32_t> sample_labels(sample.size());
  for (int k = choose.min_k; k <= choose.max_k; ++k) {
    KMeansFitOptions fit = options.fit;
    fit.k = k;
    const KMeansModel model = internal::FitValidKMeans(x->view(), fit);
    for (size_t s = 0; s < sample.size(); ++s) sample_labels[s] = model.labels[sample[s]];
    choices.push_back({k, model.inertia,
                       internal::Silhouette(sample_points.data(), sample.size(), dims,
                                            sample_labels, model.k, num_threads)});
  }
  return choices;
}

}  // namespace tessera
