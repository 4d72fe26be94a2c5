#include "npy_orders.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tessera/dates.h"

namespace tessera::bench {
namespace {

bool HostIsLittleEndian() {
  const uint16_t probe = 1;
  unsigned char first_byte = 0;
  std::memcpy(&first_byte, &probe, 1);
  return first_byte == 1;
}

// The .npy layout: "\x93NUMPY", a major and a minor version byte, the header
// length (2 bytes little-endian in version 1, 4 bytes from version 2), a
// Python dict literal with 'descr', 'fortran_order' and 'shape', then the
// values. numpy writes the dict keys in that order, sorted.
template <typename T>
absl::StatusOr<std::vector<T>> ReadNpy(const std::string& path, const char* descr) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open '", path, "'"));
  auto unusable = [&path](const std::string& why) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", path, "' is not a usable .npy column: ", why));
  };
  unsigned char prefix[12];
  if (!in.read(reinterpret_cast<char*>(prefix), 10) ||
      std::memcmp(prefix, "\x93NUMPY", 6) != 0) {
    return unusable("no .npy magic");
  }
  size_t header_length = prefix[8] | static_cast<size_t>(prefix[9]) << 8;
  if (prefix[6] >= 2) {
    if (!in.read(reinterpret_cast<char*>(prefix + 10), 2)) return unusable("truncated");
    header_length |= static_cast<size_t>(prefix[10]) << 16 | static_cast<size_t>(prefix[11]) << 24;
  }
  std::string header(header_length, '\0');
  if (!in.read(header.data(), static_cast<std::streamsize>(header_length))) {
    return unusable("truncated header");
  }
  if (header.find(absl::StrCat("'descr': '", descr, "'")) == std::string::npos) {
    return unusable(absl::StrCat("expected values of type ", descr, ", header is ", header));
  }
  if (header.find("'fortran_order': False") == std::string::npos) {
    return unusable("Fortran order is not supported");
  }
  const std::string shape_key = "'shape': (";
  size_t shape = header.find(shape_key);
  if (shape == std::string::npos) return unusable("no shape");
  const char* digits = header.c_str() + shape + shape_key.size();
  char* digits_end = nullptr;
  unsigned long long length = std::strtoull(digits, &digits_end, 10);
  if (digits_end == digits || std::strncmp(digits_end, ",)", 2) != 0) {
    return unusable("expected one dimension");
  }
  std::vector<T> values(static_cast<size_t>(length));
  const auto bytes = static_cast<std::streamsize>(values.size() * sizeof(T));
  if (!in.read(reinterpret_cast<char*>(values.data()), bytes)) {
    return unusable(absl::StrCat("shorter than its ", length, " values"));
  }
  return values;
}

absl::StatusOr<int64_t> MetaInteger(const std::string& meta, const std::string& path,
                                    const char* name) {
  const std::string key = absl::StrCat("\"", name, "\":");
  size_t at = meta.find(key);
  const char* start = at == std::string::npos ? nullptr : meta.c_str() + at + key.size();
  char* end = nullptr;
  long long value = start == nullptr ? 0 : std::strtoll(start, &end, 10);
  if (start == nullptr || end == start) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", path, "' has no integer \"", name, "\""));
  }
  return value;
}

}  // namespace

absl::StatusOr<SyntheticOrders> ReadPeerOrders(const std::string& dir,
                                               const std::string& size) {
  if (!HostIsLittleEndian()) {
    return absl::UnimplementedError(".npy columns are little-endian and this host is not");
  }
  const std::string base = absl::StrCat(dir, "/", size, "_");
  const std::string meta_path = base + "meta.json";
  std::ifstream meta_file(meta_path);
  if (!meta_file) {
    return absl::NotFoundError(absl::StrCat(
        "cannot open '", meta_path, "'; write it with gen_data.py ", size));
  }
  const std::string meta((std::istreambuf_iterator<char>(meta_file)),
                         std::istreambuf_iterator<char>());
  // gen_data.py counts days from this epoch; another would need converting.
  if (meta.find("\"epoch\": \"2022-01-01\"") == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", meta_path, "': expected \"epoch\": \"2022-01-01\""));
  }
  absl::StatusOr<int64_t> customers = MetaInteger(meta, meta_path, "n_cust");
  if (!customers.ok()) return customers.status();
  absl::StatusOr<int64_t> as_of_day = MetaInteger(meta, meta_path, "asof_day");
  if (!as_of_day.ok()) return as_of_day.status();

  absl::StatusOr<std::vector<int64_t>> ids = ReadNpy<int64_t>(base + "customer_id.npy", "<i8");
  if (!ids.ok()) return ids.status();
  absl::StatusOr<std::vector<int32_t>> days = ReadNpy<int32_t>(base + "day.npy", "<i4");
  if (!days.ok()) return days.status();
  absl::StatusOr<std::vector<double>> amounts = ReadNpy<double>(base + "amount.npy", "<f8");
  if (!amounts.ok()) return amounts.status();
  absl::StatusOr<std::vector<int32_t>> categories =
      ReadNpy<int32_t>(base + "category.npy", "<i4");
  if (!categories.ok()) return categories.status();
  const size_t rows = ids->size();
  if (days->size() != rows || amounts->size() != rows || categories->size() != rows) {
    return absl::InvalidArgumentError(
        absl::StrCat("the columns ", base, "*.npy differ in length"));
  }

  const Day epoch = *DayFromCivil(2022, 1, 1);
  SyntheticOrders orders;
  orders.customer_id = *std::move(ids);
  orders.day = *std::move(days);
  for (Day& day : orders.day) day += epoch;
  orders.amount = *std::move(amounts);
  orders.category = *std::move(categories);
  int32_t max_category = -1;
  for (int32_t code : orders.category) {
    if (code < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(base, "category.npy holds a negative code, ", code));
    }
    max_category = std::max(max_category, code);
  }
  for (int32_t k = 0; k <= max_category; ++k) {
    orders.category_labels.push_back(std::to_string(k));
  }
  orders.customer_count = static_cast<size_t>(*customers);
  orders.as_of = epoch + static_cast<Day>(*as_of_day);
  return orders;
}

}  // namespace tessera::bench
