#include "value_inputs.h"

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl_compat.h"

namespace tessera::internal {

absl::StatusOr<const std::vector<double>*> FindValueColumn(const StrategyInput& input,
                                                           std::string_view name,
                                                           size_t customer_count) {
  const std::vector<double>* values = input.features.Find(name);
  if (values == nullptr) {
    const ScoreColumn* score = input.scores.Find(name);
    if (score != nullptr && score->kind != ScoreColumn::Kind::kNumeric) {
      return absl::InvalidArgumentError(absl::StrCat(
          "score column '", ToAbsl(name), "' is categorical; a numeric value is needed"));
    }
    if (score != nullptr) values = &score->numeric;
  }
  if (values == nullptr) {
    std::vector<std::string> numeric_scores;
    for (const ScoreColumn& column : input.scores.columns()) {
      if (column.kind == ScoreColumn::Kind::kNumeric) numeric_scores.push_back(column.name);
    }
    return absl::NotFoundError(absl::StrCat(
        "no feature or numeric score column named '", ToAbsl(name), "'; features are: ",
        absl::StrJoin(input.features.names(), ", "), "; numeric score columns are: ",
        numeric_scores.empty() ? "none (only strategies that ran earlier count)"
                               : absl::StrJoin(numeric_scores, ", ")));
  }
  if (values->size() != customer_count) {
    return absl::InternalError(absl::StrCat("column '", ToAbsl(name), "' has ",
                                            values->size(), " values for ", customer_count,
                                            " customers"));
  }
  return values;
}

absl::Status ParamError(std::string_view strategy, std::string_view name,
                        std::string_view expected, std::string_view got) {
  return absl::InvalidArgumentError(absl::StrCat(ToAbsl(strategy), ": parameter '",
                                                 ToAbsl(name), "' must be ",
                                                 ToAbsl(expected), ", got '", ToAbsl(got),
                                                 "'"));
}

absl::StatusOr<std::vector<std::string>> ParseNameList(std::string_view strategy,
                                                       std::string_view name,
                                                       const std::string& text) {
  std::vector<std::string> names;
  if (absl::StripAsciiWhitespace(text).empty()) return names;
  for (absl::string_view item : absl::StrSplit(text, ';')) {
    absl::string_view stripped = absl::StripAsciiWhitespace(item);
    if (stripped.empty()) {
      return ParamError(strategy, name, "names separated by ';'", text);
    }
    names.emplace_back(stripped);
  }
  return names;
}

absl::StatusOr<std::vector<double>> ParseNumberList(std::string_view strategy,
                                                    std::string_view name,
                                                    const std::string& text,
                                                    std::string_view expected) {
  std::vector<double> values;
  if (absl::StripAsciiWhitespace(text).empty()) return values;
  for (absl::string_view item : absl::StrSplit(text, ';')) {
    double value = 0;
    if (!absl::SimpleAtod(absl::StripAsciiWhitespace(item), &value) ||
        !std::isfinite(value)) {
      return ParamError(strategy, name, expected, text);
    }
    values.push_back(value);
  }
  return values;
}

}  // namespace tessera::internal
