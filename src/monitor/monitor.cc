// Monitoring: the compliance report of one person on one day, computed from a
// plan, events, the person's dates, assessments and referrals under a policy.
// Every rule is DESIGN.md's pinned semantics with the policy's values.
#include "reentry/monitor/monitor.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "reentry/monitor/render.h"
#include "util/civil_date.h"
#include "util/status.h"

namespace reentry {
namespace {

using absl::CivilDay;
using internal::FormatDate;
using internal::InvalidField;
using internal::Quoted;

// The most events, assessments and referrals one request may carry.
constexpr int kMaxEvents = 100'000;
constexpr int kMaxAssessments = 64;
constexpr int kMaxReferrals = 1'000;

std::string At(absl::string_view list, int i, absl::string_view rest = "") {
  return absl::StrCat(list, "[", i, "]", rest);
}

// A date of the request: empty is "not given".
absl::StatusOr<std::optional<CivilDay>> OptionalDate(const std::string& text,
                                                     absl::string_view field) {
  if (text.empty()) return std::optional<CivilDay>();
  auto day = internal::ParseDate(text, field);
  if (!day.ok()) return day.status();
  return std::optional<CivilDay>(*day);
}

absl::string_view SeverityWord(v1::Severity severity) {
  switch (severity) {
    case v1::SEVERITY_LOW:
      return "low";
    case v1::SEVERITY_MODERATE:
      return "moderate";
    case v1::SEVERITY_HIGH:
      return "high";
    default:
      return "unspecified";
  }
}

// "2nd", "3rd", "11th", "21st".
std::string Ordinal(int n) {
  const int tens = n % 100;
  const char* suffix = "th";
  if (tens < 11 || tens > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return absl::StrCat(n, suffix);
}

std::string Plural(int64_t n, absl::string_view one, absl::string_view many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

// One event, its date parsed.
struct Dated {
  const v1::Event* event;
  CivilDay on;
  int64_t day;  // on, as a day number: the sort key
};

// A task of the plan, with what the events say about it.
struct TaskState {
  const v1::Task* task = nullptr;
  const v1::Goal* goal = nullptr;
  std::optional<CivilDay> due;
  std::optional<CivilDay> completed;  // the earliest completion
  bool cancelled = false;
};

class Monitorer {
 public:
  Monitorer(const v1::MonitorRequest& request, const Policy& policy, const Calendar& calendar,
            const OverdueReportsFunction& overdue_reports, v1::ComplianceReport* report)
      : request_(request),
        policy_(policy.definition()),
        levels_(policy),
        calendar_(calendar),
        overdue_reports_(overdue_reports),
        report_(report) {}

  absl::Status Run() {
    if (auto s = Request(); !s.ok()) return s;
    if (auto s = Plan(); !s.ok()) return s;
    if (auto s = Events(); !s.ok()) return s;
    if (auto s = Assessments(); !s.ok()) return s;
    Anchors();
    Tasks();
    Sessions();
    if (auto s = Contacts(); !s.ok()) return s;
    Junctions();
    Recommend();
    Responses();
    Reassess();
    return Referrals();
  }

 private:
  // ---- Input --------------------------------------------------------------------

  absl::Status Request() {
    if (request_.as_of().empty()) return InvalidField("as_of", "is required");
    auto as_of = internal::ParseDate(request_.as_of(), "as_of");
    if (!as_of.ok()) return as_of.status();
    as_of_ = *as_of;
    if (!request_.has_plan()) return InvalidField("plan", "is required");
    if (request_.events_size() > kMaxEvents) {
      return InvalidField("events", request_.events_size(), " events exceed the limit of ",
                          kMaxEvents, " for one report");
    }
    if (request_.assessments_size() > kMaxAssessments) {
      return InvalidField("assessments", request_.assessments_size(),
                          " assessments exceed the limit of ", kMaxAssessments);
    }
    if (request_.referrals_size() > kMaxReferrals) {
      return InvalidField("referrals", request_.referrals_size(), " referrals exceed the limit of ",
                          kMaxReferrals);
    }
    auto released = OptionalDate(request_.person().released_on(), "person.released_on");
    if (!released.ok()) return released.status();
    released_ = *released;
    auto start =
        OptionalDate(request_.person().supervision_start_on(), "person.supervision_start_on");
    if (!start.ok()) return start.status();
    supervision_start_ = *start;
    responses_from_ = internal::AddDays(as_of_, -policy_.response_window_days());
    if (!request_.responses_from().empty()) {
      auto from = internal::ParseDate(request_.responses_from(), "responses_from");
      if (!from.ok()) return from.status();
      if (*from > as_of_) {
        return InvalidField("responses_from", request_.responses_from(), " is after as_of ",
                            request_.as_of());
      }
      responses_from_ = *from;
    }
    report_->set_client_id(!request_.plan().client_id().empty() ? request_.plan().client_id()
                                                                : request_.person().client_id());
    report_->set_as_of(FormatDate(as_of_));
    report_->set_plan_version(request_.plan().version());
    report_->set_policy_id(policy_.id());
    report_->set_policy_version(policy_.version());
    report_->set_calendar_id(policy_.calendar_id());
    report_->set_supervision_level(request_.supervision_level());
    report_->set_responses_from(FormatDate(responses_from_));
    return absl::OkStatus();
  }

  absl::Status Plan() {
    const v1::CasePlan& plan = request_.plan();
    absl::flat_hash_map<std::string, const v1::Goal*> goals;
    for (const v1::Goal& goal : plan.goals()) goals.emplace(goal.goal_id(), &goal);
    tasks_.reserve(plan.tasks_size());
    for (int t = 0; t < plan.tasks_size(); ++t) {
      const v1::Task& task = plan.tasks(t);
      const std::string field = At("plan.tasks", t);
      if (task.task_id().empty()) return InvalidField(field + ".task_id", "is required");
      if (!task_index_.emplace(task.task_id(), static_cast<int>(tasks_.size())).second) {
        return InvalidField(field + ".task_id", "task ", Quoted(task.task_id()),
                            " is in the plan twice");
      }
      TaskState state;
      state.task = &task;
      const auto goal = goals.find(task.goal_id());
      state.goal = goal == goals.end() ? nullptr : goal->second;
      auto due = OptionalDate(task.due_on(), field + ".due_on");
      if (!due.ok()) return due.status();
      state.due = *due;
      state.cancelled = task.status() == v1::TASK_STATUS_CANCELLED;
      if (task.status() == v1::TASK_STATUS_COMPLETED) {
        // Completed in a revision: its completion date (else its end).
        const std::string& on = task.completed_on().empty() ? task.end_on() : task.completed_on();
        auto completed =
            OptionalDate(on, field + (task.completed_on().empty() ? ".end_on" : ".completed_on"));
        if (!completed.ok()) return completed.status();
        if (*completed && **completed <= as_of_) state.completed = *completed;
      }
      tasks_.push_back(state);
    }
    return absl::OkStatus();
  }

  absl::Status Events() {
    absl::flat_hash_map<absl::string_view, int> ids;
    ids.reserve(request_.events_size());
    absl::flat_hash_map<std::string, int> referral_ids;
    for (int r = 0; r < request_.referrals_size(); ++r) {
      const std::string& id = request_.referrals(r).referral_id();
      if (id.empty()) return InvalidField(At("referrals", r, ".referral_id"), "is required");
      if (!referral_ids.emplace(id, r).second) {
        return InvalidField(At("referrals", r, ".referral_id"), "referral ", Quoted(id),
                            " is given twice");
      }
    }
    events_.reserve(request_.events_size());
    for (int i = 0; i < request_.events_size(); ++i) {
      const v1::Event& event = request_.events(i);
      if (event.event_id().empty())
        return InvalidField(At("events", i, ".event_id"), "is required");
      const auto [previous, inserted] = ids.emplace(event.event_id(), i);
      if (!inserted) {
        return InvalidField(At("events", i, ".event_id"), "event ", Quoted(event.event_id()),
                            " is given twice (also events[", previous->second, "])");
      }
      if (event.on().empty()) return EventError(event, i, ".on", "the date is required");
      auto on = internal::ParseDate(event.on(), At("events", i, ".on"));
      if (!on.ok()) return on.status();
      if (*on > as_of_) {
        return EventError(event, i, ".on", event.on(), " is after as_of ", request_.as_of());
      }
      if (auto s = Kind(event, i, referral_ids); !s.ok()) return s;
      events_.push_back({&event, *on, internal::DayNumber(*on)});
    }
    // By date, then id: the report does not depend on the order given.
    std::sort(events_.begin(), events_.end(), [](const Dated& a, const Dated& b) {
      if (a.day != b.day) return a.day < b.day;
      return a.event->event_id() < b.event->event_id();
    });
    return absl::OkStatus();
  }

  // INVALID_ARGUMENT about field `suffix` of events[i].
  template <typename... Parts>
  static absl::Status EventError(const v1::Event& event, int i, absl::string_view suffix,
                                 const Parts&... parts) {
    return InvalidField(At("events", i, suffix), "event ", Quoted(event.event_id()), ": ",
                        parts...);
  }

  absl::Status TaskOf(const std::string& task_id, const v1::Event& event, int i,
                      absl::string_view suffix) const {
    if (task_id.empty()) return EventError(event, i, suffix, "the task id is required");
    const auto it = task_index_.find(task_id);
    if (it == task_index_.end()) {
      return EventError(event, i, suffix, "no task ", Quoted(task_id), " in plan version ",
                        request_.plan().version());
    }
    if (tasks_[it->second].cancelled) {
      return EventError(event, i, suffix, "task ", Quoted(task_id), " is cancelled in the plan");
    }
    return absl::OkStatus();
  }

  absl::Status Kind(const v1::Event& event, int i,
                    const absl::flat_hash_map<std::string, int>& referral_ids) const {
    switch (event.kind_case()) {
      case v1::Event::kContact:
        if (event.contact().type() == v1::CONTACT_TYPE_UNSPECIFIED) {
          return EventError(event, i, ".contact.type", "the contact type is required");
        }
        return absl::OkStatus();
      case v1::Event::kDrugTest:
        if (event.drug_test().result() == v1::DrugTest::RESULT_UNSPECIFIED) {
          return EventError(event, i, ".drug_test.result", "the result is required");
        }
        return absl::OkStatus();
      case v1::Event::kAttendance: {
        const v1::Attendance& a = event.attendance();
        if (auto s = TaskOf(a.task_id(), event, i, ".attendance.task_id"); !s.ok()) return s;
        if (a.status() == v1::Attendance::STATUS_UNSPECIFIED) {
          return EventError(event, i, ".attendance.status", "the status is required");
        }
        if (!std::isfinite(a.hours()) || a.hours() < 0 || a.hours() > 24) {
          return EventError(event, i, ".attendance.hours", internal::FormatNumber(a.hours()),
                            " is not a number of hours from 0 to 24");
        }
        if (a.hours() > 0 && (a.status() == v1::Attendance::STATUS_ABSENT_EXCUSED ||
                              a.status() == v1::Attendance::STATUS_ABSENT_UNEXCUSED)) {
          return EventError(event, i, ".attendance.hours", "an absence delivers no hours");
        }
        return absl::OkStatus();
      }
      case v1::Event::kTaskCompleted:
        return TaskOf(event.task_completed().task_id(), event, i, ".task_completed.task_id");
      case v1::Event::kViolation:
        if (event.violation().severity() == v1::SEVERITY_UNSPECIFIED) {
          return EventError(event, i, ".violation.severity", "the severity is required");
        }
        return absl::OkStatus();
      case v1::Event::kPhaseChange:
        if (event.phase_change().phase() == v1::PHASE_UNSPECIFIED) {
          return EventError(event, i, ".phase_change.phase", "the phase is required");
        }
        return absl::OkStatus();
      case v1::Event::kProviderReport: {
        const v1::ProviderReport& r = event.provider_report();
        if (r.referral_id().empty()) return absl::OkStatus();
        if (!referral_ids.contains(r.referral_id())) {
          return EventError(event, i, ".provider_report.referral_id", "no referral ",
                            Quoted(r.referral_id()), " in the request's referrals");
        }
        if (r.what().empty()) {
          return EventError(event, i, ".provider_report.what",
                            "what is reported is required with a referral");
        }
        return absl::OkStatus();
      }
      case v1::Event::kIncentive:
      case v1::Event::kHousingLost:
      case v1::Event::kArrest:
        return absl::OkStatus();
      case v1::Event::KIND_NOT_SET:
        break;
    }
    return EventError(event, i, ".kind",
                      "the kind is required (contact, drug_test, attendance, task_completed, "
                      "violation, incentive, provider_report, phase_change, housing_lost or "
                      "arrest)");
  }

  absl::Status Assessments() {
    for (int a = 0; a < request_.assessments_size(); ++a) {
      const v1::AssessmentResult& result = request_.assessments(a);
      auto assessed = OptionalDate(result.assessed_on(), At("assessments", a, ".assessed_on"));
      if (!assessed.ok()) return assessed.status();
      auto next = OptionalDate(result.next_reassessment_on(),
                               At("assessments", a, ".next_reassessment_on"));
      if (!next.ok()) return next.status();
      if (*assessed && (!latest_assessment_ || **assessed > *latest_assessment_)) {
        latest_assessment_ = *assessed;
      }
      if (*next && (!next_reassessment_ || **next < next_reassessment_->first)) {
        next_reassessment_ = std::make_pair(**next, a);
      }
    }
    return absl::OkStatus();
  }

  // Release: the person's released_on, else the first move into the
  // community; supervision start: the person's, else release.
  void Anchors() {
    release_ = released_;
    if (!release_) {
      for (const Dated& e : events_) {
        if (e.event->has_phase_change() && e.event->phase_change().phase() == v1::PHASE_COMMUNITY) {
          release_ = e.on;
          report_->add_notes(absl::StrCat("release date taken from phase change ",
                                          Quoted(e.event->event_id()), " (", FormatDate(e.on),
                                          "): person.released_on is not set"));
          break;
        }
      }
    }
    start_ = supervision_start_ ? supervision_start_ : release_;
    if (release_) report_->set_release_on(FormatDate(*release_));
    if (start_) report_->set_supervision_start_on(FormatDate(*start_));
  }

  // ---- Tasks ----------------------------------------------------------------------

  void Tasks() {
    for (const Dated& e : events_) {
      if (!e.event->has_task_completed()) continue;
      TaskState& state = tasks_[task_index_.at(e.event->task_completed().task_id())];
      if (!state.completed || e.on < *state.completed) state.completed = e.on;
    }
    std::vector<const TaskState*> overdue;
    std::vector<const TaskState*> upcoming;
    int due = 0;
    int on_time = 0;
    for (const TaskState& state : tasks_) {
      if (state.cancelled || !state.due) continue;
      if (*state.due <= as_of_) {
        ++due;
        if (state.completed && *state.completed <= *state.due) ++on_time;
      }
      if (state.completed) continue;
      if (*state.due < as_of_) {
        const int64_t late = calendar_.BusinessDaysBetween(*state.due, as_of_);
        if (policy_.grace_business_days() == 0 || late > policy_.grace_business_days()) {
          overdue.push_back(&state);
        }
      } else if (calendar_.BusinessDaysBetween(as_of_, *state.due) <=
                 policy_.upcoming_business_days()) {
        upcoming.push_back(&state);
      }
    }
    const auto by_due = [](const TaskState* a, const TaskState* b) {
      if (*a->due != *b->due) return *a->due < *b->due;
      return a->task->task_id() < b->task->task_id();
    };
    std::sort(overdue.begin(), overdue.end(), by_due);
    std::sort(upcoming.begin(), upcoming.end(), by_due);
    for (const TaskState* state : overdue) {
      v1::OverdueTask* out = report_->add_overdue_tasks();
      out->set_task_id(state->task->task_id());
      out->set_goal_id(state->task->goal_id());
      out->set_title(state->task->title());
      out->set_owner(state->task->owner());
      out->set_due_on(FormatDate(*state->due));
      out->set_business_days_overdue(
          static_cast<int32_t>(calendar_.BusinessDaysBetween(*state->due, as_of_)));
    }
    for (const TaskState* state : upcoming) {
      v1::UpcomingTask* out = report_->add_upcoming_tasks();
      out->set_task_id(state->task->task_id());
      out->set_goal_id(state->task->goal_id());
      out->set_title(state->task->title());
      out->set_owner(state->task->owner());
      out->set_due_on(FormatDate(*state->due));
      out->set_business_days_left(
          static_cast<int32_t>(calendar_.BusinessDaysBetween(as_of_, *state->due)));
    }
    report_->set_tasks_due(due);
    report_->set_tasks_completed_on_time(on_time);
    if (due > 0) report_->set_compliance_rate(static_cast<double>(on_time) / due);
  }

  // ---- Sessions and dosage --------------------------------------------------------

  void Sessions() {
    v1::SessionCounts* counts = report_->mutable_sessions();
    std::map<std::string, std::pair<double, double>> domains;  // planned, delivered
    for (const TaskState& state : tasks_) {
      if (state.goal == nullptr || !state.goal->criminogenic() || state.cancelled) continue;
      domains[state.goal->domain()].first += state.task->dosage_hours();
    }
    double delivered = 0;
    for (const Dated& e : events_) {
      if (!e.event->has_attendance()) continue;
      const v1::Attendance& a = e.event->attendance();
      switch (a.status()) {
        case v1::Attendance::STATUS_ATTENDED:
          counts->set_attended(counts->attended() + 1);
          break;
        case v1::Attendance::STATUS_LATE:
          counts->set_late(counts->late() + 1);
          break;
        case v1::Attendance::STATUS_ABSENT_EXCUSED:
          counts->set_absent_excused(counts->absent_excused() + 1);
          break;
        default:
          counts->set_absent_unexcused(counts->absent_unexcused() + 1);
          unexcused_.push_back(&e);
          break;
      }
      const TaskState& state = tasks_[task_index_.at(a.task_id())];
      if (state.goal != nullptr && state.goal->criminogenic()) {
        domains[state.goal->domain()].second += a.hours();
        delivered += a.hours();
      }
    }
    const int attended = counts->attended() + counts->late();
    if (attended + counts->absent_unexcused() > 0) {
      report_->set_attendance_rate(static_cast<double>(attended) /
                                   (attended + counts->absent_unexcused()));
    }
    v1::Dosage* dosage = report_->mutable_dosage();
    dosage->set_target_hours(request_.plan().dosage_target_hours());
    dosage->set_delivered_hours(delivered);
    for (const auto& [domain, hours] : domains) {
      v1::DomainDosage* out = dosage->add_domains();
      out->set_domain(domain);
      out->set_planned_hours(hours.first);
      out->set_delivered_hours(hours.second);
    }
  }

  // ---- Contact standards ------------------------------------------------------------

  absl::Status Contacts() {
    if (request_.supervision_level().empty()) {
      report_->add_notes("no supervision_level given: contact standards are not checked");
      return absl::OkStatus();
    }
    const v1::SupervisionLevel* level = levels_.Level(request_.supervision_level());
    if (level == nullptr) {
      std::vector<std::string> known;
      for (const auto& l : policy_.supervision_levels()) known.push_back(l.level());
      return InvalidField("supervision_level", Quoted(request_.supervision_level()),
                          " is not a level of policy ", Quoted(policy_.id()), " (",
                          absl::StrJoin(known, ", "), ")");
    }
    if (!start_) {
      report_->add_notes(
          "neither person.supervision_start_on nor a release date is known: contact standards "
          "have no due dates");
    }
    for (const v1::ContactStandard& standard : level->standards()) {
      v1::ContactDue* out = report_->add_contacts();
      out->set_type(standard.type());
      if (!start_) {
        out->set_rule("supervision start unknown");
        continue;
      }
      const auto qualifies = [&standard](v1::ContactType type) {
        if (standard.qualifying_types().empty()) return type == standard.type();
        return std::find(standard.qualifying_types().begin(), standard.qualifying_types().end(),
                         type) != standard.qualifying_types().end();
      };
      // Qualifying contacts since supervision start, newest first.
      std::vector<CivilDay> contacts;
      for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
        const v1::Event& event = *it->event;
        if (!event.has_contact() || event.contact().attempted()) continue;
        if (it->on < *start_ || !qualifies(event.contact().type())) continue;
        contacts.push_back(it->on);
      }
      const std::string each = absl::StrCat(standard.contacts(), " every ",
                                            Plural(standard.every_days(), "day", "days"));
      CivilDay due;
      std::string rule;
      if (contacts.empty()) {
        due = standard.intake_business_days()
                  ? calendar_.AddBusinessDays(*start_, standard.intake_days())
                  : internal::AddDays(*start_, standard.intake_days());
        rule = absl::StrCat(each, ": none since supervision start ", FormatDate(*start_),
                            ", the first within ",
                            standard.intake_business_days()
                                ? Plural(standard.intake_days(), "business day", "business days")
                                : Plural(standard.intake_days(), "day", "days"));
      } else if (static_cast<int>(contacts.size()) < standard.contacts()) {
        due = internal::AddDays(*start_, standard.every_days());
        rule = absl::StrCat(each, ": ", contacts.size(), " of ", standard.contacts(),
                            " since supervision start ", FormatDate(*start_), " + ",
                            standard.every_days(), " days");
      } else {
        const CivilDay nth = contacts[standard.contacts() - 1];
        due = internal::AddDays(nth, standard.every_days());
        rule = absl::StrCat(
            each, ": ",
            standard.contacts() == 1
                ? std::string("the latest contact ")
                : absl::StrCat("the ", Ordinal(standard.contacts()), " most recent contact "),
            FormatDate(nth), " + ", standard.every_days(), " days");
      }
      out->set_due_on(FormatDate(due));
      out->set_rule(std::move(rule));
      if (!contacts.empty()) out->set_last_contact_on(FormatDate(contacts.front()));
      if (as_of_ > due) {
        out->set_overdue(true);
        out->set_days_overdue(static_cast<int32_t>(internal::DaysBetween(due, as_of_)));
      }
    }
    return absl::OkStatus();
  }

  // ---- Junctions ----------------------------------------------------------------------

  bool PositiveOrRefused(const v1::Event& event) const {
    if (!event.has_drug_test()) return false;
    const auto result = event.drug_test().result();
    return result == v1::DrugTest::RESULT_POSITIVE || result == v1::DrugTest::RESULT_REFUSED ||
           (result == v1::DrugTest::RESULT_DILUTE && policy_.dilute_counts_as_positive());
  }

  void Junctions() {
    struct Open {
      v1::JunctionKind kind;
      CivilDay from;
      CivilDay to;
      std::string event_id;
      const std::string* text;
    };
    std::vector<Open> open;
    bool release_needed = false;
    for (const v1::JunctionRule& rule : policy_.junctions()) {
      const auto add = [&](CivilDay from, const std::string& event_id) {
        const CivilDay to = internal::AddDays(from, rule.days());
        if (from <= as_of_ && as_of_ <= to) {
          open.push_back({rule.kind(), from, to, event_id, &rule.text()});
        }
      };
      switch (rule.kind()) {
        case v1::JUNCTION_KIND_FIRST_72_HOURS:
        case v1::JUNCTION_KIND_FIRST_30_DAYS:
          if (release_) {
            add(*release_, "");
          } else {
            release_needed = true;
          }
          break;
        case v1::JUNCTION_KIND_HOUSING_LOST:
          for (const Dated& e : events_) {
            if (e.event->has_housing_lost()) add(e.on, e.event->event_id());
          }
          break;
        case v1::JUNCTION_KIND_RELAPSE:
          for (const Dated& e : events_) {
            if (PositiveOrRefused(*e.event)) add(e.on, e.event->event_id());
          }
          break;
        default:
          break;
      }
    }
    if (release_needed) {
      report_->add_notes(
          "the release date is unknown: the junctions after release are not checked");
    }
    std::sort(open.begin(), open.end(), [](const Open& a, const Open& b) {
      if (a.from != b.from) return a.from < b.from;
      if (a.kind != b.kind) return a.kind < b.kind;
      return a.event_id < b.event_id;
    });
    for (const Open& junction : open) {
      v1::Junction* out = report_->add_junctions();
      out->set_kind(junction.kind);
      out->set_from(FormatDate(junction.from));
      out->set_to(FormatDate(junction.to));
      out->set_event_id(junction.event_id);
      out->set_text(*junction.text);
    }
  }

  // ---- Recommendation ---------------------------------------------------------------

  // Events in the `days` calendar days up to as_of that `keep` selects.
  template <typename Keep>
  std::vector<const Dated*> Within(int days, Keep keep) const {
    const CivilDay from = internal::AddDays(as_of_, -days);
    std::vector<const Dated*> found;
    for (const Dated& e : events_) {
      if (e.on >= from && keep(*e.event)) found.push_back(&e);
    }
    return found;
  }

  static std::string Listed(const std::vector<const Dated*>& events) {
    std::vector<std::string> words;
    for (const Dated* e : events) {
      words.push_back(absl::StrCat(FormatDate(e->on), " (", e->event->event_id(), ")"));
    }
    return absl::StrJoin(words, ", ");
  }

  v1::Criterion* AddCriterion(v1::Criterion::Rule rule, absl::string_view id, std::string text,
                              bool met, const std::vector<const Dated*>& events,
                              std::string finding) {
    v1::Criterion* c = report_->mutable_recommendation()->add_criteria();
    c->set_rule(rule);
    c->set_criterion_id(std::string(id));
    c->set_text(std::move(text));
    c->set_met(met);
    for (const Dated* e : events) c->add_event_ids(e->event->event_id());
    c->set_finding(std::move(finding));
    return c;
  }

  void Recommend() {
    const v1::StepUpRule& up = policy_.step_up();
    const std::string window = absl::StrCat("in the ", up.window_days(), " days up to as_of");
    std::vector<std::string> triggered;
    const auto trigger = [&](absl::string_view id, std::string text, bool met,
                             const std::vector<const Dated*>& events, std::string finding) {
      if (met) triggered.push_back(absl::StrCat(text, ": ", finding));
      AddCriterion(v1::Criterion::RULE_STEP_UP, id, std::move(text), met, events,
                   std::move(finding));
    };
    if (up.min_violation_severity() != v1::SEVERITY_UNSPECIFIED) {
      const auto found = Within(up.window_days(), [&](const v1::Event& e) {
        return e.has_violation() && e.violation().severity() >= up.min_violation_severity();
      });
      trigger("violation",
              absl::StrCat("a violation of ", SeverityWord(up.min_violation_severity()),
                           " severity or higher ", window),
              !found.empty(), found,
              found.empty() ? "none"
                            : absl::StrCat(Plural(found.size(), "violation", "violations"), " on ",
                                           Listed(found)));
    }
    if (up.unexcused_absences() > 0) {
      const auto found = Within(up.window_days(), [](const v1::Event& e) {
        return e.has_attendance() &&
               e.attendance().status() == v1::Attendance::STATUS_ABSENT_UNEXCUSED;
      });
      const bool met = static_cast<int>(found.size()) >= up.unexcused_absences();
      trigger("unexcused_absences",
              absl::StrCat(up.unexcused_absences(), " or more unexcused absences ", window), met,
              found,
              absl::StrCat(Plural(found.size(), "unexcused absence", "unexcused absences"),
                           found.empty() ? "" : absl::StrCat(" on ", Listed(found))));
    }
    if (up.positive_or_refused_test()) {
      const auto found =
          Within(up.window_days(), [this](const v1::Event& e) { return PositiveOrRefused(e); });
      trigger("positive_or_refused_test", absl::StrCat("a positive or refused drug test ", window),
              !found.empty(), found,
              found.empty()
                  ? "none"
                  : absl::StrCat(Plural(found.size(), "test", "tests"), " on ", Listed(found)));
    }
    if (up.arrest()) {
      const auto found =
          Within(up.window_days(), [](const v1::Event& e) { return e.has_arrest(); });
      trigger("arrest", absl::StrCat("an arrest ", window), !found.empty(), found,
              found.empty() ? "none" : absl::StrCat("arrested on ", Listed(found)));
    }
    if (up.housing_lost()) {
      const auto found =
          Within(up.window_days(), [](const v1::Event& e) { return e.has_housing_lost(); });
      trigger("housing_lost", absl::StrCat("housing lost ", window), !found.empty(), found,
              found.empty() ? "none" : absl::StrCat("housing lost on ", Listed(found)));
    }

    std::vector<std::string> missing;
    const auto criterion = [&](absl::string_view id, std::string text, bool met,
                               const std::vector<const Dated*>& events, std::string finding) {
      if (!met) missing.push_back(absl::StrCat(text, " (", finding, ")"));
      AddCriterion(v1::Criterion::RULE_STEP_DOWN, id, std::move(text), met, events,
                   std::move(finding));
    };
    const v1::StepDownRule& down = policy_.step_down();
    {
      const bool known = start_.has_value();
      const int64_t days = known ? internal::DaysBetween(*start_, as_of_) : 0;
      criterion("time_supervised",
                absl::StrCat("at least ", down.min_days_supervised(),
                             " days since supervision start (else release)"),
                known && days >= down.min_days_supervised(), {},
                known ? absl::StrCat(Plural(days, "day", "days"), " since ",
                                     supervision_start_ ? "supervision start " : "release ",
                                     FormatDate(*start_))
                      : "supervision start and release unknown");
    }
    {
      const auto found =
          Within(down.violation_free_days(), [](const v1::Event& e) { return e.has_violation(); });
      criterion(
          "no_violation",
          absl::StrCat("no violation in the ", down.violation_free_days(), " days up to as_of"),
          found.empty(), found,
          found.empty() ? "none"
                        : absl::StrCat(Plural(found.size(), "violation", "violations"), " on ",
                                       Listed(found)));
    }
    {
      const auto found = Within(down.test_free_days(),
                                [this](const v1::Event& e) { return PositiveOrRefused(e); });
      criterion("no_positive_test",
                absl::StrCat("no positive or refused test in the ", down.test_free_days(),
                             " days up to as_of"),
                found.empty(), found,
                found.empty()
                    ? "none"
                    : absl::StrCat(Plural(found.size(), "test", "tests"), " on ", Listed(found)));
    }
    {
      const bool has = report_->has_compliance_rate();
      criterion(
          "compliance_rate",
          absl::StrCat("compliance rate at least ",
                       internal::FormatNumber(down.min_compliance_rate())),
          !has || report_->compliance_rate() >= down.min_compliance_rate(), {},
          has ? absl::StrCat("rate ", internal::FormatNumber(Rounded(report_->compliance_rate())),
                             ": ", report_->tasks_completed_on_time(), " of ",
                             Plural(report_->tasks_due(), "task", "tasks"), " due done on time")
              : "no task due yet (counts as met)");
    }
    {
      const bool has = report_->has_attendance_rate();
      const auto& s = report_->sessions();
      std::vector<const Dated*> absences(unexcused_.begin(), unexcused_.end());
      criterion(
          "attendance_rate",
          absl::StrCat("attendance rate at least ",
                       internal::FormatNumber(down.min_attendance_rate())),
          !has || report_->attendance_rate() >= down.min_attendance_rate(), absences,
          has ? absl::StrCat("rate ", internal::FormatNumber(Rounded(report_->attendance_rate())),
                             ": ", s.attended() + s.late(), " of ",
                             s.attended() + s.late() + s.absent_unexcused(), " sessions attended")
              : "no session yet (counts as met)");
    }
    if (down.dosage_target_met()) {
      const v1::Dosage& d = report_->dosage();
      criterion("dosage",
                absl::StrCat("dosage delivered at least the plan's target (",
                             internal::FormatNumber(d.target_hours()), " hours)"),
                d.delivered_hours() >= d.target_hours(), {},
                absl::StrCat(internal::FormatNumber(d.delivered_hours()), " of ",
                             internal::FormatNumber(d.target_hours()), " hours delivered"));
    }
    if (down.no_active_junction()) {
      std::vector<const Dated*> behind;
      std::vector<std::string> words;
      for (const v1::Junction& j : report_->junctions()) {
        words.push_back(absl::StrCat(JunctionWords(j.kind()), " until ", j.to()));
        for (const Dated& e : events_) {
          if (e.event->event_id() == j.event_id()) behind.push_back(&e);
        }
      }
      criterion("no_active_junction", "no junction of vulnerability active at as_of",
                report_->junctions().empty(), behind,
                words.empty() ? "none" : absl::StrJoin(words, "; "));
    }

    v1::Recommendation* r = report_->mutable_recommendation();
    if (!triggered.empty()) {
      r->set_direction(v1::Recommendation::DIRECTION_STEP_UP);
      r->set_reason(absl::StrCat("Step up: ", absl::StrJoin(triggered, "; "), "."));
    } else if (missing.empty()) {
      r->set_direction(v1::Recommendation::DIRECTION_STEP_DOWN);
      r->set_reason("Step down: no step-up trigger, and every step-down criterion holds.");
    } else {
      r->set_direction(v1::Recommendation::DIRECTION_HOLD);
      r->set_reason(absl::StrCat("Hold: no step-up trigger ", window, "; step down needs ",
                                 absl::StrJoin(missing, "; "), "."));
    }
  }

  // Rates in words: four decimals are enough for people.
  static double Rounded(double rate) { return std::round(rate * 10000) / 10000; }

  // ---- Responses ----------------------------------------------------------------------

  std::optional<v1::ResponseTrigger> TriggerOf(const v1::Event& event) const {
    switch (event.kind_case()) {
      case v1::Event::kViolation:
        switch (event.violation().severity()) {
          case v1::SEVERITY_LOW:
            return v1::RESPONSE_TRIGGER_VIOLATION_LOW;
          case v1::SEVERITY_MODERATE:
            return v1::RESPONSE_TRIGGER_VIOLATION_MODERATE;
          default:
            return v1::RESPONSE_TRIGGER_VIOLATION_HIGH;
        }
      case v1::Event::kDrugTest:
        switch (event.drug_test().result()) {
          case v1::DrugTest::RESULT_NEGATIVE:
            return v1::RESPONSE_TRIGGER_NEGATIVE_TEST;
          case v1::DrugTest::RESULT_POSITIVE:
            return v1::RESPONSE_TRIGGER_POSITIVE_TEST;
          case v1::DrugTest::RESULT_REFUSED:
            return v1::RESPONSE_TRIGGER_REFUSED_TEST;
          default:  // dilute
            if (policy_.dilute_counts_as_positive()) return v1::RESPONSE_TRIGGER_POSITIVE_TEST;
            return std::nullopt;
        }
      case v1::Event::kAttendance:
        if (event.attendance().status() == v1::Attendance::STATUS_ABSENT_UNEXCUSED) {
          return v1::RESPONSE_TRIGGER_UNEXCUSED_ABSENCE;
        }
        return std::nullopt;
      case v1::Event::kArrest:
        return v1::RESPONSE_TRIGGER_ARREST;
      case v1::Event::kHousingLost:
        return v1::RESPONSE_TRIGGER_HOUSING_LOST;
      case v1::Event::kTaskCompleted:
        return v1::RESPONSE_TRIGGER_TASK_COMPLETED;
      default:
        return std::nullopt;
    }
  }

  void Responses() {
    int incentives = 0;
    int violations = 0;
    for (const Dated& e : events_) {
      if (e.on < responses_from_) continue;
      if (e.event->has_incentive()) ++incentives;
      if (e.event->has_violation()) ++violations;
      const auto trigger = TriggerOf(*e.event);
      if (!trigger) continue;
      for (const v1::GraduatedResponse& response : policy_.responses()) {
        if (response.trigger() != *trigger) continue;
        v1::SuggestedResponse* out = report_->add_responses();
        out->set_event_id(e.event->event_id());
        out->set_on(FormatDate(e.on));
        out->set_trigger(*trigger);
        out->set_kind(response.kind());
        *out->mutable_suggestions() = response.suggestions();
      }
    }
    report_->set_incentives_in_period(incentives);
    report_->set_violations_in_period(violations);
  }

  // ---- Reassessment ---------------------------------------------------------------------

  bool Triggers(v1::ReassessmentTriggerKind kind, const v1::Event& event) const {
    switch (kind) {
      case v1::REASSESSMENT_TRIGGER_KIND_ARREST:
        return event.has_arrest();
      case v1::REASSESSMENT_TRIGGER_KIND_HIGH_VIOLATION:
        return event.has_violation() && event.violation().severity() == v1::SEVERITY_HIGH;
      case v1::REASSESSMENT_TRIGGER_KIND_HOUSING_LOST:
        return event.has_housing_lost();
      default:
        return false;
    }
  }

  static absl::string_view EventWord(const v1::Event& event) {
    if (event.has_arrest()) return "an arrest";
    if (event.has_violation()) return "a violation of high severity";
    return "housing lost";
  }

  void Reassess() {
    v1::Reassessment* out = report_->mutable_reassessment();
    if (request_.assessments().empty()) {
      out->set_reason("no assessment given");
      return;
    }
    // The first trigger after the latest assessment.
    const Dated* trigger = nullptr;
    for (const Dated& e : events_) {
      if (latest_assessment_ && e.on <= *latest_assessment_) continue;
      for (const v1::ReassessmentTrigger& t : policy_.reassessment_triggers()) {
        if (Triggers(t.kind(), *e.event)) {
          trigger = &e;
          break;
        }
      }
      if (trigger != nullptr) break;
    }
    std::string scheduled;
    if (next_reassessment_) {
      const v1::AssessmentResult& a = request_.assessments(next_reassessment_->second);
      scheduled =
          absl::StrCat("the next reassessment ", a.instrument_id(), " gives (assessed ",
                       a.assessed_on().empty() ? "on an unknown date" : a.assessed_on(), ")");
    }
    if (trigger != nullptr && (!next_reassessment_ || as_of_ < next_reassessment_->first)) {
      out->set_due_on(FormatDate(as_of_));
      out->set_trigger_event_id(trigger->event->event_id());
      out->set_reason(absl::StrCat(
          "due now: ", EventWord(*trigger->event), " on ", FormatDate(trigger->on), " (",
          trigger->event->event_id(), ") after the latest assessment",
          latest_assessment_ ? absl::StrCat(" (", FormatDate(*latest_assessment_), ")") : "",
          next_reassessment_
              ? absl::StrCat(", before ", scheduled, " on ", FormatDate(next_reassessment_->first))
              : ""));
      return;
    }
    if (!next_reassessment_) {
      out->set_reason("no assessment gives a next reassessment date, and no trigger since");
      return;
    }
    out->set_due_on(FormatDate(next_reassessment_->first));
    out->set_reason(absl::StrCat(
        scheduled, trigger != nullptr
                       ? absl::StrCat("; ", EventWord(*trigger->event), " (",
                                      trigger->event->event_id(), ") came after it was already due")
                       : ""));
    out->set_overdue(as_of_ > next_reassessment_->first);
  }

  // ---- Referrals ------------------------------------------------------------------------

  absl::Status Referrals() {
    if (request_.referrals().empty()) return absl::OkStatus();
    if (!overdue_reports_) {
      return absl::FailedPreconditionError(
          "referrals: Monitor was given referrals but no way to find their overdue reports");
    }
    for (int r = 0; r < request_.referrals_size(); ++r) {
      v1::Referral referral = request_.referrals(r);
      for (const Dated& e : events_) {
        if (!e.event->has_provider_report() ||
            e.event->provider_report().referral_id() != referral.referral_id()) {
          continue;
        }
        if (!Settle(e, &referral)) {
          report_->add_notes(absl::StrCat("provider report ", Quoted(e.event->event_id()),
                                          " settles no open ",
                                          Quoted(e.event->provider_report().what()),
                                          " report of referral ", Quoted(referral.referral_id())));
        }
      }
      auto overdue = overdue_reports_(referral, as_of_);
      if (!overdue.ok()) {
        return internal::Nested(overdue.status(), At("referrals", r));
      }
      for (v1::OverdueReport& report : *overdue)
        *report_->add_overdue_reports() = std::move(report);
    }
    return absl::OkStatus();
  }

  // Records `e` as the referral's first open expectation of its kind
  // started on or before it; false when none is open.
  static bool Settle(const Dated& e, v1::Referral* referral) {
    for (v1::ReportExpectation& expectation : *referral->mutable_expectations()) {
      if (expectation.what() != e.event->provider_report().what()) continue;
      if (!expectation.received_on().empty() || !expectation.closed_on().empty()) continue;
      auto started = internal::ParseDate(expectation.started_on(), "started_on");
      if (started.ok() && *started > e.on) continue;
      expectation.set_received_on(FormatDate(e.on));
      return true;
    }
    return false;
  }

  const v1::MonitorRequest& request_;
  const v1::PolicyDefinition& policy_;
  const Policy& levels_;
  const Calendar& calendar_;
  const OverdueReportsFunction& overdue_reports_;
  v1::ComplianceReport* report_;

  CivilDay as_of_;
  CivilDay responses_from_;
  std::optional<CivilDay> released_;
  std::optional<CivilDay> supervision_start_;
  std::optional<CivilDay> release_;
  std::optional<CivilDay> start_;
  std::optional<CivilDay> latest_assessment_;
  std::optional<std::pair<CivilDay, int>> next_reassessment_;
  std::vector<TaskState> tasks_;
  absl::flat_hash_map<std::string, int> task_index_;
  std::vector<Dated> events_;
  std::vector<const Dated*> unexcused_;
};

}  // namespace

absl::Status Monitor(const v1::MonitorRequest& request, const Policy& policy,
                     const Calendar& calendar, const OverdueReportsFunction& overdue_reports,
                     v1::ComplianceReport* report) {
  report->Clear();
  if (calendar.id() != policy.definition().calendar_id()) {
    return absl::InvalidArgumentError(
        absl::StrCat("calendar ", Quoted(calendar.id()), " is not policy ", Quoted(policy.id()),
                     "'s calendar ", Quoted(policy.definition().calendar_id())));
  }
  return Monitorer(request, policy, calendar, overdue_reports, report).Run();
}

absl::StatusOr<v1::ComplianceReport> Monitor(const v1::MonitorRequest& request,
                                             const Policy& policy, const Calendar& calendar,
                                             const OverdueReportsFunction& overdue_reports) {
  v1::ComplianceReport report;
  if (auto s = Monitor(request, policy, calendar, overdue_reports, &report); !s.ok()) return s;
  return report;
}

}  // namespace reentry
