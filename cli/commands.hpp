// The subcommands and their options, as parsed by main.cpp.
#pragma once

#include <qrange/qrange.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qrange::cli {

// How to quantize: shared by every subcommand that chooses parameters.
struct QuantOptions {
  int bits = 8;
  std::string scheme = "asymmetric";  // or "symmetric"
  double percentile = 99.99;
  bool exact = false;  // exact percentiles instead of the histogram estimate
};

// Per-channel or blocked parameters (ONNX QuantizeLinear's axis and
// block_size) instead of one set per tensor: enabled by any of the three.
struct AxisOptions {
  bool per_channel = false;
  std::optional<std::int64_t> axis;  // as given; negative counts from the end
  std::size_t block_size = 0;        // 0: per channel

  bool enabled() const { return per_channel || axis || block_size != 0; }
  // Channels run along the first axis (a weight's output channels), blocks
  // along the last (its input dimension in PyTorch's [out, in] layout).
  std::int64_t axis_or_default() const { return axis ? *axis : block_size != 0 ? -1 : 0; }
};

struct PlotOptions {
  bool terminal = false;
  std::string svg;  // empty: none
};

struct DemoOptions {
  std::size_t n = 10000;
  std::uint64_t seed = 42;
  int threads = 0;
  QuantOptions quant;
  PlotOptions plot;
  bool force = false;
};

struct InspectOptions {
  std::vector<std::string> files;
  bool json = false;
  int threads = 0;
  QuantOptions quant;
  AxisOptions axis;
  PlotOptions plot;
  bool force = false;
};

struct QuantizeOptions {
  std::string in;
  std::string out;
  qrange::method method = qrange::method::percentile;
  // As given, for the record: --method percentile_exact is method percentile
  // with quant.exact set.
  std::string method_name = "percentile";
  int threads = 0;
  QuantOptions quant;
  AxisOptions axis;
  bool force = false;
};

struct ObserveOptions {
  // Without `merge`: the state file, then the .npy/.safetensors inputs.
  // With it: the state files to merge.
  std::vector<std::string> files;
  std::string merge;     // the output state file of --merge
  std::size_t bins = 0;  // of new states; 0: the file's, else QRANGE_OBSERVER_DEFAULT_BINS
  std::string name;      // the state a .npy input updates
  int threads = 0;
  bool force = false;  // --merge may replace an existing output
  bool mpi = false;    // one rank of an MPI job: input i is counted by rank i % ranks
};

// Each returns the exit status or throws Error / qrange::error.
int run_demo(const DemoOptions& o);
int run_inspect(const InspectOptions& o);
int run_quantize(const QuantizeOptions& o);
int run_observe(const ObserveOptions& o);
int run_isa();

}  // namespace qrange::cli
