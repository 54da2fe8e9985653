// rpc ImportConsent: a FHIR R4 Consent (JSON) read into the Consent rpc Share
// takes, by the mapping ExportFhir writes (docs/fhir.md). What Share cannot
// honour is INVALID_ARGUMENT naming the FHIR path.
#include <string>

#include "absl/strings/str_cat.h"
#include "fhir/codes.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "reentry/fhir/fhir.h"
#include "util/civil_date.h"
#include "util/status.h"

namespace reentry {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;
namespace codes = fhir_internal;

// The most bytes of Consent JSON one request may carry.
constexpr size_t kMaxConsentJsonBytes = 1 << 20;

absl::Status Invalid(absl::string_view path, absl::string_view problem) {
  return internal::InvalidField(path, problem);
}

const Value* Field(const Struct& object, absl::string_view key) {
  const auto it = object.fields().find(std::string(key));
  return it == object.fields().end() ? nullptr : &it->second;
}

absl::StatusOr<const Struct*> ObjectAt(const Value* value, absl::string_view path) {
  if (value == nullptr) return nullptr;
  if (value->kind_case() != Value::kStructValue) return Invalid(path, "is not an object");
  return &value->struct_value();
}

absl::StatusOr<const ListValue*> ArrayAt(const Value* value, absl::string_view path) {
  if (value == nullptr) return nullptr;
  if (value->kind_case() != Value::kListValue) return Invalid(path, "is not an array");
  return &value->list_value();
}

absl::StatusOr<std::string> StringAt(const Value* value, absl::string_view path) {
  if (value == nullptr) return std::string();
  if (value->kind_case() != Value::kStringValue) return Invalid(path, "is not a string");
  return value->string_value();
}

// A FHIR date or dateTime read as the day it names ("YYYY-MM-DD", or a
// dateTime whose first 10 characters are one).
absl::StatusOr<std::string> DateAt(const Value* value, absl::string_view path) {
  auto text = StringAt(value, path);
  if (!text.ok() || text->empty()) return text;
  const std::string day = text->substr(0, 10);
  if (text->size() > 10 && (*text)[10] != 'T') {
    return Invalid(path, absl::StrCat(internal::Quoted(*text), " is not a FHIR date"));
  }
  auto parsed = internal::ParseDate(day, path);
  if (!parsed.ok()) return parsed.status();
  return day;
}

// The code of a Coding of `system`, as an enum value of `descriptor`.
template <typename Enum>
absl::StatusOr<Enum> CodeAt(const Value& coding, absl::string_view path, absl::string_view system,
                            bool (*parse)(absl::string_view, Enum*)) {
  auto object = ObjectAt(&coding, path);
  if (!object.ok()) return object.status();
  auto coding_system = StringAt(Field(**object, "system"), absl::StrCat(path, ".system"));
  if (!coding_system.ok()) return coding_system.status();
  if (*coding_system != system) {
    return Invalid(absl::StrCat(path, ".system"),
                   absl::StrCat(internal::Quoted(*coding_system), " is not ", system));
  }
  auto code = StringAt(Field(**object, "code"), absl::StrCat(path, ".code"));
  if (!code.ok()) return code.status();
  Enum value;
  if (!parse(*code, &value) || static_cast<int>(value) == 0) {
    return Invalid(absl::StrCat(path, ".code"),
                   absl::StrCat(internal::Quoted(*code), " is not a code of ", system));
  }
  return value;
}

bool ParsePurpose(absl::string_view name, v1::Purpose* out) {
  return v1::Purpose_Parse(std::string(name), out);
}
bool ParseCategory(absl::string_view name, v1::DataCategory* out) {
  return v1::DataCategory_Parse(std::string(name), out);
}
bool ParseAgencyType(absl::string_view name, v1::AgencyType* out) {
  return v1::AgencyType_Parse(std::string(name), out);
}

absl::Status ReadExtensions(const Struct& consent, v1::Consent* out) {
  auto extensions = ArrayAt(Field(consent, "extension"), "extension");
  if (!extensions.ok()) return extensions.status();
  if (*extensions == nullptr) return absl::OkStatus();
  for (int i = 0; i < (*extensions)->values_size(); ++i) {
    const std::string path = absl::StrCat("extension[", i, "]");
    auto extension = ObjectAt(&(*extensions)->values(i), path);
    if (!extension.ok()) return extension.status();
    auto url = StringAt(Field(**extension, "url"), path + ".url");
    if (!url.ok()) return url.status();
    if (*url == codes::kRevokedOnExtension || *url == codes::kRevocableFromExtension) {
      auto day = DateAt(Field(**extension, "valueDate"), path + ".valueDate");
      if (!day.ok()) return day.status();
      if (*url == codes::kRevokedOnExtension) {
        out->set_revoked_on(*day);
      } else {
        out->set_revocable_from(*day);
      }
    } else if (*url == codes::kCriminalJusticeExtension ||
               *url == codes::kRevocationStatementExtension) {
      const Value* flag = Field(**extension, "valueBoolean");
      if (flag == nullptr || flag->kind_case() != Value::kBoolValue) {
        return Invalid(path + ".valueBoolean", "is not a boolean");
      }
      if (*url == codes::kCriminalJusticeExtension) {
        out->set_criminal_justice(flag->bool_value());
      } else {
        out->set_revocation_statement(flag->bool_value());
      }
    } else if (*url == codes::kPermittedDiscloserExtension ||
               *url == codes::kInformationDescriptionExtension ||
               *url == codes::kExpirationEventExtension) {
      auto text = StringAt(Field(**extension, "valueString"), path + ".valueString");
      if (!text.ok()) return text.status();
      if (text->empty()) return Invalid(path + ".valueString", "is required");
      if (*url == codes::kPermittedDiscloserExtension) {
        out->add_permitted_disclosers(*text);
      } else if (*url == codes::kInformationDescriptionExtension) {
        out->set_information_description(*text);
      } else {
        out->set_expiration_event(*text);
      }
    }
    // Other extensions carry nothing Share reads.
  }
  return absl::OkStatus();
}

absl::Status ReadProvision(const Struct& provision, v1::Consent* out) {
  auto type = StringAt(Field(provision, "type"), "provision.type");
  if (!type.ok()) return type.status();
  if (*type != "permit") {
    return Invalid("provision.type",
                   absl::StrCat(internal::Quoted(*type),
                                ": Share's consents only permit (a deny provision cannot be "
                                "honoured)"));
  }
  if (Field(provision, "provision") != nullptr) {
    return Invalid("provision.provision",
                   "nested provisions (exceptions) cannot be honoured by Share");
  }
  for (absl::string_view unsupported : {"data", "dataPeriod", "code", "action"}) {
    if (Field(provision, unsupported) != nullptr) {
      return Invalid(absl::StrCat("provision.", unsupported),
                     "cannot be honoured by Share (it decides by recipient, purpose and data "
                     "category)");
    }
  }
  auto period = ObjectAt(Field(provision, "period"), "provision.period");
  if (!period.ok()) return period.status();
  if (*period != nullptr) {
    auto start = DateAt(Field(**period, "start"), "provision.period.start");
    if (!start.ok()) return start.status();
    auto end = DateAt(Field(**period, "end"), "provision.period.end");
    if (!end.ok()) return end.status();
    out->set_valid_from(*start);
    out->set_valid_to(*end);
  }
  auto actors = ArrayAt(Field(provision, "actor"), "provision.actor");
  if (!actors.ok()) return actors.status();
  for (int i = 0; *actors != nullptr && i < (*actors)->values_size(); ++i) {
    const std::string path = absl::StrCat("provision.actor[", i, "]");
    auto actor = ObjectAt(&(*actors)->values(i), path);
    if (!actor.ok()) return actor.status();
    auto reference = ObjectAt(Field(**actor, "reference"), path + ".reference");
    if (!reference.ok()) return reference.status();
    const Value* identifier = *reference == nullptr ? nullptr : Field(**reference, "identifier");
    auto ident = ObjectAt(identifier, path + ".reference.identifier");
    if (!ident.ok()) return ident.status();
    if (*ident == nullptr) {
      return Invalid(path + ".reference.identifier",
                     absl::StrCat("is required: an identifier of system ", codes::kAgencySystem,
                                  " or ", codes::kAgencyTypeSystem));
    }
    const std::string ident_path = path + ".reference.identifier";
    auto system = StringAt(Field(**ident, "system"), ident_path + ".system");
    if (!system.ok()) return system.status();
    auto value = StringAt(Field(**ident, "value"), ident_path + ".value");
    if (!value.ok()) return value.status();
    if (value->empty()) return Invalid(ident_path + ".value", "is required");
    if (*system == codes::kAgencySystem) {
      out->add_recipients()->set_agency_id(*value);
    } else if (*system == codes::kAgencyTypeSystem) {
      v1::AgencyType agency_type;
      if (!ParseAgencyType(*value, &agency_type) || agency_type == v1::AGENCY_TYPE_UNSPECIFIED) {
        return Invalid(ident_path + ".value",
                       absl::StrCat(internal::Quoted(*value), " is not an agency type"));
      }
      out->add_recipients()->set_agency_type(agency_type);
    } else {
      return Invalid(ident_path + ".system",
                     absl::StrCat(internal::Quoted(*system), " is neither ", codes::kAgencySystem,
                                  " nor ", codes::kAgencyTypeSystem));
    }
  }
  auto purposes = ArrayAt(Field(provision, "purpose"), "provision.purpose");
  if (!purposes.ok()) return purposes.status();
  for (int i = 0; *purposes != nullptr && i < (*purposes)->values_size(); ++i) {
    auto purpose =
        CodeAt<v1::Purpose>((*purposes)->values(i), absl::StrCat("provision.purpose[", i, "]"),
                            codes::kPurposeSystem, ParsePurpose);
    if (!purpose.ok()) return purpose.status();
    out->add_purposes(*purpose);
  }
  auto classes = ArrayAt(Field(provision, "class"), "provision.class");
  if (!classes.ok()) return classes.status();
  for (int i = 0; *classes != nullptr && i < (*classes)->values_size(); ++i) {
    auto category =
        CodeAt<v1::DataCategory>((*classes)->values(i), absl::StrCat("provision.class[", i, "]"),
                                 codes::kDataCategorySystem, ParseCategory);
    if (!category.ok()) return category.status();
    out->add_categories(*category);
  }
  return absl::OkStatus();
}

// The consent's id: the identifier of system urn:reentry:consent, else `id`.
absl::StatusOr<std::string> ConsentId(const Struct& consent) {
  auto identifiers = ArrayAt(Field(consent, "identifier"), "identifier");
  if (!identifiers.ok()) return identifiers.status();
  for (int i = 0; *identifiers != nullptr && i < (*identifiers)->values_size(); ++i) {
    const std::string path = absl::StrCat("identifier[", i, "]");
    auto identifier = ObjectAt(&(*identifiers)->values(i), path);
    if (!identifier.ok()) return identifier.status();
    auto system = StringAt(Field(**identifier, "system"), path + ".system");
    if (!system.ok()) return system.status();
    if (*system != codes::kConsentSystem) continue;
    return StringAt(Field(**identifier, "value"), path + ".value");
  }
  return StringAt(Field(consent, "id"), "id");
}

}  // namespace

absl::Status ImportConsent(const v1::ImportConsentRequest& request,
                           v1::ImportConsentResponse* response) {
  response->Clear();
  if (request.consent_json().empty()) return Invalid("consent_json", "is required");
  if (request.consent_json().size() > kMaxConsentJsonBytes) {
    return Invalid("consent_json",
                   absl::StrCat(request.consent_json().size(), " bytes exceed the limit of ",
                                kMaxConsentJsonBytes));
  }
  Struct consent;
  if (auto s = google::protobuf::util::JsonStringToMessage(request.consent_json(), &consent);
      !s.ok()) {
    return Invalid("consent_json",
                   absl::StrCat("is not a JSON object: ", internal::Shortened(s.ToString(), 200)));
  }
  auto resource_type = StringAt(Field(consent, "resourceType"), "resourceType");
  if (!resource_type.ok()) return resource_type.status();
  if (*resource_type != "Consent") {
    return Invalid("resourceType",
                   absl::StrCat(internal::Quoted(*resource_type), " is not Consent"));
  }
  v1::Consent* out = response->mutable_consent();
  auto id = ConsentId(consent);
  if (!id.ok()) return id.status();
  if (id->empty()) return Invalid("id", "is required (or an identifier of urn:reentry:consent)");
  out->set_consent_id(*id);
  auto status = StringAt(Field(consent, "status"), "status");
  if (!status.ok()) return status.status();
  // Default deny: a consent Share would honour must say why it is in force,
  // and one that is not must carry the date it stopped.
  if (*status != "active" && *status != "inactive") {
    return Invalid("status", absl::StrCat(internal::Quoted(*status),
                                          ": only an active or inactive consent can be read (a "
                                          "proposed or draft consent is not yet agreed)"));
  }
  auto signed_on = DateAt(Field(consent, "dateTime"), "dateTime");
  if (!signed_on.ok()) return signed_on.status();
  if (signed_on->empty()) return Invalid("dateTime", "is required: the day the consent was signed");
  out->set_signed_on(*signed_on);
  if (absl::Status s = ReadExtensions(consent, out); !s.ok()) return s;
  // Who signed and the patient's name, for CheckConsent.
  auto patient = ObjectAt(Field(consent, "patient"), "patient");
  if (!patient.ok()) return patient.status();
  if (*patient != nullptr) {
    auto name = StringAt(Field(**patient, "display"), "patient.display");
    if (!name.ok()) return name.status();
    out->set_patient_name(*name);
  }
  auto performers = ArrayAt(Field(consent, "performer"), "performer");
  if (!performers.ok()) return performers.status();
  if (*performers != nullptr && (*performers)->values_size() > 0) {
    auto performer = ObjectAt(&(*performers)->values(0), "performer[0]");
    if (!performer.ok()) return performer.status();
    auto name = StringAt(Field(**performer, "display"), "performer[0].display");
    if (!name.ok()) return name.status();
    out->set_signed_by(*name);
  }
  auto policies = ArrayAt(Field(consent, "policy"), "policy");
  if (!policies.ok()) return policies.status();
  for (int i = 0; *policies != nullptr && i < (*policies)->values_size(); ++i) {
    const std::string path = absl::StrCat("policy[", i, "]");
    auto policy = ObjectAt(&(*policies)->values(i), path);
    if (!policy.ok()) return policy.status();
    auto uri = StringAt(Field(**policy, "uri"), path + ".uri");
    if (!uri.ok()) return uri.status();
    if (*uri == codes::kPart2PolicyUri) out->set_part2(true);
  }
  auto provision = ObjectAt(Field(consent, "provision"), "provision");
  if (!provision.ok()) return provision.status();
  if (*provision == nullptr) {
    return Invalid("provision", "is required: what the consent permits, to whom and for what");
  }
  if (absl::Status s = ReadProvision(**provision, out); !s.ok()) return s;
  if (*status == "inactive" && out->revoked_on().empty() && out->valid_to().empty()) {
    return Invalid("status",
                   absl::StrCat("\"inactive\" without the day it stopped (the extension ",
                                codes::kRevokedOnExtension,
                                " or provision.period.end): Share would read it as in force"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ImportConsentResponse> ImportConsent(const v1::ImportConsentRequest& request) {
  v1::ImportConsentResponse response;
  if (absl::Status status = ImportConsent(request, &response); !status.ok()) return status;
  return response;
}

}  // namespace reentry
