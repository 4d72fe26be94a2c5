/* Version queries, status names and the thread's last error. */
#include <stdio.h>
#include <string.h>

#include "check.h"

static void version_matches_the_header(void) {
  char expected[64];
  CHECK_INT_EQ(tessera_version_number(), TESSERA_VERSION_NUMBER);
  snprintf(expected, sizeof expected, "%d.%d.%d", TESSERA_VERSION_MAJOR,
           TESSERA_VERSION_MINOR, TESSERA_VERSION_PATCH);
  CHECK_STR_EQ(tessera_version_string(), expected);
  /* Static storage: the same text on every call. */
  CHECK(tessera_version_string() == tessera_version_string());
}

/* Where each status is provoked: EINVALID, ENOTFOUND, EPARSE, EVERSION
 * throughout; EBUFFER in result_test (explain); ECALLBACK and EEXISTS in
 * host_strategy_test. Two are not provoked on purpose: TESSERA_ENOMEM needs
 * an allocation to fail, which a test cannot arrange without replacing the
 * allocator the library uses; TESSERA_ERROR is the internal-error catch-all
 * (an exception or an unmapped status), which no documented input produces.
 * Both are still checked here to have their names. */
static void status_names(void) {
  CHECK_STR_EQ(tessera_status_name(TESSERA_OK), "TESSERA_OK");
  CHECK_STR_EQ(tessera_status_name(TESSERA_ERROR), "TESSERA_ERROR");
  CHECK_STR_EQ(tessera_status_name(TESSERA_EINVALID), "TESSERA_EINVALID");
  CHECK_STR_EQ(tessera_status_name(TESSERA_ENOTFOUND), "TESSERA_ENOTFOUND");
  CHECK_STR_EQ(tessera_status_name(TESSERA_EPARSE), "TESSERA_EPARSE");
  CHECK_STR_EQ(tessera_status_name(TESSERA_ENOMEM), "TESSERA_ENOMEM");
  CHECK_STR_EQ(tessera_status_name(TESSERA_EVERSION), "TESSERA_EVERSION");
  CHECK_STR_EQ(tessera_status_name(TESSERA_EBUFFER), "TESSERA_EBUFFER");
  CHECK_STR_EQ(tessera_status_name(TESSERA_ECALLBACK), "TESSERA_ECALLBACK");
  CHECK_STR_EQ(tessera_status_name(TESSERA_EEXISTS), "TESSERA_EEXISTS");
  /* Unknown codes still get a string, never NULL. */
  CHECK(tessera_status_name(-1000) != NULL);
  CHECK(tessera_status_name(42) != NULL);
}

static void reject_reason_names(void) {
  CHECK_STR_EQ(tessera_reject_reason_name(TESSERA_REJECT_MISSING_CUSTOMER),
               "missing_customer");
  CHECK_STR_EQ(tessera_reject_reason_name(TESSERA_REJECT_BAD_DATE), "bad_date");
  CHECK_STR_EQ(tessera_reject_reason_name(TESSERA_REJECT_BAD_AMOUNT),
               "bad_amount");
  CHECK_STR_EQ(tessera_reject_reason_name(TESSERA_REJECT_BAD_QUANTITY),
               "bad_quantity");
  CHECK_STR_EQ(tessera_reject_reason_name(TESSERA_REJECT_BAD_PRICE),
               "bad_price");
  CHECK_STR_EQ(tessera_reject_reason_name(TESSERA_REJECT_FIELD_COUNT),
               "field_count");
  CHECK_STR_EQ(tessera_reject_reason_name(TESSERA_REJECT_BAD_KEY), "bad_key");
  CHECK_STR_EQ(tessera_reject_reason_name(TESSERA_REJECT_BAD_ENCODING),
               "bad_encoding");
  CHECK_STR_EQ(tessera_reject_reason_name(TESSERA_REJECT_REASON_COUNT), "");
  CHECK_STR_EQ(tessera_reject_reason_name(-1), "");
}

/* Runs first: nothing has failed on this thread yet. */
static void last_error_starts_empty(void) {
  CHECK(tessera_last_error() != NULL);
  CHECK_STR_EQ(tessera_last_error(), "");
  CHECK_INT_EQ(tessera_last_error_code(), TESSERA_OK);
}

static void last_error_follows_failures(void) {
  tessera_pipeline *pipeline = NULL;
  char first[512];

  /* A NULL out parameter: the message names the function. */
  CHECK_STATUS(tessera_pipeline_create(NULL, NULL), TESSERA_EINVALID);
  CHECK_INT_EQ(tessera_last_error_code(), TESSERA_EINVALID);
  CHECK_ERROR_MENTIONS("tessera_pipeline_create");
  snprintf(first, sizeof first, "%s", tessera_last_error());

  /* A successful call leaves the last failure as it was. */
  CHECK_STATUS(tessera_pipeline_create(&pipeline, NULL), TESSERA_OK);
  CHECK_STR_EQ(tessera_last_error(), first);
  CHECK_INT_EQ(tessera_last_error_code(), TESSERA_EINVALID);

  /* The next failure replaces it. */
  CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, "no_such_strategy", ""),
               TESSERA_ENOTFOUND);
  CHECK_INT_EQ(tessera_last_error_code(), TESSERA_ENOTFOUND);
  CHECK_ERROR_MENTIONS("no_such_strategy");
  CHECK(strcmp(tessera_last_error(), first) != 0);

  tessera_clear_error();
  CHECK_STR_EQ(tessera_last_error(), "");
  CHECK_INT_EQ(tessera_last_error_code(), TESSERA_OK);
  tessera_pipeline_free(pipeline);
}

/* Every handle's free accepts NULL. */
static void frees_accept_null(void) {
  tessera_dataset_builder_free(NULL);
  tessera_dataset_free(NULL);
  tessera_pipeline_free(NULL);
  tessera_result_free(NULL);
  tessera_tier_snapshot_free(NULL);
  tessera_tier_migration_free(NULL);
  CHECK_STR_EQ(tessera_last_error(), "");
}

/* Output handles are set to NULL before anything can fail. */
static void out_is_cleared_on_failure(void) {
  tessera_pipeline *pipeline = (tessera_pipeline *)&pipeline;
  tessera_dataset *dataset = (tessera_dataset *)&dataset;
  tessera_tier_snapshot *snapshot = (tessera_tier_snapshot *)&snapshot;
  tessera_run_options bad_version = TESSERA_RUN_OPTIONS_INIT;
  bad_version.version = 99;
  CHECK_STATUS(tessera_pipeline_create(&pipeline, &bad_version),
               TESSERA_EVERSION);
  CHECK(pipeline == NULL);
  CHECK_STATUS(tessera_dataset_builder_build(&dataset, NULL, NULL),
               TESSERA_EINVALID);
  CHECK(dataset == NULL);
  CHECK_STATUS(tessera_tier_snapshot_load(&snapshot, NULL), TESSERA_EINVALID);
  CHECK(snapshot == NULL);
}

static void init_functions_reject_null(void) {
  CHECK_STATUS(tessera_ingest_options_init(NULL), TESSERA_EINVALID);
  CHECK_STATUS(tessera_csv_options_init(NULL), TESSERA_EINVALID);
  CHECK_STATUS(tessera_run_options_init(NULL), TESSERA_EINVALID);
}

int main(void) {
  last_error_starts_empty();
  version_matches_the_header();
  status_names();
  reject_reason_names();
  frees_accept_null();
  last_error_follows_failures();
  out_is_cleared_on_failure();
  init_functions_reject_null();
  return check_exit_code();
}
