// Random rule sets over random columns with missing values, rendered as text,
// parsed, and applied by the compiled engine; every customer's rule must be
// the one a small evaluator written here, straight from the semantics in
// rules.h, picks. Seeds are fixed, so a failure names a seed to replay.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tessera/dataset.h"
#include "tessera/features.h"
#include "tessera/rules.h"
#include "tessera/scores.h"

namespace tessera {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Values the columns take, so that literals drawn from them hit exactly.
constexpr double kPool[] = {-2, -1, 0, 0.5, 1, 2, 3.25, 10, 1e6};
const char* const kLabels[] = {"a", "b", "c", "d", "e"};

// SplitMix64: fixed output for a fixed seed on every platform.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }

 private:
  uint64_t state_;
};

// A column as this test sees it: numbers (NaN = missing) or labels ("" =
// missing).
struct TestColumn {
  std::string name;
  bool categorical = false;
  std::vector<double> numbers;
  std::vector<std::string> labels;     // categorical: per customer
  std::vector<std::string> label_set;  // the labels a literal may name
};

enum class Truth { kFalse, kTrue, kUnknown };

struct Condition {
  enum class Kind { kCompare, kIn, kBetween, kMissing, kAnd, kOr, kNot };
  Kind kind = Kind::kCompare;
  size_t column = 0;
  std::string op;  // kCompare
  bool negated = false;
  std::vector<double> numbers;
  std::vector<std::string> labels;
  std::vector<Condition> children;
};

// Shortest round-trip text, so the parsed literal is the very same double.
std::string NumberText(double value) {
  char buffer[64];
  return std::string(buffer, std::to_chars(buffer, buffer + sizeof(buffer), value).ptr);
}

std::string Render(const Condition& c, const std::vector<TestColumn>& columns) {
  auto nested = [&](const Condition& child) {
    const bool leaf = child.kind != Condition::Kind::kAnd && child.kind != Condition::Kind::kOr;
    return leaf ? Render(child, columns) : absl::StrCat("(", Render(child, columns), ")");
  };
  const TestColumn& column = columns[c.column];
  auto literal = [&](size_t i) {
    return column.categorical ? absl::StrCat("\"", c.labels[i], "\"") : NumberText(c.numbers[i]);
  };
  const size_t count = column.categorical ? c.labels.size() : c.numbers.size();
  switch (c.kind) {
    case Condition::Kind::kCompare:
      return absl::StrCat(column.name, " ", c.op, " ", literal(0));
    case Condition::Kind::kIn: {
      std::string text = absl::StrCat(column.name, c.negated ? " not in (" : " in (");
      for (size_t i = 0; i < count; ++i) absl::StrAppend(&text, i ? ", " : "", literal(i));
      return text + ")";
    }
    case Condition::Kind::kBetween:
      return absl::StrCat(column.name, " between ", literal(0), " and ", literal(1));
    case Condition::Kind::kMissing:
      return absl::StrCat(column.name, c.negated ? " is not missing" : " is missing");
    case Condition::Kind::kNot:
      return absl::StrCat("not ", nested(c.children[0]));
    case Condition::Kind::kAnd:
    case Condition::Kind::kOr: {
      std::string text;
      for (size_t i = 0; i < c.children.size(); ++i) {
        absl::StrAppend(&text, i ? (c.kind == Condition::Kind::kAnd ? " and " : " or ") : "",
                        nested(c.children[i]));
      }
      return text;
    }
  }
  return "";
}

Truth Of(bool value) { return value ? Truth::kTrue : Truth::kFalse; }

// Straight from rules.h: a comparison on a missing value is unknown, `is
// missing` never is, and / or / not follow SQL's three-valued logic.
Truth Evaluate(const Condition& c, const std::vector<TestColumn>& columns, size_t customer) {
  switch (c.kind) {
    case Condition::Kind::kNot: {
      const Truth t = Evaluate(c.children[0], columns, customer);
      return t == Truth::kUnknown ? t : Of(t == Truth::kFalse);
    }
    case Condition::Kind::kAnd: {
      bool unknown = false;
      for (const Condition& child : c.children) {
        const Truth t = Evaluate(child, columns, customer);
        if (t == Truth::kFalse) return Truth::kFalse;
        unknown = unknown || t == Truth::kUnknown;
      }
      return unknown ? Truth::kUnknown : Truth::kTrue;
    }
    case Condition::Kind::kOr: {
      bool unknown = false;
      for (const Condition& child : c.children) {
        const Truth t = Evaluate(child, columns, customer);
        if (t == Truth::kTrue) return Truth::kTrue;
        unknown = unknown || t == Truth::kUnknown;
      }
      return unknown ? Truth::kUnknown : Truth::kFalse;
    }
    default:
      break;
  }
  const TestColumn& column = columns[c.column];
  const bool missing = column.categorical ? column.labels[customer].empty()
                                          : std::isnan(column.numbers[customer]);
  if (c.kind == Condition::Kind::kMissing) return Of(missing != c.negated);
  if (missing) return Truth::kUnknown;
  if (column.categorical) {
    const std::string& value = column.labels[customer];
    bool listed = false;
    for (const std::string& label : c.labels) listed = listed || label == value;
    if (c.kind == Condition::Kind::kCompare) return Of(listed == (c.op == "=="));
    return Of(listed != c.negated);
  }
  const double x = column.numbers[customer];
  if (c.kind == Condition::Kind::kBetween) return Of(c.numbers[0] <= x && x <= c.numbers[1]);
  if (c.kind == Condition::Kind::kIn) {
    bool listed = false;
    for (double n : c.numbers) listed = listed || n == x;
    return Of(listed != c.negated);
  }
  const double y = c.numbers[0];
  if (c.op == "==") return Of(x == y);
  if (c.op == "!=") return Of(x != y);
  if (c.op == "<") return Of(x < y);
  if (c.op == "<=") return Of(x <= y);
  if (c.op == ">") return Of(x > y);
  return Of(x >= y);
}

double NearDataNumber(Random& random) {
  const double base = kPool[random.Below(std::size(kPool))];
  if (random.Chance(60)) return base;
  return random.Chance(50) ? base + 0.25 : base - 0.25;
}

Condition RandomCondition(Random& random, const std::vector<TestColumn>& columns, int depth) {
  Condition c;
  if (depth > 0 && random.Chance(45)) {
    const size_t pick = random.Below(3);
    c.kind = pick == 0 ? Condition::Kind::kAnd : pick == 1 ? Condition::Kind::kOr
                                                           : Condition::Kind::kNot;
    const size_t children = c.kind == Condition::Kind::kNot ? 1 : 2 + random.Below(2);
    for (size_t i = 0; i < children; ++i) {
      c.children.push_back(RandomCondition(random, columns, depth - 1));
    }
    return c;
  }
  c.column = random.Below(columns.size());
  const TestColumn& column = columns[c.column];
  const size_t shape = random.Below(10);
  auto add_literal = [&]() {
    if (column.categorical) {
      c.labels.push_back(column.label_set[random.Below(column.label_set.size())]);
    } else {
      c.numbers.push_back(NearDataNumber(random));
    }
  };
  if (shape < 4) {
    static const char* const kNumericOps[] = {"==", "!=", "<", "<=", ">", ">="};
    c.op = column.categorical ? (random.Chance(50) ? "==" : "!=") : kNumericOps[random.Below(6)];
    add_literal();
  } else if (shape < 7) {
    c.kind = Condition::Kind::kIn;
    c.negated = random.Chance(40);
    for (size_t i = 0, n = 1 + random.Below(column.categorical ? 3 : 12); i < n; ++i) {
      add_literal();
    }
  } else if (shape < 9 && !column.categorical) {
    c.kind = Condition::Kind::kBetween;
    add_literal();
    add_literal();
    if (c.numbers[0] > c.numbers[1]) std::swap(c.numbers[0], c.numbers[1]);
  } else {
    c.kind = Condition::Kind::kMissing;
    c.negated = random.Chance(50);
  }
  return c;
}

struct Scenario {
  std::vector<TestColumn> columns;
  std::vector<std::string> key_text;
  std::vector<std::string_view> keys;
  std::vector<std::vector<std::string_view>> attribute_views;
  Dataset dataset;
  std::unique_ptr<FeatureTable> features;
  std::unique_ptr<ScoreTable> scores;
};

// Numeric features "n<i>", categorical scores "s<i>.class", and one host
// attribute "kind", all with missing values here and there.
void MakeScenario(Random& random, size_t customers, Scenario& s) {
  s.key_text.resize(customers);
  s.keys.resize(customers);
  for (size_t c = 0; c < customers; ++c) {
    s.key_text[c] = absl::StrCat("k", c);
    s.keys[c] = s.key_text[c];
  }
  const size_t numeric = 1 + random.Below(3), categorical = 1 + random.Below(2);
  for (size_t i = 0; i < numeric + categorical + 1; ++i) {
    TestColumn column;
    column.categorical = i >= numeric;
    column.name = !column.categorical ? absl::StrCat("n", i)
                  : i < numeric + categorical ? absl::StrCat("s", i, ".class")
                                              : "kind";
    const int missing_percent = static_cast<int>(random.Below(30));
    const size_t label_count = 1 + random.Below(std::size(kLabels));
    for (size_t l = 0; l < label_count; ++l) column.label_set.push_back(kLabels[l]);
    for (size_t c = 0; c < customers; ++c) {
      const bool missing = random.Chance(missing_percent);
      if (column.categorical) {
        column.labels.push_back(missing ? "" : column.label_set[random.Below(label_count)]);
      } else {
        column.numbers.push_back(missing ? kNaN : kPool[random.Below(std::size(kPool))]);
      }
    }
    s.columns.push_back(std::move(column));
  }
  s.features = std::make_unique<FeatureTable>(customers);
  s.scores = std::make_unique<ScoreTable>(customers);
  CustomerColumns table;
  table.string_keys = s.keys;
  for (const TestColumn& column : s.columns) {
    if (!column.categorical) {
      s.features->Add(column.name, "") = column.numbers;
    } else if (column.name == "kind") {
      std::vector<std::string_view>& view = s.attribute_views.emplace_back();
      for (const std::string& label : column.labels) view.push_back(label);
      table.categorical.push_back({"kind", view});
    } else {
      std::vector<int32_t> codes;
      for (const std::string& label : column.labels) {
        int32_t code = -1;
        for (size_t l = 0; l < column.label_set.size(); ++l) {
          if (column.label_set[l] == label) code = static_cast<int32_t>(l);
        }
        codes.push_back(code);
      }
      s.scores->AddCategorical(column.name, column.label_set) = std::move(codes);
    }
  }
  absl::StatusOr<Dataset> dataset = BuildDataset(table, TransactionColumns{});
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  s.dataset = *std::move(dataset);
}

void CheckSeed(uint64_t seed) {
  Random random(seed);
  // Mostly small sets, sometimes several 4096-customer blocks on 3 threads.
  const size_t customers = seed % 25 == 0 ? 30000 + random.Below(20000) : 1 + random.Below(700);
  Scenario s;
  MakeScenario(random, customers, s);
  if (::testing::Test::HasFatalFailure()) return;
  std::vector<Condition> rules;
  std::string text;
  for (size_t r = 0, n = 1 + random.Below(6); r < n; ++r) {
    rules.push_back(RandomCondition(random, s.columns, static_cast<int>(random.Below(5))));
    absl::StrAppend(&text, "tier \"T", r, "\" when ", Render(rules.back(), s.columns), "\n");
  }
  const bool otherwise = random.Chance(50);
  if (otherwise) absl::StrAppend(&text, "tier \"Rest\" otherwise\n");
  SCOPED_TRACE(absl::StrCat("seed ", seed, ", ", customers, " customers, rules:\n", text));

  absl::StatusOr<RuleFile> file = RuleFile::Parse(text, "random.rules");
  ASSERT_TRUE(file.ok()) << file.status();
  std::vector<RuleWarning> warnings;
  RuleOptions options;
  options.num_threads = 1 + static_cast<int>(random.Below(3));
  absl::Status status = ApplyRules(*file, RuleInputs{s.dataset, *s.features}, *s.scores,
                                   warnings, options);
  ASSERT_TRUE(status.ok()) << status;
  const ScoreColumn* rule = s.scores->Find("tier.rule");
  const ScoreColumn* tier = s.scores->Find("tier");
  ASSERT_TRUE(rule != nullptr && tier != nullptr);
  for (size_t c = 0; c < customers; ++c) {
    size_t expected = 0;
    for (size_t r = 0; r < rules.size() && expected == 0; ++r) {
      if (Evaluate(rules[r], s.columns, c) == Truth::kTrue) expected = r + 1;
    }
    if (expected == 0 && otherwise) expected = rules.size() + 1;
    const std::string expected_tier = expected == 0                  ? "unassigned"
                                      : expected == rules.size() + 1 ? "Rest"
                                                                     : absl::StrCat("T", expected - 1);
    ASSERT_EQ(rule->numeric[c], static_cast<double>(expected)) << "customer " << c;
    ASSERT_EQ(tier->labels[static_cast<size_t>(tier->codes[c])], expected_tier)
        << "customer " << c;
    // ExplainTier evaluates one customer the plain way; it must agree too.
    if (c % 97 == 0) {
      absl::StatusOr<std::string> why = ExplainTier(
          *file, "tier", RuleInputs{s.dataset, *s.features}, *s.scores, static_cast<uint32_t>(c));
      ASSERT_TRUE(why.ok()) << why.status();
      const std::string first_line =
          expected == 0 ? absl::StrCat("k", c, ": tier \"unassigned\": no rule matched")
                        : absl::StrCat("k", c, ": tier \"", expected_tier, "\" by rule ",
                                       expected, " (line ", expected, ")");
      ASSERT_EQ(why->substr(0, why->find('\n')), first_line);
    }
  }
}

TEST(RuleProperty, CompiledEvaluationAgreesWithTheSemantics) {
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    CheckSeed(seed);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace tessera
