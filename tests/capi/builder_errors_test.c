/* What the dataset builder refuses, and how lenient and strict ingest count
 * bad rows. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fixture.h"

static const int64_t keys3[] = {1, 2, 3};
static const int64_t days3[] = {15000, 15001, 15002};
static const double amounts3[] = {1, 2, 3};

/* Some mistakes can be seen by a setter, others only when the columns meet
 * in build; the header allows either, so this accepts the status from the
 * first call that fails and checks that one of them did. */
static void expect_refused(int setter_status, tessera_dataset_builder *builder,
                           int expected, const char *mentioned,
                           const char *what) {
  tessera_dataset *dataset = NULL;
  int status = setter_status;
  if (status == TESSERA_OK) {
    status = tessera_dataset_builder_build(&dataset, builder, NULL);
  }
  if (!CHECK_STATUS(status, expected)) {
    fprintf(stderr, "  (case: %s)\n", what);
  } else if (mentioned != NULL) {
    CHECK_ERROR_MENTIONS(mentioned);
  }
  CHECK(dataset == NULL);
  tessera_dataset_free(dataset);
}

static tessera_dataset_builder *builder_with_keys_and_days(void) {
  tessera_dataset_builder *builder = NULL;
  CHECK_STATUS(tessera_dataset_builder_create(&builder), TESSERA_OK);
  CHECK_STATUS(tessera_dataset_builder_set_int_keys(builder, keys3, 3),
               TESSERA_OK);
  CHECK_STATUS(
      tessera_dataset_builder_set_dates(builder, days3, 3, TESSERA_UNIT_DAYS),
      TESSERA_OK);
  return builder;
}

static void null_handles_and_arrays(void) {
  tessera_dataset_builder *builder = builder_with_keys_and_days();
  const char *const names[] = {"a", "b", "c"};
  tessera_dataset *dataset = NULL;
  CHECK_STATUS(tessera_dataset_builder_create(NULL), TESSERA_EINVALID);
  CHECK_STATUS(tessera_dataset_builder_set_int_keys(NULL, keys3, 3),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_dataset_builder_set_amounts(NULL, amounts3, 3),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_dataset_builder_set_amounts(builder, NULL, 3),
               TESSERA_EINVALID);
  CHECK_ERROR_MENTIONS("amounts");
  CHECK_STATUS(tessera_dataset_builder_set_string_keys(builder, NULL, 3),
               TESSERA_EINVALID);
  CHECK_STATUS(
      tessera_dataset_builder_set_dates(builder, NULL, 3, TESSERA_UNIT_DAYS),
      TESSERA_EINVALID);
  CHECK_ERROR_MENTIONS("dates");
  CHECK_STATUS(tessera_dataset_builder_set_quantities(builder, NULL, 2),
               TESSERA_EINVALID);
  CHECK_ERROR_MENTIONS("quantities");
  CHECK_STATUS(tessera_dataset_builder_set_categories(builder, NULL, 2),
               TESSERA_EINVALID);
  CHECK_ERROR_MENTIONS("categories");
  CHECK_STATUS(tessera_dataset_builder_set_order_ids(builder, NULL, 2),
               TESSERA_EINVALID);
  CHECK_ERROR_MENTIONS("order_ids");
  CHECK_STATUS(tessera_dataset_builder_set_customer_string_keys(builder, NULL, 1),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_dataset_builder_add_text_attribute(builder, NULL, names,
                                                          3),
               TESSERA_EINVALID);
  CHECK_STATUS(
      tessera_dataset_builder_add_number_attribute(builder, "x", NULL, 3),
      TESSERA_EINVALID);
  CHECK_STATUS(tessera_dataset_builder_set_dates(builder, days3, 3, 7),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_dataset_builder_build(NULL, builder, NULL),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_dataset_builder_build(&dataset, NULL, NULL),
               TESSERA_EINVALID);
  /* Read functions refuse a NULL dataset and NULL out parameters. */
  CHECK_STATUS(tessera_dataset_customer_count(NULL, NULL), TESSERA_EINVALID);
  tessera_dataset_builder_free(builder);
}

static void columns_that_do_not_fit(void) {
  const double two_amounts[] = {1, 2};
  const char *const string_keys[] = {"a", "b"};
  const double credit[] = {1, 2, 3};
  /* Seconds since 1970 given as days: 2011-01-26 in seconds is 1296000000,
   * some 3.5 million years after 1970 in days. */
  const int64_t seconds[] = {1296000000, 1296086400, 1296172800};
  tessera_dataset_builder *builder = builder_with_keys_and_days();
  expect_refused(tessera_dataset_builder_set_amounts(builder, two_amounts, 2),
                 builder, TESSERA_EINVALID, "amounts", "2 amounts for 3 rows");
  tessera_dataset_builder_free(builder);

  builder = builder_with_keys_and_days();
  expect_refused(TESSERA_OK, builder, TESSERA_EINVALID, "amounts",
                 "no amounts at all");
  tessera_dataset_builder_free(builder);

  builder = builder_with_keys_and_days();
  CHECK_STATUS(tessera_dataset_builder_set_amounts(builder, amounts3, 3),
               TESSERA_OK);
  expect_refused(
      tessera_dataset_builder_set_dates(builder, seconds, 3, TESSERA_UNIT_DAYS),
      builder, TESSERA_EINVALID, NULL, "seconds passed as days");
  tessera_dataset_builder_free(builder);

  builder = builder_with_keys_and_days();
  CHECK_STATUS(tessera_dataset_builder_set_amounts(builder, amounts3, 3),
               TESSERA_OK);
  expect_refused(
      tessera_dataset_builder_set_customer_string_keys(builder, string_keys, 2),
      builder, TESSERA_EINVALID, NULL, "string customer keys, integer keys");
  tessera_dataset_builder_free(builder);

  builder = builder_with_keys_and_days();
  CHECK_STATUS(tessera_dataset_builder_set_amounts(builder, amounts3, 3),
               TESSERA_OK);
  CHECK_STATUS(tessera_dataset_builder_set_customer_int_keys(builder, keys3, 2),
               TESSERA_OK);
  expect_refused(
      tessera_dataset_builder_add_number_attribute(builder, "credit", credit, 3),
      builder, TESSERA_EINVALID, "credit", "3 credits for 2 listed customers");
  tessera_dataset_builder_free(builder);
}

/* Keys "a", non-UTF-8 bytes, "b", NULL and "": row 1 is bad_encoding, rows 3
 * and 4 missing_customer (a NULL or empty key is a missing customer). */
static const char *const mixed_keys[] = {"a", "\xff\xfe", "b", NULL, ""};
static const int64_t days5[] = {15000, 15001, 15002, 15003, 15004};
static const double amounts5[] = {1, 2, 3, 4, 5};

static tessera_dataset_builder *builder_with_mixed_keys(void) {
  tessera_dataset_builder *builder = NULL;
  CHECK_STATUS(tessera_dataset_builder_create(&builder), TESSERA_OK);
  CHECK_STATUS(tessera_dataset_builder_set_string_keys(builder, mixed_keys, 5),
               TESSERA_OK);
  CHECK_STATUS(
      tessera_dataset_builder_set_dates(builder, days5, 5, TESSERA_UNIT_DAYS),
      TESSERA_OK);
  CHECK_STATUS(tessera_dataset_builder_set_amounts(builder, amounts5, 5),
               TESSERA_OK);
  return builder;
}

static void lenient_ingest_counts_bad_rows(void) {
  tessera_dataset_builder *builder = builder_with_mixed_keys();
  tessera_dataset *dataset = NULL;
  tessera_ingest_counts counts;
  tessera_rejected_row row;
  const char *summary = NULL;
  size_t examples = 0, customers = 0;
  CHECK_STATUS(tessera_dataset_builder_build(&dataset, builder, NULL),
               TESSERA_OK);
  tessera_dataset_builder_free(builder);
  if (!CHECK(dataset != NULL)) return;
  CHECK_STATUS(tessera_dataset_customer_count(dataset, &customers), TESSERA_OK);
  CHECK_INT_EQ(customers, 2);
  memset(&counts, 0, sizeof counts);
  counts.version = TESSERA_INGEST_COUNTS_VERSION;
  CHECK_STATUS(tessera_dataset_ingest_counts(dataset, &counts), TESSERA_OK);
  CHECK_INT_EQ(counts.rows_read, 5);
  CHECK_INT_EQ(counts.rows_accepted, 2);
  CHECK_INT_EQ(counts.rows_rejected, 3);
  CHECK_INT_EQ(counts.rows_accepted + counts.rows_rejected, counts.rows_read);
  CHECK_INT_EQ(counts.rejected_by_reason[TESSERA_REJECT_BAD_ENCODING], 1);
  CHECK_INT_EQ(counts.rejected_by_reason[TESSERA_REJECT_MISSING_CUSTOMER], 2);
  counts.version = 99;
  CHECK_STATUS(tessera_dataset_ingest_counts(dataset, &counts),
               TESSERA_EVERSION);
  CHECK_STATUS(tessera_dataset_rejected_example_count(dataset, &examples),
               TESSERA_OK);
  CHECK_INT_EQ(examples, 3);
  if (CHECK_STATUS(tessera_dataset_rejected_example(dataset, 0, &row),
                   TESSERA_OK)) {
    CHECK_INT_EQ(row.line, 1); /* 0-based row for columns */
    CHECK_INT_EQ(row.reason, TESSERA_REJECT_BAD_ENCODING);
    CHECK(row.column != NULL && row.detail != NULL && row.detail[0] != '\0');
  }
  if (CHECK_STATUS(tessera_dataset_rejected_example(dataset, 2, &row),
                   TESSERA_OK)) {
    CHECK_INT_EQ(row.line, 4);
    CHECK_INT_EQ(row.reason, TESSERA_REJECT_MISSING_CUSTOMER);
  }
  CHECK_STATUS(tessera_dataset_rejected_example(dataset, 3, &row),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_dataset_ingest_summary(dataset, &summary), TESSERA_OK);
  CHECK_CONTAINS(summary, "bad_encoding");
  CHECK_CONTAINS(summary, "missing_customer");
  tessera_dataset_free(dataset);
}

static void strict_ingest_fails_at_the_first_bad_row(void) {
  tessera_dataset_builder *builder = builder_with_mixed_keys();
  tessera_dataset *dataset = NULL;
  tessera_ingest_options opts = TESSERA_INGEST_OPTIONS_INIT;
  opts.policy = TESSERA_POLICY_STRICT;
  CHECK_STATUS(tessera_dataset_builder_build(&dataset, builder, &opts),
               TESSERA_EPARSE);
  CHECK_ERROR_MENTIONS("row 1");
  CHECK_ERROR_MENTIONS("bad_encoding");
  CHECK(dataset == NULL);
  opts.version = 99;
  CHECK_STATUS(tessera_dataset_builder_build(&dataset, builder, &opts),
               TESSERA_EVERSION);
  /* The builder can be used again after a failed build. */
  opts.version = TESSERA_INGEST_OPTIONS_VERSION;
  opts.policy = TESSERA_POLICY_LENIENT;
  CHECK_STATUS(tessera_dataset_builder_build(&dataset, builder, &opts),
               TESSERA_OK);
  tessera_dataset_free(dataset);
  tessera_dataset_builder_free(builder);
}

/* One implausible date among good ones is a bad row, not a wrong unit. */
static void one_bad_date_is_a_bad_row(void) {
  const int64_t days[] = {15000, 99999999, 15002};
  tessera_dataset_builder *builder = NULL;
  tessera_dataset *dataset = NULL;
  tessera_ingest_counts counts;
  CHECK_STATUS(tessera_dataset_builder_create(&builder), TESSERA_OK);
  CHECK_STATUS(tessera_dataset_builder_set_int_keys(builder, keys3, 3),
               TESSERA_OK);
  CHECK_STATUS(
      tessera_dataset_builder_set_dates(builder, days, 3, TESSERA_UNIT_DAYS),
      TESSERA_OK);
  CHECK_STATUS(tessera_dataset_builder_set_amounts(builder, amounts3, 3),
               TESSERA_OK);
  CHECK_STATUS(tessera_dataset_builder_build(&dataset, builder, NULL),
               TESSERA_OK);
  counts.version = TESSERA_INGEST_COUNTS_VERSION;
  if (dataset != NULL &&
      CHECK_STATUS(tessera_dataset_ingest_counts(dataset, &counts),
                   TESSERA_OK)) {
    CHECK_INT_EQ(counts.rows_accepted, 2);
    CHECK_INT_EQ(counts.rejected_by_reason[TESSERA_REJECT_BAD_DATE], 1);
  }
  tessera_dataset_free(dataset);
  tessera_dataset_builder_free(builder);
}

int main(void) {
  null_handles_and_arrays();
  columns_that_do_not_fit();
  lenient_ingest_counts_bad_rows();
  strict_ingest_fails_at_the_first_bad_row();
  one_bad_date_is_a_bad_row();
  return check_exit_code();
}
