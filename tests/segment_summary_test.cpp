#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tessera/dataset.h"
#include "tessera/dates.h"
#include "tessera/output.h"
#include "tessera/pipeline.h"

namespace tessera {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Five customers with features set by hand; customer 2 never bought
// (recency undefined). Segment "Never used" has no customer and must not
// appear.
class OutputSummaryHand : public ::testing::Test {
 protected:
  void SetUp() override {
    CustomerColumns customers;
    customers.int_keys = table_keys_;
    customers.categorical.push_back({"region", regions_});
    TransactionColumns transactions;
    transactions.int_keys = keys_;
    transactions.days = days_;
    transactions.amounts = amounts_;
    absl::StatusOr<Dataset> dataset = BuildDataset(customers, transactions);
    ASSERT_TRUE(dataset.ok()) << dataset.status();
    dataset_ = *std::move(dataset);
    ASSERT_EQ(dataset_.customer_count(), 5u);

    result_.features = FeatureTable(5);
    result_.features.Add("recency_days", "") = {10, 20, kNaN, 40, 5};
    result_.features.Add("frequency", "") = {3, 1, 0, 2, 6};
    result_.features.Add("monetary", "") = {100, 50, 0, 80.5, 300};
    result_.scores = ScoreTable(5);
    result_.scores.AddCategorical("rfm.segment",
                                  {"Champions", "Lost", "Never used", "Prospect"}) =
        {0, 1, 3, 1, 0};
    result_.scores.AddNumeric("rfm.score") = {555, 111, 0, 121, 545};
  }

  std::vector<int64_t> table_keys_{1, 2, 3, 4};
  std::vector<std::string_view> regions_{"North", "South", "", "North"};
  std::vector<int64_t> keys_{1, 5};
  std::vector<Day> days_{*ParseDay("2024-01-01"), *ParseDay("2024-01-02")};
  std::vector<double> amounts_{1, 2};
  Dataset dataset_;
  RunResult result_;
};

void ExpectRow(const SegmentSummaryRow& row, const std::string& segment,
               uint64_t customers, double share, double revenue, double recency,
               double frequency, double monetary) {
  SCOPED_TRACE(segment);
  EXPECT_EQ(row.segment, segment);
  EXPECT_EQ(row.customers, customers);
  EXPECT_DOUBLE_EQ(row.share, share);
  EXPECT_DOUBLE_EQ(row.revenue, revenue);
  if (std::isnan(recency)) {
    EXPECT_TRUE(std::isnan(row.mean_recency)) << row.mean_recency;
  } else {
    EXPECT_DOUBLE_EQ(row.mean_recency, recency);
  }
  EXPECT_DOUBLE_EQ(row.mean_frequency, frequency);
  EXPECT_DOUBLE_EQ(row.mean_monetary, monetary);
}

TEST_F(OutputSummaryHand, BySegmentInLabelOrder) {
  absl::StatusOr<SegmentSummary> summary = SummarizeSegments(dataset_, result_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->column, "rfm.segment");
  ASSERT_EQ(summary->rows.size(), 3u);
  // Champions: customers 0 and 4. Lost: 1 and 3. Prospect: 2.
  ExpectRow(summary->rows[0], "Champions", 2, 0.4, 400, (10 + 5) / 2.0, 4.5, 200);
  ExpectRow(summary->rows[1], "Lost", 2, 0.4, 130.5, 30, 1.5, 65.25);
  ExpectRow(summary->rows[2], "Prospect", 1, 0.2, 0, kNaN, 0, 0);
  // Mean recency over the four who bought: (10 + 20 + 40 + 5) / 4.
  ExpectRow(summary->total, "total", 5, 1, 530.5, 18.75, 12 / 5.0, 530.5 / 5);
}

TEST_F(OutputSummaryHand, ByHostAttributeWithUnknownLast) {
  absl::StatusOr<SegmentSummary> summary = SummarizeSegments(dataset_, result_, "region");
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->rows.size(), 3u);
  // North: customers 0 and 3; South: 1; unknown: 2 (blank) and 4 (not in
  // the customer table).
  ExpectRow(summary->rows[0], "North", 2, 0.4, 180.5, 25, 2.5, 90.25);
  ExpectRow(summary->rows[1], "South", 1, 0.2, 50, 20, 1, 50);
  ExpectRow(summary->rows[2], "(unknown)", 2, 0.4, 300, 5, 3, 150);
}

TEST_F(OutputSummaryHand, UnknownOrNumericColumnsAreExplained) {
  absl::StatusOr<SegmentSummary> missing = SummarizeSegments(dataset_, result_, "tier");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("rfm.segment, region"), absl::string_view::npos)
      << missing.status();
  absl::StatusOr<SegmentSummary> numeric =
      SummarizeSegments(dataset_, result_, "rfm.score");
  EXPECT_EQ(numeric.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(numeric.status().message().find("numeric"), absl::string_view::npos);
}

TEST_F(OutputSummaryHand, NeedsTheRfmFeatures) {
  result_.features = FeatureTable(5);
  result_.features.Add("recency_days", "");
  absl::StatusOr<SegmentSummary> summary = SummarizeSegments(dataset_, result_);
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(summary.status().message().find("frequency"), absl::string_view::npos);
}

TEST_F(OutputSummaryHand, FormattedTable) {
  absl::StatusOr<SegmentSummary> summary = SummarizeSegments(dataset_, result_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  // 18.75 is exact in binary; printf rounds the tie to even: 18.8.
  EXPECT_EQ(FormatSummaryTable(*summary),
            "rfm.segment  customers   share  revenue  recency  frequency  monetary\n"
            "Champions            2   40.0%   400.00      7.5       4.50    200.00\n"
            "Lost                 2   40.0%   130.50     30.0       1.50     65.25\n"
            "Prospect             1   20.0%     0.00        -       0.00      0.00\n"
            "---------------------------------------------------------------------\n"
            "total                5  100.0%   530.50     18.8       2.40    106.10\n"
            "revenue is the sum of monetary; recency (days), frequency and monetary "
            "are means per customer\n");
}

size_t CodePoints(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

TEST(OutputSummaryTable, AlignsLabelsByCharactersNotBytes) {
  SegmentSummary summary;
  summary.column = "Stufe";
  summary.rows.push_back({"M\xC3\xBC" "de K\xC3\xA4ufer", 12, 0.5, 1234.5, 3, 1, 2});
  summary.rows.push_back({"Lost", 12, 0.5, 10, 300, 1, 2});
  summary.total = {"total", 24, 1, 1244.5, 151.5, 1, 2};
  std::string text = FormatSummaryTable(summary);
  std::vector<std::string> lines;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  ASSERT_EQ(lines.size(), 6u);  // header, 2 rows, rule, total, note
  for (size_t i = 1; i < 5; ++i) {
    EXPECT_EQ(CodePoints(lines[i]), CodePoints(lines[0])) << lines[i];
  }
  EXPECT_EQ(lines[1].rfind("M\xC3\xBC" "de K\xC3\xA4ufer  ", 0), 0u) << lines[1];
}

}  // namespace
}  // namespace tessera
