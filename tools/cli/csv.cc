#include "cli/csv.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace reentry::cli {
namespace {

constexpr size_t kInitialBuffer = 1 << 20;

}  // namespace

CsvReader::CsvReader(std::FILE* file, std::string name)
    : file_(file), name_(std::move(name)), buffer_(kInitialBuffer) {}

bool CsvReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  // A record longer than the buffer: grow to hold it.
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  const size_t n = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
  end_ += n;
  if (n == 0) {
    eof_ = true;
    read_error_ = std::ferror(file_) != 0;
  }
  if (first_ && (end_ >= 3 || eof_)) {
    first_ = false;
    if (end_ >= 3 && std::memcmp(buffer_.data(), "\xEF\xBB\xBF", 3) == 0) {
      begin_ = 3;
      consumed_ += 3;
    }
  }
  return n > 0;
}

absl::StatusOr<bool> CsvReader::Next() {
  fields_.clear();
  for (;;) {
    // Find where the record that starts at begin_ ends: the first line break
    // outside quotes.
    size_t i = begin_;
    bool quoted = false;
    int64_t newlines = 0;
    size_t record_end = 0;
    size_t next = 0;
    for (;;) {
      if (i >= end_ || (quoted && buffer_[i] == '"' && i + 1 == end_ && !eof_)) {
        if (!eof_ || first_) {
          const size_t offset = i - begin_;
          Fill();
          i = begin_ + offset;
          continue;
        }
        if (read_error_) return absl::DataLossError(absl::StrCat(name_, ": read error"));
        if (i >= end_) {
          if (quoted) {
            return absl::InvalidArgumentError(absl::StrCat(
                name_, ":", next_line_, ": a quoted field is still open at the end of the file"));
          }
          if (begin_ == end_) return false;
          record_end = next = end_;
          break;
        }
      }
      if (quoted) {
        const char c = buffer_[i];
        if (c == '"') {
          if (i + 1 < end_ && buffer_[i + 1] == '"') {
            i += 2;
          } else {
            quoted = false;
            ++i;
          }
          continue;
        }
        if (c == '\n') ++newlines;
        ++i;
        continue;
      }
      const char* data = buffer_.data();
      while (i < end_ && data[i] != '\n' && data[i] != '"') ++i;
      if (i >= end_) continue;
      if (data[i] == '"') {
        // A quote opens a quoted field only where a field begins; elsewhere
        // Split reports it.
        quoted = i == begin_ || data[i - 1] == ',';
        ++i;
        continue;
      }
      record_end = i;
      next = i + 1;
      break;
    }
    size_t stop = record_end;
    if (stop > begin_ && buffer_[stop - 1] == '\r') --stop;
    const size_t start = begin_;
    line_ = next_line_;
    next_line_ += 1 + newlines;
    consumed_ += static_cast<int64_t>(next - begin_);
    begin_ = next;
    if (stop == start) continue;  // an empty line
    if (auto s = Split(start, stop); !s.ok()) return s;
    return true;
  }
}

absl::Status CsvReader::Split(size_t begin, size_t end) {
  char* data = buffer_.data();
  size_t i = begin;
  for (;;) {
    const size_t field = fields_.size() + 1;
    if (i < end && data[i] == '"') {
      // Unquote in place: the text only shrinks.
      size_t w = i;
      size_t r = i + 1;
      for (;;) {
        if (r >= end) {
          return absl::InvalidArgumentError(absl::StrCat(name_, ":", line_, ": field ", field,
                                                         ": the quoted field is not closed"));
        }
        if (data[r] == '"') {
          if (r + 1 < end && data[r + 1] == '"') {
            data[w++] = '"';
            r += 2;
            continue;
          }
          ++r;
          break;
        }
        data[w++] = data[r++];
      }
      fields_.emplace_back(data + i, w - i);
      if (r == end) return absl::OkStatus();
      if (data[r] != ',') {
        return absl::InvalidArgumentError(absl::StrCat(
            name_, ":", line_, ": field ", field,
            ": text after the closing quote (a quote inside a quoted field is doubled: \"\")"));
      }
      i = r + 1;
      continue;
    }
    size_t j = i;
    while (j < end && data[j] != ',' && data[j] != '"') ++j;
    if (j < end && data[j] == '"') {
      return absl::InvalidArgumentError(absl::StrCat(
          name_, ":", line_, ": field ", field,
          ": a quote inside an unquoted field (quote the whole field and double the quote)"));
    }
    fields_.emplace_back(data + i, j - i);
    if (j == end) return absl::OkStatus();
    i = j + 1;
  }
}

int64_t CsvReader::FieldLine(size_t index) const {
  int64_t line = line_;
  for (size_t k = 0; k < index && k < fields_.size(); ++k) {
    line += std::count(fields_[k].begin(), fields_[k].end(), '\n');
  }
  return line;
}

void AppendCsvField(absl::string_view field, std::string* out) {
  bool plain = true;
  for (const char c : field) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out->append(field.data(), field.size());
    return;
  }
  out->push_back('"');
  for (const char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace reentry::cli
