// A fast reader for the common shape of a ScoreRequest in proto3 JSON.
//
// protobuf 3.21's JSON parser costs far more than scoring itself, so the
// serialized Score call reads the plain shape it nearly always receives
// (string fields and a list of responses) directly. Any other input (a
// previous result, an override, unknown or repeated keys, nulls, numbers as
// strings) is left to protobuf's parser, which
// accepts all of proto3 JSON and words every error, so both paths give the
// same request (tests/engine/score_request_json_test.cc checks it).
#ifndef REENTRY_SRC_ASSESS_SCORE_REQUEST_JSON_H_
#define REENTRY_SRC_ASSESS_SCORE_REQUEST_JSON_H_

#include "absl/strings/string_view.h"
#include "reentry/v1/assessment.pb.h"

namespace reentry::internal {

// True when `json` was read into `request` (which must be empty); false when
// protobuf's parser must read it (not necessarily an error).
bool ParseScoreRequestJsonFast(absl::string_view json, v1::ScoreRequest* request);

}  // namespace reentry::internal

#endif  // REENTRY_SRC_ASSESS_SCORE_REQUEST_JSON_H_
