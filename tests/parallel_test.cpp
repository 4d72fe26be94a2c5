#include "parallel.h"

#include <atomic>
#include <new>
#include <stdexcept>
#include <vector>

#include "gtest/gtest.h"

namespace tessera::internal {
namespace {

TEST(ParallelChunks, CoversTheRangeOnceInContiguousChunks) {
  std::vector<int> seen(100000, 0);
  int chunks = ParallelChunks(seen.size(), 4, 1000, [&](int, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) ++seen[i];
  });
  EXPECT_EQ(chunks, 4);
  for (int count : seen) ASSERT_EQ(count, 1);
  EXPECT_EQ(ParallelChunks(10, 4, 1000, [](int, size_t, size_t) {}), 1);  // too small to split
}

// An exception in any chunk, on a worker thread or on the caller, comes back
// to the caller after every thread has finished, instead of std::terminate.
TEST(ParallelChunks, ExceptionsReachTheCallerAfterEveryChunkFinished) {
  for (int failing : {0, 2}) {
    std::atomic<int> finished{0};
    try {
      ParallelChunks(40000, 4, 1000, [&](int chunk, size_t, size_t) {
        if (chunk == failing) throw std::bad_alloc();
        ++finished;
      });
      ADD_FAILURE() << "no exception from chunk " << failing;
    } catch (const std::bad_alloc&) {
      EXPECT_EQ(finished.load(), 3) << "chunk " << failing;
    }
  }
}

TEST(ParallelChunks, TheLowestFailingChunkDecidesTheError) {
  try {
    ParallelChunks(40000, 4, 1000, [](int chunk, size_t, size_t) {
      if (chunk >= 1) throw std::runtime_error("chunk " + std::to_string(chunk));
    });
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "chunk 1");
  }
}

}  // namespace
}  // namespace tessera::internal
