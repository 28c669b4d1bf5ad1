// qrange.Observer: a streaming observer state, updated without the GIL.
#include "observer.hpp"

#include "arrays.hpp"
#include "params.hpp"

#include <pybind11/stl.h>

#include <mutex>
#include <shared_mutex>
#include <string>

namespace py = pybind11;
using namespace pybind11::literals;

namespace qrange_py {
namespace {

// The C++ observer and a lock: with the GIL released, two Python threads
// may call into the same state at once, and the library allows only calls
// that read it to overlap. Locks are taken after the GIL is released, so
// that a thread waiting for one never holds the GIL.
struct observer {
  qrange::observer state;
  mutable std::shared_mutex lock;

  explicit observer(qrange::observer s) : state(std::move(s)) {}
};

template <class F>
auto reading(const observer& o, F&& f) {
  py::gil_scoped_release nogil;
  std::shared_lock<std::shared_mutex> l(o.lock);
  return f(o.state);
}

template <class F>
auto writing(observer& o, F&& f) {
  py::gil_scoped_release nogil;
  std::unique_lock<std::shared_mutex> l(o.lock);
  return f(o.state);
}

std::unique_ptr<observer> create(std::size_t bins) {
  qrange::observer s(bins);
  return std::make_unique<observer>(std::move(s));
}

std::unique_ptr<observer> from_bytes(const py::bytes& b) {
  const std::string bytes = b;
  py::gil_scoped_release nogil;
  return std::make_unique<observer>(qrange::observer::deserialize(bytes.data(), bytes.size()));
}

py::bytes to_bytes(const observer& o) {
  const std::vector<std::uint8_t> b = reading(o, [](const qrange::observer& s) { return s.serialize(); });
  return py::bytes(reinterpret_cast<const char*>(b.data()), b.size());
}

void update(observer& o, const py::object& x, bool bf16) {
  const float_input in = float_input_of(x, bf16);
  const std::size_t n = in.size();
  writing(o, [&](qrange::observer& s) { in.visit([&](auto p) { s.update(p, n); }); });
}

// dst.merge(src): both locked in one order (by address), dst exclusively;
// merging a state with itself takes its lock once.
void merge(observer& dst, const observer& src) {
  py::gil_scoped_release nogil;
  if (&dst == &src) {
    std::unique_lock<std::shared_mutex> l(dst.lock);
    dst.state.merge(dst.state);
    return;
  }
  std::unique_lock<std::shared_mutex> ld(dst.lock, std::defer_lock);
  std::shared_lock<std::shared_mutex> ls(src.lock, std::defer_lock);
  if (&dst < &src) {
    ld.lock();
    ls.lock();
  } else {
    ls.lock();
    ld.lock();
  }
  dst.state.merge(src.state);
}

py::dict stats(const observer& o) {
  const qrange::observer_stats s = reading(o, [](const qrange::observer& st) { return st.stats(); });
  return py::dict("finite"_a = s.finite, "nan"_a = s.nan, "pos_inf"_a = s.pos_inf, "neg_inf"_a = s.neg_inf,
                  "range"_a = py::make_tuple(s.range.min, s.range.max), "bins"_a = s.bins,
                  "used_bins"_a = s.used_bins, "bin_exponent"_a = s.bin_exponent, "first_bin"_a = s.first_bin);
}

py::tuple histogram(const observer& o) {
  const qrange::observer_histogram h = reading(o, [](const qrange::observer& s) { return s.histogram(); });
  return py::make_tuple(py::array_t<double>(h.edges.size(), h.edges.data()),
                        py::array_t<std::uint64_t>(h.counts.size(), h.counts.data()));
}

py::array_t<std::uint64_t> counts(const observer& o, std::pair<float, float> r) {
  const std::vector<std::uint64_t> c =
      reading(o, [&](const qrange::observer& s) { return s.counts(qrange::range{r.first, r.second}); });
  return py::array_t<std::uint64_t>(c.size(), c.data());
}

void set_counts(observer& o, std::pair<float, float> r, const py::array_t<std::uint64_t, py::array::c_style>& c) {
  const std::vector<std::uint64_t> v(c.data(), c.data() + c.size());
  writing(o, [&](qrange::observer& s) { s.set_counts(qrange::range{r.first, r.second}, v); });
}

}  // namespace

void register_observer(py::module_& m) {
  py::class_<observer>(m, "Observer",
                       "The range state of a stream of values, over any number of batches: counts, the exact\n"
                       "min and max and a histogram, merged exactly across batches, threads and processes\n"
                       "(docs/observers.md). Pickles through serialize(). Safe to share between threads.")
      .def(py::init(&create), "bins"_a = 2048, "An empty state with `bins` histogram bins, 16 to 2**20.")
      .def("update", &update, "x"_a, py::kw_only(), "bf16"_a = false,
           "Adds the values of x (float32, float16, or uint16 bfloat16 patterns with bf16=True).")
      .def("merge", &merge, "other"_a, "This state becomes that of both states' values (same bins).")
      .def("reset", [](observer& o) { writing(o, [](qrange::observer& s) { s.reset(); }); }, "Back to empty.")
      .def("stats", &stats,
           "A dict: finite, nan, pos_inf, neg_inf counts, range (min, max; (inf, -inf) when empty), bins,\n"
           "used_bins, bin_exponent, first_bin.")
      .def("histogram", &histogram, "(edges, counts): the used bins, len(counts) + 1 float64 edges.")
      .def(
          "percentile_range",
          [](const observer& o, double percentile) {
            const qrange::range r =
                reading(o, [&](const qrange::observer& s) { return s.percentile_range(percentile); });
            return py::make_tuple(r.min, r.max);
          },
          "percentile"_a = 99.99, "(P(100 - percentile), P(percentile)) estimated from the bins.")
      .def(
          "calibrate",
          [](const observer& o, const std::string& method, std::int32_t qmin, std::int32_t qmax,
             const std::string& scheme, bool include_zero, double percentile) {
            const qrange::calibration c =
                calibration_of(method, qmin, qmax, scheme, include_zero, percentile, 0, false);
            return reading(o, [&](const qrange::observer& s) { return s.calibrate(c); });
          },
          "method"_a = "minmax", py::kw_only(), "qmin"_a = 0, "qmax"_a = 255, "scheme"_a = "asymmetric",
          "include_zero"_a = true, "percentile"_a = 99.99,
          "The Params of a method from the state, as calibrate() takes it (the state's own bins).")
      .def("counts", &counts, "range"_a,
           "NaN, +Inf, -Inf, then the bins of range's grid (a range containing the state's; (inf, -inf) for\n"
           "any): a uint64 array that adds element-wise with other states' on the same range, for an\n"
           "all-reduce (docs/observers.md).")
      .def("set_counts", &set_counts, "range"_a, "counts"_a,
           "The state of range with these counts (counts() after the SUM of every process's on the MIN/MAX\n"
           "of their ranges), checked as deserialize checks a state.")
      .def("serialize", &to_bytes, "The state as bytes (docs/observers.md, 'Serialized form').")
      .def_static("deserialize", &from_bytes, "data"_a, "A new Observer from serialize()'s bytes, all checked.")
      .def("copy", [](const observer& o) { return from_bytes(to_bytes(o)); }, "An independent copy.")
      .def("__copy__", [](const observer& o) { return from_bytes(to_bytes(o)); })
      .def("__deepcopy__", [](const observer& o, py::handle) { return from_bytes(to_bytes(o)); }, "memo"_a)
      .def(py::pickle(&to_bytes, &from_bytes));
}

}  // namespace qrange_py
