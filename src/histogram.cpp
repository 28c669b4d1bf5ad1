#include "histogram.hpp"

#include <cmath>
#include <cstring>
#include <new>

#include "error.hpp"
#include "tuning.hpp"

namespace qrange::detail {

kernels::HistogramSpec histogram_spec(qrange_range r, std::size_t bins) {
  const auto factor = static_cast<float>(static_cast<double>(bins) /
                                         (static_cast<double>(r.max) - static_cast<double>(r.min)));
  return {r.min, r.max, factor, static_cast<std::uint32_t>(bins)};
}

namespace {

// Floats in order as integers: -0.0 and +0.0 share 0, which is harmless as
// they fall in the same bin.
std::int64_t ordinal(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return (u & 0x80000000u) ? -static_cast<std::int64_t>(u & 0x7fffffffu) : static_cast<std::int64_t>(u);
}
float from_ordinal(std::int64_t o) {
  const std::uint32_t u = o >= 0 ? static_cast<std::uint32_t>(o) : (0x80000000u | static_cast<std::uint32_t>(-o));
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

}  // namespace

kernels::Interval values_of_bins(const kernels::HistogramSpec& spec, std::uint32_t first, std::uint32_t last) {
  const std::int64_t lo = ordinal(spec.lo), hi = ordinal(spec.hi);
  const auto first_from = [&](std::uint32_t target) {  // hi + 1 when none
    std::int64_t a = lo, z = hi + 1;
    while (a < z) {
      const std::int64_t mid = a + (z - a) / 2;
      if (kernels::scalar::bin_index(from_ordinal(mid), spec) >= target)
        z = mid;
      else
        a = mid + 1;
    }
    return a;
  };
  return {from_ordinal(first_from(first)), from_ordinal(first_from(last + 1) - 1)};
}

template <class In>
qrange_status PartHistograms::compute(const char* caller, const Exec& e, const kernels::elem_t<In>* x,
                                      std::size_t n, const kernels::HistogramSpec& spec) {
  stride_ = std::size_t{spec.bins} + kernels::kHistogramSlots;
  const std::size_t per_bin = kHistogramPerBin * stride_;
  parts_ = split(n, tasks_for(e, n, per_bin > kHistogramMinPerThread ? per_bin : kHistogramMinPerThread));
  const std::size_t tables = parts_.count == 1 ? 1 : static_cast<std::size_t>(parts_.count) + 1;
  data_.reset(new (std::nothrow) std::uint64_t[tables * stride_]());
  if (!data_)
    return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %zu histograms of %zu counters", caller, tables,
                stride_);
  const kernels::histogram_fn<In> run = e.kernels->in<In>().histogram;
  parallel_parts(e, parts_, [&](int p, std::size_t begin, std::size_t len) {
    run(x + begin, len, spec, table(p));
  });
  if (parts_.count > 1) {
    std::uint64_t* sum = data_.get();
    for (int p = 0; p < parts_.count; ++p) {
      const std::uint64_t* c = table(p);
      for (std::size_t b = 0; b < stride_; ++b) sum[b] += c[b];
    }
  }
  return QRANGE_OK;
}
template qrange_status PartHistograms::compute<kernels::F32>(const char*, const Exec&, const float*, std::size_t,
                                                             const kernels::HistogramSpec&);
template qrange_status PartHistograms::compute<kernels::F16>(const char*, const Exec&, const std::uint16_t*,
                                                             std::size_t, const kernels::HistogramSpec&);
template qrange_status PartHistograms::compute<kernels::BF16>(const char*, const Exec&, const std::uint16_t*,
                                                              std::size_t, const kernels::HistogramSpec&);

}  // namespace qrange::detail

namespace {

template <class In>
qrange_status histogram(const char* kFn, const qrange_context* ctx, const qrange::kernels::elem_t<In>* x, size_t n,
                        qrange_range r, size_t bins, uint64_t* counts, uint64_t* below, uint64_t* above) {
  using namespace qrange::detail;
  // bins first: a wrapper passing an empty vector's data() for bins == 0
  // learns about bins, not about a NULL pointer.
  if (bins < 1 || bins > kMaxHistogramBins)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: bins = %zu is outside [1, %zu]", kFn, bins, kMaxHistogramBins);
  if (counts == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: counts is NULL", kFn);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", kFn, n);
  if (!std::isfinite(r.min) || !std::isfinite(r.max) || !(r.min <= r.max))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: need a finite range with min <= max (min = %g, max = %g)", kFn,
                static_cast<double>(r.min), static_cast<double>(r.max));
  Exec e{};
  if (qrange_status s = resolve_context(kFn, ctx, &e)) return s;

  const qrange::kernels::HistogramSpec spec = histogram_spec(r, bins);
  PartHistograms h;
  if (qrange_status s = h.compute<In>(kFn, e, x, n, spec)) return s;
  const std::uint64_t* total = h.total();
  for (std::size_t b = 0; b < bins; ++b) counts[b] = total[b];
  if (below != nullptr) *below = total[bins + qrange::kernels::kSlotBelow];
  if (above != nullptr) *above = total[bins + qrange::kernels::kSlotAbove];
  return QRANGE_OK;
}

}  // namespace

extern "C" {

qrange_status qrange_histogram_f32(const float* x, size_t n, qrange_range r, size_t bins, uint64_t* counts,
                                   uint64_t* below, uint64_t* above) {
  return histogram<qrange::kernels::F32>("qrange_histogram_f32", nullptr, x, n, r, bins, counts, below, above);
}
qrange_status qrange_histogram_f32_ex(const qrange_context* ctx, const float* x, size_t n, qrange_range r,
                                      size_t bins, uint64_t* counts, uint64_t* below, uint64_t* above) {
  return histogram<qrange::kernels::F32>("qrange_histogram_f32_ex", ctx, x, n, r, bins, counts, below, above);
}
qrange_status qrange_histogram_f16(const qrange_context* ctx, const uint16_t* x, size_t n, qrange_range r,
                                   size_t bins, uint64_t* counts, uint64_t* below, uint64_t* above) {
  return histogram<qrange::kernels::F16>("qrange_histogram_f16", ctx, x, n, r, bins, counts, below, above);
}
qrange_status qrange_histogram_bf16(const qrange_context* ctx, const uint16_t* x, size_t n, qrange_range r,
                                    size_t bins, uint64_t* counts, uint64_t* below, uint64_t* above) {
  return histogram<qrange::kernels::BF16>("qrange_histogram_bf16", ctx, x, n, r, bins, counts, below, above);
}

}
