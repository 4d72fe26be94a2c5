// Runs the real tessera binary, as a user would, capturing its exit code,
// stdout and stderr, in a temporary folder of its own per test.
#ifndef TESSERA_TESTS_CLI_FIXTURE_H_
#define TESSERA_TESTS_CLI_FIXTURE_H_

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace tessera::testing {

struct Outcome {
  int exit_code = -1;  // negative: killed by that signal
  std::string out;
  std::string err;
};

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);
bool Contains(const std::string& text, const std::string& part);

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A file in the test's folder, removed after the test.
  std::string Path(const std::string& name);

  // Runs tessera with `args`, stdout and stderr captured in files.
  Outcome RunTessera(const std::vector<std::string>& args);

  // The quick-start command of the README and --help, plus `extra`.
  Outcome RunCdnowSample(std::vector<std::string> extra);

 private:
  std::string dir_;
  std::vector<std::string> created_;
};

}  // namespace tessera::testing

#endif  // TESSERA_TESTS_CLI_FIXTURE_H_
