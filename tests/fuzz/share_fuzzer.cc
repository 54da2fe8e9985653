// Fuzzes the Share rpc, binary and JSON, on an engine with the builtin
// definitions (the example_state network). The first input byte picks the
// encoding; the rest is the request. Any input must give a status, never a
// crash, leak or hang; and every answer keeps the rule that nothing leaves
// unpermitted: each packet field's category has a permitting decision, and a
// packet carrying Part 2 records carries the 42 CFR 2.32 notice.
//
//   build-fuzz/tests/fuzz/share_fuzzer -max_total_time=60 tests/fuzz/corpus/share
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/util/json_util.h"
#include "reentry/engine/engine.h"
#include "reentry/share/share.h"
#include "reentry/v1/share.pb.h"

namespace {

reentry::Engine& FuzzEngine() {
  static reentry::Engine* const engine = [] {
    auto created = reentry::Engine::Create();
    if (!created.ok()) std::abort();
    return created->release();
  }();
  return *engine;
}

void CheckNothingUnpermittedLeaves(const reentry::v1::ShareResponse& response) {
  uint32_t permitted = 0;
  for (const auto& decision : response.decisions()) {
    if (decision.permit()) permitted |= 1u << decision.category();
  }
  for (const auto& field : response.packet().fields()) {
    if (field.category() <= 0 || field.category() >= 32) std::abort();
    if (!(permitted & (1u << field.category()))) std::abort();
  }
  const bool part2 = permitted & (1u << reentry::v1::DATA_CATEGORY_SUD_TREATMENT);
  bool notice = false;
  for (const auto& obligation : response.obligations()) {
    notice = notice || (obligation.kind() == reentry::v1::Obligation::KIND_PART2_NOTICE &&
                        obligation.text() == reentry::kPart2Notice);
  }
  if (part2 != notice) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool json = data[0] & 1;
  const absl::string_view request(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto encoding =
      json ? reentry::Engine::Encoding::kJson : reentry::Engine::Encoding::kBinary;
  std::string response;
  if (!FuzzEngine().Call("Share", request, encoding, &response).ok()) return 0;
  reentry::v1::ShareResponse parsed;
  if (json) {
    if (!google::protobuf::util::JsonStringToMessage(response, &parsed).ok()) std::abort();
    CheckNothingUnpermittedLeaves(parsed);
    return 0;
  }
  if (!parsed.ParseFromString(response)) std::abort();
  CheckNothingUnpermittedLeaves(parsed);
  return 0;
}
