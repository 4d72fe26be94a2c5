// ApplyRules and ExplainTier on a small dataset whose answers are worked out
// by hand below, customer by customer.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tessera/dataset.h"
#include "tessera/features.h"
#include "tessera/rules.h"
#include "tessera/scores.h"
#include "tessera/tier_history.h"

namespace tessera {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Eight customers, C1..C8:
//   customer        C1       C2      C3       C4     C5      C6      C7     C8
//   monetary        100      250.5   missing  0      1000    50      250.5  75
//   frequency       1        3       0        0      10      2       missing 1
//   type            project  retail  project  -      retail  project -      wholesale
//   employees       10       -       3        7      -       1       2      40
//   abc.class       A        B       C        -      A       B       C      A
//   rfm.f           1        2       3        4      5       missing 1      2
//   lifecycle.stage new      active  at_risk  -      active  churned new    active
struct Fixture {
  Dataset dataset;
  FeatureTable features;
  ScoreTable scores;
};

Fixture MakeFixture() {
  static const std::vector<std::string_view> keys = {"C1", "C2", "C3", "C4",
                                                     "C5", "C6", "C7", "C8"};
  static const std::vector<std::string_view> types = {
      "project", "retail", "project", "", "retail", "project", "", "wholesale"};
  static const std::vector<double> employees = {10, kNaN, 3, 7, kNaN, 1, 2, 40};
  CustomerColumns customers;
  customers.string_keys = keys;
  customers.categorical.push_back({"type", types});
  customers.numeric.push_back({"employees", employees});
  absl::StatusOr<Dataset> dataset = BuildDataset(customers, TransactionColumns{});
  EXPECT_TRUE(dataset.ok()) << dataset.status();
  Fixture f{*std::move(dataset), FeatureTable(8), ScoreTable(8)};
  f.features.Add("monetary", "") = {100, 250.5, kNaN, 0, 1000, 50, 250.5, 75};
  f.features.Add("frequency", "") = {1, 3, 0, 0, 10, 2, kNaN, 1};
  f.scores.AddCategorical("abc.class", {"A", "B", "C"}) = {0, 1, 2, -1, 0, 1, 2, 0};
  f.scores.AddNumeric("rfm.f") = {1, 2, 3, 4, 5, kNaN, 1, 2};
  f.scores.AddCategorical("lifecycle.stage", {"new", "active", "at_risk", "churned"}) = {
      0, 1, 2, -1, 1, 3, 0, 1};
  return f;
}

RuleFile Parse(std::string_view text) {
  absl::StatusOr<RuleFile> file = RuleFile::Parse(text, "rules");
  EXPECT_TRUE(file.ok()) << file.status();
  return file.ok() ? *std::move(file) : *RuleFile::Parse("tier \"x\" otherwise");
}

absl::Status Apply(Fixture& f, std::string_view text, std::vector<RuleWarning>& warnings,
                   const RuleOptions& options = {}) {
  return ApplyRules(Parse(text), RuleInputs{f.dataset, f.features}, f.scores, warnings, options);
}

// 'T' for each customer the one rule `tier "Y" when <condition>` takes.
std::string Matches(std::string_view condition) {
  Fixture f = MakeFixture();
  std::vector<RuleWarning> warnings;
  absl::Status status = Apply(f, "tier \"Y\" when " + std::string(condition), warnings);
  EXPECT_TRUE(status.ok()) << status;
  const ScoreColumn* rule = f.scores.Find("tier.rule");
  if (rule == nullptr) return "no tier.rule column";
  std::string out;
  for (double r : rule->numeric) out += r == 1 ? 'T' : 'F';
  return out;
}

std::vector<std::string> TierLabels(const ScoreTable& scores, std::string_view set) {
  std::vector<std::string> labels;
  const ScoreColumn* column = scores.Find(set);
  if (column == nullptr) return {"no column"};
  for (int32_t code : column->codes) labels.push_back(column->labels[static_cast<size_t>(code)]);
  return labels;
}

std::string ErrorOf(std::string_view text) {
  Fixture f = MakeFixture();
  std::vector<RuleWarning> warnings;
  absl::Status status = Apply(f, text, warnings);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  return std::string(status.message());
}

TEST(RuleEngine, NumericComparisons) {
  EXPECT_EQ(Matches("monetary >= 100"), "TTFFTFTF");
  EXPECT_EQ(Matches("monetary > 100"), "FTFFTFTF");
  EXPECT_EQ(Matches("monetary < 100"), "FFFTFTFT");
  EXPECT_EQ(Matches("monetary <= 100"), "TFFTFTFT");
  EXPECT_EQ(Matches("monetary == 250.5"), "FTFFFFTF");
  EXPECT_EQ(Matches("monetary = 250.5"), "FTFFFFTF");
  // A missing value differs from 250.5 in IEEE arithmetic, but is unknown here.
  EXPECT_EQ(Matches("monetary != 250.5"), "TFFTTTFT");
  EXPECT_EQ(Matches("monetary <> 250.5"), "TFFTTTFT");
  EXPECT_EQ(Matches("monetary in (0, 50, 1000)"), "FFFTTTFF");
  EXPECT_EQ(Matches("monetary not in (0, 50, 1000)"), "TTFFFFTT");
  EXPECT_EQ(Matches("employees >= 7"), "TFFTFFFT");
}

TEST(RuleEngine, BetweenIncludesBothEnds) {
  EXPECT_EQ(Matches("monetary between 75 and 250.5"), "TTFFFFTT");
  EXPECT_EQ(Matches("not (monetary between 75 and 250.5)"), "FFFTTTFF");
  EXPECT_EQ(Matches("monetary between 100 and 100"), "TFFFFFFF");
}

TEST(RuleEngine, LabelComparisons) {
  EXPECT_EQ(Matches("abc == \"A\""), "TFFFTFFT");
  EXPECT_EQ(Matches("abc.class != \"A\""), "FTTFFTTF");
  EXPECT_EQ(Matches("abc in (\"A\", \"B\")"), "TTFFTTFT");
  EXPECT_EQ(Matches("abc not in (\"A\", \"B\")"), "FFTFFFTF");
  EXPECT_EQ(Matches("type == \"project\""), "TFTFFTFF");
  EXPECT_EQ(Matches("attr.type != \"retail\""), "TFTFFTFT");
  EXPECT_EQ(Matches("lifecycle in (\"new\", \"churned\")"), "TFFFFTTF");
}

TEST(RuleEngine, MissingValuesFollowKleeneLogic) {
  EXPECT_EQ(Matches("monetary is missing"), "FFTFFFFF");
  EXPECT_EQ(Matches("monetary is not missing"), "TTFTTTTT");
  EXPECT_EQ(Matches("abc is missing"), "FFFTFFFF");
  EXPECT_EQ(Matches("not (type is not missing)"), "FFFTFFTF");
  // not unknown is unknown: C3 (missing monetary) matches neither.
  EXPECT_EQ(Matches("not (monetary >= 100)"), "FFFTFTFT");
  // C3: unknown or true = true; C6: false or unknown = unknown.
  EXPECT_EQ(Matches("monetary >= 100 or rfm.f >= 3"), "TTTTTFTF");
  // C3: unknown and true = unknown; C6: false and unknown = false.
  EXPECT_EQ(Matches("monetary >= 100 and rfm.f >= 2"), "FTFFTFFF");
  // C6: not (false and unknown) = true; C3: not (unknown and true) = unknown.
  EXPECT_EQ(Matches("not (monetary >= 100 and rfm.f >= 2)"), "TFFTFTTT");
  EXPECT_EQ(Matches("not (monetary >= 100 or rfm.f >= 3)"), "FFFFFFFT");
  EXPECT_EQ(Matches("not not (monetary >= 100 or rfm.f >= 3)"), "TTTTTFTF");
  EXPECT_EQ(Matches("monetary is missing or monetary > 500"), "FFTFTFFF");
  EXPECT_EQ(Matches("not (frequency > 0) and frequency is not missing"), "FFTTFFFF");
  EXPECT_EQ(Matches("abc != \"A\" or lifecycle == \"active\""), "FTTFTTTT");
}

TEST(RuleEngine, FirstMatchingRuleWins) {
  Fixture f = MakeFixture();
  std::vector<RuleWarning> warnings;
  ASSERT_TRUE(Apply(f,
                    "tier \"Big\" when monetary >= 250\n"
                    "tier \"Mid\" when monetary >= 75\n"
                    "tier \"A\" when abc == \"A\"\n"
                    "tier \"Rest\" otherwise\n",
                    warnings)
                  .ok());
  EXPECT_EQ(TierLabels(f.scores, "tier"),
            (std::vector<std::string>{"Mid", "Big", "Rest", "Rest", "Big", "Rest", "Big", "Mid"}));
  EXPECT_EQ(f.scores.Find("tier.rule")->numeric,
            (std::vector<double>{2, 1, 4, 4, 1, 4, 1, 2}));
  EXPECT_EQ(f.scores.Find("tier")->labels, (std::vector<std::string>{"Big", "Mid", "A", "Rest"}));
  EXPECT_TRUE(warnings.empty());
}

TEST(RuleEngine, UnmatchedCustomersAreUnassignedWithAWarning) {
  Fixture f = MakeFixture();
  std::vector<RuleWarning> warnings;
  ASSERT_TRUE(Apply(f, "tier \"Big\" when monetary >= 250", warnings).ok());
  EXPECT_EQ(TierLabels(f.scores, "tier"),
            (std::vector<std::string>{"unassigned", "Big", "unassigned", "unassigned", "Big",
                                      "unassigned", "Big", "unassigned"}));
  EXPECT_EQ(f.scores.Find("tier.rule")->numeric, (std::vector<double>{0, 1, 0, 0, 1, 0, 1, 0}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].rule_set, "tier");
  EXPECT_EQ(warnings[0].line, 0);
  EXPECT_EQ(warnings[0].message,
            "rule set \"tier\": 5 of 8 customers matched no rule and are \"unassigned\" "
            "(add `tier \"...\" otherwise` to name them)");
}

TEST(RuleEngine, UnassignedCountHasThousandsSeparators) {
  const size_t n = 10000;
  std::vector<std::string> key_text(n);
  std::vector<std::string_view> keys(n);
  for (size_t i = 0; i < n; ++i) {
    key_text[i] = absl::StrCat("K", i);
    keys[i] = key_text[i];
  }
  CustomerColumns customers;
  customers.string_keys = keys;
  absl::StatusOr<Dataset> dataset = BuildDataset(customers, TransactionColumns{});
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  FeatureTable features(n);
  std::vector<double>& monetary = features.Add("monetary", "");
  for (size_t i = 0; i < n; ++i) monetary[i] = static_cast<double>(i);
  ScoreTable scores(n);
  std::vector<RuleWarning> warnings;
  // Customers 0..1233 have monetary below 1234: 1,234 of them.
  ASSERT_TRUE(ApplyRules(Parse("tier \"Big\" when monetary >= 1234"),
                         RuleInputs{*dataset, features}, scores, warnings)
                  .ok());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message,
            "rule set \"tier\": 1,234 of 10,000 customers matched no rule and are "
            "\"unassigned\" (add `tier \"...\" otherwise` to name them)");
}

TEST(RuleEngine, LaterSetReadsAnEarlierSetsTier) {
  Fixture f = MakeFixture();
  std::vector<RuleWarning> warnings;
  ASSERT_TRUE(Apply(f,
                    "ruleset \"value\"\n"
                    "tier \"High\" when monetary >= 250\n"
                    "tier \"Low\" otherwise\n"
                    "ruleset \"contact\"\n"
                    "tier \"Call\" when value == \"High\" and abc == \"A\"\n"
                    "tier \"Mail\" when value.rule == 2\n"
                    "tier \"None\" otherwise\n",
                    warnings)
                  .ok());
  EXPECT_EQ(TierLabels(f.scores, "value"),
            (std::vector<std::string>{"Low", "High", "Low", "Low", "High", "Low", "High", "Low"}));
  EXPECT_EQ(TierLabels(f.scores, "contact"),
            (std::vector<std::string>{"Mail", "None", "Mail", "Mail", "Call", "Mail", "None",
                                      "Mail"}));
}

TEST(RuleEngine, NoCustomersGiveEmptyColumns) {
  absl::StatusOr<Dataset> dataset = BuildDataset(TransactionColumns{});
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  FeatureTable features(0);
  features.Add("monetary", "");
  ScoreTable scores(0);
  std::vector<RuleWarning> warnings;
  ASSERT_TRUE(ApplyRules(Parse("tier \"Big\" when monetary >= 1"),
                         RuleInputs{*dataset, features}, scores, warnings)
                  .ok());
  ASSERT_NE(scores.Find("tier"), nullptr);
  EXPECT_TRUE(scores.Find("tier")->codes.empty());
  EXPECT_TRUE(warnings.empty());
}

TEST(RuleEngine, DefaultConstructedRuleFileAppliesNothing) {
  Fixture f = MakeFixture();
  const RuleFile none;
  EXPECT_TRUE(none.sets().empty());
  const size_t columns = f.scores.columns().size();
  std::vector<RuleWarning> warnings;
  ASSERT_TRUE(ApplyRules(none, RuleInputs{f.dataset, f.features}, f.scores, warnings).ok());
  EXPECT_EQ(f.scores.columns().size(), columns);
  EXPECT_TRUE(warnings.empty());
}

TEST(RuleEngine, ThreadCountDoesNotChangeTheResult) {
  const size_t n = 100000;
  std::vector<std::string> key_text(n);
  std::vector<std::string_view> keys(n), kinds(n);
  std::vector<double> amount(n);
  const std::string_view kind_names[] = {"", "a", "b", "c"};
  uint64_t state = 12345;
  for (size_t i = 0; i < n; ++i) {
    key_text[i] = absl::StrCat(i);
    keys[i] = key_text[i];
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    kinds[i] = kind_names[(state >> 33) % 4];
    amount[i] = (state >> 40) % 7 == 0 ? kNaN : static_cast<double>((state >> 20) % 1000);
  }
  CustomerColumns customers;
  customers.string_keys = keys;
  customers.categorical.push_back({"kind", kinds});
  absl::StatusOr<Dataset> dataset = BuildDataset(customers, TransactionColumns{});
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  FeatureTable features(n);
  features.Add("amount", "") = amount;
  const RuleFile file = Parse(
      "tier \"A\" when amount >= 900 and kind in (\"a\", \"b\")\n"
      "tier \"B\" when not (amount < 500 or kind == \"c\")\n"
      "tier \"C\" when amount between 100 and 200 or kind is missing\n");
  std::vector<std::vector<int32_t>> tiers;
  std::vector<std::vector<double>> rules;
  for (int threads : {1, 2, 3}) {
    ScoreTable scores(n);
    std::vector<RuleWarning> warnings;
    RuleOptions options;
    options.num_threads = threads;
    ASSERT_TRUE(ApplyRules(file, RuleInputs{*dataset, features}, scores, warnings, options).ok());
    tiers.push_back(scores.Find("tier")->codes);
    rules.push_back(scores.Find("tier.rule")->numeric);
  }
  EXPECT_EQ(tiers[0], tiers[1]);
  EXPECT_EQ(tiers[0], tiers[2]);
  EXPECT_EQ(rules[0], rules[1]);
  EXPECT_EQ(rules[0], rules[2]);
  // Every rule takes someone, so the comparison is not between empty answers.
  for (double rule = 0; rule <= 3; ++rule) {
    EXPECT_NE(std::count(rules[0].begin(), rules[0].end(), rule), 0) << "rule " << rule;
  }
}

TEST(RuleEngine, UnknownNameListsTheNamesAndSuggestsTheNearest) {
  EXPECT_EQ(ErrorOf("tier \"X\" when monetery >= 5"),
            "rules:1:15: error: unknown name 'monetery'; did you mean 'monetary'?\n"
            "  tier \"X\" when monetery >= 5\n" +
                std::string(16, ' ') +
                "^~~~~~~~\n"
                "  features: monetary, frequency\n"
                "  scores: abc.class, rfm.f, lifecycle.stage\n"
                "  attributes: type, employees");
  // Nothing near enough: no suggestion.
  EXPECT_EQ(ErrorOf("tier \"X\" when zzzzzz >= 5").find("did you mean"), std::string::npos);
  // A set cannot read a set that runs after it.
  EXPECT_NE(ErrorOf("ruleset \"a\"\ntier \"X\" when b == \"Y\"\nruleset \"b\"\ntier \"Y\" otherwise")
                .find("rules:2:15: error: unknown name 'b'"),
            std::string::npos);
}

TEST(RuleEngine, AmbiguousNameAsksForAQualifiedSpelling) {
  Fixture f = MakeFixture();
  f.features.Add("type", "") = {1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<RuleWarning> warnings;
  absl::Status status = Apply(f, "tier \"X\" when type == \"project\"", warnings);
  EXPECT_EQ(status.message(),
            "rules:1:15: error: 'type' is ambiguous: it names the feature type and the host "
            "attribute type; write feature.type or attr.type instead\n"
            "  tier \"X\" when type == \"project\"\n" +
                std::string(16, ' ') + "^~~~");
  ASSERT_TRUE(Apply(f,
                    "tier \"P\" when attr.type == \"project\" and feature.type >= 3\n"
                    "tier \"Q\" otherwise",
                    warnings)
                  .ok());
  // Projects are C1, C3, C6; feature.type >= 3 leaves C3 and C6.
  EXPECT_EQ(TierLabels(f.scores, "tier"),
            (std::vector<std::string>{"Q", "Q", "P", "Q", "Q", "P", "Q", "Q"}));
}

TEST(RuleEngine, StrategyShorthandNeedsExactlyOneLabelColumn) {
  Fixture f = MakeFixture();
  f.scores.AddCategorical("abc.other", {"x"}) = std::vector<int32_t>(8, 0);
  std::vector<RuleWarning> warnings;
  absl::Status status = Apply(f, "tier \"X\" when abc == \"A\"", warnings);
  EXPECT_NE(status.message().find(
                "rules:1:15: error: 'abc' stands for a strategy's one label column, but abc has "
                "several: abc.class, abc.other; write the one you mean"),
            std::string::npos)
      << status;
  EXPECT_TRUE(Apply(f, "tier \"X\" when abc.class == \"A\"", warnings).ok());
}

TEST(RuleEngine, TypeErrorsPointAtTheOperatorOrLiteral) {
  EXPECT_EQ(ErrorOf("tier \"X\" when abc.class >= 1"),
            "rules:1:25: error: 'abc.class' is a label column (labels: \"A\", \"B\", \"C\") and "
            "labels have no order: use ==, !=, in (...) or not in (...)\n"
            "  tier \"X\" when abc.class >= 1\n" +
                std::string(26, ' ') + "^~");
  EXPECT_EQ(ErrorOf("tier \"X\" when abc == 1"),
            "rules:1:22: error: 'abc' (abc.class) is a label column (labels: \"A\", \"B\", \"C\"), "
            "not a number: compare it with one of its labels in quotes\n"
            "  tier \"X\" when abc == 1\n" +
                std::string(23, ' ') + "^");
  EXPECT_EQ(ErrorOf("tier \"X\" when abc between 1 and 2"),
            "rules:1:19: error: 'abc' (abc.class) is a label column (labels: \"A\", \"B\", \"C\"); "
            "`between` needs a numeric column\n"
            "  tier \"X\" when abc between 1 and 2\n" +
                std::string(20, ' ') + "^~~~~~~");
  EXPECT_NE(ErrorOf("tier \"X\" when monetary in (1, 2) or monetary == \"high\"")
                .find("rules:1:49: error: 'monetary' is a numeric column: compare it with a "
                      "number, not \"high\"\n"),
            std::string::npos);
}

TEST(RuleEngine, UnknownLabelIsAnErrorForFixedLabelsAndAWarningForAttributes) {
  EXPECT_NE(ErrorOf("tier \"X\" when lifecycle == \"at-risk\"")
                .find("rules:1:28: error: 'lifecycle' (lifecycle.stage) has no label \"at-risk\"; "
                      "did you mean \"at_risk\"? (labels: \"new\", \"active\", \"at_risk\", "
                      "\"churned\")"),
            std::string::npos);
  EXPECT_NE(ErrorOf("ruleset \"value\"\n"
                    "tier \"High\" when monetary >= 250\n"
                    "tier \"Low\" otherwise\n"
                    "ruleset \"contact\"\n"
                    "tier \"Call\" when value == \"Hgh\"\n")
                .find("rules:5:27: error: 'value' has no label \"Hgh\"; did you mean \"High\"? "
                      "(labels: \"High\", \"Low\")"),
            std::string::npos);

  Fixture f = MakeFixture();
  std::vector<RuleWarning> warnings;
  ASSERT_TRUE(Apply(f, "tier \"X\" when type == \"projct\"\ntier \"Y\" otherwise", warnings).ok());
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].line, 1);
  EXPECT_EQ(warnings[0].message,
            "host attribute 'type' has no value \"projct\" in this data; did you mean "
            "\"project\"? (values: \"project\", \"retail\", \"wholesale\")");
  // In this data the rule can never match, which the coverage check sees too.
  EXPECT_EQ(warnings[1].line, 1);
  EXPECT_EQ(warnings[1].message,
            "rule 1 \"X\" (line 1) can never match: no customer can meet its condition");
  EXPECT_EQ(Matches("type == \"projct\""), "FFFFFFFF");
  // Every customer whose type is known differs from it; C4 and C7 have none.
  EXPECT_EQ(Matches("type != \"projct\""), "TTTFTTFT");
}

TEST(RuleEngine, ErrorsLeaveTheScoresUnchanged) {
  Fixture f = MakeFixture();
  std::vector<RuleWarning> warnings;
  absl::Status status = Apply(f,
                              "ruleset \"value\"\n"
                              "tier \"High\" when monetary >= 250\n"
                              "tier \"Low\" otherwise\n"
                              "ruleset \"contact\"\n"
                              "tier \"Call\" when valeu == \"High\"\n",
                              warnings);
  EXPECT_NE(status.message().find("did you mean 'value'?"), std::string::npos) << status;
  EXPECT_EQ(f.scores.columns().size(), 3u);
  EXPECT_EQ(f.scores.Find("value"), nullptr);
  EXPECT_TRUE(warnings.empty());

  // A second run of the same set would add columns that already exist.
  ASSERT_TRUE(Apply(f, "tier \"A\" otherwise", warnings).ok());
  EXPECT_FALSE(Apply(f, "tier \"A\" otherwise", warnings).ok());
  EXPECT_EQ(f.scores.columns().size(), 5u);
}

TEST(RuleEngine, ShadowedRulesAreReportedWithTheirLines) {
  Fixture f = MakeFixture();
  std::vector<RuleWarning> warnings;
  ASSERT_TRUE(Apply(f,
                    "tier \"Big\" when monetary >= 100\n"
                    "tier \"Bigger\" when monetary >= 500\n"
                    "tier \"Rest\" otherwise\n"
                    "tier \"Never\" when abc == \"A\"\n",
                    warnings)
                  .ok());
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].line, 2);
  EXPECT_EQ(warnings[0].message,
            "rule 2 \"Bigger\" (line 2) can never match: rule 1 \"Big\" (line 1) takes every "
            "customer it would");
  EXPECT_EQ(warnings[1].line, 4);
  EXPECT_EQ(warnings[1].message,
            "rule 4 \"Never\" (line 4) can never match: rule 3 \"Rest\" (line 3) takes every "
            "customer it would");
}

TEST(RuleEngine, ARuleCoveredByTwoEarlierOnesNamesBoth) {
  Fixture f = MakeFixture();
  std::vector<RuleWarning> warnings;
  ASSERT_TRUE(Apply(f,
                    "tier \"Low\" when monetary < 100\n"
                    "tier \"High\" when monetary >= 100\n"
                    "tier \"Known\" when monetary is not missing\n"
                    "tier \"Rest\" otherwise\n",
                    warnings)
                  .ok());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].line, 3);
  EXPECT_EQ(warnings[0].message,
            "rule 3 \"Known\" (line 3) can never match: rules 1 \"Low\" (line 1) and 2 "
            "\"High\" (line 2) take every customer it would");
}

TEST(RuleEngine, ExplainTierShowsTheMatchedRuleAndTheEarlierOnes) {
  Fixture f = MakeFixture();
  std::vector<RuleWarning> warnings;
  const RuleFile file = Parse(
      "tier \"Big\" when monetary >= 250 and rfm.f >= 2\n"
      "tier \"Mid\" when monetary >= 75 or abc == \"A\"\n"
      "tier \"Rest\" otherwise\n");
  const RuleInputs inputs{f.dataset, f.features};
  ASSERT_TRUE(ApplyRules(file, inputs, f.scores, warnings).ok());
  // C7: monetary 250.5 but rfm.f 1 fails rule 1; rule 2 holds on monetary.
  absl::StatusOr<std::string> text = ExplainTier(file, "tier", inputs, f.scores, 6);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text,
            "C7: tier \"Mid\" by rule 2 (line 2)\n"
            "  tier \"Mid\" when monetary >= 75 or abc == \"A\"\n"
            "  monetary = 250.5, abc = \"C\"\n"
            "not rule 1 \"Big\" (line 1): monetary = 250.5, rfm.f = 1");
  // C3: monetary is missing, so rules 1 and 2 are unknown, not true.
  text = ExplainTier(file, "tier", inputs, f.scores, 2);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text,
            "C3: tier \"Rest\" by rule 3 (line 3)\n"
            "  tier \"Rest\" otherwise\n"
            "not rule 1 \"Big\" (line 1): monetary = missing, rfm.f = 3\n"
            "not rule 2 \"Mid\" (line 2): monetary = missing, abc = \"C\"");

  EXPECT_EQ(ExplainTier(file, "tier", inputs, f.scores, 8).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ExplainTier(file, "nope", inputs, f.scores, 0).status().code(),
            absl::StatusCode::kNotFound);
  Fixture fresh = MakeFixture();
  EXPECT_EQ(ExplainTier(file, "tier", inputs, fresh.scores, 0).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(RuleEngine, DemotionDelayKeepsTheTierAndExplainSaysSo) {
  Fixture f = MakeFixture();
  TierSnapshot previous;
  previous.rule_set = "tier";
  previous.tiers = {"Big", "Rest"};
  for (int i = 1; i <= 8; ++i) previous.keys.push_back(absl::StrCat("C", i));
  previous.tier.assign(8, 0);
  previous.held_periods.assign(8, 0);
  RuleOptions options;
  options.previous.emplace("tier", &previous);
  const RuleFile file = Parse(
      "ruleset \"tier\"\n"
      "demote after 2 periods\n"
      "tier \"Big\" when monetary >= 250\n"
      "tier \"Rest\" otherwise\n");
  const RuleInputs inputs{f.dataset, f.features};
  std::vector<RuleWarning> warnings;
  ASSERT_TRUE(ApplyRules(file, inputs, f.scores, warnings, options).ok());
  // Everyone was Big; those failing its rule for the first time keep it.
  EXPECT_EQ(TierLabels(f.scores, "tier"), std::vector<std::string>(8, "Big"));
  EXPECT_EQ(f.scores.Find("tier.held")->numeric, (std::vector<double>{1, 0, 1, 1, 0, 1, 0, 1}));
  EXPECT_EQ(f.scores.Find("tier.rule")->numeric, (std::vector<double>{2, 1, 2, 2, 1, 2, 1, 2}));
  absl::StatusOr<std::string> text = ExplainTier(file, "tier", inputs, f.scores, 0);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text,
            "C1: tier \"Big\" kept by `demote after 2 periods` (1 period failing its rule so "
            "far); by the rules now: tier \"Rest\" by rule 2 (line 4)\n"
            "  tier \"Rest\" otherwise\n"
            "not rule 1 \"Big\" (line 3): monetary = 100");
}


TEST(RuleEngine, PreviousSnapshotMustBeOlderAndEditedRulesAreWarned) {
  const RuleFile file = Parse(
      "ruleset \"tier\"\n"
      "tier \"Big\" when monetary >= 250\n"
      "tier \"Rest\" otherwise\n");
  TierSnapshot previous;
  previous.rule_set = "tier";
  previous.fingerprint = file.sets()[0].fingerprint;
  previous.as_of = 20000;
  previous.tiers = {"Big", "Rest"};
  for (int i = 1; i <= 8; ++i) previous.keys.push_back(absl::StrCat("C", i));
  previous.tier.assign(8, 0);
  previous.held_periods.assign(8, 0);
  RuleOptions options;
  options.previous.emplace("tier", &previous);

  // The same period again would count its failing period twice.
  Fixture again = MakeFixture();
  std::vector<RuleWarning> warnings;
  options.as_of = 20000;
  absl::Status same = ApplyRules(file, RuleInputs{again.dataset, again.features}, again.scores,
                                 warnings, options);
  EXPECT_EQ(same.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(same.message().find("are as of 2024-10-04, not before this run's 2024-10-04"),
            std::string::npos)
      << same.message();
  EXPECT_EQ(again.scores.Find("tier"), nullptr);

  Fixture next = MakeFixture();
  options.as_of = 20030;
  ASSERT_TRUE(ApplyRules(file, RuleInputs{next.dataset, next.features}, next.scores, warnings,
                         options)
                  .ok());
  EXPECT_TRUE(warnings.empty());

  // Edited rules: the delay still applies by tier name, with a warning.
  previous.fingerprint = "0123456789abcdef";
  Fixture edited = MakeFixture();
  ASSERT_TRUE(ApplyRules(file, RuleInputs{edited.dataset, edited.features}, edited.scores,
                         warnings, options)
                  .ok());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].message.find("changed since the previous tiers were saved"),
            std::string::npos)
      << warnings[0].message;
}

// A later rule file's set named like a strategy must not make the earlier
// file's shorthand ambiguous when that earlier set is explained.
TEST(RuleEngine, ExplainSeesOnlyTheColumnsTheSetWasBoundAgainst) {
  Fixture f = MakeFixture();
  const RuleFile first = Parse(
      "ruleset \"first\"\n"
      "tier \"New\" when lifecycle == \"new\"\n"
      "tier \"Other\" otherwise\n");
  const RuleFile second = Parse(
      "ruleset \"lifecycle\"\n"
      "tier \"Any\" otherwise\n");
  const RuleInputs inputs{f.dataset, f.features};
  std::vector<RuleWarning> warnings;
  ASSERT_TRUE(ApplyRules(first, inputs, f.scores, warnings).ok());
  ASSERT_TRUE(ApplyRules(second, inputs, f.scores, warnings).ok());
  absl::StatusOr<std::string> text = ExplainTier(first, "first", inputs, f.scores, 0);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text,
            "C1: tier \"New\" by rule 1 (line 2)\n"
            "  tier \"New\" when lifecycle == \"new\"\n"
            "  lifecycle = \"new\"");
}

}  // namespace
}  // namespace tessera
