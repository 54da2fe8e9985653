// reentry/monitor/render.h: a compliance report for people.
#ifndef REENTRY_MONITOR_RENDER_H_
#define REENTRY_MONITOR_RENDER_H_

#include <string>

#include "reentry/v1/monitor.pb.h"

namespace reentry {

// The report as fixed-width text: the recommendation and its criteria first
// (what the officer acts on), then overdue and upcoming tasks, contacts due,
// junctions, rates and dosage, responses, reassessment, overdue reports and
// notes.
std::string RenderComplianceReportText(const v1::ComplianceReport& report);

// Words for a contact type ("face to face"), a junction ("the first 72 hours
// after release") and a recommendation ("step up").
std::string ContactTypeWords(v1::ContactType type);
std::string JunctionWords(v1::JunctionKind kind);
std::string DirectionWords(v1::Recommendation::Direction direction);

}  // namespace reentry

#endif  // REENTRY_MONITOR_RENDER_H_
