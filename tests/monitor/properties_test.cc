// Properties over generated plans and event streams: rates in [0, 1]; the
// report does not depend on the order of events; adding a violation never
// moves the recommendation down; a completed task is never overdue; overdue
// days and compliance agree with a day-by-day recomputation.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fixture.h"
#include "gtest/gtest.h"
#include "reentry/monitor/monitor.h"
#include "util/civil_date.h"

namespace reentry {
namespace {

using absl::CivilDay;
using internal::FormatDate;

struct Generated {
  v1::MonitorRequest request;
  CivilDay as_of;
};

Generated Generate(std::mt19937& rng) {
  const auto uniform = [&rng](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  Generated g;
  g.as_of = CivilDay(2027, 1, 1) + uniform(0, 700);
  const CivilDay release = g.as_of - uniform(0, 200);
  v1::MonitorRequest& r = g.request;
  r.set_as_of(FormatDate(g.as_of));
  r.set_supervision_level(std::vector<std::string>{"", "minimum", "medium", "high"}[uniform(0, 3)]);
  r.mutable_person()->set_released_on(FormatDate(release));
  if (uniform(0, 1))
    r.mutable_person()->set_supervision_start_on(FormatDate(release + uniform(0, 10)));
  v1::CasePlan* plan = r.mutable_plan();
  plan->set_client_id("p");
  plan->set_version(1);
  plan->set_dosage_target_hours(uniform(0, 3) * 50);
  const int goals = uniform(1, 5);
  for (int i = 0; i < goals; ++i) {
    testing::AddGoal(plan, absl::StrCat("g", i), absl::StrCat("domain", i % 3), uniform(0, 1));
  }
  const int tasks = uniform(0, 30);
  for (int t = 0; t < tasks; ++t) {
    const std::string due = uniform(0, 5) == 0 ? "" : FormatDate(release + uniform(-60, 200));
    testing::AddTask(plan, absl::StrCat("g", uniform(0, goals - 1)), absl::StrCat("t", t), due,
                     uniform(0, 40));
    if (uniform(0, 9) == 0) plan->mutable_tasks(t)->set_status(v1::TASK_STATUS_CANCELLED);
  }
  std::vector<std::string> live;
  for (const auto& task : plan->tasks()) {
    if (task.status() != v1::TASK_STATUS_CANCELLED) live.push_back(task.task_id());
  }
  const int events = uniform(0, 120);
  for (int e = 0; e < events; ++e) {
    const CivilDay on = std::min(g.as_of, release + uniform(-30, 200));
    v1::Event* event = testing::AddEvent(&r, absl::StrCat("e", e), FormatDate(on));
    switch (uniform(0, 9)) {
      case 0:
        event->mutable_contact()->set_type(static_cast<v1::ContactType>(uniform(1, 4)));
        event->mutable_contact()->set_attempted(uniform(0, 4) == 0);
        break;
      case 1:
        event->mutable_drug_test()->set_result(static_cast<v1::DrugTest::Result>(uniform(1, 4)));
        break;
      case 2:
      case 3:
        if (live.empty()) {
          event->mutable_incentive();
          break;
        }
        {
          auto* a = event->mutable_attendance();
          a->set_task_id(live[uniform(0, static_cast<int>(live.size()) - 1)]);
          a->set_status(static_cast<v1::Attendance::Status>(uniform(1, 4)));
          if (a->status() <= v1::Attendance::STATUS_LATE) a->set_hours(uniform(0, 4));
        }
        break;
      case 4:
        if (live.empty()) {
          event->mutable_arrest();
          break;
        }
        event->mutable_task_completed()->set_task_id(
            live[uniform(0, static_cast<int>(live.size()) - 1)]);
        break;
      case 5:
        event->mutable_violation()->set_severity(static_cast<v1::Severity>(uniform(1, 3)));
        break;
      case 6:
        event->mutable_incentive();
        break;
      case 7:
        if (uniform(0, 3) == 0) {
          event->mutable_housing_lost();
        } else {
          event->mutable_arrest();
        }
        break;
      default:
        event->mutable_phase_change()->set_phase(v1::PHASE_COMMUNITY);
    }
  }
  if (uniform(0, 1)) {
    v1::AssessmentResult* a = r.add_assessments();
    a->set_instrument_id("pattern");
    a->set_assessed_on(FormatDate(release - uniform(0, 60)));
    a->set_next_reassessment_on(FormatDate(release + uniform(0, 365)));
  }
  return g;
}

int Rank(v1::Recommendation::Direction d) {
  switch (d) {
    case v1::Recommendation::DIRECTION_STEP_DOWN:
      return 0;
    case v1::Recommendation::DIRECTION_HOLD:
      return 1;
    default:
      return 2;
  }
}

TEST(MonitoringProperties, HoldOverGeneratedPlansAndEvents) {
  auto policy = testing::BuiltinPolicy();
  auto calendar = testing::FederalCalendar();
  std::mt19937 rng(2027);
  for (int round = 0; round < 2000; ++round) {
    SCOPED_TRACE(round);
    Generated g = Generate(rng);
    auto report = Monitor(g.request, *policy, *calendar);
    ASSERT_TRUE(report.ok()) << report.status();

    // Rates in [0, 1].
    if (report->has_compliance_rate()) {
      EXPECT_GE(report->compliance_rate(), 0);
      EXPECT_LE(report->compliance_rate(), 1);
    }
    if (report->has_attendance_rate()) {
      EXPECT_GE(report->attendance_rate(), 0);
      EXPECT_LE(report->attendance_rate(), 1);
    }

    // The same report whatever the order of the events.
    v1::MonitorRequest shuffled = g.request;
    std::shuffle(shuffled.mutable_events()->pointer_begin(),
                 shuffled.mutable_events()->pointer_end(), rng);
    auto again = Monitor(shuffled, *policy, *calendar);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(again->SerializeAsString(), report->SerializeAsString());

    // Completions, by task; a completed task is never overdue, and the
    // counts agree with a day-by-day recomputation.
    std::map<std::string, CivilDay> completed;
    for (const auto& e : g.request.events()) {
      if (!e.has_task_completed()) continue;
      const CivilDay on = *internal::ParseDate(e.on(), "on");
      auto [it, inserted] = completed.emplace(e.task_completed().task_id(), on);
      if (!inserted) it->second = std::min(it->second, on);
    }
    int due = 0;
    int on_time = 0;
    std::vector<std::string> overdue;
    for (const auto& task : g.request.plan().tasks()) {
      if (task.status() == v1::TASK_STATUS_CANCELLED || task.due_on().empty()) continue;
      const CivilDay due_on = *internal::ParseDate(task.due_on(), "due_on");
      const auto done = completed.find(task.task_id());
      if (due_on <= g.as_of) {
        ++due;
        if (done != completed.end() && done->second <= due_on) ++on_time;
      }
      if (done == completed.end() && due_on < g.as_of) {
        int days = 0;
        for (CivilDay d = due_on + 1; d <= g.as_of; ++d) days += calendar->IsBusinessDay(d);
        overdue.push_back(absl::StrCat(task.task_id(), " ", days));
      }
    }
    std::vector<std::string> got;
    for (const auto& t : report->overdue_tasks()) {
      EXPECT_EQ(completed.count(t.task_id()), 0u) << t.task_id();
      got.push_back(absl::StrCat(t.task_id(), " ", t.business_days_overdue()));
    }
    std::sort(overdue.begin(), overdue.end());
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, overdue);
    EXPECT_EQ(report->tasks_due(), due);
    EXPECT_EQ(report->tasks_completed_on_time(), on_time);

    // A violation never moves the recommendation down.
    v1::MonitorRequest worse = g.request;
    std::uniform_int_distribution<int> back(0, 120);
    testing::Violate(&worse, "added", FormatDate(g.as_of - back(rng)),
                     static_cast<v1::Severity>(1 + round % 3));
    auto after = Monitor(worse, *policy, *calendar);
    ASSERT_TRUE(after.ok()) << after.status();
    EXPECT_GE(Rank(after->recommendation().direction()),
              Rank(report->recommendation().direction()));
  }
}

}  // namespace
}  // namespace reentry
