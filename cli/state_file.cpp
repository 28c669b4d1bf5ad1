#include "state_file.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "error.hpp"

namespace qrange::cli {

namespace {

constexpr char kMagic[8] = {'Q', 'R', 'S', 'T', 'A', 'T', 'E', 'S'};
constexpr std::uint32_t kVersion = 1;

void put(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// Reads the frame front to back, never past the end.
class Reader {
 public:
  Reader(const std::string& path, const unsigned char* data, std::size_t size) : path_(path), p_(data), left_(size) {}

  std::uint64_t number(int bytes, const char* what) {
    need(static_cast<std::size_t>(bytes), what);
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= std::uint64_t{p_[i]} << (8 * i);
    skip(static_cast<std::size_t>(bytes));
    return v;
  }
  const unsigned char* take(std::uint64_t n, const std::string& what) {
    if (n > left_)
      throw file_error(path_, "truncated state file: " + what + " of " + std::to_string(n) + " bytes, but " +
                                  std::to_string(left_) + " remain");
    const unsigned char* at = p_;
    skip(static_cast<std::size_t>(n));
    return at;
  }
  std::size_t left() const { return left_; }

 private:
  void need(std::size_t n, const char* what) {
    if (n > left_) throw file_error(path_, std::string("truncated state file: no room for ") + what);
  }
  void skip(std::size_t n) {
    p_ += n;
    left_ -= n;
  }
  const std::string& path_;
  const unsigned char* p_;
  std::size_t left_;
};

bool by_name(const NamedState& a, const NamedState& b) { return a.name < b.name; }

}  // namespace

bool has_state_extension(const std::string& path) {
  return path.size() >= 4 && path.compare(path.size() - 4, 4, ".qrs") == 0;
}

bool is_state_file(const std::string& path) {
  char head[sizeof kMagic] = {};
  std::ifstream in(path, std::ios::binary);
  if (in && in.read(head, sizeof head) && std::memcmp(head, kMagic, sizeof kMagic) == 0) return true;
  return has_state_extension(path);
}

std::vector<NamedState> parse_state_file(const std::string& path, const unsigned char* data, std::size_t size) {
  if (size < sizeof kMagic || std::memcmp(data, kMagic, sizeof kMagic) != 0)
    throw file_error(path, "not a qrange state file (it does not start with \"QRSTATES\")");
  Reader r(path, data + sizeof kMagic, size - sizeof kMagic);
  const std::uint64_t version = r.number(4, "the version");
  if (version != kVersion)
    throw file_error(path, "state file version " + std::to_string(version) + ", this qrange reads version " +
                               std::to_string(kVersion));
  const std::uint64_t count = r.number(4, "the number of states");
  if (count == 0) throw file_error(path, "the state file holds no state");
  // Each state takes at least 12 bytes of frame: a lying count cannot make
  // us reserve more than the file's size.
  if (count > r.left() / 12)
    throw file_error(path, "truncated state file: " + std::to_string(count) + " states cannot fit in " +
                               std::to_string(r.left()) + " bytes");
  std::vector<NamedState> states;
  states.reserve(static_cast<std::size_t>(count));
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::uint64_t name_size = r.number(4, "a state's name length");
    const unsigned char* name = r.take(name_size, "the name of state " + std::to_string(i + 1));
    NamedState s{std::string(reinterpret_cast<const char*>(name), static_cast<std::size_t>(name_size)), {}};
    const std::uint64_t bytes = r.number(8, "a state's length");
    const unsigned char* b = r.take(bytes, "state '" + s.name + "'");
    s.bytes.assign(b, b + bytes);
    states.push_back(std::move(s));
  }
  if (r.left() != 0)
    throw file_error(path, std::to_string(r.left()) + " bytes after the last state (a damaged state file?)");
  std::sort(states.begin(), states.end(), by_name);
  for (std::size_t i = 1; i < states.size(); ++i)
    if (states[i].name == states[i - 1].name) throw file_error(path, "state '" + states[i].name + "' appears twice");
  return states;
}

std::string state_file_bytes(std::vector<NamedState> states) {
  std::sort(states.begin(), states.end(), by_name);
  for (std::size_t i = 1; i < states.size(); ++i)
    if (states[i].name == states[i - 1].name) throw std::logic_error("state_file_bytes: a name twice");
  std::string out(kMagic, sizeof kMagic);
  put(out, kVersion, 4);
  put(out, states.size(), 4);
  for (const NamedState& s : states) {
    put(out, s.name.size(), 4);
    out += s.name;
    put(out, s.bytes.size(), 8);
    out.append(reinterpret_cast<const char*>(s.bytes.data()), s.bytes.size());
  }
  return out;
}

}  // namespace qrange::cli
