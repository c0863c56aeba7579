#!/usr/bin/env python3
"""Rewrites every `Usage: dendrite COMMAND …` block of docs/cli.md with that command's current --help output.

Run from the repository root after changing options:  ./dendrite version && python3 docs/update-cli-help.py
(the first command builds target/dendrite-VERSION-cli.jar when the sources are newer)."""
import glob
import re
import subprocess
import sys

jar = sorted(glob.glob("target/dendrite-*-cli.jar"))
if not jar:
    sys.exit("update-cli-help: no target/dendrite-*-cli.jar; run ./dendrite version first")
doc = open("docs/cli.md", encoding="utf-8").read()


# the command's words up to its first option: "train", "gan train" (a subcommand), "visualize-class"
USAGE = r"```\nUsage: dendrite ([a-z][a-z-]*(?: [a-z][a-z-]*)*) \[.*?\n```"


def current_help(match):
    command = match.group(1)
    out = subprocess.run(["java", "--add-modules", "jdk.incubator.vector", "-jar", jar[-1], *command.split(), "--help"],
                         capture_output=True, text=True, env={"DENDRITE_NO_RELAUNCH": "1", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    if out.returncode != 0:
        sys.exit(f"update-cli-help: dendrite {' '.join(command)} --help failed: {out.stderr.strip()}")
    return "```\n" + out.stdout.rstrip("\n") + "\n```"


updated = re.sub(USAGE, current_help, doc, flags=re.S)
open("docs/cli.md", "w", encoding="utf-8").write(updated)
print("update-cli-help: %d blocks" % len(re.findall(USAGE, updated, flags=re.S)))
