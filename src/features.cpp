#include "tessera/features.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "customer_summary.h"
#include "group_by_customer.h"
#include "absl_compat.h"
#include "parallel.h"

namespace tessera {

const std::vector<double>* FeatureTable::Find(std::string_view name) const {
  for (const Entry& entry : columns_) {
    if (entry.name == name) return &entry.values;
  }
  return nullptr;
}

absl::StatusOr<const std::vector<double>*> FeatureTable::Get(
    std::string_view name) const {
  if (const std::vector<double>* values = Find(name)) return values;
  return absl::NotFoundError(absl::StrCat("no feature named '", internal::ToAbsl(name),
                                          "'; features are: ",
                                          absl::StrJoin(names(), ", ")));
}

std::vector<std::string> FeatureTable::names() const {
  std::vector<std::string> out;
  out.reserve(columns_.size());
  for (const Entry& entry : columns_) out.push_back(entry.name);
  return out;
}

std::vector<double>& FeatureTable::Add(std::string name, std::string description) {
  columns_.push_back({std::move(name), std::move(description),
                      std::vector<double>(customer_count_)});
  return columns_.back().values;
}

namespace {

// Whether a row is a purchase, a return, or outside the window.
enum class RowKind { kPurchase, kReturn, kSkip };

class RowClassifier {
 public:
  RowClassifier(const TransactionTable& table, const FeatureOptions& options)
      : table_(table), options_(options) {}

  RowKind operator()(uint32_t row) const {
    if (table_.day[row] > options_.as_of) return RowKind::kSkip;
    if (!table_.is_return.empty() && table_.is_return[row]) {
      return options_.returns == ReturnPolicy::kExclude ? RowKind::kSkip
                                                        : RowKind::kReturn;
    }
    return RowKind::kPurchase;
  }

 private:
  const TransactionTable& table_;
  const FeatureOptions& options_;
};

// Reusable per-thread buffers, so the per-customer loop allocates nothing.
struct Scratch {
  std::vector<internal::DayTotal> days;
  std::vector<int32_t> categories;
  std::vector<int32_t> orders;
};

// Summarises one customer's rows (in row order) into `out`.
void SummarizeCustomer(const TransactionTable& table, const RowClassifier& classify,
                       const uint32_t* rows, size_t count, Scratch& scratch,
                       internal::CustomerSummary& out) {
  out = internal::CustomerSummary{};
  scratch.days.clear();
  scratch.categories.clear();
  scratch.orders.clear();
  bool has_quantity = !table.quantity.empty();
  bool days_sorted = true;
  for (size_t k = 0; k < count; ++k) {
    uint32_t row = rows[k];
    RowKind kind = classify(row);
    if (kind == RowKind::kSkip) continue;
    double amount = table.amount[row];
    double quantity = has_quantity ? table.quantity[row] : 0.0;
    if (kind == RowKind::kReturn) {
      ++out.return_rows;
      out.returned_amount += amount;
      out.returned_quantity += quantity;
      continue;
    }
    ++out.purchase_rows;
    out.purchase_amount += amount;
    out.purchase_quantity += quantity;
    Day day = table.day[row];
    if (!scratch.days.empty() && scratch.days.back().day == day) {
      scratch.days.back().amount += amount;
    } else {
      days_sorted = days_sorted && (scratch.days.empty() || scratch.days.back().day < day);
      scratch.days.push_back({day, amount});
    }
    if (!table.category.empty()) scratch.categories.push_back(table.category[row]);
    if (!table.order.empty()) scratch.orders.push_back(table.order[row]);
  }
  if (!days_sorted) internal::MergeSameDays(scratch.days);
  out.SetDays(scratch.days);
  out.distinct_categories = internal::CountDistinct(scratch.categories);
  out.distinct_orders = internal::CountDistinct(scratch.orders);
}

}  // namespace

absl::StatusOr<FeatureTable> ComputeFeatures(const Dataset& dataset,
                                             const FeatureOptions& options) {
  if (options.as_of == kNoDay) {
    return absl::InvalidArgumentError("as_of date is required for features");
  }
  if (!(options.btyd_period_days > 0) || !std::isfinite(options.btyd_period_days)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "btyd_period_days must be a positive number, got ", options.btyd_period_days));
  }
  const TransactionTable& table = dataset.transactions;
  const size_t customers = dataset.customer_count();
  FrequencyMode frequency = options.frequency;
  if (frequency == FrequencyMode::kAuto) {
    frequency = table.order.empty() ? FrequencyMode::kRows : FrequencyMode::kOrders;
  }
  if (frequency == FrequencyMode::kOrders && table.order.empty()) {
    return absl::InvalidArgumentError(
        "frequency counts distinct orders, but the transactions have no order id "
        "column; use frequency by rows or by days");
  }

  internal::CustomerGroups groups =
      internal::GroupByCustomer(table.customer.span(), customers, options.num_threads);
  internal::FeatureWriter writer(customers, options, frequency);
  RowClassifier classify(table, options);
  internal::ParallelChunks(
      customers, options.num_threads, 4096, [&](int, size_t begin, size_t end) {
        Scratch scratch;
        internal::CustomerSummary summary;
        for (size_t c = begin; c < end; ++c) {
          uint64_t first = groups.start[c];
          SummarizeCustomer(table, classify, groups.order.data() + first,
                            groups.start[c + 1] - first, scratch, summary);
          writer.Write(c, summary);
        }
      });
  return std::move(writer).Finish();
}

}  // namespace tessera
