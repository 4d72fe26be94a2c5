/*
 * Tier snapshots over three periods, worked by hand.
 *
 * The tiny dataset of fixture.h plus customer 105, who first buys on day
 * 15025. The rule set tiers customers by recency and keeps a tier for one
 * failing period (`demote after 2 periods`):
 *   Active when recency_days <= 10, Lapsing when <= 20, else Lost
 *   (a customer without a purchase yet has no recency: Lost).
 *
 * Last purchase on or before each as-of date, and the recency:
 *            A: as of 15021     B: as of 15031     C: as of 15041
 *   101      15020  1 Active    15020 11 Lapsing   15020 21 Lost
 *   102      15005 16 Lapsing   15005 26 Lost      15005 36 Lost
 *   103      15015  6 Active    15030  1 Active    15030 11 Lapsing
 *   105      -        Lost      15025  6 Active    15025 16 Lapsing
 *
 * A to B without history: 101 and 102 go down one tier, 103 stays, 105
 * goes up: upgraded 1, downgraded 2, unchanged 1, nobody added or gone.
 * B with A as the previous tiers: 101 and 102 fail their tier for the first
 * period and keep it (held 1); 105's promotion is immediate. So B' is
 *   101 Active (held 1), 102 Lapsing (1), 103 Active (0), 105 Active (0).
 * C with B' as the previous tiers: 101 and 102 fail a second period in a
 * row and drop to what they are now (Lost, held 0); 103 and 105 fail Active
 * for the first time and keep it (held 1).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fixture.h"

static const char rules[] = "ruleset \"activity\"\n"
                            "demote after 2 periods\n"
                            "tier \"Active\" when recency_days <= 10\n"
                            "tier \"Lapsing\" when recency_days <= 20\n"
                            "tier \"Lost\" otherwise\n";

static const int64_t keys[] = {101, 102, 101, 103, 101, 103, 105};
static const int64_t days[] = {15000, 15005, 15010, 15015,
                               15020, 15030, 15025};
static const double amounts[] = {10, 100, 20, 5, 30, 7, 40};
static const int64_t customers[] = {101, 102, 103, 105};

static char dir[256];

/* Runs the rules as of `day`, after the previous tiers when given, checks
 * each customer's tier and held periods against the expected ones (in the
 * order of `customers`) and returns the run's snapshot. */
static tessera_tier_snapshot *period(const tessera_dataset *dataset,
                                     int64_t day,
                                     const tessera_tier_snapshot *previous,
                                     const char *const *tiers,
                                     const double *held) {
  tessera_run_options opts = TESSERA_RUN_OPTIONS_INIT;
  tessera_pipeline *pipeline;
  tessera_result *result = NULL;
  tessera_tier_snapshot *snapshot = NULL;
  const double *held_column = NULL;
  size_t c;
  opts.as_of_day = day;
  pipeline = fixture_pipeline(&opts, NULL, rules);
  if (pipeline == NULL) return NULL;
  if (previous != NULL) {
    CHECK_STATUS(tessera_pipeline_set_previous_tiers(pipeline, previous),
                 TESSERA_OK);
  }
  if (CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                   TESSERA_OK)) {
    if (held != NULL) held_column = fixture_numeric(result, "activity.held");
    for (c = 0; c < 4; ++c) {
      size_t index = fixture_index(dataset, customers[c]);
      if (!CHECK_STR_EQ(fixture_label(result, "activity", index), tiers[c]) ||
          (held_column != NULL && !CHECK_NEAR(held_column[index], held[c]))) {
        fprintf(stderr, "  (customer %lld as of %lld)\n",
                (long long)customers[c], (long long)day);
      }
    }
    CHECK_STATUS(tessera_result_tier_snapshot(&snapshot, result, "activity"),
                 TESSERA_OK);
  }
  tessera_result_free(result);
  tessera_pipeline_free(pipeline);
  return snapshot;
}

static void check_a_to_b(const tessera_tier_snapshot *a,
                         const tessera_tier_snapshot *b) {
  tessera_tier_migration *migration = NULL;
  tessera_migration_counts counts;
  const char *name = NULL;
  const char *text = NULL;
  size_t tiers = 0;
  int64_t n = -1;
  /* counts[from][to] over Active, Lapsing, Lost (0, 1, 2). */
  static const int64_t matrix[3][3] = {{1, 1, 0}, {0, 0, 1}, {1, 0, 0}};
  size_t from, to;
  if (!CHECK_STATUS(tessera_tier_snapshot_compare(&migration, a, b),
                    TESSERA_OK)) {
    return;
  }
  CHECK_STATUS(tessera_tier_migration_tier_count(migration, &tiers), TESSERA_OK);
  CHECK_INT_EQ(tiers, 3);
  CHECK_STATUS(tessera_tier_migration_tier(migration, 0, &name), TESSERA_OK);
  CHECK_STR_EQ(name, "Active");
  CHECK_STATUS(tessera_tier_migration_tier(migration, 2, &name), TESSERA_OK);
  CHECK_STR_EQ(name, "Lost");
  CHECK_STATUS(tessera_tier_migration_tier(migration, 3, &name),
               TESSERA_EINVALID);
  for (from = 0; from < 3; ++from) {
    for (to = 0; to < 3; ++to) {
      CHECK_STATUS(tessera_tier_migration_count(migration, from, to, &n),
                   TESSERA_OK);
      CHECK_INT_EQ(n, matrix[from][to]);
    }
  }
  CHECK_STATUS(tessera_tier_migration_count(migration, 3, 0, &n),
               TESSERA_EINVALID);
  CHECK_STATUS(tessera_tier_migration_count(migration, 0, 3, &n),
               TESSERA_EINVALID);
  memset(&counts, 0, sizeof counts);
  counts.version = TESSERA_MIGRATION_COUNTS_VERSION;
  if (CHECK_STATUS(tessera_tier_migration_counts(migration, &counts),
                   TESSERA_OK)) {
    CHECK_INT_EQ(counts.upgraded, 1);
    CHECK_INT_EQ(counts.downgraded, 2);
    CHECK_INT_EQ(counts.unchanged, 1);
    CHECK_INT_EQ(counts.added, 0);
    CHECK_INT_EQ(counts.gone, 0);
    CHECK_INT_EQ(counts.rules_changed, 0);
  }
  counts.version = 99;
  CHECK_STATUS(tessera_tier_migration_counts(migration, &counts),
               TESSERA_EVERSION);
  CHECK_STATUS(tessera_tier_migration_text(migration, &text), TESSERA_OK);
  CHECK_CONTAINS(text, "Active");
  CHECK_CONTAINS(text, "Lapsing");
  CHECK_CONTAINS(text, "Lost");
  tessera_tier_migration_free(migration);
}

static void snapshot_properties_and_files(const tessera_tier_snapshot *a) {
  char path[512], bad[512], missing[512], expected[600];
  tessera_tier_snapshot *loaded = NULL;
  const char *name = NULL;
  int64_t day = 0;
  size_t count = 0;
  CHECK_STATUS(tessera_tier_snapshot_rule_set(a, &name), TESSERA_OK);
  CHECK_STR_EQ(name, "activity");
  CHECK_STATUS(tessera_tier_snapshot_as_of_day(a, &day), TESSERA_OK);
  CHECK_INT_EQ(day, 15021);
  CHECK_STATUS(tessera_tier_snapshot_customer_count(a, &count), TESSERA_OK);
  CHECK_INT_EQ(count, 4);

  fixture_path(path, sizeof path, dir, "a.snapshot");
  CHECK_STATUS(tessera_tier_snapshot_save(a, path), TESSERA_OK);
  if (CHECK_STATUS(tessera_tier_snapshot_load(&loaded, path), TESSERA_OK)) {
    CHECK_STATUS(tessera_tier_snapshot_rule_set(loaded, &name), TESSERA_OK);
    CHECK_STR_EQ(name, "activity");
    CHECK_STATUS(tessera_tier_snapshot_as_of_day(loaded, &day), TESSERA_OK);
    CHECK_INT_EQ(day, 15021);
    CHECK_STATUS(tessera_tier_snapshot_customer_count(loaded, &count),
                 TESSERA_OK);
    CHECK_INT_EQ(count, 4);
  }
  tessera_tier_snapshot_free(loaded);

  fixture_path(bad, sizeof bad, dir, "bad.snapshot");
  fixture_write_file(bad, "customer,tier\n101,Active\n");
  loaded = NULL;
  CHECK_STATUS(tessera_tier_snapshot_load(&loaded, bad), TESSERA_EPARSE);
  snprintf(expected, sizeof expected, "%s:1", bad);
  CHECK_ERROR_MENTIONS(expected);
  CHECK(loaded == NULL);
  fixture_path(missing, sizeof missing, dir, "missing.snapshot");
  CHECK_STATUS(tessera_tier_snapshot_load(&loaded, missing), TESSERA_ENOTFOUND);
  CHECK_ERROR_MENTIONS("missing.snapshot");
  fixture_path(path, sizeof path, dir, "no_such_dir/a.snapshot");
  CHECK(tessera_tier_snapshot_save(a, path) < 0);
  CHECK_STATUS(tessera_tier_snapshot_save(a, NULL), TESSERA_EINVALID);
}

/* A snapshot file's rule set and tier names come back as C strings, so
 * names that are not UTF-8, or hold a NUL, make the file malformed. */
static void names_in_files_are_text(void) {
  static const char head[] = "# tessera tier snapshot 1\n# rule_set: ";
  static const char middle[] = "\n# fingerprint: 0123456789abcdef\n"
                               "# as_of: 2011-03-01\n# tiers: ";
  static const char tail[] = "\ncustomer,tier,held_periods\n101,B,0\n";
  /* rule set, tiers (with their lengths, for the NUL) */
  static const struct {
    const char *set, *tiers;
    size_t tiers_length;
    const char *mentions;
  } files[] = {{"activity\xff", "A,B", 3, "rule set"},
               {"activity", "\"A\xc3\",B", 6, "tier 1"},
               {"activity", "B,\"A\0x\"", 7, "tier 2"},
               {"activity", "A,B", 3, NULL}};
  char path[512], expected[600];
  size_t f;
  fixture_path(path, sizeof path, dir, "names.snapshot");
  for (f = 0; f < sizeof files / sizeof files[0]; ++f) {
    tessera_tier_snapshot *loaded = (tessera_tier_snapshot *)&loaded;
    const char *name = NULL;
    FILE *file = fopen(path, "wb");
    if (!CHECK(file != NULL)) return;
    fputs(head, file);
    fputs(files[f].set, file);
    fputs(middle, file);
    fwrite(files[f].tiers, 1, files[f].tiers_length, file);
    fputs(tail, file);
    fclose(file);
    if (files[f].mentions == NULL) {
      /* The file itself is well formed. */
      CHECK_STATUS(tessera_tier_snapshot_load(&loaded, path), TESSERA_OK);
      CHECK_STATUS(tessera_tier_snapshot_rule_set(loaded, &name), TESSERA_OK);
      CHECK_STR_EQ(name, "activity");
      tessera_tier_snapshot_free(loaded);
      continue;
    }
    CHECK_STATUS(tessera_tier_snapshot_load(&loaded, path), TESSERA_EPARSE);
    CHECK(loaded == NULL);
    snprintf(expected, sizeof expected, "%s: ", path);
    CHECK_ERROR_MENTIONS(expected);
    CHECK_ERROR_MENTIONS(files[f].mentions);
  }
}

/* Snapshots of another set, or of a set the result does not have. */
static void mismatched_sets(const tessera_dataset *dataset,
                            const tessera_tier_snapshot *a) {
  tessera_pipeline *pipeline =
      fixture_pipeline(NULL, NULL, "ruleset \"other\"\ntier \"X\" otherwise\n");
  tessera_result *result = NULL;
  tessera_tier_snapshot *other = NULL;
  tessera_tier_migration *migration = NULL;
  if (pipeline == NULL ||
      !CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                    TESSERA_OK)) {
    tessera_pipeline_free(pipeline);
    return;
  }
  CHECK_STATUS(tessera_result_tier_snapshot(&other, result, "activity"),
               TESSERA_ENOTFOUND);
  CHECK_STATUS(tessera_result_tier_snapshot(&other, result, "other"),
               TESSERA_OK);
  CHECK_STATUS(tessera_tier_snapshot_compare(&migration, a, other),
               TESSERA_EINVALID);
  CHECK(migration == NULL);
  tessera_tier_snapshot_free(other);
  tessera_result_free(result);
  tessera_pipeline_free(pipeline);
}

int main(void) {
  static const char *const tiers_a[] = {"Active", "Lapsing", "Active", "Lost"};
  static const char *const tiers_b[] = {"Lapsing", "Lost", "Active", "Active"};
  static const char *const tiers_b_held[] = {"Active", "Lapsing", "Active",
                                             "Active"};
  static const double held_b[] = {1, 1, 0, 0};
  static const char *const tiers_c[] = {"Lost", "Lost", "Active", "Active"};
  static const double held_c[] = {0, 0, 1, 1};
  char path[512];
  tessera_dataset *dataset = fixture_int_dataset(keys, days, amounts, 7);
  tessera_tier_snapshot *a, *b, *b_held = NULL, *c, *loaded_a = NULL;
  tessera_pipeline *pipeline;
  tessera_result *result = NULL;
  tessera_run_options opts = TESSERA_RUN_OPTIONS_INIT;
  if (dataset == NULL || !fixture_make_temp_dir(dir, sizeof dir)) {
    return check_exit_code();
  }
  a = period(dataset, 15021, NULL, tiers_a, NULL);
  b = period(dataset, 15031, NULL, tiers_b, NULL);
  if (a != NULL && b != NULL) {
    check_a_to_b(a, b);
    snapshot_properties_and_files(a);
    names_in_files_are_text();
    mismatched_sets(dataset, a);
    /* The previous tiers come from the file, to show they survive it. */
    fixture_path(path, sizeof path, dir, "a.snapshot");
    CHECK_STATUS(tessera_tier_snapshot_load(&loaded_a, path), TESSERA_OK);
    b_held = period(dataset, 15031, loaded_a, tiers_b_held, held_b);
  }
  if (b_held != NULL) {
    c = period(dataset, 15041, b_held, tiers_c, held_c);
    tessera_tier_snapshot_free(c);
    /* A previous snapshot must be older than the run. */
    opts.as_of_day = 15031;
    pipeline = fixture_pipeline(&opts, NULL, rules);
    if (pipeline != NULL) {
      CHECK_STATUS(tessera_pipeline_set_previous_tiers(pipeline, b_held),
                   TESSERA_OK);
      CHECK_STATUS(tessera_pipeline_run(&result, pipeline, dataset),
                   TESSERA_EINVALID);
      CHECK_STATUS(tessera_pipeline_set_previous_tiers(pipeline, NULL),
                   TESSERA_EINVALID);
    }
    tessera_pipeline_free(pipeline);
  }
  tessera_tier_snapshot_free(a);
  tessera_tier_snapshot_free(b);
  tessera_tier_snapshot_free(b_held);
  tessera_tier_snapshot_free(loaded_a);
  tessera_dataset_free(dataset);
  fixture_remove_temp_dir(dir);
  return check_exit_code();
}
