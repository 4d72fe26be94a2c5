// Visits every customer with its rows, grouped, in ascending row order, so
// anything summed per customer is summed in input order for any thread count.
//
// A direct counting sort would scatter every row to a random place in arrays
// far larger than the cache, and then gather columns at random again. Instead
// rows first go, with their day and amount, to buckets of 4096 consecutive
// customers (a few hundred sequential write streams); then each bucket, small
// enough for the L2 cache, is sorted by customer and visited on the spot.
#ifndef TESSERA_SRC_GROUP_BY_CUSTOMER_H_
#define TESSERA_SRC_GROUP_BY_CUSTOMER_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "parallel.h"
#include "tessera/dataset.h"

namespace tessera::internal {

// One customer's rows: positions 0..count-1 of the arrays, in row order.
struct CustomerRowsView {
  const uint32_t* row;  // index into the TransactionTable, for optional columns
  const Day* day;
  const double* amount;
  const int32_t* category;  // the category code, or 0 without a category column
  size_t count;
};

// The category rides in what would be padding before the amount, so it
// costs no extra bytes and spares a random read per row later.
struct StagedRow {
  uint32_t row;
  uint32_t customer;
  Day day;
  int32_t category;
  double amount;
};
static_assert(sizeof(StagedRow) == 24, "StagedRow should stay three words");

inline constexpr int kCustomersPerBucketLog2 = 12;

// Rows of the table sorted stably into buckets of consecutive customers.
struct CustomerBuckets {
  std::unique_ptr<StagedRow[]> rows;  // uninitialised until filled: no zeroing pass
  std::vector<uint64_t> start;        // bucket b is rows[start[b] .. start[b+1])
};

CustomerBuckets BucketRows(const TransactionTable& table, size_t customer_count,
                           int num_threads);

// Calls visit(customer, CustomerRowsView, scratch) once for every customer in
// [0, customer_count), rows or not, from several threads at once (never two
// calls for one customer). Each thread has a Scratch of its own, reused from
// customer to customer.
template <typename Scratch, typename Visit>
void ForEachCustomer(const TransactionTable& table, size_t customer_count,
                     int num_threads, Visit&& visit) {
  CustomerBuckets buckets = BucketRows(table, customer_count, num_threads);
  const size_t bucket_count = buckets.start.size() - 1;
  ParallelChunks(bucket_count, num_threads, 1, [&](int, size_t first_bucket, size_t last_bucket) {
    std::vector<uint64_t> next;
    std::vector<uint32_t> row;
    std::vector<Day> day;
    std::vector<double> amount;
    std::vector<int32_t> category;
    Scratch scratch;
    for (size_t b = first_bucket; b < last_bucket; ++b) {
      const size_t first_customer = b << kCustomersPerBucketLog2;
      const size_t last_customer =
          std::min(customer_count, (b + 1) << kCustomersPerBucketLog2);
      if (first_customer >= last_customer) continue;
      const StagedRow* begin = buckets.rows.get() + buckets.start[b];
      const StagedRow* end = buckets.rows.get() + buckets.start[b + 1];
      const size_t size = static_cast<size_t>(end - begin);
      next.assign(last_customer - first_customer + 1, 0);
      for (const StagedRow* s = begin; s != end; ++s) ++next[s->customer - first_customer + 1];
      for (size_t k = 1; k < next.size(); ++k) next[k] += next[k - 1];
      row.resize(size);
      day.resize(size);
      amount.resize(size);
      category.resize(size);
      std::vector<uint64_t> cursor(next.begin(), next.end() - 1);
      for (const StagedRow* s = begin; s != end; ++s) {
        uint64_t to = cursor[s->customer - first_customer]++;
        row[to] = s->row;
        day[to] = s->day;
        amount[to] = s->amount;
        category[to] = s->category;
      }
      for (size_t k = 0; k + first_customer < last_customer; ++k) {
        size_t from = next[k];
        visit(first_customer + k,
              CustomerRowsView{row.data() + from, day.data() + from, amount.data() + from,
                               category.data() + from, next[k + 1] - from},
              scratch);
      }
    }
  });
}

}  // namespace tessera::internal

#endif  // TESSERA_SRC_GROUP_BY_CUSTOMER_H_
