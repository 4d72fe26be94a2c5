// The innermost loops of rule evaluation: one comparison over 64 customers
// packed into a 64-bit mask. With SSE2 (every x86-64 CPU) two doubles or
// four codes are compared per instruction; elsewhere, and for a dataset's
// last partial word, a plain loop gives the same bits.
#ifndef TESSERA_RULES_RULE_KERNELS_H_
#define TESSERA_RULES_RULE_KERNELS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tessera {
namespace rules_internal {
namespace kernels {

inline constexpr size_t kWordBits = 64;

// Each predicate is false on NaN except Missing, as the compiled program
// expects (rule_program.h). The SSE2 forms use ordered comparisons, which
// are false on NaN too.
struct Less {
  double c;
  bool operator()(double x) const { return x < c; }
#if defined(__SSE2__)
  __m128d operator()(__m128d x) const { return _mm_cmplt_pd(x, _mm_set1_pd(c)); }
#endif
};
struct LessEqual {
  double c;
  bool operator()(double x) const { return x <= c; }
#if defined(__SSE2__)
  __m128d operator()(__m128d x) const { return _mm_cmple_pd(x, _mm_set1_pd(c)); }
#endif
};
struct Greater {
  double c;
  bool operator()(double x) const { return x > c; }
#if defined(__SSE2__)
  __m128d operator()(__m128d x) const { return _mm_cmpgt_pd(x, _mm_set1_pd(c)); }
#endif
};
struct GreaterEqual {
  double c;
  bool operator()(double x) const { return x >= c; }
#if defined(__SSE2__)
  __m128d operator()(__m128d x) const { return _mm_cmpge_pd(x, _mm_set1_pd(c)); }
#endif
};
struct Equal {
  double c;
  bool operator()(double x) const { return x == c; }
#if defined(__SSE2__)
  __m128d operator()(__m128d x) const { return _mm_cmpeq_pd(x, _mm_set1_pd(c)); }
#endif
};
// Written as < or > because IEEE `!=` is true on NaN.
struct NotEqual {
  double c;
  bool operator()(double x) const { return x < c || x > c; }
#if defined(__SSE2__)
  __m128d operator()(__m128d x) const {
    const __m128d v = _mm_set1_pd(c);
    return _mm_or_pd(_mm_cmplt_pd(x, v), _mm_cmpgt_pd(x, v));
  }
#endif
};
struct Between {
  double low, high;
  bool operator()(double x) const { return x >= low && x <= high; }
#if defined(__SSE2__)
  __m128d operator()(__m128d x) const {
    return _mm_and_pd(_mm_cmpge_pd(x, _mm_set1_pd(low)), _mm_cmple_pd(x, _mm_set1_pd(high)));
  }
#endif
};
struct Outside {
  double low, high;
  bool operator()(double x) const { return x < low || x > high; }
#if defined(__SSE2__)
  __m128d operator()(__m128d x) const {
    return _mm_or_pd(_mm_cmplt_pd(x, _mm_set1_pd(low)), _mm_cmpgt_pd(x, _mm_set1_pd(high)));
  }
#endif
};
struct Missing {
  bool operator()(double x) const { return x != x; }
#if defined(__SSE2__)
  __m128d operator()(__m128d x) const { return _mm_cmpunord_pd(x, x); }
#endif
};
struct Present {
  bool operator()(double x) const { return x == x; }
#if defined(__SSE2__)
  __m128d operator()(__m128d x) const { return _mm_cmpord_pd(x, x); }
#endif
};
// A short `in` list; `wanted` false gives `not in` (still false on NaN).
struct InShortList {
  const double* list;
  uint32_t count;
  bool wanted;
  bool operator()(double x) const {
    bool found = false;
    for (uint32_t i = 0; i < count; ++i) found |= x == list[i];
    return x == x && found == wanted;
  }
#if defined(__SSE2__)
  __m128d operator()(__m128d x) const {
    __m128d found = _mm_setzero_pd();
    for (uint32_t i = 0; i < count; ++i) {
      found = _mm_or_pd(found, _mm_cmpeq_pd(x, _mm_set1_pd(list[i])));
    }
    return wanted ? found : _mm_andnot_pd(found, _mm_cmpord_pd(x, x));
  }
#endif
};

// A long `in` list, sorted: bisection, one value at a time.
struct InLongList {
  const double* list;
  const double* list_end;
  bool wanted;
  bool operator()(double x) const {
    return x == x && std::binary_search(list, list_end, x) == wanted;
  }
#if defined(__SSE2__)
  __m128d operator()(__m128d x) const {
    double lanes[2];
    _mm_storeu_pd(lanes, x);
    const int64_t high = (*this)(lanes[1]) ? -1 : 0;
    const int64_t low = (*this)(lanes[0]) ? -1 : 0;
    return _mm_castsi128_pd(_mm_set_epi64x(high, low));
  }
#endif
};

#if defined(__SSE2__)
// Sixteen all-ones-or-zero 32-bit lanes to sixteen bits: saturating packs
// keep -1 and 0, so one byte movemask reads them all.
inline unsigned MaskBits16(__m128i a, __m128i b, __m128i c, __m128i d) {
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_packs_epi16(_mm_packs_epi32(a, b), _mm_packs_epi32(c, d))));
}

// Two 64-bit lane masks for four customers as four 32-bit lanes.
inline __m128i Narrow(__m128d low, __m128d high) {
  return _mm_castps_si128(
      _mm_shuffle_ps(_mm_castpd_ps(low), _mm_castpd_ps(high), _MM_SHUFFLE(2, 0, 2, 0)));
}

template <typename Pred>
__m128i Four(const double* values, const Pred& pred) {
  return Narrow(pred(_mm_loadu_pd(values)), pred(_mm_loadu_pd(values + 2)));
}
#endif

// Bit j is pred(values[j]), for j < len (at most 64).
template <typename Pred>
uint64_t NumericWord(const double* values, size_t len, const Pred& pred) {
  uint64_t bits = 0;
#if defined(__SSE2__)
  if (len == kWordBits) {
    for (unsigned j = 0; j < kWordBits; j += 16) {
      const unsigned m = MaskBits16(Four(values + j, pred), Four(values + j + 4, pred),
                                    Four(values + j + 8, pred), Four(values + j + 12, pred));
      bits |= uint64_t{m} << j;
    }
    return bits;
  }
#endif
  for (unsigned j = 0; j < len; ++j) bits |= static_cast<uint64_t>(pred(values[j])) << j;
  return bits;
}

// Bit j from the lookup table: entry 1 + code, entry 0 for -1 and for any
// code out of range.
inline uint64_t LabelTableWord(const int32_t* codes, size_t len, const uint8_t* table,
                               uint32_t entries) {
  uint64_t bits = 0;
  for (unsigned j = 0; j < len; ++j) {
    uint32_t entry = static_cast<uint32_t>(codes[j]) + 1;
    entry = entry < entries ? entry : 0;
    bits |= static_cast<uint64_t>(table[entry]) << j;
  }
  return bits;
}

// The longest code list LabelListWord takes.
inline constexpr uint32_t kMaxListCodes = 4;

#if defined(__SSE2__)
// A full word of codes against a list of 1 to kMaxListCodes codes: bit j is
// set when codes[j] is listed (`wanted`), or when it is a valid code in
// [0, label_count) that is not listed (!wanted). Shorter lists repeat their
// first code, so the loop always makes four comparisons and no branch.
inline uint64_t LabelListWord(const int32_t* codes, const int32_t* list, uint32_t count,
                              bool wanted, int32_t label_count) {
  __m128i keys[kMaxListCodes];
  for (uint32_t i = 0; i < kMaxListCodes; ++i) keys[i] = _mm_set1_epi32(list[i < count ? i : 0]);
  const __m128i minus_one = _mm_set1_epi32(-1);
  const __m128i limit = _mm_set1_epi32(label_count);
  auto test = [&](const int32_t* four) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(four));
    const __m128i found =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi32(x, keys[0]), _mm_cmpeq_epi32(x, keys[1])),
                     _mm_or_si128(_mm_cmpeq_epi32(x, keys[2]), _mm_cmpeq_epi32(x, keys[3])));
    if (wanted) return found;
    const __m128i valid = _mm_and_si128(_mm_cmpgt_epi32(x, minus_one), _mm_cmplt_epi32(x, limit));
    return _mm_andnot_si128(found, valid);
  };
  uint64_t bits = 0;
  for (unsigned j = 0; j < kWordBits; j += 16) {
    const unsigned m =
        MaskBits16(test(codes + j), test(codes + j + 4), test(codes + j + 8), test(codes + j + 12));
    bits |= uint64_t{m} << j;
  }
  return bits;
}
#endif

}  // namespace kernels
}  // namespace rules_internal
}  // namespace tessera

#endif  // TESSERA_RULES_RULE_KERNELS_H_
