#include "tessera/dictionary.h"

namespace tessera {

int32_t Dictionary::Intern(std::string_view value) {
  auto [it, inserted] = codes_.try_emplace(std::string(value),
                                           static_cast<int32_t>(labels_.size()));
  if (inserted) labels_.emplace_back(value);
  return it->second;
}

int32_t Dictionary::Find(std::string_view value) const {
  auto it = codes_.find(std::string(value));
  return it == codes_.end() ? -1 : it->second;
}

}  // namespace tessera
