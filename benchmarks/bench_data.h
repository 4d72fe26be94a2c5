// What every tessera benchmark shares: the sizes, the thread count and the
// rows, made once per size and kept for the whole program so that no timed
// region ever includes making data.
#ifndef TESSERA_BENCHMARKS_BENCH_DATA_H_
#define TESSERA_BENCHMARKS_BENCH_DATA_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "benchmark/benchmark.h"
#include "synthetic_orders.h"
#include "tessera/features.h"

namespace tessera::bench {

// "1m", "10m": the peer scripts' name for a number of transactions.
std::string SizeLabel(int64_t transactions);

// The rows of `transactions` transactions (one customer per 10): the peers'
// exact columns from $TESSERA_BENCH_NPY_DIR when it is set, else the
// synthetic generator's. Made on first use, then kept.
absl::StatusOr<const SyntheticOrders*> OrdersFor(int64_t transactions);

// Where OrdersFor's rows come from, for benchmark labels.
std::string OrdersSource();

// Runs a benchmark at 1M and 10M transactions as arguments "tx" and
// "threads" (every core, or $TESSERA_BENCH_THREADS), in wall-clock time
// since the work runs on several threads, reported in milliseconds.
void AtBenchmarkSizes(benchmark::internal::Benchmark* benchmark);

// The second argument, "threads", that every benchmark here takes.
int ThreadsArg(const benchmark::State& state);

// Features of `orders` as of their own as-of date, on `threads` threads.
FeatureOptions FeatureOptionsFor(const SyntheticOrders& orders, int threads);

// Marks the benchmark failed with the status message; returns false then.
bool Check(benchmark::State& state, const absl::Status& status);

// Sets items_processed to the transactions handled and names the rows.
void ReportTransactions(benchmark::State& state);

}  // namespace tessera::bench

#endif  // TESSERA_BENCHMARKS_BENCH_DATA_H_
