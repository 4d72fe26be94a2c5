// k-means clustering of customers on their features, so that a person can
// name the groups that come out:
//
//  * The features (default recency_days, frequency, monetary) are clipped at
//    0 (only monetary, net of returns, can be negative among the built-in
//    features), transformed with log1p, then standardized to mean 0 and
//    standard deviation 1 over the customers being clustered. The standard
//    deviation is the population one (divide by n), as scikit-learn's
//    StandardScaler; a feature with no spread becomes 0 for everyone.
//  * Customers who never bought (frequency 0) and customers with an undefined
//    (NaN) or infinite selected feature are not clustered: label "none".
//  * Seeding is greedy k-means++ as in scikit-learn: each new centroid is the
//    best, by total squared distance, of 2 + floor(ln k) candidates drawn with
//    probability proportional to the squared distance to the nearest centroid
//    so far. Random numbers come from splitmix64 started at `seed`, so a seed
//    gives the same clusters on every platform and standard library.
//  * Lloyd iterations follow until no label changes, the relative change of
//    the inertia falls below `tol`, or `max_iter` updates. The labels that
//    come out are always those of the nearest returned centroid (ties, to
//    rounding, go to the lower cluster), and the distances and inertia are
//    measured directly against those centroids.
//  * A cluster left empty by an update is re-seeded with the point farthest
//    from its own centroid (ties: the lowest row), as scikit-learn does. With
//    fewer distinct points than k some clusters stay empty: size 0, NaN
//    centroid.
//  * Clusters are numbered 1..k by size, largest first; equal sizes by
//    centroid, lexicographically ascending in standardized space.
//
// Results are identical for any thread count: the rows are cut into blocks of
// a fixed size, and per-block sums are merged in block order.
#ifndef TESSERA_KMEANS_H_
#define TESSERA_KMEANS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "tessera/features.h"
#include "tessera/strategy.h"

namespace tessera {

// The clustering itself, on any matrix of points.
struct KMeansFitOptions {
  // Clusters, 2..50.
  int k = 4;
  // Lloyd updates at most, 1..10000.
  int max_iter = 300;
  // Stop when |previous inertia - inertia| <= tol * previous inertia; 0 stops
  // only when no label changes (or at max_iter). In [0, 1].
  double tol = 1e-4;
  uint64_t seed = 0;
  // 0 = all cores. The "kmeans" strategy uses FeatureOptions::num_threads.
  int num_threads = 0;
};

struct KMeansOptions {
  // Names of FeatureTable columns, at least one, no repeats.
  std::vector<std::string> features = {std::string(feature::kRecencyDays),
                                       std::string(feature::kFrequency),
                                       std::string(feature::kMonetary)};
  KMeansFitOptions fit;
};

// Checks k, max_iter, tol and the feature list (not yet whether the features
// exist: that needs the FeatureTable). The message names the field and the
// allowed values.
absl::Status ValidateKMeansOptions(const KMeansOptions& options);

// Reads the "kmeans" strategy's text parameters:
//  k=N          clusters, 2..50 (default 4: few enough to name and act on;
//               ChooseK helps pick another)
//  features=a;b;c
//               feature names separated by ';' (default
//               recency_days;frequency;monetary)
//  max_iter=N   1..10000 (default 300)
//  tol=X        relative inertia change that stops the iterations, [0, 1]
//               (default 0.0001)
//  seed=N       0..2147483647 (default 0)
absl::StatusOr<KMeansOptions> KMeansOptionsFromParams(const StrategyParams& params);

// The strategy registered as "kmeans". Validates `options` first. Outputs
// kmeans.cluster (categorical; labels "1".."k" in the cluster order above,
// then "none" for customers not clustered) and kmeans.distance (numeric:
// Euclidean distance to the own centroid in standardized space; NaN for
// "none"). Warns when customers who bought are left out for a NaN feature,
// when clusters stay empty, and when max_iter stops the iterations. Fails
// when fewer customers than k can be clustered, unless there are none at
// all (then everyone is "none", with a warning).
absl::StatusOr<std::unique_ptr<Strategy>> MakeKMeansStrategy(KMeansOptions options);

// A fit on a matrix: clusters in the order above.
struct KMeansModel {
  size_t k = 0;
  size_t dims = 0;
  std::vector<double> centroids;  // k x dims, row-major, cluster 1 first
  std::vector<size_t> sizes;      // points per cluster
  std::vector<int32_t> labels;    // per point: 0-based cluster (0 = "1")
  std::vector<double> distances;  // per point: Euclidean, to its own centroid
  double inertia = 0;             // sum of squared distances
  int iterations = 0;             // Lloyd updates made
  bool converged = false;         // false when max_iter stopped the updates
};

// Clusters the rows of `points` (rows x dims values, row-major), used as
// they are: no transform, no scaling. Every value must be finite and there
// must be at least k rows; InvalidArgument otherwise, naming the row.
absl::StatusOr<KMeansModel> FitKMeans(absl::Span<const double> points, size_t dims,
                                      const KMeansFitOptions& options);

// What a person reads to name a cluster.
struct KMeansClusterProfile {
  size_t size = 0;
  // Per feature, in KMeansOptions::features order: the mean of the feature
  // as the FeatureTable holds it (days, purchases, money), and the centroid
  // in standardized log space (how many standard deviations above average).
  std::vector<double> feature_means;
  std::vector<double> centroid;
};

// Customers clustered on their features.
struct KMeansClustering {
  std::vector<std::string> features;
  // The standardization: z = (log1p(max(x, 0)) - log_mean) / log_sd, with
  // log_sd = 1 for a feature that has no spread.
  std::vector<double> log_mean;
  std::vector<double> log_sd;
  // Per customer: 0-based cluster, or -1 when not clustered; distance to the
  // own centroid, NaN when not clustered.
  std::vector<int32_t> labels;
  std::vector<double> distances;
  // Cluster 1 first.
  std::vector<KMeansClusterProfile> profile;
  size_t clustered = 0;         // customers with a label
  size_t skipped_buyers = 0;    // bought, but a selected feature is not finite
  double inertia = 0;
  int iterations = 0;
  bool converged = false;
};

// The "kmeans" strategy's computation, with the profile. Errors name the
// missing feature (and list the features that exist) or the shortage of
// customers.
absl::StatusOr<KMeansClustering> ClusterCustomers(const FeatureTable& features,
                                                  const KMeansOptions& options);

// A fixed-width table of the profile, one line per cluster: size, share,
// feature means and centroid, for a person to read.
std::string FormatKMeansProfile(const KMeansClustering& clustering);

// One candidate k.
struct KMeansChoice {
  int k = 0;
  double inertia = 0;     // of the fit on every clustered customer
  double silhouette = 0;  // mean silhouette width on the sample; NaN when the
                          // sample falls in a single cluster
};

struct KMeansChooseKOptions {
  int min_k = 2;  // 2 <= min_k <= max_k <= 50
  int max_k = 10;
  // Customers drawn (with KMeansFitOptions::seed, without replacement) for
  // the silhouette, which costs sample_size^2 distances. At least 2; all
  // clustered customers when there are fewer.
  size_t sample_size = 10000;
};

// Fits k = min_k..max_k on the standardized features (seed, max_iter, tol
// and threads from options.fit; options.fit.k is not used) and reports the
// inertia (it always falls with k: look for the bend) and the silhouette
// (higher is better, at most 1). Needs at least max_k clusterable customers.
absl::StatusOr<std::vector<KMeansChoice>> ChooseK(
    const FeatureTable& features, const KMeansOptions& options,
    const KMeansChooseKOptions& choose = {});

}  // namespace tessera

#endif  // TESSERA_KMEANS_H_
