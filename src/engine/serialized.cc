#include "engine/serialized.h"

#include <climits>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/wire_format_lite.h"
#include "reentry/v1/engine.pb.h"
#include "util/json.h"
#include "util/status.h"

namespace reentry::engine_internal {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;

// protobuf's own default nesting limit.
constexpr int kMaxDepth = 100;

enum class Scan { kValid, kMalformed, kInvalidUtf8 };

// True when no byte has its high bit set; eight bytes at a time.
inline bool IsAscii(absl::string_view bytes) {
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    if ((word & 0x8080808080808080u) != 0) return false;
  }
  for (; i < bytes.size(); ++i) {
    if (static_cast<unsigned char>(bytes[i]) >= 0x80) return false;
  }
  return true;
}

// Whether `field` holds text protobuf checks for UTF-8 (proto3 strings).
bool ChecksUtf8(const FieldDescriptor* field) {
  return field->type() == FieldDescriptor::TYPE_STRING &&
         field->file()->syntax() == google::protobuf::FileDescriptor::SYNTAX_PROTO3;
}

// A reader of the wire format over one buffer, enough to find strings.
class WireReader {
 public:
  explicit WireReader(absl::string_view bytes) : p_(bytes.data()), end_(p_ + bytes.size()) {}

  bool AtEnd() const { return p_ == end_; }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }

  bool Varint(uint64_t* value) {
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return false;
      const auto byte = static_cast<unsigned char>(*p_++);
      result |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) {
        *value = result;
        return true;
      }
    }
    return false;
  }

  bool Skip(uint64_t n) {
    if (n > static_cast<uint64_t>(end_ - p_)) return false;
    p_ += n;
    return true;
  }

  bool Bytes(absl::string_view* value) {
    uint64_t length = 0;
    if (!Varint(&length) || length > static_cast<uint64_t>(end_ - p_)) return false;
    *value = absl::string_view(p_, length);
    p_ += length;
    return true;
  }

 private:
  const char* p_;
  const char* end_;
};

// What the walks need of each message type: per field number, whether the
// field is a checked string or a message (and that message's plan). Built
// once for every type a request of the Engine service can hold, so a walk
// never searches descriptors.
struct TypePlan;
struct FieldPlan {
  const FieldDescriptor* field = nullptr;  // null: nothing to look at
  const TypePlan* nested = nullptr;        // for messages
};
struct TypePlan {
  std::vector<FieldPlan> by_number;

  const FieldPlan* Field(uint64_t number) const {
    if (number >= by_number.size() || by_number[number].field == nullptr) return nullptr;
    return &by_number[number];
  }
};

class Utf8Plan {
 public:
  static const Utf8Plan& Get() {
    static const Utf8Plan* const plan = new Utf8Plan();
    return *plan;
  }

  // The plan of `type`; an empty one (nothing checked) for a type no request
  // holds.
  const TypePlan& Of(const google::protobuf::Descriptor& type) const {
    static const TypePlan kNone;
    const auto it = types_.find(&type);
    return it == types_.end() ? kNone : *it->second;
  }

 private:
  Utf8Plan() {
    const auto* service = v1::Error::descriptor()->file()->FindServiceByName("Engine");
    for (int i = 0; i < service->method_count(); ++i) Add(service->method(i)->input_type());
  }

  const TypePlan* Add(const google::protobuf::Descriptor* type) {
    auto& slot = types_[type];
    if (slot != nullptr) return slot.get();
    slot = std::make_unique<TypePlan>();
    TypePlan* plan = slot.get();
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      if (!ChecksUtf8(field) && field->type() != FieldDescriptor::TYPE_MESSAGE) continue;
      const size_t number = static_cast<size_t>(field->number());
      if (number >= plan->by_number.size()) plan->by_number.resize(number + 1);
      plan->by_number[number].field = field;
    }
    for (FieldPlan& field : plan->by_number) {
      if (field.field != nullptr && field.field->type() == FieldDescriptor::TYPE_MESSAGE) {
        field.nested = Add(field.field->message_type());
      }
    }
    return plan;
  }

  absl::flat_hash_map<const google::protobuf::Descriptor*, std::unique_ptr<TypePlan>> types_;
};

// Reads the next field: its number, and for a length-delimited field its
// bytes (`delimited` says which). False when the bytes are malformed (left to
// the parser to report).
inline bool NextField(WireReader& input, uint64_t* number, bool* delimited,
                      absl::string_view* value) {
  uint64_t tag = 0;
  if (!input.Varint(&tag) || tag > UINT32_MAX || (tag >> 3) == 0) return false;
  *number = tag >> 3;
  *delimited = false;
  uint64_t ignored = 0;
  switch (tag & 7) {
    case WireFormatLite::WIRETYPE_VARINT:
      return input.Varint(&ignored);
    case WireFormatLite::WIRETYPE_FIXED64:
      return input.Skip(8);
    case WireFormatLite::WIRETYPE_FIXED32:
      return input.Skip(4);
    case WireFormatLite::WIRETYPE_LENGTH_DELIMITED:
      *delimited = true;
      return input.Bytes(value);
    default:
      return false;  // groups: no reentry message has them
  }
}

// The fast walk: does any checked string hold invalid UTF-8? Tuned for what
// requests are made of: one-byte tags and lengths, short ASCII strings.
Scan Check(const char* p, const char* end, const TypePlan& plan, int depth) {
  if (depth > kMaxDepth) return Scan::kMalformed;
  while (p < end) {
    uint64_t tag = static_cast<unsigned char>(*p);
    if (tag < 0x80) {
      ++p;
    } else {
      WireReader reader(absl::string_view(p, static_cast<size_t>(end - p)));
      // Protobuf keeps only a tag's low 32 bits: a longer one would name
      // another field to it than to this walk.
      if (!reader.Varint(&tag) || tag > UINT32_MAX) return Scan::kMalformed;
      p = end - reader.remaining();
    }
    switch (tag & 7) {
      case WireFormatLite::WIRETYPE_VARINT:
        while (p < end && static_cast<unsigned char>(*p) >= 0x80) ++p;
        if (p++ >= end) return Scan::kMalformed;
        continue;
      case WireFormatLite::WIRETYPE_FIXED64:
        p += 8;
        continue;
      case WireFormatLite::WIRETYPE_FIXED32:
        p += 4;
        continue;
      case WireFormatLite::WIRETYPE_LENGTH_DELIMITED:
        break;
      default:
        return Scan::kMalformed;
    }
    uint64_t length = p < end ? static_cast<unsigned char>(*p) : 0x80;
    if (length < 0x80) {
      ++p;
    } else {
      WireReader reader(absl::string_view(p, static_cast<size_t>(end - p)));
      if (!reader.Varint(&length)) return Scan::kMalformed;
      p = end - reader.remaining();
    }
    if (length > static_cast<uint64_t>(end - p)) return Scan::kMalformed;
    const char* value = p;
    p += length;
    const FieldPlan* field = plan.Field(tag >> 3);
    if (field == nullptr) continue;
    // A submessage is always walked, ASCII or not: one that is malformed
    // (a fixed64 running past its end) makes protobuf's parser read on into
    // the bytes after it, and log about the strings it finds there, before
    // it fails.
    const absl::string_view bytes(value, length);
    const Scan scan = field->nested != nullptr ? Check(value, p, *field->nested, depth + 1)
                      : IsAscii(bytes) || internal::IsValidUtf8(bytes) ? Scan::kValid
                                                                       : Scan::kInvalidUtf8;
    if (scan != Scan::kValid) return scan;
  }
  return p == end ? Scan::kValid : Scan::kMalformed;
}

// The slow walk, run once an invalid string is known to be there: the error
// naming it, with its path ("responses[2].item_id"). `prefix` is the
// message's own path.
bool Locate(absl::string_view bytes, const TypePlan& plan, const std::string& prefix,
            absl::Status* error) {
  WireReader input(bytes);
  absl::flat_hash_map<uint64_t, int> seen;  // occurrences of repeated fields
  while (!input.AtEnd()) {
    uint64_t number = 0;
    bool delimited = false;
    absl::string_view value;
    if (!NextField(input, &number, &delimited, &value)) return false;
    const FieldPlan* field = delimited ? plan.Field(number) : nullptr;
    if (field == nullptr) continue;
    std::string path =
        prefix.empty() ? field->field->name() : absl::StrCat(prefix, ".", field->field->name());
    if (field->field->is_repeated()) absl::StrAppend(&path, "[", seen[number]++, "]");
    if (field->nested != nullptr) {
      if (Locate(value, *field->nested, path, error)) return true;
    } else if (!internal::IsValidUtf8(value)) {
      *error = internal::InvalidField(path, "is not valid UTF-8: ", internal::Quoted(value));
      return true;
    }
  }
  return false;
}

}  // namespace

absl::Status CheckUtf8(absl::string_view bytes, const google::protobuf::Descriptor& type) {
  // Most requests are ASCII bytes throughout (small tags and lengths, ASCII
  // text, doubles whose bytes stay below 0x80): then no string can hold
  // invalid UTF-8, and nothing needs walking.
  if (IsAscii(bytes)) return absl::OkStatus();
  const TypePlan& plan = Utf8Plan::Get().Of(type);
  switch (Check(bytes.data(), bytes.data() + bytes.size(), plan, 0)) {
    case Scan::kValid:
      return absl::OkStatus();
    case Scan::kMalformed:
      // Bytes the walk cannot follow are not a message of `type`. Leaving
      // them to protobuf would let it parse (and log about) strings past a
      // part it skips as unknown, such as a group, which no reentry message
      // has.
      return internal::InvalidField("request", "is not a valid binary ", type.full_name());
    case Scan::kInvalidUtf8:
      break;
  }
  absl::Status error;
  Locate(bytes, plan, "", &error);
  return error;
}

absl::Status ParseRequest(absl::string_view bytes, Engine::Encoding encoding,
                          google::protobuf::Message* request) {
  if (bytes.size() > kMaxRequestBytes) {
    return internal::WithField(absl::ResourceExhaustedError(absl::StrCat(
                                   "request: ", bytes.size(), " bytes exceed the limit of ",
                                   kMaxRequestBytes, " bytes for one call")),
                               "request");
  }
  if (encoding == Engine::Encoding::kBinary) {
    if (auto s = CheckUtf8(bytes, *request->GetDescriptor()); !s.ok()) return s;
    if (!request->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return internal::InvalidField("request", "is not a valid binary ",
                                    request->GetDescriptor()->full_name());
    }
    return absl::OkStatus();
  }
  // The common shapes go through the reflection reader; anything it does not
  // take (null, maps, a number written as "1e2" for an integer...) goes to
  // protobuf, which accepts all of proto3 JSON and words every error.
  request->Clear();
  if (internal::ParseMessageJsonFast(bytes, request)) return absl::OkStatus();
  request->Clear();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  // Braces construct protobuf's string view type, whichever it is.
  const auto status =
      google::protobuf::util::JsonStringToMessage({bytes.data(), bytes.size()}, request, options);
  if (!status.ok()) {
    return internal::InvalidField("request", "is not a valid JSON ",
                                  request->GetDescriptor()->full_name(), ": ",
                                  internal::Shortened(std::string(status.message()), 512));
  }
  return absl::OkStatus();
}

absl::Status SerializeResponse(const google::protobuf::Message& response, Engine::Encoding encoding,
                               std::string* out) {
  if (encoding == Engine::Encoding::kBinary) {
    if (!response.AppendToString(out)) {
      return absl::InternalError(
          absl::StrCat("cannot serialize ", response.GetDescriptor()->full_name()));
    }
    return absl::OkStatus();
  }
  internal::AppendMessageJson(response, out);
  return absl::OkStatus();
}

}  // namespace reentry::engine_internal
