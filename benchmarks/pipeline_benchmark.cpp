// The in-memory pipeline, stage by stage and whole, at 1M and 10M
// transactions: key mapping (BuildDataset), features (grouping the rows by
// customer included), RFM scoring, and the end-to-end job a host runs
// (BuildDataset + Run with the default "rfm" strategy). The stage benchmarks
// start from the previous stage's cached output, so their times add up to
// the whole.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench_data.h"
#include "benchmark/benchmark.h"
#include "tessera/dataset.h"
#include "tessera/features.h"
#include "tessera/pipeline.h"
#include "tessera/scores.h"
#include "tessera/strategy.h"

namespace tessera::bench {
namespace {

// A stage's inputs, built untimed on first use and kept; identical for any
// thread count, so one entry per size serves every run.
struct StageInputs {
  const SyntheticOrders* orders = nullptr;
  Dataset dataset;
  FeatureTable features;
};

absl::StatusOr<const StageInputs*> StageInputsFor(int64_t transactions) {
  static std::map<int64_t, std::unique_ptr<StageInputs>> cache;
  std::unique_ptr<StageInputs>& entry = cache[transactions];
  if (entry != nullptr) return entry.get();
  absl::StatusOr<const SyntheticOrders*> orders = OrdersFor(transactions);
  if (!orders.ok()) return orders.status();
  absl::StatusOr<Dataset> dataset = BuildDataset(ToTransactionColumns(**orders));
  if (!dataset.ok()) return dataset.status();
  absl::StatusOr<FeatureTable> features =
      ComputeFeatures(*dataset, FeatureOptionsFor(**orders, 0));
  if (!features.ok()) return features.status();
  entry = std::make_unique<StageInputs>(
      StageInputs{*orders, *std::move(dataset), *std::move(features)});
  return entry.get();
}

void BM_KeyMapping(benchmark::State& state) {
  absl::StatusOr<const SyntheticOrders*> orders = OrdersFor(state.range(0));
  if (!Check(state, orders.status())) return;
  const TransactionColumns columns = ToTransactionColumns(**orders);
  IngestOptions options;
  options.num_threads = ThreadsArg(state);
  for (auto _ : state) {
    absl::StatusOr<Dataset> dataset = BuildDataset(columns, options);
    if (!Check(state, dataset.status())) return;
    benchmark::DoNotOptimize(dataset->transactions.customer.data());
  }
  ReportTransactions(state);
}

// Grouping the rows by customer happens in here.
void BM_Features(benchmark::State& state) {
  absl::StatusOr<const StageInputs*> inputs = StageInputsFor(state.range(0));
  if (!Check(state, inputs.status())) return;
  const FeatureOptions options = FeatureOptionsFor(*(*inputs)->orders, ThreadsArg(state));
  for (auto _ : state) {
    absl::StatusOr<FeatureTable> features = ComputeFeatures((*inputs)->dataset, options);
    if (!Check(state, features.status())) return;
    benchmark::DoNotOptimize(features->columns().data());
  }
  ReportTransactions(state);
}

void BM_Rfm(benchmark::State& state) {
  absl::StatusOr<const StageInputs*> inputs = StageInputsFor(state.range(0));
  if (!Check(state, inputs.status())) return;
  absl::StatusOr<std::unique_ptr<Strategy>> rfm = StrategyRegistry::Global().Create("rfm");
  if (!Check(state, rfm.status())) return;
  const Dataset& dataset = (*inputs)->dataset;
  const FeatureOptions options = FeatureOptionsFor(*(*inputs)->orders, ThreadsArg(state));
  const ScoreTable no_earlier_scores(dataset.customer_count());
  const StrategyInput input{dataset, options, (*inputs)->features, no_earlier_scores};
  for (auto _ : state) {
    ScoreTable scores(dataset.customer_count());
    std::vector<std::string> warnings;
    if (!Check(state, (*rfm)->Score(input, scores, warnings))) return;
    benchmark::DoNotOptimize(scores.columns().data());
  }
  ReportTransactions(state);
}

void BM_EndToEnd(benchmark::State& state) {
  absl::StatusOr<const SyntheticOrders*> orders = OrdersFor(state.range(0));
  if (!Check(state, orders.status())) return;
  const TransactionColumns columns = ToTransactionColumns(**orders);
  IngestOptions ingest;
  ingest.num_threads = ThreadsArg(state);
  RunOptions run;
  run.features = FeatureOptionsFor(**orders, ThreadsArg(state));
  for (auto _ : state) {
    absl::StatusOr<Dataset> dataset = BuildDataset(columns, ingest);
    if (!Check(state, dataset.status())) return;
    absl::StatusOr<RunResult> result = Run(*dataset, run);
    if (!Check(state, result.status())) return;
    benchmark::DoNotOptimize(result->scores.columns().data());
  }
  ReportTransactions(state);
}

BENCHMARK(BM_KeyMapping)->Apply(AtBenchmarkSizes);
BENCHMARK(BM_Features)->Apply(AtBenchmarkSizes);
BENCHMARK(BM_Rfm)->Apply(AtBenchmarkSizes);
BENCHMARK(BM_EndToEnd)->Apply(AtBenchmarkSizes);

}  // namespace
}  // namespace tessera::bench
