#include "tessera/value_strategies.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "value_inputs.h"

namespace tessera {

namespace {

absl::Status ValidateAttributesOptions(const AttributesOptions& options) {
  for (size_t i = 0; i < options.names.size(); ++i) {
    const std::string& name = options.names[i];
    if (name.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("attributes: name #", i + 1, " is empty"));
    }
    if (std::find(options.names.begin(), options.names.begin() + static_cast<ptrdiff_t>(i),
                  name) != options.names.begin() + static_cast<ptrdiff_t>(i)) {
      return absl::InvalidArgumentError(
          absl::StrCat("attributes: attribute '", name, "' is listed twice"));
    }
  }
  return absl::OkStatus();
}

class AttributesStrategy final : public Strategy {
 public:
  explicit AttributesStrategy(AttributesOptions options) : options_(std::move(options)) {}

  std::string_view name() const override { return "attributes"; }

  absl::Status Score(const StrategyInput& input, ScoreTable& out,
                     std::vector<std::string>& warnings) const override;

 private:
  AttributesOptions options_;
};

absl::Status AttributesStrategy::Score(const StrategyInput& input, ScoreTable& out,
                                       std::vector<std::string>& warnings) const {
  const std::vector<CategoricalAttribute>& attributes = input.dataset.attributes.categorical;
  std::vector<const CategoricalAttribute*> chosen;
  if (options_.names.empty()) {
    for (const CategoricalAttribute& attribute : attributes) chosen.push_back(&attribute);
    if (chosen.empty()) {
      warnings.push_back("attributes: the dataset has no categorical attributes to pass on");
    }
  }
  for (const std::string& name : options_.names) {
    auto it = std::find_if(attributes.begin(), attributes.end(),
                           [&](const CategoricalAttribute& a) { return a.name == name; });
    if (it == attributes.end()) {
      std::vector<std::string> names;
      for (const CategoricalAttribute& attribute : attributes) names.push_back(attribute.name);
      return absl::NotFoundError(absl::StrCat(
          "no categorical attribute named '", name, "'; the dataset has ",
          names.empty() ? "none" : absl::StrJoin(names, ", ")));
    }
    chosen.push_back(&*it);
  }
  for (const CategoricalAttribute* attribute : chosen) {
    if (attribute->codes.size() != out.customer_count()) {
      return absl::InternalError(absl::StrCat("attribute '", attribute->name, "' has ",
                                              attribute->codes.size(), " values for ",
                                              out.customer_count(), " customers"));
    }
  }
  for (const CategoricalAttribute* attribute : chosen) {
    out.AddCategorical(absl::StrCat("attr.", attribute->name), attribute->labels.labels()) =
        attribute->codes;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<AttributesOptions> AttributesOptionsFromParams(const StrategyParams& params) {
  ParamReader reader("attributes", params);
  const std::string names = reader.String("names", "");
  if (absl::Status status = reader.Finish(); !status.ok()) return status;
  AttributesOptions options;
  absl::StatusOr<std::vector<std::string>> parsed =
      internal::ParseNameList("attributes", "names", names);
  if (!parsed.ok()) return parsed.status();
  options.names = *std::move(parsed);
  if (absl::Status status = ValidateAttributesOptions(options); !status.ok()) return status;
  return options;
}

absl::StatusOr<std::unique_ptr<Strategy>> MakeAttributesStrategy(AttributesOptions options) {
  if (absl::Status status = ValidateAttributesOptions(options); !status.ok()) return status;
  return std::unique_ptr<Strategy>(new AttributesStrategy(std::move(options)));
}

}  // namespace tessera
