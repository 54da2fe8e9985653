// Every command of the `reentry` program, in the order `reentry --help` lists
// them; each is defined beside its module's other commands.
#include "cli/cli.h"

namespace reentry::cli {

const std::vector<Command>& Commands() {
  static const auto* const commands = new std::vector<Command>{
      kScoreCommand,        kScoreBatchCommand,  kPlanCommand,  kHolidaysCommand,
      kMonitorCommand,      kSummaryCommand,     kMatchCommand, kReferCommand,
      kHandoffCommand,      kAllocateCommand,    kGapsCommand,  kShareCommand,
      kCheckConsentCommand, kValidateCommand,    kFhirCommand,  kInstrumentsCommand,
      kDescribeCommand,     kDefinitionsCommand, kLoadCommand,  kCallCommand,
      kMethodsCommand,
  };
  return *commands;
}

}  // namespace reentry::cli
