#include "plan/schedule.h"

#include <algorithm>

#include "boost/graph/adjacency_list.hpp"
#include "boost/graph/topological_sort.hpp"

namespace reentry::plan_internal {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

// Task indices with every prerequisite before the task (Boost.Graph's
// topological sort, which lists vertices in reverse order).
std::vector<int> TopologicalOrder(const std::vector<ScheduleTask>& tasks) {
  Graph graph(tasks.size());
  for (size_t t = 0; t < tasks.size(); ++t) {
    for (int p : tasks[t].prerequisites) boost::add_edge(p, t, graph);
  }
  std::vector<Graph::vertex_descriptor> reversed;
  reversed.reserve(tasks.size());
  boost::topological_sort(graph, std::back_inserter(reversed));
  return std::vector<int>(reversed.rbegin(), reversed.rend());
}

}  // namespace

std::vector<ScheduledTask> Schedule(const std::vector<ScheduleTask>& tasks,
                                    absl::CivilDay plan_start, const Calendar& calendar) {
  std::vector<ScheduledTask> out(tasks.size());
  const std::vector<int> order = TopologicalOrder(tasks);

  // Forward: as early as allowed.
  for (int t : order) {
    const ScheduleTask& task = tasks[t];
    ScheduledTask& slot = out[t];
    if (task.fixed.has_value()) {
      slot.start = task.fixed->first;
      slot.end = task.fixed->second;
      continue;
    }
    // The latest of the plan start, the window's opening and the day after
    // each prerequisite's end; the prerequisite that gives it (the first, on
    // a tie) is the one that pushed the task.
    absl::CivilDay lower = std::max(plan_start, task.earliest);
    for (int p : task.prerequisites) {
      if (tasks[p].cancelled) continue;
      if (out[p].end + 1 > lower) {
        lower = out[p].end + 1;
        slot.binding = p;
      }
    }
    slot.start = calendar.BusinessDayOnOrAfter(lower);
    slot.end =
        task.duration <= 1 ? slot.start : calendar.AddBusinessDays(slot.start, task.duration - 1);
  }

  // Successors of each task, for the backward pass.
  std::vector<std::vector<int>> successors(tasks.size());
  for (size_t t = 0; t < tasks.size(); ++t) {
    for (int p : tasks[t].prerequisites) successors[p].push_back(static_cast<int>(t));
  }

  // Backward: the latest dates that keep every deadline.
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const int t = *it;
    const ScheduleTask& task = tasks[t];
    ScheduledTask& slot = out[t];
    if (task.fixed.has_value() || task.cancelled) continue;
    std::optional<absl::CivilDay> latest_end = task.due;
    for (int s : successors[t]) {
      if (tasks[s].fixed.has_value() || tasks[s].cancelled || !out[s].latest_start) continue;
      const absl::CivilDay before = calendar.AddBusinessDays(*out[s].latest_start, -1);
      if (!latest_end || before < *latest_end) latest_end = before;
    }
    if (!latest_end) continue;
    slot.latest_end = latest_end;
    slot.latest_start = task.duration <= 1
                            ? *latest_end
                            : calendar.AddBusinessDays(*latest_end, -(task.duration - 1));
    slot.slack = static_cast<int>(calendar.BusinessDaysBetween(slot.start, *slot.latest_start));
    slot.critical = *slot.slack <= 0;
  }
  return out;
}

}  // namespace reentry::plan_internal
