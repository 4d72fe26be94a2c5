#include "tessera/csv.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "csv_values.h"
#include "gtest/gtest.h"
#include "tessera/dates.h"
#include "test_support.h"

namespace tessera {
namespace {

std::string Fixture(const std::string& name) {
  return testing::SourcePath("tests/data/csv/" + name);
}

CsvOptions Columns(std::string customer, std::string date, std::string amount) {
  CsvOptions options;
  options.customer = std::move(customer);
  options.date = std::move(date);
  options.amount = std::move(amount);
  return options;
}

CsvOptions Basic() { return Columns("customer", "date", "amount"); }

template <typename T>
std::vector<T> Values(const Column<T>& column) {
  return std::vector<T>(column.begin(), column.end());
}

uint64_t Rejected(const IngestReport& report, RejectReason reason) {
  return report.rejected_by_reason[static_cast<size_t>(reason)];
}

Day DayOf(int year, int month, int day) { return *DayFromCivil(year, month, day); }

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// CTest runs tests as separate processes, several at once: each process gets
// its own file names.
std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + std::to_string(getpid()) + "_" + name;
}

TEST(CsvValues, CanonicalIntegerKeys) {
  for (const char* text : {"0", "7", "-7", "17850", "-9223372036854775808"}) {
    EXPECT_TRUE(internal::IsCanonicalIntegerKey(text)) << text;
  }
  for (const char* text : {"007", "00", "-0", "7.0", "17850.0", "-07", "", "-"}) {
    EXPECT_FALSE(internal::IsCanonicalIntegerKey(text)) << text;
  }
}

TEST(CsvValues, IntegerKeys) {
  struct Case {
    const char* text;
    bool ok;
    int64_t value;
  };
  for (const Case& c : std::vector<Case>{
           {"0", true, 0},
           {"17850.0", true, 17850},
           {"17850.000", true, 17850},
           {"00042", true, 42},
           {"-7", true, -7},
           {"12345678", true, 12345678},
           {"247573191735", true, 247573191735},
           {"123456789012345678", true, 123456789012345678},
           {"9223372036854775807", true, std::numeric_limits<int64_t>::max()},
           {"-9223372036854775808", true, std::numeric_limits<int64_t>::min()},
           {"000000000000000000000017", true, 17},
           {"9223372036854775808", false, 0},
           {"99999999999999999999", false, 0},
           {"17850.", false, 0},
           {"17850.5", false, 0},
           {"1234567a", false, 0},
           {"12345678x", false, 0},
           {"C-1", false, 0},
           {"", false, 0},
           {"-", false, 0},
           {" 1", false, 0},
       }) {
    int64_t value = 0;
    EXPECT_EQ(internal::ParseIntegerKey(c.text, value), c.ok) << c.text;
    if (c.ok) {
      EXPECT_EQ(value, c.value) << c.text;
    }
  }
}

TEST(CsvValues, Numbers) {
  struct Case {
    const char* text;
    bool ok;
    double value;
  };
  for (const Case& c : std::vector<Case>{
           {"45.67", true, 45.67},
           {"-2.25", true, -2.25},
           {"+0.5", true, 0.5},
           {"7", true, 7},
           {".5", true, 0.5},
           {"1e3", true, 1000},
           {"0.1234567890123456789", true, 0.1234567890123456789},
           {"11062.06", true, 11062.06},
           {"", false, 0},
           {"abc", false, 0},
           {"1.2.3", false, 0},
           {"+-5", false, 0},
           {"--5", false, 0},
           {"NaN", false, 0},
           {"inf", false, 0},
           {"1e999", false, 0},
       }) {
    double value = 0;
    EXPECT_EQ(internal::ParseNumber(c.text, value), c.ok) << c.text;
    if (c.ok) {
      EXPECT_EQ(value, c.value) << c.text;
    }
  }
}

TEST(CsvValues, Dates) {
  internal::DateValue date;
  using internal::DateStatus;
  EXPECT_EQ(internal::ParseDate("1970-01-01", DateFormat::kAuto, date), DateStatus::kOk);
  EXPECT_EQ(date.day, 0);
  EXPECT_EQ(internal::ParseDate("2000-02-29", DateFormat::kAuto, date), DateStatus::kOk);
  EXPECT_EQ(date.day, 11016);  // 30 * 365 + 7 leap days to 2000-01-01, then 59
  EXPECT_EQ(internal::ParseDate("19691231", DateFormat::kAuto, date), DateStatus::kOk);
  EXPECT_EQ(date.day, -1);
  EXPECT_EQ(internal::ParseDate("2011-12-09 23:59:59.75", DateFormat::kAuto, date),
            DateStatus::kOk);
  EXPECT_EQ(date.second_of_day, 86399);
  EXPECT_EQ(internal::ParseDate("1900-02-29", DateFormat::kAuto, date), DateStatus::kNoSuchDate);
  EXPECT_EQ(internal::ParseDate("0999-12-31", DateFormat::kAuto, date),
            DateStatus::kYearOutOfRange);
  for (const char* bad :
       {"2011-12-09 24:00", "2011-12-09 12:60", "2011-12-09 12:5",
        "2011-12-09 12:50:", "2011-12-09X12:50", "2011-1-09", "1997011", "2011/12/09", ""}) {
    EXPECT_EQ(internal::ParseDate(bad, DateFormat::kAuto, date), DateStatus::kMalformed) << bad;
  }
  EXPECT_EQ(internal::ParseDate("2011-12-09", DateFormat::kIsoDateTime, date),
            DateStatus::kMalformed);
  EXPECT_EQ(internal::ParseDate("2011-12-09 10:00", DateFormat::kIsoDate, date),
            DateStatus::kMalformed);
}

TEST(CsvQuoting, CommasDoubledQuotesAndLineBreaksInsideQuotes) {
  CsvOptions options = Basic();
  options.category = "description";
  options.order_id = "order";
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("quoting.csv"), options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customers.kind(), KeyKind::kString);
  EXPECT_EQ(dataset->customers.string_keys(),
            (std::vector<std::string>{"Smith, John", "O\"Brien", "Multi\nLine"}));
  EXPECT_EQ(Values(dataset->transactions.customer), (std::vector<uint32_t>{0, 1, 2, 0}));
  EXPECT_EQ(dataset->transactions.categories.labels(),
            (std::vector<std::string>{"plain", "12\" record", "x", "a,b,\"c\""}));
  EXPECT_EQ(dataset->transactions.orders.labels(),
            (std::vector<std::string>{"A1", "A2", "A3", "A4"}));
  EXPECT_EQ(Values(dataset->transactions.amount), (std::vector<double>{10.5, 20, 30, 40}));
  // The record of A3 spans lines 4 and 5, so A5 is on line 7.
  const IngestReport& report = dataset->report;
  EXPECT_EQ(report.rows_read, 5u);
  ASSERT_EQ(report.examples.size(), 1u);
  EXPECT_EQ(report.examples[0].line, 7u);
  EXPECT_EQ(report.examples[0].reason, RejectReason::kBadDate);
}

TEST(CsvFormat, ByteOrderMarkCrLfAndSemicolons) {
  CsvOptions options = Basic();
  options.delimiter = ';';
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("bom_crlf.csv"), options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->customers.int_keys(), (std::vector<int64_t>{7, 8}));
  EXPECT_EQ(Values(dataset->transactions.day),
            (std::vector<Day>{DayOf(2011, 3, 4), DayOf(2011, 3, 5)}));
  EXPECT_EQ(Values(dataset->transactions.amount), (std::vector<double>{1.5, 2.5}));
  EXPECT_TRUE(dataset->transactions.second_of_day.empty());
}

TEST(CsvFormat, RunsOfBlanksWithPositionsAndBlankLines) {
  CsvOptions options = Columns("#1", "#2", "#4");
  options.delimiter = ' ';
  options.has_header = false;
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("whitespace.txt"), options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  // Three rows: the empty CR LF line is not a row and is not counted.
  EXPECT_EQ(dataset->report.rows_read, 3u);
  EXPECT_EQ(dataset->customers.int_keys(), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(Values(dataset->transactions.customer), (std::vector<uint32_t>{0, 1, 0}));
  EXPECT_EQ(Values(dataset->transactions.day),
            (std::vector<Day>{DayOf(1997, 1, 1), DayOf(1997, 1, 12), DayOf(1997, 3, 2)}));
  EXPECT_EQ(Values(dataset->transactions.amount), (std::vector<double>{11.77, 12.00, 30.50}));
}

TEST(CsvColumns, UnknownNameListsTheHeader) {
  CsvOptions options = Basic();
  options.customer = "Customer";
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("integer_keys.csv"), options);
  ASSERT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  std::string message(dataset.status().message());
  EXPECT_NE(message.find("option 'customer': no column 'Customer'"), std::string::npos) << message;
  EXPECT_NE(message.find("its columns are: customer, date, amount"), std::string::npos) << message;
}

TEST(CsvColumns, NamesNeedAHeaderAndPositionsMustExist) {
  CsvOptions options = Columns("customer", "#2", "#4");
  options.delimiter = ' ';
  options.has_header = false;
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("whitespace.txt"), options);
  ASSERT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(dataset.status().message().find("'#0' to '#4'"), std::string::npos) << dataset.status();

  options.customer = "#5";
  dataset = ReadTransactionsCsv(Fixture("whitespace.txt"), options);
  ASSERT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(dataset.status().message().find("has 5 columns"), std::string::npos)
      << dataset.status();
}

TEST(CsvColumns, AmountOrQuantityTimesUnitPrice) {
  CsvOptions options = Basic();
  options.amount.clear();
  options.quantity = "amount";
  EXPECT_NE(ReadTransactionsCsv(Fixture("integer_keys.csv"), options)
                .status()
                .message()
                .find("'quantity' and 'unit_price'"),
            std::string::npos);
  options = Basic();
  options.unit_price = "amount";
  EXPECT_EQ(ReadTransactionsCsv(Fixture("integer_keys.csv"), options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options = Basic();
  options.delimiter = '"';
  EXPECT_EQ(ReadTransactionsCsv(Fixture("integer_keys.csv"), options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CsvAmounts, QuantityTimesUnitPriceAndItsRejections) {
  CsvOptions options = Columns("customer", "date", "");
  options.quantity = "quantity";
  options.unit_price = "unit_price";
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("quantity_price.csv"), options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(Values(dataset->transactions.amount), (std::vector<double>{3.0, -2.25}));
  EXPECT_EQ(Values(dataset->transactions.quantity), (std::vector<double>{2, -1}));
  EXPECT_EQ(Values(dataset->transactions.is_return), (std::vector<uint8_t>{0, 1}));
  EXPECT_EQ(dataset->report.return_rows, 1u);
  const IngestReport& report = dataset->report;
  EXPECT_EQ(Rejected(report, RejectReason::kBadQuantity), 1u);
  EXPECT_EQ(Rejected(report, RejectReason::kBadPrice), 1u);
  ASSERT_EQ(report.examples.size(), 2u);
  EXPECT_EQ(report.examples[0].line, 3u);
  EXPECT_EQ(report.examples[0].column, "quantity");
  EXPECT_EQ(report.examples[1].line, 4u);
  EXPECT_EQ(report.examples[1].column, "unit_price");
  EXPECT_EQ(report.examples[1].detail, "empty field");
}

TEST(CsvRejects, LenientCountsEveryReasonWithItsLineAndColumn) {
  CsvOptions options = Basic();
  options.category = "category";
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("bad_rows.csv"), options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  const IngestReport& report = dataset->report;
  // Nine rows: line 7 is blank, and lines 8-9 hold one quoted record.
  EXPECT_EQ(report.rows_read, 9u);
  EXPECT_EQ(report.rows_accepted, 3u);
  EXPECT_TRUE(report.balanced());
  EXPECT_EQ(Rejected(report, RejectReason::kMissingCustomer), 1u);
  EXPECT_EQ(Rejected(report, RejectReason::kBadDate), 1u);
  EXPECT_EQ(Rejected(report, RejectReason::kBadAmount), 2u);
  EXPECT_EQ(Rejected(report, RejectReason::kFieldCount), 1u);
  EXPECT_EQ(Rejected(report, RejectReason::kBadEncoding), 1u);
  struct Expected {
    uint64_t line;
    RejectReason reason;
    std::string column;
  };
  std::vector<Expected> expected = {
      {3, RejectReason::kMissingCustomer, "customer"}, {4, RejectReason::kBadDate, "date"},
      {5, RejectReason::kBadAmount, "amount"},         {6, RejectReason::kFieldCount, ""},
      {10, RejectReason::kBadEncoding, "category"},    {11, RejectReason::kBadAmount, "amount"}};
  ASSERT_EQ(report.examples.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(report.examples[i].line, expected[i].line) << i;
    EXPECT_EQ(report.examples[i].reason, expected[i].reason) << i;
    EXPECT_EQ(report.examples[i].column, expected[i].column) << i;
  }
  EXPECT_EQ(dataset->customers.int_keys(), (std::vector<int64_t>{1, 5, 8}));
  EXPECT_EQ(dataset->transactions.categories.labels(),
            (std::vector<std::string>{"a", "multi\nline", "c"}));
}

TEST(CsvRejects, RejectsFileHoldsEveryRejectedLine) {
  CsvOptions options = Basic();
  options.category = "category";
  options.rejects_path = TempPath("csv_test_rejects.csv");
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("bad_rows.csv"), options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(ReadWholeFile(options.rejects_path),
            "line,reason,column,detail,text\n"
            "3,missing_customer,customer,empty customer key,\",2011-01-02,5.00,a\"\n"
            "4,bad_date,date,'2011-13-01' is not a calendar date,\"2,2011-13-01,5.00,b\"\n"
            "5,bad_amount,amount,cannot parse 'abc' as a number,\"3,2011-01-03,abc,b\"\n"
            "6,field_count,,\"3 fields, expected 4\",\"4,2011-01-04,5.00\"\n"
            "10,bad_encoding,category,text is not valid UTF-8 (or holds a NUL byte),\"6,2011-01-06,1.25,\xff\xfe\"\n"
            "11,bad_amount,amount,cannot parse 'NaN' as a number,\"7,2011-01-07,NaN,c\"\n");
  std::remove(options.rejects_path.c_str());
}

TEST(CsvRejects, StrictStopsAtTheFirstBadRow) {
  CsvOptions options = Basic();
  options.category = "category";
  options.ingest.policy = IngestPolicy::kStrict;
  std::string path = Fixture("bad_rows.csv");
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(path, options);
  ASSERT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(dataset.status().message(),
            path + ":3: column 'customer': missing_customer: empty customer key");

  options = Basic();
  options.ingest.policy = IngestPolicy::kStrict;
  path = Fixture("field_count.csv");
  dataset = ReadTransactionsCsv(path, options);
  ASSERT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(dataset.status().message(), path + ":2: field_count: 2 fields, expected 3");
}

// A NUL byte is valid UTF-8 but no C string can hold it: a key with one
// inside would come back cut short through the C ABI ("a\0b" as "a").
TEST(CsvRejects, TextWithANulByteIsABadEncoding) {
  std::string path = TempPath("nul.csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << "customer,date,amount\n" << std::string("a\0b", 3) << ",2011-01-01,1\nc,2011-01-02,2\n";
  }
  CsvOptions options = Basic();
  options.key_kind = KeyKindOption::kString;
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(path, options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->report.rows_accepted, 1u);
  EXPECT_EQ(Rejected(dataset->report, RejectReason::kBadEncoding), 1u);
  ASSERT_EQ(dataset->customers.size(), 1u);
  EXPECT_EQ(dataset->customers.KeyString(0), "c");
  std::remove(path.c_str());
}

TEST(CsvRejects, UnterminatedQuoteIsOneRejectedRowThatSaysSo) {
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("unterminated.csv"), Basic());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->report.rows_read, 2u);
  EXPECT_EQ(dataset->report.rows_accepted, 1u);
  ASSERT_EQ(dataset->report.examples.size(), 1u);
  EXPECT_EQ(dataset->report.examples[0].line, 3u);
  EXPECT_NE(dataset->report.examples[0].detail.find("never closes"), std::string::npos);
}

TEST(CsvFiles, EmptyFileNeedsNoHeaderToBeEmpty) {
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("empty.csv"), Basic());
  ASSERT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(dataset.status().message().find("no header line"), std::string::npos);

  CsvOptions options = Columns("#0", "#1", "#2");
  options.has_header = false;
  dataset = ReadTransactionsCsv(Fixture("empty.csv"), options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->report.rows_read, 0u);
  EXPECT_EQ(dataset->customer_count(), 0u);
}

TEST(CsvFiles, HeaderOnlyFileGivesAnEmptyDataset) {
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("header_only.csv"), Basic());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->transactions.size(), 0u);
  EXPECT_EQ(dataset->report.rows_read, 0u);
  EXPECT_TRUE(dataset->report.balanced());
  CsvOptions options = Basic();
  options.amount = "total";
  EXPECT_EQ(ReadTransactionsCsv(Fixture("header_only.csv"), options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CsvFiles, MissingFileIsNotFound) {
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("no_such_file.csv"), Basic());
  EXPECT_EQ(dataset.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(dataset.status().message().find("no_such_file.csv"), std::string::npos);
}

TEST(CsvDates, IsoDateTimesKeepTheTimeOfDay) {
  CsvOptions options = Columns("customer", "when", "amount");
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("datetimes.csv"), options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(Values(dataset->transactions.day),
            (std::vector<Day>{DayOf(2010, 12, 1), DayOf(2010, 12, 1), DayOf(2011, 12, 9),
                              DayOf(2011, 12, 10), DayOf(1997, 1, 1)}));
  // 08:26 is 30360 s; 12:50:59 is 46259 s; rows without a time are midnight.
  EXPECT_EQ(Values(dataset->transactions.second_of_day),
            (std::vector<int32_t>{30360, 30360, 46259, 0, 0}));
}

TEST(CsvDates, FormatOptionAcceptsOnlyItsForm) {
  CsvOptions options = Columns("customer", "when", "amount");
  options.date_format = DateFormat::kIsoDate;
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("datetimes.csv"), options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->report.rows_accepted, 1u);
  EXPECT_EQ(Rejected(dataset->report, RejectReason::kBadDate), 4u);
  EXPECT_EQ(Values(dataset->transactions.day), (std::vector<Day>{DayOf(2011, 12, 10)}));

  options.date_format = DateFormat::kYyyymmdd;
  dataset = ReadTransactionsCsv(Fixture("datetimes.csv"), options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(Values(dataset->transactions.day), (std::vector<Day>{DayOf(1997, 1, 1)}));
  ASSERT_FALSE(dataset->report.examples.empty());
  EXPECT_NE(dataset->report.examples[0].detail.find("expected YYYYMMDD"), std::string::npos);
}

TEST(CsvDates, EmptyAndImpossibleDatesAreRejectedWherever) {
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("empty_dates.csv"), Basic());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(Values(dataset->transactions.day), (std::vector<Day>{DayOf(2011, 1, 1)}));
  const IngestReport& report = dataset->report;
  EXPECT_EQ(Rejected(report, RejectReason::kBadDate), 3u);
  ASSERT_EQ(report.examples.size(), 3u);
  EXPECT_EQ(report.examples[0].line, 2u);
  EXPECT_EQ(report.examples[0].detail, "empty field");
  EXPECT_EQ(report.examples[1].line, 4u);
  EXPECT_EQ(report.examples[1].detail, "'2011-02-30' is not a calendar date");
  EXPECT_EQ(report.examples[2].line, 5u);
}

TEST(CsvKeys, AutoReadsSpreadsheetIntegers) {
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("spreadsheet_keys.csv"), Basic());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customers.kind(), KeyKind::kInteger);
  EXPECT_EQ(dataset->customers.int_keys(), (std::vector<int64_t>{17850, 42}));
  EXPECT_EQ(Values(dataset->transactions.customer), (std::vector<uint32_t>{0, 0, 1}));
}

// Consistently zero-padded ids (CDNOW's "0001") are integers; "7" beside
// them is another customer either way.
TEST(CsvKeys, AutoReadsZeroPaddedIdsAsIntegers) {
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("padded_keys.csv"), Basic());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customers.kind(), KeyKind::kInteger);
  EXPECT_EQ(dataset->customers.int_keys(), (std::vector<int64_t>{1, 2, 7}));
}

// "17850.0" and "17850" read as numbers would be one customer, or two if any
// other key in the file were text: two spellings of one number make the
// keys text, so the answer never hangs on unrelated rows.
TEST(CsvKeys, AutoReadsTwoSpellingsOfOneNumberAsText) {
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("integer_keys.csv"), Basic());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customers.kind(), KeyKind::kString);
  EXPECT_EQ(dataset->customers.string_keys(),
            (std::vector<std::string>{"17850.0", "17850", "00042"}));

  CsvOptions forced = Basic();
  forced.key_kind = KeyKindOption::kInteger;
  dataset = ReadTransactionsCsv(Fixture("integer_keys.csv"), forced);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->customers.int_keys(), (std::vector<int64_t>{17850, 42}));
}

TEST(CsvKeys, ForcedStringKeepsTheTextAsWritten) {
  CsvOptions options = Basic();
  options.key_kind = KeyKindOption::kString;
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("integer_keys.csv"), options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customers.kind(), KeyKind::kString);
  EXPECT_EQ(dataset->customers.string_keys(),
            (std::vector<std::string>{"17850.0", "17850", "00042"}));
}

TEST(CsvKeys, AutoTurnsEveryKeyToTextWhenOneIsNotAnInteger) {
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(Fixture("text_keys.csv"), Basic());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customers.kind(), KeyKind::kString);
  EXPECT_EQ(dataset->customers.string_keys(), (std::vector<std::string>{"1", "C-1", "2"}));
}

TEST(CsvKeys, ForcedIntegerRejectsTextKeys) {
  CsvOptions options = Basic();
  options.key_kind = KeyKindOption::kInteger;
  std::string path = Fixture("text_keys.csv");
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(path, options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->customers.int_keys(), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(Rejected(dataset->report, RejectReason::kBadKey), 1u);

  options.ingest.policy = IngestPolicy::kStrict;
  dataset = ReadTransactionsCsv(path, options);
  ASSERT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(dataset.status().message(),
            path +
                ":3: column 'customer': bad_key: 'C-1' is not an integer key "
                "(key_kind is integer)");
}

TEST(CsvCustomers, TableAndTransactionsMakeOneDatasetWithProspects) {
  CustomerCsvOptions customers;
  customers.path = Fixture("customers.csv");
  customers.key = "id";
  customers.categorical = {"segment"};
  customers.numeric = {"credit_limit"};
  absl::StatusOr<Dataset> dataset =
      ReadCustomersAndTransactionsCsv(customers, Fixture("customer_transactions.csv"), Basic());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  // Listed customers 10, 11, 12 come first; 13 only bought.
  EXPECT_EQ(dataset->customers.int_keys(), (std::vector<int64_t>{10, 11, 12, 13}));
  EXPECT_EQ(dataset->attributes.listed, 3u);
  EXPECT_EQ(Values(dataset->transactions.customer), (std::vector<uint32_t>{1, 3, 1}));
  ASSERT_EQ(dataset->attributes.categorical.size(), 1u);
  const CategoricalAttribute& segment = dataset->attributes.categorical[0];
  EXPECT_EQ(segment.name, "segment");
  EXPECT_EQ(segment.labels.labels(), (std::vector<std::string>{"retail", "wholesale"}));
  EXPECT_EQ(segment.codes, (std::vector<int32_t>{0, 1, -1, -1}));
  ASSERT_EQ(dataset->attributes.numeric.size(), 1u);
  const std::vector<double>& limit = dataset->attributes.numeric[0].values;
  ASSERT_EQ(limit.size(), 4u);
  EXPECT_EQ(limit[0], 1000);
  EXPECT_TRUE(std::isnan(limit[1]));
  EXPECT_EQ(limit[2], 250.5);
  EXPECT_TRUE(std::isnan(limit[3]));
}

TEST(CsvCustomers, WithoutAcceptedTransactionsEveryListedCustomerIsAProspect) {
  CustomerCsvOptions customers;
  customers.path = Fixture("customers.csv");
  customers.key = "id";
  absl::StatusOr<Dataset> dataset =
      ReadCustomersAndTransactionsCsv(customers, Fixture("header_only.csv"), Basic());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->customers.int_keys(), (std::vector<int64_t>{10, 11, 12}));
  EXPECT_EQ(dataset->transactions.size(), 0u);
  EXPECT_EQ(dataset->report.rows_read, 0u);
}

TEST(CsvCustomers, KeyListedTwiceNamesBothLines) {
  CustomerCsvOptions customers;
  customers.path = Fixture("customers_duplicate.csv");
  customers.key = "id";
  absl::StatusOr<Dataset> dataset =
      ReadCustomersAndTransactionsCsv(customers, Fixture("customer_transactions.csv"), Basic());
  ASSERT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      dataset.status().message(),
      customers.path + ":4: column 'id': customer key '10' is listed twice (first on line 2)");
  customers.key = "ID";
  dataset =
      ReadCustomersAndTransactionsCsv(customers, Fixture("customer_transactions.csv"), Basic());
  EXPECT_NE(dataset.status().message().find("its columns are: id, segment, credit_limit"),
            std::string::npos)
      << dataset.status();
}

// A file large enough to be cut into several chunks, with quoted line breaks
// in most rows and a bad row now and then; every expected figure is counted
// while writing it.
class CsvThreads : public ::testing::Test {
 protected:
  static constexpr int kRows = 30000;

  void SetUp() override {
    path_ = TempPath("csv_test_threads.csv");
    std::ofstream out(path_, std::ios::binary);
    out << "customer,date,amount,category,note\n";
    uint64_t line = 2;
    for (int i = 0; i < kRows; ++i) {
      bool bad = i % 1000 == 999;
      if (bad && first_bad_line_ == 0) first_bad_line_ = line;
      out << "K" << i % 997 << "," << FormatDay(DayOf(2011, 1, 1) + i % 300) << ","
          << (bad ? "oops" : std::to_string(i % 100) + ".25") << ",c" << i * 7 % 13 << ",";
      if (i % 3 != 2) {
        // Most bytes sit inside quotes that look like records, so cutting
        // the file anywhere but at a real record start shows.
        out << '"';
        for (int k = 0; k < 5; ++k) out << "K9,2011-01-01,1.00,c1,\"\"fake\"\"\n";
        out << "\"\n";
        line += 6;
      } else {
        out << "plain\n";
        line += 1;
      }
      if (!bad) expected_sum_ += i % 100 + 0.25;
    }
  }
  void TearDown() override { std::remove(path_.c_str()); }

  absl::StatusOr<Dataset> Read(int threads) {
    CsvOptions options = Basic();
    options.category = "category";
    options.ingest.num_threads = threads;
    return ReadTransactionsCsv(path_, options);
  }

  std::string path_;
  uint64_t first_bad_line_ = 0;
  double expected_sum_ = 0;
};

void ExpectSameDataset(const Dataset& a, const Dataset& b) {
  EXPECT_EQ(a.customers.string_keys(), b.customers.string_keys());
  EXPECT_EQ(a.customers.int_keys(), b.customers.int_keys());
  const TransactionTable& x = a.transactions;
  const TransactionTable& y = b.transactions;
  EXPECT_EQ(Values(x.customer), Values(y.customer));
  EXPECT_EQ(Values(x.day), Values(y.day));
  EXPECT_EQ(Values(x.second_of_day), Values(y.second_of_day));
  EXPECT_EQ(Values(x.amount), Values(y.amount));
  EXPECT_EQ(Values(x.quantity), Values(y.quantity));
  EXPECT_EQ(Values(x.category), Values(y.category));
  EXPECT_EQ(x.categories.labels(), y.categories.labels());
  EXPECT_EQ(Values(x.order), Values(y.order));
  EXPECT_EQ(x.orders.labels(), y.orders.labels());
  EXPECT_EQ(Values(x.is_return), Values(y.is_return));
  EXPECT_EQ(a.report.rows_read, b.report.rows_read);
  EXPECT_EQ(a.report.rejected_by_reason, b.report.rejected_by_reason);
  ASSERT_EQ(a.report.examples.size(), b.report.examples.size());
  for (size_t i = 0; i < a.report.examples.size(); ++i) {
    EXPECT_EQ(a.report.examples[i].line, b.report.examples[i].line);
  }
}

TEST_F(CsvThreads, AnyThreadCountGivesTheSameTables) {
  absl::StatusOr<Dataset> one = Read(1);
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->report.rows_read, static_cast<uint64_t>(kRows));
  EXPECT_EQ(Rejected(one->report, RejectReason::kBadAmount), static_cast<uint64_t>(kRows / 1000));
  ASSERT_FALSE(one->report.examples.empty());
  EXPECT_EQ(one->report.examples[0].line, first_bad_line_);
  EXPECT_EQ(one->customer_count(), 997u);
  EXPECT_EQ(one->transactions.categories.size(), 13u);
  double sum = 0;
  for (double amount : one->transactions.amount) sum += amount;
  EXPECT_DOUBLE_EQ(sum, expected_sum_);
  for (int threads : {2, 3}) {
    SCOPED_TRACE(threads);
    absl::StatusOr<Dataset> many = Read(threads);
    ASSERT_TRUE(many.ok()) << many.status();
    ExpectSameDataset(*one, *many);
  }
}

TEST_F(CsvThreads, ProgressGoesUpToTheFileSize) {
  CsvOptions options = Basic();
  options.ingest.num_threads = 2;
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  options.progress = [&calls](uint64_t done, uint64_t total) { calls.emplace_back(done, total); };
  ASSERT_TRUE(ReadTransactionsCsv(path_, options).ok());
  ASSERT_FALSE(calls.empty());
  uint64_t size = ReadWholeFile(path_).size();
  EXPECT_EQ(calls.back(), std::make_pair(size, size));
  for (size_t i = 1; i < calls.size(); ++i) EXPECT_LE(calls[i - 1].first, calls[i].first);
}

// Published figures for the UCI Online Retail file: /work/shared/data/REFERENCE.md
// ("UCI Online Retail sanity figures") and README.md (Chen, Sain & Guo 2012).
CsvOptions OnlineRetail(std::string customer) {
  CsvOptions options = Columns(std::move(customer), "InvoiceDate", "");
  options.quantity = "Quantity";
  options.unit_price = "UnitPrice";
  options.category = "Country";
  options.order_id = "InvoiceNo";
  return options;
}

TEST(CsvRealData, OnlineRetailWithInvoicesAsCustomers) {
  TESSERA_SHARED_FILE(path, "online_retail/online_retail_uci.csv");
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(path, OnlineRetail("InvoiceNo"));
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  const TransactionTable& table = dataset->transactions;
  EXPECT_EQ(dataset->report.rows_read, 541909u);
  EXPECT_EQ(dataset->report.rows_accepted, 541909u);
  // Cancelled invoices ("C536379") make the keys text.
  EXPECT_EQ(dataset->customers.kind(), KeyKind::kString);
  EXPECT_EQ(dataset->customer_count(), 25900u);  // distinct InvoiceNo
  EXPECT_EQ(table.orders.size(), 25900u);
  EXPECT_EQ(table.categories.size(), 38u);  // countries
  double sum = 0;
  for (double amount : table.amount) sum += amount;
  EXPECT_NEAR(sum, 9747747.934, 1e-3);  // sum of Quantity*UnitPrice

  ASSERT_EQ(table.second_of_day.size(), table.size());
  int64_t first = std::numeric_limits<int64_t>::max(), last = std::numeric_limits<int64_t>::min();
  for (size_t i = 0; i < table.size(); ++i) {
    int64_t when = int64_t{table.day[i]} * 86400 + table.second_of_day[i];
    first = std::min(first, when);
    last = std::max(last, when);
  }
  EXPECT_EQ(first, int64_t{DayOf(2010, 12, 1)} * 86400 + 8 * 3600 + 26 * 60);
  EXPECT_EQ(last, int64_t{DayOf(2011, 12, 9)} * 86400 + 12 * 3600 + 50 * 60);

  // Every one of the 9,288 cancellation rows is flagged as a return. (Rows
  // with a negative quantity on other invoices are returns too, so
  // return_rows is larger.)
  ASSERT_EQ(table.is_return.size(), table.size());
  uint64_t cancellations = 0, flagged = 0;
  for (size_t i = 0; i < table.size(); ++i) {
    if (table.orders.label(table.order[i]).rfind("C", 0) != 0) continue;
    ++cancellations;
    flagged += table.is_return[i];
  }
  EXPECT_EQ(cancellations, 9288u);
  EXPECT_EQ(flagged, 9288u);
  EXPECT_GE(dataset->report.return_rows, 9288u);
}

TEST(CsvRealData, OnlineRetailWithCustomerIdRejectsRowsWithoutOne) {
  TESSERA_SHARED_FILE(path, "online_retail/online_retail_uci.csv");
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(path, OnlineRetail("CustomerID"));
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  const IngestReport& report = dataset->report;
  EXPECT_EQ(report.rows_read, 541909u);
  EXPECT_EQ(Rejected(report, RejectReason::kMissingCustomer), 135080u);
  EXPECT_EQ(report.rows_rejected(), 135080u);
  EXPECT_EQ(report.rows_accepted, 541909u - 135080u);
  EXPECT_TRUE(report.balanced());
  // "17850.0" and the like are integers.
  ASSERT_EQ(dataset->customers.kind(), KeyKind::kInteger);
  EXPECT_EQ(dataset->customer_count(), 4372u);
  EXPECT_EQ(dataset->customers.int_key(0), 17850);  // the first row's CustomerID
}

TEST(CsvRealData, OnlineRetailStrictStopsAtTheFirstRowWithoutCustomer) {
  TESSERA_SHARED_FILE(path, "online_retail/online_retail_uci.csv");
  CsvOptions options = OnlineRetail("CustomerID");
  options.ingest.policy = IngestPolicy::kStrict;
  options.ingest.num_threads = 3;
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(path, options);
  ASSERT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  // Line 624 (invoice 536414) found with Python's csv module.
  EXPECT_EQ(dataset.status().message(),
            path + ":624: column 'CustomerID': missing_customer: empty customer key");
}

TEST(CsvRealData, OnlineRetailIsTheSameForAnyThreadCount) {
  TESSERA_SHARED_FILE(path, "online_retail/online_retail_uci.csv");
  CsvOptions options = OnlineRetail("InvoiceNo");
  options.ingest.num_threads = 1;
  absl::StatusOr<Dataset> one = ReadTransactionsCsv(path, options);
  ASSERT_TRUE(one.ok()) << one.status();
  for (int threads : {2, 3}) {
    SCOPED_TRACE(threads);
    options.ingest.num_threads = threads;
    absl::StatusOr<Dataset> many = ReadTransactionsCsv(path, options);
    ASSERT_TRUE(many.ok()) << many.status();
    ExpectSameDataset(*one, *many);
  }
}

// CDNOW figures: /work/shared/data/README.md (Fader & Hardie's CDNOW files).
TEST(CsvRealData, CdnowSampleWithoutHeader) {
  TESSERA_SHARED_FILE(path, "cdnow/CDNOW_sample.txt");
  CsvOptions options = Columns("#1", "#2", "#4");
  options.delimiter = ' ';
  options.has_header = false;
  options.quantity = "#3";
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(path, options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->report.rows_read, 6919u);
  EXPECT_EQ(dataset->report.rows_accepted, 6919u);
  EXPECT_EQ(dataset->customer_count(), 2357u);
  EXPECT_EQ(dataset->customers.kind(), KeyKind::kInteger);
  for (Day day : dataset->transactions.day) {
    ASSERT_GE(day, DayOf(1997, 1, 1));
    ASSERT_LE(day, DayOf(1998, 6, 30));
  }
}

TEST(CsvRealData, CdnowMasterWithHeader) {
  TESSERA_SHARED_FILE(path, "cdnow/CDNOW_master.txt");
  CsvOptions options = Columns("customer_id", "date", "dollar_value");
  options.delimiter = ' ';
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(path, options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->report.rows_read, 69659u);
  EXPECT_EQ(dataset->report.rows_accepted, 69659u);
  EXPECT_EQ(dataset->customer_count(), 23570u);
  uint64_t zero = 0;
  for (double amount : dataset->transactions.amount) zero += amount == 0;
  EXPECT_EQ(zero, 80u);  // "80 rows are $0.00"
}

}  // namespace
}  // namespace tessera

namespace tessera {
namespace {

TEST(CsvNumbers, ValuesBeyondTheIngestBoundAreRejected) {
  std::string path = TempPath("csv_test_bound.csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << "customer,date,quantity,price\n"
           "1,2011-01-01,2,5\n"
           "1,2011-01-02,1e10,1e10\n"
           "2,2011-01-03,3e15,1\n"
           "3,2011-01-04,2,6e14\n";
  }
  CsvOptions options;
  options.customer = "customer";
  options.date = "date";
  options.quantity = "quantity";
  options.unit_price = "price";
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(path, options);
  std::remove(path.c_str());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  const IngestReport& report = dataset->report;
  EXPECT_EQ(report.rows_accepted, 1u);
  ASSERT_EQ(report.examples.size(), 3u);
  EXPECT_EQ(report.examples[0].detail, "quantity x unit price is beyond +-1e15");  // line 3
  EXPECT_EQ(report.examples[1].reason, RejectReason::kBadQuantity);              // 3e15
  EXPECT_EQ(report.examples[2].detail, "quantity x unit price is beyond +-1e15");  // 1.2e15
}

}  // namespace
}  // namespace tessera
