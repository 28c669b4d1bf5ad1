// What the numpy dumps (percentile_numpy_dump, observer_numpy_dump) share:
// their command line, the results file in the output folder, and float32
// samples from a seeded generator.
#pragma once

#include <cstddef>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace qrange::test {

// The output folder from `PROGRAM OUTPUT_DIR`, and its results.txt opened
// for writing; NULL (after a usage line for a bad command line) on failure.
inline FILE* open_results(int argc, char** argv, std::string* dir) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return nullptr;
  }
  *dir = argv[1];
  return std::fopen((*dir + "/results.txt").c_str(), "w");
}

// n values of dist from rng, as float32.
template <class Dist>
std::vector<float> sample(std::mt19937_64& rng, std::size_t n, Dist dist) {
  std::vector<float> v(n);
  for (float& f : v) f = static_cast<float>(dist(rng));
  return v;
}

// Writes x to DIR/NAME.f32 (raw float32, for numpy.fromfile); false, with a
// message, on failure.
inline bool write_values(const std::string& dir, const std::string& name, const std::vector<float>& x) {
  const std::string path = dir + "/" + name + ".f32";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fwrite(x.data(), sizeof(float), x.size(), f) != x.size() || std::fclose(f) != 0) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

}  // namespace qrange::test
