#include "network/matcher.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "util/status.h"

namespace reentry::network_internal {
namespace {

using Rule = v1::ExclusionReason;
using Component = v1::FitPoints;

constexpr int kMaxAge = 150;

bool Contains(const std::vector<int32_t>& sorted, int32_t value) {
  return std::binary_search(sorted.begin(), sorted.end(), value);
}

int32_t CountCommon(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  int32_t count = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++count;
      ++i;
      ++j;
    }
  }
  return count;
}

std::string QuotedList(const google::protobuf::RepeatedPtrField<std::string>& words) {
  std::vector<std::string> quoted;
  for (const auto& word : words) quoted.push_back(internal::Quoted(word));
  return absl::StrJoin(quoted, ", ");
}

std::string TierName(int tier) {
  return v1::Tier_IsValid(tier) ? v1::Tier_Name(static_cast<v1::Tier>(tier)) : absl::StrCat(tier);
}

std::string AgeRange(const ServiceRules& rules) {
  if (rules.min_age && rules.max_age) {
    return absl::StrCat("ages ", *rules.min_age, " to ", *rules.max_age);
  }
  if (rules.min_age) return absl::StrCat("ages ", *rules.min_age, " and older");
  return absl::StrCat("ages up to ", *rules.max_age);
}

std::string TierRange(const ServiceRules& rules) {
  if (rules.min_tier && rules.max_tier) {
    return absl::StrCat("risk tiers ", TierName(rules.min_tier), " to ", TierName(rules.max_tier));
  }
  if (rules.min_tier) return absl::StrCat("risk tiers ", TierName(rules.min_tier), " and above");
  return absl::StrCat("risk tiers up to ", TierName(rules.max_tier));
}

std::string Phases(uint32_t mask) {
  std::vector<std::string> names;
  for (int p = 1; p < 32; ++p) {
    if ((mask & (1u << p)) && v1::Phase_IsValid(p)) names.push_back(v1::Phase_Name(p));
  }
  return absl::StrJoin(names, ", ");
}

std::string RegionName(const CompiledNetwork& network, int32_t region) {
  return internal::Quoted(network.definition.regions(region).region_id());
}

std::string Regions(const CompiledNetwork& network, const std::vector<int32_t>& regions) {
  std::vector<std::string> names;
  for (int32_t r : regions) names.push_back(RegionName(network, r));
  return absl::StrJoin(names, ", ");
}

// Request strings: each non-empty.
absl::Status NonEmpty(absl::string_view field,
                      const google::protobuf::RepeatedPtrField<std::string>& words) {
  for (int i = 0; i < words.size(); ++i) {
    if (words[i].empty())
      return internal::InvalidField(absl::StrCat(field, "[", i, "]"), "is empty");
  }
  return absl::OkStatus();
}

std::vector<int32_t> SortedNumbers(const Vocabulary& vocabulary,
                                   const google::protobuf::RepeatedPtrField<std::string>& words) {
  std::vector<int32_t> numbers;
  for (const auto& word : words) {
    const int32_t n = vocabulary.Find(word);
    if (n >= 0) numbers.push_back(n);
  }
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  return numbers;
}

}  // namespace

absl::StatusOr<std::vector<Load>> ResolveLoads(
    const CompiledNetwork& network,
    const google::protobuf::RepeatedPtrField<v1::ServiceLoad>& loads, absl::string_view prefix) {
  std::vector<Load> out(network.rules.size());
  for (const ServiceRules& rules : network.rules) out[rules.index].available = rules.capacity;
  std::vector<bool> given(network.rules.size(), false);
  for (int i = 0; i < loads.size(); ++i) {
    const v1::ServiceLoad& load = loads[i];
    const std::string field = absl::StrCat(prefix, "loads[", i, "]");
    if (load.service_id().empty())
      return internal::InvalidField(field + ".service_id", "is required");
    const auto found = network.service_index.find(load.service_id());
    if (found == network.service_index.end()) {
      return internal::WithField(
          absl::NotFoundError(absl::StrCat(field, ".service_id: unknown service ",
                                           internal::Quoted(load.service_id()), " in network ",
                                           internal::Quoted(network.definition.id()))),
          field + ".service_id");
    }
    if (given[found->second]) {
      return internal::InvalidField(field + ".service_id", "a second load for service ",
                                    internal::Quoted(load.service_id()));
    }
    given[found->second] = true;
    if (load.available() < 0) {
      return internal::InvalidField(field + ".available", load.available(), " is below zero");
    }
    if (load.waitlist() < 0) {
      return internal::InvalidField(field + ".waitlist", load.waitlist(), " is below zero");
    }
    if (load.expected_wait_days() < 0) {
      return internal::InvalidField(field + ".expected_wait_days", load.expected_wait_days(),
                                    " is below zero");
    }
    out[found->second] = Load{load.available(), load.waitlist(), load.expected_wait_days()};
  }
  return out;
}

absl::StatusOr<Seeker> ResolveSeeker(
    const CompiledNetwork& network, const v1::Person& person, int risk_tier,
    const google::protobuf::RepeatedPtrField<std::string>& responsivity, absl::string_view prefix) {
  Seeker seeker;
  seeker.person = &person;
  const std::string field = absl::StrCat(prefix, "person");
  if (person.has_age()) {
    if (person.age() < 0 || person.age() > kMaxAge) {
      return internal::InvalidField(field + ".age", person.age(), " is not an age (0 to ", kMaxAge,
                                    ")");
    }
    seeker.age = person.age();
  }
  if (!person.sex().empty()) seeker.sex = network.sexes.Find(person.sex());
  if (!person.region().empty()) {
    const auto found = network.region_index.find(person.region());
    if (found == network.region_index.end()) {
      std::vector<std::string> known;
      for (const auto& region : network.definition.regions()) known.push_back(region.region_id());
      return internal::WithField(
          absl::NotFoundError(absl::StrCat(field, ".region: unknown region ",
                                           internal::Quoted(person.region()), " of network ",
                                           internal::Quoted(network.definition.id()),
                                           " (regions: ", absl::StrJoin(known, ", "), ")")),
          field + ".region");
    }
    seeker.region = found->second;
  }
  for (int i = 0; i < person.languages_size(); ++i) {
    if (!IsLanguageTag(person.languages(i))) {
      return internal::InvalidField(absl::StrCat(field, ".languages[", i, "]"),
                                    internal::Quoted(person.languages(i)),
                                    " is not a BCP 47 language tag (e.g. \"en\", \"es-MX\")");
    }
    seeker.languages.push_back(network.languages.Find(PrimaryLanguage(person.languages(i))));
  }
  if (auto s = NonEmpty(field + ".offense_categories", person.offense_categories()); !s.ok()) {
    return s;
  }
  if (auto s = NonEmpty(field + ".insurance", person.insurance()); !s.ok()) return s;
  seeker.offenses = SortedNumbers(network.offenses, person.offense_categories());
  seeker.insurance = SortedNumbers(network.insurance, person.insurance());
  if (person.phase() != v1::PHASE_UNSPECIFIED && !v1::Phase_IsValid(person.phase())) {
    return internal::InvalidField(field + ".phase", person.phase(), " is not a phase");
  }
  seeker.phase = person.phase();
  if (!v1::Tier_IsValid(risk_tier)) {
    return internal::InvalidField(absl::StrCat(prefix, "risk_tier"), risk_tier, " is not a tier");
  }
  seeker.tier = risk_tier;
  if (auto s = NonEmpty(absl::StrCat(prefix, "responsivity"), responsivity); !s.ok()) return s;
  seeker.responsivity = SortedNumbers(network.responsivity, responsivity);
  absl::flat_hash_set<std::string> seen;
  for (const auto& word : responsivity) {
    if (seen.insert(word).second) seeker.responsivity_words.push_back(word);
  }
  return seeker;
}

absl::StatusOr<std::vector<Need>> ResolveNeeds(
    const google::protobuf::RepeatedPtrField<v1::NeedResult>& needs,
    const google::protobuf::RepeatedPtrField<std::string>& service_domains,
    absl::string_view prefix) {
  if (!needs.empty() && !service_domains.empty()) {
    return internal::InvalidField(absl::StrCat(prefix, "service_domains"),
                                  "give needs or service_domains, not both");
  }
  if (needs.size() > kMaxNeedsPerPerson || service_domains.size() > kMaxNeedsPerPerson) {
    return internal::InvalidField(absl::StrCat(prefix, needs.empty() ? "service_domains" : "needs"),
                                  std::max(needs.size(), service_domains.size()),
                                  " entries exceed the limit of ", kMaxNeedsPerPerson);
  }
  std::vector<Need> out;
  absl::flat_hash_map<std::string, size_t> position;
  for (int i = 0; i < needs.size(); ++i) {
    const v1::NeedResult& need = needs[i];
    const std::string field = absl::StrCat(prefix, "needs[", i, "]");
    if (need.domain().empty()) return internal::InvalidField(field + ".domain", "is required");
    if (!v1::Tier_IsValid(need.tier())) {
      return internal::InvalidField(field + ".tier", need.tier(), " is not a tier");
    }
    Need resolved;
    resolved.domain = need.domain();
    resolved.points = kNeedPointsByTier[need.tier()];
    resolved.why =
        need.tier() == v1::TIER_UNSPECIFIED
            ? absl::StrCat("need ",
                           need.level().empty() ? "" : internal::Quoted(need.level()) + " ",
                           "without a tier")
            : absl::StrCat("need ",
                           need.level().empty() ? "" : internal::Quoted(need.level()) + " ", "(",
                           TierName(need.tier()), ")");
    absl::StrAppend(&resolved.why, " in ", internal::Quoted(need.domain()));
    const auto [at, inserted] = position.try_emplace(need.domain(), out.size());
    if (inserted) {
      out.push_back(std::move(resolved));
    } else if (resolved.points > out[at->second].points) {
      out[at->second] = std::move(resolved);
    }
  }
  for (int i = 0; i < service_domains.size(); ++i) {
    const std::string& domain = service_domains[i];
    if (domain.empty()) {
      return internal::InvalidField(absl::StrCat(prefix, "service_domains[", i, "]"), "is empty");
    }
    if (!position.try_emplace(domain, out.size()).second) continue;
    out.push_back(Need{
        domain, kDomainNeedPoints,
        absl::StrCat("service domain requested (no need level) in ", internal::Quoted(domain))});
  }
  return out;
}

Evaluation Evaluate(const ServiceRules& rules, const Seeker& seeker, int32_t need_points,
                    const Load& load) {
  Evaluation e;
  if (rules.min_age || rules.max_age) {
    if (!seeker.age || (rules.min_age && *seeker.age < *rules.min_age) ||
        (rules.max_age && *seeker.age > *rules.max_age)) {
      e.excluded |= 1u << Rule::RULE_AGE;
    }
  }
  if (!rules.sexes.empty() && (seeker.sex < 0 || !Contains(rules.sexes, seeker.sex))) {
    e.excluded |= 1u << Rule::RULE_SEX;
  }
  const bool risk_rule = rules.min_tier != 0 || rules.max_tier != 0;
  if (risk_rule && (seeker.tier == 0 || (rules.min_tier && seeker.tier < rules.min_tier) ||
                    (rules.max_tier && seeker.tier > rules.max_tier))) {
    e.excluded |= 1u << Rule::RULE_RISK_TIER;
  }
  if (!rules.excluded_offenses.empty() && CountCommon(rules.excluded_offenses, seeker.offenses)) {
    e.excluded |= 1u << Rule::RULE_OFFENSE;
  }
  if (!rules.regions.empty() && (seeker.region < 0 || !Contains(rules.regions, seeker.region))) {
    e.excluded |= 1u << Rule::RULE_REGION;
  }
  int32_t language_points = 0;
  for (size_t i = 0; i < seeker.languages.size(); ++i) {
    if (seeker.languages[i] >= 0 && Contains(rules.languages, seeker.languages[i])) {
      language_points = i == 0 ? kFirstLanguagePoints : kOtherLanguagePoints;
      break;
    }
  }
  if (language_points == 0) e.excluded |= 1u << Rule::RULE_LANGUAGE;
  if (!rules.insurance.empty() && !CountCommon(rules.insurance, seeker.insurance)) {
    e.excluded |= 1u << Rule::RULE_INSURANCE;
  }
  if (rules.phases != 0 && (seeker.phase == 0 || !(rules.phases & (1u << seeker.phase)))) {
    e.excluded |= 1u << Rule::RULE_PHASE;
  }
  e.waitlisted = load.available <= 0;
  if (e.waitlisted && (rules.waitlist_limit == 0 || load.waitlist >= rules.waitlist_limit)) {
    e.excluded |= kCapacityBit;
  }
  e.points[Component::COMPONENT_NEED_LEVEL] = need_points;
  e.points[Component::COMPONENT_ELIGIBILITY] =
      kEligibilityPoints + (risk_rule ? kTargetedRiskPoints : 0);
  e.points[Component::COMPONENT_REGION] = seeker.region >= 0 && seeker.region == rules.agency_region
                                              ? kLocalRegionPoints
                                              : kServedRegionPoints;
  e.points[Component::COMPONENT_LANGUAGE] = language_points;
  e.points[Component::COMPONENT_RESPONSIVITY] =
      std::min(kResponsivityPointsMax,
               kResponsivityPointsEach * CountCommon(rules.accommodates, seeker.responsivity));
  e.points[Component::COMPONENT_CAPACITY_WAIT] =
      (e.waitlisted ? 0 : kFreeSlotPoints) + std::max(0, kWaitPointsMax - load.wait_days / 7);
  return e;
}

void ExplainCandidate(const CompiledNetwork& network, const ServiceRules& rules,
                      const Seeker& seeker, const Need& need, const Load& load,
                      const Evaluation& evaluation, v1::Candidate* out) {
  const v1::Service& service = network.definition.services(rules.index);
  out->set_service_id(service.service_id());
  out->set_domain(service.domain());
  out->set_agency_id(service.agency_id());
  out->set_fit(evaluation.fit());
  out->set_expected_wait_days(load.wait_days);
  out->set_waitlisted(evaluation.waitlisted);
  const auto add = [&](Component::Component component, std::string reason) {
    v1::FitPoints* points = out->add_breakdown();
    points->set_component(component);
    points->set_points(evaluation.points[component]);
    points->set_reason(std::move(reason));
  };
  add(Component::COMPONENT_NEED_LEVEL, need.why);
  add(Component::COMPONENT_ELIGIBILITY,
      rules.min_tier || rules.max_tier
          ? absl::StrCat("meets every eligibility rule; designed for ", TierRange(rules),
                         ", which include the person's ", TierName(seeker.tier))
          : std::string("meets every eligibility rule"));
  const std::string home = RegionName(network, rules.agency_region);
  std::string region;
  if (seeker.region >= 0 && seeker.region == rules.agency_region) {
    region = absl::StrCat("the agency is in region ", home, ", where the person lives");
  } else if (seeker.region >= 0) {
    region =
        absl::StrCat("serves region ", RegionName(network, seeker.region), " from region ", home);
  } else {
    region = absl::StrCat("serves every region, from region ", home,
                          "; the person's region is not given");
  }
  add(Component::COMPONENT_REGION, std::move(region));
  std::string language;
  for (int i = 0; i < seeker.person->languages_size(); ++i) {
    if (seeker.languages[i] >= 0 && Contains(rules.languages, seeker.languages[i])) {
      language = i == 0
                     ? absl::StrCat("delivered in ", internal::Quoted(seeker.person->languages(i)),
                                    ", the person's first language")
                     : absl::StrCat("delivered in ", internal::Quoted(seeker.person->languages(i)),
                                    ", a language the person speaks (first: ",
                                    internal::Quoted(seeker.person->languages(0)), ")");
      break;
    }
  }
  add(Component::COMPONENT_LANGUAGE, std::move(language));
  std::vector<std::string> met;
  for (const std::string& word : seeker.responsivity_words) {
    const int32_t n = network.responsivity.Find(word);
    if (n >= 0 && Contains(rules.accommodates, n)) met.push_back(word);
  }
  std::string responsivity;
  if (seeker.responsivity_words.empty()) {
    responsivity = "no responsivity factors given";
  } else if (met.empty()) {
    responsivity = "accommodates none of the person's responsivity factors";
  } else {
    responsivity = absl::StrCat("accommodates ", absl::StrJoin(met, ", "),
                                met.size() * kResponsivityPointsEach > kResponsivityPointsMax
                                    ? absl::StrCat(" (at most ", kResponsivityPointsMax, " points)")
                                    : "");
  }
  add(Component::COMPONENT_RESPONSIVITY, std::move(responsivity));
  const std::string wait =
      absl::StrCat("expected wait ", load.wait_days, " days (", load.wait_days / 7, " full weeks, ",
                   std::max(0, kWaitPointsMax - load.wait_days / 7), " points)");
  add(Component::COMPONENT_CAPACITY_WAIT,
      evaluation.waitlisted ? absl::StrCat("no free slot: joins the waitlist (", load.waitlist,
                                           " of ", rules.waitlist_limit, " waiting); ", wait)
                            : absl::StrCat(load.available, " free slot",
                                           load.available == 1 ? "" : "s", " now; ", wait));
}

void ExplainExclusion(const CompiledNetwork& network, const ServiceRules& rules,
                      const Seeker& seeker, const Load& load, const Evaluation& evaluation,
                      v1::Exclusion* out) {
  const v1::Service& service = network.definition.services(rules.index);
  const v1::Eligibility& eligibility = service.eligibility();
  const v1::Person& person = *seeker.person;
  out->set_service_id(service.service_id());
  out->set_domain(service.domain());
  out->set_agency_id(service.agency_id());
  const auto add = [&](Rule::Rule rule, std::string detail) {
    if (!(evaluation.excluded & (1u << rule))) return;
    v1::ExclusionReason* reason = out->add_reasons();
    reason->set_rule(rule);
    reason->set_detail(std::move(detail));
  };
  if (evaluation.excluded & (1u << Rule::RULE_AGE)) {
    std::string detail;
    if (!seeker.age) {
      detail = absl::StrCat("age not given; the service takes ", AgeRange(rules));
    } else if (rules.min_age && *seeker.age < *rules.min_age) {
      detail = absl::StrCat("age ", *seeker.age, " is below the minimum age ", *rules.min_age);
    } else {
      detail = absl::StrCat("age ", *seeker.age, " is above the maximum age ", *rules.max_age);
    }
    add(Rule::RULE_AGE, std::move(detail));
  }
  add(Rule::RULE_SEX,
      person.sex().empty()
          ? absl::StrCat("sex not given; the service serves ", QuotedList(eligibility.sexes()))
          : absl::StrCat("sex ", internal::Quoted(person.sex()), " is not served (serves ",
                         QuotedList(eligibility.sexes()), ")"));
  if (evaluation.excluded & (1u << Rule::RULE_RISK_TIER)) {
    add(Rule::RULE_RISK_TIER,
        seeker.tier == 0
            ? absl::StrCat("risk tier not given; the service serves ", TierRange(rules))
            : absl::StrCat("risk tier ", TierName(seeker.tier), " is outside ", TierRange(rules)));
  }
  if (evaluation.excluded & (1u << Rule::RULE_OFFENSE)) {
    std::vector<std::string> hits;
    for (const auto& category : person.offense_categories()) {
      const int32_t n = network.offenses.Find(category);
      const std::string quoted = internal::Quoted(category);
      if (n >= 0 && Contains(rules.excluded_offenses, n) &&
          std::find(hits.begin(), hits.end(), quoted) == hits.end()) {
        hits.push_back(quoted);
      }
    }
    add(Rule::RULE_OFFENSE,
        absl::StrCat("offense categor", hits.size() == 1 ? "y " : "ies ", absl::StrJoin(hits, ", "),
                     hits.size() == 1 ? " is" : " are", " excluded"));
  }
  if (evaluation.excluded & (1u << Rule::RULE_REGION)) {
    add(Rule::RULE_REGION,
        seeker.region < 0
            ? absl::StrCat("region not given; the service serves ", Regions(network, rules.regions))
            : absl::StrCat("region ", RegionName(network, seeker.region), " is not served (serves ",
                           Regions(network, rules.regions), ")"));
  }
  if (evaluation.excluded & (1u << Rule::RULE_LANGUAGE)) {
    add(Rule::RULE_LANGUAGE,
        person.languages().empty()
            ? absl::StrCat("no language given; the service is delivered in ",
                           QuotedList(service.languages()))
            : absl::StrCat("speaks ", QuotedList(person.languages()),
                           "; the service is delivered in ", QuotedList(service.languages())));
  }
  if (evaluation.excluded & (1u << Rule::RULE_INSURANCE)) {
    add(Rule::RULE_INSURANCE,
        person.insurance().empty()
            ? absl::StrCat("no insurance given; the service requires one of ",
                           QuotedList(eligibility.insurance()))
            : absl::StrCat("holds ", QuotedList(person.insurance()), ", none of the required ",
                           QuotedList(eligibility.insurance())));
  }
  if (evaluation.excluded & (1u << Rule::RULE_PHASE)) {
    add(Rule::RULE_PHASE,
        seeker.phase == 0
            ? absl::StrCat("phase not given; the service serves ", Phases(rules.phases))
            : absl::StrCat("phase ", v1::Phase_Name(seeker.phase), " is not served (serves ",
                           Phases(rules.phases), ")"));
  }
  if (evaluation.excluded & kCapacityBit) {
    add(Rule::RULE_CAPACITY, rules.waitlist_limit == 0
                                 ? absl::StrCat("no free slot (capacity ", rules.capacity,
                                                ") and the service keeps no waitlist")
                                 : absl::StrCat("no free slot (capacity ", rules.capacity,
                                                ") and the waitlist is full (", load.waitlist,
                                                " of ", rules.waitlist_limit, ")"));
  }
}

}  // namespace reentry::network_internal
