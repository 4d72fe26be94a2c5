#include "rules/rule_coverage_boxes.h"

#include <algorithm>
#include <limits>

namespace tessera {
namespace rules_internal {

void RunsFromAtoms(const std::vector<uint32_t>& sorted_distinct_atoms, std::vector<AtomRun>& out) {
  const size_t first = out.size();
  for (uint32_t atom : sorted_distinct_atoms) {
    if (out.size() > first && out.back().end == atom) {
      out.back().end = atom + 1;
    } else {
      out.push_back({atom, atom + 1});
    }
  }
}

void IntersectRuns(RunSpan a, RunSpan b, std::vector<AtomRun>& out) {
  size_t i = 0;
  size_t j = 0;
  while (i < a.size && j < b.size) {
    const uint32_t begin = std::max(a.data[i].begin, b.data[j].begin);
    const uint32_t end = std::min(a.data[i].end, b.data[j].end);
    if (begin < end) out.push_back({begin, end});
    if (a.data[i].end < b.data[j].end) {
      ++i;
    } else {
      ++j;
    }
  }
}

void SubtractRuns(RunSpan a, RunSpan b, std::vector<AtomRun>& out) {
  size_t j = 0;  // first run of b that may still reach into the current run of a
  for (const AtomRun& run : a) {
    uint32_t from = run.begin;
    while (j < b.size && b.data[j].end <= from) ++j;
    for (size_t k = j; k < b.size && b.data[k].begin < run.end && from < run.end; ++k) {
      if (b.data[k].begin > from) out.push_back({from, b.data[k].begin});
      from = std::max(from, b.data[k].end);
    }
    if (from < run.end) out.push_back({from, run.end});
  }
}

bool RunsOverlap(RunSpan a, RunSpan b) {
  size_t i = 0;
  size_t j = 0;
  while (i < a.size && j < b.size) {
    if (std::max(a.data[i].begin, b.data[j].begin) < std::min(a.data[i].end, b.data[j].end)) {
      return true;
    }
    if (a.data[i].end < b.data[j].end) {
      ++i;
    } else {
      ++j;
    }
  }
  return false;
}

bool BoxesOverlap(BoxRef a, BoxRef b) {
  const DimConstraint* x = a.first;
  const DimConstraint* y = b.first;
  while (x != a.last && y != b.last) {
    if (x->dim < y->dim) {
      ++x;
    } else if (y->dim < x->dim) {
      ++y;
    } else {
      if (!RunsOverlap(a.RunsOf(*x), b.RunsOf(*y))) return false;
      ++x;
      ++y;
    }
  }
  return true;
}

BoxRef BoxSet::box(size_t index) const {
  const uint32_t begin = index == 0 ? 0 : box_ends_[index - 1];
  const DimConstraint* base = constraints_.data();
  return {base + begin, base + box_ends_[index], runs_.data()};
}

void BoxSet::Clear() {
  box_ends_.clear();
  constraints_.clear();
  runs_.clear();
}

void BoxSet::PopBack() {
  box_ends_.pop_back();
  const size_t kept = box_ends_.empty() ? 0 : box_ends_.back();
  if (kept < constraints_.size()) runs_.resize(constraints_[kept].runs_begin);
  constraints_.resize(kept);
}

void BoxSet::AddWholeBox() { CloseBox(); }

void BoxSet::AddBox(uint32_t dim, RunSpan runs) {
  const size_t runs_begin = runs_.size();
  runs_.insert(runs_.end(), runs.begin(), runs.end());
  if (CloseConstraint(dim, runs_begin)) CloseBox();
}

void BoxSet::Append(BoxRef box) {
  for (const DimConstraint* c = box.first; c != box.last; ++c) {
    const RunSpan runs = box.RunsOf(*c);
    const size_t runs_begin = runs_.size();
    runs_.insert(runs_.end(), runs.begin(), runs.end());
    CloseConstraint(c->dim, runs_begin);
  }
  CloseBox();
}

bool BoxSet::AppendIntersection(BoxRef a, BoxRef b) {
  return AppendCombined(a, b, static_cast<size_t>(b.last - b.first), -1);
}

// a \ b is the union over b's constrained dimensions d_k of the boxes that
// agree with b before d_k, avoid b on d_k and follow a after it; they are
// disjoint because each one enters b's constraints one dimension further.
// The largest piece (k = 0) goes last, so that a depth-first search taking
// pieces from the back looks where a customer of its own is likeliest.
void BoxSet::AppendDifference(BoxRef a, BoxRef b) {
  if (!BoxesOverlap(a, b)) {
    Append(a);
    return;
  }
  const size_t count = static_cast<size_t>(b.last - b.first);
  for (size_t k = count; k-- > 0;) {
    AppendCombined(a, b, k + 1, b.first[k].dim);
  }
}

// Merges a's constraints with the first `b_constraints` of b's: intersected
// where both constrain a dimension, except on `subtract_dim`, where b's runs
// are taken out of a's instead.
bool BoxSet::AppendCombined(BoxRef a, BoxRef b, size_t b_constraints, int64_t subtract_dim) {
  const size_t constraints_before = constraints_.size();
  const size_t runs_before = runs_.size();
  const DimConstraint* x = a.first;
  const DimConstraint* y = b.first;
  const DimConstraint* y_last = b.first + b_constraints;
  constexpr uint32_t kPastEnd = std::numeric_limits<uint32_t>::max();
  while (x != a.last || y != y_last) {
    const uint32_t x_dim = x != a.last ? x->dim : kPastEnd;
    const uint32_t y_dim = y != y_last ? y->dim : kPastEnd;
    const uint32_t dim = std::min(x_dim, y_dim);
    const size_t runs_begin = runs_.size();
    if (x_dim < y_dim) {
      const RunSpan runs = a.RunsOf(*x++);
      runs_.insert(runs_.end(), runs.begin(), runs.end());
    } else {
      const AtomRun whole{0, (*atom_counts_)[dim]};
      const RunSpan mine = x_dim == y_dim ? a.RunsOf(*x++) : RunSpan{&whole, 1};
      const RunSpan theirs = b.RunsOf(*y++);
      if (static_cast<int64_t>(dim) == subtract_dim) {
        SubtractRuns(mine, theirs, runs_);
      } else if (x_dim == y_dim) {
        IntersectRuns(mine, theirs, runs_);
      } else {
        runs_.insert(runs_.end(), theirs.begin(), theirs.end());
      }
    }
    if (runs_.size() == runs_begin) {
      constraints_.resize(constraints_before);
      runs_.resize(runs_before);
      return false;
    }
    CloseConstraint(dim, runs_begin);
  }
  CloseBox();
  return true;
}

// Records the runs appended since `runs_begin` as the box's constraint on
// `dim`, or drops them when they are the whole dimension (an unconstrained
// dimension is left out of the box). False when they are empty.
bool BoxSet::CloseConstraint(uint32_t dim, size_t runs_begin) {
  if (runs_.size() == runs_begin) return false;
  if (runs_.size() == runs_begin + 1 && runs_.back().begin == 0 &&
      runs_.back().end == (*atom_counts_)[dim]) {
    runs_.pop_back();
    return true;
  }
  constraints_.push_back(
      {dim, static_cast<uint32_t>(runs_begin), static_cast<uint32_t>(runs_.size())});
  return true;
}

}  // namespace rules_internal
}  // namespace tessera
