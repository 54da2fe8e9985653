// Hand-worked monitoring reports. Dates were counted on us_federal: 2027-05-31
// Memorial Day (Mon), 2027-06-18 Juneteenth observed (Jun 19 is a Saturday),
// 2027-07-05 Independence Day observed (Jul 4 is a Sunday). Person M (see
// fixture.h) was released and began supervision on Monday 2027-03-15.
#include "reentry/monitor/monitor.h"

#include <string>
#include <vector>

#include "fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reentry/status.h"

namespace reentry {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace reentry::testing;  // NOLINT: the fixture's builders

class Monitoring : public ::testing::Test {
 protected:
  absl::StatusOr<v1::ComplianceReport> Run(const v1::MonitorRequest& request) {
    return Monitor(request, *policy_, *calendar_);
  }
  absl::StatusOr<v1::ComplianceReport> Run(const v1::MonitorRequest& request,
                                           const Policy& policy) {
    return Monitor(request, policy, *calendar_);
  }

  // The builtin policy with `edit` applied, compiled.
  template <typename Edit>
  std::shared_ptr<const Policy> PolicyWith(Edit edit) {
    v1::PolicyDefinition definition = policy_->definition();
    edit(definition);
    auto policy = Policy::Compile(definition, {"us_federal"});
    EXPECT_TRUE(policy.ok()) << policy.status();
    return *policy;
  }

  std::shared_ptr<const Policy> policy_ = BuiltinPolicy();
  std::shared_ptr<const Calendar> calendar_ = FederalCalendar();
};

std::vector<std::string> OverdueIds(const v1::ComplianceReport& report) {
  std::vector<std::string> ids;
  for (const auto& task : report.overdue_tasks()) {
    ids.push_back(
        absl::StrCat(task.task_id(), " ", task.due_on(), " ", task.business_days_overdue()));
  }
  return ids;
}

const v1::Criterion* FindCriterion(const v1::ComplianceReport& report, const std::string& id) {
  for (const auto& c : report.recommendation().criteria()) {
    if (c.criterion_id() == id) return &c;
  }
  ADD_FAILURE() << "no criterion " << id;
  return nullptr;
}

// The step-down criteria that are missing.
std::vector<std::string> Missing(const v1::ComplianceReport& report) {
  std::vector<std::string> ids;
  for (const auto& c : report.recommendation().criteria()) {
    if (c.rule() == v1::Criterion::RULE_STEP_DOWN && !c.met()) ids.push_back(c.criterion_id());
  }
  return ids;
}

// The step-up triggers that fired.
std::vector<std::string> Fired(const v1::ComplianceReport& report) {
  std::vector<std::string> ids;
  for (const auto& c : report.recommendation().criteria()) {
    if (c.rule() == v1::Criterion::RULE_STEP_UP && c.met()) ids.push_back(c.criterion_id());
  }
  return ids;
}

// ---- Tasks ---------------------------------------------------------------------------

TEST_F(Monitoring, OverdueCountsBusinessDaysAcrossAWeekendAndMemorialDay) {
  v1::MonitorRequest request = RequestM("2027-06-01");
  Done(&request, "e1", "2027-03-16", "release.report");
  Done(&request, "e2", "2027-03-19", "sud.intake");  // on its due date: on time
  auto report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  // housing.apply, due Fri 05-07: May 10-14, 17-21, 24-28 and Tue Jun 1 (Mon
  // May 31 is Memorial Day) = 16. job.class, due Fri 05-28: only Tue Jun 1.
  EXPECT_THAT(OverdueIds(*report),
              ElementsAre("housing.apply 2027-05-07 16", "job.class 2027-05-28 1"));
  // job.resume, due Fri 06-11: Jun 2-4 and 7-11 = 8 business days left.
  // sud.program (due 06-30) is 20 away; job.keep has no due date.
  ASSERT_EQ(report->upcoming_tasks_size(), 1);
  EXPECT_EQ(report->upcoming_tasks(0).task_id(), "job.resume");
  EXPECT_EQ(report->upcoming_tasks(0).business_days_left(), 8);
  // Due on or before Jun 1: report, intake, apply, class; on time: 2.
  EXPECT_EQ(report->tasks_due(), 4);
  EXPECT_EQ(report->tasks_completed_on_time(), 2);
  EXPECT_DOUBLE_EQ(report->compliance_rate(), 0.5);
}

TEST_F(Monitoring, ATaskIsOverdueFromTheDayAfterItIsDue) {
  for (const auto& [as_of, overdue, days] :
       std::vector<std::tuple<std::string, bool, int>>{{"2027-05-07", false, 0},
                                                       {"2027-05-08", true, 0},
                                                       {"2027-05-09", true, 0},
                                                       {"2027-05-10", true, 1}}) {
    SCOPED_TRACE(as_of);
    v1::MonitorRequest request = RequestM(as_of);
    Done(&request, "e1", "2027-03-16", "release.report");
    Done(&request, "e2", "2027-03-19", "sud.intake");
    auto report = Run(request);
    ASSERT_TRUE(report.ok()) << report.status();
    if (overdue) {
      EXPECT_THAT(OverdueIds(*report),
                  ElementsAre(absl::StrCat("housing.apply 2027-05-07 ", days)));
    } else {
      EXPECT_TRUE(report->overdue_tasks().empty());
      ASSERT_GE(report->upcoming_tasks_size(), 1);
      EXPECT_EQ(report->upcoming_tasks(0).task_id(), "housing.apply");
      EXPECT_EQ(report->upcoming_tasks(0).business_days_left(), 0);
    }
  }
}

TEST_F(Monitoring, ATaskCompletedLateIsNotOverdueButNotOnTime) {
  v1::MonitorRequest request = RequestM("2027-05-12");
  Done(&request, "e1", "2027-03-16", "release.report");
  Done(&request, "e2", "2027-03-19", "sud.intake");
  Done(&request, "e3", "2027-05-10", "housing.apply");
  Done(&request, "e4", "2027-05-11", "housing.apply");  // a second completion: the first counts
  auto report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->overdue_tasks().empty());
  EXPECT_EQ(report->tasks_due(), 3);
  EXPECT_EQ(report->tasks_completed_on_time(), 2);
  EXPECT_NEAR(report->compliance_rate(), 2.0 / 3, 1e-15);
}

TEST_F(Monitoring, NoTaskDueMeansNoComplianceRate) {
  v1::MonitorRequest request = RequestM("2027-03-17");
  auto report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->has_compliance_rate());
  EXPECT_EQ(report->tasks_due(), 0);
  EXPECT_THAT(FindCriterion(*report, "compliance_rate")->finding(),
              HasSubstr("no task due yet (counts as met)"));
  EXPECT_TRUE(FindCriterion(*report, "compliance_rate")->met());
}

TEST_F(Monitoring, CancelledTasksAndTasksWithoutDueDatesAreNeverCounted) {
  v1::MonitorRequest request = RequestM("2027-06-01");
  request.mutable_plan()->mutable_tasks(1)->set_status(v1::TASK_STATUS_CANCELLED);  // apply
  // A revision's completed task counts from its completion date.
  v1::Task* klass = request.mutable_plan()->mutable_tasks(4);
  klass->set_status(v1::TASK_STATUS_COMPLETED);
  klass->set_completed_on("2027-05-20");
  auto report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  // Due on or before Jun 1: report, intake (not done) and class (done).
  EXPECT_THAT(OverdueIds(*report),
              ElementsAre("release.report 2027-03-18 52", "sud.intake 2027-03-19 51"));
  EXPECT_EQ(report->tasks_due(), 3);
  EXPECT_EQ(report->tasks_completed_on_time(), 1);
}

// ---- Sessions and dosage ------------------------------------------------------------

TEST_F(Monitoring, AttendanceLeavesExcusedAbsencesOutAndDosageCountsCriminogenicHours) {
  v1::MonitorRequest request = RequestM("2027-04-30");
  using S = v1::Attendance;
  Attend(&request, "a1", "2027-03-22", "sud.program", S::STATUS_ATTENDED, 2);
  Attend(&request, "a2", "2027-03-29", "sud.program", S::STATUS_ATTENDED, 2);
  Attend(&request, "a3", "2027-04-05", "sud.program", S::STATUS_ATTENDED, 2);
  Attend(&request, "a4", "2027-04-12", "sud.program", S::STATUS_LATE, 2);
  Attend(&request, "a5", "2027-04-19", "sud.program", S::STATUS_ABSENT_EXCUSED, 0);
  Attend(&request, "a6", "2027-04-26", "sud.program", S::STATUS_ABSENT_UNEXCUSED, 0);
  Attend(&request, "c1", "2027-04-06", "job.class", S::STATUS_ATTENDED, 3);
  Attend(&request, "c2", "2027-04-13", "job.class", S::STATUS_ATTENDED, 3);
  Attend(&request, "h1", "2027-04-07", "housing.apply", S::STATUS_ATTENDED, 2);  // not criminogenic
  auto report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->sessions().attended(), 6);
  EXPECT_EQ(report->sessions().late(), 1);
  EXPECT_EQ(report->sessions().absent_excused(), 1);
  EXPECT_EQ(report->sessions().absent_unexcused(), 1);
  // (6 + 1) / (6 + 1 + 1); the excused absence is in neither.
  EXPECT_DOUBLE_EQ(report->attendance_rate(), 7.0 / 8);
  const v1::Dosage& dosage = report->dosage();
  EXPECT_EQ(dosage.target_hours(), 100);
  EXPECT_EQ(dosage.delivered_hours(), 14);  // 8 treatment + 6 class
  ASSERT_EQ(dosage.domains_size(), 2);
  EXPECT_EQ(dosage.domains(0).domain(), "employment");
  EXPECT_EQ(dosage.domains(0).planned_hours(), 35);
  EXPECT_EQ(dosage.domains(0).delivered_hours(), 6);
  EXPECT_EQ(dosage.domains(1).domain(), "substance_use");
  EXPECT_EQ(dosage.domains(1).planned_hours(), 62);
  EXPECT_EQ(dosage.domains(1).delivered_hours(), 8);
  EXPECT_THAT(FindCriterion(*report, "attendance_rate")->event_ids(), ElementsAre("a6"));
}

// ---- Contact standards ------------------------------------------------------------------

TEST_F(Monitoring, WithoutContactsTheIntakeDeadlinesApply) {
  v1::MonitorRequest request = RequestM("2027-03-19");
  auto report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->contacts_size(), 2);
  // Face to face within 3 business days of Mon 03-15: Tue, Wed, Thu 03-18.
  const v1::ContactDue& f2f = report->contacts(0);
  EXPECT_EQ(f2f.type(), v1::CONTACT_TYPE_FACE_TO_FACE);
  EXPECT_EQ(f2f.due_on(), "2027-03-18");
  EXPECT_TRUE(f2f.overdue());
  EXPECT_EQ(f2f.days_overdue(), 1);
  EXPECT_EQ(f2f.last_contact_on(), "");
  EXPECT_THAT(f2f.rule(), HasSubstr("the first within 3 business days"));
  // A home visit within 30 days: 03-15 + 30 = 04-14.
  const v1::ContactDue& home = report->contacts(1);
  EXPECT_EQ(home.type(), v1::CONTACT_TYPE_HOME_VISIT);
  EXPECT_EQ(home.due_on(), "2027-04-14");
  EXPECT_FALSE(home.overdue());
}

TEST_F(Monitoring, TheLatestQualifyingContactSetsTheNextDue) {
  v1::MonitorRequest request = RequestM("2027-06-05");
  Contact(&request, "f0", "2027-03-01", v1::CONTACT_TYPE_FACE_TO_FACE);  // before supervision
  Contact(&request, "f1", "2027-04-02", v1::CONTACT_TYPE_FACE_TO_FACE);
  Contact(&request, "v1", "2027-04-20", v1::CONTACT_TYPE_HOME_VISIT);  // also face to face
  Contact(&request, "p1", "2027-05-01", v1::CONTACT_TYPE_PHONE);       // qualifies for neither
  Contact(&request, "f2", "2027-05-03", v1::CONTACT_TYPE_FACE_TO_FACE, /*attempted=*/true);
  auto report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  // 04-20 + 45 = 06-04: overdue on 06-05 by one day.
  EXPECT_EQ(report->contacts(0).due_on(), "2027-06-04");
  EXPECT_EQ(report->contacts(0).last_contact_on(), "2027-04-20");
  EXPECT_TRUE(report->contacts(0).overdue());
  EXPECT_EQ(report->contacts(0).days_overdue(), 1);
  EXPECT_EQ(report->contacts(0).rule(), "1 every 45 days: the latest contact 2027-04-20 + 45 days");
  // 04-20 + 365 = 2028-04-19 (February 2028 has 29 days).
  EXPECT_EQ(report->contacts(1).due_on(), "2028-04-19");
  EXPECT_FALSE(report->contacts(1).overdue());
  // On the due date itself a contact is not overdue.
  request.set_as_of("2027-06-04");
  report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->contacts(0).overdue());
}

TEST_F(Monitoring, IntakeBusinessDaysSkipMemorialDay) {
  v1::MonitorRequest request = RequestM("2027-06-03");
  request.mutable_person()->set_released_on("2027-05-28");
  request.mutable_person()->set_supervision_start_on("2027-05-28");
  auto report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  // Fri 05-28 + 3 business days: Tue Jun 1, Wed 2, Thu 3 (Mon 31 a holiday).
  EXPECT_EQ(report->contacts(0).due_on(), "2027-06-03");
  EXPECT_FALSE(report->contacts(0).overdue());
}

// Recidiviz's own test cases for Idaho's standards
// (us_ix_supervision_compliance_test.py at pulse-data 4ee035b3), supervision
// starting Monday 2018-03-05.
TEST_F(Monitoring, ReproducesRecidivizIdahoCases) {
  const auto due = [&](const std::string& level, const std::vector<std::string>& contacts,
                       int standard) {
    v1::MonitorRequest request;
    request.mutable_plan()->set_client_id("r");
    request.set_as_of("2018-03-30");
    request.set_supervision_level(level);
    request.mutable_person()->set_supervision_start_on("2018-03-05");
    int n = 0;
    for (const std::string& on : contacts) {
      Contact(&request, absl::StrCat("c", ++n), on, v1::CONTACT_TYPE_FACE_TO_FACE);
    }
    auto report = Run(request);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? report->contacts(standard).due_on() : "";
  };
  EXPECT_EQ(due("high", {"2018-03-05"}, 0), "2018-03-20");     // (1, 15)
  EXPECT_EQ(due("medium", {"2018-03-05"}, 0), "2018-04-19");   // (1, 45)
  EXPECT_EQ(due("minimum", {"2018-03-06"}, 0), "2018-09-02");  // (1, 180)
  EXPECT_EQ(due("medium", {}, 0), "2018-03-08");               // the first within 3 business days
  EXPECT_EQ(due("medium", {}, 1), "2018-04-04");  // the first home visit within 30 days
  // Two contacts every 30 days (Idaho's sex-offense HIGH): the second most
  // recent + 30; with one, supervision start + 30.
  auto two = PolicyWith([](v1::PolicyDefinition& d) {
    v1::ContactStandard* f2f = d.mutable_supervision_levels(2)->mutable_standards(0);
    f2f->set_contacts(2);
    f2f->set_every_days(30);
  });
  v1::MonitorRequest request;
  request.mutable_plan()->set_client_id("r");
  request.set_as_of("2018-03-30");
  request.set_supervision_level("high");
  request.mutable_person()->set_supervision_start_on("2018-03-05");
  Contact(&request, "c1", "2018-03-15", v1::CONTACT_TYPE_FACE_TO_FACE);
  auto report = Run(request, *two);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->contacts(0).due_on(), "2018-04-04");
  Contact(&request, "c2", "2018-03-25", v1::CONTACT_TYPE_FACE_TO_FACE);
  report = Run(request, *two);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->contacts(0).due_on(), "2018-04-14");
  EXPECT_THAT(report->contacts(0).rule(), HasSubstr("the 2nd most recent contact 2018-03-15"));
}

TEST_F(Monitoring, WithoutALevelOrAStartContactsAreNotChecked) {
  v1::MonitorRequest request = RequestM("2027-04-01");
  request.clear_supervision_level();
  auto report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->contacts().empty());
  EXPECT_THAT(report->notes(), Contains(HasSubstr("no supervision_level given")));
  request = RequestM("2027-04-01");
  request.clear_person();
  report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->contacts_size(), 2);
  EXPECT_EQ(report->contacts(0).due_on(), "");
  EXPECT_EQ(report->contacts(0).rule(), "supervision start unknown");
}

// ---- Junctions ----------------------------------------------------------------------------

std::vector<std::string> JunctionWords(const v1::ComplianceReport& report) {
  std::vector<std::string> words;
  for (const auto& j : report.junctions()) {
    words.push_back(absl::StrCat(v1::JunctionKind_Name(j.kind()), " ", j.from(), "..", j.to(),
                                 j.event_id().empty() ? "" : " " + j.event_id()));
  }
  return words;
}

TEST_F(Monitoring, JunctionWindowsAtTheirEdges) {
  const auto at = [&](const std::string& as_of) {
    v1::MonitorRequest request = RequestM(as_of);
    // The events on or before as_of (later ones would be rejected).
    if (as_of >= "2027-05-01") AddEvent(&request, "h", "2027-05-01")->mutable_housing_lost();
    if (as_of >= "2027-05-10")
      DrugTested(&request, "t", "2027-05-10", v1::DrugTest::RESULT_POSITIVE);
    if (as_of >= "2027-05-11") DrugTested(&request, "d", "2027-05-11", v1::DrugTest::RESULT_DILUTE);
    auto report = Run(request);
    EXPECT_TRUE(report.ok()) << report.status();
    return JunctionWords(*report);
  };
  EXPECT_THAT(at("2027-03-15"), ElementsAre("JUNCTION_KIND_FIRST_72_HOURS 2027-03-15..2027-03-18",
                                            "JUNCTION_KIND_FIRST_30_DAYS 2027-03-15..2027-04-14"));
  EXPECT_THAT(at("2027-03-18"), ElementsAre("JUNCTION_KIND_FIRST_72_HOURS 2027-03-15..2027-03-18",
                                            "JUNCTION_KIND_FIRST_30_DAYS 2027-03-15..2027-04-14"));
  EXPECT_THAT(at("2027-03-19"), ElementsAre("JUNCTION_KIND_FIRST_30_DAYS 2027-03-15..2027-04-14"));
  EXPECT_THAT(at("2027-04-14"), ElementsAre("JUNCTION_KIND_FIRST_30_DAYS 2027-03-15..2027-04-14"));
  EXPECT_THAT(at("2027-04-15"), ElementsAre());
  // Housing lost 05-01 through 05-31; a positive test 05-10 through 05-24;
  // the dilute test opens nothing (the builtin policy does not count it).
  EXPECT_THAT(at("2027-05-10"), ElementsAre("JUNCTION_KIND_HOUSING_LOST 2027-05-01..2027-05-31 h",
                                            "JUNCTION_KIND_RELAPSE 2027-05-10..2027-05-24 t"));
  EXPECT_THAT(at("2027-05-24"), ElementsAre("JUNCTION_KIND_HOUSING_LOST 2027-05-01..2027-05-31 h",
                                            "JUNCTION_KIND_RELAPSE 2027-05-10..2027-05-24 t"));
  EXPECT_THAT(at("2027-05-25"), ElementsAre("JUNCTION_KIND_HOUSING_LOST 2027-05-01..2027-05-31 h"));
  EXPECT_THAT(at("2027-06-01"), ElementsAre());
}

TEST_F(Monitoring, APhaseChangeGivesTheReleaseDateWhenThePersonHasNone) {
  v1::MonitorRequest request = RequestM("2027-03-20");
  request.mutable_person()->clear_released_on();
  request.mutable_person()->clear_supervision_start_on();
  AddEvent(&request, "p", "2027-03-17")->mutable_phase_change()->set_phase(v1::PHASE_COMMUNITY);
  auto report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->release_on(), "2027-03-17");
  EXPECT_EQ(report->supervision_start_on(), "2027-03-17");
  EXPECT_THAT(JunctionWords(*report),
              ElementsAre("JUNCTION_KIND_FIRST_72_HOURS 2027-03-17..2027-03-20",
                          "JUNCTION_KIND_FIRST_30_DAYS 2027-03-17..2027-04-16"));
  EXPECT_THAT(report->notes(), Contains(HasSubstr("release date taken from phase change 'p'")));
}

// ---- Step up, hold, step down ------------------------------------------------------------

// Person M on 2027-07-15 (122 days supervised) with every task done on time,
// 12 hours of treatment attended against a 10-hour target, a negative test:
// every step-down criterion holds.
v1::MonitorRequest SteppingDown() {
  v1::MonitorRequest request = RequestM("2027-07-15");
  request.mutable_plan()->set_dosage_target_hours(10);
  Done(&request, "d1", "2027-03-16", "release.report");
  Done(&request, "d2", "2027-03-19", "sud.intake");
  Done(&request, "d3", "2027-05-03", "housing.apply");
  Done(&request, "d4", "2027-05-20", "job.class");
  Done(&request, "d5", "2027-06-01", "job.resume");
  Done(&request, "d6", "2027-06-25", "sud.program");
  using S = v1::Attendance;
  Attend(&request, "s1", "2027-04-05", "sud.program", S::STATUS_ATTENDED, 4);
  Attend(&request, "s2", "2027-04-12", "sud.program", S::STATUS_ATTENDED, 4);
  Attend(&request, "s3", "2027-04-19", "sud.program", S::STATUS_ATTENDED, 4);
  DrugTested(&request, "t1", "2027-06-20", v1::DrugTest::RESULT_NEGATIVE);
  return request;
}

TEST_F(Monitoring, StepsDownWhenEveryCriterionHolds) {
  auto report = Run(SteppingDown());
  ASSERT_TRUE(report.ok()) << report.status();
  const v1::Recommendation& r = report->recommendation();
  EXPECT_EQ(r.direction(), v1::Recommendation::DIRECTION_STEP_DOWN);
  EXPECT_THAT(Missing(*report), ElementsAre());
  EXPECT_THAT(Fired(*report), ElementsAre());
  // Every trigger and every criterion is listed, in the policy's order.
  std::vector<std::string> ids;
  for (const auto& c : r.criteria()) ids.push_back(c.criterion_id());
  EXPECT_THAT(ids,
              ElementsAre("violation", "unexcused_absences", "positive_or_refused_test", "arrest",
                          "housing_lost", "time_supervised", "no_violation", "no_positive_test",
                          "compliance_rate", "attendance_rate", "dosage", "no_active_junction"));
  EXPECT_EQ(FindCriterion(*report, "time_supervised")->finding(),
            "122 days since supervision start 2027-03-15");
  EXPECT_EQ(FindCriterion(*report, "compliance_rate")->finding(),
            "rate 1: 6 of 6 tasks due done on time");
  EXPECT_EQ(FindCriterion(*report, "dosage")->finding(), "12 of 10 hours delivered");
}

TEST_F(Monitoring, EachMissingStepDownCriterionAloneHolds) {
  struct Case {
    std::string name;
    std::function<void(v1::MonitorRequest&)> change;
    std::string missing;
    std::string finding;
  };
  const std::vector<Case> cases = {
      {"supervised 86 days",
       [](v1::MonitorRequest& r) { r.mutable_person()->set_supervision_start_on("2027-04-20"); },
       "time_supervised", "86 days since supervision start 2027-04-20"},
      {"a low violation 75 days ago",
       [](v1::MonitorRequest& r) { Violate(&r, "v", "2027-05-01", v1::SEVERITY_LOW); },
       "no_violation", "1 violation on 2027-05-01 (v)"},
      {"a positive test 75 days ago",
       [](v1::MonitorRequest& r) {
         DrugTested(&r, "p", "2027-05-01", v1::DrugTest::RESULT_POSITIVE);
       },
       "no_positive_test", "1 test on 2027-05-01 (p)"},
      {"the resume done three days late",
       [](v1::MonitorRequest& r) { r.mutable_events(4)->set_on("2027-06-14"); }, "compliance_rate",
       "rate 0.8333: 5 of 6 tasks due done on time"},
      {"one unexcused absence",
       [](v1::MonitorRequest& r) {
         Attend(&r, "a", "2027-05-03", "sud.program", v1::Attendance::STATUS_ABSENT_UNEXCUSED, 0);
       },
       "attendance_rate", "rate 0.75: 3 of 4 sessions attended"},
      {"12 of 100 hours",
       [](v1::MonitorRequest& r) { r.mutable_plan()->set_dosage_target_hours(100); }, "dosage",
       "12 of 100 hours delivered"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::MonitorRequest request = SteppingDown();
    c.change(request);
    auto report = Run(request);
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_EQ(report->recommendation().direction(), v1::Recommendation::DIRECTION_HOLD);
    EXPECT_THAT(Fired(*report), ElementsAre());
    EXPECT_THAT(Missing(*report), ElementsAre(c.missing));
    EXPECT_EQ(FindCriterion(*report, c.missing)->finding(), c.finding);
    EXPECT_THAT(report->recommendation().reason(), HasSubstr(c.finding));
  }
}

TEST_F(Monitoring, AnActiveJunctionAloneHolds) {
  // Housing lost 35 days ago: outside the 30-day step-up window, inside a
  // 45-day junction of a policy that keeps housing loss in view longer.
  auto longer = PolicyWith([](v1::PolicyDefinition& d) {
    for (auto& j : *d.mutable_junctions()) {
      if (j.kind() == v1::JUNCTION_KIND_HOUSING_LOST) j.set_days(45);
    }
  });
  v1::MonitorRequest request = SteppingDown();
  AddEvent(&request, "h", "2027-06-10")->mutable_housing_lost();
  auto report = Run(request, *longer);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->recommendation().direction(), v1::Recommendation::DIRECTION_HOLD);
  EXPECT_THAT(Missing(*report), ElementsAre("no_active_junction"));
  EXPECT_EQ(FindCriterion(*report, "no_active_junction")->finding(),
            "housing lost until 2027-07-25");
  EXPECT_THAT(FindCriterion(*report, "no_active_junction")->event_ids(), ElementsAre("h"));
}

TEST_F(Monitoring, EachStepUpTriggerAloneStepsUp) {
  struct Case {
    std::string name;
    std::function<void(v1::MonitorRequest&)> change;
    std::string fired;  // empty: none fires
    v1::Recommendation::Direction direction;
  };
  using D = v1::Recommendation;
  const std::vector<Case> cases = {
      {"a moderate violation on the window's first day",
       [](v1::MonitorRequest& r) { Violate(&r, "v", "2027-06-15", v1::SEVERITY_MODERATE); },
       "violation", D::DIRECTION_STEP_UP},
      {"a moderate violation the day before the window",
       [](v1::MonitorRequest& r) { Violate(&r, "v", "2027-06-14", v1::SEVERITY_MODERATE); }, "",
       D::DIRECTION_HOLD},
      {"a high violation",
       [](v1::MonitorRequest& r) { Violate(&r, "v", "2027-07-15", v1::SEVERITY_HIGH); },
       "violation", D::DIRECTION_STEP_UP},
      {"a low violation",
       [](v1::MonitorRequest& r) { Violate(&r, "v", "2027-07-01", v1::SEVERITY_LOW); }, "",
       D::DIRECTION_HOLD},
      {"two unexcused absences",
       [](v1::MonitorRequest& r) {
         Attend(&r, "a1", "2027-06-20", "job.keep", v1::Attendance::STATUS_ABSENT_UNEXCUSED, 0);
         Attend(&r, "a2", "2027-07-01", "job.keep", v1::Attendance::STATUS_ABSENT_UNEXCUSED, 0);
       },
       "unexcused_absences", D::DIRECTION_STEP_UP},
      {"one unexcused absence",
       [](v1::MonitorRequest& r) {
         Attend(&r, "a1", "2027-06-20", "job.keep", v1::Attendance::STATUS_ABSENT_UNEXCUSED, 0);
       },
       "", D::DIRECTION_HOLD},
      {"a positive test",
       [](v1::MonitorRequest& r) {
         DrugTested(&r, "t", "2027-07-01", v1::DrugTest::RESULT_POSITIVE);
       },
       "positive_or_refused_test", D::DIRECTION_STEP_UP},
      {"a refused test",
       [](v1::MonitorRequest& r) {
         DrugTested(&r, "t", "2027-07-01", v1::DrugTest::RESULT_REFUSED);
       },
       "positive_or_refused_test", D::DIRECTION_STEP_UP},
      {"a dilute test (not counted by the builtin policy)",
       [](v1::MonitorRequest& r) {
         DrugTested(&r, "t", "2027-07-01", v1::DrugTest::RESULT_DILUTE);
       },
       "", D::DIRECTION_STEP_DOWN},
      {"an arrest",
       [](v1::MonitorRequest& r) { AddEvent(&r, "x", "2027-07-10")->mutable_arrest(); }, "arrest",
       D::DIRECTION_STEP_UP},
      {"housing lost",
       [](v1::MonitorRequest& r) { AddEvent(&r, "h", "2027-07-10")->mutable_housing_lost(); },
       "housing_lost", D::DIRECTION_STEP_UP},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::MonitorRequest request = SteppingDown();
    c.change(request);
    auto report = Run(request);
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_EQ(report->recommendation().direction(), c.direction)
        << report->recommendation().reason();
    if (c.fired.empty()) {
      EXPECT_THAT(Fired(*report), ElementsAre());
    } else {
      EXPECT_THAT(Fired(*report), ElementsAre(c.fired));
      EXPECT_FALSE(FindCriterion(*report, c.fired)->event_ids().empty());
      EXPECT_THAT(report->recommendation().reason(), HasSubstr("Step up: "));
    }
  }
}

// ---- Reassessment --------------------------------------------------------------------------

v1::MonitorRequest Reassessing(const std::string& as_of) {
  v1::MonitorRequest request = RequestM(as_of);
  v1::AssessmentResult* screen = request.add_assessments();
  screen->set_instrument_id("reentry_needs_screen");
  screen->set_assessed_on("2027-03-10");
  screen->set_next_reassessment_on("2027-09-06");
  v1::AssessmentResult* pattern = request.add_assessments();
  pattern->set_instrument_id("pattern");
  pattern->set_assessed_on("2027-03-01");
  pattern->set_next_reassessment_on("2027-09-01");
  return request;
}

TEST_F(Monitoring, ReassessmentIsTheEarliestScheduledDateUnlessATriggerCameAfter) {
  auto report = Run(Reassessing("2027-07-15"));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->reassessment().due_on(), "2027-09-01");
  EXPECT_THAT(report->reassessment().reason(), HasSubstr("pattern"));
  EXPECT_FALSE(report->reassessment().overdue());

  v1::MonitorRequest request = Reassessing("2027-07-15");
  AddEvent(&request, "x0", "2027-03-05")->mutable_arrest();     // before the latest assessment
  Violate(&request, "v", "2027-06-01", v1::SEVERITY_MODERATE);  // not a trigger
  report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->reassessment().due_on(), "2027-09-01");

  Violate(&request, "v2", "2027-07-01", v1::SEVERITY_HIGH);
  AddEvent(&request, "x1", "2027-07-02")->mutable_arrest();
  report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->reassessment().due_on(), "2027-07-15");
  EXPECT_EQ(report->reassessment().trigger_event_id(), "v2");
  EXPECT_THAT(report->reassessment().reason(),
              HasSubstr("due now: a violation of high severity on 2027-07-01 (v2) after the "
                        "latest assessment (2027-03-10)"));

  report = Run(Reassessing("2027-09-02"));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->reassessment().due_on(), "2027-09-01");
  EXPECT_TRUE(report->reassessment().overdue());
}

// ---- Graduated responses ----------------------------------------------------------------------

TEST_F(Monitoring, RespondsToTheEventsOfThePeriod) {
  v1::MonitorRequest request = RequestM("2027-07-15");
  Violate(&request, "v0", "2027-06-10", v1::SEVERITY_MODERATE);  // before the 30 days
  DrugTested(&request, "t", "2027-06-16", v1::DrugTest::RESULT_NEGATIVE);
  Violate(&request, "v1", "2027-06-20", v1::SEVERITY_LOW);
  Done(&request, "d", "2027-06-25", "sud.program");
  AddEvent(&request, "i", "2027-06-26")->mutable_incentive()->set_description("bus pass");
  auto report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->responses_from(), "2027-06-15");
  std::vector<std::string> words;
  for (const auto& r : report->responses()) {
    words.push_back(
        absl::StrCat(r.on(), " ", r.event_id(), " ", v1::ResponseTrigger_Name(r.trigger()), " ",
                     v1::GraduatedResponse::Kind_Name(r.kind()), " ", r.suggestions_size()));
  }
  EXPECT_THAT(words, ElementsAre("2027-06-16 t RESPONSE_TRIGGER_NEGATIVE_TEST KIND_INCENTIVE 1",
                                 "2027-06-20 v1 RESPONSE_TRIGGER_VIOLATION_LOW KIND_SANCTION 2",
                                 "2027-06-25 d RESPONSE_TRIGGER_TASK_COMPLETED KIND_INCENTIVE 2"));
  EXPECT_EQ(report->incentives_in_period(), 1);
  EXPECT_EQ(report->violations_in_period(), 1);

  request.set_responses_from("2027-06-01");
  report = Run(request);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->responses_size(),
            4);  // the moderate violation first: a sanction, 3 suggestions
  EXPECT_EQ(report->responses(0).event_id(), "v0");
  EXPECT_EQ(report->responses(0).suggestions_size(), 3);
  EXPECT_EQ(report->violations_in_period(), 2);
}

// ---- Bad input ---------------------------------------------------------------------------------

TEST_F(Monitoring, NamesTheEventAndFieldOfBadInput) {
  struct Case {
    std::string name;
    std::function<void(v1::MonitorRequest&)> change;
    std::string field;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"attendance at an unknown task",
       [](v1::MonitorRequest& r) {
         Attend(&r, "a", "2027-04-01", "sud.nope", v1::Attendance::STATUS_ATTENDED, 1);
       },
       "events[0].attendance.task_id", "event 'a': no task 'sud.nope' in plan version 1"},
      {"completion of an unknown task",
       [](v1::MonitorRequest& r) { Done(&r, "d", "2027-04-01", "x"); },
       "events[0].task_completed.task_id", "no task 'x'"},
      {"an event after as_of",
       [](v1::MonitorRequest& r) { Violate(&r, "v", "2027-05-02", v1::SEVERITY_LOW); },
       "events[0].on", "event 'v': 2027-05-02 is after as_of 2027-05-01"},
      {"a duplicate event id",
       [](v1::MonitorRequest& r) {
         Violate(&r, "v", "2027-04-02", v1::SEVERITY_LOW);
         Violate(&r, "v", "2027-04-03", v1::SEVERITY_LOW);
       },
       "events[1].event_id", "event 'v' is given twice (also events[0])"},
      {"no kind", [](v1::MonitorRequest& r) { AddEvent(&r, "k", "2027-04-01"); }, "events[0].kind",
       "event 'k': the kind is required"},
      {"no severity",
       [](v1::MonitorRequest& r) { AddEvent(&r, "s", "2027-04-01")->mutable_violation(); },
       "events[0].violation.severity", "the severity is required"},
      {"no contact type",
       [](v1::MonitorRequest& r) { AddEvent(&r, "c", "2027-04-01")->mutable_contact(); },
       "events[0].contact.type", "the contact type is required"},
      {"no test result",
       [](v1::MonitorRequest& r) { AddEvent(&r, "t", "2027-04-01")->mutable_drug_test(); },
       "events[0].drug_test.result", "the result is required"},
      {"hours for an absence",
       [](v1::MonitorRequest& r) {
         Attend(&r, "a", "2027-04-01", "sud.program", v1::Attendance::STATUS_ABSENT_UNEXCUSED, 2);
       },
       "events[0].attendance.hours", "an absence delivers no hours"},
      {"negative hours",
       [](v1::MonitorRequest& r) {
         Attend(&r, "a", "2027-04-01", "sud.program", v1::Attendance::STATUS_ATTENDED, -1);
       },
       "events[0].attendance.hours", "-1 is not a number of hours from 0 to 24"},
      {"a malformed event date",
       [](v1::MonitorRequest& r) { Violate(&r, "v", "2027-02-30", v1::SEVERITY_LOW); },
       "events[0].on", ""},
      {"no event id",
       [](v1::MonitorRequest& r) { Violate(&r, "", "2027-04-01", v1::SEVERITY_LOW); },
       "events[0].event_id", "is required"},
      {"an unknown supervision level",
       [](v1::MonitorRequest& r) { r.set_supervision_level("maximum"); }, "supervision_level",
       "'maximum' is not a level of policy 'reentry_policy' (minimum, medium, high)"},
      {"no as_of", [](v1::MonitorRequest& r) { r.clear_as_of(); }, "as_of", "is required"},
      {"no plan", [](v1::MonitorRequest& r) { r.clear_plan(); }, "plan", "is required"},
      {"a malformed release date",
       [](v1::MonitorRequest& r) { r.mutable_person()->set_released_on("03/15/2027"); },
       "person.released_on", ""},
      {"a report on an unknown referral",
       [](v1::MonitorRequest& r) {
         AddEvent(&r, "p", "2027-04-01")->mutable_provider_report()->set_referral_id("r9");
       },
       "events[0].provider_report.referral_id", "no referral 'r9'"},
      {"a task completed that the plan cancelled",
       [](v1::MonitorRequest& r) {
         r.mutable_plan()->mutable_tasks(1)->set_status(v1::TASK_STATUS_CANCELLED);
         Done(&r, "d", "2027-04-01", "housing.apply");
       },
       "events[0].task_completed.task_id", "task 'housing.apply' is cancelled in the plan"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::MonitorRequest request = RequestM("2027-05-01");
    c.change(request);
    auto report = Run(request);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument) << report.status();
    EXPECT_EQ(ErrorField(report.status()), c.field) << report.status();
    EXPECT_THAT(std::string(report.status().message()), HasSubstr(c.message));
  }
}

// ---- Referrals ----------------------------------------------------------------------------------

v1::Referral IntakeReferral() {
  v1::Referral referral;
  referral.set_referral_id("r1");
  referral.set_network_id("example_state");
  referral.set_network_version("1");
  referral.set_client_id("m");
  referral.set_to_agency_id("recovery_services");
  referral.set_state(v1::REFERRAL_STATE_ACCEPTED);
  v1::ReportExpectation* expectation = referral.add_expectations();
  expectation->set_what("intake_report");
  expectation->set_started_on("2027-04-01");
  expectation->set_within_business_days(5);
  expectation->set_due_on("2027-04-08");
  return referral;
}

TEST_F(Monitoring, ListsReportsReferralsOweAndSettlesThemWithProviderReports) {
  v1::MonitorRequest request = RequestM("2027-04-12");
  *request.add_referrals() = IntakeReferral();
  // A report before the clock started settles nothing.
  AddEvent(&request, "p0", "2027-03-30")->mutable_provider_report()->set_referral_id("r1");
  request.mutable_events(0)->mutable_provider_report()->set_what("intake_report");
  auto response = SharedEngine().Call<v1::MonitorResponse>(request);
  ASSERT_TRUE(response.ok()) << response.status();
  const v1::ComplianceReport& report = response->report();
  ASSERT_EQ(report.overdue_reports_size(), 1);
  EXPECT_EQ(report.overdue_reports(0).referral_id(), "r1");
  EXPECT_EQ(report.overdue_reports(0).what(), "intake_report");
  EXPECT_EQ(report.overdue_reports(0).due_on(), "2027-04-08");
  // Due Thu 04-08: Fri 9 and Mon 12.
  EXPECT_EQ(report.overdue_reports(0).business_days_overdue(), 2);
  EXPECT_THAT(report.notes(), Contains("provider report 'p0' settles no open 'intake_report' "
                                       "report of referral 'r1'"));

  AddEvent(&request, "p1", "2027-04-09")->mutable_provider_report()->set_referral_id("r1");
  request.mutable_events(1)->mutable_provider_report()->set_what("intake_report");
  response = SharedEngine().Call<v1::MonitorResponse>(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_TRUE(response->report().overdue_reports().empty());

  // Monitor without the engine needs a way to find the reports.
  auto direct = Run(request);
  EXPECT_EQ(direct.status().code(), absl::StatusCode::kFailedPrecondition);
  // A referral of a network that is not loaded.
  request.mutable_referrals(0)->set_network_id("atlantis");
  response = SharedEngine().Call<v1::MonitorResponse>(request);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kNotFound) << response.status();
  EXPECT_EQ(ErrorField(response.status()), "referrals[0].network_id");
}

}  // namespace
}  // namespace reentry
