// The scratch cache of tessera/memory.h: arrays are kept after a run, given
// back on request, bounded by the limit, and reusing one (still holding an
// earlier run's rows) never changes a result.
#include "tessera/memory.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "gtest/gtest.h"
#include "tessera/dataset.h"
#include "tessera/features.h"
#include "tessera/pipeline.h"

namespace tessera {
namespace {

// 300,000 rows of about 260,000 customers: the staged rows (24 bytes
// each), the customer ids and the feature columns (8 bytes a customer, 2 MB)
// are all large enough (1 MB) to be kept.
struct Orders {
  std::vector<int64_t> keys;
  std::vector<Day> days;
  std::vector<double> amounts;

  explicit Orders(uint64_t seed) {
    uint64_t state = seed;
    auto next = [&state] {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      return state >> 33;
    };
    for (int i = 0; i < 300000; ++i) {
      keys.push_back(static_cast<int64_t>(1000 + next() % 1000000));
      days.push_back(static_cast<Day>(19000 + i / 600));
      amounts.push_back(static_cast<double>(next() % 100000) / 100.0);
    }
  }
};

void AppendBits(double value, std::vector<uint64_t>& bits) {
  uint64_t word;
  std::memcpy(&word, &value, sizeof word);
  bits.push_back(word);
}

absl::StatusOr<Dataset> Build(const Orders& orders) {
  TransactionColumns columns;
  columns.int_keys = orders.keys;
  columns.days = orders.days;
  columns.amounts = orders.amounts;
  return BuildDataset(columns);
}

// Every feature of every customer, as bits (so NaN equals NaN).
std::vector<uint64_t> FeatureBits(const Orders& orders) {
  absl::StatusOr<Dataset> dataset = Build(orders);
  EXPECT_TRUE(dataset.ok()) << dataset.status();
  if (!dataset.ok()) return {};
  FeatureOptions options;
  options.as_of = DayAfterLastTransaction(*dataset);
  absl::StatusOr<FeatureTable> features = ComputeFeatures(*dataset, options);
  EXPECT_TRUE(features.ok()) << features.status();
  if (!features.ok()) return {};
  std::vector<uint64_t> bits;
  for (const FeatureTable::Entry& column : features->columns()) {
    for (double value : column.values) AppendBits(value, bits);
  }
  return bits;
}

// Every score of the default run (RFM), as bits and codes.
std::vector<uint64_t> ScoreBits(const Orders& orders) {
  absl::StatusOr<Dataset> dataset = Build(orders);
  EXPECT_TRUE(dataset.ok()) << dataset.status();
  if (!dataset.ok()) return {};
  RunOptions options;
  options.features.as_of = DayAfterLastTransaction(*dataset);
  absl::StatusOr<RunResult> result = tessera::Run(*dataset, options);
  EXPECT_TRUE(result.ok()) << result.status();
  if (!result.ok()) return {};
  std::vector<uint64_t> bits;
  for (const ScoreColumn& column : result->scores.columns()) {
    for (double value : column.numeric) AppendBits(value, bits);
    for (int32_t code : column.codes) bits.push_back(static_cast<uint64_t>(code));
  }
  return bits;
}

class ScratchCache : public ::testing::Test {
 protected:
  void SetUp() override {
    default_limit_ = ScratchCacheLimit();
    ReleaseScratchCache();
  }
  void TearDown() override {
    SetScratchCacheLimit(default_limit_);
    ReleaseScratchCache();
  }
  size_t default_limit_ = 0;
};

TEST_F(ScratchCache, KeepsArraysAfterARunAndGivesThemBack) {
  EXPECT_EQ(ScratchCacheLimit(), size_t{1} << 30);  // the documented default
  EXPECT_EQ(ScratchCacheSize(), 0u);
  FeatureBits(Orders(1));
  // At least the staged rows (300,000 x 24 bytes) and the 16 feature
  // columns of a table without quantities or categories (2 MB each).
  EXPECT_GE(ScratchCacheSize(), 300000u * 24 + 16u * 2000000);
  ReleaseScratchCache();
  EXPECT_EQ(ScratchCacheSize(), 0u);
}

TEST_F(ScratchCache, NeverKeepsMoreThanTheLimit) {
  SetScratchCacheLimit(0);
  FeatureBits(Orders(2));
  EXPECT_EQ(ScratchCacheSize(), 0u);

  const size_t limit = 3u << 20;  // room for a column or the ids, not the staged rows
  SetScratchCacheLimit(limit);
  FeatureBits(Orders(2));
  EXPECT_LE(ScratchCacheSize(), limit);

  SetScratchCacheLimit(size_t{1} << 30);
  FeatureBits(Orders(2));
  const size_t kept = ScratchCacheSize();
  ASSERT_GT(kept, limit);
  SetScratchCacheLimit(limit);  // lowering the limit releases what is over it
  EXPECT_LE(ScratchCacheSize(), limit);
}

TEST_F(ScratchCache, ReusedArraysNeverChangeAResult) {
  // Reference: nothing kept, so every array is fresh.
  SetScratchCacheLimit(0);
  const std::vector<uint64_t> fresh = FeatureBits(Orders(4));
  ASSERT_FALSE(fresh.empty());

  // Fill the cache with another table's rows, then compute again on arrays
  // that still hold them.
  SetScratchCacheLimit(size_t{1} << 30);
  FeatureBits(Orders(3));
  ASSERT_GT(ScratchCacheSize(), 0u);
  EXPECT_EQ(FeatureBits(Orders(4)), fresh);
  EXPECT_EQ(FeatureBits(Orders(4)), fresh);
}

TEST_F(ScratchCache, ReusedScoreColumnsNeverChangeAScore) {
  SetScratchCacheLimit(0);
  const std::vector<uint64_t> fresh = ScoreBits(Orders(6));
  ASSERT_FALSE(fresh.empty());
  SetScratchCacheLimit(size_t{1} << 30);
  ScoreBits(Orders(5));
  ASSERT_GT(ScratchCacheSize(), 0u);
  EXPECT_EQ(ScoreBits(Orders(6)), fresh);
}

}  // namespace
}  // namespace tessera
