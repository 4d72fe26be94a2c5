// The ingest report of a dataset: counts, the summary paragraph and the
// first rejected rows.
#include "absl/strings/str_cat.h"
#include "arguments.h"
#include "errors.h"
#include "handles.h"
#include "tessera/ingest_report.h"

using tessera::capi::Guard;
using tessera::capi::NotNull;

extern "C" {

const char* tessera_reject_reason_name(int reason) {
  if (reason < 0 || reason >= tessera::kRejectReasonCount) return "";
  // The names are string literals, so the views are NUL-terminated.
  return tessera::RejectReasonName(static_cast<tessera::RejectReason>(reason)).data();
}

int tessera_dataset_ingest_counts(const tessera_dataset* dataset,
                                  tessera_ingest_counts* counts) {
  const char* function = "tessera_dataset_ingest_counts";
  return Guard(function, [&]() -> int {
    if (int rc = NotNull(function, "counts", counts)) return rc;
    if (int rc = tessera::capi::KnownVersion(function, "tessera_ingest_counts", counts->version,
                                             TESSERA_INGEST_COUNTS_VERSION)) {
      return rc;
    }
    *counts = tessera_ingest_counts{};
    counts->version = TESSERA_INGEST_COUNTS_VERSION;
    if (int rc = NotNull(function, "dataset", dataset)) return rc;
    const tessera::IngestReport& report = dataset->state->dataset.report;
    counts->rows_read = report.rows_read;
    counts->rows_accepted = report.rows_accepted;
    counts->rows_rejected = report.rows_rejected();
    counts->return_rows = report.return_rows;
    static_assert(TESSERA_REJECT_REASON_COUNT == tessera::kRejectReasonCount,
                  "the C enum lists every reject reason");
    for (int i = 0; i < TESSERA_REJECT_REASON_COUNT; ++i) {
      counts->rejected_by_reason[i] = report.rejected_by_reason[static_cast<size_t>(i)];
    }
    return TESSERA_OK;
  });
}

int tessera_dataset_ingest_summary(const tessera_dataset* dataset, const char** text) {
  const char* function = "tessera_dataset_ingest_summary";
  return Guard(function, [&]() -> int {
    if (int rc = NotNull(function, "text", text)) return rc;
    *text = nullptr;
    if (int rc = NotNull(function, "dataset", dataset)) return rc;
    *text = dataset->state->summary.c_str();
    return TESSERA_OK;
  });
}

int tessera_dataset_rejected_example_count(const tessera_dataset* dataset, size_t* count) {
  const char* function = "tessera_dataset_rejected_example_count";
  return Guard(function, [&]() -> int {
    if (int rc = NotNull(function, "count", count)) return rc;
    *count = 0;
    if (int rc = NotNull(function, "dataset", dataset)) return rc;
    *count = dataset->state->dataset.report.examples.size();
    return TESSERA_OK;
  });
}

int tessera_dataset_rejected_example(const tessera_dataset* dataset, size_t i,
                                     tessera_rejected_row* row) {
  const char* function = "tessera_dataset_rejected_example";
  return Guard(function, [&]() -> int {
    if (int rc = NotNull(function, "row", row)) return rc;
    *row = tessera_rejected_row{0, 0, nullptr, nullptr};
    if (int rc = NotNull(function, "dataset", dataset)) return rc;
    const auto& examples = dataset->state->dataset.report.examples;
    if (int rc = tessera::capi::Index(function, "i", i, examples.size(), "rejected examples")) {
      return rc;
    }
    const tessera::RejectedRow& example = examples[i];
    row->line = example.line;
    row->reason = static_cast<int>(example.reason);
    row->column = example.column.c_str();
    row->detail = example.detail.c_str();
    return TESSERA_OK;
  });
}

}  // extern "C"
