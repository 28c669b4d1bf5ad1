// Observers: creating, updating, merging, and their counts.
#include "observer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <new>

#include "context.hpp"
#include "error.hpp"
#include "parallel.hpp"
#include "tuning.hpp"

using qrange::detail::fail;
using qrange::detail::Grid;
using qrange::detail::grid_for;
namespace k = qrange::kernels;

namespace qrange::detail {

qrange_observer* new_observer(std::uint32_t bins) {
  auto* o = new (std::nothrow) qrange_observer{};
  if (o == nullptr) return nullptr;
  const std::size_t words = std::size_t{bins} + k::kObserveSlots;
  o->counts.reset(new (std::nothrow) std::uint64_t[words]());
  o->spare.reset(new (std::nothrow) std::uint64_t[words]());
  if (!o->counts || !o->spare) {
    delete o;
    return nullptr;
  }
  o->bins = bins;
  o->min = std::numeric_limits<float>::infinity();
  o->max = -std::numeric_limits<float>::infinity();
  o->grid = Grid{0, 0, 0};
  return o;
}

}  // namespace qrange::detail

namespace {

// What a state counts, each in 64 bits: finite values, then those of its
// slots (kSlotNaN + 1, ...).
constexpr int kKinds = 1 + static_cast<int>(k::kObserveSlots);
constexpr const char* kKindNames[kKinds] = {"finite", "NaN", "+Inf", "-Inf"};
std::uint64_t count_of(const qrange_observer& o, int kind) {
  return kind == 0 ? o.finite : o.counts[o.bins + static_cast<std::uint32_t>(kind - 1)];
}

std::uint64_t skipped(const qrange_observer& o) {
  return o.counts[o.bins + k::kSlotNaN] + o.counts[o.bins + k::kSlotPosInf] + o.counts[o.bins + k::kSlotNegInf];
}

// Makes `spare` the counts: the old counts are cleared to become the spare.
void swap_in_spare(qrange_observer& o) {
  std::memset(o.counts.get(), 0, (std::size_t{o.bins} + k::kObserveSlots) * sizeof(std::uint64_t));
  o.counts.swap(o.spare);
}

// Widens the range to contain [lo, hi] (both finite, lo <= hi, zeros +0.0)
// and moves the counts to its grid.
void extend(qrange_observer& o, float lo, float hi) {
  const float min = std::fmin(o.min, lo), max = std::fmax(o.max, hi);
  if (min == o.min && max == o.max) return;
  const Grid g = grid_for(min, max, o.bins);
  if (o.grid.used > 0 && (g.exponent != o.grid.exponent || g.first != o.grid.first)) {
    qrange::detail::regrid(o.counts.get(), o.grid, g, o.spare.get());
    std::memcpy(o.spare.get() + o.bins, o.counts.get() + o.bins, k::kObserveSlots * sizeof(std::uint64_t));
    swap_in_spare(o);
  }
  o.min = min;
  o.max = max;
  o.grid = g;
}

// Counts x[0..n) into o on the calling thread: the kernel stops at a value
// outside the range, which then grows to cover the next kObserveLookahead
// values.
template <class In>
void observe_piece(const k::InputKernels<In>& kt, qrange_observer& o, const k::elem_t<In>* x, std::size_t n) {
  const std::uint64_t skipped_before = skipped(o);
  std::size_t pos = 0;
  for (;;) {
    pos += kt.observe(x + pos, n - pos, qrange::detail::kernel_grid(o.min, o.max, o.grid, o.bins), o.counts.get());
    if (pos == n) break;
    const std::size_t len = std::min(qrange::detail::kObserveLookahead, n - pos);
    const k::MinMax mm = kt.minmax(x + pos, len);  // x[pos] is finite
    extend(o, mm.min, mm.max);
  }
  o.finite += n - (skipped(o) - skipped_before);
}

// dst becomes the state of the union (src may be dst).
void merge_into(qrange_observer& dst, const qrange_observer& src) {
  std::uint64_t src_slots[k::kObserveSlots];
  std::memcpy(src_slots, src.counts.get() + src.bins, sizeof src_slots);
  const std::uint64_t finite = dst.finite + src.finite;
  if (src.grid.used > 0) {
    const float min = std::fmin(dst.min, src.min), max = std::fmax(dst.max, src.max);
    const Grid g = grid_for(min, max, dst.bins);
    if (dst.grid.used > 0) qrange::detail::regrid(dst.counts.get(), dst.grid, g, dst.spare.get());
    qrange::detail::regrid(src.counts.get(), src.grid, g, dst.spare.get());
    for (std::uint32_t s = 0; s < k::kObserveSlots; ++s)
      dst.spare[dst.bins + s] = dst.counts[dst.bins + s] + src_slots[s];
    swap_in_spare(dst);
    dst.min = min;
    dst.max = max;
    dst.grid = g;
  } else {
    for (std::uint32_t s = 0; s < k::kObserveSlots; ++s) dst.counts[dst.bins + s] += src_slots[s];
  }
  dst.finite = finite;
}

template <class In>
qrange_status update(const char* kFn, const qrange_context* ctx, qrange_observer* obs, const k::elem_t<In>* x,
                     std::size_t n) {
  using namespace qrange::detail;
  if (obs == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: obs is NULL", kFn);
  if (x == nullptr && n > 0) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL but n = %zu", kFn, n);
  // No count may wrap: each grows by at most n. Only a state given such
  // counts (set_counts, deserialize) comes near.
  for (int kind = 0; kind < kKinds; ++kind)
    if (count_of(*obs, kind) > std::numeric_limits<std::uint64_t>::max() - n)
      return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                  "%s: the state counts %llu %s values; n = %zu more could pass 2^64 - 1", kFn,
                  static_cast<unsigned long long>(count_of(*obs, kind)), kKindNames[kind], n);
  Exec e{};
  if (qrange_status s = resolve_context(kFn, ctx, &e)) return s;
  return observe<In>(kFn, e, *obs, x, n);
}

// A range as get_counts and set_counts take it: finite with min <= max, or
// {+Inf, -Inf}, the empty one.
qrange_status check_range(const char* kFn, qrange_range r) {
  if (r.min == std::numeric_limits<float>::infinity() && r.max == -std::numeric_limits<float>::infinity())
    return QRANGE_OK;
  if (!std::isfinite(r.min) || !std::isfinite(r.max) || !(r.min <= r.max))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                "%s: need a finite range with min <= max, or {+inf, -inf} (min = %g, max = %g)", kFn,
                static_cast<double>(r.min), static_cast<double>(r.max));
  return QRANGE_OK;
}

// The arguments of get_counts and set_counts: a state, and bins + 3 words.
qrange_status check_counts_args(const char* kFn, const qrange_observer* obs, const std::uint64_t* counts,
                                std::size_t len) {
  if (obs == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: obs is NULL", kFn);
  const std::size_t words = std::size_t{obs->bins} + k::kObserveSlots;
  if (len != words)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: len = %zu, but a state of %u bins has %zu counts", kFn, len,
                obs->bins, words);
  if (counts == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: counts is NULL", kFn);
  return QRANGE_OK;
}

}  // namespace

template <class In>
qrange_status qrange::detail::observe(const char* caller, const Exec& e, qrange_observer& o,
                                      const k::elem_t<In>* x, std::size_t n) {
  if (n == 0) return QRANGE_OK;

  const std::size_t per_bin = kHistogramPerBin * (std::size_t{o.bins} + k::kObserveSlots);
  const Parts parts = split(n, tasks_for(e, n, std::max(per_bin, kObserveMinPerThread)));
  if (parts.count == 1) {
    observe_piece<In>(e.kernels->in<In>(), o, x, n);
    return QRANGE_OK;
  }
  // Every piece but the first gets a state of its own, with the range so far
  // so that it regrids only for values new to all. All are allocated before
  // anything changes.
  // Allocated without throwing: an exception must not cross the C ABI.
  const auto count = static_cast<std::size_t>(parts.count - 1);
  std::unique_ptr<std::unique_ptr<qrange_observer>[]> locals(new (std::nothrow)
                                                                 std::unique_ptr<qrange_observer>[count]);
  if (!locals)
    return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %zu per-thread states of %u bins", caller, count,
                o.bins);
  for (std::size_t i = 0; i < count; ++i) {
    std::unique_ptr<qrange_observer>& l = locals[i];
    l.reset(new_observer(o.bins));
    if (!l)
      return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %zu per-thread states of %u bins", caller, count,
                  o.bins);
    l->min = o.min;
    l->max = o.max;
    l->grid = o.grid;
  }
  parallel_parts(e, parts, [&](int p, std::size_t begin, std::size_t len) {
    observe_piece<In>(e.kernels->in<In>(), p == 0 ? o : *locals[static_cast<std::size_t>(p - 1)], x + begin, len);
  });
  for (std::size_t i = 0; i < count; ++i) merge_into(o, *locals[i]);
  return QRANGE_OK;
}
template qrange_status qrange::detail::observe<k::F32>(const char*, const Exec&, qrange_observer&, const float*,
                                                       std::size_t);
template qrange_status qrange::detail::observe<k::F16>(const char*, const Exec&, qrange_observer&,
                                                       const std::uint16_t*, std::size_t);
template qrange_status qrange::detail::observe<k::BF16>(const char*, const Exec&, qrange_observer&,
                                                        const std::uint16_t*, std::size_t);

extern "C" {

qrange_status qrange_observer_create(size_t bins, qrange_observer** out) {
  constexpr const char* kFn = "qrange_observer_create";
  if (bins == 0) bins = QRANGE_OBSERVER_DEFAULT_BINS;
  if (bins < QRANGE_OBSERVER_MIN_BINS || bins > QRANGE_OBSERVER_MAX_BINS)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: bins = %zu is outside [%d, %d]", kFn, bins,
                QRANGE_OBSERVER_MIN_BINS, QRANGE_OBSERVER_MAX_BINS);
  if (out == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: out is NULL", kFn);
  qrange_observer* o = qrange::detail::new_observer(static_cast<std::uint32_t>(bins));
  if (o == nullptr) return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate a state of %zu bins", kFn, bins);
  *out = o;
  return QRANGE_OK;
}

void qrange_observer_destroy(qrange_observer* obs) { delete obs; }

qrange_status qrange_observer_update_f32(const qrange_context* ctx, qrange_observer* obs, const float* x,
                                         size_t n) {
  return update<k::F32>("qrange_observer_update_f32", ctx, obs, x, n);
}
qrange_status qrange_observer_update_f16(const qrange_context* ctx, qrange_observer* obs, const uint16_t* x,
                                         size_t n) {
  return update<k::F16>("qrange_observer_update_f16", ctx, obs, x, n);
}
qrange_status qrange_observer_update_bf16(const qrange_context* ctx, qrange_observer* obs, const uint16_t* x,
                                          size_t n) {
  return update<k::BF16>("qrange_observer_update_bf16", ctx, obs, x, n);
}

qrange_status qrange_observer_merge(qrange_observer* dst, const qrange_observer* src) {
  constexpr const char* kFn = "qrange_observer_merge";
  if (dst == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: dst is NULL", kFn);
  if (src == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: src is NULL", kFn);
  if (dst->bins != src->bins)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: dst has %u bins but src has %u", kFn, dst->bins, src->bins);
  // No count may wrap (each bin's sum is at most the finite one).
  for (int kind = 0; kind < kKinds; ++kind)
    if (count_of(*dst, kind) > std::numeric_limits<std::uint64_t>::max() - count_of(*src, kind))
      return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                  "%s: dst and src count more than 2^64 - 1 %s values together (%llu + %llu)", kFn,
                  kKindNames[kind], static_cast<unsigned long long>(count_of(*dst, kind)),
                  static_cast<unsigned long long>(count_of(*src, kind)));
  merge_into(*dst, *src);
  return QRANGE_OK;
}

qrange_status qrange_observer_reset(qrange_observer* obs) {
  if (obs == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "qrange_observer_reset: obs is NULL");
  std::memset(obs->counts.get(), 0, (std::size_t{obs->bins} + k::kObserveSlots) * sizeof(std::uint64_t));
  obs->min = std::numeric_limits<float>::infinity();
  obs->max = -std::numeric_limits<float>::infinity();
  obs->grid = Grid{0, 0, 0};
  obs->finite = 0;
  return QRANGE_OK;
}

qrange_status qrange_observer_get_counts(const qrange_observer* obs, qrange_range r, uint64_t* counts,
                                        size_t len) {
  constexpr const char* kFn = "qrange_observer_get_counts";
  if (qrange_status s = check_counts_args(kFn, obs, counts, len)) return s;
  if (qrange_status s = check_range(kFn, r)) return s;
  r = {r.min + 0.0f, r.max + 0.0f};  // -0.0 becomes +0.0
  if (obs->grid.used > 0 && !(r.min <= obs->min && r.max >= obs->max))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: r = [%g, %g] does not contain the state's range [%g, %g]", kFn,
                static_cast<double>(r.min), static_cast<double>(r.max), static_cast<double>(obs->min),
                static_cast<double>(obs->max));
  std::memcpy(counts, obs->counts.get() + obs->bins, k::kObserveSlots * sizeof(std::uint64_t));
  qrange::detail::regrid_copy(obs->counts.get(), obs->grid, grid_for(r.min, r.max, obs->bins), obs->bins,
                              counts + k::kObserveSlots);
  return QRANGE_OK;
}

qrange_status qrange_observer_set_counts(qrange_observer* obs, qrange_range r, const uint64_t* counts,
                                        size_t len) {
  constexpr const char* kFn = "qrange_observer_set_counts";
  if (qrange_status s = check_counts_args(kFn, obs, counts, len)) return s;
  if (qrange_status s = check_range(kFn, r)) return s;
  r = {r.min + 0.0f, r.max + 0.0f};
  const Grid g = grid_for(r.min, r.max, obs->bins);
  std::uint64_t finite = 0;
  if (const char* problem = qrange::detail::check_bins(g, counts + k::kObserveSlots, obs->bins, &finite))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: counts that no values of [%g, %g] give: %s", kFn,
                static_cast<double>(r.min), static_cast<double>(r.max), problem);
  std::memcpy(obs->counts.get() + obs->bins, counts, k::kObserveSlots * sizeof(std::uint64_t));
  std::memcpy(obs->counts.get(), counts + k::kObserveSlots, std::size_t{obs->bins} * sizeof(std::uint64_t));
  obs->min = r.min;
  obs->max = r.max;
  obs->grid = g;
  obs->finite = finite;
  return QRANGE_OK;
}

}  // extern "C"
