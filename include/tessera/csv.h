// Reading transactions (and customer tables) from delimited text files.
#ifndef TESSERA_CSV_H_
#define TESSERA_CSV_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tessera/dataset.h"

namespace tessera {

enum class DateFormat {
  kAuto,      // ISO date, ISO datetime ("2011-12-09 12:50[:00]", "T" too) or YYYYMMDD
  kIsoDate,   // 2011-12-09
  kIsoDateTime,
  kYyyymmdd,  // 19970101
};

enum class KeyKindOption { kAuto, kInteger, kString };

struct CsvOptions {
  // A single byte such as ',' ';' '\t' '|', or ' ' for runs of whitespace
  // (CDNOW's layout), where leading and trailing blanks are ignored.
  char delimiter = ',';
  bool has_header = true;

  // Columns by header name, or by 0-based position ("#2") when there is no
  // header. customer and date are required; amount may instead be computed
  // as quantity x unit_price.
  std::string customer;
  std::string date;
  std::string amount;
  std::string quantity;
  std::string unit_price;
  std::string category;
  std::string order_id;

  DateFormat date_format = DateFormat::kAuto;
  // kAuto: integer keys when every key is an integer (a trailing ".0", as
  // spreadsheets write them, counts as an integer); strings otherwise.
  KeyKindOption key_kind = KeyKindOption::kAuto;

  IngestOptions ingest;
  // Lenient policy only: every rejected line is written here with its line
  // number and reason, as CSV (line,reason,column,detail,text).
  std::string rejects_path;

  // Called now and then with bytes consumed and total; may be empty.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

// Reads a transaction file into a Dataset. In strict mode the first bad row
// fails with InvalidArgument "path:line: column 'x': reason"; in lenient mode
// bad rows are skipped and counted in Dataset::report.
absl::StatusOr<Dataset> ReadTransactionsCsv(const std::string& path,
                                            const CsvOptions& options);

}  // namespace tessera

#endif  // TESSERA_CSV_H_
