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

// Parameters as the kernels take them, one array per field.
class AxisParamArrays {
 public:
  // Copies params[0 .. count); false when memory runs out.
  bool assign(const qrange_params* params, std::size_t count);
  kernels::AxisParams at(std::size_t index) const {
    return {scale_.get() + index, zero_point_.get() + index, qmin_.get() + index, qmax_.get() + index};
  }

 private:
  std::unique_ptr<float[]> scale_;
  std::unique_ptr<std::int32_t[]> zero_point_, qmin_, qmax_;
};

// visit(piece) for the pieces of the segments that cover [begin, end), in
// order.
template <class Visit>
void for_pieces(const Axis& a, const AxisParamArrays& params, std::size_t begin, std::size_t end, Visit visit) {
  const std::size_t run = a.segment_run();
  while (begin < end) {
    const std::size_t s = begin / a.seg_len, off = begin - s * a.seg_len;
    const std::size_t len = (a.seg_len - off < end - begin) ? a.seg_len - off : end - begin;
    visit(Piece{begin, len, params.at(a.segment_base(s) + off / run), run, off % run});
    begin += len;
  }
}

// qrange_quantization_mse_axis_f32 with everything checked.
qrange_status mse_axis_pass(const char* caller, const Exec& e, const float* x, const Axis& a,
                            const AxisParamArrays& arrays, double* mse);

}  // namespace qrange::detail
