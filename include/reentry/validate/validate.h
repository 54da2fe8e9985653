// reentry/validate/validate.h: local validation and fairness of a risk instrument.
//
// Before and while a jurisdiction uses an instrument, it must check that the
// instrument predicts well for its own people, and equally well across groups.
// From one row per person (score, outcome, group) these functions compute, per
// group and overall:
//
//   - the confusion counts at a threshold (predicted positive when
//     score >= positive_from), the false positive and false negative rates,
//     the positive and negative predictive values, and each group's rates
//     divided by the overall ones (error-rate balance);
//   - the AUC (the Mann-Whitney probability that a random person whose outcome
//     happened outscores a random person whose outcome did not, ties one half)
//     with DeLong's 95% interval, and the ROC curve;
//   - calibration: the observed outcome rate per distinct score, or per level,
//     with Wilson 95% intervals.
//
// The fields and their definitions are in proto/reentry/v1/validation.proto.
// A value that cannot be computed (a rate whose denominator is 0) is absent
// and GroupReport.undefined says why; no NaN is ever reported.
//
// Everything is a pure function of its inputs: no engine, clock or I/O, no
// shared state, so any number of threads may call at once. The cost is one
// pass over the rows while they have at most 4,096 distinct scores (rows are
// then counted per score, and only the distinct scores sorted); otherwise the
// rows are radix-sorted by score and passed over twice, with 32 bytes per row
// of working memory (the 16-byte sort records and the sort's second buffer).
//
// Bad input is INVALID_ARGUMENT naming the field and row, e.g.
// "rows[17].score: NaN is not a score" or "outcomes[3]: 2 is not 0 or 1".
#ifndef REENTRY_VALIDATE_VALIDATE_H_
#define REENTRY_VALIDATE_VALIDATE_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "reentry/assess/instrument.h"
#include "reentry/v1/validation.pb.h"

namespace reentry {

// The most rows one ValidateRequest may carry in `rows`.
inline constexpr int kMaxValidationRows = 10'000'000;
// The most rows one ValidateRequest may carry in `assessed_rows`.
inline constexpr int kMaxAssessedRows = 1'000'000;
// The most rows the columnar path takes in one call (counts are int32 in the
// report).
inline constexpr size_t kMaxValidationColumnRows = 2'147'483'647;
// The most calibration levels.
inline constexpr int kMaxCalibrationLevels = 1'000;
// Defaults of ValidateRequest.max_roc_points and .max_calibration_scores.
inline constexpr int kDefaultMaxRocPoints = 1'000;
inline constexpr int kDefaultMaxCalibrationScores = 200;

// The z of a two-sided 95% normal interval: the 0.975 quantile of the standard
// normal distribution, used by the AUC and Wilson intervals.
inline constexpr double kZ95 = 1.959963984540054;

// Validates the score rows of `request` (`rows`, `positive_from`, `levels`).
// A request with `assessed_rows` needs the instrument: use the overload below.
absl::StatusOr<v1::ValidationReport> Validate(const v1::ValidateRequest& request);

// Scores every `assessed_rows` entry of `request` with `instrument` (through
// the batch path, ScoreColumns; the scores equal single scoring with
// ScoreAssessment exactly), takes the score of `scale_id` that `score_kind`
// names, and validates those scores. The request's instrument_id and
// instrument_version may be empty; if set they must name `instrument`. A row
// that single scoring would reject fails the call with that error, its field
// prefixed by the row ("assessed_rows[4].responses[2].number: ...").
absl::StatusOr<v1::ValidationReport> Validate(const v1::ValidateRequest& request,
                                              const Instrument& instrument);

// A calibration level: from `min` (inclusive) to the next level's min.
struct CalibrationLevel {
  std::string level;
  double min = 0;
};

// What ValidateColumns needs besides the columns.
struct ValidateOptions {
  // Required: predicted positive when score >= positive_from. NaN (the
  // default) is rejected, so the threshold is never left unset by accident.
  double positive_from = std::numeric_limits<double>::quiet_NaN();
  // As ValidateRequest.levels: empty means calibrate per distinct score.
  std::vector<CalibrationLevel> levels;
  // As ValidateRequest.max_roc_points / max_calibration_scores (> 0).
  int max_roc_points = kDefaultMaxRocPoints;
  int max_calibration_scores = kDefaultMaxCalibrationScores;
};

// The columnar path for large cohorts (reentry_validate_columns in C): row i
// is (scores[i], outcomes[i], group_names[group_index[i]]). `outcomes` holds 0
// or 1. `group_index` is empty for a report without groups (then `group_names`
// must be empty too), else one index per row into `group_names`, whose labels
// must be unique, non-empty and valid UTF-8. Every named group is reported,
// ordered by label, even one no row belongs to (with n = 0). Nothing is
// allocated per row beyond the sort's working memory (see the top of this
// file), and nothing at all per row when the rows are counted per score.
absl::StatusOr<v1::ValidationReport> ValidateColumns(absl::Span<const double> scores,
                                                     absl::Span<const uint8_t> outcomes,
                                                     absl::Span<const int32_t> group_index,
                                                     absl::Span<const std::string> group_names,
                                                     const ValidateOptions& options);

// The AUC of `scores` against `outcomes` (0 or 1) with its DeLong interval,
// for callers who want the discrimination figure alone.
struct AucEstimate {
  // 2U: twice the Mann-Whitney count of (positive, negative) pairs where the
  // positive scores higher, ties counting one (so it is an exact integer).
  uint64_t twice_mann_whitney_u = 0;
  uint64_t positives = 0;
  uint64_t negatives = 0;
  // Each is absent as in GroupReport (no positives or no negatives; fewer than
  // two of either for the interval).
  std::optional<double> auc;
  std::optional<double> standard_error;
  std::optional<double> lower;
  std::optional<double> upper;
};
absl::StatusOr<AucEstimate> AucWithInterval(absl::Span<const double> scores,
                                            absl::Span<const uint8_t> outcomes);

}  // namespace reentry

#endif  // REENTRY_VALIDATE_VALIDATE_H_
