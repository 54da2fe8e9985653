// An output file written beside its final name and renamed there on
// success (POSIX), so a failed run of a command leaves nothing partial behind.
#ifndef REENTRY_TOOLS_CLI_ATOMIC_FILE_H_
#define REENTRY_TOOLS_CLI_ATOMIC_FILE_H_

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace reentry::cli {

class AtomicFile {
 public:
  ~AtomicFile() { Discard(); }

  absl::Status Open(const std::string& path) {
    path_ = path;
    temporary_ = absl::StrCat(path, ".partial-XXXXXX");
    const int fd = mkstemp(temporary_.data());
    if (fd < 0) {
      return absl::NotFoundError(absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
    }
    const mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    file_ = fdopen(fd, "wb");
    if (file_ == nullptr) {
      close(fd);
      return absl::InternalError(absl::StrCat("cannot write ", path));
    }
    return absl::OkStatus();
  }

  std::FILE* get() const { return file_; }

  absl::Status Commit() {
    const bool failed = std::fflush(file_) != 0 || std::ferror(file_) != 0;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (failed || !closed || std::rename(temporary_.c_str(), path_.c_str()) != 0) {
      const std::string why = std::strerror(errno);
      std::remove(temporary_.c_str());
      temporary_.clear();
      return absl::DataLossError(absl::StrCat("cannot write ", path_, ": ", why));
    }
    temporary_.clear();
    return absl::OkStatus();
  }

  void Discard() {
    if (file_ != nullptr) std::fclose(file_);
    file_ = nullptr;
    if (!temporary_.empty()) std::remove(temporary_.c_str());
    temporary_.clear();
  }

 private:
  std::string path_;
  std::string temporary_;
  std::FILE* file_ = nullptr;
};

}  // namespace reentry::cli

#endif  // REENTRY_TOOLS_CLI_ATOMIC_FILE_H_
