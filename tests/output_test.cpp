#include "tessera/output.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "output_text.h"
#include "tessera/dataset.h"
#include "tessera/dates.h"
#include "tessera/features.h"
#include "tessera/pipeline.h"

namespace tessera {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Day D(const char* text) { return *ParseDay(text); }
double DayValue(const char* text) { return static_cast<double>(D(text)); }

std::string Csv(std::string_view text, char delimiter = ',') {
  std::string out;
  internal::AppendCsvField(text, delimiter, out);
  return out;
}

std::string Json(std::string_view text) {
  std::string out;
  internal::AppendJsonString(text, out);
  return out;
}

std::string Number(double value) {
  std::string out;
  internal::AppendNumber(value, out);
  return out;
}

TEST(OutputText, CsvQuotesOnlyWhenRfc4180Requires) {
  EXPECT_EQ(Csv("plain text"), "plain text");
  EXPECT_EQ(Csv(""), "");
  EXPECT_EQ(Csv("a,b"), "\"a,b\"");
  EXPECT_EQ(Csv("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Csv("\""), "\"\"\"\"");
  EXPECT_EQ(Csv("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(Csv("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(Csv("a;b", ';'), "\"a;b\"");
  EXPECT_EQ(Csv("a,b", ';'), "a,b");
  EXPECT_EQ(Csv("na\xC3\xAFve"), "na\xC3\xAFve");
}

TEST(OutputText, JsonEscapesWhatJsonRequires) {
  EXPECT_EQ(Json("plain"), "\"plain\"");
  EXPECT_EQ(Json("q\"b\\s/"), "\"q\\\"b\\\\s/\"");
  EXPECT_EQ(Json("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
  EXPECT_EQ(Json(std::string_view("\x01\x1f\0", 3)), "\"\\u0001\\u001f\\u0000\"");
  EXPECT_EQ(Json("\x7f"), "\"\x7f\"");  // DEL needs no escape in JSON
}

TEST(OutputText, JsonKeepsValidUtf8AndReplacesBadBytes) {
  // U+00E9, U+20AC and U+1F600 in 2, 3 and 4 bytes pass through unchanged.
  EXPECT_EQ(Json("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"),
            "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"");
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(Json("a\xFF" "b"), "\"a" + fffd + "b\"");
  // A lead byte cut short: the lead byte and the lone continuation byte are
  // each replaced.
  EXPECT_EQ(Json("\xE2\x82"), "\"" + fffd + fffd + "\"");
  EXPECT_EQ(Json("\xC0\xAF"), "\"" + fffd + fffd + "\"");          // overlong '/'
  EXPECT_EQ(Json("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\"");  // surrogate
  EXPECT_EQ(Json("\xF4\x90\x80\x80"),                                // > U+10FFFF
            "\"" + fffd + fffd + fffd + fffd + "\"");
  EXPECT_EQ(Json("\xE2\x80\xA8|\xE2\x80\xA9"), "\"\\u2028|\\u2029\"");
}

TEST(OutputText, NumbersAreShortestRoundTrip) {
  EXPECT_EQ(Number(3), "3");
  EXPECT_EQ(Number(0.1), "0.1");
  EXPECT_EQ(Number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(Number(26.0 / 7.0), "3.7142857142857144");  // Python: repr(26/7)
  EXPECT_EQ(Number(-2.5), "-2.5");
  EXPECT_EQ(Number(-0.0), "0");
  EXPECT_EQ(Number(1e21), "1e+21");
  EXPECT_EQ(Number(123456789012.5), "123456789012.5");

  std::mt19937_64 random(42);
  for (int i = 0; i < 10000; ++i) {
    uint64_t bits = random();
    double value;
    std::memcpy(&value, &bits, sizeof value);
    if (!std::isfinite(value)) continue;
    std::string text = Number(value);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), value) << text;
  }
}

// Four customers: three from a customer table (string keys that need quoting,
// a categorical and a numeric attribute), one seen only in transactions. The
// results are written by hand so that every cell's expected text is known.
class OutputHandBuilt : public ::testing::Test {
 protected:
  void SetUp() override {
    CustomerColumns customers;
    customers.string_keys = table_keys_;
    customers.categorical.push_back({"region", regions_});
    customers.numeric.push_back({"credit", credits_});
    TransactionColumns transactions;
    transactions.string_keys = keys_;
    transactions.days = days_;
    transactions.amounts = amounts_;
    absl::StatusOr<Dataset> dataset = BuildDataset(customers, transactions);
    ASSERT_TRUE(dataset.ok()) << dataset.status();
    dataset_ = *std::move(dataset);
    ASSERT_EQ(dataset_.customer_count(), 4u);

    result_.features = FeatureTable(4);
    result_.features.Add("first_purchase", "") = {DayValue("2024-01-05"),
                                                  DayValue("1997-09-30"), kNaN, 0};
    result_.features.Add("monetary", "") = {20, 0.1 + 0.2, kNaN, -0.0};
    result_.scores = ScoreTable(4);
    result_.scores.AddCategorical("rfm.segment", {"Champions", "At Risk, \"maybe\""}) =
        {0, 1, -1, 1};
    result_.scores.AddNumeric("rfm.score") = {555, 1e21, kNaN, 2.5};
  }

  std::string WriteCsv(const OutputOptions& options = {}) {
    std::ostringstream out;
    absl::Status status = WriteResultsCsv(dataset_, result_, out, options);
    EXPECT_TRUE(status.ok()) << status;
    return out.str();
  }

  std::vector<std::string_view> table_keys_{"plain", "has,comma", "say \"hi\""};
  std::vector<std::string_view> regions_{"North", "", "South, East"};
  std::vector<double> credits_{1500, kNaN, 0.1};
  std::vector<std::string_view> keys_{"plain", "na\xC3\xAFve"};
  std::vector<Day> days_{D("2024-01-05"), D("2024-01-06")};
  std::vector<double> amounts_{20, 5};
  Dataset dataset_;
  RunResult result_;
};

TEST_F(OutputHandBuilt, Csv) {
  EXPECT_EQ(WriteCsv(),
            "customer,region,credit,first_purchase,monetary,rfm.segment,rfm.score\n"
            "plain,North,1500,2024-01-05,20,Champions,555\n"
            "\"has,comma\",,,1997-09-30,0.30000000000000004,\"At Risk, \"\"maybe\"\"\",1e+21\n"
            "\"say \"\"hi\"\"\",\"South, East\",0.1,,,,\n"
            "na\xC3\xAFve,,,1970-01-01,0,\"At Risk, \"\"maybe\"\"\",2.5\n");
}

TEST_F(OutputHandBuilt, CsvWithOtherDelimiterAndFewerColumns) {
  OutputOptions options;
  options.delimiter = ';';
  options.include_attributes = false;
  options.include_features = false;
  options.key_column = "id;key";
  EXPECT_EQ(WriteCsv(options),
            "\"id;key\";rfm.segment;rfm.score\n"
            "plain;Champions;555\n"
            "has,comma;\"At Risk, \"\"maybe\"\"\";1e+21\n"
            "\"say \"\"hi\"\"\";;\n"
            "na\xC3\xAFve;\"At Risk, \"\"maybe\"\"\";2.5\n");
}

TEST_F(OutputHandBuilt, Jsonl) {
  std::ostringstream out;
  ASSERT_TRUE(WriteResultsJsonl(dataset_, result_, out).ok());
  EXPECT_EQ(out.str(),
            "{\"customer\":\"plain\",\"region\":\"North\",\"credit\":1500,"
            "\"first_purchase\":\"2024-01-05\",\"monetary\":20,"
            "\"rfm.segment\":\"Champions\",\"rfm.score\":555}\n"
            "{\"customer\":\"has,comma\",\"region\":null,\"credit\":null,"
            "\"first_purchase\":\"1997-09-30\",\"monetary\":0.30000000000000004,"
            "\"rfm.segment\":\"At Risk, \\\"maybe\\\"\",\"rfm.score\":1e+21}\n"
            "{\"customer\":\"say \\\"hi\\\"\",\"region\":\"South, East\",\"credit\":0.1,"
            "\"first_purchase\":null,\"monetary\":null,"
            "\"rfm.segment\":null,\"rfm.score\":null}\n"
            "{\"customer\":\"na\xC3\xAFve\",\"region\":null,\"credit\":null,"
            "\"first_purchase\":\"1970-01-01\",\"monetary\":0,"
            "\"rfm.segment\":\"At Risk, \\\"maybe\\\"\",\"rfm.score\":2.5}\n");
}

TEST_F(OutputHandBuilt, LabelsWithLineBreaksAndBadUtf8) {
  result_.scores = ScoreTable(4);
  result_.scores.AddCategorical("tier", {"two\nlines", "bad\xFF"}) = {0, 1, 0, 1};
  OutputOptions options;
  options.include_attributes = false;
  options.include_features = false;
  EXPECT_EQ(WriteCsv(options),
            "customer,tier\nplain,\"two\nlines\"\n\"has,comma\",bad\xFF\n"
            "\"say \"\"hi\"\"\",\"two\nlines\"\nna\xC3\xAFve,bad\xFF\n");
  std::ostringstream out;
  ASSERT_TRUE(WriteResultsJsonl(dataset_, result_, out, options).ok());
  EXPECT_EQ(out.str(),
            "{\"customer\":\"plain\",\"tier\":\"two\\nlines\"}\n"
            "{\"customer\":\"has,comma\",\"tier\":\"bad\xEF\xBF\xBD\"}\n"
            "{\"customer\":\"say \\\"hi\\\"\",\"tier\":\"two\\nlines\"}\n"
            "{\"customer\":\"na\xC3\xAFve\",\"tier\":\"bad\xEF\xBF\xBD\"}\n");
}

TEST_F(OutputHandBuilt, DuplicateColumnNamesAreRejected) {
  result_.features.Add("region", "");
  std::ostringstream out;
  absl::Status status = WriteResultsCsv(dataset_, result_, out);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("'region'"), absl::string_view::npos) << status;
  EXPECT_EQ(out.str(), "");
}

TEST_F(OutputHandBuilt, ResultsOfAnotherDatasetAreRejected) {
  result_.features = FeatureTable(3);
  std::ostringstream out;
  EXPECT_EQ(WriteResultsJsonl(dataset_, result_, out).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(OutputHandBuilt, StreamFailureIsReported) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  EXPECT_FALSE(WriteResultsCsv(dataset_, result_, out).ok());
}

TEST(OutputIntegerKeys, AreWrittenAsNumbers) {
  std::vector<int64_t> keys{12346, -9223372036854775807LL};
  std::vector<Day> days{D("2011-01-18"), D("2011-01-18")};
  std::vector<double> amounts{77183.6, 1};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  RunResult result{FeatureTable(2), ScoreTable(2), {}};
  result.features.Add("monetary", "") = {77183.6, 1};
  OutputOptions options;
  options.key_column = "CustomerID";
  std::ostringstream csv, jsonl;
  ASSERT_TRUE(WriteResultsCsv(*dataset, result, csv, options).ok());
  ASSERT_TRUE(WriteResultsJsonl(*dataset, result, jsonl, options).ok());
  EXPECT_EQ(csv.str(),
            "CustomerID,monetary\n12346,77183.6\n-9223372036854775807,1\n");
  EXPECT_EQ(jsonl.str(),
            "{\"CustomerID\":12346,\"monetary\":77183.6}\n"
            "{\"CustomerID\":-9223372036854775807,\"monetary\":1}\n");
}

// Customer 9 of the hand-computed case in features_test.cpp: one purchase of
// 20 (2 units, category b) on 2024-01-05, as of 2024-01-31. Every feature of
// that row, worked out by hand, in the order features.h lists them.
TEST(OutputComputedFeatures, OneCustomerRowByHand) {
  std::vector<int64_t> keys{7, 9, 7};
  std::vector<Day> days{D("2024-01-01"), D("2024-01-05"), D("2024-01-11")};
  std::vector<double> amounts{10, 20, 40}, quantities{1, 2, 4};
  std::vector<std::string_view> categories{"a", "b", "c"};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  columns.quantities = quantities;
  columns.categories = categories;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  RunOptions options;
  options.features.as_of = D("2024-01-31");
  options.strategies.clear();
  absl::StatusOr<RunResult> result = tessera::Run(*dataset, options);
  ASSERT_TRUE(result.ok()) << result.status();
  std::ostringstream out;
  ASSERT_TRUE(WriteResultsCsv(*dataset, *result, out).ok());
  std::string text = out.str();
  std::string header = text.substr(0, text.find('\n'));
  EXPECT_EQ(header,
            "customer,first_purchase,last_purchase,recency_days,frequency,monetary,"
            "monetary_mean,tenure_days,quantity,categories,purchase_days,"
            "mean_gap_days,max_gap_days,returns,returned_amount,x,t_x,T,repeat_spend");
  // recency = tenure = 26 days; T = 26/7 weeks; one purchase day, so the
  // mean and longest gaps are undefined (empty) and x, t_x, repeat spend 0.
  EXPECT_NE(text.find("\n9,2024-01-05,2024-01-05,26,1,20,20,26,2,1,1,,,0,0,0,0,"
                      "3.7142857142857144,0\n"),
            std::string::npos)
      << text;
}

// Many customers, so that rows span several chunks and output batches: the
// bytes must not depend on the thread count.
TEST(OutputDeterminism, SameBytesForAnyThreadCount) {
  const size_t rows = 150000;
  std::vector<int64_t> keys(rows);
  std::vector<Day> days(rows);
  std::vector<double> amounts(rows);
  std::mt19937 random(7);
  for (size_t i = 0; i < rows; ++i) {
    keys[i] = static_cast<int64_t>(random() % 90000);
    days[i] = D("2020-01-01") + static_cast<Day>(random() % 1000);
    amounts[i] = static_cast<double>(random() % 100000) / 100.0;
  }
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_GT(dataset->customer_count(), size_t{1} << 16);
  RunOptions options;
  options.features.as_of = D("2023-01-01");
  options.strategies.clear();
  absl::StatusOr<RunResult> result = tessera::Run(*dataset, options);
  ASSERT_TRUE(result.ok()) << result.status();

  auto write = [&](int threads, bool jsonl) {
    OutputOptions output;
    output.num_threads = threads;
    std::ostringstream out;
    absl::Status status = jsonl ? WriteResultsJsonl(*dataset, *result, out, output)
                                : WriteResultsCsv(*dataset, *result, out, output);
    EXPECT_TRUE(status.ok()) << status;
    return out.str();
  };
  std::string csv = write(1, false);
  EXPECT_EQ(static_cast<size_t>(std::count(csv.begin(), csv.end(), '\n')),
            dataset->customer_count() + 1);
  EXPECT_EQ(write(3, false), csv);
  EXPECT_EQ(write(8, false), csv);
  std::string jsonl = write(1, true);
  EXPECT_EQ(write(5, true), jsonl);
}

}  // namespace
}  // namespace tessera
