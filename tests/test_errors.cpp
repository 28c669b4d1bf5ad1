// The bad-input contract of docs/errors.md through the C++ API: each row
// throws qrange::error with the status and a message naming the problem, and
// leaves every caller-owned output untouched.
#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "harness.hpp"

using qrange::test::expect_error;

namespace {

constexpr unsigned char kCanary = 0xA5;

// A caller-owned output buffer filled with the canary.
template <class T>
struct Canary {
  std::vector<T> v;
  explicit Canary(std::size_t n = 4) : v(n) { std::memset(v.data(), kCanary, v.size() * sizeof(T)); }
  T* data() { return v.data(); }
  bool untouched() const {
    const auto* b = reinterpret_cast<const unsigned char*>(v.data());
    for (std::size_t i = 0; i < v.size() * sizeof(T); ++i)
      if (b[i] != kCanary) return false;
    return true;
  }
};

const std::vector<float> x4{1.0f, 2.0f, 3.0f, 4.0f};
const std::vector<float> nonfinite{NAN, -INFINITY};
constexpr std::size_t kMaxBins = std::size_t{1} << 24;

qrange::params make_params(float scale, std::int32_t zero_point, std::int32_t qmin, std::int32_t qmax) {
  return qrange::params{scale, zero_point, qmin, qmax};
}

}  // namespace

TEST_CASE("contract (C++): minmax") {
  expect_error([] { qrange::minmax(nullptr, 4); }, QRANGE_ERROR_NULL_POINTER, "x is NULL but n = 4");
  expect_error([] { qrange::minmax(nullptr, 0); }, QRANGE_ERROR_EMPTY_INPUT, "no finite value among the 0 inputs");
  expect_error([] { qrange::minmax(std::vector<float>{}); }, QRANGE_ERROR_EMPTY_INPUT, "no finite value");
  expect_error([] { qrange::minmax(nonfinite); }, QRANGE_ERROR_EMPTY_INPUT, "no finite value among the 2 inputs");
}

TEST_CASE("contract (C++): histogram") {
  const qrange::range unit{0.0f, 1.0f};
  expect_error([&] { qrange::histogram(x4, unit, 0); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "bins = 0 is outside [1, 16777216]");
  expect_error([&] { qrange::histogram(x4, unit, kMaxBins + 1); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "bins = 16777217 is outside [1, 16777216]");
  // Would be std::length_error if the wrapper allocated the counts first.
  expect_error([&] { qrange::histogram(x4, unit, std::numeric_limits<std::size_t>::max()); },
               QRANGE_ERROR_INVALID_ARGUMENT, "is outside [1, 16777216]");
  expect_error([&] { qrange::histogram(nullptr, 4, unit, 8); }, QRANGE_ERROR_NULL_POINTER, "x is NULL but n = 4");
  expect_error([&] { qrange::histogram(x4, {2.0f, 1.0f}, 8); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "need a finite range with min <= max (min = 2, max = 1)");
  for (const qrange::range r : {qrange::range{NAN, 1.0f}, qrange::range{0.0f, NAN}, qrange::range{-INFINITY, 1.0f},
                                qrange::range{0.0f, INFINITY}}) {
    CAPTURE(r.min);
    CAPTURE(r.max);
    expect_error([&] { qrange::histogram(x4, r, 8); }, QRANGE_ERROR_INVALID_ARGUMENT, "need a finite range");
  }
  // n == 0 is not an error: every count is 0.
  const qrange::histogram_result h = qrange::histogram(nullptr, 0, unit, 8);
  CHECK(h.counts == std::vector<std::uint64_t>(8, 0));
  CHECK(h.below == 0);
  CHECK(h.above == 0);
}

TEST_CASE("contract (C++): percentile_range") {
  using qrange::percentile_mode;
  expect_error([] { qrange::percentile_range(nullptr, 4); }, QRANGE_ERROR_NULL_POINTER, "x is NULL but n = 4");
  expect_error([] { qrange::percentile_range(x4, NAN); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "percentile = nan is outside [50, 100]");
  expect_error([] { qrange::percentile_range(x4, INFINITY); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "percentile = inf is outside [50, 100]");
  expect_error([] { qrange::percentile_range(x4, -INFINITY); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "percentile = -inf is outside [50, 100]");
  expect_error([] { qrange::percentile_range(x4, 49.9); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "percentile = 49.9 is outside [50, 100]");
  expect_error([] { qrange::percentile_range(x4, 100.1); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "percentile = 100.1 is outside [50, 100]");
  expect_error([] { qrange::percentile_range(x4, 99.0, percentile_mode::approximate, kMaxBins + 1); },
               QRANGE_ERROR_INVALID_ARGUMENT, "bins = 16777217 is above 16777216");
  expect_error([] { qrange::percentile_range(x4, 99.0, static_cast<percentile_mode>(2)); },
               QRANGE_ERROR_INVALID_ARGUMENT, "exact = 2 is neither 0 nor 1");
  expect_error([] { qrange::percentile_range(std::vector<float>{}); }, QRANGE_ERROR_EMPTY_INPUT,
               "no finite value among the 0 inputs");
  expect_error([] { qrange::percentile_range(nonfinite, 99.0, percentile_mode::exact); }, QRANGE_ERROR_EMPTY_INPUT,
               "no finite value among the 2 inputs");
}

TEST_CASE("contract (C++): choose_params") {
  const qrange::range r{-1.0f, 1.0f};
  expect_error([&] { qrange::choose_params(r, 0, 255, static_cast<qrange::scheme>(7)); },
               QRANGE_ERROR_INVALID_ARGUMENT, "unknown scheme 7");
  expect_error([&] { qrange::choose_params(r, 5, 5); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "need qmin < qmax and qmax - qmin <= 65535 (qmin = 5, qmax = 5)");
  expect_error([&] { qrange::choose_params(r, 255, 0, QRANGE_SYMMETRIC); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "(qmin = 255, qmax = 0)");
  expect_error([&] { qrange::choose_params(r, 0, 65536); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qmax - qmin <= 65535 (qmin = 0, qmax = 65536)");
  expect_error([&] { qrange::choose_params(r, INT32_MIN, INT32_MAX); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "(qmin = -2147483648, qmax = 2147483647)");
  expect_error([] { qrange::choose_params({2.0f, 1.0f}, 0, 255); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "need a finite range with min <= max (min = 2, max = 1)");
  for (const qrange::range bad : {qrange::range{NAN, 1.0f}, qrange::range{0.0f, NAN},
                                  qrange::range{-INFINITY, 1.0f}, qrange::range{0.0f, INFINITY}}) {
    CAPTURE(bad.min);
    CAPTURE(bad.max);
    expect_error([&] { qrange::choose_params(bad, -128, 127, QRANGE_SYMMETRIC); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "need a finite range");
  }
  expect_error([] { qrange::choose_params({-FLT_MAX, FLT_MAX}, 0, 1); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "exceeds FLT_MAX");
  expect_error([] { qrange::choose_params({1000000.0f, 1000001.0f}, 0, 255, QRANGE_ASYMMETRIC, false); },
               QRANGE_ERROR_INVALID_ARGUMENT, "too far from zero for 255 levels (use include_zero)");
  expect_error([] { qrange::choose_params({30000000.0f, 30000002.0f}, 0, 2, QRANGE_ASYMMETRIC, false); },
               QRANGE_ERROR_INVALID_ARGUMENT, "zero point -30000000 exceeds 2^24");
  expect_error([&] { qrange::choose_params(r, 33554432, 33554433, QRANGE_SYMMETRIC); },
               QRANGE_ERROR_INVALID_ARGUMENT, "zero point 33554433 exceeds 2^24");
  // The C++-only grid of a bit count and the overload on it check their own argument.
  expect_error([] { qrange::grid_of_bits(0, false); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange::grid_of_bits: bits = 0 is outside 1..16");
  expect_error([] { qrange::grid_of_bits(17, true); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange::grid_of_bits: bits = 17 is outside 1..16");
  expect_error([&] { qrange::choose_params(r, 0, true); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange::choose_params: bits = 0 is outside 1..16");
  expect_error([&] { qrange::choose_params(r, 17, false); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange::choose_params: bits = 17 is outside 1..16");
}

TEST_CASE("contract (C++ only): parse_range_method, compute_range, calibrate") {
  const std::vector<float> x4 = {1.0f, 2.0f, 3.0f, 4.0f};
  const std::vector<float> nonfinite = {NAN, INFINITY};
  expect_error([] { qrange::parse_range_method("MinMax"); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange::parse_range_method: unknown range method \"MinMax\"; "
               "expected minmax, percentile or percentile_exact");
  expect_error([&] { qrange::compute_range(x4.data(), x4.size(), "exact"); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange::parse_range_method: unknown range method \"exact\"");
  const auto bad_method = static_cast<qrange::range_method>(7);
  expect_error([&] { qrange::compute_range(x4, {bad_method}); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange::compute_range: unknown range_method 7");
  expect_error([&] { qrange::calibrate(x4, 8, false, {bad_method}); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange::compute_range: unknown range_method 7");
  expect_error([&] { qrange::compute_range(nonfinite, {qrange::range_method::minmax}); }, QRANGE_ERROR_EMPTY_INPUT,
               "no finite value among the 2 inputs");
  // bits first, before the range is computed.
  expect_error([&] { qrange::calibrate(nonfinite, 17, false); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange::calibrate: bits = 17 is outside 1..16");
  expect_error([] { qrange::calibrate(nullptr, 4, 0, true, {static_cast<qrange::range_method>(7)}); },
               QRANGE_ERROR_INVALID_ARGUMENT, "qrange::calibrate: bits = 0 is outside 1..16");
}

namespace {

// The parameter rows shared by quantize and dequantize of one integer type
// Int: run(in, out, n, p) converts In to Out through the C++ wrapper.
template <class Int, class In, class Out, class Run>
void conversion_rows(const std::string& in_name, const std::string& out_name, Run run) {
  const long tmin = std::numeric_limits<Int>::min(), tmax = std::numeric_limits<Int>::max();
  const auto tmin32 = static_cast<std::int32_t>(tmin), tmax32 = static_cast<std::int32_t>(tmax);
  const qrange::params good = make_params(0.5f, 0, tmin32, tmax32);
  const std::vector<In> in(4, In{0});
  Canary<Out> out;

  expect_error([&] { run(nullptr, out.data(), 4, good); }, QRANGE_ERROR_NULL_POINTER,
               in_name + " is NULL but n = 4");
  CHECK(out.untouched());
  expect_error([&] { run(in.data(), nullptr, 4, good); }, QRANGE_ERROR_NULL_POINTER,
               out_name + " is NULL but n = 4");

  const std::string need = "need " + std::to_string(tmin) + " <= qmin < qmax <= " + std::to_string(tmax);
  struct Row {
    const char* what;
    qrange::params p;
    std::string needle;
  };
  const Row rows[] = {
      {"qmin == qmax", make_params(0.5f, 0, 5, 5), need + " (qmin = 5, qmax = 5)"},
      {"qmin > qmax", make_params(0.5f, 0, tmax32, tmin32), need},
      {"qmin below the type", make_params(0.5f, 0, tmin32 - 1, tmax32),
       "(qmin = " + std::to_string(tmin - 1) + ", qmax = " + std::to_string(tmax) + ")"},
      {"qmax above the type", make_params(0.5f, 0, tmin32, tmax32 + 1),
       "(qmin = " + std::to_string(tmin) + ", qmax = " + std::to_string(tmax + 1) + ")"},
      {"zero_point 2^24 + 1", make_params(0.5f, 16777217, tmin32, tmax32), "|zero_point| = |16777217| exceeds 2^24"},
      {"zero_point -2^24 - 1", make_params(0.5f, -16777217, tmin32, tmax32),
       "|zero_point| = |-16777217| exceeds 2^24"},
      {"scale 0", make_params(0.0f, 0, tmin32, tmax32), "scale = 0 must be finite and > 0"},
      {"scale -0", make_params(-0.0f, 0, tmin32, tmax32), "scale = -0 must be finite and > 0"},
      {"scale negative", make_params(-0.5f, 0, tmin32, tmax32), "scale = -0.5 must be finite and > 0"},
      {"scale NaN", make_params(NAN, 0, tmin32, tmax32), "scale = nan must be finite and > 0"},
      {"scale +Inf", make_params(INFINITY, 0, tmin32, tmax32), "scale = inf must be finite and > 0"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.what);
    expect_error([&] { run(in.data(), out.data(), 4, row.p); }, QRANGE_ERROR_INVALID_ARGUMENT, row.needle);
    CHECK(out.untouched());
    expect_error([&] { run(in.data(), out.data(), 0, row.p); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 row.needle);  // n == 0 still checks the parameters
  }
  // n == 0 with valid parameters (zero point at its limit) is a no-op.
  run(nullptr, nullptr, 0, make_params(FLT_MIN, 16777216, tmin32, tmax32));
  run(in.data(), out.data(), 0, good);
  CHECK(out.untouched());
}

template <class Int>
void quantize_and_dequantize_rows() {
  SUBCASE("quantize") {
    conversion_rows<Int, float, Int>("x", "q", [](const float* x, Int* q, std::size_t n, const qrange::params& p) {
      qrange::quantize(x, n, p, q);
    });
    // The vector form checks the same parameters.
    expect_error([] { qrange::quantize<Int>(x4, make_params(0.0f, 0, 0, 1)); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "scale = 0");
  }
  SUBCASE("dequantize") {
    conversion_rows<Int, Int, float>("q", "x", [](const Int* q, float* x, std::size_t n, const qrange::params& p) {
      qrange::dequantize(q, n, p, x);
    });
    expect_error([] { qrange::dequantize(std::vector<Int>(4), make_params(1.0f, 0, 1, 1)); },
                 QRANGE_ERROR_INVALID_ARGUMENT, "(qmin = 1, qmax = 1)");
  }
}

}  // namespace

TEST_CASE("contract (C++): quantize and dequantize, uint8") { quantize_and_dequantize_rows<std::uint8_t>(); }
TEST_CASE("contract (C++): quantize and dequantize, int8") { quantize_and_dequantize_rows<std::int8_t>(); }
TEST_CASE("contract (C++): quantize and dequantize, uint16") { quantize_and_dequantize_rows<std::uint16_t>(); }
TEST_CASE("contract (C++): quantize and dequantize, int16") { quantize_and_dequantize_rows<std::int16_t>(); }

TEST_CASE("contract (C++): quantization_mse") {
  const qrange::params good = make_params(0.5f, 0, -128, 127);
  expect_error([&] { qrange::quantization_mse(nullptr, 4, good); }, QRANGE_ERROR_NULL_POINTER,
               "x is NULL but n = 4");
  expect_error([] { qrange::quantization_mse(x4, make_params(0.5f, 0, 7, 7)); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "need -2147483648 <= qmin < qmax <= 2147483647 (qmin = 7, qmax = 7)");
  expect_error([] { qrange::quantization_mse(x4, make_params(0.5f, 0, INT32_MAX, INT32_MIN)); },
               QRANGE_ERROR_INVALID_ARGUMENT, "(qmin = 2147483647, qmax = -2147483648)");
  expect_error([] { qrange::quantization_mse(x4, make_params(0.5f, 16777217, INT32_MIN, INT32_MAX)); },
               QRANGE_ERROR_INVALID_ARGUMENT, "|zero_point| = |16777217| exceeds 2^24");
  expect_error([] { qrange::quantization_mse(x4, make_params(0.5f, -16777217, 0, 255)); },
               QRANGE_ERROR_INVALID_ARGUMENT, "|zero_point| = |-16777217| exceeds 2^24");
  expect_error([] { qrange::quantization_mse(x4, make_params(0.0f, 0, 0, 255)); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "scale = 0 must be finite and > 0");
  expect_error([] { qrange::quantization_mse(x4, make_params(-1.0f, 0, 0, 255)); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "scale = -1 must be finite and > 0");
  expect_error([] { qrange::quantization_mse(x4, make_params(NAN, 0, 0, 255)); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "scale = nan must be finite and > 0");
  expect_error([] { qrange::quantization_mse(x4, make_params(INFINITY, 0, 0, 255)); },
               QRANGE_ERROR_INVALID_ARGUMENT, "scale = inf must be finite and > 0");
  expect_error([&] { qrange::quantization_mse(nullptr, 0, good); }, QRANGE_ERROR_EMPTY_INPUT,
               "no finite value among the 0 inputs");
  expect_error([&] { qrange::quantization_mse(nonfinite, good); }, QRANGE_ERROR_EMPTY_INPUT,
               "no finite value among the 2 inputs");
}

TEST_CASE("contract (C++): dispatch and threads") {
  const std::string before = qrange::active_isa();
  for (const char* name : {"sse9", "", "AVX2"}) {
    CAPTURE(name);
    expect_error([&] { qrange::set_isa(name); }, QRANGE_ERROR_UNSUPPORTED_ISA,
                 std::string("unknown ISA '") + name + "'");
    CHECK(qrange::active_isa() == before);
  }
#if defined(__x86_64__)
  const char* foreign = "neon";
  const char* optional[] = {"avx2", "avx512"};
#elif defined(__aarch64__)
  const char* foreign = "avx2";
  const char* optional[] = {"neon"};
#endif
  expect_error([&] { qrange::set_isa(foreign); }, QRANGE_ERROR_UNSUPPORTED_ISA, "not compiled into this build");
  CHECK(qrange::active_isa() == before);
  // On a CPU without them (qemu -cpu Haswell / Nehalem runs this suite), the
  // compiled-in SIMD targets are refused with their own message.
  for (const char* name : optional) {
    CAPTURE(name);
    const qrange_status s = qrange_set_isa(name);
    if (s != QRANGE_OK) {
      CHECK(s == QRANGE_ERROR_UNSUPPORTED_ISA);
      const std::string msg = qrange_last_error();
      CHECK_MESSAGE((msg.find("not supported by this CPU") != std::string::npos ||
                     msg.find("not compiled into this build") != std::string::npos),
                    msg);
      CHECK(qrange::active_isa() == before);
    }
    qrange::set_isa(before);
  }
  // qrange::isas() cannot pass a bad argument; the C rows are in errors_c.c.
  qrange_isa_info info;
  std::memset(&info, kCanary, sizeof info);
  CHECK(qrange_isa_info_at(qrange_isa_count(), &info) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(qrange_last_error()) == "qrange_isa_info_at: i = 4 is not below qrange_isa_count() = 4");
  const auto* bytes = reinterpret_cast<const unsigned char*>(&info);
  CHECK(std::all_of(bytes, bytes + sizeof info, [](unsigned char b) { return b == kCanary; }));
  CHECK(qrange_isa_info_at(0, nullptr) == QRANGE_ERROR_NULL_POINTER);
  CHECK(std::string(qrange_last_error()) == "qrange_isa_info_at: out is NULL");
  expect_error([] { qrange::set_num_threads(-1); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "n = -1 is negative (0 means the OpenMP default)");
  expect_error([] { qrange::set_num_threads(std::numeric_limits<int>::min()); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "is negative");
}

TEST_CASE("a bad context through the C++ wrappers: every *_ex row, outputs untouched") {
  const qrange::params p{0.5f, 0, 0, 127};
  qrange::context bad = qrange::make_context(-2);
  const std::string needle = "ctx->num_threads = -2 is negative";
  expect_error([&] { qrange::minmax(bad, x4.data(), 4); }, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  expect_error([&] { qrange::histogram(bad, x4.data(), 4, {0.0f, 4.0f}, 8); }, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  expect_error([&] { qrange::percentile_range(bad, x4.data(), 4); }, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  expect_error([&] { qrange::quantization_mse(bad, x4.data(), 4, p); }, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  Canary<std::uint8_t> q8;
  expect_error([&] { qrange::quantize(bad, x4.data(), 4, p, q8.data()); }, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  expect_error([&] { qrange::dynamic_quantize(bad, x4.data(), 4, q8.data()); }, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  CHECK(q8.untouched());
  Canary<float> xf;
  const std::uint8_t zeros[4] = {};
  expect_error([&] { qrange::dequantize(bad, zeros, 4, p, xf.data()); }, QRANGE_ERROR_INVALID_ARGUMENT, needle);
  CHECK(xf.untouched());
  expect_error([&] { qrange::minmax(qrange::make_context(1, "sse9"), x4.data(), 4); }, QRANGE_ERROR_UNSUPPORTED_ISA,
               "qrange_minmax_f32_ex: unknown ISA 'sse9'");
  int pool = 0;
  expect_error([&] { qrange::minmax(qrange::make_context(2, nullptr, nullptr, &pool), x4.data(), 4); },
               QRANGE_ERROR_INVALID_ARGUMENT, "ctx->pool is set but ctx->parallel_for is NULL");
  bad = qrange::make_context();
  bad.struct_size = 8;
  expect_error([&] { qrange::minmax(bad, x4.data(), 4); }, QRANGE_ERROR_INVALID_ARGUMENT, "ctx->struct_size = 8");
}

TEST_CASE("dynamic_quantize through the C++ wrapper: refused ranges, q untouched") {
  Canary<std::uint8_t> q;
  const std::vector<float> wide{-FLT_MAX, 0.0f, 1.0f, FLT_MAX};
  expect_error([&] { qrange::dynamic_quantize(wide.data(), 4, q.data()); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_dynamic_quantize_f32_u8: the range [-3.40282e+38, 3.40282e+38] is wider than FLT_MAX");
  const std::vector<float> narrow{0.0f, 1.4e-45f, 0.0f, 0.0f};
  expect_error([&] { qrange::dynamic_quantize(narrow.data(), 4, q.data()); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "is too narrow");
  expect_error([&] { qrange::dynamic_quantize(nullptr, 4, q.data()); }, QRANGE_ERROR_NULL_POINTER,
               "x is NULL but n = 4");
  CHECK(q.untouched());
}

namespace {

// x4 with a NaN, +Inf and -Inf, on 16 bins: 13 of them used.
qrange::observer observed16() {
  qrange::observer o(16);
  o.update(std::vector<float>{1.0f, 2.0f, 3.0f, 4.0f, NAN, INFINITY, -INFINITY});
  return o;
}

// All of a state: its bytes and every count.
struct Snapshot {
  std::vector<std::uint8_t> bytes;
  std::vector<std::uint64_t> counts;
  explicit Snapshot(const qrange::observer& o) : bytes(o.serialize()), counts(o.counts(o.stats().range)) {}
  bool operator==(const Snapshot& s) const { return bytes == s.bytes && counts == s.counts; }
};

}  // namespace

TEST_CASE("contract (C++): observer create, update, merge, reset") {
  for (const std::size_t bins : {std::size_t{1}, std::size_t{15}, (std::size_t{1} << 20) + 1}) {
    CAPTURE(bins);
    expect_error([&] { qrange::observer o(bins); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "qrange_observer_create: bins = " + std::to_string(bins) + " is outside [16, 1048576]");
  }
  expect_error([] { qrange::observer o(std::numeric_limits<std::size_t>::max()); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "is outside [16, 1048576]");
  CHECK(qrange::observer(0).stats().bins == 2048);  // 0 is the default, not an error
  CHECK(qrange::observer(std::size_t{1} << 20).stats().bins == std::size_t{1} << 20);

  qrange::observer o = observed16();
  const Snapshot before(o);
  expect_error([&] { o.update(nullptr, 4); }, QRANGE_ERROR_NULL_POINTER,
               "qrange_observer_update_f32: x is NULL but n = 4");
  CHECK(Snapshot(o) == before);
  qrange::context bad = qrange::make_context();
  bad.struct_size = 8;
  expect_error([&] { o.update(bad, x4.data(), 4); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_observer_update_f32: ctx->struct_size = 8");
  expect_error([&] { o.update(bad, nullptr, 0); }, QRANGE_ERROR_INVALID_ARGUMENT, "ctx->struct_size = 8");
  expect_error([&] { o.update(qrange::make_context(-1), x4.data(), 4); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_observer_update_f32: ctx->num_threads = -1 is negative");
  expect_error([&] { o.update(qrange::make_context(1, "sse9"), x4.data(), 4); }, QRANGE_ERROR_UNSUPPORTED_ISA,
               "qrange_observer_update_f32: unknown ISA 'sse9'");
  CHECK(Snapshot(o) == before);
  o.update(nullptr, 0);  // n == 0: nothing to count, not an error
  CHECK(Snapshot(o) == before);

  qrange::observer other(32);
  other.update(x4);
  const Snapshot other_before(other);
  expect_error([&] { o.merge(other); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_observer_merge: dst has 16 bins but src has 32");
  CHECK(Snapshot(o) == before);
  CHECK(Snapshot(other) == other_before);

  // Counts that merged with themselves, or updated with 4 more values,
  // would pass 2^64 - 1.
  std::vector<std::uint64_t> c = before.counts;
  c[QRANGE_OBSERVER_COUNT_SLOTS] = std::numeric_limits<std::uint64_t>::max() - 3;
  o.set_counts(o.stats().range, c);
  const Snapshot big(o);
  expect_error([&] { o.merge(o); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_observer_merge: dst and src count more than 2^64 - 1 finite values together");
  expect_error([&] { o.update(x4); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_observer_update_f32: the state counts 18446744073709551615 finite values; n = 4 more could "
               "pass 2^64 - 1");
  CHECK(Snapshot(o) == big);

  // A moved-from observer holds no handle: the C API's NULL rows.
  qrange::observer moved = std::move(other);
  expect_error([&] { other.update(x4); }, QRANGE_ERROR_NULL_POINTER, "qrange_observer_update_f32: obs is NULL");
  expect_error([&] { other.merge(moved); }, QRANGE_ERROR_NULL_POINTER, "qrange_observer_merge: dst is NULL");
  expect_error([&] { moved.merge(other); }, QRANGE_ERROR_NULL_POINTER, "qrange_observer_merge: src is NULL");
  expect_error([&] { other.reset(); }, QRANGE_ERROR_NULL_POINTER, "qrange_observer_reset: obs is NULL");
  expect_error([&] { other.stats(); }, QRANGE_ERROR_NULL_POINTER, "qrange_observer_get_stats: obs is NULL");
  expect_error([&] { other.counts({0.0f, 1.0f}); }, QRANGE_ERROR_NULL_POINTER,
               "qrange_observer_get_stats: obs is NULL");
  expect_error([&] { other.histogram(); }, QRANGE_ERROR_NULL_POINTER, "qrange_observer_get_stats: obs is NULL");
  expect_error([&] { other.set_counts({1.0f, 4.0f}, c); }, QRANGE_ERROR_NULL_POINTER,
               "qrange_observer_set_counts: obs is NULL");
  expect_error([&] { other.serialize(); }, QRANGE_ERROR_NULL_POINTER, "qrange_observer_serialize: obs is NULL");
  expect_error([&] { other.percentile_range(); }, QRANGE_ERROR_NULL_POINTER,
               "qrange_observer_percentile_range: obs is NULL");
  CHECK(Snapshot(moved) == other_before);
}

TEST_CASE("contract (C++): observer get_counts and set_counts") {
  qrange::observer o = observed16(), empty(16);
  const Snapshot before(o), before_empty(empty);
  const qrange::range own{1.0f, 4.0f};
  const struct {
    qrange::range r;
    const char* values;
  } rows[] = {{{2.0f, 1.0f}, "(min = 2, max = 1)"},           {{NAN, 1.0f}, "(min = nan, max = 1)"},
              {{0.0f, NAN}, "(min = 0, max = nan)"},          {{-INFINITY, 1.0f}, "(min = -inf, max = 1)"},
              {{0.0f, INFINITY}, "(min = 0, max = inf)"},      {{-INFINITY, INFINITY}, "(min = -inf, max = inf)"},
              {{INFINITY, INFINITY}, "(min = inf, max = inf)"}, {{-INFINITY, -INFINITY}, "(min = -inf, max = -inf)"}};
  const std::string need = ": need a finite range with min <= max, or {+inf, -inf} ";
  for (const auto& row : rows) {
    CAPTURE(row.values);
    expect_error([&] { o.counts(row.r); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "qrange_observer_get_counts" + need + row.values);
    expect_error([&] { o.set_counts(row.r, before.counts); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "qrange_observer_set_counts" + need + row.values);
    expect_error([&] { empty.set_counts(row.r, before_empty.counts); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "qrange_observer_set_counts" + need + row.values);
  }
  // A range that does not contain the state's.
  expect_error([&] { o.counts({1.5f, 4.0f}); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_observer_get_counts: r = [1.5, 4] does not contain the state's range [1, 4]");
  expect_error([&] { o.counts({INFINITY, -INFINITY}); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "r = [inf, -inf] does not contain the state's range [1, 4]");

  const std::size_t used = o.stats().used_bins;
  REQUIRE(used == 13);
  std::vector<std::uint64_t> c = before.counts;
  c.pop_back();
  expect_error([&] { o.set_counts(own, c); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_observer_set_counts: len = 18, but a state of 16 bins has 19 counts");
  expect_error([&] { o.set_counts(own, {}); }, QRANGE_ERROR_INVALID_ARGUMENT, "len = 0, but a state of 16 bins");
  const std::string no_values = "qrange_observer_set_counts: counts that no values of [1, 4] give: ";
  c = before.counts;
  c[QRANGE_OBSERVER_COUNT_SLOTS + used] = 1;
  expect_error([&] { o.set_counts(own, c); }, QRANGE_ERROR_INVALID_ARGUMENT,
               no_values + "a bin past the range's counts values");
  c = before.counts;
  c[QRANGE_OBSERVER_COUNT_SLOTS] = 0;
  expect_error([&] { o.set_counts(own, c); }, QRANGE_ERROR_INVALID_ARGUMENT,
               no_values + "the bin of the range's min or max counts no value");
  c = before.counts;
  c[QRANGE_OBSERVER_COUNT_SLOTS + used - 1] = 0;
  expect_error([&] { o.set_counts(own, c); }, QRANGE_ERROR_INVALID_ARGUMENT,
               no_values + "the bin of the range's min or max counts no value");
  c = before.counts;
  c[QRANGE_OBSERVER_COUNT_SLOTS] = std::numeric_limits<std::uint64_t>::max();
  expect_error([&] { o.set_counts(own, c); }, QRANGE_ERROR_INVALID_ARGUMENT,
               no_values + "the bins count more than 2^64 - 1 values");
  expect_error([&] { o.set_counts({-1.0f, 1.0f}, before.counts); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "counts that no values of [-1, 1] give: ");
  c.assign(c.size(), 0);
  c[QRANGE_OBSERVER_COUNT_SLOTS + 4] = 2;
  expect_error([&] { empty.set_counts({INFINITY, -INFINITY}, c); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "counts that no values of [inf, -inf] give: a bin counts values, but there is no range");
  c.assign(c.size(), 0);
  expect_error([&] { empty.set_counts(own, c); }, QRANGE_ERROR_INVALID_ARGUMENT,
               no_values + "the bin of the range's min or max counts no value");
  CHECK(Snapshot(o) == before);
  CHECK(Snapshot(empty) == before_empty);
}

TEST_CASE("contract (C++): observer deserialize, percentile_range") {
  const qrange::observer o = observed16();
  const std::vector<std::uint8_t> good = o.serialize();
  const std::string invalid = "qrange_observer_deserialize: not a valid observer state: ";
  expect_error([] { qrange::observer::deserialize(nullptr, 80); }, QRANGE_ERROR_NULL_POINTER,
               "qrange_observer_deserialize: buf is NULL but size = 80");
  expect_error([] { qrange::observer::deserialize(nullptr, 0); }, QRANGE_ERROR_INVALID_ARGUMENT,
               invalid + "shorter than the 80-byte header");
  expect_error([&] { qrange::observer::deserialize(good.data(), 79); }, QRANGE_ERROR_INVALID_ARGUMENT,
               invalid + "shorter than the 80-byte header");
  expect_error([] { qrange::observer::deserialize(std::vector<std::uint8_t>(200, kCanary)); },
               QRANGE_ERROR_INVALID_ARGUMENT, invalid + "wrong magic (expected \"QRANGEOB\")");
  expect_error([&] { qrange::observer::deserialize(good.data(), good.size() - 1); }, QRANGE_ERROR_INVALID_ARGUMENT,
               invalid + "the length is not 80 + 8 * used bins");
  std::vector<std::uint8_t> bad = good;
  bad[8] = 2;
  expect_error([&] { qrange::observer::deserialize(bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
               invalid + "version 2, this library reads 1");
  bad = good;
  bad[48] ^= 1;  // min, the checksum not recomputed
  expect_error([&] { qrange::observer::deserialize(bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
               invalid + "the header checksum does not match");
  bad = good;
  bad[81] ^= 1;  // a count
  expect_error([&] { qrange::observer::deserialize(bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
               invalid + "the bins do not add up to the finite count");
  CHECK(qrange::observer::deserialize(good).serialize() == good);

  const std::string outside = " is outside [50, 100]";
  const std::pair<double, const char*> percentiles[] = {
      {NAN, "nan"}, {INFINITY, "inf"}, {-INFINITY, "-inf"}, {49.9, "49.9"}, {100.1, "100.1"}};
  for (const auto& p : percentiles) {
    CAPTURE(p.second);
    expect_error([&] { o.percentile_range(p.first); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 std::string("qrange_observer_percentile_range: percentile = ") + p.second + outside);
  }
  qrange::observer empty(16), nonfinite(16);
  nonfinite.update(std::vector<float>{NAN, INFINITY});
  expect_error([&] { empty.percentile_range(49.9); }, QRANGE_ERROR_INVALID_ARGUMENT, "percentile = 49.9");
  for (const qrange::observer* none : {&empty, &nonfinite}) {
    expect_error([&] { none->percentile_range(99.0); }, QRANGE_ERROR_EMPTY_INPUT,
                 "qrange_observer_percentile_range: the state has seen no finite value");
  }
  // No bins to show is not an error.
  CHECK(empty.histogram().edges.empty());
  CHECK(empty.histogram().counts.empty());
}

TEST_CASE("contract (C++ callers of the C API): observer rows the class cannot reach") {
  // qrange::observer sizes every buffer itself; a C++ program calling the C
  // functions gets these rows, with its buffers untouched.
  const qrange::observer o = observed16();
  qrange_observer* h = o.get();
  Canary<std::uint64_t> counts;
  CHECK(qrange_observer_get_counts(h, {1.0f, 4.0f}, counts.data(), 4) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(qrange_last_error()) ==
        "qrange_observer_get_counts: len = 4, but a state of 16 bins has 19 counts");
  CHECK(counts.untouched());
  Canary<double> edges;
  CHECK(qrange_observer_histogram(h, edges.data(), counts.data(), 3) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(qrange_last_error()) == "qrange_observer_histogram: len = 3, but the state uses 13 bins");
  CHECK(edges.untouched());
  CHECK(counts.untouched());
  qrange_observer_stats stats = QRANGE_OBSERVER_STATS_INIT;
  stats.struct_size = sizeof stats + 8;
  stats.finite = 77;
  CHECK(qrange_observer_get_stats(h, &stats) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(qrange_last_error()).find("qrange_observer_get_stats: out->struct_size = " +
                                              std::to_string(sizeof stats + 8)) != std::string::npos);
  CHECK(stats.finite == 77);
  Canary<std::uint8_t> buf;
  std::size_t size = 12345;
  CHECK(qrange_observer_serialize(h, buf.data(), 4, &size) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(qrange_last_error()) == "qrange_observer_serialize: cap = 4 bytes, but the state needs 184");
  CHECK(buf.untouched());
  CHECK(size == 12345);
  auto* const canary = reinterpret_cast<qrange_observer*>(std::uintptr_t{0xA5A5A5A5});
  qrange_observer* made = canary;
  CHECK(qrange_observer_create(7, &made) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(made == canary);
  CHECK(qrange_observer_deserialize("QRANGEOB", 8, &made) == QRANGE_ERROR_INVALID_ARGUMENT);
  CHECK(made == canary);
  CHECK(qrange_observer_create(16, nullptr) == QRANGE_ERROR_NULL_POINTER);
  CHECK(std::string(qrange_last_error()) == "qrange_observer_create: out is NULL");
}

TEST_CASE("contract (C++): calibration") {
  const qrange::calibration mse = qrange::make_calibration(qrange::method::mse);
  expect_error([] { qrange::parse_method("MSE"); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange::parse_method: unknown method \"MSE\"; expected minmax, percentile, mse or entropy");
  expect_error([] { qrange::make_calibration("mse", 17, false); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange::make_calibration: bits = 17 is outside 1..16");
  expect_error([] { qrange::make_calibration("kl", 8, false); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "unknown method \"kl\"");
  qrange::calibration bad = mse;
  bad.method = static_cast<qrange_method>(7);
  expect_error([&] { qrange::calibrate(x4, bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_calibrate_f32: unknown method 7");
  bad = mse;
  bad.bins = 8;
  expect_error([&] { qrange::calibrate(x4, bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_calibrate_f32: bins = 8 is outside [16, 2^20] (method mse)");
  const std::vector<float> nonfinite{NAN, INFINITY};
  expect_error([&] { qrange::calibrate(nonfinite, mse); }, QRANGE_ERROR_EMPTY_INPUT,
               "qrange_calibrate_f32: no finite value among the 2 inputs");
  const qrange::context ctx = qrange::make_context(-1);
  expect_error([&] { qrange::calibrate(ctx, x4.data(), x4.size(), mse); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_calibrate_f32: ctx->num_threads = -1 is negative");

  qrange::observer o(16), empty(16), moved(16);
  o.update(x4);
  const qrange::observer taken = std::move(moved);
  expect_error([&] { moved.calibrate(mse); }, QRANGE_ERROR_NULL_POINTER, "qrange_observer_calibrate: obs is NULL");
  expect_error([&] { empty.calibrate(mse); }, QRANGE_ERROR_EMPTY_INPUT,
               "qrange_observer_calibrate: the state has seen no finite value");
  qrange::calibration exact = qrange::make_calibration(qrange::method::percentile);
  exact.exact = 1;
  expect_error([&] { o.calibrate(exact); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_observer_calibrate: exact = 1, but a state keeps no values");
}

// ---- Per-axis and blocked quantization ----------------------------------------

namespace {

// {2, 3, 2} with its parameters along axis 1: 3 groups of 4 values (group d
// holds the elements 2d, 2d + 1, 6 + 2d, 7 + 2d).
constexpr std::size_t kAxisN = 12;
const std::vector<float> axis_x = {-3.0f, 5.0f, 0.5f, 2.0f, -1.0f, 8.0f, 4.0f, -2.5f, 1.5f, 3.0f, 6.0f, -0.25f};
// Valid for every output type, the 4-bit ones included.
const std::vector<qrange::params> axis_good = {{0.5f, 0, 0, 7}, {0.25f, 1, 0, 7}, {1.0f, 2, 0, 7}};

qrange::axis_view axis_view3(std::int64_t axis = 1, std::size_t block = 0) {
  return qrange::axis_view({2, 3, 2}, axis, block);
}

// The layouts an axis_view can describe that qrange_layout_counts refuses
// (NULL and struct_size are C only: the view builds the struct).
struct BadLayout {
  std::vector<std::size_t> shape;
  std::int64_t axis;
  std::size_t block;
  std::string needle;
};
std::vector<BadLayout> bad_layouts() {
  const std::size_t huge = std::numeric_limits<std::size_t>::max() / 8;
  return {{{}, 0, 0, "layout->rank = 0 is outside [1, 64]"},
          {std::vector<std::size_t>(65, 1), 0, 0, "layout->rank = 65 is outside [1, 64]"},
          {{2, 3, 2}, 3, 0, "layout->axis = 3 is outside [-3, 3)"},
          {{2, 3, 2}, -4, 0, "layout->axis = -4 is outside [-3, 3)"},
          {{2, 0, 2}, 1, 0, "layout->shape[1] is 0"},
          {{4, huge, 1}, 1, 0, "the shape's product overflows (at dimension 1)"},
          {{2, 3, 2}, 1, 4, "layout->block_size = 4 exceeds the axis' dimension 3"}};
}

// The rows of one quantize, dequantize or error function through its C++
// wrapper: run(ctx, in, v, p, out) with the C function `fn`, whose output
// is written to out (the error's value included, out_size of them).
template <class In, class Out, class Run>
void axis_conversion_rows(const std::string& fn, const std::string& in_name, const std::string& out_name,
                          const std::string& type, long tmin, long tmax, long zmin, long zmax, std::size_t out_size,
                          Run run) {
  CAPTURE(fn);
  const qrange::axis_view v = axis_view3();
  const qrange::context ctx = qrange::make_context();
  const std::vector<In> in(kAxisN, In{0});
  Canary<Out> out(out_size);
  const auto refused = [&](const qrange::context& c, const In* x, const qrange::axis_view& view,
                           const std::vector<qrange::params>& p, Out* o, qrange_status status,
                           const std::string& needle) {
    expect_error([&] { run(c, x, view, p, o); }, status, fn + ": " + needle);
    CHECK(out.untouched());
  };

  refused(ctx, nullptr, v, axis_good, out.data(), QRANGE_ERROR_NULL_POINTER, in_name + " is NULL");
  if (!out_name.empty())
    refused(ctx, in.data(), v, axis_good, nullptr, QRANGE_ERROR_NULL_POINTER, out_name + " is NULL");
  // The layout is checked by the function itself (the wrapper passes p.size()).
  for (const BadLayout& b : bad_layouts()) {
    CAPTURE(b.needle);
    refused(ctx, in.data(), qrange::axis_view(b.shape, b.axis, b.block), axis_good, out.data(),
            QRANGE_ERROR_INVALID_ARGUMENT, b.needle);
  }
  const std::vector<qrange::params> two(axis_good.begin(), axis_good.begin() + 2);
  refused(ctx, in.data(), v, two, out.data(), QRANGE_ERROR_INVALID_ARGUMENT, "count = 2, but the layout has 3 groups");
  refused(ctx, in.data(), axis_view3(1, 2), axis_good, out.data(), QRANGE_ERROR_INVALID_ARGUMENT,
          "count = 3, but the layout has 8 groups");

  const std::string need =
      "params[1]: need " + std::to_string(tmin) + " <= qmin < qmax <= " + std::to_string(tmax) + " for " + type;
  const std::string zero = "is outside [" + std::to_string(zmin) + ", " + std::to_string(zmax) + "] (" + type + ")";
  struct Row {
    const char* what;
    qrange::params p;
    std::string needle;
  };
  const auto i32 = [](long v) { return static_cast<std::int32_t>(v); };
  const Row rows[] = {
      {"qmin == qmax", make_params(0.25f, 1, 5, 5), need + " (qmin = 5, qmax = 5)"},
      {"qmin > qmax", make_params(0.25f, 1, 7, 0), need + " (qmin = 7, qmax = 0)"},
      {"qmin below the type", make_params(0.25f, 1, i32(tmin - 1), 7),
       need + " (qmin = " + std::to_string(tmin - 1) + ", qmax = 7)"},
      {"qmax above the type", make_params(0.25f, 1, 0, i32(tmax + 1)),
       need + " (qmin = 0, qmax = " + std::to_string(tmax + 1) + ")"},
      {"zero_point below", make_params(0.25f, i32(zmin - 1), 0, 7),
       "params[1]: zero_point = " + std::to_string(zmin - 1) + " " + zero},
      {"zero_point above", make_params(0.25f, i32(zmax + 1), 0, 7),
       "params[1]: zero_point = " + std::to_string(zmax + 1) + " " + zero},
      {"scale 0", make_params(0.0f, 1, 0, 7), "params[1]: scale = 0 must be finite and > 0"},
      {"scale negative", make_params(-0.5f, 1, 0, 7), "params[1]: scale = -0.5 must be finite and > 0"},
      {"scale NaN", make_params(NAN, 1, 0, 7), "params[1]: scale = nan must be finite and > 0"},
      {"scale +Inf", make_params(INFINITY, 1, 0, 7), "params[1]: scale = inf must be finite and > 0"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.what);
    std::vector<qrange::params> p = axis_good;
    p[1] = row.p;
    refused(ctx, in.data(), v, p, out.data(), QRANGE_ERROR_INVALID_ARGUMENT, row.needle);
    // Checked before the context.
    refused(qrange::make_context(-1), in.data(), v, p, out.data(), QRANGE_ERROR_INVALID_ARGUMENT, row.needle);
  }
  refused(qrange::make_context(-1), in.data(), v, axis_good, out.data(), QRANGE_ERROR_INVALID_ARGUMENT,
          "ctx->num_threads = -1 is negative");
  refused(qrange::make_context(1, "sse9"), in.data(), v, axis_good, out.data(), QRANGE_ERROR_UNSUPPORTED_ISA,
          "unknown ISA 'sse9'");
  // Valid arguments: written.
  run(ctx, in.data(), v, axis_good, out.data());
  CHECK_FALSE(out.untouched());
}

}  // namespace

TEST_CASE("contract (C++): per-axis layouts") {
  Canary<qrange::range> ranges(3);
  const qrange::calibration c = qrange::make_calibration(qrange::method::minmax);
  for (const BadLayout& b : bad_layouts()) {
    CAPTURE(b.needle);
    const qrange::axis_view v(b.shape, b.axis, b.block);
    expect_error([&] { (void)v.elements(); }, QRANGE_ERROR_INVALID_ARGUMENT, "qrange_layout_counts: " + b.needle);
    expect_error([&] { (void)v.groups(); }, QRANGE_ERROR_INVALID_ARGUMENT, "qrange_layout_counts: " + b.needle);
    // min/max and calibration size their outputs by the groups first.
    expect_error([&] { qrange::minmax(axis_x.data(), v); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "qrange_layout_counts: " + b.needle);
    expect_error([&] { qrange::calibrate(axis_x.data(), v, c); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "qrange_layout_counts: " + b.needle);
  }
  // Not errors: the counts of valid layouts.
  CHECK(axis_view3().elements() == kAxisN);
  CHECK(axis_view3().groups() == 3);
  CHECK(axis_view3(-2).groups() == 3);
  CHECK(axis_view3(1, 2).groups() == 8);
  const std::size_t limit = std::numeric_limits<std::size_t>::max() / 8;
  CHECK(qrange::axis_view({2, limit, 1}, 1).elements() == 2 * limit);
  CHECK(qrange::axis_view(std::vector<std::size_t>(64, 1), -1).groups() == 1);
}

TEST_CASE("contract (C++): minmax and calibrate per axis") {
  const qrange::axis_view v = axis_view3();
  expect_error([&] { qrange::minmax(nullptr, v); }, QRANGE_ERROR_NULL_POINTER, "qrange_minmax_axis_f32: x is NULL");
  const qrange::calibration minmax = qrange::make_calibration(qrange::method::minmax);
  expect_error([&] { qrange::calibrate(nullptr, v, minmax); }, QRANGE_ERROR_NULL_POINTER,
               "qrange_calibrate_axis_f32: x is NULL");
  // Group 1 (elements 2, 3, 8, 9) without a finite value.
  std::vector<float> empty1 = axis_x;
  empty1[2] = NAN;
  empty1[3] = INFINITY;
  empty1[8] = -INFINITY;
  empty1[9] = NAN;
  expect_error([&] { qrange::minmax(empty1.data(), v); }, QRANGE_ERROR_EMPTY_INPUT,
               "qrange_minmax_axis_f32: group 1 (of 4 values) has no finite value");
  expect_error([&] { qrange::calibrate(empty1.data(), v, minmax); }, QRANGE_ERROR_EMPTY_INPUT,
               "qrange_calibrate_axis_f32: group 1 (of 4 values) has no finite value");
  for (qrange::method m : {qrange::method::percentile, qrange::method::mse, qrange::method::entropy}) {
    CAPTURE(static_cast<int>(m));
    expect_error([&] { qrange::calibrate(empty1.data(), v, qrange::make_calibration(m)); }, QRANGE_ERROR_EMPTY_INPUT,
                 "qrange_calibrate_axis_f32: no finite value among the 4 inputs (group 1)");
  }
  // Group 2 (elements 4, 5, 10, 11) too far from 0 for 16 bits without include_zero.
  std::vector<float> far2 = axis_x;
  far2[4] = far2[11] = 1e6f;
  far2[5] = 1e6f + 1.0f;
  far2[10] = 1e6f + 0.5f;
  for (qrange::method m :
       {qrange::method::minmax, qrange::method::percentile, qrange::method::mse, qrange::method::entropy}) {
    CAPTURE(static_cast<int>(m));
    expect_error(
        [&] { qrange::calibrate(far2.data(), v, qrange::make_calibration(m, 0, 65535, QRANGE_ASYMMETRIC, false)); },
        QRANGE_ERROR_INVALID_ARGUMENT,
        "qrange_calibrate_axis_f32: the range [1e+06, 1e+06] is too far from zero for 65535 levels (use "
        "include_zero) (group 2)");
  }
  // The calibration's own rows, with this function's name; then the grid.
  qrange::calibration bad = qrange::make_calibration(qrange::method::mse);
  bad.method = static_cast<qrange_method>(7);
  expect_error([&] { qrange::calibrate(axis_x.data(), v, bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_calibrate_axis_f32: unknown method 7");
  bad = qrange::make_calibration(qrange::method::mse);
  bad.bins = 8;
  expect_error([&] { qrange::calibrate(axis_x.data(), v, bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_calibrate_axis_f32: bins = 8 is outside [16, 2^20] (method mse)");
  bad = qrange::make_calibration(qrange::method::percentile);
  bad.percentile = 100.5;
  expect_error([&] { qrange::calibrate(axis_x.data(), v, bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_calibrate_axis_f32: percentile = 100.5 is outside [50, 100]");
  expect_error(
      [&] { qrange::calibrate(axis_x.data(), v, qrange::make_calibration(qrange::method::minmax, -32769, 0)); },
      QRANGE_ERROR_INVALID_ARGUMENT,
      "qrange_calibrate_axis_f32: the grid [-32769, 0] is not within [-32768, 65535], the range of the axis "
      "quantizers' types");
  expect_error(
      [&] { qrange::calibrate(axis_x.data(), v, qrange::make_calibration(qrange::method::minmax, 65000, 65536)); },
      QRANGE_ERROR_INVALID_ARGUMENT, "qrange_calibrate_axis_f32: the grid [65000, 65536] is not within");
  // The context, after every other argument.
  const qrange::context negative = qrange::make_context(-1), unknown = qrange::make_context(1, "sse9");
  expect_error([&] { qrange::minmax(negative, axis_x.data(), v); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_minmax_axis_f32: ctx->num_threads = -1 is negative");
  expect_error([&] { qrange::minmax(unknown, axis_x.data(), v); }, QRANGE_ERROR_UNSUPPORTED_ISA,
               "qrange_minmax_axis_f32: unknown ISA 'sse9'");
  expect_error([&] { qrange::calibrate(negative, axis_x.data(), v, minmax); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_calibrate_axis_f32: ctx->num_threads = -1 is negative");
  expect_error([&] { qrange::calibrate(unknown, axis_x.data(), v, minmax); }, QRANGE_ERROR_UNSUPPORTED_ISA,
               "qrange_calibrate_axis_f32: unknown ISA 'sse9'");
  expect_error(
      [&] {
        qrange::calibrate(negative, axis_x.data(), v, qrange::make_calibration(qrange::method::minmax, -32769, 0));
      },
      QRANGE_ERROR_INVALID_ARGUMENT, "qrange_calibrate_axis_f32: the grid [-32769, 0]");
}

TEST_CASE("contract (C++): quantize, dequantize and the error per axis") {
  using qrange::axis_view;
  using qrange::context;
  using P = std::vector<qrange::params>;
  const long z24 = 16777216;
  SUBCASE("quantize") {
    axis_conversion_rows<float, std::uint8_t>("qrange_quantize_axis_f32_u8", "x", "q", "u8", 0, 255, 0, 255, kAxisN,
                                              [](const context& c, const float* x, const axis_view& v, const P& p,
                                                 std::uint8_t* q) { qrange::quantize(c, x, v, p, q); });
    axis_conversion_rows<float, std::int8_t>("qrange_quantize_axis_f32_i8", "x", "q", "i8", -128, 127, -128, 127,
                                             kAxisN,
                                             [](const context& c, const float* x, const axis_view& v, const P& p,
                                                std::int8_t* q) { qrange::quantize(c, x, v, p, q); });
    axis_conversion_rows<float, std::uint16_t>("qrange_quantize_axis_f32_u16", "x", "q", "u16", 0, 65535, 0, 65535,
                                               kAxisN,
                                               [](const context& c, const float* x, const axis_view& v, const P& p,
                                                  std::uint16_t* q) { qrange::quantize(c, x, v, p, q); });
    axis_conversion_rows<float, std::int16_t>("qrange_quantize_axis_f32_i16", "x", "q", "i16", -32768, 32767, -32768,
                                              32767, kAxisN,
                                              [](const context& c, const float* x, const axis_view& v, const P& p,
                                                 std::int16_t* q) { qrange::quantize(c, x, v, p, q); });
    axis_conversion_rows<float, std::uint8_t>("qrange_quantize_axis_f32_u4", "x", "q", "u4", 0, 15, 0, 15,
                                              (kAxisN + 1) / 2,
                                              [](const context& c, const float* x, const axis_view& v, const P& p,
                                                 std::uint8_t* q) { qrange::quantize_u4(c, x, v, p, q); });
    axis_conversion_rows<float, std::uint8_t>("qrange_quantize_axis_f32_i4", "x", "q", "i4", -8, 7, -8, 7,
                                              (kAxisN + 1) / 2,
                                              [](const context& c, const float* x, const axis_view& v, const P& p,
                                                 std::uint8_t* q) { qrange::quantize_i4(c, x, v, p, q); });
    // Without a context, the same checks.
    std::vector<std::uint8_t> q(kAxisN, kCanary);
    expect_error([&] { qrange::quantize(axis_x.data(), axis_view3(), P(2, axis_good[0]), q.data()); },
                 QRANGE_ERROR_INVALID_ARGUMENT, "qrange_quantize_axis_f32_u8: count = 2, but the layout has 3 groups");
    CHECK(q == std::vector<std::uint8_t>(kAxisN, kCanary));
  }
  SUBCASE("dequantize") {
    axis_conversion_rows<std::uint8_t, float>("qrange_dequantize_axis_u8_f32", "q", "x", "u8", 0, 255, 0, 255, kAxisN,
                                              [](const context& c, const std::uint8_t* q, const axis_view& v,
                                                 const P& p, float* x) { qrange::dequantize(c, q, v, p, x); });
    axis_conversion_rows<std::int8_t, float>("qrange_dequantize_axis_i8_f32", "q", "x", "i8", -128, 127, -128, 127,
                                             kAxisN,
                                             [](const context& c, const std::int8_t* q, const axis_view& v, const P& p,
                                                float* x) { qrange::dequantize(c, q, v, p, x); });
    axis_conversion_rows<std::uint16_t, float>("qrange_dequantize_axis_u16_f32", "q", "x", "u16", 0, 65535, 0, 65535,
                                               kAxisN,
                                               [](const context& c, const std::uint16_t* q, const axis_view& v,
                                                  const P& p, float* x) { qrange::dequantize(c, q, v, p, x); });
    axis_conversion_rows<std::int16_t, float>("qrange_dequantize_axis_i16_f32", "q", "x", "i16", -32768, 32767, -32768,
                                              32767, kAxisN,
                                              [](const context& c, const std::int16_t* q, const axis_view& v,
                                                 const P& p, float* x) { qrange::dequantize(c, q, v, p, x); });
    axis_conversion_rows<std::uint8_t, float>("qrange_dequantize_axis_u4_f32", "q", "x", "u4", 0, 15, 0, 15, kAxisN,
                                              [](const context& c, const std::uint8_t* q, const axis_view& v,
                                                 const P& p, float* x) { qrange::dequantize_u4(c, q, v, p, x); });
    axis_conversion_rows<std::uint8_t, float>("qrange_dequantize_axis_i4_f32", "q", "x", "i4", -8, 7, -8, 7, kAxisN,
                                              [](const context& c, const std::uint8_t* q, const axis_view& v,
                                                 const P& p, float* x) { qrange::dequantize_i4(c, q, v, p, x); });
  }
  SUBCASE("quantization_mse") {
    // The wrapper returns the error: out_name empty, the value written to out[0].
    axis_conversion_rows<float, double>("qrange_quantization_mse_axis_f32", "x", "", "the 16-bit grids", -32768, 65535,
                                        -z24, z24, 1,
                                        [](const context& c, const float* x, const axis_view& v, const P& p,
                                           double* mse) { *mse = qrange::quantization_mse(c, x, v, p); });
    const std::vector<float> nonfinite12(kAxisN, NAN);
    expect_error([&] { qrange::quantization_mse(nonfinite12.data(), axis_view3(), axis_good); },
                 QRANGE_ERROR_EMPTY_INPUT, "qrange_quantization_mse_axis_f32: no finite value among the 12 inputs");
  }
}

// ---- float16 and bfloat16 tensors ----------------------------------------------

namespace {

// The rows' tensors in each 16-bit type, as bit patterns.
template <class H>
struct Half;
template <>
struct Half<qrange::float16> {
  static constexpr const char* suffix = "f16";
  static constexpr std::uint16_t x4[4] = {0x3c00, 0x4000, 0x4200, 0x4400};     // 1, 2, 3, 4
  static constexpr std::uint16_t nonfinite[3] = {0x7c01, 0x7c00, 0xfc00};      // a signalling NaN, +Inf, -Inf
  static constexpr std::uint16_t axis_x[kAxisN] = {0xc200, 0x4500, 0x3800, 0x4000, 0xbc00, 0x4800,
                                                   0x4400, 0xc100, 0x3e00, 0x4200, 0x4600, 0xb400};
  // 60000 and 60032: more than 2^25 steps of 65535 levels from 0.
  static constexpr std::uint16_t far[2] = {0x7b53, 0x7b54};
  static constexpr std::int32_t far_qmax = 65535;
  static constexpr const char* far_needle = "is too far from zero for 65535 levels (use include_zero)";
};
template <>
struct Half<qrange::bfloat16> {
  static constexpr const char* suffix = "bf16";
  static constexpr std::uint16_t x4[4] = {0x3f80, 0x4000, 0x4040, 0x4080};
  static constexpr std::uint16_t nonfinite[3] = {0xff81, 0x7f80, 0xff80};
  static constexpr std::uint16_t axis_x[kAxisN] = {0xc040, 0x40a0, 0x3f00, 0x4000, 0xbf80, 0x4100,
                                                   0x4080, 0xc020, 0x3fc0, 0x4040, 0x40c0, 0xbe80};
  // -+3.38953e38, the largest: a scale above FLT_MAX on [0, 1] (no two
  // bfloat16 values are 2^25 steps of a 16-bit grid from 0).
  static constexpr std::uint16_t far[2] = {0xff7f, 0x7f7f};
  static constexpr std::int32_t far_qmax = 1;
  static constexpr const char* far_needle = "exceeds FLT_MAX";
};

template <class H>
std::vector<H> tensor(const std::uint16_t* bits, std::size_t n) {
  std::vector<H> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i].bits = bits[i];
  return x;
}

// The name of the 16-bit form of a function: prefix, the type, suffix.
template <class H>
std::string half_name(const std::string& prefix, const std::string& suffix = "") {
  return prefix + Half<H>::suffix + suffix;
}

template <class H>
void half_tensor_rows() {
  using D = Half<H>;
  const std::vector<H> x = tensor<H>(D::x4, 4), nonfinite = tensor<H>(D::nonfinite, 3);
  const H* null = nullptr;
  const qrange::range unit{0.0f, 1.0f};

  const std::string minmax = half_name<H>("qrange_minmax_") + ": ";
  expect_error([&] { qrange::minmax(null, 4); }, QRANGE_ERROR_NULL_POINTER, minmax + "x is NULL but n = 4");
  expect_error([&] { qrange::minmax(x.data(), 0); }, QRANGE_ERROR_EMPTY_INPUT,
               minmax + "no finite value among the 0 inputs");
  expect_error([&] { qrange::minmax(nonfinite.data(), 3); }, QRANGE_ERROR_EMPTY_INPUT,
               minmax + "no finite value among the 3 inputs (3 NaN or infinite)");

  const std::string histogram = half_name<H>("qrange_histogram_") + ": ";
  expect_error([&] { qrange::histogram(x.data(), 4, unit, 0); }, QRANGE_ERROR_INVALID_ARGUMENT,
               histogram + "bins = 0 is outside [1, 16777216]");
  expect_error([&] { qrange::histogram(x.data(), 4, unit, kMaxBins + 1); }, QRANGE_ERROR_INVALID_ARGUMENT,
               histogram + "bins = 16777217 is outside [1, 16777216]");
  expect_error([&] { qrange::histogram(x.data(), 4, unit, std::numeric_limits<std::size_t>::max()); },
               QRANGE_ERROR_INVALID_ARGUMENT, "is outside [1, 16777216]");
  expect_error([&] { qrange::histogram(null, 4, unit, 8); }, QRANGE_ERROR_NULL_POINTER,
               histogram + "x is NULL but n = 4");
  expect_error([&] { qrange::histogram(x.data(), 4, {2.0f, 1.0f}, 8); }, QRANGE_ERROR_INVALID_ARGUMENT,
               histogram + "need a finite range with min <= max (min = 2, max = 1)");
  for (const qrange::range r : {qrange::range{NAN, 1.0f}, qrange::range{0.0f, NAN}, qrange::range{-INFINITY, 1.0f},
                                qrange::range{0.0f, INFINITY}}) {
    CAPTURE(r.min);
    CAPTURE(r.max);
    expect_error([&] { qrange::histogram(x.data(), 4, r, 8); }, QRANGE_ERROR_INVALID_ARGUMENT, "need a finite range");
  }
  const qrange::histogram_result h = qrange::histogram(null, 0, unit, 8);
  CHECK(h.counts == std::vector<std::uint64_t>(8, 0));
  CHECK(h.below + h.above == 0);

  using qrange::percentile_mode;
  const std::string percentile = half_name<H>("qrange_percentile_range_") + ": ";
  expect_error([&] { qrange::percentile_range(null, 4); }, QRANGE_ERROR_NULL_POINTER,
               percentile + "x is NULL but n = 4");
  for (const double pct : {double{NAN}, double{INFINITY}, -double{INFINITY}, 49.9, 100.1}) {
    CAPTURE(pct);
    expect_error([&] { qrange::percentile_range(x.data(), 4, pct); }, QRANGE_ERROR_INVALID_ARGUMENT,
                 "is outside [50, 100]");
  }
  expect_error([&] { qrange::percentile_range(x.data(), 4, 49.9); }, QRANGE_ERROR_INVALID_ARGUMENT,
               percentile + "percentile = 49.9 is outside [50, 100]");
  expect_error([&] { qrange::percentile_range(x.data(), 4, 99.0, percentile_mode::approximate, kMaxBins + 1); },
               QRANGE_ERROR_INVALID_ARGUMENT, percentile + "bins = 16777217 is above 16777216");
  expect_error([&] { qrange::percentile_range(x.data(), 4, 99.0, static_cast<percentile_mode>(2)); },
               QRANGE_ERROR_INVALID_ARGUMENT, percentile + "exact = 2 is neither 0 nor 1");
  expect_error([&] { qrange::percentile_range(x.data(), 0); }, QRANGE_ERROR_EMPTY_INPUT,
               percentile + "no finite value among the 0 inputs");
  expect_error([&] { qrange::percentile_range(nonfinite.data(), 3, 99.0, percentile_mode::exact); },
               QRANGE_ERROR_EMPTY_INPUT, percentile + "no finite value among the 3 inputs");

  const std::string mse = half_name<H>("qrange_quantization_mse_") + ": ";
  const qrange::params good = make_params(0.5f, 0, -128, 127);
  expect_error([&] { qrange::quantization_mse(null, 4, good); }, QRANGE_ERROR_NULL_POINTER,
               mse + "x is NULL but n = 4");
  expect_error([&] { qrange::quantization_mse(x.data(), 4, make_params(0.5f, 0, 7, 7)); },
               QRANGE_ERROR_INVALID_ARGUMENT,
               mse + "need -2147483648 <= qmin < qmax <= 2147483647 (qmin = 7, qmax = 7)");
  expect_error([&] { qrange::quantization_mse(x.data(), 4, make_params(0.5f, 16777217, 0, 255)); },
               QRANGE_ERROR_INVALID_ARGUMENT, mse + "|zero_point| = |16777217| exceeds 2^24");
  expect_error([&] { qrange::quantization_mse(x.data(), 4, make_params(NAN, 0, 0, 255)); },
               QRANGE_ERROR_INVALID_ARGUMENT, mse + "scale = nan must be finite and > 0");
  expect_error([&] { qrange::quantization_mse(x.data(), 0, good); }, QRANGE_ERROR_EMPTY_INPUT,
               mse + "no finite value among the 0 inputs");
  expect_error([&] { qrange::quantization_mse(nonfinite.data(), 3, good); }, QRANGE_ERROR_EMPTY_INPUT,
               mse + "no finite value among the 3 inputs");

  const std::string calibrate = half_name<H>("qrange_calibrate_") + ": ";
  const qrange::calibration c = qrange::make_calibration(qrange::method::mse);
  qrange::calibration bad = c;
  bad.method = static_cast<qrange_method>(7);
  expect_error([&] { qrange::calibrate(x.data(), 4, bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
               calibrate + "unknown method 7");
  bad = c;
  bad.bins = 8;
  expect_error([&] { qrange::calibrate(x.data(), 4, bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
               calibrate + "bins = 8 is outside [16, 2^20] (method mse)");
  expect_error([&] { qrange::calibrate(null, 4, c); }, QRANGE_ERROR_NULL_POINTER, calibrate + "x is NULL but n = 4");
  expect_error([&] { qrange::calibrate(nonfinite.data(), 3, c); }, QRANGE_ERROR_EMPTY_INPUT,
               calibrate + "no finite value among the 3 inputs");
  const std::vector<H> far = tensor<H>(D::far, 2);
  expect_error(
      [&] { qrange::calibrate(far.data(), 2, qrange::make_calibration(qrange::method::minmax, 0, D::far_qmax,
                                                                        QRANGE_ASYMMETRIC, false)); },
      QRANGE_ERROR_INVALID_ARGUMENT, D::far_needle);
}

// Every wrapper on a tensor with a bad context: the context's row, with the
// function's name, outputs untouched.
template <class H>
void half_context_rows() {
  const std::vector<H> x = tensor<H>(Half<H>::x4, 4);
  const qrange::context bad = qrange::make_context(-2);
  const qrange::params p{0.5f, 0, 0, 127};
  const std::string what = ": ctx->num_threads = -2 is negative";
  const auto refused = [&](const std::string& fn, auto call) {
    expect_error(call, QRANGE_ERROR_INVALID_ARGUMENT, fn + what);
  };
  refused(half_name<H>("qrange_minmax_"), [&] { qrange::minmax(bad, x.data(), 4); });
  refused(half_name<H>("qrange_histogram_"), [&] { qrange::histogram(bad, x.data(), 4, {0.0f, 4.0f}, 8); });
  refused(half_name<H>("qrange_percentile_range_"), [&] { qrange::percentile_range(bad, x.data(), 4); });
  refused(half_name<H>("qrange_quantization_mse_"), [&] { qrange::quantization_mse(bad, x.data(), 4, p); });
  refused(half_name<H>("qrange_calibrate_"),
          [&] { qrange::calibrate(bad, x.data(), 4, qrange::make_calibration(qrange::method::minmax)); });
  Canary<std::uint8_t> q8;
  Canary<std::int16_t> q16;
  refused(half_name<H>("qrange_quantize_", "_u8"), [&] { qrange::quantize(bad, x.data(), 4, p, q8.data()); });
  refused(half_name<H>("qrange_quantize_", "_i16"), [&] { qrange::quantize(bad, x.data(), 4, p, q16.data()); });
  CHECK(q8.untouched());
  CHECK(q16.untouched());
  Canary<H> out;
  const std::int8_t zeros[4] = {};
  refused(half_name<H>("qrange_dequantize_i8_"), [&] { qrange::dequantize(bad, zeros, 4, p, out.data()); });
  CHECK(out.untouched());
  expect_error([&] { qrange::minmax(qrange::make_context(1, "sse9"), x.data(), 4); }, QRANGE_ERROR_UNSUPPORTED_ISA,
               half_name<H>("qrange_minmax_") + ": unknown ISA 'sse9'");
}

template <class H>
void half_observer_rows() {
  const std::vector<H> x = tensor<H>(Half<H>::x4, 4);
  const H* null = nullptr;
  const std::string update = half_name<H>("qrange_observer_update_") + ": ";
  qrange::observer o = observed16();
  const Snapshot before(o);
  expect_error([&] { o.update(null, 4); }, QRANGE_ERROR_NULL_POINTER, update + "x is NULL but n = 4");
  qrange::context bad = qrange::make_context();
  bad.struct_size = 8;
  expect_error([&] { o.update(bad, x.data(), 4); }, QRANGE_ERROR_INVALID_ARGUMENT, update + "ctx->struct_size = 8");
  expect_error([&] { o.update(bad, null, 0); }, QRANGE_ERROR_INVALID_ARGUMENT, update + "ctx->struct_size = 8");
  expect_error([&] { o.update(qrange::make_context(-1), x.data(), 4); }, QRANGE_ERROR_INVALID_ARGUMENT,
               update + "ctx->num_threads = -1 is negative");
  expect_error([&] { o.update(qrange::make_context(1, "sse9"), x.data(), 4); }, QRANGE_ERROR_UNSUPPORTED_ISA,
               update + "unknown ISA 'sse9'");
  CHECK(Snapshot(o) == before);
  o.update(null, 0);  // n == 0: nothing to count, not an error
  CHECK(Snapshot(o) == before);

  std::vector<std::uint64_t> c = before.counts;
  c[QRANGE_OBSERVER_COUNT_SLOTS] = std::numeric_limits<std::uint64_t>::max() - 3;
  o.set_counts(o.stats().range, c);
  const Snapshot big(o);
  expect_error([&] { o.update(x.data(), 4); }, QRANGE_ERROR_INVALID_ARGUMENT,
               update + "the state counts 18446744073709551615 finite values; n = 4 more could pass 2^64 - 1");
  CHECK(Snapshot(o) == big);

  qrange::observer moved = std::move(o);
  expect_error([&] { o.update(x.data(), 4); }, QRANGE_ERROR_NULL_POINTER, update + "obs is NULL");
  CHECK(Snapshot(moved) == big);
}

template <class H>
void half_axis_rows() {
  using D = Half<H>;
  using qrange::axis_view;
  using qrange::context;
  using P = std::vector<qrange::params>;
  const long z24 = 16777216;
  const std::string t = D::suffix;
  const axis_view v = axis_view3();
  const std::vector<H> x = tensor<H>(D::axis_x, kAxisN);
  const H* null = nullptr;

  axis_conversion_rows<H, std::uint8_t>("qrange_quantize_axis_" + t + "_u8", "x", "q", "u8", 0, 255, 0, 255, kAxisN,
                                        [](const context& c, const H* in, const axis_view& view, const P& p,
                                           std::uint8_t* q) { qrange::quantize(c, in, view, p, q); });
  axis_conversion_rows<H, std::int8_t>("qrange_quantize_axis_" + t + "_i8", "x", "q", "i8", -128, 127, -128, 127,
                                       kAxisN, [](const context& c, const H* in, const axis_view& view, const P& p,
                                                  std::int8_t* q) { qrange::quantize(c, in, view, p, q); });
  axis_conversion_rows<H, std::uint16_t>("qrange_quantize_axis_" + t + "_u16", "x", "q", "u16", 0, 65535, 0, 65535,
                                         kAxisN, [](const context& c, const H* in, const axis_view& view, const P& p,
                                                    std::uint16_t* q) { qrange::quantize(c, in, view, p, q); });
  axis_conversion_rows<H, std::int16_t>("qrange_quantize_axis_" + t + "_i16", "x", "q", "i16", -32768, 32767, -32768,
                                        32767, kAxisN,
                                        [](const context& c, const H* in, const axis_view& view, const P& p,
                                           std::int16_t* q) { qrange::quantize(c, in, view, p, q); });
  axis_conversion_rows<H, std::uint8_t>("qrange_quantize_axis_" + t + "_u4", "x", "q", "u4", 0, 15, 0, 15,
                                        (kAxisN + 1) / 2,
                                        [](const context& c, const H* in, const axis_view& view, const P& p,
                                           std::uint8_t* q) { qrange::quantize_u4(c, in, view, p, q); });
  axis_conversion_rows<H, std::uint8_t>("qrange_quantize_axis_" + t + "_i4", "x", "q", "i4", -8, 7, -8, 7,
                                        (kAxisN + 1) / 2,
                                        [](const context& c, const H* in, const axis_view& view, const P& p,
                                           std::uint8_t* q) { qrange::quantize_i4(c, in, view, p, q); });
  axis_conversion_rows<std::uint8_t, H>("qrange_dequantize_axis_u8_" + t, "q", "x", "u8", 0, 255, 0, 255, kAxisN,
                                        [](const context& c, const std::uint8_t* q, const axis_view& view,
                                           const P& p, H* out) { qrange::dequantize(c, q, view, p, out); });
  axis_conversion_rows<std::int8_t, H>("qrange_dequantize_axis_i8_" + t, "q", "x", "i8", -128, 127, -128, 127,
                                       kAxisN, [](const context& c, const std::int8_t* q, const axis_view& view,
                                                  const P& p, H* out) { qrange::dequantize(c, q, view, p, out); });
  axis_conversion_rows<std::uint16_t, H>("qrange_dequantize_axis_u16_" + t, "q", "x", "u16", 0, 65535, 0, 65535,
                                         kAxisN,
                                         [](const context& c, const std::uint16_t* q, const axis_view& view,
                                            const P& p, H* out) { qrange::dequantize(c, q, view, p, out); });
  axis_conversion_rows<std::int16_t, H>("qrange_dequantize_axis_i16_" + t, "q", "x", "i16", -32768, 32767, -32768,
                                        32767, kAxisN,
                                        [](const context& c, const std::int16_t* q, const axis_view& view,
                                           const P& p, H* out) { qrange::dequantize(c, q, view, p, out); });
  axis_conversion_rows<std::uint8_t, H>("qrange_dequantize_axis_u4_" + t, "q", "x", "u4", 0, 15, 0, 15, kAxisN,
                                        [](const context& c, const std::uint8_t* q, const axis_view& view,
                                           const P& p, H* out) { qrange::dequantize_u4(c, q, view, p, out); });
  axis_conversion_rows<std::uint8_t, H>("qrange_dequantize_axis_i4_" + t, "q", "x", "i4", -8, 7, -8, 7, kAxisN,
                                        [](const context& c, const std::uint8_t* q, const axis_view& view,
                                           const P& p, H* out) { qrange::dequantize_i4(c, q, view, p, out); });
  axis_conversion_rows<H, double>("qrange_quantization_mse_axis_" + t, "x", "", "the 16-bit grids", -32768, 65535,
                                  -z24, z24, 1,
                                  [](const context& c, const H* in, const axis_view& view, const P& p, double* mse) {
                                    *mse = qrange::quantization_mse(c, in, view, p);
                                  });
  const std::vector<H> nonfinite12 = tensor<H>(std::vector<std::uint16_t>(kAxisN, D::nonfinite[0]).data(), kAxisN);
  expect_error([&] { qrange::quantization_mse(nonfinite12.data(), v, axis_good); }, QRANGE_ERROR_EMPTY_INPUT,
               "qrange_quantization_mse_axis_" + t + ": no finite value among the 12 inputs");

  const std::string minmax = "qrange_minmax_axis_" + t + ": ", calibrate = "qrange_calibrate_axis_" + t + ": ";
  const qrange::calibration by_minmax = qrange::make_calibration(qrange::method::minmax);
  expect_error([&] { qrange::minmax(null, v); }, QRANGE_ERROR_NULL_POINTER, minmax + "x is NULL");
  expect_error([&] { qrange::calibrate(null, v, by_minmax); }, QRANGE_ERROR_NULL_POINTER, calibrate + "x is NULL");
  // Group 1 (elements 2, 3, 8, 9) without a finite value.
  std::vector<H> empty1 = x;
  empty1[2].bits = empty1[9].bits = D::nonfinite[0];
  empty1[3].bits = D::nonfinite[1];
  empty1[8].bits = D::nonfinite[2];
  expect_error([&] { qrange::minmax(empty1.data(), v); }, QRANGE_ERROR_EMPTY_INPUT,
               minmax + "group 1 (of 4 values) has no finite value");
  expect_error([&] { qrange::calibrate(empty1.data(), v, by_minmax); }, QRANGE_ERROR_EMPTY_INPUT,
               calibrate + "group 1 (of 4 values) has no finite value");
  // Group 2 (elements 4, 5, 10, 11) on the values whose range is refused.
  std::vector<H> far2 = x;
  far2[4].bits = far2[10].bits = far2[11].bits = D::far[0];
  far2[5].bits = D::far[1];
  for (qrange::method m :
       {qrange::method::minmax, qrange::method::percentile, qrange::method::mse, qrange::method::entropy}) {
    CAPTURE(static_cast<int>(m));
    if (m != qrange::method::minmax)
      expect_error([&] { qrange::calibrate(empty1.data(), v, qrange::make_calibration(m)); },
                   QRANGE_ERROR_EMPTY_INPUT, calibrate + "no finite value among the 4 inputs (group 1)");
    const qrange::calibration c = qrange::make_calibration(m, 0, D::far_qmax, QRANGE_ASYMMETRIC, false);
    expect_error([&] { qrange::calibrate(far2.data(), v, c); }, QRANGE_ERROR_INVALID_ARGUMENT, D::far_needle);
    expect_error([&] { qrange::calibrate(far2.data(), v, c); }, QRANGE_ERROR_INVALID_ARGUMENT, ") (group 2)");
  }
  qrange::calibration bad = qrange::make_calibration(qrange::method::mse);
  bad.bins = 8;
  expect_error([&] { qrange::calibrate(x.data(), v, bad); }, QRANGE_ERROR_INVALID_ARGUMENT,
               calibrate + "bins = 8 is outside [16, 2^20] (method mse)");
  expect_error([&] { qrange::calibrate(x.data(), v, qrange::make_calibration(qrange::method::minmax, -32769, 0)); },
               QRANGE_ERROR_INVALID_ARGUMENT, calibrate + "the grid [-32769, 0] is not within [-32768, 65535]");
  // The context, after every other argument.
  const context negative = qrange::make_context(-1), unknown = qrange::make_context(1, "sse9");
  expect_error([&] { qrange::minmax(negative, x.data(), v); }, QRANGE_ERROR_INVALID_ARGUMENT,
               minmax + "ctx->num_threads = -1 is negative");
  expect_error([&] { qrange::minmax(unknown, x.data(), v); }, QRANGE_ERROR_UNSUPPORTED_ISA,
               minmax + "unknown ISA 'sse9'");
  expect_error([&] { qrange::calibrate(negative, x.data(), v, by_minmax); }, QRANGE_ERROR_INVALID_ARGUMENT,
               calibrate + "ctx->num_threads = -1 is negative");
  expect_error(
      [&] { qrange::calibrate(negative, x.data(), v, qrange::make_calibration(qrange::method::minmax, -32769, 0)); },
      QRANGE_ERROR_INVALID_ARGUMENT, calibrate + "the grid [-32769, 0]");
  // The layout is checked before the call, with qrange_layout_counts's name.
  const axis_view zero({2, 0, 2}, 1);
  expect_error([&] { qrange::minmax(x.data(), zero); }, QRANGE_ERROR_INVALID_ARGUMENT,
               "qrange_layout_counts: layout->shape[1] is 0");
}

template <class H>
void half_rows() {
  CAPTURE(std::string(Half<H>::suffix));
  half_tensor_rows<H>();
  half_context_rows<H>();
  half_observer_rows<H>();
  half_axis_rows<H>();
}

}  // namespace

TEST_CASE("contract (C++): float16 tensors") { half_rows<qrange::float16>(); }
TEST_CASE("contract (C++): bfloat16 tensors") { half_rows<qrange::bfloat16>(); }

namespace {

// Per tensor, the quantize and dequantize rows of every integer type through
// the 16-bit wrappers.
template <class H, class Int>
void half_conversion_rows() {
  conversion_rows<Int, H, Int>("x", "q", [](const H* x, Int* q, std::size_t n, const qrange::params& p) {
    qrange::quantize(x, n, p, q);
  });
  conversion_rows<Int, Int, H>("q", "x", [](const Int* q, H* x, std::size_t n, const qrange::params& p) {
    qrange::dequantize(q, n, p, x);
  });
}

template <class H>
void half_conversions() {
  half_conversion_rows<H, std::uint8_t>();
  half_conversion_rows<H, std::int8_t>();
  half_conversion_rows<H, std::uint16_t>();
  half_conversion_rows<H, std::int16_t>();
}

}  // namespace

TEST_CASE("contract (C++): quantize and dequantize, float16") { half_conversions<qrange::float16>(); }
TEST_CASE("contract (C++): quantize and dequantize, bfloat16") { half_conversions<qrange::bfloat16>(); }
