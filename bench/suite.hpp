// What every benchmark file shares: the sizes and thread counts, the inputs,
// and the reporting of bytes/s, elements/s and the roofline ratio.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qrange::bench {

struct Config {
  std::vector<std::size_t> sizes;   // elements
  std::vector<int> thread_counts;   // 1 and all
  std::vector<std::string> isas;    // compiled in and runnable, scalar first
};

// The memory reference a kernel is compared with. `increment` is the memory
// work of a histogram without its arithmetic: it reads n precomputed bin
// indices and adds one to a counter at each (see suite.cpp).
// `percentile_range` is no memory stream but the API's approximate range
// (kPercentile, kHistogramBins, the row percentile_range/approximate): the
// calibration's targets are multiples of its time.
// read_u16 reads the 2 * n bytes of a float16 tensor (input_f16).
enum class Reference {
  read,
  read_f32_write_u8,
  read_f32_write_u4,
  read_u8_write_f32,
  read_u16,
  read_u16_write_u8,
  read_u8_write_u16,
  memcpy,
  increment,
  percentile_range
};

// The bin count of the histogram benchmarks and of the increment reference.
inline constexpr std::size_t kHistogramBins = 2048;
// The percentile of the percentile range benchmarks: [P(0.01), P(99.99)].
inline constexpr double kPercentile = 99.99;

// uniform(-50, 150) with one outlier 1000, as in the user's example; made
// once per size with a fixed seed.
const std::vector<float>& input(std::size_t n);
// An 8-bit tensor of n elements (the input quantized with the min-max range).
const std::vector<std::uint8_t>& input_u8(std::size_t n);
// The input rounded to float16 and to bfloat16, as bit patterns.
const std::vector<std::uint16_t>& input_f16(std::size_t n);
const std::vector<std::uint16_t>& input_bf16(std::size_t n);

// A buffer of at least n values of T for a benchmark to write, one per T,
// grown (and its pages touched) outside the timed loops.
template <class T>
T* output(std::size_t n) {
  static std::unique_ptr<T[]> buf;
  static std::size_t size = 0;
  if (size < n) {
    buf.reset(new T[n]());
    size = n;
  }
  return buf.get();
}

// Times `body` (one pass over n elements) in the benchmark loop and sets the
// counters: bytes_per_second, items_per_second and roofline, the ratio to the
// reference measured in the same process at the same size and thread count.
// With `versus`, also elements/s over that reference's: floor_ratio against
// the increment, for a kernel whose limit is not a memory stream (the
// histogram's increments); percentile_ratio against the percentile range.
void run_pass(benchmark::State& state, std::size_t n, int threads, double bytes_per_element, Reference ref,
              const std::function<void()>& body, std::optional<Reference> versus = std::nullopt);

// Benchmark names: <operation>/<variant>/n:<size>/threads:<t>.
std::string name(const std::string& operation, const std::string& variant, std::size_t n, int threads);

// Each benchmark file registers its benchmarks from a static Registrar.
struct Registrar {
  explicit Registrar(void (*fn)(const Config&));
};

}  // namespace qrange::bench
