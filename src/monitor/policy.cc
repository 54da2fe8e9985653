// Validation of supervision policies. Checks run in definition order and stop
// at the first problem, reported as INVALID_ARGUMENT "policy '<id>' version
// <v>: <field path>: <problem>", the field path also attached.
#include "reentry/monitor/policy.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "util/definition.h"
#include "util/ids.h"
#include "util/status.h"

namespace reentry {
namespace {

// Day counts a policy may give: up to ten years.
constexpr int kMaxDays = 3660;
// Contacts a standard may require in one period.
constexpr int kMaxContacts = 100;

class Checker {
 public:
  explicit Checker(const v1::PolicyDefinition& definition)
      : d_(definition), prefix_(internal::DefinitionPrefix("policy", d_.id(), d_.version())) {}

  absl::Status Run(const std::vector<std::string>& calendar_ids) {
    if (auto s = internal::CheckDefinitionHeader("policy", d_.id(), d_.version(), d_.title());
        !s.ok()) {
      return s;
    }
    if (auto s = internal::CheckDefinitionLimits(d_); !s.ok()) return s;
    for (int i = 0; i < d_.sources_size(); ++i) {
      if (d_.sources(i).title().empty()) return Error(At("sources", i, ".title"), "is required");
    }
    if (d_.calendar_id().empty()) return Error("calendar_id", "is required");
    if (!calendar_ids.empty() && std::find(calendar_ids.begin(), calendar_ids.end(),
                                           d_.calendar_id()) == calendar_ids.end()) {
      return Error("calendar_id", "no calendar ", internal::Quoted(d_.calendar_id()), " is loaded");
    }
    if (auto s = Days("upcoming_business_days", d_.upcoming_business_days()); !s.ok()) return s;
    if (auto s = Days("grace_business_days", d_.grace_business_days()); !s.ok()) return s;
    if (auto s = Days("response_window_days", d_.response_window_days()); !s.ok()) return s;
    if (auto s = Junctions(); !s.ok()) return s;
    if (auto s = StepUp(); !s.ok()) return s;
    if (auto s = StepDown(); !s.ok()) return s;
    if (auto s = Levels(); !s.ok()) return s;
    if (auto s = Triggers(); !s.ok()) return s;
    return Responses();
  }

 private:
  template <typename... Parts>
  absl::Status Error(absl::string_view field, const Parts&... parts) const {
    return internal::DefinitionError(prefix_, field, parts...);
  }

  static std::string At(absl::string_view list, int i, absl::string_view rest = "") {
    return absl::StrCat(list, "[", i, "]", rest);
  }

  absl::Status Days(absl::string_view field, int days) const {
    if (days < 0 || days > kMaxDays) {
      return Error(field, days, " is not a number of days from 0 to ", kMaxDays);
    }
    return absl::OkStatus();
  }

  absl::Status Rate(absl::string_view field, double rate) const {
    if (!std::isfinite(rate) || rate < 0 || rate > 1) {
      return Error(field, internal::FormatNumber(rate), " is not a rate from 0 to 1");
    }
    return absl::OkStatus();
  }

  absl::Status Junctions() const {
    std::set<int> kinds;
    for (int i = 0; i < d_.junctions_size(); ++i) {
      const v1::JunctionRule& junction = d_.junctions(i);
      if (junction.kind() == v1::JUNCTION_KIND_UNSPECIFIED) {
        return Error(At("junctions", i, ".kind"), "is required");
      }
      if (!kinds.insert(junction.kind()).second) {
        return Error(At("junctions", i, ".kind"), v1::JunctionKind_Name(junction.kind()),
                     " is listed twice");
      }
      if (auto s = Days(At("junctions", i, ".days"), junction.days()); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status StepUp() const {
    const v1::StepUpRule& up = d_.step_up();
    if (up.unexcused_absences() < 0) {
      return Error("step_up.unexcused_absences", up.unexcused_absences(), " is negative");
    }
    const bool any = up.min_violation_severity() != v1::SEVERITY_UNSPECIFIED ||
                     up.unexcused_absences() > 0 || up.positive_or_refused_test() || up.arrest() ||
                     up.housing_lost();
    if (auto s = Days("step_up.window_days", up.window_days()); !s.ok()) return s;
    if (any && up.window_days() == 0) {
      return Error("step_up.window_days", "is required when a step-up trigger is set");
    }
    return absl::OkStatus();
  }

  absl::Status StepDown() const {
    const v1::StepDownRule& down = d_.step_down();
    if (auto s = Days("step_down.min_days_supervised", down.min_days_supervised()); !s.ok()) {
      return s;
    }
    if (auto s = Days("step_down.violation_free_days", down.violation_free_days()); !s.ok()) {
      return s;
    }
    if (auto s = Days("step_down.test_free_days", down.test_free_days()); !s.ok()) return s;
    if (auto s = Rate("step_down.min_compliance_rate", down.min_compliance_rate()); !s.ok()) {
      return s;
    }
    return Rate("step_down.min_attendance_rate", down.min_attendance_rate());
  }

  absl::Status Levels() const {
    std::set<std::string> levels;
    for (int i = 0; i < d_.supervision_levels_size(); ++i) {
      const v1::SupervisionLevel& level = d_.supervision_levels(i);
      const std::string field = At("supervision_levels", i);
      if (!internal::IsIdentifier(level.level())) {
        return Error(field + ".level", internal::Quoted(level.level()),
                     " is not a valid level id (lower snake_case, starting with a letter)");
      }
      if (!levels.insert(level.level()).second) {
        return Error(field + ".level", internal::Quoted(level.level()), " is listed twice");
      }
      std::set<int> types;
      for (int s = 0; s < level.standards_size(); ++s) {
        if (auto status = Standard(At(field + ".standards", s), level.standards(s), &types);
            !status.ok()) {
          return status;
        }
      }
    }
    return absl::OkStatus();
  }

  absl::Status Standard(const std::string& field, const v1::ContactStandard& standard,
                        std::set<int>* types) const {
    if (standard.type() == v1::CONTACT_TYPE_UNSPECIFIED) {
      return Error(field + ".type", "is required");
    }
    if (!types->insert(standard.type()).second) {
      return Error(field + ".type", v1::ContactType_Name(standard.type()),
                   " has two standards in this level");
    }
    std::set<int> qualifying;
    for (int q = 0; q < standard.qualifying_types_size(); ++q) {
      const auto type = standard.qualifying_types(q);
      if (type == v1::CONTACT_TYPE_UNSPECIFIED) {
        return Error(At(field + ".qualifying_types", q),
                     "CONTACT_TYPE_UNSPECIFIED qualifies for nothing");
      }
      if (!qualifying.insert(type).second) {
        return Error(At(field + ".qualifying_types", q), v1::ContactType_Name(type),
                     " is listed twice");
      }
    }
    if (standard.contacts() < 1 || standard.contacts() > kMaxContacts) {
      return Error(field + ".contacts", standard.contacts(),
                   " is not a number of contacts from 1 to ", kMaxContacts);
    }
    if (standard.every_days() < 1 || standard.every_days() > kMaxDays) {
      return Error(field + ".every_days", standard.every_days(),
                   " is not a number of days from 1 to ", kMaxDays);
    }
    return Days(field + ".intake_days", standard.intake_days());
  }

  absl::Status Triggers() const {
    std::set<int> kinds;
    for (int i = 0; i < d_.reassessment_triggers_size(); ++i) {
      const auto kind = d_.reassessment_triggers(i).kind();
      if (kind == v1::REASSESSMENT_TRIGGER_KIND_UNSPECIFIED) {
        return Error(At("reassessment_triggers", i, ".kind"), "is required");
      }
      if (!kinds.insert(kind).second) {
        return Error(At("reassessment_triggers", i, ".kind"),
                     v1::ReassessmentTriggerKind_Name(kind), " is listed twice");
      }
    }
    return absl::OkStatus();
  }

  absl::Status Responses() const {
    std::set<std::pair<int, int>> seen;
    for (int i = 0; i < d_.responses_size(); ++i) {
      const v1::GraduatedResponse& response = d_.responses(i);
      const std::string field = At("responses", i);
      if (response.trigger() == v1::RESPONSE_TRIGGER_UNSPECIFIED) {
        return Error(field + ".trigger", "is required");
      }
      if (response.kind() == v1::GraduatedResponse::KIND_UNSPECIFIED) {
        return Error(field + ".kind", "is required");
      }
      if (!seen.insert({response.trigger(), response.kind()}).second) {
        return Error(field, v1::ResponseTrigger_Name(response.trigger()), " has two ",
                     v1::GraduatedResponse::Kind_Name(response.kind()), " entries");
      }
      if (response.suggestions().empty()) return Error(field + ".suggestions", "is empty");
      for (int s = 0; s < response.suggestions_size(); ++s) {
        if (response.suggestions(s).empty()) {
          return Error(At(field + ".suggestions", s), "is empty");
        }
      }
    }
    return absl::OkStatus();
  }

  const v1::PolicyDefinition& d_;
  const std::string prefix_;
};

}  // namespace

absl::StatusOr<std::shared_ptr<const Policy>> Policy::Compile(
    v1::PolicyDefinition definition, const std::vector<std::string>& calendar_ids) {
  if (auto s = Checker(definition).Run(calendar_ids); !s.ok()) return s;
  return std::shared_ptr<const Policy>(new Policy(std::move(definition)));
}

const v1::SupervisionLevel* Policy::Level(absl::string_view level) const {
  for (const v1::SupervisionLevel& candidate : definition_.supervision_levels()) {
    if (candidate.level() == level) return &candidate;
  }
  return nullptr;
}

}  // namespace reentry
