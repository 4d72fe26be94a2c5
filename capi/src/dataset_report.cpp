// The ingest report of a dataset: counts, the summary paragraph and the
// first rejected rows.
#include "absl/strings/str_cat.h"
#include "arguments.h"
#include "errors.h"
#include "getter.h"
#include "handles.h"
#include "tessera/ingest_report.h"

using tessera::capi::Get;
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
  return Get("tessera_dataset_ingest_summary", dataset, "dataset", text, "text",
             static_cast<const char*>(nullptr),
             [](const tessera_dataset& d, const char*& out) -> int {
               out = d.state->summary.c_str();
               return TESSERA_OK;
             });
}

int tessera_dataset_rejected_example_count(const tessera_dataset* dataset, size_t* count) {
  return Get("tessera_dataset_rejected_example_count", dataset, "dataset", count, "count",
             size_t{0}, [](const tessera_dataset& d, size_t& out) -> int {
               out = d.state->dataset.report.examples.size();
               return TESSERA_OK;
             });
}

int tessera_dataset_rejected_example(const tessera_dataset* dataset, size_t i,
                                     tessera_rejected_row* row) {
  const char* function = "tessera_dataset_rejected_example";
  return Get(function, dataset, "dataset", row, "row", tessera_rejected_row{0, 0, nullptr, nullptr},
             [&](const tessera_dataset& d, tessera_rejected_row& out) -> int {
               const auto& examples = d.state->dataset.report.examples;
               if (int rc = tessera::capi::Index(function, "i", i, examples.size(),
                                                 "rejected examples")) {
                 return rc;
               }
               const tessera::RejectedRow& example = examples[i];
               out.line = example.line;
               out.reason = static_cast<int>(example.reason);
               out.column = example.column.c_str();
               out.detail = example.detail.c_str();
               return TESSERA_OK;
             });
}

}  // extern "C"
