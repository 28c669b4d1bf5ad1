// Every one of the 2^32 float32 bit patterns, quantized to u8 and i8 with
// several scales, on every target this CPU runs, against the scalar
// reference. A separate executable (and CTest test) so that it never runs
// under QEMU; OpenMP spreads the pattern space over the cores.
#include <qrange/qrange.h>

#include <omp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "src/dispatch.hpp"
#include "src/tuning.hpp"

namespace k = qrange::kernels;

namespace {

constexpr std::size_t kBlock = std::size_t{1} << 16;

struct Case {
  const char* what;
  qrange_params u8;
  qrange_params i8;
};

// A power of two, 1/3, 0.1 and 1/7 (inexact quotients), tiny (subnormal and
// FLT_MIN) and huge scales; zero points inside, at the ends of and beyond the
// grid, of either sign on the type's own grid, where the reciprocal path
// leaves one end to the saturating narrow.
const Case kCases[] = {
    {"scale 1", {1.0f, 128, 0, 255}, {1.0f, 0, -128, 127}},
    {"scale 1/3", {1.0f / 3.0f, 255, 0, 255}, {1.0f / 3.0f, 127, -128, 127}},
    {"scale 0.1", {0.1f, 300, 0, 255}, {0.1f, -200, -100, 100}},
    {"scale 1/7", {1.0f / 7.0f, -3, 0, 255}, {1.0f / 7.0f, -128, -128, 127}},
    {"scale 1e-40 (subnormal)", {1e-40f, 17, 0, 255}, {1e-40f, 5, -128, 127}},
    {"scale FLT_MIN", {1.17549435e-38f, 0, 10, 20}, {1.17549435e-38f, -(1 << 24), -128, 127}},
    {"scale 3e38", {3e38f, 100, 0, 255}, {3e38f, 1 << 24, -128, 127}},
};

template <class T>
std::uint64_t run(const k::KernelTable& ref, const std::vector<const k::KernelTable*>& simd, const qrange_params& p,
                  k::quantize_fn<k::F32, T> k::InputKernels<k::F32>::*fn, const char* isa_out[1]) {
  std::atomic<std::uint64_t> first_bad{~std::uint64_t{0}};
  const auto blocks = static_cast<std::ptrdiff_t>((std::uint64_t{1} << 32) / kBlock);
#pragma omp parallel
  {
    std::vector<float> x(kBlock);
    std::vector<T> want(kBlock), got(kBlock);
#pragma omp for schedule(dynamic, 64)
    for (std::ptrdiff_t b = 0; b < blocks; ++b) {
      for (std::size_t j = 0; j < kBlock; ++j) {
        const auto u = static_cast<std::uint32_t>(static_cast<std::uint64_t>(b) * kBlock + j);
        std::memcpy(&x[j], &u, sizeof u);
      }
      (ref.in_f32.*fn)(x.data(), kBlock, p, want.data());
      for (const k::KernelTable* t : simd) {
        (t->in_f32.*fn)(x.data(), kBlock, p, got.data());
        if (std::memcmp(got.data(), want.data(), kBlock * sizeof(T)) == 0) continue;
        for (std::size_t j = 0; j < kBlock; ++j) {
          if (got[j] == want[j]) continue;
          const std::uint64_t pattern = static_cast<std::uint64_t>(b) * kBlock + j;
          std::uint64_t cur = first_bad.load();
          while (pattern < cur && !first_bad.compare_exchange_weak(cur, pattern)) {
          }
#pragma omp critical
          isa_out[0] = t->isa;
          break;
        }
      }
    }
  }
  return first_bad.load();
}

}  // namespace

int main() {
  const auto start = std::chrono::steady_clock::now();
  const k::KernelTable& ref = k::table_scalar();
  std::vector<const k::KernelTable*> simd;
  std::printf("exhaustive quantize, %d threads, targets:", omp_get_max_threads());
  for (const auto& t : qrange::detail::compiled_targets()) {
    // This CPU's tuning: the other one would double the run.
    const k::KernelTable& table = t.table(qrange::detail::cpu_tuning());
    if (!t.supported() || &table == &ref) continue;
    simd.push_back(&table);
    std::printf(" %s", t.name);
  }
  std::printf("\n");
  if (simd.empty()) {
    std::printf("no SIMD target runs on this CPU: nothing to compare\n");
    return 0;
  }
  int failures = 0;
  for (const Case& c : kCases) {
    const char* isa = nullptr;
    const std::uint64_t bad_u8 = run<std::uint8_t>(ref, simd, c.u8, &k::InputKernels<k::F32>::quantize_u8, &isa);
    const std::uint64_t bad_i8 = run<std::int8_t>(ref, simd, c.i8, &k::InputKernels<k::F32>::quantize_i8, &isa);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (auto [bad, type] : {std::pair{bad_u8, "u8"}, std::pair{bad_i8, "i8"}}) {
      if (bad == ~std::uint64_t{0}) continue;
      std::printf("FAILED: %s, %s: pattern 0x%08llx differs from the reference (%s)\n", c.what, type,
                  static_cast<unsigned long long>(bad), isa ? isa : "?");
      ++failures;
    }
    std::printf("%-26s u8 and i8: all 2^32 patterns checked (%.1f s so far)\n", c.what, secs);
    std::fflush(stdout);
  }
  return failures ? 1 : 0;
}
