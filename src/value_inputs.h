// What the value strategies (abc, value_tier) share in reading their inputs:
// a value column by name, and ';'-separated lists in text parameters.
#ifndef TESSERA_SRC_VALUE_INPUTS_H_
#define TESSERA_SRC_VALUE_INPUTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tessera/strategy.h"

namespace tessera::internal {

// The feature called `name`, else the numeric score column of an earlier
// strategy called `name`. NotFound lists the features and the numeric score
// columns there are; a categorical score column is InvalidArgument. A column
// without exactly `customer_count` values is an InternalError.
absl::StatusOr<const std::vector<double>*> FindValueColumn(const StrategyInput& input,
                                                           std::string_view name,
                                                           size_t customer_count);

// An InvalidArgument worded like ParamReader's:
// "<strategy>: parameter '<name>' must be <expected>, got '<got>'".
absl::Status ParamError(std::string_view strategy, std::string_view name,
                        std::string_view expected, std::string_view got);

// "a; b;c" -> {"a", "b", "c"}, blanks around items removed; "" -> {}. An
// empty item ("a;;b") is an error worded as ParamError.
absl::StatusOr<std::vector<std::string>> ParseNameList(std::string_view strategy,
                                                       std::string_view name,
                                                       const std::string& text);

// ';'-separated finite numbers in any order; "" -> {}. `expected` completes
// the error message ("numbers >= 0 separated by ';'").
absl::StatusOr<std::vector<double>> ParseNumberList(std::string_view strategy,
                                                    std::string_view name,
                                                    const std::string& text,
                                                    std::string_view expected);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_VALUE_INPUTS_H_
