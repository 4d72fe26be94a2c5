// A one-line progress bar for reading large files, drawn on a terminal only.
#ifndef TESSERA_SRC_CLI_PROGRESS_H_
#define TESSERA_SRC_CLI_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace tessera::cli {

class ProgressBar {
 public:
  // Draws on `out` (stderr) only when it is a terminal and `enabled`.
  ProgressBar(std::FILE* out, std::string label, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Safe to call from any thread, as often as the reader likes: short jobs
  // never show a bar, and redraws are limited to a few per second.
  void Update(uint64_t done, uint64_t total);
  // Erases the bar, so that what follows starts on a clean line.
  void Finish();

 private:
  using Clock = std::chrono::steady_clock;

  std::FILE* out_;
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  std::mutex mutex_;
};

}  // namespace tessera::cli

#endif  // TESSERA_SRC_CLI_PROGRESS_H_
