// A small JSON value: enough to read safetensors headers and to write the
// command's reports, sidecars and headers. Objects keep their key order so
// that output is stable and reads in the order it was built.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace qrange::cli::json {

class Value {
 public:
  enum class Kind { null, boolean, number, string, array, object };

  Value() = default;
  Value(bool b) : kind_(Kind::boolean), bool_(b) {}
  // Floats print with the fewest digits that read back to the same float, so
  // a float32 scale shows as 0.78431374, not 0.7843137383460999. Non-finite
  // numbers have no JSON form: they become null.
  Value(float f);
  Value(double d);
  Value(int i) : Value(static_cast<std::int64_t>(i)) {}
  Value(std::int64_t i) : kind_(Kind::number), text_(std::to_string(i)) {}
  Value(std::uint64_t u) : kind_(Kind::number), text_(std::to_string(u)) {}
  Value(const char* s) : kind_(Kind::string), text_(s) {}
  Value(std::string s) : kind_(Kind::string), text_(std::move(s)) {}

  static Value array() { return Value(Kind::array); }
  static Value object() { return Value(Kind::object); }

  Kind kind() const { return kind_; }
  bool is_number() const { return kind_ == Kind::number; }
  bool is_string() const { return kind_ == Kind::string; }
  bool is_array() const { return kind_ == Kind::array; }
  bool is_object() const { return kind_ == Kind::object; }

  const std::string& str() const { return text_; }  // a string's text, a number's literal
  double number() const;
  const std::vector<Value>& items() const { return items_; }
  const std::vector<std::pair<std::string, Value>>& members() const { return members_; }
  const Value* find(const std::string& key) const;  // nullptr when absent

  Value& push(Value v);                       // appends to an array
  Value& set(std::string key, Value v);       // replaces the member `key`, or appends it
  Value& set(std::string key, const char* v) { return set(std::move(key), Value(v)); }

  // Compact text when indent < 0, else pretty-printed with `indent` spaces.
  std::string dump(int indent = -1) const;

 private:
  explicit Value(Kind k) : kind_(k) {}
  void dump_to(std::string& out, int indent, int depth) const;
  friend class Parser;

  Kind kind_ = Kind::null;
  bool bool_ = false;
  std::string text_;
  std::vector<Value> items_;
  std::vector<std::pair<std::string, Value>> members_;
};

// Parses a complete JSON text; throws std::runtime_error("... at byte N").
Value parse(const char* text, std::size_t size);

std::string quote(const std::string& s);

}  // namespace qrange::cli::json
