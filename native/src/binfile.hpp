// The iden3 binary container used by .zkey and .wtns files: a 4-byte magic, a u32 version,
// a u32 section count, then sections (u32 type, u64 size, bytes). Every read is bounds-checked;
// anything malformed raises FormatError (never reads past the buffer).
#pragma once
#include <cstdint>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>

namespace zkd {

// A malformed input file. `code` is a stable identifier surfaced to JavaScript.
struct FormatError : std::runtime_error {
  std::string code;
  FormatError(const std::string& c, const std::string& message) : std::runtime_error(message), code(c) {}
};

struct Span {
  const uint8_t* data;
  size_t size;
};

// Sequential little-endian reader over a span.
class Reader {
 public:
  Reader(Span s, const std::string& code, const std::string& what) : s_(s), code_(code), what_(what) {}
  const uint8_t* take(size_t n) {
    if (n > s_.size - pos_) throw FormatError(code_, what_ + ": truncated");
    const uint8_t* p = s_.data + pos_;
    pos_ += n;
    return p;
  }
  uint32_t u32() {
    uint32_t v;
    std::memcpy(&v, take(4), 4);
    return v;
  }
  uint64_t u64() {
    uint64_t v;
    std::memcpy(&v, take(8), 8);
    return v;
  }
  size_t remaining() const { return s_.size - pos_; }

 private:
  Span s_;
  size_t pos_ = 0;
  std::string code_, what_;
};

// Parses the container and returns the first section of each type (as snarkjs reads them).
inline std::map<uint32_t, Span> readBinSections(Span file, const char magic[4], uint32_t maxVersion, const std::string& code, const std::string& what) {
  Reader r(file, code, what);
  if (std::memcmp(r.take(4), magic, 4) != 0) throw FormatError(code, what + ": not a " + std::string(magic, 4) + " file (bad magic)");
  uint32_t version = r.u32();
  if (version == 0 || version > maxVersion) throw FormatError(code, what + ": unsupported version " + std::to_string(version));
  uint32_t nSections = r.u32();
  std::map<uint32_t, Span> sections;
  for (uint32_t i = 0; i < nSections; i++) {
    uint32_t type = r.u32();
    uint64_t size = r.u64();
    if (size > r.remaining()) throw FormatError(code, what + ": section " + std::to_string(type) + " runs past the end of the file");
    const uint8_t* p = r.take((size_t)size);
    sections.emplace(type, Span{p, (size_t)size});
  }
  return sections;
}

inline Span requireSection(const std::map<uint32_t, Span>& sections, uint32_t type, const std::string& code, const std::string& what) {
  auto it = sections.find(type);
  if (it == sections.end()) throw FormatError(code, what + ": section " + std::to_string(type) + " is missing");
  return it->second;
}

}  // namespace zkd
