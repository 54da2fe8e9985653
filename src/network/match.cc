#include "reentry/network/match.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "network/compiled.h"
#include "network/matcher.h"
#include "util/status.h"

namespace reentry {

using network_internal::Compiled;
using network_internal::CompiledNetwork;

namespace {

// The needs a plan brings to Match: the service domain of each open task,
// at the tier of its goal's need (documented at MatchRequest.plan).
google::protobuf::RepeatedPtrField<v1::NeedResult> PlanNeeds(const v1::CasePlan& plan) {
  absl::flat_hash_map<std::string, const v1::Goal*> goals;
  for (const v1::Goal& goal : plan.goals()) goals.try_emplace(goal.goal_id(), &goal);
  google::protobuf::RepeatedPtrField<v1::NeedResult> needs;
  absl::flat_hash_map<std::string, v1::NeedResult*> by_domain;
  for (const v1::Task& task : plan.tasks()) {
    if (task.service_domain().empty() || task.status() == v1::TASK_STATUS_COMPLETED ||
        task.status() == v1::TASK_STATUS_CANCELLED) {
      continue;
    }
    const auto goal = goals.find(task.goal_id());
    const v1::Provenance& provenance =
        goal != goals.end() ? goal->second->provenance() : v1::Provenance::default_instance();
    const v1::Tier tier =
        v1::Tier_IsValid(provenance.tier()) ? provenance.tier() : v1::TIER_UNSPECIFIED;
    auto [at, inserted] = by_domain.try_emplace(task.service_domain(), nullptr);
    if (inserted) {
      at->second = needs.Add();
      at->second->set_domain(task.service_domain());
    } else if (tier <= at->second->tier()) {
      continue;
    }
    at->second->set_tier(tier);
    at->second->set_level(provenance.level());
  }
  return needs;
}

}  // namespace

absl::StatusOr<v1::MatchResponse> Match(const Network& network, const v1::MatchRequest& request) {
  v1::MatchResponse response;
  if (auto s = Match(network, request, &response); !s.ok()) return s;
  return response;
}

absl::Status Match(const Network& network, const v1::MatchRequest& request,
                   v1::MatchResponse* out) {
  out->Clear();
  const CompiledNetwork& compiled = Compiled(network);
  google::protobuf::RepeatedPtrField<v1::NeedResult> plan_needs;
  int risk_tier = request.risk_tier();
  if (request.has_plan()) {
    if (!request.needs().empty() || !request.service_domains().empty()) {
      return internal::InvalidField("plan", "give needs, service_domains or plan, only one");
    }
    plan_needs = PlanNeeds(request.plan());
    if (plan_needs.size() > network_internal::kMaxNeedsPerPerson) {
      return internal::InvalidField("plan.tasks", plan_needs.size(),
                                    " service domains exceed the limit of ",
                                    network_internal::kMaxNeedsPerPerson);
    }
    if (risk_tier == v1::TIER_UNSPECIFIED) risk_tier = request.plan().risk_tier();
  }
  auto seeker = network_internal::ResolveSeeker(compiled, request.person(), risk_tier,
                                                request.responsivity());
  if (!seeker.ok()) return seeker.status();
  auto needs = network_internal::ResolveNeeds(request.has_plan() ? plan_needs : request.needs(),
                                              request.service_domains());
  if (!needs.ok()) return needs.status();
  auto loads = network_internal::ResolveLoads(compiled, request.loads());
  if (!loads.ok()) return loads.status();

  v1::MatchResponse& response = *out;
  for (const network_internal::Need& need : *needs) {
    const auto services = compiled.services_by_domain.find(need.domain);
    if (services == compiled.services_by_domain.end()) {
      v1::UncoveredDomain* uncovered = response.add_uncovered();
      uncovered->set_domain(need.domain);
      uncovered->set_reason(absl::StrCat("no service of domain ", internal::Quoted(need.domain),
                                         " in network ", internal::Quoted(network.id())));
      continue;
    }
    int candidates = 0;
    for (int32_t index : services->second) {
      const network_internal::ServiceRules& rules = compiled.rules[index];
      const network_internal::Load& load = (*loads)[index];
      const network_internal::Evaluation evaluation =
          network_internal::Evaluate(rules, *seeker, need.points, load);
      if (evaluation.excluded == 0) {
        network_internal::ExplainCandidate(compiled, rules, *seeker, need, load, evaluation,
                                           response.add_candidates());
        ++candidates;
      } else {
        network_internal::ExplainExclusion(compiled, rules, *seeker, load, evaluation,
                                           response.add_excluded());
      }
    }
    if (candidates == 0) {
      v1::UncoveredDomain* uncovered = response.add_uncovered();
      uncovered->set_domain(need.domain);
      uncovered->set_reason(absl::StrCat("every service of domain ", internal::Quoted(need.domain),
                                         " is excluded (", services->second.size(), " service",
                                         services->second.size() == 1 ? ")" : "s)"));
    }
  }
  auto* candidates = response.mutable_candidates();
  std::sort(candidates->pointer_begin(), candidates->pointer_end(),
            [](const v1::Candidate* a, const v1::Candidate* b) {
              if (a->fit() != b->fit()) return a->fit() > b->fit();
              if (a->expected_wait_days() != b->expected_wait_days()) {
                return a->expected_wait_days() < b->expected_wait_days();
              }
              return a->service_id() < b->service_id();
            });
  auto* excluded = response.mutable_excluded();
  std::sort(excluded->pointer_begin(), excluded->pointer_end(),
            [](const v1::Exclusion* a, const v1::Exclusion* b) {
              return a->service_id() < b->service_id();
            });
  return absl::OkStatus();
}

}  // namespace reentry
