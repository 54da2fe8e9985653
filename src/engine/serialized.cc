#include "engine/serialized.h"

#include <climits>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/wire_format_lite.h"
#include "util/status.h"

namespace reentry::engine_internal {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;

// protobuf's own default nesting limit.
constexpr int kMaxDepth = 100;

// Walks one message's fields; `path` is the message's own path ("" at the
// top). Returns false when the bytes are malformed (left to the parser).
bool Walk(google::protobuf::io::CodedInputStream* input, const google::protobuf::Descriptor& type,
          const std::string& path, int depth, absl::Status* found) {
  if (depth > kMaxDepth) return false;
  // Occurrences of each repeated field so far, for the index in the path.
  absl::flat_hash_map<int, int> seen;
  while (true) {
    const uint32_t tag = input->ReadTag();
    if (tag == 0) return true;
    const int number = WireFormatLite::GetTagFieldNumber(tag);
    const FieldDescriptor* field = type.FindFieldByNumber(number);
    const auto wire_type = WireFormatLite::GetTagWireType(tag);
    if (field == nullptr || wire_type != WireFormatLite::WIRETYPE_LENGTH_DELIMITED ||
        (field->type() != FieldDescriptor::TYPE_STRING &&
         field->type() != FieldDescriptor::TYPE_MESSAGE)) {
      if (!WireFormatLite::SkipField(input, tag)) return false;
      continue;
    }
    std::string field_path = path.empty() ? field->name() : absl::StrCat(path, ".", field->name());
    if (field->is_repeated()) absl::StrAppend(&field_path, "[", seen[number]++, "]");
    uint32_t length = 0;
    if (!input->ReadVarint32(&length) || length > static_cast<uint32_t>(INT_MAX)) return false;
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      const void* data = nullptr;
      int available = 0;
      std::string copy;
      absl::string_view value;
      // Read in place when the bytes are contiguous (they are: the request is one buffer).
      if (input->GetDirectBufferPointer(&data, &available) &&
          available >= static_cast<int>(length)) {
        value = absl::string_view(static_cast<const char*>(data), length);
        input->Skip(static_cast<int>(length));
      } else {
        if (!input->ReadString(&copy, static_cast<int>(length))) return false;
        value = copy;
      }
      if (field->file()->syntax() == google::protobuf::FileDescriptor::SYNTAX_PROTO3 &&
          internal::ValidUtf8(value) != value) {
        *found = internal::InvalidField(field_path, "is not valid UTF-8: ",
                                        internal::Quoted(value));
        return true;
      }
      continue;
    }
    const auto limit = input->PushLimit(static_cast<int>(length));
    if (!Walk(input, *field->message_type(), field_path, depth + 1, found)) return false;
    if (!found->ok()) return true;
    if (input->BytesUntilLimit() != 0) return false;  // a zero tag inside the message
    input->PopLimit(limit);
  }
}

}  // namespace

absl::Status CheckUtf8(absl::string_view bytes, const google::protobuf::Descriptor& type) {
  google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.data()),
                                               static_cast<int>(bytes.size()));
  absl::Status found;
  Walk(&input, type, "", 0, &found);
  return found;
}

absl::Status ParseRequest(absl::string_view bytes, Engine::Encoding encoding,
                          google::protobuf::Message* request) {
  if (bytes.size() > kMaxRequestBytes) {
    return internal::WithField(
        absl::ResourceExhaustedError(absl::StrCat("request: ", bytes.size(),
                                                  " bytes exceed the limit of ", kMaxRequestBytes,
                                                  " bytes for one call")),
        "request");
  }
  const std::string& type = request->GetDescriptor()->full_name();
  if (encoding == Engine::Encoding::kBinary) {
    if (auto s = CheckUtf8(bytes, *request->GetDescriptor()); !s.ok()) return s;
    if (!request->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return internal::InvalidField("request", "is not a valid binary ", type);
    }
    return absl::OkStatus();
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  // Braces construct protobuf's string view type, whichever it is.
  const auto status =
      google::protobuf::util::JsonStringToMessage({bytes.data(), bytes.size()}, request, options);
  if (!status.ok()) {
    return internal::InvalidField("request", "is not a valid JSON ", type, ": ",
                                  internal::Shortened(std::string(status.message()), 512));
  }
  return absl::OkStatus();
}

absl::Status SerializeResponse(const google::protobuf::Message& response,
                               Engine::Encoding encoding, std::string* out) {
  if (encoding == Engine::Encoding::kBinary) {
    if (!response.AppendToString(out)) {
      return absl::InternalError(
          absl::StrCat("cannot serialize ", response.GetDescriptor()->full_name()));
    }
    return absl::OkStatus();
  }
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(response, &json, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("cannot print ", response.GetDescriptor()->full_name(),
                                            " as JSON: ", std::string(status.message())));
  }
  out->append(json);
  return absl::OkStatus();
}

}  // namespace reentry::engine_internal
