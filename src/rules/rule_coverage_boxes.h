// Sets of customers as unions of boxes, for the coverage check
// (rule_coverage.cpp). Every dimension of the customer space is cut into
// numbered atoms (intervals, points, labels, "missing"), so a set of values
// of one dimension is a list of atom runs, and a box is one such list per
// dimension it constrains; a dimension a box does not mention is whole.
#ifndef TESSERA_RULES_RULE_COVERAGE_BOXES_H_
#define TESSERA_RULES_RULE_COVERAGE_BOXES_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tessera {
namespace rules_internal {

// Atoms [begin, end) of one dimension.
struct AtomRun {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// A run list in canonical form: sorted, disjoint, no two runs touching, so
// that equal sets have equal lists.
struct RunSpan {
  const AtomRun* data = nullptr;
  size_t size = 0;
  const AtomRun* begin() const { return data; }
  const AtomRun* end() const { return data + size; }
};

inline RunSpan Span(const std::vector<AtomRun>& runs) { return {runs.data(), runs.size()}; }

// Each appends the canonical runs of the result to `out`.
void RunsFromAtoms(const std::vector<uint32_t>& sorted_distinct_atoms, std::vector<AtomRun>& out);
void IntersectRuns(RunSpan a, RunSpan b, std::vector<AtomRun>& out);
void SubtractRuns(RunSpan a, RunSpan b, std::vector<AtomRun>& out);
bool RunsOverlap(RunSpan a, RunSpan b);

struct DimConstraint {
  uint32_t dim = 0;
  uint32_t runs_begin = 0;  // into the owning set's runs
  uint32_t runs_end = 0;
};

// One box of a BoxSet: constraints sorted by dimension. Valid until that
// set changes.
struct BoxRef {
  const DimConstraint* first = nullptr;
  const DimConstraint* last = nullptr;
  const AtomRun* runs = nullptr;
  RunSpan RunsOf(const DimConstraint& constraint) const {
    return {runs + constraint.runs_begin, constraint.runs_end - constraint.runs_begin};
  }
};

bool BoxesOverlap(BoxRef a, BoxRef b);

// A union of boxes (possibly overlapping), stored flat so that a set of
// many small boxes costs a few words per box. Boxes passed to the Append
// functions must belong to another set.
class BoxSet {
 public:
  // `atom_counts[d]`: how many atoms dimension d has; it must outlive the set.
  explicit BoxSet(const std::vector<uint32_t>& atom_counts) : atom_counts_(&atom_counts) {}

  size_t size() const { return box_ends_.size(); }
  bool empty() const { return box_ends_.empty(); }
  size_t run_count() const { return runs_.size(); }
  BoxRef box(size_t index) const;

  void Clear();
  void PopBack();
  // The box that holds every customer.
  void AddWholeBox();
  // The box limited to `runs` on `dim`; nothing when `runs` is empty.
  void AddBox(uint32_t dim, RunSpan runs);
  void Append(BoxRef box);
  // Appends a intersected with b; false (nothing appended) when empty.
  bool AppendIntersection(BoxRef a, BoxRef b);
  // Appends disjoint boxes whose union is a minus b, the largest last.
  void AppendDifference(BoxRef a, BoxRef b);

 private:
  bool AppendCombined(BoxRef a, BoxRef b, size_t b_constraints, int64_t subtract_dim);
  bool CloseConstraint(uint32_t dim, size_t runs_begin);
  void CloseBox() { box_ends_.push_back(static_cast<uint32_t>(constraints_.size())); }

  const std::vector<uint32_t>* atom_counts_;
  std::vector<uint32_t> box_ends_;  // end of each box's constraints
  std::vector<DimConstraint> constraints_;
  std::vector<AtomRun> runs_;
};

}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_COVERAGE_BOXES_H_
