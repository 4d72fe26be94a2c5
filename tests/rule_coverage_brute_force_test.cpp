// FindShadowedRules against brute force: random rule sets over x, y
// (numeric) and abc (labels A, B, C), evaluated in three-valued logic at
// sample points. The literals are 1, 2 and 3, and the samples are each
// literal, the midpoints between them, a value beyond each end and missing
// (and A, B, C, missing for abc): one point in every piece of the line the
// literals cut, so a rule with no sample point of its own has no customer
// of its own, and "shadowed" must agree with "no witness" both ways.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "rules/rule_ast.h"
#include "rules/rule_coverage.h"
#include "tessera/rules.h"

namespace tessera {
namespace {

using rules_internal::CompareOp;
using rules_internal::Expr;
using rules_internal::NameDomain;
using rules_internal::ShadowedRule;

enum class Truth { kFalse, kUnknown, kTrue };

Truth Of(bool value) { return value ? Truth::kTrue : Truth::kFalse; }
Truth Not(Truth t) {
  return t == Truth::kUnknown ? t : (t == Truth::kTrue ? Truth::kFalse : Truth::kTrue);
}

struct Point {
  double x = 0;
  double y = 0;
  std::string abc;  // "" = missing
};

// The engine's semantics as include/tessera/rules.h states them, written
// out plainly: a test on a missing value is unknown, except `is missing`.
Truth Evaluate(const Expr& expr, const Point& point) {
  switch (expr.kind) {
    case Expr::Kind::kNot:
      return Not(Evaluate(*expr.children[0], point));
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr: {
      const bool is_and = expr.kind == Expr::Kind::kAnd;
      const Truth decisive = is_and ? Truth::kFalse : Truth::kTrue;
      bool unknown = false;
      for (const auto& child : expr.children) {
        const Truth t = Evaluate(*child, point);
        if (t == decisive) return decisive;
        unknown = unknown || t == Truth::kUnknown;
      }
      return unknown ? Truth::kUnknown : Not(decisive);
    }
    default:
      break;
  }
  const bool categorical = expr.name == "abc";
  const double number = expr.name == "x" ? point.x : point.y;
  const bool missing = categorical ? point.abc.empty() : std::isnan(number);
  if (expr.kind == Expr::Kind::kIsMissing) return Of(missing != expr.negated);
  if (missing) return Truth::kUnknown;
  auto equals = [&](const rules_internal::Literal& literal) {
    return categorical ? point.abc == literal.text : number == literal.number;
  };
  if (expr.kind == Expr::Kind::kIn) {
    const bool listed = std::any_of(expr.values.begin(), expr.values.end(), equals);
    return Of(listed != expr.negated);
  }
  if (expr.kind == Expr::Kind::kBetween) {
    return Of(expr.values[0].number <= number && number <= expr.values[1].number);
  }
  const double value = expr.values[0].number;
  switch (expr.op) {
    case CompareOp::kEq:
      return Of(equals(expr.values[0]));
    case CompareOp::kNe:
      return Of(!equals(expr.values[0]));
    case CompareOp::kLt:
      return Of(number < value);
    case CompareOp::kLe:
      return Of(number <= value);
    case CompareOp::kGt:
      return Of(number > value);
    case CompareOp::kGe:
      return Of(number >= value);
  }
  return Truth::kUnknown;
}

class RandomRules {
 public:
  explicit RandomRules(uint32_t seed) : rng_(seed) {}

  std::string RuleSet() {
    names_ = {"x", "y", "abc"};
    if (Below(3) > 0) names_.erase(names_.begin() + static_cast<long>(Below(3)));
    std::string text;
    const int rules = 2 + static_cast<int>(Below(5));
    for (int r = 0; r < rules; ++r) {
      absl::StrAppend(&text, "tier \"t", r, "\" ");
      absl::StrAppend(&text, Below(12) == 0 ? "otherwise" : "when " + Condition(3), "\n");
    }
    return text;
  }

 private:
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(rng_() % n); }
  std::string Number() { return absl::StrCat(1 + Below(3)); }
  std::string Label() { return absl::StrCat("\"", std::string(1, "ABCZ"[Below(4)]), "\""); }

  std::string Condition(int depth) {
    const uint32_t shape = depth == 0 ? 0 : Below(6);
    if (shape <= 2) return Leaf();
    if (shape == 3) return absl::StrCat("not (", Condition(depth - 1), ")");
    std::vector<std::string> parts;
    for (uint32_t i = 0, n = 2 + Below(2); i < n; ++i) {
      parts.push_back(absl::StrCat("(", Condition(depth - 1), ")"));
    }
    return absl::StrJoin(parts, shape == 4 ? " and " : " or ");
  }

  std::string Leaf() {
    const std::string name = names_[Below(static_cast<uint32_t>(names_.size()))];
    const bool categorical = name == "abc";
    auto literal = [&] { return categorical ? Label() : Number(); };
    switch (Below(5)) {
      case 0:
        return absl::StrCat(name, Below(2) ? " is missing" : " is not missing");
      case 1: {
        std::vector<std::string> list;
        for (uint32_t i = 0, n = 1 + Below(3); i < n; ++i) list.push_back(literal());
        return absl::StrCat(name, Below(2) ? " in (" : " not in (", absl::StrJoin(list, ", "), ")");
      }
      case 2:
        if (!categorical) {
          const uint32_t low = 1 + Below(3);
          return absl::StrCat(name, " between ", low, " and ", low + Below(4 - low));
        }
        [[fallthrough]];
      default: {
        static const char* const kOps[] = {"==", "!=", "<", "<=", ">", ">="};
        const char* op = kOps[Below(categorical ? 2 : 6)];
        return absl::StrCat(name, " ", op, " ", literal());
      }
    }
  }

  std::mt19937 rng_;
  std::vector<std::string> names_;
};

std::vector<Point> SamplePoints() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> numbers = {0.5, 1, 1.5, 2, 2.5, 3, 3.5, nan};
  std::vector<Point> points;
  for (double x : numbers) {
    for (double y : numbers) {
      for (const char* abc : {"A", "B", "C", ""}) points.push_back({x, y, abc});
    }
  }
  return points;
}

TEST(RuleCoverageBruteForce, AgreesWithSamplePointsOnRandomRuleSets) {
  std::map<std::string, NameDomain> domains = {
      {"x", {"feature:x", false, {}}},
      {"y", {"feature:y", false, {}}},
      {"abc", {"score:abc.class", true, {"A", "B", "C"}}},
  };
  const auto lookup = [&](const std::string& name) -> const NameDomain* {
    auto it = domains.find(name);
    return it == domains.end() ? nullptr : &it->second;
  };
  const std::vector<Point> points = SamplePoints();
  RandomRules random(20240611);
  int shadowed_count = 0;
  int open_count = 0;
  int tight_budget_misses = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const std::string text = random.RuleSet();
    SCOPED_TRACE(text);
    absl::StatusOr<RuleFile> file = RuleFile::Parse(text);
    ASSERT_TRUE(file.ok()) << file.status();
    const rules_internal::RuleSetAst& set = file->ast().sets[0];
    const size_t rule_count = set.rules.size();
    // truth[r][p]: is rule r's condition true at point p?
    std::vector<std::vector<bool>> truth(rule_count);
    int first_otherwise = -1;
    for (size_t r = 0; r < rule_count; ++r) {
      const Expr* condition = set.rules[r].condition.get();
      if (condition == nullptr && first_otherwise < 0) first_otherwise = static_cast<int>(r);
      for (const Point& point : points) {
        truth[r].push_back(condition == nullptr || Evaluate(*condition, point) == Truth::kTrue);
      }
    }
    std::map<int, std::vector<int>> reported;
    for (const ShadowedRule& found : rules_internal::FindShadowedRules(set, lookup)) {
      reported[found.rule] = found.covered_by;
    }
    // With little room the check gives up on some rules, and those cover
    // nothing; what it still reports must be true.
    int given_up = static_cast<int>(reported.size());
    for (const ShadowedRule& found : rules_internal::FindShadowedRules(set, lookup, 40)) {
      EXPECT_EQ(reported.count(found.rule), 1u) << "reported with max_boxes = 40: " << found.rule;
      --given_up;
    }
    tight_budget_misses += given_up;
    for (size_t j = 0; j < rule_count; ++j) {
      SCOPED_TRACE(absl::StrCat("rule ", j));
      bool ever_true = false;
      bool witness = false;  // true at some point where no earlier rule is
      for (size_t p = 0; p < points.size(); ++p) {
        if (!truth[j][p]) continue;
        ever_true = true;
        bool earlier = false;
        for (size_t i = 0; i < j; ++i) earlier = earlier || truth[i][p];
        witness = witness || !earlier;
      }
      const auto it = reported.find(static_cast<int>(j));
      ASSERT_EQ(it != reported.end(), !witness);
      if (witness) {
        ++open_count;
        continue;
      }
      ++shadowed_count;
      const std::vector<int>& by = it->second;
      if (first_otherwise >= 0 && static_cast<int>(j) > first_otherwise) {
        EXPECT_EQ(by, std::vector<int>{first_otherwise});
        continue;
      }
      EXPECT_EQ(by.empty(), !ever_true);
      EXPECT_TRUE(std::is_sorted(by.begin(), by.end()));
      for (size_t p = 0; p < points.size(); ++p) {
        bool taken = false;
        for (int i : by) {
          ASSERT_GE(i, 0);
          ASSERT_LT(i, static_cast<int>(j));
          taken = taken || truth[static_cast<size_t>(i)][p];
        }
        EXPECT_TRUE(taken || !truth[j][p]) << "the covering rules miss point " << p;
      }
      for (int i : by) {
        bool meets = false;
        for (size_t p = 0; p < points.size(); ++p) {
          meets = meets || (truth[j][p] && truth[static_cast<size_t>(i)][p]);
        }
        EXPECT_TRUE(meets) << "rule " << i << " is listed but shares no customer";
      }
    }
  }
  // Both verdicts must be well represented for the comparison to mean much.
  EXPECT_GT(shadowed_count, 500);
  EXPECT_GT(open_count, 500);
  EXPECT_GT(tight_budget_misses, 100);
}

}  // namespace
}  // namespace tessera
