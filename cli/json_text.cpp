#include "json_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <unordered_set>
#include <utility>
#include <vector>

namespace qrange::cli {

namespace {

// An integer's text, or a float's or double's shortest round-trip text.
template <class T>
std::string to_text(T value) {
  char buf[64];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
}

// f rounded to `digits` significant digits.
std::string to_text(float f, int digits) {
  char buf[64];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, f, std::chars_format::general, digits).ptr);
}

bool reads_back(const std::string& text, float f) {
  const float direct = std::strtof(text.c_str(), nullptr);
  const float via_double = static_cast<float>(std::strtod(text.c_str(), nullptr));
  return std::memcmp(&direct, &f, sizeof f) == 0 && std::memcmp(&via_double, &f, sizeof f) == 0;
}

void dump_to(std::string& out, const Json& v, int indent, int depth) {
  auto newline = [&](int d) {
    if (indent < 0) return;
    out += '\n';
    out.append(static_cast<std::size_t>(indent * d), ' ');
  };
  switch (v.type()) {
    case Json::value_t::number_float: {
      // "-0" would read back as the integer 0, which has no sign.
      const double d = v.get<double>();
      out += !std::isfinite(d) ? "null" : d == 0 && std::signbit(d) ? "-0.0" : to_text(d);
      break;
    }
    case Json::value_t::number_integer: out += to_text(v.get<std::int64_t>()); break;
    case Json::value_t::number_unsigned: out += to_text(v.get<std::uint64_t>()); break;
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const Json& item : v) {
        if (!first) out += indent < 0 ? "," : ", ";
        first = false;
        dump_to(out, item, indent, depth + 1);
      }
      out += ']';
      break;
    }
    case Json::value_t::object:
      out += '{';
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (it != v.begin()) out += ',';
        newline(depth + 1);
        out += Json(it.key()).dump(-1, ' ', false, Json::error_handler_t::replace);
        out += indent < 0 ? ":" : ": ";
        dump_to(out, it.value(), indent, depth + 1);
      }
      if (!v.empty()) newline(depth);
      out += '}';
      break;
    default:  // null, booleans, strings; text that is not UTF-8 (a file name) gets U+FFFD
      out += v.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

// Builds the document from nlohmann's SAX events. Its own DOM builder would
// look every key up in the ordered object, quadratic in a header's tensors;
// here a hash set per open object finds repeats and members are appended.
class Builder {
 public:
  static constexpr std::size_t kMaxDepth = 64;

  bool null() { return put(nullptr); }
  bool boolean(bool b) { return put(b); }
  bool number_integer(Json::number_integer_t i) { return put(i); }
  bool number_unsigned(Json::number_unsigned_t u) { return put(u); }
  bool number_float(Json::number_float_t d, const Json::string_t&) { return put(d); }
  bool string(Json::string_t& s) { return put(std::move(s)); }
  bool binary(Json::binary_t&) { return fail("binary value"); }  // only from binary formats
  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(Json::string_t& k) {
    if (!open_.back().keys.insert(k).second) return fail("duplicate key \"" + k + "\"");
    key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const Json::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 6: ..." without the tag.
    const char* what = e.what();
    const char* text = std::strstr(what, "] ");
    return fail(text ? text + 2 : what);
  }

  Json root;
  std::string error;  // set when a callback returned false

 private:
  struct Open {
    Json* value;
    std::unordered_set<std::string> keys;  // objects only
  };

  bool fail(std::string what) {
    error = std::move(what);
    return false;
  }
  // Places v in the open container (or as the root) and returns where it is.
  Json* place(Json&& v) {
    if (open_.empty()) return &(root = std::move(v));
    Json& parent = *open_.back().value;
    if (parent.is_array()) {
      parent.get_ref<Json::array_t&>().push_back(std::move(v));
      return &parent.back();
    }
    auto& members = static_cast<Json::object_t::Container&>(parent.get_ref<Json::object_t&>());
    members.emplace_back(std::move(key_), std::move(v));
    return &members.back().second;
  }
  bool put(Json&& v) {
    place(std::move(v));
    return true;
  }
  bool open(Json&& v) {
    if (open_.size() == kMaxDepth) return fail("nested deeper than 64 levels");
    Json* at = place(std::move(v));  // the containers below stay put: only the innermost grows
    open_.push_back({at, {}});
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }

  std::vector<Open> open_;
  std::string key_;
};

}  // namespace

Json json_float(float f) {
  if (!std::isfinite(f)) return nullptr;
  // The float's shortest text can lie so close to the midpoint between f and
  // a neighbour that its nearest double rounds to the neighbour (7.038531e-26,
  // bits 0x15ae43fd): such a float gets more digits until both readings of
  // the printed text give f. Nine digits always do: they stay at least
  // 2.5e-8 (relative) from a midpoint, far beyond a double's rounding.
  for (int digits = 0; digits <= 9; ++digits) {
    const double d = std::strtod((digits ? to_text(f, digits) : to_text(f)).c_str(), nullptr);
    if (reads_back(to_text(d), f)) return d;  // to_text(d) is what dump() prints
  }
  return static_cast<double>(f);  // not reached (see above); exact all the same
}

std::string dump(const Json& v, int indent) {
  std::string out;
  dump_to(out, v, indent, 0);
  return out;
}

Json parse(const char* text, std::size_t size) {
  Builder b;
  if (!Json::sax_parse(text, text + size, &b)) throw std::runtime_error(b.error);
  return std::move(b.root);
}

}  // namespace qrange::cli
