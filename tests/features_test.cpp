#include "tessera/features.h"

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tessera/dataset.h"
#include "tessera/dates.h"
#include "test_support.h"

namespace tessera {
namespace {

Day D(const char* text) { return *ParseDay(text); }

double Value(const FeatureTable& table, std::string_view name, size_t customer) {
  const std::vector<double>* column = table.Find(name);
  EXPECT_NE(column, nullptr) << name;
  return column == nullptr ? std::nan("") : (*column)[customer];
}

FeatureOptions AsOf(const char* date, int threads = 0) {
  FeatureOptions options;
  options.as_of = D(date);
  options.num_threads = threads;
  return options;
}

// Two customers worked out by hand. Customer 7: three rows on two days
// (2024-01-01 twice, 2024-01-11), one return of -5 on 2024-01-12, and a row
// after the as-of date that must be ignored. Customer 9: one purchase.
class HandComputed : public ::testing::Test {
 protected:
  void SetUp() override {
    keys_ = {7, 9, 7, 7, 7, 7};
    days_ = {D("2024-01-01"), D("2024-01-05"), D("2024-01-01"),
             D("2024-01-11"), D("2024-01-12"), D("2024-03-01")};
    amounts_ = {10, 20, 30, 40, -5, 1000};
    quantities_ = {1, 2, 3, 4, -1, 100};
    categories_ = {"a", "b", "b", "c", "c", "z"};
    TransactionColumns columns;
    columns.int_keys = keys_;
    columns.days = days_;
    columns.amounts = amounts_;
    columns.quantities = quantities_;
    columns.categories = categories_;
    absl::StatusOr<Dataset> dataset = BuildDataset(columns);
    ASSERT_TRUE(dataset.ok()) << dataset.status();
    dataset_ = *std::move(dataset);
  }

  std::vector<int64_t> keys_;
  std::vector<Day> days_;
  std::vector<double> amounts_, quantities_;
  std::vector<std::string_view> categories_;
  Dataset dataset_;
};

TEST_F(HandComputed, EveryFeature) {
  absl::StatusOr<FeatureTable> table = ComputeFeatures(dataset_, AsOf("2024-01-31"));
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(dataset_.customers.int_key(0), 7);
  ASSERT_EQ(dataset_.customers.int_key(1), 9);
  namespace f = feature;
  EXPECT_EQ(Value(*table, f::kFirstPurchase, 0), D("2024-01-01"));
  EXPECT_EQ(Value(*table, f::kLastPurchase, 0), D("2024-01-11"));
  EXPECT_EQ(Value(*table, f::kRecencyDays, 0), 20);
  EXPECT_EQ(Value(*table, f::kFrequency, 0), 3);  // rows: no order ids given
  EXPECT_EQ(Value(*table, f::kMonetary, 0), 75);  // 10 + 30 + 40 - 5
  EXPECT_EQ(Value(*table, f::kMonetaryMean, 0), 25);
  EXPECT_EQ(Value(*table, f::kTenureDays, 0), 30);
  EXPECT_EQ(Value(*table, f::kQuantity, 0), 7);   // 1 + 3 + 4 - 1
  EXPECT_EQ(Value(*table, f::kCategories, 0), 3);  // a, b, c; the return adds none
  EXPECT_EQ(Value(*table, f::kPurchaseDays, 0), 2);
  EXPECT_EQ(Value(*table, f::kMeanGapDays, 0), 10);
  EXPECT_EQ(Value(*table, f::kMaxGapDays, 0), 10);
  EXPECT_EQ(Value(*table, f::kReturns, 0), 1);
  EXPECT_EQ(Value(*table, f::kReturnedAmount, 0), -5);
  EXPECT_EQ(Value(*table, f::kBtydX, 0), 1);
  EXPECT_DOUBLE_EQ(Value(*table, f::kBtydTx, 0), 10.0 / 7);
  EXPECT_DOUBLE_EQ(Value(*table, f::kBtydT, 0), 30.0 / 7);
  EXPECT_EQ(Value(*table, f::kRepeatSpend, 0), 40);

  EXPECT_EQ(Value(*table, f::kFrequency, 1), 1);
  EXPECT_EQ(Value(*table, f::kBtydX, 1), 0);
  EXPECT_EQ(Value(*table, f::kRepeatSpend, 1), 0);
  EXPECT_TRUE(std::isnan(Value(*table, f::kMeanGapDays, 1)));
  EXPECT_TRUE(std::isnan(Value(*table, f::kMaxGapDays, 1)));
}

TEST_F(HandComputed, FrequencyModesAndReturnPolicy) {
  FeatureOptions options = AsOf("2024-01-31");
  options.frequency = FrequencyMode::kDays;
  options.returns = ReturnPolicy::kExclude;
  absl::StatusOr<FeatureTable> table = ComputeFeatures(dataset_, options);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(Value(*table, feature::kFrequency, 0), 2);
  EXPECT_EQ(Value(*table, feature::kMonetary, 0), 80);
  EXPECT_EQ(Value(*table, feature::kReturns, 0), 0);

  options.frequency = FrequencyMode::kOrders;
  absl::StatusOr<FeatureTable> no_orders = ComputeFeatures(dataset_, options);
  ASSERT_FALSE(no_orders.ok());
  EXPECT_NE(no_orders.status().message().find("no order id"), std::string::npos);
}

TEST(Features, GapsBetweenPurchaseDays) {
  // Purchase days 1, 4, 14, 16 (plus a second purchase on day 4): gaps 3,
  // 10 and 2, so the mean gap is 5 and the longest silence 10.
  std::vector<int64_t> keys = {1, 1, 1, 1, 1};
  std::vector<Day> days = {16, 4, 1, 14, 4};
  std::vector<double> amounts = {1, 1, 1, 1, 1};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok());
  FeatureOptions options;
  options.as_of = 20;
  absl::StatusOr<FeatureTable> table = ComputeFeatures(*dataset, options);
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(Value(*table, feature::kPurchaseDays, 0), 4);
  EXPECT_EQ(Value(*table, feature::kMeanGapDays, 0), 5);
  EXPECT_EQ(Value(*table, feature::kMaxGapDays, 0), 10);
  EXPECT_EQ(Value(*table, feature::kFirstPurchase, 0), 1);
  EXPECT_EQ(Value(*table, feature::kLastPurchase, 0), 16);
}

TEST_F(HandComputed, FeaturesOfMissingColumnsAreLeftOutNotZero) {
  TransactionColumns columns;
  columns.int_keys = keys_;
  columns.days = days_;
  columns.amounts = amounts_;
  absl::StatusOr<Dataset> bare = BuildDataset(columns);
  ASSERT_TRUE(bare.ok());
  absl::StatusOr<FeatureTable> table = ComputeFeatures(*bare, AsOf("2024-01-31"));
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->Find(feature::kQuantity), nullptr);
  EXPECT_EQ(table->Find(feature::kCategories), nullptr);
  EXPECT_NE(table->Find(feature::kMonetary), nullptr);
}

TEST_F(HandComputed, DefaultAsOfIsTheDayAfterTheLastTransaction) {
  EXPECT_EQ(DayAfterLastTransaction(dataset_), D("2024-03-02"));  // last row 2024-03-01
  Dataset empty{CustomerIndex(KeyKind::kInteger), {}, {}, {}};
  EXPECT_EQ(DayAfterLastTransaction(empty), kNoDay);
}

TEST_F(HandComputed, AsOfIsRequiredAndUnknownFeaturesAreNamed) {
  EXPECT_FALSE(ComputeFeatures(dataset_, FeatureOptions{}).ok());
  absl::StatusOr<FeatureTable> table = ComputeFeatures(dataset_, AsOf("2024-01-31"));
  ASSERT_TRUE(table.ok());
  absl::StatusOr<const std::vector<double>*> missing = table->Get("monetery");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("monetary"), std::string::npos)
      << missing.status();
}

TEST(Features, ProspectsFromTheCustomerTableAreKept) {
  std::vector<int64_t> listed = {100, 200};
  std::vector<std::string_view> type = {"retail", "project"};
  CustomerColumns customers;
  customers.int_keys = listed;
  customers.categorical.push_back({"type", type});
  std::vector<int64_t> keys = {300, 100};
  std::vector<Day> days = {D("2024-01-02"), D("2024-01-03")};
  std::vector<double> amounts = {5, 6};
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(customers, columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customer_count(), 3u);
  EXPECT_EQ(dataset->customers.int_key(2), 300);
  EXPECT_EQ(dataset->attributes.categorical[0].codes[2], -1);
  absl::StatusOr<FeatureTable> table = ComputeFeatures(*dataset, AsOf("2024-01-10"));
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(Value(*table, feature::kFrequency, 1), 0);  // 200 never bought
  EXPECT_EQ(Value(*table, feature::kMonetary, 1), 0);
  EXPECT_TRUE(std::isnan(Value(*table, feature::kRecencyDays, 1)));
  EXPECT_EQ(Value(*table, feature::kRecencyDays, 0), 7);
}

// Reads CDNOW_sample.txt (master_id sample_id YYYYMMDD cds dollars) into
// columns keyed by the sample id.
struct CdnowColumns {
  std::vector<int64_t> keys;
  std::vector<Day> days;
  std::vector<double> amounts;
};

CdnowColumns ReadCdnowSample(const std::string& path) {
  CdnowColumns columns;
  for (const std::vector<std::string>& row : testing::ReadTable(path, ' ')) {
    columns.keys.push_back(std::stoll(row[1]));
    columns.days.push_back(*ParseDay(row[2]));
    columns.amounts.push_back(std::stod(row[4]));
  }
  return columns;
}

// Source: cdnow_summary_full_precision.csv, the calibration summary that
// Fader, Hardie & Lee (2005) fit, for the 2,357-customer CDNOW sample with
// calibration 1997-01-01..1997-09-30 in weeks (REFERENCE.md).
TEST(Features, CdnowSummaryMatchesThePublishedCalibrationSummary) {
  TESSERA_SHARED_FILE(sample, "cdnow/CDNOW_sample.txt");
  TESSERA_SHARED_FILE(summary, "cdnow/cdnow_summary_full_precision.csv");
  CdnowColumns cdnow = ReadCdnowSample(sample);
  TransactionColumns columns;
  columns.int_keys = cdnow.keys;
  columns.days = cdnow.days;
  columns.amounts = cdnow.amounts;
  absl::StatusOr<Dataset> dataset = BuildDataset(columns);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  ASSERT_EQ(dataset->customer_count(), 2357u);
  FeatureOptions options = AsOf("1997-09-30");
  options.btyd_period_days = 7;
  absl::StatusOr<FeatureTable> table = ComputeFeatures(*dataset, options);
  ASSERT_TRUE(table.ok()) << table.status();

  std::vector<std::vector<std::string>> expected = testing::ReadTable(summary, ',');
  ASSERT_EQ(expected.size(), 2358u);  // header + customers
  int repeat_buyers = 0;
  for (size_t row = 1; row < expected.size(); ++row) {
    int64_t id = std::stoll(expected[row][0]);
    int64_t index = dataset->customers.Find(id);
    ASSERT_GE(index, 0) << "customer " << id;
    size_t c = static_cast<size_t>(index);
    EXPECT_EQ(Value(*table, feature::kBtydX, c), std::stod(expected[row][1])) << id;
    EXPECT_NEAR(Value(*table, feature::kBtydTx, c), std::stod(expected[row][2]), 1e-9) << id;
    EXPECT_NEAR(Value(*table, feature::kBtydT, c), std::stod(expected[row][3]), 1e-9) << id;
    EXPECT_NEAR(Value(*table, feature::kRepeatSpend, c), std::stod(expected[row][5]), 1e-9) << id;
    repeat_buyers += Value(*table, feature::kBtydX, c) > 0;
  }
  EXPECT_EQ(repeat_buyers, 946);  // REFERENCE.md: 946 customers have x > 0
}

// The same input must give the same bytes for any thread count, with rows
// in log order (not grouped by customer), many customers and many threads.
TEST(Features, IdenticalForAnyThreadCount) {
  const size_t rows = 400000;
  std::vector<int64_t> keys(rows);
  std::vector<Day> days(rows);
  std::vector<double> amounts(rows);
  std::vector<int32_t> categories(rows);
  uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  for (size_t i = 0; i < rows; ++i) {
    keys[i] = static_cast<int64_t>(next() % 50000) * 7919 + 1;
    days[i] = static_cast<Day>(19000 + next() % 700);
    amounts[i] = static_cast<double>(next() % 100000) / 100.0 - 50;  // some returns
    categories[i] = static_cast<int32_t>(next() % 60);
  }
  std::vector<std::string> labels;
  for (int i = 0; i < 60; ++i) labels.push_back("c" + std::to_string(i));
  TransactionColumns columns;
  columns.int_keys = keys;
  columns.days = days;
  columns.amounts = amounts;
  columns.category_codes = categories;
  columns.category_labels = labels;

  std::vector<std::vector<double>> reference;
  std::vector<int64_t> reference_keys;
  for (int threads : {1, 2, 3, 8}) {
    IngestOptions ingest;
    ingest.num_threads = threads;
    absl::StatusOr<Dataset> dataset = BuildDataset(columns, ingest);
    ASSERT_TRUE(dataset.ok());
    absl::StatusOr<FeatureTable> table =
        ComputeFeatures(*dataset, AsOf("2021-12-01", threads));
    ASSERT_TRUE(table.ok());
    std::vector<std::vector<double>> values;
    for (const FeatureTable::Entry& entry : table->columns()) values.push_back(entry.values);
    if (reference.empty()) {
      reference = values;
      reference_keys = dataset->customers.int_keys();
      continue;
    }
    EXPECT_EQ(dataset->customers.int_keys(), reference_keys) << threads << " threads";
    ASSERT_EQ(values.size(), reference.size());
    for (size_t k = 0; k < values.size(); ++k) {
      EXPECT_EQ(0, std::memcmp(values[k].data(), reference[k].data(),
                               values[k].size() * sizeof(double)))
          << table->columns()[k].name << " differs with " << threads << " threads";
    }
  }
}

}  // namespace
}  // namespace tessera
