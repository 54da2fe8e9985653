// reentry/share/share.h: what of a person's record may leave, to whom, and
// with which obligations.
//
// Share is the one place where a person's data leaves the library. For a
// disclosure from one agency of a network to another, for a purpose, on a
// date, it decides per data category of the record whether the person's
// consents, the legal bases given (statutes, court orders, emergencies) or
// the network's agreements between the two agencies permit it, and projects
// the record to exactly the permitted fields. Disclosure is default-deny: a
// category nothing permits is denied, with a reason naming what was missing
// from every consent and basis considered, and a field of a denied category
// never appears in the packet.
//
// Substance use disorder treatment records (DATA_CATEGORY_SUD_TREATMENT, 42
// CFR Part 2) follow stricter rules: only a Part 2 consent, a Part 2 court
// order, or an emergency basis for PURPOSE_EMERGENCY to a health or treatment
// agency permits them (never a statute or an agreement), and every packet
// that carries them carries the notice of 42 CFR 2.32 (as amended in 2024) as
// an obligation. The rules are documented at reentry.v1.ShareRequest and in
// docs/sharing.md.
//
// Pure functions of their inputs: thread-safe, no I/O, no clock.
#ifndef REENTRY_SHARE_SHARE_H_
#define REENTRY_SHARE_SHARE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reentry/network/network.h"
#include "reentry/v1/share.pb.h"

namespace reentry {

// The notice of 42 CFR 2.32(a)(1) as amended by the final rule of February
// 16, 2024 (89 FR 12472), and its short form (2.32(a)(2)).
extern const absl::string_view kPart2Notice;
extern const absl::string_view kPart2ShortNotice;

// The most consents, bases and record fields one request may carry.
inline constexpr int kMaxShareConsents = 1'000;
inline constexpr int kMaxShareBases = 1'000;
inline constexpr int kMaxRecordFields = 100'000;

// rpc Share on a network the caller resolved from the request. Errors:
// INVALID_ARGUMENT naming the field (a missing or malformed date, id or
// purpose; a record field without a known category; a criminal justice
// consent naming an agency that is not a court or supervision agency; a
// request basis of kind agreement; duplicate ids); NOT_FOUND for an agency
// the network does not have.
absl::StatusOr<v1::ShareResponse> Share(const Network& network, const v1::ShareRequest& request);

// The same, writing into `response` (cleared first; it may live on an arena).
absl::Status Share(const Network& network, const v1::ShareRequest& request,
                   v1::ShareResponse* response);

// rpc CheckConsent: the elements of 42 CFR 2.31(a)(1)-(9) that `consent`
// lacks. INVALID_ARGUMENT naming the field for a malformed date.
absl::StatusOr<v1::CheckConsentResponse> CheckConsent(const v1::Consent& consent);

}  // namespace reentry

#endif  // REENTRY_SHARE_SHARE_H_
