#include "quantile.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

namespace tessera::internal {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr size_t kSampleSize = 8192;
// Below this many values a full copy is as cheap as the sampling.
constexpr size_t kSampleFrom = 4 * kSampleSize;

// A value range expected to hold some requested ranks, with the counts that
// place it in the whole array and the values strictly inside it.
struct Bracket {
  double lo = 0;  // may be -infinity
  double hi = 0;  // may be +infinity
  uint64_t below_lo = 0;  // x < lo
  uint64_t at_lo = 0;     // x == lo
  uint64_t at_hi = 0;     // x == hi, when hi != lo
  uint64_t up_to_hi = 0;  // x <= hi
  std::vector<double> inner;  // lo < x < hi
  // Ranks are answered in increasing order, so each selection searches only
  // past the previous one: after selecting index `selected - 1`, everything
  // from `selected` on is no smaller.
  size_t selected = 0;

  double SelectInner(size_t k) {
    if (k + 1 == selected) return inner[k];
    auto first = inner.begin() + static_cast<std::ptrdiff_t>(selected);
    auto nth = inner.begin() + static_cast<std::ptrdiff_t>(k);
    if (nth == first) {
      std::iter_swap(first, std::min_element(first, inner.end()));  // one scan
    } else {
      std::nth_element(first, nth, inner.end());
    }
    selected = k + 1;
    return inner[k];
  }
};

// Rank requests go in batches small enough for TallyRegions' unrolling.
constexpr size_t kMaxEnds = 32;
constexpr size_t kMaxBrackets = kMaxEnds / 2;

// Four interleaved tallies per key, so that runs of one key do not wait on
// each other's increments.
constexpr size_t kLanes = 4;

// The hot loop of CountAndCollect, unrolled for `kPadded` (a power of two,
// at most 32) sorted ends padded with +infinity.
template <size_t kPadded>
void TallyRegions(absl::Span<const double> values, const double* search,
                  const double* equal_to, const int* keep, uint64_t* tally,
                  std::vector<Bracket>& brackets) {
  // Values inside brackets are staged per block and kept after it, so the
  // hot loop makes no calls and keeps its state in registers.
  constexpr size_t kBlock = 2048;
  double staged_value[kBlock];
  int staged_bracket[kBlock];
  const double* x = values.data();
  for (size_t start = 0; start < values.size(); start += kBlock) {
    const size_t end = std::min(values.size(), start + kBlock);
    size_t staged = 0;
    for (size_t i = start; i < end; ++i) {
      const double v = x[i];
      size_t count = 0;
      if constexpr (kPadded >= 32) count += search[count + 15] <= v ? 16 : 0;
      if constexpr (kPadded >= 16) count += search[count + 7] <= v ? 8 : 0;
      if constexpr (kPadded >= 8) count += search[count + 3] <= v ? 4 : 0;
      if constexpr (kPadded >= 4) count += search[count + 1] <= v ? 2 : 0;
      if constexpr (kPadded >= 2) count += search[count] <= v ? 1 : 0;
      count += search[count] <= v ? 1 : 0;
      const size_t key = 2 * count - (equal_to[count] == v ? 1 : 0);
      ++tally[key * kLanes + (i & (kLanes - 1))];
      const int g = keep[key];
      staged_value[staged] = v;
      staged_bracket[staged] = g;
      staged += g >= 0 ? 1 : 0;
    }
    for (size_t k = 0; k < staged; ++k) {
      brackets[static_cast<size_t>(staged_bracket[k])].inner.push_back(staged_value[k]);
    }
  }
}

// One pass over `values` that sorts each value into a region of the finite
// bracket ends t0 < t1 < ...: key 2j + 1 when x == tj, key 2j when x lies
// between t(j-1) and tj. The region comes from a branch-free binary search,
// the counting is one increment, and only values inside a bracket are kept.
void CountAndCollect(absl::Span<const double> values, std::vector<Bracket>& brackets) {
  // Merged brackets are disjoint and ascending, so their ends are too.
  std::vector<double> ends;
  for (const Bracket& b : brackets) {
    if (b.lo != -kInfinity) ends.push_back(b.lo);
    if (b.hi != kInfinity && b.hi != b.lo) ends.push_back(b.hi);
  }
  size_t padded = 1;
  while (padded < ends.size()) padded *= 2;
  std::vector<double> search(padded, kInfinity);
  std::copy(ends.begin(), ends.end(), search.begin());
  // With `count` ends <= x, equal_to[count] is the largest of them
  // (-infinity when there is none): x lies on an end when it equals it.
  std::vector<double> equal_to(padded + 1, -kInfinity);
  std::copy(search.begin(), search.end(), equal_to.begin() + 1);

  const size_t keys = 2 * ends.size() + 1;
  auto key_of_end = [&](double end) {
    return 2 * static_cast<size_t>(std::lower_bound(ends.begin(), ends.end(), end) -
                                   ends.begin()) + 1;
  };
  std::vector<int> keep(keys, -1);  // bracket whose inside a key is
  for (size_t g = 0; g < brackets.size(); ++g) {
    const Bracket& b = brackets[g];
    if (b.lo == b.hi) continue;
    keep[b.lo == -kInfinity ? 0 : key_of_end(b.lo) + 1] = static_cast<int>(g);
  }

  std::vector<uint64_t> tally(kLanes * keys, 0);
  auto tally_regions = [&](auto unrolled) {
    TallyRegions<decltype(unrolled)::value>(values, search.data(), equal_to.data(),
                                            keep.data(), tally.data(), brackets);
  };
  switch (padded) {
    case 1: tally_regions(std::integral_constant<size_t, 1>()); break;
    case 2: tally_regions(std::integral_constant<size_t, 2>()); break;
    case 4: tally_regions(std::integral_constant<size_t, 4>()); break;
    case 8: tally_regions(std::integral_constant<size_t, 8>()); break;
    case 16: tally_regions(std::integral_constant<size_t, 16>()); break;
    default: tally_regions(std::integral_constant<size_t, kMaxEnds>()); break;
  }

  std::vector<uint64_t> below(keys + 1, 0);  // values with a smaller key
  for (size_t key = 0; key < keys; ++key) {
    uint64_t total = 0;
    for (size_t lane = 0; lane < kLanes; ++lane) total += tally[key * kLanes + lane];
    below[key + 1] = below[key] + total;
  }
  auto in_key = [&](size_t key) { return below[key + 1] - below[key]; };
  for (Bracket& b : brackets) {
    if (b.lo != -kInfinity) {
      const size_t key = key_of_end(b.lo);
      b.below_lo = below[key];
      b.at_lo = in_key(key);
    }
    if (b.hi == b.lo) {
      b.up_to_hi = b.below_lo + b.at_lo;
    } else if (b.hi != kInfinity) {
      const size_t key = key_of_end(b.hi);
      b.at_hi = in_key(key);
      b.up_to_hi = below[key + 1];
    } else {
      b.up_to_hi = values.size();
    }
  }
}

double SmallestAbove(absl::Span<const double> values, double v) {
  double next = kInfinity;
  for (double x : values) next = std::min(next, x > v ? x : kInfinity);  // no branch
  return next;
}

// The answer from a full copy (made once per Find): a selection and a scan.
RankInfo ExactRank(absl::Span<const double> values, std::vector<double>& copy,
                   uint64_t rank, RankFinder::Detail detail) {
  if (copy.empty()) copy.assign(values.begin(), values.end());
  auto nth = copy.begin() + static_cast<std::ptrdiff_t>(rank);
  std::nth_element(copy.begin(), nth, copy.end());
  RankInfo info{*nth, 0, 0, kInfinity};
  if (detail == RankFinder::Detail::kValue) return info;
  for (double x : values) {
    info.below += x < info.value;
    info.not_above += x <= info.value;
  }
  if (detail == RankFinder::Detail::kWithNext) info.next = SmallestAbove(values, info.value);
  return info;
}

// Answers `rank` from its bracket, or returns false when the rank lies
// outside it.
bool AnswerFromBracket(absl::Span<const double> values, Bracket& b, uint64_t rank,
                       RankFinder::Detail detail, RankInfo& info) {
  if (rank < b.below_lo || rank >= b.up_to_hi) return false;
  const uint64_t offset = rank - b.below_lo;
  double v;
  if (offset < b.at_lo) {
    v = b.lo;
  } else if (offset - b.at_lo < b.inner.size()) {
    v = b.SelectInner(offset - b.at_lo);
  } else {
    v = b.hi;
  }
  info.value = v;
  if (detail == RankFinder::Detail::kValue) return true;
  uint64_t inner_below = 0, inner_up_to = 0;
  double next = b.at_hi > 0 && v < b.hi ? b.hi : kInfinity;
  for (double x : b.inner) {
    inner_below += x < v;
    inner_up_to += x <= v;
    next = std::min(next, x > v ? x : kInfinity);
  }
  info.below = b.below_lo + (v > b.lo ? b.at_lo : 0) + inner_below;
  info.not_above = b.below_lo + b.at_lo + inner_up_to + (v == b.hi ? b.at_hi : 0);
  // Values above a finite bracket were counted, not kept.
  if (detail == RankFinder::Detail::kWithNext) {
    info.next = next == kInfinity && b.hi != kInfinity ? SmallestAbove(values, v) : next;
  }
  return true;
}

}  // namespace

RankFinder::RankFinder(absl::Span<const double> values) : values_(values) {
  if (values.size() < kSampleFrom) return;
  sample_.reserve(kSampleSize);
  // A fixed-seed generator: the sample only speeds the search up, and the
  // answers are exact whatever it holds, but the run time stays repeatable.
  uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (size_t i = 0; i < kSampleSize; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    sample_.push_back(values[static_cast<size_t>((state >> 11) % values.size())]);
  }
  std::sort(sample_.begin(), sample_.end());
}

std::vector<RankInfo> RankFinder::Find(const std::vector<uint64_t>& ranks,
                                       Detail detail) const {
  std::vector<RankInfo> answers(ranks.size(), RankInfo{0, 0, 0, kInfinity});
  std::vector<bool> answered(ranks.size(), false);
  if (!sample_.empty()) {
    std::vector<size_t> order(ranks.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return ranks[a] < ranks[b]; });
    const double size = static_cast<double>(values_.size());
    const double samples = static_cast<double>(sample_.size());
    // A rank's position in the sample has a standard deviation of at most
    // sqrt(samples) / 2; four of them on each side make a miss very unlikely.
    const double spread = 2 * std::sqrt(samples) + 2;
    for (size_t first = 0; first < order.size(); first += kMaxBrackets) {
      const size_t last = std::min(order.size(), first + kMaxBrackets);
      std::vector<Bracket> brackets;
      std::vector<size_t> bracket_of(ranks.size());
      for (size_t k = first; k < last; ++k) {
        const size_t i = order[k];
        const double position = (static_cast<double>(ranks[i]) + 0.5) / size * samples;
        const double lo_position = position - spread;
        const double hi_position = std::ceil(position + spread);
        const double lo =
            lo_position < 0 ? -kInfinity : sample_[static_cast<size_t>(lo_position)];
        const double hi =
            hi_position >= samples ? kInfinity : sample_[static_cast<size_t>(hi_position)];
        if (!brackets.empty() && lo <= brackets.back().hi) {
          brackets.back().hi = std::max(brackets.back().hi, hi);
        } else {
          Bracket& added = brackets.emplace_back();
          added.lo = lo;
          added.hi = hi;
        }
        bracket_of[i] = brackets.size() - 1;
      }
      CountAndCollect(values_, brackets);
      for (size_t k = first; k < last; ++k) {
        const size_t i = order[k];
        answered[i] = AnswerFromBracket(values_, brackets[bracket_of[i]], ranks[i],
                                        detail, answers[i]);
      }
    }
  }
  std::vector<double> copy;
  for (size_t i = 0; i < ranks.size(); ++i) {
    if (!answered[i]) answers[i] = ExactRank(values_, copy, ranks[i], detail);
  }
  return answers;
}

std::vector<double> EqualStepProbabilities(int bins) {
  std::vector<double> probs;
  if (bins < 2) return probs;
  const double step = 1.0 / bins;
  for (int i = 1; i < bins; ++i) probs.push_back(i * step);
  return probs;
}

std::vector<double> QuantilesType7(absl::Span<const double> values,
                                   const std::vector<double>& probs) {
  std::vector<double> quantiles;
  if (values.empty()) return quantiles;
  const double n_minus_1 = static_cast<double>(values.size() - 1);
  std::vector<uint64_t> ranks;
  for (double p : probs) {
    const double index = 1 + n_minus_1 * p;  // 1-based, as in R
    const double lo = std::floor(index);
    ranks.push_back(static_cast<uint64_t>(lo) - 1);
    if (index > lo) ranks.push_back(static_cast<uint64_t>(lo));
  }
  const std::vector<RankInfo> found =
      RankFinder(values).Find(ranks, RankFinder::Detail::kValue);
  size_t k = 0;
  for (double p : probs) {
    const double index = 1 + n_minus_1 * p;
    const double lo = std::floor(index);
    double q = found[k++].value;
    if (index > lo) {
      const double hi = found[k++].value;
      if (hi != q) {
        const double h = index - lo;
        q = (1 - h) * q + h * hi;
      }
    }
    quantiles.push_back(q);
  }
  return quantiles;
}

}  // namespace tessera::internal
