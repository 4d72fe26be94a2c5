// ApplyRules on 1M customers with a ten-rule set of the usual shapes:
// numeric comparisons, `between`, `in` lists on label columns, and / or /
// not, missing values here and there. The columns are made in memory once;
// each iteration binds, compiles and evaluates the set (binding is part of
// every real call and cheap), and only copying the input score table (so
// that the set's columns can be appended again) is left out of the timing.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_data.h"
#include "benchmark/benchmark.h"
#include "tessera/dataset.h"
#include "tessera/features.h"
#include "tessera/rules.h"
#include "tessera/scores.h"

namespace tessera::bench {
namespace {

constexpr size_t kCustomers = 1'000'000;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr std::string_view kRules = R"(ruleset "service"
tier "Key account" when abc == "A" and rfm.f >= 4 and lifecycle in ("active", "reactivated")
tier "Win back"    when abc in ("A", "B") and lifecycle in ("at_risk", "churned")
tier "Big project" when type == "project" and monetary between 20000 and 1000000
tier "Rising"      when frequency >= 3 and recency_days <= 60 and not (abc == "C")
tier "Nurture"     when lifecycle == "new" or rfm.segment in ("Potential Loyalist", "Promising")
tier "Lapsed"      when recency_days > 365 and monetary >= 500
tier "Regular"     when frequency between 2 and 10 and (rfm.m >= 3 or monetary_mean > 80)
tier "Small"       when monetary < 100 and type != "wholesale"
tier "Prospect"    when frequency == 0 or recency_days is missing
tier "Standard"    otherwise
)";

// A fixed-seed generator (PCG-style LCG step), so every run sees the same data.
class Random {
 public:
  uint32_t Next() {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state_ >> 33);
  }
  double Uniform() { return Next() / 2147483648.0; }

 private:
  uint64_t state_ = 20240601;
};

struct RuleInputsData {
  std::vector<std::string_view> types;
  Dataset dataset;
  FeatureTable features{kCustomers};
  ScoreTable scores{kCustomers};
  RuleFile rules;
};

absl::StatusOr<const RuleInputsData*> Inputs() {
  static std::unique_ptr<RuleInputsData> cached;
  if (cached != nullptr) return cached.get();
  auto data = std::make_unique<RuleInputsData>();
  Random random;
  std::vector<int64_t> keys(kCustomers);
  static constexpr std::string_view kTypes[] = {"retail", "project", "wholesale", ""};
  data->types.resize(kCustomers);
  for (size_t c = 0; c < kCustomers; ++c) {
    keys[c] = static_cast<int64_t>(c) * 7 + 1000;
    data->types[c] = kTypes[random.Next() % 4];
  }
  CustomerColumns customers;
  customers.int_keys = keys;
  customers.categorical.push_back({"type", data->types});
  absl::StatusOr<Dataset> dataset = BuildDataset(customers, TransactionColumns{});
  if (!dataset.ok()) return dataset.status();
  data->dataset = *std::move(dataset);

  std::vector<double> frequency(kCustomers), monetary(kCustomers), monetary_mean(kCustomers),
      recency(kCustomers), rfm_f(kCustomers), rfm_m(kCustomers);
  std::vector<int32_t> abc(kCustomers), stage(kCustomers), segment(kCustomers);
  for (size_t c = 0; c < kCustomers; ++c) {
    const bool prospect = random.Next() % 10 == 0;
    frequency[c] = prospect ? 0 : 1 + random.Next() % 20;
    monetary[c] = prospect ? 0 : std::round(std::exp(3 + 8 * random.Uniform()));
    monetary_mean[c] = prospect ? kNaN : monetary[c] / frequency[c];
    recency[c] = prospect ? kNaN : random.Next() % 730;
    rfm_f[c] = prospect ? kNaN : 1 + random.Next() % 5;
    rfm_m[c] = prospect ? kNaN : 1 + random.Next() % 5;
    abc[c] = prospect ? -1 : static_cast<int32_t>(random.Next() % 3);
    stage[c] = prospect ? -1 : static_cast<int32_t>(random.Next() % 5);
    segment[c] = prospect ? -1 : static_cast<int32_t>(random.Next() % 6);
  }
  data->features.Add("frequency", "") = std::move(frequency);
  data->features.Add("monetary", "") = std::move(monetary);
  data->features.Add("monetary_mean", "") = std::move(monetary_mean);
  data->features.Add("recency_days", "") = std::move(recency);
  data->scores.AddCategorical("abc.class", {"A", "B", "C"}) = std::move(abc);
  data->scores.AddNumeric("rfm.f") = std::move(rfm_f);
  data->scores.AddNumeric("rfm.m") = std::move(rfm_m);
  data->scores.AddCategorical("rfm.segment",
                              {"Champions", "Loyal Customers", "Potential Loyalist", "Promising",
                               "At Risk", "Lost"}) = std::move(segment);
  data->scores.AddCategorical(
      "lifecycle.stage", {"new", "active", "reactivated", "at_risk", "churned"}) = std::move(stage);
  absl::StatusOr<RuleFile> rules = RuleFile::Parse(kRules, "service.rules");
  if (!rules.ok()) return rules.status();
  data->rules = *std::move(rules);
  cached = std::move(data);
  return cached.get();
}

int AllCores() {
  if (const char* text = std::getenv("TESSERA_BENCH_THREADS")) {
    const int threads = std::atoi(text);
    if (threads > 0) return threads;
  }
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

void BM_ApplyRules(benchmark::State& state) {
  absl::StatusOr<const RuleInputsData*> inputs = Inputs();
  if (!Check(state, inputs.status())) return;
  const RuleInputsData& data = **inputs;
  RuleOptions options;
  options.num_threads = ThreadsArg(state);
  const RuleInputs rule_inputs{data.dataset, data.features};
  size_t warning_count = 0;
  std::unique_ptr<ScoreTable> scores;
  for (auto _ : state) {
    // Freeing the last iteration's table and copying the input are not
    // part of applying rules.
    state.PauseTiming();
    scores.reset();
    scores = std::make_unique<ScoreTable>(data.scores);
    std::vector<RuleWarning> warnings;
    state.ResumeTiming();
    if (!Check(state, ApplyRules(data.rules, rule_inputs, *scores, warnings, options))) return;
    benchmark::DoNotOptimize(scores->columns().data());
    warning_count = warnings.size();
  }
  state.counters["warnings"] = static_cast<double>(warning_count);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kCustomers));
  state.SetLabel("1M customers x 10 rules");
}

BENCHMARK(BM_ApplyRules)
    ->ArgNames({"customers", "threads"})
    ->Args({static_cast<int64_t>(kCustomers), 1})
    ->Args({static_cast<int64_t>(kCustomers), AllCores()})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tessera::bench
