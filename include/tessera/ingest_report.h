// What happened to every input row: read = accepted + rejected, always, with
// the rejected rows counted by reason and the first few kept with location.
#ifndef TESSERA_INGEST_REPORT_H_
#define TESSERA_INGEST_REPORT_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

// Strict stops at the first bad row with its location; lenient skips it and
// counts it.
enum class IngestPolicy { kStrict, kLenient };

enum class RejectReason : int {
  kMissingCustomer = 0,  // empty or null customer key
  kBadDate,              // unparseable or out-of-range date
  kBadAmount,            // unparseable, NaN or infinite amount
  kBadQuantity,          // unparseable, NaN or infinite quantity
  kBadPrice,             // unparseable, NaN or infinite unit price
  kFieldCount,           // a CSV row with the wrong number of fields
  kBadKey,               // a key that does not fit the key kind (e.g. "12x" as integer)
  kBadEncoding,          // text that is not valid UTF-8
};
inline constexpr int kRejectReasonCount = 8;

// Stable snake_case name used in reports, rejects files and the C ABI.
std::string_view RejectReasonName(RejectReason reason);

struct RejectedRow {
  uint64_t line = 0;     // 1-based line in the file, or 0-based row for columns
  std::string column;    // the offending column, empty when not one column
  RejectReason reason = RejectReason::kFieldCount;
  std::string detail;    // e.g. "cannot parse '2011-13-45' as a date"
};

struct IngestReport {
  std::string source;  // file path, or "columns" for in-memory input
  uint64_t rows_read = 0;
  uint64_t rows_accepted = 0;
  std::array<uint64_t, kRejectReasonCount> rejected_by_reason{};
  // The first kMaxExamples rejections, in input order.
  std::vector<RejectedRow> examples;
  static constexpr size_t kMaxExamples = 20;

  // Rows marked as returns or cancellations (accepted, see ReturnPolicy).
  uint64_t return_rows = 0;

  uint64_t rows_rejected() const;
  // Records one rejection (count, and example while there is room).
  void Reject(RejectedRow row);
  // accepted + rejected == read; every producer checks this before returning.
  bool balanced() const { return rows_accepted + rows_rejected() == rows_read; }
  // One human-readable paragraph: "read N rows: A accepted, R rejected (...)".
  std::string Summary() const;
};

}  // namespace tessera

#endif  // TESSERA_INGEST_REPORT_H_
