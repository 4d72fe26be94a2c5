// tessera_result_explain: tessera::ExplainTier copied into a host buffer.
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "arguments.h"
#include "errors.h"
#include "handles.h"

namespace tessera::capi {

int NoRuleSet(const char* function, const std::vector<RuleFile>& rules, const char* set) {
  std::vector<std::string> names;
  for (const RuleFile& file : rules) {
    for (const RuleFile::RuleSetInfo& info : file.sets()) names.push_back(info.name);
  }
  const std::string known = names.empty()
                                ? std::string("the pipeline has no rule files")
                                : absl::StrCat("the sets are ", absl::StrJoin(names, ", "));
  return Fail(TESSERA_ENOTFOUND, function,
              absl::StrCat("no rule set named '", set, "' ran; ", known));
}

namespace {

constexpr const char kFunction[] = "tessera_result_explain";

int Explain(const tessera_result* result, const char* set, size_t index, char* buffer,
            size_t buffer_size, size_t* length) {
  if (int rc = NotNull(kFunction, "length", length)) return rc;
  *length = 0;
  if (int rc = NotNull(kFunction, "result", result)) return rc;
  if (int rc = NotNull(kFunction, "set", set)) return rc;
  const RuleFile* file = FileDefiningSet(result->rules, set);
  if (file == nullptr) return NoRuleSet(kFunction, result->rules, set);
  const Dataset& dataset = result->dataset.state->dataset;
  if (int rc = Index(kFunction, "index", index, dataset.customer_count(), "customers")) return rc;
  absl::StatusOr<std::string> text =
      ExplainTier(*file, set, RuleInputs{dataset, result->run.features}, result->run.scores,
                  static_cast<uint32_t>(index));
  if (!text.ok()) return FailWith(kFunction, text.status());
  *length = text->size();
  if (buffer == nullptr || buffer_size <= text->size()) {
    if (buffer != nullptr && buffer_size > 0) buffer[0] = '\0';
    return Fail(TESSERA_EBUFFER, kFunction,
                absl::StrCat("the explanation needs ", text->size() + 1, " bytes; buffer ",
                             buffer == nullptr ? "is NULL"
                                               : absl::StrCat("has ", buffer_size)));
  }
  std::memcpy(buffer, text->c_str(), text->size() + 1);
  return TESSERA_OK;
}

}  // namespace

}  // namespace tessera::capi

extern "C" int tessera_result_explain(const tessera_result* result, const char* set,
                                      size_t index, char* buffer, size_t buffer_size,
                                      size_t* length) {
  return tessera::capi::Guard(tessera::capi::kFunction, [&]() -> int {
    return tessera::capi::Explain(result, set, index, buffer, buffer_size, length);
  });
}
