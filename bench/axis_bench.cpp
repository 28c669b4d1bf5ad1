// Per-axis and blocked operations on matrices of 4096 columns (n / 4096
// rows; 16M is the 4096 x 4096): min/max per row (axis 0, target
// >= 0.85x the read reference on 1 thread) and per column (axis 1, strided,
// >= 0.6x), quantize to int4 in blocks of 32 along the rows with the
// parameters given (>= 0.7x reading floats and writing half bytes), the
// per-row quantize, dequantize and error, and calibration per row and per
// block of 32 (elements/s; the blocked MSE search has no target).
#include <qrange/qrange.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bench/suite.hpp"

namespace qrange::bench {
namespace {

constexpr std::size_t kCols = 4096;

axis_view matrix(std::size_t n, std::int64_t axis, std::size_t block = 0) {
  return axis_view({n / kCols, kCols}, axis, block);
}

// The min-max parameters of every group, 8-bit or 4-bit signed.
std::vector<params> group_params(std::size_t n, const axis_view& v, bool four_bits) {
  const calibration c = four_bits ? make_calibration(method::minmax, -8, 7, QRANGE_SYMMETRIC)
                                  : make_calibration(method::minmax, 0, 255);
  return calibrate(make_context(0, "auto"), input(n).data(), v, c).p;
}

struct AxisOp {
  std::string name;
  double bytes;
  Reference ref;
  std::function<std::function<void(const context&)>(std::size_t n)> prepare;  // the call, its inputs made
};

std::vector<AxisOp> operations() {
  std::vector<AxisOp> ops;
  for (const auto& [which, axis] : {std::pair{"rows", 0}, std::pair{"columns", 1}}) {
    ops.push_back({std::string("minmax_axis/") + which, 4.0, Reference::read, [axis = axis](std::size_t n) {
                     return std::function<void(const context&)>([n, axis](const context& ctx) {
                       benchmark::DoNotOptimize(minmax(ctx, input(n).data(), matrix(n, axis)));
                     });
                   }});
  }
  ops.push_back({"quantize_axis_i4/block32", 4.5, Reference::read_f32_write_u4, [](std::size_t n) {
                   const axis_view v = matrix(n, 1, 32);
                   const std::vector<params> p = group_params(n, v, true);
                   return std::function<void(const context&)>(
                       [n, v, p](const context& ctx) { quantize_i4(ctx, input(n).data(), v, p, output<std::uint8_t>(n)); });
                 }});
  ops.push_back({"quantize_axis_u8/rows", 5.0, Reference::read_f32_write_u8, [](std::size_t n) {
                   const axis_view v = matrix(n, 0);
                   const std::vector<params> p = group_params(n, v, false);
                   return std::function<void(const context&)>(
                       [n, v, p](const context& ctx) { quantize(ctx, input(n).data(), v, p, output<std::uint8_t>(n)); });
                 }});
  ops.push_back({"dequantize_axis_u8/rows", 5.0, Reference::read_u8_write_f32, [](std::size_t n) {
                   const axis_view v = matrix(n, 0);
                   const std::vector<params> p = group_params(n, v, false);
                   return std::function<void(const context&)>([n, v, p](const context& ctx) {
                     dequantize(ctx, input_u8(n).data(), v, p, output<float>(n));
                   });
                 }});
  ops.push_back({"quantization_mse_axis/rows", 4.0, Reference::read, [](std::size_t n) {
                   const axis_view v = matrix(n, 0);
                   const std::vector<params> p = group_params(n, v, false);
                   return std::function<void(const context&)>([n, v, p](const context& ctx) {
                     benchmark::DoNotOptimize(quantization_mse(ctx, input(n).data(), v, p));
                   });
                 }});
  for (method m : {method::minmax, method::mse}) {
    ops.push_back({std::string("calibrate_axis/") + to_string(m) + "/rows", 4.0, Reference::read,
                   [m](std::size_t n) {
                     return std::function<void(const context&)>([n, m](const context& ctx) {
                       benchmark::DoNotOptimize(calibrate(ctx, input(n).data(), matrix(n, 0), make_calibration(m)));
                     });
                   }});
    ops.push_back({std::string("calibrate_axis/") + to_string(m) + "/block32_i4", 4.0, Reference::read,
                   [m](std::size_t n) {
                     return std::function<void(const context&)>([n, m](const context& ctx) {
                       benchmark::DoNotOptimize(calibrate(ctx, input(n).data(), matrix(n, 1, 32),
                                                          make_calibration(m, -8, 7, QRANGE_SYMMETRIC)));
                     });
                   }});
  }
  return ops;
}

void register_axis(const Config& c) {
  for (const AxisOp& op : operations())
    for (std::size_t n : c.sizes) {
      if (n < kCols || n % kCols != 0) continue;
      for (int t : c.thread_counts)
        benchmark::RegisterBenchmark(name(op.name, "auto", n, t).c_str(), [op, n, t](benchmark::State& s) {
          const context ctx = make_context(t, "auto");
          try {
            const std::function<void(const context&)> call = op.prepare(n);
            call(ctx);  // touches the output outside the timing
            run_pass(s, n, t, op.bytes, op.ref, [&] { call(ctx); });
          } catch (const qrange::error& e) {
            s.SkipWithError(e.what());
          }
        })->UseRealTime();
    }
}

const Registrar kAxis(&register_axis);

}  // namespace
}  // namespace qrange::bench
