// The C option structs as the core's option types: versions, enums and text
// checked, NULL text as the default.
#ifndef TESSERA_CAPI_OPTIONS_H_
#define TESSERA_CAPI_OPTIONS_H_

#include <string_view>

#include "tessera/csv.h"
#include "tessera/dataset.h"
#include "tessera/features.h"
#include "tessera/tessera.h"

namespace tessera::capi {

// `argument` names the struct in messages ("opts", "opts->ingest").
int ToIngestOptions(std::string_view function, std::string_view argument,
                    const tessera_ingest_options& in, IngestOptions& out);
int ToCsvOptions(std::string_view function, const tessera_csv_options& in, CsvOptions& out);
// as_of_auto is set when the analysis date is to be the day after the
// dataset's last transaction.
int ToFeatureOptions(std::string_view function, const tessera_run_options& in,
                     FeatureOptions& out, bool& as_of_auto);

}  // namespace tessera::capi

#endif  // TESSERA_CAPI_OPTIONS_H_
