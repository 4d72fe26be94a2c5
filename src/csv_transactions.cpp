#include "csv_transactions.h"

#include <algorithm>
#include <atomic>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "csv_rejects.h"
#include "dataset_internal.h"
#include "parallel.h"
#include "tessera/dictionary.h"

namespace tessera::internal {
namespace {

// Below this, threads cost more than they save.
constexpr size_t kMinChunkBytes = size_t{1} << 16;
constexpr int64_t kSecondsPerDay = 86400;

KeyMode ModeFor(KeyKindOption option, bool force_text_keys) {
  if (force_text_keys) return KeyMode::kText;
  switch (option) {
    case KeyKindOption::kInteger: return KeyMode::kIntegerOnly;
    case KeyKindOption::kString: return KeyMode::kText;
    case KeyKindOption::kAuto: break;
  }
  return KeyMode::kIntegerUntilText;
}

// Calls the host's progress callback on the calling thread only: chunk 0
// runs there and adds up what the other chunks have announced.
class Progress {
 public:
  Progress(const std::function<void(uint64_t, uint64_t)>& callback, uint64_t total,
           uint64_t before_rows, size_t chunks)
      : callback_(callback), total_(total), before_rows_(before_rows), done_(chunks) {
    for (std::atomic<uint64_t>& done : done_) done.store(0);
  }

  bool wanted() const { return static_cast<bool>(callback_); }
  void Restart() {
    for (std::atomic<uint64_t>& done : done_) done.store(0);
  }
  void Set(size_t chunk, size_t bytes) {
    done_[chunk].store(bytes, std::memory_order_relaxed);
    if (chunk != 0) return;
    uint64_t sum = before_rows_;
    for (const std::atomic<uint64_t>& done : done_) sum += done.load(std::memory_order_relaxed);
    // A second pass (text keys found late) starts over; the host sees no step back.
    reported_ = std::max(reported_, std::min(sum, total_));
    callback_(reported_, total_);
  }
  void Finish() {
    if (wanted()) callback_(total_, total_);
  }

 private:
  const std::function<void(uint64_t, uint64_t)>& callback_;
  uint64_t total_;
  uint64_t before_rows_;
  std::vector<std::atomic<uint64_t>> done_;
  uint64_t reported_ = 0;
};

// Parses every chunk in parallel; true when a text key stopped the pass.
bool ParseChunks(ParsedTransactions& parsed, Progress& progress) {
  size_t count = parsed.chunk_texts.size();
  parsed.chunks.clear();
  parsed.chunks.resize(count);
  std::atomic<bool> text_key_seen{false};
  ParallelChunks(count, static_cast<int>(count), 1, [&](int, size_t first, size_t last) {
    for (size_t c = first; c < last; ++c) {
      ChunkJob job = parsed.job;
      job.text_key_seen = &text_key_seen;
      if (progress.wanted())
        job.on_progress = [&progress, c](size_t bytes) { progress.Set(c, bytes); };
      ParseChunk(parsed.chunk_texts[c], job, parsed.chunks[c]);
    }
  });
  return text_key_seen.load();
}

// Whether one integer is written two ways among the keys ("7" and "007", or
// "17850" and "17850.0"). Read as numbers those would become one customer,
// and whether they did would hang on whether some other key in the file is
// text; so auto mode reads the keys as text instead. Zero-padded ids that
// are always padded ("0001", CDNOW) or a ".0" ending used throughout
// (Online Retail) stay integers. Costs nothing for files whose keys all
// print as written.
bool KeySpellingsCollide(const ParsedTransactions& parsed) {
  absl::flat_hash_map<int64_t, std::pair<std::string_view, uint64_t>> unusual;
  bool any_canonical = false;
  for (const ChunkOutput& chunk : parsed.chunks) {
    any_canonical = any_canonical || chunk.canonical_key_rows > 0;
    for (const auto& [value, text] : chunk.unusual_keys) {
      auto [it, inserted] = unusual.try_emplace(value, text, 0);
      if (!inserted && it->second.first != text) return true;
      ++it->second.second;
    }
  }
  if (unusual.empty() || !any_canonical) return false;
  // A value with more rows than unusual spellings was also written plainly.
  for (const ChunkOutput& chunk : parsed.chunks) {
    for (int64_t value : chunk.int_keys) {
      auto it = unusual.find(value);
      if (it == unusual.end()) continue;
      if (it->second.second == 0) return true;
      --it->second.second;
    }
  }
  return false;
}

RejectedRow ToRejectedRow(const ParsedTransactions& parsed, size_t chunk,
                          const ChunkRejection& rejection) {
  RejectedRow row;
  row.line = parsed.chunk_first_line[chunk] + rejection.line;
  if (rejection.role >= 0) row.column = parsed.layout.name[static_cast<size_t>(rejection.role)];
  row.reason = rejection.reason;
  row.detail = rejection.detail;
  return row;
}

absl::Status ReportRejections(ParsedTransactions& parsed, const CsvOptions& options) {
  bool strict = options.ingest.policy == IngestPolicy::kStrict;
  RejectsWriter writer;
  bool write = !strict && !options.rejects_path.empty();
  if (write) {
    if (absl::Status s = writer.Open(options.rejects_path); !s.ok()) return s;
  }
  for (size_t c = 0; c < parsed.chunks.size(); ++c) {
    for (const ChunkRejection& rejection : parsed.chunks[c].rejections) {
      RejectedRow row = ToRejectedRow(parsed, c, rejection);
      if (strict) return absl::InvalidArgumentError(RejectionMessage(parsed.path, row));
      if (write) writer.Write(row, rejection.text);
      parsed.report.Reject(std::move(row));
    }
  }
  return writer.Close();
}

// Appends each chunk's part at its row offset, all chunks at once; a single
// chunk's vector is taken as it is.
template <typename T, typename Part>
ColumnVector<T> Concatenate(ParsedTransactions& parsed, Part part) {
  std::vector<ChunkOutput>& chunks = parsed.chunks;
  if (chunks.size() == 1) return std::move(part(chunks[0]));
  ColumnVector<T> all(parsed.rows());
  ParallelChunks(
      chunks.size(), static_cast<int>(chunks.size()), 1, [&](int, size_t first, size_t last) {
        for (size_t c = first; c < last; ++c) {
          ColumnVector<T>& values = part(chunks[c]);
          std::copy(values.begin(), values.end(),
                    all.begin() + static_cast<std::ptrdiff_t>(parsed.chunk_first_row[c]));
          ColumnVector<T>().swap(values);
        }
      });
  return all;
}

ColumnVector<int64_t> EpochSeconds(ParsedTransactions& parsed) {
  ColumnVector<int64_t> seconds(parsed.rows());
  ParallelChunks(parsed.chunks.size(), static_cast<int>(parsed.chunks.size()), 1,
                 [&](int, size_t first, size_t last) {
                   for (size_t c = first; c < last; ++c) {
                     const ChunkOutput& chunk = parsed.chunks[c];
                     int64_t* out = seconds.data() + parsed.chunk_first_row[c];
                     for (size_t i = 0; i < chunk.rows(); ++i) {
                       out[i] =
                           chunk.days[i] * kSecondsPerDay + (chunk.has_time ? chunk.seconds[i] : 0);
                     }
                   }
                 });
  return seconds;
}

// Chunk-local category codes become codes of one dictionary whose labels
// follow first appearance in the file, whatever the number of chunks.
ColumnVector<int32_t> MergeCategories(ParsedTransactions& parsed) {
  Dictionary dictionary;
  std::vector<std::vector<int32_t>> to_global(parsed.chunks.size());
  for (size_t c = 0; c < parsed.chunks.size(); ++c) {
    for (std::string_view label : parsed.chunks[c].category_labels) {
      to_global[c].push_back(dictionary.Intern(label));
    }
  }
  parsed.category_labels = dictionary.labels();
  for (size_t c = 0; c < parsed.chunks.size(); ++c) {
    bool identity = true;
    for (size_t code = 0; code < to_global[c].size(); ++code) {
      identity = identity && to_global[c][code] == static_cast<int32_t>(code);
    }
    if (identity) continue;
    for (int32_t& code : parsed.chunks[c].category_codes) {
      code = to_global[c][static_cast<size_t>(code)];
    }
  }
  return Concatenate<int32_t>(
      parsed, [](ChunkOutput& chunk) -> ColumnVector<int32_t>& { return chunk.category_codes; });
}

void MergeColumns(ParsedTransactions& parsed) {
  parsed.chunk_first_row.assign(parsed.chunks.size(), 0);
  for (size_t c = 1; c < parsed.chunks.size(); ++c) {
    parsed.chunk_first_row[c] = parsed.chunk_first_row[c - 1] + parsed.chunks[c - 1].rows();
  }
  auto borrowed = std::make_shared<BorrowedColumns>();
  if (parsed.key_kind == KeyKind::kString) {
    parsed.text_keys = Concatenate<std::string_view>(
        parsed,
        [](ChunkOutput& chunk) -> ColumnVector<std::string_view>& { return chunk.text_keys; });
  } else {
    parsed.int_keys = Concatenate<int64_t>(
        parsed, [](ChunkOutput& chunk) -> ColumnVector<int64_t>& { return chunk.int_keys; });
  }
  bool has_time = std::any_of(parsed.chunks.begin(), parsed.chunks.end(),
                              [](const ChunkOutput& chunk) { return chunk.has_time; });
  if (has_time) {
    borrowed->epoch_seconds = EpochSeconds(parsed);
  } else {
    borrowed->days = Concatenate<Day>(
        parsed, [](ChunkOutput& chunk) -> ColumnVector<Day>& { return chunk.days; });
  }
  borrowed->amounts = Concatenate<double>(
      parsed, [](ChunkOutput& chunk) -> ColumnVector<double>& { return chunk.amounts; });
  if (parsed.layout.has(Role::kQuantity)) {
    borrowed->quantities = Concatenate<double>(
        parsed, [](ChunkOutput& chunk) -> ColumnVector<double>& { return chunk.quantities; });
  }
  if (parsed.layout.has(Role::kCategory)) borrowed->category_codes = MergeCategories(parsed);
  if (parsed.layout.has(Role::kOrderId)) {
    parsed.order_ids = Concatenate<std::string_view>(
        parsed,
        [](ChunkOutput& chunk) -> ColumnVector<std::string_view>& { return chunk.order_ids; });
  }
  parsed.borrowed = std::move(borrowed);
}

}  // namespace

TransactionColumns ParsedTransactions::Columns() const {
  TransactionColumns columns;
  if (key_kind == KeyKind::kString) {
    columns.string_keys = text_keys;
  } else {
    columns.int_keys = int_keys;
  }
  if (borrowed->epoch_seconds.empty()) {
    columns.days = borrowed->days;
  } else {
    columns.epoch_seconds = borrowed->epoch_seconds;
  }
  columns.amounts = borrowed->amounts;
  columns.quantities = borrowed->quantities;
  if (layout.has(Role::kCategory)) {
    columns.category_codes = borrowed->category_codes;
    columns.category_labels = category_labels;
  }
  columns.order_ids = order_ids;
  columns.keepalive = borrowed;
  return columns;
}


absl::StatusOr<std::unique_ptr<ParsedTransactions>> ParseTransactionFile(const std::string& path,
                                                                         const CsvOptions& options,
                                                                         bool force_text_keys) {
  if (absl::Status s = CheckDelimiter(options.delimiter, "delimiter"); !s.ok()) return s;
  auto parsed = std::make_unique<ParsedTransactions>();
  parsed->path = path;
  parsed->report.source = path;
  absl::StatusOr<FileBytes> file = FileBytes::Open(path);
  if (!file.ok()) return file.status();
  parsed->file = *std::move(file);
  std::string_view text = parsed->file.text();
  absl::StatusOr<FileStart> start =
      ReadFileStart(text, options.delimiter, options.has_header, path);
  if (!start.ok()) return start.status();
  absl::StatusOr<ColumnLayout> layout = ResolveTransactionColumns(options, *start, path);
  if (!layout.ok()) return layout.status();
  parsed->layout = *std::move(layout);

  size_t body = text.size() - start->body_offset;
  size_t chunks = std::clamp<size_t>(
      body / kMinChunkBytes, 1, static_cast<size_t>(ResolveThreads(options.ingest.num_threads)));
  RecordStarts starts(text, options.delimiter);
  std::vector<size_t> cuts = {start->body_offset};
  for (size_t c = 1; c < chunks; ++c) {
    cuts.push_back(std::max(cuts.back(), starts.AtOrAfter(start->body_offset + body * c / chunks)));
  }
  cuts.push_back(text.size());
  for (size_t c = 0; c < chunks; ++c)
    parsed->chunk_texts.push_back(text.substr(cuts[c], cuts[c + 1] - cuts[c]));

  parsed->job.layout = &parsed->layout;
  parsed->job.delimiter = options.delimiter;
  parsed->job.date_format = options.date_format;
  parsed->job.key_mode = ModeFor(options.key_kind, force_text_keys);
  parsed->job.stop_at_first_rejection = options.ingest.policy == IngestPolicy::kStrict;
  uint64_t before_rows = parsed->file.file_size() - body;
  Progress progress(options.progress, parsed->file.file_size(), before_rows, chunks);
  bool text_key_seen = ParseChunks(*parsed, progress);
  if (parsed->job.key_mode == KeyMode::kIntegerUntilText &&
      (text_key_seen || KeySpellingsCollide(*parsed))) {
    parsed->job.key_mode = KeyMode::kText;
    progress.Restart();
    ParseChunks(*parsed, progress);
  }
  parsed->key_kind = parsed->job.key_mode == KeyMode::kText ? KeyKind::kString : KeyKind::kInteger;

  parsed->chunk_first_line.assign(chunks, start->body_line);
  for (size_t c = 1; c < chunks; ++c) {
    parsed->chunk_first_line[c] = parsed->chunk_first_line[c - 1] + parsed->chunks[c - 1].newlines;
  }
  if (absl::Status s = ReportRejections(*parsed, options); !s.ok()) return s;
  for (const ChunkOutput& chunk : parsed->chunks) {
    parsed->report.rows_read += chunk.rows_read;
    parsed->report.rows_accepted += chunk.rows();
  }
  if (!parsed->report.balanced()) {
    return absl::InternalError(absl::StrCat("'", path, "': ", parsed->report.Summary()));
  }
  MergeColumns(*parsed);
  progress.Finish();
  return parsed;
}

absl::StatusOr<Dataset> BuildParsedDataset(const ParsedTransactions& parsed,
                                           const CustomerColumns& customers,
                                           const CsvOptions& options) {
  // The chunks rejected every bad row already, with its line.
  absl::StatusOr<Dataset> dataset =
      BuildDatasetOfCheckedRows(customers, parsed.Columns(), options.ingest);
  if (!dataset.ok()) return dataset.status();
  uint64_t return_rows = dataset->report.return_rows;
  dataset->report = parsed.report;
  dataset->report.return_rows = return_rows;
  return dataset;
}

}  // namespace tessera::internal
