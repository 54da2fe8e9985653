// reentry/allocate/allocate.h: assign a whole cohort to scarce services.
//
// Allocate takes a cohort (each person with their needs, as Match takes them)
// and the live loads of a network's services, and assigns each (person,
// needed domain) at most one service of that domain, each service at most its
// free slots, only to pairs Match lists as candidates with a free slot, so
// that the sum of Match's fits is the largest possible. The optimum is exact
// (a min-cost flow); among equal optima the same request always gets the
// same assignment (the order is documented at reentry.v1.AllocateRequest).
//
// The response also says, for every need left unmet, why (no service of the
// domain, not eligible for any, no free slot, or slots given to others for a
// better total), and, per domain and region, the demand against the free
// slots that serve the region: where capacity is short.
//
// A pure function of the network and the request: thread-safe, no I/O. Cost:
// one evaluation per (person, domain, service of the domain), then the flow,
// whose time grows with the number of eligible pairs and of rerouted
// assignments (10,000 people and 1,000 services in about a third of a second;
// docs/performance.md).
#ifndef REENTRY_ALLOCATE_ALLOCATE_H_
#define REENTRY_ALLOCATE_ALLOCATE_H_

#include "absl/status/statusor.h"
#include "reentry/network/network.h"
#include "reentry/v1/allocate.pb.h"

namespace reentry {

// The most people one AllocateRequest may carry.
inline constexpr int kMaxAllocationPeople = 100'000;

// Allocates `request` on `network` (resolved by the caller from its ids).
// Errors as Match's, with fields under "people[i]."; INVALID_ARGUMENT for a
// missing, over-long or duplicate client id or too many people.
absl::StatusOr<v1::AllocateResponse> Allocate(const Network& network,
                                              const v1::AllocateRequest& request);

// The same, writing into `response` (cleared first; it may live on an arena).
absl::Status Allocate(const Network& network, const v1::AllocateRequest& request,
                      v1::AllocateResponse* response);

}  // namespace reentry

#endif  // REENTRY_ALLOCATE_ALLOCATE_H_
