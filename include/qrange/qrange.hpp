// qrange C++17 API: inline wrappers over the stable C ABI of qrange.h, so that
// no C++ type crosses the library boundary. Errors throw qrange::error, which
// carries the status and the message.
#ifndef QRANGE_QRANGE_HPP
#define QRANGE_QRANGE_HPP

#include <qrange/qrange.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace qrange {

using status = qrange_status;
using range = qrange_range;

class error : public std::runtime_error {
 public:
  error(status s, const std::string& message) : std::runtime_error(message), status_(s) {}
  status code() const noexcept { return status_; }

 private:
  status status_;
};

namespace detail {
inline void check(status s) {
  if (s != QRANGE_OK) throw error(s, qrange_last_error());
}
}  // namespace detail

inline std::string version() { return qrange_version(); }
inline std::string active_isa() { return qrange_active_isa(); }
inline void set_isa(const std::string& name) { detail::check(qrange_set_isa(name.c_str())); }
inline void set_num_threads(int n) { detail::check(qrange_set_num_threads(n)); }

struct minmax_result {
  range r;
  std::uint64_t nonfinite;
};

inline minmax_result minmax(const float* x, std::size_t n) {
  minmax_result res{};
  detail::check(qrange_minmax_f32(x, n, &res.r, &res.nonfinite));
  return res;
}
inline minmax_result minmax(const std::vector<float>& x) { return minmax(x.data(), x.size()); }

struct histogram_result {
  std::vector<std::uint64_t> counts;
  std::uint64_t below;
  std::uint64_t above;
};

inline histogram_result histogram(const float* x, std::size_t n, range r, std::size_t bins) {
  histogram_result res{std::vector<std::uint64_t>(bins), 0, 0};
  detail::check(qrange_histogram_f32(x, n, r, bins, res.counts.data(), &res.below, &res.above));
  return res;
}
inline histogram_result histogram(const std::vector<float>& x, range r, std::size_t bins) {
  return histogram(x.data(), x.size(), r, bins);
}

enum class percentile_mode { approximate = 0, exact = 1 };

inline range percentile_range(const float* x, std::size_t n, double percentile = 99.99,
                              percentile_mode mode = percentile_mode::approximate, std::size_t bins = 0) {
  range r{};
  detail::check(qrange_percentile_range_f32(x, n, percentile, bins, static_cast<int>(mode), &r));
  return r;
}
inline range percentile_range(const std::vector<float>& x, double percentile = 99.99,
                              percentile_mode mode = percentile_mode::approximate, std::size_t bins = 0) {
  return percentile_range(x.data(), x.size(), percentile, mode, bins);
}

}  // namespace qrange

#endif  // QRANGE_QRANGE_HPP
