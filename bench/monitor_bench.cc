// Monitoring: one report of 1,000 events against a 40-task plan (the DESIGN
// target: under 1 ms) through the C++ API and through Engine::Call in binary
// and JSON, beside a naive peer that recomputes the task numbers (overdue,
// business days, compliance) day by day as a person would; and a caseload of
// 10,000 people with 100 events each, one report per person, on one and on
// two threads.
//
//   build/bench/monitor_bench

#include <benchmark/benchmark.h>

#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "reentry/calendar/calendar.h"
#include "reentry/engine/engine.h"
#include "reentry/monitor/monitor.h"
#include "reentry/monitor/policy.h"
#include "reentry/v1/monitor.pb.h"
#include "util/civil_date.h"

namespace {

using absl::CivilDay;
using reentry::internal::FormatDate;

reentry::Engine& SharedEngine() {
  static reentry::Engine* const engine = reentry::Engine::Create()->release();
  return *engine;
}

// A plan of `tasks` tasks over 10 goals (half criminogenic), due every few
// days from release, and `events` events of every kind over the year after
// release, up to as_of; the same for a given seed.
reentry::v1::MonitorRequest Request(int tasks, int events, uint32_t seed) {
  std::mt19937 rng(seed);
  const CivilDay release(2027, 3, 15);
  const CivilDay as_of = release + 300;
  reentry::v1::MonitorRequest request;
  request.set_as_of(FormatDate(as_of));
  request.set_supervision_level("medium");
  request.mutable_person()->set_released_on(FormatDate(release));
  reentry::v1::CasePlan* plan = request.mutable_plan();
  plan->set_client_id(absl::StrCat("p", seed));
  plan->set_version(1);
  plan->set_dosage_target_hours(100);
  for (int g = 0; g < 10; ++g) {
    auto* goal = plan->add_goals();
    goal->set_goal_id(absl::StrCat("g", g));
    goal->set_domain(absl::StrCat("domain", g));
    goal->set_criminogenic(g % 2 == 0);
  }
  for (int t = 0; t < tasks; ++t) {
    auto* task = plan->add_tasks();
    task->set_task_id(absl::StrCat("g", t % 10, ".t", t));
    task->set_goal_id(absl::StrCat("g", t % 10));
    task->set_due_on(FormatDate(release + static_cast<int>(rng() % 360) - 30));
    task->set_dosage_hours(rng() % 20);
  }
  for (int e = 0; e < events; ++e) {
    auto* event = request.add_events();
    event->set_event_id(absl::StrCat("e", e));
    event->set_on(FormatDate(release + static_cast<int>(rng() % 301)));
    const std::string task = plan->tasks(static_cast<int>(rng() % tasks)).task_id();
    switch (rng() % 8) {
      case 0:
        event->mutable_contact()->set_type(reentry::v1::CONTACT_TYPE_FACE_TO_FACE);
        break;
      case 1:
        event->mutable_drug_test()->set_result(rng() % 10 == 0
                                                   ? reentry::v1::DrugTest::RESULT_POSITIVE
                                                   : reentry::v1::DrugTest::RESULT_NEGATIVE);
        break;
      case 2:
      case 3:
      case 4: {
        auto* a = event->mutable_attendance();
        a->set_task_id(task);
        const bool absent = rng() % 10 == 0;
        a->set_status(absent ? reentry::v1::Attendance::STATUS_ABSENT_UNEXCUSED
                             : reentry::v1::Attendance::STATUS_ATTENDED);
        if (!absent) a->set_hours(2);
        break;
      }
      case 5:
        event->mutable_task_completed()->set_task_id(task);
        break;
      case 6:
        event->mutable_violation()->set_severity(reentry::v1::SEVERITY_LOW);
        break;
      default:
        event->mutable_contact()->set_type(reentry::v1::CONTACT_TYPE_HOME_VISIT);
    }
  }
  return request;
}

const reentry::Policy& BuiltinPolicy() {
  static const auto policy = *SharedEngine().Find<reentry::Policy>("reentry_policy");
  return *policy;
}

const reentry::Calendar& Federal() {
  static const auto calendar = *SharedEngine().Find<reentry::Calendar>("us_federal");
  return *calendar;
}

void BM_Monitor(benchmark::State& state) {
  const auto request = Request(40, static_cast<int>(state.range(0)), 1);
  reentry::v1::ComplianceReport report;
  for (auto _ : state) {
    auto status = reentry::Monitor(request, BuiltinPolicy(), Federal(), {}, &report);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::DoNotOptimize(report);
  }
  state.counters["events"] = static_cast<double>(state.range(0));
}

// The peer: the task numbers recomputed as a person would, one day at a time
// (the completion of each task found by scanning the events, business days
// counted by asking the calendar about each day).
void BM_NaiveTaskNumbersPeer(benchmark::State& state) {
  const auto request = Request(40, static_cast<int>(state.range(0)), 1);
  const CivilDay as_of = *reentry::internal::ParseDate(request.as_of(), "as_of");
  for (auto _ : state) {
    int due = 0;
    int on_time = 0;
    int64_t overdue_days = 0;
    for (const auto& task : request.plan().tasks()) {
      const CivilDay due_on = *reentry::internal::ParseDate(task.due_on(), "due_on");
      std::optional<CivilDay> done;
      for (const auto& e : request.events()) {
        if (e.has_task_completed() && e.task_completed().task_id() == task.task_id()) {
          const CivilDay on = *reentry::internal::ParseDate(e.on(), "on");
          if (!done || on < *done) done = on;
        }
      }
      if (due_on <= as_of) {
        ++due;
        if (done && *done <= due_on) ++on_time;
      }
      if (!done && due_on < as_of) {
        for (CivilDay d = due_on + 1; d <= as_of; ++d) overdue_days += Federal().IsBusinessDay(d);
      }
    }
    benchmark::DoNotOptimize(due);
    benchmark::DoNotOptimize(on_time);
    benchmark::DoNotOptimize(overdue_days);
  }
  state.counters["events"] = static_cast<double>(state.range(0));
}

void BM_EngineMonitor(benchmark::State& state) {
  const auto request = Request(40, 1000, 1);
  const bool json = state.range(0) == 1;
  std::string bytes;
  if (json) {
    google::protobuf::util::MessageToJsonString(request, &bytes);
  } else {
    bytes = request.SerializeAsString();
  }
  const auto encoding =
      json ? reentry::Engine::Encoding::kJson : reentry::Engine::Encoding::kBinary;
  std::string response;
  for (auto _ : state) {
    response.clear();
    auto status = SharedEngine().Call("Monitor", bytes, encoding, &response);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::DoNotOptimize(response);
  }
  state.SetLabel(json ? "json" : "binary");
  state.counters["response_bytes"] = static_cast<double>(response.size());
}

// A caseload: 10,000 people, 100 events and 20 tasks each, one report per
// person, split over `threads` threads sharing one policy and calendar.
void BM_Caseload(benchmark::State& state) {
  static const std::vector<reentry::v1::MonitorRequest> people = [] {
    std::vector<reentry::v1::MonitorRequest> out;
    for (uint32_t p = 0; p < 10'000; ++p) out.push_back(Request(20, 100, 100 + p));
    return out;
  }();
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    std::vector<std::thread> pool;
    std::vector<int> failures(threads, 0);
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([t, threads, &failures] {
        reentry::v1::ComplianceReport report;
        for (size_t p = t; p < people.size(); p += threads) {
          if (!reentry::Monitor(people[p], BuiltinPolicy(), Federal(), {}, &report).ok()) {
            ++failures[t];
          }
        }
      });
    }
    for (auto& thread : pool) thread.join();
    for (int f : failures) {
      if (f > 0) state.SkipWithError("a report failed");
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(people.size()));
  state.counters["threads"] = threads;
}

BENCHMARK(BM_Monitor)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_NaiveTaskNumbersPeer)->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EngineMonitor)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Caseload)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
