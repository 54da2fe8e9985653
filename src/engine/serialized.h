// Serialized requests and responses: parsing a request (binary or proto3
// JSON) and writing a response, with every failure an INVALID_ARGUMENT that
// names the field, and nothing written to the host's stderr.
#ifndef REENTRY_SRC_ENGINE_SERIALIZED_H_
#define REENTRY_SRC_ENGINE_SERIALIZED_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/arena.h"
#include "google/protobuf/message.h"
#include "reentry/engine/engine.h"

namespace reentry::engine_internal {

// The largest serialized request a call accepts (RESOURCE_EXHAUSTED beyond):
// a whole caseload belongs in batch scoring, not in one message.
inline constexpr size_t kMaxRequestBytes = 64u << 20;

// Parses `bytes` into `request`. Binary requests are checked first for
// invalid UTF-8 in string fields, which protobuf's parser would log to stderr
// before rejecting.
absl::Status ParseRequest(absl::string_view bytes, Engine::Encoding encoding,
                          google::protobuf::Message* request);

// Appends `response` to `out`: binary, or proto3 JSON with every field
// printed in lowerCamelCase.
absl::Status SerializeResponse(const google::protobuf::Message& response, Engine::Encoding encoding,
                               std::string* out);

// The first string field of a binary message (of type `type`) holding invalid
// UTF-8, as INVALID_ARGUMENT naming its path ("responses[2].item_id"); bytes
// that are not a well-formed message of a reentry type (truncated, or with
// groups, which protobuf would keep as unknown fields and parse past) as
// INVALID_ARGUMENT about "request"; OK otherwise. protobuf's parser then
// never meets invalid UTF-8, so it never logs about it.
absl::Status CheckUtf8(absl::string_view bytes, const google::protobuf::Descriptor& type);

// An arena whose first block is on the stack: a call's messages allocate
// nothing on the heap until they outgrow it.
struct StackArena {
  static google::protobuf::ArenaOptions Options(char* block, size_t size) {
    google::protobuf::ArenaOptions options;
    options.initial_block = block;
    options.initial_block_size = size;
    return options;
  }
  alignas(16) char block[16 * 1024];
  google::protobuf::Arena arena{Options(block, sizeof block)};
};

}  // namespace reentry::engine_internal

#endif  // REENTRY_SRC_ENGINE_SERIALIZED_H_
