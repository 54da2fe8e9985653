// An ordered JSON value for writing FHIR resources: objects keep their keys
// in insertion order, so the same resource always gives the same bytes.
// Strings are escaped as protobuf escapes (util/json.h). FHIR allows no empty
// strings, objects or arrays, so Write leaves out every member and item that
// is blank: an empty string, or an object or array with nothing else in it.
#ifndef REENTRY_SRC_FHIR_JSON_VALUE_H_
#define REENTRY_SRC_FHIR_JSON_VALUE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace reentry::fhir_internal {

class JsonValue {
 public:
  static JsonValue Object() { return JsonValue(Kind::kObject); }
  static JsonValue Array() { return JsonValue(Kind::kArray); }
  static JsonValue String(absl::string_view text);
  static JsonValue Number(double value);
  static JsonValue Int(int64_t value);
  static JsonValue Bool(bool value);

  // Objects: appends `key` (keys are set once each). Returns *this.
  JsonValue& Set(absl::string_view key, JsonValue value);
  JsonValue& Set(absl::string_view key, absl::string_view text) { return Set(key, String(text)); }
  JsonValue& Set(absl::string_view key, const char* text) { return Set(key, String(text)); }
  // Objects: sets `key` to `text` only when `text` is not empty.
  JsonValue& SetIfNotEmpty(absl::string_view key, absl::string_view text);
  // Arrays: appends `value`. Returns *this.
  JsonValue& Add(JsonValue value);

  // An empty object or array.
  bool empty() const { return members_.empty() && items_.empty(); }
  // What Write leaves out: an empty string, or an object or array whose
  // members or items are all blank.
  bool Blank() const;

  void Write(std::string* out) const;
  std::string ToString() const {
    std::string out;
    Write(&out);
    return out;
  }

 private:
  enum class Kind { kObject, kArray, kString, kNumber, kInt, kBool };
  explicit JsonValue(Kind kind) : kind_(kind) {}

  Kind kind_;
  std::string text_;  // a string's text, or a number's digits
  std::vector<std::pair<std::string, JsonValue>> members_;
  std::vector<JsonValue> items_;
};

}  // namespace reentry::fhir_internal

#endif  // REENTRY_SRC_FHIR_JSON_VALUE_H_
