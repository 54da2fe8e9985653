// The request paths of reentry::Validate with their row limit as a parameter,
// so tests can check the limit without building ten million rows.
#ifndef REENTRY_SRC_VALIDATE_VALIDATE_INTERNAL_H_
#define REENTRY_SRC_VALIDATE_VALIDATE_INTERNAL_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "reentry/assess/instrument.h"
#include "reentry/v1/validation.pb.h"
#include "reentry/validate/validate.h"

namespace reentry::validate_internal {

// Validate(request) with at most `max_rows` rows.
absl::StatusOr<v1::ValidationReport> ValidateScoreRows(const v1::ValidateRequest& request,
                                                       size_t max_rows);

// Validate(request, instrument) with at most `max_rows` assessed rows.
absl::StatusOr<v1::ValidationReport> ValidateAssessedRows(const v1::ValidateRequest& request,
                                                          const Instrument& instrument,
                                                          size_t max_rows);

// ValidateColumns, counting rows per distinct score (instead of sorting
// them) only while there are at most `max_counted_scores` distinct scores; 0
// always sorts. Tests run both ways.
absl::StatusOr<v1::ValidationReport> ValidateColumnsWith(absl::Span<const double> scores,
                                                         absl::Span<const uint8_t> outcomes,
                                                         absl::Span<const int32_t> group_index,
                                                         absl::Span<const std::string> group_names,
                                                         const ValidateOptions& options,
                                                         size_t max_counted_scores);

}  // namespace reentry::validate_internal

#endif  // REENTRY_SRC_VALIDATE_VALIDATE_INTERNAL_H_
