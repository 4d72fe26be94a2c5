// The exception classes of tessera._core and the one place that turns an
// absl::Status into one of them, message unchanged.
#ifndef TESSERA_PYTHON_ERRORS_H_
#define TESSERA_PYTHON_ERRORS_H_

#include <pybind11/pybind11.h>

#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tessera::python {

namespace py = pybind11;

// What the failing call was doing, which decides the finer classes: a strict
// ingest's bad row is an IngestError, a rule file's parse error a
// RuleSyntaxError.
enum class ErrorSource { kGeneral, kIngest, kRuleText };

void RegisterErrors(py::module_& module);

[[noreturn]] void ThrowStatus(const absl::Status& status,
                              ErrorSource source = ErrorSource::kGeneral);
[[noreturn]] void ThrowInvalidInput(std::string_view message);
[[noreturn]] void ThrowNotFound(std::string_view message);
// A StrategyError whose __cause__ is `cause` (when not None).
[[noreturn]] void ThrowStrategyError(std::string_view message, py::object cause);

inline void ThrowIfError(const absl::Status& status,
                         ErrorSource source = ErrorSource::kGeneral) {
  if (!status.ok()) ThrowStatus(status, source);
}

template <typename T>
T ValueOrThrow(absl::StatusOr<T> value, ErrorSource source = ErrorSource::kGeneral) {
  if (!value.ok()) ThrowStatus(value.status(), source);
  return *std::move(value);
}

}  // namespace tessera::python

#endif  // TESSERA_PYTHON_ERRORS_H_
