// Hand-worked summaries of person M (tests/monitor/fixture.h): goal progress
// from the plan and the events, the monitoring numbers, highlights in order
// of urgency, and the Markdown a supervisor reads.
#include "reentry/summary/summary.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "monitor/fixture.h"
#include "reentry/status.h"
#include "reentry/v1/engine.pb.h"

namespace reentry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace reentry::testing;  // NOLINT: the fixture's builders

v1::SummarizeRequest SummaryM(const std::string& as_of) {
  const v1::MonitorRequest monitor = RequestM(as_of);
  v1::SummarizeRequest request;
  *request.mutable_plan() = monitor.plan();
  request.set_as_of(as_of);
  request.set_supervision_level(monitor.supervision_level());
  *request.mutable_person() = monitor.person();
  request.mutable_person()->set_phase(v1::PHASE_COMMUNITY);
  request.mutable_person()->set_admitted_on("2025-06-02");
  request.mutable_person()->set_supervision_end_on("2029-03-15");
  return request;
}

class Summarizing : public ::testing::Test {
 protected:
  absl::StatusOr<v1::ProgressSummary> Run(const v1::SummarizeRequest& request) {
    return Summarize(request, *BuiltinPolicy(), *FederalCalendar());
  }
};

// On Tue 2027-06-01: the report and the intake done; two treatment sessions
// attended; the housing application and the class overdue; a positive test
// on 05-20 (a relapse junction to 06-03, and a step up).
v1::SummarizeRequest JuneFirst() {
  v1::SummarizeRequest request = SummaryM("2027-06-01");
  v1::MonitorRequest events;
  Done(&events, "d1", "2027-03-16", "release.report");
  Done(&events, "d2", "2027-03-19", "sud.intake");
  Attend(&events, "s1", "2027-04-05", "sud.program", v1::Attendance::STATUS_ATTENDED, 4);
  Attend(&events, "s2", "2027-04-12", "sud.program", v1::Attendance::STATUS_ATTENDED, 4);
  DrugTested(&events, "t1", "2027-05-20", v1::DrugTest::RESULT_POSITIVE);
  *request.mutable_events() = events.events();
  v1::AssessmentResult* pattern = request.add_assessments();
  pattern->set_instrument_id("pattern");
  pattern->set_instrument_version("1.2");
  pattern->set_assessed_on("2027-05-03");
  pattern->set_risk_tier(v1::TIER_MODERATE);
  pattern->set_risk_scale_id("general");
  pattern->set_next_reassessment_on("2027-11-03");
  v1::ScaleResult* general = pattern->add_scales();
  general->set_scale_id("general");
  general->set_final_level("medium");
  v1::Change* change = pattern->mutable_change();
  change->set_previous_assessed_on("2026-11-02");
  v1::ScaleChange* moved = change->add_scales();
  moved->set_scale_id("general");
  moved->set_previous_level("high");
  moved->set_level("medium");
  v1::AssessmentResult* screen = request.add_assessments();
  screen->set_instrument_id("reentry_needs_screen");
  screen->set_instrument_version("1.0");
  screen->set_assessed_on("2026-11-02");
  v1::NeedResult* need = screen->add_needs();
  need->set_domain("housing");
  need->set_level("high");
  return request;
}

TEST_F(Summarizing, GoalsProgressFromThePlanAndTheEvents) {
  auto summary = Run(JuneFirst());
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->goals_size(), 4);
  // release: its one task done. housing: its task overdue, not started.
  // sud: intake done, program attended: in progress. job: class overdue.
  const auto& release = summary->goals(0);
  EXPECT_EQ(release.status(), v1::GOAL_STATUS_ACHIEVED);
  EXPECT_EQ(release.tasks_completed(), 1);
  EXPECT_EQ(release.next_task_id(), "");
  const auto& housing = summary->goals(1);
  EXPECT_EQ(housing.status(), v1::GOAL_STATUS_NOT_STARTED);
  EXPECT_EQ(housing.tasks_overdue(), 1);
  EXPECT_EQ(housing.next_due_on(), "2027-05-07");
  const auto& sud = summary->goals(2);
  EXPECT_EQ(sud.status(), v1::GOAL_STATUS_IN_PROGRESS);
  EXPECT_EQ(sud.tasks_total(), 2);
  EXPECT_EQ(sud.tasks_completed(), 1);
  EXPECT_EQ(sud.next_task_id(), "sud.program");
  const auto& job = summary->goals(3);
  EXPECT_EQ(job.status(), v1::GOAL_STATUS_NOT_STARTED);
  EXPECT_EQ(job.tasks_total(), 3);
  EXPECT_EQ(job.tasks_overdue(), 1);
  // The open task due first; job.keep (no due date) comes after.
  EXPECT_EQ(job.next_task_id(), "job.class");
  EXPECT_EQ(summary->goals_achieved(), 1);
  EXPECT_EQ(summary->tasks_completed(), 2);
  EXPECT_EQ(summary->tasks_total(), 7);
  // The monitoring numbers.
  EXPECT_EQ(summary->tasks_due(), 4);
  EXPECT_EQ(summary->tasks_completed_on_time(), 2);
  EXPECT_EQ(summary->dosage().delivered_hours(), 8);
  EXPECT_EQ(summary->recommendation().direction(), v1::Recommendation::DIRECTION_STEP_UP);
  EXPECT_EQ(summary->dates().released_on(), "2027-03-15");
  EXPECT_EQ(summary->dates().next_reassessment_on(), "2027-11-03");
  EXPECT_EQ(summary->phase(), v1::PHASE_COMMUNITY);
}

TEST_F(Summarizing, HighlightsTheMostUrgentFirst) {
  auto summary = Run(JuneFirst());
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_THAT(
      summary->highlights(),
      ElementsAre(
          "Step up: a positive or refused drug test in the 30 days up to as_of: 1 test on "
          "2027-05-20 (t1).",
          "In a junction of vulnerability: a positive or refused test, 2027-05-20 to 2027-06-03.",
          "2 tasks overdue: apply (due 2027-05-07, 16 business days); class (due 2027-05-28, 1 "
          "business day).",
          "A face to face contact is overdue: due 2027-03-18, 75 days ago.",
          "A home visit is overdue: due 2027-04-14, 48 days ago.",
          "1 of 4 goals achieved; 2 of 7 tasks done, 50% of those due on time; 8 of 100 hours of "
          "programming delivered."));
}

TEST_F(Summarizing, AssessmentsLatestFirstWithTheirChange) {
  auto summary = Run(JuneFirst());
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->assessments_size(), 2);
  EXPECT_EQ(summary->assessments(0).instrument_id(), "pattern");
  EXPECT_EQ(summary->assessments(0).risk_level(), "medium");
  EXPECT_EQ(summary->assessments(1).instrument_id(), "reentry_needs_screen");
  EXPECT_THAT(summary->assessments(1).needs(), ElementsAre("housing (high)"));
  const std::string markdown = RenderSummaryMarkdown(*summary);
  EXPECT_THAT(markdown, HasSubstr("# Continuum of Care Progress Summary: m\n"));
  EXPECT_THAT(markdown, HasSubstr("| pattern 1.2 | 2027-05-03 | medium (general) | - | since "
                                  "2026-11-02: general high → medium |"));
  EXPECT_THAT(markdown, HasSubstr("| 2025-06-02 | 2027-03-15 | 2027-03-15 to 2029-03-15 | "
                                  "2027-11-03 |"));
  EXPECT_THAT(markdown, HasSubstr("| 3 | sud | in progress | 1 of 2 | program | 2027-06-30 |"));
  EXPECT_THAT(markdown, HasSubstr("## Recommendation: step up"));
  EXPECT_THAT(markdown, HasSubstr("- face to face: next due 2027-03-18 (**overdue** 75 days)"));
}

TEST_F(Summarizing, ThroughTheEngineWithMarkdownAndErrorsNamingTheField) {
  auto response = SharedEngine().Call<v1::SummarizeResponse>(JuneFirst());
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->markdown(), RenderSummaryMarkdown(response->summary()));
  v1::SummarizeRequest bad = JuneFirst();
  bad.mutable_events(2)->mutable_attendance()->set_task_id("nope");
  response = SharedEngine().Call<v1::SummarizeResponse>(bad);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(response.status()), "events[2].attendance.task_id");
  bad = JuneFirst();
  bad.clear_as_of();
  response = SharedEngine().Call<v1::SummarizeResponse>(bad);
  EXPECT_EQ(ErrorField(response.status()), "as_of");
}

}  // namespace
}  // namespace reentry
