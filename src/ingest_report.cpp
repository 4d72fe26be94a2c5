#include "tessera/ingest_report.h"

#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl_compat.h"

namespace tessera {

std::string_view RejectReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kMissingCustomer: return "missing_customer";
    case RejectReason::kBadDate: return "bad_date";
    case RejectReason::kBadAmount: return "bad_amount";
    case RejectReason::kBadQuantity: return "bad_quantity";
    case RejectReason::kBadPrice: return "bad_price";
    case RejectReason::kFieldCount: return "field_count";
    case RejectReason::kBadKey: return "bad_key";
    case RejectReason::kBadEncoding: return "bad_encoding";
  }
  return "unknown";
}

uint64_t IngestReport::rows_rejected() const {
  return std::accumulate(rejected_by_reason.begin(), rejected_by_reason.end(),
                         uint64_t{0});
}

void IngestReport::Reject(RejectedRow row) {
  ++rejected_by_reason[static_cast<size_t>(row.reason)];
  if (examples.size() < kMaxExamples) examples.push_back(std::move(row));
}

std::string IngestReport::Summary() const {
  std::string text = absl::StrCat(source.empty() ? "input" : source, ": read ",
                                  rows_read, " rows, ", rows_accepted,
                                  " accepted, ", rows_rejected(), " rejected");
  std::string reasons;
  for (int i = 0; i < kRejectReasonCount; ++i) {
    if (rejected_by_reason[static_cast<size_t>(i)] == 0) continue;
    absl::StrAppend(&reasons, reasons.empty() ? "" : ", ",
                    internal::ToAbsl(RejectReasonName(static_cast<RejectReason>(i))), " ",
                    rejected_by_reason[static_cast<size_t>(i)]);
  }
  if (!reasons.empty()) absl::StrAppend(&text, " (", reasons, ")");
  if (return_rows > 0) {
    absl::StrAppend(&text, "; ", return_rows, " returns or cancellations");
  }
  absl::StrAppend(&text, balanced() ? "" : " [UNBALANCED: internal error]");
  return text;
}

}  // namespace tessera
