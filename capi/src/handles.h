// What the C ABI's opaque handles are: each holds the core's C++ objects and
// whatever text it hands out, so that returned `const char*` stay valid for
// the handle's life.
#ifndef TESSERA_CAPI_HANDLES_H_
#define TESSERA_CAPI_HANDLES_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "tessera/dataset.h"
#include "tessera/pipeline.h"
#include "tessera/rules.h"
#include "tessera/strategy.h"
#include "tessera/tessera.h"
#include "tessera/tier_history.h"

namespace tessera::capi {

// A column of host strings copied into one buffer, with a view per value;
// a NULL value becomes an empty view. The buffer is a vector so that moving
// the column keeps the views valid.
struct TextColumn {
  std::vector<char> bytes;
  std::vector<std::string_view> views;
};

// What several handles share of one dataset: the dataset handle the host
// frees, and the one inside every result computed from it.
struct DatasetState {
  Dataset dataset;
  std::string summary;
  // Integer keys as text, made on the first tessera_dataset_key call.
  mutable std::once_flag key_text_once;
  mutable std::vector<char> key_text;
  mutable std::vector<size_t> key_offsets;
};

}  // namespace tessera::capi

struct tessera_dataset_builder {
  std::shared_ptr<const std::vector<int64_t>> int_keys;
  tessera::capi::TextColumn string_keys;
  std::shared_ptr<const std::vector<tessera::Day>> days;
  std::shared_ptr<const std::vector<int64_t>> epoch_seconds;
  std::shared_ptr<const std::vector<double>> amounts;
  std::shared_ptr<const std::vector<double>> quantities;
  tessera::capi::TextColumn categories;
  tessera::capi::TextColumn order_ids;

  std::vector<int64_t> customer_int_keys;
  tessera::capi::TextColumn customer_string_keys;
  struct TextAttribute {
    std::string name;
    tessera::capi::TextColumn values;
  };
  struct NumberAttribute {
    std::string name;
    std::vector<double> values;
  };
  std::vector<TextAttribute> text_attributes;
  std::vector<NumberAttribute> number_attributes;
};

struct tessera_dataset {
  std::shared_ptr<const tessera::capi::DatasetState> state;
};

struct tessera_pipeline {
  // The strategies, rule files and previous tiers of every run; as_of is
  // filled per run when as_of_auto.
  tessera::RunOptions options;
  bool as_of_auto = true;
  // Global()'s strategies plus the host's, for this pipeline only.
  tessera::StrategyRegistry registry{tessera::StrategyRegistry::Global()};
  // tessera_pipeline_strategy_names' text, the last entry current. Each
  // registration appends a new list rather than rewriting the old one, whose
  // pointer the host may still hold (text lives as long as its handle), and
  // reading never writes. A deque keeps earlier entries where they are.
  std::deque<std::string> strategy_names;
};

struct tessera_result {
  tessera_dataset dataset;
  tessera::RunResult run;
  std::vector<tessera::RuleFile> rules;
  tessera::Day as_of = tessera::kNoDay;
  // Features then score columns, as the C column numbers count them.
  struct Column {
    const std::string* name;
    int kind;
    const double* numeric;
    const tessera::ScoreColumn* score;  // null for a feature
  };
  std::vector<Column> columns;
};

struct tessera_tier_snapshot {
  tessera::TierSnapshot snapshot;
};

struct tessera_tier_migration {
  tessera::TierMigration migration;
  std::string text;
};

namespace tessera::capi {

// A dataset handle of its own for a dataset the core just made.
std::unique_ptr<tessera_dataset> MakeDatasetHandle(Dataset dataset);

// Fills result.columns from result.run.
void IndexColumns(tessera_result& result);

// The rule file among `rules` that defines `set`, or null.
const RuleFile* FileDefiningSet(const std::vector<RuleFile>& rules, std::string_view set);

// Fails with TESSERA_ENOTFOUND naming `set` and the sets of `rules`.
int NoRuleSet(const char* function, const std::vector<RuleFile>& rules, const char* set);

}  // namespace tessera::capi

#endif  // TESSERA_CAPI_HANDLES_H_
