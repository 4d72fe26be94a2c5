// tessera_result: the run's feature and score columns, labels and warnings,
// read in place.
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl_compat.h"
#include "arguments.h"
#include "errors.h"
#include "getter.h"
#include "handles.h"

namespace tessera::capi {

void IndexColumns(tessera_result& result) {
  result.columns.clear();
  for (const FeatureTable::Entry& feature : result.run.features.columns()) {
    result.columns.push_back(
        {&feature.name, TESSERA_COLUMN_FEATURE, feature.values.data(), nullptr});
  }
  for (const ScoreColumn& score : result.run.scores.columns()) {
    const bool numeric = score.kind == ScoreColumn::Kind::kNumeric;
    result.columns.push_back({&score.name,
                              numeric ? TESSERA_COLUMN_NUMERIC : TESSERA_COLUMN_CATEGORICAL,
                              numeric ? score.numeric.data() : nullptr, &score});
  }
}

namespace {

size_t Customers(const tessera_result& result) {
  return result.dataset.state->dataset.customer_count();
}

using Column = tessera_result::Column;

// Get() of one column, checked to exist.
template <typename T, typename Body>
int ReadColumn(const char* function, const tessera_result* result, size_t column, T* output,
               const char* output_name, T empty, Body&& body) {
  return Get(function, result, "result", output, output_name, empty,
             [&](const tessera_result& r, T& out) -> int {
               if (int rc = Index(function, "column", column, r.columns.size(), "columns")) {
                 return rc;
               }
               return body(r.columns[column], out);
             });
}

int NotA(const char* function, const tessera_result::Column& column, std::string_view kind,
         std::string_view instead) {
  return Fail(TESSERA_EINVALID, function,
              absl::StrCat("column '", *column.name, "' is not ", internal::ToAbsl(kind),
                           "; use ", internal::ToAbsl(instead)));
}

// The range [first, first + n) of customers, checked without overflow.
int Range(const char* function, const tessera_result& result, size_t first, size_t n,
          const void* buffer) {
  if (int rc = ArrayOf(function, "buffer", buffer, n)) return rc;
  const size_t customers = Customers(result);
  if (first <= customers && n <= customers - first) return TESSERA_OK;
  return Fail(TESSERA_EINVALID, function,
              absl::StrCat("first ", first, " and n ", n, " reach past the ", customers,
                           " customers"));
}

int Numeric(const char* function, const tessera_result* result, size_t column,
            const double** values) {
  return ReadColumn(function, result, column, values, "values",
                    static_cast<const double*>(nullptr),
                    [&](const Column& c, const double*& out) -> int {
                      if (c.kind == TESSERA_COLUMN_CATEGORICAL) {
                        return NotA(function, c, "numeric", "tessera_result_codes");
                      }
                      out = c.numeric;
                      return TESSERA_OK;
                    });
}

int Codes(const char* function, const tessera_result* result, size_t column,
          const int32_t** codes) {
  return ReadColumn(function, result, column, codes, "codes",
                    static_cast<const int32_t*>(nullptr),
                    [&](const Column& c, const int32_t*& out) -> int {
                      if (c.kind != TESSERA_COLUMN_CATEGORICAL) {
                        return NotA(function, c, "categorical", "tessera_result_numeric");
                      }
                      out = c.score->codes.data();
                      return TESSERA_OK;
                    });
}

// Copies customers [first, first + n) of the column that `read` (Numeric or
// Codes) hands out.
template <typename T>
int CopyRange(const char* function, int (*read)(const char*, const tessera_result*, size_t,
                                                const T**),
              const tessera_result* result, size_t column, size_t first, T* buffer, size_t n) {
  const T* values = nullptr;
  if (int rc = read(function, result, column, &values)) return rc;
  return Guard(function, [&]() -> int {
    if (int rc = Range(function, *result, first, n, buffer)) return rc;
    if (n > 0) std::memcpy(buffer, values + first, n * sizeof(T));
    return TESSERA_OK;
  });
}

}  // namespace
}  // namespace tessera::capi

using tessera::capi::Get;
using tessera::capi::ReadColumn;
using tessera::capi::Column;

extern "C" {

void tessera_result_free(tessera_result* result) { delete result; }

int tessera_result_customer_count(const tessera_result* result, size_t* count) {
  return Get("tessera_result_customer_count", result, "result", count, "count", size_t{0},
             [](const tessera_result& r, size_t& out) -> int {
               out = tessera::capi::Customers(r);
               return TESSERA_OK;
             });
}

int tessera_result_dataset(const tessera_result* result, const tessera_dataset** dataset) {
  return Get("tessera_result_dataset", result, "result", dataset, "dataset",
             static_cast<const tessera_dataset*>(nullptr),
             [](const tessera_result& r, const tessera_dataset*& out) -> int {
               out = &r.dataset;
               return TESSERA_OK;
             });
}

int tessera_result_column_count(const tessera_result* result, size_t* count) {
  return Get("tessera_result_column_count", result, "result", count, "count", size_t{0},
             [](const tessera_result& r, size_t& out) -> int {
               out = r.columns.size();
               return TESSERA_OK;
             });
}

int tessera_result_column_name(const tessera_result* result, size_t column, const char** name) {
  return ReadColumn("tessera_result_column_name", result, column, name, "name",
                    static_cast<const char*>(nullptr),
                    [](const Column& c, const char*& out) -> int {
                      out = c.name->c_str();
                      return TESSERA_OK;
                    });
}

int tessera_result_column_kind(const tessera_result* result, size_t column, int* kind) {
  return ReadColumn("tessera_result_column_kind", result, column, kind, "kind", 0,
                    [](const Column& c, int& out) -> int {
                      out = c.kind;
                      return TESSERA_OK;
                    });
}

int tessera_result_find_column(const tessera_result* result, const char* name, size_t* column) {
  const char* function = "tessera_result_find_column";
  return Get(function, result, "result", column, "column", size_t{0},
             [&](const tessera_result& r, size_t& out) -> int {
               if (int rc = tessera::capi::NotNull(function, "name", name)) return rc;
               std::vector<std::string> names;
               for (size_t i = 0; i < r.columns.size(); ++i) {
                 if (*r.columns[i].name == name) {
                   out = i;
                   return TESSERA_OK;
                 }
                 names.push_back(*r.columns[i].name);
               }
               return tessera::capi::Fail(
                   TESSERA_ENOTFOUND, function,
                   absl::StrCat("no column named '", name, "'; the columns are ",
                                absl::StrJoin(names, ", ")));
             });
}

int tessera_result_numeric(const tessera_result* result, size_t column, const double** values) {
  return tessera::capi::Numeric("tessera_result_numeric", result, column, values);
}

int tessera_result_codes(const tessera_result* result, size_t column, const int32_t** codes) {
  return tessera::capi::Codes("tessera_result_codes", result, column, codes);
}

int tessera_result_label_count(const tessera_result* result, size_t column, size_t* count) {
  const char* function = "tessera_result_label_count";
  return ReadColumn(function, result, column, count, "count", size_t{0},
                    [&](const Column& c, size_t& out) -> int {
                      if (c.kind != TESSERA_COLUMN_CATEGORICAL) {
                        return tessera::capi::NotA(function, c, "categorical",
                                                   "tessera_result_numeric");
                      }
                      out = c.score->labels.size();
                      return TESSERA_OK;
                    });
}

int tessera_result_label(const tessera_result* result, size_t column, size_t code,
                         const char** label) {
  const char* function = "tessera_result_label";
  return ReadColumn(function, result, column, label, "label", static_cast<const char*>(nullptr),
                    [&](const Column& c, const char*& out) -> int {
                      if (c.kind != TESSERA_COLUMN_CATEGORICAL) {
                        return tessera::capi::NotA(function, c, "categorical",
                                                   "tessera_result_numeric");
                      }
                      const std::vector<std::string>& labels = c.score->labels;
                      if (int rc = tessera::capi::Index(function, "code", code, labels.size(),
                                                        "labels")) {
                        return rc;
                      }
                      out = labels[code].c_str();
                      return TESSERA_OK;
                    });
}

int tessera_result_copy_numeric(const tessera_result* result, size_t column, size_t first,
                                double* buffer, size_t n) {
  return tessera::capi::CopyRange("tessera_result_copy_numeric", tessera::capi::Numeric, result,
                                  column, first, buffer, n);
}

int tessera_result_copy_codes(const tessera_result* result, size_t column, size_t first,
                              int32_t* buffer, size_t n) {
  return tessera::capi::CopyRange("tessera_result_copy_codes", tessera::capi::Codes, result,
                                  column, first, buffer, n);
}

int tessera_result_warning_count(const tessera_result* result, size_t* count) {
  return Get("tessera_result_warning_count", result, "result", count, "count", size_t{0},
             [](const tessera_result& r, size_t& out) -> int {
               out = r.run.warnings.size();
               return TESSERA_OK;
             });
}

int tessera_result_warning(const tessera_result* result, size_t i, const char** text) {
  const char* function = "tessera_result_warning";
  return Get(function, result, "result", text, "text", static_cast<const char*>(nullptr),
             [&](const tessera_result& r, const char*& out) -> int {
               const std::vector<std::string>& warnings = r.run.warnings;
               if (int rc = tessera::capi::Index(function, "i", i, warnings.size(), "warnings")) {
                 return rc;
               }
               out = warnings[i].c_str();
               return TESSERA_OK;
             });
}

}  // extern "C"
