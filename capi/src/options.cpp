#include "options.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "arguments.h"
#include "errors.h"

namespace tessera::capi {
namespace {

using internal::ToAbsl;

// An enum field outside [0, count).
int BadChoice(std::string_view function, std::string_view argument, std::string_view field,
              int value, std::string_view allowed) {
  return Fail(TESSERA_EINVALID, function,
              absl::StrCat(ToAbsl(argument), "->", ToAbsl(field), " is ", value,
                           "; expected one of ", ToAbsl(allowed)));
}

int Threads(std::string_view function, std::string_view argument, int threads) {
  if (threads >= 0) return TESSERA_OK;
  return Fail(TESSERA_EINVALID, function,
              absl::StrCat(ToAbsl(argument), "->num_threads is ", threads,
                           "; give 0 for all cores or a positive count"));
}

// Optional text: NULL is "", anything else must be UTF-8.
int OptionalText(std::string_view function, std::string_view field, const char* text,
                 std::string& out) {
  out = std::string(TextOrEmpty(text));
  return Utf8(function, absl::StrCat("opts->", ToAbsl(field)), out);
}

int RequiredColumn(std::string_view function, std::string_view field, const char* text,
                   std::string& out) {
  if (text == nullptr || *text == '\0') {
    return Fail(TESSERA_EINVALID, function,
                absl::StrCat("opts->", ToAbsl(field), " is ", text == nullptr ? "NULL" : "empty",
                             "; the ", ToAbsl(field), " column is required"));
  }
  return OptionalText(function, field, text, out);
}

}  // namespace

int ToIngestOptions(std::string_view function, std::string_view argument,
                    const tessera_ingest_options& in, IngestOptions& out) {
  if (int rc = KnownVersion(function, "tessera_ingest_options", in.version,
                            TESSERA_INGEST_OPTIONS_VERSION)) {
    return rc;
  }
  if (in.policy != TESSERA_POLICY_LENIENT && in.policy != TESSERA_POLICY_STRICT) {
    return BadChoice(function, argument, "policy", in.policy,
                     "TESSERA_POLICY_LENIENT (0), TESSERA_POLICY_STRICT (1)");
  }
  out.policy = in.policy == TESSERA_POLICY_STRICT ? IngestPolicy::kStrict : IngestPolicy::kLenient;
  out.cancellation_prefix = std::string(TextOrEmpty(in.cancellation_prefix));
  if (int rc = Utf8(function, absl::StrCat(ToAbsl(argument), "->cancellation_prefix"),
                    out.cancellation_prefix)) {
    return rc;
  }
  if (int rc = Threads(function, argument, in.num_threads)) return rc;
  out.num_threads = in.num_threads;
  return TESSERA_OK;
}

int ToCsvOptions(std::string_view function, const tessera_csv_options& in, CsvOptions& out) {
  if (int rc = KnownVersion(function, "tessera_csv_options", in.version,
                            TESSERA_CSV_OPTIONS_VERSION)) {
    return rc;
  }
  out.delimiter = in.delimiter;
  out.has_header = in.has_header != 0;
  if (int rc = RequiredColumn(function, "customer", in.customer, out.customer)) return rc;
  if (int rc = RequiredColumn(function, "date", in.date, out.date)) return rc;
  if (int rc = OptionalText(function, "amount", in.amount, out.amount)) return rc;
  if (int rc = OptionalText(function, "quantity", in.quantity, out.quantity)) return rc;
  if (int rc = OptionalText(function, "unit_price", in.unit_price, out.unit_price)) return rc;
  if (int rc = OptionalText(function, "category", in.category, out.category)) return rc;
  if (int rc = OptionalText(function, "order_id", in.order_id, out.order_id)) return rc;
  switch (in.date_format) {
    case TESSERA_DATE_AUTO: out.date_format = DateFormat::kAuto; break;
    case TESSERA_DATE_ISO: out.date_format = DateFormat::kIsoDate; break;
    case TESSERA_DATE_ISO_TIME: out.date_format = DateFormat::kIsoDateTime; break;
    case TESSERA_DATE_YYYYMMDD: out.date_format = DateFormat::kYyyymmdd; break;
    default:
      return BadChoice(function, "opts", "date_format", in.date_format,
                       "TESSERA_DATE_AUTO (0), TESSERA_DATE_ISO (1), TESSERA_DATE_ISO_TIME (2), "
                       "TESSERA_DATE_YYYYMMDD (3)");
  }
  switch (in.key_kind) {
    case TESSERA_KEYS_AUTO: out.key_kind = KeyKindOption::kAuto; break;
    case TESSERA_KEYS_INTEGER: out.key_kind = KeyKindOption::kInteger; break;
    case TESSERA_KEYS_STRING: out.key_kind = KeyKindOption::kString; break;
    default:
      return BadChoice(function, "opts", "key_kind", in.key_kind,
                       "TESSERA_KEYS_AUTO (0), TESSERA_KEYS_INTEGER (1), TESSERA_KEYS_STRING (2)");
  }
  if (int rc = ToIngestOptions(function, "opts->ingest", in.ingest, out.ingest)) return rc;
  // A path is passed to the system as it is, whatever its bytes.
  out.rejects_path = std::string(TextOrEmpty(in.rejects_path));
  return TESSERA_OK;
}

int ToFeatureOptions(std::string_view function, const tessera_run_options& in,
                     FeatureOptions& out, bool& as_of_auto) {
  if (int rc = KnownVersion(function, "tessera_run_options", in.version,
                            TESSERA_RUN_OPTIONS_VERSION)) {
    return rc;
  }
  as_of_auto = in.as_of_day == TESSERA_AS_OF_AUTO;
  if (!as_of_auto && (in.as_of_day < kMinDay || in.as_of_day > kMaxDay)) {
    return Fail(TESSERA_EINVALID, function,
                absl::StrCat("opts->as_of_day is ", in.as_of_day,
                             ", outside years 1000..9999 in days since 1970-01-01 (",
                             kMinDay, "..", kMaxDay, "); TESSERA_AS_OF_AUTO for the day after "
                             "the last transaction"));
  }
  out.as_of = as_of_auto ? kNoDay : static_cast<Day>(in.as_of_day);
  switch (in.frequency) {
    case TESSERA_FREQUENCY_AUTO: out.frequency = FrequencyMode::kAuto; break;
    case TESSERA_FREQUENCY_ROWS: out.frequency = FrequencyMode::kRows; break;
    case TESSERA_FREQUENCY_ORDERS: out.frequency = FrequencyMode::kOrders; break;
    case TESSERA_FREQUENCY_DAYS: out.frequency = FrequencyMode::kDays; break;
    default:
      return BadChoice(function, "opts", "frequency", in.frequency,
                       "TESSERA_FREQUENCY_AUTO (0), TESSERA_FREQUENCY_ROWS (1), "
                       "TESSERA_FREQUENCY_ORDERS (2), TESSERA_FREQUENCY_DAYS (3)");
  }
  switch (in.returns) {
    case TESSERA_RETURNS_NET: out.returns = ReturnPolicy::kNetIntoMonetary; break;
    case TESSERA_RETURNS_EXCLUDE: out.returns = ReturnPolicy::kExclude; break;
    default:
      return BadChoice(function, "opts", "returns", in.returns,
                       "TESSERA_RETURNS_NET (0), TESSERA_RETURNS_EXCLUDE (1)");
  }
  if (!(in.btyd_period_days > 0) || !std::isfinite(in.btyd_period_days)) {
    return Fail(TESSERA_EINVALID, function,
                absl::StrCat("opts->btyd_period_days is ", in.btyd_period_days,
                             "; it must be a positive number of days"));
  }
  out.btyd_period_days = in.btyd_period_days;
  if (int rc = Threads(function, "opts", in.num_threads)) return rc;
  out.num_threads = in.num_threads;
  return TESSERA_OK;
}

}  // namespace tessera::capi

extern "C" {

int tessera_ingest_options_init(tessera_ingest_options* opts) {
  return tessera::capi::Guard("tessera_ingest_options_init", [&]() -> int {
    if (int rc = tessera::capi::NotNull("tessera_ingest_options_init", "opts", opts)) return rc;
    *opts = tessera_ingest_options TESSERA_INGEST_OPTIONS_INIT;
    return TESSERA_OK;
  });
}

int tessera_csv_options_init(tessera_csv_options* opts) {
  return tessera::capi::Guard("tessera_csv_options_init", [&]() -> int {
    if (int rc = tessera::capi::NotNull("tessera_csv_options_init", "opts", opts)) return rc;
    *opts = tessera_csv_options TESSERA_CSV_OPTIONS_INIT;
    return TESSERA_OK;
  });
}

int tessera_run_options_init(tessera_run_options* opts) {
  return tessera::capi::Guard("tessera_run_options_init", [&]() -> int {
    if (int rc = tessera::capi::NotNull("tessera_run_options_init", "opts", opts)) return rc;
    *opts = tessera_run_options TESSERA_RUN_OPTIONS_INIT;
    return TESSERA_OK;
  });
}

}  // extern "C"
