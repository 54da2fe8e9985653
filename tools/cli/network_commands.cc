// The network commands: match, refer (and refer update), handoff, allocate, gaps.
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "cli/cli.h"
#include "reentry/plan/render.h"
#include "reentry/v1/allocate.pb.h"
#include "reentry/v1/handoff.pb.h"
#include "reentry/v1/network.pb.h"

namespace reentry::cli {
namespace {

// Reads --input as `request`, applies --plan (into its `plan` field) and
// --network, calls its rpc.
template <typename Request>
absl::Status Call(Engine& engine, const Args& args, Request* request,
                  google::protobuf::Message* response) {
  if (auto s = ReadRequestInput(args, request); !s.ok()) return s;
  if (args.Has("plan")) {
    const auto* field = Request::descriptor()->FindFieldByName("plan");
    if (field == nullptr || field->message_type() != v1::CasePlan::descriptor()) {
      return absl::InvalidArgumentError("--plan: this command takes no plan");
    }
    auto* plan =
        static_cast<v1::CasePlan*>(request->GetReflection()->MutableMessage(request, field));
    if (auto s = ReadPlan(args.Flag("plan"), plan); !s.ok()) return s;
  }
  if (args.Has("network")) request->set_network_id(args.Flag("network"));
  return engine.Call(*request, response);
}

// "waitlisted", "region", ...: an enum value without its prefix, lower case.
std::string Short(const std::string& name, absl::string_view prefix) {
  std::string out(absl::StripPrefix(name, prefix));
  for (char& c : out) c = c == '_' ? ' ' : static_cast<char>(std::tolower(c));
  return out;
}

int Output(const Args& args, const google::protobuf::Message& response,
           void (*table)(const google::protobuf::Message&)) {
  const std::string format = args.Flag("format", "table");
  if (format == "json") {
    std::cout << Json(response) << "\n";
    return kExitOk;
  }
  if (format != "table") {
    return Fail(absl::InvalidArgumentError(absl::StrCat("unknown --format '", format, "'")));
  }
  table(response);
  return kExitOk;
}

void MatchTable(const google::protobuf::Message& message) {
  const auto& response = static_cast<const v1::MatchResponse&>(message);
  std::cout << absl::StrFormat("%-3s %-30s %-20s %4s  %4s %4s %6s %4s %4s %4s  %5s  %s\n", "#",
                               "service", "domain", "fit", "need", "elig", "region", "lang", "resp",
                               "cap", "wait", "agency");
  int rank = 0;
  for (const auto& c : response.candidates()) {
    int points[7] = {};
    for (const auto& p : c.breakdown()) {
      if (p.component() > 0 && p.component() < 7) points[p.component()] = p.points();
    }
    std::cout << absl::StrFormat("%-3d %-30s %-20s %4d  %4d %4d %6d %4d %4d %4d  %4dd  %s%s\n",
                                 ++rank, c.service_id(), c.domain(), c.fit(), points[1], points[2],
                                 points[3], points[4], points[5], points[6], c.expected_wait_days(),
                                 c.agency_id(), c.waitlisted() ? "  (waitlist)" : "");
  }
  if (response.candidates().empty()) std::cout << "(no candidates)\n";
  if (!response.excluded().empty()) {
    std::cout << "\nExcluded\n";
    for (const auto& e : response.excluded()) {
      std::cout << "  " << e.service_id() << " (" << e.domain() << ")\n";
      for (const auto& reason : e.reasons()) {
        std::cout << "      " << Short(v1::ExclusionReason::Rule_Name(reason.rule()), "RULE_")
                  << ": " << reason.detail() << "\n";
      }
    }
  }
  if (!response.uncovered().empty()) {
    std::cout << "\nUncovered needs\n";
    for (const auto& u : response.uncovered()) {
      std::cout << "  " << u.domain() << ": " << u.reason() << "\n";
    }
  }
}

void ReferralTable(const google::protobuf::Message& message) {
  const v1::Referral& r = message.GetDescriptor() == v1::ReferResponse::descriptor()
                              ? static_cast<const v1::ReferResponse&>(message).referral()
                              : static_cast<const v1::UpdateReferralResponse&>(message).referral();
  std::cout << "Referral " << r.referral_id() << " for client " << r.client_id() << ": "
            << Short(v1::ReferralState_Name(r.state()), "REFERRAL_STATE_") << "\n"
            << "  service   " << r.service_id() << " (" << r.domain() << ")\n"
            << "  from      " << r.from_agency_id() << "\n"
            << "  to        " << r.to_agency_id() << "\n"
            << "  agreement " << (r.agreement_id().empty() ? "(none)" : r.agreement_id()) << "\n"
            << "  network   " << r.network_id() << " " << r.network_version() << "\n";
  if (!r.desired_outcomes().empty()) {
    std::cout << "\nDesired outcomes\n";
    for (const auto& outcome : r.desired_outcomes()) {
      std::string result;
      for (const auto& o : r.outcomes()) {
        if (o.outcome() == outcome) {
          result =
              absl::StrCat("  -> ", Short(v1::OutcomeResult::Status_Name(o.status()), "STATUS_"),
                           o.note().empty() ? "" : absl::StrCat(" (", o.note(), ")"));
        }
      }
      std::cout << "  - " << outcome << result << "\n";
    }
  }
  if (!r.expectations().empty()) {
    std::cout << "\nReports owed by " << r.to_agency_id() << "\n"
              << absl::StrFormat("  %-22s %-12s %-11s %5s  %-11s %-11s %-11s\n", "what", "after",
                                 "started", "days", "due", "received", "closed");
    for (const auto& e : r.expectations()) {
      std::cout << absl::StrFormat("  %-22s %-12s %-11s %5d  %-11s %-11s %-11s\n", e.what(),
                                   Short(v1::ReferralState_Name(e.after()), "REFERRAL_STATE_"),
                                   e.started_on(), e.within_business_days(), e.due_on(),
                                   e.received_on().empty() ? "-" : e.received_on(),
                                   e.closed_on().empty() ? "-" : e.closed_on());
    }
  }
  std::cout << "\nHistory\n";
  for (const auto& h : r.history()) {
    std::cout << absl::StrFormat(
        "  %s  %-12s -> %-12s %s\n", h.on(),
        h.from_state() == v1::REFERRAL_STATE_UNSPECIFIED
            ? std::string("(new)")
            : Short(v1::ReferralState_Name(h.from_state()), "REFERRAL_STATE_"),
        Short(v1::ReferralState_Name(h.to_state()), "REFERRAL_STATE_"), h.note());
  }
}

void GapsTable(const v1::AllocateResponse& response) {
  std::cout << absl::StrFormat("%-22s %-16s %7s %9s %5s %7s\n", "domain", "region", "demand",
                               "capacity", "met", "unmet");
  for (const auto& g : response.gaps()) {
    std::cout << absl::StrFormat("%-22s %-16s %7d %9d %5d %7d\n", g.domain(),
                                 g.region().empty() ? "(not given)" : g.region(), g.demand(),
                                 g.capacity(), g.met(), g.unmet());
  }
  std::cout << "(capacity: free slots of the domain's services that serve the region, whoever "
               "they are for)\n";
}

void AllocationTable(const google::protobuf::Message& message) {
  const auto& response = static_cast<const v1::AllocateResponse&>(message);
  std::cout << absl::StrFormat("%-16s %-22s %-30s %4s\n", "client", "domain", "service", "fit");
  for (const auto& a : response.assignments()) {
    std::cout << absl::StrFormat("%-16s %-22s %-30s %4d\n", a.client_id(), a.domain(),
                                 a.service_id(), a.fit());
  }
  std::cout << "\nTotal fit " << response.total_fit() << " (" << response.assignments_size()
            << " needs served, " << response.unmet_size() << " unmet)\n";
  if (!response.unmet().empty()) {
    std::cout << "\nUnmet\n";
    for (const auto& u : response.unmet()) {
      std::cout << absl::StrFormat("  %-16s %-22s %-14s %s\n", u.client_id(), u.domain(),
                                   Short(v1::UnmetNeed::Reason_Name(u.reason()), "REASON_"),
                                   u.detail());
    }
  }
  std::cout << "\nDemand and capacity by domain and region\n";
  GapsTable(response);
}

int MatchCommand(Engine& engine, const Args& args) {
  v1::MatchRequest request;
  v1::MatchResponse response;
  if (auto s = Call(engine, args, &request, &response); !s.ok()) return Fail(s);
  return Output(args, response, MatchTable);
}

void HandoffTable(const google::protobuf::Message& message) {
  const auto& response = static_cast<const v1::HandoffResponse&>(message);
  std::cout << RenderPlanText(response.plan());
  if (!response.has_records_transfer()) return;
  std::cout << "\nRecords transfer (Share as of " << response.records_transfer().audit().as_of()
            << ")\n";
  for (const auto& d : response.records_transfer().decisions()) {
    std::cout << "  " << (d.permit() ? "permit " : "deny   ")
              << Short(v1::DataCategory_Name(d.category()), "DATA_CATEGORY_") << ": " << d.reason()
              << "\n";
  }
  std::cout << "  packet: " << response.records_transfer().packet().fields_size() << " fields\n";
  for (const auto& o : response.records_transfer().obligations()) {
    std::cout << "  obligation: " << (o.short_text().empty() ? o.text() : o.short_text()) << "\n";
  }
}

int HandoffCommand(Engine& engine, const Args& args) {
  v1::HandoffRequest request;
  v1::HandoffResponse response;
  if (auto s = Call(engine, args, &request, &response); !s.ok()) return Fail(s);
  return Output(args, response, HandoffTable);
}

int ReferCommand(Engine& engine, const Args& args) {
  if (!args.positional.empty() && args.positional[0] == "update") {
    v1::UpdateReferralRequest request;
    v1::UpdateReferralResponse response;
    const std::string input = args.Flag("input");
    if (input.empty())
      return Fail(absl::InvalidArgumentError("--input <request.json|-> is required"));
    std::string text;
    if (auto s = ReadInput(input, &text); !s.ok()) return Fail(s);
    if (auto s = ParseJson(text, input, &request); !s.ok()) return Fail(s);
    if (auto s = engine.Call(request, &response); !s.ok()) return Fail(s);
    return Output(args, response, ReferralTable);
  }
  if (!args.positional.empty()) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat("unknown refer subcommand '", args.positional[0], "' (only: update)")));
  }
  v1::ReferRequest request;
  v1::ReferResponse response;
  if (auto s = Call(engine, args, &request, &response); !s.ok()) return Fail(s);
  return Output(args, response, ReferralTable);
}

int AllocateCommand(Engine& engine, const Args& args) {
  v1::AllocateRequest request;
  v1::AllocateResponse response;
  if (auto s = Call(engine, args, &request, &response); !s.ok()) return Fail(s);
  return Output(args, response, AllocationTable);
}

int GapsCommand(Engine& engine, const Args& args) {
  v1::AllocateRequest request;
  v1::AllocateResponse response;
  if (auto s = Call(engine, args, &request, &response); !s.ok()) return Fail(s);
  if (args.Flag("format", "table") == "json") {
    v1::AllocateResponse gaps;
    *gaps.mutable_gaps() = response.gaps();
    std::cout << Json(gaps) << "\n";
    return kExitOk;
  }
  return Output(args, response, [](const google::protobuf::Message& message) {
    GapsTable(static_cast<const v1::AllocateResponse&>(message));
  });
}

}  // namespace

const Command kMatchCommand = {
    "match", "rank a network's services for one person (a MatchRequest in JSON)",
    "  reentry match --input <request.json|-> [--plan plan.json] [--network <id>]\n"
    "                [--format table|json]\n"
    "  --plan matches the service domains of a plan's open tasks (MatchRequest.plan).\n",
    MatchCommand};
const Command kHandoffCommand = {
    "handoff", "move a plan's lead to another agency with the warm-handoff tasks",
    "  reentry handoff --input <HandoffRequest.json|-> [--plan plan.json] [--network <id>]\n"
    "                  [--format table|json]\n"
    "  --plan takes the plan from a file (`reentry plan --format json` output or a CasePlan).\n",
    HandoffCommand};
const Command kReferCommand = {
    "refer", "write a referral, or move one (refer update) and record reports received",
    "  reentry refer --input <ReferRequest.json|-> [--network <id>] [--format table|json]\n"
    "  reentry refer update --input <UpdateReferralRequest.json|-> [--format table|json]\n",
    ReferCommand};
const Command kAllocateCommand = {
    "allocate", "assign a cohort to scarce services for the largest total fit",
    "  reentry allocate --input <AllocateRequest.json|-> [--network <id>] [--format table|json]\n",
    AllocateCommand};
const Command kGapsCommand = {
    "gaps", "demand against capacity by domain and region for a cohort (an AllocateRequest)",
    "  reentry gaps --input <AllocateRequest.json|-> [--network <id>] [--format table|json]\n",
    GapsCommand};

}  // namespace reentry::cli
