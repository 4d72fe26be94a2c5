#include "group_by_customer.h"

namespace tessera::internal {
namespace {
constexpr size_t kMinChunk = 1 << 18;
}  // namespace

CustomerBuckets BucketRows(const TransactionTable& table, size_t customer_count,
                           int num_threads) {
  const size_t rows = table.size();
  const uint32_t* customer = table.customer.data();
  const size_t bucket_count = (customer_count >> kCustomersPerBucketLog2) + 1;
  const int threads = ResolveThreads(num_threads);

  // Rows per (chunk, bucket); chunk c's rows of a bucket go after those of
  // chunks 0..c-1, which keeps every bucket in row order.
  std::vector<std::vector<uint64_t>> cursor(static_cast<size_t>(threads));
  const int chunks = ParallelChunks(rows, threads, kMinChunk, [&](int chunk, size_t begin, size_t end) {
    std::vector<uint64_t>& counts = cursor[static_cast<size_t>(chunk)];
    counts.assign(bucket_count, 0);
    for (size_t i = begin; i < end; ++i) ++counts[customer[i] >> kCustomersPerBucketLog2];
  });
  cursor.resize(static_cast<size_t>(chunks));
  CustomerBuckets buckets;
  buckets.start.resize(bucket_count + 1);
  uint64_t offset = 0;
  for (size_t b = 0; b < bucket_count; ++b) {
    buckets.start[b] = offset;
    for (std::vector<uint64_t>& counts : cursor) {
      uint64_t count = counts[b];
      counts[b] = offset;
      offset += count;
    }
  }
  buckets.start[bucket_count] = offset;

  buckets.rows = ScratchArray<StagedRow>(rows);
  ParallelChunks(rows, chunks, kMinChunk, [&](int chunk, size_t begin, size_t end) {
    uint64_t* next = cursor[static_cast<size_t>(chunk)].data();
    StagedRow* out = buckets.rows.data();
    const Day* day = table.day.data();
    const double* amount = table.amount.data();
    const int32_t* category = table.category.empty() ? nullptr : table.category.data();
    for (size_t i = begin; i < end; ++i) {
      out[next[customer[i] >> kCustomersPerBucketLog2]++] = StagedRow{
          static_cast<uint32_t>(i), customer[i], day[i], category ? category[i] : 0, amount[i]};
    }
  });
  return buckets;
}

void BucketGrouper::Group(const Bucket& bucket) {
  const size_t size = static_cast<size_t>(bucket.end - bucket.begin);
  next_.assign(bucket.customer_count() + 1, 0);
  for (const StagedRow* s = bucket.begin; s != bucket.end; ++s) {
    ++next_[s->customer - bucket.first_customer + 1];
  }
  for (size_t k = 1; k < next_.size(); ++k) next_[k] += next_[k - 1];
  row_.resize(size);
  day_.resize(size);
  amount_.resize(size);
  category_.resize(size);
  cursor_.assign(next_.begin(), next_.end() - 1);
  for (const StagedRow* s = bucket.begin; s != bucket.end; ++s) {
    const uint64_t to = cursor_[s->customer - bucket.first_customer]++;
    row_[to] = s->row;
    day_[to] = s->day;
    amount_[to] = s->amount;
    category_[to] = s->category;
  }
}

}  // namespace tessera::internal
