// k-means on the benchmark customers (100k and 1M, from 1M and 10M
// transactions), beside scikit-learn's KMeans(n_clusters=8, n_init=1) in
// ../shared/bench/bench_kmeans.py. BM_KMeansFit times FitKMeans alone on the
// standardized log1p(recency, frequency, monetary) matrix, as the script
// times KMeans.fit alone; BM_KMeansCustomers times ClusterCustomers, the
// strategy's whole computation (transform, fit, profile), the counterpart of
// the script's StandardScaler plus fit. Counters: Lloyd iterations, inertia.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "bench_data.h"
#include "benchmark/benchmark.h"
#include "tessera/dataset.h"
#include "tessera/features.h"
#include "tessera/kmeans.h"

namespace tessera::bench {
namespace {

constexpr int kClusters = 8;

struct KMeansInputs {
  FeatureTable features;
  std::vector<double> points;  // customers x 3, standardized log1p
};

// The matrix as bench_kmeans.py builds it: log1p of the raw features (the
// synthetic amounts are positive, so no clipping happens), then mean 0 and
// population standard deviation 1 per column.
std::vector<double> StandardizedMatrix(const FeatureTable& features) {
  const std::vector<double>* columns[] = {features.Find(feature::kRecencyDays),
                                          features.Find(feature::kFrequency),
                                          features.Find(feature::kMonetary)};
  const size_t rows = features.customer_count();
  std::vector<double> points(rows * 3);
  for (size_t t = 0; t < 3; ++t) {
    double mean = 0;
    for (size_t i = 0; i < rows; ++i) {
      points[i * 3 + t] = std::log1p(std::max((*columns[t])[i], 0.0));
      mean += points[i * 3 + t];
    }
    mean /= static_cast<double>(rows);
    double variance = 0;
    for (size_t i = 0; i < rows; ++i) variance += std::pow(points[i * 3 + t] - mean, 2);
    const double sd = std::sqrt(variance / static_cast<double>(rows));
    for (size_t i = 0; i < rows; ++i) points[i * 3 + t] = (points[i * 3 + t] - mean) / sd;
  }
  return points;
}

absl::StatusOr<const KMeansInputs*> InputsFor(int64_t transactions) {
  static std::map<int64_t, std::unique_ptr<KMeansInputs>> cache;
  std::unique_ptr<KMeansInputs>& entry = cache[transactions];
  if (entry != nullptr) return entry.get();
  absl::StatusOr<const SyntheticOrders*> orders = OrdersFor(transactions);
  if (!orders.ok()) return orders.status();
  absl::StatusOr<Dataset> dataset = BuildDataset(ToTransactionColumns(**orders));
  if (!dataset.ok()) return dataset.status();
  absl::StatusOr<FeatureTable> features = ComputeFeatures(*dataset, FeatureOptionsFor(**orders, 0));
  if (!features.ok()) return features.status();
  std::vector<double> points = StandardizedMatrix(*features);
  entry = std::make_unique<KMeansInputs>(KMeansInputs{*std::move(features), std::move(points)});
  return entry.get();
}

void ReportFit(benchmark::State& state, size_t customers, int iterations, double inertia) {
  state.counters["customers"] = static_cast<double>(customers);
  state.counters["lloyd_iterations"] = iterations;
  state.counters["inertia"] = inertia;
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(customers));
  state.SetLabel(OrdersSource());
}

void BM_KMeansFit(benchmark::State& state) {
  absl::StatusOr<const KMeansInputs*> inputs = InputsFor(state.range(0));
  if (!Check(state, inputs.status())) return;
  KMeansFitOptions options;
  options.k = kClusters;
  options.num_threads = ThreadsArg(state);
  int iterations = 0;
  double inertia = 0;
  for (auto _ : state) {
    absl::StatusOr<KMeansModel> model = FitKMeans((*inputs)->points, 3, options);
    if (!Check(state, model.status())) return;
    iterations = model->iterations;
    inertia = model->inertia;
    benchmark::DoNotOptimize(model->labels.data());
  }
  ReportFit(state, (*inputs)->features.customer_count(), iterations, inertia);
}

void BM_KMeansCustomers(benchmark::State& state) {
  absl::StatusOr<const KMeansInputs*> inputs = InputsFor(state.range(0));
  if (!Check(state, inputs.status())) return;
  KMeansOptions options;
  options.fit.k = kClusters;
  options.fit.num_threads = ThreadsArg(state);
  int iterations = 0;
  double inertia = 0;
  for (auto _ : state) {
    absl::StatusOr<KMeansClustering> clustering =
        ClusterCustomers((*inputs)->features, options);
    if (!Check(state, clustering.status())) return;
    iterations = clustering->iterations;
    inertia = clustering->inertia;
    benchmark::DoNotOptimize(clustering->labels.data());
  }
  ReportFit(state, (*inputs)->features.customer_count(), iterations, inertia);
}

BENCHMARK(BM_KMeansFit)->Apply(AtBenchmarkSizes);
BENCHMARK(BM_KMeansCustomers)->Apply(AtBenchmarkSizes);

}  // namespace
}  // namespace tessera::bench
