// Helpers shared by the tests: locating the shared reference data and small
// readers for the reference files.
#ifndef TESSERA_TESTS_TEST_SUPPORT_H_
#define TESSERA_TESTS_TEST_SUPPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace tessera::testing {

// True when CI=true: then missing shared data is a failure, not a skip.
bool RunningUnderCi();

// Absolute path of `relative` inside the shared data folder (TESSERA_SHARED_DATA
// in the environment, else ../shared/data beside the checkout), or "" when the
// file is not there.
std::string SharedDataPath(std::string_view relative);

// A file bundled in the repository, by path relative to its root.
std::string SourcePath(std::string_view relative);

// Splits a text file into lines (CR LF or LF) and each line into fields on
// `delimiter` (' ' = runs of blanks). For reading reference files, not for
// testing the CSV reader.
std::vector<std::vector<std::string>> ReadTable(const std::string& path,
                                                char delimiter);

}  // namespace tessera::testing

// Sets `var` to the shared data file, or skips the test (fails it under CI)
// with a message naming the missing file.
#define TESSERA_SHARED_FILE(var, relative)                                   \
  std::string var = ::tessera::testing::SharedDataPath(relative);             \
  if (var.empty()) {                                                          \
    if (::tessera::testing::RunningUnderCi()) {                               \
      FAIL() << "shared data file " << (relative)                             \
             << " is missing, and CI=true requires it";                       \
    }                                                                         \
    GTEST_SKIP() << "shared data file " << (relative)                         \
                 << " not found (set TESSERA_SHARED_DATA to ../shared/data)"; \
  }

#endif  // TESSERA_TESTS_TEST_SUPPORT_H_
