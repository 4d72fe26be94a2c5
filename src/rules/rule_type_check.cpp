// The binder's checks on one comparison: the operator and every literal must
// suit the column's kind, and a label must be one the column can hold.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nearest_name.h"
#include "rules/rule_binder.h"
#include "rules/rule_diagnostics.h"

namespace tessera {
namespace rules_internal {
namespace {

// Enough labels to recognise the column; a host attribute may hold thousands.
constexpr size_t kLabelsShown = 12;

std::string Quote(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string QuoteLabels(const std::vector<std::string>& labels) {
  if (labels.empty()) return "none";
  std::string text;
  for (size_t i = 0; i < labels.size() && i < kLabelsShown; ++i) {
    absl::StrAppend(&text, i == 0 ? "" : ", ", Quote(labels[i]));
  }
  if (labels.size() > kLabelsShown) absl::StrAppend(&text, ", ... (", labels.size(), " in all)");
  return text;
}

// The operator's text sits after the name; the tree keeps no span for it.
SourceSpan OperatorSpan(const RuleFileAst& file, const Expr& leaf) {
  const std::string& text = file.text;
  size_t pos = size_t{leaf.name_span.offset} + leaf.name_span.length;
  if (leaf.name_span.line <= 0 || pos >= text.size()) return leaf.span;
  SourceSpan span = leaf.name_span;
  for (size_t i = leaf.name_span.offset; i < pos; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++span.column;
  }
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) {
    if (text[pos] == '\n') {
      ++span.line;
      span.column = 1;
    } else {
      ++span.column;
    }
    ++pos;
  }
  if (pos >= text.size()) return leaf.span;
  span.offset = static_cast<uint32_t>(pos);
  if (leaf.kind == Expr::Kind::kBetween) {
    span.length = static_cast<uint32_t>(std::min<size_t>(7, text.size() - pos));
  } else {
    const bool two = pos + 1 < text.size() &&
                     (text[pos + 1] == '=' || (text[pos] == '<' && text[pos + 1] == '>'));
    span.length = two ? 2 : 1;
  }
  return span;
}

}  // namespace

absl::Status RuleBinder::BindLeaf(BindState& state, const Expr& leaf, int column_index,
                                  BoundExpr& bound) const {
  const BoundColumn& column = state.out.columns[static_cast<size_t>(column_index)];
  bound.column = column_index;
  bound.op = leaf.op;
  const std::string who = DescribeName(leaf.name, column);
  const std::string label_column =
      absl::StrCat(who, " is a label column (labels: ", QuoteLabels(column.labels), ")");
  size_t wanted_values = 1;
  switch (leaf.kind) {
    case Expr::Kind::kIsMissing:
      return absl::OkStatus();
    case Expr::Kind::kCompare:
      if (column.categorical && leaf.op != CompareOp::kEq && leaf.op != CompareOp::kNe) {
        return RuleError(state.file, OperatorSpan(state.file, leaf),
                         absl::StrCat(label_column,
                                      " and labels have no order: use ==, !=, in (...) or "
                                      "not in (...)"));
      }
      break;
    case Expr::Kind::kBetween:
      if (column.categorical) {
        return RuleError(state.file, OperatorSpan(state.file, leaf),
                         absl::StrCat(label_column, "; `between` needs a numeric column"));
      }
      wanted_values = 2;
      break;
    case Expr::Kind::kIn:
      wanted_values = std::max<size_t>(1, leaf.values.size());
      break;
    default:
      return absl::InternalError("rule syntax tree: a leaf of a non-leaf kind");
  }
  if (leaf.values.size() != wanted_values) {
    return absl::InternalError("rule syntax tree: a comparison with a wrong value count");
  }
  for (const Literal& literal : leaf.values) {
    if (column.categorical) {
      if (literal.kind == Literal::Kind::kNumber) {
        return RuleError(state.file, literal.span,
                         absl::StrCat(label_column,
                                      ", not a number: compare it with one of its labels in "
                                      "quotes"));
      }
      int32_t code = -1;
      absl::Status status = BindLabel(state, leaf, column_index, literal, code);
      if (!status.ok()) return status;
      bound.codes.push_back(code);
    } else {
      if (literal.kind == Literal::Kind::kString) {
        return RuleError(state.file, literal.span,
                         absl::StrCat(who, " is a numeric column: compare it with a number, not ",
                                      Quote(literal.text)));
      }
      bound.numbers.push_back(literal.number);
    }
  }
  return absl::OkStatus();
}

absl::Status RuleBinder::BindLabel(BindState& state, const Expr& leaf, int column_index,
                                   const Literal& literal, int32_t& code) const {
  const size_t index = static_cast<size_t>(column_index);
  const BoundColumn& column = state.out.columns[index];
  const std::vector<std::string>& labels = column.labels;
  code = -1;
  if (labels.size() <= 16) {
    auto it = std::find(labels.begin(), labels.end(), literal.text);
    if (it != labels.end()) code = static_cast<int32_t>(it - labels.begin());
  } else {
    auto& lookup = state.label_index[index];
    if (lookup == nullptr) {
      lookup = std::make_unique<absl::flat_hash_map<std::string, int32_t>>();
      for (size_t i = labels.size(); i-- > 0;) (*lookup)[labels[i]] = static_cast<int32_t>(i);
    }
    auto it = lookup->find(literal.text);
    if (it != lookup->end()) code = it->second;
  }
  if (code >= 0) return absl::OkStatus();
  std::string suggestion;
  if (const std::string* nearest = internal::NearestName(literal.text, labels)) {
    suggestion = absl::StrCat("; did you mean ", Quote(*nearest), "?");
  }
  const std::string who = DescribeName(leaf.name, column);
  if (column.labels_fixed) {
    return RuleError(state.file, literal.span,
                     absl::StrCat(who, " has no label ", Quote(literal.text), suggestion,
                                  " (labels: ", QuoteLabels(labels), ")"));
  }
  state.warnings.push_back(
      {state.set.name, literal.span.line,
       absl::StrCat("host attribute ", who, " has no value ", Quote(literal.text), " in this data",
                    suggestion, " (values: ", QuoteLabels(labels), ")")});
  return absl::OkStatus();
}

}  // namespace rules_internal
}  // namespace tessera
