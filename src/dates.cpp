#include "tessera/dates.h"

#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/time/civil_time.h"

namespace tessera {
namespace {

const absl::CivilDay kEpoch(1970, 1, 1);

bool ParseDigits(std::string_view text, int& out) {
  if (text.empty()) return false;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

}  // namespace

std::optional<Day> DayFromCivil(int year, int month, int day) {
  absl::CivilDay civil(year, month, day);
  // CivilDay normalises 2011-02-30 to 2011-03-02; a real date survives as is.
  if (civil.year() != year || civil.month() != month || civil.day() != day) {
    return std::nullopt;
  }
  return static_cast<Day>(civil - kEpoch);
}

std::optional<Day> ParseDay(std::string_view text) {
  int year = 0, month = 0, day = 0;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    if (!ParseDigits(text.substr(0, 4), year) || !ParseDigits(text.substr(5, 2), month) ||
        !ParseDigits(text.substr(8, 2), day)) {
      return std::nullopt;
    }
  } else if (text.size() == 8) {
    if (!ParseDigits(text.substr(0, 4), year) || !ParseDigits(text.substr(4, 2), month) ||
        !ParseDigits(text.substr(6, 2), day)) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  return DayFromCivil(year, month, day);
}

std::string FormatDay(Day day) {
  absl::CivilDay civil = kEpoch + day;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02d",
                static_cast<long long>(civil.year()), civil.month(), civil.day());
  return buffer;
}

}  // namespace tessera
