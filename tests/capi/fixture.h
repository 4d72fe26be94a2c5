/*
 * What several C tests share: the tiny dataset whose features are worked out
 * by hand below, lookups that fail a check instead of returning a status,
 * and a scratch directory for files.
 */
#ifndef TESSERA_TESTS_CAPI_FIXTURE_H_
#define TESSERA_TESTS_CAPI_FIXTURE_H_

#include <stddef.h>
#include <stdint.h>

#include <tessera/tessera.h>

/*
 * The tiny dataset: three customers, six rows, integer keys, days since
 * 1970-01-01 (day 15000 is 2011-01-26), no order ids.
 *
 *   key  day    amount
 *   101  15000  10
 *   102  15005  100
 *   101  15010  20
 *   103  15015  5
 *   101  15020  30
 *   103  15030  7
 *
 * With the default as-of date, the day after the last row (15031), and
 * frequency counting rows (there are no order ids):
 *
 *   key  recency_days    frequency  monetary  tenure_days     gaps
 *   101  15031-15020=11  3          60        15031-15000=31  10, 10
 *   102  15031-15005=26  1          100       15031-15005=26  -
 *   103  15031-15030=1   2          12        15031-15015=16  15
 */
#define FIXTURE_TINY_ROWS 6
extern const int64_t fixture_tiny_keys[FIXTURE_TINY_ROWS];
extern const int64_t fixture_tiny_days[FIXTURE_TINY_ROWS];
extern const double fixture_tiny_amounts[FIXTURE_TINY_ROWS];
#define FIXTURE_TINY_AS_OF 15031

/* A dataset of integer keys, days and amounts (n rows), built with the
 * default ingest options; NULL (after a failed check) when that fails. */
tessera_dataset *fixture_int_dataset(const int64_t *keys, const int64_t *days,
                                     const double *amounts, size_t n);
tessera_dataset *fixture_tiny_dataset(void);

/* A pipeline of `opts` (NULL for the defaults) with the strategies, as
 * "name|params" strings (NULL-terminated list), then the rule text (may be
 * NULL); NULL after a failed check. */
tessera_pipeline *fixture_pipeline(const tessera_run_options *opts,
                                   const char *const *strategies,
                                   const char *rules);

/* The dense index of integer key `key`; (size_t)-1 after a failed check. */
size_t fixture_index(const tessera_dataset *dataset, int64_t key);

/* The values of numeric or feature column `name`; NULL after a failed check. */
const double *fixture_numeric(const tessera_result *result, const char *name);

/* The label of customer `index` in categorical column `name`; "(none)" for
 * code -1, NULL after a failed check. */
const char *fixture_label(const tessera_result *result, const char *name,
                          size_t index);

/* A new empty directory under $TMPDIR or /tmp, written into dir (at least
 * 256 bytes); 0 after a failed check. */
int fixture_make_temp_dir(char *dir, size_t size);
/* Removes the files in dir (not subdirectories), then dir. */
void fixture_remove_temp_dir(const char *dir);
/* dir + "/" + name into path (at least 512 bytes). */
void fixture_path(char *path, size_t size, const char *dir, const char *name);
/* Writes text to path; 0 after a failed check. */
int fixture_write_file(const char *path, const char *text);
/* The whole file as a malloc'ed NUL-terminated string; NULL when unreadable. */
char *fixture_read_file(const char *path);

#endif /* TESSERA_TESTS_CAPI_FIXTURE_H_ */
