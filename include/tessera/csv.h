// Reading transactions (and customer tables) from delimited text files.
//
// The format is RFC 4180: fields are separated by a delimiter, records end at
// LF or CR LF, and a field that starts with a double quote runs to the
// matching quote, so it may hold delimiters, line breaks and doubled quotes
// ("" stands for one "). A UTF-8 byte order mark at the start is ignored.
// Lines that are empty or hold only blanks (spaces, tabs) are not rows: they
// are skipped and not counted, though line numbers still count them. Blanks
// around unquoted fields are ignored; a quoted field keeps its text exactly.
#ifndef TESSERA_CSV_H_
#define TESSERA_CSV_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tessera/dataset.h"

namespace tessera {

enum class DateFormat {
  kAuto,         // any of the three below, row by row
  kIsoDate,      // 2011-12-09
  kIsoDateTime,  // 2011-12-09 12:50, 2011-12-09 12:50:00 or 2011-12-09T12:50:00
                 // (fractions of a second are dropped)
  kYyyymmdd,     // 19970101
};

enum class KeyKindOption {
  // Integer keys when every accepted key is an integer (a trailing ".0", as
  // spreadsheets write integer columns, counts: "17850.0" is 17850; so do
  // zero-padded ids such as CDNOW's "0001") and no number is written two
  // ways; otherwise every key is kept as text, exactly as written. So "007"
  // and "7" in one file, or "17850.0" and "17850", are two customers, and
  // which customers there are never depends on unrelated rows.
  kAuto,
  // Every key must be an integer (".0" and leading zeros allowed: "007" is
  // 7); others are rejected as bad_key.
  kInteger,
  // Keys are text, exactly as written ("00017" and "17" differ).
  kString,
};

struct CsvOptions {
  // A single byte such as ',' ';' '\t' '|', or ' ' for runs of blanks
  // (CDNOW's layout), where blanks at the start and end of a line are
  // ignored. Not '"', CR or LF.
  char delimiter = ',';
  bool has_header = true;

  // Columns by header name (exact, case-sensitive), or by 0-based position
  // ("#2"), which is the only way when there is no header. One column may
  // serve two roles (Online Retail's InvoiceNo as customer and order_id).
  // customer and date are required; give amount, or quantity and unit_price
  // to compute amount = quantity x unit_price.
  std::string customer;
  std::string date;
  std::string amount;
  std::string quantity;
  std::string unit_price;
  std::string category;
  std::string order_id;

  // When any accepted row has a time of day, Dataset::transactions keeps it
  // in second_of_day (rows without one count as midnight).
  DateFormat date_format = DateFormat::kAuto;
  KeyKindOption key_kind = KeyKindOption::kAuto;

  // policy (strict or lenient), cancellation_prefix and num_threads apply.
  IngestOptions ingest;
  // Lenient policy only: every rejected line is written here, in file order,
  // as CSV with the header line,reason,column,detail,text (text is the raw
  // record). The file is written, header only, even when nothing is rejected.
  std::string rejects_path;

  // Called on the calling thread now and then with bytes read so far (never
  // decreasing) and the file size; last with done == total. May be empty.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

// The file is memory-mapped: another process truncating it while it is read
// ends the process with SIGBUS, as with any mapped file. Hosts that cannot
// rule that out should read from a copy.
//
// Reads a transaction file into a Dataset. Every row is either accepted or
// rejected with a RejectReason: a wrong number of fields (the header's, or
// the first row's when there is no header), an empty customer key, a date,
// amount, quantity or unit price that does not parse (or is NaN or infinite),
// a key that does not fit the key kind, or text (key, category, order id)
// that is not UTF-8. In strict mode the first bad row in file order fails
// with InvalidArgument "path:line: column 'x': reason: detail"; in lenient
// mode bad rows are skipped and counted in Dataset::report. Configuration
// errors (unknown column, missing file) are InvalidArgument or NotFound.
// An empty file is an error when a header is expected; a file without rows
// gives an empty Dataset.
absl::StatusOr<Dataset> ReadTransactionsCsv(const std::string& path, const CsvOptions& options);

// A customer attributes file: one row per customer, keyed like the
// transactions, with any number of attribute columns.
struct CustomerCsvOptions {
  std::string path;
  char delimiter = ',';  // as CsvOptions::delimiter
  bool has_header = true;
  // Columns by header name or "#N" position, as in CsvOptions.
  std::string key;
  std::vector<std::string> categorical;  // labels; an empty field is unknown
  std::vector<std::string> numeric;      // numbers; an empty field is unknown
};

// Reads a customer table and a transaction file into one Dataset: customers
// listed in the table come first, in table order, and those without any
// accepted transaction are prospects. The key kind covers both files (with
// kAuto, integer only when every key in both is an integer). The table is
// small and read strictly whatever the policy: a bad row, or a key listed
// twice, fails with InvalidArgument "path:line: column 'x': detail". When no
// transaction is accepted, every listed customer is a prospect.
absl::StatusOr<Dataset> ReadCustomersAndTransactionsCsv(const CustomerCsvOptions& customers,
                                                        const std::string& transactions_path,
                                                        const CsvOptions& options);

}  // namespace tessera

#endif  // TESSERA_CSV_H_
