// The customer model: a columnar transaction table and a columnar customer
// table, both indexed by the dense customer index of one CustomerIndex.
#ifndef TESSERA_DATASET_H_
#define TESSERA_DATASET_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "tessera/column.h"
#include "tessera/customer_index.h"
#include "tessera/dictionary.h"
#include "tessera/ingest_report.h"

namespace tessera {

// Dates are whole days since 1970-01-01 (negative before).
using Day = int32_t;
inline constexpr Day kNoDay = std::numeric_limits<Day>::min();
// Dates outside years 1000..9999 are surely a unit mistake (seconds passed
// as days, or milliseconds as seconds) and are rejected as bad dates.
inline constexpr Day kMinDay = -354285;  // 1000-01-01
inline constexpr Day kMaxDay = 2932896;  // 9999-12-31

// One row per transaction line. Optional columns are empty when the input had
// no such field.
struct TransactionTable {
  Column<uint32_t> customer;       // dense customer index
  Column<Day> day;                 // date
  Column<int32_t> second_of_day;   // optional: 0..86399 when the input had times
  Column<double> amount;           // money; negative for returns
  Column<double> quantity;         // optional
  Column<int32_t> category;        // optional: codes into `categories`
  Dictionary categories;
  Column<int32_t> order;           // optional: codes into `orders`
  Dictionary orders;
  Column<uint8_t> is_return;       // optional: 1 for returns and cancellations

  size_t size() const { return customer.size(); }
};

// A host attribute with string values (customer type, region, country...).
struct CategoricalAttribute {
  std::string name;
  Dictionary labels;
  std::vector<int32_t> codes;  // per customer; -1 when unknown
};

// A host attribute with numeric values (credit limit, employees...).
struct NumericAttribute {
  std::string name;
  std::vector<double> values;  // per customer; NaN when unknown
};

// Host-supplied attributes, one entry per customer in the index (customers
// seen only in transactions have unknown attributes).
struct CustomerTable {
  std::vector<CategoricalAttribute> categorical;
  std::vector<NumericAttribute> numeric;
  // Customers listed in the table: dense indices [0, listed).
  size_t listed = 0;
};

struct Dataset {
  CustomerIndex customers;
  CustomerTable attributes;
  TransactionTable transactions;
  IngestReport report;

  size_t customer_count() const { return customers.size(); }
};

// How returns and cancellations (negative amount or quantity, or an order id
// marked as a cancellation) enter the features.
enum class ReturnPolicy {
  kNetIntoMonetary,  // default: subtract from monetary, never a purchase
  kExclude,          // ignore entirely
};

// Amounts, quantities and unit prices beyond +-1e15 are rejected at ingest:
// no real transaction line is that large, and the bound keeps every sum over
// up to 2^32 rows finite, so no total can overflow into infinity.
inline constexpr double kMaxAbsoluteValue = 1e15;

// Rows are addressed with 32-bit indices: a table holds at most 2^32 - 1.
inline constexpr uint64_t kMaxRows = 0xFFFFFFFFull;

struct IngestOptions {
  IngestPolicy policy = IngestPolicy::kLenient;
  // An order id starting with this prefix marks a cancellation (Online Retail
  // uses "C"); empty disables the check.
  std::string cancellation_prefix = "C";
  int num_threads = 0;  // 0 = all cores
};

// In-memory transaction columns, all of the same length. Give exactly one key
// column, exactly one date column and the amounts; the rest are optional
// (empty spans). Leaving every column empty means no transactions at all.
struct TransactionColumns {
  absl::Span<const int64_t> int_keys;
  absl::Span<const std::string_view> string_keys;
  // Optional, one per row: nonzero where the key is missing (a NaN in a
  // float column of integer ids, a NULL in a database column), so that the
  // row is rejected as missing_customer whatever int_keys holds there.
  absl::Span<const uint8_t> missing_keys;

  // Exactly one date column.
  absl::Span<const Day> days;              // days since 1970-01-01
  absl::Span<const int64_t> epoch_seconds; // seconds since 1970-01-01T00:00Z
  // Nanoseconds since 1970-01-01T00:00Z: numpy's and pandas' datetime64[ns]
  // as they are, read without a conversion pass (fractions of a second are
  // dropped). INT64_MIN is their "not a time" (NaT): a bad date.
  absl::Span<const int64_t> epoch_nanoseconds;

  absl::Span<const double> amounts;
  absl::Span<const double> quantities;

  // Categories as codes with their labels, or as strings.
  absl::Span<const int32_t> category_codes;
  std::vector<std::string> category_labels;
  absl::Span<const std::string_view> categories;

  absl::Span<const std::string_view> order_ids;

  // Held by the dataset while it borrows the spans above (no copy is made
  // when every row is accepted and the type already fits).
  std::shared_ptr<const void> keepalive;
};

// Customer table columns: keys (one kind, matching the transactions) plus
// attributes of the same length.
struct CustomerColumns {
  absl::Span<const int64_t> int_keys;
  absl::Span<const std::string_view> string_keys;
  struct Categorical {
    std::string name;
    absl::Span<const std::string_view> values;  // empty string_view = unknown
  };
  struct Numeric {
    std::string name;
    absl::Span<const double> values;  // NaN = unknown
  };
  std::vector<Categorical> categorical;
  std::vector<Numeric> numeric;
};

// Builds a Dataset from in-memory columns. Rows that fail validation follow
// options.policy: strict returns InvalidArgument naming row, column and
// reason; lenient drops and counts them in the report.
absl::StatusOr<Dataset> BuildDataset(const TransactionColumns& transactions,
                                     const IngestOptions& options = {});
absl::StatusOr<Dataset> BuildDataset(const CustomerColumns& customers,
                                     const TransactionColumns& transactions,
                                     const IngestOptions& options = {});

}  // namespace tessera

#endif  // TESSERA_DATASET_H_
