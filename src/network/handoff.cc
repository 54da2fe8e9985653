#include "reentry/network/handoff.h"

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "network/request.h"
#include "reentry/share/share.h"
#include "util/civil_date.h"
#include "util/status.h"

namespace reentry {
namespace {

using network_internal::HostId;
using network_internal::NotFound;
using network_internal::RequestDate;

// The warm-handoff tasks, their windows in business days before the day the
// lead moves (documented at reentry.v1.HandoffRequest).
constexpr int kAppointmentOpens = 10;
constexpr int kAppointmentDue = 1;
constexpr int kRecordsOpens = 10;
constexpr int kRecordsDue = 5;
constexpr int kMedicationOpens = 5;

// The domain of the goal a handoff adds.
constexpr absl::string_view kContinuityDomain = "continuity";

std::string AgencyName(const v1::Agency& agency) {
  return agency.name().empty() ? agency.agency_id() : agency.name();
}

// A one-day task open from `earliest` and due on `due`, scheduled on its
// first day (as rpc Plan schedules tasks: as early as the window allows).
v1::Task OneDayTask(absl::string_view task_id, absl::string_view template_id,
                    absl::string_view goal_id, std::string title, v1::Owner owner, v1::Phase phase,
                    absl::CivilDay earliest, absl::CivilDay due, const Calendar& calendar) {
  v1::Task task;
  task.set_task_id(std::string(task_id));
  task.set_goal_id(std::string(goal_id));
  task.set_template_id(std::string(template_id));
  task.set_title(std::move(title));
  task.set_owner(owner);
  task.set_phase(phase);
  task.set_earliest_on(internal::FormatDate(earliest));
  task.set_due_on(internal::FormatDate(due));
  task.set_start_on(task.earliest_on());
  task.set_end_on(task.earliest_on());
  task.set_latest_start_on(task.due_on());
  task.set_latest_end_on(task.due_on());
  task.set_duration_business_days(1);
  task.set_slack_business_days(static_cast<int32_t>(calendar.BusinessDaysBetween(earliest, due)));
  task.set_status(v1::TASK_STATUS_NOT_STARTED);
  return task;
}

void AddChange(v1::PlanDiff* diff, v1::PlanChange::Kind kind, absl::string_view id,
               std::string reason, std::string before, std::string after) {
  v1::PlanChange* change = diff->add_changes();
  change->set_kind(kind);
  change->set_id(std::string(id));
  change->set_reason(std::move(reason));
  change->set_before(std::move(before));
  change->set_after(std::move(after));
}

// What Share decided for the records, in words for the records task.
std::string ShareNote(const v1::ShareResponse& share, int total, absl::string_view as_of) {
  std::vector<std::string> permitted, denied;
  for (const v1::ShareDecision& decision : share.decisions()) {
    (decision.permit() ? permitted : denied).push_back(v1::DataCategory_Name(decision.category()));
  }
  return absl::StrCat(
      "Share as of ", as_of, " permits ", share.packet().fields_size(), " of ", total,
      " record fields (permitted: ", permitted.empty() ? "none" : absl::StrJoin(permitted, ", "),
      "; denied: ", denied.empty() ? "none" : absl::StrJoin(denied, ", "), "): send only those");
}

absl::Status CheckRequest(const Network& network, const v1::HandoffRequest& request,
                          absl::CivilDay* on) {
  if (!request.has_plan()) return internal::InvalidField("plan", "is required");
  const v1::CasePlan& plan = request.plan();
  if (plan.version() < 1) {
    return internal::InvalidField("plan.version", plan.version(), " is not a plan version (>= 1)");
  }
  if (absl::Status status = HostId("plan.client_id", plan.client_id()); !status.ok()) {
    return status;
  }
  for (absl::string_view field : {"from_agency_id", "to_agency_id"}) {
    const std::string& id =
        field == "from_agency_id" ? request.from_agency_id() : request.to_agency_id();
    if (id.empty()) return internal::InvalidField(field, "is required");
    if (network.FindAgency(id) == nullptr) return NotFound(field, "agency", id, network);
  }
  if (request.from_agency_id() == request.to_agency_id()) {
    return internal::InvalidField("to_agency_id", internal::Quoted(request.to_agency_id()),
                                  " is the agency the plan moves from");
  }
  if (!plan.lead_agency_id().empty() && plan.lead_agency_id() != request.from_agency_id()) {
    return internal::WithField(
        absl::FailedPreconditionError(absl::StrCat(
            "from_agency_id: the plan is led by agency ", internal::Quoted(plan.lead_agency_id()),
            ", not by ", internal::Quoted(request.from_agency_id()))),
        "from_agency_id");
  }
  if (request.phase() == v1::PHASE_UNSPECIFIED || !v1::Phase_IsValid(request.phase())) {
    return internal::InvalidField("phase", "is required (PHASE_INSTITUTION, PHASE_RELEASE or ",
                                  "PHASE_COMMUNITY)");
  }
  auto day = RequestDate(request.on(), "on");
  if (!day.ok()) return day.status();
  *on = *day;
  if (!plan.plan_start_on().empty()) {
    auto start = internal::ParseDate(plan.plan_start_on(), "plan.plan_start_on");
    if (!start.ok()) return start.status();
    if (*on < *start) {
      return internal::InvalidField("on", request.on(), " is before the plan's start ",
                                    plan.plan_start_on());
    }
  }
  if (plan.handoffs_size() > 0) {
    const v1::LeadChange& last = plan.handoffs(plan.handoffs_size() - 1);
    auto last_on = internal::ParseDate(
        last.on(), absl::StrCat("plan.handoffs[", plan.handoffs_size() - 1, "].on"));
    if (!last_on.ok()) return last_on.status();
    if (*on < *last_on) {
      return internal::InvalidField("on", request.on(), " is before the plan's last handoff on ",
                                    last.on());
    }
  }
  const std::string prefix = absl::StrCat("handoff.", plan.version() + 1);
  for (int g = 0; g < plan.goals_size(); ++g) {
    if (plan.goals(g).goal_id() == prefix) {
      return internal::InvalidField(absl::StrCat("plan.goals[", g, "].goal_id"),
                                    internal::Quoted(prefix), " is the id of the handoff's goal");
    }
  }
  for (int t = 0; t < plan.tasks_size(); ++t) {
    if (absl::StartsWith(plan.tasks(t).task_id(), absl::StrCat(prefix, "."))) {
      return internal::InvalidField(absl::StrCat("plan.tasks[", t, "].task_id"),
                                    internal::Quoted(plan.tasks(t).task_id()),
                                    " is the id of a handoff task");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Handoff(const Network& network, const v1::HandoffRequest& request,
                     v1::HandoffResponse* response) {
  response->Clear();
  absl::CivilDay on;
  if (absl::Status status = CheckRequest(network, request, &on); !status.ok()) return status;
  const v1::Agency& from = *network.FindAgency(request.from_agency_id());
  const v1::Agency& to = *network.FindAgency(request.to_agency_id());
  const Calendar& from_calendar = *network.CalendarOf(from.agency_id());
  const Calendar& to_calendar = *network.CalendarOf(to.agency_id());

  v1::CasePlan* plan = response->mutable_plan();
  *plan = request.plan();
  const int32_t version = plan->version() + 1;
  plan->set_version(version);
  const v1::Phase leaving =
      plan->phase() != v1::PHASE_UNSPECIFIED ? plan->phase() : request.phase();
  const bool pre_release = (leaving == v1::PHASE_INSTITUTION || leaving == v1::PHASE_RELEASE) &&
                           request.phase() != v1::PHASE_INSTITUTION;

  // The goal, last in priority.
  const std::string goal_id = absl::StrCat("handoff.", version);
  int32_t priority = 0;
  for (const v1::Goal& goal : plan->goals()) priority = std::max(priority, goal.priority());
  v1::Goal* goal = plan->add_goals();
  goal->set_goal_id(goal_id);
  goal->set_domain(std::string(kContinuityDomain));
  goal->set_term(v1::GOAL_TERM_SHORT);
  goal->set_title(absl::StrCat("Continuity of care: ", AgencyName(to), " takes the lead from ",
                               AgencyName(from), " on ", request.on()));
  goal->set_priority(priority + 1);
  goal->set_status(v1::GOAL_STATUS_NOT_STARTED);
  goal->mutable_provenance()->set_rule_id("handoff");
  goal->mutable_provenance()->set_domain(std::string(kContinuityDomain));

  // The tasks.
  v1::Task appointment =
      OneDayTask(absl::StrCat(goal_id, ".appointment"), "handoff.appointment", goal_id,
                 absl::StrCat(pre_release ? "Pre-release appointment with " : "Appointment with ",
                              AgencyName(to), pre_release ? "" : " before the handoff"),
                 v1::OWNER_PROVIDER, leaving, to_calendar.AddBusinessDays(on, -kAppointmentOpens),
                 to_calendar.AddBusinessDays(on, -kAppointmentDue), to_calendar);
  appointment.add_notes(absl::StrCat("on the business days of ", to.agency_id(), " (calendar ",
                                     to_calendar.id(), ")"));
  v1::Task records =
      OneDayTask(absl::StrCat(goal_id, ".records"), "handoff.records", goal_id,
                 absl::StrCat("Transfer records to ", AgencyName(to)), v1::OWNER_CASE_MANAGER,
                 leaving, from_calendar.AddBusinessDays(on, -kRecordsOpens),
                 from_calendar.AddBusinessDays(on, -kRecordsDue), from_calendar);
  v1::Task medication = OneDayTask(
      absl::StrCat(goal_id, ".medication"), "handoff.medication", goal_id,
      absl::StrCat("Medication bridge until the first appointment with ", AgencyName(to)),
      v1::OWNER_CASE_MANAGER, leaving, from_calendar.AddBusinessDays(on, -kMedicationOpens),
      from_calendar.BusinessDayOnOrBefore(on), from_calendar);

  // The records transfer, through Share.
  if (request.record().fields_size() > 0) {
    v1::ShareRequest share;
    share.set_network_id(network.id());
    share.set_network_version(network.version());
    share.set_client_id(plan->client_id());
    share.set_from_agency_id(from.agency_id());
    share.set_to_agency_id(to.agency_id());
    share.set_purpose(request.purpose() == v1::PURPOSE_UNSPECIFIED ? v1::PURPOSE_CASE_MANAGEMENT
                                                                   : request.purpose());
    share.set_as_of(records.due_on());
    *share.mutable_consents() = request.consents();
    *share.mutable_bases() = request.bases();
    *share.mutable_record() = request.record();
    if (absl::Status status = Share(network, share, response->mutable_records_transfer());
        !status.ok()) {
      return status;
    }
    records.add_notes(
        ShareNote(response->records_transfer(), request.record().fields_size(), records.due_on()));
  } else {
    records.add_notes(
        "records leave only as rpc Share permits (substance use disorder treatment records "
        "under 42 CFR Part 2); give the record to Handoff or Share for the packet");
  }

  for (v1::Task* task : {&appointment, &records, &medication}) {
    goal->add_task_ids(task->task_id());
    *plan->add_tasks() = std::move(*task);
  }
  // Tasks by start date, then task id (as rpc Plan orders them).
  std::stable_sort(plan->mutable_tasks()->pointer_begin(), plan->mutable_tasks()->pointer_end(),
                   [](const v1::Task* a, const v1::Task* b) {
                     if (a->start_on() != b->start_on()) return a->start_on() < b->start_on();
                     return a->task_id() < b->task_id();
                   });

  // The lead, the phase and the history.
  const std::string lead_before =
      plan->lead_agency_id().empty() ? from.agency_id() : plan->lead_agency_id();
  plan->set_lead_agency_id(to.agency_id());
  const v1::Phase phase_before = plan->phase();
  plan->set_phase(request.phase());
  v1::LeadChange* change = plan->add_handoffs();
  change->set_from_agency_id(from.agency_id());
  change->set_to_agency_id(to.agency_id());
  change->set_phase(request.phase());
  change->set_on(request.on());
  change->set_version(version);

  // The diff from the plan handed over.
  v1::PlanDiff* diff = plan->mutable_diff();
  diff->Clear();
  diff->set_from_version(version - 1);
  AddChange(diff, v1::PlanChange::KIND_LEAD_CHANGED, "lead_agency_id",
            absl::StrCat("handoff on ", request.on()), lead_before, to.agency_id());
  if (phase_before != request.phase()) {
    AddChange(diff, v1::PlanChange::KIND_PHASE_CHANGED, "phase",
              absl::StrCat("handoff on ", request.on()), v1::Phase_Name(phase_before),
              v1::Phase_Name(request.phase()));
  }
  AddChange(diff, v1::PlanChange::KIND_GOAL_ADDED, goal_id, "warm handoff", "",
            absl::StrCat("priority ", goal->priority()));
  for (const std::string& task_id : goal->task_ids()) {
    const auto it = std::find_if(plan->tasks().begin(), plan->tasks().end(),
                                 [&](const v1::Task& task) { return task.task_id() == task_id; });
    AddChange(diff, v1::PlanChange::KIND_TASK_ADDED, task_id, "warm handoff", "",
              absl::StrCat(it->start_on(), "..", it->end_on(), " due ", it->due_on()));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::HandoffResponse> Handoff(const Network& network,
                                            const v1::HandoffRequest& request) {
  v1::HandoffResponse response;
  if (absl::Status status = Handoff(network, request, &response); !status.ok()) return status;
  return response;
}

}  // namespace reentry
