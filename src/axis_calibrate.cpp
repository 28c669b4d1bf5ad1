// Per-axis and blocked ranges and calibration: qrange_minmax_axis_f32 and
// qrange_calibrate_axis_f32 (docs/per_axis.md).
#include <qrange/qrange.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "axis.hpp"
#include "calibration.hpp"
#include "choose_params.hpp"
#include "context.hpp"
#include "error.hpp"
#include "kernels/kernel_table.hpp"
#include "minmax.hpp"
#include "parallel.hpp"
#include "tuning.hpp"

using qrange::detail::Axis;
using qrange::detail::Calibration;
using qrange::detail::fail;
namespace d = qrange::detail;
namespace k = qrange::kernels;

namespace {

constexpr float kInf = INFINITY;

// Runs body(begin, end) over [0, count) items of `size` values each, split
// across the tasks the values are worth.
template <class Body>
void parallel_items(const d::Exec& e, std::size_t count, std::size_t size, std::size_t min_per_task, Body body) {
  const std::size_t per_task = std::max<std::size_t>(1, min_per_task / std::max<std::size_t>(1, size));
  d::parallel_for(e, count, 1, per_task, [&](std::size_t begin, std::size_t len) { body(begin, begin + len); });
}

// lo[g], hi[g]: the min and max of the finite values of group g, a zero as
// +0.0; +inf and -inf for a group without one.
template <class In>
qrange_status minmax_groups(const char* fn, const d::Exec& e, const k::elem_t<In>* x, const Axis& a, float* lo,
                           float* hi) {
  const k::InputKernels<In>& kt = e.kernels->in<In>();
  std::fill(lo, lo + a.groups, kInf);
  std::fill(hi, hi + a.groups, -kInf);
  if (a.block == 0 && a.inner == 1) {
    // Columns: split them across tasks, each over every row.
    const int tasks = d::tasks_for(e, a.n, d::kMinMaxMinPerThread);
    const std::size_t per = (a.dim + static_cast<std::size_t>(tasks) - 1) / static_cast<std::size_t>(tasks);
    const std::size_t step = (per + 63) / 64 * 64;
    auto body = [&](int t) {
      const std::size_t c0 = std::min(a.dim, static_cast<std::size_t>(t) * step);
      const std::size_t c1 = std::min(a.dim, c0 + step);
      if (c0 < c1) kt.minmax_columns(x + c0, a.outer, c1 - c0, a.dim, lo + c0, hi + c0);
    };
    d::run_tasks(e, tasks, body);
  } else if (a.block == 0) {
    const Axis::GroupShape first = a.group(0);
    if (a.dim < static_cast<std::size_t>(e.threads) && first.size() >= d::kChunk) {
      // A few large channels: each run split across every task.
      for (std::size_t g = 0; g < a.groups; ++g) {
        const Axis::GroupShape s = a.group(g);
        k::MinMax acc = k::scalar::minmax<In>(nullptr, 0);
        for (std::size_t r = 0; r < s.count; ++r) {
          k::MinMax m{};
          if (qrange_status st = d::minmax_pass<In>(fn, e, x + s.first + r * s.step, s.len, &m)) return st;
          acc = k::scalar::merge(acc, m);
        }
        lo[g] = acc.min, hi[g] = acc.max;
      }
    } else {
      // Channels g0 .. g1 are consecutive rows of every slab of the outer
      // dimensions.
      parallel_items(e, a.groups, first.size(), d::kMinMaxMinPerThread, [&](std::size_t g0, std::size_t g1) {
        k::MinMax rows[64];
        for (std::size_t b = g0; b < g1; b += 64) {
          const std::size_t count = std::min<std::size_t>(64, g1 - b);
          k::MinMax acc[64];
          std::fill(acc, acc + count, k::scalar::minmax<In>(nullptr, 0));
          for (std::size_t o = 0; o < a.outer; ++o) {
            kt.minmax_rows(x + (o * a.dim + b) * a.inner, count, a.inner, a.inner, rows);
            for (std::size_t r = 0; r < count; ++r) acc[r] = k::scalar::merge(acc[r], rows[r]);
          }
          for (std::size_t r = 0; r < count; ++r) lo[b + r] = acc[r].min, hi[b + r] = acc[r].max;
        }
      });
    }
  } else if (a.inner == 1) {
    // Blocks along rows: the whole blocks of each row at once, then the last.
    const std::size_t whole = a.dim / a.block;
    parallel_items(e, a.outer, a.dim, d::kMinMaxMinPerThread, [&](std::size_t o0, std::size_t o1) {
      k::MinMax runs[64];
      for (std::size_t o = o0; o < o1; ++o) {
        const k::elem_t<In>* row = x + o * a.dim;
        for (std::size_t b = 0; b < a.blocks; b += 64) {
          const std::size_t count = std::min<std::size_t>(64, whole > b ? whole - b : 0);
          kt.minmax_rows(row + b * a.block, count, a.block, a.block, runs);
          for (std::size_t r = 0; r < count; ++r) lo[o * a.blocks + b + r] = runs[r].min, hi[o * a.blocks + b + r] = runs[r].max;
        }
        if (whole < a.blocks) {
          const k::MinMax m = kt.minmax(row + whole * a.block, a.dim - whole * a.block);
          lo[o * a.blocks + whole] = m.min, hi[o * a.blocks + whole] = m.max;
        }
      }
    });
  } else {
    // Blocks of rows: each block's columns at once.
    parallel_items(e, a.outer * a.blocks, a.block * a.inner, d::kMinMaxMinPerThread,
                   [&](std::size_t b0, std::size_t b1) {
                     for (std::size_t ob = b0; ob < b1; ++ob) {
                       const Axis::GroupShape s = a.group(ob * a.inner);
                       kt.minmax_columns(x + s.first, s.len, a.inner, a.inner, lo + ob * a.inner, hi + ob * a.inner);
                     }
                   });
  }
  for (std::size_t g = 0; g < a.groups; ++g) {
    if (lo[g] == 0.0f) lo[g] = 0.0f;
    if (hi[g] == 0.0f) hi[g] = 0.0f;
  }
  return QRANGE_OK;
}

qrange_status empty_group(const char* fn, const Axis& a, std::size_t g) {
  return fail(QRANGE_ERROR_EMPTY_INPUT, "%s: group %zu (of %zu values) has no finite value", fn, g,
              a.group(g).size());
}

// The thread's message of the failure just reported, naming group g.
qrange_status in_group(qrange_status s, std::size_t g) {
  const std::string message = qrange_last_error();
  return fail(s, "%s (group %zu)", message.c_str(), g);
}

template <class In>
qrange_status minmax_axis(const char* fn, const qrange_context* ctx, const k::elem_t<In>* x, const qrange_layout* layout,
                          qrange_range* ranges, std::size_t count) {
  if (x == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL", fn);
  if (ranges == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: ranges is NULL", fn);
  Axis a{};
  if (qrange_status s = d::check_layout(fn, layout, &a)) return s;
  if (qrange_status s = d::check_count(fn, a, count)) return s;
  d::Exec e{};
  if (qrange_status s = d::resolve_context(fn, ctx, &e)) return s;
  std::unique_ptr<float[]> lo(new (std::nothrow) float[a.groups]), hi(new (std::nothrow) float[a.groups]);
  if (!lo || !hi) return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %zu ranges", fn, a.groups);
  if (qrange_status s = minmax_groups<In>(fn, e, x, a, lo.get(), hi.get())) return s;
  for (std::size_t g = 0; g < a.groups; ++g)
    if (!(lo[g] <= hi[g])) return empty_group(fn, a, g);
  for (std::size_t g = 0; g < a.groups; ++g) ranges[g] = {lo[g], hi[g]};
  return QRANGE_OK;
}

// calibrate_values on group g, its values copied into scratch unless they
// are contiguous.
template <class In>
qrange_status calibrate_group(const char* fn, const d::Exec& e, const k::elem_t<In>* x, const Axis& a, std::size_t g,
                              const Calibration& c, std::vector<k::elem_t<In>>& scratch, qrange_params* out) {
  const Axis::GroupShape s = a.group(g);
  const k::elem_t<In>* values = x + s.first;
  if (!s.contiguous()) {
    scratch.resize(s.size());
    k::elem_t<In>* dst = scratch.data();
    for (std::size_t r = 0; r < s.count; ++r)
      for (std::size_t i = 0; i < s.len; ++i) *dst++ = x[s.first + r * s.step + i * s.stride];
    values = scratch.data();
  }
  return d::calibrate_values<In>(fn, e, values, s.size(), c, out, nullptr);
}

template <class In>
qrange_status calibrate_axis(const char* fn, const qrange_context* ctx, const k::elem_t<In>* x, const qrange_layout* layout,
                             const qrange_calibration* cal, qrange_params* params, std::size_t count, double* mse) {
  if (x == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: x is NULL", fn);
  if (params == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: params is NULL", fn);
  Axis a{};
  if (qrange_status s = d::check_layout(fn, layout, &a)) return s;
  if (qrange_status s = d::check_count(fn, a, count)) return s;
  Calibration c{};
  if (qrange_status s = d::check_calibration(fn, cal, false, &c)) return s;
  if (c.qmin < -32768 || c.qmax > 65535)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                "%s: the grid [%d, %d] is not within [-32768, 65535], the range of the axis quantizers' types", fn,
                c.qmin, c.qmax);
  d::Exec e{};
  if (qrange_status s = d::resolve_context(fn, ctx, &e)) return s;
  std::unique_ptr<qrange_params[]> out(new (std::nothrow) qrange_params[a.groups]);
  if (!out) return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %zu parameters", fn, a.groups);

  if (c.method == QRANGE_METHOD_MINMAX) {
    std::unique_ptr<float[]> lo(new (std::nothrow) float[a.groups]), hi(new (std::nothrow) float[a.groups]);
    if (!lo || !hi) return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate %zu ranges", fn, a.groups);
    if (qrange_status s = minmax_groups<In>(fn, e, x, a, lo.get(), hi.get())) return s;
    for (std::size_t g = 0; g < a.groups; ++g) {
      if (!(lo[g] <= hi[g])) return empty_group(fn, a, g);
      if (qrange_status s = d::choose_params(fn, {lo[g], hi[g]}, c.qmin, c.qmax, c.scheme, c.include_zero, &out[g]))
        return in_group(s, g);
    }
  } else if (a.groups < static_cast<std::size_t>(e.threads) && a.group(0).size() >= d::kChunk) {
    // A few large groups: one after the other, each on every task.
    std::vector<k::elem_t<In>> scratch;
    for (std::size_t g = 0; g < a.groups; ++g)
      if (qrange_status s = calibrate_group<In>(fn, e, x, a, g, c, scratch, &out[g])) return in_group(s, g);
  } else {
    // Each group on one task. A task's failure is found again on this thread
    // (the first failing group's, the same for any split), for its message.
    d::Exec serial = e;
    serial.threads = 1;
    const int tasks = d::tasks_for(e, a.n, d::kMinMaxMinPerThread);
    std::vector<std::size_t> failed(static_cast<std::size_t>(tasks), a.groups);
    auto body = [&](int t) {
      std::vector<k::elem_t<In>> scratch;
      const std::size_t g0 = d::first_chunk(a.groups, tasks, t), g1 = d::first_chunk(a.groups, tasks, t + 1);
      for (std::size_t g = g0; g < g1; ++g) {
        qrange_status s = QRANGE_OK;
        try {
          s = calibrate_group<In>(fn, serial, x, a, g, c, scratch, &out[g]);
        } catch (const std::bad_alloc&) {
          s = QRANGE_ERROR_OUT_OF_MEMORY;
        }
        if (s != QRANGE_OK) {
          failed[static_cast<std::size_t>(t)] = g;
          return;
        }
      }
    };
    d::run_tasks(e, tasks, body);
    const std::size_t g = *std::min_element(failed.begin(), failed.end());
    if (g < a.groups) {
      std::vector<k::elem_t<In>> scratch;
      qrange_params unused{};
      qrange_status s = QRANGE_ERROR_OUT_OF_MEMORY;
      try {
        s = calibrate_group<In>(fn, serial, x, a, g, c, scratch, &unused);
      } catch (const std::bad_alloc&) {
      }
      // Only an allocation can fail in a task and not here again: a group
      // that calibrates now failed for want of memory there.
      if (s == QRANGE_OK || s == QRANGE_ERROR_OUT_OF_MEMORY)
        return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: out of memory calibrating group %zu", fn, g);
      return in_group(s, g);
    }
  }
  double err = 0.0;
  if (mse != nullptr) {
    if (qrange_status s = d::mse_axis_pass<In>(fn, e, x, a, out.get(), &err)) return s;
  }
  std::copy(out.get(), out.get() + a.groups, params);
  if (mse != nullptr) *mse = err;
  return QRANGE_OK;
}

// qrange_calibrate_axis_f32 and its 16-bit namesakes: the searches allocate
// with new, and no exception may cross the C ABI.
template <class In>
qrange_status calibrate_axis_api(const char* kFn, const qrange_context* ctx, const k::elem_t<In>* x,
                                 const qrange_layout* layout, const qrange_calibration* c, qrange_params* params,
                                 std::size_t count, double* mse) {
  try {
    return calibrate_axis<In>(kFn, ctx, x, layout, c, params, count, mse);
  } catch (const std::bad_alloc&) {
    return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate the search's tables", kFn);
  }
}

}  // namespace

extern "C" {

qrange_status qrange_minmax_axis_f32(const qrange_context* ctx, const float* x, const qrange_layout* layout,
                                     qrange_range* ranges, size_t count) {
  return minmax_axis<k::F32>("qrange_minmax_axis_f32", ctx, x, layout, ranges, count);
}
qrange_status qrange_minmax_axis_f16(const qrange_context* ctx, const uint16_t* x, const qrange_layout* layout,
                                     qrange_range* ranges, size_t count) {
  return minmax_axis<k::F16>("qrange_minmax_axis_f16", ctx, x, layout, ranges, count);
}
qrange_status qrange_minmax_axis_bf16(const qrange_context* ctx, const uint16_t* x, const qrange_layout* layout,
                                      qrange_range* ranges, size_t count) {
  return minmax_axis<k::BF16>("qrange_minmax_axis_bf16", ctx, x, layout, ranges, count);
}

qrange_status qrange_calibrate_axis_f32(const qrange_context* ctx, const float* x, const qrange_layout* layout,
                                        const qrange_calibration* c, qrange_params* params, size_t count,
                                        double* mse) {
  return calibrate_axis_api<k::F32>("qrange_calibrate_axis_f32", ctx, x, layout, c, params, count, mse);
}
qrange_status qrange_calibrate_axis_f16(const qrange_context* ctx, const uint16_t* x, const qrange_layout* layout,
                                        const qrange_calibration* c, qrange_params* params, size_t count,
                                        double* mse) {
  return calibrate_axis_api<k::F16>("qrange_calibrate_axis_f16", ctx, x, layout, c, params, count, mse);
}
qrange_status qrange_calibrate_axis_bf16(const qrange_context* ctx, const uint16_t* x, const qrange_layout* layout,
                                         const qrange_calibration* c, qrange_params* params, size_t count,
                                         double* mse) {
  return calibrate_axis_api<k::BF16>("qrange_calibrate_axis_bf16", ctx, x, layout, c, params, count, mse);
}

}  // extern "C"
