#include "group_by_customer.h"

#include "parallel.h"

namespace tessera::internal {

CustomerGroups GroupByCustomer(absl::Span<const uint32_t> customer,
                               size_t customer_count, int num_threads) {
  const size_t rows = customer.size();
  constexpr size_t kMinChunk = 1 << 18;
  int threads = ResolveThreads(num_threads);
  // One histogram per chunk of rows; chunk c's rows of customer k go after
  // those of chunks 0..c-1, which keeps every group in row order.
  std::vector<std::vector<uint64_t>> cursor(static_cast<size_t>(threads));
  int chunks = ParallelChunks(rows, threads, kMinChunk, [&](int chunk, size_t begin, size_t end) {
    std::vector<uint64_t>& counts = cursor[static_cast<size_t>(chunk)];
    counts.assign(customer_count, 0);
    for (size_t i = begin; i < end; ++i) ++counts[customer[i]];
  });
  cursor.resize(static_cast<size_t>(chunks));

  CustomerGroups groups;
  groups.start.resize(customer_count + 1);
  uint64_t offset = 0;
  for (size_t k = 0; k < customer_count; ++k) {
    groups.start[k] = offset;
    for (std::vector<uint64_t>& counts : cursor) {
      uint64_t count = counts[k];
      counts[k] = offset;
      offset += count;
    }
  }
  groups.start[customer_count] = offset;

  groups.order.resize(rows);
  ParallelChunks(rows, chunks, kMinChunk, [&](int chunk, size_t begin, size_t end) {
    uint64_t* next = cursor[static_cast<size_t>(chunk)].data();
    uint32_t* order = groups.order.data();
    for (size_t i = begin; i < end; ++i) order[next[customer[i]]++] = static_cast<uint32_t>(i);
  });
  return groups;
}

}  // namespace tessera::internal
