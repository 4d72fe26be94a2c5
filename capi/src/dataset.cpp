// tessera_dataset: counts and customer keys of an immutable dataset.
#include <charconv>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl_compat.h"
#include "arguments.h"
#include "errors.h"
#include "getter.h"
#include "handles.h"
#include "returned_text.h"

namespace tessera::capi {

std::unique_ptr<tessera_dataset> MakeDatasetHandle(Dataset dataset) {
  auto state = std::make_shared<DatasetState>();
  state->dataset = std::move(dataset);
  // The summary names the file read, whose path may be in any encoding.
  state->summary = AsUtf8(state->dataset.report.Summary());
  auto handle = std::make_unique<tessera_dataset>();
  handle->state = std::move(state);
  return handle;
}

namespace {

// Every integer key as text in one buffer, made once per dataset.
void MakeKeyText(const DatasetState& state) {
  const std::vector<int64_t>& keys = state.dataset.customers.int_keys();
  state.key_text.resize(keys.size() * 21);
  state.key_offsets.resize(keys.size());
  char* at = state.key_text.data();
  for (size_t i = 0; i < keys.size(); ++i) {
    state.key_offsets[i] = static_cast<size_t>(at - state.key_text.data());
    at = std::to_chars(at, at + 20, keys[i]).ptr;
    *at++ = '\0';
  }
}

// Get() with the body given the core's dataset.
template <typename T, typename Body>
int Read(const char* function, const tessera_dataset* dataset, T* output,
         const char* output_name, T empty, Body&& body) {
  return Get(function, dataset, "dataset", output, output_name, empty,
             [&](const tessera_dataset& handle, T& out) -> int {
               return body(handle.state->dataset, out);
             });
}

int WrongKind(const char* function, std::string_view kind) {
  return Fail(TESSERA_EINVALID, function,
              absl::StrCat("the dataset's customer keys are ", internal::ToAbsl(kind)));
}

}  // namespace
}  // namespace tessera::capi

using tessera::capi::Read;

extern "C" {

void tessera_dataset_free(tessera_dataset* dataset) { delete dataset; }

int tessera_dataset_customer_count(const tessera_dataset* dataset, size_t* count) {
  return Read("tessera_dataset_customer_count", dataset, count, "count", size_t{0},
              [](const tessera::Dataset& d, size_t& out) -> int {
                out = d.customer_count();
                return TESSERA_OK;
              });
}

int tessera_dataset_transaction_count(const tessera_dataset* dataset, size_t* count) {
  return Read("tessera_dataset_transaction_count", dataset, count, "count", size_t{0},
              [](const tessera::Dataset& d, size_t& out) -> int {
                out = d.transactions.size();
                return TESSERA_OK;
              });
}

int tessera_dataset_key_kind(const tessera_dataset* dataset, int* kind) {
  return Read("tessera_dataset_key_kind", dataset, kind, "kind", 0,
              [](const tessera::Dataset& d, int& out) -> int {
                out = d.customers.kind() == tessera::KeyKind::kInteger ? TESSERA_KEYS_INTEGER
                                                                       : TESSERA_KEYS_STRING;
                return TESSERA_OK;
              });
}

int tessera_dataset_int_keys(const tessera_dataset* dataset, const int64_t** keys) {
  const char* function = "tessera_dataset_int_keys";
  return Read(function, dataset, keys, "keys", static_cast<const int64_t*>(nullptr),
              [&](const tessera::Dataset& d, const int64_t*& out) -> int {
                if (d.customers.kind() != tessera::KeyKind::kInteger) {
                  return tessera::capi::WrongKind(function, "strings; read them with "
                                                            "tessera_dataset_key");
                }
                out = d.customers.int_keys().data();
                return TESSERA_OK;
              });
}

int tessera_dataset_key(const tessera_dataset* dataset, size_t index, const char** key) {
  const char* function = "tessera_dataset_key";
  return Read(function, dataset, key, "key", static_cast<const char*>(nullptr),
              [&](const tessera::Dataset& d, const char*& out) -> int {
                if (int rc = tessera::capi::Index(function, "index", index, d.customer_count(),
                                                  "customers")) {
                  return rc;
                }
                const tessera::capi::DatasetState& state = *dataset->state;
                if (d.customers.kind() == tessera::KeyKind::kString) {
                  out = d.customers.string_keys()[index].c_str();
                  return TESSERA_OK;
                }
                std::call_once(state.key_text_once, [&] { tessera::capi::MakeKeyText(state); });
                out = state.key_text.data() + state.key_offsets[index];
                return TESSERA_OK;
              });
}

int tessera_dataset_find_int_key(const tessera_dataset* dataset, int64_t key, size_t* index) {
  const char* function = "tessera_dataset_find_int_key";
  return Read(function, dataset, index, "index", size_t{0},
              [&](const tessera::Dataset& d, size_t& out) -> int {
                if (d.customers.kind() != tessera::KeyKind::kInteger) {
                  return tessera::capi::WrongKind(
                      function, "strings; use tessera_dataset_find_string_key");
                }
                int64_t found = d.customers.Find(key);
                if (found < 0) {
                  return tessera::capi::Fail(TESSERA_ENOTFOUND, function,
                                             absl::StrCat("no customer has the key ", key));
                }
                out = static_cast<size_t>(found);
                return TESSERA_OK;
              });
}

int tessera_dataset_find_string_key(const tessera_dataset* dataset, const char* key,
                                    size_t* index) {
  const char* function = "tessera_dataset_find_string_key";
  return Read(function, dataset, index, "index", size_t{0},
              [&](const tessera::Dataset& d, size_t& out) -> int {
                if (int rc = tessera::capi::NotNull(function, "key", key)) return rc;
                if (d.customers.kind() != tessera::KeyKind::kString) {
                  return tessera::capi::WrongKind(function,
                                                  "integers; use tessera_dataset_find_int_key");
                }
                int64_t found = d.customers.Find(std::string_view(key));
                if (found < 0) {
                  return tessera::capi::Fail(TESSERA_ENOTFOUND, function,
                                             absl::StrCat("no customer has the key '", key, "'"));
                }
                out = static_cast<size_t>(found);
                return TESSERA_OK;
              });
}

}  // extern "C"
