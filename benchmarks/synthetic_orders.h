// A deterministic synthetic transaction log with the shape of real retail
// data (heavy-tailed purchase counts, rows in day order, random 64-bit keys),
// following the model of the peer scripts' gen_data.py so that tessera and
// pandas/DuckDB are timed on data of the same kind.
#ifndef TESSERA_BENCHMARKS_SYNTHETIC_ORDERS_H_
#define TESSERA_BENCHMARKS_SYNTHETIC_ORDERS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tessera/dataset.h"

namespace tessera::bench {

// Columns of one transaction per row, in day order (ties in random order).
struct SyntheticOrders {
  std::vector<int64_t> customer_id;  // distinct per customer, in [1e9, 1e12)
  std::vector<Day> day;              // 2022-01-01 .. 2023-12-31
  std::vector<double> amount;        // whole cents
  std::vector<int32_t> category;     // codes into category_labels
  std::vector<std::string> category_labels;  // "0" .. "49"
  size_t customer_count = 0;
  Day as_of = 0;                     // 2024-01-01, the day after the window

  size_t size() const { return customer_id.size(); }
};

inline constexpr uint64_t kSyntheticSeed = 20240101;

// The model, per gen_data.py: every customer buys at least once; the other
// `transactions - customers` rows go to customers in proportion to a
// lognormal(0, 1.3) propensity. A customer is acquired on a day uniform in
// [0, 700), stays active Exp(mean 365 days) truncated at day 729, and buys on
// days uniform over that life; amount = customer mean lognormal(3.5, 0.6) x
// per-row lognormal(0, 0.5), rounded to cents; category k in 0..49 with
// probability proportional to 1 / (k + 1).
//
// The random draws are written here rather than taken from <random>'s
// distributions, whose algorithms differ between standard libraries, so the
// same seed gives the same rows with any compiler (up to the last bit of
// std::exp/std::log, which rounding to cents and to whole days absorbs).
// Requires 0 < customers <= transactions.
SyntheticOrders GenerateSyntheticOrders(size_t transactions, size_t customers,
                                        uint64_t seed = kSyntheticSeed);

// Borrowing views of the columns, ready for BuildDataset. `orders` must
// outlive the returned columns and any dataset built from them.
TransactionColumns ToTransactionColumns(const SyntheticOrders& orders);

// Writes the rows as CSV "customer_id,date,amount,category" with ISO dates
// and amounts as %.2f: the layout of the peers' data/SIZE.csv.
absl::Status WriteOrdersCsv(const SyntheticOrders& orders, const std::string& path);

}  // namespace tessera::bench

#endif  // TESSERA_BENCHMARKS_SYNTHETIC_ORDERS_H_
