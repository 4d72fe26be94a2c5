// Runs the real tessera binary, as a user would, and checks exit codes and
// what it prints.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_fixture.h"
#include "gtest/gtest.h"
#include "tessera/version.h"
#include "test_support.h"

namespace tessera::testing {
namespace {

TEST_F(CliTest, MainHelpExplainsTheToolAndExitCodes) {
  Outcome help = RunTessera({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(Contains(help.out, "tessera segment data/cdnow/CDNOW_sample.txt"));
  EXPECT_TRUE(Contains(help.out, "2  usage error"));
  EXPECT_TRUE(Contains(help.out, "3  input error"));
  EXPECT_EQ(help.err, "");
  EXPECT_EQ(RunTessera({}).out, help.out);
}

TEST_F(CliTest, SegmentHelpListsEveryOptionAndBothExamples) {
  Outcome help = RunTessera({"segment", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* option :
       {"--customer", "--date", "--amount", "--quantity", "--unit-price", "--category",
        "--order-id", "--delimiter", "--no-header", "--date-format", "--key-kind",
        "--as-of", "--frequency", "--returns", "--btyd-period", "--strategy", "--strict",
        "--lenient", "--rejects", "--threads", "--output", "--jsonl", "--summary-by",
        "--quiet"}) {
    EXPECT_TRUE(Contains(help.out, option)) << option;
  }
  EXPECT_TRUE(Contains(help.out, "--customer CustomerID"));  // Online Retail
  EXPECT_TRUE(Contains(help.out, "CDNOW_sample.txt"));
}

TEST_F(CliTest, VersionComesFromVersionHeader) {
  Outcome version = RunTessera({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  std::ostringstream expected;
  expected << "tessera " << TESSERA_VERSION_MAJOR << '.' << TESSERA_VERSION_MINOR << '.'
           << TESSERA_VERSION_PATCH << '\n';
  EXPECT_EQ(version.out, expected.str());
}

TEST_F(CliTest, StrategiesListsRfm) {
  Outcome list = RunTessera({"strategies"});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_TRUE(Contains(list.out, "  rfm  ")) << list.out;
}

TEST_F(CliTest, UnknownOptionIsAUsageErrorWithASuggestion) {
  Outcome bad = RunTessera({"segment", "in.csv", "--costumer", "id"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Contains(bad.err, "unknown option '--costumer' (did you mean --customer?)"))
      << bad.err;
  EXPECT_TRUE(Contains(bad.err, "tessera segment --help")) << bad.err;
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(RunTessera({"segmnt"}).exit_code, 2);
}

TEST_F(CliTest, MissingOrBadValuesAreUsageErrors) {
  Outcome missing = RunTessera({"segment", "in.csv", "--date", "d", "--amount", "a", "--customer"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(Contains(missing.err, "--customer needs a value: --customer COLUMN"))
      << missing.err;

  Outcome no_date = RunTessera({"segment", "in.csv", "--customer", "c", "--amount", "a"});
  EXPECT_EQ(no_date.exit_code, 2);
  EXPECT_TRUE(Contains(no_date.err, "missing --date COLUMN")) << no_date.err;

  Outcome format = RunTessera({"segment", "in.csv", "--customer", "c", "--date", "d",
                        "--amount", "a", "--date-format", "dd/mm"});
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_TRUE(Contains(format.err,
                       "--date-format must be one of auto, iso, iso-datetime, yyyymmdd, "
                       "got 'dd/mm'"))
      << format.err;

  Outcome as_of = RunTessera({"segment", "in.csv", "--customer", "c", "--date", "d",
                       "--amount", "a", "--as-of=2011-02-30"});
  EXPECT_EQ(as_of.exit_code, 2);
  EXPECT_TRUE(Contains(as_of.err, "--as-of must be a date")) << as_of.err;

  Outcome strategy = RunTessera({"segment", "in.csv", "--customer", "c", "--date", "d",
                          "--amount", "a", "--strategy", "nope"});
  EXPECT_EQ(strategy.exit_code, 2);
  EXPECT_TRUE(Contains(strategy.err, "no strategy named 'nope'")) << strategy.err;

  Outcome twice = RunTessera({"segment", "in.csv", "--customer", "c", "--date", "d",
                              "--amount", "a", "--strategy", "rfm", "--strategy",
                              "rfm:binning=tie_aware"});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_TRUE(Contains(twice.err, "already chosen")) << twice.err;

  Outcome orders = RunTessera({"segment", "in.csv", "--customer", "c", "--date", "d",
                        "--amount", "a", "--frequency", "orders"});
  EXPECT_EQ(orders.exit_code, 2);
  EXPECT_TRUE(Contains(orders.err, "--order-id")) << orders.err;
}

TEST_F(CliTest, BadStrategyParameterIsAUsageError) {
  Outcome bins = RunCdnowSample({"--strategy", "rfm:bins=12"});
  EXPECT_EQ(bins.exit_code, 2);
  EXPECT_TRUE(Contains(bins.err, "'bins'")) << bins.err;
}

TEST_F(CliTest, MissingFileIsAnInputError) {
  std::string path = Path("no_such_file.csv");
  Outcome missing = RunTessera({"segment", path, "--customer", "c", "--date", "d", "--amount", "a"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_TRUE(Contains(missing.err, "no_such_file.csv")) << missing.err;
}

constexpr char kFixture[] =
    "id,day,total,note\n"
    "1,2024-01-02,10.5,first\n"
    "2,2024-01-03,lots,\"bad amount\"\n"
    "1,2024-01-09,4.5,\"quoted, with comma\"\n";

TEST_F(CliTest, UnknownColumnListsTheHeader) {
  std::string path = Path("orders.csv");
  WriteFile(path, kFixture);
  Outcome bad = RunTessera({"segment", path, "--customer", "client", "--date", "day",
                     "--amount", "total"});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_TRUE(Contains(bad.err, "client")) << bad.err;
  for (const char* column : {"id", "day", "total", "note"}) {
    EXPECT_TRUE(Contains(bad.err, column)) << bad.err;
  }
}

TEST_F(CliTest, StrictModeStopsAtTheBadLine) {
  std::string path = Path("orders.csv");
  WriteFile(path, kFixture);
  Outcome strict = RunTessera({"segment", path, "--customer", "id", "--date", "day",
                        "--amount", "total", "--strict"});
  EXPECT_EQ(strict.exit_code, 3);
  // csv.h: "path:line: column 'x': reason"; the bad amount is on line 3.
  EXPECT_TRUE(Contains(strict.err, "orders.csv:3")) << strict.err;
  EXPECT_TRUE(Contains(strict.err, "'total'")) << strict.err;
}

TEST_F(CliTest, LenientModeCountsAndWritesRejects) {
  std::string path = Path("orders.csv");
  std::string rejects = Path("rejects.csv");
  std::string results = Path("results.csv");
  WriteFile(path, kFixture);
  Outcome lenient = RunTessera({"segment", path, "--customer", "id", "--date", "day",
                         "--amount", "total", "--rejects", rejects, "--output", results,
                         "--as-of", "2024-01-31"});
  ASSERT_EQ(lenient.exit_code, 0) << lenient.err;
  EXPECT_TRUE(Contains(lenient.out, "read 3 rows, 2 accepted, 1 rejected")) << lenient.out;
  EXPECT_TRUE(Contains(ReadFile(rejects), "3,")) << ReadFile(rejects);
  // Customer 1: 10.5 + 4.5 on two days; last purchase 2024-01-09, 22 days
  // before the as-of date.
  std::string csv = ReadFile(results);
  EXPECT_EQ(csv.substr(0, csv.find('\n')).rfind("customer,first_purchase,last_purchase,"
                                                "recency_days,frequency,monetary,",
                                                0),
            0u)
      << csv;
  EXPECT_TRUE(Contains(csv, "\n1,2024-01-02,2024-01-09,22,2,15,")) << csv;
}

TEST_F(CliTest, HeaderOnlyFileIsAnInputError) {
  std::string path = Path("empty.csv");
  WriteFile(path, "id,day,total\n");
  Outcome empty = RunTessera({"segment", path, "--customer", "id", "--date", "day",
                       "--amount", "total"});
  EXPECT_EQ(empty.exit_code, 3);
  EXPECT_TRUE(Contains(empty.err, "no usable transaction")) << empty.err;
}

// The bundled sample is the standard 1/10 CDNOW sample: 6,919 rows, 2,357
// customers (shared data README; Fader, Hardie & Lee).
TEST_F(CliTest, CdnowQuickStartPrintsTheSummary) {
  Outcome run = RunCdnowSample({"--as-of", "1997-09-30"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "read 6919 rows, 6919 accepted, 0 rejected")) << run.out;
  EXPECT_TRUE(Contains(run.out, "As of 1997-09-30")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\nrfm.segment ")) << run.out;
  // 173115.55: dollar_value summed over the 4,960 rows dated 1997-09-30 or
  // earlier, computed with awk '$3 <= 19970930 { s += $5 }'.
  size_t total = run.out.find("\ntotal ");
  ASSERT_NE(total, std::string::npos) << run.out;
  std::istringstream line(run.out.substr(total + 1));
  std::string label, customers, share, revenue;
  line >> label >> customers >> share >> revenue;
  EXPECT_EQ(customers, "2357");
  EXPECT_EQ(share, "100.0%");
  EXPECT_EQ(revenue, "173115.55");
}

TEST_F(CliTest, CdnowDefaultAsOfIsTheDayAfterTheLastPurchase) {
  // The sample's last purchase is on 1998-06-30 (README: data to 1998-06-30).
  Outcome run = RunCdnowSample({"--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "");
  Outcome loud = RunCdnowSample({});
  EXPECT_TRUE(Contains(loud.out, "As of 1998-07-01, the day after the last transaction"))
      << loud.out;
}

// Fader, Hardie & Lee's calibration summary of the sample (x, t_x, T in
// weeks, calibration to 1997-09-30), as published in
// cdnow_summary_full_precision.csv.
TEST_F(CliTest, CdnowCsvOutputMatchesPublishedBtydSummary) {
  TESSERA_SHARED_FILE(reference, "cdnow/cdnow_summary_full_precision.csv");
  std::string results = Path("cdnow.csv");
  Outcome run = RunCdnowSample({"--as-of", "1997-09-30", "--output", results, "--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::vector<std::string>> ours = ReadTable(results, ',');
  std::vector<std::vector<std::string>> published = ReadTable(reference, ',');
  ASSERT_EQ(ours.size(), 2358u);
  ASSERT_EQ(published.size(), 2358u);
  auto column = [&](const std::string& name) {
    for (size_t j = 0; j < ours[0].size(); ++j) {
      if (ours[0][j] == name) return j;
    }
    ADD_FAILURE() << "no column " << name;
    return size_t{0};
  };
  size_t id = column("customer"), x = column("x"), t_x = column("t_x"), T = column("T");
  for (size_t i = 1; i < ours.size(); ++i) {
    // The sample lists customers in id order, so dense order is id order.
    ASSERT_EQ(ours[i][id], published[i][0]);
    EXPECT_DOUBLE_EQ(std::stod(ours[i][x]), std::stod(published[i][1])) << ours[i][id];
    EXPECT_NEAR(std::stod(ours[i][t_x]), std::stod(published[i][2]), 1e-9) << ours[i][id];
    EXPECT_NEAR(std::stod(ours[i][T]), std::stod(published[i][3]), 1e-9) << ours[i][id];
  }
}

// The example rows of the R package rfm's README (rfm_orders, analysis date
// 2006-12-31), via REFERENCE.md: recency, orders, revenue, RFM score.
TEST_F(CliTest, RfmOrdersMatchPublishedScores) {
  TESSERA_SHARED_FILE(orders, "rfm_orders/rfm_data_orders.csv");
  std::string results = Path("rfm.csv");
  Outcome run = RunTessera({"segment", orders, "--customer", "customer_id", "--date",
                            "order_date", "--amount", "revenue", "--as-of", "2006-12-31",
                            "--output", results});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::vector<std::string>> rows = ReadTable(results, ',');
  ASSERT_EQ(rows.size(), 996u);  // header + 995 customers
  std::vector<std::string> header = rows[0];
  auto at = [&](const std::vector<std::string>& row, const std::string& name) {
    size_t j = std::find(header.begin(), header.end(), name) - header.begin();
    return j < row.size() ? row[j] : "(no column " + name + ")";
  };
  struct Published {
    std::string name, recency, orders, revenue, score;
  };
  for (const Published& expected : std::vector<Published>{
           {"Abbey O'Reilly", "205", "6", "472", "343"},
           {"Add Senger", "140", "3", "340", "412"},
           {"Aden Lesch", "194", "4", "405", "323"},
           {"Aden Murphy", "98", "7", "596", "544"},
           {"Admiral Senger", "132", "5", "448", "433"}}) {
    auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& r) {
      return at(r, "customer") == expected.name;
    });
    ASSERT_NE(row, rows.end()) << expected.name;
    EXPECT_EQ(at(*row, "recency_days"), expected.recency) << expected.name;
    EXPECT_EQ(at(*row, "frequency"), expected.orders) << expected.name;
    EXPECT_EQ(at(*row, "monetary"), expected.revenue) << expected.name;
    EXPECT_EQ(at(*row, "rfm.score"), expected.score) << expected.name;
  }
}

TEST_F(CliTest, CdnowOutputIsTheSameForAnyThreadCount) {
  std::string one = Path("one.csv"), four = Path("four.csv");
  std::string one_json = Path("one.jsonl"), four_json = Path("four.jsonl");
  ASSERT_EQ(RunCdnowSample({"--threads", "1", "--output", one, "--jsonl", one_json}).exit_code,
            0);
  ASSERT_EQ(
      RunCdnowSample({"--threads", "4", "--output", four, "--jsonl", four_json}).exit_code, 0);
  EXPECT_FALSE(ReadFile(one).empty());
  EXPECT_EQ(ReadFile(one), ReadFile(four));
  EXPECT_EQ(ReadFile(one_json), ReadFile(four_json));
}

TEST_F(CliTest, CsvToStdoutMovesTheReportToStderr) {
  Outcome run = RunCdnowSample({"--output", "-"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("customer,first_purchase,", 0), 0u);
  EXPECT_TRUE(Contains(run.err, "read 6919 rows")) << run.err;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 2358);
}

TEST_F(CliTest, SummaryByUnknownColumnIsAUsageError) {
  Outcome run = RunCdnowSample({"--summary-by", "tier"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(Contains(run.err, "rfm.segment")) << run.err;
}

}  // namespace
}  // namespace tessera::testing
