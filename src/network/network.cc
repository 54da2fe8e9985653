// Validation of network definitions, and the graph and rules built from them.
//
// Checks run in definition order and stop at the first problem, reported as
// INVALID_ARGUMENT "network '<id>' version <v>: <field path>: <problem>", with
// the field path also attached for programs.
#include "reentry/network/network.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "network/compiled.h"
#include "reentry/v1/instrument.pb.h"
#include "util/civil_date.h"
#include "util/definition.h"
#include "util/ids.h"
#include "util/status.h"

namespace reentry {
namespace network_internal {

int32_t Vocabulary::Add(absl::string_view word) {
  return numbers_.try_emplace(word, static_cast<int32_t>(numbers_.size())).first->second;
}

int32_t Vocabulary::Find(absl::string_view word) const {
  const auto found = numbers_.find(word);
  return found == numbers_.end() ? -1 : found->second;
}

std::string PrimaryLanguage(absl::string_view tag) {
  const auto dash = tag.find('-');
  return absl::AsciiStrToLower(tag.substr(0, dash));
}

bool IsLanguageTag(absl::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  bool first = true;
  for (absl::string_view part : absl::StrSplit(tag, '-')) {
    if (part.empty() || part.size() > 8) return false;
    for (char c : part) {
      if (first ? !absl::ascii_isalpha(c) : !absl::ascii_isalnum(c)) return false;
    }
    if (first && part.size() < 2) return false;
    first = false;
  }
  return true;
}

namespace {

std::string Path(absl::string_view base, int index) { return absl::StrCat(base, "[", index, "]"); }

constexpr int kMaxAge = 150;
constexpr int kMaxReportingBusinessDays = 3650;

const std::vector<v1::ReferralMove>* MakeBuiltinMoves() {
  using S = v1::ReferralState;
  const std::pair<S, S> moves[] = {
      {v1::REFERRAL_STATE_DRAFT, v1::REFERRAL_STATE_SENT},
      {v1::REFERRAL_STATE_DRAFT, v1::REFERRAL_STATE_CANCELLED},
      {v1::REFERRAL_STATE_SENT, v1::REFERRAL_STATE_ACCEPTED},
      {v1::REFERRAL_STATE_SENT, v1::REFERRAL_STATE_WAITLISTED},
      {v1::REFERRAL_STATE_SENT, v1::REFERRAL_STATE_DECLINED},
      {v1::REFERRAL_STATE_SENT, v1::REFERRAL_STATE_CANCELLED},
      {v1::REFERRAL_STATE_WAITLISTED, v1::REFERRAL_STATE_ACCEPTED},
      {v1::REFERRAL_STATE_WAITLISTED, v1::REFERRAL_STATE_DECLINED},
      {v1::REFERRAL_STATE_WAITLISTED, v1::REFERRAL_STATE_CANCELLED},
      {v1::REFERRAL_STATE_ACCEPTED, v1::REFERRAL_STATE_IN_SERVICE},
      {v1::REFERRAL_STATE_ACCEPTED, v1::REFERRAL_STATE_DECLINED},
      {v1::REFERRAL_STATE_ACCEPTED, v1::REFERRAL_STATE_CANCELLED},
      {v1::REFERRAL_STATE_IN_SERVICE, v1::REFERRAL_STATE_COMPLETED},
      {v1::REFERRAL_STATE_IN_SERVICE, v1::REFERRAL_STATE_CANCELLED},
      {v1::REFERRAL_STATE_DECLINED, v1::REFERRAL_STATE_REOPENED},
      {v1::REFERRAL_STATE_CANCELLED, v1::REFERRAL_STATE_REOPENED},
      {v1::REFERRAL_STATE_COMPLETED, v1::REFERRAL_STATE_REOPENED},
      {v1::REFERRAL_STATE_REOPENED, v1::REFERRAL_STATE_SENT},
      {v1::REFERRAL_STATE_REOPENED, v1::REFERRAL_STATE_CANCELLED},
  };
  auto* out = new std::vector<v1::ReferralMove>();
  for (const auto& [from, to] : moves) {
    v1::ReferralMove move;
    move.set_from_state(from);
    move.set_to_state(to);
    out->push_back(move);
  }
  return out;
}

std::string EnumName(const google::protobuf::EnumDescriptor* descriptor, int value) {
  const auto* found = descriptor->FindValueByNumber(value);
  return found == nullptr ? absl::StrCat(value) : found->name();
}

class Compiler {
 public:
  Compiler(v1::NetworkDefinition definition, const NetworkReferences& references)
      : references_(references), out_(std::make_unique<CompiledNetwork>()) {
    out_->definition = std::move(definition);
  }

  absl::StatusOr<std::unique_ptr<CompiledNetwork>> Run() {
    if (auto s =
            internal::CheckDefinitionHeader("network", def().id(), def().version(), def().title());
        !s.ok()) {
      return s;
    }
    for (int i = 0; i < def().sources_size(); ++i) {
      if (def().sources(i).title().empty()) {
        return Error(Path("sources", i) + ".title", "is required");
      }
    }
    if (auto s = Regions(); !s.ok()) return s;
    if (auto s = Agencies(); !s.ok()) return s;
    if (auto s = Services(); !s.ok()) return s;
    if (auto s = Agreements(); !s.ok()) return s;
    if (auto s = Moves(); !s.ok()) return s;
    return std::move(out_);
  }

 private:
  const v1::NetworkDefinition& def() const { return out_->definition; }

  template <typename... Parts>
  absl::Status Error(absl::string_view field, const Parts&... parts) const {
    return internal::DefinitionError(
        internal::DefinitionPrefix("network", def().id(), def().version()), field, parts...);
  }

  // `id` as the id of an element of `what` (e.g. "agency").
  absl::Status CheckId(absl::string_view field, absl::string_view id, absl::string_view what) {
    if (id.empty()) return Error(field, "is required");
    if (!internal::IsIdentifier(id)) {
      return Error(field, internal::Quoted(id), " is not a ", what,
                   " id (lower snake_case, starting with a letter, at most ",
                   internal::kMaxIdLength, " characters)");
    }
    return absl::OkStatus();
  }

  absl::Status Regions() {
    for (int i = 0; i < def().regions_size(); ++i) {
      const v1::Region& region = def().regions(i);
      const std::string field = Path("regions", i);
      if (auto s = CheckId(field + ".region_id", region.region_id(), "region"); !s.ok()) return s;
      if (!out_->region_index.try_emplace(region.region_id(), i).second) {
        return Error(field + ".region_id", "duplicate region id ",
                     internal::Quoted(region.region_id()));
      }
      if (region.name().empty()) return Error(field + ".name", "is required");
    }
    return absl::OkStatus();
  }

  // A region id a field names: known to the network.
  absl::StatusOr<int32_t> RegionOf(absl::string_view field, absl::string_view region) {
    if (region.empty()) return Error(field, "is required");
    const auto found = out_->region_index.find(region);
    if (found == out_->region_index.end()) {
      return Error(field, "unknown region ", internal::Quoted(region),
                   def().regions().empty() ? " (the network lists no regions)" : "");
    }
    return found->second;
  }

  absl::Status Agencies() {
    for (int i = 0; i < def().agencies_size(); ++i) {
      const v1::Agency& agency = def().agencies(i);
      const std::string field = Path("agencies", i);
      if (auto s = CheckId(field + ".agency_id", agency.agency_id(), "agency"); !s.ok()) return s;
      if (!out_->agency_index.try_emplace(agency.agency_id(), i).second) {
        return Error(field + ".agency_id", "duplicate agency id ",
                     internal::Quoted(agency.agency_id()));
      }
      if (agency.name().empty()) return Error(field + ".name", "is required");
      if (agency.type() == v1::AGENCY_TYPE_UNSPECIFIED || !v1::AgencyType_IsValid(agency.type())) {
        return Error(field + ".type", EnumName(v1::AgencyType_descriptor(), agency.type()),
                     " is not an agency type");
      }
      if (auto region = RegionOf(field + ".region", agency.region()); !region.ok()) {
        return region.status();
      }
      if (agency.calendar_id().empty()) return Error(field + ".calendar_id", "is required");
      if (!references_.calendar) {
        return Error(field + ".calendar_id", "unknown calendar ",
                     internal::Quoted(agency.calendar_id()), " (no calendars are loaded)");
      }
      auto calendar = references_.calendar(agency.calendar_id(), agency.calendar_version());
      if (!calendar.ok()) {
        const bool version = absl::StrContains(calendar.status().message(), "calendar_version");
        return Error(field + (version ? ".calendar_version" : ".calendar_id"),
                     Problem(calendar.status()));
      }
      out_->calendars.push_back(*std::move(calendar));
    }
    // One vertex per agency, numbered as the agencies are.
    out_->graph = AgencyGraph(static_cast<size_t>(def().agencies_size()));
    for (int i = 0; i < def().agencies_size(); ++i) out_->graph[i].agency = i;
    return absl::OkStatus();
  }

  // A list of non-empty strings, each at most once; adds them to `words`
  // and returns their numbers, sorted.
  absl::StatusOr<std::vector<int32_t>> Words(
      absl::string_view field, const google::protobuf::RepeatedPtrField<std::string>& list,
      Vocabulary& words) {
    std::vector<int32_t> numbers;
    absl::flat_hash_set<absl::string_view> seen;
    for (int i = 0; i < list.size(); ++i) {
      const std::string element = Path(field, i);
      if (list[i].empty()) return Error(element, "is empty");
      if (!seen.insert(list[i]).second) {
        return Error(element, internal::Quoted(list[i]), " is listed twice");
      }
      numbers.push_back(words.Add(list[i]));
    }
    std::sort(numbers.begin(), numbers.end());
    return numbers;
  }

  absl::Status Services() {
    for (int i = 0; i < def().services_size(); ++i) {
      const v1::Service& service = def().services(i);
      const std::string field = Path("services", i);
      ServiceRules rules;
      rules.index = i;
      if (auto s = CheckId(field + ".service_id", service.service_id(), "service"); !s.ok()) {
        return s;
      }
      if (!out_->service_index.try_emplace(service.service_id(), i).second) {
        return Error(field + ".service_id", "duplicate service id ",
                     internal::Quoted(service.service_id()));
      }
      if (service.agency_id().empty()) return Error(field + ".agency_id", "is required");
      const auto agency = out_->agency_index.find(service.agency_id());
      if (agency == out_->agency_index.end()) {
        return Error(field + ".agency_id", "unknown agency ",
                     internal::Quoted(service.agency_id()));
      }
      rules.agency = agency->second;
      rules.agency_region = out_->region_index.at(def().agencies(agency->second).region());
      if (service.domain().empty()) return Error(field + ".domain", "is required");
      if (!references_.domains.contains(service.domain())) {
        return Error(field + ".domain", internal::Quoted(service.domain()),
                     " is not a need domain of a loaded instrument nor a service domain of a "
                     "loaded catalog");
      }
      if (service.title().empty()) return Error(field + ".title", "is required");
      if (auto s = Eligibility(field + ".eligibility", service.eligibility(), &rules); !s.ok()) {
        return s;
      }
      absl::flat_hash_set<int32_t> regions;
      for (int r = 0; r < service.regions_size(); ++r) {
        auto region = RegionOf(Path(field + ".regions", r), service.regions(r));
        if (!region.ok()) return region.status();
        if (!regions.insert(*region).second) {
          return Error(Path(field + ".regions", r), internal::Quoted(service.regions(r)),
                       " is listed twice");
        }
        rules.regions.push_back(*region);
      }
      std::sort(rules.regions.begin(), rules.regions.end());
      if (service.languages().empty()) {
        return Error(field + ".languages", "at least one language is required");
      }
      absl::flat_hash_set<absl::string_view> tags;
      for (int l = 0; l < service.languages_size(); ++l) {
        const std::string& tag = service.languages(l);
        if (!IsLanguageTag(tag)) {
          return Error(Path(field + ".languages", l), internal::Quoted(tag),
                       " is not a BCP 47 language tag (e.g. \"en\", \"es-MX\")");
        }
        if (!tags.insert(tag).second) {
          return Error(Path(field + ".languages", l), internal::Quoted(tag), " is listed twice");
        }
        rules.languages.push_back(out_->languages.Add(PrimaryLanguage(tag)));
      }
      std::sort(rules.languages.begin(), rules.languages.end());
      rules.languages.erase(std::unique(rules.languages.begin(), rules.languages.end()),
                            rules.languages.end());
      if (service.capacity() < 0) {
        return Error(field + ".capacity", service.capacity(), " is below zero");
      }
      rules.capacity = service.capacity();
      if (service.waitlist_limit() < 0) {
        return Error(field + ".waitlist_limit", service.waitlist_limit(), " is below zero");
      }
      rules.waitlist_limit = service.waitlist_limit();
      for (int a = 0; a < service.accommodates_size(); ++a) {
        const std::string& factor = service.accommodates(a);
        if (!references_.responsivity.contains(factor)) {
          return Error(Path(field + ".accommodates", a), internal::Quoted(factor),
                       " is not a responsivity factor of a loaded instrument");
        }
      }
      auto accommodates =
          Words(field + ".accommodates", service.accommodates(), out_->responsivity);
      if (!accommodates.ok()) return accommodates.status();
      rules.accommodates = *std::move(accommodates);
      out_->graph[rules.agency].services.push_back(i);
      out_->services_by_domain[service.domain()].push_back(i);
      out_->rules.push_back(std::move(rules));
    }
    // Services by id, so every result lists them in one order.
    out_->services_by_id.resize(def().services_size());
    std::iota(out_->services_by_id.begin(), out_->services_by_id.end(), 0);
    std::sort(out_->services_by_id.begin(), out_->services_by_id.end(), [&](int32_t a, int32_t b) {
      return def().services(a).service_id() < def().services(b).service_id();
    });
    for (auto& [domain, services] : out_->services_by_domain) {
      std::sort(services.begin(), services.end(), [&](int32_t a, int32_t b) {
        return def().services(a).service_id() < def().services(b).service_id();
      });
    }
    return absl::OkStatus();
  }

  absl::Status Eligibility(const std::string& field, const v1::Eligibility& rules,
                           ServiceRules* out) {
    if (rules.has_min_age()) {
      if (rules.min_age() < 0 || rules.min_age() > kMaxAge) {
        return Error(field + ".min_age", rules.min_age(), " is not an age (0 to ", kMaxAge, ")");
      }
      out->min_age = rules.min_age();
    }
    if (rules.has_max_age()) {
      if (rules.max_age() < 0 || rules.max_age() > kMaxAge) {
        return Error(field + ".max_age", rules.max_age(), " is not an age (0 to ", kMaxAge, ")");
      }
      if (rules.has_min_age() && rules.max_age() < rules.min_age()) {
        return Error(field + ".max_age", rules.max_age(), " is below min_age ", rules.min_age());
      }
      out->max_age = rules.max_age();
    }
    auto sexes = Words(field + ".sexes", rules.sexes(), out_->sexes);
    if (!sexes.ok()) return sexes.status();
    out->sexes = *std::move(sexes);
    for (const auto& [name, tier] :
         {std::pair<const char*, int>{".min_risk_tier", rules.min_risk_tier()},
          {".max_risk_tier", rules.max_risk_tier()}}) {
      if (!v1::Tier_IsValid(tier)) {
        return Error(field + name, EnumName(v1::Tier_descriptor(), tier), " is not a tier");
      }
    }
    if (rules.min_risk_tier() != v1::TIER_UNSPECIFIED &&
        rules.max_risk_tier() != v1::TIER_UNSPECIFIED &&
        rules.max_risk_tier() < rules.min_risk_tier()) {
      return Error(field + ".max_risk_tier", v1::Tier_Name(rules.max_risk_tier()),
                   " is below min_risk_tier ", v1::Tier_Name(rules.min_risk_tier()));
    }
    out->min_tier = rules.min_risk_tier();
    out->max_tier = rules.max_risk_tier();
    auto offenses = Words(field + ".excluded_offense_categories",
                          rules.excluded_offense_categories(), out_->offenses);
    if (!offenses.ok()) return offenses.status();
    out->excluded_offenses = *std::move(offenses);
    auto insurance = Words(field + ".insurance", rules.insurance(), out_->insurance);
    if (!insurance.ok()) return insurance.status();
    out->insurance = *std::move(insurance);
    for (int p = 0; p < rules.phases_size(); ++p) {
      const int phase = rules.phases(p);
      const std::string element = Path(field + ".phases", p);
      if (phase == v1::PHASE_UNSPECIFIED || !v1::Phase_IsValid(phase)) {
        return Error(element, EnumName(v1::Phase_descriptor(), phase), " is not a phase");
      }
      const uint32_t bit = 1u << phase;
      if (out->phases & bit) return Error(element, v1::Phase_Name(phase), " is listed twice");
      out->phases |= bit;
    }
    return absl::OkStatus();
  }

  absl::Status Agreements() {
    for (int i = 0; i < def().agreements_size(); ++i) {
      const v1::Agreement& agreement = def().agreements(i);
      const std::string field = Path("agreements", i);
      if (auto s = CheckId(field + ".agreement_id", agreement.agreement_id(), "agreement");
          !s.ok()) {
        return s;
      }
      if (!out_->agreement_index.try_emplace(agreement.agreement_id(), i).second) {
        return Error(field + ".agreement_id", "duplicate agreement id ",
                     internal::Quoted(agreement.agreement_id()));
      }
      int32_t ends[2];
      const std::pair<const char*, const std::string*> agencies[] = {
          {".from_agency_id", &agreement.from_agency_id()},
          {".to_agency_id", &agreement.to_agency_id()}};
      for (int e = 0; e < 2; ++e) {
        const std::string& id = *agencies[e].second;
        if (id.empty()) return Error(field + agencies[e].first, "is required");
        const auto found = out_->agency_index.find(id);
        if (found == out_->agency_index.end()) {
          return Error(field + agencies[e].first, "unknown agency ", internal::Quoted(id));
        }
        ends[e] = found->second;
      }
      if (ends[0] == ends[1]) {
        return Error(field + ".to_agency_id", "the agreement runs from agency ",
                     internal::Quoted(agreement.to_agency_id()), " to itself");
      }
      uint32_t purposes = 0;
      for (int p = 0; p < agreement.purposes_size(); ++p) {
        const int purpose = agreement.purposes(p);
        const std::string element = Path(field + ".purposes", p);
        if (purpose == v1::PURPOSE_UNSPECIFIED || !v1::Purpose_IsValid(purpose)) {
          return Error(element, EnumName(v1::Purpose_descriptor(), purpose), " is not a purpose");
        }
        if (purposes & (1u << purpose)) {
          return Error(element, v1::Purpose_Name(purpose), " is listed twice");
        }
        purposes |= 1u << purpose;
      }
      uint32_t categories = 0;
      for (int c = 0; c < agreement.categories_size(); ++c) {
        const int category = agreement.categories(c);
        const std::string element = Path(field + ".categories", c);
        if (category == v1::DATA_CATEGORY_UNSPECIFIED || !v1::DataCategory_IsValid(category)) {
          return Error(element, EnumName(v1::DataCategory_descriptor(), category),
                       " is not a data category");
        }
        if (categories & (1u << category)) {
          return Error(element, v1::DataCategory_Name(category), " is listed twice");
        }
        categories |= 1u << category;
      }
      std::optional<absl::CivilDay> from, to;
      if (!agreement.valid_from().empty()) {
        auto day = internal::ParseDate(agreement.valid_from(), field + ".valid_from");
        if (!day.ok()) return Error(field + ".valid_from", Problem(day.status()));
        from = *day;
      }
      if (!agreement.valid_to().empty()) {
        auto day = internal::ParseDate(agreement.valid_to(), field + ".valid_to");
        if (!day.ok()) return Error(field + ".valid_to", Problem(day.status()));
        to = *day;
      }
      if (from && to && *to < *from) {
        return Error(field + ".valid_to", "the agreement ends on ", agreement.valid_to(),
                     ", before it starts on ", agreement.valid_from());
      }
      out_->agreement_from.push_back(from);
      out_->agreement_to.push_back(to);
      absl::flat_hash_set<absl::string_view> whats;
      for (int r = 0; r < agreement.reporting_size(); ++r) {
        const v1::ReportingObligation& obligation = agreement.reporting(r);
        const std::string element = Path(field + ".reporting", r);
        if (auto s = CheckId(element + ".what", obligation.what(), "report"); !s.ok()) return s;
        if (!whats.insert(obligation.what()).second) {
          return Error(element + ".what", internal::Quoted(obligation.what()), " is listed twice");
        }
        if (obligation.within_business_days() < 1 ||
            obligation.within_business_days() > kMaxReportingBusinessDays) {
          return Error(element + ".within_business_days", obligation.within_business_days(),
                       " is not between 1 and ", kMaxReportingBusinessDays, " business days");
        }
        switch (obligation.after()) {
          case v1::REFERRAL_STATE_UNSPECIFIED:
          case v1::REFERRAL_STATE_ACCEPTED:
          case v1::REFERRAL_STATE_IN_SERVICE:
          case v1::REFERRAL_STATE_COMPLETED:
            break;
          default:
            return Error(element + ".after",
                         EnumName(v1::ReferralState_descriptor(), obligation.after()),
                         " does not start a reporting clock (accepted, in service or completed)");
        }
      }
      AgreementEdge edge;
      edge.agreement = i;
      boost::add_edge(ends[0], ends[1], edge, out_->graph);
    }
    return absl::OkStatus();
  }

  // A status message without its field prefix (Error adds the field).
  static std::string Problem(const absl::Status& status) {
    absl::string_view message = status.message();
    const auto colon = message.find(": ");
    return std::string(colon == absl::string_view::npos ? message : message.substr(colon + 2));
  }

  absl::Status Moves() {
    if (def().referral_moves().empty()) {
      out_->moves = BuiltinReferralMoves();
    } else {
      out_->moves.assign(def().referral_moves().begin(), def().referral_moves().end());
    }
    for (int i = 0; i < static_cast<int>(out_->moves.size()); ++i) {
      const v1::ReferralMove& move = out_->moves[i];
      const std::string field = Path("referral_moves", i);
      for (const auto& [name, state] :
           {std::pair<const char*, int>{".from_state", move.from_state()},
            {".to_state", move.to_state()}}) {
        if (state == v1::REFERRAL_STATE_UNSPECIFIED || !v1::ReferralState_IsValid(state)) {
          return Error(field + name, EnumName(v1::ReferralState_descriptor(), state),
                       " is not a referral state");
        }
      }
      if (move.from_state() == move.to_state()) {
        return Error(field + ".to_state", "a state may not move to itself (",
                     v1::ReferralState_Name(move.to_state()), ")");
      }
      bool& legal = out_->legal[move.from_state()][move.to_state()];
      if (legal) {
        return Error(field, "the move ", v1::ReferralState_Name(move.from_state()), " -> ",
                     v1::ReferralState_Name(move.to_state()), " is listed twice");
      }
      legal = true;
    }
    return absl::OkStatus();
  }

  const NetworkReferences& references_;
  std::unique_ptr<CompiledNetwork> out_;
};

}  // namespace
}  // namespace network_internal

using network_internal::CompiledNetwork;

const std::vector<v1::ReferralMove>& BuiltinReferralMoves() {
  static const std::vector<v1::ReferralMove>* const moves = network_internal::MakeBuiltinMoves();
  return *moves;
}

absl::StatusOr<std::shared_ptr<const Network>> Network::Compile(
    v1::NetworkDefinition definition, const NetworkReferences& references) {
  if (auto s = internal::CheckDefinitionLimits(definition); !s.ok()) {
    return internal::Annotate(
        s, internal::DefinitionPrefix("network", definition.id(), definition.version()));
  }
  network_internal::Compiler compiler(std::move(definition), references);
  auto compiled = compiler.Run();
  if (!compiled.ok()) return compiled.status();
  return std::shared_ptr<const Network>(new Network(*std::move(compiled)));
}

Network::Network(std::unique_ptr<const CompiledNetwork> compiled)
    : compiled_(std::move(compiled)) {}
Network::~Network() = default;

const v1::NetworkDefinition& Network::definition() const { return compiled_->definition; }
const std::string& Network::id() const { return compiled_->definition.id(); }
const std::string& Network::version() const { return compiled_->definition.version(); }

const v1::Agency* Network::FindAgency(absl::string_view agency_id) const {
  const auto found = compiled_->agency_index.find(agency_id);
  return found == compiled_->agency_index.end() ? nullptr
                                                : &compiled_->definition.agencies(found->second);
}

const v1::Service* Network::FindService(absl::string_view service_id) const {
  const auto found = compiled_->service_index.find(service_id);
  return found == compiled_->service_index.end() ? nullptr
                                                 : &compiled_->definition.services(found->second);
}

const v1::Agreement* Network::FindAgreement(absl::string_view agreement_id) const {
  const auto found = compiled_->agreement_index.find(agreement_id);
  return found == compiled_->agreement_index.end()
             ? nullptr
             : &compiled_->definition.agreements(found->second);
}

bool Network::HasRegion(absl::string_view region_id) const {
  return compiled_->region_index.contains(region_id);
}

const Calendar* Network::CalendarOf(absl::string_view agency_id) const {
  const auto found = compiled_->agency_index.find(agency_id);
  return found == compiled_->agency_index.end() ? nullptr
                                                : compiled_->calendars[found->second].get();
}

std::vector<const v1::Agreement*> Network::Agreements(absl::string_view from,
                                                      absl::string_view to) const {
  std::vector<const v1::Agreement*> out;
  const auto source = compiled_->agency_index.find(from);
  const auto target = compiled_->agency_index.find(to);
  if (source == compiled_->agency_index.end() || target == compiled_->agency_index.end()) {
    return out;
  }
  std::vector<int32_t> indices;
  for (auto [edge, end] = boost::out_edges(source->second, compiled_->graph); edge != end; ++edge) {
    if (static_cast<int32_t>(boost::target(*edge, compiled_->graph)) == target->second) {
      indices.push_back(compiled_->graph[*edge].agreement);
    }
  }
  std::sort(indices.begin(), indices.end());
  for (int32_t i : indices) out.push_back(&compiled_->definition.agreements(i));
  return out;
}

std::vector<const v1::Agreement*> Network::AgreementsInForce(absl::string_view from,
                                                             absl::string_view to,
                                                             absl::CivilDay on) const {
  std::vector<const v1::Agreement*> out;
  for (const v1::Agreement* agreement : Agreements(from, to)) {
    const int32_t i = compiled_->agreement_index.at(agreement->agreement_id());
    const auto& starts = compiled_->agreement_from[i];
    const auto& ends = compiled_->agreement_to[i];
    if ((!starts || *starts <= on) && (!ends || on <= *ends)) out.push_back(agreement);
  }
  return out;
}

const std::vector<v1::ReferralMove>& Network::referral_moves() const { return compiled_->moves; }

bool Network::IsLegalMove(v1::ReferralState from, v1::ReferralState to) const {
  if (!v1::ReferralState_IsValid(from) || !v1::ReferralState_IsValid(to)) return false;
  return compiled_->legal[from][to];
}

absl::StatusOr<v1::NetworkDefinition> ParseNetworkText(absl::string_view text,
                                                       absl::string_view source_name) {
  v1::NetworkDefinition definition;
  if (auto s = internal::ParseTextProto(text, source_name, &definition); !s.ok()) return s;
  return definition;
}

}  // namespace reentry
