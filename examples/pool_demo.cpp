// An engine's view: qrange runs its tasks on the engine's own thread pool
// through a context, here the dynamic quantization of an activation tensor.
#include <qrange/qrange.hpp>

#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include "thread_pool.hpp"

int main() {
  std::mt19937_64 rng(7);
  std::normal_distribution<float> d(0.5f, 2.0f);
  std::vector<float> x(1 << 22);
  for (float& v : x) v = d(rng);
  std::vector<std::uint8_t> q(x.size());

  qrange_example::ThreadPool pool(2);
  const qrange::context ctx = pool.context();
  try {
    const qrange::params p = qrange::dynamic_quantize(ctx, x.data(), x.size(), q.data());
    std::printf("%zu values on a pool of %d: scale %.9g, zero point %d; q[0] = %u\n", x.size(), pool.width(),
                static_cast<double>(p.scale), p.zero_point, q[0]);
  } catch (const qrange::error& e) {
    std::fprintf(stderr, "qrange: %s\n", e.what());
    return 1;
  }
  return 0;
}
