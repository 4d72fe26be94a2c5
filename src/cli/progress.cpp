#include "progress.h"

#include <unistd.h>

#include <algorithm>

namespace tessera::cli {
namespace {

// Jobs done within this time never show a bar, so quick runs stay quiet.
constexpr std::chrono::milliseconds kShowAfter(500);
constexpr std::chrono::milliseconds kRedrawEvery(100);
constexpr int kBarWidth = 30;

double Megabytes(uint64_t bytes) { return static_cast<double>(bytes) / 1e6; }

}  // namespace

ProgressBar::ProgressBar(std::FILE* out, std::string label, bool enabled)
    : out_(out),
      label_(std::move(label)),
      enabled_(enabled && isatty(fileno(out)) != 0),
      start_(Clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(uint64_t done, uint64_t total) {
  if (!enabled_ || total == 0) return;
  std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  // Another thread is drawing; this update would be stale by the time it
  // got its turn.
  if (!lock.owns_lock()) return;
  Clock::time_point now = Clock::now();
  if (now - start_ < kShowAfter || now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
  int filled = static_cast<int>(fraction * kBarWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kBarWidth - filled), '.');
  std::fprintf(out_, "\r%s [%s] %3d%%  %.1f / %.1f MB", label_.c_str(), bar.c_str(),
               static_cast<int>(fraction * 100), Megabytes(done), Megabytes(total));
  std::fflush(out_);
  drawn_ = true;
}

void ProgressBar::Finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!drawn_) return;
  // Carriage return, then erase to the end of the line (ANSI, which every
  // terminal that reports isatty understands in practice).
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace tessera::cli
