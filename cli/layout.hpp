// A tensor's per-channel or blocked layout as the command's options give it
// (AxisOptions): the qrange::axis_view the library takes, checked against
// the tensor's shape, and the shape ONNX gives its parameter tensors.
#pragma once

#include <qrange/qrange.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "commands.hpp"
#include "tensor.hpp"

namespace qrange::cli {

// The layout of `a` over t's shape. Throws Error naming the file, the tensor,
// its shape and the layout with the library's reason when the library
// refuses it: an axis outside [-rank, rank), a block larger than the axis'
// dimension, a tensor of rank 0.
qrange::axis_view axis_view_of(const std::string& path, const Tensor& t, const AxisOptions& a);

// "per channel along axis 0", "blocks of 32 along axis -1"
std::string layout_label(const AxisOptions& a);

// v's axis in [0, rank).
std::size_t resolved_axis(const qrange::axis_view& v);

// The shape of ONNX's scale and zero-point tensors, whose row-major order is
// the library's order of groups: [D] per channel; per block, the tensor's
// shape with D replaced by ceil(D / B).
std::vector<std::uint64_t> params_shape(const qrange::axis_view& v);

}  // namespace qrange::cli
