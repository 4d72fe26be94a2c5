#include "rules/rule_program.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "rules/rule_kernels.h"

namespace tessera {
namespace rules_internal {
namespace {

using Op = ProgramNode::Op;
using kernels::kMaxListCodes;

absl::Status WrongSize(const char* what, const std::string& name, size_t size, size_t customers) {
  return absl::InvalidArgumentError(
      absl::StrCat(what, " '", name, "' has ", size, " values for ", customers, " customers"));
}

absl::StatusOr<ColumnData> ScoreData(const BoundColumn& column, const ScoreTable& scores,
                                     const ScoreTable* produced, size_t customers) {
  const ScoreColumn* score = scores.Find(column.name);
  if (score == nullptr && produced != nullptr) score = produced->Find(column.name);
  if (score == nullptr) {
    return absl::InternalError(absl::StrCat("score column '", column.name, "' disappeared"));
  }
  const bool categorical = score->kind == ScoreColumn::Kind::kCategorical;
  if (categorical != column.categorical) {
    return absl::InternalError(absl::StrCat("score column '", column.name, "' changed kind"));
  }
  ColumnData data;
  if (categorical) {
    if (score->codes.size() != customers) {
      return WrongSize("score column", column.name, score->codes.size(), customers);
    }
    data.codes = score->codes.data();
    data.label_count = score->labels.size();
  } else {
    if (score->numeric.size() != customers) {
      return WrongSize("score column", column.name, score->numeric.size(), customers);
    }
    data.numeric = score->numeric.data();
  }
  return data;
}

absl::StatusOr<ColumnData> AttributeData(const BoundColumn& column, const CustomerTable& table,
                                         size_t customers) {
  ColumnData data;
  if (column.categorical) {
    for (const CategoricalAttribute& attribute : table.categorical) {
      if (attribute.name != column.name) continue;
      if (attribute.codes.size() != customers) {
        return WrongSize("attribute", column.name, attribute.codes.size(), customers);
      }
      data.codes = attribute.codes.data();
      data.label_count = attribute.labels.size();
      return data;
    }
  } else {
    for (const NumericAttribute& attribute : table.numeric) {
      if (attribute.name != column.name) continue;
      if (attribute.values.size() != customers) {
        return WrongSize("attribute", column.name, attribute.values.size(), customers);
      }
      data.numeric = attribute.values.data();
      return data;
    }
  }
  return absl::InternalError(absl::StrCat("attribute '", column.name, "' disappeared"));
}

Op Direct(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return Op::kEqual;
    case CompareOp::kNe:
      return Op::kNotEqual;
    case CompareOp::kLt:
      return Op::kLess;
    case CompareOp::kLe:
      return Op::kLessEqual;
    case CompareOp::kGt:
      return Op::kGreater;
    case CompareOp::kGe:
      return Op::kGreaterEqual;
  }
  return Op::kEqual;
}

// The test that is true exactly where `op` is false, on present values.
Op Complement(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return Op::kNotEqual;
    case CompareOp::kNe:
      return Op::kEqual;
    case CompareOp::kLt:
      return Op::kGreaterEqual;
    case CompareOp::kLe:
      return Op::kGreater;
    case CompareOp::kGt:
      return Op::kLessEqual;
    case CompareOp::kGe:
      return Op::kLess;
  }
  return Op::kEqual;
}

class Compiler {
 public:
  Compiler(const std::vector<ColumnData>& data, RuleSetProgram& program)
      : data_(data), program_(program) {}

  // Returns the node computing `expr` (or `not expr` when `negate`), and
  // raises program.depth to the and/or levels below it.
  uint32_t Compile(const BoundExpr& expr, bool negate, int level) {
    program_.depth = std::max(program_.depth, level);
    switch (expr.kind) {
      case Expr::Kind::kNot:
        return Compile(expr.children[0], !negate, level);
      case Expr::Kind::kAnd:
      case Expr::Kind::kOr: {
        // De Morgan holds in Kleene logic, so `not (a and b)` is
        // `not a or not b` with no third "unknown" mask to carry.
        ProgramNode node;
        node.op = (expr.kind == Expr::Kind::kAnd) != negate ? Op::kAnd : Op::kOr;
        std::vector<uint32_t> children;
        for (const BoundExpr& child : expr.children) {
          children.push_back(Compile(child, negate, level + 1));
        }
        node.first = static_cast<uint32_t>(program_.children.size());
        node.count = static_cast<uint32_t>(children.size());
        program_.children.insert(program_.children.end(), children.begin(), children.end());
        return Add(node);
      }
      default:
        return CompileLeaf(expr, negate);
    }
  }

 private:
  uint32_t Add(const ProgramNode& node) {
    program_.nodes.push_back(node);
    return static_cast<uint32_t>(program_.nodes.size() - 1);
  }

  uint32_t CompileLeaf(const BoundExpr& leaf, bool negate) {
    const ColumnData& column = data_[static_cast<size_t>(leaf.column)];
    if (column.codes != nullptr) return CompileLabelLeaf(leaf, negate, column);
    ProgramNode node;
    node.values = column.numeric;
    switch (leaf.kind) {
      case Expr::Kind::kIsMissing:
        node.op = leaf.negated != negate ? Op::kPresent : Op::kMissing;
        break;
      case Expr::Kind::kCompare:
        node.op = negate ? Complement(leaf.op) : Direct(leaf.op);
        node.low = leaf.numbers[0];
        break;
      case Expr::Kind::kBetween:
        node.op = negate ? Op::kOutside : Op::kBetween;
        node.low = leaf.numbers[0];
        node.high = leaf.numbers[1];
        break;
      default: {  // kIn
        node.op = leaf.negated != negate ? Op::kNotIn : Op::kIn;
        std::vector<double> list;
        for (double number : leaf.numbers) {
          if (!std::isnan(number)) list.push_back(number);
        }
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
        node.first = static_cast<uint32_t>(program_.constants.size());
        node.count = static_cast<uint32_t>(list.size());
        program_.constants.insert(program_.constants.end(), list.begin(), list.end());
        break;
      }
    }
    return Add(node);
  }

  // A label test of any shape is one lookup: entry 0 answers for a missing
  // value, entry 1 + c for code c.
  uint32_t CompileLabelLeaf(const BoundExpr& leaf, bool negate, const ColumnData& column) {
    std::vector<uint8_t> table(column.label_count + 1, 0);
    if (leaf.kind == Expr::Kind::kIsMissing) {
      const bool missing = leaf.negated == negate;
      std::fill(table.begin(), table.end(), missing ? 0 : 1);
      table[0] = missing ? 1 : 0;
    } else {
      for (int32_t code : leaf.codes) {
        if (code >= 0 && static_cast<size_t>(code) < column.label_count) {
          table[static_cast<size_t>(code) + 1] = 1;
        }
      }
      // `!=` and `not in` hold for a present value that is none of the listed.
      const bool listed_false = (leaf.kind == Expr::Kind::kCompare && leaf.op == CompareOp::kNe) ||
                                (leaf.kind == Expr::Kind::kIn && leaf.negated);
      if (listed_false != negate) {
        for (size_t i = 1; i < table.size(); ++i) table[i] ^= 1;
      }
    }
    ProgramNode node;
    node.op = Op::kLabel;
    node.codes = column.codes;
    node.first = static_cast<uint32_t>(program_.tables.size());
    node.count = static_cast<uint32_t>(column.label_count);
    program_.tables.insert(program_.tables.end(), table.begin(), table.end());
    // A few equality tests beat a table lookup, which cannot be vectorised.
    std::vector<int32_t> trues, falses;
    for (size_t code = 0; code < column.label_count; ++code) {
      (table[code + 1] ? trues : falses).push_back(static_cast<int32_t>(code));
    }
    const size_t shorter = std::min(trues.size(), falses.size());
    if (table[0] == 0 && shorter >= 1 && shorter <= size_t{kMaxListCodes}) {
      node.use_list = true;
      node.list_wanted = trues.size() <= size_t{kMaxListCodes};
      const std::vector<int32_t>& list = node.list_wanted ? trues : falses;
      node.list_first = static_cast<uint32_t>(program_.label_codes.size());
      node.list_count = static_cast<uint32_t>(list.size());
      program_.label_codes.insert(program_.label_codes.end(), list.begin(), list.end());
    }
    return Add(node);
  }

  const std::vector<ColumnData>& data_;
  RuleSetProgram& program_;
};

}  // namespace

absl::StatusOr<std::vector<ColumnData>> ResolveColumns(const BoundRuleSet& set,
                                                       const RuleInputs& inputs,
                                                       const ScoreTable& scores,
                                                       const ScoreTable* produced) {
  const size_t customers = inputs.dataset.customer_count();
  std::vector<ColumnData> data;
  for (const BoundColumn& column : set.columns) {
    absl::StatusOr<ColumnData> found;
    switch (column.source) {
      case BoundColumn::Source::kFeature: {
        const std::vector<double>* values = inputs.features.Find(column.name);
        if (values == nullptr) return absl::InternalError("a feature disappeared");
        if (values->size() != customers) {
          return WrongSize("feature", column.name, values->size(), customers);
        }
        found = ColumnData{values->data(), nullptr, 0};
        break;
      }
      case BoundColumn::Source::kScore:
        found = ScoreData(column, scores, produced, customers);
        break;
      case BoundColumn::Source::kAttribute:
        found = AttributeData(column, inputs.dataset.attributes, customers);
        break;
    }
    if (!found.ok()) return found.status();
    data.push_back(*found);
  }
  return data;
}

RuleSetProgram CompileRuleSet(const BoundRuleSet& set, const std::vector<ColumnData>& data) {
  RuleSetProgram program;
  Compiler compiler(data, program);
  for (const BoundRule& rule : set.rules) {
    program.roots.push_back(rule.condition == nullptr ? -1
                                                      : static_cast<int32_t>(compiler.Compile(
                                                            *rule.condition, false, 0)));
  }
  return program;
}

}  // namespace rules_internal
}  // namespace tessera
