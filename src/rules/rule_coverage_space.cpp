#include "rules/rule_coverage_space.h"

#include <algorithm>
#include <cmath>

namespace tessera {
namespace rules_internal {
namespace {

// Deeper than the parser ever nests (kMaxSupportedNestingDepth); a tree
// built by other means that goes deeper is not analysed rather than risking
// the stack.
constexpr int kMaxDepth = 1100;

}  // namespace

bool CustomerSpace::RegisterNode(const Expr& expr, int depth) {
  if (depth > kMaxDepth) return false;
  switch (expr.kind) {
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr:
    case Expr::Kind::kNot: {
      const size_t arity = expr.children.size();
      if (arity == 0 || (expr.kind == Expr::Kind::kNot && arity != 1)) return false;
      for (const std::unique_ptr<Expr>& child : expr.children) {
        if (child == nullptr || !RegisterNode(*child, depth + 1)) return false;
      }
      return true;
    }
    default:
      return RegisterLeaf(expr);
  }
}

void CustomerSpace::Finish() {
  for (Dimension& dim : dims_) {
    std::sort(dim.literals.begin(), dim.literals.end());
    dim.literals.erase(std::unique(dim.literals.begin(), dim.literals.end()), dim.literals.end());
    for (size_t i = 0; i < dim.labels.size(); ++i) {
      dim.label_atoms.emplace(dim.labels[i], static_cast<uint32_t>(i));
    }
    atom_counts_.push_back(dim.missing_atom() + 1);
  }
}

void CustomerSpace::AddLeafBox(const Expr& leaf, bool want_true, BoxSet& out) const {
  const uint32_t dim = static_cast<uint32_t>(dim_of_name_.at(leaf.name));
  const Dimension& dimension = dims_[dim];
  std::vector<AtomRun> held;
  HeldAtoms(leaf, dimension, held);
  if (want_true != leaf.negated) {
    out.AddBox(dim, Span(held));
    return;
  }
  // Where a leaf is not true it is false, except on a missing value,
  // where only `is missing` has an answer; either way the false atoms are
  // the present ones it does not hold on.
  const AtomRun present{0, dimension.missing_atom()};
  std::vector<AtomRun> complement;
  SubtractRuns({&present, 1}, Span(held), complement);
  out.AddBox(dim, Span(complement));
}

int CustomerSpace::Resolve(const std::string& name) {
  const auto known = dim_of_name_.find(name);
  if (known != dim_of_name_.end()) return known->second;
  int dim = -1;
  const NameDomain* domain = domain_(name);
  if (domain != nullptr) {
    const auto [it, added] = dim_of_key_.emplace(domain->key, static_cast<int>(dims_.size()));
    if (added) {
      dims_.push_back({domain->categorical, domain->labels, {}, {}});
      dim = it->second;
    } else {
      // Two spellings of one key must agree on what the column holds.
      const Dimension& other = dims_[static_cast<size_t>(it->second)];
      if (other.categorical == domain->categorical &&
          (!other.categorical || other.labels == domain->labels)) {
        dim = it->second;
      }
    }
  }
  dim_of_name_.emplace(name, dim);
  return dim;
}

bool CustomerSpace::RegisterLeaf(const Expr& leaf) {
  const int index = Resolve(leaf.name);
  if (index < 0) return false;
  Dimension& dim = dims_[static_cast<size_t>(index)];
  const Literal::Kind kind = dim.categorical ? Literal::Kind::kString : Literal::Kind::kNumber;
  for (const Literal& literal : leaf.values) {
    if (literal.kind != kind) return false;
  }
  const size_t count = leaf.values.size();
  switch (leaf.kind) {
    case Expr::Kind::kIsMissing:
      return true;
    case Expr::Kind::kIn:
      // The engine drops NaN from a list: it matches nothing.
      for (const Literal& literal : leaf.values) {
        if (!dim.categorical && !std::isnan(literal.number)) {
          dim.literals.push_back(literal.number);
        }
      }
      return true;
    case Expr::Kind::kCompare:
      if (count != 1 || leaf.negated) return false;
      if (dim.categorical) return leaf.op == CompareOp::kEq || leaf.op == CompareOp::kNe;
      break;
    case Expr::Kind::kBetween:
      if (count != 2 || leaf.negated || dim.categorical) return false;
      break;
    default:
      return false;
  }
  // Comparisons with NaN follow IEEE rules in the engine, not Kleene's.
  for (const Literal& literal : leaf.values) {
    if (std::isnan(literal.number)) return false;
    dim.literals.push_back(literal.number);
  }
  return true;
}

void CustomerSpace::HeldAtoms(const Expr& leaf, const Dimension& dim, std::vector<AtomRun>& out) {
  const uint32_t missing = dim.missing_atom();
  if (leaf.kind == Expr::Kind::kIsMissing) {
    out.push_back({missing, missing + 1});
    return;
  }
  std::vector<uint32_t> atoms;
  for (const Literal& literal : leaf.values) {
    if (!dim.categorical) {
      if (!std::isnan(literal.number)) atoms.push_back(dim.NumberAtom(literal.number));
    } else if (const auto it = dim.label_atoms.find(literal.text); it != dim.label_atoms.end()) {
      atoms.push_back(it->second);
    }
  }
  std::sort(atoms.begin(), atoms.end());
  atoms.erase(std::unique(atoms.begin(), atoms.end()), atoms.end());
  if (leaf.kind == Expr::Kind::kIn) {
    RunsFromAtoms(atoms, out);
    return;
  }
  if (leaf.kind == Expr::Kind::kBetween) {
    if (leaf.values[0].number <= leaf.values[1].number)
      out.push_back({atoms.front(), atoms.back() + 1});
    return;
  }
  const AtomRun present{0, missing};
  if (atoms.empty()) {  // a label no customer has
    if (leaf.op == CompareOp::kNe) out.push_back(present);
    return;
  }
  const uint32_t at = atoms[0];
  switch (leaf.op) {
    case CompareOp::kEq:
      out.push_back({at, at + 1});
      break;
    case CompareOp::kNe:
      if (at > 0) out.push_back({0, at});
      if (at + 1 < missing) out.push_back({at + 1, missing});
      break;
    case CompareOp::kLt:
      if (at > 0) out.push_back({0, at});
      break;
    case CompareOp::kLe:
      out.push_back({0, at + 1});
      break;
    case CompareOp::kGt:
      if (at + 1 < missing) out.push_back({at + 1, missing});
      break;
    case CompareOp::kGe:
      out.push_back({at, missing});
      break;
  }
}

}  // namespace rules_internal
}  // namespace tessera
