// float16 and bfloat16 tensors: each operation on the bench input rounded to
// the type, its bytes (2 per element read) against the 16-bit references.
#include <qrange/qrange.h>

#include <cstdint>
#include <limits>
#include <functional>
#include <string>
#include <vector>

#include "bench/suite.hpp"
#include "kernels/element.hpp"

namespace qrange::bench {
namespace {

// The C functions of one 16-bit type.
struct HalfType {
  const char* name;
  const std::vector<std::uint16_t>& (*input)(std::size_t n);
  decltype(&qrange_minmax_f16) minmax;
  decltype(&qrange_histogram_f16) histogram;
  decltype(&qrange_percentile_range_f16) percentile_range;
  decltype(&qrange_quantize_f16_u8) quantize_u8;
  decltype(&qrange_dequantize_u8_f16) dequantize_u8;
  decltype(&qrange_quantization_mse_f16) mse;
  decltype(&qrange_observer_update_f16) observer_update;
  decltype(&qrange_calibrate_f16) calibrate;
  decltype(&qrange_quantize_axis_f16_i4) quantize_axis_i4;
};

const HalfType kTypes[] = {
    {"f16", &input_f16, &qrange_minmax_f16, &qrange_histogram_f16, &qrange_percentile_range_f16,
     &qrange_quantize_f16_u8, &qrange_dequantize_u8_f16, &qrange_quantization_mse_f16, &qrange_observer_update_f16,
     &qrange_calibrate_f16, &qrange_quantize_axis_f16_i4},
    {"bf16", &input_bf16, &qrange_minmax_bf16, &qrange_histogram_bf16, &qrange_percentile_range_bf16,
     &qrange_quantize_bf16_u8, &qrange_dequantize_u8_bf16, &qrange_quantization_mse_bf16,
     &qrange_observer_update_bf16, &qrange_calibrate_bf16, &qrange_quantize_axis_bf16_i4},
};

// One operation: bytes per element, reference, every ISA or only auto, and
// the call under a context.
struct Op {
  std::string name;
  double bytes;
  Reference ref;
  bool per_isa;
  std::function<void(std::size_t n, const qrange_context* ctx)> call;
};

std::vector<Op> operations(const HalfType& h) {
  const std::string t = h.name;
  const qrange_params p8{1050.0f / 255.0f, 12, 0, 255};
  const qrange_params p4{150.0f / 7.5f, 0, -8, 7};
  return {
      {"minmax_" + t, 2.0, Reference::read_u16, true,
       [h](std::size_t n, const qrange_context* ctx) {
         qrange_range r;
         h.minmax(ctx, h.input(n).data(), n, &r, nullptr);
         benchmark::DoNotOptimize(r);
       }},
      {"quantize_" + t + "_u8", 3.0, Reference::read_u16_write_u8, true,
       [h, p8](std::size_t n, const qrange_context* ctx) {
         h.quantize_u8(ctx, h.input(n).data(), n, &p8, output<std::uint8_t>(n));
       }},
      {"dequantize_u8_" + t, 3.0, Reference::read_u8_write_u16, true,
       [h, p8](std::size_t n, const qrange_context* ctx) {
         h.dequantize_u8(ctx, input_u8(n).data(), n, &p8, output<std::uint16_t>(n));
       }},
      {"histogram_" + t, 2.0, Reference::read_u16, false,
       [h](std::size_t n, const qrange_context* ctx) {
         h.histogram(ctx, h.input(n).data(), n, {-50.0f, 1000.0f}, kHistogramBins,
                     output<std::uint64_t>(kHistogramBins), nullptr, nullptr);
       }},
      {"percentile_range_" + t, 2.0, Reference::read_u16, false,
       [h](std::size_t n, const qrange_context* ctx) {
         qrange_range r;
         h.percentile_range(ctx, h.input(n).data(), n, kPercentile, kHistogramBins, 0, &r);
         benchmark::DoNotOptimize(r);
       }},
      {"quantization_mse_" + t, 2.0, Reference::read_u16, false,
       [h, p8](std::size_t n, const qrange_context* ctx) {
         double mse = 0.0;
         h.mse(ctx, h.input(n).data(), n, &p8, &mse);
         benchmark::DoNotOptimize(mse);
       }},
      {"observer_update_" + t, 2.0, Reference::read_u16, false,
       [h](std::size_t n, const qrange_context* ctx) {
         qrange_observer* o = nullptr;
         qrange_observer_create(0, &o);
         h.observer_update(ctx, o, h.input(n).data(), n);
         qrange_observer_destroy(o);
       }},
      {"calibrate_mse_" + t, 2.0, Reference::read_u16, false,
       [h](std::size_t n, const qrange_context* ctx) {
         qrange_calibration c = QRANGE_CALIBRATION_INIT;
         c.method = QRANGE_METHOD_MSE;
         qrange_params p{};
         h.calibrate(ctx, h.input(n).data(), n, &c, &p, nullptr);
         benchmark::DoNotOptimize(p);
       }},
      // Parameters given, one per block of 32: the 4-bit weights' layout.
      {"quantize_axis_" + t + "_i4_block32", 2.5, Reference::read_u16, false,
       [h, p4](std::size_t n, const qrange_context* ctx) {
         const std::size_t shape[] = {n};
         qrange_layout l = QRANGE_LAYOUT_INIT;
         l.shape = shape;
         l.rank = 1;
         l.block_size = 32;
         static std::vector<qrange_params> params;
         if (params.size() != (n + 31) / 32) params.assign((n + 31) / 32, p4);
         h.quantize_axis_i4(ctx, h.input(n).data(), &l, params.data(), params.size(), output<std::uint8_t>(n / 2 + 1));
       }},
  };
}

// The float16 input widened, for the floor row below.
const std::vector<float>& widened_f16(std::size_t n) {
  static std::vector<float> x;
  static std::size_t size = SIZE_MAX;
  if (size != n) {
    const std::vector<std::uint16_t>& h = input_f16(n);
    x.resize(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = kernels::to_float<kernels::F16>(h[i]);
    size = n;
  }
  return x;
}

void register_half(const Config& c) {
  // The floor of quantize_f16_u8 where it does not wait for memory: the
  // float32 kernel on the same values, already widened, counted at float16's
  // 3 bytes per element against the same reference.
  for (std::size_t n : c.sizes)
    for (int t : c.thread_counts)
      benchmark::RegisterBenchmark(
          name("quantize_f16_u8", "floor_f32_kernel", n, t).c_str(), [n, t](benchmark::State& s) {
            qrange_context ctx = QRANGE_CONTEXT_INIT;
            ctx.num_threads = t;
            const qrange_params p8{1050.0f / 255.0f, 12, 0, 255};
            const float* x = widened_f16(n).data();
            std::uint8_t* q = output<std::uint8_t>(n);
            run_pass(s, n, t, 3.0, Reference::read_u16_write_u8,
                     [&] { qrange_quantize_f32_u8_ex(&ctx, x, n, &p8, q); });
          })
          ->UseRealTime();
  for (const HalfType& h : kTypes)
    for (const Op& op : operations(h))
      for (std::size_t n : c.sizes)
        for (int t : c.thread_counts) {
          std::vector<std::string> variants;
          if (op.per_isa) variants = c.isas;
          variants.emplace_back("auto");
          for (const std::string& isa : variants)
            benchmark::RegisterBenchmark(name(op.name, isa, n, t).c_str(), [op, n, t, isa](benchmark::State& s) {
              qrange_context ctx = QRANGE_CONTEXT_INIT;
              ctx.num_threads = t;
              ctx.isa = isa.c_str();
              op.call(n, &ctx);  // inputs and outputs made outside the timing
              run_pass(s, n, t, op.bytes, op.ref, [&] { op.call(n, &ctx); });
            })->UseRealTime();
        }
}

const Registrar kHalf(&register_half);

}  // namespace
}  // namespace qrange::bench
