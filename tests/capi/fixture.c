#define _POSIX_C_SOURCE 200809L

#include "fixture.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

const int64_t fixture_tiny_keys[FIXTURE_TINY_ROWS] = {101, 102, 101,
                                                      103, 101, 103};
const int64_t fixture_tiny_days[FIXTURE_TINY_ROWS] = {15000, 15005, 15010,
                                                      15015, 15020, 15030};
const double fixture_tiny_amounts[FIXTURE_TINY_ROWS] = {10, 100, 20,
                                                        5,  30,  7};

tessera_dataset *fixture_int_dataset(const int64_t *keys, const int64_t *days,
                                     const double *amounts, size_t n) {
  tessera_dataset_builder *builder = NULL;
  tessera_dataset *dataset = NULL;
  if (!CHECK_STATUS(tessera_dataset_builder_create(&builder), TESSERA_OK)) {
    return NULL;
  }
  if (CHECK_STATUS(tessera_dataset_builder_set_int_keys(builder, keys, n),
                   TESSERA_OK) &&
      CHECK_STATUS(tessera_dataset_builder_set_dates(builder, days, n,
                                                     TESSERA_UNIT_DAYS),
                   TESSERA_OK) &&
      CHECK_STATUS(tessera_dataset_builder_set_amounts(builder, amounts, n),
                   TESSERA_OK)) {
    CHECK_STATUS(tessera_dataset_builder_build(&dataset, builder, NULL),
                 TESSERA_OK);
  }
  tessera_dataset_builder_free(builder);
  return dataset;
}

tessera_dataset *fixture_tiny_dataset(void) {
  return fixture_int_dataset(fixture_tiny_keys, fixture_tiny_days,
                             fixture_tiny_amounts, FIXTURE_TINY_ROWS);
}

tessera_pipeline *fixture_pipeline(const tessera_run_options *opts,
                                   const char *const *strategies,
                                   const char *rules) {
  tessera_pipeline *pipeline = NULL;
  size_t i;
  if (!CHECK_STATUS(tessera_pipeline_create(&pipeline, opts), TESSERA_OK)) {
    return NULL;
  }
  for (i = 0; strategies != NULL && strategies[i] != NULL; ++i) {
    char name[64];
    const char *bar = strchr(strategies[i], '|');
    size_t length = bar ? (size_t)(bar - strategies[i]) : strlen(strategies[i]);
    if (length >= sizeof name) length = sizeof name - 1;
    memcpy(name, strategies[i], length);
    name[length] = '\0';
    if (!CHECK_STATUS(tessera_pipeline_add_strategy(pipeline, name,
                                                    bar ? bar + 1 : NULL),
                      TESSERA_OK)) {
      tessera_pipeline_free(pipeline);
      return NULL;
    }
  }
  if (rules != NULL &&
      !CHECK_STATUS(tessera_pipeline_add_rules(pipeline, rules, "fixture"),
                    TESSERA_OK)) {
    tessera_pipeline_free(pipeline);
    return NULL;
  }
  return pipeline;
}

size_t fixture_index(const tessera_dataset *dataset, int64_t key) {
  size_t index = (size_t)-1;
  if (!CHECK_STATUS(tessera_dataset_find_int_key(dataset, key, &index),
                    TESSERA_OK)) {
    return (size_t)-1;
  }
  return index;
}

const double *fixture_numeric(const tessera_result *result, const char *name) {
  size_t column = 0;
  const double *values = NULL;
  if (!CHECK_STATUS(tessera_result_find_column(result, name, &column),
                    TESSERA_OK) ||
      !CHECK_STATUS(tessera_result_numeric(result, column, &values),
                    TESSERA_OK)) {
    return NULL;
  }
  return values;
}

const char *fixture_label(const tessera_result *result, const char *name,
                          size_t index) {
  size_t column = 0, customers = 0;
  const int32_t *codes = NULL;
  const char *label = NULL;
  if (!CHECK_STATUS(tessera_result_find_column(result, name, &column),
                    TESSERA_OK) ||
      !CHECK_STATUS(tessera_result_codes(result, column, &codes), TESSERA_OK) ||
      !CHECK_STATUS(tessera_result_customer_count(result, &customers),
                    TESSERA_OK) ||
      !CHECK(index < customers)) {
    return NULL;
  }
  if (codes[index] < 0) return "(none)";
  if (!CHECK_STATUS(tessera_result_label(result, column, (size_t)codes[index],
                                         &label),
                    TESSERA_OK)) {
    return NULL;
  }
  return label;
}

int fixture_make_temp_dir(char *dir, size_t size) {
  const char *base = getenv("TMPDIR");
  if (base == NULL || base[0] == '\0') base = "/tmp";
  snprintf(dir, size, "%s/tessera_capi_XXXXXX", base);
  return CHECK(mkdtemp(dir) != NULL);
}

void fixture_remove_temp_dir(const char *dir) {
  DIR *listing = opendir(dir);
  struct dirent *entry;
  char path[1024];
  if (listing == NULL) return;
  while ((entry = readdir(listing)) != NULL) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) {
      continue;
    }
    fixture_path(path, sizeof path, dir, entry->d_name);
    unlink(path);
  }
  closedir(listing);
  rmdir(dir);
}

void fixture_path(char *path, size_t size, const char *dir, const char *name) {
  snprintf(path, size, "%s/%s", dir, name);
}

int fixture_write_file(const char *path, const char *text) {
  FILE *file = fopen(path, "wb");
  size_t length = strlen(text);
  int ok;
  if (!CHECK(file != NULL)) return 0;
  ok = fwrite(text, 1, length, file) == length;
  ok = fclose(file) == 0 && ok;
  return CHECK(ok);
}

char *fixture_read_file(const char *path) {
  FILE *file = fopen(path, "rb");
  char *text = NULL;
  size_t length = 0;
  size_t capacity = 0;
  size_t got;
  if (file == NULL) return NULL;
  do {
    if (length + 4096 + 1 > capacity) {
      char *grown;
      capacity = (length + 4096 + 1) * 2;
      grown = (char *)realloc(text, capacity);
      if (grown == NULL) {
        free(text);
        fclose(file);
        return NULL;
      }
      text = grown;
    }
    got = fread(text + length, 1, 4096, file);
    length += got;
  } while (got > 0);
  fclose(file);
  text[length] = '\0';
  return text;
}
