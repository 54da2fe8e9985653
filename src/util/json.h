// Small JSON pieces for the hot serialized path: appending strings and numbers
// exactly as protobuf's proto3 JSON printer writes them, and reading tokens.
// Everything else about JSON goes through protobuf (google/protobuf/util).
#ifndef REENTRY_SRC_UTIL_JSON_H_
#define REENTRY_SRC_UTIL_JSON_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace reentry::internal {

// Appends `value` as a JSON string, escaped as protobuf escapes: quote,
// backslash, control characters, '<', '>', DEL, U+2028 and U+2029.
void AppendJsonString(std::string* out, absl::string_view value);

// Appends a double as protobuf prints it: the shortest of 15 or 17
// significant digits that reads back exactly; "NaN", "Infinity" and
// "-Infinity" quoted.
void AppendJsonDouble(std::string* out, double value);

void AppendJsonInt(std::string* out, int64_t value);

// Appends `message` in proto3 JSON as the library prints every response:
// lowerCamelCase names, every singular scalar and every repeated field
// printed (defaults included), singular messages, oneof members and proto3
// `optional` fields only when set, enums by name, 64-bit integers as strings,
// bytes in base64, fields in number order. It transcodes the message's binary
// form against a table per type built once from the descriptor, many times
// faster than protobuf 3.21's JSON printer (which goes through a type
// resolver); what the transcoder does not take (maps, unknown fields) goes
// to protobuf's printer. Parsed back by protobuf it gives the same message
// (tests/util/json_test.cc checks every request and response type).
void AppendMessageJson(const google::protobuf::Message& message, std::string* out);

// The transcoder alone: false (appending nothing) for what it leaves to protobuf.
bool TranscodeMessageJson(const google::protobuf::Message& message, std::string* out);

// Reads proto3 JSON into `message` (which must be empty) by reflection, for
// the shapes requests nearly always have: objects, arrays, strings (UTF-8,
// every escape), numbers, booleans, enums by name or number, both the
// lowerCamelCase and the original field names. It returns false, having
// read nothing that counts, for anything else or anything wrong (null,
// maps, well-known types, an unknown or repeated key, a number out of
// range...): the caller then parses with protobuf, which accepts all of
// proto3 JSON and words every error. Both give the same message
// (tests/util/json_test.cc).
bool ParseMessageJsonFast(absl::string_view json, google::protobuf::Message* message);

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
  // Any JSON string: every escape (\u with surrogate pairs) decoded, UTF-8
  // passed through and checked; false when malformed or not valid UTF-8.
  bool ReadAnyString(std::string* out);
  // The next character after whitespace, without consuming it ('\0' at the end).
  char Peek();
  // A JSON number token, as text (not converted).
  bool ReadNumberToken(absl::string_view* token);
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
