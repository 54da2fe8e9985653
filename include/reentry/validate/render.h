// reentry/validate/render.h: a validation report for people to read.
//
// RenderValidationHtml turns a ValidationReport into one self-contained HTML
// file a jurisdiction can publish or attach to a decision: the ROC curve per
// group with its AUC and interval, the calibration plot (observed outcome rate
// per score or level, with Wilson intervals, per group), a table of error rates
// and predictive values side by side per group with their ratios to the
// overall rates, and a paragraph on reading calibration against error-rate
// balance. The file loads nothing: no scripts, no fonts, no images from
// anywhere (the plots are inline SVG, the fonts the reader's system fonts), so
// it opens the same offline and in years. Every label from the report is
// HTML-escaped.
//
// RenderValidationText is the same report for a terminal: fixed-width tables,
// labels with control characters escaped.
#ifndef REENTRY_VALIDATE_RENDER_H_
#define REENTRY_VALIDATE_RENDER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "reentry/v1/validation.pb.h"

namespace reentry {

// The report as an HTML document (UTF-8) titled `title`.
std::string RenderValidationHtml(const v1::ValidationReport& report, absl::string_view title);

// The report as plain text (UTF-8), lines ending in '\n'.
std::string RenderValidationText(const v1::ValidationReport& report);

}  // namespace reentry

#endif  // REENTRY_VALIDATE_RENDER_H_
