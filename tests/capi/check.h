/*
 * A check harness for the C tests of libtessera, small enough to read in one
 * go: a failed check prints file:line and what was expected, is counted, and
 * the test goes on, so one run shows every failure. main() ends with
 * `return check_exit_code();`, nonzero when any check failed.
 * Checks may run on several threads at once (the counter is locked).
 */
#ifndef TESSERA_TESTS_CAPI_CHECK_H_
#define TESSERA_TESTS_CAPI_CHECK_H_

#include <stddef.h>
#include <stdint.h>

#include <tessera/tessera.h>

/* Each evaluates to 1 when the check passed and 0 when it failed, so that a
 * test can stop early: if (!CHECK_STATUS(...)) return; */
#define CHECK(cond) check_true_((cond) ? 1 : 0, #cond, __FILE__, __LINE__)

/* `call` returns a status; on a mismatch prints the call, both codes by name
 * and tessera_last_error() of this thread. */
#define CHECK_STATUS(call, expected) \
  check_status_((call), (expected), #call, __FILE__, __LINE__)

#define CHECK_CONTAINS(haystack, needle) \
  check_contains_((haystack), (needle), #haystack, __FILE__, __LINE__)

#define CHECK_STR_EQ(got, expected) \
  check_str_eq_((got), (expected), #got, __FILE__, __LINE__)

#define CHECK_INT_EQ(got, expected)                                    \
  check_int_eq_((long long)(got), (long long)(expected), #got, __FILE__, \
                __LINE__)

/* |got - expected| <= 1e-9 * max(1, |expected|); NaN never passes. */
#define CHECK_NEAR(got, expected) \
  check_near_((got), (expected), #got, __FILE__, __LINE__)

/* Non-NULL, well-formed UTF-8 (RFC 3629: shortest form, no surrogates, at
 * most U+10FFFF), as the header promises of all text the library returns. */
#define CHECK_UTF8(text) check_utf8_((text), #text, __FILE__, __LINE__)

/* The last error of this thread names something: checks that `needle` is in
 * tessera_last_error(). */
#define CHECK_ERROR_MENTIONS(needle) \
  CHECK_CONTAINS(tessera_last_error(), (needle))

int check_true_(int ok, const char *text, const char *file, int line);
int check_status_(int got, int expected, const char *text, const char *file,
                  int line);
int check_contains_(const char *haystack, const char *needle, const char *text,
                    const char *file, int line);
int check_str_eq_(const char *got, const char *expected, const char *text,
                  const char *file, int line);
int check_int_eq_(long long got, long long expected, const char *text,
                  const char *file, int line);
int check_near_(double got, double expected, const char *text,
                const char *file, int line);
int check_utf8_(const char *got, const char *text, const char *file, int line);

/* Failed checks so far (all threads). */
int check_failure_count(void);
/* Prints a one-line summary; 1 when any check failed, else 0. */
int check_exit_code(void);

#endif /* TESSERA_TESTS_CAPI_CHECK_H_ */
