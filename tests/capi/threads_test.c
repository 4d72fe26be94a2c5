/*
 * Thread safety as the header states it: independent pipelines on several
 * threads, one configured pipeline run from several threads at once on one
 * dataset, keys read from one dataset by several threads at once, and last
 * errors that stay on the thread that failed. Every
 * result must equal, byte for byte, one computed on a single thread.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"

enum { CUSTOMERS = 3000, ROWS = 40000, THREADS = 4, RUNS_PER_THREAD = 3 };

static int64_t keys[ROWS];
static int64_t days[ROWS];
static double amounts[ROWS];
static const char *const strategies[] = {
    "rfm", "abc|a=0.7, b=0.9", "lifecycle", "value_tier", NULL};
static const char rules[] = "ruleset \"value\"\n"
                            "tier \"Top\" when abc == \"A\" and rfm.r >= 4\n"
                            "tier \"Good\" when monetary >= 500\n"
                            "tier \"Rest\" otherwise\n";

/* A fixed pseudo-random dataset, the same on every call. */
static void make_rows(void) {
  uint32_t state = 12345;
  size_t i;
  for (i = 0; i < ROWS; ++i) {
    state = state * 1664525u + 1013904223u;
    keys[i] = 1 + (int64_t)(state >> 8) % CUSTOMERS;
    state = state * 1664525u + 1013904223u;
    days[i] = 15000 + (int64_t)(state >> 8) % 400;
    state = state * 1664525u + 1013904223u;
    amounts[i] = (double)((state >> 8) % 50000) / 100.0;
  }
}

static tessera_pipeline *configured_pipeline(int num_threads) {
  tessera_run_options opts = TESSERA_RUN_OPTIONS_INIT;
  tessera_pipeline *pipeline;
  opts.num_threads = num_threads;
  pipeline = fixture_pipeline(&opts, strategies, rules);
  if (pipeline != NULL) {
    CHECK_STATUS(tessera_pipeline_add_builtin_rules(pipeline, "rfm_segments"),
                 TESSERA_OK);
  }
  return pipeline;
}

/* Column by column: names, kinds, labels and the bytes of every value. */
static int same_results(const tessera_result *a, const tessera_result *b) {
  size_t columns = 0, other = 1, customers = 0, i, l;
  if (tessera_result_column_count(a, &columns) != TESSERA_OK ||
      tessera_result_column_count(b, &other) != TESSERA_OK ||
      columns != other ||
      tessera_result_customer_count(a, &customers) != TESSERA_OK) {
    return 0;
  }
  for (i = 0; i < columns; ++i) {
    const char *name_a, *name_b;
    int kind_a, kind_b;
    if (tessera_result_column_name(a, i, &name_a) != TESSERA_OK ||
        tessera_result_column_name(b, i, &name_b) != TESSERA_OK ||
        strcmp(name_a, name_b) != 0 ||
        tessera_result_column_kind(a, i, &kind_a) != TESSERA_OK ||
        tessera_result_column_kind(b, i, &kind_b) != TESSERA_OK ||
        kind_a != kind_b) {
      return 0;
    }
    if (kind_a == TESSERA_COLUMN_CATEGORICAL) {
      const int32_t *codes_a, *codes_b;
      size_t labels_a, labels_b;
      if (tessera_result_codes(a, i, &codes_a) != TESSERA_OK ||
          tessera_result_codes(b, i, &codes_b) != TESSERA_OK ||
          memcmp(codes_a, codes_b, customers * sizeof *codes_a) != 0 ||
          tessera_result_label_count(a, i, &labels_a) != TESSERA_OK ||
          tessera_result_label_count(b, i, &labels_b) != TESSERA_OK ||
          labels_a != labels_b) {
        return 0;
      }
      for (l = 0; l < labels_a; ++l) {
        const char *label_a, *label_b;
        if (tessera_result_label(a, i, l, &label_a) != TESSERA_OK ||
            tessera_result_label(b, i, l, &label_b) != TESSERA_OK ||
            strcmp(label_a, label_b) != 0) {
          return 0;
        }
      }
    } else {
      const double *values_a, *values_b;
      if (tessera_result_numeric(a, i, &values_a) != TESSERA_OK ||
          tessera_result_numeric(b, i, &values_b) != TESSERA_OK ||
          memcmp(values_a, values_b, customers * sizeof *values_a) != 0) {
        return 0;
      }
    }
  }
  return 1;
}

static tessera_result *reference;

/* Each thread builds its own dataset and pipeline (on all cores). */
static void *independent_run(void *unused) {
  tessera_dataset *dataset = fixture_int_dataset(keys, days, amounts, ROWS);
  tessera_pipeline *pipeline = configured_pipeline(0);
  tessera_result *result = NULL;
  (void)unused;
  if (dataset != NULL && pipeline != NULL &&
      CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                   TESSERA_OK)) {
    CHECK(same_results(result, reference));
  }
  tessera_result_free(result);
  tessera_pipeline_free(pipeline);
  tessera_dataset_free(dataset);
  return NULL;
}

static const tessera_pipeline *shared_pipeline;
static const tessera_dataset *shared_dataset;

static void *shared_run(void *unused) {
  int run;
  (void)unused;
  for (run = 0; run < RUNS_PER_THREAD; ++run) {
    tessera_result *result = NULL;
    if (CHECK_STATUS(
            tessera_pipeline_run(&result, shared_pipeline, shared_dataset),
            TESSERA_OK)) {
      CHECK(same_results(result, reference));
    }
    tessera_result_free(result);
  }
  return NULL;
}

static tessera_dataset *keyed_dataset;
static pthread_barrier_t keys_start;

/* The text of integer keys is made on the first tessera_dataset_key call;
 * here every thread makes that first call at once, and each must read every
 * key whole, as printf writes it. */
static void *read_keys(void *unused) {
  const int64_t *ints = NULL;
  size_t count = 0, i;
  int same = 1;
  (void)unused;
  CHECK_STATUS(tessera_dataset_customer_count(keyed_dataset, &count),
               TESSERA_OK);
  CHECK_STATUS(tessera_dataset_int_keys(keyed_dataset, &ints), TESSERA_OK);
  pthread_barrier_wait(&keys_start);
  for (i = 0; i < count && ints != NULL; ++i) {
    const char *key = NULL;
    char expected[32];
    snprintf(expected, sizeof expected, "%lld", (long long)ints[i]);
    same = same && tessera_dataset_key(keyed_dataset, i, &key) == TESSERA_OK &&
           strcmp(key, expected) == 0;
  }
  CHECK(count > 0 && same);
  return NULL;
}

static pthread_barrier_t errors_start;

/* Fails again and again while the other thread watches its own error. */
static void *failing_thread(void *unused) {
  tessera_pipeline *pipeline = NULL;
  int i;
  (void)unused;
  CHECK_STATUS(tessera_pipeline_create(&pipeline, NULL), TESSERA_OK);
  pthread_barrier_wait(&errors_start);
  for (i = 0; i < 2000; ++i) {
    CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, "no_such", NULL),
                 TESSERA_ENOTFOUND);
  }
  CHECK_ERROR_MENTIONS("no_such");
  tessera_pipeline_free(pipeline);
  return NULL;
}

static void *watching_thread(void *unused) {
  char mine[512];
  int i, clean = 1, unchanged = 1;
  (void)unused;
  CHECK_STR_EQ(tessera_last_error(), "");
  pthread_barrier_wait(&errors_start);
  for (i = 0; i < 1000; ++i) {
    clean = clean && tessera_last_error()[0] == '\0' &&
            tessera_last_error_code() == TESSERA_OK;
  }
  CHECK(clean);
  CHECK_STATUS(tessera_pipeline_create(NULL, NULL), TESSERA_EINVALID);
  snprintf(mine, sizeof mine, "%s", tessera_last_error());
  for (i = 0; i < 1000; ++i) {
    unchanged = unchanged && strcmp(tessera_last_error(), mine) == 0 &&
                tessera_last_error_code() == TESSERA_EINVALID;
  }
  CHECK(unchanged);
  CHECK(strstr(mine, "no_such") == NULL);
  return NULL;
}

static void run_threads(void *(*body)(void *), int count) {
  pthread_t threads[THREADS];
  int i;
  for (i = 0; i < count; ++i) {
    CHECK_INT_EQ(pthread_create(&threads[i], NULL, body, NULL), 0);
  }
  for (i = 0; i < count; ++i) pthread_join(threads[i], NULL);
}

int main(void) {
  tessera_dataset *dataset;
  tessera_pipeline *single, *shared;
  pthread_t failing, watching;
  make_rows();
  dataset = fixture_int_dataset(keys, days, amounts, ROWS);
  single = configured_pipeline(1);
  shared = configured_pipeline(2);
  if (dataset == NULL || single == NULL || shared == NULL ||
      !CHECK_STATUS(tessera_pipeline_run(&reference, single, dataset),
                    TESSERA_OK)) {
    return check_exit_code();
  }
  {
    size_t columns = 0;
    CHECK_STATUS(tessera_result_column_count(reference, &columns), TESSERA_OK);
    CHECK(columns > 20); /* features, four strategies and two rule sets */
  }
  run_threads(independent_run, THREADS);

  shared_pipeline = shared;
  shared_dataset = dataset;
  run_threads(shared_run, THREADS);

  keyed_dataset = fixture_int_dataset(keys, days, amounts, ROWS);
  if (keyed_dataset != NULL) {
    pthread_barrier_init(&keys_start, NULL, THREADS);
    run_threads(read_keys, THREADS);
    pthread_barrier_destroy(&keys_start);
  }
  tessera_dataset_free(keyed_dataset);

  pthread_barrier_init(&errors_start, NULL, 2);
  pthread_create(&failing, NULL, failing_thread, NULL);
  pthread_create(&watching, NULL, watching_thread, NULL);
  pthread_join(failing, NULL);
  pthread_join(watching, NULL);
  pthread_barrier_destroy(&errors_start);
  /* The main thread has not failed anything either. */
  CHECK_STR_EQ(tessera_last_error(), "");

  tessera_result_free(reference);
  tessera_pipeline_free(single);
  tessera_pipeline_free(shared);
  tessera_dataset_free(dataset);
  return check_exit_code();
}
