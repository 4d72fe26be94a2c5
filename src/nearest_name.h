// "Did you mean ...?" for names a person typed: the rule binder's unknown
// names and labels, and the command line's unknown options.
#ifndef TESSERA_SRC_NEAREST_NAME_H_
#define TESSERA_SRC_NEAREST_NAME_H_

#include <cstddef>
#include <string>
#include <vector>

namespace tessera::internal {

// Levenshtein distance, ignoring ASCII case ("Monetary" is "monetary").
size_t EditDistance(const std::string& a, const std::string& b);

// The candidate nearest to `name`, or null when none is close enough to be a
// plausible typo: at most max(2, length / 3) edits away.
const std::string* NearestName(const std::string& name,
                               const std::vector<std::string>& candidates);

}  // namespace tessera::internal

#endif  // TESSERA_SRC_NEAREST_NAME_H_
