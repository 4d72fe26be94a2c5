// Reading a transaction CSV ("customer_id,date,amount,category", the peers'
// layout) at 1M and 10M rows, alone and followed by the RFM job. The files
// come from $TESSERA_BENCH_CSV_DIR (SIZE.csv, e.g. the peers' data folder)
// or are written once to a temporary folder that is removed at exit.
#include <stdlib.h>  // mkdtemp (POSIX)

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "bench_data.h"
#include "benchmark/benchmark.h"
#include "tessera/csv.h"
#include "tessera/dates.h"
#include "tessera/pipeline.h"

namespace tessera::bench {
namespace {

namespace fs = std::filesystem;

class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (fs::temp_directory_path() / "tessera-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;

  // Empty when the folder could not be made.
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

absl::StatusOr<std::string> CsvFor(int64_t transactions) {
  const std::string name = SizeLabel(transactions) + ".csv";
  const char* dir = std::getenv("TESSERA_BENCH_CSV_DIR");
  if (dir != nullptr && *dir != '\0') {
    std::string path = (fs::path(dir) / name).string();
    if (!fs::exists(path)) {
      return absl::NotFoundError(absl::StrCat(
          "no ", path, "; write it with gen_data.py ", SizeLabel(transactions),
          " --csv or unset TESSERA_BENCH_CSV_DIR"));
    }
    return path;
  }
  static TemporaryFolder folder;
  static std::map<int64_t, std::string> written;
  if (auto it = written.find(transactions); it != written.end()) return it->second;
  if (folder.path().empty()) {
    return absl::InternalError("cannot create a temporary folder for the CSV files");
  }
  absl::StatusOr<const SyntheticOrders*> orders = OrdersFor(transactions);
  if (!orders.ok()) return orders.status();
  std::string path = (fs::path(folder.path()) / name).string();
  if (absl::Status s = WriteOrdersCsv(**orders, path); !s.ok()) return s;
  return written[transactions] = path;
}

CsvOptions PeerCsvOptions(int threads) {
  CsvOptions options;
  options.customer = "customer_id";
  options.date = "date";
  options.amount = "amount";
  options.category = "category";
  options.ingest.num_threads = threads;
  return options;
}

// Every row of these files is valid; a rejected one means a reader bug, and
// the timing of a reader that drops rows would mean nothing.
absl::Status CheckAllAccepted(const Dataset& dataset, int64_t transactions) {
  const IngestReport& report = dataset.report;
  if (report.rows_rejected() == 0 &&
      report.rows_accepted == static_cast<uint64_t>(transactions)) {
    return absl::OkStatus();
  }
  return absl::DataLossError(absl::StrCat("expected ", transactions,
                                          " accepted rows: ", report.Summary()));
}

void ReportBytes(benchmark::State& state, const std::string& path) {
  ReportTransactions(state);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(fs::file_size(path)));
  state.SetLabel(path);
}

void BM_ReadCsv(benchmark::State& state) {
  absl::StatusOr<std::string> path = CsvFor(state.range(0));
  if (!Check(state, path.status())) return;
  const CsvOptions options = PeerCsvOptions(ThreadsArg(state));
  for (auto _ : state) {
    absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(*path, options);
    if (!Check(state, dataset.status()) ||
        !Check(state, CheckAllAccepted(*dataset, state.range(0)))) {
      return;
    }
    benchmark::DoNotOptimize(dataset->transactions.customer.data());
  }
  ReportBytes(state, *path);
}

// The whole job from a file: what DuckDB's read_csv + GROUP BY + NTILE does.
void BM_CsvEndToEnd(benchmark::State& state) {
  absl::StatusOr<std::string> path = CsvFor(state.range(0));
  if (!Check(state, path.status())) return;
  const int threads = ThreadsArg(state);
  const CsvOptions options = PeerCsvOptions(threads);
  RunOptions run;
  run.features.as_of = *DayFromCivil(2024, 1, 1);
  run.features.num_threads = threads;
  for (auto _ : state) {
    absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(*path, options);
    if (!Check(state, dataset.status())) return;
    absl::StatusOr<RunResult> result = Run(*dataset, run);
    if (!Check(state, result.status())) return;
    benchmark::DoNotOptimize(result->scores.columns().data());
  }
  ReportBytes(state, *path);
}

BENCHMARK(BM_ReadCsv)->Apply(AtBenchmarkSizes);
BENCHMARK(BM_CsvEndToEnd)->Apply(AtBenchmarkSizes);

}  // namespace
}  // namespace tessera::bench
