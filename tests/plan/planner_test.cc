// Hand-worked plans. Every date below was counted on the 2026-2028 calendar
// with the federal holidays of us_federal (observed dates): 2026-11-11
// Veterans Day (Wed), 2026-11-26 Thanksgiving, 2026-12-25 Christmas (Fri),
// 2027-01-01 New Year's Day (Fri), 2027-01-18 MLK Day, 2027-11-25
// Thanksgiving, 2027-12-24 Christmas observed (Dec 25 is a Saturday),
// 2027-12-31 New Year's Day 2028 observed (Jan 1 is a Saturday).
// The test catalog's windows are in tests/plan/test_catalog.h.

#include "reentry/plan/planner.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/status.h"
#include "test_catalog.h"

namespace reentry {
namespace {

using testing::Assessments;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::NeedSpec;

struct Dates {
  std::string start, end, due;
  std::optional<int> slack;
  bool critical = false;
};

const v1::Task* FindTask(const v1::CasePlan& plan, const std::string& id) {
  for (const v1::Task& task : plan.tasks()) {
    if (task.task_id() == id) return &task;
  }
  ADD_FAILURE() << "no task " << id;
  return nullptr;
}

void ExpectTask(const v1::CasePlan& plan, const std::string& id, const Dates& expected) {
  SCOPED_TRACE(id);
  const v1::Task* task = FindTask(plan, id);
  if (task == nullptr) return;
  EXPECT_EQ(task->start_on(), expected.start);
  EXPECT_EQ(task->end_on(), expected.end);
  EXPECT_EQ(task->due_on(), expected.due);
  if (expected.slack) {
    ASSERT_TRUE(task->has_slack_business_days());
    EXPECT_EQ(task->slack_business_days(), *expected.slack);
  } else {
    EXPECT_FALSE(task->has_slack_business_days());
  }
  EXPECT_EQ(task->critical(), expected.critical);
}

std::vector<std::string> TaskIds(const v1::CasePlan& plan) {
  std::vector<std::string> ids;
  for (const v1::Task& task : plan.tasks()) ids.push_back(task.task_id());
  return ids;
}

std::vector<std::string> GoalIds(const v1::CasePlan& plan) {
  std::vector<std::string> ids;
  for (const v1::Goal& goal : plan.goals()) ids.push_back(goal.goal_id());
  return ids;
}

class Planning : public ::testing::Test {
 protected:
  absl::StatusOr<v1::CasePlan> Plan(const v1::PlanRequest& request) {
    return MakePlan(request, *catalog_, *calendar_);
  }

  std::shared_ptr<const Catalog> catalog_ = testing::TestCatalog();
  std::shared_ptr<const Calendar> calendar_ = testing::UsFederal();
};

// Person A: moderate risk, in custody, released Monday 2027-01-04 (R), plan
// from Monday 2026-11-02 (P).
v1::PlanRequest PersonA() {
  v1::PlanRequest request;
  request.set_client_id("a");
  request.set_plan_start_on("2026-11-02");
  request.mutable_person()->set_phase(v1::PHASE_INSTITUTION);
  request.mutable_person()->set_admitted_on("2026-01-05");
  request.mutable_person()->set_projected_release_on("2027-01-04");
  for (auto& result :
       Assessments({{"housing", v1::TIER_MODERATE, 4, true, false},
                    {"finances_id", v1::TIER_HIGH, 3, true, false},
                    {"employment", v1::TIER_HIGH, 1, false, true},
                    {"substance_use", v1::TIER_HIGH, 2, false, true},
                    {"antisocial_cognition", v1::TIER_MODERATE, 5, false, true},
                    {"transportation", v1::TIER_LOW, 6, false, false}},
                   v1::TIER_MODERATE, "2026-10-20", {"literacy"}, {"family_support"})) {
    *request.add_assessments() = result;
  }
  return request;
}

TEST_F(Planning, ModerateRiskPlanCrossesAWeekendVeteransDayAndThanksgiving) {
  auto plan = Plan(PersonA());
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->version(), 1);
  EXPECT_EQ(plan->intensity(), v1::INTENSITY_MODERATE);
  EXPECT_EQ(plan->risk_level(), "medium");
  EXPECT_EQ(plan->dosage_target_hours(), 100);
  // Criminogenic: job (30 + 5) and treatment (2); thinking is deferred.
  EXPECT_EQ(plan->planned_dosage_hours(), 37);
  // Everyone first; survival in rank order (ID 3, housing 4); then
  // criminogenic in rank order, capped at two.
  EXPECT_THAT(GoalIds(*plan), ElementsAre("release_planning.first_day", "finances_id.id_short",
                                          "housing.housing_short", "employment.job_short",
                                          "substance_use.sud_short"));
  EXPECT_EQ(plan->goals(2).priority(), 3);
  EXPECT_TRUE(plan->goals(1).survival());
  EXPECT_TRUE(plan->goals(3).criminogenic());
  EXPECT_EQ(plan->goals(1).provenance().level(), "high");
  EXPECT_EQ(plan->goals(1).provenance().instrument_id(), "reentry_needs_screen");
  EXPECT_EQ(plan->goals(1).provenance().rule_id(), "id_short");
  EXPECT_THAT(plan->goals(2).strengths(), ElementsAre("family_support"));
  ASSERT_EQ(plan->uncovered_needs_size(), 1);
  EXPECT_EQ(plan->uncovered_needs(0).domain(), "antisocial_cognition");
  EXPECT_THAT(plan->uncovered_needs(0).reason(), HasSubstr("at most 2 criminogenic domains"));

  // By start date, then id.
  EXPECT_THAT(TaskIds(*plan),
              ElementsAre("employment.job_short.class", "substance_use.sud_short.intake",
                          "finances_id.id_short.state_id", "housing.housing_short.apply",
                          "employment.job_short.job", "housing.housing_short.move_in",
                          "release_planning.first_day.report"));
  // ID: opens R-60 = Thu 11-05, due R-40 = Wed 11-25; 5 days over the weekend
  // and Veterans Day: 11-05, 06, 09, 10, 12. Latest start: 11-25 back 4
  // business days = 11-19; slack: 11-06, 09, 10, 12, 13, 16, 17, 18, 19 = 9.
  ExpectTask(*plan, "finances_id.id_short.state_id", {"2026-11-05", "2026-11-12", "2026-11-25", 9});
  // Housing: opens R-30 = Sat 12-05 -> Mon 12-07 (after the ID ends 11-12);
  // due R-10 = Fri 12-25 (Christmas) -> Thu 12-24; 3 days to 12-09. Latest
  // end: min(12-24, the day before move-in's latest start 01-08 = 01-07) =
  // 12-24, latest start 12-22; slack: 12-08 .. 12-22 = 11 business days.
  ExpectTask(*plan, "housing.housing_short.apply", {"2026-12-07", "2026-12-09", "2026-12-24", 11});
  // Move in: R..R+5 = Mon 01-04 .. Sat 01-09 -> due Fri 01-08; slack 4.
  ExpectTask(*plan, "housing.housing_short.move_in", {"2027-01-04", "2027-01-04", "2027-01-08", 4});
  // Class: from P, 10 days skipping Veterans Day: 11-02 .. 11-16; due R-20 =
  // Tue 12-15; latest start 12-15 back 9 = 12-02; slack 20 (Thanksgiving
  // excluded).
  ExpectTask(*plan, "employment.job_short.class", {"2026-11-02", "2026-11-16", "2026-12-15", 20});
  // Job: R..R+30 = 01-04 .. Wed 02-03; 2 days; latest start 02-02; slack 20
  // (MLK Day 01-18 excluded).
  ExpectTask(*plan, "employment.job_short.job", {"2027-01-04", "2027-01-05", "2027-02-03", 20});
  // Intake: P..P: due the day it starts: slack 0, critical.
  ExpectTask(*plan, "substance_use.sud_short.intake",
             {"2026-11-02", "2026-11-02", "2026-11-02", 0, true});
  // Report: R..R+1 -> due Tue 01-05; slack 1.
  ExpectTask(*plan, "release_planning.first_day.report",
             {"2027-01-04", "2027-01-04", "2027-01-05", 1});
  EXPECT_THAT(plan->critical_path(), ElementsAre("substance_use.sud_short.intake"));
  // Ready: the latest end of the tasks due by release (ID, housing, class,
  // intake): housing on 12-09.
  EXPECT_EQ(plan->ready_on(), "2026-12-09");
  EXPECT_TRUE(plan->conflicts().empty());
  EXPECT_THAT(FindTask(*plan, "housing.housing_short.apply")->prerequisite_task_ids(),
              ElementsAre("finances_id.id_short.state_id"));
  // Literacy adapts the person's tasks only.
  ASSERT_EQ(FindTask(*plan, "finances_id.id_short.state_id")->adaptations_size(), 1);
  EXPECT_EQ(FindTask(*plan, "housing.housing_short.apply")->adaptations_size(), 0);
  EXPECT_EQ(plan->agreement().status(), v1::ParticipantAgreement::STATUS_PENDING);
}

// Person B: low risk, released Monday 2026-12-28 and planned that day, in
// the community.
TEST_F(Planning, LowRiskPersonInTheCommunityGetsOnlyCommunityTasks) {
  v1::PlanRequest request;
  request.set_plan_start_on("2026-12-28");
  request.mutable_person()->set_client_id("b");
  request.mutable_person()->set_phase(v1::PHASE_COMMUNITY);
  request.mutable_person()->set_admitted_on("2025-06-02");
  request.mutable_person()->set_released_on("2026-12-28");
  for (auto& result : Assessments({{"housing", v1::TIER_HIGH, 1, true, false},
                                   {"employment", v1::TIER_MODERATE, 2, false, true},
                                   {"antisocial_cognition", v1::TIER_MODERATE, 3, false, true}},
                                  v1::TIER_LOW, "2026-12-20")) {
    *request.add_assessments() = result;
  }
  auto plan = Plan(request);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->client_id(), "b");
  EXPECT_EQ(plan->intensity(), v1::INTENSITY_LOW);
  EXPECT_EQ(plan->dosage_target_hours(), 0);
  EXPECT_THAT(GoalIds(*plan), ElementsAre("release_planning.first_day", "housing.housing_short",
                                          "employment.job_short"));
  // Low intensity: one criminogenic domain at once.
  ASSERT_EQ(plan->uncovered_needs_size(), 1);
  EXPECT_EQ(plan->uncovered_needs(0).domain(), "antisocial_cognition");
  // The release-phase and institution tasks are past; their successors keep
  // no prerequisite.
  EXPECT_THAT(TaskIds(*plan),
              ElementsAre("employment.job_short.job", "housing.housing_short.move_in",
                          "release_planning.first_day.report"));
  EXPECT_TRUE(FindTask(*plan, "housing.housing_short.move_in")->prerequisite_task_ids().empty());
  // Move in: R+5 = Sat 01-02 -> Thu 12-31 (Fri 01-01 is New Year's Day);
  // slack 12-29, 30, 31 = 3.
  ExpectTask(*plan, "housing.housing_short.move_in", {"2026-12-28", "2026-12-28", "2026-12-31", 3});
  // Job: 12-28, 29; due R+30 = Wed 2027-01-27; latest start 01-26; slack
  // 12-29 .. 01-26 skipping 01-01 and 01-18 = 19.
  ExpectTask(*plan, "employment.job_short.job", {"2026-12-28", "2026-12-29", "2027-01-27", 19});
  // No task is due by release other than on it: report is due R+1.
  EXPECT_EQ(plan->ready_on(), "");
  EXPECT_EQ(plan->planned_dosage_hours(), 5);
}

// Person C: high risk, in custody, released Monday 2028-01-03, planned from
// Wednesday 2027-12-01.
TEST_F(Planning, HighRiskPlanMovesADueDateOffTheObservedChristmas) {
  v1::PlanRequest request;
  request.set_client_id("c");
  request.set_plan_start_on("2027-12-01");
  request.mutable_person()->set_phase(v1::PHASE_INSTITUTION);
  request.mutable_person()->set_admitted_on("2027-01-04");
  request.mutable_person()->set_projected_release_on("2028-01-03");
  for (auto& result : Assessments({{"housing", v1::TIER_HIGH, 4, true, false},
                                   {"employment", v1::TIER_HIGH, 1, false, true},
                                   {"antisocial_cognition", v1::TIER_HIGH, 2, false, true},
                                   {"substance_use", v1::TIER_MODERATE, 3, false, true}},
                                  v1::TIER_HIGH, "2027-11-15")) {
    *request.add_assessments() = result;
  }
  auto plan = Plan(request);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->intensity(), v1::INTENSITY_HIGH);
  EXPECT_EQ(plan->dosage_target_hours(), 200);
  EXPECT_THAT(GoalIds(*plan),
              ElementsAre("release_planning.first_day", "housing.housing_short",
                          "employment.job_short", "antisocial_cognition.cog_short"));
  ASSERT_EQ(plan->uncovered_needs_size(), 1);
  EXPECT_EQ(plan->uncovered_needs(0).domain(), "substance_use");
  // Housing: opens R-30 = Sat 12-04 -> Mon 12-06; due R-10 = Fri 12-24, the
  // observed Christmas -> Thu 12-23. No ID goal, so no prerequisite. Latest
  // start 12-21: slack 12-07 .. 12-21 = 11.
  ExpectTask(*plan, "housing.housing_short.apply", {"2027-12-06", "2027-12-08", "2027-12-23", 11});
  // Class: 12-01 .. 12-14 (10 days); due R-20 = Tue 12-14 exactly: slack 0.
  ExpectTask(*plan, "employment.job_short.class",
             {"2027-12-01", "2027-12-14", "2027-12-14", 0, true});
  // Program: R .. R+4 = 01-03 .. 01-07; due R+60 = Fri 2028-03-03.
  const v1::Task* program = FindTask(*plan, "antisocial_cognition.cog_short.program");
  ASSERT_NE(program, nullptr);
  EXPECT_EQ(program->start_on(), "2028-01-03");
  EXPECT_EQ(program->end_on(), "2028-01-07");
  EXPECT_EQ(program->due_on(), "2028-03-03");
  EXPECT_EQ(plan->planned_dosage_hours(), 55);
  EXPECT_EQ(plan->ready_on(), "2027-12-14");
}

// Person D: released Monday 2028-01-03 but planned only from Monday
// 2027-12-20: the ID and the housing application cannot meet their dates.
v1::PlanRequest PersonD() {
  v1::PlanRequest request;
  request.set_client_id("d");
  request.set_plan_start_on("2027-12-20");
  request.mutable_person()->set_phase(v1::PHASE_INSTITUTION);
  request.mutable_person()->set_admitted_on("2027-06-07");
  request.mutable_person()->set_projected_release_on("2028-01-03");
  for (auto& result : Assessments({{"housing", v1::TIER_MODERATE, 2, true, false},
                                   {"finances_id", v1::TIER_MODERATE, 3, true, false},
                                   {"employment", v1::TIER_HIGH, 1, false, true}},
                                  v1::TIER_MODERATE, "2027-12-10")) {
    *request.add_assessments() = result;
  }
  return request;
}

TEST_F(Planning, ReleaseTooSoonGivesConflictsWithTheirChains) {
  auto plan = Plan(PersonD());
  ASSERT_TRUE(plan.ok()) << plan.status();
  // ID: due R-40 = Wed 2027-11-24, but the plan starts 12-20: 12-20, 21, 22,
  // 23, (24 observed Christmas), 27 -> ends 12-27. Late: 11-26, 29, 30,
  // 12-1..3, 6..10, 13..17, 20..23, 27 = 21 business days (Thanksgiving 11-25
  // and 12-24 excluded).
  ExpectTask(*plan, "finances_id.id_short.state_id",
             {"2027-12-20", "2027-12-27", "2027-11-24", -21, true});
  // Housing: after the ID: Tue 12-28, 29, 30 -> ends 12-30; due Thu 12-23:
  // 4 business days late (12-27, 28, 29, 30). Latest start 12-21: slack -4.
  ExpectTask(*plan, "housing.housing_short.apply",
             {"2027-12-28", "2027-12-30", "2027-12-23", -4, true});
  // Class: due R-20 = Tue 2027-12-14, before the plan starts; 10 days from
  // 12-20 skipping 12-24 and 12-31 (New Year's Day 2028 observed): 12-20,
  // 21, 22, 23, 27, 28, 29, 30, 01-03, 01-04.
  ExpectTask(*plan, "employment.job_short.class",
             {"2027-12-20", "2028-01-04", "2027-12-14", -13, true});
  // Job: after the class ends 01-04: Wed 01-05, 06; latest start 02-01:
  // slack 18 (MLK Day 2028-01-17 excluded).
  ExpectTask(*plan, "employment.job_short.job", {"2028-01-05", "2028-01-06", "2028-02-02", 18});

  // In task order: by start date, then id.
  ASSERT_EQ(plan->conflicts_size(), 3);
  const v1::Conflict& id = plan->conflicts(1);
  EXPECT_EQ(id.task_id(), "finances_id.id_short.state_id");
  EXPECT_EQ(id.business_days_late(), 21);
  EXPECT_TRUE(id.chain().empty());
  EXPECT_THAT(id.reason(), HasSubstr("its own window and length"));
  const v1::Conflict& class_conflict = plan->conflicts(0);
  EXPECT_EQ(class_conflict.task_id(), "employment.job_short.class");
  EXPECT_EQ(class_conflict.end_on(), "2028-01-04");
  EXPECT_EQ(class_conflict.due_on(), "2027-12-14");
  // 12-15, 16, 17, 20, 21, 22, 23, 27, 28, 29, 30, 01-03, 01-04.
  EXPECT_EQ(class_conflict.business_days_late(), 13);
  const v1::Conflict& housing = plan->conflicts(2);
  EXPECT_EQ(housing.task_id(), "housing.housing_short.apply");
  EXPECT_EQ(housing.business_days_late(), 4);
  EXPECT_THAT(housing.chain(), ElementsAre("finances_id.id_short.state_id"));
  EXPECT_THAT(housing.reason(),
              HasSubstr("pushed by the prerequisite chain finances_id.id_short.state_id (ends "
                        "2027-12-27)"));
  // Every conflicting task is critical; move-in keeps slack.
  EXPECT_THAT(plan->critical_path(),
              ElementsAre("employment.job_short.class", "finances_id.id_short.state_id",
                          "housing.housing_short.apply"));
}

TEST_F(Planning, RevisionKeepsDoneWorkAndListsEveryChange) {
  auto first = Plan(PersonA());
  ASSERT_TRUE(first.ok()) << first.status();
  first->mutable_agreement()->set_status(v1::ParticipantAgreement::STATUS_AGREED);

  // Two weeks on: the ID, the intake and the class are done; a
  // reassessment finds housing low now and thinking high.
  v1::PlanRequest request = PersonA();
  request.set_plan_start_on("2026-11-16");
  request.clear_assessments();
  for (auto& result : Assessments({{"housing", v1::TIER_LOW, 5, true, false},
                                   {"finances_id", v1::TIER_HIGH, 2, true, false},
                                   {"employment", v1::TIER_HIGH, 1, false, true},
                                   {"antisocial_cognition", v1::TIER_HIGH, 3, false, true},
                                   {"substance_use", v1::TIER_MODERATE, 4, false, true}},
                                  v1::TIER_MODERATE, "2026-11-13")) {
    *request.add_assessments() = result;
  }
  *request.mutable_previous() = *first;
  auto progress = [&](const std::string& id, v1::TaskStatus status, const std::string& started,
                      const std::string& completed) {
    v1::TaskProgress* entry = request.add_progress();
    entry->set_task_id(id);
    entry->set_status(status);
    entry->set_started_on(started);
    entry->set_completed_on(completed);
  };
  progress("finances_id.id_short.state_id", v1::TASK_STATUS_COMPLETED, "2026-11-05", "2026-11-12");
  progress("substance_use.sud_short.intake", v1::TASK_STATUS_COMPLETED, "2026-11-02", "2026-11-02");
  progress("employment.job_short.class", v1::TASK_STATUS_COMPLETED, "2026-11-02", "2026-11-16");

  auto plan = Plan(request);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->version(), 2);
  // Thinking (high) now outranks treatment (moderate) under the cap of two;
  // treatment's done intake keeps its goal, last.
  EXPECT_THAT(GoalIds(*plan), ElementsAre("release_planning.first_day", "finances_id.id_short",
                                          "employment.job_short", "antisocial_cognition.cog_short",
                                          "substance_use.sud_short"));
  ExpectTask(*plan, "finances_id.id_short.state_id",
             {"2026-11-05", "2026-11-12", "2026-11-25", std::nullopt});
  EXPECT_EQ(FindTask(*plan, "finances_id.id_short.state_id")->status(), v1::TASK_STATUS_COMPLETED);
  ExpectTask(*plan, "employment.job_short.class",
             {"2026-11-02", "2026-11-16", "2026-12-15", std::nullopt});
  EXPECT_EQ(FindTask(*plan, "employment.job_short.class")->status(), v1::TASK_STATUS_COMPLETED);
  ExpectTask(*plan, "antisocial_cognition.cog_short.program",
             {"2027-01-04", "2027-01-08", "2027-03-05", 38});
  EXPECT_EQ(plan->goals(1).status(), v1::GOAL_STATUS_ACHIEVED);
  EXPECT_EQ(plan->goals(2).status(), v1::GOAL_STATUS_IN_PROGRESS);
  EXPECT_EQ(plan->goals(4).status(), v1::GOAL_STATUS_ACHIEVED);
  EXPECT_EQ(plan->planned_dosage_hours(), 57);

  ASSERT_EQ(plan->diff().from_version(), 1);
  std::vector<std::string> changes;
  for (const v1::PlanChange& change : plan->diff().changes()) {
    changes.push_back(absl::StrCat(v1::PlanChange::Kind_Name(change.kind()), " ", change.id(), " [",
                                   change.before(), " -> ", change.after(), "]"));
  }
  EXPECT_THAT(changes,
              ElementsAre("KIND_GOAL_ADDED antisocial_cognition.cog_short [ -> priority 4]",
                          "KIND_GOAL_REPRIORITIZED employment.job_short [priority 4 -> priority 3]",
                          "KIND_GOAL_REMOVED housing.housing_short [priority 3 -> ]",
                          "KIND_TASK_ADDED antisocial_cognition.cog_short.program [ -> "
                          "2027-01-04..2027-01-08 due 2027-03-05]",
                          "KIND_TASK_REMOVED housing.housing_short.apply [2026-12-07..2026-12-09 "
                          "due 2026-12-24 -> ]",
                          "KIND_TASK_REMOVED housing.housing_short.move_in [2027-01-04..2027-01-04 "
                          "due 2027-01-08 -> ]"));
  EXPECT_THAT(plan->diff().changes(2).reason(),
              HasSubstr("need housing is now low, below the threshold"));
  EXPECT_THAT(plan->diff().changes(0).reason(), HasSubstr("antisocial_cognition is high"));
  // The goals changed: the person's agreement is needed again.
  EXPECT_EQ(plan->agreement().status(), v1::ParticipantAgreement::STATUS_PENDING);
}

TEST_F(Planning, CriminogenicNeedsFollowTheAssessmentsRankOrder) {
  // The instrument ranked thinking (moderate) first: its order holds, even
  // against a higher tier further down; the cap of two defers employment.
  v1::PlanRequest request = PersonA();
  request.clear_assessments();
  for (auto& result : Assessments({{"antisocial_cognition", v1::TIER_MODERATE, 1, false, true},
                                   {"substance_use", v1::TIER_HIGH, 2, false, true},
                                   {"employment", v1::TIER_HIGH, 3, false, true}},
                                  v1::TIER_MODERATE, "2026-10-20")) {
    *request.add_assessments() = result;
  }
  auto plan = Plan(request);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(GoalIds(*plan),
              ElementsAre("release_planning.first_day", "antisocial_cognition.cog_short",
                          "substance_use.sud_short"));
  ASSERT_EQ(plan->uncovered_needs_size(), 1);
  EXPECT_EQ(plan->uncovered_needs(0).domain(), "employment");
  EXPECT_THAT(plan->uncovered_needs(0).reason(), HasSubstr("deferred"));
}

TEST_F(Planning, SameRequestGivesTheSameBytes) {
  auto a = Plan(PersonD());
  auto b = Plan(PersonD());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->SerializeAsString(), b->SerializeAsString());
}

TEST_F(Planning, WithoutARiskAssessmentSaysSo) {
  v1::PlanRequest request = PersonA();
  request.clear_assessments();
  for (auto& result : Assessments({{"housing", v1::TIER_MODERATE, 1, true, false}},
                                  v1::TIER_UNSPECIFIED, "2026-10-20")) {
    *request.add_assessments() = result;
  }
  auto plan = Plan(request);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->intensity(), v1::INTENSITY_UNSPECIFIED);
  EXPECT_THAT(plan->intensity_note(), HasSubstr("No assessment gives a risk tier"));
  EXPECT_EQ(plan->dosage_target_hours(), 0);
}

TEST_F(Planning, NamesTheFieldOfBadInput) {
  const auto expect_invalid = [&](v1::PlanRequest request, const std::string& field,
                                  const std::string& message) {
    SCOPED_TRACE(field);
    auto plan = Plan(request);
    ASSERT_EQ(plan.status().code(), absl::StatusCode::kInvalidArgument) << plan.status();
    EXPECT_EQ(ErrorField(plan.status()), field);
    EXPECT_THAT(std::string(plan.status().message()), HasSubstr(message));
  };
  v1::PlanRequest request = PersonA();
  request.clear_plan_start_on();
  expect_invalid(request, "plan_start_on", "is required");
  request = PersonA();
  request.set_plan_start_on("2026-13-01");
  expect_invalid(request, "plan_start_on", "not a calendar date");
  request = PersonA();
  request.mutable_person()->set_projected_release_on("2025-12-31");
  expect_invalid(request, "person.projected_release_on",
                 "2025-12-31 is before person.admitted_on 2026-01-05");
  request = PersonA();
  request.mutable_person()->set_released_on("2026-2-3");
  expect_invalid(request, "person.released_on", "not a date of the form YYYY-MM-DD");
  request = PersonA();
  request.clear_assessments();
  expect_invalid(request, "assessments", "at least one assessment");
  request = PersonA();
  request.add_progress()->set_task_id("x");
  expect_invalid(request, "progress", "give it as `previous`");
  auto first = Plan(PersonA());
  ASSERT_TRUE(first.ok());
  request = PersonA();
  *request.mutable_previous() = *first;
  request.add_progress()->set_task_id("housing.housing_short.paint");
  request.mutable_progress(0)->set_status(v1::TASK_STATUS_COMPLETED);
  expect_invalid(request, "progress[0].task_id", "not a task of the previous plan");
  request.mutable_progress(0)->set_task_id("housing.housing_short.apply");
  request.mutable_progress(0)->set_completed_on("yesterday");
  expect_invalid(request, "progress[0].completed_on", "not a date");
  request = PersonA();
  request.set_catalog_id("other");
  expect_invalid(request, "catalog_id", "names catalog 'other'");
  request = PersonA();
  request.mutable_person()->clear_phase();
  request.mutable_person()->clear_admitted_on();
  request.mutable_person()->clear_projected_release_on();
  expect_invalid(request, "person.phase", "is required");
}

TEST_F(Planning, AMissingAnchorDateIsNotedNotGuessed) {
  v1::PlanRequest request = PersonA();
  request.mutable_person()->clear_projected_release_on();
  auto plan = Plan(request);
  ASSERT_TRUE(plan.ok()) << plan.status();
  const v1::Task* id = FindTask(*plan, "finances_id.id_short.state_id");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->due_on(), "");
  EXPECT_EQ(id->start_on(), "2026-11-02");
  ASSERT_EQ(id->notes_size(), 1);
  EXPECT_THAT(id->notes(0), HasSubstr("anchored to release"));
  EXPECT_EQ(plan->ready_on(), "");
}

}  // namespace
}  // namespace reentry
