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
  WRITE_A_BAD_CODE,
  WRITE_BYTES_NOT_UTF8,  /* the message reaches tessera_last_error() */
  FILL_WITH_TWO_BYTE_CHARACTERS /* cut by the buffer inside a character */
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
  if (state->behaviour == WRITE_BYTES_NOT_UTF8) {
    snprintf(error, error_size, "bad \xff\xfe bytes");
    return 1;
  }
  if (state->behaviour == FILL_WITH_TWO_BYTE_CHARACTERS) {
    for (k = 0; k + 1 < error_size; k += 2) memcpy(error + k, "\xc3\xa9", 2);
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

/* Text from the host's callback is not trusted to be UTF-8: bytes that are
 * not are shown as \xNN, and a character cut by the end of the error buffer
 * (whose last byte the library sets to NUL) is not passed on half. */
static void callback_messages_are_utf8(const tessera_dataset *dataset) {
  struct host_state bad_bytes = {WRITE_BYTES_NOT_UTF8, 0, 0, 0, 0};
  struct host_state cut = {FILL_WITH_TWO_BYTE_CHARACTERS, 0, 0, 0, 0};
  tessera_pipeline *pipeline = pipeline_with_host(&bad_bytes);
  tessera_result *result = NULL;
  if (pipeline != NULL) {
    CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                 TESSERA_ECALLBACK);
    CHECK_UTF8(tessera_last_error());
    CHECK_ERROR_MENTIONS("bad \\xFF\\xFE bytes");
  }
  tessera_pipeline_free(pipeline);

  pipeline = pipeline_with_host(&cut);
  if (pipeline != NULL) {
    CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                 TESSERA_ECALLBACK);
    CHECK_UTF8(tessera_last_error());
    CHECK_ERROR_MENTIONS("\xc3\xa9\xc3\xa9\xc3\xa9");
  }
  tessera_pipeline_free(pipeline);
}

/* tessera_pipeline_strategy_names' text is pipeline-owned, so it stays
 * valid (and unchanged) until the pipeline is freed, even when a later
 * registration makes a new list. */
static void names_outlive_registration(void) {
  struct host_state state = {SCORE_WELL, 0, 0, 0, 0};
  tessera_host_strategy strategy = host_strategy(&state);
  tessera_pipeline *pipeline = NULL;
  const char *before = NULL, *after = NULL;
  char copy[4096];
  if (!CHECK_STATUS(tessera_pipeline_create(&pipeline, NULL), TESSERA_OK) ||
      !CHECK_STATUS(tessera_pipeline_strategy_names(pipeline, &before),
                    TESSERA_OK) ||
      !CHECK(strlen(before) < sizeof copy)) {
    tessera_pipeline_free(pipeline);
    return;
  }
  strcpy(copy, before);
  CHECK(strstr(before, "host\n") == NULL);
  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, &strategy),
               TESSERA_OK);
  CHECK_STATUS(tessera_pipeline_strategy_names(pipeline, &after), TESSERA_OK);
  CHECK_CONTAINS(after, "host\n");
  CHECK_STR_EQ(before, copy);
  tessera_pipeline_free(pipeline);
  CHECK_INT_EQ(state.frees, 1);
}

/* A name is one line of the names list and part of column names; labels
 * must be distinct however many there are. */
static void names_and_labels_checked(void) {
  enum { MANY = 50000 };
  static char texts[MANY][8];
  static const char *many[MANY];
  struct host_state state = {SCORE_WELL, 0, 0, 0, 0};
  tessera_host_strategy strategy = host_strategy(&state);
  tessera_strategy_output output = {"tier", many, MANY};
  tessera_strategy_output tabbed = {"a\tb", NULL, 0};
  tessera_pipeline *pipeline = NULL;
  size_t i;
  strategy.free_payload = NULL;
  if (!CHECK_STATUS(tessera_pipeline_create(&pipeline, NULL), TESSERA_OK)) {
    return;
  }
  strategy.name = "two\nlines";
  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, &strategy),
               TESSERA_EINVALID);
  CHECK_ERROR_MENTIONS("strategy->name");
  strategy.name = "host";
  strategy.outputs = &tabbed;
  strategy.output_count = 1;
  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, &strategy),
               TESSERA_EINVALID);
  CHECK_ERROR_MENTIONS("strategy->outputs[0].name");

  for (i = 0; i < MANY; ++i) {
    snprintf(texts[i], sizeof texts[i], "t%lu", (unsigned long)i);
    many[i] = texts[i];
  }
  many[MANY - 1] = "t7"; /* the same as labels[7] */
  strategy.outputs = &output;
  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, &strategy),
               TESSERA_EINVALID);
  CHECK_ERROR_MENTIONS("labels[49999] 't7' is also labels[7]");
  many[MANY - 1] = texts[MANY - 1];
  CHECK_STATUS(tessera_pipeline_register_strategy(pipeline, &strategy),
               TESSERA_OK);
  tessera_pipeline_free(pipeline);
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
    callback_messages_are_utf8(dataset);
    refused_registrations();
    names_outlive_registration();
    names_and_labels_checked();
  }
  tessera_dataset_free(dataset);
  return check_exit_code();
}
