// Buy-till-you-die models at 1M and 10M transactions (100k and 1M
// customers): the summary (x, t_x, T, repeat spend: what lifetimes'
// summary_data_from_transaction_data computes; /work/shared/bench/
// bench_lifetimes.py times that in pandas), the BG/NBD and Gamma-Gamma fits,
// and scoring every customer (P(alive), expected purchases over a year, CLV
// over 12 months). Each stage starts from the previous stage's cached
// output. items_per_second counts customers.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench_data.h"
#include "benchmark/benchmark.h"
#include "tessera/dataset.h"
#include "tessera/features.h"
#include "tessera/lifetime.h"

namespace tessera::bench {
namespace {

// Built untimed on first use and kept; identical for any thread count.
struct Inputs {
  const SyntheticOrders* orders = nullptr;
  Dataset dataset;
  LifetimeSummary summary;
  std::unique_ptr<FittedCountModel> count;
  SpendModel spend;
};

absl::StatusOr<const Inputs*> InputsFor(int64_t transactions) {
  static std::map<int64_t, std::unique_ptr<Inputs>> cache;
  std::unique_ptr<Inputs>& entry = cache[transactions];
  if (entry != nullptr) return entry.get();
  auto inputs = std::make_unique<Inputs>();
  absl::StatusOr<const SyntheticOrders*> orders = OrdersFor(transactions);
  if (!orders.ok()) return orders.status();
  inputs->orders = *orders;
  absl::StatusOr<Dataset> dataset = BuildDataset(ToTransactionColumns(**orders));
  if (!dataset.ok()) return dataset.status();
  inputs->dataset = *std::move(dataset);
  absl::StatusOr<FeatureTable> features =
      ComputeFeatures(inputs->dataset, FeatureOptionsFor(**orders, 0));
  if (!features.ok()) return features.status();
  absl::StatusOr<LifetimeSummary> summary = LifetimeSummaryFromFeatures(*features);
  if (!summary.ok()) return summary.status();
  inputs->summary = *std::move(summary);
  absl::StatusOr<FittedCountModel> count = FitCountModel(CountModelKind::kBgNbd, inputs->summary);
  if (!count.ok()) return count.status();
  inputs->count = std::make_unique<FittedCountModel>(*std::move(count));
  absl::StatusOr<SpendModel> spend = FitGammaGamma(inputs->summary);
  if (!spend.ok()) return spend.status();
  inputs->spend = *std::move(spend);
  entry = std::move(inputs);
  return entry.get();
}

void ReportCustomers(benchmark::State& state, const Inputs& inputs) {
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(inputs.summary.size()));
  state.SetLabel(OrdersSource());
}

// The features (every one, not only the four lifetimes computes) and the
// summary taken from them.
void BM_LifetimeSummary(benchmark::State& state) {
  absl::StatusOr<const Inputs*> inputs = InputsFor(state.range(0));
  if (!Check(state, inputs.status())) return;
  const FeatureOptions options = FeatureOptionsFor(*(*inputs)->orders, ThreadsArg(state));
  for (auto _ : state) {
    absl::StatusOr<FeatureTable> features = ComputeFeatures((*inputs)->dataset, options);
    if (!Check(state, features.status())) return;
    absl::StatusOr<LifetimeSummary> summary = LifetimeSummaryFromFeatures(*features);
    if (!Check(state, summary.status())) return;
    benchmark::DoNotOptimize(summary->x.data());
  }
  ReportCustomers(state, **inputs);
}

void BM_FitBgNbdAndGammaGamma(benchmark::State& state) {
  absl::StatusOr<const Inputs*> inputs = InputsFor(state.range(0));
  if (!Check(state, inputs.status())) return;
  LifetimeFitOptions options;
  options.num_threads = ThreadsArg(state);
  for (auto _ : state) {
    absl::StatusOr<FittedCountModel> count =
        FitCountModel(CountModelKind::kBgNbd, (*inputs)->summary, options);
    if (!Check(state, count.status())) return;
    absl::StatusOr<SpendModel> spend = FitGammaGamma((*inputs)->summary, options);
    if (!Check(state, spend.status())) return;
    benchmark::DoNotOptimize(spend->p);
  }
  ReportCustomers(state, **inputs);
}

void BM_FitBgNbd(benchmark::State& state) {
  absl::StatusOr<const Inputs*> inputs = InputsFor(state.range(0));
  if (!Check(state, inputs.status())) return;
  LifetimeFitOptions options;
  options.num_threads = ThreadsArg(state);
  for (auto _ : state) {
    absl::StatusOr<FittedCountModel> count =
        FitCountModel(CountModelKind::kBgNbd, (*inputs)->summary, options);
    if (!Check(state, count.status())) return;
    benchmark::DoNotOptimize(count->report().log_likelihood);
  }
  ReportCustomers(state, **inputs);
}

void BM_FitGammaGamma(benchmark::State& state) {
  absl::StatusOr<const Inputs*> inputs = InputsFor(state.range(0));
  if (!Check(state, inputs.status())) return;
  LifetimeFitOptions options;
  options.num_threads = ThreadsArg(state);
  for (auto _ : state) {
    absl::StatusOr<SpendModel> spend = FitGammaGamma((*inputs)->summary, options);
    if (!Check(state, spend.status())) return;
    benchmark::DoNotOptimize(spend->p);
  }
  ReportCustomers(state, **inputs);
}

// P(alive), expected purchases and spend over 12 months, and 12-month CLV
// (monthly discounting), for every customer: one CustomerLifetimeValue call.
void BM_ScoreCustomers(benchmark::State& state) {
  absl::StatusOr<const Inputs*> inputs = InputsFor(state.range(0));
  if (!Check(state, inputs.status())) return;
  const Inputs& in = **inputs;
  ClvOptions clv;
  clv.num_threads = ThreadsArg(state);
  for (auto _ : state) {
    absl::StatusOr<CustomerValues> values =
        CustomerLifetimeValue(*in.count, in.spend, in.summary, clv);
    if (!Check(state, values.status())) return;
    benchmark::DoNotOptimize(values->value.data());
  }
  ReportCustomers(state, in);
}

// The two columns of the "bgnbd" strategy: P(alive) and expected purchases
// over 52 weeks.
void BM_AliveAndExpected(benchmark::State& state) {
  absl::StatusOr<const Inputs*> inputs = InputsFor(state.range(0));
  if (!Check(state, inputs.status())) return;
  const Inputs& in = **inputs;
  const int threads = ThreadsArg(state);
  for (auto _ : state) {
    absl::StatusOr<std::vector<double>> alive = in.count->ProbabilityAlive(in.summary, threads);
    if (!Check(state, alive.status())) return;
    absl::StatusOr<std::vector<double>> expected =
        in.count->ExpectedPurchases(in.summary, 52.0, threads);
    if (!Check(state, expected.status())) return;
    benchmark::DoNotOptimize(expected->data());
  }
  ReportCustomers(state, in);
}

BENCHMARK(BM_LifetimeSummary)->Apply(AtBenchmarkSizes);
BENCHMARK(BM_FitBgNbdAndGammaGamma)->Apply(AtBenchmarkSizes);
BENCHMARK(BM_FitBgNbd)->Apply(AtBenchmarkSizes);
BENCHMARK(BM_FitGammaGamma)->Apply(AtBenchmarkSizes);
BENCHMARK(BM_ScoreCustomers)->Apply(AtBenchmarkSizes);
BENCHMARK(BM_AliveAndExpected)->Apply(AtBenchmarkSizes);

}  // namespace
}  // namespace tessera::bench
