// Parsing one chunk of a transaction file (whole records) into column
// vectors, checking every row. Chunks run in parallel and are merged in file
// order, so nothing here depends on how the file was cut.
#ifndef TESSERA_SRC_CSV_CHUNK_H_
#define TESSERA_SRC_CSV_CHUNK_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "csv_columns.h"
#include "csv_fields.h"
#include "tessera/csv.h"
#include "tessera/dataset.h"
#include "tessera/ingest_report.h"

namespace tessera::internal {

// Leaves new elements of trivial types uninitialized, so that a merged column
// is first touched by the threads that fill it rather than zeroed by one
// thread beforehand.
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <typename U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
template <typename T>
using ColumnVector = std::vector<T, UninitializedAllocator<T>>;

enum class KeyMode {
  kIntegerUntilText,  // integers; stop at the first accepted key that is not one
  kIntegerOnly,       // integers; other keys are bad_key
  kText,              // keys as written
};

struct ChunkRejection {
  uint64_t line = 0;  // counted from the chunk's first line (0)
  RejectReason reason = RejectReason::kFieldCount;
  int role = -1;  // a Role, or -1 when the row as a whole is wrong
  std::string detail;
  std::string_view text;  // the record as written, line ending excluded
};

// The accepted rows of one chunk, column by column, and its rejections.
// Chunks sit side by side in a vector while different threads append to
// them; the alignment keeps them off each other's cache lines.
struct alignas(64) ChunkOutput {
  ColumnVector<int64_t> int_keys;
  ColumnVector<std::string_view> text_keys;
  // kIntegerUntilText: integer keys not written as their value prints
  // ("007", "7.0"), with their text, and how many rows were; see
  // KeySpellingsCollide.
  std::vector<std::pair<int64_t, std::string_view>> unusual_keys;
  uint64_t canonical_key_rows = 0;
  ColumnVector<Day> days;
  bool has_time = false;          // some accepted row had a time of day
  ColumnVector<int32_t> seconds;  // one per row once has_time, 0 before the first
  ColumnVector<double> amounts;
  ColumnVector<double> quantities;
  ColumnVector<int32_t> category_codes;           // into category_labels
  std::vector<std::string_view> category_labels;  // in order of first appearance
  ColumnVector<std::string_view> order_ids;
  TextArena arena;  // rewritten quoted fields the views above may point into
  std::vector<ChunkRejection> rejections;
  uint64_t rows_read = 0;
  uint64_t newlines = 0;       // line breaks in the chunk, blank lines included
  bool stopped_early = false;  // a strict rejection or a text key ended the chunk

  size_t rows() const { return days.size(); }
};

struct ChunkJob {
  const ColumnLayout* layout = nullptr;
  char delimiter = ',';
  DateFormat date_format = DateFormat::kAuto;
  KeyMode key_mode = KeyMode::kIntegerUntilText;
  bool stop_at_first_rejection = false;
  // kIntegerUntilText: raised by the chunk that meets a text key, watched by
  // the others so that they stop too.
  std::atomic<bool>* text_key_seen = nullptr;
  // Called now and then with the bytes of the chunk parsed so far.
  std::function<void(size_t)> on_progress;
};

void ParseChunk(std::string_view chunk, const ChunkJob& job, ChunkOutput& out);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_CSV_CHUNK_H_
