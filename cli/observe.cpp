// `qrange observe`: calibration over any number of batches. A state file
// (state_file.hpp) holds one observer state per tensor name; each run adds
// the values of its input files to it, or merges state files into a new one.
// Everything is read and computed before the file is replaced, atomically
// (AtomicOutput), so a failed run leaves it as it was.
#include <qrange/qrange.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <string>
#include <vector>

#include "atomic_output.hpp"
#include "commands.hpp"
#include "error.hpp"
#include "input.hpp"
#include "observe.hpp"
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

// A .safetensors tensor updates the state of its name, a .npy array the one of --name.
std::string state_name(const ObserveOptions& o, const InputFile& in, const Tensor& t) {
  return in.format == Format::npy ? o.name : t.name;
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

int update(const ObserveOptions& o) { return write_update(count_share(o, Share{})); }

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

Update count_share(const ObserveOptions& o, const Share& share) {
  Update u;
  u.path = o.files.front();
  check_state_name(u.path);
  u.existed = exists(u.path);
  if (u.existed) u.states = read_states(u.path);
  const std::size_t file_bins = bins_of(u.states);
  if (o.bins != 0 && file_bins != 0 && o.bins != file_bins)
    throw file_error(u.path, "its states have " + std::to_string(file_bins) + " bins, not " + std::to_string(o.bins) +
                                 " (--bins only sets the bins of a new state file)");
  u.bins = file_bins ? file_bins : o.bins ? o.bins : QRANGE_OBSERVER_DEFAULT_BINS;
  qrange::set_num_threads(o.threads);

  // Every input is opened and checked before any value is counted, by every
  // process, so that all know every state name.
  std::vector<InputFile> inputs;
  std::vector<std::vector<const Tensor*>> selected;
  std::uint64_t work = 0;
  for (std::size_t i = 0; i + 1 < o.files.size(); ++i) {
    inputs.push_back(open_input(o.files[i + 1]));
    selected.push_back(float_tensors(inputs.back()));
    for (const Tensor* t : selected.back()) {
      u.touched.insert(state_name(o, inputs.back(), *t));
      if (share.counts(i)) work += t->bytes + t->count() * sizeof(float);
    }
  }
  // The file's counts are counted once, by rank 0; the other shares keep
  // only its names and bins.
  if (share.rank != 0)
    for (auto& named : u.states) named.second.reset();
  for (const std::string& name : u.touched) u.states.try_emplace(name, u.bins);

  Progress progress("qrange observe", work);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!share.counts(i)) continue;
    const std::string& input = o.files[i + 1];
    for (const Tensor* t : selected[i]) {
      progress.set_label("qrange observe " + input + ": " + t->name);
      const TensorValues tv(*t, progress);
      const Values& x = tv.values();
      qrange::observer& obs = u.states.at(state_name(o, inputs[i], *t));
      try {
        with_values(x, [&](const auto* values) { obs.update(values, x.size); });
      } catch (const qrange::error& e) {
        throw file_error(input, "tensor '" + t->name + "': " + e.what());
      }
      progress.advance(x.size * sizeof(float));
    }
  }
  return u;
}

int write_update(const Update& u) {
  write_states(u.path, u.states, true);
  for (const std::string& name : u.touched) print_state(name, u.states.at(name));
  std::printf("%s %s (%zu state%s, %zu bins)\n", u.existed ? "updated" : "created", u.path.c_str(), u.states.size(),
              u.states.size() == 1 ? "" : "s", u.bins);
  return 0;
}

int run_observe(const ObserveOptions& o) {
  if (!o.merge.empty()) return merge(o);
  return o.mpi ? update_mpi(o) : update(o);
}

}  // namespace qrange::cli
