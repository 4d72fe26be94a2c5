// FindShadowedRules on rule sets whose answers are worked out by hand in the
// comments. rule_coverage_brute_force_test.cpp checks random sets against
// an evaluation at sample points.
#include "rules/rule_coverage.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "rules/rule_ast.h"
#include "tessera/rules.h"

namespace tessera {
namespace {

using rules_internal::DomainLookup;
using rules_internal::FindShadowedRules;
using rules_internal::NameDomain;
using rules_internal::ShadowedRule;

// The names the rules below may read. "abc" and "abc.class" are two
// spellings of one column; "ghost" is unknown.
class Names {
 public:
  Names() {
    for (const char* name : {"x", "y", "rfm.r", "rfm.f", "rfm.m"}) Numeric(name);
    domains_["abc"] = {"score:abc.class", true, {"A", "B", "C"}};
    domains_["abc.class"] = domains_["abc"];
    domains_["grade"] = {"attr:grade", true, {"A", "B", "C"}};
  }
  void Numeric(const std::string& name) { domains_[name] = {"feature:" + name, false, {}}; }
  DomainLookup Lookup() const {
    return [this](const std::string& name) -> const NameDomain* {
      auto it = domains_.find(name);
      return it == domains_.end() ? nullptr : &it->second;
    };
  }

 private:
  std::map<std::string, NameDomain> domains_;
};

// One rule per condition, "otherwise" for an otherwise rule. Returns the
// report as "rule:covering,rules rule:..." (0-based), or the parse error.
std::string Check(const std::vector<std::string>& conditions, const Names& names = Names(),
                  size_t max_boxes = 100000) {
  std::string text;
  for (size_t i = 0; i < conditions.size(); ++i) {
    const bool otherwise = conditions[i] == "otherwise";
    absl::StrAppend(&text, "tier \"t", i, "\" ", otherwise ? "" : "when ", conditions[i], "\n");
  }
  absl::StatusOr<RuleFile> file = RuleFile::Parse(text);
  if (!file.ok()) return std::string(file.status().message());
  std::vector<std::string> parts;
  for (const ShadowedRule& found :
       FindShadowedRules(file->ast().sets[0], names.Lookup(), max_boxes)) {
    parts.push_back(absl::StrCat(found.rule, ":", absl::StrJoin(found.covered_by, ",")));
  }
  return absl::StrJoin(parts, " ");
}

// The R package rfm's segment table (data/REFERENCE.md, from the package's
// tests/testthat/test-rfm-segment.R), as the package applies it: first
// segment whose inclusive ranges hold R, F and M.
TEST(RuleCoverage, RfmSegmentTable) {
  const std::vector<std::string> table = {
      "rfm.r between 4 and 5 and rfm.f between 4 and 5 and rfm.m between 4 and 5",  // 0 Champions
      "rfm.r between 2 and 5 and rfm.f between 3 and 5 and rfm.m between 3 and 5",  // 1 Loyal
      "rfm.r between 3 and 5 and rfm.f between 1 and 3 and rfm.m between 1 and 3",  // 2 Potential
      "rfm.r between 4 and 5 and rfm.f between 1 and 1 and rfm.m between 1 and 1",  // 3 New
      "rfm.r between 3 and 4 and rfm.f between 1 and 1 and rfm.m between 1 and 1",  // 4 Promising
      "rfm.r between 2 and 3 and rfm.f between 2 and 3 and rfm.m between 2 and 3",  // 5 Attention
      "rfm.r between 2 and 3 and rfm.f between 1 and 2 and rfm.m between 1 and 2",  // 6 To Sleep
      "rfm.r between 1 and 2 and rfm.f between 2 and 5 and rfm.m between 2 and 5",  // 7 At Risk
      "rfm.r between 1 and 1 and rfm.f between 4 and 5 and rfm.m between 4 and 5",  // 8 Can't Lose
      "rfm.r between 1 and 2 and rfm.f between 1 and 2 and rfm.m between 1 and 2",  // 9 Lost
  };
  // By hand, box containment:
  //  8 Can't Lose (R 1, F 4-5, M 4-5) lies inside 7 At Risk (R 1-2, F 2-5,
  //    M 2-5), and no other earlier rule allows R = 1.
  //  3 New Customers (R 4-5, F 1, M 1) and 4 Promising (R 3-4, F 1, M 1)
  //    both lie inside 2 Potential Loyalist (R 3-5, F 1-3, M 1-3); 0 and 1
  //    need F >= 3, so only rule 2 touches them.
  // Every other rule has a customer of its own (R, F, M):
  //  1 at (2, 3, 3): 0 needs R >= 4.    5 at (2, 2, 2): 1 needs F >= 3, 2 R >= 3.
  //  6 at (2, 1, 1): 5 needs F >= 2.    7 at (1, 2, 2): no earlier rule has R < 2.
  //  9 at (1, 1, 1): 7 needs F >= 2, the others R >= 2.
  EXPECT_EQ(Check(table), "3:2 4:2 8:7");
}

TEST(RuleCoverage, CoveredByTwoRulesTogether) {
  // x > 1: the part below 5 is rule 0's, 5 and above rule 1's.
  EXPECT_EQ(Check({"x < 5", "x >= 5", "x > 1"}), "2:0,1");
  // Rule 0 alone takes all of x > 1; rule 1 then touches nothing left.
  EXPECT_EQ(Check({"x > 0", "x > 0", "x > 1"}), "1:0 2:0");
  // Neither rule takes y; x > 1 with y missing is rule 2's own.
  EXPECT_EQ(Check({"x < 5 and y > 0", "x >= 5", "x > 1"}), "");
}

TEST(RuleCoverage, Labels) {
  // != "B" is true on A (rule 0) and C (rule 1); missing is nobody's.
  EXPECT_EQ(Check({"abc in (\"A\", \"B\")", "abc == \"C\"", "abc != \"B\"", "abc is missing"}),
            "2:0,1");
  // Naming every label covers every present value, not a missing one.
  EXPECT_EQ(Check({"abc in (\"A\", \"B\", \"C\")", "abc is not missing", "abc not in (\"A\")",
                   "not (abc is not missing)"}),
            "1:0 2:0");
  // "Z" is no customer's label: == "Z" is never true, != "Z" is "present".
  EXPECT_EQ(Check({"abc is not missing", "abc == \"Z\"", "abc != \"Z\"", "abc in (\"Z\", \"A\")"}),
            "1: 2:0 3:0");
}

TEST(RuleCoverage, UnknownIsNotFalse) {
  // not (x > 5) is unknown, not true, when x is missing.
  EXPECT_EQ(Check({"not (x > 5)", "x is missing", "x <= 5"}), "2:0");
  EXPECT_EQ(Check({"x > 5 or x <= 5", "x is missing", "x == 2"}), "2:0");
  EXPECT_EQ(Check({"x <= 5 or x > 5 or x is missing", "x == 3", "x is missing",
                   "y > 1 and x is missing", "otherwise"}),
            "1:0 2:0 3:0 4:0");
  // not (x > 5 and y > 5) is x <= 5 or y <= 5. With y missing and x > 5 it
  // is not (unknown) = unknown, so rule 2 keeps those customers.
  EXPECT_EQ(Check({"not (x > 5 and y > 5)", "x <= 5", "y is missing and x > 5"}), "1:0");
  // not in is unknown on a missing value too; double negation changes nothing.
  EXPECT_EQ(Check({"x not in (1, 2)", "x in (1, 2)", "x == 7", "x is not missing", "x is missing",
                   "not (not (x == 1))"}),
            "2:0 3:0,1 5:1");
}

TEST(RuleCoverage, Otherwise) {
  // Everything after the first otherwise is its, whatever it reads.
  EXPECT_EQ(Check({"x > 1", "otherwise", "x < 0", "y is missing", "otherwise"}), "2:1 3:1 4:1");
  // An otherwise no customer reaches is itself shadowed.
  EXPECT_EQ(Check({"x <= 5 or x is missing", "x > 5", "otherwise"}), "2:0,1");
  EXPECT_EQ(Check({"x <= 5", "x > 5", "otherwise"}), "");
}

TEST(RuleCoverage, RulesThatCanNeverMatch) {
  // Empty on their own: reported with nothing covering them, even first.
  EXPECT_EQ(
      Check({"x > 5 and x < 3", "x between 2 and 4 and x between 5 and 6", "x == 1 and x != 1",
             "x is missing and x > 0", "x < 3 and not (x < 4)", "x > 3"}),
      "0: 1: 2: 3: 4:");
}

// The parser refuses `between 5 and 1`; a tree built otherwise gets the
// engine's reading, low <= x <= high, which no x meets.
TEST(RuleCoverage, ReversedBetweenFromAHandBuiltTree) {
  rules_internal::RuleSetAst set;
  for (double low : {5.0, 1.0}) {
    auto leaf = std::make_unique<rules_internal::Expr>();
    leaf->kind = rules_internal::Expr::Kind::kBetween;
    leaf->name = "x";
    leaf->values.resize(2);
    leaf->values[0].number = low;
    leaf->values[1].number = low == 5.0 ? 1.0 : 2.0;
    set.rules.emplace_back().condition = std::move(leaf);
  }
  const std::vector<ShadowedRule> found = FindShadowedRules(set, Names().Lookup());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, 0);
  EXPECT_TRUE(found[0].covered_by.empty());
}

TEST(RuleCoverage, UnknownNamesAreSkipped) {
  // Rule 0 would take everyone but reads "ghost": it covers nothing, and
  // rules reading "ghost" are never reported, even after otherwise.
  EXPECT_EQ(Check({"ghost > 1 or x <= 5 or x > 5 or x is missing", "x > 1", "ghost > 1",
                   "otherwise", "ghost < 0", "x > 2"}),
            "5:3");
  EXPECT_EQ(Check({"x > 1", "x > 2 and ghost == 1"}), "");
}

TEST(RuleCoverage, TwoSpellingsOfOneColumn) {
  EXPECT_EQ(Check({"abc in (\"A\", \"B\", \"C\")", "abc.class == \"A\""}), "1:0");
  // Same labels, another column: no cover.
  EXPECT_EQ(Check({"grade in (\"A\", \"B\", \"C\")", "abc.class == \"A\""}), "");
}

TEST(RuleCoverage, IntervalEnds) {
  EXPECT_EQ(Check({"x < 5", "x <= 5"}), "");  // x = 5 is rule 1's
  EXPECT_EQ(Check({"x <= 5", "x < 5"}), "1:0");
  EXPECT_EQ(Check({"x > 5", "x >= 5"}), "");
  EXPECT_EQ(Check({"x != 5", "x == 5", "x > 4"}), "2:0,1");
  // The line is real: 2.5 is left between the two ranges...
  EXPECT_EQ(Check({"rfm.r between 1 and 2", "rfm.r between 3 and 5", "rfm.r >= 1"}), "");
  // ...unless they share an end: [1,3] and [3,5] hold all of [1,5].
  EXPECT_EQ(Check({"x between 1 and 3", "x between 3 and 5", "x between 1 and 5"}), "2:0,1");
  // Open ends: (1,3) and (3,5) miss 3.
  EXPECT_EQ(Check({"x > 1 and x < 3", "x > 3 and x < 5", "x > 1 and x < 5"}), "");
}

TEST(RuleCoverage, ShapesTheEngineDoesNotEvaluateAreLeftOut) {
  // The binder rejects ordering a label and mixing numbers with labels;
  // here such rules are neither reported nor counted as covering.
  EXPECT_EQ(Check({"abc < \"B\"", "abc == \"A\"", "x == \"A\"", "abc == 3", "otherwise"}), "");
}

// (n1 > 0 or m1 > 0) and ... and (n60 > 0 or m60 > 0) is true on 2^60
// boxes; rule 0 covers it but the check must give it up, not run away.
TEST(RuleCoverage, GivesUpOnHostileRules) {
  Names names;
  std::vector<std::string> factors;
  std::vector<std::string> terms;
  for (int i = 1; i <= 60; ++i) {
    names.Numeric(absl::StrCat("n", i));
    names.Numeric(absl::StrCat("m", i));
    factors.push_back(absl::StrCat("(n", i, " > 0 or m", i, " > 0)"));
    terms.push_back(absl::StrCat("(n", i, " > 0 and m", i, " > 0)"));
  }
  const std::string everyone = "n1 <= 0 or n1 > 0 or n1 is missing";
  const std::string and_of_ors = absl::StrJoin(factors, " and ");
  const std::string not_or_of_ands = absl::StrCat("not (", absl::StrJoin(terms, " or "), ")");
  // Rule 3 is within bounds and still found after the two given up.
  EXPECT_EQ(Check({everyone, and_of_ors, not_or_of_ands, "n2 > 3"}, names), "3:0");

  // Nested: each level doubles the boxes, 59 parentheses deep.
  std::string nested = "n1 > 0";
  for (int i = 2; i <= 60; ++i) {
    nested = absl::StrCat("(", nested, " or n", i, " > 1) and (m", i, " > 0 or n", i, " < 0)");
  }
  EXPECT_EQ(Check({everyone, nested, "n3 > 3"}, names), "2:0");

  // Four factors make 16 boxes: found with room, given up with 10.
  const std::string four =
      "(n1 > 0 or m1 > 0) and (n2 > 0 or m2 > 0) and "
      "(n3 > 0 or m3 > 0) and (n4 > 0 or m4 > 0)";
  EXPECT_EQ(Check({everyone, four}, names), "1:0");
  EXPECT_EQ(Check({everyone, four}, names, 10), "");
}

TEST(RuleCoverage, EmptyAndOtherwiseOnlySets) {
  rules_internal::RuleSetAst empty;
  EXPECT_TRUE(FindShadowedRules(empty, Names().Lookup()).empty());
  EXPECT_EQ(Check({"otherwise"}), "");
  EXPECT_EQ(Check({"otherwise", "otherwise"}), "1:0");
}

}  // namespace
}  // namespace tessera
