// Strategy outputs: named per-customer columns, numeric (a score, a
// probability) or categorical (a segment or tier label).
#ifndef TESSERA_SCORES_H_
#define TESSERA_SCORES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace tessera {

struct ScoreColumn {
  enum class Kind { kNumeric, kCategorical };
  std::string name;  // "<strategy>.<output>", e.g. "rfm.segment"
  Kind kind = Kind::kNumeric;
  std::vector<double> numeric;      // kNumeric: one value per customer
  std::vector<int32_t> codes;       // kCategorical: index into labels
  std::vector<std::string> labels;  // kCategorical: in a stated order
};

class ScoreTable {
 public:
  explicit ScoreTable(size_t customer_count = 0)
      : customer_count_(customer_count) {}
  ScoreTable(const ScoreTable&) = default;
  ScoreTable& operator=(const ScoreTable&) = default;
  ScoreTable(ScoreTable&&) noexcept = default;
  ScoreTable& operator=(ScoreTable&&) noexcept = default;
  // Large numeric columns go to the scratch cache (tessera/memory.h) for
  // the next table.
  ~ScoreTable();

  size_t customer_count() const { return customer_count_; }
  const std::vector<ScoreColumn>& columns() const { return columns_; }
  const ScoreColumn* Find(std::string_view name) const;

  // For strategies: appends a column sized customer_count(). The reference is
  // valid until the next Add.
  std::vector<double>& AddNumeric(std::string name);
  std::vector<int32_t>& AddCategorical(std::string name,
                                       std::vector<std::string> labels);
  // The same with the values already made (on other threads, say), resized
  // to customer_count().
  std::vector<double>& AddNumeric(std::string name, std::vector<double> values);
  std::vector<int32_t>& AddCategorical(std::string name, std::vector<std::string> labels,
                                       std::vector<int32_t> codes);

  // Moves every column of `other` (same customer count) to the end of this
  // table; fails without change when a name is already taken.
  absl::Status Append(ScoreTable&& other);

 private:
  size_t customer_count_;
  std::vector<ScoreColumn> columns_;
};

}  // namespace tessera

#endif  // TESSERA_SCORES_H_
