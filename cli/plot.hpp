// Histograms of a tensor with its min-max, percentile and mse clip ranges
// marked: in the terminal (Unicode block bars) and as a standalone SVG
// picture. Counts are log-scaled so that a lone outlier stays visible next to
// bins holding thousands of values.
#pragma once

#include <qrange/qrange.h>

#include <cstdint>
#include <string>
#include <vector>

namespace qrange::cli {

struct Analysis;
struct Values;

// The x axis: counts[i] covers the i-th of counts.size() equal parts of
// [min, max]. In double, so that the edges of an observer's bins, which may
// lie beyond the float32 range, fit.
struct Axis {
  double min;
  double max;
};

struct Histogram {
  std::string title;
  Axis axis;  // every finite value is on the axis
  std::vector<std::uint64_t> counts;
  qrange_range minmax;
  qrange_range percentile;
  std::string percentile_label;
  qrange_range mse;  // what the mse method's parameters keep (clip_range)
};

// Throws qrange::error. The axis is the min-max range.
Histogram histogram_of(const Values& x, const Analysis& a, std::string title, std::string percentile_label,
                       std::size_t bins);

// The histogram of an observer state (qrange_observer_stats and the counts of
// its used bins), its power-of-two bins joined in aligned groups of 2^k
// until at most `max_bins` remain: each plotted bin is a bin of the state's
// grid at a coarser power of two, counted exactly. The axis runs from the
// first plotted bin's lower edge to the last one's upper edge. max_bins >= 2
// (bins -1 and 0 never join).
Histogram state_histogram(const qrange_observer_stats& s, const std::vector<std::uint64_t>& used_counts,
                          qrange_range percentile, qrange_range mse, std::string title, std::string percentile_label,
                          std::size_t max_bins);

std::string terminal_plot(const Histogram& h);
std::string svg_plot(const std::vector<Histogram>& hs);
// svg_plot(hs) into `path`, atomically; refuses to overwrite without `force`.
void write_svg(const std::string& path, const std::vector<Histogram>& hs, bool force);

}  // namespace qrange::cli
