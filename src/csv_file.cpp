#include "csv_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tessera::internal {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string_view SkipBom(std::string_view text) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  return text;
}

absl::Status IoError(const std::string& path, const char* what, int error) {
  std::string message = absl::StrCat("cannot ", what, " '", path, "': ", std::strerror(error));
  return error == ENOENT ? absl::NotFoundError(message) : absl::InvalidArgumentError(message);
}

class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

absl::StatusOr<FileBytes> FileBytes::Open(const std::string& path) {
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return IoError(path, "open", errno);
  struct stat info;
  if (::fstat(fd.get(), &info) != 0) return IoError(path, "stat", errno);
  if (S_ISDIR(info.st_mode)) return IoError(path, "read", EISDIR);

  FileBytes file;
  if (S_ISREG(info.st_mode) && info.st_size > 0) {
    size_t size = static_cast<size_t>(info.st_size);
    // Every byte is about to be parsed anyway. Mapping all pages up front
    // costs far less than a fault per page later, faults that would also
    // serialise the parsing threads on the address-space lock.
    void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd.get(), 0);
    if (mapping != MAP_FAILED) {
      file.mapping_ = mapping;
      file.mapping_size_ = size;
      file.file_size_ = size;
      file.text_ = SkipBom(std::string_view(static_cast<const char*>(mapping), size));
      return file;
    }
  }
  char buffer[1 << 16];
  for (;;) {
    ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      return IoError(path, "read", errno);
    }
    file.read_.append(buffer, static_cast<size_t>(got));
  }
  file.file_size_ = file.read_.size();
  file.text_ = SkipBom(file.read_);
  return file;
}

FileBytes::FileBytes(FileBytes&& other) noexcept { *this = std::move(other); }

FileBytes& FileBytes::operator=(FileBytes&& other) noexcept {
  if (this == &other) return *this;
  Release();
  bool was_read = other.mapping_ == nullptr;
  size_t bom = other.file_size_ - other.text_.size();
  mapping_ = other.mapping_;
  mapping_size_ = other.mapping_size_;
  read_ = std::move(other.read_);
  file_size_ = other.file_size_;
  // A moved std::string may have moved its characters (small strings live
  // inside the object), so the view is rebuilt rather than copied.
  text_ = was_read ? std::string_view(read_).substr(bom) : other.text_;
  other.mapping_ = nullptr;
  other.mapping_size_ = 0;
  other.text_ = {};
  other.file_size_ = 0;
  return *this;
}

FileBytes::~FileBytes() { Release(); }

void FileBytes::Release() {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
  mapping_ = nullptr;
  mapping_size_ = 0;
}

}  // namespace tessera::internal
