// A cohort prepared for allocation: one row per (person, needed domain), the
// eligible (row, service) pairs with free slots as a Boost.Graph assignment
// problem, and what the report needs to say why a row went unmet. Split from
// Allocate so the benchmark can hand the very same graph to other solvers.
#ifndef REENTRY_SRC_ALLOCATE_COHORT_H_
#define REENTRY_SRC_ALLOCATE_COHORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "allocate/assignment.h"
#include "network/matcher.h"
#include "reentry/network/network.h"
#include "reentry/v1/allocate.pb.h"

namespace reentry::allocate_internal {

struct CohortRow {
  int32_t person = 0;  // index into the request's people
  std::string domain;
  // Services of the domain; those eligible ignoring capacity; those eligible
  // with a free slot (the row's arcs); those eligible with an open waitlist.
  int32_t services = 0;
  int32_t eligible = 0;
  int32_t with_slot = 0;
  int32_t waitlist_only = 0;
};

struct Cohort {
  std::vector<CohortRow> rows;
  // Columns are the network's services in id order.
  std::vector<int32_t> service_of_column;
  std::vector<network_internal::Load> loads;  // by service index
  std::vector<int32_t> region_of_person;      // region index; -1 when not given
  AssignmentProblem problem;
};

absl::StatusOr<Cohort> PrepareCohort(const Network& network, const v1::AllocateRequest& request);

// Writes the response (cleared first) from the solved cohort.
void Report(const Network& network, const v1::AllocateRequest& request, const Cohort& cohort,
            const AssignmentSolution& solution, v1::AllocateResponse* response);

}  // namespace reentry::allocate_internal

#endif  // REENTRY_SRC_ALLOCATE_COHORT_H_
