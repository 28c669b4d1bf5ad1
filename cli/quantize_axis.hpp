// `qrange quantize` with --per-channel, --axis or --block-size.
#pragma once

#include "commands.hpp"
#include "input.hpp"

namespace qrange::cli {

// Every float tensor of the .safetensors input `in` quantized with one set of
// parameters per channel or per block, written to o.out with its scale and
// zero-point tensors beside it (README.md, "The qrange command"). Throws
// Error / qrange::error; writes nothing then.
void quantize_safetensors_per_axis(const InputFile& in, const QuantizeOptions& o);

}  // namespace qrange::cli
