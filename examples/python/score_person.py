#!/usr/bin/env python3
"""Scores one person with the reentry needs screen from Python (the `reentry`
package: ctypes over libreentry_c, no compiled extension) and prints the
ranked needs; then shows the error a bad answer raises.

    PYTHONPATH=build/python python3 examples/python/score_person.py [request.json]

(default: examples/data/person_needs_screen.json)
"""
import json
import sys
from pathlib import Path

import reentry


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else (
        Path(__file__).resolve().parents[1] / "data" / "person_needs_screen.json")
    with open(path, encoding="utf-8") as f:
        request = json.load(f)
    with reentry.Engine() as engine:
        try:
            result = engine.score(request, instrument_id="reentry_needs_screen")["result"]
        except reentry.Error as error:
            print(f"error {error.code.name} in {error.field}: {error.message}")
            return 1
        print(f"reentry {engine.library_version}: "
              f"{result['instrumentId']} {result['instrumentVersion']}")
        for need in result["needs"]:
            kinds = [k for k in ("criminogenic", "survival") if need[k]]
            print(f"  {need['rank']:2d}. {need['domain']:<22} {need['level']:<9} {', '.join(kinds)}")
        for factor in result["responsivity"]:
            print(f"  responsivity: {factor['title']}")
        print(f"  next reassessment: {result['nextReassessmentOn']}")

        # A bad answer: the error names the field and the value.
        try:
            engine.score(instrument_id="psa", answers={"prior_violent_convictions": -1})
        except reentry.Error as error:
            print(f"bad request -> {error.code.name}, field {error.field}: {error.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
