/*
 * tessera's stable C ABI, for hosts written in C, C#, Delphi, Java, Go or an
 * old C++ compiler: build a customer dataset, choose scoring strategies and
 * rule files, run, and read the results back as columns.
 *
 * Conventions (the same for every function):
 * - Functions that can fail return an int status: TESSERA_OK (0) or one of
 *   the negative TESSERA_E* codes below. The message for the calling thread's
 *   last failure is tessera_last_error(); it names the function and the
 *   argument at fault. Errors on one thread are never visible on another.
 * - A function that makes a handle takes it first, as `out`; other outputs
 *   (a count, a pointer, a value) come last. Every output is set to NULL or
 *   zero before anything can fail.
 * - Every handle is freed by its tessera_<noun>_free(), which accepts NULL.
 * - Strings are NUL-terminated UTF-8. Text the library returns is owned by
 *   the handle it came from and valid until that handle is freed, unless the
 *   function says it copies into a caller buffer.
 * - No C++ exception ever crosses this boundary; nothing the host passes in
 *   aborts the host process.
 * - Option structs start with a `version` field. Fill one with its _INIT
 *   macro or _init() function; fields are only ever appended, and a struct
 *   whose version this library does not know is rejected with
 *   TESSERA_EVERSION.
 *
 * Thread safety is stated per handle. In short: builders and pipelines being
 * configured belong to one thread at a time; datasets, configured pipelines,
 * results, snapshots and migrations are immutable and may be read from any
 * number of threads at once.
 */
#ifndef TESSERA_TESSERA_H_
#define TESSERA_TESSERA_H_

#include <stddef.h>
#include <stdint.h>

#include "tessera/version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(TESSERA_BUILDING_LIBRARY)
#define TESSERA_API __declspec(dllexport)
#elif defined(_WIN32)
#define TESSERA_API __declspec(dllimport)
#elif defined(__GNUC__)
#define TESSERA_API __attribute__((visibility("default")))
#else
#define TESSERA_API
#endif


/* Values are fixed forever; new codes may be added. */
typedef enum tessera_status {
  TESSERA_OK = 0,
  TESSERA_ERROR = -1,     /* anything not listed below (an internal error) */
  TESSERA_EINVALID = -2,  /* a wrong argument: NULL, length, unit, value */
  TESSERA_ENOTFOUND = -3, /* an unknown file, key, column, strategy or set */
  TESSERA_EPARSE = -4,    /* rule text or an input row that does not parse */
  TESSERA_ENOMEM = -5,    /* out of memory */
  TESSERA_EVERSION = -6,  /* an option struct of an unknown version */
  TESSERA_EBUFFER = -7,   /* a caller buffer too small; see the size query */
  TESSERA_ECALLBACK = -8, /* a host strategy reported an error */
  TESSERA_EEXISTS = -9    /* a name already taken */
} tessera_status;

/* The message of the calling thread's last failed call, or "" when none has
 * failed. Never NULL. Valid until the next failing call on this thread. */
TESSERA_API const char *tessera_last_error(void);

/* The last failure's status code on this thread, TESSERA_OK when none. */
TESSERA_API int tessera_last_error_code(void);

/* Forgets the calling thread's last error. */
TESSERA_API void tessera_clear_error(void);

/* A short constant name for a status code ("TESSERA_EINVALID"); never NULL. */
TESSERA_API const char *tessera_status_name(int status);


/* TESSERA_VERSION_NUMBER of the library actually loaded, so a host can
 * compare it with the header it was compiled against. */
TESSERA_API int tessera_version_number(void);

/* "MAJOR.MINOR.PATCH" of the library loaded; static storage. */
TESSERA_API const char *tessera_version_string(void);


typedef struct tessera_dataset_builder tessera_dataset_builder;
typedef struct tessera_dataset tessera_dataset;
typedef struct tessera_pipeline tessera_pipeline;
typedef struct tessera_result tessera_result;
typedef struct tessera_tier_snapshot tessera_tier_snapshot;
typedef struct tessera_tier_migration tessera_tier_migration;


typedef enum tessera_ingest_policy {
  TESSERA_POLICY_LENIENT = 0, /* bad rows are skipped and counted */
  TESSERA_POLICY_STRICT = 1   /* the first bad row fails the call */
} tessera_ingest_policy;

typedef enum tessera_time_unit {
  TESSERA_UNIT_DAYS = 0,   /* whole days since 1970-01-01 */
  TESSERA_UNIT_SECONDS = 1 /* seconds since 1970-01-01T00:00:00Z */
} tessera_time_unit;

#define TESSERA_INGEST_OPTIONS_VERSION 1
typedef struct tessera_ingest_options {
  uint32_t version;            /* TESSERA_INGEST_OPTIONS_VERSION */
  int policy;                  /* a tessera_ingest_policy */
  /* An order id starting with this prefix marks a cancellation ("C" by
   * default, as in Online Retail); NULL or "" disables the check. */
  const char *cancellation_prefix;
  int num_threads;             /* 0 = all cores */
} tessera_ingest_options;

#define TESSERA_INGEST_OPTIONS_INIT \
  { TESSERA_INGEST_OPTIONS_VERSION, TESSERA_POLICY_LENIENT, "C", 0 }

/* Sets *opts to the defaults of TESSERA_INGEST_OPTIONS_INIT. */
TESSERA_API int tessera_ingest_options_init(tessera_ingest_options *opts);


/* A builder collects transaction and customer columns, then makes an
 * immutable dataset. Every setter takes the column's length; lengths are
 * checked against each other by tessera_dataset_builder_build, which names
 * the column that differs. The builder copies what it is given, so the
 * host's arrays may be freed as soon as a setter returns.
 * Thread safety: one thread at a time per builder. */
TESSERA_API int tessera_dataset_builder_create(tessera_dataset_builder **out);
TESSERA_API void tessera_dataset_builder_free(tessera_dataset_builder *builder);

/* Transaction customer keys: exactly one of the two kinds. A NULL or empty
 * string key is a missing customer, handled by the ingest policy. */
TESSERA_API int tessera_dataset_builder_set_int_keys(
    tessera_dataset_builder *builder, const int64_t *keys, size_t n);
TESSERA_API int tessera_dataset_builder_set_string_keys(
    tessera_dataset_builder *builder, const char *const *keys, size_t n);

/* Transaction dates in `unit`. A column whose every value lies outside years
 * 1000..9999 in that unit is rejected as TESSERA_EINVALID (surely the wrong
 * unit); single bad values are bad rows under the ingest policy. */
TESSERA_API int tessera_dataset_builder_set_dates(
    tessera_dataset_builder *builder, const int64_t *dates, size_t n, int unit);

/* Amounts (money; negative for returns). Required. */
TESSERA_API int tessera_dataset_builder_set_amounts(
    tessera_dataset_builder *builder, const double *amounts, size_t n);

/* Optional columns. */
TESSERA_API int tessera_dataset_builder_set_quantities(
    tessera_dataset_builder *builder, const double *quantities, size_t n);
TESSERA_API int tessera_dataset_builder_set_categories(
    tessera_dataset_builder *builder, const char *const *categories, size_t n);
TESSERA_API int tessera_dataset_builder_set_order_ids(
    tessera_dataset_builder *builder, const char *const *order_ids, size_t n);

/* An optional customer table: keys of the same kind as the transactions
 * (customers listed here come first, and those without transactions are
 * prospects), then any number of attributes of the same length. A NULL text
 * value or NaN number is unknown. */
TESSERA_API int tessera_dataset_builder_set_customer_int_keys(
    tessera_dataset_builder *builder, const int64_t *keys, size_t n);
TESSERA_API int tessera_dataset_builder_set_customer_string_keys(
    tessera_dataset_builder *builder, const char *const *keys, size_t n);
TESSERA_API int tessera_dataset_builder_add_text_attribute(
    tessera_dataset_builder *builder, const char *name,
    const char *const *values, size_t n);
TESSERA_API int tessera_dataset_builder_add_number_attribute(
    tessera_dataset_builder *builder, const char *name, const double *values,
    size_t n);

/* Validates every row and makes the dataset. opts may be NULL for the
 * defaults. Strict policy: the first bad row fails with TESSERA_EPARSE and
 * "row N: column 'x': reason: detail". Lenient: bad rows are counted in the
 * dataset's ingest report. The builder may be freed or reused afterwards. */
TESSERA_API int tessera_dataset_builder_build(
    tessera_dataset **out, const tessera_dataset_builder *builder,
    const tessera_ingest_options *opts);


typedef enum tessera_date_format {
  TESSERA_DATE_AUTO = 0,     /* any of the below, row by row */
  TESSERA_DATE_ISO = 1,      /* 2011-12-09 */
  TESSERA_DATE_ISO_TIME = 2, /* 2011-12-09 12:50[:00], or with a 'T' */
  TESSERA_DATE_YYYYMMDD = 3  /* 19970101 */
} tessera_date_format;

typedef enum tessera_key_kind {
  TESSERA_KEYS_AUTO = 0,    /* integers when every key is one, else text */
  TESSERA_KEYS_INTEGER = 1,
  TESSERA_KEYS_STRING = 2
} tessera_key_kind;

#define TESSERA_CSV_OPTIONS_VERSION 1
typedef struct tessera_csv_options {
  uint32_t version;      /* TESSERA_CSV_OPTIONS_VERSION */
  char delimiter;        /* ',' by default; ' ' for runs of blanks */
  int has_header;        /* nonzero when the first line names the columns */
  /* Columns by header name, or "#N" for the 0-based position. customer and
   * date are required; give amount, or quantity and unit_price. NULL or ""
   * leaves an optional column out. */
  const char *customer;
  const char *date;
  const char *amount;
  const char *quantity;
  const char *unit_price;
  const char *category;
  const char *order_id;
  int date_format;       /* a tessera_date_format */
  int key_kind;          /* a tessera_key_kind */
  tessera_ingest_options ingest;
  /* Lenient policy: every rejected line is written here as CSV
   * (line,reason,column,detail,text). NULL or "" for none. */
  const char *rejects_path;
} tessera_csv_options;

#define TESSERA_CSV_OPTIONS_INIT                                          \
  { TESSERA_CSV_OPTIONS_VERSION, ',', 1, NULL, NULL, NULL, NULL, NULL, NULL, \
    NULL, TESSERA_DATE_AUTO, TESSERA_KEYS_AUTO, TESSERA_INGEST_OPTIONS_INIT, \
    NULL }

/* Sets *opts to the defaults of TESSERA_CSV_OPTIONS_INIT. */
TESSERA_API int tessera_csv_options_init(tessera_csv_options *opts);

/* Reads a transaction file (RFC 4180). A missing file is TESSERA_ENOTFOUND;
 * an unknown column or bad option TESSERA_EINVALID; a bad row under the
 * strict policy TESSERA_EPARSE with "path:line: column 'x': reason: ...". */
TESSERA_API int tessera_dataset_read_csv(tessera_dataset **out,
                                         const char *path,
                                         const tessera_csv_options *opts);


/* Thread safety: a dataset is immutable; any number of threads may read it
 * and run pipelines on it at once. Results keep what they need of it, so it
 * may be freed before them. */
TESSERA_API void tessera_dataset_free(tessera_dataset *dataset);

TESSERA_API int tessera_dataset_customer_count(const tessera_dataset *dataset,
                                               size_t *count);
TESSERA_API int tessera_dataset_transaction_count(
    const tessera_dataset *dataset, size_t *count);

/* TESSERA_KEYS_INTEGER or TESSERA_KEYS_STRING. */
TESSERA_API int tessera_dataset_key_kind(const tessera_dataset *dataset,
                                         int *kind);

/* Customer keys in dense index order (the order of every result column).
 * Integer keys: a dataset-owned array of customer_count values. */
TESSERA_API int tessera_dataset_int_keys(const tessera_dataset *dataset,
                                         const int64_t **keys);
/* The key of customer `index` as text, whatever the kind; dataset-owned. */
TESSERA_API int tessera_dataset_key(const tessera_dataset *dataset,
                                    size_t index, const char **key);
/* The dense index of a key, or TESSERA_ENOTFOUND. */
TESSERA_API int tessera_dataset_find_int_key(const tessera_dataset *dataset,
                                             int64_t key, size_t *index);
TESSERA_API int tessera_dataset_find_string_key(
    const tessera_dataset *dataset, const char *key, size_t *index);


/* Stable numbering; names as in tessera_reject_reason_name. */
typedef enum tessera_reject_reason {
  TESSERA_REJECT_MISSING_CUSTOMER = 0,
  TESSERA_REJECT_BAD_DATE = 1,
  TESSERA_REJECT_BAD_AMOUNT = 2,
  TESSERA_REJECT_BAD_QUANTITY = 3,
  TESSERA_REJECT_BAD_PRICE = 4,
  TESSERA_REJECT_FIELD_COUNT = 5,
  TESSERA_REJECT_BAD_KEY = 6,
  TESSERA_REJECT_BAD_ENCODING = 7
} tessera_reject_reason;
#define TESSERA_REJECT_REASON_COUNT 8

/* "missing_customer", "bad_date", ...; "" for an unknown value. Never NULL. */
TESSERA_API const char *tessera_reject_reason_name(int reason);

#define TESSERA_INGEST_COUNTS_VERSION 1
typedef struct tessera_ingest_counts {
  uint32_t version; /* set by the caller: TESSERA_INGEST_COUNTS_VERSION */
  uint64_t rows_read;
  uint64_t rows_accepted;
  uint64_t rows_rejected;
  uint64_t return_rows; /* accepted rows that are returns or cancellations */
  uint64_t rejected_by_reason[TESSERA_REJECT_REASON_COUNT];
} tessera_ingest_counts;

/* Fills *counts; counts->version must be set first. */
TESSERA_API int tessera_dataset_ingest_counts(const tessera_dataset *dataset,
                                              tessera_ingest_counts *counts);

/* The report as one paragraph a person can read; dataset-owned. */
TESSERA_API int tessera_dataset_ingest_summary(const tessera_dataset *dataset,
                                               const char **text);

/* The first few rejected rows, in input order, with where and why. */
TESSERA_API int tessera_dataset_rejected_example_count(
    const tessera_dataset *dataset, size_t *count);
typedef struct tessera_rejected_row {
  uint64_t line;      /* 1-based file line, or 0-based row for columns */
  int reason;         /* a tessera_reject_reason */
  const char *column; /* dataset-owned; "" when not one column */
  const char *detail; /* dataset-owned */
} tessera_rejected_row;
TESSERA_API int tessera_dataset_rejected_example(
    const tessera_dataset *dataset, size_t i, tessera_rejected_row *row);


typedef enum tessera_frequency_mode {
  TESSERA_FREQUENCY_AUTO = 0, /* distinct orders when there are order ids */
  TESSERA_FREQUENCY_ROWS = 1,
  TESSERA_FREQUENCY_ORDERS = 2,
  TESSERA_FREQUENCY_DAYS = 3
} tessera_frequency_mode;

typedef enum tessera_return_policy {
  TESSERA_RETURNS_NET = 0,    /* subtract returns from monetary */
  TESSERA_RETURNS_EXCLUDE = 1 /* ignore returns entirely */
} tessera_return_policy;

/* The analysis date for days since 1970-01-01 when none is given: the day
 * after the dataset's last transaction. */
#define TESSERA_AS_OF_AUTO INT64_MIN

#define TESSERA_RUN_OPTIONS_VERSION 1
typedef struct tessera_run_options {
  uint32_t version;       /* TESSERA_RUN_OPTIONS_VERSION */
  int64_t as_of_day;      /* days since 1970-01-01, or TESSERA_AS_OF_AUTO */
  int frequency;          /* a tessera_frequency_mode */
  int returns;            /* a tessera_return_policy */
  double btyd_period_days; /* unit of the lifetime models' x, t_x, T */
  int num_threads;        /* 0 = all cores; results never depend on it */
} tessera_run_options;

#define TESSERA_RUN_OPTIONS_INIT                                         \
  { TESSERA_RUN_OPTIONS_VERSION, TESSERA_AS_OF_AUTO, TESSERA_FREQUENCY_AUTO, \
    TESSERA_RETURNS_NET, 7.0, 0 }

TESSERA_API int tessera_run_options_init(tessera_run_options *opts);

/* A pipeline is configured once (strategies, rule files, previous tiers) and
 * then run on any number of datasets. Configuring is for one thread at a
 * time; once configured, tessera_pipeline_run may be called from several
 * threads at once on the same pipeline. opts may be NULL for the defaults.
 * A new pipeline has no strategies. */
TESSERA_API int tessera_pipeline_create(tessera_pipeline **out,
                                        const tessera_run_options *opts);
TESSERA_API void tessera_pipeline_free(tessera_pipeline *pipeline);

/* Adds a built-in or host strategy by name with "name=value, ..."
 * parameters (NULL or "" for none). The strategy is created here, so an
 * unknown name is TESSERA_ENOTFOUND (the message lists the names) and a bad
 * parameter TESSERA_EINVALID naming it. Strategies run in the order added. */
TESSERA_API int tessera_pipeline_add_strategy(tessera_pipeline *pipeline,
                                              const char *name,
                                              const char *params);

/* The names of the strategies available to this pipeline, one per line;
 * pipeline-owned. */
TESSERA_API int tessera_pipeline_strategy_names(
    const tessera_pipeline *pipeline, const char **names);

/* Parses rule text (see the C++ header tessera/rules.h for the language) and
 * adds its rule sets, applied after the strategies in the order added. A
 * parse error is TESSERA_EPARSE with "source:line:col: error: ..." followed
 * by the line and a caret. source_name may be NULL ("rules"). */
TESSERA_API int tessera_pipeline_add_rules(tessera_pipeline *pipeline,
                                           const char *text,
                                           const char *source_name);

/* Adds a built-in rule file by name ("rfm_segments"); TESSERA_ENOTFOUND
 * lists the names. */
TESSERA_API int tessera_pipeline_add_builtin_rules(tessera_pipeline *pipeline,
                                                   const char *name);

/* Gives the previous period's snapshot of one rule set (its name is the
 * snapshot's), for `demote after N periods`. The snapshot is copied. */
TESSERA_API int tessera_pipeline_set_previous_tiers(
    tessera_pipeline *pipeline, const tessera_tier_snapshot *snapshot);

/* Computes features, runs every strategy, then every rule file. Names that
 * the rules read and that no feature, score or attribute provides are
 * TESSERA_EINVALID with the nearest name suggested. */
TESSERA_API int tessera_pipeline_run(tessera_result **out,
                                     const tessera_pipeline *pipeline,
                                     const tessera_dataset *dataset);


/* What a host strategy sees: a batch of consecutive customers, with every
 * feature and every numeric score computed before it, by name. */
typedef struct tessera_strategy_batch {
  size_t first_customer;           /* dense index of the batch's first */
  size_t customer_count;           /* customers in this batch */
  size_t column_count;
  const char *const *column_names; /* "recency_days", "rfm.r", ... */
  const double *const *columns;    /* column_count arrays of customer_count */
} tessera_strategy_batch;

/* One output column of a host strategy. Numeric outputs are doubles (NaN for
 * unknown); labelled outputs are int32 codes into `labels` (-1 for none). */
typedef struct tessera_strategy_output {
  const char *name;           /* the column is "<strategy>.<name>" */
  const char *const *labels;  /* NULL for a numeric output */
  size_t label_count;
} tessera_strategy_output;

#define TESSERA_HOST_STRATEGY_VERSION 1
typedef struct tessera_host_strategy {
  uint32_t version; /* TESSERA_HOST_STRATEGY_VERSION */
  const char *name; /* a new strategy name */
  const char *description;
  const tessera_strategy_output *outputs;
  size_t output_count;
  /* Called on the thread that runs the pipeline, once per batch in customer
   * order, never concurrently for one run; runs of one pipeline on several
   * threads call it at the same time, so a payload they share must be safe
   * for that. numeric[k] (for a numeric output)
   * or codes[k] (for a labelled one) points at customer_count values to fill;
   * the other is NULL. Returns 0 on success; anything else fails the run with
   * TESSERA_ECALLBACK and the text the callback wrote to `error` (a buffer of
   * error_size bytes, NUL-terminated by the library). */
  int (*score)(void *payload, const tessera_strategy_batch *batch,
               double *const *numeric, int32_t *const *codes, char *error,
               size_t error_size);
  /* Called once when the last pipeline holding the strategy is freed; may be
   * NULL. */
  void (*free_payload)(void *payload);
  void *payload;
} tessera_host_strategy;

/* Makes a host strategy available to this pipeline under strategy->name
 * (a built-in name is TESSERA_EEXISTS); add it with
 * tessera_pipeline_add_strategy like any other. Parameters given there must
 * be empty. The struct is copied, the payload is not; the pipeline owns the
 * payload only when this returns TESSERA_OK (on failure free_payload is not
 * called and the payload stays the host's). */
TESSERA_API int tessera_pipeline_register_strategy(
    tessera_pipeline *pipeline, const tessera_host_strategy *strategy);


/* Thread safety: a result is immutable; any number of threads may read it at
 * once. Arrays and text it returns are valid until it is freed. */
TESSERA_API void tessera_result_free(tessera_result *result);

/* Customers, in the dataset's dense index order. */
TESSERA_API int tessera_result_customer_count(const tessera_result *result,
                                              size_t *count);
/* The dataset the result was computed from. The handle belongs to the
 * result: valid until the result is freed, and never passed to
 * tessera_dataset_free. */
TESSERA_API int tessera_result_dataset(const tessera_result *result,
                                       const tessera_dataset **dataset);

typedef enum tessera_column_kind {
  TESSERA_COLUMN_FEATURE = 0,    /* numeric per-customer feature */
  TESSERA_COLUMN_NUMERIC = 1,    /* numeric score */
  TESSERA_COLUMN_CATEGORICAL = 2 /* label codes: segments, classes, tiers */
} tessera_column_kind;

/* Columns: the features first, then every score column (strategies, then
 * rule sets: "<set>" tiers and "<set>.rule" matched-rule indices). */
TESSERA_API int tessera_result_column_count(const tessera_result *result,
                                            size_t *count);
TESSERA_API int tessera_result_column_name(const tessera_result *result,
                                           size_t column, const char **name);
TESSERA_API int tessera_result_column_kind(const tessera_result *result,
                                           size_t column, int *kind);
/* TESSERA_ENOTFOUND lists the column names. */
TESSERA_API int tessera_result_find_column(const tessera_result *result,
                                           const char *name, size_t *column);

/* A numeric or feature column: customer_count doubles (NaN = unknown),
 * result-owned. TESSERA_EINVALID for a categorical column. */
TESSERA_API int tessera_result_numeric(const tessera_result *result,
                                       size_t column, const double **values);
/* A categorical column: customer_count codes into its labels (-1 = none),
 * result-owned. TESSERA_EINVALID for a numeric column. */
TESSERA_API int tessera_result_codes(const tessera_result *result,
                                     size_t column, const int32_t **codes);
TESSERA_API int tessera_result_label_count(const tessera_result *result,
                                           size_t column, size_t *count);
TESSERA_API int tessera_result_label(const tessera_result *result,
                                     size_t column, size_t code,
                                     const char **label);

/* Copying variants for hosts that manage their own memory: copy `n` values
 * starting at customer `first` into `buffer`. */
TESSERA_API int tessera_result_copy_numeric(const tessera_result *result,
                                            size_t column, size_t first,
                                            double *buffer, size_t n);
TESSERA_API int tessera_result_copy_codes(const tessera_result *result,
                                          size_t column, size_t first,
                                          int32_t *buffer, size_t n);

/* Warnings of the run (a collapsed bin, a shadowed rule, customers left
 * unassigned), result-owned. */
TESSERA_API int tessera_result_warning_count(const tessera_result *result,
                                             size_t *count);
TESSERA_API int tessera_result_warning(const tessera_result *result, size_t i,
                                       const char **text);

/* Why customer `index` has its tier in rule set `set`: the matched rule with
 * the value of every name it read, then the earlier rules that failed.
 * Copies the text with its NUL into buffer (buffer_size bytes) and sets
 * *length to the text's length without the NUL. When buffer is NULL or too
 * small, sets *length and returns TESSERA_EBUFFER (NULL buffer with size 0 is
 * the size query). */
TESSERA_API int tessera_result_explain(const tessera_result *result,
                                       const char *set, size_t index,
                                       char *buffer, size_t buffer_size,
                                       size_t *length);


/* One rule set's tiers for every customer on the run's as-of date. Immutable;
 * readable from any number of threads. */
TESSERA_API int tessera_result_tier_snapshot(tessera_tier_snapshot **out,
                                             const tessera_result *result,
                                             const char *set);
TESSERA_API void tessera_tier_snapshot_free(tessera_tier_snapshot *snapshot);

/* Writes the snapshot to a text file atomically; reads one back (a malformed
 * file is TESSERA_EPARSE naming the line, a missing one TESSERA_ENOTFOUND). */
TESSERA_API int tessera_tier_snapshot_save(
    const tessera_tier_snapshot *snapshot, const char *path);
TESSERA_API int tessera_tier_snapshot_load(tessera_tier_snapshot **out,
                                           const char *path);

/* The rule set name, as-of day and customer count of a snapshot. */
TESSERA_API int tessera_tier_snapshot_rule_set(
    const tessera_tier_snapshot *snapshot, const char **name);
TESSERA_API int tessera_tier_snapshot_as_of_day(
    const tessera_tier_snapshot *snapshot, int64_t *day);
TESSERA_API int tessera_tier_snapshot_customer_count(
    const tessera_tier_snapshot *snapshot, size_t *count);

/* How customers moved between two snapshots of one rule set. */
TESSERA_API int tessera_tier_snapshot_compare(
    tessera_tier_migration **out, const tessera_tier_snapshot *before,
    const tessera_tier_snapshot *after);
TESSERA_API void tessera_tier_migration_free(tessera_tier_migration *migration);

/* The tiers labelling the matrix (best first), and counts[from][to] of
 * customers present in both snapshots. */
TESSERA_API int tessera_tier_migration_tier_count(
    const tessera_tier_migration *migration, size_t *count);
TESSERA_API int tessera_tier_migration_tier(
    const tessera_tier_migration *migration, size_t i, const char **name);
TESSERA_API int tessera_tier_migration_count(
    const tessera_tier_migration *migration, size_t from, size_t to,
    int64_t *count);

#define TESSERA_MIGRATION_COUNTS_VERSION 1
typedef struct tessera_migration_counts {
  uint32_t version; /* set by the caller: TESSERA_MIGRATION_COUNTS_VERSION */
  int64_t upgraded, downgraded, unchanged, added, gone;
  int rules_changed; /* nonzero when the rule sets' fingerprints differ */
} tessera_migration_counts;
TESSERA_API int tessera_tier_migration_counts(
    const tessera_tier_migration *migration, tessera_migration_counts *counts);

/* The matrix as an aligned text table with totals; migration-owned. */
TESSERA_API int tessera_tier_migration_text(
    const tessera_tier_migration *migration, const char **text);

/* Scratch memory (since 1.1, symbol version TESSERA_1.1). Building a dataset
 * and running a pipeline stage rows in large temporary arrays; fresh memory
 * from the system costs a page fault per page, which on a virtual machine can
 * take as long as the work, so freed arrays are kept for the next run, up to
 * a limit. The cache is one per process, shared by every thread, dataset and
 * pipeline. These four functions may be called from any thread at any time,
 * also while runs are in flight; they never fail, whatever the argument, and
 * leave tessera_last_error() alone. Results never depend on the cache. */

/* The most bytes of freed scratch memory kept for reuse: 1 GiB (1073741824)
 * until set. A limit below what is kept now frees the excess at once; 0 keeps
 * nothing (every array goes back to the system when its run ends). */
TESSERA_API void tessera_set_scratch_cache_limit(size_t bytes);
TESSERA_API size_t tessera_scratch_cache_limit(void);

/* Bytes kept for reuse right now: 0 until a run has finished. Arrays that
 * live datasets and runs in flight are using are not counted. */
TESSERA_API size_t tessera_scratch_cache_size(void);

/* Returns every kept array to the system; the limit stays as it is. */
TESSERA_API void tessera_release_scratch_cache(void);

#ifdef __cplusplus
}
#endif

#endif /* TESSERA_TESSERA_H_ */
