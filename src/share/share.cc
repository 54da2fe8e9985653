#include "reentry/share/share.h"

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "util/civil_date.h"
#include "util/status.h"

namespace reentry {

const absl::string_view kPart2Notice =
    "This record which has been disclosed to you is protected by Federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony "
    "that describes the information contained in this record, in any civil, criminal, "
    "administrative, or legislative proceedings by any Federal, State, or local authority, "
    "against the patient, unless authorized by the consent of the patient, except as provided at "
    "42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In "
    "addition, the Federal rules prohibit you from making any other use or disclosure of this "
    "record unless at least one of the following applies:\n"
    "(i) Further use or disclosure is expressly permitted by the written consent of the "
    "individual whose information is being disclosed in this record or as otherwise permitted by "
    "42 CFR part 2.\n"
    "(ii) You are a covered entity or business associate and have received the record for "
    "treatment, payment, or health care operations, or\n"
    "(iii) You have received the record from a covered entity or business associate as "
    "permitted by 45 CFR part 164, subparts A and E.\n"
    "A general authorization for the release of medical or other information is NOT sufficient "
    "to meet the required elements of written consent to further use or redisclose the record "
    "(see 42 CFR 2.31).";

const absl::string_view kPart2ShortNotice =
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records.";

namespace {

constexpr size_t kMaxHostIdBytes = 128;
constexpr int kMaxRecipients = 1'000;
constexpr absl::string_view kNoticeCitation =
    "42 CFR 2.32(a), as amended by the final rule of February 16, 2024 (89 FR 12472)";

using Kind = v1::LegalBasis;

std::string CategoryName(int category) {
  return v1::DataCategory_IsValid(category) ? v1::DataCategory_Name(category)
                                            : absl::StrCat(category);
}
std::string PurposeName(int purpose) {
  return v1::Purpose_IsValid(purpose) ? v1::Purpose_Name(purpose) : absl::StrCat(purpose);
}
std::string TypeName(int type) {
  return v1::AgencyType_IsValid(type) ? v1::AgencyType_Name(type) : absl::StrCat(type);
}

absl::StatusOr<absl::CivilDay> RequiredDate(absl::string_view text, absl::string_view field) {
  if (text.empty()) return internal::InvalidField(field, "is required");
  if (text.size() != 10) {
    return internal::InvalidField(field, internal::Quoted(text),
                                  " is not a date of the form YYYY-MM-DD");
  }
  return internal::ParseDate(text, field);
}

absl::StatusOr<std::optional<absl::CivilDay>> OptionalDate(absl::string_view text,
                                                           absl::string_view field) {
  if (text.empty()) return std::optional<absl::CivilDay>();
  auto day = RequiredDate(text, field);
  if (!day.ok()) return day.status();
  return std::optional<absl::CivilDay>(*day);
}

absl::Status NotFoundAgency(absl::string_view field, absl::string_view id, const Network& network) {
  return internal::WithField(
      absl::NotFoundError(absl::StrCat(field, ": unknown agency ", internal::Quoted(id),
                                       " in network ", internal::Quoted(network.id()))),
      field);
}

// Purposes or categories: each valid, specified and listed once. Returns a
// bit mask.
template <typename List, typename IsValid, typename NameOf>
absl::StatusOr<uint32_t> Mask(absl::string_view field, const List& list, IsValid is_valid,
                              NameOf name_of, absl::string_view what) {
  uint32_t mask = 0;
  for (int i = 0; i < list.size(); ++i) {
    const int value = list[i];
    const std::string element = absl::StrCat(field, "[", i, "]");
    if (value == 0 || !is_valid(value)) {
      return internal::InvalidField(element, name_of(value), " is not a ", what);
    }
    if (mask & (1u << value))
      return internal::InvalidField(element, name_of(value), " is listed twice");
    mask |= 1u << value;
  }
  return mask;
}

// One consent, basis or agreement, resolved for the request.
struct Source {
  enum class Type { kConsent, kBasis, kAgreement };
  Type type = Type::kConsent;
  std::string id;
  Kind::Kind kind = Kind::KIND_UNSPECIFIED;  // bases and agreements
  bool part2 = false;                        // a Part 2 consent or court order
  std::string not_in_force;                  // why not in force on as_of; empty when in force
  bool names_recipient = false;
  uint32_t purposes = 0;
  uint32_t categories = 0;

  std::string Name() const {
    switch (type) {
      case Type::kConsent:
        return absl::StrCat(part2 ? "Part 2 consent " : "consent ", internal::Quoted(id));
      case Type::kAgreement:
        return absl::StrCat("agreement ", internal::Quoted(id));
      case Type::kBasis:
        break;
    }
    switch (kind) {
      case Kind::KIND_STATUTE:
        return absl::StrCat("statute ", internal::Quoted(id));
      case Kind::KIND_COURT_ORDER:
        return absl::StrCat(part2 ? "Part 2 court order " : "court order ", internal::Quoted(id));
      case Kind::KIND_EMERGENCY:
        return absl::StrCat("emergency basis ", internal::Quoted(id));
      default:
        return absl::StrCat("basis ", internal::Quoted(id));
    }
  }
};

// "valid from", "valid to" and the day: why a source is not in force, or "".
std::string NotInForce(std::optional<absl::CivilDay> from, std::optional<absl::CivilDay> to,
                       absl::CivilDay as_of) {
  if (from && as_of < *from)
    return absl::StrCat("not in force until ", internal::FormatDate(*from));
  if (to && *to < as_of) return absl::StrCat("ended on ", internal::FormatDate(*to));
  return "";
}

class Sharer {
 public:
  Sharer(const Network& network, const v1::ShareRequest& request)
      : network_(network), request_(request) {}

  absl::Status Run(v1::ShareResponse* out) {
    if (auto s = Check(); !s.ok()) return s;
    if (auto s = Consents(); !s.ok()) return s;
    if (auto s = Bases(); !s.ok()) return s;
    Agreements();
    Decide(out);
    return absl::OkStatus();
  }

 private:
  absl::Status Check() {
    if (request_.client_id().empty()) return internal::InvalidField("client_id", "is required");
    if (request_.client_id().size() > kMaxHostIdBytes) {
      return internal::InvalidField("client_id", internal::Quoted(request_.client_id()),
                                    " is longer than ", kMaxHostIdBytes, " bytes");
    }
    for (const auto& [field, id, agency] :
         {std::tuple<const char*, const std::string*, const v1::Agency**>{
              "from_agency_id", &request_.from_agency_id(), &from_},
          {"to_agency_id", &request_.to_agency_id(), &to_}}) {
      if (id->empty()) return internal::InvalidField(field, "is required");
      *agency = network_.FindAgency(*id);
      if (*agency == nullptr) return NotFoundAgency(field, *id, network_);
    }
    if (from_ == to_) {
      return internal::InvalidField("to_agency_id",
                                    "the receiving agency is the disclosing agency ",
                                    internal::Quoted(request_.to_agency_id()));
    }
    const int purpose = request_.purpose();
    if (purpose == v1::PURPOSE_UNSPECIFIED || !v1::Purpose_IsValid(purpose)) {
      return internal::InvalidField("purpose", PurposeName(purpose), " is not a purpose");
    }
    auto as_of = RequiredDate(request_.as_of(), "as_of");
    if (!as_of.ok()) return as_of.status();
    as_of_ = *as_of;
    if (request_.consents_size() > kMaxShareConsents) {
      return internal::InvalidField("consents", request_.consents_size(),
                                    " consents exceed the limit of ", kMaxShareConsents);
    }
    if (request_.bases_size() > kMaxShareBases) {
      return internal::InvalidField("bases", request_.bases_size(), " bases exceed the limit of ",
                                    kMaxShareBases);
    }
    const auto& fields = request_.record().fields();
    if (fields.size() > kMaxRecordFields) {
      return internal::InvalidField("record.fields", fields.size(), " fields exceed the limit of ",
                                    kMaxRecordFields);
    }
    for (int i = 0; i < fields.size(); ++i) {
      const std::string field = absl::StrCat("record.fields[", i, "]");
      if (fields[i].path().empty()) return internal::InvalidField(field + ".path", "is required");
      const int category = fields[i].category();
      if (category == v1::DATA_CATEGORY_UNSPECIFIED || !v1::DataCategory_IsValid(category)) {
        return internal::InvalidField(
            field + ".category", "field ", internal::Quoted(fields[i].path()),
            category == v1::DATA_CATEGORY_UNSPECIFIED
                ? std::string(" has no category")
                : absl::StrCat(" has category ", category, ", which is not a known data category"));
      }
      present_ |= 1u << category;
    }
    return absl::OkStatus();
  }

  // The recipients of a consent or basis: checks them and says whether one
  // names the receiving agency.
  absl::StatusOr<bool> Recipients(const std::string& field,
                                  const google::protobuf::RepeatedPtrField<v1::Recipient>& list,
                                  bool criminal_justice) {
    if (list.size() > kMaxRecipients) {
      return internal::InvalidField(field, list.size(), " recipients exceed the limit of ",
                                    kMaxRecipients);
    }
    bool names = false;
    for (int i = 0; i < list.size(); ++i) {
      const v1::Recipient& recipient = list[i];
      const std::string element = absl::StrCat(field, "[", i, "]");
      int type = 0;
      std::string who;
      switch (recipient.recipient_case()) {
        case v1::Recipient::kAgencyId: {
          const v1::Agency* agency = network_.FindAgency(recipient.agency_id());
          if (agency == nullptr) {
            return NotFoundAgency(element + ".agency_id", recipient.agency_id(), network_);
          }
          type = agency->type();
          who = absl::StrCat(internal::Quoted(recipient.agency_id()), " (", TypeName(type), ")");
          names = names || agency == to_;
          break;
        }
        case v1::Recipient::kAgencyType:
          type = recipient.agency_type();
          if (type == v1::AGENCY_TYPE_UNSPECIFIED || !v1::AgencyType_IsValid(type)) {
            return internal::InvalidField(element + ".agency_type", TypeName(type),
                                          " is not an agency type");
          }
          who = TypeName(type);
          names = names || type == to_->type();
          break;
        default:
          return internal::InvalidField(element, "names neither an agency_id nor an agency_type");
      }
      if (criminal_justice && type != v1::AGENCY_TYPE_COURT &&
          type != v1::AGENCY_TYPE_SUPERVISION) {
        return internal::InvalidField(
            element,
            "a criminal justice consent (42 CFR 2.35) may name only court or supervision "
            "agencies, not ",
            who);
      }
    }
    return names;
  }

  absl::Status UniqueId(const std::string& field, const std::string& id) {
    if (id.empty()) return internal::InvalidField(field, "is required");
    if (id.size() > kMaxHostIdBytes) {
      return internal::InvalidField(field, internal::Quoted(id), " is longer than ",
                                    kMaxHostIdBytes, " bytes");
    }
    if (!ids_.insert(id).second) {
      return internal::InvalidField(field, internal::Quoted(id),
                                    " is used twice among the consents and bases");
    }
    if (network_.FindAgreement(id) != nullptr) {
      return internal::InvalidField(field, internal::Quoted(id),
                                    " is the id of an agreement of the network");
    }
    return absl::OkStatus();
  }

  absl::Status Consents() {
    for (int i = 0; i < request_.consents_size(); ++i) {
      const v1::Consent& consent = request_.consents(i);
      const std::string field = absl::StrCat("consents[", i, "]");
      if (auto s = UniqueId(field + ".consent_id", consent.consent_id()); !s.ok()) return s;
      auto signed_on = RequiredDate(consent.signed_on(), field + ".signed_on");
      if (!signed_on.ok()) return signed_on.status();
      auto from = OptionalDate(consent.valid_from(), field + ".valid_from");
      if (!from.ok()) return from.status();
      auto to = OptionalDate(consent.valid_to(), field + ".valid_to");
      if (!to.ok()) return to.status();
      if (*from && *to && **to < **from) {
        return internal::InvalidField(field + ".valid_to", "the consent ends on ",
                                      consent.valid_to(), ", before it starts on ",
                                      consent.valid_from());
      }
      auto revoked = OptionalDate(consent.revoked_on(), field + ".revoked_on");
      if (!revoked.ok()) return revoked.status();
      auto revocable = OptionalDate(consent.revocable_from(), field + ".revocable_from");
      if (!revocable.ok()) return revocable.status();
      if (consent.criminal_justice() && !*revocable) {
        return internal::InvalidField(field + ".revocable_from",
                                      "is required for a criminal justice consent (42 CFR 2.35)");
      }
      if (!consent.criminal_justice() && *revocable) {
        return internal::InvalidField(field + ".revocable_from",
                                      "is only for a criminal justice consent");
      }
      Source source;
      source.type = Source::Type::kConsent;
      source.id = consent.consent_id();
      source.part2 = consent.part2();
      auto names =
          Recipients(field + ".recipients", consent.recipients(), consent.criminal_justice());
      if (!names.ok()) return names.status();
      source.names_recipient = *names;
      auto purposes = Mask(field + ".purposes", consent.purposes(), v1::Purpose_IsValid,
                           PurposeName, "purpose");
      if (!purposes.ok()) return purposes.status();
      source.purposes = *purposes;
      auto categories = Mask(field + ".categories", consent.categories(), v1::DataCategory_IsValid,
                             CategoryName, "data category");
      if (!categories.ok()) return categories.status();
      source.categories = *categories;
      // In force: signed, started, not ended, not revoked (a criminal justice
      // consent's revocation takes effect no earlier than revocable_from).
      std::optional<absl::CivilDay> revocation = *revoked;
      if (revocation && consent.criminal_justice() && **revocable > *revocation) {
        revocation = **revocable;
      }
      if (as_of_ < *signed_on) {
        source.not_in_force = absl::StrCat("not signed until ", internal::FormatDate(*signed_on));
      } else if (std::string why = NotInForce(*from, *to, as_of_); !why.empty()) {
        source.not_in_force = std::move(why);
      } else if (revocation && *revocation <= as_of_) {
        source.not_in_force =
            *revocation == **revoked
                ? absl::StrCat("revoked on ", internal::FormatDate(**revoked))
                : absl::StrCat("revoked on ", internal::FormatDate(**revoked), ", in effect from ",
                               internal::FormatDate(*revocation), " (revocable_from)");
      }
      sources_.push_back(std::move(source));
    }
    return absl::OkStatus();
  }

  absl::Status Bases() {
    for (int i = 0; i < request_.bases_size(); ++i) {
      const v1::LegalBasis& basis = request_.bases(i);
      const std::string field = absl::StrCat("bases[", i, "]");
      if (auto s = UniqueId(field + ".basis_id", basis.basis_id()); !s.ok()) return s;
      if (basis.kind() == Kind::KIND_AGREEMENT) {
        return internal::InvalidField(
            field + ".kind", "agreements come from the network; a request may not give one");
      }
      if (basis.kind() == Kind::KIND_UNSPECIFIED || !Kind::Kind_IsValid(basis.kind())) {
        return internal::InvalidField(field + ".kind", basis.kind(), " is not a kind of basis");
      }
      if (basis.part2_order() && basis.kind() != Kind::KIND_COURT_ORDER) {
        return internal::InvalidField(field + ".part2_order", "is only for a court order");
      }
      auto from = OptionalDate(basis.valid_from(), field + ".valid_from");
      if (!from.ok()) return from.status();
      auto to = OptionalDate(basis.valid_to(), field + ".valid_to");
      if (!to.ok()) return to.status();
      if (*from && *to && **to < **from) {
        return internal::InvalidField(field + ".valid_to", "the basis ends on ", basis.valid_to(),
                                      ", before it starts on ", basis.valid_from());
      }
      Source source;
      source.type = Source::Type::kBasis;
      source.id = basis.basis_id();
      source.kind = basis.kind();
      source.part2 = basis.part2_order();
      auto names = Recipients(field + ".recipients", basis.recipients(), false);
      if (!names.ok()) return names.status();
      source.names_recipient = *names;
      auto purposes =
          Mask(field + ".purposes", basis.purposes(), v1::Purpose_IsValid, PurposeName, "purpose");
      if (!purposes.ok()) return purposes.status();
      source.purposes = *purposes;
      auto categories = Mask(field + ".categories", basis.categories(), v1::DataCategory_IsValid,
                             CategoryName, "data category");
      if (!categories.ok()) return categories.status();
      source.categories = *categories;
      source.not_in_force = NotInForce(*from, *to, as_of_);
      sources_.push_back(std::move(source));
    }
    return absl::OkStatus();
  }

  // The network's agreements from the disclosing to the receiving agency
  // (validated when the network loaded), in network order; those not in
  // force are kept to explain denials.
  void Agreements() {
    for (const v1::Agreement* agreement :
         network_.Agreements(request_.from_agency_id(), request_.to_agency_id())) {
      Source source;
      source.type = Source::Type::kAgreement;
      source.id = agreement->agreement_id();
      source.kind = Kind::KIND_AGREEMENT;
      source.names_recipient = true;
      for (int p : agreement->purposes()) source.purposes |= 1u << p;
      for (int c : agreement->categories()) source.categories |= 1u << c;
      const auto in_force =
          network_.AgreementsInForce(request_.from_agency_id(), request_.to_agency_id(), as_of_);
      if (std::find(in_force.begin(), in_force.end(), agreement) == in_force.end()) {
        source.not_in_force = !agreement->valid_from().empty() &&
                                      internal::FormatDate(as_of_) < agreement->valid_from()
                                  ? absl::StrCat("not in force until ", agreement->valid_from())
                                  : absl::StrCat("ended on ", agreement->valid_to());
      }
      sources_.push_back(std::move(source));
    }
  }

  // Everything that keeps `source` from permitting `category` (empty: it
  // permits it).
  std::vector<std::string> Problems(const Source& source, int category) const {
    std::vector<std::string> problems;
    const int purpose = request_.purpose();
    if (!source.not_in_force.empty()) problems.push_back(source.not_in_force);
    if (!source.names_recipient) {
      problems.push_back(absl::StrCat("does not name ", internal::Quoted(request_.to_agency_id()),
                                      " or ", TypeName(to_->type())));
    }
    if (!(source.purposes & (1u << purpose))) {
      problems.push_back(absl::StrCat("does not list ", PurposeName(purpose)));
    }
    if (!(source.categories & (1u << category))) {
      problems.push_back(absl::StrCat("does not list ", CategoryName(category)));
    }
    if (category == v1::DATA_CATEGORY_SUD_TREATMENT) {
      switch (source.type) {
        case Source::Type::kConsent:
          if (!source.part2) problems.push_back("is not a Part 2 consent (42 CFR 2.31)");
          break;
        case Source::Type::kAgreement:
          problems.push_back("an agreement never permits Part 2 records");
          break;
        case Source::Type::kBasis:
          if (source.kind == Kind::KIND_STATUTE) {
            problems.push_back("a statute never permits Part 2 records");
          } else if (source.kind == Kind::KIND_COURT_ORDER && !source.part2) {
            problems.push_back("is not a Part 2 court order (42 CFR 2.64, 2.65)");
          } else if (source.kind == Kind::KIND_EMERGENCY) {
            if (purpose != v1::PURPOSE_EMERGENCY) {
              problems.push_back("an emergency permits Part 2 records only for PURPOSE_EMERGENCY");
            }
            if (to_->type() != v1::AGENCY_TYPE_HEALTH && to_->type() != v1::AGENCY_TYPE_TREATMENT) {
              problems.push_back(absl::StrCat(
                  "an emergency permits Part 2 records only to a health or treatment agency (",
                  internal::Quoted(request_.to_agency_id()), " is ", TypeName(to_->type()), ")"));
            }
          }
          break;
      }
    }
    return problems;
  }

  void Decide(v1::ShareResponse* out) {
    v1::ShareAudit* audit = out->mutable_audit();
    audit->set_as_of(internal::FormatDate(as_of_));
    audit->set_from(request_.from_agency_id());
    audit->set_to(request_.to_agency_id());
    audit->set_purpose(request_.purpose());
    audit->set_client_id(request_.client_id());
    audit->set_network_id(network_.id());
    audit->set_network_version(network_.version());
    uint32_t permitted = 0;
    const Source* part2_consent = nullptr;
    for (int category = 1; category < 32; ++category) {
      if (!(present_ & (1u << category))) continue;
      v1::ShareDecision* decision = out->add_decisions();
      decision->set_category(static_cast<v1::DataCategory>(category));
      std::vector<std::string> why_not;
      for (const Source& source : sources_) {
        std::vector<std::string> problems = Problems(source, category);
        if (problems.empty()) {
          decision->set_permit(true);
          decision->set_basis_id(source.id);
          decision->set_reason(absl::StrCat(
              "permitted by ", source.Name(),
              category == v1::DATA_CATEGORY_SUD_TREATMENT && source.kind == Kind::KIND_EMERGENCY
                  ? " (a medical emergency, 42 CFR 2.51)"
                  : ""));
          if (category == v1::DATA_CATEGORY_SUD_TREATMENT &&
              source.type == Source::Type::kConsent) {
            part2_consent = &source;
          }
          break;
        }
        why_not.push_back(absl::StrCat(source.Name(), ": ", absl::StrJoin(problems, ", ")));
      }
      if (decision->permit()) {
        permitted |= 1u << category;
        v1::PermittedCategory* entry = audit->add_permitted();
        entry->set_category(decision->category());
        entry->set_basis_id(decision->basis_id());
        continue;
      }
      const std::string missing = absl::StrCat(
          "denied: nothing permits ", CategoryName(category), " to ",
          internal::Quoted(request_.to_agency_id()), " for ", PurposeName(request_.purpose()),
          " on ", internal::FormatDate(as_of_),
          category == v1::DATA_CATEGORY_SUD_TREATMENT
              ? " (42 CFR Part 2 records need a Part 2 consent, a Part 2 court order, or an "
                "emergency basis for PURPOSE_EMERGENCY to a health or treatment agency)"
              : "");
      decision->set_reason(why_not.empty()
                               ? absl::StrCat(missing,
                                              ": no consent, legal basis or agreement "
                                              "was given or applies")
                               : absl::StrCat(missing, "; ", absl::StrJoin(why_not, "; ")));
      audit->add_denied(decision->category());
    }
    // The packet: exactly the permitted fields, in record order.
    for (const v1::RecordField& field : request_.record().fields()) {
      if (!(permitted & (1u << field.category()))) continue;
      *out->mutable_packet()->add_fields() = field;
      audit->add_field_paths(field.path());
    }
    if (permitted & (1u << v1::DATA_CATEGORY_SUD_TREATMENT)) {
      v1::Obligation* notice = out->add_obligations();
      notice->set_kind(v1::Obligation::KIND_PART2_NOTICE);
      notice->add_categories(v1::DATA_CATEGORY_SUD_TREATMENT);
      notice->set_text(std::string(kPart2Notice));
      notice->set_short_text(std::string(kPart2ShortNotice));
      notice->set_citation(std::string(kNoticeCitation));
      if (part2_consent != nullptr) {
        v1::Obligation* copy = out->add_obligations();
        copy->set_kind(v1::Obligation::KIND_PART2_CONSENT_COPY);
        copy->add_categories(v1::DATA_CATEGORY_SUD_TREATMENT);
        copy->set_consent_id(part2_consent->id);
        copy->set_text(absl::StrCat("Attach a copy of consent ",
                                    internal::Quoted(part2_consent->id),
                                    " or a clear explanation of its scope."));
        copy->set_citation("42 CFR 2.32 (notice and copy of consent to accompany disclosure)");
      }
    }
  }

  const Network& network_;
  const v1::ShareRequest& request_;
  const v1::Agency* from_ = nullptr;
  const v1::Agency* to_ = nullptr;
  absl::CivilDay as_of_;
  uint32_t present_ = 0;  // categories in the record
  absl::flat_hash_set<std::string> ids_;
  std::vector<Source> sources_;  // consents, bases, agreements, in that order
};

}  // namespace

absl::Status Share(const Network& network, const v1::ShareRequest& request,
                   v1::ShareResponse* response) {
  response->Clear();
  Sharer sharer(network, request);
  if (auto s = sharer.Run(response); !s.ok()) {
    response->Clear();  // nothing leaves on failure
    return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ShareResponse> Share(const Network& network, const v1::ShareRequest& request) {
  v1::ShareResponse response;
  if (auto s = Share(network, request, &response); !s.ok()) return s;
  return response;
}

absl::StatusOr<v1::CheckConsentResponse> CheckConsent(const v1::Consent& consent) {
  for (const auto& [field, text] :
       {std::pair<const char*, const std::string*>{"consent.signed_on", &consent.signed_on()},
        {"consent.valid_from", &consent.valid_from()},
        {"consent.valid_to", &consent.valid_to()},
        {"consent.revoked_on", &consent.revoked_on()},
        {"consent.revocable_from", &consent.revocable_from()}}) {
    if (auto day = OptionalDate(*text, field); !day.ok()) return day.status();
  }
  v1::CheckConsentResponse response;
  using Element = v1::MissingConsentElement;
  const auto missing = [&](Element::Element element, int paragraph, std::string detail) {
    v1::MissingConsentElement* entry = response.add_missing();
    entry->set_element(element);
    entry->set_citation(absl::StrCat("42 CFR 2.31(a)(", paragraph, ")"));
    entry->set_detail(std::move(detail));
  };
  const auto blank = [](const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
  };
  if (blank(consent.patient_name())) {
    missing(Element::ELEMENT_PATIENT_NAME, 1, "the name of the patient (patient_name)");
  }
  if (std::all_of(consent.permitted_disclosers().begin(), consent.permitted_disclosers().end(),
                  blank)) {
    missing(Element::ELEMENT_PERMITTED_DISCLOSERS, 2,
            "the names or general designations of the programs, entities or people permitted "
            "to disclose (permitted_disclosers)");
  }
  const bool sud = std::find(consent.categories().begin(), consent.categories().end(),
                             v1::DATA_CATEGORY_SUD_TREATMENT) != consent.categories().end();
  if (blank(consent.information_description()) || !sud) {
    missing(
        Element::ELEMENT_INFORMATION, 3,
        absl::StrCat(
            "how much and what kind of information, with an explicit description "
            "of the substance use disorder information",
            blank(consent.information_description()) ? " (information_description is empty)" : "",
            sud ? "" : " (categories lack DATA_CATEGORY_SUD_TREATMENT)"));
  }
  if (consent.recipients().empty()) {
    missing(Element::ELEMENT_RECIPIENTS, 4, "the recipients (recipients)");
  }
  if (consent.purposes().empty()) missing(Element::ELEMENT_PURPOSE, 5, "the purpose (purposes)");
  if (!consent.revocation_statement()) {
    missing(Element::ELEMENT_REVOCATION_STATEMENT, 6,
            "a statement of the patient's right to revoke and how (revocation_statement)");
  }
  if (consent.valid_to().empty() && blank(consent.expiration_event())) {
    missing(Element::ELEMENT_EXPIRATION, 7,
            "an expiration date, event or condition (valid_to or expiration_event)");
  }
  if (blank(consent.signed_by())) {
    missing(Element::ELEMENT_SIGNATURE, 8,
            "the signature of the patient or a person authorized to sign (signed_by)");
  }
  if (consent.signed_on().empty()) {
    missing(Element::ELEMENT_SIGNATURE_DATE, 9, "the date signed (signed_on)");
  }
  response.set_complete(response.missing().empty());
  return response;
}

}  // namespace reentry
