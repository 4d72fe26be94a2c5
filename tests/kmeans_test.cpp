#include "tessera/kmeans.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "kmeans_lloyd.h"
#include "kmeans_random.h"
#include "kmeans_silhouette.h"
#include "tessera/dataset.h"
#include "tessera/dates.h"
#include "tessera/features.h"
#include "tessera/pipeline.h"
#include "tessera/strategy.h"
#include "test_support.h"

namespace tessera {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
const double kE = std::exp(1.0);

using Columns = std::vector<std::pair<std::string, std::vector<double>>>;

FeatureTable MakeFeatures(const Columns& columns) {
  FeatureTable table(columns.empty() ? 0 : columns[0].second.size());
  for (const auto& [name, values] : columns) table.Add(name, "") = values;
  return table;
}

KMeansOptions Options(std::vector<std::string> features, int k) {
  KMeansOptions options;
  options.features = std::move(features);
  options.fit.k = k;
  return options;
}

struct KMeansRun {
  absl::Status status;
  ScoreTable scores;
  std::vector<std::string> warnings;

  std::vector<std::string> Clusters() const {
    const ScoreColumn* column = scores.Find("kmeans.cluster");
    EXPECT_NE(column, nullptr);
    std::vector<std::string> names;
    if (column == nullptr) return names;
    for (int32_t code : column->codes) names.push_back(column->labels[static_cast<size_t>(code)]);
    return names;
  }
  const std::vector<double>& Distances() const {
    return scores.Find("kmeans.distance")->numeric;
  }
};

KMeansRun ScoreWithStrategy(const FeatureTable& features, const char* params,
                            int threads = 1) {
  KMeansRun run{absl::OkStatus(), ScoreTable(features.customer_count()), {}};
  absl::StatusOr<std::unique_ptr<Strategy>> strategy =
      StrategyRegistry::Global().Create("kmeans", *StrategyParams::Parse(params));
  if (!strategy.ok()) {
    run.status = strategy.status();
    return run;
  }
  Dataset dataset;
  FeatureOptions feature_options;
  feature_options.num_threads = threads;
  ScoreTable earlier(features.customer_count());
  StrategyInput input{dataset, feature_options, features, earlier};
  run.status = (*strategy)->Score(input, run.scores, run.warnings);
  return run;
}

// Hand-made: cluster A = (0,0), (2,0), (1,3) around (1,1); cluster B =
// (10,10), (12,10), (11,13), (11,11) around (11,11). B is larger, so it is
// cluster 1. Squared distances: A 2, 2, 4; B 2, 2, 4, 0; inertia 16.
TEST(KMeansFit, TwoObviousClustersByHand) {
  const std::vector<double> points = {0, 0, 2, 0, 1, 3, 10, 10, 12, 10, 11, 13, 11, 11};
  for (uint64_t seed = 0; seed < 10; ++seed) {
    KMeansFitOptions options;
    options.k = 2;
    options.seed = seed;
    absl::StatusOr<KMeansModel> model = FitKMeans(points, 2, options);
    ASSERT_TRUE(model.ok()) << model.status();
    EXPECT_EQ(model->labels, (std::vector<int32_t>{1, 1, 1, 0, 0, 0, 0})) << seed;
    EXPECT_EQ(model->centroids, (std::vector<double>{11, 11, 1, 1})) << seed;
    EXPECT_EQ(model->sizes, (std::vector<size_t>{4, 3}));
    EXPECT_DOUBLE_EQ(model->inertia, 16);
    const double r2 = std::sqrt(2.0);
    const std::vector<double> distances = {r2, r2, 2, r2, r2, 2, 0};
    for (size_t i = 0; i < distances.size(); ++i) {
      EXPECT_DOUBLE_EQ(model->distances[i], distances[i]) << i;
    }
    EXPECT_TRUE(model->converged);
    EXPECT_GE(model->iterations, 1);
  }
}

// Equal sizes are numbered by centroid, ascending: 1-D points 0, 1 and 10,
// 11 give centroids 0.5 (cluster 1) and 10.5 (cluster 2).
TEST(KMeansFit, EqualSizesNumberedByCentroid) {
  KMeansFitOptions options;
  options.k = 2;
  absl::StatusOr<KMeansModel> model = FitKMeans(std::vector<double>{10, 0, 11, 1}, 1, options);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->centroids, (std::vector<double>{0.5, 10.5}));
  EXPECT_EQ(model->labels, (std::vector<int32_t>{1, 0, 1, 0}));
  EXPECT_DOUBLE_EQ(model->inertia, 1.0);
}

// Initial centroids 0.5, 100, 10.5 on 0, 1, 10, 11: nobody is nearest to
// 100. Every point is 0.5 from its centroid, so the farthest with the lowest
// row is point 0; it moves to the empty cluster. Centroids 1, 0, 10.5 then
// keep every label: converged after one update, inertia 0.25 + 0.25.
TEST(KMeansLloyd, EmptyClusterTakesTheFarthestPoint) {
  const std::vector<double> points = {0, 1, 10, 11};
  std::vector<double> centroids = {0.5, 100, 10.5};
  internal::LloydResult result = internal::RunLloyd({points.data(), 4, 1}, centroids, 3,
                                                    /*max_iter=*/300, /*tol=*/0, 1);
  EXPECT_EQ(centroids, (std::vector<double>{1, 0, 10.5}));
  EXPECT_EQ(result.labels, (std::vector<int32_t>{1, 0, 2, 2}));
  EXPECT_EQ(result.sizes, (std::vector<size_t>{1, 1, 2}));
  EXPECT_DOUBLE_EQ(result.inertia, 0.5);
  EXPECT_EQ(result.iterations, 1);
  EXPECT_TRUE(result.converged);
}

// With fewer distinct points than k nothing can be moved into the extra
// clusters: they stay empty, with NaN centroids, numbered last.
TEST(KMeansFit, FewerDistinctPointsThanK) {
  KMeansFitOptions options;
  options.k = 3;
  absl::StatusOr<KMeansModel> model = FitKMeans(std::vector<double>{5, 0, 5, 0, 0}, 1, options);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->sizes, (std::vector<size_t>{3, 2, 0}));
  EXPECT_EQ(model->labels, (std::vector<int32_t>{1, 0, 1, 0, 0}));
  EXPECT_EQ(model->centroids[0], 0);
  EXPECT_EQ(model->centroids[1], 5);
  EXPECT_TRUE(std::isnan(model->centroids[2]));
  EXPECT_EQ(model->inertia, 0);
  EXPECT_TRUE(model->converged);

  absl::StatusOr<KMeansModel> equal = FitKMeans(std::vector<double>(10, 7.5), 2, options);
  ASSERT_TRUE(equal.ok()) << equal.status();
  EXPECT_EQ(equal->sizes, (std::vector<size_t>{5, 0, 0}));
  EXPECT_EQ(equal->labels, std::vector<int32_t>(5, 0));
  EXPECT_EQ(equal->distances, std::vector<double>(5, 0.0));
  EXPECT_EQ(equal->centroids[0], 7.5);
  EXPECT_EQ(equal->centroids[1], 7.5);
}

TEST(KMeansFit, ErrorsNameTheProblem) {
  KMeansFitOptions options;
  options.k = 4;
  EXPECT_EQ(FitKMeans(std::vector<double>{1, 2, 3}, 1, options).status().message(),
            "kmeans: k = 4 clusters need at least 4 points, got 3");
  EXPECT_EQ(FitKMeans(std::vector<double>{1, 2, 3}, 2, options).status().message(),
            "kmeans: points must hold rows x dims values with dims >= 1; got 3 values for "
            "dims = 2");
  EXPECT_EQ(FitKMeans(std::vector<double>{1, 2, 3, 4, 5, kNaN, 7, 8}, 2, options)
                .status()
                .message(),
            "kmeans: point 2 (0-based row) has a non-finite value nan in column 1");
  options.k = 51;
  EXPECT_EQ(FitKMeans(std::vector<double>(100, 1.0), 1, options).status().message(),
            "kmeans: k must be in [2, 50], got 51");
  options.k = 2;
  options.max_iter = 0;
  EXPECT_EQ(FitKMeans(std::vector<double>(100, 1.0), 1, options).status().message(),
            "kmeans: max_iter must be in [1, 10000], got 0");
  options.max_iter = 10;
  options.tol = -1;
  EXPECT_EQ(FitKMeans(std::vector<double>(100, 1.0), 1, options).status().message(),
            "kmeans: tol must be in [0, 1], got -1");
}

// Points spread over many blocks, from a fixed integer sequence.
std::vector<double> SpreadPoints(size_t rows, size_t dims) {
  std::vector<double> points(rows * dims);
  uint64_t u = 12345;
  for (double& value : points) {
    u = u * 6364136223846793005u + 1442695040888963407u;
    const double base = static_cast<double>((u >> 33) % 1000) / 100.0;
    value = base * base;  // skewed, like spend
  }
  return points;
}

// Every point's label is its nearest centroid (within rounding), and the
// reported distances and inertia are the recomputed ones.
void ExpectConsistent(const std::vector<double>& points, size_t dims, const KMeansModel& model) {
  const size_t rows = points.size() / dims;
  double inertia = 0;
  std::vector<size_t> sizes(model.k, 0);
  for (size_t i = 0; i < rows; ++i) {
    std::vector<double> d2(model.k, 0.0);
    for (size_t j = 0; j < model.k; ++j) {
      for (size_t t = 0; t < dims; ++t) {
        const double diff = points[i * dims + t] - model.centroids[j * dims + t];
        d2[j] += diff * diff;
      }
    }
    const size_t own = static_cast<size_t>(model.labels[i]);
    ++sizes[own];
    for (size_t j = 0; j < model.k; ++j) {
      ASSERT_LE(d2[own], d2[j] + 1e-9 * (1 + d2[j])) << "point " << i << " cluster " << j;
    }
    ASSERT_NEAR(model.distances[i], std::sqrt(d2[own]), 1e-9) << i;
    inertia += d2[own];
  }
  EXPECT_EQ(sizes, model.sizes);
  EXPECT_NEAR(model.inertia, inertia, 1e-9 * inertia);
  for (size_t j = 1; j < model.k; ++j) EXPECT_GE(model.sizes[j - 1], model.sizes[j]);
}

TEST(KMeansFit, LabelsAreTheNearestReturnedCentroidEvenWhenStoppedEarly) {
  const std::vector<double> points = SpreadPoints(9000, 3);
  KMeansFitOptions options;
  options.k = 6;
  options.max_iter = 1;
  absl::StatusOr<KMeansModel> early = FitKMeans(points, 3, options);
  ASSERT_TRUE(early.ok()) << early.status();
  EXPECT_EQ(early->iterations, 1);
  EXPECT_FALSE(early->converged);
  ExpectConsistent(points, 3, *early);

  options.max_iter = 300;
  options.tol = 0;
  absl::StatusOr<KMeansModel> full = FitKMeans(points, 3, options);
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_TRUE(full->converged);
  ExpectConsistent(points, 3, *full);
  EXPECT_LE(full->inertia, early->inertia);
}

TEST(KMeansThreads, FitIsIdenticalForAnyThreadCount) {
  const std::vector<double> points = SpreadPoints(30000, 3);
  std::vector<KMeansModel> models;
  for (int threads : {1, 2, 3}) {
    KMeansFitOptions options;
    options.k = 8;
    options.num_threads = threads;
    absl::StatusOr<KMeansModel> model = FitKMeans(points, 3, options);
    ASSERT_TRUE(model.ok()) << model.status();
    models.push_back(*std::move(model));
  }
  for (size_t m = 1; m < models.size(); ++m) {
    EXPECT_EQ(models[m].labels, models[0].labels);
    ASSERT_EQ(models[m].centroids.size(), models[0].centroids.size());
    EXPECT_EQ(std::memcmp(models[m].centroids.data(), models[0].centroids.data(),
                          models[0].centroids.size() * sizeof(double)),
              0);
    EXPECT_EQ(std::memcmp(models[m].distances.data(), models[0].distances.data(),
                          models[0].distances.size() * sizeof(double)),
              0);
    EXPECT_EQ(std::memcmp(&models[m].inertia, &models[0].inertia, sizeof(double)), 0);
    EXPECT_EQ(models[m].iterations, models[0].iterations);
  }
}

// Customers of every kind, many blocks' worth: prospects (frequency 0,
// recency NaN) every 50th, negative net spend every 70th.
FeatureTable MixedCustomers(size_t count) {
  std::vector<double> recency(count), frequency(count), monetary(count);
  uint64_t u = 99;
  for (size_t c = 0; c < count; ++c) {
    u = u * 6364136223846793005u + 1442695040888963407u;
    const uint64_t r = u >> 20;
    const bool prospect = c % 50 == 7;
    recency[c] = prospect ? kNaN : static_cast<double>(1 + r % 700);
    frequency[c] = prospect ? 0 : static_cast<double>(1 + (r >> 10) % 30);
    monetary[c] = prospect ? 0 : c % 70 == 3 ? -25.0 : static_cast<double>((r >> 20) % 5000);
  }
  return MakeFeatures(
      {{"recency_days", recency}, {"frequency", frequency}, {"monetary", monetary}});
}

TEST(KMeansThreads, StrategyIsIdenticalForAnyThreadCount) {
  const FeatureTable features = MixedCustomers(25000);
  KMeansRun one = ScoreWithStrategy(features, "k=5", 1);
  ASSERT_TRUE(one.status.ok()) << one.status;
  for (int threads : {2, 3}) {
    KMeansRun many = ScoreWithStrategy(features, "k=5", threads);
    ASSERT_TRUE(many.status.ok()) << many.status;
    EXPECT_EQ(many.scores.Find("kmeans.cluster")->codes, one.scores.Find("kmeans.cluster")->codes);
    EXPECT_EQ(std::memcmp(many.Distances().data(), one.Distances().data(),
                          one.Distances().size() * sizeof(double)),
              0);
    EXPECT_EQ(many.warnings, one.warnings);
  }
}

// monetary -5 (clipped to 0), 0, e-1, e^2-1, e^3-1: log1p gives 0, 0, 1, 2,
// 3 (to rounding): mean 6/5, population variance (1.44 + 1.44 + 0.04 +
// 0.64 + 3.24) / 5 = 1.36. frequency is 1 for all: no spread, so sd 1 and
// z = 0. Customer 5 never bought and is not clustered.
TEST(KMeansStandardize, LogThenStandardizeByHand) {
  const FeatureTable features = MakeFeatures(
      {{"frequency", {1, 1, 1, 1, 1, 0}},
       {"monetary", {-5, 0, kE - 1, kE * kE - 1, kE * kE * kE - 1, 0}}});
  absl::StatusOr<KMeansClustering> clustering =
      ClusterCustomers(features, Options({"monetary", "frequency"}, 2));
  ASSERT_TRUE(clustering.ok()) << clustering.status();
  EXPECT_EQ(clustering->clustered, 5u);
  EXPECT_NEAR(clustering->log_mean[0], 1.2, 1e-12);
  EXPECT_NEAR(clustering->log_sd[0], std::sqrt(1.36), 1e-12);
  EXPECT_NEAR(clustering->log_mean[1], std::log(2.0), 1e-15);
  EXPECT_EQ(clustering->log_sd[1], 1);
  EXPECT_EQ(clustering->labels[5], -1);
  EXPECT_TRUE(std::isnan(clustering->distances[5]));

  // Each centroid is the mean z of its members, and each distance the gap to
  // it, with z computed here by hand.
  const double logs[] = {0, 0, 1, 2, 3};
  std::map<int32_t, std::vector<double>> members;
  for (size_t c = 0; c < 5; ++c) {
    members[clustering->labels[c]].push_back((logs[c] - 1.2) / std::sqrt(1.36));
  }
  ASSERT_EQ(members.size(), 2u);
  for (const auto& [label, z] : members) {
    double mean = 0;
    for (double value : z) mean += value / static_cast<double>(z.size());
    const KMeansClusterProfile& cluster = clustering->profile[static_cast<size_t>(label)];
    EXPECT_EQ(cluster.size, z.size());
    EXPECT_NEAR(cluster.centroid[0], mean, 1e-12);
    EXPECT_EQ(cluster.centroid[1], 0);
    EXPECT_EQ(cluster.feature_means[1], 1);
  }
  for (size_t c = 0; c < 5; ++c) {
    const double z = (logs[c] - 1.2) / std::sqrt(1.36);
    const double centroid =
        clustering->profile[static_cast<size_t>(clustering->labels[c])].centroid[0];
    EXPECT_NEAR(clustering->distances[c], std::abs(z - centroid), 1e-12) << c;
  }
}

// log1p of 0 and e^4 - 1 is 0 and 4: mean 2, sd 2, z = -1 and +1. Two
// clusters of two: equal sizes, so the lower centroid is cluster 1.
TEST(KMeansProfile, TextTableByHand) {
  const double high = std::expm1(4.0);
  const FeatureTable features =
      MakeFeatures({{"frequency", {1, 2, 3, 4, 0}}, {"monetary", {high, 0, high, 0, 0}}});
  absl::StatusOr<KMeansClustering> clustering =
      ClusterCustomers(features, Options({"monetary"}, 2));
  ASSERT_TRUE(clustering.ok()) << clustering.status();
  EXPECT_EQ(clustering->labels, (std::vector<int32_t>{1, 0, 1, 0, -1}));
  EXPECT_EQ(FormatKMeansProfile(*clustering),
            "k-means on monetary: 4 customers in 2 clusters, 1 iteration (converged), "
            "inertia 0\n"
            "cluster  size  share  mean monetary  z monetary\n"
            "      1     2  50.0%           0.00       -1.00\n"
            "      2     2  50.0%          53.60       +1.00\n");
}

TEST(KMeansSilhouette, TinyCasesByHand) {
  // 0, 1 | 5, 6: a = 1 for all; b = 5.5, 4.5, 4.5, 5.5; s = 9/11, 7/9, 7/9,
  // 9/11; mean (9/11 + 7/9) / 2.
  const std::vector<double> four = {0, 1, 5, 6};
  EXPECT_NEAR(internal::Silhouette(four.data(), 4, 1, {0, 0, 1, 1}, 2, 1),
              (9.0 / 11 + 7.0 / 9) / 2, 1e-15);
  // 0, 1 | 5: point 5 is alone (s = 0); s(0) = (5 - 1) / 5, s(1) = (4 - 1) / 4.
  const std::vector<double> three = {0, 1, 5};
  EXPECT_NEAR(internal::Silhouette(three.data(), 3, 1, {0, 0, 1}, 2, 1),
              (0.8 + 0.75 + 0) / 3, 1e-15);
  // (0,0), (3,4) | (6,8): distances 5, 10, 5. s(0) = (10 - 5) / 10,
  // s(1) = (5 - 5) / 5 = 0.
  const std::vector<double> plane = {0, 0, 3, 4, 6, 8};
  EXPECT_NEAR(internal::Silhouette(plane.data(), 3, 2, {0, 0, 1}, 2, 2), 0.5 / 3, 1e-15);
  EXPECT_TRUE(std::isnan(internal::Silhouette(four.data(), 4, 1, {1, 1, 1, 1}, 3, 1)));
}

// Source: Rosetta Code, "Pseudo-random numbers/Splitmix64": the first five
// outputs for seed 1234567, and the counts of floor(5 x) over 100,000 floats
// for seed 987654321 (their floats divide by 2^64, ours take the top 53 bits:
// the counts agree unless a draw falls within 2^-53 of a multiple of 1/5).
TEST(KMeansRandom, SplitMix64MatchesThePublishedSequence) {
  internal::SplitMix64 random(1234567);
  for (uint64_t expected : {6457827717110365317u, 3203168211198807973u, 9817491932198370423u,
                            4593380528125082431u, 16408922859458223821u}) {
    EXPECT_EQ(random.Next(), expected);
  }
  internal::SplitMix64 floats(987654321);
  std::vector<int> counts(5, 0);
  for (int i = 0; i < 100000; ++i) ++counts[static_cast<size_t>(floats.Uniform() * 5)];
  EXPECT_EQ(counts, (std::vector<int>{20027, 19892, 20073, 19978, 20030}));
}

TEST(KMeansSample, SelectionSamplingIsSortedDistinctAndSized) {
  std::vector<size_t> sample = internal::SampleRows(1000, 30, 7);
  ASSERT_EQ(sample.size(), 30u);
  EXPECT_TRUE(std::is_sorted(sample.begin(), sample.end()));
  EXPECT_EQ(std::adjacent_find(sample.begin(), sample.end()), sample.end());
  EXPECT_LT(sample.back(), 1000u);
  EXPECT_EQ(internal::SampleRows(1000, 30, 7), sample);
  EXPECT_NE(internal::SampleRows(1000, 30, 8), sample);
  EXPECT_EQ(internal::SampleRows(3, 10, 7), (std::vector<size_t>{0, 1, 2}));
}

// Three groups of spend a factor 100 apart in log space: the silhouette
// peaks at k = 3, where the inertia drops the most.
TEST(KMeansChooseK, SilhouettePeaksAtTheTrueNumberOfGroups) {
  std::vector<double> frequency, monetary;
  for (int i = 0; i < 90; ++i) {
    frequency.push_back(1);
    const double group = i % 3 == 0 ? 10 : i % 3 == 1 ? 1000 : 100000;
    monetary.push_back(group * (1 + 0.01 * (i % 7)));
  }
  const FeatureTable features = MakeFeatures({{"frequency", frequency}, {"monetary", monetary}});
  KMeansChooseKOptions choose;
  choose.sample_size = 40;
  absl::StatusOr<std::vector<KMeansChoice>> choices =
      ChooseK(features, Options({"monetary"}, 4), choose);
  ASSERT_TRUE(choices.ok()) << choices.status();
  ASSERT_EQ(choices->size(), 9u);
  size_t best = 0;
  for (size_t i = 0; i < choices->size(); ++i) {
    EXPECT_EQ((*choices)[i].k, static_cast<int>(i) + 2);
    EXPECT_LE((*choices)[i].silhouette, 1.0);
    if ((*choices)[i].silhouette > (*choices)[best].silhouette) best = i;
  }
  EXPECT_EQ((*choices)[best].k, 3);
  EXPECT_GT((*choices)[1].silhouette, 0.9);
  EXPECT_LT((*choices)[1].inertia, (*choices)[0].inertia / 100);

  choose.max_k = 100;
  EXPECT_EQ(ChooseK(features, Options({"monetary"}, 4), choose).status().message(),
            "kmeans: ChooseK needs 2 <= min_k <= max_k <= 50, got min_k = 2, max_k = 100");
  choose.max_k = 10;
  const FeatureTable few = MakeFeatures({{"frequency", {1, 1, 1}}, {"monetary", {1, 2, 3}}});
  EXPECT_EQ(ChooseK(few, Options({"monetary"}, 2), choose).status().message(),
            "kmeans: ChooseK up to max_k = 10 needs at least 10 customers to cluster, got 3");
}

TEST(KMeansChooseK, IdenticalForAnyThreadCount) {
  const FeatureTable features = MixedCustomers(6000);
  KMeansChooseKOptions choose;
  choose.max_k = 4;
  choose.sample_size = 500;
  KMeansOptions options;
  options.fit.num_threads = 1;
  absl::StatusOr<std::vector<KMeansChoice>> one = ChooseK(features, options, choose);
  options.fit.num_threads = 3;
  absl::StatusOr<std::vector<KMeansChoice>> three = ChooseK(features, options, choose);
  ASSERT_TRUE(one.ok() && three.ok());
  ASSERT_EQ(one->size(), 3u);
  for (size_t i = 0; i < one->size(); ++i) {
    EXPECT_EQ(std::memcmp(&(*one)[i].inertia, &(*three)[i].inertia, sizeof(double)), 0);
    EXPECT_EQ(std::memcmp(&(*one)[i].silhouette, &(*three)[i].silhouette, sizeof(double)), 0);
  }
}

TEST(KMeansStrategy, ProspectsAndUndefinedFeaturesAreNone) {
  const FeatureTable features = MakeFeatures({{"recency_days", {kNaN, 3, 300, 5, 280, 4}},
                                              {"frequency", {0, 9, 1, 8, 1, 1}},
                                              {"monetary", {0, 900, 20, 800, 25, 30}},
                                              {"mean_gap_days", {kNaN, 10, kNaN, 12, kNaN, kNaN}}});
  KMeansRun run = ScoreWithStrategy(features, "k=2");
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.scores.Find("kmeans.cluster")->labels,
            (std::vector<std::string>{"1", "2", "none"}));
  std::vector<std::string> clusters = run.Clusters();
  EXPECT_EQ(clusters[0], "none");
  EXPECT_TRUE(std::isnan(run.Distances()[0]));
  // The two frequent, recent, big spenders against the three others.
  EXPECT_EQ(clusters, (std::vector<std::string>{"none", "2", "1", "2", "1", "1"}));
  EXPECT_TRUE(run.warnings.empty());

  // Customers with one purchase day have no mean gap: left out, with a warning.
  KMeansRun gaps = ScoreWithStrategy(features, "k=2, features=monetary;mean_gap_days");
  ASSERT_TRUE(gaps.status.ok()) << gaps.status;
  // Equal sizes: the lower monetary (800, customer 3) is cluster 1.
  EXPECT_EQ(gaps.Clusters(), (std::vector<std::string>{"none", "2", "none", "1", "none", "none"}));
  EXPECT_EQ(gaps.warnings,
            (std::vector<std::string>{"kmeans: 3 customers who bought are 'none': one of "
                                      "monetary, mean_gap_days is NaN or infinite for them"}));
}

TEST(KMeansStrategy, EmptyInputOnlyProspectsAndTooFewCustomers) {
  const FeatureTable empty = MixedCustomers(0);
  KMeansRun none = ScoreWithStrategy(empty, "");
  ASSERT_TRUE(none.status.ok()) << none.status;
  EXPECT_TRUE(none.Clusters().empty());
  EXPECT_EQ(none.warnings,
            (std::vector<std::string>{"kmeans: no customer to cluster (none bought with finite "
                                      "recency_days, frequency, monetary); every customer is "
                                      "'none'"}));

  const FeatureTable prospects = MakeFeatures(
      {{"recency_days", {kNaN, kNaN}}, {"frequency", {0, 0}}, {"monetary", {0, 0}}});
  KMeansRun only = ScoreWithStrategy(prospects, "");
  ASSERT_TRUE(only.status.ok()) << only.status;
  EXPECT_EQ(only.Clusters(), (std::vector<std::string>{"none", "none"}));
  EXPECT_EQ(only.warnings.size(), 1u);

  const FeatureTable one = MakeFeatures(
      {{"recency_days", {kNaN, 4}}, {"frequency", {0, 1}}, {"monetary", {0, 10}}});
  KMeansRun single = ScoreWithStrategy(one, "k=2");
  EXPECT_EQ(single.status.message(),
            "kmeans: k = 2 clusters need at least 2 customers to cluster (customers who "
            "bought, with finite recency_days, frequency, monetary), got 1");
}

TEST(KMeansStrategy, AllValuesEqualLeaveEmptyClustersWithAWarning) {
  const FeatureTable features = MakeFeatures(
      {{"recency_days", std::vector<double>(5, 30)}, {"frequency", std::vector<double>(5, 2)},
       {"monetary", std::vector<double>(5, 99.5)}});
  KMeansRun run = ScoreWithStrategy(features, "k=3");
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.Clusters(), std::vector<std::string>(5, "1"));
  EXPECT_EQ(run.Distances(), std::vector<double>(5, 0.0));
  EXPECT_EQ(run.warnings,
            (std::vector<std::string>{"kmeans: clusters 2, 3 are empty: the customers have "
                                      "fewer distinct feature values than k = 3"}));
}

TEST(KMeansStrategy, MaxIterWarns) {
  KMeansRun run = ScoreWithStrategy(MixedCustomers(5000), "k=8, max_iter=1, tol=0");
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.warnings, (std::vector<std::string>{
                              "kmeans: stopped after max_iter = 1 iterations before "
                              "converging (tol = 0)"}));
}

absl::Status ParamsError(const char* text) {
  absl::StatusOr<StrategyParams> params = StrategyParams::Parse(text);
  EXPECT_TRUE(params.ok()) << params.status();
  return KMeansOptionsFromParams(*params).status();
}

TEST(KMeansParams, ErrorsNameTheParameterAndTheAllowedValues) {
  EXPECT_EQ(ParamsError("k=1").message(),
            "kmeans: parameter 'k' must be an integer in [2, 50], got '1'");
  EXPECT_EQ(ParamsError("k=51").message(),
            "kmeans: parameter 'k' must be an integer in [2, 50], got '51'");
  EXPECT_EQ(ParamsError("max_iter=0").message(),
            "kmeans: parameter 'max_iter' must be an integer in [1, 10000], got '0'");
  EXPECT_EQ(ParamsError("tol=2").message(),
            "kmeans: parameter 'tol' must be a number in [0, 1], got '2'");
  EXPECT_EQ(ParamsError("seed=-3").message(),
            "kmeans: parameter 'seed' must be an integer in [0, 2147483647], got '-3'");
  EXPECT_EQ(ParamsError("features=monetary;;frequency").message(),
            "kmeans: parameter 'features' must be distinct feature names separated by ';', "
            "got 'monetary;;frequency'");
  EXPECT_EQ(ParamsError("features=monetary;monetary").message(),
            "kmeans: parameter 'features' must be distinct feature names separated by ';', "
            "got 'monetary;monetary'");
  EXPECT_EQ(ParamsError("clusters=3").message(),
            "kmeans: unknown parameter 'clusters'; accepted: k, features, max_iter, tol, seed");

  KMeansRun unknown = ScoreWithStrategy(MixedCustomers(10), "features=recency_days;spend");
  EXPECT_EQ(unknown.status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(unknown.status.message(),
            "kmeans: parameter 'features': no feature named 'spend'; features are: "
            "recency_days, frequency, monetary");
}

TEST(KMeansParams, ValuesReachTheOptions) {
  absl::StatusOr<KMeansOptions> defaults = KMeansOptionsFromParams({});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->fit.k, 4);
  EXPECT_EQ(defaults->fit.max_iter, 300);
  EXPECT_EQ(defaults->fit.tol, 1e-4);
  EXPECT_EQ(defaults->fit.seed, 0u);
  EXPECT_EQ(defaults->features,
            (std::vector<std::string>{"recency_days", "frequency", "monetary"}));
  absl::StatusOr<KMeansOptions> options = KMeansOptionsFromParams(*StrategyParams::Parse(
      "k=7, features=monetary; tenure_days, max_iter=50, tol=0.01, seed=42"));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->fit.k, 7);
  EXPECT_EQ(options->features, (std::vector<std::string>{"monetary", "tenure_days"}));
  EXPECT_EQ(options->fit.max_iter, 50);
  EXPECT_EQ(options->fit.tol, 0.01);
  EXPECT_EQ(options->fit.seed, 42u);

  KMeansOptions bad;
  bad.features = {};
  EXPECT_EQ(MakeKMeansStrategy(bad).status().message(),
            "kmeans: features must name at least one feature");
  bad.features = {"monetary", "monetary"};
  EXPECT_EQ(MakeKMeansStrategy(bad).status().message(),
            "kmeans: features names 'monetary' twice: 'monetary;monetary'");
}

// CDNOW_sample.txt: master_id sample_id YYYYMMDD cds dollars.
absl::StatusOr<Dataset> ReadCdnow(const std::string& path, std::vector<int64_t>& keys,
                                  std::vector<Day>& days, std::vector<double>& amounts) {
  for (const std::vector<std::string>& row : testing::ReadTable(path, ' ')) {
    keys.push_back(std::stoll(row[1]));
    days.push_back(*ParseDay(row[2]));
    amounts.push_back(std::stod(row[4]));
  }
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  return BuildDataset(columns);
}

// On the 2,357 CDNOW customers (all bought), with the standardization redone
// here from the raw features: run to no label change (tol = 0), every
// customer is nearest to its own centroid, each centroid is the mean of its
// customers, and distances and inertia are the recomputed ones.
TEST(KMeansCdnow, PropertiesCheckedFromScratch) {
  TESSERA_SHARED_FILE(path, "cdnow/CDNOW_sample.txt");
  std::vector<int64_t> keys;
  std::vector<Day> days;
  std::vector<double> amounts;
  absl::StatusOr<Dataset> dataset = ReadCdnow(path, keys, days, amounts);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customer_count(), 2357u);  // REFERENCE.md
  FeatureOptions feature_options;
  feature_options.as_of = DayAfterLastTransaction(*dataset);
  absl::StatusOr<FeatureTable> features = ComputeFeatures(*dataset, feature_options);
  ASSERT_TRUE(features.ok()) << features.status();

  KMeansOptions options;
  options.fit.tol = 0;
  absl::StatusOr<KMeansClustering> clustering = ClusterCustomers(*features, options);
  ASSERT_TRUE(clustering.ok()) << clustering.status();
  ASSERT_EQ(clustering->clustered, 2357u);
  EXPECT_TRUE(clustering->converged);

  const size_t n = 2357, d = 3, k = 4;
  const double count = 2357;
  std::vector<std::vector<double>> z(d, std::vector<double>(n));
  for (size_t t = 0; t < d; ++t) {
    const std::vector<double>& raw = *features->Find(options.features[t]);
    double mean = 0, variance = 0;
    for (size_t c = 0; c < n; ++c) {
      z[t][c] = std::log1p(std::max(raw[c], 0.0));
      mean += z[t][c] / count;
    }
    for (size_t c = 0; c < n; ++c) variance += (z[t][c] - mean) * (z[t][c] - mean) / count;
    EXPECT_NEAR(clustering->log_mean[t], mean, 1e-12);
    EXPECT_NEAR(clustering->log_sd[t], std::sqrt(variance), 1e-12);
    for (double& value : z[t]) value = (value - mean) / std::sqrt(variance);
  }

  std::vector<std::vector<double>> member_sum(k, std::vector<double>(d, 0.0));
  std::vector<std::vector<double>> raw_sum(k, std::vector<double>(d, 0.0));
  std::vector<size_t> sizes(k, 0);
  double inertia = 0;
  for (size_t c = 0; c < n; ++c) {
    const size_t own = static_cast<size_t>(clustering->labels[c]);
    ASSERT_LT(own, k);
    std::vector<double> d2(k, 0.0);
    for (size_t j = 0; j < k; ++j) {
      for (size_t t = 0; t < d; ++t) {
        const double diff = z[t][c] - clustering->profile[j].centroid[t];
        d2[j] += diff * diff;
      }
    }
    for (size_t j = 0; j < k; ++j) ASSERT_LE(d2[own], d2[j] + 1e-9) << c;
    EXPECT_NEAR(clustering->distances[c], std::sqrt(d2[own]), 1e-9);
    inertia += d2[own];
    ++sizes[own];
    for (size_t t = 0; t < d; ++t) {
      member_sum[own][t] += z[t][c];
      raw_sum[own][t] += (*features->Find(options.features[t]))[c];
    }
  }
  EXPECT_NEAR(clustering->inertia, inertia, 1e-9 * inertia);
  for (size_t j = 0; j < k; ++j) {
    const KMeansClusterProfile& cluster = clustering->profile[j];
    EXPECT_EQ(cluster.size, sizes[j]);
    if (j > 0) {
      EXPECT_GE(clustering->profile[j - 1].size, cluster.size);
    }
    for (size_t t = 0; t < d; ++t) {
      const double size = static_cast<double>(sizes[j]);
      EXPECT_NEAR(cluster.centroid[t], member_sum[j][t] / size, 1e-9);
      EXPECT_NEAR(cluster.feature_means[t], raw_sum[j][t] / size,
                  1e-9 * std::abs(raw_sum[j][t]));
    }
  }
  EXPECT_NE(FormatKMeansProfile(*clustering).find("2357 customers in 4 clusters"),
            std::string::npos);

  // Through the pipeline, the strategy gives the same clusters.
  RunOptions run;
  run.features = feature_options;
  run.strategies = {{"kmeans", *StrategyParams::Parse("tol=0")}};
  absl::StatusOr<RunResult> result = tessera::Run(*dataset, run);
  ASSERT_TRUE(result.ok()) << result.status();
  const ScoreColumn* cluster = result->scores.Find("kmeans.cluster");
  ASSERT_NE(cluster, nullptr);
  EXPECT_EQ(cluster->codes, clustering->labels);
  EXPECT_EQ(cluster->labels, (std::vector<std::string>{"1", "2", "3", "4", "none"}));
}

}  // namespace
}  // namespace tessera
