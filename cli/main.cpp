// The qrange command: argument parsing (CLI11) and error reporting. Every
// failure ends as one line "qrange: <file>: <problem>" on stderr and a
// non-zero exit: 1 for a failed run, 2 for a command line that does not parse.
#include <qrange/qrange.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string_view>

#include "commands.hpp"
#include "error.hpp"

namespace {

using namespace qrange::cli;

// quantize --method's name for the percentile method with exact percentiles,
// which qrange::parse_range_method also took.
constexpr std::string_view kPercentileExact = "percentile_exact";

void add_quant_options(CLI::App* cmd, QuantOptions& q) {
  cmd->add_option("--bits", q.bits, "Bits of the integer grid (2 to 16)")->check(CLI::Range(2, 16))->capture_default_str();
  cmd->add_option("--scheme", q.scheme, "asymmetric (unsigned, zero point) or symmetric (signed, zero point 0)")
      ->check(CLI::IsMember({"asymmetric", "symmetric"}))
      ->capture_default_str();
  cmd->add_option("--percentile", q.percentile, "The percentile range is [P(100 - p), P(p)], numpy's percentiles")
      ->check(CLI::Range(50.0, 100.0))
      ->capture_default_str();
  cmd->add_flag("--exact", q.exact, "Exact percentiles instead of the (bounded) histogram estimate");
}

void add_axis_options(CLI::App* cmd, AxisOptions& a) {
  CLI::Option* per_channel =
      cmd->add_flag("--per-channel", a.per_channel, "One scale and zero point per index along --axis (default 0)");
  cmd->add_option("--axis", a.axis,
                  "The axis of --per-channel or --block-size, negative from the end as in ONNX (default: 0 per "
                  "channel, -1 for blocks); alone it means --per-channel");
  CLI::Option* block =
      cmd->add_option("--block-size", a.block_size, "One scale and zero point per block of B along --axis (default -1)")
          ->check(CLI::PositiveNumber);
  per_channel->excludes(block);
}

void add_threads(CLI::App* cmd, int& threads) {
  cmd->add_option("--threads", threads, "OpenMP threads (0: the OpenMP default)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
}

void add_plot_options(CLI::App* cmd, PlotOptions& p) {
  cmd->add_flag("--plot", p.terminal, "Draw a histogram with the min-max, percentile and mse clip ranges");
  cmd->add_option("--svg", p.svg, "Write the same histogram as an SVG file");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"qrange: choose quantization ranges for float32 tensors, inspect tensor files, quantize them.",
               "qrange"};
  app.set_version_flag("--version", std::string("qrange ") + qrange_version());
  app.require_subcommand(1);

  DemoOptions demo;
  CLI::App* demo_cmd =
      app.add_subcommand("demo", "Min-max, percentile and mse parameters on generated data with one outlier");
  demo_cmd->add_option("--n", demo.n, "Number of uniform values in [-50, 150]")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 34))
      ->capture_default_str();
  demo_cmd->add_option("--seed", demo.seed, "Random seed")->capture_default_str();
  add_quant_options(demo_cmd, demo.quant);
  add_threads(demo_cmd, demo.threads);
  add_plot_options(demo_cmd, demo.plot);
  demo_cmd->add_flag("--force", demo.force, "Overwrite an existing SVG file");

  InspectOptions inspect;
  CLI::App* inspect_cmd =
      app.add_subcommand("inspect", "Ranges, parameters and errors of every float tensor in .npy/.safetensors files");
  inspect_cmd->add_option("files", inspect.files, ".npy, .safetensors or state (.qrs, from observe) files")
      ->required();
  inspect_cmd->add_flag("--json", inspect.json, "Print JSON instead of a table");
  add_quant_options(inspect_cmd, inspect.quant);
  add_axis_options(inspect_cmd, inspect.axis);
  add_threads(inspect_cmd, inspect.threads);
  add_plot_options(inspect_cmd, inspect.plot);
  inspect_cmd->add_flag("--force", inspect.force, "Overwrite an existing SVG file");

  QuantizeOptions quantize;
  CLI::App* quantize_cmd = app.add_subcommand(
      "quantize", "Quantize a .npy tensor or every float tensor of a .safetensors file to integers");
  quantize_cmd->add_option("in", quantize.in, "Input .npy or .safetensors file")->required();
  quantize_cmd->add_option("out", quantize.out, "Output file of the same format")->required();
  std::string method;
  // The library's names (qrange::parse_method), so that the command and the
  // API agree, and percentile_exact.
  const CLI::Validator method_name(
      [](std::string& name) {
        if (name == kPercentileExact) return std::string();
        try {
          qrange::parse_method(name);
          return std::string();
        } catch (const qrange::error&) {
          return "unknown method \"" + name + "\"; expected minmax, percentile, percentile_exact, mse or entropy";
        }
      },
      "minmax|percentile|percentile_exact|mse|entropy");
  quantize_cmd
      ->add_option("--method", method,
                   "Parameters by: minmax, percentile, percentile_exact (percentile with --exact), mse (the least "
                   "quantization MSE found by a search) or entropy (TensorRT's KL-divergence threshold)")
      ->check(method_name)
      ->required();
  add_quant_options(quantize_cmd, quantize.quant);
  add_axis_options(quantize_cmd, quantize.axis);
  quantize_cmd->footer(
      "With --per-channel, --axis or --block-size, in and out are .safetensors files: each float tensor <name> is\n"
      "written with <name>.scale and <name>.zero_point beside it, shaped as ONNX's; a grid of at most 4 bits is\n"
      "packed two per byte as ONNX's uint4/int4. README.md, \"The qrange command\", has the details.\n");
  add_threads(quantize_cmd, quantize.threads);
  quantize_cmd->add_flag("--force", quantize.force, "Overwrite existing outputs");

  ObserveOptions observe;
  CLI::App* observe_cmd = app.add_subcommand(
      "observe", "Calibrate over batches: add .npy/.safetensors files to a state file, or merge state files");
  observe_cmd->footer(
      "A state file (.qrs) holds one observer state per name: a .safetensors input updates the state of each of\n"
      "its float tensors' names, a .npy input the state named by --name (by default the unnamed state \"\").\n"
      "STATE.qrs is created if missing, and replaced only once every input has been read (atomically). Its\n"
      "states have the bins of --bins (default 2048), fixed when the file is created. Show it with\n"
      "`qrange inspect STATE.qrs`. The file format is in README.md, \"State files\".\n"
      "Under `mpirun -np N qrange observe --mpi STATE.qrs INPUT...`, rank i % N counts the values of input i\n"
      "(from 0), the states are all-reduced, and rank 0 writes STATE.qrs: the file one process writes for the\n"
      "same inputs.\n");
  observe_cmd
      ->add_option("files", observe.files, "STATE.qrs then the .npy/.safetensors inputs; with --merge, the state files")
      ->required();
  CLI::Option* merge_opt =
      observe_cmd->add_option("--merge", observe.merge, "Merge the state files into this new state file instead");
  CLI::Option* bins_opt =
      observe_cmd->add_option("--bins", observe.bins, "Histogram bins of a new state file (default 2048)")
          ->check(CLI::Range(std::size_t{QRANGE_OBSERVER_MIN_BINS}, std::size_t{QRANGE_OBSERVER_MAX_BINS}));
  CLI::Option* name_opt = observe_cmd->add_option("--name", observe.name, "The state that .npy inputs update");
  add_threads(observe_cmd, observe.threads);
  CLI::Option* force_opt = observe_cmd->add_flag("--force", observe.force, "Let --merge overwrite an existing file");
  observe_cmd->add_flag("--mpi", observe.mpi,
                        "Run as one rank of `mpirun -np N qrange observe --mpi ...`: rank i % N counts input i, "
                        "rank 0 writes STATE.qrs");
  merge_opt->excludes(bins_opt)->excludes(name_opt);
  force_opt->needs(merge_opt);
  observe_cmd->callback([&] {
    if (observe.mpi && !observe.merge.empty())
      throw CLI::ValidationError("--mpi", "not with --merge: merging state files needs no MPI, run it in one process");
    if (observe.merge.empty() && observe.files.size() < 2)
      throw CLI::ValidationError("observe", "needs STATE.qrs and at least one .npy or .safetensors file");
  });

  CLI::App* isa_cmd = app.add_subcommand("isa", "What this CPU supports, what is compiled in, what is active");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // CLI11 reports a mistyped command as a missing one.
    if (app.get_subcommands().empty() && argc > 1 && argv[1][0] != '-') {
      std::fprintf(stderr, "qrange: unknown command '%s' (expected demo, inspect, quantize, observe or isa)\n",
                   argv[1]);
      return 2;
    }
    std::fprintf(stderr, "qrange: %s (see qrange --help)\n", e.what());
    return 2;
  }

  try {
    if (*demo_cmd) return run_demo(demo);
    if (*inspect_cmd) return run_inspect(inspect);
    if (*quantize_cmd) {
      quantize.method_name = method;
      if (method == kPercentileExact) {
        quantize.method = qrange::method::percentile;
        quantize.quant.exact = true;
      } else {
        quantize.method = qrange::parse_method(method);
      }
      return run_quantize(quantize);
    }
    if (*observe_cmd) return run_observe(observe);
    if (*isa_cmd) return run_isa();
  } catch (...) {
    print_failure(std::current_exception());
  }
  return 1;
}
