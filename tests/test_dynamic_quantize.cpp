// qrange_dynamic_quantize_f32_u8: ONNX DynamicQuantizeLinear's parameters in
// its float32 arithmetic, then exactly qrange_quantize_f32_u8's bytes.
#include <doctest/doctest.h>

#include <qrange/qrange.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "harness.hpp"

using namespace qrange::test;

namespace {

// ONNX's reference formula, written out independently of the library.
qrange_params onnx_params(const std::vector<float>& x) {
  float lo = 0.0f, hi = 0.0f;
  for (float v : x)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  const float scale = hi == lo ? 1.0f : (hi - lo) / 255.0f;
  const float zp = std::max(0.0f, std::min(255.0f, 0.0f - lo / scale));
  return {scale, static_cast<std::int32_t>(std::nearbyint(zp)), 0, 255};
}

void check_against_onnx(const std::vector<float>& x) {
  const qrange_params want = onnx_params(x);
  std::vector<std::uint8_t> want_q(x.size());
  REQUIRE(qrange_quantize_f32_u8(x.data(), x.size(), &want, want_q.data()) == QRANGE_OK);
  for_each_isa_api([&](const char* isa) {
    CAPTURE(std::string(isa));
    for (int threads : {1, 2, 3}) {
      qrange_context ctx = QRANGE_CONTEXT_INIT;
      ctx.num_threads = threads;
      std::vector<std::uint8_t> q(x.size(), 0xAB);
      qrange_params p{};
      REQUIRE(qrange_dynamic_quantize_f32_u8(&ctx, x.data(), x.size(), q.data(), &p) == QRANGE_OK);
      CHECK(bits(p.scale) == bits(want.scale));
      CHECK(p.zero_point == want.zero_point);
      CHECK(p.qmin == 0);
      CHECK(p.qmax == 255);
      CHECK(q == want_q);
    }
  });
}

}  // namespace

TEST_CASE("dynamic quantize: ONNX's parameters and qrange_quantize's bytes, on every ISA and thread count") {
  check_against_onnx(user_example());
  check_against_onnx(uniform((1u << 20) + 37, -3.0f, 5.0f, 3));  // several threads, several chunks
  check_against_onnx(uniform(5000, 2.0f, 9.0f, 4));              // all positive: zero point 0
  check_against_onnx(uniform(5000, -9.0f, -2.0f, 5));            // all negative: zero point 255
  // Ties of the zero point and of x / scale: ranges whose ends are multiples
  // of small powers of two over 255 steps.
  for (float lo : {-0.5f, -1.0f, -127.5f / 255.0f, -1.5f, -100.0f})
    for (float hi : {0.5f, 1.0f, 2.0f, 127.5f}) {
      std::vector<float> x{lo, hi};
      for (int i = -300; i <= 300; ++i) x.push_back(static_cast<float>(i) * (hi - lo) / 510.0f);
      check_against_onnx(x);
    }
  auto specials = special_values();
  specials.erase(std::remove_if(specials.begin(), specials.end(),
                                [](float v) { return std::fabs(v) > 1e29f; }),  // the width would overflow
                 specials.end());
  for (std::size_t offset = 0; offset < 40; ++offset) {
    auto x = uniform(300, -4.0f, 4.0f, 40 + offset);
    for (std::size_t i = 0; i < specials.size(); ++i) x[(offset + 7 * i) % x.size()] = specials[i];
    check_against_onnx(x);
  }
}

TEST_CASE("dynamic quantize: empty, all-zero and all-non-finite inputs give [0, 0], scale 1") {
  const float inf = std::numeric_limits<float>::infinity();
  for (const std::vector<float>& x : {std::vector<float>{}, std::vector<float>{0.0f, -0.0f},
                                      std::vector<float>{inf, -inf, std::numeric_limits<float>::quiet_NaN()}}) {
    std::vector<std::uint8_t> q(x.size());
    qrange_params p{};
    REQUIRE(qrange_dynamic_quantize_f32_u8(nullptr, x.data(), x.size(), q.data(), &p) == QRANGE_OK);
    CHECK(p.scale == 1.0f);
    CHECK(p.zero_point == 0);
  }
}

TEST_CASE("dynamic quantize: a range ONNX Runtime gives an infinite or zero scale is refused, nothing written") {
  const auto refused = [](std::vector<float> x, const std::string& needle) {
    std::vector<std::uint8_t> q(x.size(), 7);
    qrange_params p{2.0f, 1, 0, 255};
    CHECK(qrange_dynamic_quantize_f32_u8(nullptr, x.data(), x.size(), q.data(), &p) == QRANGE_ERROR_INVALID_ARGUMENT);
    CHECK(std::string(qrange_last_error()).find(needle) != std::string::npos);
    CHECK(std::all_of(q.begin(), q.end(), [](std::uint8_t v) { return v == 7; }));
    CHECK(p.scale == 2.0f);
  };
  refused({-FLT_MAX, FLT_MAX}, "is wider than FLT_MAX");
  refused({-3e38f, 1.0f, 3e38f}, "is wider than FLT_MAX");
  refused({0.0f, std::numeric_limits<float>::denorm_min()}, "is too narrow");
}

TEST_CASE("dynamic quantize: null pointers are refused") {
  const float x[2] = {1.0f, 2.0f};
  std::uint8_t q[2] = {};
  qrange_params p{};
  CHECK(qrange_dynamic_quantize_f32_u8(nullptr, x, 2, q, nullptr) == QRANGE_ERROR_NULL_POINTER);
  CHECK(qrange_dynamic_quantize_f32_u8(nullptr, nullptr, 2, q, &p) == QRANGE_ERROR_NULL_POINTER);
  CHECK(qrange_dynamic_quantize_f32_u8(nullptr, x, 2, nullptr, &p) == QRANGE_ERROR_NULL_POINTER);
  CHECK(qrange_dynamic_quantize_f32_u8(nullptr, nullptr, 0, nullptr, &p) == QRANGE_OK);
}
