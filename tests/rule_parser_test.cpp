// The rule-file parser: the syntax tree it builds, the messages it gives,
// its limits, set fingerprints and the built-in rule files. Expected trees,
// columns and messages are worked out by hand from the inputs.
#include <climits>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "rules/rule_ast.h"
#include "tessera/rfm.h"
#include "tessera/rules.h"
#include "test_support.h"

namespace tessera {
namespace {

using rules_internal::CompareOp;
using rules_internal::Expr;
using rules_internal::Literal;
using rules_internal::RuleSetAst;

absl::StatusOr<RuleFile> Parse(std::string_view text, const RuleLimits& limits = {}) {
  return RuleFile::Parse(text, "rules.txt", limits);
}

// The parse must fail with InvalidArgument; returns its message.
std::string ErrorOf(std::string_view text, const RuleLimits& limits = {}) {
  absl::StatusOr<RuleFile> file = Parse(text, limits);
  EXPECT_FALSE(file.ok()) << text;
  if (file.ok()) return "";
  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(file.status().message());
}

// The first line of an error: "rules.txt:L:C: error: message".
std::string FirstLineOf(std::string_view text) {
  const std::string message = ErrorOf(text);
  return message.substr(0, message.find('\n'));
}

RuleFile ParseOk(std::string_view text) {
  absl::StatusOr<RuleFile> file = Parse(text);
  EXPECT_TRUE(file.ok()) << file.status();
  return file.ok() ? *file : RuleFile();
}

const Expr& Condition(const RuleFile& file, size_t set, size_t rule) {
  return *file.ast().sets.at(set).rules.at(rule).condition;
}

void ExpectCompare(const Expr& expr, std::string_view name, CompareOp op, double number) {
  EXPECT_EQ(expr.kind, Expr::Kind::kCompare);
  EXPECT_EQ(expr.name, name);
  EXPECT_EQ(expr.op, op) << name;
  ASSERT_EQ(expr.values.size(), 1u);
  EXPECT_EQ(expr.values[0].kind, Literal::Kind::kNumber);
  EXPECT_EQ(expr.values[0].number, number);
}

void ExpectCompare(const Expr& expr, std::string_view name, std::string_view text) {
  EXPECT_EQ(expr.kind, Expr::Kind::kCompare);
  EXPECT_EQ(expr.name, name);
  EXPECT_EQ(expr.op, CompareOp::kEq);
  ASSERT_EQ(expr.values.size(), 1u);
  EXPECT_EQ(expr.values[0].kind, Literal::Kind::kString);
  EXPECT_EQ(expr.values[0].text, text);
}

// The example at the top of include/tessera/rules.h, verbatim.
constexpr char kHeaderExample[] = R"(# Comments run from '#' to the end of the line.
ruleset "service"            # optional when the file holds one set
demote after 2 periods       # optional: see "Tiers over time" below
tier "VIP"      when monetary >= 50000 and rfm.f >= 4
tier "Key"      when abc == "A" or (type == "project" and monetary >= 20000)
tier "At risk"  when lifecycle == "at_risk" and value_tier in ("high", "medium")
tier "Standard" otherwise
)";

TEST(RuleParser, ParsesTheExampleOfThePublicHeader) {
  const RuleFile file = ParseOk(kHeaderExample);
  ASSERT_EQ(file.sets().size(), 1u);
  const RuleFile::RuleSetInfo& set = file.sets()[0];
  EXPECT_EQ(set.name, "service");
  EXPECT_EQ(file.source_name(), "rules.txt");
  EXPECT_EQ(set.tiers, (std::vector<std::string>{"VIP", "Key", "At risk", "Standard"}));
  ASSERT_EQ(set.rules.size(), 4u);
  const int lines[] = {4, 5, 6, 7};
  for (size_t r = 0; r < 4; ++r) {
    EXPECT_EQ(set.rules[r].line, lines[r]);
    EXPECT_EQ(set.rules[r].demote_after, 2);
    EXPECT_EQ(set.rules[r].otherwise, r == 3);
  }
  EXPECT_EQ(set.rules[0].text, R"(tier "VIP" when monetary >= 50000 and rfm.f >= 4)");
  EXPECT_EQ(set.rules[1].text,
            R"(tier "Key" when abc == "A" or (type == "project" and monetary >= 20000))");
  EXPECT_EQ(
      set.rules[2].text,
      R"(tier "At risk" when lifecycle == "at_risk" and value_tier in ("high", "medium"))");
  EXPECT_EQ(set.rules[3].text, R"(tier "Standard" otherwise)");

  const RuleSetAst& ast = file.ast().sets[0];
  EXPECT_EQ(ast.demote_after, 2);
  EXPECT_EQ(ast.span.line, 2);
  EXPECT_EQ(ast.canonical,
            R"(ruleset "service" demote after 2 periods )"
            R"(tier "VIP" when monetary >= 50000 and rfm.f >= 4 )"
            R"(tier "Key" when abc == "A" or (type == "project" and monetary >= 20000) )"
            R"(tier "At risk" when lifecycle == "at_risk" and value_tier in ("high", "medium") )"
            R"(tier "Standard" otherwise)");
  EXPECT_EQ(ast.rules[0].demote_after, 0);
  EXPECT_EQ(ast.rules[3].condition, nullptr);

  const Expr& vip = Condition(file, 0, 0);
  ASSERT_EQ(vip.kind, Expr::Kind::kAnd);
  ASSERT_EQ(vip.children.size(), 2u);
  ExpectCompare(*vip.children[0], "monetary", CompareOp::kGe, 50000);
  ExpectCompare(*vip.children[1], "rfm.f", CompareOp::kGe, 4);
  // `tier "VIP"      when monetary`: monetary starts in column 22 of line 4.
  const std::string_view text = kHeaderExample;
  EXPECT_EQ(vip.children[0]->name_span.line, 4);
  EXPECT_EQ(vip.children[0]->name_span.column, 22);
  EXPECT_EQ(vip.children[0]->name_span.offset, text.find("monetary"));
  EXPECT_EQ(vip.span.offset, text.find("monetary"));
  EXPECT_EQ(vip.span.length, std::string_view("monetary >= 50000 and rfm.f >= 4").size());

  const Expr& key = Condition(file, 0, 1);
  ASSERT_EQ(key.kind, Expr::Kind::kOr);
  ASSERT_EQ(key.children.size(), 2u);
  ExpectCompare(*key.children[0], "abc", "A");
  const Expr& project = *key.children[1];
  ASSERT_EQ(project.kind, Expr::Kind::kAnd);
  ASSERT_EQ(project.children.size(), 2u);
  ExpectCompare(*project.children[0], "type", "project");
  ExpectCompare(*project.children[1], "monetary", CompareOp::kGe, 20000);
  // A parenthesized expression's span takes in its parentheses.
  EXPECT_EQ(project.span.offset, text.find("(type"));

  const Expr& at_risk = Condition(file, 0, 2);
  ASSERT_EQ(at_risk.kind, Expr::Kind::kAnd);
  ExpectCompare(*at_risk.children[0], "lifecycle", "at_risk");
  const Expr& in = *at_risk.children[1];
  EXPECT_EQ(in.kind, Expr::Kind::kIn);
  EXPECT_FALSE(in.negated);
  ASSERT_EQ(in.values.size(), 2u);
  EXPECT_EQ(in.values[0].text, "high");
  EXPECT_EQ(in.values[1].text, "medium");
}

TEST(RuleParser, ReadsEveryOperator) {
  const RuleFile file = ParseOk(R"(
tier "a" when x = 1 or x == -2 or x != 3.5 or x <> 4e2 or x < -1.5E-1
tier "b" when x <= 0 or x > 1 or x >= 2
tier "c" when x in (1, 2, 3) or y not in ("p", 'q')
tier "d" when x between -1 and 2.5 or x is missing or x is not missing
)");
  const Expr& a = Condition(file, 0, 0);
  ASSERT_EQ(a.children.size(), 5u);
  ExpectCompare(*a.children[0], "x", CompareOp::kEq, 1);
  ExpectCompare(*a.children[1], "x", CompareOp::kEq, -2);
  ExpectCompare(*a.children[2], "x", CompareOp::kNe, 3.5);
  ExpectCompare(*a.children[3], "x", CompareOp::kNe, 400);
  ExpectCompare(*a.children[4], "x", CompareOp::kLt, -0.15);
  const Expr& b = Condition(file, 0, 1);
  ASSERT_EQ(b.children.size(), 3u);
  ExpectCompare(*b.children[0], "x", CompareOp::kLe, 0);
  ExpectCompare(*b.children[1], "x", CompareOp::kGt, 1);
  ExpectCompare(*b.children[2], "x", CompareOp::kGe, 2);

  const Expr& c = Condition(file, 0, 2);
  ASSERT_EQ(c.children.size(), 2u);
  EXPECT_EQ(c.children[0]->kind, Expr::Kind::kIn);
  EXPECT_FALSE(c.children[0]->negated);
  ASSERT_EQ(c.children[0]->values.size(), 3u);
  EXPECT_EQ(c.children[0]->values[2].number, 3);
  EXPECT_EQ(c.children[1]->kind, Expr::Kind::kIn);
  EXPECT_TRUE(c.children[1]->negated);
  ASSERT_EQ(c.children[1]->values.size(), 2u);
  EXPECT_EQ(c.children[1]->values[1].text, "q");

  const Expr& d = Condition(file, 0, 3);
  ASSERT_EQ(d.children.size(), 3u);
  EXPECT_EQ(d.children[0]->kind, Expr::Kind::kBetween);
  ASSERT_EQ(d.children[0]->values.size(), 2u);
  EXPECT_EQ(d.children[0]->values[0].number, -1);
  EXPECT_EQ(d.children[0]->values[1].number, 2.5);
  EXPECT_EQ(d.children[1]->kind, Expr::Kind::kIsMissing);
  EXPECT_FALSE(d.children[1]->negated);
  EXPECT_EQ(d.children[2]->kind, Expr::Kind::kIsMissing);
  EXPECT_TRUE(d.children[2]->negated);
  // No `otherwise`: customers no rule takes are "unassigned".
  EXPECT_EQ(file.sets()[0].tiers, (std::vector<std::string>{"a", "b", "c", "d", "unassigned"}));
}

TEST(RuleParser, KeywordsAnyCaseNamesAsWritten) {
  const RuleFile file = ParseOk(
      "RULESET \"s\" DEMOTE AFTER 3 PERIODS\n"
      "TIER \"A\" WHEN T BETWEEN 1 AND 2 Or NOT t_x IS NOT MISSING\n"
      "Tier \"B\" When X In (1) And x Not In (2) Demote After 1 Period\n"
      "tier \"C\" OTHERWISE\n");
  const RuleFile::RuleSetInfo& set = file.sets()[0];
  EXPECT_EQ(set.name, "s");
  EXPECT_EQ(set.rules[0].text, R"(tier "A" when T between 1 and 2 or not t_x is not missing)");
  EXPECT_EQ(set.rules[0].demote_after, 3);
  EXPECT_EQ(set.rules[1].demote_after, 1);
  const Expr& a = Condition(file, 0, 0);
  ASSERT_EQ(a.kind, Expr::Kind::kOr);
  EXPECT_EQ(a.children[0]->name, "T");
  ASSERT_EQ(a.children[1]->kind, Expr::Kind::kNot);
  EXPECT_EQ(a.children[1]->children[0]->name, "t_x");
  const Expr& b = Condition(file, 0, 1);
  ASSERT_EQ(b.kind, Expr::Kind::kAnd);
  EXPECT_EQ(b.children[0]->name, "X");
  EXPECT_EQ(b.children[1]->name, "x");
  EXPECT_TRUE(b.children[1]->negated);
}

TEST(RuleParser, BacktickNamesMayHoldSpacesAndKeywords) {
  const RuleFile file =
      ParseOk("tier \"A\" when `monetary value` > 5 and `tier` == 1\ntier \"B\" otherwise");
  const Expr& a = Condition(file, 0, 0);
  ASSERT_EQ(a.children.size(), 2u);
  ExpectCompare(*a.children[0], "monetary value", CompareOp::kGt, 5);
  ExpectCompare(*a.children[1], "tier", CompareOp::kEq, 1);
  EXPECT_EQ(file.sets()[0].rules[0].text, "tier \"A\" when `monetary value` > 5 and `tier` == 1");
  // Without backticks a keyword is not a name.
  EXPECT_EQ(FirstLineOf("tier \"A\" when tier == 1"),
            "rules.txt:1:15: error: expected a name, 'not' or '(' after 'when', got 'tier'; "
            "write a name that is a keyword in backticks: `tier`");
}

TEST(RuleParser, SkipsCommentsAndReadsCrLfAndByteOrderMark) {
  const RuleFile file = ParseOk(
      "\xEF\xBB\xBF# head\r\n"
      "tier \"A\" when x > 1 # trailing\r\n"
      "\r\n"
      "  # indented comment\r\n"
      "tier \"B\"\r\n"
      "  otherwise\r\n");
  const RuleFile::RuleSetInfo& set = file.sets()[0];
  ASSERT_EQ(set.rules.size(), 2u);
  EXPECT_EQ(set.rules[0].line, 2);
  EXPECT_EQ(set.rules[1].line, 5);
  EXPECT_EQ(set.rules[0].text, "tier \"A\" when x > 1");
  EXPECT_EQ(set.rules[1].text, "tier \"B\" otherwise");
  EXPECT_EQ(Condition(file, 0, 0).name_span.line, 2);
  EXPECT_EQ(Condition(file, 0, 0).name_span.column, 15);
  // A byte order mark takes no column and does not show in the excerpt.
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBFtier \"A\" whn"),
            "rules.txt:1:10: error: expected 'when' or 'otherwise' after the tier name, got "
            "'whn'\n  tier \"A\" whn\n           ^~~");
}

TEST(RuleParser, ReadsSeveralSetsAfterAnImplicitOne) {
  const RuleFile file = ParseOk(R"(tier "X" when a == 1     # the implicit set "tier"
tier "Y" otherwise
ruleset "second"
demote after 4 periods
tier "P" when `tier` == "X"
tier "Q" otherwise demote after 2 periods
ruleset "third"
tier "R" otherwise
)");
  ASSERT_EQ(file.sets().size(), 3u);
  EXPECT_EQ(file.sets()[0].name, "tier");
  EXPECT_EQ(file.ast().sets[0].span.line, 0);
  EXPECT_EQ(file.ast().sets[0].canonical, R"(tier "X" when a == 1 tier "Y" otherwise)");
  const RuleFile::RuleSetInfo* second = file.FindSet("second");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->rules[0].line, 5);
  EXPECT_EQ(second->rules[0].demote_after, 4);
  EXPECT_EQ(second->rules[1].demote_after, 2);
  EXPECT_EQ(file.ast().sets[1].demote_after, 4);
  EXPECT_EQ(file.ast().sets[1].rules[0].demote_after, 0);
  EXPECT_EQ(file.ast().sets[1].rules[1].demote_after, 2);
  ASSERT_NE(file.FindSet("third"), nullptr);
  EXPECT_EQ(file.FindSet("third")->rules[0].demote_after, 1);
  EXPECT_EQ(file.ast().sets[2].span.line, 7);
  EXPECT_EQ(file.FindSet("fourth"), nullptr);
}

TEST(RuleParser, AndOrChainsAreOneNodeEach) {
  const RuleFile file = ParseOk(
      "tier \"A\" when a == 1 and b == 2 and c == 3 or d == 4 or not e == 5 and not not f == 6\n"
      "tier \"B\" when (a == 1 and b == 2) and c == 3");
  const Expr& a = Condition(file, 0, 0);
  ASSERT_EQ(a.kind, Expr::Kind::kOr);
  ASSERT_EQ(a.children.size(), 3u);
  ASSERT_EQ(a.children[0]->kind, Expr::Kind::kAnd);
  ASSERT_EQ(a.children[0]->children.size(), 3u);
  EXPECT_EQ(a.children[0]->children[2]->name, "c");
  EXPECT_EQ(a.children[1]->name, "d");
  const Expr& last = *a.children[2];
  ASSERT_EQ(last.kind, Expr::Kind::kAnd);
  ASSERT_EQ(last.children.size(), 2u);
  ASSERT_EQ(last.children[0]->kind, Expr::Kind::kNot);
  EXPECT_EQ(last.children[0]->children[0]->name, "e");
  ASSERT_EQ(last.children[1]->kind, Expr::Kind::kNot);
  ASSERT_EQ(last.children[1]->children[0]->kind, Expr::Kind::kNot);
  EXPECT_EQ(last.children[1]->children[0]->children[0]->name, "f");
  EXPECT_EQ(last.children[1]->span.length, std::string_view("not not f == 6").size());
  // Parentheses keep their grouping.
  const Expr& b = Condition(file, 0, 1);
  ASSERT_EQ(b.kind, Expr::Kind::kAnd);
  ASSERT_EQ(b.children.size(), 2u);
  EXPECT_EQ(b.children[0]->kind, Expr::Kind::kAnd);
  EXPECT_EQ(b.children[1]->name, "c");
}

TEST(RuleParser, BetweenTakesItsOwnAnd) {
  const RuleFile file = ParseOk(
      "tier \"A\" when a between 1 and 5 and b > 2\n"
      "tier \"B\" when a between 1 and 5 or b between 2 and 3 and c == 1");
  const Expr& a = Condition(file, 0, 0);
  ASSERT_EQ(a.kind, Expr::Kind::kAnd);
  ASSERT_EQ(a.children.size(), 2u);
  EXPECT_EQ(a.children[0]->kind, Expr::Kind::kBetween);
  EXPECT_EQ(a.children[0]->values[1].number, 5);
  ExpectCompare(*a.children[1], "b", CompareOp::kGt, 2);
  const Expr& b = Condition(file, 0, 1);
  ASSERT_EQ(b.kind, Expr::Kind::kOr);
  ASSERT_EQ(b.children.size(), 2u);
  EXPECT_EQ(b.children[0]->kind, Expr::Kind::kBetween);
  ASSERT_EQ(b.children[1]->kind, Expr::Kind::kAnd);
  EXPECT_EQ(b.children[1]->children[0]->kind, Expr::Kind::kBetween);
  EXPECT_EQ(b.children[1]->children[0]->values[0].number, 2);
}

TEST(RuleParser, ListsEachTierOnceThenUnassigned) {
  const RuleFile file =
      ParseOk("tier \"A\" when x == 1\ntier \"B\" when x == 2\ntier \"A\" when x == 3");
  EXPECT_EQ(file.sets()[0].tiers, (std::vector<std::string>{"A", "B", "unassigned"}));
}

TEST(RuleParser, UnassignedIsAReservedTierName) {
  absl::StatusOr<RuleFile> file =
      RuleFile::Parse("tier \"A\" when x == 1\ntier \"unassigned\" when x == 2", "r");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().message(),
            "r:2:6: error: \"unassigned\" is the tier of customers no rule matches; give this "
            "tier another name\n"
            "  tier \"unassigned\" when x == 2\n"
            "       ^~~~~~~~~~~~");
}

TEST(RuleDiagnostics, LongLinesAreCutAroundTheCaret) {
  std::string text = "tier \"A\" when ";
  for (int i = 0; i < 50; ++i) text += "x == 1 or ";
  text += "x whn 1 or x == 2";
  absl::StatusOr<RuleFile> file = RuleFile::Parse(text, "r");
  ASSERT_FALSE(file.ok());
  const std::string message(file.status().message());
  // 60 bytes before the caret, marked as cut; the line's end is near enough
  // to show whole.
  const size_t caret = text.find("whn");
  EXPECT_EQ(message.substr(message.find('\n')),
            "\n  ..." + text.substr(caret - 60) + "\n  " + std::string(3 + 60, ' ') + "^~~");
}

TEST(RuleParser, UnescapesStringsAndRequotesThem) {
  const RuleFile file =
      ParseOk(R"(tier 'it\'s' when name == "say \"hi\"" or path == 'back\\slash' or q == "Über")");
  const RuleFile::RuleSetInfo& set = file.sets()[0];
  EXPECT_EQ(set.tiers[0], "it's");
  const Expr& a = Condition(file, 0, 0);
  EXPECT_EQ(a.children[0]->values[0].text, "say \"hi\"");
  EXPECT_EQ(a.children[1]->values[0].text, "back\\slash");
  EXPECT_EQ(a.children[2]->values[0].text, "Über");
  EXPECT_EQ(set.rules[0].text,
            R"(tier "it's" when name == "say \"hi\"" or path == "back\\slash" or q == "Über")");
}

// Whole messages, excerpt and caret included, written out by hand.
TEST(RuleParserErrors, RenderTheLineAndACaretUnderTheOffendingText) {
  EXPECT_EQ(ErrorOf("tier \"VIP\" whn monetary > 5"),
            "rules.txt:1:12: error: expected 'when' or 'otherwise' after the tier name, got 'whn'\n"
            "  tier \"VIP\" whn monetary > 5\n"
            "             ^~~");
  EXPECT_EQ(ErrorOf("tier \"VIP\" when monetary 50000"),
            "rules.txt:1:26: error: expected a comparison (==, !=, <, <=, >, >=, in, between, is "
            "missing) after 'monetary', got '50000'\n"
            "  tier \"VIP\" when monetary 50000\n"
            "                           ^~~~~");
  // At the end of input the caret sits one past the last character.
  EXPECT_EQ(ErrorOf("tier \"VIP\" when monetary >=\n"),
            "rules.txt:1:28: error: expected a number or a quoted string after '>=', got end of "
            "input\n"
            "  tier \"VIP\" when monetary >=\n"
            "                             ^");
  EXPECT_EQ(ErrorOf("tier \"A\" when x == 1\ntier \"Keys\" when (abc == \"A\" or x == 2\n"
                    "tier \"B\" otherwise"),
            "rules.txt:3:1: error: expected ')' to close '(' at line 2, column 18, got 'tier'\n"
            "  tier \"B\" otherwise\n"
            "  ^~~~");
  EXPECT_EQ(ErrorOf("tier \"VIP\" when monetary >= 50,000"),
            "rules.txt:1:31: error: expected the end of the number after '50', got ','; write "
            "numbers without thousands separators\n"
            "  tier \"VIP\" when monetary >= 50,000\n"
            "                                ^");
  EXPECT_EQ(ErrorOf("tier \"A\" when name == \"abc\nx"),
            "rules.txt:1:23: error: unterminated string\n"
            "  tier \"A\" when name == \"abc\n"
            "                        ^~~~");
  EXPECT_EQ(ErrorOf("tier \"A\" when x between 5 and 1"),
            "rules.txt:1:25: error: 'between' takes the lower bound first: 5 is greater than 1\n"
            "  tier \"A\" when x between 5 and 1\n"
            "                          ^~~~~~~");
}

TEST(RuleParserErrors, ColumnsCountCodePointsAndTabsShowAsSpaces) {
  EXPECT_EQ(ErrorOf("tier \"Über\" whn x"),
            "rules.txt:1:13: error: expected 'when' or 'otherwise' after the tier name, got 'whn'\n"
            "  tier \"Über\" whn x\n"
            "              ^~~");
  EXPECT_EQ(ErrorOf("tier\t\"A\"\twhn"),
            "rules.txt:1:10: error: expected 'when' or 'otherwise' after the tier name, got 'whn'\n"
            "  tier \"A\" whn\n"
            "           ^~~");
}

TEST(RuleParserErrors, LexicalErrors) {
  EXPECT_EQ(FirstLineOf("tier \"A\" when x == $5"),
            "rules.txt:1:20: error: unexpected character '$'");
  EXPECT_EQ(FirstLineOf("tier \xE2\x80\x9C"
                        "A\xE2\x80\x9D otherwise"),
            "rules.txt:1:6: error: unexpected character '\xE2\x80\x9C'; use straight quotes \" or "
            "'");
  EXPECT_EQ(
      FirstLineOf(R"(tier "a\n" otherwise)"),
      R"(rules.txt:1:8: error: unknown escape '\n' in a string; only \", \' and \\ are escapes)");
  EXPECT_EQ(FirstLineOf("tier \"A\" when x > 5abc"),
            "rules.txt:1:19: error: malformed number '5abc'");
  EXPECT_EQ(FirstLineOf("tier \"A\" when x > 1e999"),
            "rules.txt:1:19: error: number '1e999' is out of range");
  EXPECT_EQ(FirstLineOf("tier \"A\" when rfm. > 1"),
            "rules.txt:1:15: error: expected a name part after '.' in 'rfm.'");
  EXPECT_EQ(FirstLineOf("tier \"A\" when `abc\n"),
            "rules.txt:1:15: error: unterminated name: expected '`' before the end of the line");
  EXPECT_EQ(FirstLineOf("tier \"A\" when `` == 1"),
            "rules.txt:1:15: error: empty name in backticks");
  EXPECT_EQ(ErrorOf("tier \"A\" otherwise\ntier \"\xC3\x28\" otherwise"),
            "rules.txt: text is not valid UTF-8 at line 2");
}

TEST(RuleParserErrors, GrammarErrors) {
  EXPECT_EQ(FirstLineOf("foo"), "rules.txt:1:1: error: expected 'ruleset' or 'tier', got 'foo'");
  EXPECT_EQ(FirstLineOf("tier A otherwise"),
            "rules.txt:1:6: error: expected the tier name in quotes after 'tier', got 'A'");
  EXPECT_EQ(FirstLineOf("tier \"A\" when \"x\" == 1"),
            "rules.txt:1:15: error: expected a name, 'not' or '(' after 'when', got \"x\"");
  EXPECT_EQ(FirstLineOf("tier \"A\" when x not 5"),
            "rules.txt:1:21: error: expected 'in' after 'not', got '5'");
  EXPECT_EQ(FirstLineOf("tier \"A\" when x is 5"),
            "rules.txt:1:20: error: expected 'missing' or 'not missing' after 'is', got '5'");
  EXPECT_EQ(FirstLineOf("tier \"A\" when x in 1"),
            "rules.txt:1:20: error: expected '(' after 'in', got '1'");
  EXPECT_EQ(FirstLineOf("tier \"A\" when x in (1 2)"),
            "rules.txt:1:23: error: expected ',' or ')' in the list, got '2'");
  EXPECT_EQ(FirstLineOf("tier \"A\" when x in ()"),
            "rules.txt:1:21: error: expected a number or a quoted string after '(', got ')'");
  EXPECT_EQ(FirstLineOf("tier \"A\" when x in (1, \"a\")"),
            "rules.txt:1:24: error: a list may not mix numbers and strings: this value is a "
            "string, the first is a number");
  EXPECT_EQ(FirstLineOf("tier \"A\" when x between 1 or 2"),
            "rules.txt:1:27: error: expected 'and' between the two bounds of 'between', got 'or'");
  EXPECT_EQ(FirstLineOf("tier \"A\" when x between 1 and \"b\""),
            "rules.txt:1:25: error: 'between' takes two numbers or two strings, not one of each");
  EXPECT_EQ(FirstLineOf("tier \"A\" when x == 1 y == 2"),
            "rules.txt:1:22: error: expected 'and', 'or', 'demote', 'tier' or 'ruleset', got 'y'");
  EXPECT_EQ(FirstLineOf("tier \"A\" otherwise x"),
            "rules.txt:1:20: error: expected 'demote', 'tier' or 'ruleset' after 'otherwise', got "
            "'x'");
}

TEST(RuleParserErrors, SetAndTierErrors) {
  EXPECT_EQ(FirstLineOf("tier \"\" otherwise"), "rules.txt:1:6: error: the tier name is empty");
  EXPECT_EQ(FirstLineOf("ruleset \"a.b\"\ntier \"A\" otherwise"),
            "rules.txt:1:9: error: rule set name \"a.b\" must be letters, digits and '_', not "
            "starting with a digit: it names a score column");
  EXPECT_EQ(FirstLineOf("ruleset \"9a\"\ntier \"A\" otherwise"),
            "rules.txt:1:9: error: rule set name \"9a\" must be letters, digits and '_', not "
            "starting with a digit: it names a score column");
  EXPECT_EQ(FirstLineOf("ruleset \"a\"\ntier \"A\" otherwise\nruleset \"a\"\ntier \"B\" otherwise"),
            "rules.txt:3:9: error: duplicate rule set name \"a\", first used at line 1");
  EXPECT_EQ(FirstLineOf("tier \"A\" otherwise\nruleset \"tier\"\ntier \"B\" otherwise"),
            "rules.txt:2:9: error: duplicate rule set name \"tier\": the rules before the first "
            "'ruleset' line form set \"tier\"");
  EXPECT_EQ(FirstLineOf("ruleset \"a\"\nruleset \"b\"\ntier \"x\" otherwise"),
            "rules.txt:2:1: error: expected a rule ('tier \"name\" when ...') in rule set \"a\", "
            "got 'ruleset'");
  EXPECT_EQ(FirstLineOf("tier \"A\" otherwise\nruleset \"b\"\n"),
            "rules.txt:2:12: error: expected a rule ('tier \"name\" when ...') in rule set \"b\", "
            "got end of input");
  EXPECT_EQ(FirstLineOf(""),
            "rules.txt:1:1: error: the rule file has no rules: expected 'ruleset' or 'tier', got "
            "end of input");
  EXPECT_EQ(FirstLineOf("# nothing\n\n"),
            "rules.txt:1:10: error: the rule file has no rules: expected 'ruleset' or 'tier', got "
            "end of input");
}

TEST(RuleParserErrors, DemoteErrors) {
  EXPECT_EQ(FirstLineOf("demote after 0 periods\ntier \"A\" otherwise"),
            "rules.txt:1:14: error: 'demote after' takes 1 to 1000 periods, got '0'");
  EXPECT_EQ(FirstLineOf("demote after 1001 periods\ntier \"A\" otherwise"),
            "rules.txt:1:14: error: 'demote after' takes 1 to 1000 periods, got '1001'");
  EXPECT_EQ(FirstLineOf("tier \"A\" otherwise demote after 2.5 periods"),
            "rules.txt:1:33: error: expected a whole number of periods after 'demote after', got "
            "'2.5'");
  EXPECT_EQ(FirstLineOf("demote after 2 weeks\ntier \"A\" otherwise"),
            "rules.txt:1:16: error: expected 'periods' after 'demote after 2', got 'weeks'");
  EXPECT_EQ(FirstLineOf("demote after 2 periods demote after 3 periods\ntier \"A\" otherwise"),
            "rules.txt:1:24: error: the rule set already has a 'demote after'");
  // A `demote after` right after a rule is the rule's; a second one would be
  // the set's, which must come before the first rule.
  EXPECT_EQ(FirstLineOf("tier \"A\" when x == 1 demote after 2 periods demote after 3 periods"),
            "rules.txt:1:45: error: a second 'demote after': the set's must come before its "
            "first rule, and a rule takes one at its end");
  EXPECT_EQ(FirstLineOf("tier \"A\" when x == 1 demote after 2 periods\ntier \"A\" when y == 1"),
            "rules.txt:2:6: error: tier \"A\" is demoted after 1 period here but after 2 periods "
            "by its rule at line 1; give every rule of a tier the same 'demote after'");
  // Agreeing delays, given on each rule or by the set, are fine.
  ParseOk(
      "tier \"A\" when x == 1 demote after 2 periods\ntier \"A\" when y == 1 demote after 2 "
      "periods");
  ParseOk(
      "demote after 2 periods\ntier \"A\" when x == 1 demote after 2 periods\n"
      "tier \"A\" when y == 1");
}

TEST(RuleParserLimits, EachLimitGivesItsError) {
  RuleLimits limits;
  limits.max_text_bytes = 10;
  // The size is checked before anything else, even UTF-8. The text is
  // 4 + 1 + 3 + 1 + 9 = 18 bytes.
  EXPECT_EQ(ErrorOf("tier \"\xFF\" otherwise", limits),
            "rules.txt: text of 18 bytes is over the limit of 10 bytes");

  limits = RuleLimits();
  limits.max_rule_sets = 2;
  EXPECT_EQ(ErrorOf("ruleset \"a\" tier \"A\" otherwise\nruleset \"b\" tier \"B\" otherwise\n"
                    "ruleset \"c\" tier \"C\" otherwise",
                    limits),
            "rules.txt: more than 2 rule sets at line 3, column 1");

  limits = RuleLimits();
  limits.max_rules = 2;
  EXPECT_EQ(
      ErrorOf("tier \"A\" otherwise\nruleset \"b\"\ntier \"B\" otherwise\ntier \"C\" otherwise",
              limits),
      "rules.txt: more than 2 rules at line 4, column 1");

  limits = RuleLimits();
  limits.max_list_items = 3;
  EXPECT_TRUE(Parse("tier \"A\" when x in (1, 2, 3)", limits).ok());
  EXPECT_EQ(ErrorOf("tier \"A\" when x in (1, 2, 3, 4)", limits),
            "rules.txt: more than 3 values in one 'in' list at line 1, column 30");
}

std::string Repeat(std::string_view piece, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

TEST(RuleParserLimits, NestingCountsParenthesesAndNot) {
  const std::string prefix = "tier \"A\" when ";  // 14 characters
  EXPECT_TRUE(Parse(prefix + Repeat("(", 64) + "x == 1" + Repeat(")", 64)).ok());
  EXPECT_TRUE(Parse(prefix + Repeat("not ", 64) + "x == 1").ok());
  EXPECT_TRUE(Parse(prefix + Repeat("not (", 32) + "x == 1" + Repeat(")", 32)).ok());
  // The 65th '(' is in column 15 + 64.
  EXPECT_EQ(ErrorOf(prefix + Repeat("(", 65) + "x == 1" + Repeat(")", 65)),
            "rules.txt: nesting deeper than 64 levels at line 1, column 79");
  // The 65th `not` is in column 15 + 64 * 4.
  EXPECT_EQ(ErrorOf(prefix + Repeat("not ", 65) + "x == 1"),
            "rules.txt: nesting deeper than 64 levels at line 1, column 271");
  // 32 of each and one more `not`: that `not` is in column 15 + 32 * 5 + 32 * 4.
  EXPECT_EQ(ErrorOf(prefix + Repeat("( not ", 32) + "not x == 1"),
            "rules.txt: nesting deeper than 64 levels at line 1, column 207");
}

TEST(RuleParserLimits, AMegabyteOfNestingIsAnErrorNotAStackOverflow) {
  const std::string prefix = "tier \"A\" when ";
  const size_t megabyte = size_t{1} << 20;
  const std::string parens = prefix + std::string(megabyte - prefix.size(), '(');
  ASSERT_EQ(parens.size(), megabyte);
  EXPECT_EQ(ErrorOf(parens), "rules.txt: nesting deeper than 64 levels at line 1, column 79");
  const std::string nots = prefix + Repeat("not ", (megabyte - prefix.size()) / 4);
  EXPECT_EQ(ErrorOf(nots), "rules.txt: nesting deeper than 64 levels at line 1, column 271");
  // However large the limit, the parser stops at kMaxSupportedNestingDepth.
  RuleLimits unlimited;
  unlimited.max_nesting_depth = INT_MAX;
  EXPECT_EQ(ErrorOf(parens, unlimited),
            "rules.txt: nesting deeper than 1000 levels at line 1, column 1015");
  EXPECT_EQ(ErrorOf(nots, unlimited),
            "rules.txt: nesting deeper than 1000 levels at line 1, column 4015");
}

constexpr char kFingerprintBase[] = "ruleset \"s\"\ntier \"A\" when x >= 1\ntier \"B\" otherwise\n";

std::string FingerprintOf(std::string_view text, size_t set = 0) {
  const RuleFile file = ParseOk(text);
  return set < file.sets().size() ? file.sets()[set].fingerprint : "";
}

TEST(RuleFingerprint, IsFnv1aOfTheCanonicalText) {
  const RuleFile file = ParseOk(kFingerprintBase);
  EXPECT_EQ(file.ast().sets[0].canonical,
            "ruleset \"s\" tier \"A\" when x >= 1 tier \"B\" otherwise");
  // FNV-1a 64 of that canonical text, from an independent Python
  // implementation checked against the published FNV test vectors
  // ("" -> cbf29ce484222325, "a" -> af63dc4c8601ec8c, "foobar" -> 85944171f73967e8).
  EXPECT_EQ(file.sets()[0].fingerprint, "4157fbff8bd65b77");
  EXPECT_EQ(FingerprintOf("tier \"A\" otherwise"), "86c4878399dd46ce");
}

TEST(RuleFingerprint, IgnoresCommentsSpacingKeywordCaseAndQuotes) {
  const std::string base = FingerprintOf(kFingerprintBase);
  EXPECT_EQ(FingerprintOf("# heading\nRULESET 's'   # the set\n\n  TIER 'A' WHEN x>=1\t"
                          "tier \"B\"\r\n OTHERWISE  # end"),
            base);
}

TEST(RuleFingerprint, ChangesWithAnyRuleEdit) {
  const std::vector<std::string> texts = {
      kFingerprintBase,
      "ruleset \"t\"\ntier \"A\" when x >= 1\ntier \"B\" otherwise\n",
      "ruleset \"s\"\ntier \"a\" when x >= 1\ntier \"B\" otherwise\n",
      "ruleset \"s\"\ntier \"A\" when x > 1\ntier \"B\" otherwise\n",
      "ruleset \"s\"\ntier \"A\" when x >= 2\ntier \"B\" otherwise\n",
      "ruleset \"s\"\ntier \"A\" when X >= 1\ntier \"B\" otherwise\n",
      "ruleset \"s\"\ntier \"A\" when x >= \"1\"\ntier \"B\" otherwise\n",
      "ruleset \"s\"\ntier \"A\" when not x >= 1\ntier \"B\" otherwise\n",
      "ruleset \"s\"\ntier \"A\" when x >= 1 demote after 2 periods\ntier \"B\" otherwise\n",
      "ruleset \"s\"\ndemote after 2 periods\ntier \"A\" when x >= 1\ntier \"B\" otherwise\n",
      "ruleset \"s\"\ntier \"B\" when x >= 1\ntier \"A\" otherwise\n",
      "ruleset \"s\"\ntier \"A\" when x >= 1\n",
  };
  std::vector<std::string> fingerprints;
  for (const std::string& text : texts) fingerprints.push_back(FingerprintOf(text));
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(fingerprints[i].size(), 16u);
    EXPECT_EQ(fingerprints[i].find_first_not_of("0123456789abcdef"), std::string::npos);
    for (size_t j = 0; j < i; ++j) {
      EXPECT_NE(fingerprints[i], fingerprints[j]) << texts[i] << "\nvs\n" << texts[j];
    }
  }
}

TEST(RuleFingerprint, BelongsToOneSet) {
  const std::string two_sets =
      "ruleset \"a\" tier \"A\" otherwise\nruleset \"b\" tier \"B\" otherwise";
  const std::string second_edited =
      "ruleset \"a\" tier \"A\" otherwise\nruleset \"b\" tier \"C\" otherwise";
  EXPECT_EQ(FingerprintOf(two_sets, 0), FingerprintOf(second_edited, 0));
  EXPECT_NE(FingerprintOf(two_sets, 1), FingerprintOf(second_edited, 1));
  EXPECT_EQ(FingerprintOf(two_sets, 0), FingerprintOf("ruleset \"a\" tier \"A\" otherwise"));
}

// The bounds of a `name between lo and hi` leaf.
struct Range {
  std::string name;
  int low = 0, high = 0;
};

std::vector<Range> RangesOf(const Expr& condition) {
  std::vector<Range> ranges;
  EXPECT_EQ(condition.kind, Expr::Kind::kAnd);
  for (const auto& child : condition.children) {
    EXPECT_EQ(child->kind, Expr::Kind::kBetween);
    if (child->values.size() != 2) continue;
    ranges.push_back({child->name, static_cast<int>(child->values[0].number),
                      static_cast<int>(child->values[1].number)});
  }
  return ranges;
}

RuleFile ParseBuiltin(std::string_view name) {
  absl::StatusOr<std::string_view> text = BuiltinRuleFile(name);
  EXPECT_TRUE(text.ok()) << text.status();
  if (!text.ok()) return RuleFile();
  absl::StatusOr<RuleFile> file = RuleFile::Parse(*text, name);
  EXPECT_TRUE(file.ok()) << file.status();
  return file.ok() ? *file : RuleFile();
}

TEST(BuiltinRuleFiles, RfmSegmentsFollowTheRfmSegmentTable) {
  EXPECT_EQ(BuiltinRuleFileNames(), std::vector<std::string>{"rfm_segments"});
  const RuleFile file = ParseBuiltin("rfm_segments");
  ASSERT_EQ(file.sets().size(), 1u);
  EXPECT_EQ(file.source_name(), "rfm_segments");
  const RuleFile::RuleSetInfo& set = file.sets()[0];
  EXPECT_EQ(set.name, "rfm_segment");
  const std::vector<RfmSegment>& segments = DefaultRfmSegments();
  ASSERT_EQ(set.rules.size(), segments.size() + 2);

  std::vector<std::string> expected_tiers;
  for (size_t s = 0; s < segments.size(); ++s) {
    const RfmSegment& segment = segments[s];
    expected_tiers.push_back(segment.name);
    EXPECT_EQ(set.rules[s].tier, segment.name);
    const std::vector<Range> ranges = RangesOf(Condition(file, 0, s));
    ASSERT_EQ(ranges.size(), 3u) << segment.name;
    EXPECT_EQ(ranges[0].name, "rfm.r");
    EXPECT_EQ(ranges[0].low, segment.r_min) << segment.name;
    EXPECT_EQ(ranges[0].high, segment.r_max) << segment.name;
    EXPECT_EQ(ranges[1].name, "rfm.f");
    EXPECT_EQ(ranges[1].low, segment.f_min) << segment.name;
    EXPECT_EQ(ranges[1].high, segment.f_max) << segment.name;
    EXPECT_EQ(ranges[2].name, "rfm.m");
    EXPECT_EQ(ranges[2].low, segment.m_min) << segment.name;
    EXPECT_EQ(ranges[2].high, segment.m_max) << segment.name;
  }

  // Then prospects, r = f = m = 0, ranked after every segment.
  const size_t prospect_rule = segments.size();
  EXPECT_EQ(set.rules[prospect_rule].tier, "Prospect");
  const Expr& prospect = Condition(file, 0, prospect_rule);
  ASSERT_EQ(prospect.kind, Expr::Kind::kAnd);
  ASSERT_EQ(prospect.children.size(), 3u);
  ExpectCompare(*prospect.children[0], "rfm.r", CompareOp::kEq, 0);
  ExpectCompare(*prospect.children[1], "rfm.f", CompareOp::kEq, 0);
  ExpectCompare(*prospect.children[2], "rfm.m", CompareOp::kEq, 0);
  expected_tiers.push_back("Prospect");
  EXPECT_EQ(set.rules.back().tier, "Others");
  EXPECT_TRUE(set.rules.back().otherwise);
  expected_tiers.push_back("Others");
  EXPECT_EQ(set.tiers, expected_tiers);
}

// Rows like "| 1 | Champions | 4–5 | 4–5 | 4–5 |" of the segment table in
// REFERENCE.md, taken from the R package's test-rfm-segment.R.
TEST(BuiltinRuleFiles, RfmSegmentsMatchTheReferenceTable) {
  TESSERA_SHARED_FILE(path, "REFERENCE.md");
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    size_t start = line.find('|');
    while (start != std::string::npos) {
      const size_t end = line.find('|', start + 1);
      if (end == std::string::npos) break;
      std::string cell = line.substr(start + 1, end - start - 1);
      cell.erase(0, cell.find_first_not_of(' '));
      cell.erase(cell.find_last_not_of(' ') + 1);
      cells.push_back(cell);
      start = end;
    }
    if (cells.size() == 5 && !cells[0].empty() && cells[0][0] >= '1' && cells[0][0] <= '9') {
      rows.push_back(cells);
    }
  }
  ASSERT_EQ(rows.size(), 10u);
  const RuleFile file = ParseBuiltin("rfm_segments");
  ASSERT_EQ(file.sets().size(), 1u);
  for (size_t s = 0; s < rows.size(); ++s) {
    EXPECT_EQ(file.sets()[0].rules[s].tier, rows[s][1]);
    const std::vector<Range> ranges = RangesOf(Condition(file, 0, s));
    ASSERT_EQ(ranges.size(), 3u);
    for (size_t d = 0; d < 3; ++d) {
      // "4–5": low digit, an en dash, high digit.
      const std::string& cell = rows[s][2 + d];
      EXPECT_EQ(ranges[d].low, cell.front() - '0') << rows[s][1];
      EXPECT_EQ(ranges[d].high, cell.back() - '0') << rows[s][1];
    }
  }
}

TEST(BuiltinRuleFiles, UnknownNameListsTheNames) {
  absl::StatusOr<std::string_view> text = BuiltinRuleFile("rfm");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(text.status().message(),
            "no built-in rule file named \"rfm\"; built-in rule files: rfm_segments");
}

}  // namespace
}  // namespace tessera
