#include "atomic_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "error.hpp"

namespace qrange::cli {

namespace {

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash + 1);
}

std::string file_name_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Temporaries still open, so that Ctrl-C does not leave them behind. A fixed
// array of C strings: the signal handler may only read it.
constexpr int kMaxTemps = 8;
char* g_temps[kMaxTemps] = {};

void remove_temps_and_die(int sig) {
  for (char* t : g_temps)
    if (t) ::unlink(t);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void track(char* name) {
  static bool installed = false;
  if (!installed) {
    std::signal(SIGINT, remove_temps_and_die);
    std::signal(SIGTERM, remove_temps_and_die);
    installed = true;
  }
  for (char*& t : g_temps)
    if (!t) {
      t = name;
      return;
    }
}

void untrack(const char* name) {
  for (char*& t : g_temps)
    if (t == name) t = nullptr;
}

}  // namespace

void check_can_write(const std::string& path, bool force) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;
  if (S_ISDIR(st.st_mode)) throw file_error(path, "is a directory");
  if (!force) throw file_error(path, "already exists (use --force to overwrite it)");
}

AtomicOutput::AtomicOutput(const std::string& path, bool force) : path_(path), force_(force) {
  check_can_write(path, force);
  std::string templ = directory_of(path) + "." + file_name_of(path) + ".qrange-XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  fd_ = ::mkstemp(buf.data());
  if (fd_ < 0) throw file_error(path, std::string("cannot create a temporary file: ") + std::strerror(errno));
  temp_ = buf.data();
  track(&temp_[0]);
  // mkstemp creates the file 0600; a finished output gets the usual mode.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd_, 0666 & ~mask);
}

AtomicOutput::~AtomicOutput() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) {
    ::unlink(temp_.c_str());
    untrack(temp_.c_str());
  }
}

void AtomicOutput::write(const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t w = ::write(fd_, p, size);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) throw file_error(path_, std::string("cannot write: ") + std::strerror(errno));
    p += w;
    size -= static_cast<std::size_t>(w);
  }
}

void AtomicOutput::commit() {
  if (::fsync(fd_) != 0) throw file_error(path_, std::string("cannot write: ") + std::strerror(errno));
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw file_error(path_, std::string("cannot write: ") + std::strerror(errno));
  }
  fd_ = -1;
  // The destination may have appeared while we worked.
  check_can_write(path_, force_);
  if (::rename(temp_.c_str(), path_.c_str()) != 0)
    throw file_error(path_, std::string("cannot rename the finished output into place: ") + std::strerror(errno));
  untrack(temp_.c_str());
  temp_.clear();
}

}  // namespace qrange::cli
