#include "bench/suite.hpp"

#include <omp.h>
#include <qrange/qrange.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <random>

#include "bench/references.hpp"
#include "kernels/element.hpp"

namespace qrange::bench {

namespace {

// The vector of n elements that fill(v) made, made on the first call for each
// n and kept, so that a benchmark times its passes and not their inputs. A
// cache per call site: each passes a lambda of its own type.
template <class T, class Fill>
std::vector<T>& per_size(std::size_t n, const Fill& fill) {
  static std::map<std::size_t, std::unique_ptr<std::vector<T>>> cache;
  auto& slot = cache[n];
  if (!slot) {
    slot = std::make_unique<std::vector<T>>(n, T{});
    fill(*slot);
  }
  return *slot;
}

}  // namespace

const std::vector<float>& input(std::size_t n) {
  return per_size<float>(n, [](std::vector<float>& x) {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<float> d(-50.0f, 150.0f);
    for (float& v : x) v = d(rng);
    if (!x.empty()) x[x.size() / 2] = 1000.0f;
  });
}

const std::vector<std::uint8_t>& input_u8(std::size_t n) {
  return per_size<std::uint8_t>(n, [n](std::vector<std::uint8_t>& q) {
    const auto& x = input(n);
    for (std::size_t i = 0; i < n; ++i) q[i] = static_cast<std::uint8_t>((x[i] + 50.0f) * (255.0f / 1050.0f));
  });
}

const std::vector<std::uint16_t>& input_f16(std::size_t n) {
  return per_size<std::uint16_t>(n, [n](std::vector<std::uint16_t>& h) {
    const auto& x = input(n);
    for (std::size_t i = 0; i < n; ++i) h[i] = kernels::from_float<kernels::F16>(x[i]);
  });
}

const std::vector<std::uint16_t>& input_bf16(std::size_t n) {
  return per_size<std::uint16_t>(n, [n](std::vector<std::uint16_t>& h) {
    const auto& x = input(n);
    for (std::size_t i = 0; i < n; ++i) h[i] = kernels::from_float<kernels::BF16>(x[i]);
  });
}

namespace {

// The bin of each input value in kHistogramBins bins over [min, max], as the
// histogram computes it, for the increment reference.
const std::vector<std::uint32_t>& input_bins(std::size_t n) {
  return per_size<std::uint32_t>(n, [n](std::vector<std::uint32_t>& bins) {
    const auto& x = input(n);
    if (n == 0) return;
    const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
    const auto factor = static_cast<float>(kHistogramBins / (static_cast<double>(*hi) - *lo));
    for (std::size_t i = 0; i < n; ++i) {
      const auto bin = static_cast<std::size_t>((x[i] - *lo) * factor);
      bins[i] = static_cast<std::uint32_t>(std::min(bin, kHistogramBins - 1));
    }
  });
}

// One increment per element into a single table: the store of each
// increment is what bounds a histogram, and this input spreads over about 390
// bins, so consecutive increments rarely hit one counter. Unrolled, because
// an iteration per element is held to the one taken branch per cycle.
void increment(const std::uint32_t* bins, std::size_t n) {
  std::uint32_t counts[kHistogramBins] = {};
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    ++counts[bins[i]];
    ++counts[bins[i + 1]];
    ++counts[bins[i + 2]];
    ++counts[bins[i + 3]];
  }
  for (; i < n; ++i) ++counts[bins[i]];
  benchmark::DoNotOptimize(counts);
}

// Output buffers for the read+write references, kept per size so that
// measuring a reference does not page-fault fresh memory.
template <class T>
T* scratch(std::size_t n) {
  return per_size<T>(n, [](std::vector<T>&) {}).data();
}

// Bytes moved per element: read 4; read 4 + write 1, or read 1 + write 4;
// read 2; read 2 + write 1, or read 1 + write 2;
// memcpy of floats read 4 + write 4; increment reads a 4-byte index (its
// counters stay in L1); the percentile range reads the floats, once or more.
double reference_bytes_per_element(Reference ref) {
  switch (ref) {
    case Reference::read:
    case Reference::increment:
    case Reference::percentile_range: return 4.0;
    case Reference::memcpy: return 8.0;
    case Reference::read_f32_write_u4: return 4.5;
    case Reference::read_u16: return 2.0;
    case Reference::read_u16_write_u8:
    case Reference::read_u8_write_u16: return 3.0;
    default: return 5.0;
  }
}

// One pass of the reference over n elements, split like the kernels split
// their work: contiguous parts, one per thread.
void reference_pass(Reference ref, std::size_t n, int threads) {
  const References& r = best_references();
  const float* x = input(n).data();
  if (ref == Reference::percentile_range) {
    // The call splits its own work, like the kernels it is compared with.
    qrange_context ctx = QRANGE_CONTEXT_INIT;
    ctx.num_threads = threads;
    ctx.isa = "auto";
    qrange_range range{};
    qrange_percentile_range_f32_ex(&ctx, x, n, kPercentile, kHistogramBins, 0, &range);
    benchmark::DoNotOptimize(range);
    return;
  }
  const std::uint8_t* q = input_u8(n).data();
  const bool half = ref == Reference::read_u16 || ref == Reference::read_u16_write_u8;
  const std::uint16_t* h = half ? input_f16(n).data() : nullptr;
  const std::uint32_t* bins = ref == Reference::increment ? input_bins(n).data() : nullptr;
  std::uint8_t* out8 = scratch<std::uint8_t>(n);
  float* outf = scratch<float>(n);
  std::uint16_t* out16 = ref == Reference::read_u8_write_u16 ? scratch<std::uint16_t>(n) : nullptr;
  const auto part = [&](std::size_t begin, std::size_t end) {
    switch (ref) {
      case Reference::read: return r.read(x + begin, end - begin);
      case Reference::read_f32_write_u8: r.read_f32_write_u8(x + begin, end - begin, out8 + begin); break;
      case Reference::read_f32_write_u4: r.read_f32_write_u4(x + begin, end - begin, out8 + begin / 2); break;
      case Reference::read_u8_write_f32: r.read_u8_write_f32(q + begin, end - begin, outf + begin); break;
      // The bytes of n / 2 floats: a float16 tensor's, read by the same loop.
      case Reference::read_u16: return r.read(reinterpret_cast<const float*>(h + begin), (end - begin) / 2);
      case Reference::read_u16_write_u8: r.read_u16_write_u8(h + begin, end - begin, out8 + begin); break;
      case Reference::read_u8_write_u16: r.read_u8_write_u16(q + begin, end - begin, out16 + begin); break;
      case Reference::memcpy: std::memcpy(outf + begin, x + begin, (end - begin) * sizeof(float)); break;
      case Reference::increment: increment(bins + begin, end - begin); break;
      case Reference::percentile_range: break;  // whole, above
    }
    return 0.0f;
  };
  float sink = 0.0f;
  if (threads <= 1) {
    sink = part(0, n);  // no OpenMP region: the kernels do not open one either
  } else {
#pragma omp parallel num_threads(threads) reduction(+ : sink)
    {
      const std::size_t t = static_cast<std::size_t>(omp_get_thread_num());
      const std::size_t parts = static_cast<std::size_t>(omp_get_num_threads());
      // Even cuts, so that the 4-bit reference's parts start on a byte.
      const auto cut = [&](std::size_t k) { return k == parts ? n : n * k / parts / 2 * 2; };
      sink += part(cut(t), cut(t + 1));
    }
  }
  benchmark::DoNotOptimize(sink);
  benchmark::ClobberMemory();
}

// The median of five timed batches of at least 5 ms each.
double reference_bytes_per_second(Reference ref, std::size_t n, int threads) {
  using clock = std::chrono::steady_clock;
  reference_pass(ref, n, threads);  // warm caches and page tables
  double rates[5];
  for (double& rate : rates) {
    std::size_t passes = 0;
    const auto start = clock::now();
    std::chrono::duration<double> elapsed{};
    do {
      reference_pass(ref, n, threads);
      ++passes;
      elapsed = clock::now() - start;
    } while (elapsed.count() < 0.005);
    rate = static_cast<double>(passes * n) * reference_bytes_per_element(ref) / elapsed.count();
  }
  std::sort(rates, rates + 5);
  return rates[2];
}

std::vector<void (*)(const Config&)>& registrars() {
  static std::vector<void (*)(const Config&)> fns;
  return fns;
}

}  // namespace

void run_pass(benchmark::State& state, std::size_t n, int threads, double bytes_per_element, Reference ref,
              const std::function<void()>& body, std::optional<Reference> versus) {
  const double ref_rate = reference_bytes_per_second(ref, n, threads);
  const double versus_elements_per_second =
      versus ? reference_bytes_per_second(*versus, n, threads) / reference_bytes_per_element(*versus) : 0.0;
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    body();
    benchmark::ClobberMemory();
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  const double bytes = static_cast<double>(n) * bytes_per_element;
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(n) * state.iterations());
  const double rate = bytes * static_cast<double>(state.iterations()) / elapsed.count();
  state.counters["roofline"] = rate / ref_rate;
  state.counters["reference_GBps"] = ref_rate / 1e9;
  if (versus)
    state.counters[*versus == Reference::percentile_range ? "percentile_ratio" : "floor_ratio"] =
        static_cast<double>(n) * static_cast<double>(state.iterations()) / elapsed.count() / versus_elements_per_second;
}

std::string name(const std::string& operation, const std::string& variant, std::size_t n, int threads) {
  return operation + "/" + variant + "/n:" + std::to_string(n) + "/threads:" + std::to_string(threads);
}

Registrar::Registrar(void (*fn)(const Config&)) { registrars().push_back(fn); }

void register_all(const Config& config) {
  for (auto fn : registrars()) fn(config);
}

// The references as rows of their own, for the record.
namespace {
void register_references(const Config& c) {
  const struct {
    const char* name;
    Reference ref;
  } refs[] = {{"read", Reference::read},
              {"read_f32_write_u8", Reference::read_f32_write_u8},
              {"read_f32_write_u4", Reference::read_f32_write_u4},
              {"read_u8_write_f32", Reference::read_u8_write_f32},
              {"read_u16", Reference::read_u16},
              {"read_u16_write_u8", Reference::read_u16_write_u8},
              {"read_u8_write_u16", Reference::read_u8_write_u16},
              {"memcpy", Reference::memcpy},
              {"increment", Reference::increment}};
  for (std::size_t n : c.sizes)
    for (int t : c.thread_counts)
      for (const auto& r : refs)
        benchmark::RegisterBenchmark(name("reference", r.name, n, t).c_str(),
                                     [n, t, ref = r.ref](benchmark::State& s) {
                                       run_pass(s, n, t, reference_bytes_per_element(ref), ref,
                                                [&] { reference_pass(ref, n, t); });
                                     })
            ->UseRealTime();
}
const Registrar kReferences(&register_references);
}  // namespace

}  // namespace qrange::bench
