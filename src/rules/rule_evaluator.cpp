#include "rules/rule_evaluator.h"

#include <algorithm>
#include <cstring>

#include "parallel.h"
#include "rules/rule_kernels.h"

namespace tessera {
namespace rules_internal {
namespace {

using Op = ProgramNode::Op;

using kernels::kWordBits;
constexpr size_t kBlockWords = 64;
constexpr size_t kBlockSize = kWordBits * kBlockWords;
// Below this many blocks per thread, starting threads costs more than it saves.
constexpr size_t kMinBlocksPerThread = 4;
// `in` lists longer than this are searched by bisection.
constexpr uint32_t kLinearListMax = 8;

int LowestBit(uint64_t word) {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_ctzll(word);
#else
  int bit = 0;
  while ((word & 1) == 0) {
    word >>= 1;
    ++bit;
  }
  return bit;
#endif
}

class BlockEvaluator {
 public:
  BlockEvaluator(const RuleSetProgram& program, size_t customer_count)
      : program_(program),
        customer_count_(customer_count),
        scratch_((2 * static_cast<size_t>(program.depth) + 2) * kBlockWords) {}

  // Moves to block `block` and sets `open` to the mask of its customers.
  void StartBlock(size_t block, uint64_t* open) {
    base_ = block * kBlockSize;
    count_ = std::min(kBlockSize, customer_count_ - base_);
    words_ = (count_ + kWordBits - 1) / kWordBits;
    for (size_t w = 0; w < kBlockWords; ++w) {
      const size_t first = w * kWordBits;
      open[w] = first >= count_               ? 0
                : count_ - first >= kWordBits ? ~uint64_t{0}
                                              : (uint64_t{1} << (count_ - first)) - 1;
    }
  }

  size_t words() const { return words_; }
  size_t base() const { return base_; }

  // out = active and (node is true); words of `active` that are zero are
  // not looked at, so rules cost nothing where every customer is taken.
  void Eval(uint32_t index, const uint64_t* active, uint64_t* out, uint64_t* scratch) const {
    const ProgramNode& node = program_.nodes[index];
    if (node.op == Op::kAnd || node.op == Op::kOr) {
      EvalBranch(node, active, out, scratch);
      return;
    }
    EvalLeaf(node, active, out);
  }

  uint64_t* scratch() { return scratch_.data(); }

 private:
  void EvalBranch(const ProgramNode& node, const uint64_t* active, uint64_t* out,
                  uint64_t* scratch) const {
    const uint32_t* children = program_.children.data() + node.first;
    uint64_t* deeper = scratch + 2 * kBlockWords;
    Eval(children[0], active, out, deeper);
    if (node.op == Op::kAnd) {
      // Each child only looks at customers every earlier child held true for.
      uint64_t* next = scratch;
      for (uint32_t c = 1; c < node.count; ++c) {
        if (!AnySet(out)) return;
        Eval(children[c], out, next, deeper);
        std::memcpy(out, next, words_ * sizeof(uint64_t));
      }
      return;
    }
    // Each child only looks at customers no earlier child held true for.
    uint64_t* rest = scratch;
    uint64_t* next = scratch + kBlockWords;
    for (uint32_t c = 1; c < node.count; ++c) {
      uint64_t any = 0;
      for (size_t w = 0; w < words_; ++w) {
        rest[w] = active[w] & ~out[w];
        any |= rest[w];
      }
      if (any == 0) return;
      Eval(children[c], rest, next, deeper);
      for (size_t w = 0; w < words_; ++w) out[w] |= next[w];
    }
  }

  bool AnySet(const uint64_t* mask) const {
    uint64_t any = 0;
    for (size_t w = 0; w < words_; ++w) any |= mask[w];
    return any != 0;
  }

  template <typename Pred>
  void Numeric(const double* values, const uint64_t* active, uint64_t* out,
               const Pred& pred) const {
    for (size_t w = 0; w < words_; ++w) {
      if (active[w] == 0) {
        out[w] = 0;
        continue;
      }
      const size_t first = w * kWordBits;
      out[w] = active[w] & kernels::NumericWord(values + base_ + first,
                                                std::min(kWordBits, count_ - first), pred);
    }
  }

  void Labels(const ProgramNode& node, const uint64_t* active, uint64_t* out) const {
    const int32_t* codes = node.codes + base_;
    const uint8_t* table = program_.tables.data() + node.first;
    for (size_t w = 0; w < words_; ++w) {
      if (active[w] == 0) {
        out[w] = 0;
        continue;
      }
      const size_t first = w * kWordBits;
      const size_t len = std::min(kWordBits, count_ - first);
#if defined(__SSE2__)
      if (node.use_list && len == kWordBits) {
        out[w] = active[w] & kernels::LabelListWord(
                                 codes + first, program_.label_codes.data() + node.list_first,
                                 node.list_count, node.list_wanted,
                                 static_cast<int32_t>(node.count));
        continue;
      }
#endif
      out[w] = active[w] & kernels::LabelTableWord(codes + first, len, table, node.count + 1);
    }
  }

  void EvalLeaf(const ProgramNode& node, const uint64_t* active, uint64_t* out) const {
    const double* v = node.values;
    const double c = node.low;
    switch (node.op) {
      case Op::kLess: return Numeric(v, active, out, kernels::Less{c});
      case Op::kLessEqual: return Numeric(v, active, out, kernels::LessEqual{c});
      case Op::kGreater: return Numeric(v, active, out, kernels::Greater{c});
      case Op::kGreaterEqual: return Numeric(v, active, out, kernels::GreaterEqual{c});
      case Op::kEqual: return Numeric(v, active, out, kernels::Equal{c});
      case Op::kNotEqual: return Numeric(v, active, out, kernels::NotEqual{c});
      case Op::kBetween: return Numeric(v, active, out, kernels::Between{c, node.high});
      case Op::kOutside: return Numeric(v, active, out, kernels::Outside{c, node.high});
      case Op::kMissing: return Numeric(v, active, out, kernels::Missing{});
      case Op::kPresent: return Numeric(v, active, out, kernels::Present{});
      case Op::kIn:
      case Op::kNotIn:
        return InList(node, active, out);
      case Op::kLabel: return Labels(node, active, out);
      case Op::kAnd:
      case Op::kOr:
        break;
    }
  }

  void InList(const ProgramNode& node, const uint64_t* active, uint64_t* out) const {
    const double* list = program_.constants.data() + node.first;
    const bool wanted = node.op == Op::kIn;
    if (node.count <= kLinearListMax) {
      return Numeric(node.values, active, out, kernels::InShortList{list, node.count, wanted});
    }
    return Numeric(node.values, active, out,
                   kernels::InLongList{list, list + node.count, wanted});
  }

  const RuleSetProgram& program_;
  const size_t customer_count_;
  std::vector<uint64_t> scratch_;
  size_t base_ = 0;
  size_t count_ = 0;
  size_t words_ = 0;
};

}  // namespace

size_t EvaluateRuleSet(const RuleSetProgram& program, size_t customer_count, int num_threads,
                       const RuleSetOutput& out) {
  const size_t blocks = (customer_count + kBlockSize - 1) / kBlockSize;
  const size_t rules = program.roots.size();
  // By 1-based rule number, 0 for none.
  std::vector<int32_t> tier_of_number = {out.unassigned_tier};
  tier_of_number.insert(tier_of_number.end(), out.tier_of_rule.begin(), out.tier_of_rule.end());
  std::vector<size_t> unassigned(static_cast<size_t>(internal::ResolveThreads(num_threads)), 0);
  internal::ParallelChunks(
      blocks, num_threads, kMinBlocksPerThread, [&](int chunk, size_t begin, size_t end) {
        BlockEvaluator evaluator(program, customer_count);
        uint64_t open[kBlockWords];
        uint64_t matched[kBlockWords];
        // Matches are noted here, in cache, and written out in order once
        // per block rather than scattered over the output columns.
        std::vector<uint32_t> rule_of(kBlockSize);
        size_t left = 0;
        for (size_t block = begin; block < end; ++block) {
          evaluator.StartBlock(block, open);
          const size_t words = evaluator.words();
          std::fill(rule_of.begin(), rule_of.end(), 0);
          for (size_t r = 0; r < rules; ++r) {
            uint64_t any = 0;
            for (size_t w = 0; w < words; ++w) any |= open[w];
            if (any == 0) break;
            if (program.roots[r] < 0) {
              std::memcpy(matched, open, sizeof(open));
            } else {
              evaluator.Eval(static_cast<uint32_t>(program.roots[r]), open, matched,
                             evaluator.scratch());
            }
            const uint32_t number = static_cast<uint32_t>(r + 1);
            for (size_t w = 0; w < words; ++w) {
              uint64_t bits = matched[w];
              open[w] &= ~bits;
              for (; bits != 0; bits &= bits - 1) {
                rule_of[w * kWordBits + static_cast<size_t>(LowestBit(bits))] = number;
              }
            }
          }
          const size_t base = evaluator.base();
          const size_t count = std::min(kBlockSize, customer_count - base);
          for (size_t i = 0; i < count; ++i) {
            const uint32_t number = rule_of[i];
            out.tier[base + i] = tier_of_number[number];
            out.rule[base + i] = static_cast<double>(number);
            left += number == 0 ? 1 : 0;
          }
        }
        unassigned[static_cast<size_t>(chunk)] = left;
      });
  size_t total = 0;
  for (size_t left : unassigned) total += left;
  return total;
}

}  // namespace rules_internal
}  // namespace tessera
