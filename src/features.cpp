#include "tessera/features.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl_compat.h"
#include "customer_summary.h"
#include "group_by_customer.h"
#include "scratch.h"
#include "streamed_summary.h"

namespace tessera {

FeatureTable::~FeatureTable() {
  for (Entry& entry : columns_) internal::GiveBackColumn(std::move(entry.values));
}

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
  return Add(std::move(name), std::move(description), std::vector<double>(customer_count_));
}

std::vector<double>& FeatureTable::Add(std::string name, std::string description,
                                       std::vector<double> values) {
  values.resize(customer_count_);
  columns_.push_back({std::move(name), std::move(description), std::move(values)});
  return columns_.back().values;
}

Day DayAfterLastTransaction(const Dataset& dataset) {
  const Column<Day>& days = dataset.transactions.day;
  if (days.empty()) return kNoDay;
  return *std::max_element(days.begin(), days.end()) + 1;
}

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

  internal::FeatureWriter writer(
      customers, options, {frequency, !table.quantity.empty(), !table.category.empty()});
  // Each bucket in one pass; the customers that pass cannot serve exactly
  // (rows out of day order, mostly) are grouped and summarised in full.
  struct Scratch {
    internal::StreamedSummaries streamed;
    internal::BucketGrouper grouper;
    internal::CustomerRows rows;
  };
  internal::ForEachBucket<Scratch>(
      table, customers, options.num_threads, [&](const internal::Bucket& bucket, Scratch& scratch) {
        if (scratch.streamed.Accumulate(table, options, bucket)) scratch.grouper.Group(bucket);
        for (size_t k = 0; k < bucket.customer_count(); ++k) {
          if (scratch.streamed.Exact(k)) {
            writer.Write(bucket.first_customer + k, scratch.streamed.Summary(k));
            continue;
          }
          internal::CustomerSummary summary;
          internal::CollectCustomerRows(table, options, scratch.grouper.View(k), scratch.rows,
                                        summary);
          summary.SetDays(scratch.rows.days);
          summary.distinct_categories = internal::CountDistinct(scratch.rows.categories);
          summary.distinct_orders = internal::CountDistinct(scratch.rows.orders);
          writer.Write(bucket.first_customer + k, summary);
        }
      });
  return std::move(writer).Finish();
}

}  // namespace tessera
