// The few numbers per customer from which every feature follows. The fast
// path fills them straight from grouped rows; the mergeable FeatureState
// fills them from merged partial states; FeatureWriter turns either into the
// same feature columns, so the two paths cannot drift apart.
#ifndef TESSERA_SRC_CUSTOMER_SUMMARY_H_
#define TESSERA_SRC_CUSTOMER_SUMMARY_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "group_by_customer.h"
#include "tessera/features.h"

namespace tessera::internal {

// Total spend of one purchase day.
struct DayTotal {
  Day day;
  double amount;
};

// Sorts by day (stably, so same-day amounts add in row order) and merges
// entries of the same day.
void MergeSameDays(std::vector<DayTotal>& days);

// Distinct values of a small unsorted list (reorders it).
uint64_t CountDistinct(std::vector<int32_t>& values);

struct CustomerSummary {
  uint64_t purchase_rows = 0;
  double purchase_amount = 0;
  double purchase_quantity = 0;
  uint64_t return_rows = 0;
  double returned_amount = 0;    // negative or zero for real returns
  double returned_quantity = 0;
  uint64_t distinct_categories = 0;
  uint64_t distinct_orders = 0;

  // From the distinct purchase days, ascending.
  uint64_t purchase_days = 0;
  Day first_day = kNoDay;
  Day last_day = kNoDay;
  double repeat_amount = 0;  // spend on every purchase day but the first
  Day longest_gap = 0;       // most days between two consecutive purchase days

  void SetDays(const std::vector<DayTotal>& days);
};

// One customer's purchase rows within the window, collected by
// CollectCustomerRows; buffers are reused from customer to customer.
struct CustomerRows {
  std::vector<DayTotal> days;     // distinct days, ascending
  std::vector<int32_t> categories;  // category code of each purchase row
  std::vector<int32_t> orders;      // order code of each purchase row
};

// Reads one customer's rows into `rows` and
// the scalar fields of `summary`: rows dated after as_of are ignored, returns
// follow options.returns, same-day purchases merge. The day fields of
// `summary` are left for the caller (SetDays).
void CollectCustomerRows(const TransactionTable& table, const FeatureOptions& options,
                         const CustomerRowsView& view, CustomerRows& rows,
                         CustomerSummary& summary);

// Which optional input columns the features come from: without a quantity
// or category column, the quantity and categories features are left out
// rather than reported as zero.
struct FeatureInputs {
  FrequencyMode frequency;  // resolved, never kAuto
  bool quantity;
  bool categories;
};

// Owns the feature columns while customers are written in parallel (each
// customer once, from any thread).
class FeatureWriter {
 public:
  FeatureWriter(size_t customers, const FeatureOptions& options, FeatureInputs inputs);
  void Write(size_t customer, const CustomerSummary& summary);
  FeatureTable Finish() &&;

 private:
  FeatureTable table_;
  const FeatureOptions& options_;
  FrequencyMode frequency_;
  bool net_returns_;
  double* first_purchase_;
  double* last_purchase_;
  double* recency_;
  double* frequency_column_;
  double* monetary_;
  double* monetary_mean_;
  double* tenure_;
  double* quantity_ = nullptr;    // null without a quantity column
  double* categories_ = nullptr;  // null without a category column
  double* purchase_days_;
  double* mean_gap_;
  double* max_gap_;
  double* returns_;
  double* returned_amount_;
  double* x_;
  double* t_x_;
  double* T_;
  double* repeat_spend_;
};

}  // namespace tessera::internal

#endif  // TESSERA_SRC_CUSTOMER_SUMMARY_H_
