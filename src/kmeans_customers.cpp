#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "kmeans_blocks.h"
#include "kmeans_features.h"
#include "kmeans_fit.h"
#include "tessera/kmeans.h"

namespace tessera {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Per cluster, the mean of each raw feature over its customers: per-block
// sums added up in block order.
std::vector<double> RawFeatureMeans(const internal::StandardizedFeatures& x,
                                    const KMeansModel& model, int num_threads) {
  const size_t k = model.k;
  const size_t dims = x.dims;
  std::vector<double> partial(internal::KMeansBlockCount(x.rows()) * k * dims);
  internal::ForEachKMeansBlock(x.rows(), num_threads, [&](size_t b, size_t begin, size_t end) {
    double* sums = partial.data() + b * k * dims;
    for (size_t i = begin; i < end; ++i) {
      double* sum = sums + static_cast<size_t>(model.labels[i]) * dims;
      for (size_t t = 0; t < dims; ++t) sum[t] += (*x.raw[t])[x.customer[i]];
    }
  });
  std::vector<double> means(k * dims, 0.0);
  for (size_t i = 0; i < partial.size(); ++i) means[i % (k * dims)] += partial[i];
  for (size_t j = 0; j < k; ++j) {
    for (size_t t = 0; t < dims; ++t) {
      means[j * dims + t] = model.sizes[j] == 0
                                ? kNaN
                                : means[j * dims + t] / static_cast<double>(model.sizes[j]);
    }
  }
  return means;
}

void FillProfile(const internal::StandardizedFeatures& x, const KMeansModel& model,
                 int num_threads, KMeansClustering& out) {
  const size_t dims = x.dims;
  const std::vector<double> means = RawFeatureMeans(x, model, num_threads);
  out.profile.resize(model.k);
  for (size_t j = 0; j < model.k; ++j) {
    KMeansClusterProfile& cluster = out.profile[j];
    cluster.size = model.sizes[j];
    cluster.feature_means.assign(means.begin() + j * dims, means.begin() + (j + 1) * dims);
    cluster.centroid.assign(model.centroids.begin() + j * dims,
                            model.centroids.begin() + (j + 1) * dims);
  }
}

}  // namespace

absl::StatusOr<KMeansClustering> ClusterCustomers(const FeatureTable& features,
                                                  const KMeansOptions& options) {
  if (absl::Status status = ValidateKMeansOptions(options); !status.ok()) return status;
  const int num_threads = options.fit.num_threads;
  absl::StatusOr<internal::StandardizedFeatures> x =
      internal::StandardizeFeatures(features, options.features, num_threads);
  if (!x.ok()) return x.status();

  KMeansClustering out;
  out.features = options.features;
  out.log_mean = x->log_mean;
  out.log_sd = x->log_sd;
  out.clustered = x->rows();
  out.skipped_buyers = x->skipped_buyers;
  out.labels.assign(features.customer_count(), -1);
  out.distances.assign(features.customer_count(), kNaN);
  const size_t k = static_cast<size_t>(options.fit.k);
  if (x->rows() == 0) {
    out.profile.assign(k, KMeansClusterProfile{0, std::vector<double>(x->dims, kNaN),
                                               std::vector<double>(x->dims, kNaN)});
    out.converged = true;
    return out;
  }
  if (x->rows() < k) {
    return absl::InvalidArgumentError(absl::StrCat(
        "kmeans: k = ", k, " clusters need at least ", k,
        " customers to cluster (customers who bought, with finite ",
        absl::StrJoin(options.features, ", "), "), got ", x->rows()));
  }
  KMeansModel model = internal::FitValidKMeans(x->view(), options.fit);
  internal::ForEachKMeansBlock(x->rows(), num_threads, [&](size_t, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      out.labels[x->customer[i]] = model.labels[i];
      out.distances[x->customer[i]] = model.distances[i];
    }
  });
  FillProfile(*x, model, num_threads, out);
  out.inertia = model.inertia;
  out.iterations = model.iterations;
  out.converged = model.converged;
  return out;
}

std::string FormatKMeansProfile(const KMeansClustering& clustering) {
  const size_t k = clustering.profile.size();
  std::string text = absl::StrCat("k-means on ", absl::StrJoin(clustering.features, ", "),
                                  ": ", clustering.clustered, " customers in ", k,
                                  " clusters");
  if (clustering.clustered == 0) return absl::StrCat(text, " (no customer to cluster)\n");
  absl::StrAppend(&text, ", ", clustering.iterations,
                  clustering.iterations == 1 ? " iteration" : " iterations",
                  clustering.converged ? " (converged)" : " (stopped at max_iter)",
                  ", inertia ", absl::StrFormat("%.6g", clustering.inertia), "\n");
  if (clustering.skipped_buyers > 0) {
    absl::StrAppend(&text, clustering.skipped_buyers,
                    " customers who bought are not clustered: a feature is not finite\n");
  }

  std::vector<std::string> header = {"cluster", "size", "share"};
  for (const std::string& name : clustering.features) header.push_back("mean " + name);
  for (const std::string& name : clustering.features) header.push_back("z " + name);
  std::vector<std::vector<std::string>> rows = {header};
  for (size_t j = 0; j < k; ++j) {
    const KMeansClusterProfile& cluster = clustering.profile[j];
    std::vector<std::string> row = {
        absl::StrCat(j + 1), absl::StrCat(cluster.size),
        absl::StrFormat("%.1f%%", 100.0 * static_cast<double>(cluster.size) /
                                      static_cast<double>(clustering.clustered))};
    for (double mean : cluster.feature_means) row.push_back(absl::StrFormat("%.2f", mean));
    for (double z : cluster.centroid) row.push_back(absl::StrFormat("%+.2f", z));
    rows.push_back(std::move(row));
  }
  std::vector<size_t> widths(header.size(), 0);
  for (const std::vector<std::string>& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  for (const std::vector<std::string>& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      absl::StrAppend(&text, c == 0 ? "" : "  ",
                      absl::StrFormat("%*s", static_cast<int>(widths[c]), row[c]));
    }
    text += "\n";
  }
  return text;
}

}  // namespace tessera
