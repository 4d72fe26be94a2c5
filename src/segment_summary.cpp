// Per-segment counts and means, and their plain-text table.
#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl_compat.h"
#include "tessera/features.h"
#include "tessera/output.h"

namespace tessera {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Grouping {
  const int32_t* codes = nullptr;
  const std::vector<std::string>* labels = nullptr;
};

absl::StatusOr<Grouping> FindGrouping(const Dataset& dataset, const RunResult& result,
                                      std::string_view column) {
  if (const ScoreColumn* score = result.scores.Find(column)) {
    if (score->kind != ScoreColumn::Kind::kCategorical) {
      return absl::InvalidArgumentError(absl::StrCat(
          "'", internal::ToAbsl(column),
          "' is a numeric column; segments need a categorical one: ",
          absl::StrJoin(CategoricalColumnNames(dataset, result), ", ")));
    }
    return Grouping{score->codes.data(), &score->labels};
  }
  for (const CategoricalAttribute& attribute : dataset.attributes.categorical) {
    if (attribute.name == column) {
      return Grouping{attribute.codes.data(), &attribute.labels.labels()};
    }
  }
  std::vector<std::string> names = CategoricalColumnNames(dataset, result);
  return absl::NotFoundError(absl::StrCat(
      "no categorical column named '", internal::ToAbsl(column), "'; ",
      names.empty() ? "the results have none"
                    : absl::StrCat("the categorical columns are: ",
                                   absl::StrJoin(names, ", "))));
}

struct Accumulator {
  uint64_t customers = 0;
  double revenue = 0;
  double recency_sum = 0;
  uint64_t recency_count = 0;
  double frequency_sum = 0;

  void Add(double recency, double frequency, double monetary) {
    ++customers;
    if (std::isfinite(recency)) {
      recency_sum += recency;
      ++recency_count;
    }
    frequency_sum += frequency;
    revenue += monetary;
  }

  SegmentSummaryRow Row(std::string segment, uint64_t all_customers) const {
    SegmentSummaryRow row;
    row.segment = std::move(segment);
    row.customers = customers;
    double n = static_cast<double>(customers);
    row.share = all_customers == 0 ? 0 : n / static_cast<double>(all_customers);
    row.revenue = revenue;
    row.mean_recency =
        recency_count == 0 ? kNaN : recency_sum / static_cast<double>(recency_count);
    row.mean_frequency = customers == 0 ? kNaN : frequency_sum / n;
    row.mean_monetary = customers == 0 ? kNaN : revenue / n;
    return row;
  }
};

// Terminal columns, counted as code points so accented labels line up.
size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return width;
}

std::string Pad(std::string_view text, size_t width, bool left_align) {
  std::string padding(width - std::min(width, DisplayWidth(text)), ' ');
  return left_align ? absl::StrCat(internal::ToAbsl(text), padding)
                    : absl::StrCat(padding, internal::ToAbsl(text));
}

std::string Fixed(double value, int decimals) {
  return std::isfinite(value) ? absl::StrFormat("%.*f", decimals, value) : "-";
}

std::vector<std::string> Cells(const SegmentSummaryRow& row) {
  return {row.segment,
          absl::StrCat(row.customers),
          absl::StrFormat("%.1f%%", 100 * row.share),
          Fixed(row.revenue, 2),
          Fixed(row.mean_recency, 1),
          Fixed(row.mean_frequency, 2),
          Fixed(row.mean_monetary, 2)};
}

}  // namespace

std::vector<std::string> CategoricalColumnNames(const Dataset& dataset,
                                                const RunResult& result) {
  std::vector<std::string> names;
  for (const ScoreColumn& score : result.scores.columns()) {
    if (score.kind == ScoreColumn::Kind::kCategorical) names.push_back(score.name);
  }
  for (const CategoricalAttribute& attribute : dataset.attributes.categorical) {
    names.push_back(attribute.name);
  }
  return names;
}

absl::StatusOr<SegmentSummary> SummarizeSegments(const Dataset& dataset,
                                                 const RunResult& result,
                                                 std::string_view column) {
  absl::StatusOr<Grouping> grouping = FindGrouping(dataset, result, column);
  if (!grouping.ok()) return grouping.status();
  absl::StatusOr<const std::vector<double>*> recency =
      result.features.Get(feature::kRecencyDays);
  absl::StatusOr<const std::vector<double>*> frequency =
      result.features.Get(feature::kFrequency);
  absl::StatusOr<const std::vector<double>*> monetary =
      result.features.Get(feature::kMonetary);
  for (const auto* got : {&recency, &frequency, &monetary}) {
    if (!got->ok()) return got->status();
  }

  const size_t customers = dataset.customer_count();
  const std::vector<std::string>& labels = *grouping->labels;
  std::vector<Accumulator> groups(labels.size());
  Accumulator unknown, total;
  for (size_t c = 0; c < customers; ++c) {
    double r = (**recency)[c], f = (**frequency)[c], m = (**monetary)[c];
    int32_t code = grouping->codes[c];
    bool known = code >= 0 && static_cast<size_t>(code) < labels.size();
    (known ? groups[static_cast<size_t>(code)] : unknown).Add(r, f, m);
    total.Add(r, f, m);
  }

  SegmentSummary summary;
  summary.column = std::string(column);
  for (size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].customers > 0) summary.rows.push_back(groups[g].Row(labels[g], customers));
  }
  if (unknown.customers > 0) summary.rows.push_back(unknown.Row("(unknown)", customers));
  summary.total = total.Row("total", customers);
  return summary;
}

std::string FormatSummaryTable(const SegmentSummary& summary) {
  std::vector<std::vector<std::string>> table;
  table.push_back({summary.column.empty() ? "segment" : summary.column, "customers",
                   "share", "revenue", "recency", "frequency", "monetary"});
  for (const SegmentSummaryRow& row : summary.rows) table.push_back(Cells(row));
  table.push_back(Cells(summary.total));

  std::vector<size_t> widths(table.front().size(), 0);
  for (const std::vector<std::string>& cells : table) {
    for (size_t j = 0; j < cells.size(); ++j) {
      widths[j] = std::max(widths[j], DisplayWidth(cells[j]));
    }
  }
  size_t line_width = 0;
  for (size_t width : widths) line_width += width;
  line_width += 2 * (widths.size() - 1);

  std::string text;
  for (size_t i = 0; i < table.size(); ++i) {
    if (i + 1 == table.size()) absl::StrAppend(&text, std::string(line_width, '-'), "\n");
    for (size_t j = 0; j < table[i].size(); ++j) {
      absl::StrAppend(&text, j == 0 ? "" : "  ", Pad(table[i][j], widths[j], j == 0));
    }
    text.push_back('\n');
  }
  absl::StrAppend(&text,
                  "revenue is the sum of monetary; recency (days), frequency and "
                  "monetary are means per customer\n");
  return text;
}

}  // namespace tessera
