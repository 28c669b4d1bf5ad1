#include <qrange/qrange.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>

#include "bench/suite.hpp"
#include "examples/thread_pool.hpp"

namespace qrange::bench {
namespace {

// The user's min-max parameters for the bench input (uniform(-50, 150) and 1000).
qrange_params params(std::int32_t qmin, std::int32_t qmax) {
  qrange_params p{};
  qrange_choose_params(qrange_range{-50.0f, 1000.0f}, qmin, qmax, QRANGE_ASYMMETRIC, 0, &p);
  return p;
}

// One operation through the public API: bytes moved per element, its memory
// reference and the call, under a context (NULL: the process's settings).
struct Op {
  const char* name;
  double bytes;
  Reference ref;
  std::function<void(std::size_t n, const qrange_context* ctx)> call;
  bool pool_variant;  // also measured with the tasks on a caller's pool
};

template <class T>
Op quantize_op(const char* name,
               qrange_status (*fn)(const qrange_context*, const float*, size_t, const qrange_params*, T*),
               bool pool_variant = false) {
  const qrange_params p = params(std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
  return {name, 4.0 + sizeof(T), Reference::read_f32_write_u8,
          [fn, p](std::size_t n, const qrange_context* ctx) { fn(ctx, input(n).data(), n, &p, output<T>(n)); },
          pool_variant};
}

std::vector<Op> operations() {
  const qrange_params p8 = params(0, 255);
  return {
      quantize_op<std::uint8_t>("quantize_u8", &qrange_quantize_f32_u8_ex, true),
      quantize_op<std::int8_t>("quantize_i8", &qrange_quantize_f32_i8_ex),
      quantize_op<std::uint16_t>("quantize_u16", &qrange_quantize_f32_u16_ex),
      quantize_op<std::int16_t>("quantize_i16", &qrange_quantize_f32_i16_ex),
      {"dequantize_u8", 5.0, Reference::read_u8_write_f32,
       [p8](std::size_t n, const qrange_context* ctx) {
         qrange_dequantize_u8_f32_ex(ctx, input_u8(n).data(), n, &p8, output<float>(n));
       },
       false},
      {"quantization_mse", 4.0, Reference::read,
       [p8](std::size_t n, const qrange_context* ctx) {
         double mse = 0.0;
         qrange_quantization_mse_f32_ex(ctx, input(n).data(), n, &p8, &mse);
         benchmark::DoNotOptimize(mse);
       },
       false},
      // Reads the input twice, the second time from cache where it fits:
      // compared with one pass that reads it and writes bytes.
      {"dynamic_quantize_u8", 5.0, Reference::read_f32_write_u8,
       [](std::size_t n, const qrange_context* ctx) {
         qrange_params p{};
         qrange_dynamic_quantize_f32_u8(ctx, input(n).data(), n, output<std::uint8_t>(n), &p);
         benchmark::DoNotOptimize(p);
       },
       true},
  };
}

void register_quantize(const Config& c) {
  for (const Op& op : operations()) {
    for (std::size_t n : c.sizes) {
      for (int t : c.thread_counts) {
        std::vector<std::string> variants = c.isas;
        variants.emplace_back("auto");
        for (const std::string& isa : variants) {
          benchmark::RegisterBenchmark(name(op.name, isa, n, t).c_str(), [op, n, t, isa](benchmark::State& s) {
            if (qrange_set_isa(isa.c_str()) != QRANGE_OK || qrange_set_num_threads(t) != QRANGE_OK)
              return s.SkipWithError(qrange_last_error());
            op.call(n, nullptr);  // allocates and touches the output outside the timing
            run_pass(s, n, t, op.bytes, op.ref, [&] { op.call(n, nullptr); });
          })->UseRealTime();
        }
        if (!op.pool_variant) continue;
        // The best ISA with its tasks on a caller's pool instead of OpenMP.
        benchmark::RegisterBenchmark(name(op.name, "pool", n, t).c_str(), [op, n, t](benchmark::State& s) {
          if (qrange_set_isa("auto") != QRANGE_OK) return s.SkipWithError(qrange_last_error());
          qrange_example::ThreadPool pool(t);
          const qrange_context ctx = pool.context();
          op.call(n, &ctx);
          run_pass(s, n, t, op.bytes, op.ref, [&] { op.call(n, &ctx); });
        })->UseRealTime();
      }
    }
  }
  // The baseline: the obvious scalar loop a user would write.
  for (std::size_t n : c.sizes) {
    benchmark::RegisterBenchmark(name("quantize_u8", "naive_loop", n, 1).c_str(), [n](benchmark::State& s) {
      const qrange_params p = params(0, 255);
      const float* x = input(n).data();
      std::uint8_t* q = output<std::uint8_t>(n);
      run_pass(s, n, 1, 5.0, Reference::read_f32_write_u8, [&] {
        for (std::size_t i = 0; i < n; ++i) {
          const float v = std::nearbyint(x[i] / p.scale) + static_cast<float>(p.zero_point);
          q[i] = static_cast<std::uint8_t>(std::min(std::max(v, 0.0f), 255.0f));
        }
        benchmark::DoNotOptimize(q);
      });
    })->UseRealTime();
  }
}

const Registrar kQuantize(&register_quantize);

}  // namespace
}  // namespace qrange::bench
