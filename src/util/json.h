// Small JSON pieces for the hot serialized path: appending strings and numbers
// exactly as protobuf's proto3 JSON printer writes them, and reading tokens.
// Everything else about JSON goes through protobuf (google/protobuf/util).
#ifndef REENTRY_SRC_UTIL_JSON_H_
#define REENTRY_SRC_UTIL_JSON_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace reentry::internal {

// Appends `value` as a JSON string, escaped as protobuf escapes: quote,
// backslash, control characters, '<', '>', DEL, U+2028 and U+2029.
void AppendJsonString(std::string* out, absl::string_view value);

// Appends a double as protobuf prints it: the shortest of 15 or 17
// significant digits that reads back exactly; "NaN", "Infinity" and
// "-Infinity" quoted.
void AppendJsonDouble(std::string* out, double value);

void AppendJsonInt(std::string* out, int64_t value);

// A forward-only reader over JSON text for parsers of known shapes. Any
// surprise (an escape it does not decode, a value of an unexpected kind) makes
// it report failure, and the caller falls back to protobuf's parser, which
// accepts everything proto3 JSON allows and words every error.
class JsonReader {
 public:
  explicit JsonReader(absl::string_view text) : text_(text) {}

  // Consumes `c` after whitespace; false (consuming nothing) if absent.
  bool Consume(char c);
  // True when only whitespace remains.
  bool AtEnd();
  // An ASCII string without escapes other than \" \\ \/ \b \f \n \r \t;
  // false otherwise (\u escapes and UTF-8 are left to protobuf).
  bool ReadString(std::string* out);
  // An object key: an ASCII string without escapes, as a view into the text;
  // false otherwise.
  bool ReadKey(absl::string_view* key);
  // A JSON number token, converted with the correctly rounded strtod.
  bool ReadNumber(double* out);
  bool ReadBool(bool* out);

 private:
  void SkipSpace();
  absl::string_view text_;
  size_t pos_ = 0;
};

}  // namespace reentry::internal

#endif  // REENTRY_SRC_UTIL_JSON_H_
