#include "tessera/rfm.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "absl_compat.h"
#include "parallel.h"
#include "rfm_breaks.h"
#include "rfm_segments.h"
#include "scratch.h"

namespace tessera {

namespace {

constexpr size_t kMinChunk = size_t{1} << 14;
constexpr int kMaxBins = 9;

enum Dimension { kRecency, kFrequency, kMonetary, kDimensionCount };

constexpr const char* kDimensionNames[kDimensionCount] = {"recency", "frequency",
                                                          "monetary"};

// The three feature columns, and which customers take part in the scores.
struct RfmInputs {
  const double* values[kDimensionCount];
  size_t count;
  std::vector<uint8_t> buyer;
  size_t buyers;

  // Customers who never bought have frequency 0 (or NaN) and recency NaN;
  // requiring all three finite keeps NaN out of the break points for good.
  bool IsBuyer(size_t c) const {
    const double frequency = values[kFrequency][c];
    return frequency > 0 && std::isfinite(frequency) &&
           std::isfinite(values[kRecency][c]) && std::isfinite(values[kMonetary][c]);
  }
};

struct DimensionPlan {
  enum class Source { kQuantile, kTieAware, kCustom };
  int bins = 0;
  bool reversed = false;  // recency: the lowest bin scores `bins`
  std::vector<double> breaks;
  Source source = Source::kQuantile;
};

// How many customers got each score (0 = did not buy), per dimension.
using ScoreCount = std::array<uint64_t, kMaxBins + 1>;
using ScoreCounts = std::array<ScoreCount, kDimensionCount>;

class RfmStrategy final : public Strategy {
 public:
  explicit RfmStrategy(RfmOptions options)
      : options_(std::move(options)), segments_(options_) {}

  std::string_view name() const override { return "rfm"; }

  absl::Status Score(const StrategyInput& input, ScoreTable& out,
                     std::vector<std::string>& warnings) const override;

 private:
  DimensionPlan Plan(const RfmInputs& inputs, int d) const;

  RfmOptions options_;
  internal::SegmentLookup segments_;
};

DimensionPlan RfmStrategy::Plan(const RfmInputs& inputs, int d) const {
  const int bins[kDimensionCount] = {options_.recency_bins, options_.frequency_bins,
                                     options_.monetary_bins};
  const std::vector<double>* custom[kDimensionCount] = {
      &options_.recency_breaks, &options_.frequency_breaks, &options_.monetary_breaks};
  DimensionPlan plan;
  plan.bins = bins[d];
  plan.reversed = d == kRecency;
  if (!custom[d]->empty()) {
    plan.source = DimensionPlan::Source::kCustom;
    plan.breaks = *custom[d];
    return plan;
  }
  plan.source = options_.binning == RfmBinning::kTieAware
                    ? DimensionPlan::Source::kTieAware
                    : DimensionPlan::Source::kQuantile;
  if (inputs.buyers == 0) return plan;  // nobody to score

  // The buyers' values: the column itself when everyone bought.
  std::vector<double> gathered;
  absl::Span<const double> values(inputs.values[d], inputs.count);
  if (inputs.buyers < inputs.count) {
    gathered.reserve(inputs.buyers);
    for (size_t c = 0; c < inputs.count; ++c) {
      if (inputs.buyer[c]) gathered.push_back(inputs.values[d][c]);
    }
    values = gathered;
  }
  plan.breaks = plan.source == DimensionPlan::Source::kTieAware
                    ? internal::TieAwareBreaks(values, plan.bins)
                    : internal::QuantileBreaks(values, plan.bins);
  return plan;
}

// One chunk of one dimension to score: out[c] for c in [begin, end).
struct ScoreSpan {
  const double* values;
  const uint8_t* buyer;
  uint8_t* out;
  size_t begin;
  size_t end;
  int flip;  // bins + 1 for recency (score = flip - bin), else 0
};

// The per-customer loop, unrolled for kBreaks break points: no branches, and
// four interleaved tallies so that runs of one score do not wait on each
// other's increments.
template <int kBreaks>
ScoreCount ScoreWith(const ScoreSpan& span, const double* breaks) {
  constexpr size_t kLanes = 4;
  uint64_t tally[kLanes][kMaxBins + 1] = {};
  // Locals, so that the byte stores below cannot alias them and they stay in
  // registers.
  double b[kBreaks > 0 ? kBreaks : 1];
  std::copy(breaks, breaks + kBreaks, b);
  const double* values = span.values;
  const uint8_t* buyer = span.buyer;
  uint8_t* out = span.out;
  const int flip = span.flip;
  for (size_t c = span.begin; c < span.end; ++c) {
    const double x = values[c];
    int bin = 1;
    for (int j = 0; j < kBreaks; ++j) bin += x >= b[j] ? 1 : 0;
    const int score = flip == 0 ? bin : flip - bin;
    const int kept = buyer[c] != 0 ? score : 0;  // NaN of prospects drops here
    out[c] = static_cast<uint8_t>(kept);
    ++tally[c % kLanes][kept];
  }
  ScoreCount counts{};
  for (size_t lane = 0; lane < kLanes; ++lane) {
    for (size_t k = 0; k <= kMaxBins; ++k) counts[k] += tally[lane][k];
  }
  return counts;
}

ScoreCount ScoreDimension(const ScoreSpan& span, const std::vector<double>& breaks) {
  const double* b = breaks.data();
  switch (breaks.size()) {
    case 0: return ScoreWith<0>(span, b);
    case 1: return ScoreWith<1>(span, b);
    case 2: return ScoreWith<2>(span, b);
    case 3: return ScoreWith<3>(span, b);
    case 4: return ScoreWith<4>(span, b);
    case 5: return ScoreWith<5>(span, b);
    case 6: return ScoreWith<6>(span, b);
    case 7: return ScoreWith<7>(span, b);
    default: return ScoreWith<kMaxBins - 1>(span, b);
  }
}

std::string EmptyScoresWarning(Dimension d, const DimensionPlan& plan,
                               const ScoreCount& counts) {
  std::vector<int> empty;
  for (int score = 1; score <= plan.bins; ++score) {
    if (counts[static_cast<size_t>(score)] == 0) empty.push_back(score);
  }
  if (empty.empty()) return "";
  std::string text = absl::StrCat(
      "rfm: ", kDimensionNames[d], " score", empty.size() > 1 ? "s " : " ",
      absl::StrJoin(empty, ", "), empty.size() > 1 ? " are" : " is",
      " empty with break points ", absl::StrJoin(plan.breaks, ", "));
  switch (plan.source) {
    case DimensionPlan::Source::kQuantile:
      absl::StrAppend(
          &text,
          std::adjacent_find(plan.breaks.begin(), plan.breaks.end()) != plan.breaks.end()
              ? " (R rfm quantiles; tied values make break points coincide)"
              : " (R rfm quantiles)",
          "; binning=tie_aware assigns each distinct value wholly to one bin");
      break;
    case DimensionPlan::Source::kTieAware:
      absl::StrAppend(&text, " (fewer distinct values than the ", plan.bins, " bins)");
      break;
    case DimensionPlan::Source::kCustom:
      absl::StrAppend(&text, " (custom break points)");
      break;
  }
  return text;
}

// Writes f(c) for every customer, on all requested cores.
template <typename T, typename Fn>
void FillColumn(std::vector<T>& column, int num_threads, Fn&& f) {
  internal::ParallelChunks(column.size(), num_threads, kMinChunk,
                           [&](int, size_t begin, size_t end) {
                             for (size_t c = begin; c < end; ++c) column[c] = f(c);
                           });
}

absl::StatusOr<RfmInputs> ReadInputs(const FeatureTable& features, size_t count,
                                     int num_threads) {
  const std::string_view names[kDimensionCount] = {
      feature::kRecencyDays, feature::kFrequency, feature::kMonetary};
  RfmInputs inputs;
  inputs.count = count;
  for (int d = 0; d < kDimensionCount; ++d) {
    absl::StatusOr<const std::vector<double>*> column = features.Get(names[d]);
    if (!column.ok()) return column.status();
    if ((*column)->size() != count) {
      return absl::InternalError(absl::StrCat("feature column ", internal::ToAbsl(names[d]),
                                              " has ", (*column)->size(),
                                              " values for ", count, " customers"));
    }
    inputs.values[d] = (*column)->data();
  }
  inputs.buyer.resize(count);
  FillColumn(inputs.buyer, num_threads, [&](size_t c) -> uint8_t { return inputs.IsBuyer(c); });
  inputs.buyers = static_cast<size_t>(std::count(inputs.buyer.begin(), inputs.buyer.end(), 1));
  return inputs;
}

absl::Status RfmStrategy::Score(const StrategyInput& input, ScoreTable& out,
                                std::vector<std::string>& warnings) const {
  const size_t count = out.customer_count();
  const int num_threads = input.feature_options.num_threads;
  absl::StatusOr<RfmInputs> read = ReadInputs(input.features, count, num_threads);
  if (!read.ok()) return read.status();
  const RfmInputs& inputs = *read;

  // One dimension per thread: each finds its break points independently.
  std::array<DimensionPlan, kDimensionCount> plans;
  internal::ParallelChunks(kDimensionCount, num_threads, 1, [&](int, size_t begin, size_t end) {
    for (size_t d = begin; d < end; ++d) plans[d] = Plan(inputs, static_cast<int>(d));
  });

  // Scores as bytes first, counted per chunk and merged in chunk order.
  std::vector<uint8_t> scores[kDimensionCount];
  std::vector<ScoreCounts> chunk_counts(
      static_cast<size_t>(internal::ResolveThreads(num_threads)), ScoreCounts{});
  for (int d = 0; d < kDimensionCount; ++d) {
    const DimensionPlan& plan = plans[d];
    scores[d].resize(count);
    internal::ParallelChunks(count, num_threads, kMinChunk, [&](int chunk, size_t begin,
                                                                size_t end) {
      ScoreSpan span{inputs.values[d], inputs.buyer.data(), scores[d].data(), begin, end,
                     plan.reversed ? plan.bins + 1 : 0};
      chunk_counts[static_cast<size_t>(chunk)][d] = ScoreDimension(span, plan.breaks);
    });
  }
  ScoreCounts counts{};
  for (const ScoreCounts& partial : chunk_counts) {
    for (int d = 0; d < kDimensionCount; ++d) {
      for (size_t k = 0; k <= kMaxBins; ++k) counts[d][k] += partial[d][k];
    }
  }

  if (inputs.buyers > 0) {
    for (int d = 0; d < kDimensionCount; ++d) {
      std::string warning = EmptyScoresWarning(static_cast<Dimension>(d), plans[d], counts[d]);
      if (!warning.empty()) warnings.push_back(std::move(warning));
    }
    if (options_.segments.empty()) {
      const bool not_five = options_.recency_bins != 5 || options_.frequency_bins != 5 ||
                            options_.monetary_bins != 5;
      warnings.push_back(absl::StrCat(
          "rfm: the segment table is empty, so every customer who bought is '",
          options_.fallback_segment, "'",
          not_five ? " (the default table is defined for 5 bins per dimension and is "
                     "not used with other bin counts)"
                   : ""));
    }
  }

  // A column per thread at a time: most of the cost of a fresh million-value
  // column is faulting its pages in, which one thread can do for one column.
  // Numeric columns come from the scratch cache when an earlier table left
  // some there; every value is written below.
  std::vector<double> numeric[kDimensionCount + 1];
  std::vector<int32_t> segment;
  internal::ParallelChunks(kDimensionCount + 2, num_threads, 1, [&](int, size_t begin,
                                                                    size_t end) {
    for (size_t k = begin; k < end; ++k) {
      if (k < kDimensionCount) {
        numeric[k] = internal::TakeColumn(count);
        std::copy(scores[k].begin(), scores[k].end(), numeric[k].begin());
      } else if (k == kDimensionCount) {
        numeric[k] = internal::TakeColumn(count);
        for (size_t c = 0; c < count; ++c) {
          numeric[k][c] =
              100 * scores[kRecency][c] + 10 * scores[kFrequency][c] + scores[kMonetary][c];
        }
      } else {
        segment.resize(count);
        for (size_t c = 0; c < count; ++c) {
          segment[c] = segments_.Code(scores[kRecency][c], scores[kFrequency][c],
                                      scores[kMonetary][c]);
        }
      }
    }
  });
  const char* columns[kDimensionCount + 1] = {"rfm.r", "rfm.f", "rfm.m", "rfm.score"};
  for (int k = 0; k <= kDimensionCount; ++k) out.AddNumeric(columns[k], std::move(numeric[k]));
  out.AddCategorical("rfm.segment", segments_.labels(), std::move(segment));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Strategy>> MakeRfmStrategy(RfmOptions options) {
  if (absl::Status status = ValidateRfmOptions(options); !status.ok()) return status;
  return std::unique_ptr<Strategy>(new RfmStrategy(std::move(options)));
}

}  // namespace tessera
