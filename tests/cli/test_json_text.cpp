// The command's JSON (cli/json_text.cpp): float32 numbers print as the
// shortest text that reads back as the same float32, also through a double;
// parsing keeps key order and refuses repeated keys and deep nesting.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "json_text.hpp"

using qrange::cli::Json;

namespace {

float from_bits(std::uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}
std::uint32_t bits_of(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}
std::string shortest(float f) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, f).ptr);
}
bool reads_back_via_double(const std::string& text, float f) {
  return bits_of(static_cast<float>(std::strtod(text.c_str(), nullptr))) == bits_of(f);
}

// Every sign and exponent (subnormals, zero, Inf and NaN included) with 2048
// mantissas each: the ends and a multiplicative hash of the index.
std::vector<std::uint32_t> float_patterns() {
  std::vector<std::uint32_t> out;
  for (std::uint32_t sign_exp = 0; sign_exp < 512; ++sign_exp)
    for (std::uint32_t i = 0; i < 2048; ++i) {
      const std::uint32_t mantissa = i == 0 ? 0 : i == 1 ? 0x7fffff : (i * 0x9E3779B1u) >> 9;
      out.push_back(sign_exp << 23 | mantissa);
    }
  out.push_back(0x15ae43fd);  // its shortest text reads back through a double as 0x15ae43fe
  out.push_back(0x95ae43fd);
  return out;
}

}  // namespace

TEST_CASE("json_float: 2^20 float32 patterns print as text that reads back bit-identical") {
  const std::vector<std::uint32_t> patterns = float_patterns();
  REQUIRE(patterns.size() == (std::size_t{1} << 20) + 2);
  std::size_t longer = 0;
  for (std::uint32_t b : patterns) {
    const float f = from_bits(b);
    const std::string text = qrange::cli::dump(qrange::cli::json_float(f));
    CAPTURE(b);
    CAPTURE(text);
    if (!std::isfinite(f)) {
      CHECK(text == "null");
      continue;
    }
    // Through the parser (a double) and straight into a float32.
    REQUIRE(bits_of(static_cast<float>(qrange::cli::parse(text.data(), text.size()).get<double>())) == b);
    REQUIRE(bits_of(std::strtof(text.c_str(), nullptr)) == b);
    // The float's shortest text unless that one fails through a double.
    if (text != shortest(f) && f != 0) {
      ++longer;
      REQUIRE_FALSE(reads_back_via_double(shortest(f), f));
      REQUIRE(text.size() <= shortest(f).size() + 2);
    }
  }
  MESSAGE(longer << " of " << patterns.size() << " patterns need more digits than their shortest text");
  CHECK(qrange::cli::dump(qrange::cli::json_float(from_bits(0x15ae43fd))) == "7.0385307e-26");
  CHECK(qrange::cli::dump(qrange::cli::json_float(0.78431374f)) == "0.78431374");
  CHECK(qrange::cli::dump(qrange::cli::json_float(-0.0f)) == "-0.0");
}

TEST_CASE("dump: the command's layout, byte for byte") {
  Json v = Json::object();
  v["b"] = Json::array({1, qrange::cli::json_float(2.5f), nullptr, true});
  v["a"] = Json::object();
  v["n"] = std::uint64_t{18446744073709551615u};
  v["d"] = 0.1;
  v["inf"] = HUGE_VAL;
  v["s"] = "tab\there \"q\" \x01";
  CHECK(qrange::cli::dump(v) ==
        R"({"b":[1,2.5,null,true],"a":{},"n":18446744073709551615,"d":0.1,"inf":null,"s":"tab\there \"q\" \u0001"})");
  CHECK(qrange::cli::dump(v, 2) == "{\n  \"b\": [1, 2.5, null, true],\n  \"a\": {},\n  \"n\": 18446744073709551615,\n"
                                   "  \"d\": 0.1,\n  \"inf\": null,\n  \"s\": \"tab\\there \\\"q\\\" \\u0001\"\n}");
}

TEST_CASE("parse: order kept; repeated keys, deep nesting and bad text refused") {
  auto parse = [](const std::string& text) { return qrange::cli::parse(text.data(), text.size()); };
  const Json v = parse(R"({"z": 1, "a": [2, {"y": 3, "b": null}], "m": "x"})");
  CHECK(qrange::cli::dump(v) == R"({"z":1,"a":[2,{"y":3,"b":null}],"m":"x"})");
  CHECK_THROWS_WITH_AS(parse(R"({"w": 1, "v": 2, "w": 3})"), "duplicate key \"w\"", std::runtime_error);
  CHECK_NOTHROW(parse(R"([{"w": {"w": 1}}, {"w": 2}])"));  // the same key in different objects

  CHECK_NOTHROW(parse(std::string(64, '[') + std::string(64, ']')));
  CHECK_THROWS_WITH_AS(parse(std::string(65, '[') + std::string(65, ']')), "nested deeper than 64 levels",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(parse(std::string(100000, '[')), "nested deeper than 64 levels", std::runtime_error);
  std::string objects;
  for (int i = 0; i < 65; ++i) objects += "{\"k\":";
  CHECK_THROWS_WITH_AS(parse(objects + "1" + std::string(65, '}')), "nested deeper than 64 levels",
                       std::runtime_error);

  for (const char* bad : {"", "{oops", "[1,]", "{\"a\" 1}", "1 2", "\"\\ud800\"", "1e999", "\"\xff\""}) {
    CAPTURE(std::string(bad));
    // nlohmann's message without its "[json.exception...] " tag.
    try {
      parse(bad);
      FAIL("accepted");
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()).find("[json.exception") == std::string::npos);
      CHECK((std::string(e.what()).rfind("parse error at line 1", 0) == 0 ||
             std::string(e.what()) == "number overflow parsing '1e999'"));
    }
  }
}

TEST_CASE("parse: a header of many tensors is read in one pass") {
  std::string text = "{";
  for (int i = 0; i < 200000; ++i) text += (i ? ",\"t" : "\"t") + std::to_string(i) + "\":" + std::to_string(i);
  text += "}";
  const Json v = qrange::cli::parse(text.data(), text.size());
  CHECK(v.size() == 200000);
  CHECK(v.back() == 199999);
}
