#include "assess/score_request_json.h"

#include <string>

#include "util/json.h"

namespace reentry::internal {
namespace {

bool ReadResponse(JsonReader& reader, v1::ItemResponse* response) {
  if (!reader.Consume('{')) return false;
  if (reader.Consume('}')) return true;
  absl::string_view key;
  bool have_item = false;
  do {
    if (!reader.ReadKey(&key) || !reader.Consume(':')) return false;
    if (key == "itemId" || key == "item_id") {
      if (have_item || !reader.ReadAnyString(response->mutable_item_id())) return false;
      have_item = true;
      continue;
    }
    // One answer at most.
    if (response->answer_case() != v1::ItemResponse::ANSWER_NOT_SET) return false;
    if (key == "boolean") {
      bool value;
      if (!reader.ReadBool(&value)) return false;
      response->set_boolean(value);
    } else if (key == "number") {
      double value;
      if (!reader.ReadNumber(&value)) return false;
      response->set_number(value);
    } else if (key != "choice" || !reader.ReadAnyString(response->mutable_choice())) {
      return false;
    }
  } while (reader.Consume(','));
  return reader.Consume('}');
}

}  // namespace

bool ParseScoreRequestJsonFast(absl::string_view json, v1::ScoreRequest* request) {
  JsonReader reader(json);
  if (!reader.Consume('{')) return false;
  if (reader.Consume('}')) return reader.AtEnd();
  absl::string_view key;
  unsigned seen = 0;
  do {
    if (!reader.ReadKey(&key) || !reader.Consume(':')) return false;
    std::string* target = nullptr;
    unsigned bit = 0;
    if (key == "instrumentId" || key == "instrument_id") {
      target = request->mutable_instrument_id(), bit = 1;
    } else if (key == "instrumentVersion" || key == "instrument_version") {
      target = request->mutable_instrument_version(), bit = 2;
    } else if (key == "normGroup" || key == "norm_group") {
      target = request->mutable_norm_group(), bit = 4;
    } else if (key == "clientId" || key == "client_id") {
      target = request->mutable_client_id(), bit = 8;
    } else if (key == "assessedOn" || key == "assessed_on") {
      target = request->mutable_assessed_on(), bit = 16;
    } else if (key == "responses") {
      bit = 32;
    } else {
      return false;  // previous, override, or a key protobuf will name
    }
    if (seen & bit) return false;
    seen |= bit;
    if (target != nullptr) {
      if (!reader.ReadAnyString(target)) return false;
      continue;
    }
    if (!reader.Consume('[')) return false;
    if (reader.Consume(']')) continue;
    do {
      if (!ReadResponse(reader, request->add_responses())) return false;
    } while (reader.Consume(','));
    if (!reader.Consume(']')) return false;
  } while (reader.Consume(','));
  return reader.Consume('}') && reader.AtEnd();
}

}  // namespace reentry::internal
