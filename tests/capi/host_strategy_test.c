/*
 * A strategy written by the host in C: "host.double" is twice the monetary
 * value and "host.size" labels customers "big" (monetary >= 50) or "small".
 * On the tiny dataset of fixture.h (monetary 60, 100, 12 for 101, 102, 103)
 * that is 120 big, 200 big, 24 small; the test checks each value against
 * the monetary column read back from the result.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fixture.h"

enum behaviour {
  SCORE_WELL,
  LEAVE_UNLABELLED, /* code -1 everywhere, which is allowed */
  REPORT_AN_ERROR,
  FILL_THE_ERROR_BUFFER, /* without a NUL: the library must add one */
  WRITE_A_BAD_CODE
};

struct host_state {
  enum behaviour behaviour;
  size_t next_first; /* batches must come in customer order */
  int batches;
  int saw_rfm_score;   /* scores of earlier strategies are visible */
  int frees;
};

static const char *const size_labels[] = {"big", "small"};
static const tessera_strategy_output outputs[] = {{"double", NULL, 0},
                                                  {"size", size_labels, 2}};

static int score(void *payload, const tessera_strategy_batch *batch,
                 double *const *numeric, int32_t *const *codes, char *error,
                 size_t error_size) {
  struct host_state *state = (struct host_state *)payload;
  const double *monetary = NULL;
  size_t c, k;
  for (c = 0; c < batch->column_count; ++c) {
    if (strcmp(batch->column_names[c], "monetary") == 0) {
      monetary = batch->columns[c];
    }
    if (strcmp(batch->column_names[c], "rfm.score") == 0) {
      state->saw_rfm_score = 1;
    }
  }
  if (monetary == NULL || numeric[0] == NULL || codes[0] != NULL ||
      numeric[1] != NULL || codes[1] == NULL ||
      batch->first_customer != state->next_first) {
    snprintf(error, error_size, "unexpected batch layout");
    return 1;
  }
  if (state->behaviour == REPORT_AN_ERROR) {
    snprintf(error, error_size, "ledger offline at customer %lu",
             (unsigned long)batch->first_customer);
    return 7;
  }
  if (state->behaviour == FILL_THE_ERROR_BUFFER) {
    memset(error, 'x', error_size);
    return 1;
  }
  for (k = 0; k < batch->customer_count; ++k) {
    numeric[0][k] = 2 * monetary[k];
    codes[1][k] = monetary[k] >= 50 ? 0 : 1;
    if (state->behaviour == LEAVE_UNLABELLED) codes[1][k] = -1;
    if (state->behaviour == WRITE_A_BAD_CODE) codes[1][k] = 2;
  }
  state->next_first += batch->customer_count;
  ++state->batches;
  return 0;
}

static void free_state(void *payload) {
  ++((struct host_state *)payload)->frees;
}

static tessera_host_strategy host_strategy(struct host_state *state) {
  tessera_host_strategy strategy;
  strategy.version = TESSERA_HOST_STRATEGY_VERSION;
  strategy.name = "host";
  strategy.description = "twice monetary, and big or small";
  strategy.outputs = outputs;
  strategy.output_count = 2;
  strategy.score = score;
  strategy.free_payload = free_state;
  strategy.payload = state;
  return strategy;
}

/* rfm, then the host strategy, on the tiny dataset. */
static tessera_pipeline *pipeline_with_host(struct host_state *state) {
  const char *const rfm[] = {"rfm", NULL};
  tessera_pipeline *pipeline = fixture_pipeline(NULL, rfm, NULL);
  tessera_host_strategy strategy = host_strategy(state);
  if (pipeline == NULL) return NULL;
  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, &strategy),
               TESSERA_OK);
  CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, "host", NULL),
               TESSERA_OK);
  return pipeline;
}

static void scores_like_a_builtin(const tessera_dataset *dataset) {
  struct host_state state = {SCORE_WELL, 0, 0, 0, 0};
  tessera_pipeline *pipeline = pipeline_with_host(&state);
  tessera_result *result = NULL;
  const double *monetary, *doubled;
  const char *names = NULL;
  size_t c, column = 0;
  int kind = -1;
  if (pipeline == NULL) return;
  CHECK_STATUS(tessera_pipeline_strategy_names(pipeline, &names), TESSERA_OK);
  CHECK_CONTAINS(names, "host");
  if (CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                   TESSERA_OK)) {
    CHECK(state.batches >= 1);
    CHECK_INT_EQ(state.next_first, 3); /* every customer, once, in order */
    CHECK(state.saw_rfm_score);
    monetary = fixture_numeric(result, "monetary");
    doubled = fixture_numeric(result, "host.double");
    if (monetary != NULL && doubled != NULL) {
      for (c = 0; c < 3; ++c) {
        CHECK_NEAR(doubled[c], 2 * monetary[c]);
        CHECK_STR_EQ(fixture_label(result, "host.size", c),
                     monetary[c] >= 50 ? "big" : "small");
      }
      CHECK_NEAR(doubled[fixture_index(dataset, 102)], 200);
      CHECK_STR_EQ(
          fixture_label(result, "host.size", fixture_index(dataset, 103)),
          "small");
    }
    CHECK_STATUS(tessera_result_find_column(result, "host.size", &column),
                 TESSERA_OK);
    CHECK_STATUS(tessera_result_column_kind(result, column, &kind), TESSERA_OK);
    CHECK_INT_EQ(kind, TESSERA_COLUMN_CATEGORICAL);
  }
  tessera_result_free(result);
  CHECK_INT_EQ(state.frees, 0); /* the pipeline still holds the strategy */
  tessera_pipeline_free(pipeline);
  CHECK_INT_EQ(state.frees, 1);
}

static void unlabelled_customers(const tessera_dataset *dataset) {
  struct host_state state = {LEAVE_UNLABELLED, 0, 0, 0, 0};
  tessera_pipeline *pipeline = pipeline_with_host(&state);
  tessera_result *result = NULL;
  size_t c;
  if (pipeline != NULL &&
      CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                   TESSERA_OK)) {
    for (c = 0; c < 3; ++c) {
      CHECK_STR_EQ(fixture_label(result, "host.size", c), "(none)");
    }
  }
  tessera_result_free(result);
  tessera_pipeline_free(pipeline);
}

static void callback_failures(const tessera_dataset *dataset) {
  struct host_state failing = {REPORT_AN_ERROR, 0, 0, 0, 0};
  struct host_state filling = {FILL_THE_ERROR_BUFFER, 0, 0, 0, 0};
  struct host_state bad_code = {WRITE_A_BAD_CODE, 0, 0, 0, 0};
  tessera_pipeline *pipeline = pipeline_with_host(&failing);
  tessera_result *result = (tessera_result *)&result;
  if (pipeline != NULL) {
    CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                 TESSERA_ECALLBACK);
    CHECK_ERROR_MENTIONS("ledger offline at customer 0");
    CHECK(result == NULL);
  }
  tessera_pipeline_free(pipeline);
  CHECK_INT_EQ(failing.frees, 1);

  pipeline = pipeline_with_host(&filling);
  if (pipeline != NULL) {
    CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                 TESSERA_ECALLBACK);
    CHECK_ERROR_MENTIONS("xxxxxxxx");
  }
  tessera_pipeline_free(pipeline);

  pipeline = pipeline_with_host(&bad_code);
  if (pipeline != NULL) {
    CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                 TESSERA_ECALLBACK);
    CHECK_ERROR_MENTIONS("host");
  }
  tessera_pipeline_free(pipeline);
  CHECK_INT_EQ(bad_code.frees, 1);
}

/* Registrations that fail take no payload: free_payload stays NULL here,
 * since the header does not say whether a refused one is freed. */
static void refused_registrations(void) {
  struct host_state state = {SCORE_WELL, 0, 0, 0, 0};
  tessera_pipeline *pipeline = NULL, *other = NULL;
  tessera_host_strategy strategy = host_strategy(&state);
  strategy.free_payload = NULL;
  if (!CHECK_STATUS(tessera_pipeline_create(&pipeline, NULL), TESSERA_OK)) {
    return;
  }
  strategy.version = 99;
  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, &strategy),
               TESSERA_EVERSION);
  strategy.version = TESSERA_HOST_STRATEGY_VERSION;
  strategy.name = "rfm";
  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, &strategy),
               TESSERA_EEXISTS);
  CHECK_ERROR_MENTIONS("rfm");
  strategy.name = NULL;
  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, &strategy),
               TESSERA_EINVALID);
  strategy.name = "host";
  strategy.score = NULL;
  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, &strategy),
               TESSERA_EINVALID);
  strategy.score = score;
  strategy.outputs = NULL;
  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, &strategy),
               TESSERA_EINVALID);
  strategy.outputs = outputs;
  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, NULL),
               TESSERA_EINVALID);

  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, &strategy),
               TESSERA_OK);
  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, &strategy),
               TESSERA_EEXISTS);
  CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, "host", "factor=3"),
               TESSERA_EINVALID);
  /* Registered for one pipeline, unknown to another. */
  CHECK_STATUS(tessera_pipeline_create(&other, NULL), TESSERA_OK);
  CHECK_STATUS(tessera_pipeline_add_strategy(other, "host", NULL),
               TESSERA_ENOTFOUND);
  tessera_pipeline_free(other);
  tessera_pipeline_free(pipeline);
  CHECK_INT_EQ(state.frees, 0);
}

int main(void) {
  tessera_dataset *dataset = fixture_tiny_dataset();
  if (dataset != NULL) {
    scores_like_a_builtin(dataset);
    unlabelled_customers(dataset);
    callback_failures(dataset);
    refused_registrations();
  }
  tessera_dataset_free(dataset);
  return check_exit_code();
}
