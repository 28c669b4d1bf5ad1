// The subcommands and their options, as parsed by main.cpp.
#pragma once

#include <qrange/qrange.hpp>

#include <cstddef>
#include <cstdint>
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
  PlotOptions plot;
  bool force = false;
};

struct QuantizeOptions {
  std::string in;
  std::string out;
  qrange::range_method method = qrange::range_method::percentile;  // percentile_exact sets quant.exact
  int threads = 0;
  QuantOptions quant;
  bool force = false;
};

// Each returns the exit status or throws Error / qrange::error.
int run_demo(const DemoOptions& o);
int run_inspect(const InspectOptions& o);
int run_quantize(const QuantizeOptions& o);
int run_isa();

}  // namespace qrange::cli
