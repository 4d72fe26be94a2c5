/* pos_export: the nightly export of a point-of-sale system, as a tessera host.
 *
 * Reads the sales lines (the UCI Online Retail layout: InvoiceNo, StockCode,
 * Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country), scores
 * every customer with RFM, ABC and lifecycle stages, gives each a tier from a
 * rule file, and prints how many customers each tier holds and why one
 * customer has the tier it has.
 *
 *   pos_export SALES.csv RULES.rules [CUSTOMER_ID]
 *
 * Lines without a CustomerID (walk-in sales) are skipped and counted, not
 * fatal. A failure of the library prints tessera_last_error() and exits with
 * status 1; a wrong command line exits with 2. */
#include <stdio.h>
#include <stdlib.h>

#include "tessera/tessera.h"

static const char *const kStrategies[] = {"rfm", "abc", "lifecycle"};

static int fail(const char *what) {
  fprintf(stderr, "pos_export: %s: %s\n", what, tessera_last_error());
  return EXIT_FAILURE;
}

/* The whole file as a NUL-terminated string the caller frees, or NULL. */
static char *read_text_file(const char *path) {
  FILE *file = fopen(path, "rb");
  char *text = NULL;
  long size;
  if (file == NULL) return NULL;
  if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 &&
      fseek(file, 0, SEEK_SET) == 0 &&
      (text = malloc((size_t)size + 1)) != NULL) {
    if (fread(text, 1, (size_t)size, file) == (size_t)size) {
      text[size] = '\0';
    } else {
      free(text);
      text = NULL;
    }
  }
  fclose(file);
  return text;
}

static int load_sales(tessera_dataset **out, const char *path) {
  tessera_csv_options csv = TESSERA_CSV_OPTIONS_INIT;
  tessera_ingest_counts counts;
  const char *summary;
  csv.customer = "CustomerID";
  csv.date = "InvoiceDate";
  csv.quantity = "Quantity";
  csv.unit_price = "UnitPrice";
  csv.order_id = "InvoiceNo";
  csv.ingest.policy = TESSERA_POLICY_LENIENT;
  if (tessera_dataset_read_csv(out, path, &csv) != TESSERA_OK) {
    return fail("reading the sales file");
  }
  counts.version = TESSERA_INGEST_COUNTS_VERSION;
  if (tessera_dataset_ingest_summary(*out, &summary) != TESSERA_OK ||
      tessera_dataset_ingest_counts(*out, &counts) != TESSERA_OK) {
    return fail("ingest report");
  }
  printf("%s\n", summary);
  printf("rows read %llu, without customer %llu\n",
         (unsigned long long)counts.rows_read,
         (unsigned long long)
             counts.rejected_by_reason[TESSERA_REJECT_MISSING_CUSTOMER]);
  return EXIT_SUCCESS;
}

static int configure(tessera_pipeline **out, const char *rules_path) {
  char *rules = read_text_file(rules_path);
  size_t i;
  int status;
  if (rules == NULL) {
    fprintf(stderr, "pos_export: cannot read %s\n", rules_path);
    return EXIT_FAILURE;
  }
  status = tessera_pipeline_create(out, NULL);
  for (i = 0; status == TESSERA_OK && i < sizeof kStrategies / sizeof *kStrategies;
       ++i) {
    status = tessera_pipeline_add_strategy(*out, kStrategies[i], NULL);
  }
  if (status == TESSERA_OK) {
    status = tessera_pipeline_add_rules(*out, rules, rules_path);
  }
  free(rules);
  return status == TESSERA_OK ? EXIT_SUCCESS : fail("configuring the run");
}

/* A rule set's tier column is the one with a "<set>.rule" beside it. */
static int is_rule_set(const tessera_result *result, const char *name) {
  char rule_column[256];
  size_t column;
  int written = snprintf(rule_column, sizeof rule_column, "%s.rule", name);
  if (written < 0 || (size_t)written >= sizeof rule_column) return 0;
  if (tessera_result_find_column(result, rule_column, &column) == TESSERA_OK) {
    return 1;
  }
  tessera_clear_error();
  return 0;
}

static int print_tier_counts(const tessera_result *result, size_t column,
                             const char *set, size_t customers) {
  const int32_t *codes;
  size_t labels, tier, c, unassigned = 0;
  if (tessera_result_codes(result, column, &codes) != TESSERA_OK ||
      tessera_result_label_count(result, column, &labels) != TESSERA_OK) {
    return fail(set);
  }
  printf("\n%-14s customers\n", set);
  for (tier = 0; tier < labels; ++tier) {
    const char *label;
    size_t count = 0;
    if (tessera_result_label(result, column, tier, &label) != TESSERA_OK) {
      return fail(set);
    }
    for (c = 0; c < customers; ++c) count += codes[c] == (int32_t)tier;
    printf("%-14s %9lu\n", label, (unsigned long)count);
  }
  for (c = 0; c < customers; ++c) unassigned += codes[c] < 0;
  if (unassigned > 0) printf("%-14s %9lu\n", "(none)", (unsigned long)unassigned);
  return EXIT_SUCCESS;
}

static int explain(const tessera_result *result, const tessera_dataset *dataset,
                   const char *set, const char *customer_id) {
  char *text;
  size_t index, length;
  char *end;
  long long key = strtoll(customer_id, &end, 10);
  if (*customer_id == '\0' || *end != '\0') {
    fprintf(stderr, "pos_export: customer id '%s' is not a number\n", customer_id);
    return EXIT_FAILURE;
  }
  if (tessera_dataset_find_int_key(dataset, key, &index) != TESSERA_OK) {
    return fail("customer");
  }
  if (tessera_result_explain(result, set, index, NULL, 0, &length) !=
      TESSERA_EBUFFER) {
    return fail("explain");
  }
  text = malloc(length + 1);
  if (text == NULL) {
    fprintf(stderr, "pos_export: out of memory\n");
    return EXIT_FAILURE;
  }
  if (tessera_result_explain(result, set, index, text, length + 1, &length) !=
      TESSERA_OK) {
    free(text);
    return fail("explain");
  }
  printf("\ncustomer %s, %s:\n%s\n", customer_id, set, text);
  free(text);
  return EXIT_SUCCESS;
}

static int report(const tessera_result *result, const char *customer_id) {
  const tessera_dataset *dataset;
  size_t customers, columns, column;
  const char *name;
  int status = EXIT_SUCCESS;
  if (tessera_result_dataset(result, &dataset) != TESSERA_OK ||
      tessera_result_customer_count(result, &customers) != TESSERA_OK ||
      tessera_result_column_count(result, &columns) != TESSERA_OK) {
    return fail("result");
  }
  printf("scored %lu customers\n", (unsigned long)customers);
  for (column = 0; column < columns && status == EXIT_SUCCESS; ++column) {
    if (tessera_result_column_name(result, column, &name) != TESSERA_OK) {
      return fail("result");
    }
    if (!is_rule_set(result, name)) continue;
    status = print_tier_counts(result, column, name, customers);
    if (status == EXIT_SUCCESS) {
      status = explain(result, dataset, name, customer_id);
    }
  }
  return status;
}

int main(int argc, char **argv) {
  tessera_dataset *dataset = NULL;
  tessera_pipeline *pipeline = NULL;
  tessera_result *result = NULL;
  int status;
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: %s SALES.csv RULES.rules [CUSTOMER_ID]\n", argv[0]);
    return 2;
  }
  status = load_sales(&dataset, argv[1]);
  if (status == EXIT_SUCCESS) status = configure(&pipeline, argv[2]);
  if (status == EXIT_SUCCESS &&
      tessera_pipeline_run(&result, pipeline, dataset) != TESSERA_OK) {
    status = fail("run");
  }
  if (status == EXIT_SUCCESS) {
    status = report(result, argc == 4 ? argv[3] : "17850");
  }
  tessera_result_free(result);
  tessera_pipeline_free(pipeline);
  tessera_dataset_free(dataset);
  return status;
}
