// A read-only memory map of a whole input file: tensors of any size are read
// in place, and the kernel pages them in as the computation streams through.
#pragma once

#include <cstddef>
#include <string>

namespace qrange::cli {

class MappedFile {
 public:
  // Throws Error naming the path: missing, unreadable, a directory, empty.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::string& path() const { return path_; }
  const unsigned char* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  std::string path_;
  const unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace qrange::cli
