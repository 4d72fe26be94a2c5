// Reading a customer attributes file (one row per customer) for
// ReadCustomersAndTransactionsCsv. Such tables are small, so this reads them
// row by row on one thread, strictly.
#ifndef TESSERA_SRC_CSV_CUSTOMERS_H_
#define TESSERA_SRC_CSV_CUSTOMERS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "csv_fields.h"
#include "csv_file.h"
#include "tessera/csv.h"
#include "tessera/dataset.h"

namespace tessera::internal {

struct CustomerFile {
  std::string path;
  std::string key_column;  // as the caller named it
  FileBytes file;
  TextArena arena;
  std::vector<std::string_view> keys;
  std::vector<uint64_t> lines;                             // file line of each row
  std::vector<std::vector<std::string_view>> categorical;  // per attribute, per row
  std::vector<std::vector<double>> numeric;                // per attribute, per row

  // Row of the first key that is not an integer, or keys.size().
  size_t first_text_key = 0;
  std::vector<int64_t> int_keys;  // filled while every key is an integer

  // The table as BuildDataset takes it, keyed as `kind`. InvalidArgument
  // naming both lines when a key is listed twice.
  absl::StatusOr<CustomerColumns> Columns(KeyKind kind, const CustomerCsvOptions& options) const;
};

absl::StatusOr<std::unique_ptr<CustomerFile>> ReadCustomerFile(const CustomerCsvOptions& options);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_CSV_CUSTOMERS_H_
