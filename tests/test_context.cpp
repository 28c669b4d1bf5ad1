// The execution context: every operation gives the scalar, one-thread bits
// under any ISA, thread count and executor (OpenMP or a caller's pool), and a
// bad context is refused before anything is written.
#include <doctest/doctest.h>

#include <qrange/qrange.hpp>

#include <limits>
#include <string>
#include <vector>

#include "examples/thread_pool.hpp"
#include "harness.hpp"
#include "operations.hpp"
#include "src/dispatch.hpp"

using namespace qrange::test;

namespace {

std::vector<float> input() {
  auto x = uniform((1u << 20) * 3 + 11, -50.0f, 150.0f, 12);
  x[7] = 1000.0f;
  x[1234567] = std::numeric_limits<float>::quiet_NaN();
  x[2000003] = std::numeric_limits<float>::infinity();
  return x;
}

}  // namespace

TEST_CASE("every operation: the same bits under every context") {
  const auto x = input();
  qrange_example::ThreadPool pool3(3);
  for (const Operation& op : all_operations()) {
    CAPTURE(std::string(op.name));
    const qrange_context scalar1 = qrange::make_context(1, "scalar");
    OpParams params;
    params.ctx = &scalar1;
    const OpResult want = op(x.data(), x.size(), params);
    REQUIRE(want.status == QRANGE_OK);
    params.ctx = nullptr;
    CHECK(op(x.data(), x.size(), params) == want);
    for (const auto& t : qrange::detail::compiled_targets()) {
      if (!t.supported()) continue;
      CAPTURE(std::string(t.name));
      std::vector<qrange_context> contexts;
      for (int threads : {1, 2, 3, 8}) contexts.push_back(qrange::make_context(threads, t.name));
      for (int threads : {2, 5}) contexts.push_back(qrange::make_context(threads, t.name, &run_backwards));
      contexts.push_back(pool3.context());
      contexts.back().isa = t.name;
      for (const qrange_context& ctx : contexts) {
        CAPTURE(ctx.num_threads);
        CAPTURE(ctx.parallel_for != nullptr);
        params.ctx = &ctx;
        CHECK(op(x.data(), x.size(), params) == want);
      }
    }
  }
}

TEST_CASE("a bad context is refused, naming the problem, with outputs untouched") {
  const float x[4] = {1.0f, 2.0f, 3.0f, 4.0f};
  const auto refused = [&](const qrange_context& ctx, qrange_status status, const std::string& needle) {
    qrange_range r{-7.0f, 7.0f};
    CHECK(qrange_minmax_f32_ex(&ctx, x, 4, &r, nullptr) == status);
    CHECK(std::string(qrange_last_error()).find("qrange_minmax_f32_ex: " + needle) != std::string::npos);
    CHECK(r.min == -7.0f);
    CHECK(r.max == 7.0f);
    std::uint8_t q[4] = {9, 9, 9, 9};
    qrange_params p{0.5f, 3, 0, 255};
    CHECK(qrange_dynamic_quantize_f32_u8(&ctx, x, 4, q, &p) == status);
    CHECK(std::string(qrange_last_error()).find("qrange_dynamic_quantize_f32_u8: " + needle) != std::string::npos);
    CHECK(q[0] == 9);
    CHECK(p.scale == 0.5f);
  };
  qrange_context ctx = qrange::make_context();
  ctx.struct_size = sizeof(qrange_context) - 1;
  refused(ctx, QRANGE_ERROR_INVALID_ARGUMENT, "ctx->struct_size");
  ctx.struct_size = sizeof(qrange_context) + 8;
  refused(ctx, QRANGE_ERROR_INVALID_ARGUMENT, "ctx->struct_size");
  refused(qrange::make_context(-1), QRANGE_ERROR_INVALID_ARGUMENT, "ctx->num_threads = -1 is negative");
  int not_a_pool = 0;
  refused(qrange::make_context(2, nullptr, nullptr, &not_a_pool), QRANGE_ERROR_INVALID_ARGUMENT,
          "ctx->pool is set but ctx->parallel_for is NULL");
  refused(qrange::make_context(0, nullptr, &run_backwards), QRANGE_ERROR_INVALID_ARGUMENT,
          "ctx->parallel_for is set but ctx->num_threads = 0");
  refused(qrange::make_context(1, "sse9"), QRANGE_ERROR_UNSUPPORTED_ISA, "unknown ISA 'sse9'");
}
