/* Reading transaction files: column mapping, layouts, rejects and errors.
 * The files are written by the test into a scratch directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"

static char dir[256];

/* The tiny dataset of fixture.h as a file, with quantity x price = amount.
 * Day 15000 is 2011-01-26, so the features are those worked out there:
 * monetary 60, 100 and 12 and recency 11, 26 and 1 for 101, 102 and 103. */
static const char tiny_csv[] =
    "cust,when,amount,qty,price,cat,order\n"
    "101,2011-01-26,10.00,1,10,books,O1\n"
    "102,2011-01-31,100,4,25,music,O2\n"
    "101,2011-02-05,20,2,10,books,O3\n"
    "103,2011-02-10,5,1,5,toys,O4\n"
    "101,2011-02-15,30,3,10,books,O5\n"
    "103,2011-02-25,7,7,1,toys,O6\n";

static void check_tiny_features(const tessera_dataset *dataset) {
  tessera_pipeline *pipeline = NULL;
  tessera_result *result = NULL;
  const double *monetary, *recency;
  size_t i101 = fixture_index(dataset, 101), i102 = fixture_index(dataset, 102),
         i103 = fixture_index(dataset, 103);
  CHECK_STATUS(tessera_pipeline_create(&pipeline, NULL), TESSERA_OK);
  if (!CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                    TESSERA_OK)) {
    tessera_pipeline_free(pipeline);
    return;
  }
  monetary = fixture_numeric(result, "monetary");
  recency = fixture_numeric(result, "recency_days");
  if (monetary && recency && CHECK(i101 < 3 && i102 < 3 && i103 < 3)) {
    CHECK_NEAR(monetary[i101], 60);
    CHECK_NEAR(monetary[i102], 100);
    CHECK_NEAR(monetary[i103], 12);
    CHECK_NEAR(recency[i101], 11);
    CHECK_NEAR(recency[i102], 26);
    CHECK_NEAR(recency[i103], 1);
  }
  tessera_result_free(result);
  tessera_pipeline_free(pipeline);
}

static void columns_by_header_name(const char *path) {
  tessera_csv_options opts = TESSERA_CSV_OPTIONS_INIT;
  tessera_dataset *dataset = NULL;
  size_t count = 0;
  int kind = -1;
  opts.customer = "cust";
  opts.date = "when";
  opts.amount = "amount";
  opts.category = "cat";
  opts.order_id = "order";
  if (!CHECK_STATUS(tessera_dataset_read_csv(&dataset, path, &opts),
                    TESSERA_OK)) {
    return;
  }
  CHECK_STATUS(tessera_dataset_transaction_count(dataset, &count), TESSERA_OK);
  CHECK_INT_EQ(count, 6);
  CHECK_STATUS(tessera_dataset_customer_count(dataset, &count), TESSERA_OK);
  CHECK_INT_EQ(count, 3);
  CHECK_STATUS(tessera_dataset_key_kind(dataset, &kind), TESSERA_OK);
  CHECK_INT_EQ(kind, TESSERA_KEYS_INTEGER);
  check_tiny_features(dataset);
  tessera_dataset_free(dataset);

  /* amount = quantity x unit price gives the same amounts. */
  opts.amount = NULL;
  opts.quantity = "qty";
  opts.unit_price = "price";
  if (CHECK_STATUS(tessera_dataset_read_csv(&dataset, path, &opts),
                   TESSERA_OK)) {
    check_tiny_features(dataset);
  }
  tessera_dataset_free(dataset);
}

/* CDNOW's layout: blank-separated, no header, YYYYMMDD dates, zero-padded
 * ids that are integers (00001 is 1); and text keys kept as written. */
static void positions_and_layouts(void) {
  char path[512];
  tessera_csv_options opts;
  tessera_dataset *dataset = NULL;
  size_t count = 0, index = 0;
  const char *key = NULL;
  fixture_path(path, sizeof path, dir, "cdnow_like.txt");
  fixture_write_file(path, " 00001 19970101  1   11.77\n"
                           " 00002 19970112  1   12.00\n"
                           " 00001 19970115  2   20.00\n");
  CHECK_STATUS(tessera_csv_options_init(&opts), TESSERA_OK);
  opts.delimiter = ' ';
  opts.has_header = 0;
  opts.customer = "#0";
  opts.date = "#1";
  opts.amount = "#3";
  opts.date_format = TESSERA_DATE_YYYYMMDD;
  if (CHECK_STATUS(tessera_dataset_read_csv(&dataset, path, &opts),
                   TESSERA_OK)) {
    CHECK_STATUS(tessera_dataset_customer_count(dataset, &count), TESSERA_OK);
    CHECK_INT_EQ(count, 2);
    CHECK_STATUS(tessera_dataset_find_int_key(dataset, 1, &index), TESSERA_OK);
    CHECK_STATUS(tessera_dataset_transaction_count(dataset, &count),
                 TESSERA_OK);
    CHECK_INT_EQ(count, 3);
  }
  tessera_dataset_free(dataset);

  /* As text, "007" and "7" are two customers. */
  fixture_path(path, sizeof path, dir, "text_keys.csv");
  fixture_write_file(path, "007;2011-01-26;1\n7;2011-01-27;2\n");
  opts.delimiter = ';';
  opts.amount = "#2";
  opts.date_format = TESSERA_DATE_ISO;
  opts.key_kind = TESSERA_KEYS_STRING;
  if (CHECK_STATUS(tessera_dataset_read_csv(&dataset, path, &opts),
                   TESSERA_OK)) {
    CHECK_STATUS(tessera_dataset_customer_count(dataset, &count), TESSERA_OK);
    CHECK_INT_EQ(count, 2);
    CHECK_STATUS(tessera_dataset_find_string_key(dataset, "007", &index),
                 TESSERA_OK);
    CHECK_STATUS(tessera_dataset_key(dataset, index, &key), TESSERA_OK);
    CHECK_STR_EQ(key, "007");
  }
  tessera_dataset_free(dataset);
}

/* Lines 3 to 6 are bad, each for another reason; 2 and 7 are good. */
static const char bad_rows_csv[] = "cust,when,amount\n"
                                   "101,2011-01-26,10\n"
                                   "102,2011-13-45,5\n"
                                   ",2011-01-27,3\n"
                                   "103,2011-01-28,abc\n"
                                   "104,2011-01-29\n"
                                   "105,2011-01-30,4\n";

static void lenient_with_rejects_file(void) {
  char path[512], rejects[512];
  tessera_csv_options opts = TESSERA_CSV_OPTIONS_INIT;
  tessera_dataset *dataset = NULL;
  tessera_ingest_counts counts;
  tessera_rejected_row row;
  char *text, *line;
  fixture_path(path, sizeof path, dir, "bad_rows.csv");
  fixture_path(rejects, sizeof rejects, dir, "rejects.csv");
  fixture_write_file(path, bad_rows_csv);
  opts.customer = "cust";
  opts.date = "when";
  opts.amount = "amount";
  opts.rejects_path = rejects;
  if (!CHECK_STATUS(tessera_dataset_read_csv(&dataset, path, &opts),
                    TESSERA_OK)) {
    return;
  }
  counts.version = TESSERA_INGEST_COUNTS_VERSION;
  CHECK_STATUS(tessera_dataset_ingest_counts(dataset, &counts), TESSERA_OK);
  CHECK_INT_EQ(counts.rows_read, 6);
  CHECK_INT_EQ(counts.rows_accepted, 2);
  CHECK_INT_EQ(counts.rows_rejected, 4);
  CHECK_INT_EQ(counts.rejected_by_reason[TESSERA_REJECT_BAD_DATE], 1);
  CHECK_INT_EQ(counts.rejected_by_reason[TESSERA_REJECT_MISSING_CUSTOMER], 1);
  CHECK_INT_EQ(counts.rejected_by_reason[TESSERA_REJECT_BAD_AMOUNT], 1);
  CHECK_INT_EQ(counts.rejected_by_reason[TESSERA_REJECT_FIELD_COUNT], 1);
  if (CHECK_STATUS(tessera_dataset_rejected_example(dataset, 0, &row),
                   TESSERA_OK)) {
    CHECK_INT_EQ(row.line, 3); /* 1-based file line; the header is line 1 */
    CHECK_INT_EQ(row.reason, TESSERA_REJECT_BAD_DATE);
    CHECK_STR_EQ(row.column, "when");
  }
  tessera_dataset_free(dataset);

  /* The rejects file: a header, then one CSV line per rejected line, in file
   * order, starting line,reason,column. */
  text = fixture_read_file(rejects);
  if (!CHECK(text != NULL)) return;
  line = strtok(text, "\n");
  CHECK_STR_EQ(line, "line,reason,column,detail,text");
  line = strtok(NULL, "\n");
  if (CHECK_CONTAINS(line, "3,bad_date,when,")) {
    CHECK(strncmp(line, "3,bad_date,when,", 16) == 0);
    CHECK_CONTAINS(line, "\"102,2011-13-45,5\"");
  }
  line = strtok(NULL, "\n");
  CHECK(line != NULL && strncmp(line, "4,missing_customer,cust,", 24) == 0);
  line = strtok(NULL, "\n");
  CHECK(line != NULL && strncmp(line, "5,bad_amount,amount,", 20) == 0);
  line = strtok(NULL, "\n");
  CHECK(line != NULL && strncmp(line, "6,field_count,", 14) == 0);
  CHECK(strtok(NULL, "\n") == NULL);
  free(text);
}

static void strict_and_configuration_errors(void) {
  char path[512], missing[512], expected[600];
  tessera_csv_options opts = TESSERA_CSV_OPTIONS_INIT;
  tessera_dataset *dataset = NULL;
  fixture_path(path, sizeof path, dir, "bad_rows.csv");
  fixture_path(missing, sizeof missing, dir, "no_such_file.csv");
  opts.customer = "cust";
  opts.date = "when";
  opts.amount = "amount";
  opts.ingest.policy = TESSERA_POLICY_STRICT;
  CHECK_STATUS(tessera_dataset_read_csv(&dataset, path, &opts), TESSERA_EPARSE);
  snprintf(expected, sizeof expected, "%s:3: column 'when'", path);
  CHECK_ERROR_MENTIONS(expected);
  CHECK_ERROR_MENTIONS("bad_date");
  CHECK(dataset == NULL);

  opts.ingest.policy = TESSERA_POLICY_LENIENT;
  CHECK_STATUS(tessera_dataset_read_csv(&dataset, missing, &opts),
               TESSERA_ENOTFOUND);
  CHECK_ERROR_MENTIONS("no_such_file.csv");

  opts.customer = "client";
  CHECK_STATUS(tessera_dataset_read_csv(&dataset, path, &opts),
               TESSERA_EINVALID);
  CHECK_ERROR_MENTIONS("client");
  opts.customer = NULL; /* customer is required */
  CHECK_STATUS(tessera_dataset_read_csv(&dataset, path, &opts),
               TESSERA_EINVALID);
  opts.customer = "cust";
  opts.delimiter = '"';
  CHECK_STATUS(tessera_dataset_read_csv(&dataset, path, &opts),
               TESSERA_EINVALID);
  opts.delimiter = '\n';
  CHECK_STATUS(tessera_dataset_read_csv(&dataset, path, &opts),
               TESSERA_EINVALID);
  opts.delimiter = ',';
  CHECK_STATUS(tessera_dataset_read_csv(&dataset, NULL, &opts),
               TESSERA_EINVALID);

  opts.version = 99;
  CHECK_STATUS(tessera_dataset_read_csv(&dataset, path, &opts),
               TESSERA_EVERSION);
  opts.version = TESSERA_CSV_OPTIONS_VERSION;
  opts.ingest.version = 99;
  CHECK_STATUS(tessera_dataset_read_csv(&dataset, path, &opts),
               TESSERA_EVERSION);
  CHECK(dataset == NULL);
}

/* A path is bytes to the system (here "café" in Latin-1), but text the
 * library returns is UTF-8: the summary and messages that name the file
 * show such bytes as \xNN. */
static void paths_in_any_encoding(void) {
  char path[512], missing[512];
  tessera_csv_options opts = TESSERA_CSV_OPTIONS_INIT;
  tessera_dataset *dataset = NULL;
  const char *summary = NULL;
  fixture_path(path, sizeof path, dir, "caf\xe9.csv");
  fixture_path(missing, sizeof missing, dir, "caf\xe9_missing.csv");
  if (!fixture_write_file(path, tiny_csv)) return;
  opts.customer = "cust";
  opts.date = "when";
  opts.amount = "amount";
  if (CHECK_STATUS(tessera_dataset_read_csv(&dataset, path, &opts),
                   TESSERA_OK)) {
    CHECK_STATUS(tessera_dataset_ingest_summary(dataset, &summary), TESSERA_OK);
    CHECK_UTF8(summary);
    CHECK_CONTAINS(summary, "caf\\xE9.csv");
    CHECK_CONTAINS(summary, "6 accepted");
  }
  tessera_dataset_free(dataset);
  CHECK_STATUS(tessera_dataset_read_csv(&dataset, missing, &opts),
               TESSERA_ENOTFOUND);
  CHECK_UTF8(tessera_last_error());
  CHECK_ERROR_MENTIONS("caf\\xE9_missing.csv");
}

int main(void) {
  char path[512];
  if (!fixture_make_temp_dir(dir, sizeof dir)) return check_exit_code();
  fixture_path(path, sizeof path, dir, "tiny.csv");
  if (fixture_write_file(path, tiny_csv)) {
    columns_by_header_name(path);
    positions_and_layouts();
    lenient_with_rejects_file();
    strict_and_configuration_errors();
    paths_in_any_encoding();
  }
  fixture_remove_temp_dir(dir);
  return check_exit_code();
}
