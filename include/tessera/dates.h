// Calendar days as tessera stores them: whole days since 1970-01-01.
#ifndef TESSERA_DATES_H_
#define TESSERA_DATES_H_

#include <optional>
#include <string>
#include <string_view>

#include "tessera/dataset.h"

namespace tessera {

// The day number of a proleptic Gregorian date (month 1..12, day 1..31);
// nullopt when the date does not exist (2011-02-30).
std::optional<Day> DayFromCivil(int year, int month, int day);

// "YYYY-MM-DD" or "YYYYMMDD"; nullopt for anything else or a date that does
// not exist.
std::optional<Day> ParseDay(std::string_view text);

// "YYYY-MM-DD".
std::string FormatDay(Day day);

}  // namespace tessera

#endif  // TESSERA_DATES_H_
