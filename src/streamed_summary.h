// Most transaction logs list each customer's purchases in day order. For such
// a customer every CustomerSummary field follows from a few running numbers
// kept in one pass over the rows: no per-customer lists, no sorting, and the
// same sums in the same order as CollectCustomerRows + SetDays, so the same
// bits. A customer the pass cannot serve exactly (a purchase dated before an
// earlier row's, a category code of 64 or more, an order id that comes back
// after another order) is marked, and the caller groups that customer's rows
// and takes the general path instead.
#ifndef TESSERA_SRC_STREAMED_SUMMARY_H_
#define TESSERA_SRC_STREAMED_SUMMARY_H_

#include <cstdint>
#include <vector>

#include "customer_summary.h"
#include "group_by_customer.h"
#include "tessera/features.h"

namespace tessera::internal {

class StreamedSummaries {
 public:
  // Runs over one bucket's rows of `table`; afterwards Exact(k) and
  // Summary(k) answer for the bucket's k-th customer. Returns whether any
  // customer needs the general path.
  bool Accumulate(const TransactionTable& table, const FeatureOptions& options,
                  const Bucket& bucket);

  bool Exact(size_t k) const { return !running_[k].inexact; }
  // The summary of an Exact customer.
  CustomerSummary Summary(size_t k) const;

 private:
  // One customer's running numbers; two cache lines.
  struct Running {
    double purchase_amount = 0;
    double purchase_quantity = 0;
    double returned_amount = 0;
    double returned_quantity = 0;
    double day_amount = 0;     // spend of the latest purchase day so far
    double repeat_amount = 0;  // spend of the closed purchase days after the first
    uint64_t categories = 0;   // bit set of the category codes bought
    uint32_t purchase_rows = 0;
    uint32_t return_rows = 0;
    uint32_t purchase_days = 0;
    Day first_day = kNoDay;
    Day last_day = kNoDay;
    Day longest_gap = 0;
    int32_t last_order = -1;  // order code of the latest purchase row
    int32_t max_order = -1;   // largest order code seen
    uint32_t distinct_orders = 0;
    uint32_t inexact = 0;  // nonzero: the general path must summarise this customer
  };

  std::vector<Running> running_;
};

}  // namespace tessera::internal

#endif  // TESSERA_SRC_STREAMED_SUMMARY_H_
