// tessera_pipeline: configuring strategies, rule files and previous tiers.
#include <memory>
#include <new>
#include <string>

#include "absl/strings/str_cat.h"
#include "arguments.h"
#include "errors.h"
#include "handles.h"
#include "host_strategy.h"
#include "options.h"

namespace tessera::capi {
namespace {

std::string StrategyNames(const StrategyRegistry& registry) {
  std::string names;
  for (const StrategyRegistry::Entry& entry : registry.List()) {
    absl::StrAppend(&names, entry.name, "\n");
  }
  return names;
}

// A body that configures a pipeline.
template <typename Body>
int Configure(const char* function, tessera_pipeline* pipeline, Body&& body) {
  return Guard(function, [&]() -> int {
    if (int rc = NotNull(function, "pipeline", pipeline)) return rc;
    return body(*pipeline);
  });
}

// Adds a parsed rule file unless one of its sets is already defined, since
// a set's columns can exist only once.
int AddRuleFile(const char* function, tessera_pipeline& pipeline, RuleFile file) {
  for (const RuleFile::RuleSetInfo& set : file.sets()) {
    const RuleFile* other = FileDefiningSet(pipeline.options.rules, set.name);
    if (other == nullptr) continue;
    return Fail(TESSERA_EEXISTS, function,
                absl::StrCat("rule set '", set.name, "' is already defined by '",
                             std::string(other->source_name()), "'"));
  }
  pipeline.options.rules.push_back(std::move(file));
  return TESSERA_OK;
}

int AddRuleText(const char* function, tessera_pipeline& pipeline, std::string_view text,
                std::string_view source_name) {
  absl::StatusOr<RuleFile> file = RuleFile::Parse(text, source_name);
  if (!file.ok()) return FailWith(TESSERA_EPARSE, function, file.status());
  return AddRuleFile(function, pipeline, *std::move(file));
}

}  // namespace

const RuleFile* FileDefiningSet(const std::vector<RuleFile>& rules, std::string_view set) {
  for (const RuleFile& file : rules) {
    if (file.FindSet(set) != nullptr) return &file;
  }
  return nullptr;
}

}  // namespace tessera::capi

using tessera::capi::Configure;
using tessera::capi::Fail;
using tessera::capi::NotNull;

extern "C" {

int tessera_pipeline_create(tessera_pipeline** out, const tessera_run_options* opts) {
  const char* function = "tessera_pipeline_create";
  return tessera::capi::Guard(function, [&]() -> int {
    if (int rc = NotNull(function, "out", out)) return rc;
    *out = nullptr;
    auto pipeline = std::make_unique<tessera_pipeline>();
    pipeline->options.strategies.clear();
    tessera_run_options defaults = TESSERA_RUN_OPTIONS_INIT;
    if (int rc = tessera::capi::ToFeatureOptions(function, opts != nullptr ? *opts : defaults,
                                                 pipeline->options.features,
                                                 pipeline->as_of_auto)) {
      return rc;
    }
    pipeline->strategy_names.push_back(tessera::capi::StrategyNames(pipeline->registry));
    *out = pipeline.release();
    return TESSERA_OK;
  });
}

void tessera_pipeline_free(tessera_pipeline* pipeline) { delete pipeline; }

int tessera_pipeline_add_strategy(tessera_pipeline* pipeline, const char* name,
                                  const char* params) {
  const char* function = "tessera_pipeline_add_strategy";
  return Configure(function, pipeline, [&](tessera_pipeline& p) -> int {
    if (int rc = tessera::capi::Name(function, "name", name)) return rc;
    const std::string_view text = tessera::capi::TextOrEmpty(params);
    if (int rc = tessera::capi::Utf8(function, "params", text)) return rc;
    absl::StatusOr<tessera::StrategyParams> parsed = tessera::StrategyParams::Parse(text);
    if (!parsed.ok()) return tessera::capi::FailWith(function, parsed.status());
    absl::StatusOr<std::unique_ptr<tessera::Strategy>> strategy =
        p.registry.Create(name, *parsed);
    if (!strategy.ok()) return tessera::capi::FailWith(function, strategy.status());
    p.options.strategies.push_back({name, *std::move(parsed)});
    return TESSERA_OK;
  });
}

int tessera_pipeline_strategy_names(const tessera_pipeline* pipeline, const char** names) {
  const char* function = "tessera_pipeline_strategy_names";
  return tessera::capi::Guard(function, [&]() -> int {
    if (int rc = NotNull(function, "names", names)) return rc;
    *names = nullptr;
    if (int rc = NotNull(function, "pipeline", pipeline)) return rc;
    *names = pipeline->strategy_names.back().c_str();
    return TESSERA_OK;
  });
}

int tessera_pipeline_add_rules(tessera_pipeline* pipeline, const char* text,
                               const char* source_name) {
  const char* function = "tessera_pipeline_add_rules";
  return Configure(function, pipeline, [&](tessera_pipeline& p) -> int {
    if (int rc = NotNull(function, "text", text)) return rc;
    const std::string_view source = source_name == nullptr ? "rules" : source_name;
    if (int rc = tessera::capi::Utf8(function, "source_name", source)) return rc;
    return tessera::capi::AddRuleText(function, p, text, source);
  });
}

int tessera_pipeline_add_builtin_rules(tessera_pipeline* pipeline, const char* name) {
  const char* function = "tessera_pipeline_add_builtin_rules";
  return Configure(function, pipeline, [&](tessera_pipeline& p) -> int {
    if (int rc = tessera::capi::Name(function, "name", name)) return rc;
    absl::StatusOr<std::string_view> text = tessera::BuiltinRuleFile(name);
    if (!text.ok()) return tessera::capi::FailWith(function, text.status());
    return tessera::capi::AddRuleText(function, p, *text, name);
  });
}

int tessera_pipeline_set_previous_tiers(tessera_pipeline* pipeline,
                                        const tessera_tier_snapshot* snapshot) {
  const char* function = "tessera_pipeline_set_previous_tiers";
  return Configure(function, pipeline, [&](tessera_pipeline& p) -> int {
    if (int rc = NotNull(function, "snapshot", snapshot)) return rc;
    p.options.previous_tiers.insert_or_assign(snapshot->snapshot.rule_set, snapshot->snapshot);
    return TESSERA_OK;
  });
}

int tessera_pipeline_register_strategy(tessera_pipeline* pipeline,
                                       const tessera_host_strategy* strategy) {
  const char* function = "tessera_pipeline_register_strategy";
  return Configure(function, pipeline, [&](tessera_pipeline& p) -> int {
    if (int rc = NotNull(function, "strategy", strategy)) return rc;
    if (int rc = tessera::capi::RegisterHostStrategy(function, p.registry, *strategy)) return rc;
    // The pipeline owns the payload now, so this call must not fail: a host
    // told it failed would free the payload itself. Without the memory for a
    // new list, the names read on keep the old one.
    try {
      p.strategy_names.push_back(tessera::capi::StrategyNames(p.registry));
    } catch (const std::bad_alloc&) {
    }
    return TESSERA_OK;
  });
}

}  // extern "C"
