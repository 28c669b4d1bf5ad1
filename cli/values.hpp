// The library's calls on a tensor's Values (tensor.hpp) in their stored type.
#pragma once

#include <qrange/qrange.hpp>

#include "tensor.hpp"

namespace qrange::cli {

// f(x) with x the values as a const float*, const qrange::float16* or const
// qrange::bfloat16*. The library's C++ functions overload on these, so each
// call in f reads the stored type (qrange_minmax_f16 for float16, ...) and
// gives the bits of its float32 namesake on the widened values, without a
// float32 copy of the tensor.
template <class F>
decltype(auto) with_values(const Values& v, F&& f) {
  switch (v.dtype) {
    case DType::f16: return f(static_cast<const qrange::float16*>(v.data));
    case DType::bf16: return f(static_cast<const qrange::bfloat16*>(v.data));
    default: return f(static_cast<const float*>(v.data));
  }
}

}  // namespace qrange::cli
