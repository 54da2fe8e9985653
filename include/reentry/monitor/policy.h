// reentry/monitor/policy.h: a validated supervision policy.
//
// A policy (reentry.v1.PolicyDefinition, catalogs/*.textproto) holds the
// rules Monitor applies: the upcoming and grace windows, the junctions of
// vulnerability and their lengths, the step-up triggers and step-down
// criteria with their thresholds, contact standards per supervision level,
// reassessment triggers and graduated responses. Compiling validates all of
// it; errors name the policy, the field and the problem.
//
// A Policy is immutable, so one may be shared by any number of threads.
#ifndef REENTRY_MONITOR_POLICY_H_
#define REENTRY_MONITOR_POLICY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reentry/v1/monitor.pb.h"

namespace reentry {

class Policy {
 public:
  // The kind of definition a policy is, in the engine's registry.
  static constexpr absl::string_view kKind = "policy";

  // Validates `definition` (its calendar must be one of `calendar_ids`; an
  // empty list skips that check). Errors are INVALID_ARGUMENT "policy '<id>'
  // version <v>: <field path>: <problem>", the field path also attached.
  static absl::StatusOr<std::shared_ptr<const Policy>> Compile(
      v1::PolicyDefinition definition, const std::vector<std::string>& calendar_ids);

  Policy(const Policy&) = delete;
  Policy& operator=(const Policy&) = delete;

  // The definition as compiled.
  const v1::PolicyDefinition& definition() const { return definition_; }
  const std::string& id() const { return definition_.id(); }
  const std::string& version() const { return definition_.version(); }

  // The contact standards of supervision level `level`; null when the
  // policy has no such level.
  const v1::SupervisionLevel* Level(absl::string_view level) const;

 private:
  explicit Policy(v1::PolicyDefinition definition) : definition_(std::move(definition)) {}

  v1::PolicyDefinition definition_;
};

}  // namespace reentry

#endif  // REENTRY_MONITOR_POLICY_H_
