// Opening a tensor file of either format.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "json_text.hpp"
#include "mapped_file.hpp"
#include "tensor.hpp"

namespace qrange::cli {

enum class Format { npy, safetensors };

struct InputFile {
  std::unique_ptr<MappedFile> file;  // the tensors point into it
  Format format;
  std::vector<Tensor> tensors;  // .npy: the one array; .safetensors: every tensor
  Json metadata;               // .safetensors' __metadata__
};

// The format is the file's: the .npy magic, else the extension. Throws Error.
InputFile open_input(const std::string& path);

// The format a path's extension names; throws Error naming the path otherwise.
Format format_of_name(const std::string& path);

// The float tensors of `in`; throws Error if there is none or one is empty.
std::vector<const Tensor*> float_tensors(const InputFile& in);

}  // namespace qrange::cli
