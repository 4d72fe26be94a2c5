#include "rules/rule_reference.h"

#include <charconv>
#include <cmath>

namespace tessera {
namespace rules_internal {
namespace {

bool Compare(double x, CompareOp op, double y) {
  switch (op) {
    case CompareOp::kEq:
      return x == y;
    case CompareOp::kNe:
      return x != y;
    case CompareOp::kLt:
      return x < y;
    case CompareOp::kLe:
      return x <= y;
    case CompareOp::kGt:
      return x > y;
    case CompareOp::kGe:
      return x >= y;
  }
  return false;
}

Truth Of(bool value) { return value ? Truth::kTrue : Truth::kFalse; }

Truth Leaf(const BoundExpr& leaf, const ColumnData& column, size_t customer) {
  const bool categorical = column.codes != nullptr;
  const int32_t code = categorical ? column.codes[customer] : -1;
  const double value = categorical ? 0.0 : column.numeric[customer];
  const bool missing =
      categorical ? code < 0 || static_cast<size_t>(code) >= column.label_count : std::isnan(value);
  if (leaf.kind == Expr::Kind::kIsMissing) return Of(missing != leaf.negated);
  if (missing) return Truth::kUnknown;
  switch (leaf.kind) {
    case Expr::Kind::kCompare:
      if (categorical) {
        return Of((code == leaf.codes[0]) == (leaf.op == CompareOp::kEq));
      }
      return Of(Compare(value, leaf.op, leaf.numbers[0]));
    case Expr::Kind::kBetween:
      return Of(leaf.numbers[0] <= value && value <= leaf.numbers[1]);
    case Expr::Kind::kIn: {
      bool found = false;
      if (categorical) {
        for (int32_t listed : leaf.codes) found = found || listed == code;
      } else {
        for (double listed : leaf.numbers) found = found || listed == value;
      }
      return Of(found != leaf.negated);
    }
    default:
      return Truth::kUnknown;
  }
}

}  // namespace

Truth EvaluateReference(const BoundExpr& expr, const std::vector<ColumnData>& data,
                        size_t customer) {
  switch (expr.kind) {
    case Expr::Kind::kNot: {
      const Truth inner = EvaluateReference(expr.children[0], data, customer);
      if (inner == Truth::kUnknown) return Truth::kUnknown;
      return inner == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
    }
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr: {
      // `and`: any false decides; `or`: any true decides; else unknown wins
      // over the remaining value.
      const Truth decisive = expr.kind == Expr::Kind::kAnd ? Truth::kFalse : Truth::kTrue;
      Truth result = expr.kind == Expr::Kind::kAnd ? Truth::kTrue : Truth::kFalse;
      for (const BoundExpr& child : expr.children) {
        const Truth truth = EvaluateReference(child, data, customer);
        if (truth == decisive) return decisive;
        if (truth == Truth::kUnknown) result = Truth::kUnknown;
      }
      return result;
    }
    default:
      return Leaf(expr, data[static_cast<size_t>(expr.column)], customer);
  }
}

int FirstMatchingRule(const BoundRuleSet& set, const std::vector<ColumnData>& data,
                      size_t customer) {
  for (size_t r = 0; r < set.rules.size(); ++r) {
    const BoundRule& rule = set.rules[r];
    if (rule.condition == nullptr ||
        EvaluateReference(*rule.condition, data, customer) == Truth::kTrue) {
      return static_cast<int>(r);
    }
  }
  return -1;
}

std::string FormatValue(const BoundColumn& column, const ColumnData& data, size_t customer) {
  if (data.codes != nullptr) {
    const int32_t code = data.codes[customer];
    if (code < 0 || static_cast<size_t>(code) >= data.label_count ||
        static_cast<size_t>(code) >= column.labels.size()) {
      return "missing";
    }
    std::string quoted = "\"";
    for (char c : column.labels[static_cast<size_t>(code)]) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\"";
  }
  const double value = data.numeric[customer];
  if (std::isnan(value)) return "missing";
  // Twelve significant digits: a sum of cents reads 74.02, not the
  // 74.02000000000001 its binary value would print as in full.
  char buffer[64];
  const std::to_chars_result result = std::to_chars(
      buffer, buffer + sizeof(buffer), value, std::chars_format::general, 12);
  return std::string(buffer, result.ptr);
}

}  // namespace rules_internal
}  // namespace tessera
