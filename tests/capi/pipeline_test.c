/* Configuring a pipeline: strategies, parameters, rule text and built-in
 * rules, and the errors of each. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fixture.h"

static void strategies_by_name(void) {
  tessera_pipeline *pipeline = NULL;
  const char *names = NULL;
  if (!CHECK_STATUS(tessera_pipeline_create(&pipeline, NULL), TESSERA_OK)) {
    return;
  }
  CHECK_STATUS(tessera_pipeline_strategy_names(pipeline, &names), TESSERA_OK);
  CHECK_CONTAINS(names, "rfm");
  CHECK_CONTAINS(names, "abc");
  CHECK_CONTAINS(names, "lifecycle");
  CHECK_CONTAINS(names, "\n"); /* one per line */

  CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, "rfm", "bins=2"),
               TESSERA_OK);
  CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, "abc", "a=0.5, b=0.9"),
               TESSERA_OK);
  CHECK_STATUS(tessera_pipeline_add_strategy(
                   pipeline, "lifecycle",
                   "new_days=20, at_risk_days=10, churn_days=25"),
               TESSERA_OK);
  CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, "value_tier", NULL),
               TESSERA_OK);
  CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, "behaviour", ""),
               TESSERA_OK);

  CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, "rfn", NULL),
               TESSERA_ENOTFOUND);
  CHECK_ERROR_MENTIONS("rfn");
  CHECK_ERROR_MENTIONS("lifecycle"); /* the message lists the names */
  CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, "rfm", "bins=12"),
               TESSERA_EINVALID);
  CHECK_ERROR_MENTIONS("bins");
  CHECK_ERROR_MENTIONS("12");
  CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, "abc", "colour=red"),
               TESSERA_EINVALID);
  CHECK_ERROR_MENTIONS("colour");
  CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, "lifecycle",
                                             "new_days=200, churn_days=100"),
               TESSERA_EINVALID);
  CHECK_ERROR_MENTIONS("new_days");
  CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, "rfm", "bins"),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, NULL, NULL),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_pipeline_add_strategy(NULL, "rfm", NULL),
               TESSERA_EINVALID);
  tessera_pipeline_free(pipeline);
}

/* The error points at 'whn': line 2, column 26 (counting from 1):
 *   tier "VIP" when monetary whn 5
 *   ^ col 1        ^ 17      ^ 26 */
static void rules_that_do_not_parse(void) {
  const char *text = "ruleset \"v\"\n"
                     "tier \"VIP\" when monetary whn 5\n"
                     "tier \"Rest\" otherwise\n";
  tessera_pipeline *pipeline = NULL;
  const char *message;
  const char *caret_line;
  if (!CHECK_STATUS(tessera_pipeline_create(&pipeline, NULL), TESSERA_OK)) {
    return;
  }
  CHECK_STATUS(tessera_pipeline_add_rules(pipeline, text, "bad.rules"),
               TESSERA_EPARSE);
  CHECK_ERROR_MENTIONS("bad.rules:2:26:");
  CHECK_ERROR_MENTIONS("error");
  CHECK_ERROR_MENTIONS("tier \"VIP\" when monetary whn 5\n");
  /* The caret sits under the 'w' of 'whn', in the line after the source
   * line, whatever the indentation of both. */
  message = tessera_last_error();
  caret_line = strstr(message, "whn 5\n");
  if (CHECK(caret_line != NULL)) {
    const char *source_line = caret_line;
    const char *caret;
    while (source_line > message && source_line[-1] != '\n') --source_line;
    caret_line += strlen("whn 5\n");
    caret = strchr(caret_line, '^');
    if (CHECK(caret != NULL)) {
      CHECK_INT_EQ(caret - caret_line,
                   strstr(source_line, "whn") - source_line);
    }
  }

  CHECK_STATUS(tessera_pipeline_add_rules(pipeline, text, NULL),
               TESSERA_EPARSE);
  CHECK_ERROR_MENTIONS("rules:2:26:");
  CHECK_STATUS(tessera_pipeline_add_rules(pipeline, "tier \"A\" when", "r"),
               TESSERA_EPARSE);
  CHECK_ERROR_MENTIONS("r:1:");
  CHECK_STATUS(tessera_pipeline_add_rules(pipeline, NULL, "r"),
               TESSERA_EINVALID);
  tessera_pipeline_free(pipeline);
}

static void builtin_rules(void) {
  tessera_pipeline *pipeline = NULL;
  if (!CHECK_STATUS(tessera_pipeline_create(&pipeline, NULL), TESSERA_OK)) {
    return;
  }
  CHECK_STATUS(tessera_pipeline_add_builtin_rules(pipeline, "rfm_segments"),
               TESSERA_OK);
  CHECK_STATUS(tessera_pipeline_add_builtin_rules(pipeline, "rfm_segmentz"),
               TESSERA_ENOTFOUND);
  CHECK_ERROR_MENTIONS("rfm_segments"); /* the message lists the names */
  CHECK_STATUS(tessera_pipeline_add_builtin_rules(pipeline, NULL),
               TESSERA_EINVALID);
  tessera_pipeline_free(pipeline);
}

/* Names are resolved when the pipeline runs on a dataset. */
static void run_errors(void) {
  const char *const rfm[] = {"rfm", NULL};
  tessera_dataset *dataset = fixture_tiny_dataset();
  tessera_pipeline *pipeline =
      fixture_pipeline(NULL, rfm, "tier \"Big\" when monetery > 50\n"
                                  "tier \"Small\" otherwise\n");
  tessera_result *result = (tessera_result *)&result;
  tessera_run_options opts = TESSERA_RUN_OPTIONS_INIT;
  if (!CHECK(dataset != NULL && pipeline != NULL)) return;
  CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
               TESSERA_EINVALID);
  CHECK(result == NULL);
  CHECK_ERROR_MENTIONS("monetery");
  CHECK_ERROR_MENTIONS("monetary"); /* the nearest name */
  CHECK_STATUS(tessera_pipeline_run(&result, pipeline, NULL),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_pipeline_run(&result, NULL, dataset),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_pipeline_run(NULL, pipeline, dataset),
               TESSERA_EINVALID);
  tessera_pipeline_free(pipeline);

  /* Frequency by orders needs order ids, which the tiny dataset lacks. */
  opts.frequency = TESSERA_FREQUENCY_ORDERS;
  pipeline = fixture_pipeline(&opts, rfm, NULL);
  if (pipeline != NULL) {
    CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                 TESSERA_EINVALID);
    CHECK_ERROR_MENTIONS("order");
  }
  tessera_pipeline_free(pipeline);

  /* By rows it is fine, and the other run options are accepted. */
  opts.frequency = TESSERA_FREQUENCY_ROWS;
  opts.returns = TESSERA_RETURNS_EXCLUDE;
  opts.num_threads = 1;
  opts.as_of_day = FIXTURE_TINY_AS_OF;
  pipeline = fixture_pipeline(&opts, rfm, NULL);
  if (pipeline != NULL &&
      CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                   TESSERA_OK)) {
    tessera_result_free(result);
  }
  tessera_pipeline_free(pipeline);
  tessera_dataset_free(dataset);
}

int main(void) {
  strategies_by_name();
  rules_that_do_not_parse();
  builtin_rules();
  run_errors();
  return check_exit_code();
}
