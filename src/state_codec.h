// Little-endian byte writer and bounds-checked reader for serialized states.
// The reader never reads past its input: after the first short read every
// value comes back zero and ok() stays false.
#ifndef TESSERA_SRC_STATE_CODEC_H_
#define TESSERA_SRC_STATE_CODEC_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tessera::internal {

class StateWriter {
 public:
  void Bytes(const void* data, size_t size) {
    out_.append(static_cast<const char*>(data), size);
  }
  void U8(uint8_t v) { Bytes(&v, 1); }
  void U32(uint32_t v) { Fixed(v); }
  void I32(int32_t v) { Fixed(static_cast<uint32_t>(v)); }
  void U64(uint64_t v) { Fixed(v); }
  void I64(int64_t v) { Fixed(static_cast<uint64_t>(v)); }
  void F64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    Fixed(bits);
  }
  void String(std::string_view s) {
    U64(s.size());
    Bytes(s.data(), s.size());
  }
  std::string Take() && { return std::move(out_); }

 private:
  template <typename T>
  void Fixed(T v) {
    unsigned char bytes[sizeof(T)];
    for (size_t i = 0; i < sizeof(T); ++i) bytes[i] = static_cast<unsigned char>(v >> (8 * i));
    Bytes(bytes, sizeof(T));
  }
  std::string out_;
};

class StateReader {
 public:
  explicit StateReader(std::string_view in) : in_(in) {}

  bool ok() const { return ok_; }
  bool done() const { return ok_ && pos_ == in_.size(); }

  void Bytes(void* out, size_t size) {
    if (!Have(size)) {
      std::memset(out, 0, size);
      return;
    }
    std::memcpy(out, in_.data() + pos_, size);
    pos_ += size;
  }
  uint8_t U8() { return Fixed<uint8_t>(); }
  uint32_t U32() { return Fixed<uint32_t>(); }
  int32_t I32() { return static_cast<int32_t>(Fixed<uint32_t>()); }
  uint64_t U64() { return Fixed<uint64_t>(); }
  int64_t I64() { return static_cast<int64_t>(Fixed<uint64_t>()); }
  double F64() {
    uint64_t bits = Fixed<uint64_t>();
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
  }
  std::string String() {
    uint64_t size = Count(1);
    if (!ok_) return {};
    std::string s(in_.substr(pos_, size));
    pos_ += size;
    return s;
  }
  // A length prefix for items of at least `min_item_bytes` each; one that
  // could not fit in the remaining input fails, so a corrupt length never
  // turns into a huge allocation.
  uint64_t Count(size_t min_item_bytes) {
    uint64_t n = U64();
    if (!ok_ || n > (in_.size() - pos_) / min_item_bytes) {
      ok_ = false;
      return 0;
    }
    return n;
  }

 private:
  bool Have(size_t size) {
    if (ok_ && in_.size() - pos_ >= size) return true;
    ok_ = false;
    return false;
  }
  template <typename T>
  T Fixed() {
    if (!Have(sizeof(T))) return 0;
    T v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) {
      v = static_cast<T>(v | static_cast<T>(static_cast<T>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i)));
    }
    pos_ += sizeof(T);
    return v;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace tessera::internal

#endif  // TESSERA_SRC_STATE_CODEC_H_
