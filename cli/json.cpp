#include "json.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace qrange::cli::json {

namespace {

template <class F>
std::string shortest(F f) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, f);
  return std::string(buf, res.ptr);
}

}  // namespace

Value::Value(float f) {
  if (std::isfinite(f)) {
    kind_ = Kind::number;
    text_ = shortest(f);
  }
}

Value::Value(double d) {
  if (std::isfinite(d)) {
    kind_ = Kind::number;
    text_ = shortest(d);
  }
}

double Value::number() const { return std::strtod(text_.c_str(), nullptr); }

const Value* Value::find(const std::string& key) const {
  for (const auto& m : members_)
    if (m.first == key) return &m.second;
  return nullptr;
}

Value& Value::push(Value v) {
  items_.push_back(std::move(v));
  return items_.back();
}

Value& Value::set(std::string key, Value v) {
  for (auto& m : members_)
    if (m.first == key) return m.second = std::move(v);
  members_.emplace_back(std::move(key), std::move(v));
  return members_.back().second;
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string Value::dump(int indent) const {
  std::string out;
  dump_to(out, indent, 0);
  return out;
}

void Value::dump_to(std::string& out, int indent, int depth) const {
  auto newline = [&](int d) {
    if (indent < 0) return;
    out += '\n';
    out.append(static_cast<std::size_t>(indent * d), ' ');
  };
  switch (kind_) {
    case Kind::null: out += "null"; break;
    case Kind::boolean: out += bool_ ? "true" : "false"; break;
    case Kind::number: out += text_; break;
    case Kind::string: out += quote(text_); break;
    case Kind::array:
      out += '[';
      for (std::size_t i = 0; i < items_.size(); ++i) {
        if (i) out += indent < 0 ? "," : ", ";
        items_[i].dump_to(out, indent, depth + 1);
      }
      out += ']';
      break;
    case Kind::object:
      out += '{';
      for (std::size_t i = 0; i < members_.size(); ++i) {
        if (i) out += ',';
        newline(depth + 1);
        out += quote(members_[i].first);
        out += indent < 0 ? ":" : ": ";
        members_[i].second.dump_to(out, indent, depth + 1);
      }
      if (!members_.empty()) newline(depth);
      out += '}';
      break;
  }
}

// Recursive descent over the JSON grammar, with a depth limit so that a
// hostile header cannot exhaust the stack.
class Parser {
 public:
  Parser(const char* p, std::size_t n) : begin_(p), p_(p), end_(p + n) {}

  Value document() {
    Value v = value(0);
    skip_space();
    if (p_ != end_) error("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void error(const std::string& what) const {
    throw std::runtime_error(what + " at byte " + std::to_string(p_ - begin_));
  }
  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  bool eat(char c) {
    skip_space();
    if (p_ != end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) error(std::string("expected '") + c + "'");
  }
  bool literal(const char* word) {
    std::size_t len = std::char_traits<char>::length(word);
    if (static_cast<std::size_t>(end_ - p_) >= len && std::char_traits<char>::compare(p_, word, len) == 0) {
      p_ += len;
      return true;
    }
    return false;
  }

  Value value(int depth) {
    if (depth > 64) error("JSON nested too deeply");
    skip_space();
    if (p_ == end_) error("unexpected end of JSON");
    if (*p_ == '{') return object(depth);
    if (*p_ == '[') return array(depth);
    if (*p_ == '"') return Value(string());
    if (literal("true")) return Value(true);
    if (literal("false")) return Value(false);
    if (literal("null")) return Value();
    return number();
  }

  Value object(int depth) {
    ++p_;
    Value v = Value::object();
    if (eat('}')) return v;
    do {
      skip_space();
      if (p_ == end_ || *p_ != '"') error("expected a string key");
      std::string key = string();
      expect(':');
      v.members_.emplace_back(std::move(key), value(depth + 1));  // set() would be quadratic
    } while (eat(','));
    expect('}');
    return v;
  }

  Value array(int depth) {
    ++p_;
    Value v = Value::array();
    if (eat(']')) return v;
    do v.push(value(depth + 1));
    while (eat(','));
    expect(']');
    return v;
  }

  Value number() {
    const char* start = p_;
    if (p_ != end_ && *p_ == '-') ++p_;
    auto digits = [&] {
      const char* d = p_;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      return p_ != d;
    };
    if (!digits()) error("invalid JSON value");
    if (p_ != end_ && *p_ == '.' && (++p_, !digits())) error("invalid number");
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digits()) error("invalid number");
    }
    Value v;
    v.kind_ = Value::Kind::number;
    v.text_.assign(start, p_);
    return v;
  }

  unsigned hex4() {
    if (end_ - p_ < 4) error("truncated \\u escape");
    unsigned u = 0;
    for (int i = 0; i < 4; ++i, ++p_) {
      char c = *p_;
      u <<= 4;
      if (c >= '0' && c <= '9') u |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') u |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') u |= static_cast<unsigned>(c - 'A' + 10);
      else error("invalid \\u escape");
    }
    return u;
  }

  static void utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string string() {
    ++p_;
    std::string out;
    while (true) {
      if (p_ == end_) error("unterminated string");
      char c = *p_++;
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) error("control character in string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (p_ == end_) error("unterminated string");
      switch (char e = *p_++) {
        case '"': case '\\': case '/': out += e; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
            p_ += 2;
            unsigned lo = hex4();
            if (lo < 0xDC00 || lo >= 0xE000) error("invalid surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          utf8(out, cp);
          break;
        }
        default: error("invalid escape in string");
      }
    }
  }

  const char* begin_;
  const char* p_;
  const char* end_;
};

Value parse(const char* text, std::size_t size) { return Parser(text, size).document(); }

}  // namespace qrange::cli::json
