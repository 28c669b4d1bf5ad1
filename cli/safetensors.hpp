// The safetensors format: an 8-byte little-endian header length, a JSON
// header naming each tensor's dtype, shape and byte range, then the data.
// https://github.com/huggingface/safetensors#format
#pragma once

#include <string>
#include <vector>

#include "atomic_output.hpp"
#include "json_text.hpp"
#include "tensor.hpp"

namespace qrange::cli {

struct Safetensors {
  std::vector<Tensor> tensors;  // every tensor, in data order
  Json metadata;               // the "__metadata__" object, or an empty object
};

// Every tensor of the file `path` whose bytes are data[0..size), checked
// against them: the header fits, is valid JSON, and each tensor's byte range
// lies in the data and matches its dtype and shape. The tensors point into
// `data`. Throws Error naming the file (and tensor) and the problem.
Safetensors read_safetensors(const std::string& path, const unsigned char* data, std::size_t size);

struct OutputTensor {
  std::string name;
  std::string dtype;  // safetensors' spelling: "U8", "F32", ...
  std::vector<std::uint64_t> shape;
  std::size_t bytes;
};

// The length and JSON header of a file holding `tensors` in this order, whose
// data the caller then writes, tensor after tensor. Metadata values must be
// strings (the format says so).
void write_safetensors_header(AtomicOutput& out, const std::vector<OutputTensor>& tensors,
                              const Json& metadata);

// safetensors' dtype name of our integer and float types ("U8", "I16", ...).
const char* safetensors_dtype(DType d);

}  // namespace qrange::cli
