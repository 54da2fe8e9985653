// Referrals: every legal move of the builtin machine and every illegal one,
// reporting deadlines counted by hand across weekends and holidays on the
// receiving agency's calendar, outcomes, reports received, overdue reports,
// and bad input.
#include "reentry/network/referral.h"

#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "network/test_network.h"
#include "reentry/status.h"
#include "reentry/v1/engine.pb.h"
#include "util/civil_date.h"

namespace reentry {
namespace {

using testing::BuiltinEngine;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::MustCompile;
using testing::NetworkHeader;

const char kServices[] = R"(
services { service_id: "shelter" agency_id: "a_east" domain: "housing" title: "Shelter"
           languages: ["en"] capacity: 4 }
services { service_id: "primary_care" agency_id: "clinic" domain: "physical_health"
           title: "Clinic" languages: ["en"] capacity: 4 }
agreements { agreement_id: "ref_to_a" from_agency_id: "ref" to_agency_id: "a_east"
             purposes: [PURPOSE_CASE_MANAGEMENT] categories: [DATA_CATEGORY_HOUSING]
             valid_from: "2026-01-01"
             reporting { what: "intake_confirmation" within_business_days: 3 }
             reporting { what: "progress_report" within_business_days: 20
                         after: REFERRAL_STATE_IN_SERVICE }
             reporting { what: "discharge_summary" within_business_days: 5
                         after: REFERRAL_STATE_COMPLETED } }
agreements { agreement_id: "ref_to_clinic_a" from_agency_id: "ref" to_agency_id: "clinic"
             purposes: [PURPOSE_TREATMENT] valid_to: "2026-06-30"
             reporting { what: "intake_confirmation" within_business_days: 2 } }
agreements { agreement_id: "ref_to_clinic_b" from_agency_id: "ref" to_agency_id: "clinic"
             purposes: [PURPOSE_TREATMENT] valid_from: "2026-06-01"
             reporting { what: "intake_confirmation" within_business_days: 4 } }
)";

absl::CivilDay Day(const char* text) { return *internal::ParseDate(text, "day"); }

class Referrals : public ::testing::Test {
 protected:
  void SetUp() override {
    network_ = MustCompile(NetworkHeader() + kServices);
    ASSERT_NE(network_, nullptr);
  }

  static v1::ReferRequest Request(const std::string& on = "2027-12-01") {
    v1::ReferRequest request;
    request.set_referral_id("r1");
    request.set_client_id("c1");
    request.set_service_id("shelter");
    request.set_from_agency_id("ref");
    request.add_desired_outcomes("housed within 30 days");
    request.add_desired_outcomes("lease signed");
    request.set_on(on);
    return request;
  }

  v1::Referral MustRefer(const v1::ReferRequest& request) {
    auto referral = Refer(*network_, request);
    EXPECT_TRUE(referral.ok()) << referral.status();
    return referral.ok() ? *referral : v1::Referral();
  }

  absl::StatusOr<v1::Referral> Move(const v1::Referral& referral, v1::ReferralState to,
                                    const std::string& on) {
    v1::UpdateReferralRequest request;
    *request.mutable_referral() = referral;
    request.set_to_state(to);
    request.set_on(on);
    if (to == v1::REFERRAL_STATE_COMPLETED) {
      for (const auto& outcome : referral.desired_outcomes()) {
        v1::OutcomeResult* result = request.add_outcomes();
        result->set_outcome(outcome);
        result->set_status(v1::OutcomeResult::STATUS_ACHIEVED);
      }
    }
    return UpdateReferral(*network_, request);
  }

  v1::Referral MustMove(const v1::Referral& referral, v1::ReferralState to, const std::string& on) {
    auto moved = Move(referral, to, on);
    EXPECT_TRUE(moved.ok()) << moved.status();
    return moved.ok() ? *moved : referral;
  }

  std::shared_ptr<const Network> network_;
};

TEST_F(Referrals, AReferralStartsAsADraftUnderTheAgreementInForce) {
  const v1::Referral referral = MustRefer(Request());
  EXPECT_EQ(referral.state(), v1::REFERRAL_STATE_DRAFT);
  EXPECT_EQ(referral.referral_id(), "r1");
  EXPECT_EQ(referral.network_id(), "tiny");
  EXPECT_EQ(referral.network_version(), "1");
  EXPECT_EQ(referral.domain(), "housing");
  EXPECT_EQ(referral.to_agency_id(), "a_east");
  EXPECT_EQ(referral.agreement_id(), "ref_to_a");
  EXPECT_EQ(referral.referred_on(), "2027-12-01");
  ASSERT_EQ(referral.history_size(), 1);
  EXPECT_EQ(referral.history(0).from_state(), v1::REFERRAL_STATE_UNSPECIFIED);
  EXPECT_EQ(referral.history(0).to_state(), v1::REFERRAL_STATE_DRAFT);
  EXPECT_EQ(referral.history(0).on(), "2027-12-01");
  EXPECT_TRUE(referral.expectations().empty());
}

TEST_F(Referrals, SendingOnCreationRecordsBothSteps) {
  v1::ReferRequest request = Request();
  request.set_send(true);
  request.set_note("urgent: release on Friday");
  const v1::Referral referral = MustRefer(request);
  EXPECT_EQ(referral.state(), v1::REFERRAL_STATE_SENT);
  ASSERT_EQ(referral.history_size(), 2);
  EXPECT_EQ(referral.history(0).note(), "urgent: release on Friday");
  EXPECT_EQ(referral.history(1).from_state(), v1::REFERRAL_STATE_DRAFT);
  EXPECT_EQ(referral.history(1).to_state(), v1::REFERRAL_STATE_SENT);
}

TEST_F(Referrals, EveryLegalMoveOfTheBuiltinMachineSucceeds) {
  int moves = 0;
  for (const v1::ReferralMove& move : BuiltinReferralMoves()) {
    v1::Referral referral = MustRefer(Request());
    referral.set_state(move.from_state());
    auto moved = Move(referral, move.to_state(), "2027-12-02");
    ASSERT_TRUE(moved.ok()) << v1::ReferralState_Name(move.from_state()) << " -> "
                            << v1::ReferralState_Name(move.to_state()) << ": " << moved.status();
    EXPECT_EQ(moved->state(), move.to_state());
    ASSERT_EQ(moved->history_size(), 2);
    EXPECT_EQ(moved->history(1).from_state(), move.from_state());
    EXPECT_EQ(moved->history(1).to_state(), move.to_state());
    EXPECT_EQ(moved->history(1).on(), "2027-12-02");
    ++moves;
  }
  EXPECT_EQ(moves, 19);
}

TEST_F(Referrals, EveryOtherMoveIsAFailedPreconditionNamingBothStates) {
  std::set<std::pair<int, int>> legal;
  for (const auto& move : BuiltinReferralMoves()) {
    legal.insert({move.from_state(), move.to_state()});
  }
  int illegal = 0;
  for (int from = 1; from <= 9; ++from) {
    for (int to = 1; to <= 9; ++to) {
      if (legal.count({from, to})) continue;
      v1::Referral referral = MustRefer(Request());
      referral.set_state(static_cast<v1::ReferralState>(from));
      const absl::Status status =
          Move(referral, static_cast<v1::ReferralState>(to), "2027-12-02").status();
      EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << from << "->" << to;
      EXPECT_THAT(std::string(status.message()),
                  HasSubstr(absl::StrCat("cannot move from ", v1::ReferralState_Name(from), " to ",
                                         v1::ReferralState_Name(to))));
      EXPECT_EQ(ErrorField(status), "to_state");
      ++illegal;
    }
  }
  EXPECT_EQ(illegal, 81 - 19);
}

TEST_F(Referrals, AnIllegalMoveListsTheLegalOnes) {
  const v1::Referral referral = MustRefer(Request());
  const absl::Status status = Move(referral, v1::REFERRAL_STATE_COMPLETED, "2027-12-02").status();
  EXPECT_EQ(std::string(status.message()),
            "to_state: referral 'r1' cannot move from REFERRAL_STATE_DRAFT to "
            "REFERRAL_STATE_COMPLETED (moves from REFERRAL_STATE_DRAFT: REFERRAL_STATE_SENT, "
            "REFERRAL_STATE_CANCELLED)");
}

TEST_F(Referrals, ANetworksOwnMachineDecidesTheMoves) {
  auto network = MustCompile(NetworkHeader() + kServices + R"(
referral_moves { from_state: REFERRAL_STATE_DRAFT to_state: REFERRAL_STATE_ACCEPTED }
referral_moves { from_state: REFERRAL_STATE_ACCEPTED to_state: REFERRAL_STATE_COMPLETED })");
  ASSERT_NE(network, nullptr);
  v1::ReferRequest request = Request();
  auto referral = Refer(*network, request);
  ASSERT_TRUE(referral.ok());
  v1::UpdateReferralRequest update;
  *update.mutable_referral() = *referral;
  update.set_to_state(v1::REFERRAL_STATE_ACCEPTED);  // illegal in the builtin machine
  update.set_on("2027-12-02");
  auto accepted = UpdateReferral(*network, update);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->state(), v1::REFERRAL_STATE_ACCEPTED);
  update.set_to_state(v1::REFERRAL_STATE_SENT);  // legal in the builtin machine, not here
  EXPECT_EQ(UpdateReferral(*network, update).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // Sending on creation needs draft -> sent.
  request.set_send(true);
  const absl::Status status = Refer(*network, request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorField(status), "send");
}

// us_federal around the turn of 2027: Christmas (Saturday 12-25) is observed
// on Friday 2027-12-24, New Year's Day 2028 (a Saturday) on Friday 2027-12-31.
TEST_F(Referrals, AcceptanceOnTheThursdayBeforeChristmas2027IsDueTheNextWednesday) {
  v1::Referral referral = MustRefer(Request());
  referral = MustMove(referral, v1::REFERRAL_STATE_SENT, "2027-12-22");
  referral = MustMove(referral, v1::REFERRAL_STATE_ACCEPTED, "2027-12-23");
  // Thursday 12-23 accepted; Fri 12-24 holiday, Sat 12-25, Sun 12-26; Mon 12-27 (1),
  // Tue 12-28 (2), Wed 12-29 (3).
  ASSERT_EQ(referral.expectations_size(), 1);
  const v1::ReportExpectation& intake = referral.expectations(0);
  EXPECT_EQ(intake.what(), "intake_confirmation");
  EXPECT_EQ(intake.agreement_id(), "ref_to_a");
  EXPECT_EQ(intake.after(), v1::REFERRAL_STATE_ACCEPTED);
  EXPECT_EQ(intake.started_on(), "2027-12-23");
  EXPECT_EQ(intake.within_business_days(), 3);
  EXPECT_EQ(intake.due_on(), "2027-12-29");
}

TEST_F(Referrals, FiveBusinessDaysFromThursday2027_12_23CrossBothHolidays) {
  v1::Referral referral = MustRefer(Request("2027-11-01"));
  for (const auto& [state, on] : std::vector<std::pair<v1::ReferralState, const char*>>{
           {v1::REFERRAL_STATE_SENT, "2027-11-01"},
           {v1::REFERRAL_STATE_ACCEPTED, "2027-11-02"},
           {v1::REFERRAL_STATE_IN_SERVICE, "2027-11-03"},
           {v1::REFERRAL_STATE_COMPLETED, "2027-12-23"}}) {
    referral = MustMove(referral, state, on);
  }
  ASSERT_EQ(referral.expectations_size(), 3);
  // Accepted Tue 2027-11-02 + 3: Wed 11-03, Thu 11-04, Fri 11-05.
  EXPECT_EQ(referral.expectations(0).due_on(), "2027-11-05");
  // In service Wed 2027-11-03 + 20 business days: November 2027 has Veterans Day (Thu
  // 11-11) and Thanksgiving (Thu 11-25). Business days after 11-03: 4 5 8 9 10 12 15 16
  // 17 18 19 22 23 24 26 29 30 (17), Dec 1 2 3 (20).
  EXPECT_EQ(referral.expectations(1).what(), "progress_report");
  EXPECT_EQ(referral.expectations(1).due_on(), "2027-12-03");
  // Completed Thu 2027-12-23 + 5: 12-27 (1), 12-28 (2), 12-29 (3), 12-30 (4), Fri 12-31 is
  // New Year's Day observed, then the weekend: Mon 2028-01-03 (5).
  EXPECT_EQ(referral.expectations(2).what(), "discharge_summary");
  EXPECT_EQ(referral.expectations(2).after(), v1::REFERRAL_STATE_COMPLETED);
  EXPECT_EQ(referral.expectations(2).due_on(), "2028-01-03");
}

TEST_F(Referrals, DeadlinesSkipWeekendsAndTheObservedIndependenceDay) {
  const auto due = [&](const char* accepted) {
    v1::Referral referral = MustRefer(Request("2026-03-01"));
    referral = MustMove(referral, v1::REFERRAL_STATE_SENT, "2026-03-01");
    referral = MustMove(referral, v1::REFERRAL_STATE_ACCEPTED, accepted);
    return referral.expectations(0).due_on();
  };
  EXPECT_EQ(due("2026-03-11"), "2026-03-16");  // Wed: Thu, Fri, Mon
  EXPECT_EQ(due("2026-03-13"), "2026-03-18");  // Fri: Mon, Tue, Wed
  EXPECT_EQ(due("2026-03-14"), "2026-03-18");  // a Saturday acceptance counts from Monday
  // July 4, 2026 is a Saturday, observed Friday 07-03: Thu 07-02 + 3 = Mon 6, Tue 7, Wed 8.
  EXPECT_EQ(due("2026-07-02"), "2026-07-08");
}

TEST_F(Referrals, DeadlinesCountTheReceivingAgencysCalendar) {
  // The receiving agency keeps a calendar with no weekend and no holidays; the
  // referring agency keeps us_federal.
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
  std::string text = NetworkHeader() + kServices;
  text = absl::StrReplaceAll(
      text, {{"AGENCY_TYPE_HOUSING region: \"east\" calendar_id: \"us_federal\"",
              "AGENCY_TYPE_HOUSING region: \"east\" calendar_id: \"open_every_day\""}});
  auto definition = ParseNetworkText(text, "t");
  ASSERT_TRUE(definition.ok());
  auto network = Network::Compile(*definition, references);
  ASSERT_TRUE(network.ok()) << network.status();
  network_ = *network;
  v1::Referral referral = MustRefer(Request());
  referral = MustMove(referral, v1::REFERRAL_STATE_SENT, "2027-12-22");
  referral = MustMove(referral, v1::REFERRAL_STATE_ACCEPTED, "2027-12-23");
  // 12-24 (1), 12-25 (2), 12-26 (3): every day is a business day there.
  EXPECT_EQ(referral.expectations(0).due_on(), "2027-12-26");
}

TEST_F(Referrals, DecliningOrCancellingClosesOpenExpectationsCompletionDoesNot) {
  v1::Referral accepted = MustRefer(Request());
  accepted = MustMove(accepted, v1::REFERRAL_STATE_SENT, "2027-12-01");
  accepted = MustMove(accepted, v1::REFERRAL_STATE_ACCEPTED, "2027-12-02");
  const v1::Referral declined = MustMove(accepted, v1::REFERRAL_STATE_DECLINED, "2027-12-03");
  EXPECT_EQ(declined.expectations(0).closed_on(), "2027-12-03");
  const v1::Referral cancelled = MustMove(accepted, v1::REFERRAL_STATE_CANCELLED, "2027-12-06");
  EXPECT_EQ(cancelled.expectations(0).closed_on(), "2027-12-06");
  v1::Referral done = MustMove(accepted, v1::REFERRAL_STATE_IN_SERVICE, "2027-12-03");
  done = MustMove(done, v1::REFERRAL_STATE_COMPLETED, "2027-12-10");
  for (const auto& expectation : done.expectations()) {
    EXPECT_TRUE(expectation.closed_on().empty()) << expectation.what();
  }
  // A reopened referral accepted again owes a new intake confirmation.
  v1::Referral again = MustMove(cancelled, v1::REFERRAL_STATE_REOPENED, "2027-12-07");
  again = MustMove(again, v1::REFERRAL_STATE_SENT, "2027-12-07");
  again = MustMove(again, v1::REFERRAL_STATE_ACCEPTED, "2027-12-08");
  ASSERT_EQ(again.expectations_size(), 2);
  EXPECT_EQ(again.expectations(1).started_on(), "2027-12-08");
  EXPECT_TRUE(again.expectations(1).closed_on().empty());
  EXPECT_EQ(again.history_size(), 7);
}

TEST_F(Referrals, CompletionRecordsOneResultPerDesiredOutcomeInTheirOrder) {
  v1::Referral referral = MustRefer(Request());
  for (const auto& [state, on] : std::vector<std::pair<v1::ReferralState, const char*>>{
           {v1::REFERRAL_STATE_SENT, "2027-12-01"},
           {v1::REFERRAL_STATE_ACCEPTED, "2027-12-02"},
           {v1::REFERRAL_STATE_IN_SERVICE, "2027-12-03"}}) {
    referral = MustMove(referral, state, on);
  }
  v1::UpdateReferralRequest request;
  *request.mutable_referral() = referral;
  request.set_to_state(v1::REFERRAL_STATE_COMPLETED);
  request.set_on("2028-01-10");
  v1::OutcomeResult* lease = request.add_outcomes();
  lease->set_outcome("lease signed");
  lease->set_status(v1::OutcomeResult::STATUS_NOT_ACHIEVED);
  v1::OutcomeResult* housed = request.add_outcomes();
  housed->set_outcome("housed within 30 days");
  housed->set_status(v1::OutcomeResult::STATUS_PARTLY_ACHIEVED);
  housed->set_note("housed on day 41");
  auto completed = UpdateReferral(*network_, request);
  ASSERT_TRUE(completed.ok()) << completed.status();
  ASSERT_EQ(completed->outcomes_size(), 2);
  EXPECT_EQ(completed->outcomes(0).outcome(), "housed within 30 days");
  EXPECT_EQ(completed->outcomes(0).status(), v1::OutcomeResult::STATUS_PARTLY_ACHIEVED);
  EXPECT_EQ(completed->outcomes(0).note(), "housed on day 41");
  EXPECT_EQ(completed->outcomes(1).status(), v1::OutcomeResult::STATUS_NOT_ACHIEVED);

  // Missing one result, an unknown outcome, a second result, no status.
  v1::UpdateReferralRequest missing = request;
  missing.mutable_outcomes()->RemoveLast();
  EXPECT_THAT(std::string(UpdateReferral(*network_, missing).status().message()),
              HasSubstr("outcomes: no result for desired outcome 'housed within 30 days'"));
  v1::UpdateReferralRequest unknown = request;
  unknown.mutable_outcomes(0)->set_outcome("employed");
  EXPECT_EQ(ErrorField(UpdateReferral(*network_, unknown).status()), "outcomes[0].outcome");
  v1::UpdateReferralRequest twice = request;
  *twice.add_outcomes() = request.outcomes(0);
  EXPECT_THAT(std::string(UpdateReferral(*network_, twice).status().message()),
              HasSubstr("'lease signed' has a second result"));
  v1::UpdateReferralRequest unstated = request;
  unstated.mutable_outcomes(1)->clear_status();
  EXPECT_EQ(ErrorField(UpdateReferral(*network_, unstated).status()), "outcomes[1].status");
  // Results belong to completion only.
  v1::UpdateReferralRequest early = request;
  early.set_to_state(v1::REFERRAL_STATE_CANCELLED);
  EXPECT_EQ(ErrorField(UpdateReferral(*network_, early).status()), "outcomes");
}

TEST_F(Referrals, AReportReceivedClosesTheOpenExpectationDueFirst) {
  v1::Referral referral = MustRefer(Request());
  referral = MustMove(referral, v1::REFERRAL_STATE_SENT, "2027-12-01");
  referral = MustMove(referral, v1::REFERRAL_STATE_ACCEPTED, "2027-12-02");
  referral = MustMove(referral, v1::REFERRAL_STATE_DECLINED, "2027-12-03");
  referral = MustMove(referral, v1::REFERRAL_STATE_REOPENED, "2027-12-03");
  referral = MustMove(referral, v1::REFERRAL_STATE_SENT, "2027-12-06");
  referral = MustMove(referral, v1::REFERRAL_STATE_ACCEPTED, "2027-12-06");
  // Two intake confirmations: the first closed by the decline, the second open.
  v1::UpdateReferralRequest request;
  *request.mutable_referral() = referral;
  request.set_on("2027-12-08");
  v1::ReportReceived* report = request.add_reports();
  report->set_what("intake_confirmation");
  report->set_received_on("2027-12-07");
  auto updated = UpdateReferral(*network_, request);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->state(), v1::REFERRAL_STATE_ACCEPTED);
  EXPECT_TRUE(updated->expectations(0).received_on().empty());
  EXPECT_EQ(updated->expectations(1).received_on(), "2027-12-07");
  const auto& last = updated->history(updated->history_size() - 1);
  EXPECT_EQ(last.from_state(), v1::REFERRAL_STATE_ACCEPTED);
  EXPECT_EQ(last.to_state(), v1::REFERRAL_STATE_ACCEPTED);
  // Nothing is open any more.
  *request.mutable_referral() = *updated;
  const absl::Status status = UpdateReferral(*network_, request).status();
  EXPECT_EQ(ErrorField(status), "reports[0].what");
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("no open expectation 'intake_confirmation' (open: none)"));
  // A report received after the update's date.
  *request.mutable_referral() = referral;
  request.mutable_reports(0)->set_received_on("2027-12-09");
  EXPECT_EQ(ErrorField(UpdateReferral(*network_, request).status()), "reports[0].received_on");
}

TEST_F(Referrals, OverdueReportsCountBusinessDaysAfterTheDueDate) {
  v1::Referral referral = MustRefer(Request());
  referral = MustMove(referral, v1::REFERRAL_STATE_SENT, "2027-12-22");
  referral = MustMove(referral, v1::REFERRAL_STATE_ACCEPTED, "2027-12-23");  // due 12-29
  const Calendar& calendar = *network_->CalendarOf("a_east");
  const auto overdue = [&](const v1::Referral& r, const char* as_of) {
    auto reports = OverdueReports(r, Day(as_of), calendar);
    EXPECT_TRUE(reports.ok()) << reports.status();
    std::vector<int> days;
    for (const auto& report : *reports) days.push_back(report.business_days_overdue());
    return days;
  };
  EXPECT_THAT(overdue(referral, "2027-12-29"), ElementsAre());  // due that day
  EXPECT_THAT(overdue(referral, "2027-12-30"), ElementsAre(1));
  EXPECT_THAT(overdue(referral, "2027-12-31"), ElementsAre(1));  // a holiday adds none
  EXPECT_THAT(overdue(referral, "2028-01-02"), ElementsAre(1));
  EXPECT_THAT(overdue(referral, "2028-01-03"), ElementsAre(2));
  auto reports = OverdueReports(*network_, referral, Day("2028-01-03"));
  ASSERT_TRUE(reports.ok());
  ASSERT_EQ(reports->size(), 1u);
  EXPECT_EQ((*reports)[0].referral_id(), "r1");
  EXPECT_EQ((*reports)[0].what(), "intake_confirmation");
  EXPECT_EQ((*reports)[0].agreement_id(), "ref_to_a");
  EXPECT_EQ((*reports)[0].due_on(), "2027-12-29");

  v1::Referral received = referral;
  received.mutable_expectations(0)->set_received_on("2028-01-03");
  EXPECT_THAT(overdue(received, "2028-01-03"), ElementsAre());   // received by then
  EXPECT_THAT(overdue(received, "2027-12-30"), ElementsAre(1));  // not yet received then
  v1::Referral closed = referral;
  closed.mutable_expectations(0)->set_closed_on("2027-12-28");
  EXPECT_THAT(overdue(closed, "2028-01-10"), ElementsAre());

  v1::Referral broken = referral;
  broken.mutable_expectations(0)->set_due_on("2027-13-01");
  const absl::Status status = OverdueReports(broken, Day("2028-01-03"), calendar).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(status), "expectations[0].due_on");
}

TEST_F(Referrals, TheAgreementIsTheOneInForceOnTheDayOrTheOneNamed) {
  v1::ReferRequest request = Request("2026-03-01");
  request.set_service_id("primary_care");
  EXPECT_EQ(MustRefer(request).agreement_id(), "ref_to_clinic_a");
  request.set_on("2026-07-01");
  EXPECT_EQ(MustRefer(request).agreement_id(), "ref_to_clinic_b");
  // In June both are in force: the request must name one.
  request.set_on("2026-06-15");
  const absl::Status status = Refer(*network_, request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(status.message()),
            "agreement_id: 2 agreements from 'ref' to 'clinic' are in force on 2026-06-15 "
            "('ref_to_clinic_a', 'ref_to_clinic_b'): name one");
  request.set_agreement_id("ref_to_clinic_b");
  EXPECT_EQ(MustRefer(request).agreement_id(), "ref_to_clinic_b");
  // A named agreement must be in force and run the right way.
  request.set_on("2026-03-01");
  EXPECT_THAT(std::string(Refer(*network_, request).status().message()),
              HasSubstr("agreement 'ref_to_clinic_b' is not in force on 2026-03-01"));
  request.set_agreement_id("ref_to_a");
  EXPECT_THAT(std::string(Refer(*network_, request).status().message()),
              HasSubstr("runs from 'ref' to 'a_east', not from 'ref' to the service's agency "
                        "'clinic'"));
  // No agreement at all: a referral without reporting obligations.
  request.clear_agreement_id();
  request.set_from_agency_id("court");
  v1::Referral referral = MustRefer(request);
  EXPECT_TRUE(referral.agreement_id().empty());
  referral = MustMove(referral, v1::REFERRAL_STATE_SENT, "2026-03-02");
  referral = MustMove(referral, v1::REFERRAL_STATE_ACCEPTED, "2026-03-03");
  EXPECT_TRUE(referral.expectations().empty());
}

struct BadRefer {
  const char* name;
  void (*mutate)(v1::ReferRequest*);
  absl::StatusCode code;
  const char* field;
};

class BadReferRequest : public Referrals, public ::testing::WithParamInterface<BadRefer> {};

TEST_P(BadReferRequest, IsRejectedNamingTheField) {
  v1::ReferRequest request = Request();
  GetParam().mutate(&request);
  const absl::Status status = Refer(*network_, request).status();
  EXPECT_EQ(status.code(), GetParam().code) << status;
  EXPECT_EQ(ErrorField(status), GetParam().field) << status;
}

INSTANTIATE_TEST_SUITE_P(
    Refer, BadReferRequest,
    ::testing::Values(
        BadRefer{"NoReferralId", [](v1::ReferRequest* r) { r->clear_referral_id(); },
                 absl::StatusCode::kInvalidArgument, "referral_id"},
        BadRefer{"LongReferralId",
                 [](v1::ReferRequest* r) { r->set_referral_id(std::string(129, 'x')); },
                 absl::StatusCode::kInvalidArgument, "referral_id"},
        BadRefer{"NoClientId", [](v1::ReferRequest* r) { r->clear_client_id(); },
                 absl::StatusCode::kInvalidArgument, "client_id"},
        BadRefer{"NoDate", [](v1::ReferRequest* r) { r->clear_on(); },
                 absl::StatusCode::kInvalidArgument, "on"},
        BadRefer{"BadDate", [](v1::ReferRequest* r) { r->set_on("2027-02-30"); },
                 absl::StatusCode::kInvalidArgument, "on"},
        BadRefer{"UnknownService", [](v1::ReferRequest* r) { r->set_service_id("spa"); },
                 absl::StatusCode::kNotFound, "service_id"},
        BadRefer{"UnknownAgency", [](v1::ReferRequest* r) { r->set_from_agency_id("mi6"); },
                 absl::StatusCode::kNotFound, "from_agency_id"},
        BadRefer{"UnknownAgreement", [](v1::ReferRequest* r) { r->set_agreement_id("pact"); },
                 absl::StatusCode::kNotFound, "agreement_id"},
        BadRefer{"OutcomeTwice",
                 [](v1::ReferRequest* r) { r->add_desired_outcomes("lease signed"); },
                 absl::StatusCode::kInvalidArgument, "desired_outcomes[2]"},
        BadRefer{"EmptyOutcome", [](v1::ReferRequest* r) { r->add_desired_outcomes(""); },
                 absl::StatusCode::kInvalidArgument, "desired_outcomes[2]"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(Referrals, AnUpdateMayNotGoBackInTime) {
  v1::Referral referral = MustRefer(Request("2027-12-10"));
  const absl::Status status = Move(referral, v1::REFERRAL_STATE_SENT, "2027-12-09").status();
  EXPECT_EQ(std::string(status.message()),
            "on: 2027-12-09 is before the referral's last change on 2027-12-10");
  EXPECT_TRUE(Move(referral, v1::REFERRAL_STATE_SENT, "2027-12-10").ok());  // the same day
}

TEST_F(Referrals, AnUpdateChecksTheReferralItCarries) {
  const v1::Referral referral = MustRefer(Request());
  v1::Referral bad = referral;
  bad.clear_state();
  EXPECT_EQ(ErrorField(Move(bad, v1::REFERRAL_STATE_SENT, "2027-12-02").status()),
            "referral.state");
  bad = referral;
  bad.set_service_id("spa");
  EXPECT_EQ(Move(bad, v1::REFERRAL_STATE_SENT, "2027-12-02").status().code(),
            absl::StatusCode::kNotFound);
  bad = referral;
  bad.set_to_agency_id("clinic");
  EXPECT_EQ(ErrorField(Move(bad, v1::REFERRAL_STATE_SENT, "2027-12-02").status()),
            "referral.to_agency_id");
  bad = referral;
  bad.set_agreement_id("pact");
  EXPECT_EQ(ErrorField(Move(bad, v1::REFERRAL_STATE_SENT, "2027-12-02").status()),
            "referral.agreement_id");
  // Nothing to do.
  v1::UpdateReferralRequest nothing;
  *nothing.mutable_referral() = referral;
  nothing.set_on("2027-12-02");
  EXPECT_EQ(ErrorField(UpdateReferral(*network_, nothing).status()), "to_state");
  nothing.set_to_state(static_cast<v1::ReferralState>(42));
  EXPECT_EQ(ErrorField(UpdateReferral(*network_, nothing).status()), "to_state");
}

TEST(ReferralRpcs, ReferAndUpdateThroughTheEngineOnTheBuiltinNetwork) {
  v1::ReferRequest refer;
  refer.set_network_id("example_state");
  refer.set_referral_id("ref-2027-0001");
  refer.set_client_id("A123");
  refer.set_service_id("outpatient_sud_treatment");
  refer.set_from_agency_id("reentry_case_management");
  refer.add_desired_outcomes("enrolled in outpatient treatment");
  refer.set_on("2027-12-20");
  refer.set_send(true);
  auto referred = BuiltinEngine().Call<v1::ReferResponse>(refer);
  ASSERT_TRUE(referred.ok()) << referred.status();
  EXPECT_EQ(referred->referral().agreement_id(), "case_management_to_treatment");
  v1::UpdateReferralRequest update;
  *update.mutable_referral() = referred->referral();
  update.set_to_state(v1::REFERRAL_STATE_ACCEPTED);
  update.set_on("2027-12-23");
  auto updated = BuiltinEngine().Call<v1::UpdateReferralResponse>(update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  ASSERT_EQ(updated->referral().expectations_size(), 1);
  EXPECT_EQ(updated->referral().expectations(0).due_on(), "2027-12-29");

  update.mutable_referral()->set_network_id("atlantis");
  const absl::Status status = BuiltinEngine().Call<v1::UpdateReferralResponse>(update).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorField(status), "referral.network_id");
}

}  // namespace
}  // namespace reentry
