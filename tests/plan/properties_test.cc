// Properties of plans over many generated catalogs and people, checked
// against a deliberately naive reference (day-by-day calendar walks):
// no task starts before its window, the plan start or the end of a
// prerequisite; every date is a business day; durations are exact; slack and
// critical agree with a brute-force recomputation; every need at or above the
// threshold is covered or explained; the same request gives the same bytes;
// revising with no progress changes only the version.
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "reentry/plan/planner.h"
#include "test_catalog.h"
#include "util/civil_date.h"

namespace reentry {
namespace {

const std::vector<std::string> kDomains = {
    "housing",       "finances_id",          "employment",
    "substance_use", "antisocial_cognition", "transportation"};

absl::CivilDay Day(const std::string& text) { return *internal::ParseDate(text, "date"); }

// The naive reference calendar: one day at a time.
struct Naive {
  const Calendar& calendar;
  bool Business(absl::CivilDay d) const { return calendar.IsBusinessDay(d); }
  absl::CivilDay OnOrBefore(absl::CivilDay d) const {
    while (!Business(d)) d -= 1;
    return d;
  }
  absl::CivilDay Back(absl::CivilDay d, int n) const {  // n business days before a business day
    while (n-- > 0) {
      d -= 1;
      while (!Business(d)) d -= 1;
    }
    return d;
  }
  int Count(absl::CivilDay from, absl::CivilDay to) const {  // business days in (from, to]
    int n = 0;
    if (to >= from) {
      for (absl::CivilDay d = from + 1; d <= to; d += 1) n += Business(d);
    } else {
      for (absl::CivilDay d = to + 1; d <= from; d += 1) n -= Business(d);
    }
    return n;
  }
};

v1::CatalogDefinition RandomCatalog(std::mt19937& rng) {
  const auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  v1::CatalogDefinition d;
  d.set_id("generated");
  d.set_version("1");
  d.set_title("Generated");
  d.set_calendar_id("us_federal");
  d.set_need_threshold(static_cast<v1::Tier>(1 + pick(3)));
  for (int tier = 1; tier <= 4; ++tier) {
    auto* level = d.add_intensities();
    level->set_risk_tier(static_cast<v1::Tier>(tier));
    level->set_intensity(static_cast<v1::Intensity>(tier));
    level->set_dosage_target_hours(100 * (tier - 1));
    level->set_max_criminogenic_domains(pick(4));
  }
  std::vector<std::pair<std::string, std::string>> earlier;  // (rule, template)
  int rule_count = 0;
  for (const std::string& domain : kDomains) {
    for (int r = pick(3); r > 0; --r) {
      auto* rule = d.add_rules();
      const std::string rule_id = absl::StrCat("r", rule_count++);
      rule->set_rule_id(rule_id);
      rule->set_domain(domain);
      if (pick(4) == 0) rule->set_min_need_tier(static_cast<v1::Tier>(1 + pick(4)));
      if (pick(5) == 0) rule->add_phases(static_cast<v1::Phase>(1 + pick(3)));
      if (pick(6) == 0) rule->set_min_risk_tier(static_cast<v1::Tier>(1 + pick(3)));
      auto* goal = rule->mutable_goal();
      goal->set_term(pick(2) ? v1::GOAL_TERM_SHORT : v1::GOAL_TERM_LONG);
      goal->set_title("goal");
      std::vector<std::pair<std::string, std::string>> mine;
      for (int t = 1 + pick(4); t > 0; --t) {
        auto* task = goal->add_tasks();
        const std::string template_id = absl::StrCat("t", t);
        task->set_template_id(template_id);
        task->set_title("task");
        task->set_owner(static_cast<v1::Owner>(1 + pick(4)));
        task->set_phase(static_cast<v1::Phase>(1 + pick(3)));
        task->set_duration_business_days(pick(12));
        task->set_dosage_hours(pick(20));
        if (pick(4) != 0) {
          auto* window = task->mutable_window();
          window->set_anchor(static_cast<v1::Anchor>(1 + pick(4)));
          const int opens = -150 + pick(200);
          if (pick(3) != 0) window->set_opens_days(opens);
          if (pick(3) != 0) window->set_closes_days(opens + pick(90));
        }
        // Prerequisites only on earlier tasks: no cycle.
        for (const auto& [r_id, t_id] : mine) {
          if (pick(3) == 0) task->add_prerequisites(t_id);
        }
        for (const auto& [r_id, t_id] : earlier) {
          if (pick(12) == 0) task->add_prerequisites(absl::StrCat(r_id, ".", t_id));
        }
        mine.push_back({rule_id, template_id});
      }
      earlier.insert(earlier.end(), mine.begin(), mine.end());
    }
  }
  if (d.rules().empty()) {
    auto* rule = d.add_rules();
    rule->set_rule_id("only");
    rule->set_domain("housing");
    rule->set_everyone(true);
    rule->mutable_goal()->set_term(v1::GOAL_TERM_SHORT);
    rule->mutable_goal()->set_title("goal");
    auto* task = rule->mutable_goal()->add_tasks();
    task->set_template_id("t");
    task->set_title("task");
    task->set_owner(v1::OWNER_PERSON);
    task->set_phase(v1::PHASE_COMMUNITY);
  }
  return d;
}

v1::PlanRequest RandomRequest(std::mt19937& rng) {
  const auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  v1::PlanRequest request;
  const absl::CivilDay admitted = Day("2026-01-01") + pick(700);
  const absl::CivilDay release = admitted + 60 + pick(600);
  v1::Person* person = request.mutable_person();
  person->set_phase(static_cast<v1::Phase>(1 + pick(3)));
  person->set_admitted_on(internal::FormatDate(admitted));
  person->set_projected_release_on(internal::FormatDate(release));
  if (person->phase() == v1::PHASE_COMMUNITY) {
    person->set_released_on(internal::FormatDate(release));
    if (pick(2)) person->set_supervision_start_on(internal::FormatDate(release));
  }
  request.set_plan_start_on(internal::FormatDate(admitted + pick(400)));
  std::vector<testing::NeedSpec> needs;
  int rank = 0;
  for (const std::string& domain : kDomains) {
    if (pick(3) == 0) continue;
    needs.push_back(
        {domain, static_cast<v1::Tier>(1 + pick(4)), ++rank,
         domain == "housing" || domain == "finances_id",
         domain == "employment" || domain == "substance_use" || domain == "antisocial_cognition"});
  }
  for (auto& result : testing::Assessments(needs, static_cast<v1::Tier>(pick(5)), "2026-01-01")) {
    *request.add_assessments() = result;
  }
  return request;
}

void CheckPlan(const v1::PlanRequest& request, const v1::CasePlan& plan,
               const v1::CatalogDefinition& catalog, const Calendar& calendar) {
  const Naive naive{calendar};
  const absl::CivilDay plan_start = Day(request.plan_start_on());
  std::map<std::string, const v1::Task*> tasks;
  for (const v1::Task& task : plan.tasks()) tasks[task.task_id()] = &task;
  std::map<std::string, std::vector<std::string>> successors;
  for (const v1::Task& task : plan.tasks()) {
    const absl::CivilDay start = Day(task.start_on()), end = Day(task.end_on());
    ASSERT_GE(start, plan_start) << task.task_id();
    ASSERT_GE(start, Day(task.earliest_on())) << task.task_id();
    ASSERT_TRUE(naive.Business(start)) << task.task_id();
    ASSERT_TRUE(naive.Business(end)) << task.task_id();
    ASSERT_EQ(naive.Count(start, end) + 1, task.duration_business_days()) << task.task_id();
    if (!task.due_on().empty()) {
      ASSERT_TRUE(naive.Business(Day(task.due_on()))) << task.task_id();
    }
    for (const std::string& p : task.prerequisite_task_ids()) {
      ASSERT_TRUE(tasks.count(p)) << p;
      ASSERT_GT(start, Day(tasks[p]->end_on())) << task.task_id() << " after " << p;
      successors[p].push_back(task.task_id());
    }
  }
  // Backward pass, brute force: in reverse order of start (a valid reverse
  // topological order, since every task starts after its prerequisites).
  std::vector<const v1::Task*> order;
  for (const v1::Task& task : plan.tasks()) order.push_back(&task);
  std::sort(order.begin(), order.end(),
            [](const v1::Task* a, const v1::Task* b) { return a->start_on() > b->start_on(); });
  std::map<std::string, std::optional<absl::CivilDay>> latest_start;
  for (const v1::Task* task : order) {
    std::optional<absl::CivilDay> latest_end;
    if (!task->due_on().empty()) latest_end = Day(task->due_on());
    for (const std::string& s : successors[task->task_id()]) {
      if (!latest_start[s]) continue;
      const absl::CivilDay before = naive.Back(*latest_start[s], 1);
      if (!latest_end || before < *latest_end) latest_end = before;
    }
    if (!latest_end) {
      ASSERT_FALSE(task->has_slack_business_days()) << task->task_id();
      ASSERT_FALSE(task->critical());
      continue;
    }
    latest_start[task->task_id()] = naive.Back(*latest_end, task->duration_business_days() - 1);
    const int slack = naive.Count(Day(task->start_on()), *latest_start[task->task_id()]);
    ASSERT_TRUE(task->has_slack_business_days()) << task->task_id();
    ASSERT_EQ(task->slack_business_days(), slack) << task->task_id();
    ASSERT_EQ(task->critical(), slack <= 0) << task->task_id();
  }
  // Coverage: every need at or above the threshold has a goal or a reason.
  for (const v1::NeedResult& need : request.assessments().rbegin()->needs()) {
    if (need.tier() < catalog.need_threshold()) continue;
    bool covered = false;
    for (const v1::Goal& goal : plan.goals()) covered |= goal.domain() == need.domain();
    for (const v1::UncoveredNeed& u : plan.uncovered_needs())
      covered |= u.domain() == need.domain();
    ASSERT_TRUE(covered) << need.domain();
  }
}

TEST(PlanProperties, HoldOverGeneratedCatalogsAndPeople) {
  const auto calendar = testing::UsFederal();
  std::mt19937 rng(20261201);
  int planned = 0;
  for (int i = 0; i < 400; ++i) {
    SCOPED_TRACE(i);
    const v1::CatalogDefinition definition = RandomCatalog(rng);
    auto catalog = Catalog::Compile(definition, testing::TestVocabulary());
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    const v1::PlanRequest request = RandomRequest(rng);
    auto plan = MakePlan(request, **catalog, *calendar);
    if (!plan.ok()) {
      // Only a risk tier the generated catalog has no entry for... which
      // every generated catalog has: nothing may fail.
      FAIL() << plan.status();
    }
    ++planned;
    CheckPlan(request, *plan, definition, *calendar);
    // Same request, same bytes.
    auto again = MakePlan(request, **catalog, *calendar);
    ASSERT_TRUE(again.ok());
    ASSERT_EQ(plan->SerializeAsString(), again->SerializeAsString());
    // Revising with no progress changes only the version.
    v1::PlanRequest revise = request;
    *revise.mutable_previous() = *plan;
    auto revised = MakePlan(revise, **catalog, *calendar);
    ASSERT_TRUE(revised.ok()) << revised.status();
    EXPECT_EQ(revised->version(), plan->version() + 1);
    EXPECT_TRUE(revised->diff().changes().empty());
    v1::CasePlan a = *plan, b = *revised;
    a.clear_version();
    b.clear_version();
    b.clear_diff();
    ASSERT_EQ(a.SerializeAsString(), b.SerializeAsString());
  }
  EXPECT_EQ(planned, 400);
}

}  // namespace
}  // namespace reentry
