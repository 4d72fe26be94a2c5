/* A C host that knows tessera only as an installed package: builds three
 * customers from columns, scores them with RFM on fixed break points, and
 * prints every number so the test can compare it with a hand computation.
 *
 * As of day 104: customer 1 bought on days 100 and 103 (10 + 40), customer 2
 * on day 101 (20), customer 3 on day 102 (30). Recency is as-of minus the
 * last purchase day, so 1, 3 and 2. With break points used as given
 * (r 2;3 -> 3 bins, f 2 -> 2 bins, m 25 -> 2 bins, bin k holds
 * break[k-1] <= x < break[k], recency scored in reverse):
 *   customer 1: r 3 (1 < 2), f 2 (2 >= 2), m 2 (50 >= 25) -> score 322
 *   customer 2: r 1 (3 >= 3), f 1,         m 1 (20 < 25)  -> score 111
 *   customer 3: r 2 (2 <= 2 < 3), f 1,     m 2 (30 >= 25) -> score 212 */
#include <stdio.h>
#include <stdlib.h>

#include "tessera/tessera.h"

static int fail(const char *what) {
  fprintf(stderr, "consumer: %s: %s\n", what, tessera_last_error());
  return EXIT_FAILURE;
}

static int print_customers(const tessera_result *result,
                           const tessera_dataset *dataset) {
  static const char *const names[] = {"recency_days", "frequency", "monetary",
                                      "rfm.score"};
  const double *columns[4];
  size_t count, c, k;
  for (k = 0; k < 4; ++k) {
    size_t column;
    if (tessera_result_find_column(result, names[k], &column) != TESSERA_OK ||
        tessera_result_numeric(result, column, &columns[k]) != TESSERA_OK) {
      return fail(names[k]);
    }
  }
  if (tessera_result_customer_count(result, &count) != TESSERA_OK) {
    return fail("customer count");
  }
  for (c = 0; c < count; ++c) {
    const char *key;
    if (tessera_dataset_key(dataset, c, &key) != TESSERA_OK) return fail("key");
    printf("customer %s: recency %g frequency %g monetary %g score %g\n", key,
           columns[0][c], columns[1][c], columns[2][c], columns[3][c]);
  }
  return EXIT_SUCCESS;
}

int main(void) {
  const int64_t keys[] = {1, 2, 3, 1};
  const int64_t days[] = {100, 101, 102, 103};
  const double amounts[] = {10, 20, 30, 40};
  tessera_run_options options = TESSERA_RUN_OPTIONS_INIT;
  tessera_dataset_builder *builder = NULL;
  tessera_dataset *dataset = NULL;
  tessera_pipeline *pipeline = NULL;
  tessera_result *result = NULL;
  int status = EXIT_FAILURE;

  printf("tessera %s (%d), header %d\n", tessera_version_string(),
         tessera_version_number(), TESSERA_VERSION_NUMBER);
  options.as_of_day = 104;
  if (tessera_dataset_builder_create(&builder) != TESSERA_OK ||
      tessera_dataset_builder_set_int_keys(builder, keys, 4) != TESSERA_OK ||
      tessera_dataset_builder_set_dates(builder, days, 4, TESSERA_UNIT_DAYS) !=
          TESSERA_OK ||
      tessera_dataset_builder_set_amounts(builder, amounts, 4) != TESSERA_OK ||
      tessera_dataset_builder_build(&dataset, builder, NULL) != TESSERA_OK) {
    status = fail("dataset");
  } else if (tessera_pipeline_create(&pipeline, &options) != TESSERA_OK ||
             tessera_pipeline_add_strategy(
                 pipeline, "rfm", "r_breaks=2;3, f_breaks=2, m_breaks=25") !=
                 TESSERA_OK ||
             tessera_pipeline_run(&result, pipeline, dataset) != TESSERA_OK) {
    status = fail("run");
  } else {
    status = print_customers(result, dataset);
  }
  tessera_result_free(result);
  tessera_pipeline_free(pipeline);
  tessera_dataset_free(dataset);
  tessera_dataset_builder_free(builder);
  return status;
}
