#include "tessera/dataset.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tessera/dates.h"

namespace tessera {
namespace {

TEST(Dataset, KeysAreDenseInFirstAppearanceOrder) {
  std::vector<std::string_view> keys = {"C-2", "C-1", "C-2", "17850.0"};
  std::vector<Day> days = {1, 2, 3, 4};
  std::vector<double> amounts = {1, 2, 3, 4};
  TransactionColumns columns;
  columns.string_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customer_count(), 3u);
  EXPECT_EQ(dataset->customers.string_key(0), "C-2");
  EXPECT_EQ(dataset->customers.string_key(1), "C-1");
  EXPECT_EQ(dataset->customers.string_key(2), "17850.0");
  EXPECT_EQ(std::vector<uint32_t>(dataset->transactions.customer.begin(),
                                  dataset->transactions.customer.end()),
            (std::vector<uint32_t>{0, 1, 0, 2}));
  EXPECT_EQ(dataset->customers.Find("C-1"), 1);
  EXPECT_EQ(dataset->customers.Find("C-9"), -1);
}

TEST(Dataset, BorrowsHostBuffersWhenEveryRowIsAccepted) {
  std::vector<int64_t> keys = {5, 6};
  std::vector<Day> days = {10, 11};
  std::vector<double> amounts = {1.5, 2.5};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok());
  EXPECT_EQ(dataset->transactions.amount.data(), amounts.data());
  EXPECT_EQ(dataset->transactions.day.data(), days.data());
}

class BadRows : public ::testing::Test {
 protected:
  BadRows() {
    columns_.string_keys = keys_;
    columns_.days = days_;
    columns_.amounts = amounts_;
  }
  std::vector<std::string_view> keys_ = {"a", "", "b", "c", "d", "\xff"};
  std::vector<Day> days_ = {1, 2, 3, 99999999, 5, 6};
  std::vector<double> amounts_ = {1, 2, std::numeric_limits<double>::quiet_NaN(),
                                  4, std::numeric_limits<double>::infinity(), 6};
  TransactionColumns columns_;
};

TEST_F(BadRows, LenientCountsEveryRejectionByReason) {
  absl::StatusOr<Dataset> dataset = BuildDataset(columns_);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  const IngestReport& report = dataset->report;
  EXPECT_EQ(report.rows_read, 6u);
  EXPECT_EQ(report.rows_accepted, 1u);
  EXPECT_EQ(report.rows_rejected(), 5u);
  EXPECT_TRUE(report.balanced());
  auto count = [&](RejectReason r) { return report.rejected_by_reason[static_cast<size_t>(r)]; };
  EXPECT_EQ(count(RejectReason::kMissingCustomer), 1u);
  EXPECT_EQ(count(RejectReason::kBadAmount), 2u);
  EXPECT_EQ(count(RejectReason::kBadDate), 1u);
  EXPECT_EQ(count(RejectReason::kBadEncoding), 1u);
  ASSERT_EQ(report.examples.size(), 5u);
  EXPECT_EQ(report.examples[0].line, 1u);
  EXPECT_EQ(report.examples[0].column, "customer");
  EXPECT_EQ(dataset->transactions.size(), 1u);
  EXPECT_NE(dataset->transactions.amount.data(), amounts_.data());  // copied
  EXPECT_NE(report.Summary().find("5 rejected"), std::string::npos) << report.Summary();
}

TEST_F(BadRows, StrictStopsAtTheFirstBadRowWithItsLocation) {
  IngestOptions options;
  options.policy = IngestPolicy::kStrict;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns_, options);
  ASSERT_FALSE(dataset.ok());
  EXPECT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(dataset.status().message(),
            "row 1: column 'customer': missing_customer: empty key");
}

// Two accepted rows of 1e308 would sum to infinity and turn a buyer into
// a customer without a total; the ingest bound keeps every sum finite.
TEST(Dataset, ValuesBeyondTheIngestBoundAreRejected) {
  std::vector<int64_t> keys = {1, 1, 2, 3};
  std::vector<Day> days = {1, 2, 3, 4};
  std::vector<double> amounts = {1e308, 1e308, 5, -2e15};
  std::vector<double> quantities = {1, 1, 1e16, 1};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  columns.quantities = quantities;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok());
  const IngestReport& report = dataset->report;
  EXPECT_EQ(report.rows_accepted, 0u);
  EXPECT_EQ(report.rejected_by_reason[static_cast<size_t>(RejectReason::kBadAmount)], 3u);
  EXPECT_EQ(report.rejected_by_reason[static_cast<size_t>(RejectReason::kBadQuantity)], 1u);
  EXPECT_EQ(report.examples[0].detail, "amount is 1e+308, beyond +-1e15");
  EXPECT_EQ(report.examples[2].detail, "quantity is 1e+16, beyond +-1e15");
}

// Row indices are 32-bit: a longer table is refused before any value is
// read (the spans below only claim their length).
TEST(Dataset, MoreRowsThanIndicesCanAddressIsAnError) {
  static const int64_t key = 1;
  TransactionColumns columns;
  columns.int_keys = absl::Span<const int64_t>(&key, kMaxRows + 1);
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_FALSE(dataset.ok());
  EXPECT_EQ(dataset.status().message(),
            "4294967296 transaction rows; one dataset holds at most 4294967295");
}

TEST(Dataset, ShapeErrorsNameTheArgument) {
  std::vector<int64_t> keys = {1, 2};
  std::vector<Day> days = {1};
  std::vector<double> amounts = {1, 2};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_FALSE(dataset.ok());
  EXPECT_NE(dataset.status().message().find("'days' has 1 values, expected 2"),
            std::string::npos)
      << dataset.status();
  columns.days = {};
  EXPECT_NE(BuildDataset(columns).status().message().find("no date column"),
            std::string::npos);
}

// Online Retail's CustomerID arrives as floats with NaN for the missing ids:
// the host passes the ids as integers and marks the NaN rows.
TEST(Dataset, MarkedMissingIntegerKeysAreRejectedAsMissingCustomers) {
  std::vector<int64_t> keys = {17850, 0, 13047};
  std::vector<uint8_t> missing = {0, 1, 0};
  std::vector<Day> days = {14944, 14944, 14945};
  std::vector<double> amounts = {15.3, 20.0, 8.5};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.missing_keys = missing;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->customer_count(), 2u);  // 0 is not a customer
  EXPECT_EQ(dataset->report.rows_accepted, 2u);
  EXPECT_EQ(dataset->report.rejected_by_reason[static_cast<int>(RejectReason::kMissingCustomer)],
            1u);
  ASSERT_EQ(dataset->report.examples.size(), 1u);
  EXPECT_EQ(dataset->report.examples[0].line, 1u);

  IngestOptions strict;
  strict.policy = IngestPolicy::kStrict;
  EXPECT_EQ(BuildDataset(columns, strict).status().message(),
            "row 1: column 'customer': missing_customer: missing key");
  std::vector<uint8_t> short_mask = {0};
  columns.missing_keys = short_mask;
  EXPECT_EQ(BuildDataset(columns).status().code(), absl::StatusCode::kInvalidArgument);
}

// pandas' datetime64[ns] as it is: 2010-12-01 08:26:00 UTC is 1291191960
// seconds, and INT64_MIN is NaT.
TEST(Dataset, EpochNanosecondsReadLikeSecondsAndNaTIsABadDate) {
  std::vector<int64_t> keys = {1, 1, 2};
  std::vector<int64_t> nanoseconds = {int64_t{1291191960} * 1000000000 + 999999999, -1,
                                      std::numeric_limits<int64_t>::min()};
  std::vector<double> amounts = {1, 2, 3};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.epoch_nanoseconds = nanoseconds;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->report.rows_accepted, 2u);
  EXPECT_EQ(dataset->report.rejected_by_reason[static_cast<int>(RejectReason::kBadDate)], 1u);
  EXPECT_EQ(dataset->report.examples[0].detail, "not a time (NaT)");
  EXPECT_EQ(FormatDay(dataset->transactions.day[0]), "2010-12-01");
  EXPECT_EQ(dataset->transactions.second_of_day[0], 8 * 3600 + 26 * 60);  // fraction dropped
  EXPECT_EQ(FormatDay(dataset->transactions.day[1]), "1969-12-31");
  EXPECT_EQ(dataset->transactions.second_of_day[1], 86399);

  // Dates without a time of day (midnight everywhere) keep no second column,
  // as the CSV reader does.
  std::vector<int64_t> midnights = {int64_t{14944} * 86400 * 1000000000, 0, 0};
  columns.epoch_nanoseconds = midnights;
  dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(FormatDay(dataset->transactions.day[0]), "2010-12-01");
  EXPECT_TRUE(dataset->transactions.second_of_day.empty());

  std::vector<int64_t> seconds = {1291191960, -1, 0};
  columns.epoch_seconds = seconds;
  EXPECT_EQ(BuildDataset(columns).status().message(),
            "give one date column of days, epoch_seconds and epoch_nanoseconds, not several");
}

// A column of dates that are all implausible is a unit mistake in the call
// (2010-12-01 is day 14944 and second 1291161600), not a file of bad rows.
TEST(Dataset, DatesInTheWrongUnitFailWhateverThePolicy) {
  std::vector<int64_t> keys = {1, 2};
  std::vector<Day> seconds_as_days = {1291161600, 1291248000};
  std::vector<double> amounts = {1, 2};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = seconds_as_days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(dataset.status().message().find("are they seconds since 1970"), std::string::npos)
      << dataset.status();

  std::vector<int64_t> milliseconds = {int64_t{1291161600} * 1000, int64_t{1291248000} * 1000};
  columns.days = {};
  columns.epoch_seconds = milliseconds;
  dataset = BuildDataset(columns);
  ASSERT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(dataset.status().message().find("milliseconds"), std::string::npos)
      << dataset.status();

  // One plausible date makes the other a bad row under the policy.
  milliseconds[0] = 1291161600;
  dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->report.rows_accepted, 1u);
  EXPECT_EQ(dataset->report.rejected_by_reason[static_cast<int>(RejectReason::kBadDate)], 1u);
}

TEST(Dataset, EpochSecondsKeepTheTimeOfDay) {
  std::vector<int64_t> keys = {1, 1};
  // 2010-12-01 08:26:00 UTC, and one second before the epoch.
  std::vector<int64_t> seconds = {1291191960, -1};
  std::vector<double> amounts = {1, 2};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.epoch_seconds = seconds;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(FormatDay(dataset->transactions.day[0]), "2010-12-01");
  EXPECT_EQ(dataset->transactions.second_of_day[0], 8 * 3600 + 26 * 60);
  EXPECT_EQ(FormatDay(dataset->transactions.day[1]), "1969-12-31");
  EXPECT_EQ(dataset->transactions.second_of_day[1], 86399);
}

TEST(Dataset, ReturnsAreMarkedByNegativeValuesOrCancelledOrders) {
  std::vector<int64_t> keys = {1, 1, 1, 1};
  std::vector<Day> days = {1, 2, 3, 4};
  std::vector<double> amounts = {10, -3, 5, 7};
  std::vector<double> quantities = {1, -1, -2, 1};
  std::vector<std::string_view> orders = {"536365", "C536379", "536366", "C536380"};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  columns.quantities = quantities;
  columns.order_ids = orders;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok());
  const Column<uint8_t>& is_return = dataset->transactions.is_return;
  ASSERT_EQ(is_return.size(), 4u);
  EXPECT_EQ(std::vector<uint8_t>(is_return.begin(), is_return.end()),
            (std::vector<uint8_t>{0, 1, 1, 1}));
  EXPECT_EQ(dataset->report.return_rows, 3u);
}

TEST(Dataset, CustomerTableWithoutTransactionsGivesProspects) {
  std::vector<std::string_view> listed = {"A-1", "A-2"};
  CustomerColumns customers;
  customers.string_keys = listed;
  absl::StatusOr<Dataset> dataset = BuildDataset(customers, TransactionColumns{});
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->customers.kind(), KeyKind::kString);
  EXPECT_EQ(dataset->customer_count(), 2u);
  EXPECT_EQ(dataset->transactions.size(), 0u);
  EXPECT_TRUE(dataset->report.balanced());
}

TEST(Dataset, DuplicateCustomerTableKeyIsNamed) {
  std::vector<int64_t> listed = {10, 20, 10};
  CustomerColumns customers;
  customers.int_keys = listed;
  EXPECT_EQ(BuildDataset(customers, TransactionColumns{}).status().message(),
            "customer table row 2: duplicate key '10'");
}

TEST(Dates, ParseFormatAndRejectImpossibleDates) {
  EXPECT_EQ(ParseDay("1970-01-01"), 0);
  EXPECT_EQ(ParseDay("19970101"), ParseDay("1997-01-01"));
  EXPECT_EQ(FormatDay(*ParseDay("2011-12-09")), "2011-12-09");
  EXPECT_FALSE(ParseDay("2011-02-30").has_value());
  EXPECT_FALSE(ParseDay("2011-2-3").has_value());
  EXPECT_FALSE(ParseDay("20111301").has_value());
}

}  // namespace
}  // namespace tessera
