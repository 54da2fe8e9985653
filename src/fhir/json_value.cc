#include "fhir/json_value.h"

#include "absl/strings/str_cat.h"
#include "util/json.h"

namespace reentry::fhir_internal {

JsonValue JsonValue::String(absl::string_view text) {
  JsonValue value(Kind::kString);
  value.text_ = std::string(text);
  return value;
}

JsonValue JsonValue::Number(double number) {
  JsonValue value(Kind::kNumber);
  internal::AppendJsonDouble(&value.text_, number);
  return value;
}

JsonValue JsonValue::Int(int64_t number) {
  JsonValue value(Kind::kInt);
  value.text_ = absl::StrCat(number);
  return value;
}

JsonValue JsonValue::Bool(bool flag) {
  JsonValue value(Kind::kBool);
  value.text_ = flag ? "true" : "false";
  return value;
}

JsonValue& JsonValue::Set(absl::string_view key, JsonValue value) {
  members_.emplace_back(std::string(key), std::move(value));
  return *this;
}

JsonValue& JsonValue::SetIfNotEmpty(absl::string_view key, absl::string_view text) {
  if (!text.empty()) Set(key, String(text));
  return *this;
}

JsonValue& JsonValue::Add(JsonValue value) {
  items_.push_back(std::move(value));
  return *this;
}

bool JsonValue::Blank() const {
  switch (kind_) {
    case Kind::kString:
      return text_.empty();
    case Kind::kObject:
      for (const auto& member : members_) {
        if (!member.second.Blank()) return false;
      }
      return true;
    case Kind::kArray:
      for (const JsonValue& item : items_) {
        if (!item.Blank()) return false;
      }
      return true;
    default:
      return false;
  }
}

void JsonValue::Write(std::string* out) const {
  switch (kind_) {
    case Kind::kObject: {
      out->push_back('{');
      bool first = true;
      for (const auto& [key, value] : members_) {
        if (value.Blank()) continue;
        if (!first) out->push_back(',');
        first = false;
        internal::AppendJsonString(out, key);
        out->push_back(':');
        value.Write(out);
      }
      out->push_back('}');
      return;
    }
    case Kind::kArray: {
      out->push_back('[');
      bool first = true;
      for (const JsonValue& item : items_) {
        if (item.Blank()) continue;
        if (!first) out->push_back(',');
        first = false;
        item.Write(out);
      }
      out->push_back(']');
      return;
    }
    case Kind::kString:
      internal::AppendJsonString(out, text_);
      return;
    case Kind::kNumber:
    case Kind::kInt:
    case Kind::kBool:
      out->append(text_);
      return;
  }
}

}  // namespace reentry::fhir_internal
