// rpc Handoff: the lead moves, the warm-handoff tasks are dated on each
// agency's business days (worked by hand around Christmas and New Year 2026,
// Independence Day 2027 and a Saturday release), the records go through
// Share as of the records task's due date, plan revisions keep what a
// handoff added, and every bad request is rejected naming its field.
#include "reentry/network/handoff.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "network/test_network.h"
#include "plan/test_catalog.h"
#include "reentry/plan/planner.h"
#include "reentry/status.h"

namespace reentry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::NetworkHeader;

// Person A of the planning tests: in custody, released Monday 2027-01-04,
// plan from 2026-11-02, moderate risk.
v1::PlanRequest PersonA() {
  v1::PlanRequest request;
  request.set_client_id("a");
  request.set_plan_start_on("2026-11-02");
  request.mutable_person()->set_phase(v1::PHASE_INSTITUTION);
  request.mutable_person()->set_admitted_on("2026-01-05");
  request.mutable_person()->set_projected_release_on("2027-01-04");
  for (auto& result : testing::Assessments({{"housing", v1::TIER_MODERATE, 4, true, false},
                                            {"finances_id", v1::TIER_HIGH, 3, true, false},
                                            {"employment", v1::TIER_HIGH, 1, false, true}},
                                           v1::TIER_MODERATE, "2026-10-20")) {
    *request.add_assessments() = result;
  }
  return request;
}

const v1::Task* FindTask(const v1::CasePlan& plan, const std::string& id) {
  for (const v1::Task& task : plan.tasks()) {
    if (task.task_id() == id) return &task;
  }
  return nullptr;
}

std::vector<std::string> Changes(const v1::CasePlan& plan) {
  std::vector<std::string> changes;
  for (const v1::PlanChange& change : plan.diff().changes()) {
    changes.push_back(absl::StrCat(v1::PlanChange::Kind_Name(change.kind()), " ", change.id(), " [",
                                   change.before(), " -> ", change.after(), "]"));
  }
  return changes;
}

// earliest..due, start..end, slack
std::string Window(const v1::Task& task) {
  return absl::StrCat(task.earliest_on(), "..", task.due_on(), " at ", task.start_on(), "..",
                      task.end_on(), " slack ", task.slack_business_days());
}

class Handoffs : public ::testing::Test {
 protected:
  void SetUp() override {
    auto plan = MakePlan(PersonA(), *testing::TestCatalog(), *testing::UsFederal());
    ASSERT_TRUE(plan.ok()) << plan.status();
    plan_ = *std::move(plan);
  }

  // From the referring case manager to parole at release.
  v1::HandoffRequest AtRelease() const {
    v1::HandoffRequest request;
    request.set_network_id("tiny");
    *request.mutable_plan() = plan_;
    request.set_from_agency_id("ref");
    request.set_to_agency_id("parole");
    request.set_phase(v1::PHASE_COMMUNITY);
    request.set_on("2027-01-04");
    return request;
  }

  std::shared_ptr<const Network> network_ = testing::MustCompile(NetworkHeader());
  v1::CasePlan plan_;
};

TEST_F(Handoffs, MovesTheLeadAtReleaseWithTheWarmHandoffTasksAroundTheHolidays) {
  auto handed = Handoff(*network_, AtRelease());
  ASSERT_TRUE(handed.ok()) << handed.status();
  const v1::CasePlan& plan = handed->plan();
  EXPECT_EQ(plan.client_id(), "a");
  EXPECT_EQ(plan.version(), 2);
  EXPECT_EQ(plan.lead_agency_id(), "parole");
  EXPECT_EQ(plan.phase(), v1::PHASE_COMMUNITY);
  ASSERT_EQ(plan.handoffs_size(), 1);
  EXPECT_EQ(plan.handoffs(0).from_agency_id(), "ref");
  EXPECT_EQ(plan.handoffs(0).to_agency_id(), "parole");
  EXPECT_EQ(plan.handoffs(0).on(), "2027-01-04");
  EXPECT_EQ(plan.handoffs(0).version(), 2);
  EXPECT_EQ(plan.handoffs(0).phase(), v1::PHASE_COMMUNITY);
  EXPECT_FALSE(handed->has_records_transfer());

  // The goal, last.
  ASSERT_EQ(plan.goals_size(), plan_.goals_size() + 1);
  const v1::Goal& goal = plan.goals(plan.goals_size() - 1);
  EXPECT_EQ(goal.goal_id(), "handoff.2");
  EXPECT_EQ(goal.domain(), "continuity");
  EXPECT_EQ(goal.term(), v1::GOAL_TERM_SHORT);
  EXPECT_EQ(goal.priority(), plan_.goals_size() + 1);
  EXPECT_EQ(goal.title(), "Continuity of care: Parole takes the lead from Referrer on 2027-01-04");
  EXPECT_THAT(goal.task_ids(),
              ElementsAre("handoff.2.appointment", "handoff.2.records", "handoff.2.medication"));

  // Business days before Monday 2027-01-04 on us_federal: 12-31 (1), 12-30,
  // 12-29, 12-28 (4), 12-24 (5; Friday 12-25 and 2027-01-01 are holidays),
  // 12-23, 12-22, 12-21, 12-18 (9), 12-17 (10).
  const v1::Task* appointment = FindTask(plan, "handoff.2.appointment");
  const v1::Task* records = FindTask(plan, "handoff.2.records");
  const v1::Task* medication = FindTask(plan, "handoff.2.medication");
  ASSERT_NE(appointment, nullptr);
  ASSERT_NE(records, nullptr);
  ASSERT_NE(medication, nullptr);
  EXPECT_EQ(Window(*appointment), "2026-12-17..2026-12-31 at 2026-12-17..2026-12-17 slack 9");
  EXPECT_EQ(Window(*records), "2026-12-17..2026-12-24 at 2026-12-17..2026-12-17 slack 5");
  EXPECT_EQ(Window(*medication), "2026-12-24..2027-01-04 at 2026-12-24..2026-12-24 slack 5");
  EXPECT_EQ(appointment->title(), "Pre-release appointment with Parole");
  EXPECT_EQ(appointment->owner(), v1::OWNER_PROVIDER);
  EXPECT_EQ(records->title(), "Transfer records to Parole");
  EXPECT_EQ(records->owner(), v1::OWNER_CASE_MANAGER);
  EXPECT_THAT(records->notes(), ElementsAre(HasSubstr("only as rpc Share permits")));
  EXPECT_EQ(medication->title(), "Medication bridge until the first appointment with Parole");
  for (const v1::Task* task : {appointment, records, medication}) {
    EXPECT_EQ(task->goal_id(), "handoff.2");
    EXPECT_EQ(task->phase(), v1::PHASE_INSTITUTION);  // the phase the plan leaves
    EXPECT_EQ(task->status(), v1::TASK_STATUS_NOT_STARTED);
    EXPECT_EQ(task->duration_business_days(), 1);
  }
  EXPECT_EQ(appointment->template_id(), "handoff.appointment");
  EXPECT_EQ(records->template_id(), "handoff.records");
  EXPECT_EQ(medication->template_id(), "handoff.medication");

  // Every task of the plan is kept, and all stay ordered by start, then id.
  EXPECT_EQ(plan.tasks_size(), plan_.tasks_size() + 3);
  EXPECT_TRUE(std::is_sorted(plan.tasks().begin(), plan.tasks().end(),
                             [](const v1::Task& a, const v1::Task& b) {
                               if (a.start_on() != b.start_on()) return a.start_on() < b.start_on();
                               return a.task_id() < b.task_id();
                             }));
  EXPECT_EQ(plan.critical_path_size(), plan_.critical_path_size());

  EXPECT_EQ(plan.diff().from_version(), 1);
  EXPECT_THAT(
      Changes(plan),
      ElementsAre(
          "KIND_LEAD_CHANGED lead_agency_id [ref -> parole]",
          "KIND_PHASE_CHANGED phase [PHASE_INSTITUTION -> PHASE_COMMUNITY]",
          absl::StrCat("KIND_GOAL_ADDED handoff.2 [ -> priority ", goal.priority(), "]"),
          "KIND_TASK_ADDED handoff.2.appointment [ -> 2026-12-17..2026-12-17 due 2026-12-31]",
          "KIND_TASK_ADDED handoff.2.records [ -> 2026-12-17..2026-12-17 due 2026-12-24]",
          "KIND_TASK_ADDED handoff.2.medication [ -> 2026-12-24..2026-12-24 due 2027-01-04]"));
}

TEST_F(Handoffs, AroundIndependenceDay2027AndOnASaturday) {
  v1::HandoffRequest request = AtRelease();
  // Tuesday 2027-07-06, after the observed Independence Day (Monday 07-05).
  request.set_on("2027-07-06");
  auto handed = Handoff(*network_, request);
  ASSERT_TRUE(handed.ok()) << handed.status();
  // 07-02 (1), 07-01, 06-30, 06-29, 06-28 (5), 06-25, 06-24, 06-23, 06-22,
  // 06-21 (10).
  EXPECT_EQ(Window(*FindTask(handed->plan(), "handoff.2.appointment")),
            "2027-06-21..2027-07-02 at 2027-06-21..2027-06-21 slack 9");
  EXPECT_EQ(Window(*FindTask(handed->plan(), "handoff.2.records")),
            "2027-06-21..2027-06-28 at 2027-06-21..2027-06-21 slack 5");
  EXPECT_EQ(Window(*FindTask(handed->plan(), "handoff.2.medication")),
            "2027-06-28..2027-07-06 at 2027-06-28..2027-06-28 slack 5");

  // Saturday 2027-07-10: the bridge is due Friday 07-09; five business days
  // before are 07-09, 07-08, 07-07, 07-06 and 07-02.
  request.set_on("2027-07-10");
  handed = Handoff(*network_, request);
  ASSERT_TRUE(handed.ok()) << handed.status();
  EXPECT_EQ(FindTask(handed->plan(), "handoff.2.appointment")->due_on(), "2027-07-09");
  EXPECT_EQ(FindTask(handed->plan(), "handoff.2.records")->due_on(), "2027-07-02");
  EXPECT_EQ(FindTask(handed->plan(), "handoff.2.medication")->due_on(), "2027-07-09");
  EXPECT_EQ(FindTask(handed->plan(), "handoff.2.medication")->earliest_on(), "2027-07-02");
}

TEST_F(Handoffs, TheAppointmentIsDatedOnTheReceivingAgencysCalendar) {
  // Parole keeps a calendar with no weekend and no holidays; the referring
  // agency keeps us_federal.
  auto open = Calendar::ParseText("id: \"open_every_day\" version: \"1\" title: \"Open every day\"",
                                  "open.textproto");
  ASSERT_TRUE(open.ok()) << open.status();
  NetworkReferences references = testing::BuiltinReferences();
  const auto builtin = references.calendar;
  references.calendar =
      [&](absl::string_view id,
          absl::string_view version) -> absl::StatusOr<std::shared_ptr<const Calendar>> {
    if (id == "open_every_day") return *open;
    return builtin(id, version);
  };
  const std::string text = absl::StrReplaceAll(
      NetworkHeader(),
      {{"AGENCY_TYPE_SUPERVISION region: \"west\" calendar_id: \"us_federal\"",
        "AGENCY_TYPE_SUPERVISION region: \"west\" calendar_id: \"open_every_day\""}});
  auto definition = ParseNetworkText(text, "t");
  ASSERT_TRUE(definition.ok()) << definition.status();
  auto network = Network::Compile(*definition, references);
  ASSERT_TRUE(network.ok()) << network.status();
  auto handed = Handoff(**network, AtRelease());
  ASSERT_TRUE(handed.ok()) << handed.status();
  // Every day counts at parole: 2027-01-03 is 1 day before, 12-25 10 days.
  EXPECT_EQ(Window(*FindTask(handed->plan(), "handoff.2.appointment")),
            "2026-12-25..2027-01-03 at 2026-12-25..2026-12-25 slack 9");
  EXPECT_THAT(FindTask(handed->plan(), "handoff.2.appointment")->notes(),
              ElementsAre("on the business days of parole (calendar open_every_day)"));
  // The records and the bridge stay on the sender's us_federal days.
  EXPECT_EQ(FindTask(handed->plan(), "handoff.2.records")->due_on(), "2026-12-24");
  EXPECT_EQ(FindTask(handed->plan(), "handoff.2.medication")->earliest_on(), "2026-12-24");
}

TEST_F(Handoffs, TheRecordsGoThroughShareAsOfTheRecordsDueDate) {
  v1::HandoffRequest request = AtRelease();
  v1::Consent* consent = request.add_consents();
  consent->set_consent_id("c1");
  consent->set_signed_on("2026-12-01");
  consent->add_recipients()->set_agency_id("parole");
  consent->add_purposes(v1::PURPOSE_CASE_MANAGEMENT);
  consent->add_categories(v1::DATA_CATEGORY_IDENTITY);
  auto add_field = [&](const std::string& path, v1::DataCategory category) {
    v1::RecordField* field = request.mutable_record()->add_fields();
    field->set_path(path);
    field->set_category(category);
    field->set_value("x");
  };
  add_field("name", v1::DATA_CATEGORY_IDENTITY);
  add_field("treatment.notes", v1::DATA_CATEGORY_SUD_TREATMENT);
  add_field("birth_date", v1::DATA_CATEGORY_IDENTITY);

  auto handed = Handoff(*network_, request);
  ASSERT_TRUE(handed.ok()) << handed.status();
  const v1::ShareResponse& share = handed->records_transfer();
  EXPECT_EQ(share.audit().as_of(), "2026-12-24");
  ASSERT_EQ(share.packet().fields_size(), 2);
  EXPECT_EQ(share.packet().fields(0).path(), "name");
  EXPECT_EQ(share.packet().fields(1).path(), "birth_date");
  ASSERT_EQ(share.decisions_size(), 2);
  EXPECT_TRUE(share.decisions(0).permit());
  EXPECT_EQ(share.decisions(0).basis_id(), "c1");
  EXPECT_FALSE(share.decisions(1).permit());
  EXPECT_THAT(FindTask(handed->plan(), "handoff.2.records")->notes(),
              ElementsAre("Share as of 2026-12-24 permits 2 of 3 record fields (permitted: "
                          "DATA_CATEGORY_IDENTITY; denied: DATA_CATEGORY_SUD_TREATMENT): send "
                          "only those"));

  // A consent that ends the day before the records are due permits nothing.
  request.mutable_consents(0)->set_valid_to("2026-12-23");
  handed = Handoff(*network_, request);
  ASSERT_TRUE(handed.ok()) << handed.status();
  EXPECT_EQ(handed->records_transfer().packet().fields_size(), 0);

  // Share's errors name the Handoff request's own fields.
  request.mutable_consents(0)->set_signed_on("2026-13-01");
  const absl::Status status = Handoff(*network_, request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(status), "consents[0].signed_on");
}

TEST_F(Handoffs, ASecondHandoffMovesTheLeadOnFromTheNewLead) {
  auto first = Handoff(*network_, AtRelease());
  ASSERT_TRUE(first.ok()) << first.status();
  v1::HandoffRequest request = AtRelease();
  *request.mutable_plan() = first->plan();
  request.set_from_agency_id("parole");
  request.set_to_agency_id("clinic");
  request.set_on("2027-03-01");
  auto second = Handoff(*network_, request);
  ASSERT_TRUE(second.ok()) << second.status();
  const v1::CasePlan& plan = second->plan();
  EXPECT_EQ(plan.version(), 3);
  EXPECT_EQ(plan.lead_agency_id(), "clinic");
  ASSERT_EQ(plan.handoffs_size(), 2);
  EXPECT_EQ(plan.handoffs(1).from_agency_id(), "parole");
  EXPECT_NE(FindTask(plan, "handoff.2.records"), nullptr);
  // Already in the community: an appointment, not a pre-release one.
  EXPECT_EQ(FindTask(plan, "handoff.3.appointment")->title(),
            "Appointment with Clinic before the handoff");
  EXPECT_THAT(Changes(plan), ::testing::Contains("KIND_LEAD_CHANGED lead_agency_id [parole -> "
                                                 "clinic]"));
  EXPECT_THAT(Changes(plan), ::testing::Not(::testing::Contains(HasSubstr("KIND_PHASE_CHANGED"))));

  // From an agency that does not lead the plan handed over (parole leads
  // it): both named.
  request.set_from_agency_id("ref");
  const absl::Status status = Handoff(*network_, request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorField(status), "from_agency_id");
  EXPECT_THAT(status.message(), HasSubstr("led by agency 'parole', not by 'ref'"));
}

TEST_F(Handoffs, APlanRevisionKeepsTheLeadAndTheHandoffTasks) {
  auto handed = Handoff(*network_, AtRelease());
  ASSERT_TRUE(handed.ok()) << handed.status();
  v1::PlanRequest request = PersonA();
  *request.mutable_previous() = handed->plan();
  v1::TaskProgress* done = request.add_progress();
  done->set_task_id("handoff.2.records");
  done->set_status(v1::TASK_STATUS_COMPLETED);
  done->set_started_on("2026-12-18");
  done->set_completed_on("2026-12-18");
  auto revised = MakePlan(request, *testing::TestCatalog(), *testing::UsFederal());
  ASSERT_TRUE(revised.ok()) << revised.status();
  EXPECT_EQ(revised->version(), 3);
  EXPECT_EQ(revised->lead_agency_id(), "parole");
  EXPECT_EQ(revised->handoffs_size(), 1);
  for (const char* id : {"handoff.2.appointment", "handoff.2.records", "handoff.2.medication"}) {
    const v1::Task* task = FindTask(*revised, id);
    ASSERT_NE(task, nullptr) << id;
    EXPECT_EQ(task->due_on(), FindTask(handed->plan(), id)->due_on()) << id;
  }
  EXPECT_EQ(FindTask(*revised, "handoff.2.records")->status(), v1::TASK_STATUS_COMPLETED);
  EXPECT_EQ(FindTask(*revised, "handoff.2.appointment")->status(), v1::TASK_STATUS_NOT_STARTED);
  for (const std::string& change : Changes(*revised)) {
    EXPECT_THAT(change, ::testing::Not(HasSubstr("handoff."))) << change;
  }
}

struct BadHandoff {
  std::string name;
  void (*damage)(v1::HandoffRequest*);
  absl::StatusCode code;
  std::string field;
};

class BadHandoffRequest : public Handoffs, public ::testing::WithParamInterface<BadHandoff> {};

TEST_P(BadHandoffRequest, IsRejectedNamingTheField) {
  v1::HandoffRequest request = AtRelease();
  GetParam().damage(&request);
  const absl::Status status = Handoff(*network_, request).status();
  EXPECT_EQ(status.code(), GetParam().code) << status;
  EXPECT_EQ(ErrorField(status), GetParam().field) << status;
}

INSTANTIATE_TEST_SUITE_P(
    Handoffs, BadHandoffRequest,
    ::testing::Values(
        BadHandoff{"NoPlan", [](v1::HandoffRequest* r) { r->clear_plan(); },
                   absl::StatusCode::kInvalidArgument, "plan"},
        BadHandoff{"PlanVersionZero",
                   [](v1::HandoffRequest* r) { r->mutable_plan()->set_version(0); },
                   absl::StatusCode::kInvalidArgument, "plan.version"},
        BadHandoff{"NoClient", [](v1::HandoffRequest* r) { r->mutable_plan()->clear_client_id(); },
                   absl::StatusCode::kInvalidArgument, "plan.client_id"},
        BadHandoff{"NoFrom", [](v1::HandoffRequest* r) { r->clear_from_agency_id(); },
                   absl::StatusCode::kInvalidArgument, "from_agency_id"},
        BadHandoff{"UnknownFrom", [](v1::HandoffRequest* r) { r->set_from_agency_id("nowhere"); },
                   absl::StatusCode::kNotFound, "from_agency_id"},
        BadHandoff{"UnknownTo", [](v1::HandoffRequest* r) { r->set_to_agency_id("nowhere"); },
                   absl::StatusCode::kNotFound, "to_agency_id"},
        BadHandoff{"SameAgency", [](v1::HandoffRequest* r) { r->set_to_agency_id("ref"); },
                   absl::StatusCode::kInvalidArgument, "to_agency_id"},
        BadHandoff{"OtherLead",
                   [](v1::HandoffRequest* r) { r->mutable_plan()->set_lead_agency_id("court"); },
                   absl::StatusCode::kFailedPrecondition, "from_agency_id"},
        BadHandoff{"NoPhase", [](v1::HandoffRequest* r) { r->clear_phase(); },
                   absl::StatusCode::kInvalidArgument, "phase"},
        BadHandoff{"UnknownPhase",
                   [](v1::HandoffRequest* r) { r->set_phase(static_cast<v1::Phase>(9)); },
                   absl::StatusCode::kInvalidArgument, "phase"},
        BadHandoff{"NoDay", [](v1::HandoffRequest* r) { r->clear_on(); },
                   absl::StatusCode::kInvalidArgument, "on"},
        BadHandoff{"MalformedDay", [](v1::HandoffRequest* r) { r->set_on("2027-1-4"); },
                   absl::StatusCode::kInvalidArgument, "on"},
        BadHandoff{"ImpossibleDay", [](v1::HandoffRequest* r) { r->set_on("2027-02-30"); },
                   absl::StatusCode::kInvalidArgument, "on"},
        BadHandoff{"BeforeThePlan", [](v1::HandoffRequest* r) { r->set_on("2026-11-01"); },
                   absl::StatusCode::kInvalidArgument, "on"},
        BadHandoff{"BeforeTheLastHandoff",
                   [](v1::HandoffRequest* r) {
                     v1::LeadChange* last = r->mutable_plan()->add_handoffs();
                     last->set_on("2027-02-01");
                     last->set_to_agency_id("ref");
                   },
                   absl::StatusCode::kInvalidArgument, "on"},
        BadHandoff{"TakenGoalId",
                   [](v1::HandoffRequest* r) {
                     r->mutable_plan()->mutable_goals(0)->set_goal_id("handoff.2");
                   },
                   absl::StatusCode::kInvalidArgument, "plan.goals[0].goal_id"},
        BadHandoff{"RecordFieldWithoutCategory",
                   [](v1::HandoffRequest* r) { r->mutable_record()->add_fields()->set_path("x"); },
                   absl::StatusCode::kInvalidArgument, "record.fields[0].category"}),
    [](const ::testing::TestParamInfo<BadHandoff>& info) { return info.param.name; });

TEST(HandoffRpc, ThroughTheEngineOnTheBuiltinNetwork) {
  auto plan = MakePlan(PersonA(), *testing::TestCatalog(), *testing::UsFederal());
  ASSERT_TRUE(plan.ok()) << plan.status();
  v1::HandoffRequest request;
  request.set_network_id("example_state");
  *request.mutable_plan() = *plan;
  request.set_from_agency_id("north_facility");
  request.set_to_agency_id("parole_office");
  request.set_phase(v1::PHASE_COMMUNITY);
  request.set_on("2027-01-04");
  auto handed = testing::BuiltinEngine().Call<v1::HandoffResponse>(request);
  ASSERT_TRUE(handed.ok()) << handed.status();
  EXPECT_EQ(handed->plan().lead_agency_id(), "parole_office");

  request.set_network_id("atlantis");
  const absl::Status status = testing::BuiltinEngine().Call<v1::HandoffResponse>(request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorField(status), "network_id");
}

}  // namespace
}  // namespace reentry
