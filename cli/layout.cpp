#include "layout.hpp"

#include "error.hpp"

namespace qrange::cli {

qrange::axis_view axis_view_of(const std::string& path, const Tensor& t, const AxisOptions& a) {
  qrange::axis_view v(std::vector<std::size_t>(t.shape.begin(), t.shape.end()), a.axis_or_default(), a.block_size);
  try {
    v.groups();
  } catch (const qrange::error& e) {
    throw file_error(path, "tensor '" + t.name + "' of shape " + shape_string(t.shape) + ", " + layout_label(a) +
                               ": " + e.what());
  }
  return v;
}

std::string layout_label(const AxisOptions& a) {
  const std::string along = "along axis " + std::to_string(a.axis_or_default());
  return a.block_size != 0 ? "blocks of " + std::to_string(a.block_size) + " " + along : "per channel " + along;
}

std::size_t resolved_axis(const qrange::axis_view& v) {
  const auto rank = static_cast<std::int64_t>(v.shape().size());
  return static_cast<std::size_t>(v.axis() < 0 ? v.axis() + rank : v.axis());
}

std::vector<std::uint64_t> params_shape(const qrange::axis_view& v) {
  const std::size_t axis = resolved_axis(v);
  const std::size_t d = v.shape()[axis], b = v.block_size();
  if (b == 0) return {d};
  std::vector<std::uint64_t> shape(v.shape().begin(), v.shape().end());
  shape[axis] = (d + b - 1) / b;
  return shape;
}

}  // namespace qrange::cli
