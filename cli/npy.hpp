// NumPy's .npy format, versions 1.0 to 3.0: one array, a Python-literal
// header, then the raw data in C or Fortran order.
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
#pragma once

#include <string>

#include "mapped_file.hpp"
#include "tensor.hpp"

namespace qrange::cli {

// The array of a mapped .npy file, checked against the file: float16/32/64 of
// either byte order, C order, non-empty, data exactly as long as the shape
// says. Throws Error naming the file and the problem.
Tensor read_npy(const MappedFile& file);

// The complete header (magic to padding) of a version 1.0 file holding a
// C-order array of `dtype` (uint8, int8, uint16 or int16) in this
// host's byte order; the data follows 64-byte aligned, as numpy writes it.
std::string npy_header(DType dtype, const std::vector<std::uint64_t>& shape);

}  // namespace qrange::cli
