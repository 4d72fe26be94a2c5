/*
 * The public header on its own: this file includes nothing else, and is
 * compiled both as C99 and (as a copy named .cpp) as C++, each with
 * -Wall -Wextra -pedantic -Werror, so that a host in either language can
 * include it. It uses every macro the header defines, so that each is
 * checked to expand to something that compiles, and compares the _INIT
 * macros with the _init() functions of the library actually linked.
 * The exit code is a bit mask of the failed comparisons (0 = all passed);
 * there is no printf because <stdio.h> would be another include.
 */
#include <tessera/tessera.h>
#include <tessera/tessera.h> /* twice: the include guard must hold */

#ifndef TESSERA_TESSERA_H_
#error "the include guard macro is TESSERA_TESSERA_H_"
#endif

#if TESSERA_VERSION_NUMBER != TESSERA_VERSION_MAJOR * 10000 + \
    TESSERA_VERSION_MINOR * 100 + TESSERA_VERSION_PATCH
#error "TESSERA_VERSION_NUMBER disagrees with its parts"
#endif

/* Every status and enum value, so that a renamed one fails to compile. */
static const int all_statuses[] = {
    TESSERA_OK,        TESSERA_ERROR,     TESSERA_EINVALID, TESSERA_ENOTFOUND,
    TESSERA_EPARSE,    TESSERA_ENOMEM,    TESSERA_EVERSION, TESSERA_EBUFFER,
    TESSERA_ECALLBACK, TESSERA_EEXISTS};
static const int all_enum_values[] = {
    TESSERA_POLICY_LENIENT,         TESSERA_POLICY_STRICT,
    TESSERA_UNIT_DAYS,              TESSERA_UNIT_SECONDS,
    TESSERA_DATE_AUTO,              TESSERA_DATE_ISO,
    TESSERA_DATE_ISO_TIME,          TESSERA_DATE_YYYYMMDD,
    TESSERA_KEYS_AUTO,              TESSERA_KEYS_INTEGER,
    TESSERA_KEYS_STRING,            TESSERA_REJECT_MISSING_CUSTOMER,
    TESSERA_REJECT_BAD_DATE,        TESSERA_REJECT_BAD_AMOUNT,
    TESSERA_REJECT_BAD_QUANTITY,    TESSERA_REJECT_BAD_PRICE,
    TESSERA_REJECT_FIELD_COUNT,     TESSERA_REJECT_BAD_KEY,
    TESSERA_REJECT_BAD_ENCODING,    TESSERA_FREQUENCY_AUTO,
    TESSERA_FREQUENCY_ROWS,         TESSERA_FREQUENCY_ORDERS,
    TESSERA_FREQUENCY_DAYS,         TESSERA_RETURNS_NET,
    TESSERA_RETURNS_EXCLUDE,        TESSERA_COLUMN_FEATURE,
    TESSERA_COLUMN_NUMERIC,         TESSERA_COLUMN_CATEGORICAL};

static int same_text(const char *a, const char *b) {
  if (a == NULL || b == NULL) return a == b;
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

static int ingest_options_equal(const tessera_ingest_options *a,
                                const tessera_ingest_options *b) {
  return a->version == b->version && a->policy == b->policy &&
         same_text(a->cancellation_prefix, b->cancellation_prefix) &&
         a->num_threads == b->num_threads;
}

static int check_ingest_options(void) {
  tessera_ingest_options from_macro = TESSERA_INGEST_OPTIONS_INIT;
  tessera_ingest_options from_library;
  from_library.version = 0;
  if (tessera_ingest_options_init(&from_library) != TESSERA_OK) return 0;
  return from_macro.version == TESSERA_INGEST_OPTIONS_VERSION &&
         ingest_options_equal(&from_macro, &from_library);
}

static int check_csv_options(void) {
  tessera_csv_options m = TESSERA_CSV_OPTIONS_INIT;
  tessera_csv_options l;
  l.version = 0;
  if (tessera_csv_options_init(&l) != TESSERA_OK) return 0;
  return m.version == TESSERA_CSV_OPTIONS_VERSION && m.version == l.version &&
         m.delimiter == l.delimiter && m.has_header == l.has_header &&
         same_text(m.customer, l.customer) && same_text(m.date, l.date) &&
         same_text(m.amount, l.amount) && same_text(m.quantity, l.quantity) &&
         same_text(m.unit_price, l.unit_price) &&
         same_text(m.category, l.category) &&
         same_text(m.order_id, l.order_id) &&
         m.date_format == l.date_format && m.key_kind == l.key_kind &&
         ingest_options_equal(&m.ingest, &l.ingest) &&
         same_text(m.rejects_path, l.rejects_path);
}

static int check_run_options(void) {
  tessera_run_options m = TESSERA_RUN_OPTIONS_INIT;
  tessera_run_options l;
  l.version = 0;
  if (tessera_run_options_init(&l) != TESSERA_OK) return 0;
  return m.version == TESSERA_RUN_OPTIONS_VERSION && m.version == l.version &&
         m.as_of_day == TESSERA_AS_OF_AUTO && m.as_of_day == l.as_of_day &&
         m.frequency == l.frequency && m.returns == l.returns &&
         m.btyd_period_days == l.btyd_period_days &&
         m.num_threads == l.num_threads;
}

/* The structs a caller versions by hand, and the host strategy. */
static int check_caller_versioned_structs(void) {
  tessera_ingest_counts counts;
  tessera_migration_counts migration;
  tessera_host_strategy host;
  tessera_strategy_output output;
  counts.version = TESSERA_INGEST_COUNTS_VERSION;
  migration.version = TESSERA_MIGRATION_COUNTS_VERSION;
  host.version = TESSERA_HOST_STRATEGY_VERSION;
  output.name = "value";
  output.labels = NULL;
  output.label_count = 0;
  host.outputs = &output;
  host.output_count = 1;
  return counts.version == 1 && migration.version == 1 && host.version == 1 &&
         sizeof counts.rejected_by_reason ==
             TESSERA_REJECT_REASON_COUNT * sizeof(uint64_t) &&
         host.outputs[0].label_count == 0;
}

int main(void) {
  int failed = 0;
  size_t i;
  if (tessera_version_number() != TESSERA_VERSION_NUMBER) failed |= 1;
  if (!check_ingest_options()) failed |= 2;
  if (!check_csv_options()) failed |= 4;
  if (!check_run_options()) failed |= 8;
  if (!check_caller_versioned_structs()) failed |= 16;
  for (i = 0; i < sizeof all_statuses / sizeof all_statuses[0]; ++i) {
    if (tessera_status_name(all_statuses[i]) == NULL) failed |= 32;
  }
  for (i = 0; i < sizeof all_enum_values / sizeof all_enum_values[0]; ++i) {
    if (all_enum_values[i] < 0 || all_enum_values[i] > 7) failed |= 64;
  }
  return failed;
}
