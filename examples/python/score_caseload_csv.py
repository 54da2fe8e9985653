#!/usr/bin/env python3
"""Scores a caseload held in a CSV file with PATTERN, as an analyst would:
the csv module reads it, numpy holds one column per item, one batch call per
norm group scores everyone, and the levels are summarized.

    PYTHONPATH=build/python python3 examples/python/score_caseload_csv.py \
        [examples/data/caseload_pattern.csv] [scored.csv]

The CSV has a header row: person_id, sex (the norm group: male or female)
and one column per PATTERN item (`reentry describe pattern` lists them):
yes/no for yes/no items, whole numbers for counts and ages, choice ids for
choices. For millions of rows, `reentry score-batch` does the same in C++.
"""
import collections
import csv
import sys
from pathlib import Path

import numpy as np

import reentry

DEFAULT_INPUT = Path(__file__).resolve().parents[1] / "data" / "caseload_pattern.csv"


def read_caseload(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def to_columns(rows, items):
    """item id -> numpy array: yes/no as bool, numbers as int32; choice ids
    stay strings (the package maps them to the version's choice indices)."""
    columns = {}
    for item in items:
        values = [row[item["id"]] for row in rows]
        if item["type"] == "TYPE_BOOLEAN":
            columns[item["id"]] = np.array([v.strip().lower() == "yes" for v in values])
        elif item["type"] in ("TYPE_COUNT", "TYPE_NUMBER"):
            columns[item["id"]] = np.array([int(v) for v in values], dtype=np.int32)
        else:
            columns[item["id"]] = values
    return columns


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_INPUT
    rows = read_caseload(path)
    with reentry.Engine() as engine:
        definition = engine.describe_instrument(instrument_id="pattern")["definition"]
        levels = engine.scale_levels("pattern", definition["version"])
        general = np.empty(len(rows), dtype=np.int32)
        violent = np.empty(len(rows), dtype=np.int32)
        for group in ("male", "female"):
            index = np.array([i for i, row in enumerate(rows) if row["sex"] == group], dtype=int)
            if index.size == 0:
                continue
            columns = to_columns([rows[i] for i in index], definition["items"])
            try:
                scored = engine.score_columns("pattern", columns, norm_group=group,
                                              version=definition["version"],
                                              outputs=["general.level", "violent.level"])
            except reentry.Error as error:
                # The field is columns[i]; the message names the item and row.
                print(f"{path}: {group} rows: {error.message}", file=sys.stderr)
                return 2
            general[index] = scored["general.level"]
            violent[index] = scored["violent.level"]

    print(f"{len(rows)} people scored with PATTERN {definition['version']} from {path.name}")
    print(f"  {'level':<10}{'general':>9}{'violent':>9}")
    counts_general = collections.Counter(general.tolist())
    counts_violent = collections.Counter(violent.tolist())
    for i, level in enumerate(levels["general"]):
        print(f"  {level:<10}{counts_general[i]:>9}{counts_violent[i]:>9}")
    both_low = int(np.count_nonzero((general <= 1) & (violent <= 1)))
    print(f"  minimum or low on both scales: {both_low} of {len(rows)}")
    if len(argv) > 2:
        with open(argv[2], "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["person_id", "general_level", "violent_level"])
            for row, g, v in zip(rows, general, violent):
                writer.writerow([row["person_id"], levels["general"][g], levels["violent"][v]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
