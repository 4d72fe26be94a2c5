#include "test_support.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace tessera::testing {

bool RunningUnderCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

std::string SharedDataPath(std::string_view relative) {
  const char* env = std::getenv("TESSERA_SHARED_DATA");
  std::string root = env != nullptr && *env != '\0' ? env : TESSERA_SHARED_DATA;
  std::string path = root + "/" + std::string(relative);
  struct stat info;
  return stat(path.c_str(), &info) == 0 ? path : std::string();
}

std::string SourcePath(std::string_view relative) {
  return std::string(TESSERA_SOURCE_DIR) + "/" + std::string(relative);
}

std::vector<std::vector<std::string>> ReadTable(const std::string& path,
                                                char delimiter) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> fields;
    if (delimiter == ' ') {
      std::istringstream words(line);
      std::string word;
      while (words >> word) fields.push_back(word);
      if (fields.empty()) continue;
    } else {
      std::string field;
      std::istringstream parts(line);
      while (std::getline(parts, field, delimiter)) fields.push_back(field);
      if (!line.empty() && line.back() == delimiter) fields.emplace_back();
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

}  // namespace tessera::testing
