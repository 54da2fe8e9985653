#include "reentry/network/match.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "network/compiled.h"
#include "network/matcher.h"
#include "util/status.h"

namespace reentry {

using network_internal::Compiled;
using network_internal::CompiledNetwork;

absl::StatusOr<v1::MatchResponse> Match(const Network& network, const v1::MatchRequest& request) {
  v1::MatchResponse response;
  if (auto s = Match(network, request, &response); !s.ok()) return s;
  return response;
}

absl::Status Match(const Network& network, const v1::MatchRequest& request,
                   v1::MatchResponse* out) {
  out->Clear();
  const CompiledNetwork& compiled = Compiled(network);
  auto seeker = network_internal::ResolveSeeker(compiled, request.person(), request.risk_tier(),
                                                request.responsivity());
  if (!seeker.ok()) return seeker.status();
  auto needs = network_internal::ResolveNeeds(request.needs(), request.service_domains());
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
