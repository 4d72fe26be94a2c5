#include "bench_data.h"

#include <cstdlib>
#include <map>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "npy_orders.h"

namespace tessera::bench {
namespace {

constexpr int64_t kSizes[] = {1'000'000, 10'000'000};
constexpr int64_t kTransactionsPerCustomer = 10;

const char* NpyDir() {
  const char* dir = std::getenv("TESSERA_BENCH_NPY_DIR");
  return dir != nullptr && *dir != '\0' ? dir : nullptr;
}

int Threads() {
  if (const char* text = std::getenv("TESSERA_BENCH_THREADS")) {
    int threads = std::atoi(text);
    if (threads > 0) return threads;
  }
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

}  // namespace

std::string SizeLabel(int64_t transactions) {
  if (transactions % 1'000'000 == 0) return absl::StrCat(transactions / 1'000'000, "m");
  return absl::StrCat(transactions);
}

absl::StatusOr<const SyntheticOrders*> OrdersFor(int64_t transactions) {
  // Google Benchmark runs one benchmark at a time on the main thread, so the
  // cache needs no lock.
  static std::map<int64_t, std::unique_ptr<SyntheticOrders>> cache;
  std::unique_ptr<SyntheticOrders>& entry = cache[transactions];
  if (entry != nullptr) return entry.get();
  const size_t rows = static_cast<size_t>(transactions);
  if (const char* dir = NpyDir()) {
    absl::StatusOr<SyntheticOrders> orders = ReadPeerOrders(dir, SizeLabel(transactions));
    if (!orders.ok()) return orders.status();
    if (orders->size() != rows) {
      return absl::InvalidArgumentError(absl::StrCat(
          dir, "/", SizeLabel(transactions), "_*.npy hold ", orders->size(),
          " rows, expected ", transactions));
    }
    entry = std::make_unique<SyntheticOrders>(*std::move(orders));
  } else {
    entry = std::make_unique<SyntheticOrders>(GenerateSyntheticOrders(
        rows, static_cast<size_t>(transactions / kTransactionsPerCustomer)));
  }
  return entry.get();
}

std::string OrdersSource() {
  const char* dir = NpyDir();
  return dir == nullptr ? "synthetic" : absl::StrCat("npy:", dir);
}

void AtBenchmarkSizes(benchmark::internal::Benchmark* benchmark) {
  benchmark->ArgNames({"tx", "threads"});
  for (int64_t transactions : kSizes) benchmark->Args({transactions, Threads()});
  benchmark->UseRealTime()->Unit(benchmark::kMillisecond);
}

int ThreadsArg(const benchmark::State& state) { return static_cast<int>(state.range(1)); }

FeatureOptions FeatureOptionsFor(const SyntheticOrders& orders, int threads) {
  FeatureOptions options;
  options.as_of = orders.as_of;
  options.num_threads = threads;
  return options;
}

bool Check(benchmark::State& state, const absl::Status& status) {
  if (status.ok()) return true;
  state.SkipWithError(status.ToString().c_str());
  return false;
}

void ReportTransactions(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetLabel(OrdersSource());
}

}  // namespace tessera::bench
