// Scores three customers through the installed headers and library; prints
// the segment of each so the test can check the whole chain ran.
#include <cstdio>
#include <vector>

#include "tessera/dataset.h"
#include "tessera/pipeline.h"

int main() {
  std::vector<int64_t> keys = {1, 2, 3, 1};
  std::vector<tessera::Day> days = {100, 101, 102, 103};
  std::vector<double> amounts = {10, 20, 30, 40};
  tessera::TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<tessera::Dataset> dataset = tessera::BuildDataset(columns);
  if (!dataset.ok()) return 1;
  tessera::RunOptions options;
  options.features.as_of = 104;
  absl::StatusOr<tessera::RunResult> result = tessera::Run(*dataset, options);
  if (!result.ok()) {
    std::fprintf(stderr, "%s\n", std::string(result.status().message()).c_str());
    return 1;
  }
  const tessera::ScoreColumn* segment = result->scores.Find("rfm.segment");
  if (segment == nullptr) return 1;
  for (size_t c = 0; c < segment->codes.size(); ++c) {
    std::printf("%lld %s\n", static_cast<long long>(dataset->customers.int_key(static_cast<uint32_t>(c))),
                segment->labels[static_cast<size_t>(segment->codes[c])].c_str());
  }
  return 0;
}
