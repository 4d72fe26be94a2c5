#include "tessera/dictionary.h"

namespace tessera {

// absl's string hash and equality are transparent, so lookups take an
// absl::string_view without building a std::string.
int32_t Dictionary::Intern(std::string_view value) {
  absl::string_view key(value.data(), value.size());
  auto it = codes_.find(key);
  if (it != codes_.end()) return it->second;
  int32_t code = static_cast<int32_t>(labels_.size());
  codes_.emplace(std::string(value), code);
  labels_.emplace_back(value);
  return code;
}

int32_t Dictionary::Find(std::string_view value) const {
  auto it = codes_.find(absl::string_view(value.data(), value.size()));
  return it == codes_.end() ? -1 : it->second;
}

}  // namespace tessera
