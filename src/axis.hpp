// Per-axis and blocked layouts (qrange_layout) below the API boundary: the
// tensor as segments, contiguous pieces whose elements take their
// parameters by one rule, base + (phase + i) / run, so that every kernel
// sees a plain array and a run length.
#pragma once

#include <qrange/qrange.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "context.hpp"
#include "kernels/kernel_table.hpp"
#include "parallel.hpp"

namespace qrange::detail {

struct Axis {
  std::size_t n;                          // elements
  std::size_t outer, dim, inner, block;   // block 0: per axis
  std::size_t blocks;                     // along the axis: ceil(dim / block), 1 per axis
  std::size_t groups;                     // parameter sets
  std::size_t seg_len, segments;          // seg_len * segments == n

  // Segment s: its elements i use parameters base + i / run.
  std::size_t segment_base(std::size_t s) const;
  std::size_t segment_run() const;

  // The elements of group g: `count` runs of `len` elements, run r at
  // first + r * step, each run's elements `stride` apart.
  struct GroupShape {
    std::size_t first, count, step, len, stride;
    std::size_t size() const { return count * len; }
    bool contiguous() const { return stride == 1 && (count == 1 || step == len); }
  };
  GroupShape group(std::size_t g) const;
};

// Checks a layout (every rule of qrange_layout_counts) into *out.
qrange_status check_layout(const char* caller, const qrange_layout* layout, Axis* out);

// Checks that count is the layout's number of groups.
qrange_status check_count(const char* caller, const Axis& a, std::size_t count);

// A piece of a segment: elements [begin, begin + len) of the tensor, whose
// element i uses p (already offset) at (phase + i) / run.
struct Piece {
  std::size_t begin, len;
  kernels::AxisParams p;
  std::size_t run, phase;
};

// The sets of one segment as arrays, for the kernels' run-1 loads: converted
// when a piece of another segment comes (per axis along the last axis, one
// segment's sets serve every row; blocked rows share them for a block).
class LaneArrays {
 public:
  // Room for one segment's sets (none when the layout has no run-1
  // segments); false when memory runs out.
  bool allocate(const Axis& a);
  // The arrays of sets[0 .. len), converted unless they already are.
  void load(const qrange_params* sets, std::size_t len);
  kernels::AxisParams at(const qrange_params* sets, std::size_t offset) const {
    return {sets + offset, scale_.get() + offset, zero_point_.get() + offset, qmin_.get() + offset,
            qmax_.get() + offset};
  }

 private:
  const qrange_params* loaded_ = nullptr;
  std::unique_ptr<float[]> scale_;
  std::unique_ptr<std::int32_t[]> zero_point_, qmin_, qmax_;
};

// One LaneArrays per task, allocated before any work starts so that running
// out of memory cannot leave an output half written.
qrange_status allocate_lanes(const char* caller, const Exec& e, const Axis& a, std::vector<LaneArrays>* out);

// visit(piece) for the pieces of the segments that cover [begin, end), in
// order.
template <class Visit>
void for_pieces(const Axis& a, const qrange_params* sets, LaneArrays& lanes, std::size_t begin, std::size_t end,
                Visit visit) {
  const std::size_t run = a.segment_run();
  while (begin < end) {
    const std::size_t s = begin / a.seg_len, off = begin - s * a.seg_len;
    const std::size_t len = (a.seg_len - off < end - begin) ? a.seg_len - off : end - begin;
    const qrange_params* first = sets + a.segment_base(s);
    kernels::AxisParams p{first + off / run, nullptr, nullptr, nullptr, nullptr};
    if (run == 1) {
      lanes.load(first, a.seg_len);
      p = lanes.at(first, off);
    }
    visit(Piece{begin, len, p, run, off % run});
    begin += len;
  }
}

// body(lanes[t], begin, length) on the chunks of [0, n), one contiguous run
// of chunks per task t, as parallel_for splits them.
template <class Body>
void parallel_pieces(const Exec& e, std::vector<LaneArrays>& lanes, std::size_t n, std::size_t chunk,
                     std::size_t min_per_task, Body body) {
  const std::size_t chunks = chunk_count(n, chunk);
  const int tasks = chunks > 1 ? tasks_for(e, n, min_per_task) : 1;
  if (tasks <= 1) {
    if (n > 0) body(lanes[0], 0, n);
    return;
  }
  auto task = [&](int t) {
    const std::size_t begin = first_chunk(chunks, tasks, t) * chunk;
    const std::size_t end = first_chunk(chunks, tasks, t + 1) * chunk;
    body(lanes[static_cast<std::size_t>(t)], begin, (end < n ? end : n) - begin);
  };
  run_tasks(e, tasks, task);
}

// qrange_quantization_mse_axis_f32 with everything checked.
// In: kernels::F32, F16 or BF16.
template <class In>
qrange_status mse_axis_pass(const char* caller, const Exec& e, const kernels::elem_t<In>* x, const Axis& a,
                            const qrange_params* sets, double* mse);

}  // namespace qrange::detail
