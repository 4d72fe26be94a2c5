// The customer space of one rule set, for the coverage check
// (rule_coverage.cpp): one dimension per column the rules read, each cut
// into atoms at the rules' literals so that every leaf of a condition is
// true, false or unknown on whole atoms.
#ifndef TESSERA_RULES_RULE_COVERAGE_SPACE_H_
#define TESSERA_RULES_RULE_COVERAGE_SPACE_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "rules/rule_ast.h"
#include "rules/rule_coverage.h"
#include "rules/rule_coverage_boxes.h"

namespace tessera {
namespace rules_internal {

class CustomerSpace {
 public:
  explicit CustomerSpace(const DomainLookup& domain) : domain_(domain) {}

  // Adds the names and numbers a condition reads; false when the check
  // cannot follow it (an unknown name, a literal of the wrong kind, a shape
  // the engine does not evaluate, a tree deeper than the parser builds), so
  // its rule is left out.
  bool Register(const Expr& condition) { return RegisterNode(condition, 0); }
  // Call once every condition is registered, before AddLeafBox.
  void Finish();

  // Atoms per dimension, for BoxSet.
  const std::vector<uint32_t>& atom_counts() const { return atom_counts_; }

  // Appends the box of customers on whom a registered leaf is true
  // (want_true) or false; nothing when there are none.
  void AddLeafBox(const Expr& leaf, bool want_true, BoxSet& out) const;

 private:
  // One column the rules read. Its values are cut into atoms so that every
  // leaf is true, false or unknown on whole atoms:
  //  numeric, literals v0 < ... < vk-1: atom 2i is the open interval just
  //    below vi, atom 2i+1 is vi itself, atom 2k everything above vk-1;
  //  categorical: atom i is labels[i] (a label no customer has gets none);
  //  the last atom is "missing".
  // Every atom holds some value, so a set of atoms is empty only when no
  // customer is in it: the check is exact. (A literal of +-infinity leaves
  // an atom beyond it that holds no number; that can hide a shadowed rule
  // but never report one wrongly.)
  struct Dimension {
    bool categorical = false;
    std::vector<std::string> labels;
    std::vector<double> literals;
    std::unordered_map<std::string, uint32_t> label_atoms;

    uint32_t missing_atom() const {
      return static_cast<uint32_t>(categorical ? labels.size() : 2 * literals.size() + 1);
    }
    uint32_t NumberAtom(double value) const {
      const auto it = std::lower_bound(literals.begin(), literals.end(), value);
      return static_cast<uint32_t>(2 * (it - literals.begin()) + 1);
    }
  };

  bool RegisterNode(const Expr& expr, int depth);
  bool RegisterLeaf(const Expr& leaf);
  int Resolve(const std::string& name);
  // The atoms on which a leaf, read without its `not`, is true.
  static void HeldAtoms(const Expr& leaf, const Dimension& dim, std::vector<AtomRun>& out);

  const DomainLookup& domain_;
  std::vector<Dimension> dims_;
  std::vector<uint32_t> atom_counts_;
  std::map<std::string, int> dim_of_key_;
  std::map<std::string, int> dim_of_name_;  // -1: not usable
};

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_COVERAGE_SPACE_H_
