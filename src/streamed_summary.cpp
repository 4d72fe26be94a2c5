#include "streamed_summary.h"

#include <algorithm>

namespace tessera::internal {
namespace {
constexpr int kCategoryBits = 64;
}  // namespace

bool StreamedSummaries::Accumulate(const TransactionTable& table,
                                   const FeatureOptions& options, const Bucket& bucket) {
  running_.assign(bucket.customer_count(), Running{});
  const Day as_of = options.as_of;
  const double* quantity = table.quantity.empty() ? nullptr : table.quantity.data();
  const uint8_t* is_return = table.is_return.empty() ? nullptr : table.is_return.data();
  const int32_t* order = table.order.empty() ? nullptr : table.order.data();
  const bool has_category = !table.category.empty();
  const bool exclude_returns = options.returns == ReturnPolicy::kExclude;
  uint32_t inexact = 0;
  for (const StagedRow* s = bucket.begin; s != bucket.end; ++s) {
    const Day day = s->day;
    if (day > as_of) continue;
    Running& r = running_[s->customer - bucket.first_customer];
    const double amount = s->amount;
    const double units = quantity != nullptr ? quantity[s->row] : 0.0;
    if (is_return != nullptr && is_return[s->row]) {
      if (exclude_returns) continue;
      ++r.return_rows;
      r.returned_amount += amount;
      r.returned_quantity += units;
      continue;
    }
    ++r.purchase_rows;
    r.purchase_amount += amount;
    r.purchase_quantity += units;
    if (r.purchase_days == 0) {
      r.first_day = r.last_day = day;
      r.day_amount = amount;
      r.purchase_days = 1;
    } else if (day == r.last_day) {
      r.day_amount += amount;
    } else if (day > r.last_day) {
      // The latest day closes; it is a repeat day unless it was the first.
      if (r.purchase_days > 1) r.repeat_amount += r.day_amount;
      r.longest_gap = std::max(r.longest_gap, day - r.last_day);
      r.last_day = day;
      r.day_amount = amount;
      ++r.purchase_days;
    } else {
      r.inexact = 1;
    }
    if (has_category) {
      const uint32_t code = static_cast<uint32_t>(s->category);
      if (code < kCategoryBits) {
        r.categories |= uint64_t{1} << code;
      } else {
        r.inexact = 1;
      }
    }
    if (order != nullptr) {
      // Order codes are handed out in order of first appearance, so a code
      // above every code this customer had is surely a new order; a lower
      // one other than the current order may be one seen before.
      const int32_t code = order[s->row];
      if (code > r.max_order) {
        ++r.distinct_orders;
        r.max_order = code;
      } else if (code != r.last_order) {
        r.inexact = 1;
      }
      r.last_order = code;
    }
    inexact |= r.inexact;
  }
  return inexact != 0;
}

CustomerSummary StreamedSummaries::Summary(size_t k) const {
  const Running& r = running_[k];
  CustomerSummary s;
  s.purchase_rows = r.purchase_rows;
  s.purchase_amount = r.purchase_amount;
  s.purchase_quantity = r.purchase_quantity;
  s.return_rows = r.return_rows;
  s.returned_amount = r.returned_amount;
  s.returned_quantity = r.returned_quantity;
  s.distinct_categories = static_cast<uint64_t>(__builtin_popcountll(r.categories));
  s.distinct_orders = r.distinct_orders;
  s.purchase_days = r.purchase_days;
  if (r.purchase_days > 0) {
    s.first_day = r.first_day;
    s.last_day = r.last_day;
    s.longest_gap = r.longest_gap;
    // The last day closes here, after the same additions in the same order
    // as SetDays makes over the sorted day totals.
    s.repeat_amount = r.purchase_days > 1 ? r.repeat_amount + r.day_amount : 0.0;
  }
  return s;
}

}  // namespace tessera::internal
