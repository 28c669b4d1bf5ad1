// Calibration spread over the ranks of an MPI job: the quantization
// parameters of every float tensor of a set of .npy/.safetensors files.
//
//   mpirun -np N mpi_calibrate OUT.json FILE...
//
// Each rank observes its share of the files (file i goes to rank i % N), one
// qrange::observer per tensor name. Observer states merge exactly
// (docs/observers.md), so one all-reduce gives every rank the states one
// process reading every file would have, and rank 0 writes per tensor the
// uint8 asymmetric parameters of least quantization error (mse) that the
// state gives, and the range of the finite values seen:
//
//   {"w": {"range": [-0.52, 0.61], "scale": 0.0044, "zero_point": 118, "qmin": 0, "qmax": 255}, ...}
//
// The files are read with the qrange command's readers (cli/): memory-mapped,
// float32, float16, bfloat16 and float64 tensors, a .npy file's one tensor
// named after the file.
#include <qrange/mpi.hpp>
#include <qrange/qrange.hpp>

#include <cstdio>
#include <exception>
#include <map>
#include <string>
#include <vector>

#include "atomic_output.hpp"
#include "input.hpp"
#include "json_text.hpp"
#include "progress.hpp"
#include "values.hpp"

namespace {

using namespace qrange::cli;

// Tensor name -> its observer's index. Sorted, so that every rank orders its
// observers alike: the all-reduce pairs them by index.
using Index = std::map<std::string, std::size_t>;

void write_parameters(const char* path, const Index& index, const std::vector<qrange::observer>& observers) {
  const qrange::calibration mse = qrange::make_calibration(qrange::method::mse);  // uint8: [0, 255], asymmetric
  Json out = Json::object();
  for (const auto& [name, i] : index) {
    const qrange::params p = observers[i].calibrate(mse);
    const qrange::range r = observers[i].stats().range;
    out[name] = {{"range", Json::array({json_float(r.min), json_float(r.max)})},
                 {"scale", json_float(p.scale)},
                 {"zero_point", p.zero_point},
                 {"qmin", p.qmin},
                 {"qmax", p.qmax}};
  }
  AtomicOutput file(path, /*force=*/true);  // a failed run leaves no half-written file
  file.write(dump(out, 2) + "\n");
  file.commit();
}

void calibrate(const char* out, const std::vector<std::string>& paths, int rank, int size) {
  // Every rank opens every file, not only its share: that reads the headers
  // alone (the values stay on disk until counted), and gives every rank the
  // same tensor names without communicating.
  std::vector<InputFile> files;
  Index index;
  for (const std::string& path : paths) {
    files.push_back(open_input(path));
    for (const Tensor* t : float_tensors(files.back())) index.emplace(t->name, 0);
  }
  std::size_t next = 0;
  for (auto& named : index) named.second = next++;
  std::vector<qrange::observer> observers(index.size());

  Progress progress("mpi_calibrate", 0);  // the readers report to one; it shows only on a terminal
  for (std::size_t f = static_cast<std::size_t>(rank); f < files.size(); f += static_cast<std::size_t>(size)) {
    for (const Tensor* t : float_tensors(files[f])) {
      // The values as stored: float16 and bfloat16 go to the library's own
      // calls, without a float32 copy.
      const TensorValues tv(*t, progress);
      const Values& x = tv.values();
      qrange::observer& obs = observers[index.at(t->name)];
      with_values(x, [&](const auto* values) { obs.update(values, x.size); });
    }
  }

  // One collective call for all the observers, whatever their number.
  qrange::mpi::allreduce(observers, MPI_COMM_WORLD);
  if (rank == 0) write_parameters(out, index, observers);
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (argc < 3) {
    if (rank == 0) std::fprintf(stderr, "usage: mpirun -np N mpi_calibrate OUT.json FILE...\n");
    MPI_Finalize();
    return 2;
  }
  try {
    calibrate(argv[1], std::vector<std::string>(argv + 2, argv + argc), rank, size);
  } catch (const std::exception& e) {
    // A rank that stopped here would leave the others waiting in the
    // all-reduce: end the whole job.
    std::fprintf(stderr, "mpi_calibrate: rank %d: %s\n", rank, e.what());
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  MPI_Finalize();
  return 0;
}
