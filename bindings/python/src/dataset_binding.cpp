// Dataset, IngestReport, build_dataset (zero-copy columns) and read_csv.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <utility>

#include "bindings.h"
#include "columns_from_numpy.h"
#include "errors.h"
#include "python_objects.h"
#include "tessera/csv.h"
#include "tessera/dataset.h"

namespace tessera::python {
namespace {

IngestPolicy ParsePolicy(std::string_view policy) {
  return ChooseOption("policy", policy, {"lenient", "strict"}) == 0 ? IngestPolicy::kLenient
                                                                    : IngestPolicy::kStrict;
}

py::dict RejectedByReason(const IngestReport& report) {
  py::dict counts;
  for (int reason = 0; reason < kRejectReasonCount; ++reason) {
    counts[DecodeText(RejectReasonName(static_cast<RejectReason>(reason)))] =
        report.rejected_by_reason[static_cast<size_t>(reason)];
  }
  return counts;
}

py::list RejectionExamples(const IngestReport& report) {
  py::list examples;
  for (const RejectedRow& row : report.examples) {
    examples.append(py::make_tuple(row.line, DecodeText(row.column),
                                   DecodeText(RejectReasonName(row.reason)),
                                   DecodeText(row.detail)));
  }
  return examples;
}

py::object Keys(const Dataset& dataset) {
  const CustomerIndex& index = dataset.customers;
  if (index.kind() == KeyKind::kInteger) return CopyToArray(index.int_keys());
  py::array keys = py::module_::import("numpy").attr("empty")(index.size(), py::arg("dtype") = "object");
  auto** slots = static_cast<PyObject**>(keys.mutable_data());
  for (size_t i = 0; i < index.size(); ++i) {
    PyObject* key = DecodeText(index.string_keys()[i]).release().ptr();
    Py_XDECREF(slots[i]);
    slots[i] = key;
  }
  return py::object(std::move(keys));
}

// Integer keys may come as any integer type (numpy's int64 from a pandas
// index included), so they go through __index__.
int64_t Find(const Dataset& dataset, py::handle key) {
  const bool integer_keys = dataset.customers.kind() == KeyKind::kInteger;
  const bool text = py::isinstance<py::str>(key);
  int64_t found = -1;
  if (integer_keys && !text && !py::isinstance<py::bool_>(key)) {
    PyObject* index = PyNumber_Index(key.ptr());
    if (index == nullptr) PyErr_Clear();
    auto number = py::reinterpret_steal<py::object>(index);
    int overflow = 0;
    long long value = number ? PyLong_AsLongLongAndOverflow(number.ptr(), &overflow) : 0;
    if (!number || (value == -1 && PyErr_Occurred())) {
      PyErr_Clear();
      number = py::object();
    }
    if (!number) {
      ThrowInvalidInput("the dataset's customer keys are integers; got a key of type " +
                        std::string(py::str(py::type::handle_of(key).attr("__name__"))));
    }
    if (overflow == 0) found = dataset.customers.Find(static_cast<int64_t>(value));
  } else if (!integer_keys && text) {
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(key.ptr(), &size);
    if (utf8 == nullptr) {
      PyErr_Clear();  // not encodable, so not a key the dataset accepted
    } else {
      found = dataset.customers.Find(std::string_view(utf8, static_cast<size_t>(size)));
    }
  } else {
    ThrowInvalidInput(std::string("the dataset's customer keys are ") +
                      (integer_keys ? "integers" : "strings") + "; got a key of type " +
                      std::string(py::str(py::type::handle_of(key).attr("__name__"))));
  }
  if (found < 0) ThrowNotFound("no customer has the key " + std::string(py::repr(key)));
  return found;
}

// A new array nobody else holds, with the same dtype and values (None stays
// None); anything that is not an array is left for BorrowColumn to refuse.
py::object PrivateCopy(py::object value) {
  if (!py::isinstance<py::array>(value)) return value;
  return py::reinterpret_borrow<py::array>(value).attr("copy")();
}

std::vector<std::string> AttributeNames(const Dataset& dataset, bool text) {
  std::vector<std::string> names;
  if (text) {
    for (const CategoricalAttribute& attribute : dataset.attributes.categorical) {
      names.push_back(attribute.name);
    }
  } else {
    for (const NumericAttribute& attribute : dataset.attributes.numeric) {
      names.push_back(attribute.name);
    }
  }
  return names;
}

// Everything build_dataset passes to the core, with the Python objects its
// spans point into.
struct HostColumns {
  TransactionColumns transactions;
  CustomerColumns customers;
  std::vector<py::object> borrowed;
  TextColumn string_keys, categories, order_ids, customer_string_keys;
  std::vector<TextColumn> text_attributes;
};

std::shared_ptr<Dataset> BuildFromColumns(
    py::object int_keys, py::object string_keys, py::object missing_keys, py::object days,
    py::object epoch_seconds, py::object epoch_nanoseconds, py::object amounts,
    py::object quantities,
    py::object category_codes, py::object category_labels, py::object categories,
    py::object order_ids, py::object customer_int_keys, py::object customer_string_keys,
    py::object text_attributes, py::object number_attributes, std::string policy,
    std::string cancellation_prefix, int num_threads) {
  IngestOptions options;
  options.policy = ParsePolicy(policy);
  options.cancellation_prefix = std::move(cancellation_prefix);
  options.num_threads = num_threads;

  HostColumns host;
  TransactionColumns& in = host.transactions;
  in.int_keys = BorrowColumn<int64_t>(int_keys, "int_keys", host.borrowed);
  host.string_keys = TextColumn(string_keys, "string_keys");
  in.string_keys = host.string_keys.views();
  in.missing_keys = BorrowFlags(missing_keys, "missing_keys", host.borrowed);
  // Days are range-checked once and then used in day arithmetic, where a
  // value changed afterwards could overflow: copied like the codes below.
  in.days = BorrowColumn<int32_t>(PrivateCopy(days), "days", host.borrowed);
  in.epoch_seconds = BorrowColumn<int64_t>(epoch_seconds, "epoch_seconds", host.borrowed);
  in.epoch_nanoseconds =
      BorrowColumn<int64_t>(epoch_nanoseconds, "epoch_nanoseconds", host.borrowed);
  if (amounts.is_none()) ThrowInvalidInput("'amounts' is required");
  in.amounts = BorrowColumn<double>(amounts, "amounts", host.borrowed);
  in.quantities = BorrowColumn<double>(quantities, "quantities", host.borrowed);
  // Codes are checked against the labels once and then index them, so a
  // caller changing its array later (or from another thread during the
  // build) must not reach the dataset: they are always copied (4 bytes a row).
  in.category_codes = BorrowColumn<int32_t>(PrivateCopy(category_codes), "category_codes",
                                            host.borrowed);
  in.category_labels = ReadStrings(category_labels, "category_labels");
  host.categories = TextColumn(categories, "categories");
  in.categories = host.categories.views();
  host.order_ids = TextColumn(order_ids, "order_ids");
  in.order_ids = host.order_ids.views();
  in.keepalive = HoldWhileBorrowed(host.borrowed);

  CustomerColumns& customers = host.customers;
  std::vector<py::object> customer_arrays;
  customers.int_keys = BorrowColumn<int64_t>(customer_int_keys, "customer_int_keys", customer_arrays);
  host.customer_string_keys = TextColumn(customer_string_keys, "customer_string_keys");
  customers.string_keys = host.customer_string_keys.views();
  if (!text_attributes.is_none()) {
    py::list items(text_attributes.attr("items")());
    host.text_attributes.reserve(items.size());
    for (py::handle item : items) {
      std::string name = py::str(item[py::int_(0)]);
      host.text_attributes.emplace_back(item[py::int_(1)], "text_attributes['" + name + "']");
      customers.categorical.push_back({name, host.text_attributes.back().views()});
    }
  }
  if (!number_attributes.is_none()) {
    for (py::handle item : py::list(number_attributes.attr("items")())) {
      std::string name = py::str(item[py::int_(0)]);
      customers.numeric.push_back(
          {name, BorrowColumn<double>(item[py::int_(1)], "number_attributes['" + name + "']",
                                      customer_arrays)});
    }
  }

  absl::StatusOr<Dataset> dataset;
  {
    py::gil_scoped_release release;
    dataset = BuildDataset(customers, in, options);
  }
  return std::make_shared<Dataset>(ValueOrThrow(std::move(dataset), ErrorSource::kIngest));
}

std::shared_ptr<Dataset> ReadCsv(const std::string& path, std::string customer, std::string date,
                                 std::string amount, std::string quantity,
                                 std::string unit_price, std::string category,
                                 std::string order_id, std::string_view delimiter,
                                 bool has_header, std::string_view date_format,
                                 std::string_view key_kind, std::string_view policy,
                                 std::string cancellation_prefix, std::string rejects_path,
                                 int num_threads) {
  CsvOptions options;
  if (delimiter.size() != 1) {
    ThrowInvalidInput("'delimiter' must be one character, got '" + std::string(delimiter) + "'");
  }
  options.delimiter = delimiter[0];
  options.has_header = has_header;
  options.customer = std::move(customer);
  options.date = std::move(date);
  options.amount = std::move(amount);
  options.quantity = std::move(quantity);
  options.unit_price = std::move(unit_price);
  options.category = std::move(category);
  options.order_id = std::move(order_id);
  options.date_format = static_cast<DateFormat>(
      ChooseOption("date_format", date_format, {"auto", "iso", "iso_time", "yyyymmdd"}));
  options.key_kind =
      static_cast<KeyKindOption>(ChooseOption("key_kind", key_kind, {"auto", "integer", "string"}));
  options.ingest.policy = ParsePolicy(policy);
  options.ingest.cancellation_prefix = std::move(cancellation_prefix);
  options.ingest.num_threads = num_threads;
  options.rejects_path = std::move(rejects_path);
  absl::StatusOr<Dataset> dataset;
  {
    py::gil_scoped_release release;
    dataset = ReadTransactionsCsv(path, options);
  }
  return std::make_shared<Dataset>(ValueOrThrow(std::move(dataset), ErrorSource::kIngest));
}

}  // namespace

void RegisterDataset(py::module_& module) {
  py::class_<IngestReport>(module, "IngestReport",
                           "What happened to every input row: read = accepted + rejected.")
      .def_property_readonly("source", [](const IngestReport& r) { return DecodeText(r.source); })
      .def_readonly("rows_read", &IngestReport::rows_read)
      .def_readonly("rows_accepted", &IngestReport::rows_accepted)
      .def_property_readonly("rows_rejected", &IngestReport::rows_rejected)
      .def_readonly("return_rows", &IngestReport::return_rows)
      .def_property_readonly("rejected_by_reason", &RejectedByReason,
                             "Rejected rows by reason name, every reason included.")
      .def_property_readonly("examples", &RejectionExamples,
                             "(line, column, reason, detail) of the first rejections.")
      .def("summary", [](const IngestReport& r) { return DecodeText(r.Summary()); });

  py::class_<Dataset, std::shared_ptr<Dataset>>(
      module, "Dataset", "Customers and their transactions, as the core holds them.")
      .def_property_readonly("customer_count", &Dataset::customer_count)
      .def_property_readonly("transaction_count",
                             [](const Dataset& d) { return d.transactions.size(); })
      .def_property_readonly("key_kind",
                             [](const Dataset& d) {
                               return d.customers.kind() == KeyKind::kInteger ? "integer"
                                                                              : "string";
                             })
      .def_property_readonly(
          "report", [](const Dataset& d) -> const IngestReport& { return d.report; },
          py::return_value_policy::reference_internal)
      .def("keys", &Keys, "Customer keys in dense index order (the row order of results).")
      .def("find", &Find, py::arg("key"), "Dense index of a key; NotFoundError when unknown.")
      .def(
          "transaction_amounts",
          [](py::object self) {
            const Dataset& d = self.cast<const Dataset&>();
            return ReadOnlyView(d.transactions.amount.data(), d.transactions.amount.size(), self);
          },
          "The accepted rows' amounts, a read-only view of the dataset's column.")
      .def("text_attribute_names", [](const Dataset& d) { return AttributeNames(d, true); })
      .def("number_attribute_names", [](const Dataset& d) { return AttributeNames(d, false); });

  module.def("build_dataset", &BuildFromColumns, py::kw_only(), py::arg("int_keys") = py::none(),
             py::arg("string_keys") = py::none(), py::arg("missing_keys") = py::none(),
             py::arg("days") = py::none(), py::arg("epoch_seconds") = py::none(),
             py::arg("epoch_nanoseconds") = py::none(),
             py::arg("amounts"), py::arg("quantities") = py::none(),
             py::arg("category_codes") = py::none(), py::arg("category_labels") = py::none(),
             py::arg("categories") = py::none(), py::arg("order_ids") = py::none(),
             py::arg("customer_int_keys") = py::none(),
             py::arg("customer_string_keys") = py::none(),
             py::arg("text_attributes") = py::none(), py::arg("number_attributes") = py::none(),
             py::arg("policy") = "lenient", py::arg("cancellation_prefix") = "C",
             py::arg("num_threads") = 0,
             "Builds a dataset from columns of equal length, borrowing C-contiguous int64 keys, "
             "int32 days, int64 seconds and float64 amounts/quantities without copying. "
             "Releases the GIL while building.");

  module.def("read_csv", &ReadCsv, py::arg("path"), py::kw_only(), py::arg("customer"),
             py::arg("date"), py::arg("amount") = "", py::arg("quantity") = "",
             py::arg("unit_price") = "", py::arg("category") = "", py::arg("order_id") = "",
             py::arg("delimiter") = ",", py::arg("has_header") = true,
             py::arg("date_format") = "auto", py::arg("key_kind") = "auto",
             py::arg("policy") = "lenient", py::arg("cancellation_prefix") = "C",
             py::arg("rejects_path") = "", py::arg("num_threads") = 0,
             "Reads a transaction file into a Dataset. Releases the GIL while reading.");
}

}  // namespace tessera::python
