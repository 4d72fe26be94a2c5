// The same file gives the same bytes out, whatever the thread count: CSV in,
// every built-in strategy, CSV and rejects out. 400,000 rows, so that every
// parallel path (CSV chunks, the key table, the customer buckets) splits.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "tessera/csv.h"
#include "tessera/output.h"
#include "tessera/pipeline.h"

namespace tessera {
namespace {

constexpr size_t kRows = 400000;

// Text keys, some first seen only near the end; quoted notes with commas,
// quotes and line breaks; cancellations; and a few bad rows of each kind.
std::string WriteOrders(const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  out << "order,customer,date,quantity,price,category,note\n";
  uint64_t state = 2024;
  auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  for (size_t i = 0; i < kRows; ++i) {
    uint64_t customer = i > kRows - 5000 ? 90000 + i % 700 : next() % 60000;
    bool cancelled = next() % 40 == 0;
    uint64_t month = 1 + next() % 12, day = 1 + next() % 28;
    out << (cancelled ? "C" : "") << 500000 + i / 3 << ",K-" << customer << ","
        << "2023-" << (month < 10 ? "0" : "") << month << "-" << (day < 10 ? "0" : "") << day
        << ","
        << (cancelled ? "-" : "") << 1 + next() % 9 << "," << static_cast<double>(next() % 5000) / 100.0 << ",cat"
        << next() % 80 << ",";
    switch (next() % 50) {
      case 0: out << "\"gift, \"\"wrapped\"\"\nleave at door\""; break;
      case 1: out << "\"bad date\"\n"; continue;  // a row with too few fields
      default: out << "plain";
    }
    out << "\n";
    if (next() % 1000 == 0) out << "C1,K-1,2023-02-30,1,1,cat1,impossible date\n";
  }
  return path;
}

std::string SegmentFile(const std::string& path, int threads, std::string* rejects) {
  CsvOptions csv;
  csv.customer = "customer";
  csv.date = "date";
  csv.quantity = "quantity";
  csv.unit_price = "price";
  csv.category = "category";
  csv.order_id = "order";
  csv.ingest.num_threads = threads;
  std::string rejects_path = path + ".rejects." + std::to_string(threads);
  csv.rejects_path = rejects_path;
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(path, csv);
  EXPECT_TRUE(dataset.ok()) << dataset.status();
  if (!dataset.ok()) return {};
  EXPECT_TRUE(dataset->report.balanced());
  EXPECT_GT(dataset->report.rows_rejected(), 0u);

  RunOptions run;
  run.features.as_of = DayAfterLastTransaction(*dataset);
  run.features.num_threads = threads;
  run.strategies = {{"rfm", {}}, {"abc", {}}, {"value_tier", {}}, {"lifecycle", {}},
                    {"behaviour", {}}, {"kmeans", {}}};
  absl::StatusOr<RunResult> result = tessera::Run(*dataset, run);
  EXPECT_TRUE(result.ok()) << result.status();
  if (!result.ok()) return {};
  std::ostringstream out;
  OutputOptions output;
  output.num_threads = threads;
  EXPECT_TRUE(WriteResultsCsv(*dataset, *result, out, output).ok());
  std::ifstream rejected(rejects_path, std::ios::binary);
  *rejects = std::string(std::istreambuf_iterator<char>(rejected), {});
  std::remove(rejects_path.c_str());
  return out.str() + dataset->report.Summary();
}

TEST(Determinism, SameBytesOutForAnyThreadCount) {
  std::string path = WriteOrders(::testing::TempDir() + std::to_string(getpid()) +
                                 "_determinism.csv");
  std::string one_rejects;
  std::string one = SegmentFile(path, 1, &one_rejects);
  ASSERT_FALSE(one.empty());
  for (int threads : {2, 3}) {
    std::string rejects;
    EXPECT_TRUE(SegmentFile(path, threads, &rejects) == one) << threads << " threads";
    EXPECT_TRUE(rejects == one_rejects) << threads << " threads";
  }
  std::remove(path.c_str());
}

}  // namespace
}  // namespace tessera
