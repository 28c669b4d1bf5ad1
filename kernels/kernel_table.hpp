// The contract between the dispatcher and the kernels: one table of function
// pointers per target. ISA-free, so that shared code can include it.
//
// A kernel works on one contiguous piece of the input on the calling thread;
// splitting across threads and merging is the API's job (src/).
#pragma once

#include <qrange/qrange.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace qrange::kernels {

// The element types a kernel reads, and dequantize writes: float32, and
// float16 (IEEE binary16) and bfloat16 as their bit patterns. A 16-bit input
// is widened to float32 exactly, in registers, and the kernel is then the
// float32 one (kernels/element.hpp, kernels/simd/convert.hpp); a 16-bit
// output is the float32 result rounded to nearest even.
struct F32 {
  using elem = float;
};
struct F16 {
  using elem = std::uint16_t;
};
struct BF16 {
  using elem = std::uint16_t;
};
template <class E>
using elem_t = typename E::elem;

// Min and max of the finite values; +inf/-inf when there is none. A zero
// result is +0.0, so that merging partial results cannot depend on order.
struct MinMax {
  float min;
  float max;
  std::uint64_t nonfinite;
};

template <class In>
using minmax_fn = MinMax (*)(const elem_t<In>* x, std::size_t n);

// A histogram over [lo, hi] with `bins` equal bins; factor is
// (float)((double)bins / ((double)hi - (double)lo)), computed once by the caller.
struct HistogramSpec {
  float lo;
  float hi;
  float factor;
  std::uint32_t bins;  // 1 .. 2^24
};
// Where a histogram kernel counts what is not in a bin: counts has bins + 3
// entries, the bins first.
constexpr std::uint32_t kSlotBelow = 0;    // counts[bins + 0]: finite, below lo
constexpr std::uint32_t kSlotAbove = 1;    // counts[bins + 1]: finite, above hi
constexpr std::uint32_t kSlotSkipped = 2;  // counts[bins + 2]: NaN or infinite
constexpr std::uint32_t kHistogramSlots = 3;

// Adds the counts of x[0..n) to counts[0 .. bins + kHistogramSlots).
template <class In>
using histogram_fn = void (*)(const elem_t<In>* x, std::size_t n, const HistogramSpec& spec,
                              std::uint64_t* counts);

// The streaming observer's grid (src/observer.cpp): bin b holds the values x
// with floor(x / 2^exponent) - first == b, computed exactly. The kernel counts
// the values inside [lo, hi], the finite range of everything counted so far,
// which the grid covers; a value outside it may need a coarser grid, so the
// kernel stops there and lets the caller regrid.
struct ObserveGrid {
  float lo, hi;
  std::int32_t exponent;  // in [-192, 126]
  std::int64_t first;     // |first| < 2^45
  std::uint32_t bins;     // 16 .. 2^20
  // The same grid in float32 for the SIMD kernels: x * scale1 * scale2 is x /
  // 2^exponent, exact for every x inside [lo, hi] but underflow to zero, and
  // first_f == first exactly (src/observer.cpp says why both hold).
  float scale1, scale2, first_f;
};
// Where an observe kernel counts what has no bin: counts has bins +
// kObserveSlots entries, the bins first.
constexpr std::uint32_t kSlotNaN = 0;
constexpr std::uint32_t kSlotPosInf = 1;
constexpr std::uint32_t kSlotNegInf = 2;
constexpr std::uint32_t kObserveSlots = 3;

// Adds the counts of the leading values of x[0..n) to counts and returns how
// many it counted: all n, or those before the first finite value outside
// [grid.lo, grid.hi].
template <class In>
using observe_fn = std::size_t (*)(const elem_t<In>* x, std::size_t n, const ObserveGrid& grid,
                                   std::uint64_t* counts);

// A closed interval of values; empty when lo > hi (or either is NaN).
struct Interval {
  float lo;
  float hi;
};
// Where the gather pass puts the values of one interval: at most capacity of
// them, from out on.
struct GatherTarget {
  Interval values;
  float* out;
  std::size_t capacity;
};
struct GatherCounts {
  std::size_t first;
  std::size_t second;
  bool complete;  // false: stopped before a value that did not fit
};
// Copies the values of x[0..n) inside a.values to a.out and those inside
// b.values to b.out (a value inside both goes to a only), in input order, and
// returns how many went to each. Stops before the first value whose target is
// full: the exact pass sizes the targets from a histogram, the tail pass
// (src/tails.cpp) from a sample, and learns that it guessed wrong.
template <class In>
using gather_fn = GatherCounts (*)(const elem_t<In>* x, std::size_t n, const GatherTarget& a,
                                   const GatherTarget& b);
// Quantization kernels take parameters the API has validated: qmin < qmax,
// [qmin, qmax] within the output type (within int32 for mse), |zero_point| <=
// 2^24, scale finite and > 0.
template <class In, class T>
using quantize_fn = void (*)(const elem_t<In>* x, std::size_t n, const qrange_params& p, T* q);
template <class T, class Out>
using dequantize_fn = void (*)(const T* q, std::size_t n, const qrange_params& p, elem_t<Out>* x);

// The squared quantization errors of the finite values of one block, summed
// in the fixed order of scalar::mse (16 lanes, then scalar::mse_fold), and
// how many values were finite.
struct MseSum {
  double sum;
  std::uint64_t count;
};
template <class In>
using mse_fn = MseSum (*)(const elem_t<In>* x, std::size_t n, const qrange_params& p);

// The mse of a whole input folds the MseSum of consecutive blocks of this many
// values in order. Part of the result's definition, not a tuning knob: the
// sum depends on it.
inline constexpr std::size_t kMseBlock = std::size_t{1} << 16;
inline constexpr std::size_t kMseLanes = 16;

// Per-axis and blocked quantization (src/axis_*.cpp): the parameters of many
// groups, checked by the API (within the output type, so that qmin -
// zero_point and qmax - zero_point are exact in float). Element i of an axis
// kernel's input uses sets[(phase + i) / run], phase < run: run 1 gives every
// element its own parameters, a run of n + phase or more one set for all.
struct AxisParams {
  const qrange_params* sets;
  // With run 1, the same sets as one array per field, for vector loads.
  const float* scale;
  const std::int32_t* zero_point;
  const std::int32_t* qmin;
  const std::int32_t* qmax;
};
template <class In, class T>
using quantize_axis_fn = void (*)(const elem_t<In>* x, std::size_t n, const AxisParams& p, std::size_t run,
                                  std::size_t phase, T* q);
template <class T, class Out>
using dequantize_axis_fn = void (*)(const T* q, std::size_t n, const AxisParams& p, std::size_t run,
                                    std::size_t phase, elem_t<Out>* x);
// As mse_fn, element i in lane i % 16, each with its own parameters.
template <class In>
using mse_axis_fn = MseSum (*)(const elem_t<In>* x, std::size_t n, const AxisParams& p, std::size_t run,
                               std::size_t phase);
// out[r] = minmax(x + r * stride, len) for r < rows: rows of one array,
// read as one stream.
template <class In>
using minmax_rows_fn = void (*)(const elem_t<In>* x, std::size_t rows, std::size_t len, std::size_t stride,
                                MinMax* out);
// lo[j] = min(lo[j], the finite x[r * stride + j] for r < rows), hi[j] the
// same with max, for j < cols. A zero may come out as -0.0: the caller
// normalizes, as scalar::minmax does.
template <class In>
using minmax_columns_fn = void (*)(const elem_t<In>* x, std::size_t rows, std::size_t cols, std::size_t stride,
                                   float* lo, float* hi);
// 4-bit values two per byte, ONNX's order: in[2k] in the low nibble of
// out[k], in[2k + 1] in the high one (0 past n). unpack is the inverse, the
// nibble zero- (uint8_t) or sign-extended (int8_t).
using pack_nibbles_fn = void (*)(const std::uint8_t* in, std::size_t n, std::uint8_t* out);
template <class T>
using unpack_nibbles_fn = void (*)(const std::uint8_t* in, std::size_t n, T* out);

// Per-CPU choices that change speed, never results. Each SIMD table is
// compiled once per tuning, the tuning a template argument of its kernels;
// the caller (src/dispatch.cpp, from CPUID once) picks the table.
struct KernelTuning {
  // Software prefetch ahead of the streaming passes: minmax, gather,
  // quantize, dequantize and mse. The histogram always prefetches.
  bool prefetch_streams;
  // The largest grid end max(|qmin - zp|, |qmax - zp|) + 1 for which quantize
  // and mse try the reciprocal before the division (at most 2^20, where the
  // proof stops). A block of 64 values falls back to the division when any of
  // them is near a tie, about G * 2^-16 of the blocks on uniform data: for
  // wide grids the try costs more than it saves.
  float reciprocal_grid_max;
};
// The tunings there are (src/tuning.cpp says which CPU gets which).
enum class Tuning { standard, family19h };
inline constexpr Tuning kTunings[] = {Tuning::standard, Tuning::family19h};
constexpr KernelTuning tuning_values(Tuning t) {
  return t == Tuning::family19h ? KernelTuning{false, 0x1p14f} : KernelTuning{true, 0x1p20f};
}

// The kernels that read a tensor of In.
template <class In>
struct InputKernels {
  minmax_fn<In> minmax;
  // histogram and percentile ranges
  histogram_fn<In> histogram;
  gather_fn<In> gather;
  // streaming observers
  observe_fn<In> observe;
  // quantize, quantization error
  quantize_fn<In, std::uint8_t> quantize_u8;
  quantize_fn<In, std::int8_t> quantize_i8;
  quantize_fn<In, std::uint16_t> quantize_u16;
  quantize_fn<In, std::int16_t> quantize_i16;
  mse_fn<In> mse;
  // per-axis and blocked
  minmax_rows_fn<In> minmax_rows;
  minmax_columns_fn<In> minmax_columns;
  quantize_axis_fn<In, std::uint8_t> quantize_axis_u8;
  quantize_axis_fn<In, std::int8_t> quantize_axis_i8;
  quantize_axis_fn<In, std::uint16_t> quantize_axis_u16;
  quantize_axis_fn<In, std::int16_t> quantize_axis_i16;
  mse_axis_fn<In> mse_axis;
};

// The kernels that write a tensor of Out.
template <class Out>
struct OutputKernels {
  dequantize_fn<std::uint8_t, Out> dequantize_u8;
  dequantize_fn<std::int8_t, Out> dequantize_i8;
  dequantize_fn<std::uint16_t, Out> dequantize_u16;
  dequantize_fn<std::int16_t, Out> dequantize_i16;
  dequantize_axis_fn<std::uint8_t, Out> dequantize_axis_u8;
  dequantize_axis_fn<std::int8_t, Out> dequantize_axis_i8;
  dequantize_axis_fn<std::uint16_t, Out> dequantize_axis_u16;
  dequantize_axis_fn<std::int16_t, Out> dequantize_axis_i16;
};

struct KernelTable {
  const char* isa;
  InputKernels<F32> in_f32;
  InputKernels<F16> in_f16;
  InputKernels<BF16> in_bf16;
  OutputKernels<F32> out_f32;
  OutputKernels<F16> out_f16;
  OutputKernels<BF16> out_bf16;
  pack_nibbles_fn pack_nibbles;
  unpack_nibbles_fn<std::uint8_t> unpack_u4;
  unpack_nibbles_fn<std::int8_t> unpack_i4;

  template <class In>
  const InputKernels<In>& in() const {
    if constexpr (std::is_same_v<In, F16>) return in_f16;
    else if constexpr (std::is_same_v<In, BF16>) return in_bf16;
    else return in_f32;
  }
  template <class Out>
  const OutputKernels<Out>& out() const {
    if constexpr (std::is_same_v<Out, F16>) return out_f16;
    else if constexpr (std::is_same_v<Out, BF16>) return out_bf16;
    else return out_f32;
  }
};

// The scalar reference: the specification every other target must match bit
// for bit. SIMD kernels also call it for their tails and rare slow paths.
namespace scalar {
// Each template is instantiated for F32, F16 and BF16 (In) or the same
// outputs (Out) in kernels/scalar/, and the 16-bit ones are the F32 one on
// the widened values (kernels/element.hpp).
template <class In>
MinMax minmax(const elem_t<In>* x, std::size_t n);
// Out of line on purpose: an inline helper shared by translation units with
// different ISA flags could be emitted with AVX-512 code and picked by the
// linker for every caller.
MinMax merge(MinMax a, MinMax b);

// The bin of a value inside [spec.lo, spec.hi]: floor((x - lo) * factor) in
// float32, clamped to [0, bins - 1]; a NaN product (0 * inf) is bin 0.
std::uint32_t bin_index(float x, const HistogramSpec& spec);
template <class In>
void histogram(const elem_t<In>* x, std::size_t n, const HistogramSpec& spec, std::uint64_t* counts);
template <class In>
GatherCounts gather(const elem_t<In>* x, std::size_t n, const GatherTarget& a, const GatherTarget& b);
// The bin of a finite x inside the grid's range, from exponent and first
// (the specification the float32 fields of the grid must meet).
std::uint32_t observe_bin(float x, const ObserveGrid& grid);
template <class In>
std::size_t observe(const elem_t<In>* x, std::size_t n, const ObserveGrid& grid, std::uint64_t* counts);
// q = clamp(round_half_even(x / scale) + zero_point, qmin, qmax), NaN -> the
// zero point clamped (docs/quantization.md). Exact for any int32 qmin/qmax.
std::int64_t quantize_value(float x, const qrange_params& p);
// T: std::uint8_t, std::int8_t, std::uint16_t, std::int16_t.
template <class In, class T>
void quantize(const elem_t<In>* x, std::size_t n, const qrange_params& p, T* q);
template <class T, class Out>
void dequantize(const T* q, std::size_t n, const qrange_params& p, elem_t<Out>* x);
template <class In>
MseSum mse(const elem_t<In>* x, std::size_t n, const qrange_params& p);
// The fixed pairwise tree over the kMseLanes lane sums.
double mse_fold(const double* lanes);
template <class In>
void minmax_rows(const elem_t<In>* x, std::size_t rows, std::size_t len, std::size_t stride, MinMax* out);
template <class In>
void minmax_columns(const elem_t<In>* x, std::size_t rows, std::size_t cols, std::size_t stride, float* lo,
                    float* hi);
template <class In, class T>
void quantize_axis(const elem_t<In>* x, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                   T* q);
template <class T, class Out>
void dequantize_axis(const T* q, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase,
                     elem_t<Out>* x);
template <class In>
MseSum mse_axis(const elem_t<In>* x, std::size_t n, const AxisParams& p, std::size_t run, std::size_t phase);
void pack_nibbles(const std::uint8_t* in, std::size_t n, std::uint8_t* out);
void unpack_nibbles(const std::uint8_t* in, std::size_t n, std::uint8_t* out);
void unpack_nibbles(const std::uint8_t* in, std::size_t n, std::int8_t* out);
}  // namespace scalar

// The scalar table is the same for every tuning.
const KernelTable& table_scalar(Tuning = Tuning::standard);
const KernelTable& table_avx2(Tuning t);
const KernelTable& table_avx512(Tuning t);
const KernelTable& table_neon(Tuning t);

}  // namespace qrange::kernels
