"""Runs the command of a README text block and checks its output.

usage: check_text_block.py README.md <name> <reentry program> <working dir>

The block follows "<!-- readme_<name>: ... -->" and is a ```text block whose
first line is "$ build/tools/reentry ..." (continued with a trailing
backslash). Every other line of the block must appear in the output exactly
(trailing spaces aside) unless it holds "...", which marks an abridgement; so
the README never shows output the program no longer prints."""

import shlex
import subprocess
import sys


def main(readme, name, program, cwd):
    text = open(readme, encoding="utf-8").read()
    at = text.find(f"<!-- readme_{name}:")
    if at < 0:
        sys.exit(f"README has no block readme_{name}")
    begin = text.index("```text\n", at) + len("```text\n")
    lines = text[begin:text.index("\n```", begin)].split("\n")
    command = ""
    while True:
        line = lines.pop(0)
        command += line.rstrip("\\").rstrip() + " "
        if not line.endswith("\\"):
            break
    words = shlex.split(command)
    if words[:2] != ["$", "build/tools/reentry"]:
        sys.exit(f"readme_{name}: the block does not start with '$ build/tools/reentry'")
    run = subprocess.run([program] + words[2:], cwd=cwd, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"readme_{name}: exit {run.returncode}\n{run.stderr}")
    printed = {line.rstrip() for line in run.stdout.split("\n")}
    missing = [line for line in lines if "..." not in line and line.rstrip() not in printed]
    if missing:
        sys.exit(f"readme_{name}: the program no longer prints:\n" + "\n".join(missing) +
                 "\n--- it printed:\n" + run.stdout)
    checked = sum(1 for line in lines if "..." not in line)
    print(f"readme_{name}: {checked} lines as printed")


if __name__ == "__main__":
    main(*sys.argv[1:])
