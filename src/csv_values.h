// Parsing the values of CSV fields: integer keys, decimal numbers and dates.
// These run once per field on every row, so they avoid locales, allocation
// and exceptions, and take the common short forms on a fast path.
#ifndef TESSERA_SRC_CSV_VALUES_H_
#define TESSERA_SRC_CSV_VALUES_H_

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "csv_fields.h"
#include "tessera/csv.h"
#include "tessera/dataset.h"

namespace tessera::internal {

// Eight ASCII digits at p as a number (little-endian SWAR, as in
// fast_float's parse_eight_digits_unrolled); false if any byte is not a digit.
inline bool ParseEightDigits(const char* p, uint64_t& out) {
  if constexpr (!kLittleEndian) return false;
  uint64_t word;
  std::memcpy(&word, p, 8);
  // A byte below '0' borrows in the subtraction; one above '9' carries
  // into its top bit in the addition.
  uint64_t out_of_range = (word + 0x4646464646464646ull) | (word - 0x3030303030303030ull);
  if ((out_of_range & 0x8080808080808080ull) != 0) return false;
  word -= 0x3030303030303030ull;
  word = word * 10 + (word >> 8);
  uint64_t low_pairs = (word & 0x000000FF000000FFull) * (100 + (1000000ull << 32));
  uint64_t high_pairs = ((word >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32));
  out = (low_pairs + high_pairs) >> 32;
  return true;
}

// An optional '-', digits, and optionally '.' followed by zeros only
// ("17850.0" is 17850). False for anything else or beyond 64 bits.
inline bool ParseIntegerKey(std::string_view text, int64_t& out) {
  const char* p = text.data();
  const char* end = p + text.size();
  bool negative = p < end && *p == '-';
  if (negative) ++p;
  const char* first_digit = p;
  uint64_t value = 0;
  for (uint64_t eight; end - p >= 8 && ParseEightDigits(p, eight); p += 8) {
    value = value * 100000000 + eight;
  }
  for (; p < end; ++p) {
    unsigned digit = static_cast<unsigned char>(*p) - unsigned{'0'};
    if (digit > 9) break;
    value = value * 10 + digit;
  }
  size_t digits = static_cast<size_t>(p - first_digit);
  if (digits == 0) return false;
  // 18 digits cannot overflow; longer runs (leading zeros, or too large)
  // are summed again with a check on every step.
  constexpr uint64_t kLimit = uint64_t{1} << 63;  // |INT64_MIN|
  if (digits > 18) {
    value = 0;
    for (const char* d = first_digit; d < p; ++d) {
      unsigned digit = static_cast<unsigned char>(*d) - unsigned{'0'};
      if (value > (kLimit - digit) / 10) return false;
      value = value * 10 + digit;
    }
  }
  if (p < end) {
    if (*p != '.' || p + 1 == end) return false;
    for (++p; p < end; ++p) {
      if (*p != '0') return false;
    }
  }
  if (!negative && value == kLimit) return false;
  out = negative ? static_cast<int64_t>(0 - value) : static_cast<int64_t>(value);
  return true;
}

// Whether an integer key is written exactly as its value prints: no leading
// zeros ("007"), no ".0" ending, no "-0" and no '+'. Keys that are not can
// collide with another spelling of the same number.
inline bool IsCanonicalIntegerKey(std::string_view text) {
  size_t start = !text.empty() && text[0] == '-' ? 1 : 0;
  std::string_view digits = text.substr(start);
  if (digits.empty() || digits.find('.') != std::string_view::npos) return false;
  if (digits[0] == '0') return digits.size() == 1 && start == 0;
  return true;
}

// A finite decimal number: "12", "-3.5", "+0.25", "1e3". False for empty
// text, trailing characters, NaN and infinities.
inline bool ParseNumber(std::string_view text, double& out) {
  const char* p = text.data();
  const char* end = p + text.size();
  bool negative = p < end && *p == '-';
  if (p < end && (*p == '+' || *p == '-')) ++p;
  const char* magnitude = p;
  // Up to 15 digits fit a double's 53-bit significand exactly, and 10^k is
  // exact for k <= 15, so one IEEE division gives the correctly rounded value,
  // the same double std::from_chars returns (Clinger's fast path).
  uint64_t significand = 0;
  int digits = 0;
  int fraction_digits = 0;
  for (; p < end; ++p) {
    unsigned digit = static_cast<unsigned char>(*p) - unsigned{'0'};
    if (digit > 9) break;
    significand = significand * 10 + digit;
    ++digits;
  }
  if (p < end && *p == '.') {
    for (++p; p < end; ++p) {
      unsigned digit = static_cast<unsigned char>(*p) - unsigned{'0'};
      if (digit > 9) break;
      significand = significand * 10 + digit;
      ++digits;
      ++fraction_digits;
    }
  }
  if (p == end && digits > 0 && digits <= 15) {
    static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                              1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    double value = static_cast<double>(significand) / kPowersOfTen[fraction_digits];
    out = negative ? -value : value;
    return true;
  }
  // std::from_chars takes a '-' of its own, which must not follow a sign.
  if (magnitude == end || *magnitude == '-') return false;
  double value = 0;
  std::from_chars_result result = std::from_chars(magnitude, end, value);
  if (result.ec != std::errc() || result.ptr != end || !std::isfinite(value)) return false;
  out = negative ? -value : value;
  return true;
}

enum class DateStatus { kOk, kMalformed, kNoSuchDate, kYearOutOfRange };

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil), for years 1000..9999.
inline DateStatus CivilToDay(int year, int month, int day, Day& out) {
  if (month < 1 || month > 12 || day < 1) return DateStatus::kNoSuchDate;
  static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kMonthDays[month - 1] + (month == 2 && leap)) return DateStatus::kNoSuchDate;
  if (year < 1000) return DateStatus::kYearOutOfRange;
  int y = year - (month <= 2);
  int era = y / 400;
  int year_of_era = y - era * 400;
  int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  out = era * 146097 + day_of_era - 719468;
  return DateStatus::kOk;
}

// The value of `count` ASCII digits at p, or -1.
inline int ParseDigits(const char* p, int count) {
  int value = 0;
  for (int i = 0; i < count; ++i) {
    unsigned digit = static_cast<unsigned char>(p[i]) - unsigned{'0'};
    if (digit > 9) return -1;
    value = value * 10 + static_cast<int>(digit);
  }
  return value;
}

struct DateValue {
  Day day = 0;
  int32_t second_of_day = 0;
  bool has_time = false;
};

// "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS[.fff]]" (or 'T' between), "YYYYMMDD",
// as `format` allows.
inline DateStatus ParseDate(std::string_view text, DateFormat format, DateValue& out) {
  const char* p = text.data();
  size_t size = text.size();
  int year, month, day;
  out.has_time = false;
  out.second_of_day = 0;
  if (size == 8 && (format == DateFormat::kAuto || format == DateFormat::kYyyymmdd)) {
    year = ParseDigits(p, 4);
    month = ParseDigits(p + 4, 2);
    day = ParseDigits(p + 6, 2);
  } else if (size >= 10 && p[4] == '-' && p[7] == '-' && format != DateFormat::kYyyymmdd) {
    year = ParseDigits(p, 4);
    month = ParseDigits(p + 5, 2);
    day = ParseDigits(p + 8, 2);
    bool time_allowed = format != DateFormat::kIsoDate;
    bool time_required = format == DateFormat::kIsoDateTime;
    if (size == 10) {
      if (time_required) return DateStatus::kMalformed;
    } else {
      if (!time_allowed || size < 16 || (p[10] != ' ' && p[10] != 'T') || p[13] != ':') {
        return DateStatus::kMalformed;
      }
      int hour = ParseDigits(p + 11, 2);
      int minute = ParseDigits(p + 14, 2);
      int second = 0;
      size_t used = 16;
      if (size > 16) {
        if (size < 19 || p[16] != ':') return DateStatus::kMalformed;
        second = ParseDigits(p + 17, 2);
        used = 19;
        if (size > 19) {
          if (p[19] != '.' || size == 20) return DateStatus::kMalformed;
          for (used = 20; used < size; ++used) {
            if (static_cast<unsigned char>(p[used]) - unsigned{'0'} > 9) break;
          }
        }
      }
      if (used != size || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
          second > 59) {
        return DateStatus::kMalformed;
      }
      out.has_time = true;
      out.second_of_day = hour * 3600 + minute * 60 + second;
    }
  } else {
    return DateStatus::kMalformed;
  }
  if (year < 0 || month < 0 || day < 0) return DateStatus::kMalformed;
  return CivilToDay(year, month, day, out.day);
}

}  // namespace tessera::internal

#endif  // TESSERA_SRC_CSV_VALUES_H_
