// The observer's grid: power-of-two bins aligned to multiples of their width,
// a function of the finite range alone (docs/observers.md, "The grid").
#pragma once

#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace qrange::detail {

struct Grid {
  std::int32_t exponent;  // bin width 2^exponent
  std::int64_t first;     // floor(min / 2^exponent)
  std::uint32_t used;     // bins from min's to max's; 0 for an empty range
};

// The grid of a range: the smallest exponent, at least E(max |x|) - 43, such
// that the aligned bins from min's to max's number at most `bins`. The
// empty range (min > max) has no bins.
Grid grid_for(float min, float max, std::uint32_t bins);

// The kernel's view of a state with range [lo, hi] on grid g.
kernels::ObserveGrid kernel_grid(float lo, float hi, const Grid& g, std::uint32_t bins);

// Adds the counts of bins [0, from.used) on grid `from` to `into` on grid
// `to`, which must be that of a range containing from's (so that each old
// bin lies inside one new bin).
void regrid(const std::uint64_t* counts, const Grid& from, const Grid& to, std::uint64_t* into);
// into[0..bins) becomes the same counts on grid `to`, zeros elsewhere.
void regrid_copy(const std::uint64_t* counts, const Grid& from, const Grid& to, std::uint32_t bins,
                 std::uint64_t* into);

// The problem with bin counts counts[0..bins) for a state of range g (g of
// grid_for), or NULL when values of that range can give them: none from
// g.used on, none at all for an empty range, and for another range the
// first and last bins, which hold its min and max, not zero. Their sum, which
// must fit 64 bits, goes to *finite.
const char* check_bins(const Grid& g, const std::uint64_t* counts, std::uint32_t bins, std::uint64_t* finite);

}  // namespace qrange::detail
