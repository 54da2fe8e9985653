#include "reentry/network/referral.h"

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "network/compiled.h"
#include "network/matcher.h"
#include "network/request.h"
#include "util/civil_date.h"
#include "util/status.h"

namespace reentry {
namespace {

using network_internal::HostId;
using network_internal::NotFound;
using network_internal::RequestDate;

std::string StateName(int state) {
  return v1::ReferralState_IsValid(state) ? v1::ReferralState_Name(state) : absl::StrCat(state);
}

// The states `from` may move to, for messages.
std::string MovesFrom(const Network& network, v1::ReferralState from) {
  std::vector<std::string> to;
  for (const v1::ReferralMove& move : network.referral_moves()) {
    if (move.from_state() == from) to.push_back(StateName(move.to_state()));
  }
  return to.empty() ? std::string("none") : absl::StrJoin(to, ", ");
}

absl::Status IllegalMove(const Network& network, const v1::Referral& referral,
                         v1::ReferralState from, v1::ReferralState to, absl::string_view field) {
  return internal::WithField(
      absl::FailedPreconditionError(
          absl::StrCat(field, ": referral ", internal::Quoted(referral.referral_id()),
                       " cannot move from ", StateName(from), " to ", StateName(to),
                       " (moves from ", StateName(from), ": ", MovesFrom(network, from), ")")),
      field);
}

void AddChange(v1::Referral* referral, absl::CivilDay on, v1::ReferralState from,
               v1::ReferralState to, const std::string& note) {
  v1::ReferralChange* change = referral->add_history();
  change->set_on(internal::FormatDate(on));
  change->set_from_state(from);
  change->set_to_state(to);
  change->set_note(note);
}

// What entering `state` on `on` does to the referral's expectations.
void Enter(const Network& network, v1::ReferralState state, absl::CivilDay on,
           v1::Referral* referral) {
  referral->set_state(state);
  if (state == v1::REFERRAL_STATE_DECLINED || state == v1::REFERRAL_STATE_CANCELLED) {
    for (v1::ReportExpectation& expectation : *referral->mutable_expectations()) {
      if (expectation.received_on().empty() && expectation.closed_on().empty()) {
        expectation.set_closed_on(internal::FormatDate(on));
      }
    }
    return;
  }
  if (referral->agreement_id().empty()) return;
  const v1::Agreement* agreement = network.FindAgreement(referral->agreement_id());
  const Calendar* calendar = network.CalendarOf(referral->to_agency_id());
  if (agreement == nullptr || calendar == nullptr) return;  // checked by the callers
  for (const v1::ReportingObligation& obligation : agreement->reporting()) {
    const v1::ReferralState after = obligation.after() == v1::REFERRAL_STATE_UNSPECIFIED
                                        ? v1::REFERRAL_STATE_ACCEPTED
                                        : obligation.after();
    if (after != state) continue;
    v1::ReportExpectation* expectation = referral->add_expectations();
    expectation->set_what(obligation.what());
    expectation->set_agreement_id(agreement->agreement_id());
    expectation->set_after(after);
    expectation->set_started_on(internal::FormatDate(on));
    expectation->set_within_business_days(obligation.within_business_days());
    expectation->set_due_on(
        internal::FormatDate(calendar->AddBusinessDays(on, obligation.within_business_days())));
  }
}

}  // namespace

absl::StatusOr<v1::Referral> Refer(const Network& network, const v1::ReferRequest& request) {
  if (auto s = HostId("referral_id", request.referral_id()); !s.ok()) return s;
  if (auto s = HostId("client_id", request.client_id()); !s.ok()) return s;
  auto on = RequestDate(request.on(), "on");
  if (!on.ok()) return on.status();
  if (request.service_id().empty()) return internal::InvalidField("service_id", "is required");
  const v1::Service* service = network.FindService(request.service_id());
  if (service == nullptr) return NotFound("service_id", "service", request.service_id(), network);
  if (request.from_agency_id().empty()) {
    return internal::InvalidField("from_agency_id", "is required");
  }
  if (network.FindAgency(request.from_agency_id()) == nullptr) {
    return NotFound("from_agency_id", "agency", request.from_agency_id(), network);
  }
  absl::flat_hash_set<absl::string_view> outcomes;
  for (int i = 0; i < request.desired_outcomes_size(); ++i) {
    const std::string field = absl::StrCat("desired_outcomes[", i, "]");
    if (request.desired_outcomes(i).empty()) return internal::InvalidField(field, "is empty");
    if (!outcomes.insert(request.desired_outcomes(i)).second) {
      return internal::InvalidField(field, internal::Quoted(request.desired_outcomes(i)),
                                    " is listed twice");
    }
  }

  // The agreement whose reporting obligations apply.
  std::string agreement_id;
  if (!request.agreement_id().empty()) {
    const v1::Agreement* agreement = network.FindAgreement(request.agreement_id());
    if (agreement == nullptr) {
      return NotFound("agreement_id", "agreement", request.agreement_id(), network);
    }
    if (agreement->from_agency_id() != request.from_agency_id() ||
        agreement->to_agency_id() != service->agency_id()) {
      return internal::InvalidField(
          "agreement_id", "agreement ", internal::Quoted(request.agreement_id()), " runs from ",
          internal::Quoted(agreement->from_agency_id()), " to ",
          internal::Quoted(agreement->to_agency_id()), ", not from ",
          internal::Quoted(request.from_agency_id()), " to the service's agency ",
          internal::Quoted(service->agency_id()));
    }
    const auto in_force =
        network.AgreementsInForce(request.from_agency_id(), service->agency_id(), *on);
    if (std::find(in_force.begin(), in_force.end(), agreement) == in_force.end()) {
      return internal::InvalidField(
          "agreement_id", "agreement ", internal::Quoted(request.agreement_id()),
          " is not in force on ", internal::FormatDate(*on), " (valid ",
          agreement->valid_from().empty() ? "from the start" : "from " + agreement->valid_from(),
          agreement->valid_to().empty() ? " with no end" : " to " + agreement->valid_to(), ")");
    }
    agreement_id = agreement->agreement_id();
  } else {
    const auto in_force =
        network.AgreementsInForce(request.from_agency_id(), service->agency_id(), *on);
    if (in_force.size() > 1) {
      std::vector<std::string> ids;
      for (const v1::Agreement* agreement : in_force) {
        ids.push_back(internal::Quoted(agreement->agreement_id()));
      }
      return internal::InvalidField("agreement_id", in_force.size(), " agreements from ",
                                    internal::Quoted(request.from_agency_id()), " to ",
                                    internal::Quoted(service->agency_id()), " are in force on ",
                                    internal::FormatDate(*on), " (", absl::StrJoin(ids, ", "),
                                    "): name one");
    }
    if (in_force.size() == 1) agreement_id = in_force[0]->agreement_id();
  }

  v1::Referral referral;
  referral.set_referral_id(request.referral_id());
  referral.set_network_id(network.id());
  referral.set_network_version(network.version());
  referral.set_client_id(request.client_id());
  referral.set_service_id(service->service_id());
  referral.set_domain(service->domain());
  referral.set_from_agency_id(request.from_agency_id());
  referral.set_to_agency_id(service->agency_id());
  referral.set_agreement_id(agreement_id);
  *referral.mutable_desired_outcomes() = request.desired_outcomes();
  referral.set_referred_on(internal::FormatDate(*on));
  AddChange(&referral, *on, v1::REFERRAL_STATE_UNSPECIFIED, v1::REFERRAL_STATE_DRAFT,
            request.note());
  Enter(network, v1::REFERRAL_STATE_DRAFT, *on, &referral);
  if (request.send()) {
    if (!network.IsLegalMove(v1::REFERRAL_STATE_DRAFT, v1::REFERRAL_STATE_SENT)) {
      return IllegalMove(network, referral, v1::REFERRAL_STATE_DRAFT, v1::REFERRAL_STATE_SENT,
                         "send");
    }
    AddChange(&referral, *on, v1::REFERRAL_STATE_DRAFT, v1::REFERRAL_STATE_SENT, "");
    Enter(network, v1::REFERRAL_STATE_SENT, *on, &referral);
  }
  return referral;
}

absl::StatusOr<v1::Referral> UpdateReferral(const Network& network,
                                            const v1::UpdateReferralRequest& request) {
  const v1::Referral& current = request.referral();
  if (auto s = HostId("referral.referral_id", current.referral_id()); !s.ok()) return s;
  if (current.state() == v1::REFERRAL_STATE_UNSPECIFIED ||
      !v1::ReferralState_IsValid(current.state())) {
    return internal::InvalidField("referral.state", StateName(current.state()),
                                  " is not a referral state");
  }
  const v1::Service* service = network.FindService(current.service_id());
  if (service == nullptr) {
    if (current.service_id().empty()) {
      return internal::InvalidField("referral.service_id", "is required");
    }
    return NotFound("referral.service_id", "service", current.service_id(), network);
  }
  if (current.to_agency_id() != service->agency_id()) {
    return internal::InvalidField("referral.to_agency_id", internal::Quoted(current.to_agency_id()),
                                  " is not the agency of service ",
                                  internal::Quoted(service->service_id()), " (",
                                  internal::Quoted(service->agency_id()), ")");
  }
  if (!current.agreement_id().empty() && network.FindAgreement(current.agreement_id()) == nullptr) {
    return NotFound("referral.agreement_id", "agreement", current.agreement_id(), network);
  }
  auto on = RequestDate(request.on(), "on");
  if (!on.ok()) return on.status();
  if (!current.history().empty()) {
    const int last = current.history_size() - 1;
    auto previous =
        RequestDate(current.history(last).on(), absl::StrCat("referral.history[", last, "].on"));
    if (!previous.ok()) return previous.status();
    if (*on < *previous) {
      return internal::InvalidField("on", internal::FormatDate(*on),
                                    " is before the referral's last change on ",
                                    internal::FormatDate(*previous));
    }
  }
  const v1::ReferralState to = request.to_state();
  if (!v1::ReferralState_IsValid(to)) {
    return internal::InvalidField("to_state", StateName(to), " is not a referral state");
  }
  if (to == v1::REFERRAL_STATE_UNSPECIFIED && request.reports().empty()) {
    return internal::InvalidField("to_state", "give a state to move to, or reports received");
  }
  if (to != v1::REFERRAL_STATE_UNSPECIFIED && !network.IsLegalMove(current.state(), to)) {
    return IllegalMove(network, current, current.state(), to, "to_state");
  }

  v1::Referral referral = current;
  // Outcomes: exactly one result per desired outcome, on completion only.
  if (to != v1::REFERRAL_STATE_COMPLETED) {
    if (!request.outcomes().empty()) {
      return internal::InvalidField("outcomes", "results are given only with a move to ",
                                    StateName(v1::REFERRAL_STATE_COMPLETED));
    }
  } else {
    absl::flat_hash_map<std::string, const v1::OutcomeResult*> results;
    for (int i = 0; i < request.outcomes_size(); ++i) {
      const v1::OutcomeResult& result = request.outcomes(i);
      const std::string field = absl::StrCat("outcomes[", i, "]");
      if (std::find(current.desired_outcomes().begin(), current.desired_outcomes().end(),
                    result.outcome()) == current.desired_outcomes().end()) {
        return internal::InvalidField(field + ".outcome", internal::Quoted(result.outcome()),
                                      " is not a desired outcome of the referral");
      }
      if (result.status() == v1::OutcomeResult::STATUS_UNSPECIFIED ||
          !v1::OutcomeResult::Status_IsValid(result.status())) {
        return internal::InvalidField(field + ".status", result.status(),
                                      " is not an outcome status (achieved, partly achieved, not "
                                      "achieved)");
      }
      if (!results.try_emplace(result.outcome(), &result).second) {
        return internal::InvalidField(field + ".outcome", internal::Quoted(result.outcome()),
                                      " has a second result");
      }
    }
    referral.clear_outcomes();
    for (const std::string& outcome : current.desired_outcomes()) {
      const auto found = results.find(outcome);
      if (found == results.end()) {
        return internal::InvalidField("outcomes", "no result for desired outcome ",
                                      internal::Quoted(outcome));
      }
      *referral.add_outcomes() = *found->second;
    }
  }
  // Reports received close the open expectation with that `what` due first.
  for (int i = 0; i < request.reports_size(); ++i) {
    const v1::ReportReceived& report = request.reports(i);
    const std::string field = absl::StrCat("reports[", i, "]");
    if (report.what().empty()) return internal::InvalidField(field + ".what", "is required");
    auto received = RequestDate(report.received_on(), field + ".received_on");
    if (!received.ok()) return received.status();
    if (*on < *received) {
      return internal::InvalidField(field + ".received_on", internal::FormatDate(*received),
                                    " is after the update's date ", internal::FormatDate(*on));
    }
    int best = -1;
    std::string best_due;
    std::vector<std::string> open;
    for (int e = 0; e < referral.expectations_size(); ++e) {
      const v1::ReportExpectation& expectation = referral.expectations(e);
      if (!expectation.received_on().empty() || !expectation.closed_on().empty()) continue;
      open.push_back(internal::Quoted(expectation.what()));
      if (expectation.what() != report.what()) continue;
      // Dates "YYYY-MM-DD" order as strings.
      if (best < 0 || expectation.due_on() < best_due) {
        best = e;
        best_due = expectation.due_on();
      }
    }
    if (best < 0) {
      return internal::InvalidField(
          field + ".what", "no open expectation ", internal::Quoted(report.what()),
          " (open: ", open.empty() ? std::string("none") : absl::StrJoin(open, ", "), ")");
    }
    referral.mutable_expectations(best)->set_received_on(internal::FormatDate(*received));
  }
  AddChange(&referral, *on, current.state(),
            to == v1::REFERRAL_STATE_UNSPECIFIED ? current.state() : to, request.note());
  if (to != v1::REFERRAL_STATE_UNSPECIFIED) Enter(network, to, *on, &referral);
  return referral;
}

absl::StatusOr<std::vector<v1::OverdueReport>> OverdueReports(const v1::Referral& referral,
                                                              absl::CivilDay as_of,
                                                              const Calendar& calendar) {
  std::vector<v1::OverdueReport> out;
  for (int i = 0; i < referral.expectations_size(); ++i) {
    const v1::ReportExpectation& expectation = referral.expectations(i);
    const std::string field = absl::StrCat("expectations[", i, "]");
    bool settled = false;  // received or closed on or before as_of
    for (const auto& [name, text] :
         {std::pair<const char*, const std::string*>{".received_on", &expectation.received_on()},
          {".closed_on", &expectation.closed_on()}}) {
      if (text->empty()) continue;
      auto day = RequestDate(*text, field + name);
      if (!day.ok()) return day.status();
      if (*day <= as_of) settled = true;
    }
    if (settled) continue;
    auto due = RequestDate(expectation.due_on(), field + ".due_on");
    if (!due.ok()) return due.status();
    if (as_of <= *due) continue;
    v1::OverdueReport report;
    report.set_referral_id(referral.referral_id());
    report.set_what(expectation.what());
    report.set_agreement_id(expectation.agreement_id());
    report.set_due_on(expectation.due_on());
    report.set_business_days_overdue(
        static_cast<int32_t>(calendar.BusinessDaysBetween(*due, as_of)));
    out.push_back(std::move(report));
  }
  return out;
}

absl::StatusOr<std::vector<v1::OverdueReport>> OverdueReports(const Network& network,
                                                              const v1::Referral& referral,
                                                              absl::CivilDay as_of) {
  const Calendar* calendar = network.CalendarOf(referral.to_agency_id());
  if (calendar == nullptr) {
    return NotFound("to_agency_id", "agency", referral.to_agency_id(), network);
  }
  return OverdueReports(referral, as_of, *calendar);
}

}  // namespace reentry
