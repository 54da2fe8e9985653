// The share commands: share (decisions, packet, obligations) and
// check-consent (the missing elements of a 42 CFR Part 2 consent).
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/cli.h"
#include "reentry/v1/share.pb.h"

namespace reentry::cli {
namespace {

std::string Category(int category) {
  return std::string(absl::StripPrefix(v1::DataCategory_Name(category), "DATA_CATEGORY_"));
}

void PrintShare(const v1::ShareResponse& response) {
  const v1::ShareAudit& audit = response.audit();
  std::cout << "Share for client " << audit.client_id() << ": " << audit.from() << " -> "
            << audit.to() << ", "
            << absl::StripPrefix(v1::Purpose_Name(audit.purpose()), "PURPOSE_") << ", "
            << audit.as_of() << "  [network " << audit.network_id() << " "
            << audit.network_version() << "]\n\nDecisions\n";
  for (const auto& d : response.decisions()) {
    std::cout << absl::StrFormat("  %-24s %-7s %s\n", Category(d.category()),
                                 d.permit() ? "PERMIT" : "DENY", d.basis_id());
    std::cout << "      " << d.reason() << "\n";
  }
  std::cout << "\nPacket (" << response.packet().fields_size() << " fields)\n";
  for (const auto& f : response.packet().fields()) {
    std::cout << absl::StrFormat("  %-32s %-24s %s\n", f.path(), Category(f.category()), f.value());
  }
  for (const auto& o : response.obligations()) {
    std::cout << "\nObligation: " << absl::StripPrefix(v1::Obligation::Kind_Name(o.kind()), "KIND_")
              << " (" << o.citation() << ")\n";
    for (absl::string_view line : absl::StrSplit(o.text(), '\n')) {
      std::cout << "  " << line << "\n";
    }
    if (!o.short_text().empty()) std::cout << "  Short form: " << o.short_text() << "\n";
  }
}

int ShareCommand(Engine& engine, const Args& args) {
  v1::ShareRequest request;
  v1::ShareResponse response;
  if (auto s = CallFromInput(engine, args, &request, &response); !s.ok()) return Fail(s);
  const std::string format = args.Flag("format", "table");
  if (format == "json") {
    std::cout << Json(response) << "\n";
  } else if (format == "table") {
    PrintShare(response);
  } else {
    return Fail(absl::InvalidArgumentError(absl::StrCat("unknown --format '", format, "'")));
  }
  return kExitOk;
}

int CheckConsentCommand(Engine& engine, const Args& args) {
  v1::CheckConsentRequest request;
  v1::CheckConsentResponse response;
  if (auto s = CallFromInput(engine, args, &request, &response); !s.ok()) return Fail(s);
  if (args.Flag("format", "table") == "json") {
    std::cout << Json(response) << "\n";
    return kExitOk;
  }
  if (response.complete()) {
    std::cout << "The consent has every element 42 CFR 2.31(a)(1)-(9) requires.\n";
    return kExitOk;
  }
  std::cout << "Missing elements of a Part 2 consent\n";
  for (const auto& m : response.missing()) {
    std::cout << absl::StrFormat("  %-20s %s\n", m.citation(), m.detail());
  }
  return kExitOk;
}

}  // namespace

const Command kShareCommand = {
    "share", "decide what of a record may go to another agency; print decisions, packet, notice",
    "  reentry share --input <ShareRequest.json|-> [--format table|json]\n", ShareCommand};
const Command kCheckConsentCommand = {
    "check-consent", "list the required elements of a 42 CFR Part 2 consent that a consent lacks",
    "  reentry check-consent --input <CheckConsentRequest.json|-> [--format table|json]\n",
    CheckConsentCommand};

}  // namespace reentry::cli
