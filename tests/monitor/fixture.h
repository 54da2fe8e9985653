// Builders for monitoring tests: a small hand-made plan (its dates written
// out, not planned), events, and the builtin policy and calendar.
#ifndef REENTRY_TESTS_MONITOR_FIXTURE_H_
#define REENTRY_TESTS_MONITOR_FIXTURE_H_

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "reentry/calendar/calendar.h"
#include "reentry/engine/engine.h"
#include "reentry/monitor/monitor.h"
#include "reentry/monitor/policy.h"
#include "reentry/v1/monitor.pb.h"

namespace reentry::testing {

inline Engine& SharedEngine() {
  static Engine* const engine = Engine::Create()->release();
  return *engine;
}

inline std::shared_ptr<const Policy> BuiltinPolicy() {
  auto policy = SharedEngine().Find<Policy>("reentry_policy");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *policy;
}

inline std::shared_ptr<const Calendar> FederalCalendar() {
  auto calendar = SharedEngine().Find<Calendar>("us_federal");
  EXPECT_TRUE(calendar.ok()) << calendar.status();
  return *calendar;
}

inline void AddGoal(v1::CasePlan* plan, const std::string& id, const std::string& domain,
                    bool criminogenic) {
  v1::Goal* goal = plan->add_goals();
  goal->set_goal_id(id);
  goal->set_domain(domain);
  goal->set_title(id);
  goal->set_criminogenic(criminogenic);
  goal->set_priority(plan->goals_size());
}

inline void AddTask(v1::CasePlan* plan, const std::string& goal, const std::string& name,
                    const std::string& due_on, double dosage_hours) {
  v1::Task* task = plan->add_tasks();
  task->set_task_id(goal + "." + name);
  task->set_goal_id(goal);
  task->set_title(name);
  task->set_owner(v1::OWNER_PERSON);
  task->set_due_on(due_on);
  task->set_dosage_hours(dosage_hours);
  task->set_status(v1::TASK_STATUS_NOT_STARTED);
  for (v1::Goal& g : *plan->mutable_goals()) {
    if (g.goal_id() == goal) g.add_task_ids(task->task_id());
  }
}

// The plan of person M, released Monday 2027-03-15 onto supervision:
//   release.report     due 2027-03-18 (Thu)                    not criminogenic
//   housing.apply      due 2027-05-07 (Fri)                    survival
//   sud.intake         due 2027-03-19 (Fri),  2 hours          criminogenic
//   sud.program        due 2027-06-30 (Wed), 60 hours          criminogenic
//   job.class          due 2027-05-28 (Fri), 30 hours          criminogenic
//   job.resume         due 2027-06-11 (Fri),  5 hours          criminogenic
//   job.keep           no due date            0 hours          criminogenic
// Dosage target 100 hours.
inline v1::CasePlan PlanM() {
  v1::CasePlan plan;
  plan.set_client_id("m");
  plan.set_version(1);
  plan.set_dosage_target_hours(100);
  AddGoal(&plan, "release", "release_planning", false);
  AddGoal(&plan, "housing", "housing", false);
  AddGoal(&plan, "sud", "substance_use", true);
  AddGoal(&plan, "job", "employment", true);
  AddTask(&plan, "release", "report", "2027-03-18", 0);
  AddTask(&plan, "housing", "apply", "2027-05-07", 0);
  AddTask(&plan, "sud", "intake", "2027-03-19", 2);
  AddTask(&plan, "sud", "program", "2027-06-30", 60);
  AddTask(&plan, "job", "class", "2027-05-28", 30);
  AddTask(&plan, "job", "resume", "2027-06-11", 5);
  AddTask(&plan, "job", "keep", "", 0);
  return plan;
}

inline v1::MonitorRequest RequestM(const std::string& as_of) {
  v1::MonitorRequest request;
  *request.mutable_plan() = PlanM();
  request.set_as_of(as_of);
  request.set_supervision_level("medium");
  request.mutable_person()->set_client_id("m");
  request.mutable_person()->set_released_on("2027-03-15");
  request.mutable_person()->set_supervision_start_on("2027-03-15");
  return request;
}

inline v1::Event* AddEvent(v1::MonitorRequest* request, const std::string& id,
                           const std::string& on) {
  v1::Event* event = request->add_events();
  event->set_event_id(id);
  event->set_on(on);
  return event;
}

inline void Contact(v1::MonitorRequest* r, const std::string& id, const std::string& on,
                    v1::ContactType type, bool attempted = false) {
  v1::Contact* c = AddEvent(r, id, on)->mutable_contact();
  c->set_type(type);
  c->set_attempted(attempted);
}

inline void DrugTested(v1::MonitorRequest* r, const std::string& id, const std::string& on,
                 v1::DrugTest::Result result) {
  AddEvent(r, id, on)->mutable_drug_test()->set_result(result);
}

inline void Attend(v1::MonitorRequest* r, const std::string& id, const std::string& on,
                   const std::string& task, v1::Attendance::Status status, double hours) {
  v1::Attendance* a = AddEvent(r, id, on)->mutable_attendance();
  a->set_task_id(task);
  a->set_status(status);
  a->set_hours(hours);
}

inline void Done(v1::MonitorRequest* r, const std::string& id, const std::string& on,
                 const std::string& task) {
  AddEvent(r, id, on)->mutable_task_completed()->set_task_id(task);
}

inline void Violate(v1::MonitorRequest* r, const std::string& id, const std::string& on,
                    v1::Severity severity) {
  AddEvent(r, id, on)->mutable_violation()->set_severity(severity);
}

}  // namespace reentry::testing

#endif  // REENTRY_TESTS_MONITOR_FIXTURE_H_
