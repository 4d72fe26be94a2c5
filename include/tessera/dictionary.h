// Dictionary encoding for string columns: each distinct string gets a dense
// int32 code in order of first appearance, so hot loops compare integers.
#ifndef TESSERA_DICTIONARY_H_
#define TESSERA_DICTIONARY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace tessera {

class Dictionary {
 public:
  // Returns the code of `value`, adding it when new.
  int32_t Intern(std::string_view value);
  // Returns the code of `value`, or -1 when it is not in the dictionary.
  int32_t Find(std::string_view value) const;

  const std::string& label(int32_t code) const { return labels_[code]; }
  const std::vector<std::string>& labels() const { return labels_; }
  size_t size() const { return labels_.size(); }

 private:
  std::vector<std::string> labels_;
  absl::flat_hash_map<std::string, int32_t> codes_;
};

}  // namespace tessera

#endif  // TESSERA_DICTIONARY_H_
