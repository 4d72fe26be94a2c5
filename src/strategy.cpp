#include "tessera/strategy.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "builtin_strategies.h"

namespace tessera {

absl::StatusOr<StrategyParams> StrategyParams::Parse(std::string_view text) {
  StrategyParams params;
  for (absl::string_view item :
       absl::StrSplit(absl::string_view(text.data(), text.size()), ',', absl::SkipWhitespace())) {
    std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(item, absl::MaxSplits('=', 1));
    absl::string_view name = absl::StripAsciiWhitespace(kv.first);
    absl::string_view value = absl::StripAsciiWhitespace(kv.second);
    if (name.empty() || item.find('=') == absl::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter '", absl::StripAsciiWhitespace(item),
                       "' is not of the form name=value"));
    }
    if (params.values_.count(std::string(name)) != 0) {
      return absl::InvalidArgumentError(absl::StrCat("parameter '", name, "' given twice"));
    }
    params.Set(std::string(name), std::string(value));
  }
  return params;
}

void StrategyParams::Set(std::string name, std::string value) {
  values_[std::move(name)] = std::move(value);
}

ParamReader::ParamReader(std::string strategy, const StrategyParams& params)
    : strategy_(std::move(strategy)), params_(params) {}

const std::string* ParamReader::Lookup(std::string_view name) {
  known_.emplace_back(name);
  auto it = params_.values().find(std::string(name));
  return it == params_.values().end() ? nullptr : &it->second;
}

void ParamReader::Fail(std::string_view name, std::string_view expected,
                       const std::string& got) {
  if (!status_.ok()) return;
  status_ = absl::InvalidArgumentError(absl::StrCat(
      strategy_, ": parameter '", internal::ToAbsl(name), "' must be ", internal::ToAbsl(expected), ", got '", got, "'"));
}

int ParamReader::Int(std::string_view name, int fallback, int min, int max) {
  const std::string* text = Lookup(name);
  if (text == nullptr) return fallback;
  int value = 0;
  if (!absl::SimpleAtoi(*text, &value) || value < min || value > max) {
    Fail(name, absl::StrCat("an integer in [", min, ", ", max, "]"), *text);
    return fallback;
  }
  return value;
}

double ParamReader::Double(std::string_view name, double fallback, double min,
                           double max) {
  const std::string* text = Lookup(name);
  if (text == nullptr) return fallback;
  double value = 0;
  if (!absl::SimpleAtod(*text, &value) || !std::isfinite(value) || value < min ||
      value > max) {
    Fail(name, absl::StrCat("a number in [", min, ", ", max, "]"), *text);
    return fallback;
  }
  return value;
}

std::string ParamReader::Choice(std::string_view name, std::string fallback,
                                const std::vector<std::string>& allowed) {
  const std::string* text = Lookup(name);
  if (text == nullptr) return fallback;
  for (const std::string& option : allowed) {
    if (*text == option) return option;
  }
  Fail(name, absl::StrCat("one of ", absl::StrJoin(allowed, ", ")), *text);
  return fallback;
}

std::vector<double> ParamReader::DoubleList(std::string_view name) {
  const std::string* text = Lookup(name);
  std::vector<double> values;
  if (text == nullptr) return values;
  for (absl::string_view item : absl::StrSplit(*text, ';')) {
    double value = 0;
    if (!absl::SimpleAtod(absl::StripAsciiWhitespace(item), &value) ||
        !std::isfinite(value) || (!values.empty() && value <= values.back())) {
      Fail(name, "increasing numbers separated by ';'", *text);
      return {};
    }
    values.push_back(value);
  }
  return values;
}

std::string ParamReader::String(std::string_view name, std::string fallback) {
  const std::string* text = Lookup(name);
  return text == nullptr ? fallback : *text;
}

absl::Status ParamReader::Finish() const {
  if (!status_.ok()) return status_;
  std::vector<std::string> unknown;
  for (const auto& [name, value] : params_.values()) {
    if (std::find(known_.begin(), known_.end(), name) == known_.end()) {
      unknown.push_back(name);
    }
  }
  if (unknown.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      strategy_, ": unknown parameter", unknown.size() > 1 ? "s" : "", " '",
      absl::StrJoin(unknown, "', '"), "'; accepted: ",
      known_.empty() ? "none" : absl::StrJoin(known_, ", ")));
}

StrategyRegistry::StrategyRegistry(const StrategyRegistry& base) {
  std::lock_guard<std::mutex> lock(base.mutex_);
  factories_ = base.factories_;
}

StrategyRegistry& StrategyRegistry::Global() {
  static StrategyRegistry* registry = [] {
    auto* r = new StrategyRegistry;
    internal::RegisterBuiltinStrategies(*r);
    return r;
  }();
  return *registry;
}

absl::Status StrategyRegistry::Register(std::string name, std::string description,
                                        StrategyFactory factory) {
  if (name.empty() || !factory) {
    return absl::InvalidArgumentError("a strategy needs a name and a factory");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (factories_.count(name) != 0) {
    return absl::AlreadyExistsError(
        absl::StrCat("a strategy named '", name, "' is already registered"));
  }
  factories_.emplace(std::move(name),
                     std::make_pair(std::move(description), std::move(factory)));
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Strategy>> StrategyRegistry::Create(
    std::string_view name, const StrategyParams& params) const {
  StrategyFactory factory;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = factories_.find(name);
    if (it == factories_.end()) {
      std::vector<std::string> names;
      for (const auto& [known, entry] : factories_) names.push_back(known);
      return absl::NotFoundError(absl::StrCat("no strategy named '", internal::ToAbsl(name),
                                              "'; registered: ",
                                              absl::StrJoin(names, ", ")));
    }
    factory = it->second.second;
  }
  return factory(params);
}

std::vector<StrategyRegistry::Entry> StrategyRegistry::List() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Entry> entries;
  for (const auto& [name, entry] : factories_) entries.push_back({name, entry.first});
  return entries;
}

}  // namespace tessera
