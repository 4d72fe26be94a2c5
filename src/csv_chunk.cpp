#include "csv_chunk.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "csv_values.h"
#include "utf8.h"

namespace tessera::internal {
namespace {

constexpr size_t kProgressBytes = size_t{1} << 22;
constexpr uint64_t kStopCheckRows = 4096;

// A field's text for a message: cut short, and without bytes that would
// make the message itself unreadable.
std::string Shown(std::string_view text) {
  constexpr size_t kMax = 40;
  bool cut = text.size() > kMax;
  if (cut) text = text.substr(0, kMax);
  bool utf8 = IsValidUtf8(text);
  std::string shown;
  for (char c : text) {
    bool control = static_cast<unsigned char>(c) < 0x20;
    bool stray = !utf8 && static_cast<unsigned char>(c) >= 0x80;
    shown.push_back(control || stray ? '?' : c);
  }
  return absl::StrCat("'", shown, cut ? "...'" : "'");
}

std::string ExpectedDates(DateFormat format) {
  switch (format) {
    case DateFormat::kIsoDate: return "YYYY-MM-DD";
    case DateFormat::kIsoDateTime: return "YYYY-MM-DD HH:MM[:SS]";
    case DateFormat::kYyyymmdd: return "YYYYMMDD";
    case DateFormat::kAuto: break;
  }
  return "YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or YYYYMMDD";
}

std::string NumberProblem(std::string_view text) {
  if (text.empty()) return "empty field";
  return absl::StrCat("cannot parse ", Shown(text), " as a number");
}

// Equality for short fields without a call to memcmp: 8-byte words, the
// last one overlapping.
bool SameText(std::string_view a, std::string_view b) {
  size_t size = a.size();
  if (size != b.size()) return false;
  if (size < 8) return a == b;
  uint64_t x, y;
  for (size_t i = 0; i + 8 < size; i += 8) {
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  std::memcpy(&x, a.data() + size - 8, 8);
  std::memcpy(&y, b.data() + size - 8, 8);
  return x == y;
}

enum class RowOutcome { kAccepted, kRejected, kStop };

class ChunkParser {
 public:
  ChunkParser(const ChunkJob& job, ChunkOutput& out, bool all_utf8)
      : job_(job), layout_(*job.layout), out_(out), all_utf8_(all_utf8) {}

  template <bool kBlankRuns>
  void Run(std::string_view chunk) {
    const char* begin = chunk.data();
    const char* p = begin;
    const char* end = begin + chunk.size();
    Reserve(chunk);
    const int8_t* slot_of_field = layout_.slot_of_field.data();
    size_t mapped_fields = layout_.slot_of_field.size();
    auto capture = [&](size_t index, const RawField& field) {
      if (index < mapped_fields && slot_of_field[index] >= 0) {
        slots_[static_cast<size_t>(slot_of_field[index])] = field;
      }
    };
    size_t next_progress = kProgressBytes;
    while (p < end) {
      if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
        if (const char* next = SkipBlankLine(p, end)) {
          line_ += next[-1] == '\n';
          p = next;
          continue;
        }
      }
      RecordSplit split = SplitRecord<kBlankRuns>(p, end, job_.delimiter, capture);
      record_ = std::string_view(p, static_cast<size_t>(split.text_end - p));
      ++out_.rows_read;
      RowOutcome outcome = split.fields == layout_.field_count ? ReadRow() : FieldCount(split);
      if (outcome == RowOutcome::kStop ||
          (outcome == RowOutcome::kRejected && job_.stop_at_first_rejection)) {
        out_.stopped_early = true;
        return;
      }
      line_ += split.newlines;
      p = split.next;
      if ((out_.rows_read & (kStopCheckRows - 1)) == 0) {
        if (job_.text_key_seen != nullptr && job_.text_key_seen->load(std::memory_order_relaxed)) {
          out_.stopped_early = true;
          return;
        }
        if (job_.on_progress && static_cast<size_t>(p - begin) >= next_progress) {
          job_.on_progress(static_cast<size_t>(p - begin));
          next_progress = static_cast<size_t>(p - begin) + kProgressBytes;
        }
      }
    }
    out_.newlines = line_;
  }

 private:
  // Sizes the columns from the line length of the chunk's start, so that
  // they rarely grow.
  void Reserve(std::string_view chunk) {
    std::string_view sample = chunk.substr(0, size_t{1} << 16);
    size_t lines = static_cast<size_t>(std::count(sample.begin(), sample.end(), '\n'));
    size_t rows = lines == 0 ? 1 : chunk.size() / (sample.size() / lines) + lines / 8 + 16;
    if (job_.key_mode == KeyMode::kText) {
      out_.text_keys.reserve(rows);
    } else {
      out_.int_keys.reserve(rows);
    }
    out_.days.reserve(rows);
    out_.amounts.reserve(rows);
    if (layout_.has(Role::kQuantity)) out_.quantities.reserve(rows);
    if (layout_.has(Role::kCategory)) out_.category_codes.reserve(rows);
    if (layout_.has(Role::kOrderId)) out_.order_ids.reserve(rows);
  }

  std::string_view Text(Role role) {
    return FieldText(slots_[static_cast<size_t>(layout_.slot_of(role))], out_.arena);
  }

  bool Utf8(std::string_view text) const { return all_utf8_ || IsValidText(text); }

  RowOutcome Reject(RejectReason reason, int role, std::string detail) {
    out_.rejections.push_back({line_, reason, role, std::move(detail), record_});
    return RowOutcome::kRejected;
  }
  RowOutcome Reject(RejectReason reason, Role role, std::string detail) {
    return Reject(reason, static_cast<int>(role), std::move(detail));
  }

  RowOutcome FieldCount(const RecordSplit& split) {
    std::string detail = absl::StrCat(split.fields, " fields, expected ", layout_.field_count);
    if (split.unterminated_quote) {
      absl::StrAppend(&detail,
                      "; a quoted field opened on this line never closes, so the rest of "
                      "the file is inside it");
    }
    return Reject(RejectReason::kFieldCount, -1, std::move(detail));
  }

  RowOutcome ReadNumber(Role role, RejectReason reason, double& value) {
    std::string_view text = Text(role);
    if (!ParseNumber(text, value)) return Reject(reason, role, NumberProblem(text));
    if (std::abs(value) > kMaxAbsoluteValue) {
      return Reject(reason, role, absl::StrCat(Shown(text), " is beyond +-1e15"));
    }
    return RowOutcome::kAccepted;
  }

  RowOutcome ReadRow() {
    std::string_view key = Text(Role::kCustomer);
    if (key.empty())
      return Reject(RejectReason::kMissingCustomer, Role::kCustomer, "empty customer key");
    int64_t int_key = 0;
    bool text_key = job_.key_mode == KeyMode::kText || !ParseIntegerKey(key, int_key);
    if (text_key) {
      if (!Utf8(key)) {
        return Reject(RejectReason::kBadEncoding, Role::kCustomer,
                      "customer key is not valid UTF-8 text (or holds a NUL byte)");
      }
      if (job_.key_mode == KeyMode::kIntegerOnly) {
        return Reject(RejectReason::kBadKey, Role::kCustomer,
                      absl::StrCat(Shown(key), " is not an integer key (key_kind is integer)"));
      }
    }

    std::string_view date_text = Text(Role::kDate);
    // Logs come in date order, so most rows repeat the previous row's date.
    DateStatus status = DateStatus::kOk;
    if (date_text.empty() || !SameText(date_text, last_date_text_)) {
      status = ParseDate(date_text, job_.date_format, last_date_);
      last_date_text_ = status == DateStatus::kOk ? date_text : std::string_view();
    }
    const DateValue& date = last_date_;
    switch (status) {
      case DateStatus::kOk: break;
      case DateStatus::kMalformed:
        return Reject(RejectReason::kBadDate, Role::kDate,
                      date_text.empty()
                          ? std::string("empty field")
                          : absl::StrCat("cannot parse ", Shown(date_text), " as a date (expected ",
                                         ExpectedDates(job_.date_format), ")"));
      case DateStatus::kNoSuchDate:
        return Reject(RejectReason::kBadDate, Role::kDate,
                      absl::StrCat(Shown(date_text), " is not a calendar date"));
      case DateStatus::kYearOutOfRange:
        return Reject(RejectReason::kBadDate, Role::kDate,
                      absl::StrCat(Shown(date_text), " is outside years 1000..9999"));
    }

    double amount = 0, quantity = 0, price = 0;
    if (layout_.has(Role::kAmount) &&
        ReadNumber(Role::kAmount, RejectReason::kBadAmount, amount) != RowOutcome::kAccepted) {
      return RowOutcome::kRejected;
    }
    if (layout_.has(Role::kQuantity) && ReadNumber(Role::kQuantity, RejectReason::kBadQuantity,
                                                   quantity) != RowOutcome::kAccepted) {
      return RowOutcome::kRejected;
    }
    if (layout_.has(Role::kUnitPrice)) {
      if (ReadNumber(Role::kUnitPrice, RejectReason::kBadPrice, price) != RowOutcome::kAccepted) {
        return RowOutcome::kRejected;
      }
      amount = quantity * price;
      if (std::abs(amount) > kMaxAbsoluteValue) {
        return Reject(RejectReason::kBadAmount, Role::kUnitPrice,
                      "quantity x unit price is beyond +-1e15");
      }
    }

    std::string_view category, order_id;
    if (layout_.has(Role::kCategory)) {
      category = Text(Role::kCategory);
      if (!Utf8(category)) {
        return Reject(RejectReason::kBadEncoding, Role::kCategory,
                      "text is not valid UTF-8 (or holds a NUL byte)");
      }
    }
    if (layout_.has(Role::kOrderId)) {
      order_id = Text(Role::kOrderId);
      if (!Utf8(order_id)) {
        return Reject(RejectReason::kBadEncoding, Role::kOrderId,
                      "text is not valid UTF-8 (or holds a NUL byte)");
      }
    }

    if (text_key && job_.key_mode == KeyMode::kIntegerUntilText) {
      job_.text_key_seen->store(true, std::memory_order_relaxed);
      return RowOutcome::kStop;
    }
    if (job_.key_mode == KeyMode::kText) {
      out_.text_keys.push_back(key);
    } else {
      out_.int_keys.push_back(int_key);
      if (job_.key_mode == KeyMode::kIntegerUntilText) {
        if (IsCanonicalIntegerKey(key)) {
          ++out_.canonical_key_rows;
        } else {
          out_.unusual_keys.emplace_back(int_key, key);
        }
      }
    }
    if (date.has_time && !out_.has_time) {
      out_.has_time = true;
      out_.seconds.reserve(out_.days.capacity());
      out_.seconds.resize(out_.days.size(), 0);
    }
    out_.days.push_back(date.day);
    if (out_.has_time) out_.seconds.push_back(date.second_of_day);
    out_.amounts.push_back(amount);
    if (layout_.has(Role::kQuantity)) out_.quantities.push_back(quantity);
    if (layout_.has(Role::kCategory)) out_.category_codes.push_back(CategoryCode(category));
    if (layout_.has(Role::kOrderId)) out_.order_ids.push_back(order_id);
    return RowOutcome::kAccepted;
  }

  int32_t InternCategory(std::string_view category) {
    auto [it, added] =
        category_codes_.try_emplace(category, static_cast<int32_t>(out_.category_labels.size()));
    if (added) out_.category_labels.push_back(category);
    return it->second;
  }

  // Categories are few and mostly short: a small direct-mapped cache keyed
  // by their bytes answers most rows without hashing the text.
  int32_t CategoryCode(std::string_view category) {
    if (category.size() > 8) return InternCategory(category);
    uint64_t bytes = 0;
    for (size_t i = 0; i < category.size(); ++i) {
      bytes |= uint64_t{static_cast<unsigned char>(category[i])} << (8 * i);
    }
    CachedCategory& cached =
        category_cache_[((bytes ^ category.size()) * 0x9E3779B97F4A7C15ull) >> 58];
    if (cached.size_plus_one != category.size() + 1 || cached.bytes != bytes) {
      cached = {bytes, category.size() + 1, InternCategory(category)};
    }
    return cached.code;
  }

  struct CachedCategory {
    uint64_t bytes = 0;
    size_t size_plus_one = 0;  // 0: empty slot
    int32_t code = 0;
  };

  const ChunkJob& job_;
  const ColumnLayout& layout_;
  ChunkOutput& out_;
  bool all_utf8_;
  RawField slots_[kRoleCount];
  uint64_t line_ = 0;
  std::string_view record_;
  absl::flat_hash_map<std::string_view, int32_t> category_codes_;
  std::array<CachedCategory, 64> category_cache_{};
  std::string_view last_date_text_;
  DateValue last_date_;
};

}  // namespace

void ParseChunk(std::string_view chunk, const ChunkJob& job, ChunkOutput& out) {
  // Most files are valid UTF-8 without NUL bytes throughout; one pass over
  // the chunk spares a check per text field.
  ChunkParser parser(job, out, IsValidText(chunk));
  if (job.delimiter == ' ') {
    parser.Run<true>(chunk);
  } else {
    parser.Run<false>(chunk);
  }
}

}  // namespace tessera::internal
