#include "customer_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "parallel.h"
#include "scratch.h"

namespace tessera::internal {

void MergeSameDays(std::vector<DayTotal>& days) {
  std::stable_sort(days.begin(), days.end(),
                   [](const DayTotal& a, const DayTotal& b) { return a.day < b.day; });
  size_t out = 0;
  for (size_t i = 0; i < days.size(); ++i) {
    if (out > 0 && days[out - 1].day == days[i].day) {
      days[out - 1].amount += days[i].amount;
    } else {
      days[out++] = days[i];
    }
  }
  days.resize(out);
}

uint64_t CountDistinct(std::vector<int32_t>& values) {
  if (values.size() < 2) return values.size();
  // Codes below 64 (most category and order dictionaries' first codes) are
  // counted in a bit set; a sort only when some code is larger.
  uint64_t seen = 0;
  bool small = true;
  for (int32_t value : values) {
    small = small && static_cast<uint32_t>(value) < 64;
    if (small) seen |= uint64_t{1} << value;
  }
  if (small) return static_cast<uint64_t>(__builtin_popcountll(seen));
  std::sort(values.begin(), values.end());
  return static_cast<uint64_t>(std::unique(values.begin(), values.end()) - values.begin());
}

void CustomerSummary::SetDays(const std::vector<DayTotal>& days) {
  purchase_days = days.size();
  if (days.empty()) return;
  first_day = days.front().day;
  last_day = days.back().day;
  repeat_amount = 0;
  longest_gap = 0;
  for (size_t i = 1; i < days.size(); ++i) {
    repeat_amount += days[i].amount;
    longest_gap = std::max(longest_gap, days[i].day - days[i - 1].day);
  }
}

void CollectCustomerRows(const TransactionTable& table, const FeatureOptions& options,
                         const CustomerRowsView& view, CustomerRows& rows,
                         CustomerSummary& summary) {
  summary = CustomerSummary{};
  rows.days.clear();
  rows.categories.clear();
  rows.orders.clear();
  const bool has_quantity = !table.quantity.empty();
  const bool has_returns = !table.is_return.empty();
  const bool exclude_returns = options.returns == ReturnPolicy::kExclude;
  bool days_sorted = true;
  for (size_t k = 0; k < view.count; ++k) {
    Day day = view.day[k];
    if (day > options.as_of) continue;
    const uint32_t row = view.row[k];
    double amount = view.amount[k];
    double quantity = has_quantity ? table.quantity[row] : 0.0;
    if (has_returns && table.is_return[row]) {
      if (exclude_returns) continue;
      ++summary.return_rows;
      summary.returned_amount += amount;
      summary.returned_quantity += quantity;
      continue;
    }
    ++summary.purchase_rows;
    summary.purchase_amount += amount;
    summary.purchase_quantity += quantity;
    // Same-day rows add up here only while the days come in order; after
    // that each row keeps its own entry, and MergeSameDays adds them in row
    // order (adding a run here first would change the rounding).
    if (days_sorted && !rows.days.empty() && rows.days.back().day == day) {
      rows.days.back().amount += amount;
    } else {
      days_sorted = days_sorted && (rows.days.empty() || rows.days.back().day < day);
      rows.days.push_back({day, amount});
    }
    if (!table.category.empty()) rows.categories.push_back(view.category[k]);
    if (!table.order.empty()) rows.orders.push_back(table.order[row]);
  }
  if (!days_sorted) MergeSameDays(rows.days);
}

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

FeatureWriter::FeatureWriter(size_t customers, const FeatureOptions& options,
                             FeatureInputs inputs)
    : table_(customers),
      options_(options),
      frequency_(inputs.frequency),
      net_returns_(options.returns == ReturnPolicy::kNetIntoMonetary) {
  namespace f = feature;
  struct Spec {
    std::string_view name;
    const char* description;
    double** column;
  };
  std::vector<Spec> specs = {
      {f::kFirstPurchase, "first purchase date, days since 1970-01-01", &first_purchase_},
      {f::kLastPurchase, "last purchase date, days since 1970-01-01", &last_purchase_},
      {f::kRecencyDays, "days from the last purchase to the as-of date", &recency_},
      {f::kFrequency, "number of purchases (rows, orders or days, as configured)", &frequency_column_},
      {f::kMonetary, "total spend, net of returns unless they are excluded", &monetary_},
      {f::kMonetaryMean, "monetary / frequency", &monetary_mean_},
      {f::kTenureDays, "days from the first purchase to the as-of date", &tenure_}};
  if (inputs.quantity) {
    specs.push_back({f::kQuantity, "total quantity, net of returns unless they are excluded", &quantity_});
  }
  if (inputs.categories) {
    specs.push_back({f::kCategories, "distinct categories bought", &categories_});
  }
  specs.insert(specs.end(), {
      {f::kPurchaseDays, "distinct purchase days", &purchase_days_},
      {f::kMeanGapDays, "mean days between purchase days", &mean_gap_},
      {f::kMaxGapDays, "longest silence: most days between two consecutive purchase days", &max_gap_},
      {f::kReturns, "return or cancellation rows", &returns_},
      {f::kReturnedAmount, "amount of returns and cancellations (negative)", &returned_amount_},
      {f::kBtydX, "repeat purchase days (buy-till-you-die x)", &x_},
      {f::kBtydTx, "first to last purchase, in BTYD periods", &t_x_},
      {f::kBtydT, "first purchase to as-of date, in BTYD periods", &T_},
      {f::kRepeatSpend, "mean spend of the repeat purchase days (0 when x = 0)", &repeat_spend_}});
  // A million customers make 18 columns of 8 MB. They come from the
  // scratch cache when an earlier table left some there (Write sets every
  // value); fresh ones are mostly page faults, so they are made on every core.
  std::vector<std::vector<double>> columns(specs.size());
  ParallelChunks(specs.size(), options.num_threads, 1, [&](int, size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) columns[k] = TakeColumn(customers);
  });
  for (size_t k = 0; k < specs.size(); ++k) {
    *specs[k].column =
        table_.Add(std::string(specs[k].name), specs[k].description, std::move(columns[k])).data();
  }
}

void FeatureWriter::Write(size_t c, const CustomerSummary& s) {
  double frequency = 0;
  switch (frequency_) {
    case FrequencyMode::kRows: frequency = static_cast<double>(s.purchase_rows); break;
    case FrequencyMode::kOrders: frequency = static_cast<double>(s.distinct_orders); break;
    case FrequencyMode::kDays:
    case FrequencyMode::kAuto: frequency = static_cast<double>(s.purchase_days); break;
  }
  double monetary = s.purchase_amount + (net_returns_ ? s.returned_amount : 0.0);
  frequency_column_[c] = frequency;
  monetary_[c] = monetary;
  monetary_mean_[c] = frequency > 0 ? monetary / frequency : kNaN;
  if (quantity_ != nullptr) {
    quantity_[c] = s.purchase_quantity + (net_returns_ ? s.returned_quantity : 0.0);
  }
  if (categories_ != nullptr) categories_[c] = static_cast<double>(s.distinct_categories);
  purchase_days_[c] = static_cast<double>(s.purchase_days);
  returns_[c] = static_cast<double>(s.return_rows);
  returned_amount_[c] = s.returned_amount;
  if (s.purchase_days == 0) {
    for (double* column : {first_purchase_, last_purchase_, recency_, tenure_,
                           mean_gap_, max_gap_, x_, t_x_, T_, repeat_spend_}) {
      column[c] = kNaN;
    }
    return;
  }
  const double period = options_.btyd_period_days;
  double span = static_cast<double>(s.last_day) - s.first_day;
  double tenure = static_cast<double>(options_.as_of) - s.first_day;
  uint64_t repeats = s.purchase_days - 1;
  first_purchase_[c] = s.first_day;
  last_purchase_[c] = s.last_day;
  recency_[c] = static_cast<double>(options_.as_of) - s.last_day;
  tenure_[c] = tenure;
  mean_gap_[c] = repeats > 0 ? span / static_cast<double>(repeats) : kNaN;
  max_gap_[c] = repeats > 0 ? static_cast<double>(s.longest_gap) : kNaN;
  x_[c] = static_cast<double>(repeats);
  t_x_[c] = span / period;
  T_[c] = tenure / period;
  repeat_spend_[c] = repeats > 0 ? s.repeat_amount / static_cast<double>(repeats) : 0.0;
}

FeatureTable FeatureWriter::Finish() && { return std::move(table_); }

}  // namespace tessera::internal
