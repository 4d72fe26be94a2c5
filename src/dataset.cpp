// Building a Dataset from in-memory columns: validate every row, map keys to
// dense indices, and borrow the host's buffers when nothing had to change.
#include "tessera/dataset.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "dataset_internal.h"
#include "parallel.h"
#include "scratch.h"
#include "utf8.h"

namespace tessera {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kNanosecondsPerSecond = 1000000000;
constexpr int64_t kNanosecondsPerDay = kSecondsPerDay * kNanosecondsPerSecond;
// numpy's NaT. Every other int64 nanosecond count is a day in 1677..2262,
// inside the accepted years.
constexpr int64_t kNotATime = std::numeric_limits<int64_t>::min();

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

absl::Status CheckLength(std::string_view what, size_t size, size_t expected) {
  if (size == 0 || size == expected) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("column '", internal::ToAbsl(what), "' has ", size, " values, expected ",
                   expected, " (the length of the key column)"));
}

bool NoTransactions(const TransactionColumns& in) {
  return in.int_keys.empty() && in.string_keys.empty() && in.days.empty() &&
         in.epoch_seconds.empty() && in.epoch_nanoseconds.empty() && in.amounts.empty() &&
         in.quantities.empty() &&
         in.category_codes.empty() && in.categories.empty() && in.order_ids.empty();
}

absl::Status CheckShape(const TransactionColumns& in, size_t& rows) {
  rows = 0;
  if (NoTransactions(in)) return absl::OkStatus();
  bool int_keys = !in.int_keys.empty(), string_keys = !in.string_keys.empty();
  if (int_keys == string_keys) {
    return absl::InvalidArgumentError(
        int_keys ? "give either integer or string customer keys, not both"
                 : "no customer key column (int_keys or string_keys)");
  }
  rows = int_keys ? in.int_keys.size() : in.string_keys.size();
  if (rows > kMaxRows) {
    return absl::InvalidArgumentError(absl::StrCat(
        rows, " transaction rows; one dataset holds at most ", kMaxRows));
  }
  const int date_columns = !in.days.empty() + !in.epoch_seconds.empty() +
                           !in.epoch_nanoseconds.empty();
  if (date_columns != 1) {
    return absl::InvalidArgumentError(
        date_columns == 0
            ? "no date column (days, epoch_seconds or epoch_nanoseconds)"
            : "give one date column of days, epoch_seconds and epoch_nanoseconds, not several");
  }
  if (in.amounts.empty()) {
    return absl::InvalidArgumentError("no amount column");
  }
  if (!in.category_codes.empty() && !in.categories.empty()) {
    return absl::InvalidArgumentError(
        "give either category codes or category strings, not both");
  }
  for (auto [name, size] :
       {std::pair<std::string_view, size_t>{"days", in.days.size()},
        {"epoch_seconds", in.epoch_seconds.size()},
        {"epoch_nanoseconds", in.epoch_nanoseconds.size()},
        {"amounts", in.amounts.size()},
        {"quantities", in.quantities.size()},
        {"category_codes", in.category_codes.size()},
        {"categories", in.categories.size()},
        {"order_ids", in.order_ids.size()},
        {"missing_keys", in.missing_keys.size()}}) {
    if (absl::Status s = CheckLength(name, size, rows); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// A date column none of whose values lies in years 1000..9999 is surely in
// the wrong unit (seconds given as days, milliseconds as seconds): that is a
// mistake in the call, not a file of bad rows, so it fails whatever the
// policy. The scan stops at the first plausible date, normally row 0.
absl::Status CheckDateUnit(const TransactionColumns& in, size_t rows) {
  // Any nanosecond count is a plausible date (see kNotATime).
  if (rows == 0 || !in.epoch_nanoseconds.empty()) return absl::OkStatus();
  if (!in.days.empty()) {
    for (Day day : in.days) {
      if (day >= kMinDay && day <= kMaxDay) return absl::OkStatus();
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "column 'days': every value lies outside years 1000..9999 (the first is ",
        in.days[0], "); are they seconds since 1970 rather than days?"));
  }
  for (int64_t seconds : in.epoch_seconds) {
    int64_t day = FloorDiv(seconds, kSecondsPerDay);
    if (day >= kMinDay && day <= kMaxDay) return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "column 'epoch_seconds': every value lies outside years 1000..9999 (the "
      "first is ", in.epoch_seconds[0], "); are they milliseconds or nanoseconds "
      "rather than seconds?"));
}

// The first problem with row i, if any.
bool CheckRow(const TransactionColumns& in, size_t i, RejectedRow& why) {
  auto reject = [&](RejectReason reason, std::string column, std::string detail) {
    why.line = i;
    why.reason = reason;
    why.column = std::move(column);
    why.detail = std::move(detail);
    return false;
  };
  if (!in.missing_keys.empty() && in.missing_keys[i] != 0) {
    return reject(RejectReason::kMissingCustomer, "customer", "missing key");
  }
  if (!in.string_keys.empty()) {
    if (in.string_keys[i].empty()) {
      return reject(RejectReason::kMissingCustomer, "customer", "empty key");
    }
    if (!internal::IsValidText(in.string_keys[i])) {
      return reject(RejectReason::kBadEncoding, "customer",
                    "key is not UTF-8 text (or holds a NUL byte)");
    }
  }
  if (!in.days.empty() && (in.days[i] < kMinDay || in.days[i] > kMaxDay)) {
    return reject(RejectReason::kBadDate, "date",
                  absl::StrCat("day ", in.days[i],
                               " is outside years 1000..9999 (days since 1970?)"));
  }
  if (!in.epoch_nanoseconds.empty() && in.epoch_nanoseconds[i] == kNotATime) {
    return reject(RejectReason::kBadDate, "date", "not a time (NaT)");
  }
  if (!in.epoch_seconds.empty()) {
    int64_t day = FloorDiv(in.epoch_seconds[i], kSecondsPerDay);
    if (day < kMinDay || day > kMaxDay) {
      return reject(RejectReason::kBadDate, "date",
                    absl::StrCat(in.epoch_seconds[i],
                                 " seconds is outside years 1000..9999"));
    }
  }
  if (!(std::abs(in.amounts[i]) <= kMaxAbsoluteValue)) {  // NaN fails too
    return reject(RejectReason::kBadAmount, "amount",
                  absl::StrCat("amount is ", in.amounts[i],
                               std::isfinite(in.amounts[i]) ? ", beyond +-1e15" : ""));
  }
  if (!in.quantities.empty() && !(std::abs(in.quantities[i]) <= kMaxAbsoluteValue)) {
    return reject(RejectReason::kBadQuantity, "quantity",
                  absl::StrCat("quantity is ", in.quantities[i],
                               std::isfinite(in.quantities[i]) ? ", beyond +-1e15" : ""));
  }
  if (!in.category_codes.empty() &&
      (in.category_codes[i] < 0 ||
       static_cast<size_t>(in.category_codes[i]) >= in.category_labels.size())) {
    return reject(RejectReason::kBadKey, "category",
                  absl::StrCat("category code ", in.category_codes[i],
                               " has no label (", in.category_labels.size(),
                               " labels)"));
  }
  for (auto [column, values] :
       {std::pair<const char*, absl::Span<const std::string_view>>{
            "category", in.categories},
        {"order_id", in.order_ids}}) {
    if (!values.empty() && !internal::IsValidText(values[i])) {
      return reject(RejectReason::kBadEncoding, column,
                    "text is not UTF-8 (or holds a NUL byte)");
    }
  }
  return true;
}

// Whether every row in [begin, end) passes CheckRow, decided column by column
// with branch-free loops the compiler vectorizes. Columns of strings need the
// per-row checks (emptiness, UTF-8), so their presence answers false.
bool BlockIsClean(const TransactionColumns& in, size_t begin, size_t end) {
  if (!in.string_keys.empty() || !in.categories.empty() || !in.order_ids.empty()) return false;
  bool clean = true;
  if (!in.missing_keys.empty()) {
    for (size_t i = begin; i < end; ++i) clean &= in.missing_keys[i] == 0;
  }
  if (!in.days.empty()) {
    for (size_t i = begin; i < end; ++i) clean &= in.days[i] >= kMinDay && in.days[i] <= kMaxDay;
  } else if (!in.epoch_nanoseconds.empty()) {
    for (size_t i = begin; i < end; ++i) clean &= in.epoch_nanoseconds[i] != kNotATime;
  } else {
    const int64_t lowest = int64_t{kMinDay} * kSecondsPerDay;
    const int64_t highest = (int64_t{kMaxDay} + 1) * kSecondsPerDay - 1;
    for (size_t i = begin; i < end; ++i) {
      clean &= in.epoch_seconds[i] >= lowest && in.epoch_seconds[i] <= highest;
    }
  }
  for (size_t i = begin; i < end; ++i) clean &= std::abs(in.amounts[i]) <= kMaxAbsoluteValue;
  if (!in.quantities.empty()) {
    for (size_t i = begin; i < end; ++i) clean &= std::abs(in.quantities[i]) <= kMaxAbsoluteValue;
  }
  if (!in.category_codes.empty()) {
    const int64_t labels = static_cast<int64_t>(in.category_labels.size());
    for (size_t i = begin; i < end; ++i) {
      clean &= in.category_codes[i] >= 0 && in.category_codes[i] < labels;
    }
  }
  return clean;
}

// Validates every row on all cores. Returns the keep mask (empty when every
// row is kept) and fills the report; in strict mode the first bad row in row
// order becomes the error.
absl::StatusOr<std::vector<uint8_t>> ValidateRows(const TransactionColumns& in,
                                                  size_t rows,
                                                  const IngestOptions& options,
                                                  IngestReport& report) {
  struct ChunkResult {
    std::vector<RejectedRow> rejected;
  };
  int threads = internal::ResolveThreads(options.num_threads);
  std::vector<ChunkResult> results(static_cast<size_t>(threads));
  bool strict = options.policy == IngestPolicy::kStrict;
  internal::ParallelChunks(rows, threads, 1 << 16, [&](int chunk, size_t begin, size_t end) {
    ChunkResult& result = results[static_cast<size_t>(chunk)];
    RejectedRow why;
    constexpr size_t kBlock = 4096;
    for (size_t block = begin; block < end; block += kBlock) {
      const size_t block_end = std::min(end, block + kBlock);
      if (BlockIsClean(in, block, block_end)) continue;
      for (size_t i = block; i < block_end; ++i) {
        if (CheckRow(in, i, why)) continue;
        result.rejected.push_back(why);
        if (strict) return;
      }
    }
  });
  report.rows_read = rows;
  // The mask is made only when some row is rejected: a clean table of ten
  // million rows spares a 10 MB array and a pass over it.
  std::vector<uint8_t> keep;
  for (ChunkResult& result : results) {
    for (RejectedRow& row : result.rejected) {
      if (strict) {
        return absl::InvalidArgumentError(
            absl::StrCat("row ", row.line, ": column '", row.column, "': ",
                         internal::ToAbsl(RejectReasonName(row.reason)), ": ", row.detail));
      }
      if (keep.empty()) keep.assign(rows, 1);
      keep[row.line] = 0;
      report.Reject(std::move(row));
    }
  }
  report.rows_accepted = rows - report.rows_rejected();
  return keep;
}

template <typename T>
std::vector<T> Compact(absl::Span<const T> values, const std::vector<uint8_t>& keep,
                       size_t kept) {
  std::vector<T> out;
  out.reserve(kept);
  for (size_t i = 0; i < values.size(); ++i) {
    if (keep[i]) out.push_back(values[i]);
  }
  return out;
}

// Borrows when every row was kept, copies the kept rows otherwise.
template <typename T>
Column<T> KeptColumn(absl::Span<const T> values, const std::vector<uint8_t>& keep,
                     size_t kept, const std::shared_ptr<const void>& keepalive) {
  if (values.empty()) return {};
  if (keep.empty()) return Column<T>::Borrow(values, keepalive);
  return Column<T>(Compact(values, keep, kept));
}

Column<int32_t> EncodeStrings(absl::Span<const std::string_view> values,
                              const std::vector<uint8_t>& keep, size_t kept,
                              Dictionary& dictionary) {
  if (values.empty()) return {};
  std::vector<int32_t> codes;
  codes.reserve(kept);
  for (size_t i = 0; i < values.size(); ++i) {
    if (keep.empty() || keep[i]) codes.push_back(dictionary.Intern(values[i]));
  }
  return Column<int32_t>(std::move(codes));
}

absl::Status AddCustomerTable(const CustomerColumns& in, Dataset& dataset) {
  bool int_keys = !in.int_keys.empty();
  if (int_keys == !in.string_keys.empty()) {
    return absl::InvalidArgumentError(
        int_keys ? "customer table: give either integer or string keys, not both"
                 : "customer table: no key column");
  }
  if (int_keys != (dataset.customers.kind() == KeyKind::kInteger)) {
    return absl::InvalidArgumentError(
        "customer table and transactions use different key kinds "
        "(one integer, one string)");
  }
  size_t n = int_keys ? in.int_keys.size() : in.string_keys.size();
  for (size_t i = 0; i < n; ++i) {
    size_t before = dataset.customers.size();
    if (int_keys) {
      dataset.customers.Intern(in.int_keys[i]);
    } else {
      if (in.string_keys[i].empty() || !internal::IsValidText(in.string_keys[i])) {
        return absl::InvalidArgumentError(absl::StrCat(
            "customer table row ", i, ": key is empty, not UTF-8 or holds a NUL byte"));
      }
      dataset.customers.Intern(in.string_keys[i]);
    }
    if (dataset.customers.size() == before) {
      std::string key = int_keys ? std::to_string(in.int_keys[i]) : std::string(in.string_keys[i]);
      return absl::InvalidArgumentError(
          absl::StrCat("customer table row ", i, ": duplicate key '", key, "'"));
    }
  }
  dataset.attributes.listed = n;
  for (const CustomerColumns::Categorical& column : in.categorical) {
    if (absl::Status s = CheckLength(column.name, column.values.size(), n);
        !s.ok() || column.values.empty()) {
      return s.ok() ? absl::InvalidArgumentError(absl::StrCat(
                          "customer attribute '", column.name, "' is empty"))
                    : s;
    }
    CategoricalAttribute attribute{column.name, {}, std::vector<int32_t>(n, -1)};
    for (size_t i = 0; i < n; ++i) {
      if (column.values[i].empty()) continue;
      if (!internal::IsValidText(column.values[i])) {
        return absl::InvalidArgumentError(absl::StrCat(
            "customer attribute '", column.name, "' row ", i,
            ": not UTF-8 or holds a NUL byte"));
      }
      attribute.codes[i] = attribute.labels.Intern(column.values[i]);
    }
    dataset.attributes.categorical.push_back(std::move(attribute));
  }
  for (const CustomerColumns::Numeric& column : in.numeric) {
    if (absl::Status s = CheckLength(column.name, column.values.size(), n);
        !s.ok() || column.values.empty()) {
      return s.ok() ? absl::InvalidArgumentError(absl::StrCat(
                          "customer attribute '", column.name, "' is empty"))
                    : s;
    }
    dataset.attributes.numeric.push_back(
        {column.name, std::vector<double>(column.values.begin(), column.values.end())});
  }
  return absl::OkStatus();
}

// Customers first seen in transactions have unknown attributes.
void PadAttributes(CustomerTable& table, size_t customers) {
  for (CategoricalAttribute& attribute : table.categorical) {
    attribute.codes.resize(customers, -1);
  }
  for (NumericAttribute& attribute : table.numeric) {
    attribute.values.resize(customers, std::nan(""));
  }
}

// Returns are counted first, on all cores, and the flag column is only
// written when there is one: most logs of sales have none.
Column<uint8_t> MarkReturns(const TransactionTable& table,
                            const std::string& cancellation_prefix, int num_threads,
                            uint64_t& return_rows) {
  std::vector<int8_t> cancelled_order;
  if (!table.order.empty() && !cancellation_prefix.empty()) {
    cancelled_order.resize(table.orders.size());
    for (size_t code = 0; code < table.orders.size(); ++code) {
      const std::string& id = table.orders.label(static_cast<int32_t>(code));
      cancelled_order[code] = id.compare(0, cancellation_prefix.size(),
                                         cancellation_prefix) == 0;
    }
  }
  auto returned = [&](size_t i) {
    return table.amount[i] < 0 || (!table.quantity.empty() && table.quantity[i] < 0) ||
           (!cancelled_order.empty() && cancelled_order[static_cast<size_t>(table.order[i])]);
  };
  constexpr size_t kMinChunk = 1 << 16;
  const int threads = internal::ResolveThreads(num_threads);
  std::vector<uint64_t> counts(static_cast<size_t>(threads), 0);
  internal::ParallelChunks(table.size(), threads, kMinChunk, [&](int chunk, size_t begin, size_t end) {
    uint64_t count = 0;
    for (size_t i = begin; i < end; ++i) count += returned(i);
    counts[static_cast<size_t>(chunk)] = count;
  });
  return_rows = 0;
  for (uint64_t count : counts) return_rows += count;
  if (return_rows == 0) return {};
  std::vector<uint8_t> is_return(table.size());
  internal::ParallelChunks(table.size(), threads, kMinChunk, [&](int, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) is_return[i] = returned(i);
  });
  return Column<uint8_t>(std::move(is_return));
}

// Builds the dataset; rows_checked skips ValidateRows for callers that have
// already checked every row against the same rules (the CSV reader).
absl::StatusOr<Dataset> Build(const CustomerColumns& customers, const TransactionColumns& in,
                              const IngestOptions& options, bool rows_checked) {
  size_t rows = 0;
  if (absl::Status s = CheckShape(in, rows); !s.ok()) return s;
  if (absl::Status s = CheckDateUnit(in, rows); !s.ok()) return s;
  // Without transactions (a customer table of prospects only) the key kind
  // is the customer table's.
  bool int_keys = rows > 0 ? !in.int_keys.empty() : customers.string_keys.empty();
  Dataset dataset{CustomerIndex(int_keys ? KeyKind::kInteger : KeyKind::kString),
                  {}, {}, {}};
  dataset.report.source = "columns";
  if (!customers.int_keys.empty() || !customers.string_keys.empty()) {
    if (absl::Status s = AddCustomerTable(customers, dataset); !s.ok()) return s;
  }

  absl::StatusOr<std::vector<uint8_t>> keep = std::vector<uint8_t>();
  if (rows_checked) {
    dataset.report.rows_read = dataset.report.rows_accepted = rows;
  } else {
    keep = ValidateRows(in, rows, options, dataset.report);
    if (!keep.ok()) return keep.status();
  }
  size_t kept = dataset.report.rows_accepted;

  TransactionTable& table = dataset.transactions;
  if (int_keys) {
    std::vector<int64_t> compacted;
    absl::Span<const int64_t> keys = in.int_keys;
    if (!keep->empty()) keys = compacted = Compact(in.int_keys, *keep, kept);
    // Scratch memory, given back for the next dataset when this one goes;
    // uninitialised, as every id is written once.
    auto ids = internal::SharedScratchArray<uint32_t>(keys.size());
    dataset.customers.InternAll(keys, absl::MakeSpan(ids->data(), ids->size()),
                                options.num_threads);
    const absl::Span<const uint32_t> view(ids->data(), ids->size());
    table.customer = Column<uint32_t>::Borrow(view, std::move(ids));
  } else {
    std::vector<std::string_view> compacted;
    absl::Span<const std::string_view> keys = in.string_keys;
    if (!keep->empty()) keys = compacted = Compact(in.string_keys, *keep, kept);
    table.customer = Column<uint32_t>(dataset.customers.InternAll(keys, options.num_threads));
  }

  if (!in.days.empty()) {
    table.day = KeptColumn(in.days, *keep, kept, in.keepalive);
  } else {
    // Seconds or nanoseconds: split into the day and the second of the day.
    const bool nanoseconds = !in.epoch_nanoseconds.empty();
    const int64_t per_day = nanoseconds ? kNanosecondsPerDay : kSecondsPerDay;
    const int64_t per_second = nanoseconds ? kNanosecondsPerSecond : 1;
    std::vector<int64_t> compacted;
    absl::Span<const int64_t> times = nanoseconds ? in.epoch_nanoseconds : in.epoch_seconds;
    if (!keep->empty()) times = compacted = Compact(times, *keep, kept);
    const int threads = internal::ResolveThreads(options.num_threads);
    std::vector<Day> days(kept);
    std::vector<uint8_t> chunk_has_time(static_cast<size_t>(threads), 0);
    internal::ParallelChunks(kept, threads, 1 << 16, [&](int chunk, size_t begin, size_t end) {
      bool has_time = false;
      for (size_t i = begin; i < end; ++i) {
        int64_t day = FloorDiv(times[i], per_day);
        days[i] = static_cast<Day>(day);
        has_time |= times[i] != day * per_day;
      }
      chunk_has_time[static_cast<size_t>(chunk)] = has_time;
    });
    table.day = Column<Day>(std::move(days));
    // As the CSV reader does: the second of the day only when some row has a
    // time, so date-only columns (midnight everywhere) cost no second column.
    if (std::find(chunk_has_time.begin(), chunk_has_time.end(), 1) != chunk_has_time.end()) {
      std::vector<int32_t> seconds(kept);
      internal::ParallelChunks(kept, threads, 1 << 16, [&](int, size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
          int64_t day = FloorDiv(times[i], per_day);
          seconds[i] = static_cast<int32_t>((times[i] - day * per_day) / per_second);
        }
      });
      table.second_of_day = Column<int32_t>(std::move(seconds));
    }
  }
  table.amount = KeptColumn(in.amounts, *keep, kept, in.keepalive);
  table.quantity = KeptColumn(in.quantities, *keep, kept, in.keepalive);
  if (!in.category_codes.empty()) {
    table.category = KeptColumn(in.category_codes, *keep, kept, in.keepalive);
    for (const std::string& label : in.category_labels) table.categories.Intern(label);
    if (table.categories.size() != in.category_labels.size()) {
      return absl::InvalidArgumentError("category labels contain duplicates");
    }
  } else {
    table.category = EncodeStrings(in.categories, *keep, kept, table.categories);
  }
  table.order = EncodeStrings(in.order_ids, *keep, kept, table.orders);
  table.is_return = MarkReturns(table, options.cancellation_prefix, options.num_threads,
                                dataset.report.return_rows);

  PadAttributes(dataset.attributes, dataset.customers.size());
  return dataset;
}

}  // namespace

absl::StatusOr<Dataset> BuildDataset(const TransactionColumns& transactions,
                                     const IngestOptions& options) {
  return Build(CustomerColumns{}, transactions, options, /*rows_checked=*/false);
}

absl::StatusOr<Dataset> BuildDataset(const CustomerColumns& customers,
                                     const TransactionColumns& transactions,
                                     const IngestOptions& options) {
  return Build(customers, transactions, options, /*rows_checked=*/false);
}

namespace internal {

absl::StatusOr<Dataset> BuildDatasetOfCheckedRows(const CustomerColumns& customers,
                                                  const TransactionColumns& transactions,
                                                  const IngestOptions& options) {
  return Build(customers, transactions, options, /*rows_checked=*/true);
}

}  // namespace internal
}  // namespace tessera
