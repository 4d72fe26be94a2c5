#include "cli_fixture.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "test_support.h"

extern char** environ;

namespace tessera::testing {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void CliTest::SetUp() {
  std::string pattern = ::testing::TempDir() + "tessera_cli_XXXXXX";
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  dir_ = pattern;
}

void CliTest::TearDown() {
  for (const std::string& file : created_) unlink(file.c_str());
  unlink((dir_ + "/stdout").c_str());
  unlink((dir_ + "/stderr").c_str());
  rmdir(dir_.c_str());
}

std::string CliTest::Path(const std::string& name) {
  std::string path = dir_ + "/" + name;
  created_.push_back(path);
  return path;
}

Outcome CliTest::RunTessera(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string program = TESSERA_CLI_PATH;
  argv.push_back(program.data());
  std::vector<std::string> copies = args;
  for (std::string& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::string out_path = dir_ + "/stdout", err_path = dir_ + "/stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  Outcome outcome;
  pid_t pid;
  int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(spawned, 0) << "cannot start " << program;
  if (spawned != 0) return outcome;
  int status = 0;
  waitpid(pid, &status, 0);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  outcome.out = ReadFile(out_path);
  outcome.err = ReadFile(err_path);
  return outcome;
}

Outcome CliTest::RunCdnowSample(std::vector<std::string> extra) {
  std::vector<std::string> args = {"segment", SourcePath("data/cdnow/CDNOW_sample.txt"),
                                   "--delimiter", "space", "--no-header",
                                   "--customer", "#1", "--date", "#2",
                                   "--amount", "#4"};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunTessera(args);
}

}  // namespace tessera::testing
