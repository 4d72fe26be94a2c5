/*
 * Reading a result: columns, values, labels, copies, warnings and explain.
 *
 * The tiny dataset of fixture.h (recency 11, 26, 1; frequency 3, 1, 2;
 * monetary 60, 100, 12 for customers 101, 102, 103) worked by hand:
 *
 * rfm with bins=2: one break per dimension, R's type-7 median plus one.
 *   recency   1, 11, 26 -> median 11, break 12: 1 and 11 in the low bin,
 *             reversed: R = 2 (101), 1 (102), 2 (103)
 *   frequency 1, 2, 3   -> break 3: F = 2 (101), 1 (102), 1 (103)
 *   monetary  12, 60, 100 -> break 61: M = 1 (101), 2 (102), 1 (103)
 *   score = 100R + 10F + M = 221, 112, 211. The default segment table is
 *   for 5 bins, so every buyer is "Others".
 * abc with a=0.5, b=0.9 on monetary (total 172), largest first: 102 holds
 *   100; before it 0 < 0.5 -> A. 101: 100/172 = 0.58 before it -> B.
 *   103: 160/172 = 0.93 before it -> C.
 * lifecycle with new_days=20, at_risk_days=10, churn_days=25:
 *   101 tenure 31 > 20, recency 11 <= 25, 3 purchase days with a mean gap of
 *   10: at risk only beyond 2 x 10 = 20; longest gap 10 <= 25 -> active.
 *   102 tenure 26 > 20, recency 26 > 25 -> churned. 103 tenure 16 -> new.
 * The built-in rfm_segments set over (R, F, M): 101 (2,2,1) and 103 (2,1,1)
 *   first fit rule 7 "About To Sleep" (R 2-3, F 1-2, M 1-2; rule 6 "Need
 *   Attention" needs F and M in 2-3); 102 (1,1,2) first fits rule 10 "Lost".
 * The rules below: 101 Gold (rule 1), 102 Silver (rule 2), 103 Bronze
 *   (rule 3); in "big" only 102 (class A) is Big, the others unassigned.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"

static const char *const strategies[] = {
    "rfm|bins=2", "abc|a=0.5, b=0.9",
    "lifecycle|new_days=20, at_risk_days=10, churn_days=25", NULL};
static const char rules[] =
    "ruleset \"value\"\n"
    "tier \"Gold\" when monetary >= 50 and frequency >= 2\n"
    "tier \"Silver\" when monetary >= 50\n"
    "tier \"Bronze\" otherwise\n"
    "\n"
    "ruleset \"big\"\n"
    "tier \"Big\" when abc == \"A\"\n";

static size_t i101, i102, i103;

static size_t column_of(const tessera_result *result, const char *name) {
  size_t column = (size_t)-1;
  CHECK_STATUS(tessera_result_find_column(result, name, &column), TESSERA_OK);
  return column;
}

static void columns(const tessera_result *result) {
  size_t count = 0, i, first_score = (size_t)-1, feature_columns = 0;
  const char *name = NULL;
  int kind = -1;
  CHECK_STATUS(tessera_result_column_count(result, &count), TESSERA_OK);
  for (i = 0; i < count; ++i) {
    CHECK_STATUS(tessera_result_column_name(result, i, &name), TESSERA_OK);
    CHECK(name != NULL && name[0] != '\0');
    CHECK_STATUS(tessera_result_column_kind(result, i, &kind), TESSERA_OK);
    if (kind == TESSERA_COLUMN_FEATURE) {
      ++feature_columns;
      CHECK(first_score == (size_t)-1); /* features come first */
    } else if (first_score == (size_t)-1) {
      first_score = i;
    }
  }
  CHECK(feature_columns > 0 && first_score != (size_t)-1);
  CHECK_STATUS(tessera_result_column_name(result, count, &name),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_result_column_kind(result, count, &kind),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_result_column_kind(result, column_of(result, "monetary"),
                                          &kind),
               TESSERA_OK);
  CHECK_INT_EQ(kind, TESSERA_COLUMN_FEATURE);
  CHECK_STATUS(tessera_result_column_kind(result, column_of(result, "rfm.score"),
                                          &kind),
               TESSERA_OK);
  CHECK_INT_EQ(kind, TESSERA_COLUMN_NUMERIC);
  CHECK_STATUS(tessera_result_column_kind(result, column_of(result, "value"),
                                          &kind),
               TESSERA_OK);
  CHECK_INT_EQ(kind, TESSERA_COLUMN_CATEGORICAL);
  CHECK_STATUS(tessera_result_column_kind(
                   result, column_of(result, "value.rule"), &kind),
               TESSERA_OK);
  CHECK_INT_EQ(kind, TESSERA_COLUMN_NUMERIC);
  /* Strategies in the order added, then the rule sets in the order added:
   * the rule text (value, big) before the built-in file (rfm_segment). */
  CHECK(column_of(result, "rfm.score") < column_of(result, "abc.class"));
  CHECK(column_of(result, "abc.class") < column_of(result, "lifecycle.stage"));
  CHECK(column_of(result, "lifecycle.stage") < column_of(result, "value"));
  CHECK(column_of(result, "value") < column_of(result, "big"));
  CHECK(column_of(result, "big") < column_of(result, "rfm_segment"));
  CHECK_STATUS(tessera_result_find_column(result, "monetory", &i),
               TESSERA_ENOTFOUND);
  CHECK_ERROR_MENTIONS("monetary"); /* the message lists the names */
  /* The message quotes the name; bytes that are not UTF-8 show as \xNN. */
  CHECK_STATUS(tessera_result_find_column(result, "mon\xc3y", &i),
               TESSERA_ENOTFOUND);
  CHECK_UTF8(tessera_last_error());
  CHECK_ERROR_MENTIONS("'mon\\xC3y'");
  CHECK_STATUS(tessera_result_column_count(result, NULL), TESSERA_EINVALID);
  CHECK_STATUS(tessera_result_column_count(NULL, &i), TESSERA_EINVALID);
  CHECK_STATUS(tessera_result_find_column(result, NULL, &i), TESSERA_EINVALID);
}

static void check_three(const tessera_result *result, const char *name,
                        double v101, double v102, double v103) {
  const double *values = fixture_numeric(result, name);
  if (values == NULL) return;
  if (!CHECK_NEAR(values[i101], v101) || !CHECK_NEAR(values[i102], v102) ||
      !CHECK_NEAR(values[i103], v103)) {
    fprintf(stderr, "  (column %s)\n", name);
  }
}

static void values_and_labels(const tessera_result *result) {
  const double *silence;
  size_t abc = column_of(result, "abc.class"), count = 0;
  const char *label = NULL;
  check_three(result, "recency_days", 11, 26, 1);
  check_three(result, "frequency", 3, 1, 2);
  check_three(result, "monetary", 60, 100, 12);
  check_three(result, "rfm.r", 2, 1, 2);
  check_three(result, "rfm.f", 2, 1, 1);
  check_three(result, "rfm.m", 1, 2, 1);
  check_three(result, "rfm.score", 221, 112, 211);
  check_three(result, "abc.share", 60.0 / 172, 100.0 / 172, 12.0 / 172);
  check_three(result, "abc.cumulative_share", 160.0 / 172, 100.0 / 172, 1);
  check_three(result, "rfm_segment.rule", 7, 10, 7);
  check_three(result, "value.rule", 1, 2, 3);
  check_three(result, "big.rule", 0, 1, 0);
  silence = fixture_numeric(result, "lifecycle.silence_ratio");
  if (silence != NULL) {
    CHECK_NEAR(silence[i101], 11.0 / 10); /* recency / mean gap */
    CHECK(isnan(silence[i102]));          /* one purchase day */
  }
  CHECK_STR_EQ(fixture_label(result, "rfm.segment", i101), "Others");
  CHECK_STR_EQ(fixture_label(result, "abc.class", i101), "B");
  CHECK_STR_EQ(fixture_label(result, "abc.class", i102), "A");
  CHECK_STR_EQ(fixture_label(result, "abc.class", i103), "C");
  CHECK_STR_EQ(fixture_label(result, "lifecycle.stage", i101), "active");
  CHECK_STR_EQ(fixture_label(result, "lifecycle.stage", i102), "churned");
  CHECK_STR_EQ(fixture_label(result, "lifecycle.stage", i103), "new");
  CHECK_STR_EQ(fixture_label(result, "rfm_segment", i101), "About To Sleep");
  CHECK_STR_EQ(fixture_label(result, "rfm_segment", i102), "Lost");
  CHECK_STR_EQ(fixture_label(result, "rfm_segment", i103), "About To Sleep");
  CHECK_STR_EQ(fixture_label(result, "value", i101), "Gold");
  CHECK_STR_EQ(fixture_label(result, "value", i102), "Silver");
  CHECK_STR_EQ(fixture_label(result, "value", i103), "Bronze");
  CHECK_STR_EQ(fixture_label(result, "big", i101), "unassigned");
  CHECK_STR_EQ(fixture_label(result, "big", i102), "Big");

  CHECK_STATUS(tessera_result_label_count(result, abc, &count), TESSERA_OK);
  CHECK_INT_EQ(count, 3);
  CHECK_STATUS(tessera_result_label(result, abc, 2, &label), TESSERA_OK);
  CHECK_STR_EQ(label, "C");
  CHECK_STATUS(tessera_result_label(result, abc, 3, &label), TESSERA_EINVALID);
}

static void kinds_and_copies(const tessera_result *result) {
  size_t monetary = column_of(result, "monetary");
  size_t abc = column_of(result, "abc.class");
  const double *values = NULL;
  const int32_t *codes = NULL;
  double numbers[3] = {-1, -1, -1};
  int32_t copied[3] = {-9, -9, -9};
  CHECK_STATUS(tessera_result_numeric(result, abc, &values), TESSERA_EINVALID);
  CHECK_STATUS(tessera_result_codes(result, monetary, &codes),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_result_numeric(result, 100000, &values),
               TESSERA_EINVALID);
  if (!CHECK_STATUS(tessera_result_numeric(result, monetary, &values),
                    TESSERA_OK) ||
      !CHECK_STATUS(tessera_result_codes(result, abc, &codes), TESSERA_OK)) {
    return;
  }
  CHECK_STATUS(tessera_result_copy_numeric(result, monetary, 1, numbers, 2),
               TESSERA_OK);
  CHECK_NEAR(numbers[0], values[1]);
  CHECK_NEAR(numbers[1], values[2]);
  CHECK_NEAR(numbers[2], -1); /* untouched */
  CHECK_STATUS(tessera_result_copy_codes(result, abc, 0, copied, 3),
               TESSERA_OK);
  CHECK(memcmp(copied, codes, sizeof copied) == 0);
  CHECK_STATUS(tessera_result_copy_numeric(result, monetary, 2, numbers, 2),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_result_copy_numeric(result, monetary, 4, numbers, 0),
               TESSERA_EINVALID);
  /* first + n wraps around: must not pass as in range. */
  CHECK_STATUS(
      tessera_result_copy_numeric(result, monetary, (size_t)-1, numbers, 2),
      TESSERA_EINVALID);
  CHECK_STATUS(tessera_result_copy_codes(result, abc, 1, copied, 3),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_result_copy_numeric(result, abc, 0, numbers, 3),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_result_copy_codes(result, monetary, 0, copied, 3),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_result_copy_numeric(result, monetary, 0, NULL, 3),
               TESSERA_EINVALID);
}

static void warnings(const tessera_result *result) {
  size_t count = 0, i, unassigned = 0;
  const char *text = NULL;
  CHECK_STATUS(tessera_result_warning_count(result, &count), TESSERA_OK);
  for (i = 0; i < count; ++i) {
    CHECK_STATUS(tessera_result_warning(result, i, &text), TESSERA_OK);
    if (text != NULL && strstr(text, "big") && strstr(text, "unassigned")) {
      ++unassigned;
    }
  }
  CHECK_INT_EQ(unassigned, 1);
  CHECK_STATUS(tessera_result_warning(result, count, &text), TESSERA_EINVALID);
}

static void explain(const tessera_result *result) {
  size_t length = 0, again = 0;
  char small[4];
  char *buffer;
  CHECK_STATUS(tessera_result_explain(result, "value", i102, NULL, 0, &length),
               TESSERA_EBUFFER);
  if (!CHECK(length > 0)) return;
  CHECK_STATUS(tessera_result_explain(result, "value", i102, small,
                                      sizeof small, &again),
               TESSERA_EBUFFER);
  CHECK_INT_EQ(again, length);
  buffer = (char *)malloc(length + 1);
  if (!CHECK(buffer != NULL)) return;
  /* length bytes leave no room for the NUL. */
  CHECK_STATUS(tessera_result_explain(result, "value", i102, buffer, length,
                                      &again),
               TESSERA_EBUFFER);
  again = 0;
  if (CHECK_STATUS(tessera_result_explain(result, "value", i102, buffer,
                                          length + 1, &again),
                   TESSERA_OK)) {
    CHECK_INT_EQ(again, length);
    CHECK_INT_EQ(strlen(buffer), length);
    CHECK_CONTAINS(buffer, "Silver"); /* the matched rule */
    CHECK_CONTAINS(buffer, "Gold");   /* the earlier rule that failed */
    CHECK_CONTAINS(buffer, "frequency");
  }
  free(buffer);
  CHECK_STATUS(tessera_result_explain(result, "no_set", i102, NULL, 0, &length),
               TESSERA_ENOTFOUND);
  CHECK_STATUS(tessera_result_explain(result, "value", 3, NULL, 0, &length),
               TESSERA_EINVALID);
}

int main(void) {
  tessera_dataset *dataset = fixture_tiny_dataset();
  tessera_pipeline *pipeline = fixture_pipeline(NULL, strategies, rules);
  tessera_result *result = NULL;
  const tessera_dataset *source = NULL;
  size_t count = 0;
  if (dataset == NULL || pipeline == NULL ||
      !CHECK_STATUS(tessera_pipeline_add_builtin_rules(pipeline, "rfm_segments"),
                    TESSERA_OK) ||
      !CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                    TESSERA_OK)) {
    return check_exit_code();
  }
  /* The result keeps the dataset alive and tells keys from indices. */
  tessera_dataset_free(dataset);
  tessera_pipeline_free(pipeline);
  CHECK_STATUS(tessera_result_customer_count(result, &count), TESSERA_OK);
  CHECK_INT_EQ(count, 3);
  if (CHECK_STATUS(tessera_result_dataset(result, &source), TESSERA_OK) &&
      CHECK(source != NULL)) {
    i101 = fixture_index(source, 101);
    i102 = fixture_index(source, 102);
    i103 = fixture_index(source, 103);
    if (CHECK(i101 < 3 && i102 < 3 && i103 < 3)) {
      columns(result);
      values_and_labels(result);
      kinds_and_copies(result);
      warnings(result);
      explain(result);
    }
  }
  tessera_result_free(result);
  return check_exit_code();
}
