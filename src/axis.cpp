// qrange_layout: checking it, and the segments and groups it defines.
#include "axis.hpp"

#include <cstdint>
#include <cstring>
#include <new>

#include "error.hpp"

namespace qrange::detail {

std::size_t Axis::segment_base(std::size_t s) const {
  if (block == 0) return 0;                        // per axis: one slab or row, parameters from 0
  if (inner == 1) return seg_len == n ? 0 : s * blocks;  // blocked rows, or all of them when blocks tile rows
  const std::size_t o = s / dim, d = s % dim;      // blocked, inner rows: parameters per element
  return (o * blocks + d / block) * inner;
}

std::size_t Axis::segment_run() const {
  if (block == 0) return inner;  // per axis: a slab of dim * inner, parameter d for inner elements
  return inner == 1 ? block : 1;
}

Axis::GroupShape Axis::group(std::size_t g) const {
  if (block == 0) return {g * inner, outer, dim * inner, inner, 1};
  const std::size_t i = g % inner, ob = g / inner, o = ob / blocks, b = ob % blocks;
  const std::size_t d0 = b * block, len = (dim - d0 < block) ? dim - d0 : block;
  return {(o * dim + d0) * inner + i, 1, 0, len, inner};
}

qrange_status check_layout(const char* caller, const qrange_layout* layout, Axis* out) {
  if (layout == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: layout is NULL", caller);
  if (layout->struct_size != sizeof(qrange_layout))
    return fail(QRANGE_ERROR_INVALID_ARGUMENT,
                "%s: layout->struct_size = %zu, expected sizeof(qrange_layout) = %zu "
                "(initialize with QRANGE_LAYOUT_INIT)",
                caller, layout->struct_size, sizeof(qrange_layout));
  const std::size_t rank = layout->rank;
  if (rank < 1 || rank > QRANGE_MAX_RANK)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: layout->rank = %zu is outside [1, %d]", caller, rank,
                QRANGE_MAX_RANK);
  if (layout->shape == nullptr) return fail(QRANGE_ERROR_NULL_POINTER, "%s: layout->shape is NULL", caller);
  const std::int64_t r = static_cast<std::int64_t>(rank);
  if (layout->axis < -r || layout->axis >= r)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: layout->axis = %lld is outside [-%zu, %zu)", caller,
                static_cast<long long>(layout->axis), rank, rank);
  const std::size_t axis = static_cast<std::size_t>(layout->axis < 0 ? layout->axis + r : layout->axis);
  constexpr std::size_t kMaxElements = SIZE_MAX / sizeof(float);
  Axis a{};
  a.n = a.outer = a.inner = 1;
  for (std::size_t k = 0; k < rank; ++k) {
    const std::size_t d = layout->shape[k];
    if (d == 0) return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: layout->shape[%zu] is 0", caller, k);
    if (d > kMaxElements / a.n)
      return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: the shape's product overflows (at dimension %zu)", caller, k);
    a.n *= d;
    if (k < axis) a.outer *= d;
    if (k > axis) a.inner *= d;
  }
  a.dim = layout->shape[axis];
  a.block = layout->block_size;
  if (a.block > a.dim)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: layout->block_size = %zu exceeds the axis' dimension %zu",
                caller, a.block, a.dim);
  if (a.block == 0) {
    a.blocks = 1;
    a.groups = a.dim;
    a.seg_len = a.dim * a.inner;
  } else {
    a.blocks = a.dim / a.block + (a.dim % a.block != 0);
    a.groups = a.outer * a.blocks * a.inner;
    // Blocks that tile every row continue from row to row: one segment.
    a.seg_len = a.inner > 1 ? a.inner : (a.dim % a.block == 0 ? a.n : a.dim);
  }
  a.segments = a.n / a.seg_len;
  *out = a;
  return QRANGE_OK;
}

qrange_status check_count(const char* caller, const Axis& a, std::size_t count) {
  if (count != a.groups)
    return fail(QRANGE_ERROR_INVALID_ARGUMENT, "%s: count = %zu, but the layout has %zu groups", caller, count,
                a.groups);
  return QRANGE_OK;
}

bool LaneArrays::allocate(const Axis& a) {
  if (a.segment_run() != 1) return true;
  scale_.reset(new (std::nothrow) float[a.seg_len]);
  zero_point_.reset(new (std::nothrow) std::int32_t[a.seg_len]);
  qmin_.reset(new (std::nothrow) std::int32_t[a.seg_len]);
  qmax_.reset(new (std::nothrow) std::int32_t[a.seg_len]);
  return scale_ && zero_point_ && qmin_ && qmax_;
}

void LaneArrays::load(const qrange_params* sets, std::size_t len) {
  if (sets == loaded_) return;
  for (std::size_t g = 0; g < len; ++g) {
    scale_[g] = sets[g].scale;
    zero_point_[g] = sets[g].zero_point;
    qmin_[g] = sets[g].qmin;
    qmax_[g] = sets[g].qmax;
  }
  loaded_ = sets;
}

qrange_status allocate_lanes(const char* caller, const Exec& e, const Axis& a, std::vector<LaneArrays>* out) {
  try {
    out->resize(static_cast<std::size_t>(e.threads));
  } catch (const std::bad_alloc&) {
    return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate the tasks' parameter arrays", caller);
  }
  for (LaneArrays& l : *out)
    if (!l.allocate(a))
      return fail(QRANGE_ERROR_OUT_OF_MEMORY, "%s: cannot allocate parameter arrays of %zu sets per task", caller,
                  a.seg_len);
  return QRANGE_OK;
}

}  // namespace qrange::detail

extern "C" qrange_status qrange_layout_counts(const qrange_layout* layout, size_t* elements, size_t* groups) {
  qrange::detail::Axis a{};
  if (qrange_status s = qrange::detail::check_layout("qrange_layout_counts", layout, &a)) return s;
  if (elements != nullptr) *elements = a.n;
  if (groups != nullptr) *groups = a.groups;
  return QRANGE_OK;
}
