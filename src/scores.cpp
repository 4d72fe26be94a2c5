#include "tessera/scores.h"

#include "absl/strings/str_cat.h"
#include "scratch.h"

namespace tessera {

const ScoreColumn* ScoreTable::Find(std::string_view name) const {
  for (const ScoreColumn& column : columns_) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

ScoreTable::~ScoreTable() {
  for (ScoreColumn& column : columns_) internal::GiveBackColumn(std::move(column.numeric));
}

std::vector<double>& ScoreTable::AddNumeric(std::string name) {
  return AddNumeric(std::move(name), std::vector<double>(customer_count_));
}

std::vector<int32_t>& ScoreTable::AddCategorical(std::string name,
                                                 std::vector<std::string> labels) {
  return AddCategorical(std::move(name), std::move(labels),
                        std::vector<int32_t>(customer_count_));
}

std::vector<double>& ScoreTable::AddNumeric(std::string name, std::vector<double> values) {
  ScoreColumn& column = columns_.emplace_back();
  column.name = std::move(name);
  column.kind = ScoreColumn::Kind::kNumeric;
  column.numeric = std::move(values);
  column.numeric.resize(customer_count_);
  return column.numeric;
}

std::vector<int32_t>& ScoreTable::AddCategorical(std::string name,
                                                 std::vector<std::string> labels,
                                                 std::vector<int32_t> codes) {
  ScoreColumn& column = columns_.emplace_back();
  column.name = std::move(name);
  column.kind = ScoreColumn::Kind::kCategorical;
  column.labels = std::move(labels);
  column.codes = std::move(codes);
  column.codes.resize(customer_count_);
  return column.codes;
}

absl::Status ScoreTable::Append(ScoreTable&& other) {
  if (other.customer_count_ != customer_count_) {
    return absl::InternalError("score tables of different customer counts");
  }
  for (const ScoreColumn& column : other.columns_) {
    if (Find(column.name) != nullptr) {
      return absl::AlreadyExistsError(
          absl::StrCat("two strategies write a column named '", column.name, "'"));
    }
  }
  for (ScoreColumn& column : other.columns_) columns_.push_back(std::move(column));
  other.columns_.clear();
  return absl::OkStatus();
}

}  // namespace tessera
