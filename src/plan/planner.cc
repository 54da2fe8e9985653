// Making and revising case plans: goals from needs and catalog rules, tasks
// with their windows, scheduling (plan/schedule.h), and the diff of a
// revision.
#include "reentry/plan/planner.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plan/compiled_catalog.h"
#include "plan/schedule.h"
#include "reentry/plan/render.h"
#include "util/civil_date.h"
#include "util/status.h"

namespace reentry {
namespace plan_internal {
namespace {

using internal::FormatDate;
using internal::InvalidField;
using internal::Quoted;

// The most assessments and progress entries one request may carry.
constexpr int kMaxAssessments = 64;
constexpr int kMaxProgress = 10000;

absl::string_view TierWord(v1::Tier tier) {
  switch (tier) {
    case v1::TIER_LOW:
      return "low";
    case v1::TIER_MODERATE:
      return "moderate";
    case v1::TIER_HIGH:
      return "high";
    case v1::TIER_VERY_HIGH:
      return "very high";
    default:
      return "none";
  }
}

absl::string_view IntensityWord(v1::Intensity intensity) {
  switch (intensity) {
    case v1::INTENSITY_LOW:
      return "low";
    case v1::INTENSITY_MODERATE:
      return "moderate";
    case v1::INTENSITY_HIGH:
      return "high";
    case v1::INTENSITY_VERY_HIGH:
      return "very high";
    default:
      return "unspecified";
  }
}

// A date of the request: empty is "not given".
absl::StatusOr<std::optional<absl::CivilDay>> OptionalDate(const std::string& text,
                                                           absl::string_view field) {
  if (text.empty()) return std::nullopt;
  auto day = internal::ParseDate(text, field);
  if (!day.ok()) return day.status();
  return std::optional<absl::CivilDay>(*day);
}

struct PersonDates {
  std::optional<absl::CivilDay> admitted, projected_release, released, supervision_start,
      supervision_end;

  std::optional<absl::CivilDay> Release() const { return released ? released : projected_release; }
};

// One need the plan answers: the latest report of its domain.
struct Need {
  const v1::AssessmentResult* assessment = nullptr;
  const v1::NeedResult* result = nullptr;
  bool survival = false;
  bool criminogenic = false;
  int group = 0;  // 0 survival, 1 criminogenic, 2 other

  const std::string& domain() const { return result->domain(); }
};

// A goal before priorities are known.
struct GoalDraft {
  int rule = 0;                // index into the compiled catalog's rules
  const Need* need = nullptr;  // null for goals every person gets
  int order = 0;               // the sort key of its need, then rule order
};

// A task of the plan being made.
struct TaskDraft {
  std::string id;
  int goal = 0;             // index into the plan's goals
  int template_index = -1;  // into the catalog's tasks; -1 for a kept task of a dropped goal
  const v1::Task* previous = nullptr;  // the previous plan's task of that id
  ScheduleTask schedule;
  std::vector<std::string> notes;
  v1::TaskStatus status = v1::TASK_STATUS_NOT_STARTED;
  std::string started_on, completed_on;
};

class Planner {
 public:
  Planner(const v1::PlanRequest& request, const Catalog& catalog, const Calendar& calendar,
          v1::CasePlan* plan)
      : request_(request),
        catalog_(CompiledCatalog::Of(catalog)),
        catalog_public_(catalog),
        calendar_(calendar),
        plan_(plan) {}

  absl::Status Run() {
    for (auto step : {&Planner::Header, &Planner::Person, &Planner::Assessments, &Planner::Progress,
                      &Planner::Risk, &Planner::Needs, &Planner::Goals, &Planner::Tasks}) {
      if (auto s = (this->*step)(); !s.ok()) return s;
    }
    Write();
    return absl::OkStatus();
  }

 private:
  // ---- Request ------------------------------------------------------------

  absl::Status Header() {
    if (!request_.catalog_id().empty() && request_.catalog_id() != catalog_public_.id()) {
      return InvalidField("catalog_id", "the request names catalog ", Quoted(request_.catalog_id()),
                          " but is planned with ", Quoted(catalog_public_.id()));
    }
    if (!request_.catalog_version().empty() &&
        request_.catalog_version() != catalog_public_.version()) {
      return InvalidField("catalog_version", "the request names version ",
                          Quoted(request_.catalog_version()), " but is planned with ",
                          Quoted(catalog_public_.version()));
    }
    if (!request_.calendar_id().empty() && request_.calendar_id() != calendar_.id()) {
      return InvalidField("calendar_id", "the request names calendar ",
                          Quoted(request_.calendar_id()), " but is planned with ",
                          Quoted(calendar_.id()));
    }
    if (request_.plan_start_on().empty()) return InvalidField("plan_start_on", "is required");
    auto start = internal::ParseDate(request_.plan_start_on(), "plan_start_on");
    if (!start.ok()) return start.status();
    plan_start_ = *start;
    client_id_ =
        request_.client_id().empty() ? request_.person().client_id() : request_.client_id();
    return absl::OkStatus();
  }

  absl::Status Person() {
    const v1::Person& person = request_.person();
    const std::pair<const std::string*, std::optional<absl::CivilDay>*> dates[] = {
        {&person.admitted_on(), &dates_.admitted},
        {&person.projected_release_on(), &dates_.projected_release},
        {&person.released_on(), &dates_.released},
        {&person.supervision_start_on(), &dates_.supervision_start},
        {&person.supervision_end_on(), &dates_.supervision_end}};
    const char* const names[] = {"person.admitted_on", "person.projected_release_on",
                                 "person.released_on", "person.supervision_start_on",
                                 "person.supervision_end_on"};
    for (size_t i = 0; i < 5; ++i) {
      auto day = OptionalDate(*dates[i].first, names[i]);
      if (!day.ok()) return day.status();
      *dates[i].second = *day;
    }
    const auto before = [&](const std::optional<absl::CivilDay>& later, absl::string_view field,
                            const std::optional<absl::CivilDay>& earlier,
                            absl::string_view earlier_field) -> absl::Status {
      if (later && earlier && *later < *earlier) {
        return InvalidField(field, FormatDate(*later), " is before ", earlier_field, " ",
                            FormatDate(*earlier));
      }
      return absl::OkStatus();
    };
    for (auto s :
         {before(dates_.projected_release, "person.projected_release_on", dates_.admitted,
                 "person.admitted_on"),
          before(dates_.released, "person.released_on", dates_.admitted, "person.admitted_on"),
          before(dates_.supervision_start, "person.supervision_start_on", dates_.admitted,
                 "person.admitted_on"),
          before(dates_.supervision_end, "person.supervision_end_on", dates_.supervision_start,
                 "person.supervision_start_on")}) {
      if (!s.ok()) return s;
    }
    if (!v1::Phase_IsValid(person.phase())) {
      return InvalidField("person.phase", "unknown phase ", person.phase());
    }
    phase_ = person.phase();
    if (phase_ == v1::PHASE_UNSPECIFIED) {
      // The dates say where the person is.
      if (dates_.released && *dates_.released <= plan_start_) {
        phase_ = v1::PHASE_COMMUNITY;
      } else if (dates_.admitted || dates_.projected_release) {
        phase_ = v1::PHASE_INSTITUTION;
      } else {
        return InvalidField("person.phase",
                            "is required when the person's dates do not imply it (admitted_on, "
                            "projected_release_on or released_on)");
      }
    }
    return absl::OkStatus();
  }

  absl::Status Assessments() {
    if (request_.assessments().empty()) {
      return InvalidField("assessments", "a plan needs at least one assessment result");
    }
    if (request_.assessments_size() > kMaxAssessments) {
      return InvalidField("assessments", request_.assessments_size(),
                          " assessments exceed the limit of ", kMaxAssessments);
    }
    assessed_on_.resize(request_.assessments_size());
    for (int a = 0; a < request_.assessments_size(); ++a) {
      const v1::AssessmentResult& result = request_.assessments(a);
      const std::string field = absl::StrCat("assessments[", a, "]");
      if (result.instrument_id().empty()) {
        return InvalidField(field + ".instrument_id", "is required (a result as Score returns it)");
      }
      auto day = OptionalDate(result.assessed_on(), field + ".assessed_on");
      if (!day.ok()) return day.status();
      assessed_on_[a] = *day;
      for (int n = 0; n < result.needs_size(); ++n) {
        const v1::NeedResult& need = result.needs(n);
        if (need.domain().empty()) {
          return InvalidField(absl::StrCat(field, ".needs[", n, "].domain"), "is required");
        }
        if (!v1::Tier_IsValid(need.tier())) {
          return InvalidField(absl::StrCat(field, ".needs[", n, "].tier"), "unknown tier");
        }
      }
      for (const auto& strength : result.strengths()) strengths_.insert(strength.id());
      for (const auto& factor : result.responsivity()) {
        if (responsivity_.emplace(factor.id(), factor.adaptation()).second) {
          responsivity_order_.push_back(factor.id());
        }
      }
    }
    return absl::OkStatus();
  }

  // Assessment `a` is later than `b`: by assessed_on (undated ones first),
  // then by request order.
  bool Later(int a, int b) const {
    if (assessed_on_[a] != assessed_on_[b]) {
      if (!assessed_on_[a]) return false;
      if (!assessed_on_[b]) return true;
      return *assessed_on_[a] > *assessed_on_[b];
    }
    return a > b;
  }

  absl::Status Progress() {
    const bool revising = request_.has_previous();
    if (!revising && !request_.progress().empty()) {
      return InvalidField("progress", "progress is about a previous plan: give it as `previous`");
    }
    if (!revising) return absl::OkStatus();
    const v1::CasePlan& previous = request_.previous();
    if (previous.version() < 1) {
      return InvalidField("previous.version", previous.version(),
                          " is not a plan version (a plan as Plan returned it)");
    }
    if (!previous.client_id().empty() && !client_id_.empty() &&
        previous.client_id() != client_id_) {
      return InvalidField("previous.client_id", "the previous plan is for client ",
                          Quoted(previous.client_id()), ", not ", Quoted(client_id_));
    }
    for (const v1::Task& task : previous.tasks()) previous_tasks_[task.task_id()] = &task;
    for (const v1::Goal& goal : previous.goals()) previous_goals_[goal.goal_id()] = &goal;
    if (request_.progress_size() > kMaxProgress) {
      return InvalidField("progress", request_.progress_size(), " entries exceed the limit of ",
                          kMaxProgress);
    }
    for (int i = 0; i < request_.progress_size(); ++i) {
      const v1::TaskProgress& entry = request_.progress(i);
      const std::string field = absl::StrCat("progress[", i, "]");
      if (!previous_tasks_.contains(entry.task_id())) {
        return InvalidField(field + ".task_id", "unknown task ", Quoted(entry.task_id()),
                            ": not a task of the previous plan");
      }
      if (!v1::TaskStatus_IsValid(entry.status()) ||
          entry.status() == v1::TASK_STATUS_UNSPECIFIED) {
        return InvalidField(field + ".status", "needs a status");
      }
      for (const auto& [text, name] : {std::make_pair(&entry.started_on(), "started_on"),
                                       std::make_pair(&entry.completed_on(), "completed_on")}) {
        auto day = OptionalDate(*text, field + "." + name);
        if (!day.ok()) return day.status();
      }
      if (!progress_.emplace(entry.task_id(), &entry).second) {
        return InvalidField(field + ".task_id", "task ", Quoted(entry.task_id()),
                            " has more than one progress entry");
      }
    }
    return absl::OkStatus();
  }

  // ---- Risk, needs, goals ---------------------------------------------------

  absl::Status Risk() {
    int chosen = -1;
    for (int a = 0; a < request_.assessments_size(); ++a) {
      if (request_.assessments(a).risk_tier() == v1::TIER_UNSPECIFIED) continue;
      if (chosen < 0 || Later(a, chosen)) chosen = a;
    }
    if (chosen < 0) {
      plan_->set_intensity(v1::INTENSITY_UNSPECIFIED);
      plan_->set_intensity_note(
          "No assessment gives a risk tier, so the plan sets no intensity or dosage target; "
          "score a risk instrument (e.g. PATTERN) and plan again.");
      return absl::OkStatus();
    }
    const v1::AssessmentResult& result = request_.assessments(chosen);
    risk_tier_ = result.risk_tier();
    plan_->set_risk_tier(risk_tier_);
    plan_->set_risk_instrument_id(result.instrument_id());
    plan_->set_risk_scale_id(result.risk_scale_id());
    for (const auto& scale : result.scales()) {
      if (scale.scale_id() == result.risk_scale_id()) plan_->set_risk_level(scale.final_level());
    }
    const auto it = catalog_.intensity_by_tier.find(risk_tier_);
    if (it == catalog_.intensity_by_tier.end()) {
      return internal::WithField(
          absl::FailedPreconditionError(
              absl::StrCat("assessments[", chosen, "].risk_tier: catalog ",
                           Quoted(catalog_public_.id()), " has no intensity for ",
                           v1::Tier_Name(risk_tier_), "; load a catalog version that covers it")),
          absl::StrCat("assessments[", chosen, "].risk_tier"));
    }
    intensity_ = it->second;
    plan_->set_intensity(intensity_->intensity());
    plan_->set_dosage_target_hours(intensity_->dosage_target_hours());
    plan_->set_intensity_note(absl::StrCat(
        "Risk ",
        plan_->risk_level().empty() ? std::string(TierWord(risk_tier_)) : plan_->risk_level(),
        " on ", result.instrument_id(), " ", result.instrument_version(), " (",
        plan_->risk_scale_id(), ", tier ", TierWord(risk_tier_),
        "): ", IntensityWord(intensity_->intensity()), " intensity, ",
        internal::FormatNumber(intensity_->dosage_target_hours()),
        " hours of criminogenic programming",
        intensity_->max_criminogenic_domains() > 0
            ? absl::StrCat(", at most ", intensity_->max_criminogenic_domains(),
                           " criminogenic domains at once")
            : std::string()));
    return absl::OkStatus();
  }

  absl::Status Needs() {
    // Each domain from the latest assessment that reports it.
    std::map<std::string, std::pair<int, const v1::NeedResult*>> latest;
    for (int a = 0; a < request_.assessments_size(); ++a) {
      for (const v1::NeedResult& need : request_.assessments(a).needs()) {
        auto [it, inserted] = latest.emplace(need.domain(), std::make_pair(a, &need));
        if (!inserted && Later(a, it->second.first)) it->second = {a, &need};
      }
    }
    for (const auto& [domain, found] : latest) {
      Need need;
      need.assessment = &request_.assessments(found.first);
      need.result = found.second;
      need.survival = catalog_.survival_domains.empty()
                          ? found.second->survival()
                          : catalog_.survival_domains.contains(domain);
      need.criminogenic = found.second->criminogenic();
      need.group = need.survival ? 0 : need.criminogenic ? 1 : 2;
      needs_.push_back(need);
    }
    // Survival first, then criminogenic, then the rest; within each, in the
    // assessment's rank order (DESIGN.md pins it), then, for needs of
    // different assessments that share a rank, the most severe first, then
    // the domain.
    std::sort(needs_.begin(), needs_.end(), [](const Need& a, const Need& b) {
      if (a.group != b.group) return a.group < b.group;
      if (a.result->rank() != b.result->rank()) return a.result->rank() < b.result->rank();
      if (a.result->tier() != b.result->tier()) return a.result->tier() > b.result->tier();
      return a.domain() < b.domain();
    });
    return absl::OkStatus();
  }

  bool PhaseApplies(const v1::CatalogRule& rule) const {
    if (rule.phases().empty()) return true;
    return std::find(rule.phases().begin(), rule.phases().end(), phase_) != rule.phases().end();
  }

  bool RiskApplies(const v1::CatalogRule& rule) const {
    if (rule.min_risk_tier() == v1::TIER_UNSPECIFIED &&
        rule.max_risk_tier() == v1::TIER_UNSPECIFIED) {
      return true;
    }
    if (risk_tier_ == v1::TIER_UNSPECIFIED) return false;
    if (rule.min_risk_tier() != v1::TIER_UNSPECIFIED && risk_tier_ < rule.min_risk_tier()) {
      return false;
    }
    return rule.max_risk_tier() == v1::TIER_UNSPECIFIED || risk_tier_ <= rule.max_risk_tier();
  }

  bool ResponsivityApplies(const v1::CatalogRule& rule) const {
    for (const std::string& id : rule.responsivity()) {
      if (!responsivity_.contains(id)) return false;
    }
    return true;
  }

  bool NeedTierApplies(const v1::CatalogRule& rule, v1::Tier tier) const {
    const v1::Tier min = rule.min_need_tier() == v1::TIER_UNSPECIFIED
                             ? catalog_.definition.need_threshold()
                             : rule.min_need_tier();
    if (tier < min) return false;
    return rule.max_need_tier() == v1::TIER_UNSPECIFIED || tier <= rule.max_need_tier();
  }

  void Uncovered(const Need& need, std::string reason) {
    v1::UncoveredNeed* out = plan_->add_uncovered_needs();
    out->set_domain(need.domain());
    out->set_level(need.result->level());
    out->set_tier(need.result->tier());
    out->set_reason(std::move(reason));
  }

  absl::Status Goals() {
    int order = 0;
    for (int r : catalog_.everyone_rules) {
      const v1::CatalogRule& rule = *catalog_.rules[r].rule;
      if (PhaseApplies(rule) && RiskApplies(rule) && ResponsivityApplies(rule)) {
        goals_.push_back({r, nullptr, order++});
      }
    }
    const v1::Tier threshold = catalog_.definition.need_threshold();
    const int cap = intensity_ != nullptr ? intensity_->max_criminogenic_domains() : 0;
    int criminogenic_domains = 0;
    for (const Need& need : needs_) {
      const v1::Tier tier = need.result->tier();
      if (tier < threshold) continue;  // left to routine contacts
      const auto rules = catalog_.rules_by_domain.find(need.domain());
      std::vector<int> applicable;
      std::vector<std::string> why_not;
      if (rules != catalog_.rules_by_domain.end()) {
        for (int r : rules->second) {
          const v1::CatalogRule& rule = *catalog_.rules[r].rule;
          if (!NeedTierApplies(rule, tier)) continue;
          if (!PhaseApplies(rule)) {
            why_not.push_back(absl::StrCat(rule.rule_id(), " is for other phases"));
          } else if (!RiskApplies(rule)) {
            why_not.push_back(absl::StrCat(rule.rule_id(), " is for other risk tiers"));
          } else if (!ResponsivityApplies(rule)) {
            why_not.push_back(absl::StrCat(rule.rule_id(), " needs responsivity factors ",
                                           absl::StrJoin(rule.responsivity(), ", ")));
          } else {
            applicable.push_back(r);
          }
        }
      }
      if (applicable.empty()) {
        Uncovered(
            need,
            absl::StrCat("no rule of catalog ", catalog_public_.id(), " for ", need.domain(),
                         " at tier ", TierWord(tier), " in the ", PhaseWord(phase_), " phase",
                         why_not.empty() ? std::string()
                                         : absl::StrCat(" (", absl::StrJoin(why_not, "; "), ")")));
        continue;
      }
      if (need.criminogenic && cap > 0 && criminogenic_domains >= cap) {
        Uncovered(need, absl::StrCat("deferred: ", IntensityWord(intensity_->intensity()),
                                     " intensity addresses at most ", cap,
                                     " criminogenic domains at once, and higher-ranked ones "
                                     "fill them; take it up when one is met"));
        continue;
      }
      if (need.criminogenic) ++criminogenic_domains;
      for (int r : applicable) goals_.push_back({r, &need, order++});
    }
    return absl::OkStatus();
  }

  // ---- Tasks ----------------------------------------------------------------

  std::optional<absl::CivilDay> AnchorDate(v1::Anchor anchor) const {
    switch (anchor) {
      case v1::ANCHOR_PLAN_START:
        return plan_start_;
      case v1::ANCHOR_ADMISSION:
        return dates_.admitted;
      case v1::ANCHOR_RELEASE:
        return dates_.Release();
      case v1::ANCHOR_SUPERVISION_START:
        return dates_.supervision_start;
      default:
        return std::nullopt;
    }
  }

  static absl::string_view AnchorWord(v1::Anchor anchor) {
    switch (anchor) {
      case v1::ANCHOR_ADMISSION:
        return "admission (person.admitted_on)";
      case v1::ANCHOR_RELEASE:
        return "release (person.released_on or projected_release_on)";
      case v1::ANCHOR_SUPERVISION_START:
        return "supervision start (person.supervision_start_on)";
      default:
        return "the plan start";
    }
  }

  absl::Status Tasks() {
    // Goals of this plan, in draft order; task drafts per goal.
    absl::flat_hash_map<int, int> task_of_template;  // template index -> draft index
    for (size_t g = 0; g < goals_.size(); ++g) {
      const CompiledRule& rule = catalog_.rules[goals_[g].rule];
      const std::string goal_id = GoalId(goals_[g]);
      for (int t : rule.tasks) {
        const v1::TaskTemplate& task = *catalog_.tasks[t].task;
        if (phase_ != v1::PHASE_UNSPECIFIED && task.phase() < phase_) continue;  // phase passed
        TaskDraft draft;
        draft.id = absl::StrCat(goal_id, ".", task.template_id());
        draft.goal = static_cast<int>(g);
        draft.template_index = t;
        draft.schedule.duration = std::max(1, task.duration_business_days());
        Window(task.window(), &draft);
        task_of_template[t] = static_cast<int>(tasks_.size());
        tasks_.push_back(std::move(draft));
      }
    }
    for (TaskDraft& draft : tasks_) {
      for (int p : catalog_.tasks[draft.template_index].prerequisites) {
        const auto it = task_of_template.find(p);
        if (it != task_of_template.end()) draft.schedule.prerequisites.push_back(it->second);
      }
    }
    KeepProgress();
    return absl::OkStatus();
  }

  void Window(const v1::Window& window, TaskDraft* draft) const {
    draft->schedule.earliest = plan_start_;
    if (!window.has_opens_days() && !window.has_closes_days()) return;
    const std::optional<absl::CivilDay> anchor = AnchorDate(window.anchor());
    if (!anchor) {
      draft->notes.push_back(absl::StrCat("its window is anchored to ", AnchorWord(window.anchor()),
                                          ", which the request does not give: scheduled from "
                                          "the plan start without a deadline"));
      return;
    }
    if (window.has_opens_days()) {
      draft->schedule.earliest = internal::AddDays(*anchor, window.opens_days());
    }
    if (window.has_closes_days()) {
      draft->schedule.due =
          calendar_.BusinessDayOnOrBefore(internal::AddDays(*anchor, window.closes_days()));
    }
  }

  std::string GoalId(const GoalDraft& goal) const {
    const v1::CatalogRule& rule = *catalog_.rules[goal.rule].rule;
    return absl::StrCat(rule.domain(), ".", rule.rule_id());
  }

  // A revision keeps the dates of started and completed tasks (and lists
  // cancelled ones without scheduling them), whether or not their goal still
  // applies.
  void KeepProgress() {
    if (!request_.has_previous()) return;
    absl::flat_hash_map<std::string, int> by_id;
    for (size_t t = 0; t < tasks_.size(); ++t) by_id[tasks_[t].id] = static_cast<int>(t);
    for (const v1::Task& previous : request_.previous().tasks()) {
      const auto progress = progress_.find(previous.task_id());
      const v1::TaskStatus status =
          progress != progress_.end() ? progress->second->status() : previous.status();
      std::string started = previous.started_on(), completed = previous.completed_on();
      if (progress != progress_.end()) {
        if (!progress->second->started_on().empty()) started = progress->second->started_on();
        if (!progress->second->completed_on().empty()) completed = progress->second->completed_on();
      }
      // Warm-handoff tasks (rpc Handoff) belong to no catalog rule: kept
      // whatever their progress.
      const bool handoff = absl::StartsWith(previous.template_id(), "handoff.");
      const bool keep = status == v1::TASK_STATUS_STARTED || status == v1::TASK_STATUS_COMPLETED ||
                        status == v1::TASK_STATUS_CANCELLED || handoff;
      auto it = by_id.find(previous.task_id());
      if (!keep) {
        if (it != by_id.end()) tasks_[it->second].previous = &previous;
        continue;
      }
      if (it == by_id.end()) {
        // Its goal no longer applies: keep the goal from the previous plan.
        TaskDraft draft;
        draft.id = previous.task_id();
        draft.goal = KeptGoal(previous.goal_id());
        by_id[draft.id] = static_cast<int>(tasks_.size());
        tasks_.push_back(std::move(draft));
        it = by_id.find(previous.task_id());
      }
      TaskDraft& draft = tasks_[it->second];
      draft.previous = &previous;
      draft.status = status;
      draft.started_on = started;
      draft.completed_on = completed;
      auto start = internal::ParseDate(previous.start_on(), "previous.tasks.start_on");
      auto end = internal::ParseDate(previous.end_on(), "previous.tasks.end_on");
      if (start.ok() && end.ok()) draft.schedule.fixed = std::make_pair(*start, *end);
      draft.schedule.cancelled = status == v1::TASK_STATUS_CANCELLED;
      if (!draft.schedule.fixed) {
        draft.notes.push_back("the previous plan gave it no dates to keep");
      }
    }
  }

  // The index of a goal kept from the previous plan (added on first use).
  int KeptGoal(const std::string& goal_id) {
    for (size_t g = 0; g < kept_goals_.size(); ++g) {
      if (kept_goals_[g]->goal_id() == goal_id) return static_cast<int>(goals_.size() + g);
    }
    const auto it = previous_goals_.find(goal_id);
    kept_goals_.push_back(it != previous_goals_.end() ? it->second : &v1::Goal::default_instance());
    return static_cast<int>(goals_.size() + kept_goals_.size() - 1);
  }

  // ---- The plan -------------------------------------------------------------

  void Write() {
    plan_->set_client_id(client_id_);
    plan_->set_version(request_.has_previous() ? request_.previous().version() + 1 : 1);
    plan_->set_catalog_id(catalog_public_.id());
    plan_->set_catalog_version(catalog_public_.version());
    plan_->set_calendar_id(calendar_.id());
    plan_->set_calendar_version(calendar_.version());
    plan_->set_plan_start_on(FormatDate(plan_start_));
    plan_->set_phase(phase_);
    if (request_.has_previous()) {  // the lead and its handoffs (rpc Handoff) stay
      plan_->set_lead_agency_id(request_.previous().lead_agency_id());
      *plan_->mutable_handoffs() = request_.previous().handoffs();
    }

    std::vector<ScheduleTask> schedule;
    for (const TaskDraft& task : tasks_) schedule.push_back(task.schedule);
    const std::vector<ScheduledTask> dates = Schedule(schedule, plan_start_, calendar_);

    // Tasks by start date, then id.
    std::vector<int> order(tasks_.size());
    for (size_t t = 0; t < order.size(); ++t) order[t] = static_cast<int>(t);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      if (dates[a].start != dates[b].start) return dates[a].start < dates[b].start;
      return tasks_[a].id < tasks_[b].id;
    });

    WriteGoals();
    double planned = 0;
    const std::optional<absl::CivilDay> release = dates_.Release();
    std::optional<absl::CivilDay> ready;
    for (int t : order) {
      const TaskDraft& draft = tasks_[t];
      const ScheduledTask& when = dates[t];
      v1::Task* task = plan_->add_tasks();
      WriteTask(draft, when, task);
      v1::Goal* goal = goal_messages_[draft.goal];
      goal->add_task_ids(draft.id);
      if (goal->criminogenic() && !draft.schedule.cancelled) planned += task->dosage_hours();
      if (Late(t, dates)) WriteConflict(t, dates, plan_->add_conflicts());
      if (when.critical) plan_->add_critical_path(draft.id);
      if (release && draft.schedule.due && *draft.schedule.due <= *release &&
          !draft.schedule.cancelled && (!ready || when.end > *ready)) {
        ready = when.end;
      }
    }
    plan_->set_planned_dosage_hours(planned);
    if (ready) plan_->set_ready_on(FormatDate(*ready));
    if (request_.has_previous()) WriteDiff();
    WriteAgreement();
  }

  void WriteGoals() {
    // Everyone-goals, then needs in order; kept goals of the previous plan last.
    std::vector<int> order(goals_.size());
    for (size_t g = 0; g < order.size(); ++g) order[g] = static_cast<int>(g);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return goals_[a].order < goals_[b].order; });
    goal_messages_.assign(goals_.size() + kept_goals_.size(), nullptr);
    int priority = 0;
    for (int g : order) {
      const GoalDraft& draft = goals_[g];
      const v1::CatalogRule& rule = *catalog_.rules[draft.rule].rule;
      v1::Goal* goal = plan_->add_goals();
      goal_messages_[g] = goal;
      goal->set_goal_id(GoalId(draft));
      goal->set_domain(rule.domain());
      goal->set_term(rule.goal().term());
      goal->set_title(rule.goal().title());
      goal->set_priority(++priority);
      v1::Provenance* provenance = goal->mutable_provenance();
      provenance->set_rule_id(rule.rule_id());
      provenance->set_domain(rule.domain());
      if (draft.need != nullptr) {
        provenance->set_instrument_id(draft.need->assessment->instrument_id());
        provenance->set_instrument_version(draft.need->assessment->instrument_version());
        provenance->set_scale_id(draft.need->result->scale_id());
        provenance->set_level(draft.need->result->level());
        provenance->set_tier(draft.need->result->tier());
        goal->set_survival(draft.need->survival);
        goal->set_criminogenic(draft.need->criminogenic);
      }
      for (const std::string& strength : rule.goal().strengths()) {
        if (strengths_.contains(strength)) goal->add_strengths(strength);
      }
    }
    for (size_t k = 0; k < kept_goals_.size(); ++k) {
      v1::Goal* goal = plan_->add_goals();
      *goal = *kept_goals_[k];
      goal->clear_task_ids();
      goal->set_priority(++priority);
      goal_messages_[goals_.size() + k] = goal;
    }
  }

  void WriteTask(const TaskDraft& draft, const ScheduledTask& when, v1::Task* task) const {
    if (draft.template_index < 0) {
      *task = *draft.previous;  // kept from a goal that no longer applies
      task->set_status(draft.status);
      task->set_started_on(draft.started_on);
      task->set_completed_on(draft.completed_on);
      task->clear_slack_business_days();
      task->set_critical(false);
      task->clear_latest_start_on();
      task->clear_latest_end_on();
      return;
    }
    const v1::TaskTemplate& tmpl = *catalog_.tasks[draft.template_index].task;
    const GoalDraft& goal = goals_[draft.goal];
    task->set_task_id(draft.id);
    task->set_goal_id(GoalId(goal));
    task->set_template_id(tmpl.template_id());
    task->set_title(tmpl.title());
    task->set_owner(tmpl.owner());
    task->set_phase(tmpl.phase());
    task->set_service_domain(tmpl.service_domain());
    if (draft.schedule.fixed && draft.previous != nullptr) {
      task->set_earliest_on(draft.previous->earliest_on());
      task->set_due_on(draft.previous->due_on());
    } else {
      task->set_earliest_on(FormatDate(draft.schedule.earliest));
      if (draft.schedule.due) task->set_due_on(FormatDate(*draft.schedule.due));
    }
    task->set_start_on(FormatDate(when.start));
    task->set_end_on(FormatDate(when.end));
    task->set_duration_business_days(draft.schedule.duration);
    task->set_dosage_hours(tmpl.dosage_hours());
    for (int p : draft.schedule.prerequisites) task->add_prerequisite_task_ids(tasks_[p].id);
    if (when.slack) task->set_slack_business_days(*when.slack);
    task->set_critical(when.critical);
    task->set_status(draft.status);
    if (when.latest_start) task->set_latest_start_on(FormatDate(*when.latest_start));
    if (when.latest_end) task->set_latest_end_on(FormatDate(*when.latest_end));
    task->set_started_on(draft.started_on);
    task->set_completed_on(draft.completed_on);
    Adapt(tmpl, task);
    for (const std::string& note : draft.notes) task->add_notes(note);
  }

  // Responsivity adaptations: the catalog's for each factor the person has;
  // for a factor the catalog says nothing about, the instrument's own words
  // on the tasks the person or a provider carries out.
  void Adapt(const v1::TaskTemplate& tmpl, v1::Task* task) const {
    for (const std::string& factor : responsivity_order_) {
      bool catalog_has = false;
      for (const v1::Adaptation& adaptation : catalog_.definition.adaptations()) {
        if (adaptation.responsivity_id() != factor) continue;
        catalog_has = true;
        const bool owner = adaptation.owners().empty() ||
                           std::find(adaptation.owners().begin(), adaptation.owners().end(),
                                     tmpl.owner()) != adaptation.owners().end();
        const bool domain =
            adaptation.service_domains().empty() ||
            std::find(adaptation.service_domains().begin(), adaptation.service_domains().end(),
                      tmpl.service_domain()) != adaptation.service_domains().end();
        if (owner && domain) {
          v1::TaskAdaptation* out = task->add_adaptations();
          out->set_responsivity_id(factor);
          out->set_text(adaptation.text());
        }
      }
      const std::string& text = responsivity_.at(factor);
      if (!catalog_has && !text.empty() &&
          (tmpl.owner() == v1::OWNER_PERSON || tmpl.owner() == v1::OWNER_PROVIDER)) {
        v1::TaskAdaptation* out = task->add_adaptations();
        out->set_responsivity_id(factor);
        out->set_text(text);
      }
    }
  }

  // Task `t` ends after its due date.
  bool Late(int t, const std::vector<ScheduledTask>& dates) const {
    const ScheduleTask& task = tasks_[t].schedule;
    return task.due && !task.cancelled && dates[t].end > *task.due;
  }

  void WriteConflict(int t, const std::vector<ScheduledTask>& dates, v1::Conflict* conflict) const {
    const TaskDraft& draft = tasks_[t];
    const ScheduledTask& when = dates[t];
    conflict->set_task_id(draft.id);
    conflict->set_end_on(FormatDate(when.end));
    conflict->set_due_on(FormatDate(*draft.schedule.due));
    const int late = static_cast<int>(calendar_.BusinessDaysBetween(*draft.schedule.due, when.end));
    conflict->set_business_days_late(late);
    // The chain back to the task whose own window or the plan start set its
    // date, or to the first prerequisite that is itself late (its own
    // conflict names the rest), so a long late chain is not repeated for
    // every task in it.
    std::vector<int> chain;
    for (int p = when.binding; p >= 0; p = dates[p].binding) {
      chain.push_back(p);
      if (Late(p, dates)) break;
    }
    std::reverse(chain.begin(), chain.end());
    std::vector<std::string> names;
    for (int p : chain) {
      conflict->add_chain(tasks_[p].id);
      names.push_back(absl::StrCat(tasks_[p].id, " (ends ", FormatDate(dates[p].end), ")"));
    }
    std::string reason = absl::StrCat("ends ", FormatDate(when.end), ", ", late, " business day",
                                      late == 1 ? "" : "s", " after it is due on ",
                                      FormatDate(*draft.schedule.due), ": ");
    if (chain.empty()) {
      absl::StrAppend(&reason, "its own window and length (", draft.schedule.duration,
                      " business days from ", FormatDate(when.start),
                      ") do not fit before the deadline");
    } else {
      absl::StrAppend(
          &reason, "pushed by the prerequisite chain ", absl::StrJoin(names, " -> "),
          ", each ending before the next starts",
          Late(chain.front(), dates)
              ? absl::StrCat(" (", tasks_[chain.front()].id, " is late itself: see its conflict)")
              : std::string());
    }
    conflict->set_reason(std::move(reason));
  }

  // ---- Revision ---------------------------------------------------------------

  void WriteDiff() {
    const v1::CasePlan& previous = request_.previous();
    v1::PlanDiff* diff = plan_->mutable_diff();
    diff->set_from_version(previous.version());
    std::map<std::string, const v1::Goal*> before, after;
    for (const v1::Goal& goal : previous.goals()) before[goal.goal_id()] = &goal;
    for (const v1::Goal& goal : plan_->goals()) after[goal.goal_id()] = &goal;
    for (const auto& [id, goal] : after) {
      const auto it = before.find(id);
      if (it == before.end()) {
        Change(diff, v1::PlanChange::KIND_GOAL_ADDED, id, GoalReason(*goal), "",
               absl::StrCat("priority ", goal->priority()));
        goals_changed_ = true;
      } else if (it->second->priority() != goal->priority()) {
        Change(diff, v1::PlanChange::KIND_GOAL_REPRIORITIZED, id,
               "the needs were ranked again: the plan's goals moved around it",
               absl::StrCat("priority ", it->second->priority()),
               absl::StrCat("priority ", goal->priority()));
      }
    }
    for (const auto& [id, goal] : before) {
      if (after.count(id) > 0) continue;
      Change(diff, v1::PlanChange::KIND_GOAL_REMOVED, id, RemovedGoalReason(*goal),
             absl::StrCat("priority ", goal->priority()), "");
      goals_changed_ = true;
    }
    std::map<std::string, const v1::Task*> tasks_before, tasks_after;
    for (const v1::Task& task : previous.tasks()) tasks_before[task.task_id()] = &task;
    for (const v1::Task& task : plan_->tasks()) tasks_after[task.task_id()] = &task;
    for (const auto& [id, task] : tasks_after) {
      const auto it = tasks_before.find(id);
      if (it == tasks_before.end()) {
        Change(diff, v1::PlanChange::KIND_TASK_ADDED, id,
               before.count(task->goal_id()) > 0
                   ? "its goal's rule now has it (phase or catalog changed)"
                   : absl::StrCat("its goal ", task->goal_id(), " is new"),
               "", Dates(*task));
      } else if (Dates(*it->second) != Dates(*task)) {
        Change(diff, v1::PlanChange::KIND_TASK_REDATED, id, RedatedReason(*it->second, *task),
               Dates(*it->second), Dates(*task));
      }
    }
    for (const auto& [id, task] : tasks_before) {
      if (tasks_after.count(id) > 0) continue;
      Change(diff, v1::PlanChange::KIND_TASK_REMOVED, id,
             after.count(task->goal_id()) > 0
                 ? absl::StrCat("its phase (", PhaseWord(task->phase()), ") has passed")
                 : absl::StrCat("its goal ", task->goal_id(), " was removed"),
             Dates(*task), "");
    }
    // Goals first, then tasks; each in id order.
    std::stable_sort(diff->mutable_changes()->begin(), diff->mutable_changes()->end(),
                     [](const v1::PlanChange& a, const v1::PlanChange& b) {
                       const bool a_goal = a.kind() <= v1::PlanChange::KIND_GOAL_REPRIORITIZED;
                       const bool b_goal = b.kind() <= v1::PlanChange::KIND_GOAL_REPRIORITIZED;
                       if (a_goal != b_goal) return a_goal;
                       return a.id() < b.id();
                     });
  }

  static std::string Dates(const v1::Task& task) {
    return absl::StrCat(task.start_on(), "..", task.end_on(),
                        task.due_on().empty() ? "" : absl::StrCat(" due ", task.due_on()));
  }

  static void Change(v1::PlanDiff* diff, v1::PlanChange::Kind kind, const std::string& id,
                     std::string reason, std::string before, std::string after) {
    v1::PlanChange* change = diff->add_changes();
    change->set_kind(kind);
    change->set_id(id);
    change->set_reason(std::move(reason));
    change->set_before(std::move(before));
    change->set_after(std::move(after));
  }

  std::string GoalReason(const v1::Goal& goal) const {
    const v1::Provenance& p = goal.provenance();
    if (p.instrument_id().empty()) {
      return absl::StrCat("rule ", p.rule_id(), " applies to everyone in the ", PhaseWord(phase_),
                          " phase");
    }
    return absl::StrCat("need ", p.domain(), " is ", p.level(), " (tier ", TierWord(p.tier()),
                        ") on ", p.instrument_id(), " ", p.instrument_version(),
                        ", at or above the threshold: rule ", p.rule_id());
  }

  std::string RemovedGoalReason(const v1::Goal& goal) const {
    const std::string& domain = goal.provenance().domain();
    if (goal.provenance().instrument_id().empty()) {
      return absl::StrCat("rule ", goal.provenance().rule_id(), " no longer applies in the ",
                          PhaseWord(phase_), " phase");
    }
    for (const Need& need : needs_) {
      if (need.domain() != domain) continue;
      if (need.result->tier() < catalog_.definition.need_threshold()) {
        return absl::StrCat("need ", domain, " is now ", need.result->level(),
                            ", below the threshold");
      }
      for (const v1::UncoveredNeed& uncovered : plan_->uncovered_needs()) {
        if (uncovered.domain() == domain) return uncovered.reason();
      }
      return absl::StrCat("rule ", goal.provenance().rule_id(),
                          " no longer applies (the need's tier, the risk tier, the phase or the "
                          "responsivity factors changed)");
    }
    return absl::StrCat("no assessment reports a need in ", domain, " any more");
  }

  std::string RedatedReason(const v1::Task& before, const v1::Task& after) const {
    std::vector<std::string> causes;
    if (request_.previous().plan_start_on() != plan_->plan_start_on()) {
      causes.push_back(absl::StrCat("the plan start moved from ",
                                    request_.previous().plan_start_on(), " to ",
                                    plan_->plan_start_on()));
    }
    if (before.earliest_on() != after.earliest_on() || before.due_on() != after.due_on()) {
      causes.push_back(absl::StrCat("its window moved (opens ", before.earliest_on(), " -> ",
                                    after.earliest_on(), ", due ",
                                    before.due_on().empty() ? "none" : before.due_on(), " -> ",
                                    after.due_on().empty() ? "none" : after.due_on(), ")"));
    }
    for (const std::string& p : after.prerequisite_task_ids()) {
      const v1::Task* was = nullptr;
      const v1::Task* now = nullptr;
      for (const v1::Task& t : request_.previous().tasks()) {
        if (t.task_id() == p) was = &t;
      }
      for (const v1::Task& t : plan_->tasks()) {
        if (t.task_id() == p) now = &t;
      }
      if (now != nullptr && (was == nullptr || was->end_on() != now->end_on())) {
        causes.push_back(absl::StrCat("prerequisite ", p, " now ends ", now->end_on()));
      }
    }
    if (causes.empty()) causes.push_back("rescheduled from the plan start");
    return absl::StrCat("rescheduled: ", absl::StrJoin(causes, "; "));
  }

  void WriteAgreement() {
    v1::ParticipantAgreement* agreement = plan_->mutable_agreement();
    if (request_.agreement().status() != v1::ParticipantAgreement::STATUS_UNSPECIFIED) {
      *agreement = request_.agreement();
      return;
    }
    if (request_.has_previous() &&
        request_.previous().agreement().status() != v1::ParticipantAgreement::STATUS_UNSPECIFIED &&
        !goals_changed_) {
      *agreement = request_.previous().agreement();
      return;
    }
    agreement->set_status(v1::ParticipantAgreement::STATUS_PENDING);
    if (goals_changed_) {
      agreement->set_note(absl::StrCat("the goals changed in version ", plan_->version(),
                                       ": the person's agreement is needed again"));
    }
  }

 public:
  // Goal statuses from their tasks (after the tasks are written).
  static void WriteGoalStatuses(v1::CasePlan* plan) {
    absl::flat_hash_map<std::string, std::pair<int, int>> counts;  // goal -> (active, done)
    absl::flat_hash_map<std::string, int> started;
    for (const v1::Task& task : plan->tasks()) {
      auto& [active, done] = counts[task.goal_id()];
      if (task.status() == v1::TASK_STATUS_CANCELLED) continue;
      ++active;
      if (task.status() == v1::TASK_STATUS_COMPLETED) ++done;
      if (task.status() == v1::TASK_STATUS_STARTED || task.status() == v1::TASK_STATUS_COMPLETED) {
        ++started[task.goal_id()];
      }
    }
    for (v1::Goal& goal : *plan->mutable_goals()) {
      const auto [active, done] = counts[goal.goal_id()];
      goal.set_status(active > 0 && done == active  ? v1::GOAL_STATUS_ACHIEVED
                      : started[goal.goal_id()] > 0 ? v1::GOAL_STATUS_IN_PROGRESS
                                                    : v1::GOAL_STATUS_NOT_STARTED);
    }
  }

 private:
  const v1::PlanRequest& request_;
  const CompiledCatalog& catalog_;
  const Catalog& catalog_public_;
  const Calendar& calendar_;
  v1::CasePlan* plan_;

  absl::CivilDay plan_start_;
  std::string client_id_;
  PersonDates dates_;
  v1::Phase phase_ = v1::PHASE_UNSPECIFIED;
  std::vector<std::optional<absl::CivilDay>> assessed_on_;
  absl::flat_hash_set<std::string> strengths_;
  absl::flat_hash_map<std::string, std::string> responsivity_;  // id -> the instrument's words
  std::vector<std::string> responsivity_order_;
  v1::Tier risk_tier_ = v1::TIER_UNSPECIFIED;
  const v1::IntensityLevel* intensity_ = nullptr;
  std::vector<Need> needs_;
  std::vector<GoalDraft> goals_;
  std::vector<const v1::Goal*> kept_goals_;
  std::vector<TaskDraft> tasks_;
  std::vector<v1::Goal*> goal_messages_;
  absl::flat_hash_map<std::string, const v1::Task*> previous_tasks_;
  absl::flat_hash_map<std::string, const v1::Goal*> previous_goals_;
  absl::flat_hash_map<std::string, const v1::TaskProgress*> progress_;
  bool goals_changed_ = false;
};

}  // namespace
}  // namespace plan_internal

absl::Status MakePlan(const v1::PlanRequest& request, const Catalog& catalog,
                      const Calendar& calendar, v1::CasePlan* plan) {
  plan->Clear();
  plan_internal::Planner planner(request, catalog, calendar, plan);
  if (auto s = planner.Run(); !s.ok()) return s;
  plan_internal::Planner::WriteGoalStatuses(plan);
  return absl::OkStatus();
}

absl::StatusOr<v1::CasePlan> MakePlan(const v1::PlanRequest& request, const Catalog& catalog,
                                      const Calendar& calendar) {
  v1::CasePlan plan;
  if (auto s = MakePlan(request, catalog, calendar, &plan); !s.ok()) return s;
  return plan;
}

}  // namespace reentry
