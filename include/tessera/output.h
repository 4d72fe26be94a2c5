// Writing a run's results, one row per customer, as CSV or JSON Lines, and a
// per-segment summary a person can read in a terminal.
#ifndef TESSERA_OUTPUT_H_
#define TESSERA_OUTPUT_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tessera/dataset.h"
#include "tessera/pipeline.h"

namespace tessera {

struct OutputOptions {
  // Name of the first column, holding the customer key as the host gave it
  // (an integer, or a string).
  std::string key_column = "customer";
  bool include_attributes = true;
  bool include_features = true;
  bool include_scores = true;
  // CSV only: the field separator (quoting follows RFC 4180 for it).
  char delimiter = ',';
  int num_threads = 0;  // 0 = all cores; the bytes written never depend on it
};

// Writes a header line, then one line per customer in dense index order: the
// key, the host attributes, every feature, every score column. Empty fields
// stand for unknown values (NaN, an unknown attribute); first_purchase and
// last_purchase are ISO dates (YYYY-MM-DD); categorical scores are their
// labels; numbers are the shortest text that reads back to the same double.
// Lines end with '\n'. Fails with InvalidArgument when two columns would
// share a name, and with Unknown when the stream fails.
absl::Status WriteResultsCsv(const Dataset& dataset, const RunResult& result,
                             std::ostream& out, const OutputOptions& options = {});

// The same content as JSON Lines: one object per customer, keys in the column
// order of WriteResultsCsv, unknown values as null, integer customer keys as
// numbers. Text that is not valid UTF-8 is written with U+FFFD in place of
// the bad bytes, so every line is valid JSON.
absl::Status WriteResultsJsonl(const Dataset& dataset, const RunResult& result,
                               std::ostream& out, const OutputOptions& options = {});

// Customers and their value in one group (a segment) of a categorical column.
struct SegmentSummaryRow {
  std::string segment;
  uint64_t customers = 0;
  double share = 0;           // customers / all customers, in [0, 1]
  double revenue = 0;         // sum of monetary
  double mean_recency = 0;    // days, over customers who bought; NaN if none did
  double mean_frequency = 0;
  double mean_monetary = 0;
};

struct SegmentSummary {
  std::string column;
  // In the column's label order; groups without customers are left out.
  // Customers with no value (an unknown attribute) come last as "(unknown)".
  std::vector<SegmentSummaryRow> rows;
  SegmentSummaryRow total;  // every customer; segment "total"
};

// Groups customers by a categorical score column ("rfm.segment") or, when no
// score column has that name, a categorical host attribute. NotFound lists
// the categorical columns there are; needs the recency_days, frequency and
// monetary features.
absl::StatusOr<SegmentSummary> SummarizeSegments(
    const Dataset& dataset, const RunResult& result,
    std::string_view column = "rfm.segment");

// The names SummarizeSegments accepts, score columns first.
std::vector<std::string> CategoricalColumnNames(const Dataset& dataset,
                                                const RunResult& result);

// An aligned plain-text table, one line per row then the total, e.g.
//   segment    customers  share  revenue  mean recency  ...
//   Champions        412  17.5%  ...
std::string FormatSummaryTable(const SegmentSummary& summary);

}  // namespace tessera

#endif  // TESSERA_OUTPUT_H_
