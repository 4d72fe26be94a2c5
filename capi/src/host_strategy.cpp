#include "host_strategy.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "arguments.h"
#include "errors.h"

namespace tessera::capi {
namespace {

// Customers per callback: large enough that the call costs nothing next to
// the work, small enough that the host's scratch space stays modest.
constexpr size_t kBatchCustomers = 65536;
constexpr size_t kErrorBytes = 512;

// The copy of a tessera_host_strategy that the registry's factory and every
// strategy it makes share. The payload belongs to the library only once
// registration succeeded.
struct HostStrategyDefinition {
  struct Output {
    std::string name;
    bool categorical = false;
    std::vector<std::string> labels;
  };
  std::string name;
  std::string description;
  std::vector<Output> outputs;
  int (*score)(void*, const tessera_strategy_batch*, double* const*, int32_t* const*, char*,
               size_t) = nullptr;
  void (*free_payload)(void*) = nullptr;
  void* payload = nullptr;
  bool owns_payload = false;

  HostStrategyDefinition() = default;
  HostStrategyDefinition(const HostStrategyDefinition&) = delete;
  HostStrategyDefinition& operator=(const HostStrategyDefinition&) = delete;
  ~HostStrategyDefinition() {
    if (owns_payload && free_payload != nullptr) free_payload(payload);
  }
};

class HostStrategy final : public Strategy {
 public:
  explicit HostStrategy(std::shared_ptr<const HostStrategyDefinition> definition)
      : definition_(std::move(definition)) {}

  std::string_view name() const override { return definition_->name; }

  absl::Status Score(const StrategyInput& input, ScoreTable& out,
                     std::vector<std::string>& warnings) const override;

 private:
  absl::Status CheckCodes(const StrategyInput& input, size_t output,
                          const std::vector<int32_t>& codes, size_t first, size_t count) const;

  std::shared_ptr<const HostStrategyDefinition> definition_;
};

absl::Status HostStrategy::Score(const StrategyInput& input, ScoreTable& out,
                                 std::vector<std::string>&) const {
  const HostStrategyDefinition& def = *definition_;
  const size_t customers = input.features.customer_count();
  std::vector<const char*> names;
  std::vector<const double*> columns;
  for (const FeatureTable::Entry& feature : input.features.columns()) {
    names.push_back(feature.name.c_str());
    columns.push_back(feature.values.data());
  }
  for (const ScoreColumn& score : input.scores.columns()) {
    if (score.kind != ScoreColumn::Kind::kNumeric) continue;
    names.push_back(score.name.c_str());
    columns.push_back(score.numeric.data());
  }
  const size_t outputs = def.outputs.size();
  std::vector<std::vector<double>> numeric(outputs);
  std::vector<std::vector<int32_t>> codes(outputs);
  for (size_t k = 0; k < outputs; ++k) {
    if (def.outputs[k].categorical) {
      codes[k].assign(customers, -1);
    } else {
      numeric[k].assign(customers, std::nan(""));
    }
  }

  std::vector<const double*> batch_columns(columns.size());
  std::vector<double*> numeric_out(outputs);
  std::vector<int32_t*> codes_out(outputs);
  for (size_t first = 0; first < customers; first += kBatchCustomers) {
    const size_t count = std::min(kBatchCustomers, customers - first);
    for (size_t j = 0; j < columns.size(); ++j) batch_columns[j] = columns[j] + first;
    for (size_t k = 0; k < outputs; ++k) {
      numeric_out[k] = def.outputs[k].categorical ? nullptr : numeric[k].data() + first;
      codes_out[k] = def.outputs[k].categorical ? codes[k].data() + first : nullptr;
    }
    const tessera_strategy_batch batch{first, count, names.size(), names.data(),
                                       batch_columns.data()};
    char error[kErrorBytes] = {};
    const int rc = def.score(def.payload, &batch, numeric_out.data(), codes_out.data(), error,
                             sizeof error);
    error[sizeof error - 1] = '\0';
    if (rc != 0) {
      return absl::AbortedError(absl::StrCat(
          "strategy '", def.name, "': ",
          error[0] != '\0' ? std::string(error)
                           : absl::StrCat("the score callback returned ", rc,
                                          " without a message")));
    }
    for (size_t k = 0; k < outputs; ++k) {
      if (!def.outputs[k].categorical) continue;
      if (absl::Status s = CheckCodes(input, k, codes[k], first, count); !s.ok()) return s;
    }
  }

  for (size_t k = 0; k < outputs; ++k) {
    const HostStrategyDefinition::Output& output = def.outputs[k];
    std::string column = absl::StrCat(def.name, ".", output.name);
    if (output.categorical) {
      out.AddCategorical(std::move(column), output.labels) = std::move(codes[k]);
    } else {
      out.AddNumeric(std::move(column)) = std::move(numeric[k]);
    }
  }
  return absl::OkStatus();
}

absl::Status HostStrategy::CheckCodes(const StrategyInput& input, size_t output,
                                      const std::vector<int32_t>& codes, size_t first,
                                      size_t count) const {
  const HostStrategyDefinition::Output& out = definition_->outputs[output];
  const int64_t labels = static_cast<int64_t>(out.labels.size());
  for (size_t i = first; i < first + count; ++i) {
    if (codes[i] >= -1 && codes[i] < labels) continue;
    return absl::AbortedError(absl::StrCat(
        "strategy '", definition_->name, "': output '", out.name, "' has code ", codes[i],
        " for customer ", input.dataset.customers.KeyString(static_cast<uint32_t>(i)),
        " (index ", i, "), outside [-1, ", labels, ")"));
  }
  return absl::OkStatus();
}

// A strategy's name is one line of tessera_pipeline_strategy_names, and
// with an output's name it makes a column name, so neither may hold a line
// break or another control character.
int LineName(std::string_view function, std::string_view argument, const char* name) {
  if (int rc = Name(function, argument, name)) return rc;
  for (const char* c = name; *c != '\0'; ++c) {
    const auto byte = static_cast<unsigned char>(*c);
    if (byte >= 0x20 && byte != 0x7F) continue;
    return Fail(TESSERA_EINVALID, function,
                absl::StrCat(internal::ToAbsl(argument), " holds the control character ",
                             static_cast<int>(byte), " at byte ", c - name));
  }
  return TESSERA_OK;
}

int CopyOutput(std::string_view function, size_t k, const tessera_strategy_output& in,
               HostStrategyDefinition::Output& out) {
  const std::string where = absl::StrCat("strategy->outputs[", k, "]");
  if (int rc = LineName(function, where + ".name", in.name)) return rc;
  out.name = in.name;
  if (in.labels == nullptr) {
    if (in.label_count == 0) return TESSERA_OK;
    return Fail(TESSERA_EINVALID, function,
                absl::StrCat(where, ".labels is NULL but label_count is ", in.label_count));
  }
  if (in.label_count == 0 || in.label_count > static_cast<size_t>(INT32_MAX)) {
    return Fail(TESSERA_EINVALID, function,
                absl::StrCat(where, ".label_count is ", in.label_count,
                             "; a labelled output needs 1 to 2^31-1 labels (NULL labels for a "
                             "numeric output)"));
  }
  out.categorical = true;
  // By the host's text, which stays put during this call (out.labels moves
  // as it grows); a set, since a host may give many labels.
  absl::flat_hash_map<std::string_view, size_t> seen;
  for (size_t l = 0; l < in.label_count; ++l) {
    const std::string label = absl::StrCat(where, ".labels[", l, "]");
    if (int rc = NotNull(function, label, in.labels[l])) return rc;
    if (int rc = Utf8(function, label, in.labels[l])) return rc;
    auto [first, added] = seen.emplace(in.labels[l], l);
    if (!added) {
      return Fail(TESSERA_EINVALID, function,
                  absl::StrCat(label, " '", in.labels[l], "' is also labels[", first->second,
                               "]"));
    }
    out.labels.emplace_back(in.labels[l]);
  }
  return TESSERA_OK;
}

int CopyDefinition(std::string_view function, const tessera_host_strategy& in,
                   HostStrategyDefinition& out) {
  if (int rc = KnownVersion(function, "tessera_host_strategy", in.version,
                            TESSERA_HOST_STRATEGY_VERSION)) {
    return rc;
  }
  if (int rc = LineName(function, "strategy->name", in.name)) return rc;
  out.name = in.name;
  out.description = std::string(TextOrEmpty(in.description));
  if (int rc = Utf8(function, "strategy->description", out.description)) return rc;
  if (in.score == nullptr) return Fail(TESSERA_EINVALID, function, "strategy->score is NULL");
  if (int rc = ArrayOf(function, "strategy->outputs", in.outputs, in.output_count)) return rc;
  out.outputs.resize(in.output_count);
  absl::flat_hash_map<std::string_view, size_t> seen;
  for (size_t k = 0; k < in.output_count; ++k) {
    if (int rc = CopyOutput(function, k, in.outputs[k], out.outputs[k])) return rc;
    auto [first, added] = seen.emplace(in.outputs[k].name, k);
    if (added) continue;
    return Fail(TESSERA_EINVALID, function,
                absl::StrCat("strategy->outputs[", k, "].name '", out.outputs[k].name,
                             "' is also the name of outputs[", first->second, "]"));
  }
  out.score = in.score;
  out.free_payload = in.free_payload;
  out.payload = in.payload;
  return TESSERA_OK;
}

}  // namespace

int RegisterHostStrategy(std::string_view function, StrategyRegistry& registry,
                         const tessera_host_strategy& strategy) {
  auto definition = std::make_shared<HostStrategyDefinition>();
  if (int rc = CopyDefinition(function, strategy, *definition)) return rc;
  std::shared_ptr<const HostStrategyDefinition> shared = definition;
  auto factory = [shared](const StrategyParams& params)
      -> absl::StatusOr<std::unique_ptr<Strategy>> {
    if (!params.values().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(shared->name, ": a host strategy takes no parameters, got '",
                       params.values().begin()->first, "'"));
    }
    return std::make_unique<HostStrategy>(shared);
  };
  absl::Status registered =
      registry.Register(definition->name, definition->description, std::move(factory));
  if (!registered.ok()) return FailWith(function, registered);
  definition->owns_payload = true;
  return TESSERA_OK;
}

std::string_view HostStrategyMessage(std::string_view message) {
  const size_t at = message.find("strategy '");
  return at == std::string_view::npos ? message : message.substr(at);
}

}  // namespace tessera::capi
