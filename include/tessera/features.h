// Per-customer features computed from the transaction table relative to an
// as-of date: one pass over the rows grouped by customer, on all cores, with
// results identical for any thread count.
#ifndef TESSERA_FEATURES_H_
#define TESSERA_FEATURES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tessera/dataset.h"

namespace tessera {

// What counts as one purchase for `frequency`.
enum class FrequencyMode {
  kAuto,   // distinct order ids when the table has them, else rows
  kRows,
  kOrders,
  kDays,   // distinct purchase days
};

struct FeatureOptions {
  Day as_of = kNoDay;  // required; transactions after it are ignored
  FrequencyMode frequency = FrequencyMode::kAuto;
  ReturnPolicy returns = ReturnPolicy::kNetIntoMonetary;
  // Unit of the buy-till-you-die summary (x, t_x, T); 7 = weeks, as CDNOW.
  double btyd_period_days = 7.0;
  int num_threads = 0;  // 0 = all cores
};

// Feature names, in the order FeatureTable holds them.
namespace feature {
inline constexpr std::string_view kFirstPurchase = "first_purchase";  // day number
inline constexpr std::string_view kLastPurchase = "last_purchase";    // day number
inline constexpr std::string_view kRecencyDays = "recency_days";
inline constexpr std::string_view kFrequency = "frequency";
inline constexpr std::string_view kMonetary = "monetary";
inline constexpr std::string_view kMonetaryMean = "monetary_mean";
inline constexpr std::string_view kTenureDays = "tenure_days";
inline constexpr std::string_view kQuantity = "quantity";
inline constexpr std::string_view kCategories = "categories";
inline constexpr std::string_view kPurchaseDays = "purchase_days";
inline constexpr std::string_view kMeanGapDays = "mean_gap_days";
inline constexpr std::string_view kMaxGapDays = "max_gap_days";
inline constexpr std::string_view kReturns = "returns";
inline constexpr std::string_view kReturnedAmount = "returned_amount";
inline constexpr std::string_view kBtydX = "x";
inline constexpr std::string_view kBtydTx = "t_x";
inline constexpr std::string_view kBtydT = "T";
inline constexpr std::string_view kRepeatSpend = "repeat_spend";
}  // namespace feature

// Columnar features, one value per customer (dense index). Undefined values
// are NaN: recency of a customer who never bought, the mean gap of a customer
// with one purchase day.
class FeatureTable {
 public:
  struct Entry {
    std::string name;
    std::string description;
    std::vector<double> values;
  };

  size_t customer_count() const { return customer_count_; }
  const std::vector<Entry>& columns() const { return columns_; }

  // The column called `name`, or nullptr.
  const std::vector<double>* Find(std::string_view name) const;
  // The column called `name`, or NotFound listing the names that exist.
  absl::StatusOr<const std::vector<double>*> Get(std::string_view name) const;
  std::vector<std::string> names() const;

  // For producers: appends a column of customer_count() values: zeros, or
  // (the second form) the given ones, resized to customer_count().
  std::vector<double>& Add(std::string name, std::string description);
  std::vector<double>& Add(std::string name, std::string description,
                           std::vector<double> values);
  explicit FeatureTable(size_t customer_count = 0)
      : customer_count_(customer_count) {}
  FeatureTable(const FeatureTable&) = default;
  FeatureTable& operator=(const FeatureTable&) = default;
  FeatureTable(FeatureTable&&) noexcept = default;
  FeatureTable& operator=(FeatureTable&&) noexcept = default;
  // Large columns go to the scratch cache (tessera/memory.h) for the next
  // table.
  ~FeatureTable();

 private:
  size_t customer_count_;
  std::vector<Entry> columns_;
};

// The usual analysis date when none is given: the day after the last
// transaction, so that a purchase on the last day has recency 1 (the R
// package rfm's examples choose a date just past the data the same way).
// kNoDay when the dataset has no transactions.
Day DayAfterLastTransaction(const Dataset& dataset);

// Computes every feature listed in tessera::feature for each customer in the
// dataset (prospects included: frequency 0, monetary 0, recency NaN).
absl::StatusOr<FeatureTable> ComputeFeatures(const Dataset& dataset,
                                             const FeatureOptions& options);

}  // namespace tessera

#endif  // TESSERA_FEATURES_H_
