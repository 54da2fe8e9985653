// reentry: the command-line program over the library. Every rpc is reachable
// (`reentry call METHOD --input request.json`), and the common ones have
// their own commands with readable output. `reentry --help` lists them.

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/cli.h"

namespace {

using reentry::cli::Args;
using reentry::cli::Command;
using reentry::cli::Commands;

void PrintHelp() {
  std::cout << "usage: reentry <command> [flags]   (reentry <command> --help for its flags)\n\n"
               "Commands:\n";
  for (const Command& command : Commands()) {
    std::cout << absl::StrFormat("  %-12s %s\n", command.name, command.summary);
  }
  std::cout << "\nRequests and responses are reentry.v1 messages in proto3 JSON "
               "(proto/reentry/v1);\n\"-\" reads standard input.\n\n"
               "Exit codes: 0 success; 1 internal error; 2 bad input (invalid request,\n"
               "definition or flags); 3 not found (unknown instrument, catalog, file ...).\n";
}

bool ParseArgs(int argc, char** argv, Args* args, std::string* error) {
  args->command = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      args->positional.push_back(arg);
      continue;
    }
    const auto eq = arg.find('=');
    const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    if (eq != std::string::npos) {
      args->flags[name] = arg.substr(eq + 1);
    } else if (reentry::cli::IsSwitch(name)) {
      args->switches.push_back(name);
    } else if (i + 1 < argc) {
      args->flags[name] = argv[++i];
    } else {
      *error = absl::StrCat("flag ", arg, " needs a value");
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintHelp();
    return reentry::cli::kExitBadInput;
  }
  const std::string first = argv[1];
  if (first == "help" || first == "--help" || first == "-h") {
    PrintHelp();
    return reentry::cli::kExitOk;
  }
  const Command* command = nullptr;
  for (const Command& c : Commands()) {
    if (first == c.name) command = &c;
  }
  if (command == nullptr) {
    std::cerr << "reentry: unknown command '" << first << "'\n";
    PrintHelp();
    return reentry::cli::kExitBadInput;
  }
  Args args;
  std::string error;
  if (!ParseArgs(argc, argv, &args, &error)) return reentry::cli::UsageError(*command, error);
  if (args.Has("help")) {
    std::cout << "reentry " << command->name << ": " << command->summary << "\nusage:\n"
              << command->usage;
    return reentry::cli::kExitOk;
  }
  auto engine = reentry::Engine::Create();
  if (!engine.ok()) return reentry::cli::Fail(engine.status());
  return command->run(**engine, args);
}
