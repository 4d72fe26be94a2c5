/*
 * The scratch cache (tessera_set_scratch_cache_limit and friends): what a
 * run leaves kept, releasing it, a limit of 0, lowering the limit, the
 * default, and that a run on reused memory gives the bytes a run without the
 * cache gives. The cache is one per process, so the steps run in order and
 * each starts from a state the previous one left.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"

/* 24 bytes a row while grouping by customer make 7 MB for the small dataset,
 * far above the 1 MiB below which arrays are left to malloc. */
enum { SMALL_ROWS = 300000, LARGE_ROWS = 400000, CUSTOMERS = 20000 };
#define DEFAULT_LIMIT ((size_t)1 << 30)

static const char *const strategies[] = {"rfm", NULL};
static const char *const compared_columns[] = {
    "recency_days", "frequency", "monetary", "tenure_days", "rfm.r", "rfm.f",
    "rfm.m", NULL};

typedef struct rows {
  int64_t *keys;
  int64_t *days;
  double *amounts;
  size_t n;
} rows;

/* Pseudo-random rows, the same for a given seed on every call. */
static int make_rows(rows *r, size_t n, uint32_t seed) {
  uint32_t state = seed;
  size_t i;
  r->n = n;
  r->keys = malloc(n * sizeof *r->keys);
  r->days = malloc(n * sizeof *r->days);
  r->amounts = malloc(n * sizeof *r->amounts);
  if (!CHECK(r->keys != NULL && r->days != NULL && r->amounts != NULL)) return 0;
  for (i = 0; i < n; ++i) {
    state = state * 1664525u + 1013904223u;
    r->keys[i] = 1 + (int64_t)(state >> 8) % CUSTOMERS;
    state = state * 1664525u + 1013904223u;
    r->days[i] = 15000 + (int64_t)(state >> 8) % 700;
    state = state * 1664525u + 1013904223u;
    r->amounts[i] = (double)((state >> 8) % 100000) / 100.0;
  }
  return 1;
}

static void free_rows(rows *r) {
  free(r->keys);
  free(r->days);
  free(r->amounts);
}

/* Builds the dataset, runs the pipeline on it and frees both, so that every
 * scratch array the run used has gone back to the cache. When `out` is not
 * NULL, the compared columns are copied into it (one after another, n
 * customers each), the customer keys into `keys`, and the bytes kept while
 * the dataset was alive, before the run, into *kept_after_build. Returns 0
 * after a failed check. */
static int run_once(const rows *r, double *out, int64_t *keys, size_t *n,
                    size_t *kept_after_build) {
  tessera_dataset *dataset = fixture_int_dataset(r->keys, r->days, r->amounts, r->n);
  tessera_pipeline *pipeline = fixture_pipeline(NULL, strategies, NULL);
  tessera_result *result = NULL;
  int ok;
  if (kept_after_build != NULL) *kept_after_build = tessera_scratch_cache_size();
  ok = dataset != NULL && pipeline != NULL &&
           CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                        TESSERA_OK) &&
           CHECK_STATUS(tessera_result_customer_count(result, n), TESSERA_OK);
  if (ok && out != NULL) {
    const int64_t *dataset_keys = NULL;
    size_t c;
    ok = CHECK_INT_EQ(*n, CUSTOMERS) &&
         CHECK_STATUS(tessera_dataset_int_keys(dataset, &dataset_keys),
                      TESSERA_OK);
    if (ok) memcpy(keys, dataset_keys, *n * sizeof *keys);
    for (c = 0; ok && compared_columns[c] != NULL; ++c) {
      const double *values = fixture_numeric(result, compared_columns[c]);
      ok = CHECK(values != NULL);
      if (ok) memcpy(out + c * *n, values, *n * sizeof *values);
    }
  }
  tessera_result_free(result);
  tessera_pipeline_free(pipeline);
  tessera_dataset_free(dataset);
  return ok;
}

static void default_limit_is_one_gibibyte(void) {
  CHECK_INT_EQ(tessera_scratch_cache_limit(), 1073741824);
  CHECK_INT_EQ(DEFAULT_LIMIT, 1073741824);
  /* Nothing has run yet in this process. */
  CHECK_INT_EQ(tessera_scratch_cache_size(), 0);
}

static void a_run_keeps_memory_and_release_returns_it(const rows *small) {
  size_t n, kept;
  if (!run_once(small, NULL, NULL, &n, NULL)) return;
  kept = tessera_scratch_cache_size();
  CHECK(kept > 0);
  CHECK(kept <= DEFAULT_LIMIT);
  tessera_release_scratch_cache();
  CHECK_INT_EQ(tessera_scratch_cache_size(), 0);
  CHECK_INT_EQ(tessera_scratch_cache_limit(), DEFAULT_LIMIT);
}

static void a_limit_of_zero_keeps_nothing(const rows *small) {
  size_t n;
  tessera_set_scratch_cache_limit(0);
  CHECK_INT_EQ(tessera_scratch_cache_limit(), 0);
  if (run_once(small, NULL, NULL, &n, NULL)) {
    CHECK_INT_EQ(tessera_scratch_cache_size(), 0);
  }
  tessera_set_scratch_cache_limit(DEFAULT_LIMIT);
}

static void lowering_the_limit_frees_down_to_it(const rows *small) {
  size_t n, kept, half;
  if (!run_once(small, NULL, NULL, &n, NULL)) return;
  kept = tessera_scratch_cache_size();
  if (!CHECK(kept > 0)) return;
  tessera_set_scratch_cache_limit(kept - 1);
  CHECK(tessera_scratch_cache_size() <= kept - 1);
  half = kept / 2;
  tessera_set_scratch_cache_limit(half);
  CHECK_INT_EQ(tessera_scratch_cache_limit(), half);
  CHECK(tessera_scratch_cache_size() <= half);
  /* Raising it again frees nothing more and keeps nothing new by itself. */
  kept = tessera_scratch_cache_size();
  tessera_set_scratch_cache_limit(DEFAULT_LIMIT);
  CHECK_INT_EQ(tessera_scratch_cache_size(), kept);
  tessera_set_scratch_cache_limit(0);
  CHECK_INT_EQ(tessera_scratch_cache_size(), 0);
  tessera_set_scratch_cache_limit(DEFAULT_LIMIT);
}

static void any_limit_is_accepted_without_an_error(void) {
  tessera_clear_error();
  tessera_set_scratch_cache_limit(SIZE_MAX);
  CHECK(tessera_scratch_cache_limit() == SIZE_MAX);
  tessera_set_scratch_cache_limit(1);
  CHECK_INT_EQ(tessera_scratch_cache_limit(), 1);
  tessera_release_scratch_cache();
  tessera_release_scratch_cache();
  CHECK_INT_EQ(tessera_last_error_code(), TESSERA_OK);
  CHECK_STR_EQ(tessera_last_error(), "");
  tessera_set_scratch_cache_limit(DEFAULT_LIMIT);
}

/* The reference runs with the cache off. Then a larger dataset of other rows
 * fills the cache, so that the second run of the small one gets arrays that
 * still hold another run's bytes (seen from outside: building the dataset
 * takes kept arrays, so fewer bytes are kept while it is alive); every
 * compared column and the keys must still be the reference's, bit for bit. */
static void reused_memory_gives_the_same_results(const rows *small,
                                                 const rows *large) {
  const size_t columns = sizeof compared_columns / sizeof *compared_columns - 1;
  double *reference = malloc(columns * CUSTOMERS * sizeof *reference);
  double *reused = malloc(columns * CUSTOMERS * sizeof *reused);
  int64_t *reference_keys = malloc(CUSTOMERS * sizeof *reference_keys);
  int64_t *reused_keys = malloc(CUSTOMERS * sizeof *reused_keys);
  size_t n = 0, c, kept_before = 0, kept_after_build = 0;
  if (CHECK(reference != NULL && reused != NULL && reference_keys != NULL &&
            reused_keys != NULL)) {
    tessera_set_scratch_cache_limit(0);
    if (run_once(small, reference, reference_keys, &n, NULL)) {
      tessera_set_scratch_cache_limit(DEFAULT_LIMIT);
      if (run_once(large, NULL, NULL, &n, NULL) &&
          CHECK((kept_before = tessera_scratch_cache_size()) > 0) &&
          run_once(small, reused, reused_keys, &n, &kept_after_build)) {
        CHECK(kept_after_build < kept_before);
        CHECK(memcmp(reused_keys, reference_keys, n * sizeof *reused_keys) == 0);
        for (c = 0; c < columns; ++c) {
          if (!CHECK(memcmp(reused + c * n, reference + c * n,
                            n * sizeof *reused) == 0)) {
            fprintf(stderr, "  column %s differs from the run without the cache\n",
                    compared_columns[c]);
          }
        }
      }
    }
  }
  tessera_set_scratch_cache_limit(DEFAULT_LIMIT);
  free(reference);
  free(reused);
  free(reference_keys);
  free(reused_keys);
}

int main(void) {
  rows small = {NULL, NULL, NULL, 0}, large = {NULL, NULL, NULL, 0};
  default_limit_is_one_gibibyte();
  if (make_rows(&small, SMALL_ROWS, 12345) &&
      make_rows(&large, LARGE_ROWS, 777)) {
    a_run_keeps_memory_and_release_returns_it(&small);
    a_limit_of_zero_keeps_nothing(&small);
    lowering_the_limit_frees_down_to_it(&small);
    any_limit_is_accepted_without_an_error();
    reused_memory_gives_the_same_results(&small, &large);
  }
  free_rows(&small);
  free_rows(&large);
  return check_exit_code();
}
