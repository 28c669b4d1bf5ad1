#include "operations.hpp"

#include <atomic>

namespace qrange::test {

namespace {

std::atomic<bool> g_inside{false};

OpResult minmax(const float* x, std::size_t n) {
  OpResult r;
  qrange_range out{};
  std::uint64_t nonfinite = 0;
  r.status = api_call([&] { return qrange_minmax_f32(x, n, &out, &nonfinite); });
  r.append(out);
  r.append(nonfinite);
  return r;
}

}  // namespace

bool inside_api_call() { return g_inside.load(); }
void set_inside_api_call(bool inside) { g_inside.store(inside); }

const std::vector<Operation>& all_operations() {
  static const std::vector<Operation> ops{
      {"minmax", &minmax},
  };
  return ops;
}

}  // namespace qrange::test
