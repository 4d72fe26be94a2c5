// The rules face of the command line: --rules, --explain, --save-tiers,
// --previous-tiers, 'tessera rules' and 'tessera compare-tiers', run on the
// bundled CDNOW sample as a user would.
#include <map>
#include <string>
#include <vector>

#include "cli_fixture.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace tessera::testing {
namespace {

// Per-customer results as column name -> value, from --output's CSV.
using Row = std::map<std::string, std::string>;

std::vector<Row> ReadRows(const std::string& path) {
  std::vector<std::vector<std::string>> table = ReadTable(path, ',');
  std::vector<Row> rows;
  if (table.empty()) return rows;
  for (size_t r = 1; r < table.size(); ++r) {
    Row row;
    for (size_t c = 0; c < table[0].size() && c < table[r].size(); ++c) {
      row[table[0][c]] = table[r][c];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool In(const std::string& value, std::initializer_list<const char*> labels) {
  for (const char* label : labels) {
    if (value == label) return true;
  }
  return false;
}

// examples/rules/service_levels.rules, written out again from its text so
// the tiers the tool gives are checked against the rules, not against itself.
std::string ExpectedService(const Row& c) {
  const std::string& abc = c.at("abc.class");
  const std::string& stage = c.at("lifecycle.stage");
  if (abc == "A" && std::stod(c.at("rfm.f")) >= 4 && In(stage, {"active", "reactivated"})) {
    return "Key account";
  }
  if (In(abc, {"A", "B"}) && In(stage, {"at_risk", "churned"})) return "Win back";
  if (stage == "new" || In(c.at("rfm.segment"), {"Potential Loyalist", "Promising"})) {
    return "Nurture";
  }
  if (std::stod(c.at("frequency")) >= 1) return "Standard";
  return "Prospect";
}

std::string ExpectedContact(const Row& c) {
  const std::string& service = c.at("service");
  if (service == "Key account" ||
      (service == "Win back" && std::stod(c.at("monetary")) >= 500)) {
    return "Phone call";
  }
  if (In(service, {"Win back", "Nurture"})) return "Email";
  return "Newsletter";
}

const std::vector<std::string> kServiceStrategies = {
    "--strategy", "rfm", "--strategy", "abc", "--strategy", "lifecycle"};

std::vector<std::string> ServiceRun(const std::string& as_of, std::vector<std::string> extra) {
  std::vector<std::string> args = kServiceStrategies;
  args.insert(args.end(), {"--rules", SourcePath("examples/rules/service_levels.rules"),
                           "--as-of", as_of});
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST_F(CliTest, RulesListsAndPrintsTheBuiltInFiles) {
  Outcome list = RunTessera({"rules"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(Contains(list.out, "rfm_segments")) << list.out;
  Outcome show = RunTessera({"rules", "rfm_segments"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(Contains(show.out, "tier \"Champions\"")) << show.out;
  Outcome unknown = RunTessera({"rules", "no_such_file"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(Contains(unknown.err, "rfm_segments")) << unknown.err;
}

TEST_F(CliTest, RulesCheckReportsSetsOrTheParseErrorWithACaret) {
  Outcome good = RunTessera({"rules", "check", SourcePath("examples/rules/service_levels.rules")});
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_TRUE(Contains(good.out, "rule set 'service'")) << good.out;
  EXPECT_TRUE(Contains(good.out, "rule set 'contact'")) << good.out;

  std::string bad = Path("bad.rules");
  WriteFile(bad, "tier \"VIP\" when monetary >= 50000\ntier \"Key\" whn frequency > 2\n");
  Outcome error = RunTessera({"rules", "check", bad});
  EXPECT_EQ(error.exit_code, 3);
  EXPECT_TRUE(Contains(error.err, bad + ":2:")) << error.err;
  EXPECT_TRUE(Contains(error.err, "tier \"Key\" whn frequency > 2\n")) << error.err;
  EXPECT_TRUE(Contains(error.err, "^")) << error.err;
}

TEST_F(CliTest, ServiceLevelsFollowTheirRulesForEveryCustomer) {
  std::string results = Path("tiers.csv");
  Outcome run = RunCdnowSample(ServiceRun("1997-09-30", {"--output", results}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "\nservice ")) << run.out;  // the summary's column
  std::vector<Row> rows = ReadRows(results);
  ASSERT_EQ(rows.size(), 2357u);
  std::map<std::string, int> tiers;
  for (const Row& row : rows) {
    ASSERT_EQ(row.at("service"), ExpectedService(row)) << "customer " << row.at("customer");
    ASSERT_EQ(row.at("contact"), ExpectedContact(row)) << "customer " << row.at("customer");
    ++tiers[row.at("service")];
  }
  // Every CDNOW customer bought, so the last rule never fires; the others do.
  EXPECT_EQ(tiers.count("Prospect"), 0u);
  for (const char* tier : {"Key account", "Win back", "Nurture", "Standard"}) {
    EXPECT_GT(tiers[tier], 0) << tier;
  }
}

TEST_F(CliTest, BuiltInRfmRulesGiveTheRfmSegments) {
  std::string results = Path("rfm.csv");
  Outcome run = RunCdnowSample({"--as-of", "1998-07-01", "--rules", "builtin:rfm_segments",
                                "--output", results});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // The R package's table has a rule that can never match; tessera says so.
  EXPECT_TRUE(Contains(run.out, "Can't Lose Them")) << run.out;
  std::vector<Row> rows = ReadRows(results);
  ASSERT_EQ(rows.size(), 2357u);
  for (const Row& row : rows) {
    ASSERT_EQ(row.at("rfm_segment"), row.at("rfm.segment")) << "customer " << row.at("customer");
  }
}

// On the R package rfm's own example data (analysis date 2006-12-31, as in
// its README), the built-in rule file gives exactly the rfm strategy's
// segments, with either binning.
TEST_F(CliTest, BuiltInRfmRulesGiveTheRfmSegmentsOnRfmOrders) {
  TESSERA_SHARED_FILE(orders, "rfm_orders/rfm_data_orders.csv");
  for (const char* binning : {"quantile", "tie_aware"}) {
    std::string results = Path(std::string("rfm_orders_") + binning + ".csv");
    Outcome run = RunTessera({"segment", orders, "--customer", "customer_id", "--date",
                              "order_date", "--amount", "revenue", "--as-of", "2006-12-31",
                              "--strategy", std::string("rfm:binning=") + binning, "--rules",
                              "builtin:rfm_segments", "--output", results});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    std::vector<Row> rows = ReadRows(results);
    ASSERT_EQ(rows.size(), 995u);  // the package's 995 customers
    std::map<std::string, int> segments;
    for (const Row& row : rows) {
      ASSERT_EQ(row.at("rfm_segment"), row.at("rfm.segment"))
          << binning << ", customer " << row.at("customer");
      ++segments[row.at("rfm.segment")];
    }
    EXPECT_GE(segments.size(), 5u) << binning;  // a comparison that means something
  }
}

TEST_F(CliTest, ExplainNamesTheRuleAndTheValuesItRead) {
  Outcome run = RunCdnowSample(ServiceRun("1997-09-30", {"--explain", "1"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // Customer 1 of CDNOW bought on 1997-01-01, 01-18 and 08-02 before the
  // as-of date: 29.33 + 29.73 + 14.96 = 74.02, which the explanation of the
  // contact set shows as the rule read it.
  EXPECT_TRUE(Contains(run.out, "1: tier \"")) << run.out;
  EXPECT_TRUE(Contains(run.out, "\n  service = \"")) << run.out;
  EXPECT_TRUE(Contains(run.out, "monetary = 74.02\n")) << run.out;

  Outcome unknown = RunCdnowSample(ServiceRun("1997-09-30", {"--explain", "999999"}));
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_TRUE(Contains(unknown.err, "no customer has the key '999999'")) << unknown.err;

  Outcome no_rules = RunCdnowSample({"--explain", "1"});
  EXPECT_EQ(no_rules.exit_code, 2);
  EXPECT_TRUE(Contains(no_rules.err, "--explain works on rule-set tiers")) << no_rules.err;
}

TEST_F(CliTest, UnknownNameInARuleSuggestsTheNearest) {
  std::string rules = Path("typo.rules");
  WriteFile(rules, "tier \"Big\" when monetory > 100\ntier \"Small\" otherwise\n");
  Outcome run = RunCdnowSample({"--rules", rules});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_TRUE(Contains(run.err, "monetory")) << run.err;
  EXPECT_TRUE(Contains(run.err, "did you mean 'monetary'")) << run.err;
}

// Two periods: the tiers of 1997-09-30 are saved, then the run of 1998-03-31
// reads them back. `demote after 2 periods` holds every customer who fails
// its tier's rule for the first time in the tier it had.
TEST_F(CliTest, TiersCarryOverToTheNextPeriodAndCompare) {
  std::string first = Path("q3.tiers"), second = Path("q1.tiers");
  std::string first_service = Path("q3.service.tiers"), first_contact = Path("q3.contact.tiers");
  std::string second_service = Path("q1.service.tiers"), second_contact = Path("q1.contact.tiers");
  std::string results = Path("q1.csv");
  Outcome before = RunCdnowSample(ServiceRun("1997-09-30", {"--save-tiers", first}));
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_TRUE(Contains(before.out, first_service)) << before.out;

  Outcome after = RunCdnowSample(ServiceRun(
      "1998-03-31", {"--previous-tiers", first_service, "--save-tiers", second,
                     "--output", results}));
  ASSERT_EQ(after.exit_code, 0) << after.err;

  std::map<std::string, std::string> earlier;
  for (const std::vector<std::string>& line : ReadTable(first_service, ',')) {
    if (line.size() == 3 && line[0] != "customer" && line[0][0] != '#') earlier[line[0]] = line[1];
  }
  ASSERT_EQ(earlier.size(), 2357u);
  int held = 0;
  for (const Row& row : ReadRows(results)) {
    if (row.at("service.held") == "1") {
      ++held;
      EXPECT_EQ(row.at("service"), earlier.at(row.at("customer")));
      EXPECT_NE(row.at("service"), ExpectedService(row));
    } else {
      EXPECT_EQ(row.at("service.held"), "0");
      EXPECT_EQ(row.at("service"), ExpectedService(row));
    }
  }
  EXPECT_GT(held, 0);

  std::string moves = Path("moves.csv");
  Outcome compare = RunTessera({"compare-tiers", first_service, second_service, "--moves", moves});
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_TRUE(Contains(compare.out, "Key account")) << compare.out;
  EXPECT_TRUE(Contains(compare.out, " upgraded, ")) << compare.out;
  EXPECT_TRUE(Contains(ReadFile(moves), "customer,before,after,move\n"));

  Outcome mixed = RunTessera({"compare-tiers", first_service, second_contact});
  EXPECT_EQ(mixed.exit_code, 3);
}

}  // namespace
}  // namespace tessera::testing
