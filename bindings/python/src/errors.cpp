#include "errors.h"

#include <cctype>

#include "python_objects.h"

namespace tessera::python {
namespace {

// Created once at import and never released: the classes must outlive every
// module object that might still raise them during interpreter shutdown.
PyObject* error_class = nullptr;
PyObject* invalid_input_class = nullptr;
PyObject* ingest_class = nullptr;
PyObject* rule_syntax_class = nullptr;
PyObject* not_found_class = nullptr;
PyObject* strategy_class = nullptr;

PyObject* NewClass(py::module_& module, const char* name, const char* doc,
                   py::tuple bases) {
  std::string qualified = std::string("tessera._core.") + name;
  PyObject* created =
      PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (created == nullptr) throw py::error_already_set();
  module.add_object(name, py::reinterpret_borrow<py::object>(created));
  return created;
}

bool EndsWithNumber(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(
                                     text[text.size() - 1 - digits]))) {
    ++digits;
  }
  return digits > 0;
}

std::string_view DropNumberAtEnd(std::string_view text) {
  while (!text.empty() && std::isdigit(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// "row 7: column 'amount': ..." (in-memory columns) or
// "data.csv:8: column 'amount': ..." (a file): where BuildDataset and the CSV
// readers say which row was bad.
bool IsIngestRowError(std::string_view message) {
  size_t at = message.find(": column '");
  if (at == std::string_view::npos) return false;
  std::string_view where = message.substr(0, at);
  if (!EndsWithNumber(where)) return false;
  std::string_view rest = DropNumberAtEnd(where);
  return rest == "row " || (!rest.empty() && rest.back() == ':');
}

// "rules.txt:3:22: error: ..." on the first line, as rule diagnostics start.
bool IsRuleDiagnostic(std::string_view message) {
  std::string_view first_line = message.substr(0, message.find('\n'));
  size_t at = first_line.find(": error: ");
  if (at == std::string_view::npos) return false;
  std::string_view where = first_line.substr(0, at);
  if (!EndsWithNumber(where)) return false;
  where = DropNumberAtEnd(where);
  if (where.empty() || where.back() != ':') return false;
  where.remove_suffix(1);
  if (!EndsWithNumber(where)) return false;
  where = DropNumberAtEnd(where);
  return !where.empty() && where.back() == ':';
}

// Debian's Abseil has its own string_view.
std::string_view MessageOf(const absl::Status& status) {
  return std::string_view(status.message().data(), status.message().size());
}

PyObject* ClassFor(const absl::Status& status, ErrorSource source) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kFailedPrecondition: {
      std::string_view message = MessageOf(status);
      if (source == ErrorSource::kRuleText || IsRuleDiagnostic(message)) {
        return rule_syntax_class;
      }
      if (source == ErrorSource::kIngest && IsIngestRowError(message)) return ingest_class;
      return invalid_input_class;
    }
    case absl::StatusCode::kNotFound:
      return not_found_class;
    default:
      return error_class;
  }
}

[[noreturn]] void Raise(PyObject* type, std::string_view message) {
  py::str text = DecodeText(message);
  PyErr_SetObject(type, text.ptr());
  throw py::error_already_set();
}

}  // namespace

void RegisterErrors(py::module_& module) {
  py::handle exception(PyExc_Exception), value_error(PyExc_ValueError),
      lookup_error(PyExc_LookupError);
  error_class = NewClass(module, "Error",
                         "Base class of every error tessera raises; str() is the core's message.",
                         py::make_tuple(exception));
  py::handle error(error_class);
  invalid_input_class = NewClass(
      module, "InvalidInputError",
      "A wrong argument or input value (absl InvalidArgument, OutOfRange, FailedPrecondition).",
      py::make_tuple(error, value_error));
  ingest_class = NewClass(
      module, "IngestError",
      "A bad row under the strict policy: \"row N: column 'x': reason: detail\".",
      py::make_tuple(py::handle(invalid_input_class)));
  rule_syntax_class = NewClass(
      module, "RuleSyntaxError",
      "Rule text that does not parse or bind; the message holds \"source:line:col: error: ...\", "
      "the line and a caret.",
      py::make_tuple(py::handle(invalid_input_class)));
  not_found_class = NewClass(
      module, "NotFoundError",
      "An unknown file, strategy, column, rule set or customer key.",
      py::make_tuple(error, lookup_error));
  strategy_class = NewClass(module, "StrategyError",
                            "A Python-defined strategy raised; the original is the __cause__.",
                            py::make_tuple(error));
}

void ThrowStatus(const absl::Status& status, ErrorSource source) {
  Raise(ClassFor(status, source), MessageOf(status));
}

void ThrowInvalidInput(std::string_view message) { Raise(invalid_input_class, message); }

void ThrowNotFound(std::string_view message) { Raise(not_found_class, message); }

void ThrowStrategyError(std::string_view message, py::object cause) {
  py::object error = py::reinterpret_borrow<py::object>(strategy_class)(DecodeText(message));
  if (!cause.is_none()) {
    // PyException_SetCause steals the reference and sets __suppress_context__.
    PyException_SetCause(error.ptr(), cause.release().ptr());
  }
  PyErr_SetObject(strategy_class, error.ptr());
  throw py::error_already_set();
}

}  // namespace tessera::python
