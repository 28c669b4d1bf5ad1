#include "operations.hpp"

#include <atomic>

namespace qrange::test {

namespace {

std::atomic<bool> g_inside{false};

OpResult minmax(const float* x, std::size_t n, const OpParams&) {
  OpResult r;
  qrange_range out{};
  std::uint64_t nonfinite = 0;
  r.status = api_call([&] { return qrange_minmax_f32(x, n, &out, &nonfinite); });
  r.append(out);
  r.append(nonfinite);
  return r;
}

OpResult histogram(const float* x, std::size_t n, const OpParams& p) {
  OpResult r;
  std::vector<std::uint64_t> counts(p.bins ? p.bins : 1);
  std::uint64_t below = 0, above = 0;
  r.status = api_call([&] { return qrange_histogram_f32(x, n, p.range, p.bins, counts.data(), &below, &above); });
  r.append(counts.data(), counts.size());
  r.append(below);
  r.append(above);
  return r;
}

OpResult percentile(const float* x, std::size_t n, const OpParams& p, int exact) {
  OpResult r;
  qrange_range out{};
  r.status = api_call([&] { return qrange_percentile_range_f32(x, n, p.percentile, p.bins, exact, &out); });
  r.append(out);
  return r;
}
OpResult percentile_approximate(const float* x, std::size_t n, const OpParams& p) { return percentile(x, n, p, 0); }
OpResult percentile_exact(const float* x, std::size_t n, const OpParams& p) { return percentile(x, n, p, 1); }

}  // namespace

bool inside_api_call() { return g_inside.load(); }
void set_inside_api_call(bool inside) { g_inside.store(inside); }

const std::vector<Operation>& all_operations() {
  static const std::vector<Operation> ops{
      {"minmax", &minmax},
      {"histogram", &histogram},
      {"percentile_approximate", &percentile_approximate},
      {"percentile_exact", &percentile_exact},
  };
  return ops;
}

}  // namespace qrange::test
