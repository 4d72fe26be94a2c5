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

/* The byte offset of the first byte that breaks RFC 3629, or -1. Written
 * from the RFC's table of well-formed sequences (section 4), apart from the
 * library's own check. */
static long first_bad_utf8(const unsigned char *s) {
  const unsigned char *p = s;
  while (*p != 0) {
    unsigned char c = *p;
    unsigned char low = 0x80, high = 0xBF; /* bounds of the second byte */
    int continuation = 0, i;
    if (c < 0x80) {
      ++p;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      continuation = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      continuation = 2;
      if (c == 0xE0) low = 0xA0;  /* no overlong forms */
      if (c == 0xED) high = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
      continuation = 3;
      if (c == 0xF0) low = 0x90;  /* no overlong forms */
      if (c == 0xF4) high = 0x8F; /* nothing above U+10FFFF */
    } else {
      return (long)(p - s);
    }
    if (p[1] < low || p[1] > high) return (long)(p - s);
    for (i = 2; i <= continuation; ++i) {
      if (p[i] < 0x80 || p[i] > 0xBF) return (long)(p - s);
    }
    p += continuation + 1;
  }
  return -1;
}

int check_utf8_(const char *got, const char *text, const char *file, int line) {
  long bad = got == NULL ? 0 : first_bad_utf8((const unsigned char *)got);
  int ok = got != NULL && bad < 0;
  record(ok);
  if (!ok && got == NULL) {
    fprintf(stderr, "%s:%d: %s is NULL, expected UTF-8 text\n", file, line,
            text);
  } else if (!ok) {
    fprintf(stderr, "%s:%d: %s is not UTF-8: byte %ld is 0x%02X\n", file, line,
            text, bad, (unsigned)(unsigned char)got[bad]);
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
