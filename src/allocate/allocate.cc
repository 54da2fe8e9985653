#include "reentry/allocate/allocate.h"

#include <algorithm>
#include <limits>
#include <map>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "allocate/cohort.h"
#include "network/compiled.h"
#include "util/status.h"

namespace reentry {
namespace allocate_internal {

using network_internal::Compiled;
using network_internal::CompiledNetwork;

absl::StatusOr<Cohort> PrepareCohort(const Network& network, const v1::AllocateRequest& request) {
  const CompiledNetwork& compiled = Compiled(network);
  if (request.people_size() > kMaxAllocationPeople) {
    return internal::InvalidField("people", request.people_size(), " people exceed the limit of ",
                                  kMaxAllocationPeople);
  }
  Cohort cohort;
  auto loads = network_internal::ResolveLoads(compiled, request.loads());
  if (!loads.ok()) return loads.status();
  cohort.loads = *std::move(loads);

  const int32_t services = static_cast<int32_t>(compiled.rules.size());
  cohort.service_of_column = compiled.services_by_id;
  std::vector<int32_t> column_of_service(services);
  std::vector<int32_t> capacity(services);
  for (int32_t column = 0; column < services; ++column) {
    const int32_t service = cohort.service_of_column[column];
    column_of_service[service] = column;
    capacity[column] = cohort.loads[service].available;
  }

  std::vector<int64_t> row_begin{0};
  std::vector<int32_t> arc_column, arc_fit;
  absl::flat_hash_set<absl::string_view> clients;
  cohort.region_of_person.reserve(request.people_size());
  for (int i = 0; i < request.people_size(); ++i) {
    const v1::AllocationPerson& person = request.people(i);
    const std::string prefix = absl::StrCat("people[", i, "].");
    const std::string client_field = prefix + "client_id";
    if (person.client_id().empty()) return internal::InvalidField(client_field, "is required");
    if (person.client_id().size() > network_internal::kMaxHostIdBytes) {
      return internal::InvalidField(client_field, internal::Quoted(person.client_id()),
                                    " is longer than ", network_internal::kMaxHostIdBytes,
                                    " bytes");
    }
    if (!clients.insert(person.client_id()).second) {
      return internal::InvalidField(client_field, "client ", internal::Quoted(person.client_id()),
                                    " is listed twice");
    }
    auto seeker = network_internal::ResolveSeeker(compiled, person.person(), person.risk_tier(),
                                                  person.responsivity(), prefix);
    if (!seeker.ok()) return seeker.status();
    auto needs = network_internal::ResolveNeeds(person.needs(), person.service_domains(), prefix);
    if (!needs.ok()) return needs.status();
    cohort.region_of_person.push_back(seeker->region);
    for (const network_internal::Need& need : *needs) {
      CohortRow row;
      row.person = i;
      row.domain = need.domain;
      const auto in_domain = compiled.services_by_domain.find(need.domain);
      if (in_domain != compiled.services_by_domain.end()) {
        row.services = static_cast<int32_t>(in_domain->second.size());
        // By service id, so each row's arcs run in column order.
        for (int32_t service : in_domain->second) {
          const network_internal::Evaluation evaluation = network_internal::Evaluate(
              compiled.rules[service], *seeker, need.points, cohort.loads[service]);
          if ((evaluation.excluded & ~network_internal::kCapacityBit) != 0) continue;
          ++row.eligible;
          if (evaluation.waitlisted) {
            if (evaluation.excluded == 0) ++row.waitlist_only;
            continue;
          }
          ++row.with_slot;
          arc_column.push_back(column_of_service[service]);
          arc_fit.push_back(evaluation.fit());
        }
      }
      row_begin.push_back(static_cast<int64_t>(arc_column.size()));
      cohort.rows.push_back(std::move(row));
    }
  }
  cohort.problem = MakeAssignmentProblem(static_cast<int>(cohort.rows.size()), std::move(capacity),
                                         row_begin, arc_column, arc_fit);
  return cohort;
}

void Report(const Network& network, const v1::AllocateRequest& request, const Cohort& cohort,
            const AssignmentSolution& solution, v1::AllocateResponse* out) {
  const CompiledNetwork& compiled = Compiled(network);
  out->Clear();
  v1::AllocateResponse& response = *out;
  // (domain, region id) -> demand, met.
  std::map<std::pair<std::string, std::string>, std::pair<int32_t, int32_t>> demand;
  for (size_t r = 0; r < cohort.rows.size(); ++r) {
    const CohortRow& row = cohort.rows[r];
    const std::string& client = request.people(row.person).client_id();
    const int32_t region = cohort.region_of_person[row.person];
    auto& counts = demand[{
        row.domain, region < 0 ? std::string() : compiled.definition.regions(region).region_id()}];
    ++counts.first;
    const int32_t column = solution.column_of_row[r];
    if (column >= 0) {
      ++counts.second;
      const v1::Service& service = compiled.definition.services(cohort.service_of_column[column]);
      v1::Assignment* assignment = response.add_assignments();
      assignment->set_client_id(client);
      assignment->set_domain(row.domain);
      assignment->set_service_id(service.service_id());
      assignment->set_agency_id(service.agency_id());
      assignment->set_fit(solution.fit_of_row[r]);
      continue;
    }
    v1::UnmetNeed* unmet = response.add_unmet();
    unmet->set_client_id(client);
    unmet->set_domain(row.domain);
    const std::string domain = internal::Quoted(row.domain);
    if (row.services == 0) {
      unmet->set_reason(v1::UnmetNeed::REASON_NO_SERVICE);
      unmet->set_detail(absl::StrCat("no service of domain ", domain, " in network ",
                                     internal::Quoted(network.id())));
    } else if (row.eligible == 0) {
      unmet->set_reason(v1::UnmetNeed::REASON_NOT_ELIGIBLE);
      unmet->set_detail(absl::StrCat("every service of domain ", domain, " excluded the person (",
                                     row.services, " service", row.services == 1 ? "" : "s",
                                     "; Match gives the reasons)"));
    } else if (row.with_slot == 0) {
      unmet->set_reason(v1::UnmetNeed::REASON_NO_FREE_SLOT);
      unmet->set_detail(absl::StrCat(
          "eligible for ", row.eligible, " service", row.eligible == 1 ? "" : "s", " of domain ",
          domain, ", none with a free slot (", row.waitlist_only, " with an open waitlist)"));
    } else {
      unmet->set_reason(v1::UnmetNeed::REASON_SLOTS_TAKEN);
      unmet->set_detail(absl::StrCat("eligible for ", row.with_slot, " service",
                                     row.with_slot == 1 ? "" : "s", " of domain ", domain,
                                     " with free slots; the best total fit gave them to others"));
    }
  }
  for (const auto& [key, counts] : demand) {
    const auto& [domain, region] = key;
    int64_t capacity = 0;
    const auto in_domain = compiled.services_by_domain.find(domain);
    if (in_domain != compiled.services_by_domain.end()) {
      const int32_t region_index = region.empty() ? -1 : compiled.region_index.at(region);
      for (int32_t service : in_domain->second) {
        const auto& regions = compiled.rules[service].regions;
        const bool serves =
            regions.empty() ||
            (region_index >= 0 && std::binary_search(regions.begin(), regions.end(), region_index));
        if (serves) capacity += cohort.loads[service].available;
      }
    }
    v1::Gap* gap = response.add_gaps();
    gap->set_domain(domain);
    gap->set_region(region);
    gap->set_demand(counts.first);
    gap->set_capacity(
        static_cast<int32_t>(std::min<int64_t>(capacity, std::numeric_limits<int32_t>::max())));
    gap->set_met(counts.second);
    gap->set_unmet(counts.first - counts.second);
  }
  response.set_total_fit(solution.total_fit);
}

}  // namespace allocate_internal

absl::Status Allocate(const Network& network, const v1::AllocateRequest& request,
                      v1::AllocateResponse* response) {
  response->Clear();
  auto cohort = allocate_internal::PrepareCohort(network, request);
  if (!cohort.ok()) return cohort.status();
  const allocate_internal::AssignmentSolution solution =
      allocate_internal::SolveAssignment(cohort->problem);
  allocate_internal::Report(network, request, *cohort, solution, response);
  return absl::OkStatus();
}

absl::StatusOr<v1::AllocateResponse> Allocate(const Network& network,
                                              const v1::AllocateRequest& request) {
  v1::AllocateResponse response;
  if (auto s = Allocate(network, request, &response); !s.ok()) return s;
  return response;
}

}  // namespace reentry
