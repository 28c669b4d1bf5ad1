#include "npy.hpp"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <map>

#include "error.hpp"

namespace qrange::cli {

namespace {

constexpr unsigned char kMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

// The header is a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
// Values are strings, booleans or tuples of integers; anything else is not a
// plain array and is reported as malformed or unsupported.
struct HeaderValue {
  std::string text;                  // a string, or "True"/"False"
  std::vector<std::uint64_t> tuple;  // a tuple
  bool is_tuple = false;
  bool is_string = false;
};

class HeaderParser {
 public:
  HeaderParser(const std::string& path, const char* p, std::size_t n) : path_(path), p_(p), end_(p + n) {}

  std::map<std::string, HeaderValue> dict() {
    std::map<std::string, HeaderValue> out;
    expect('{');
    while (!peek('}')) {
      HeaderValue key = value();
      if (!key.is_string) fail("a key is not a string");
      expect(':');
      out[key.text] = value();
      if (!eat(',')) break;
    }
    expect('}');
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw file_error(path_, "malformed .npy header: " + what); }
  void space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\t' || *p_ == '\r')) ++p_;
  }
  bool peek(char c) {
    space();
    return p_ != end_ && *p_ == c;
  }
  bool eat(char c) {
    if (!peek(c)) return false;
    ++p_;
    return true;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }

  HeaderValue value() {
    space();
    HeaderValue v;
    if (p_ == end_) fail("unexpected end");
    if (*p_ == '\'' || *p_ == '"') {
      const char q = *p_++;
      while (p_ != end_ && *p_ != q) v.text += *p_++;
      if (p_ == end_) fail("unterminated string");
      ++p_;
      v.is_string = true;
    } else if (*p_ == '(') {
      ++p_;
      v.is_tuple = true;
      while (!eat(')')) {
        v.tuple.push_back(integer());
        if (!eat(',')) {
          expect(')');
          break;
        }
      }
    } else if (*p_ == '[' || *p_ == '{') {
      fail("structured dtypes are not supported");
    } else {
      while (p_ != end_ && std::isalnum(static_cast<unsigned char>(*p_))) v.text += *p_++;
      if (v.text != "True" && v.text != "False") fail("unexpected value '" + v.text + "'");
    }
    return v;
  }

  std::uint64_t integer() {
    space();
    std::uint64_t n = 0;
    const char* start = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') {
      if (n > (UINT64_MAX - 9) / 10) fail("dimension too large");
      n = n * 10 + static_cast<std::uint64_t>(*p_++ - '0');
    }
    if (p_ == start) fail("a dimension is not a non-negative integer");
    if (p_ != end_ && *p_ == 'L') ++p_;  // Python 2 long suffix
    return n;
  }

  const std::string& path_;
  const char* p_;
  const char* end_;
};

struct Descr {
  DType dtype;
  bool big_endian;
};

Descr parse_descr(const std::string& path, const std::string& d) {
  constexpr bool kHostBig = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
  auto unsupported = [&] {
    return file_error(path, "unsupported dtype '" + d + "' (expected float16, float32 or float64)");
  };
  if (d.size() != 3 || d[1] != 'f') throw unsupported();
  DType t = d[2] == '2' ? DType::f16 : d[2] == '4' ? DType::f32 : d[2] == '8' ? DType::f64 : DType::other;
  if (t == DType::other) throw unsupported();
  if (d[0] == '<') return {t, false};
  if (d[0] == '>') return {t, true};
  if (d[0] == '=') return {t, kHostBig};
  throw unsupported();
}

std::uint32_t little_endian(const unsigned char* p, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

Tensor read_npy(const MappedFile& file) {
  const std::string& path = file.path();
  const unsigned char* p = file.data();
  const std::size_t size = file.size();
  if (size < sizeof kMagic || std::memcmp(p, kMagic, sizeof kMagic) != 0)
    throw file_error(path, "not a .npy file (no \\x93NUMPY magic)");
  if (size < 10) throw file_error(path, "truncated .npy header");
  const int major = p[6];
  if (major < 1 || major > 3)
    throw file_error(path, "unsupported .npy format version " + std::to_string(major) + "." + std::to_string(p[7]));
  const int len_bytes = major == 1 ? 2 : 4;
  const std::size_t header_start = 8 + static_cast<std::size_t>(len_bytes);
  if (size < header_start) throw file_error(path, "truncated .npy header");
  const std::size_t header_len = little_endian(p + 8, len_bytes);
  if (header_len > size - header_start)
    throw file_error(path, "the header claims " + std::to_string(header_len) + " bytes but the file has only " +
                               std::to_string(size - header_start) + " after the preamble");

  auto dict = HeaderParser(path, reinterpret_cast<const char*>(p + header_start), header_len).dict();
  for (const char* key : {"descr", "fortran_order", "shape"})
    if (!dict.count(key)) throw file_error(path, std::string("malformed .npy header: no '") + key + "' key");
  if (!dict["descr"].is_string) throw file_error(path, "malformed .npy header: 'descr' is not a string");
  if (!dict["shape"].is_tuple) throw file_error(path, "malformed .npy header: 'shape' is not a tuple");
  if (dict["fortran_order"].text == "True")
    throw file_error(path, "Fortran-order arrays are not supported (save a C-order copy: np.ascontiguousarray)");
  if (dict["fortran_order"].text != "False")
    throw file_error(path, "malformed .npy header: 'fortran_order' is not True or False");

  const Descr descr = parse_descr(path, dict["descr"].text);
  Tensor t;
  t.name = path;
  t.dtype = descr.dtype;
  t.stored_dtype = dict["descr"].text;
  t.big_endian = descr.big_endian;
  t.shape = dict["shape"].tuple;

  const std::size_t item = item_size(t.dtype);
  std::uint64_t count = 1;
  for (std::uint64_t d : t.shape) {
    if (d != 0 && count > UINT64_MAX / item / d)
      throw file_error(path, "shape " + shape_string(t.shape) + " is too large");
    count *= d;
  }
  if (count == 0) throw file_error(path, "empty tensor: shape " + shape_string(t.shape));
  const std::size_t data_start = header_start + header_len;
  const std::uint64_t need = count * item;
  const std::size_t have = size - data_start;
  if (have < need)
    throw file_error(path, "truncated data: shape " + shape_string(t.shape) + " of " + dtype_name(t.dtype) + " needs " +
                               std::to_string(need) + " bytes, the file has " + std::to_string(have));
  if (have > need)
    throw file_error(path, "the header does not match the data: shape " + shape_string(t.shape) + " of " +
                               dtype_name(t.dtype) + " needs " + std::to_string(need) + " bytes, the file has " +
                               std::to_string(have));
  t.data = p + data_start;
  t.bytes = static_cast<std::size_t>(need);
  return t;
}

std::string npy_header(DType dtype, const std::vector<std::uint64_t>& shape) {
  const char order = item_size(dtype) == 1 ? '|' : (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? '>' : '<');
  const char kind = dtype == DType::u8 || dtype == DType::u16 ? 'u' : 'i';
  std::string dict = std::string("{'descr': '") + order + kind + std::to_string(item_size(dtype)) +
                     "', 'fortran_order': False, 'shape': " + shape_string(shape) + ", }";
  // Magic (6) + version (2) + length (2) + dict + spaces + '\n', a multiple of 64.
  std::size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::string out(reinterpret_cast<const char*>(kMagic), sizeof kMagic);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(dict.size() & 0xFF);
  out += static_cast<char>(dict.size() >> 8);
  return out + dict;
}

}  // namespace qrange::cli
