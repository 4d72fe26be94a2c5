// The shadowed-rule check (src/rules/rule_coverage.h) on a real segment
// table, on hostile rules it must give up on, and on long rule sets where
// the per-set bound on work decides how far it gets.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "benchmark/benchmark.h"
#include "rules/rule_ast.h"
#include "rules/rule_coverage.h"
#include "tessera/rules.h"

namespace tessera::bench {
namespace {

using rules_internal::NameDomain;

class NumericNames {
 public:
  const NameDomain* operator()(const std::string& name) {
    auto [it, added] = domains_.try_emplace(name);
    if (added) it->second.key = name;
    return &it->second;
  }

 private:
  std::map<std::string, NameDomain> domains_;
};

void RunCheck(benchmark::State& state, const std::string& text) {
  RuleLimits limits;
  limits.max_text_bytes = size_t{16} << 20;
  absl::StatusOr<RuleFile> file = RuleFile::Parse(text, "bench", limits);
  if (!file.ok()) {
    state.SkipWithError(std::string(file.status().message()).c_str());
    return;
  }
  NumericNames names;
  rules_internal::DomainLookup lookup = [&](const std::string& name) { return names(name); };
  size_t shadowed = 0;
  for (auto _ : state) {
    shadowed = rules_internal::FindShadowedRules(file->ast().sets[0], lookup).size();
    benchmark::DoNotOptimize(shadowed);
  }
  state.counters["shadowed"] = static_cast<double>(shadowed);
}

std::string Rule(int index, const std::string& condition) {
  return absl::StrCat("tier \"t", index, "\" when ", condition, "\n");
}

// The R package rfm's segment table (data/REFERENCE.md).
void BM_RfmSegmentTable(benchmark::State& state) {
  const int ranges[10][6] = {{4, 5, 4, 5, 4, 5}, {2, 5, 3, 5, 3, 5}, {3, 5, 1, 3, 1, 3},
                             {4, 5, 1, 1, 1, 1}, {3, 4, 1, 1, 1, 1}, {2, 3, 2, 3, 2, 3},
                             {2, 3, 1, 2, 1, 2}, {1, 2, 2, 5, 2, 5}, {1, 1, 4, 5, 4, 5},
                             {1, 2, 1, 2, 1, 2}};
  std::string text;
  for (int i = 0; i < 10; ++i) {
    const int* r = ranges[i];
    text += Rule(i, absl::StrCat("rfm.r between ", r[0], " and ", r[1], " and rfm.f between ", r[2],
                                 " and ", r[3], " and rfm.m between ", r[4], " and ", r[5]));
  }
  RunCheck(state, text);
}
BENCHMARK(BM_RfmSegmentTable);

// (n1 > 0 or m1 > 0) and ... : 2^factors boxes, given up past max_boxes.
void BM_AndOfOrs(benchmark::State& state) {
  std::vector<std::string> factors;
  for (int i = 0; i < state.range(0); ++i) {
    factors.push_back(absl::StrCat("(n", i, " > 0 or m", i, " > 0)"));
  }
  RunCheck(state, Rule(0, "n0 <= 0 or n0 > 0 or n0 is missing") +
                      Rule(1, absl::StrJoin(factors, " and ")));
}
BENCHMARK(BM_AndOfOrs)->Arg(4)->Arg(12)->Arg(16)->Arg(60);

// Rules over 3 of 20 columns with literals 0..9: long sets of small rules.
void BM_ManySmallRules(benchmark::State& state) {
  std::string text;
  uint32_t seed = 12345;
  auto next = [&seed](uint32_t n) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % n;
  };
  for (int i = 0; i < state.range(0); ++i) {
    std::vector<std::string> parts;
    for (int k = 0; k < 3; ++k) {
      const uint32_t low = next(10);
      parts.push_back(absl::StrCat("c", next(20), " between ", low, " and ", low + next(10 - low)));
    }
    text += Rule(i, absl::StrJoin(parts, " and "));
  }
  RunCheck(state, text);
}
BENCHMARK(BM_ManySmallRules)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// Many rules each just within max_boxes: the per-set bound stops the run.
void BM_ManyHeavyRules(benchmark::State& state) {
  std::vector<std::string> factors;
  for (int i = 0; i < 13; ++i) factors.push_back(absl::StrCat("(n", i, " > 0 or m", i, " > 0)"));
  const std::string heavy = absl::StrJoin(factors, " and ");
  std::string text;
  for (int i = 0; i < state.range(0); ++i) text += Rule(i, heavy);
  RunCheck(state, text);
}
BENCHMARK(BM_ManyHeavyRules)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tessera::bench
