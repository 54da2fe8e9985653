// CSV as RFC 4180 writes it: records separated by line breaks (LF or CRLF),
// fields by commas, a field holding a comma, a quote or a line break quoted
// with double quotes, a quote inside a quoted field doubled. Read as a stream
// through a fixed buffer that grows only to the longest record, so a file of
// any size is read in bounded memory.
#ifndef REENTRY_TOOLS_CLI_CSV_H_
#define REENTRY_TOOLS_CLI_CSV_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace reentry::cli {

class CsvReader {
 public:
  // Reads `file` (not owned); `name` names it in errors ("caseload.csv").
  CsvReader(std::FILE* file, std::string name);

  // Reads the next record: true, or false at the end of the input. A UTF-8
  // byte order mark before the first record is skipped, and so are empty
  // lines. INVALID_ARGUMENT "<name>:<line>: ..." for a quote inside an
  // unquoted field, text after a closing quote, or a quoted field still open
  // at the end of the input; DATA_LOSS for a read error.
  absl::StatusOr<bool> Next();

  // The fields of the current record, unquoted; valid until the next Next().
  const std::vector<absl::string_view>& fields() const { return fields_; }
  // The line (1-based) on which the current record begins.
  int64_t line() const { return line_; }
  // The line on which field `index` of the current record begins (a quoted
  // field may span lines).
  int64_t FieldLine(size_t index) const;
  // Bytes consumed so far, for progress.
  int64_t bytes_read() const { return consumed_; }
  const std::string& name() const { return name_; }

 private:
  // Moves the unread bytes to the front and reads more; false at the end.
  bool Fill();
  absl::Status Split(size_t begin, size_t end);

  std::FILE* file_;
  std::string name_;
  std::vector<char> buffer_;
  size_t begin_ = 0;  // first unread byte
  size_t end_ = 0;    // end of the bytes read
  bool eof_ = false;
  bool read_error_ = false;
  bool first_ = true;
  int64_t line_ = 0;       // line of the current record
  int64_t next_line_ = 1;  // line of the next record
  int64_t consumed_ = 0;
  std::vector<absl::string_view> fields_;
};

// Appends `field` to `out` as one CSV field: quoted when it holds a comma, a
// quote, CR or LF (quotes doubled), as is otherwise.
void AppendCsvField(absl::string_view field, std::string* out);

}  // namespace reentry::cli

#endif  // REENTRY_TOOLS_CLI_CSV_H_
