// `qrange observe`: calibration over any number of batches. A state file
// (state_file.hpp) holds one observer state per tensor name; each run adds
// the values of its input files to it, or merges state files into a new one.
// Everything is read and computed before the file is replaced, atomically
// (AtomicOutput), so a failed run leaves it as it was.
#include <qrange/qrange.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "atomic_output.hpp"
#include "commands.hpp"
#include "error.hpp"
#include "input.hpp"
#include "progress.hpp"
#include "state_file.hpp"
#include "states.hpp"
#include "values.hpp"

namespace qrange::cli {

namespace {

std::string quoted(const std::string& name) { return "'" + name + "'"; }

// Anything at `path`, even what cannot be read: read_states then says what.
bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

void check_state_name(const std::string& path) {
  if (!has_state_extension(path)) throw file_error(path, "a state file's name ends in .qrs");
}

// One line per state: what it holds now.
void print_state(const std::string& name, const qrange::observer& o) {
  const qrange_observer_stats s = o.stats();
  const std::uint64_t nonfinite = s.nan + s.pos_inf + s.neg_inf;
  std::printf("%s: %llu values", quoted(name).c_str(), static_cast<unsigned long long>(s.finite + nonfinite));
  if (nonfinite) std::printf(" (%llu non-finite)", static_cast<unsigned long long>(nonfinite));
  if (s.finite)
    std::printf(", range [%g, %g]", static_cast<double>(s.range.min), static_cast<double>(s.range.max));
  else
    std::printf(", no finite value");
  std::printf("\n");
}

int update(const ObserveOptions& o) {
  const std::string& path = o.files.front();
  check_state_name(path);
  const bool existed = exists(path);
  States states = existed ? read_states(path) : States();
  const std::size_t file_bins = bins_of(states);
  if (o.bins != 0 && file_bins != 0 && o.bins != file_bins)
    throw file_error(path, "its states have " + std::to_string(file_bins) + " bins, not " + std::to_string(o.bins) +
                               " (--bins only sets the bins of a new state file)");
  const std::size_t bins = file_bins ? file_bins : o.bins ? o.bins : QRANGE_OBSERVER_DEFAULT_BINS;
  qrange::set_num_threads(o.threads);

  // Every input is opened and checked before any value is counted.
  std::vector<InputFile> inputs;
  std::vector<std::vector<const Tensor*>> selected;
  std::uint64_t work = 0;
  for (std::size_t f = 1; f < o.files.size(); ++f) {
    inputs.push_back(open_input(o.files[f]));
    selected.push_back(float_tensors(inputs.back()));
    for (const Tensor* t : selected.back()) work += t->bytes + t->count() * sizeof(float);
  }

  Progress progress("qrange observe", work);
  std::set<std::string> touched;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string& input = o.files[i + 1];
    for (const Tensor* t : selected[i]) {
      const std::string name = inputs[i].format == Format::npy ? o.name : t->name;
      progress.set_label("qrange observe " + input + ": " + t->name);
      const TensorValues tv(*t, progress);
      const Values& x = tv.values();
      try {
        auto it = states.find(name);
        if (it == states.end()) it = states.emplace(name, qrange::observer(bins)).first;
        with_values(x, [&](const auto* values) { it->second.update(values, x.size); });
      } catch (const qrange::error& e) {
        throw file_error(input, "tensor '" + t->name + "': " + e.what());
      }
      progress.advance(x.size * sizeof(float));
      touched.insert(name);
    }
  }
  write_states(path, states, true);
  for (const std::string& name : touched) print_state(name, states.at(name));
  std::printf("%s %s (%zu state%s, %zu bins)\n", existed ? "updated" : "created", path.c_str(), states.size(),
              states.size() == 1 ? "" : "s", bins);
  return 0;
}

int merge(const ObserveOptions& o) {
  check_state_name(o.merge);
  check_can_write(o.merge, o.force);
  States out;
  std::string first;
  for (const std::string& path : o.files) {
    States in = read_states(path);
    if (!out.empty() && bins_of(in) != bins_of(out))
      throw file_error(path, "its states have " + std::to_string(bins_of(in)) + " bins, but those of " + first +
                                 " have " + std::to_string(bins_of(out)) + " (states merge only at equal bins)");
    if (first.empty()) first = path;
    for (auto& [name, obs] : in) {
      auto it = out.find(name);
      try {
        if (it == out.end())
          out.emplace(name, std::move(obs));
        else
          it->second.merge(obs);
      } catch (const qrange::error& e) {
        throw file_error(path, "state '" + name + "': " + e.what());
      }
    }
  }
  write_states(o.merge, out, o.force);
  for (const auto& [name, obs] : out) print_state(name, obs);
  std::printf("merged %zu file%s into %s (%zu state%s, %zu bins)\n", o.files.size(), o.files.size() == 1 ? "" : "s",
              o.merge.c_str(), out.size(), out.size() == 1 ? "" : "s", bins_of(out));
  return 0;
}

}  // namespace

int run_observe(const ObserveOptions& o) { return o.merge.empty() ? update(o) : merge(o); }

}  // namespace qrange::cli
