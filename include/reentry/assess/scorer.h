// reentry/assess/scorer.h: scoring one assessment.
//
// ScoreAssessment turns item responses into an AssessmentResult: for every
// scale its raw score, scaled score, level and flag, with the contribution of
// every item (the explanation trace); the ranked criminogenic needs; strengths
// and responsivity factors; missing items; a professional override kept
// beside the computed level; change against a previous result; and the next
// reassessment date. Scoring is a pure function of the instrument and the
// request: no clock, no I/O, no shared state.
//
// Bad input is rejected with INVALID_ARGUMENT and a message naming the field
// and item: an unknown item, an answer of the wrong kind, an impossible value
// (a negative count, an age below the instrument's minimum), a missing item the
// instrument requires, a malformed date, an override without a reason.
#ifndef REENTRY_ASSESS_SCORER_H_
#define REENTRY_ASSESS_SCORER_H_

#include "absl/status/statusor.h"
#include "reentry/assess/instrument.h"
#include "reentry/v1/assessment.pb.h"

namespace reentry {

// Scores `request` against `instrument`. The request's instrument_id and
// instrument_version may be empty; if set they must name `instrument`.
absl::StatusOr<v1::AssessmentResult> ScoreAssessment(const Instrument& instrument,
                                                     const v1::ScoreRequest& request);

// The same, into a result the caller owns: cleared first, and best kept and
// reused (or allocated on a protobuf Arena) by hosts that score many
// assessments, since a reused result keeps its memory. On failure the result
// is unspecified.
absl::Status ScoreAssessment(const Instrument& instrument, const v1::ScoreRequest& request,
                             v1::AssessmentResult* result);

}  // namespace reentry

#endif  // REENTRY_ASSESS_SCORER_H_
