// A bound rule set compiled for evaluation over whole columns: `not` pushed
// down to the leaves (so every node yields one "true" mask), label tests
// turned into per-code lookup tables, `in` lists sorted, and every column
// reduced to a raw pointer.
#ifndef TESSERA_RULES_RULE_PROGRAM_H_
#define TESSERA_RULES_RULE_PROGRAM_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "rules/rule_binder.h"
#include "tessera/rules.h"
#include "tessera/scores.h"

namespace tessera {
namespace rules_internal {

// One column's values for every customer.
struct ColumnData {
  const double* numeric = nullptr;  // numeric columns; NaN = missing
  const int32_t* codes = nullptr;   // categorical; -1 or out of range = missing
  size_t label_count = 0;
};

// The data behind each of `set.columns`, found in the inputs, in `scores`
// or, for columns of earlier sets of the same call, in `produced` (may be
// null). Every column must hold one value per customer.
absl::StatusOr<std::vector<ColumnData>> ResolveColumns(const BoundRuleSet& set,
                                                       const RuleInputs& inputs,
                                                       const ScoreTable& scores,
                                                       const ScoreTable* produced);

struct ProgramNode {
  // Every leaf is false on a missing value except kMissing and kPresent
  // (and a kLabel table's entry for missing): `not` has already been pushed
  // into the leaves, where "not (x < 5)" became "x >= 5", which is false on
  // a missing x just as Kleene logic wants.
  enum class Op : uint8_t {
    kAnd,
    kOr,
    kLess,
    kLessEqual,
    kGreater,
    kGreaterEqual,
    kEqual,
    kNotEqual,
    kBetween,  // low <= x <= high
    kOutside,  // x < low or x > high
    kIn,       // x in constants[first, first + count)
    kNotIn,
    kMissing,
    kPresent,
    kLabel,  // tables[first + 1 + code], tables[first] for a missing code
  };
  Op op = Op::kAnd;
  uint32_t first = 0;  // kAnd/kOr: into children; kIn: into constants; kLabel: into tables
  uint32_t count = 0;  // children, constants, or codes (the table has count + 1 entries)
  double low = 0;      // comparisons: the constant; between: the lower end
  double high = 0;
  const double* values = nullptr;  // numeric leaves
  const int32_t* codes = nullptr;  // kLabel
  // kLabel, when few codes decide it and a missing code is false: the codes
  // label_codes[list_first, list_first + list_count) are the true ones
  // (list_wanted), or the only valid codes that are false (!list_wanted).
  bool use_list = false;
  bool list_wanted = true;
  uint32_t list_first = 0;
  uint32_t list_count = 0;
};

struct RuleSetProgram {
  std::vector<ProgramNode> nodes;
  std::vector<uint32_t> children;
  std::vector<double> constants;  // each `in` list sorted, without NaN
  std::vector<uint8_t> tables;    // 0 or 1
  std::vector<int32_t> label_codes;
  std::vector<int32_t> roots;     // per rule: its condition's node; -1 = otherwise
  int depth = 0;                  // nested and/or levels, for scratch space
};

// `data` is ResolveColumns(set, ...).
RuleSetProgram CompileRuleSet(const BoundRuleSet& set, const std::vector<ColumnData>& data);

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_PROGRAM_H_
