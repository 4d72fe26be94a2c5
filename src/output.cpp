// The per-customer result writers. Every column is resolved once into a
// plain description (pointers and pre-encoded labels), so the row loop only
// switches on a small enum; rows are formatted in parallel into per-chunk
// buffers and written in customer order, so the bytes never depend on the
// thread count.
#include "tessera/output.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "output_text.h"
#include "parallel.h"
#include "tessera/dates.h"
#include "tessera/features.h"

namespace tessera {
namespace {

enum class Format { kCsv, kJsonl };

enum class CellKind { kIntKey, kStringKey, kLabel, kNumber, kDay };

struct OutputColumn {
  std::string name;
  CellKind kind = CellKind::kNumber;
  const double* numbers = nullptr;       // kNumber, kDay
  const int32_t* codes = nullptr;        // kLabel; out of range = unknown
  std::vector<std::string> labels;       // kLabel, already encoded
  std::string json_key;                  // "\"name\":"
};

class RowFormatter {
 public:
  RowFormatter(const Dataset& dataset, Format format, char delimiter)
      : customers_(dataset.customers), format_(format), delimiter_(delimiter) {}

  void AppendText(std::string_view text, std::string& out) const {
    if (format_ == Format::kCsv) {
      internal::AppendCsvField(text, delimiter_, out);
    } else {
      internal::AppendJsonString(text, out);
    }
  }

  void AppendMissing(std::string& out) const {
    if (format_ == Format::kJsonl) out += "null";
  }

  void AppendCell(const OutputColumn& column, size_t c, std::string& out) const {
    switch (column.kind) {
      case CellKind::kIntKey:
        internal::AppendInteger(customers_.int_key(static_cast<uint32_t>(c)), out);
        return;
      case CellKind::kStringKey:
        AppendText(customers_.string_key(static_cast<uint32_t>(c)), out);
        return;
      case CellKind::kLabel: {
        int32_t code = column.codes[c];
        if (code >= 0 && static_cast<size_t>(code) < column.labels.size()) {
          out += column.labels[static_cast<size_t>(code)];
        } else {
          AppendMissing(out);
        }
        return;
      }
      case CellKind::kNumber:
      case CellKind::kDay: {
        double value = column.numbers[c];
        if (!std::isfinite(value)) {
          AppendMissing(out);
        } else if (column.kind == CellKind::kNumber) {
          internal::AppendNumber(value, out);
        } else {
          // An ISO date never needs CSV quoting.
          std::string day = FormatDay(static_cast<Day>(value));
          if (format_ == Format::kJsonl) out.push_back('"');
          out += day;
          if (format_ == Format::kJsonl) out.push_back('"');
        }
        return;
      }
    }
  }

  void AppendRow(const std::vector<OutputColumn>& columns, size_t c,
                 std::string& out) const {
    if (format_ == Format::kJsonl) out.push_back('{');
    for (size_t j = 0; j < columns.size(); ++j) {
      if (j > 0) out.push_back(format_ == Format::kCsv ? delimiter_ : ',');
      if (format_ == Format::kJsonl) out += columns[j].json_key;
      AppendCell(columns[j], c, out);
    }
    if (format_ == Format::kJsonl) out.push_back('}');
    out.push_back('\n');
  }

 private:
  const CustomerIndex& customers_;
  Format format_;
  char delimiter_;
};

OutputColumn LabelColumn(std::string name, const int32_t* codes,
                         const std::vector<std::string>& labels,
                         const RowFormatter& formatter) {
  OutputColumn column{std::move(name), CellKind::kLabel, nullptr, codes, {}, {}};
  column.labels.reserve(labels.size());
  for (const std::string& label : labels) {
    std::string encoded;
    formatter.AppendText(label, encoded);
    column.labels.push_back(std::move(encoded));
  }
  return column;
}

absl::StatusOr<std::vector<OutputColumn>> ResolveColumns(
    const Dataset& dataset, const RunResult& result, const OutputOptions& options,
    const RowFormatter& formatter) {
  size_t customers = dataset.customer_count();
  if (result.features.customer_count() != customers ||
      result.scores.customer_count() != customers) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the results are for ", result.features.customer_count(),
        " customers but the dataset has ", customers,
        "; write results with the dataset they were computed from"));
  }
  std::vector<OutputColumn> columns;
  columns.push_back({options.key_column,
                     dataset.customers.kind() == KeyKind::kInteger ? CellKind::kIntKey
                                                                   : CellKind::kStringKey,
                     nullptr, nullptr, {}, {}});
  if (options.include_attributes) {
    for (const CategoricalAttribute& attribute : dataset.attributes.categorical) {
      columns.push_back(LabelColumn(attribute.name, attribute.codes.data(),
                                    attribute.labels.labels(), formatter));
    }
    for (const NumericAttribute& attribute : dataset.attributes.numeric) {
      columns.push_back({attribute.name, CellKind::kNumber, attribute.values.data(),
                         nullptr, {}, {}});
    }
  }
  if (options.include_features) {
    for (const FeatureTable::Entry& entry : result.features.columns()) {
      bool is_day = entry.name == feature::kFirstPurchase ||
                    entry.name == feature::kLastPurchase;
      columns.push_back({entry.name, is_day ? CellKind::kDay : CellKind::kNumber,
                         entry.values.data(), nullptr, {}, {}});
    }
  }
  if (options.include_scores) {
    for (const ScoreColumn& score : result.scores.columns()) {
      if (score.kind == ScoreColumn::Kind::kCategorical) {
        columns.push_back(LabelColumn(score.name, score.codes.data(), score.labels,
                                      formatter));
      } else {
        columns.push_back({score.name, CellKind::kNumber, score.numeric.data(),
                           nullptr, {}, {}});
      }
    }
  }
  std::set<std::string_view> seen;
  for (OutputColumn& column : columns) {
    if (!seen.insert(column.name).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "two output columns are named '", column.name,
          "'; rename the host attribute or set a different key column name"));
    }
    internal::AppendJsonString(column.name, column.json_key);
    column.json_key.push_back(':');
  }
  return columns;
}

absl::Status WriteResults(const Dataset& dataset, const RunResult& result,
                          std::ostream& out, const OutputOptions& options,
                          Format format) {
  RowFormatter formatter(dataset, format, options.delimiter);
  absl::StatusOr<std::vector<OutputColumn>> columns =
      ResolveColumns(dataset, result, options, formatter);
  if (!columns.ok()) return columns.status();

  if (format == Format::kCsv) {
    std::string header;
    for (size_t j = 0; j < columns->size(); ++j) {
      if (j > 0) header.push_back(options.delimiter);
      internal::AppendCsvField((*columns)[j].name, options.delimiter, header);
    }
    header.push_back('\n');
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
  }

  // Batches bound the memory held in buffers for very large customer bases.
  constexpr size_t kBatch = size_t{1} << 16;
  std::vector<std::string> buffers(
      static_cast<size_t>(internal::ResolveThreads(options.num_threads)));
  size_t customers = dataset.customer_count();
  for (size_t start = 0; start < customers && out; start += kBatch) {
    size_t count = std::min(kBatch, customers - start);
    int chunks = internal::ParallelChunks(
        count, options.num_threads, 2048, [&](int chunk, size_t begin, size_t end) {
          std::string& buffer = buffers[static_cast<size_t>(chunk)];
          buffer.clear();
          for (size_t c = start + begin; c < start + end; ++c) {
            formatter.AppendRow(*columns, c, buffer);
          }
        });
    for (int chunk = 0; chunk < chunks; ++chunk) {
      const std::string& buffer = buffers[static_cast<size_t>(chunk)];
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    }
  }
  out.flush();
  if (!out) return absl::UnknownError(
      "writing the results failed: the output stream reported an error");
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteResultsCsv(const Dataset& dataset, const RunResult& result,
                             std::ostream& out, const OutputOptions& options) {
  return WriteResults(dataset, result, out, options, Format::kCsv);
}

absl::Status WriteResultsJsonl(const Dataset& dataset, const RunResult& result,
                               std::ostream& out, const OutputOptions& options) {
  return WriteResults(dataset, result, out, options, Format::kJsonl);
}

}  // namespace tessera
