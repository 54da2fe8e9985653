#include "util/json.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/charconv.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/wire_format_lite.h"
#include "util/status.h"

namespace reentry::internal {

namespace {

// Bytes that need escaping (besides the U+2028/U+2029 sequences, which start
// with 0xe2), as a table: one load per byte on the scan.
struct AttentionTable {
  bool needs[256] = {};
  constexpr AttentionTable() {
    for (int c = 0; c < 0x20; ++c) needs[c] = true;
    for (unsigned char c : {'"', '\\', '<', '>'}) needs[c] = true;
    needs[0x7f] = true;
    needs[0xe2] = true;
  }
};
constexpr AttentionTable kAttention;

bool NeedsAttention(unsigned char c) { return kAttention.needs[c]; }

}  // namespace

void AppendJsonString(std::string* out, absl::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;  // start of the bytes not yet appended
  const auto* bytes = reinterpret_cast<const unsigned char*>(value.data());
  for (size_t i = 0; i < value.size(); ++i) {
    const unsigned char c = bytes[i];
    if (!NeedsAttention(c)) continue;
    const bool line_separator = c == 0xe2 && i + 2 < value.size() &&
                                static_cast<unsigned char>(value[i + 1]) == 0x80 &&
                                (static_cast<unsigned char>(value[i + 2]) & 0xfe) == 0xa8;
    if (c == 0xe2 && !line_separator) continue;
    out->append(value.data() + run, i - run);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case 0xe2:
        out->append(static_cast<unsigned char>(value[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029");
        i += 2;
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xf]);
    }
    run = i + 1;
  }
  out->append(value.data() + run, value.size() - run);
  out->push_back('"');
}

void AppendJsonDouble(std::string* out, double value) {
  if (std::isnan(value)) {
    out->append("\"NaN\"");
    return;
  }
  if (std::isinf(value)) {
    out->append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    return;
  }
  // Whole numbers below 1e15 print as integers under %.15g; format them fast.
  if (value == std::trunc(value) && std::fabs(value) < 1e15 &&
      !(value == 0 && std::signbit(value))) {
    AppendJsonInt(out, static_cast<int64_t>(value));
    return;
  }
  AppendShortestDouble(out, value);
}

void AppendJsonInt(std::string* out, int64_t value) { absl::StrAppend(out, value); }

namespace {

using google::protobuf::FieldDescriptor;

// A float as protobuf prints it: %.6g, or %.9g when 6 digits do not read
// back exactly.
void AppendJsonFloat(std::string* out, float value) {
  if (std::isnan(value) || std::isinf(value)) {
    AppendJsonDouble(out, value);
    return;
  }
  AppendShortestFloat(out, value);
}

// The JSON writer transcodes the message's binary form, which protobuf
// writes fast and in field-number order, against a table per message type
// built once from its descriptor: no reflection call per field.
using google::protobuf::internal::WireFormatLite;

struct JsonType;

struct JsonField {
  int number = 0;
  FieldDescriptor::Type type = FieldDescriptor::TYPE_INT32;
  bool repeated = false;
  // Printed only when on the wire: messages, oneof members, proto3 optional.
  bool explicit_presence = false;
  std::string key;                    // "jsonName":
  const JsonType* message = nullptr;  // a message field's type
  const google::protobuf::EnumDescriptor* enum_type = nullptr;
  std::vector<std::string> enum_names;  // quoted, by number when dense from 0
  std::string default_json;             // what an absent scalar prints
  const FieldDescriptor* descriptor = nullptr;
  absl::flat_hash_map<std::string, int> enum_numbers;  // an enum's values by name
};

struct JsonType {
  const google::protobuf::Descriptor* descriptor = nullptr;
  bool well_known = false;  // google.protobuf.*: its own JSON form, protobuf prints it
  bool map_entry = false;
  std::vector<JsonField> fields;  // by number
  // Indices into fields by every name JSON may use: the lowerCamelCase JSON
  // name and the proto name.
  absl::flat_hash_map<std::string, size_t> by_key;
};

class JsonTypes {
 public:
  // The table of `descriptor` (built on first use, then shared and immutable).
  const JsonType& Of(const google::protobuf::Descriptor* descriptor) {
    absl::MutexLock lock(&mutex_);
    return *Build(descriptor);
  }

 private:
  const JsonType* Build(const google::protobuf::Descriptor* descriptor)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    auto& slot = types_[descriptor];
    if (slot != nullptr) return slot.get();
    slot = std::make_unique<JsonType>();
    JsonType* type = slot.get();  // registered before its fields: types may recurse
    type->descriptor = descriptor;
    type->well_known = absl::StartsWith(descriptor->full_name(), "google.protobuf.");
    type->map_entry = descriptor->options().map_entry();
    if (type->well_known) return type;
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const FieldDescriptor* f = descriptor->field(i);
      JsonField field;
      field.descriptor = f;
      field.number = f->number();
      field.type = f->type();
      field.repeated = f->is_repeated();
      field.explicit_presence =
          !f->is_repeated() &&
          (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE || f->containing_oneof() != nullptr);
      field.key = absl::StrCat("\"", f->json_name(), "\":");
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_MESSAGE:
          field.message = Build(f->message_type());
          break;
        case FieldDescriptor::CPPTYPE_ENUM: {
          field.enum_type = f->enum_type();
          for (int n = 0;; ++n) {
            const auto* value = field.enum_type->FindValueByNumber(n);
            if (value == nullptr || n > 4096) break;
            field.enum_names.push_back(absl::StrCat("\"", value->name(), "\""));
          }
          for (int v = 0; v < field.enum_type->value_count(); ++v) {
            field.enum_numbers.emplace(field.enum_type->value(v)->name(),
                                       field.enum_type->value(v)->number());
          }
          const auto* zero = field.enum_type->FindValueByNumber(0);
          field.default_json = zero != nullptr ? absl::StrCat("\"", zero->name(), "\"") : "0";
          break;
        }
        case FieldDescriptor::CPPTYPE_INT64:
        case FieldDescriptor::CPPTYPE_UINT64:
          field.default_json = "\"0\"";
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          field.default_json = "false";
          break;
        case FieldDescriptor::CPPTYPE_STRING:
          field.default_json = "\"\"";
          break;
        default:
          field.default_json = "0";
      }
      type->fields.push_back(std::move(field));
    }
    std::sort(type->fields.begin(), type->fields.end(),
              [](const JsonField& a, const JsonField& b) { return a.number < b.number; });
    for (size_t i = 0; i < type->fields.size(); ++i) {
      const FieldDescriptor* f = type->fields[i].descriptor;
      type->by_key.emplace(f->json_name(), i);
      type->by_key.emplace(f->name(), i);
      type->by_key.emplace(f->camelcase_name(), i);
    }
    return type;
  }

  absl::Mutex mutex_;
  absl::flat_hash_map<const google::protobuf::Descriptor*, std::unique_ptr<JsonType>> types_
      ABSL_GUARDED_BY(mutex_);
};

JsonTypes& Types() {
  static auto* types = new JsonTypes;
  return *types;
}

// A forward reader over wire bytes.
class Wire {
 public:
  Wire(const char* p, const char* end) : p_(p), end_(end) {}

  bool AtEnd() const { return p_ == end_; }

  bool Varint(uint64_t* value) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return false;
      const auto byte = static_cast<unsigned char>(*p_++);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) {
        *value = v;
        return true;
      }
    }
    return false;
  }

  template <typename T>
  bool Fixed(T* value) {
    if (end_ - p_ < static_cast<ptrdiff_t>(sizeof(T))) return false;
    std::memcpy(value, p_, sizeof(T));  // little-endian, as x86 and ARM hosts are
    p_ += sizeof(T);
    return true;
  }

  bool Bytes(absl::string_view* bytes) {
    uint64_t size;
    if (!Varint(&size) || size > static_cast<uint64_t>(end_ - p_)) return false;
    *bytes = absl::string_view(p_, size);
    p_ += size;
    return true;
  }

  // Reads the next tag: 0 at the end, or on a malformed tag (then bad()).
  uint32_t NextTag() {
    if (p_ == end_) return 0;
    if (static_cast<unsigned char>(*p_) < 0x80) return static_cast<unsigned char>(*p_++);
    uint64_t tag;
    if (!Varint(&tag) || tag > UINT32_MAX || tag == 0) {
      bad_ = true;
      return 0;
    }
    return static_cast<uint32_t>(tag);
  }

  bool bad() const { return bad_; }

 private:
  const char* p_;
  const char* end_;
  bool bad_ = false;
};

class Transcoder {
 public:
  explicit Transcoder(std::string* out) : out_(out) {}

  bool Message(const JsonType& type, absl::string_view bytes, int depth) {
    if (depth > 100) return false;
    if (type.well_known) return WellKnown(type, bytes);
    Wire wire(bytes.data(), bytes.data() + bytes.size());
    out_->push_back('{');
    bool first = true;
    uint32_t tag = wire.NextTag();
    auto number = [&tag] { return tag == 0 ? INT_MAX : WireFormatLite::GetTagFieldNumber(tag); };
    for (const JsonField& field : type.fields) {
      if (number() < field.number) return false;  // unknown or out of order: protobuf prints it
      const bool present = number() == field.number;
      if (!present && field.explicit_presence) continue;
      if (!first) out_->push_back(',');
      first = false;
      out_->append(field.key);
      if (field.repeated) {
        if (field.message != nullptr && field.message->map_entry) {
          // Maps are left to protobuf (no reentry message has one).
          if (present) return false;
          out_->append("{}");
          continue;
        }
        out_->push_back('[');
        bool first_element = true;
        while (number() == field.number) {
          if (!Element(field, WireFormatLite::GetTagWireType(tag), &wire, &first_element, depth)) {
            return false;
          }
          tag = wire.NextTag();
        }
        out_->push_back(']');
      } else if (!present) {
        out_->append(field.default_json);
      } else {
        bool first_element = true;
        if (!Element(field, WireFormatLite::GetTagWireType(tag), &wire, &first_element, depth)) {
          return false;
        }
        tag = wire.NextTag();
        if (number() == field.number) return false;  // a singular field twice
      }
    }
    if (tag != 0 || wire.bad()) return false;  // unknown fields, malformed bytes
    out_->push_back('}');
    return true;
  }

 private:
  // One occurrence of `field` on the wire after its tag: one value, or for
  // a packed repeated scalar, several (comma-separated after the first).
  bool Element(const JsonField& field, WireFormatLite::WireType wire_type, Wire* wire, bool* first,
               int depth) {
    const bool length_delimited = wire_type == WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
    if (field.type == FieldDescriptor::TYPE_STRING || field.type == FieldDescriptor::TYPE_BYTES ||
        field.type == FieldDescriptor::TYPE_MESSAGE) {
      absl::string_view bytes;
      if (!length_delimited || !wire->Bytes(&bytes)) return false;
      if (!*first) out_->push_back(',');
      *first = false;
      if (field.type == FieldDescriptor::TYPE_MESSAGE)
        return Message(*field.message, bytes, depth + 1);
      if (field.type == FieldDescriptor::TYPE_BYTES) {
        AppendJsonString(out_, absl::Base64Escape(bytes));
      } else {
        AppendJsonString(out_, bytes);
      }
      return true;
    }
    if (field.type == FieldDescriptor::TYPE_GROUP) return false;
    if (length_delimited) {  // packed
      if (!field.repeated) return false;
      absl::string_view bytes;
      if (!wire->Bytes(&bytes)) return false;
      Wire packed(bytes.data(), bytes.data() + bytes.size());
      while (!packed.AtEnd()) {
        if (!*first) out_->push_back(',');
        *first = false;
        if (!Scalar(field, &packed)) return false;
      }
      return true;
    }
    if (wire_type !=
        WireFormatLite::WireTypeForFieldType(static_cast<WireFormatLite::FieldType>(field.type))) {
      return false;
    }
    if (!*first) out_->push_back(',');
    *first = false;
    return Scalar(field, wire);
  }

  bool Scalar(const JsonField& field, Wire* wire) {
    uint64_t v = 0;
    switch (field.type) {
      case FieldDescriptor::TYPE_DOUBLE: {
        double d;
        if (!wire->Fixed(&d)) return false;
        AppendJsonDouble(out_, d);
        return true;
      }
      case FieldDescriptor::TYPE_FLOAT: {
        float f;
        if (!wire->Fixed(&f)) return false;
        AppendJsonFloat(out_, f);
        return true;
      }
      case FieldDescriptor::TYPE_FIXED64: {
        uint64_t u;
        if (!wire->Fixed(&u)) return false;
        absl::StrAppend(out_, "\"", u, "\"");
        return true;
      }
      case FieldDescriptor::TYPE_SFIXED64: {
        int64_t i;
        if (!wire->Fixed(&i)) return false;
        absl::StrAppend(out_, "\"", i, "\"");
        return true;
      }
      case FieldDescriptor::TYPE_FIXED32: {
        uint32_t u;
        if (!wire->Fixed(&u)) return false;
        absl::StrAppend(out_, u);
        return true;
      }
      case FieldDescriptor::TYPE_SFIXED32: {
        int32_t i;
        if (!wire->Fixed(&i)) return false;
        AppendJsonInt(out_, i);
        return true;
      }
      default:
        break;
    }
    if (!wire->Varint(&v)) return false;
    switch (field.type) {
      case FieldDescriptor::TYPE_INT64:
        absl::StrAppend(out_, "\"", static_cast<int64_t>(v), "\"");
        return true;
      case FieldDescriptor::TYPE_UINT64:
        absl::StrAppend(out_, "\"", v, "\"");
        return true;
      case FieldDescriptor::TYPE_SINT64:
        absl::StrAppend(out_, "\"", WireFormatLite::ZigZagDecode64(v), "\"");
        return true;
      case FieldDescriptor::TYPE_INT32:
        AppendJsonInt(out_, static_cast<int32_t>(v));
        return true;
      case FieldDescriptor::TYPE_UINT32:
        absl::StrAppend(out_, static_cast<uint32_t>(v));
        return true;
      case FieldDescriptor::TYPE_SINT32:
        AppendJsonInt(out_, WireFormatLite::ZigZagDecode32(static_cast<uint32_t>(v)));
        return true;
      case FieldDescriptor::TYPE_BOOL:
        out_->append(v != 0 ? "true" : "false");
        return true;
      case FieldDescriptor::TYPE_ENUM: {
        const auto number = static_cast<int32_t>(v);
        if (number >= 0 && static_cast<size_t>(number) < field.enum_names.size()) {
          out_->append(field.enum_names[number]);
        } else if (const auto* value = field.enum_type->FindValueByNumber(number)) {
          AppendJsonString(out_, value->name());
        } else {
          AppendJsonInt(out_, number);  // an open enum's unknown value
        }
        return true;
      }
      default:
        return false;
    }
  }

  bool WellKnown(const JsonType& type, absl::string_view bytes) {
    const auto* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(type.descriptor);
    if (prototype == nullptr) return false;
    std::unique_ptr<google::protobuf::Message> message(prototype->New());
    if (!message->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return false;
    google::protobuf::util::JsonPrintOptions options;
    options.always_print_primitive_fields = true;
    std::string json;
    if (!google::protobuf::util::MessageToJsonString(*message, &json, options).ok()) return false;
    out_->append(json);
    return true;
  }

  std::string* out_;
};

}  // namespace

bool TranscodeMessageJson(const google::protobuf::Message& message, std::string* out) {
  thread_local std::string wire;
  wire.clear();
  const size_t mark = out->size();
  if (message.AppendToString(&wire)) {
    out->reserve(mark + wire.size() * 3);
    if (Transcoder(out).Message(Types().Of(message.GetDescriptor()), wire, 0)) return true;
  }
  out->resize(mark);
  return false;
}

void AppendMessageJson(const google::protobuf::Message& message, std::string* out) {
  if (TranscodeMessageJson(message, out)) return;
  // What the transcoder leaves (maps, unknown fields): protobuf's printer.
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) json = "{}";
  out->append(json);
}

namespace {

using google::protobuf::FieldDescriptor;

constexpr int kMaxJsonDepth = 100;

// An integer token (optional '-', digits) as protobuf's int types accept it.
template <typename Int>
bool ParseInteger(absl::string_view token, Int* out) {
  if (token.empty() || token.find_first_of(".eE") != absl::string_view::npos) return false;
  const auto result = std::from_chars(token.data(), token.data() + token.size(), *out);
  return result.ec == std::errc() && result.ptr == token.data() + token.size();
}

class MessageReader {
 public:
  explicit MessageReader(absl::string_view json) : reader_(json) {}

  bool Read(google::protobuf::Message* message) {
    return Object(message, Types().Of(message->GetDescriptor()), 0) && reader_.AtEnd();
  }

 private:
  bool Object(google::protobuf::Message* message, const JsonType& type, int depth) {
    if (depth > kMaxJsonDepth || !reader_.Consume('{')) return false;
    if (type.well_known) return false;
    if (reader_.Consume('}')) return true;
    const auto* r = message->GetReflection();
    std::vector<int> seen;  // field numbers read in this object
    absl::string_view key;
    do {
      if (!reader_.ReadKey(&key) || !reader_.Consume(':')) return false;
      const auto found = type.by_key.find(key);
      if (found == type.by_key.end()) return false;
      const JsonField& field = type.fields[found->second];
      const FieldDescriptor* f = field.descriptor;
      if (f->is_map()) return false;
      if (std::find(seen.begin(), seen.end(), field.number) != seen.end()) return false;
      if (const auto* oneof = f->containing_oneof()) {
        if (r->HasOneof(*message, oneof)) return false;  // two members of one oneof
      }
      seen.push_back(field.number);
      if (reader_.Peek() == 'n') return false;  // null: protobuf decides
      if (field.repeated) {
        if (!reader_.Consume('[')) return false;
        if (!reader_.Consume(']')) {
          do {
            if (!Value(message, r, field, depth)) return false;
          } while (reader_.Consume(','));
          if (!reader_.Consume(']')) return false;
        }
      } else if (!Value(message, r, field, depth)) {
        return false;
      }
    } while (reader_.Consume(','));
    return reader_.Consume('}');
  }

  // Reads one value of `field` (appending when repeated).
  bool Value(google::protobuf::Message* m, const google::protobuf::Reflection* r,
             const JsonField& field, int depth) {
    const FieldDescriptor* f = field.descriptor;
    const bool repeated = field.repeated;
    absl::string_view token;
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32: {
        int32_t v;
        if (!IntegerToken(&token) || !ParseInteger(token, &v)) return false;
        repeated ? r->AddInt32(m, f, v) : r->SetInt32(m, f, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_INT64: {
        int64_t v;
        if (!IntegerToken(&token) || !ParseInteger(token, &v)) return false;
        repeated ? r->AddInt64(m, f, v) : r->SetInt64(m, f, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_UINT32: {
        uint32_t v;
        if (!IntegerToken(&token) || token[0] == '-' || !ParseInteger(token, &v)) return false;
        repeated ? r->AddUInt32(m, f, v) : r->SetUInt32(m, f, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_UINT64: {
        uint64_t v;
        if (!IntegerToken(&token) || token[0] == '-' || !ParseInteger(token, &v)) return false;
        repeated ? r->AddUInt64(m, f, v) : r->SetUInt64(m, f, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT: {
        double v;
        if (reader_.Peek() == '"') {
          if (!reader_.ReadAnyString(&string_)) return false;
          if (string_ == "NaN") {
            v = std::numeric_limits<double>::quiet_NaN();
          } else if (string_ == "Infinity") {
            v = std::numeric_limits<double>::infinity();
          } else if (string_ == "-Infinity") {
            v = -std::numeric_limits<double>::infinity();
          } else {
            return false;
          }
        } else if (!reader_.ReadNumber(&v)) {
          return false;
        }
        if (f->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
          if (std::isfinite(v) && std::fabs(v) > std::numeric_limits<float>::max()) return false;
          repeated ? r->AddFloat(m, f, static_cast<float>(v))
                   : r->SetFloat(m, f, static_cast<float>(v));
        } else {
          repeated ? r->AddDouble(m, f, v) : r->SetDouble(m, f, v);
        }
        return true;
      }
      case FieldDescriptor::CPPTYPE_BOOL: {
        bool v;
        if (!reader_.ReadBool(&v)) return false;
        repeated ? r->AddBool(m, f, v) : r->SetBool(m, f, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        int number;
        if (reader_.Peek() == '"') {
          if (!reader_.ReadAnyString(&string_)) return false;
          const auto value = field.enum_numbers.find(string_);
          if (value == field.enum_numbers.end()) return false;
          number = value->second;
        } else {
          if (!reader_.ReadNumberToken(&token) || !ParseInteger(token, &number)) return false;
        }
        repeated ? r->AddEnumValue(m, f, number) : r->SetEnumValue(m, f, number);
        return true;
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        if (!reader_.ReadAnyString(&string_)) return false;
        if (f->type() == FieldDescriptor::TYPE_BYTES) {
          std::string bytes;
          if (!absl::Base64Unescape(string_, &bytes) &&
              !absl::WebSafeBase64Unescape(string_, &bytes)) {
            return false;
          }
          string_ = std::move(bytes);
        }
        repeated ? r->AddString(m, f, string_) : r->SetString(m, f, string_);
        return true;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return Object(repeated ? r->AddMessage(m, f) : r->MutableMessage(m, f), *field.message,
                      depth + 1);
    }
    return false;
  }

  // An integer as a JSON number or a string of digits.
  bool IntegerToken(absl::string_view* token) {
    if (reader_.Peek() == '"') {
      if (!reader_.ReadAnyString(&string_)) return false;
      *token = string_;
      return true;
    }
    return reader_.ReadNumberToken(token);
  }

  JsonReader reader_;
  std::string string_;
};

}  // namespace

bool ParseMessageJsonFast(absl::string_view json, google::protobuf::Message* message) {
  return MessageReader(json).Read(message);
}

void JsonReader::SkipSpace() {
  while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                                 text_[pos_] == '\r')) {
    ++pos_;
  }
}

bool JsonReader::Consume(char c) {
  SkipSpace();
  if (pos_ < text_.size() && text_[pos_] == c) {
    ++pos_;
    return true;
  }
  return false;
}

bool JsonReader::AtEnd() {
  SkipSpace();
  return pos_ == text_.size();
}

bool JsonReader::ReadKey(absl::string_view* key) {
  if (!Consume('"')) return false;
  const size_t begin = pos_;
  while (pos_ < text_.size()) {
    const auto c = static_cast<unsigned char>(text_[pos_++]);
    if (c == '"') {
      *key = text_.substr(begin, pos_ - 1 - begin);
      return true;
    }
    if (c < 0x20 || c >= 0x80 || c == '\\') return false;
  }
  return false;
}

bool JsonReader::ReadNumberToken(absl::string_view* token) {
  SkipSpace();
  const size_t start = pos_;
  auto digit = [&] { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; };
  if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
  if (!digit()) return false;
  if (text_[pos_] == '0') {
    ++pos_;
  } else {
    while (digit()) ++pos_;
  }
  if (pos_ < text_.size() && text_[pos_] == '.') {
    ++pos_;
    if (!digit()) return false;
    while (digit()) ++pos_;
  }
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    if (!digit()) return false;
    while (digit()) ++pos_;
  }
  *token = text_.substr(start, pos_ - start);
  return true;
}

bool JsonReader::ReadNumber(double* out) {
  absl::string_view token;
  if (!ReadNumberToken(&token)) return false;
  const auto result = absl::from_chars(token.data(), token.data() + token.size(), *out);
  return result.ec == std::errc() && result.ptr == token.data() + token.size() &&
         std::isfinite(*out);
}

char JsonReader::Peek() {
  SkipSpace();
  return pos_ < text_.size() ? text_[pos_] : '\0';
}

namespace {

// Four hex digits at `text`.
bool Hex4(absl::string_view text, uint32_t* value) {
  if (text.size() < 4) return false;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = text[i];
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v |= c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v |= c - 'A' + 10;
    } else {
      return false;
    }
  }
  *value = v;
  return true;
}

void AppendUtf8(uint32_t code, std::string* out) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3f)));
  } else if (code < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (code >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (code >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3f)));
  }
}

}  // namespace

bool JsonReader::ReadAnyString(std::string* out) {
  if (!Consume('"')) return false;
  out->clear();
  size_t run = pos_;
  while (pos_ < text_.size()) {
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') {
      out->append(text_.data() + run, pos_ - run);
      ++pos_;
      return IsValidUtf8(*out);
    }
    if (c < 0x20) return false;
    if (c != '\\') {
      ++pos_;
      continue;
    }
    out->append(text_.data() + run, pos_ - run);
    if (++pos_ >= text_.size()) return false;
    const char e = text_[pos_++];
    switch (e) {
      case '"':
      case '\\':
      case '/':
        out->push_back(e);
        break;
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'u': {
        uint32_t code = 0;
        if (!Hex4(text_.substr(pos_), &code)) return false;
        pos_ += 4;
        if (code >= 0xd800 && code <= 0xdbff) {  // a surrogate pair
          uint32_t low = 0;
          if (text_.substr(pos_, 2) != "\\u" || !Hex4(text_.substr(pos_ + 2), &low) ||
              low < 0xdc00 || low > 0xdfff) {
            return false;
          }
          pos_ += 6;
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        } else if (code >= 0xdc00 && code <= 0xdfff) {
          return false;  // a lone low surrogate
        }
        AppendUtf8(code, out);
        break;
      }
      default:
        return false;
    }
    run = pos_;
  }
  return false;
}

bool JsonReader::ReadBool(bool* out) {
  SkipSpace();
  if (text_.substr(pos_, 4) == "true") {
    pos_ += 4;
    *out = true;
    return true;
  }
  if (text_.substr(pos_, 5) == "false") {
    pos_ += 5;
    *out = false;
    return true;
  }
  return false;
}

}  // namespace reentry::internal
