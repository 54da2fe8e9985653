// What Match and Allocate share: a request's person and loads resolved
// against a compiled network once, the eligibility and fit of one service for
// one person as integers (the hot path of Allocate), and the words that
// explain them (Match's breakdown and exclusion reasons).
//
// The point scheme (documented at reentry.v1.MatchRequest and in
// docs/network.md) lives here, and only here.
#ifndef REENTRY_SRC_NETWORK_MATCHER_H_
#define REENTRY_SRC_NETWORK_MATCHER_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "network/compiled.h"
#include "reentry/v1/assessment.pb.h"
#include "reentry/v1/network.pb.h"
#include "reentry/v1/person.pb.h"

namespace reentry::network_internal {

// The points of the fit.
inline constexpr int32_t kNeedPointsByTier[] = {20, 10, 20, 30, 40};  // by v1::Tier
inline constexpr int32_t kDomainNeedPoints = 20;     // a domain given without a level
inline constexpr int32_t kEligibilityPoints = 10;    // every rule holds
inline constexpr int32_t kTargetedRiskPoints = 5;    // ... and the risk range targets the person
inline constexpr int32_t kLocalRegionPoints = 20;    // agency in the person's region
inline constexpr int32_t kServedRegionPoints = 10;   // serves it from elsewhere
inline constexpr int32_t kFirstLanguagePoints = 15;  // the person's first language
inline constexpr int32_t kOtherLanguagePoints = 8;   // another language they speak
inline constexpr int32_t kResponsivityPointsEach = 5;
inline constexpr int32_t kResponsivityPointsMax = 10;
inline constexpr int32_t kFreeSlotPoints = 10;  // a slot free now
inline constexpr int32_t kWaitPointsMax = 10;   // minus one per full week of wait
inline constexpr int32_t kMaxFit = 40 + 15 + 20 + 15 + 10 + 20;

// The most needs (or service domains) one person may bring.
inline constexpr int kMaxNeedsPerPerson = 256;
// The longest client or referral id.
inline constexpr size_t kMaxHostIdBytes = 128;

// One service's live load in a request.
struct Load {
  int32_t available = 0;
  int32_t waitlist = 0;
  int32_t wait_days = 0;
};

// The loads of every service (by service index): the request's, or the
// service's capacity free with no waitlist and no wait. Errors name
// `prefix` + "loads[i]...": NOT_FOUND for an unknown service, INVALID_ARGUMENT
// for a duplicate or a negative number.
absl::StatusOr<std::vector<Load>> ResolveLoads(
    const CompiledNetwork& network,
    const google::protobuf::RepeatedPtrField<v1::ServiceLoad>& loads,
    absl::string_view prefix = "");

// A person's facts as vocabulary numbers of the network (-1: a word the
// network never uses, which matches no rule's list).
struct Seeker {
  const v1::Person* person = nullptr;
  std::optional<int32_t> age;
  int32_t sex = -1;
  int32_t region = -1;                // region index; -1 when not given
  std::vector<int32_t> languages;     // in the person's order
  std::vector<int32_t> offenses;      // sorted
  std::vector<int32_t> insurance;     // sorted
  std::vector<int32_t> responsivity;  // sorted, unique
  std::vector<std::string> responsivity_words;
  int32_t tier = 0;
  int32_t phase = 0;
};

// Checks and resolves a person. Errors name `prefix` + the field ("person.age",
// "risk_tier", ...): INVALID_ARGUMENT for bad values, NOT_FOUND for a region the
// network does not have.
absl::StatusOr<Seeker> ResolveSeeker(
    const CompiledNetwork& network, const v1::Person& person, int risk_tier,
    const google::protobuf::RepeatedPtrField<std::string>& responsivity,
    absl::string_view prefix = "");

// One needed domain and its need-level points.
struct Need {
  std::string domain;
  int32_t points = 0;
  std::string why;  // e.g. "need 'high' (TIER_HIGH) in 'housing'"
};

// The needed domains in request order (a domain listed twice counts once, at
// its highest tier). Errors name `prefix` + "needs[i]..." or
// "service_domains...".
absl::StatusOr<std::vector<Need>> ResolveNeeds(
    const google::protobuf::RepeatedPtrField<v1::NeedResult>& needs,
    const google::protobuf::RepeatedPtrField<std::string>& service_domains,
    absl::string_view prefix = "");

// One service for one person.
struct Evaluation {
  // Bits 1 << v1::ExclusionReason::Rule: every rule that excludes.
  uint32_t excluded = 0;
  // Points by v1::FitPoints::Component.
  std::array<int32_t, 7> points{};
  // No slot free now: a referral would join the waitlist.
  bool waitlisted = false;

  int32_t fit() const {
    int32_t sum = 0;
    for (int32_t p : points) sum += p;
    return sum;
  }
};

Evaluation Evaluate(const ServiceRules& rules, const Seeker& seeker, int32_t need_points,
                    const Load& load);

// The rules that exclude, ignoring capacity (bits as in Evaluation).
inline constexpr uint32_t kCapacityBit = 1u << v1::ExclusionReason::RULE_CAPACITY;

// Fills a candidate's breakdown (every component, in order) and fields.
void ExplainCandidate(const CompiledNetwork& network, const ServiceRules& rules,
                      const Seeker& seeker, const Need& need, const Load& load,
                      const Evaluation& evaluation, v1::Candidate* out);

// Fills an exclusion's reasons (every rule that excluded, in rule order).
void ExplainExclusion(const CompiledNetwork& network, const ServiceRules& rules,
                      const Seeker& seeker, const Load& load, const Evaluation& evaluation,
                      v1::Exclusion* out);

}  // namespace reentry::network_internal

#endif  // REENTRY_SRC_NETWORK_MATCHER_H_
