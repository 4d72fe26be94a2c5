// tessera_pipeline_run: tessera::Run with the pipeline's options and
// registry. It only reads the pipeline, so runs may overlap.
#include <memory>

#include "absl/strings/str_cat.h"
#include "arguments.h"
#include "errors.h"
#include "handles.h"
#include "host_strategy.h"
#include "tessera/features.h"

namespace tessera::capi {
namespace {

constexpr const char kFunction[] = "tessera_pipeline_run";

int RunPipeline(tessera_result** out, const tessera_pipeline* pipeline,
                const tessera_dataset* dataset) {
  if (int rc = NotNull(kFunction, "out", out)) return rc;
  *out = nullptr;
  if (int rc = NotNull(kFunction, "pipeline", pipeline)) return rc;
  if (int rc = NotNull(kFunction, "dataset", dataset)) return rc;
  const Dataset& data = dataset->state->dataset;

  const RunOptions* options = &pipeline->options;
  RunOptions dated;
  if (pipeline->as_of_auto) {
    dated = pipeline->options;
    dated.features.as_of = DayAfterLastTransaction(data);
    if (dated.features.as_of == kNoDay) {
      return Fail(TESSERA_EINVALID, kFunction,
                  "the dataset has no transactions, so there is no day after the last one; "
                  "give as_of_day in the pipeline's run options");
    }
    options = &dated;
  }

  absl::StatusOr<RunResult> run = Run(data, *options, pipeline->registry);
  if (!run.ok()) {
    if (run.status().code() == absl::StatusCode::kAborted) {
      const absl::string_view message = run.status().message();
      return Fail(TESSERA_ECALLBACK, kFunction,
                  HostStrategyMessage(std::string_view(message.data(), message.size())));
    }
    return FailWith(kFunction, run.status());
  }
  auto result = std::make_unique<tessera_result>();
  result->dataset.state = dataset->state;
  result->run = *std::move(run);
  result->rules = options->rules;
  result->as_of = options->features.as_of;
  IndexColumns(*result);
  *out = result.release();
  return TESSERA_OK;
}

}  // namespace
}  // namespace tessera::capi

extern "C" int tessera_pipeline_run(tessera_result** out, const tessera_pipeline* pipeline,
                                    const tessera_dataset* dataset) {
  return tessera::capi::Guard(tessera::capi::kFunction, [&]() -> int {
    return tessera::capi::RunPipeline(out, pipeline, dataset);
  });
}
