// The request paths of reentry::Validate with their row limit as a parameter,
// so tests can check the limit without building ten million rows.
#ifndef REENTRY_SRC_VALIDATE_VALIDATE_INTERNAL_H_
#define REENTRY_SRC_VALIDATE_VALIDATE_INTERNAL_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "reentry/assess/instrument.h"
#include "reentry/v1/validation.pb.h"

namespace reentry::validate_internal {

// Validate(request) with at most `max_rows` rows.
absl::StatusOr<v1::ValidationReport> ValidateScoreRows(const v1::ValidateRequest& request,
                                                       size_t max_rows);

// Validate(request, instrument) with at most `max_rows` assessed rows.
absl::StatusOr<v1::ValidationReport> ValidateAssessedRows(const v1::ValidateRequest& request,
                                                          const Instrument& instrument,
                                                          size_t max_rows);

}  // namespace reentry::validate_internal

#endif  // REENTRY_SRC_VALIDATE_VALIDATE_INTERNAL_H_
