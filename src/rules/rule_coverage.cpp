#include "rules/rule_coverage.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "rules/rule_coverage_boxes.h"
#include "rules/rule_coverage_space.h"

namespace tessera {
namespace rules_internal {
namespace {

// The work on one rule set is bounded by this many times max_boxes as well,
// so that thousands of rules, each within the bound, still finish quickly.
constexpr size_t kSetWorkPerMaxBoxes = 64;

// Units of work: one per pair of boxes compared and one per box or atom run
// written. A rule that needs more than its share is given up.
class WorkBudget {
 public:
  WorkBudget(size_t per_rule, size_t per_set) : per_rule_(per_rule), per_set_(per_set) {}
  void StartRule() { rule_spent_ = 0; }
  bool Spend(size_t units) {
    rule_spent_ += units;
    set_spent_ += units;
    return rule_spent_ <= per_rule_ && set_spent_ <= per_set_;
  }

 private:
  size_t per_rule_;
  size_t per_set_;
  size_t rule_spent_ = 0;
  size_t set_spent_ = 0;
};

size_t Cost(const BoxSet& boxes) { return boxes.size() + boxes.run_count(); }

// Appends to `out` the customers on whom `expr` is true (want_true) or false,
// by Kleene's rules: `not` swaps true and false, `and` is true where all
// children are and false where any is, `or` the other way round. False
// when the budget runs out.
bool AddConditionBoxes(const Expr& expr, bool want_true, const CustomerSpace& space,
                       WorkBudget& budget, BoxSet& out) {
  switch (expr.kind) {
    case Expr::Kind::kNot:
      return AddConditionBoxes(*expr.children[0], !want_true, space, budget, out);
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr:
      break;
    default: {
      const size_t before = Cost(out);
      space.AddLeafBox(expr, want_true, out);
      return budget.Spend(Cost(out) - before);
    }
  }
  const bool every_child = (expr.kind == Expr::Kind::kAnd) == want_true;
  if (!every_child) {
    for (const std::unique_ptr<Expr>& child : expr.children) {
      if (!AddConditionBoxes(*child, want_true, space, budget, out)) return false;
    }
    return true;
  }
  BoxSet all(space.atom_counts());
  all.AddWholeBox();
  for (const std::unique_ptr<Expr>& child : expr.children) {
    BoxSet part(space.atom_counts());
    if (!AddConditionBoxes(*child, want_true, space, budget, part)) return false;
    BoxSet both(space.atom_counts());
    for (size_t i = 0; i < all.size(); ++i) {
      for (size_t j = 0; j < part.size(); ++j) {
        const size_t before = Cost(both);
        both.AppendIntersection(all.box(i), part.box(j));
        if (!budget.Spend(1 + Cost(both) - before)) return false;
      }
    }
    all = std::move(both);
    if (all.empty()) return true;
  }
  for (size_t i = 0; i < all.size(); ++i) out.Append(all.box(i));
  return budget.Spend(Cost(all));
}

enum class Coverage { kCovered, kNotCovered, kGaveUp };

struct EarlierBox {
  BoxRef box;
  int rule = 0;
};

// Whether the earlier rules' boxes (in rule order) cover every box of
// `mine`, noting in `covered_by` the rules that take part of it. Depth
// first, so that a rule with customers of its own usually stops after a
// few splits: each piece is met by the first box after `next` that overlaps
// it (the ones before cannot), that box takes its share, and what is left
// goes on as pieces that start after it. Every part of the rule is thus
// credited to the first rule that takes it, as when the rules run.
Coverage CoverByEarlier(const BoxSet& mine, const std::vector<EarlierBox>& earlier,
                        const std::vector<uint32_t>& atom_counts, WorkBudget& budget,
                        std::vector<int>& covered_by) {
  BoxSet pieces(atom_counts);
  for (size_t b = 0; b < mine.size(); ++b) pieces.Append(mine.box(b));
  std::vector<size_t> next(pieces.size(), 0);
  if (!budget.Spend(Cost(pieces))) return Coverage::kGaveUp;
  std::vector<int> takers;
  BoxSet piece(atom_counts);
  while (!pieces.empty()) {
    piece.Clear();
    piece.Append(pieces.box(pieces.size() - 1));
    pieces.PopBack();
    size_t k = next.back();
    next.pop_back();
    const BoxRef open = piece.box(0);
    for (; k < earlier.size(); ++k) {
      if (!budget.Spend(1)) return Coverage::kGaveUp;
      if (BoxesOverlap(open, earlier[k].box)) break;
    }
    if (k == earlier.size()) return Coverage::kNotCovered;
    takers.push_back(earlier[k].rule);
    const size_t cost_before = Cost(pieces);
    pieces.AppendDifference(open, earlier[k].box);
    next.resize(pieces.size(), k + 1);
    if (!budget.Spend(1 + Cost(pieces) - cost_before)) return Coverage::kGaveUp;
  }
  std::sort(takers.begin(), takers.end());
  takers.erase(std::unique(takers.begin(), takers.end()), takers.end());
  covered_by = std::move(takers);
  return Coverage::kCovered;
}

}  // namespace

std::vector<ShadowedRule> FindShadowedRules(const RuleSetAst& set, const DomainLookup& domain,
                                            size_t max_boxes) {
  const size_t rule_count = set.rules.size();
  CustomerSpace space(domain);
  std::vector<bool> readable(rule_count);
  for (size_t i = 0; i < rule_count; ++i) {
    const Expr* condition = set.rules[i].condition.get();
    readable[i] = condition == nullptr || space.Register(*condition);
  }
  space.Finish();

  const size_t per_set = max_boxes > std::numeric_limits<size_t>::max() / kSetWorkPerMaxBoxes
                             ? std::numeric_limits<size_t>::max()
                             : max_boxes * kSetWorkPerMaxBoxes;
  WorkBudget budget(max_boxes, per_set);
  // The boxes where earlier rules are true, in rule order; a rule that was
  // not analysed has none and so covers nothing.
  std::deque<BoxSet> kept;
  std::vector<EarlierBox> earlier;
  std::vector<ShadowedRule> shadowed;
  int first_otherwise = -1;
  for (size_t i = 0; i < rule_count; ++i) {
    if (!readable[i]) continue;
    const int index = static_cast<int>(i);
    if (first_otherwise >= 0) {
      shadowed.push_back({index, {first_otherwise}});
      continue;
    }
    budget.StartRule();
    BoxSet mine(space.atom_counts());
    const Expr* condition = set.rules[i].condition.get();
    if (condition == nullptr) {
      mine.AddWholeBox();
      first_otherwise = index;
    } else if (!AddConditionBoxes(*condition, true, space, budget, mine)) {
      continue;
    }
    ShadowedRule found{index, {}};
    // A rule never true on its own is reported with nothing covering it.
    if (mine.empty() || CoverByEarlier(mine, earlier, space.atom_counts(), budget,
                                       found.covered_by) == Coverage::kCovered) {
      shadowed.push_back(std::move(found));
    }
    // Moving keeps the boxes' storage where it is, so the refs stay valid.
    const BoxSet& stored = kept.emplace_back(std::move(mine));
    for (size_t b = 0; b < stored.size(); ++b) earlier.push_back({stored.box(b), index});
  }
  return shadowed;
}

}  // namespace rules_internal
}  // namespace tessera
