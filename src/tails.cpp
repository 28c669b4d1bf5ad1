#include "tails.hpp"

#include <cmath>
#include <cstring>
#include <new>

#include "error.hpp"
#include "histogram.hpp"
#include "kernels/element.hpp"
#include "parallel.hpp"
#include "tuning.hpp"

namespace qrange::detail {
namespace {

// Beyond this share of the sample in either tail, selecting among the
// gathered values costs more than counting a histogram.
constexpr std::size_t kMaxTailShare = 16;  // 1/16

// How many of the s sampled values a tail must hold so that it holds rank
// `rank` (counted from its own end) of all m values. The sample's count below
// that rank is about Poisson with mean c, and c + 4 sqrt(c) + 2 values or more
// come up less than once in 10^4 samples for every c (4e-6 for the c = 0.1 of
// p = 99.99 and 1024 values). A miss only costs the histogram pass; a larger
// margin would cost every call a larger tail.
std::size_t needed_in_sample(std::uint64_t rank, std::uint64_t m, std::size_t s) {
  const double c = static_cast<double>(rank + 1) / static_cast<double>(m) * static_cast<double>(s);
  return static_cast<std::size_t>(std::ceil(c + 4.0 * std::sqrt(c) + 2.0));
}

// Room for the values of a tail in len inputs when it holds e of the s sampled
// values, with the same margin the other way.
std::size_t room_for(std::size_t len, std::size_t e, std::size_t s) {
  const double sampled = static_cast<double>(e);
  const double share = (sampled + 4.0 * std::sqrt(sampled) + 8.0) / static_cast<double>(s);
  return static_cast<std::size_t>(share * static_cast<double>(len)) + 64;
}

// One thread's piece of the gather: where its values go and how many came.
struct Slot {
  std::size_t low_at, low_room, high_at, high_room;
  kernels::GatherCounts got;
};

}  // namespace

std::size_t sample_size(std::size_t n) {
  const std::size_t s = n / 64;
  return s < kTailsMinSample ? kTailsMinSample : s > kTailsMaxSample ? kTailsMaxSample : s;
}

std::size_t sample_position(std::size_t j, std::size_t n) {
  const auto at = static_cast<std::size_t>((static_cast<double>(j) + 0.5) / static_cast<double>(sample_size(n)) *
                                           static_cast<double>(n));
  return at < n ? at : n - 1;
}

template <class In>
qrange_status Tails::gather(const char* caller, const Exec& e, const kernels::elem_t<In>* x, std::size_t n,
                            const kernels::HistogramSpec& spec, std::uint64_t m, std::uint64_t low_rank,
                            std::uint64_t high_rank) {
  found_ = false;
  if (n < kTailsMinValues || low_rank >= high_rank) return QRANGE_OK;
  // The sample's bins, counted: finding the tail bins is then a scan from
  // each end, with none of a selection's mispredicted branches.
  std::unique_ptr<std::uint32_t[]> seen(new (std::nothrow) std::uint32_t[spec.bins]());
  if (!seen)
    return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %u counters for the sample", caller, spec.bins);
  const std::size_t size = sample_size(n);
  std::size_t s = 0;
  for (std::size_t j = 0; j < size; ++j) {
    const float v = kernels::to_float<In>(x[sample_position(j, n)]);
    if (std::isfinite(v)) ++seen[kernels::scalar::bin_index(v, spec)], ++s;
  }
  if (s < size / 2) return QRANGE_OK;
  const std::size_t want_low = needed_in_sample(low_rank, m, s), want_high = needed_in_sample(m - 1 - high_rank, m, s);
  // The scans stop inside the bins: p >= 50 keeps each want below s.
  std::size_t in_low = 0, in_high = 0;
  for (low_last_ = 0; (in_low += seen[low_last_]) < want_low; ++low_last_) {
  }
  for (high_first_ = spec.bins - 1; (in_high += seen[high_first_]) < want_high; --high_first_) {
  }
  if (low_last_ >= high_first_ || in_low > s / kMaxTailShare || in_high > s / kMaxTailShare) return QRANGE_OK;

  // Each piece gets room in proportion to its length and, when there are
  // several, each tail room for the whole input's estimate besides: values
  // of a tail often cluster (sorted or spatially correlated data), and a
  // piece whose values outgrew its share is gathered again into the room
  // left, alone.
  const Parts parts = split(n, tasks_for(e, n, kMinMaxMinPerThread));
  std::unique_ptr<Slot[]> slots(new (std::nothrow) Slot[static_cast<std::size_t>(parts.count)]);
  const bool spare = parts.count > 1;
  std::size_t low_total = spare ? room_for(n, in_low, s) : 0, high_total = spare ? room_for(n, in_high, s) : 0;
  for (int p = 0; slots && p < parts.count; ++p) {
    slots[p].low_at = low_total;
    slots[p].low_room = room_for(parts.length(p), in_low, s);
    low_total += slots[p].low_room;
    slots[p].high_at = high_total;
    slots[p].high_room = room_for(parts.length(p), in_high, s);
    high_total += slots[p].high_room;
  }
  low_.reset(new (std::nothrow) float[low_total]);
  high_.reset(new (std::nothrow) float[high_total]);
  if (!slots || !low_ || !high_)
    return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %zu values for the tails", caller,
                low_total + high_total);
  const kernels::Interval low_values = values_of_bins(spec, 0, low_last_);
  const kernels::Interval high_values = values_of_bins(spec, high_first_, spec.bins - 1);
  const kernels::gather_fn<In> run = e.kernels->in<In>().gather;
  parallel_parts(e, parts, [&](int p, std::size_t begin, std::size_t len) {
    Slot& slot = slots[p];
    slot.got = run(x + begin, len, {low_values, low_.get() + slot.low_at, slot.low_room},
                   {high_values, high_.get() + slot.high_at, slot.high_room});
  });

  // Packing only moves values towards the start: each slot lies after the
  // spare room and the slots before it.
  low_count_ = high_count_ = 0;
  for (int p = 0; p < parts.count; ++p) {
    if (!slots[p].got.complete) continue;
    std::memmove(low_.get() + low_count_, low_.get() + slots[p].low_at, slots[p].got.first * sizeof(float));
    std::memmove(high_.get() + high_count_, high_.get() + slots[p].high_at, slots[p].got.second * sizeof(float));
    low_count_ += slots[p].got.first;
    high_count_ += slots[p].got.second;
  }
  for (int p = 0; p < parts.count; ++p) {
    if (slots[p].got.complete) continue;
    if (!spare) return QRANGE_OK;  // the sample misjudged a tail's size
    const kernels::GatherCounts got =
        run(x + parts.begin(p), parts.length(p), {low_values, low_.get() + low_count_, low_total - low_count_},
            {high_values, high_.get() + high_count_, high_total - high_count_});
    if (!got.complete) return QRANGE_OK;
    low_count_ += got.first;
    high_count_ += got.second;
  }
  found_ = low_count_ > low_rank && high_count_ >= m - high_rank;
  return QRANGE_OK;
}
template qrange_status Tails::gather<kernels::F32>(const char*, const Exec&, const float*, std::size_t,
                                                   const kernels::HistogramSpec&, std::uint64_t, std::uint64_t,
                                                   std::uint64_t);
template qrange_status Tails::gather<kernels::F16>(const char*, const Exec&, const std::uint16_t*, std::size_t,
                                                   const kernels::HistogramSpec&, std::uint64_t, std::uint64_t,
                                                   std::uint64_t);
template qrange_status Tails::gather<kernels::BF16>(const char*, const Exec&, const std::uint16_t*, std::size_t,
                                                    const kernels::HistogramSpec&, std::uint64_t, std::uint64_t,
                                                    std::uint64_t);

}  // namespace qrange::detail
