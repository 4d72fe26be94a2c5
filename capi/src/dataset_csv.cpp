// tessera_dataset_read_csv: tessera::ReadTransactionsCsv behind the C options.
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "arguments.h"
#include "errors.h"
#include "handles.h"
#include "options.h"
#include "tessera/csv.h"

namespace tessera::capi {
namespace {

constexpr const char kFunction[] = "tessera_dataset_read_csv";

// A strict read's first bad row: "path:line: column 'x': reason: detail".
bool IsBadRow(const absl::Status& status, const std::string& path, const CsvOptions& options) {
  if (options.ingest.policy != IngestPolicy::kStrict ||
      status.code() != absl::StatusCode::kInvalidArgument) {
    return false;
  }
  absl::string_view message = status.message();
  const std::string prefix = path + ":";
  return absl::StartsWith(message, prefix) && message.size() > prefix.size() &&
         absl::ascii_isdigit(static_cast<unsigned char>(message[prefix.size()]));
}

int ReadCsv(tessera_dataset** out, const char* path, const tessera_csv_options* opts) {
  if (int rc = NotNull(kFunction, "out", out)) return rc;
  *out = nullptr;
  if (int rc = NotNull(kFunction, "path", path)) return rc;
  if (int rc = NotNull(kFunction, "opts", opts)) return rc;
  CsvOptions options;
  if (int rc = ToCsvOptions(kFunction, *opts, options)) return rc;
  const std::string file(path);
  absl::StatusOr<Dataset> dataset = ReadTransactionsCsv(file, options);
  if (!dataset.ok()) {
    return IsBadRow(dataset.status(), file, options)
               ? FailWith(TESSERA_EPARSE, kFunction, dataset.status())
               : FailWith(kFunction, dataset.status());
  }
  *out = MakeDatasetHandle(*std::move(dataset)).release();
  return TESSERA_OK;
}

}  // namespace
}  // namespace tessera::capi

extern "C" int tessera_dataset_read_csv(tessera_dataset** out, const char* path,
                                        const tessera_csv_options* opts) {
  return tessera::capi::Guard(tessera::capi::kFunction,
                              [&]() -> int { return tessera::capi::ReadCsv(out, path, opts); });
}
