#include "rule_inputs.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tessera::cli {
namespace {

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::NotFoundError(
        absl::StrCat("cannot read rule file '", path, "': ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

absl::StatusOr<std::vector<RuleFile>> LoadRuleFiles(const std::vector<std::string>& paths) {
  std::vector<RuleFile> files;
  for (const std::string& path : paths) {
    std::string text;
    if (path.rfind(kBuiltinPrefix, 0) == 0) {
      absl::StatusOr<std::string_view> builtin =
          BuiltinRuleFile(std::string_view(path).substr(kBuiltinPrefix.size()));
      if (!builtin.ok()) return builtin.status();
      text = std::string(*builtin);
    } else {
      absl::StatusOr<std::string> read = ReadTextFile(path);
      if (!read.ok()) return read.status();
      text = *std::move(read);
    }
    absl::StatusOr<RuleFile> file = RuleFile::Parse(text, path);
    if (!file.ok()) return file.status();
    files.push_back(*std::move(file));
  }
  return files;
}

absl::StatusOr<std::map<std::string, TierSnapshot, std::less<>>> LoadPreviousTiers(
    const std::vector<std::string>& paths) {
  std::map<std::string, TierSnapshot, std::less<>> snapshots;
  for (const std::string& path : paths) {
    absl::StatusOr<TierSnapshot> snapshot = ReadTierSnapshot(path);
    if (!snapshot.ok()) return snapshot.status();
    std::string set = snapshot->rule_set;
    if (!snapshots.emplace(set, *std::move(snapshot)).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "two --previous-tiers files are snapshots of rule set '", set, "'; give one"));
    }
  }
  return snapshots;
}

absl::StatusOr<uint32_t> FindCustomer(const CustomerIndex& customers, std::string_view key) {
  int64_t index = -1;
  if (customers.kind() == KeyKind::kString) {
    index = customers.Find(key);
  } else if (int64_t number = 0; absl::SimpleAtoi(absl::string_view(key.data(), key.size()), &number)) {
    index = customers.Find(number);
  }
  if (index < 0) {
    return absl::NotFoundError(absl::StrCat("no customer has the key '", std::string(key), "'"));
  }
  return static_cast<uint32_t>(index);
}

std::string SnapshotPath(const std::string& path, std::string_view set, size_t set_count) {
  if (set_count <= 1) return path;
  size_t slash = path.find_last_of('/');
  size_t dot = path.find_last_of('.');
  bool has_extension = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  size_t cut = has_extension ? dot : path.size();
  return absl::StrCat(path.substr(0, cut), ".", std::string(set), path.substr(cut));
}

}  // namespace tessera::cli
