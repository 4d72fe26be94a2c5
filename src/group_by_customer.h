// Visits the rows grouped by customer, in ascending row order within each
// customer, so anything summed per customer is summed in input order for any
// thread count.
//
// A direct counting sort would scatter every row to a random place in arrays
// far larger than the cache, and then gather columns at random again. Instead
// rows first go, with their day and amount, to buckets of 4096 consecutive
// customers (a few hundred sequential write streams); each bucket, small
// enough for the L2 cache, is then handled on the spot: summarised in one
// pass (features.cpp) or sorted by customer (ForEachCustomer).
#ifndef TESSERA_SRC_GROUP_BY_CUSTOMER_H_
#define TESSERA_SRC_GROUP_BY_CUSTOMER_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "parallel.h"
#include "scratch.h"
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
  ScratchArray<StagedRow> rows;
  std::vector<uint64_t> start;  // bucket b is rows[start[b] .. start[b+1])
};

CustomerBuckets BucketRows(const TransactionTable& table, size_t customer_count,
                           int num_threads);

// Customers [first_customer, last_customer) and their rows, in row order.
struct Bucket {
  size_t first_customer;
  size_t last_customer;
  const StagedRow* begin;
  const StagedRow* end;

  size_t customer_count() const { return last_customer - first_customer; }
};

// Sorts one bucket's rows by customer (stably) into columns, reused from
// bucket to bucket.
class BucketGrouper {
 public:
  void Group(const Bucket& bucket);
  // The rows of the bucket's k-th customer.
  CustomerRowsView View(size_t k) const {
    const size_t from = next_[k];
    return CustomerRowsView{row_.data() + from, day_.data() + from, amount_.data() + from,
                            category_.data() + from, next_[k + 1] - from};
  }

 private:
  std::vector<uint64_t> next_;
  std::vector<uint64_t> cursor_;
  std::vector<uint32_t> row_;
  std::vector<Day> day_;
  std::vector<double> amount_;
  std::vector<int32_t> category_;
};

// Calls visit(Bucket, scratch) once for every bucket with customers, from
// several threads at once. Each thread has a Scratch of its own, reused from
// bucket to bucket.
template <typename Scratch, typename Visit>
void ForEachBucket(const TransactionTable& table, size_t customer_count, int num_threads,
                   Visit&& visit) {
  CustomerBuckets buckets = BucketRows(table, customer_count, num_threads);
  const size_t bucket_count = buckets.start.size() - 1;
  ParallelChunks(bucket_count, num_threads, 1, [&](int, size_t first_bucket, size_t last_bucket) {
    Scratch scratch;
    for (size_t b = first_bucket; b < last_bucket; ++b) {
      const size_t first_customer = b << kCustomersPerBucketLog2;
      const size_t last_customer =
          std::min(customer_count, (b + 1) << kCustomersPerBucketLog2);
      if (first_customer >= last_customer) continue;
      visit(Bucket{first_customer, last_customer, buckets.rows.data() + buckets.start[b],
                   buckets.rows.data() + buckets.start[b + 1]},
            scratch);
    }
  });
}

// Calls visit(customer, CustomerRowsView, scratch) once for every customer in
// [0, customer_count), rows or not, from several threads at once (never two
// calls for one customer). Each thread has a Scratch of its own, reused from
// customer to customer.
template <typename Scratch, typename Visit>
void ForEachCustomer(const TransactionTable& table, size_t customer_count,
                     int num_threads, Visit&& visit) {
  struct Grouped {
    BucketGrouper grouper;
    Scratch scratch;
  };
  ForEachBucket<Grouped>(table, customer_count, num_threads,
                         [&](const Bucket& bucket, Grouped& grouped) {
                           grouped.grouper.Group(bucket);
                           for (size_t k = 0; k < bucket.customer_count(); ++k) {
                             visit(bucket.first_customer + k, grouped.grouper.View(k),
                                   grouped.scratch);
                           }
                         });
}

}  // namespace tessera::internal

#endif  // TESSERA_SRC_GROUP_BY_CUSTOMER_H_
