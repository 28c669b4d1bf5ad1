// Prints the active ISA and the min/max of a generated tensor: the user's
// example data, 10,000 values uniform in [-50, 150] plus one outlier.
#include <qrange/qrange.hpp>

#include <cstdio>
#include <random>
#include <vector>

int main() {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<float> d(-50.0f, 150.0f);
  std::vector<float> x(10000);
  for (float& v : x) v = d(rng);
  x.push_back(1000.0f);
  try {
    const auto r = qrange::minmax(x);
    std::printf("qrange %s, ISA %s: %zu values, min %g, max %g, %llu non-finite\n", qrange::version().c_str(),
                qrange::active_isa().c_str(), x.size(), r.r.min, r.r.max,
                static_cast<unsigned long long>(r.nonfinite));
  } catch (const qrange::error& e) {
    std::fprintf(stderr, "qrange: %s\n", e.what());
    return 1;
  }
  return 0;
}
