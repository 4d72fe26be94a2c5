// The public entry points of CSV ingest; the work is in csv_transactions.cpp
// and csv_customers.cpp.
#include "tessera/csv.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "csv_customers.h"
#include "csv_transactions.h"

namespace tessera {

absl::StatusOr<Dataset> ReadTransactionsCsv(const std::string& path, const CsvOptions& options) {
  absl::StatusOr<std::unique_ptr<internal::ParsedTransactions>> parsed =
      internal::ParseTransactionFile(path, options, /*force_text_keys=*/false);
  if (!parsed.ok()) return parsed.status();
  return internal::BuildParsedDataset(**parsed, CustomerColumns{}, options);
}

absl::StatusOr<Dataset> ReadCustomersAndTransactionsCsv(const CustomerCsvOptions& customers,
                                                        const std::string& transactions_path,
                                                        const CsvOptions& options) {
  absl::StatusOr<std::unique_ptr<internal::CustomerFile>> table =
      internal::ReadCustomerFile(customers);
  if (!table.ok()) return table.status();
  const internal::CustomerFile& file = **table;
  bool text_keys = file.first_text_key < file.keys.size();
  if (text_keys && options.key_kind == KeyKindOption::kInteger) {
    return absl::InvalidArgumentError(absl::StrCat(
        customers.path, ":", file.lines[file.first_text_key], ": column '", customers.key,
        "': bad_key: '", internal::ToAbsl(file.keys[file.first_text_key]),
        "' is not an integer key (key_kind is integer)"));
  }
  bool force_text = options.key_kind == KeyKindOption::kString ||
                    (options.key_kind == KeyKindOption::kAuto && text_keys);
  absl::StatusOr<std::unique_ptr<internal::ParsedTransactions>> parsed =
      internal::ParseTransactionFile(transactions_path, options, force_text);
  if (!parsed.ok()) return parsed.status();
  absl::StatusOr<CustomerColumns> columns = file.Columns((*parsed)->key_kind, customers);
  if (!columns.ok()) return columns.status();
  absl::StatusOr<Dataset> dataset = internal::BuildParsedDataset(**parsed, *columns, options);
  if (!dataset.ok() || !file.keys.empty()) return dataset;
  // An empty table still names its attributes; every customer's are unknown.
  for (const std::string& name : customers.categorical) {
    dataset->attributes.categorical.push_back(
        {name, {}, std::vector<int32_t>(dataset->customer_count(), -1)});
  }
  for (const std::string& name : customers.numeric) {
    dataset->attributes.numeric.push_back(
        {name, std::vector<double>(dataset->customer_count(), std::nan(""))});
  }
  return dataset;
}

}  // namespace tessera
