// Reading a transaction file: cut it into chunks of whole records, parse them
// in parallel, merge in file order, and hand the columns to BuildDataset.
#ifndef TESSERA_SRC_CSV_TRANSACTIONS_H_
#define TESSERA_SRC_CSV_TRANSACTIONS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "csv_chunk.h"
#include "csv_columns.h"
#include "csv_file.h"
#include "tessera/csv.h"
#include "tessera/dataset.h"

namespace tessera::internal {

// The numeric columns a Dataset may go on borrowing after the file is gone.
struct BorrowedColumns {
  ColumnVector<Day> days;
  ColumnVector<int64_t> epoch_seconds;
  ColumnVector<double> amounts;
  ColumnVector<double> quantities;
  ColumnVector<int32_t> category_codes;
};

// A transaction file parsed and checked row by row: `columns` holds only
// accepted rows, and the text columns point into the file, so this object
// must outlive their use.
struct ParsedTransactions {
  std::string path;
  FileBytes file;
  ColumnLayout layout;
  ChunkJob job;  // the settings of the pass that produced the rows
  std::vector<std::string_view> chunk_texts;
  std::vector<uint64_t> chunk_first_line;
  std::vector<size_t> chunk_first_row;
  std::vector<ChunkOutput> chunks;  // keeps the text the views point into

  KeyKind key_kind = KeyKind::kInteger;
  ColumnVector<int64_t> int_keys;
  ColumnVector<std::string_view> text_keys;
  ColumnVector<std::string_view> order_ids;
  std::vector<std::string> category_labels;
  std::shared_ptr<BorrowedColumns> borrowed;
  IngestReport report;  // everything but return_rows

  size_t rows() const { return report.rows_accepted; }
  // The columns for BuildDataset; empty spans for absent columns.
  TransactionColumns Columns() const;
};

// Reads and checks every row. With force_text_keys, keys are text whatever
// options.key_kind says (a customer table had text keys). Strict mode
// returns the first bad row as the error; lenient mode counts and, when
// options.rejects_path is set, writes the rejects file.
absl::StatusOr<std::unique_ptr<ParsedTransactions>> ParseTransactionFile(const std::string& path,
                                                                         const CsvOptions& options,
                                                                         bool force_text_keys);

// BuildDataset on the parsed columns (with an optional customer table), the
// report replaced by the file's. `customers` must use parsed.key_kind.
absl::StatusOr<Dataset> BuildParsedDataset(const ParsedTransactions& parsed,
                                           const CustomerColumns& customers,
                                           const CsvOptions& options);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_CSV_TRANSACTIONS_H_
