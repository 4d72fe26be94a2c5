#include "check.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t check_lock = PTHREAD_MUTEX_INITIALIZER;
static int checks_run = 0;
static int checks_failed = 0;

/* Every check goes through here, so that counts and the lines printed for
 * one failure stay together when threads check at once. */
static void record(int ok) {
  pthread_mutex_lock(&check_lock);
  ++checks_run;
  if (!ok) ++checks_failed;
  pthread_mutex_unlock(&check_lock);
}

int check_true_(int ok, const char *text, const char *file, int line) {
  record(ok);
  if (!ok) fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, text);
  return ok;
}

int check_status_(int got, int expected, const char *text, const char *file,
                  int line) {
  int ok = got == expected;
  record(ok);
  if (!ok) {
    fprintf(stderr,
            "%s:%d: %s\n  returned %d (%s), expected %d (%s)\n"
            "  tessera_last_error(): \"%s\"\n",
            file, line, text, got, tessera_status_name(got), expected,
            tessera_status_name(expected), tessera_last_error());
  }
  return ok;
}

int check_contains_(const char *haystack, const char *needle, const char *text,
                    const char *file, int line) {
  int ok = haystack != NULL && strstr(haystack, needle) != NULL;
  record(ok);
  if (!ok) {
    fprintf(stderr, "%s:%d: %s does not contain \"%s\"\n  it is: %s%s%s\n",
            file, line, text, needle, haystack ? "\"" : "",
            haystack ? haystack : "NULL", haystack ? "\"" : "");
  }
  return ok;
}

int check_str_eq_(const char *got, const char *expected, const char *text,
                  const char *file, int line) {
  int ok = got != NULL && strcmp(got, expected) == 0;
  record(ok);
  if (!ok) {
    fprintf(stderr, "%s:%d: %s is %s%s%s, expected \"%s\"\n", file, line, text,
            got ? "\"" : "", got ? got : "NULL", got ? "\"" : "", expected);
  }
  return ok;
}

int check_int_eq_(long long got, long long expected, const char *text,
                  const char *file, int line) {
  int ok = got == expected;
  record(ok);
  if (!ok) {
    fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", file, line, text, got,
            expected);
  }
  return ok;
}

int check_near_(double got, double expected, const char *text,
                const char *file, int line) {
  double scale = expected < 0 ? -expected : expected;
  double diff = got - expected;
  int ok;
  if (scale < 1) scale = 1;
  if (diff < 0) diff = -diff;
  ok = diff <= 1e-9 * scale; /* false for NaN */
  record(ok);
  if (!ok) {
    fprintf(stderr, "%s:%d: %s is %.17g, expected %.17g\n", file, line, text,
            got, expected);
  }
  return ok;
}

int check_failure_count(void) {
  int failed;
  pthread_mutex_lock(&check_lock);
  failed = checks_failed;
  pthread_mutex_unlock(&check_lock);
  return failed;
}

int check_exit_code(void) {
  int failed = check_failure_count();
  if (failed > 0) {
    fprintf(stderr, "%d of %d checks failed\n", failed, checks_run);
    return 1;
  }
  printf("all %d checks passed\n", checks_run);
  return 0;
}
