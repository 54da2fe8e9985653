"""Engine.score_columns: batch results equal single scoring, inputs read in
place when they fit (no copy), outputs written into the caller's arrays,
conversions, errors with fields, threads, and the path without numpy."""

import array
import json
import os
import random
import subprocess
import sys
import textwrap
import tracemalloc
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import reentry
from reentry import _columns

PSA_BOOLEANS = ["current_violent_offense", "pending_charge", "prior_misdemeanor_conviction",
                "prior_felony_conviction", "prior_fta_older_than_two_years",
                "prior_sentence_to_incarceration"]


def psa_caseload(n, seed=11):
    rng = np.random.default_rng(seed)
    columns = {"age_at_current_arrest": rng.integers(18, 80, n).astype(np.int32)}
    for item in PSA_BOOLEANS:
        columns[item] = rng.integers(0, 2, n).astype(bool)
    columns["prior_violent_convictions"] = rng.integers(0, 5, n).astype(np.int32)
    columns["prior_fta_past_two_years"] = rng.integers(0, 4, n).astype(np.int32)
    return columns


def answers_of_row(columns, row):
    answers = {}
    for item, values in columns.items():
        value = values[row]
        answers[item] = bool(value) if item in PSA_BOOLEANS else int(value)
    return answers


def test_psa_batch_equals_single_scoring_row_by_row(engine):
    columns = psa_caseload(400)
    scored = engine.score_columns("psa", columns)
    assert list(scored) == ["fta.raw_score", "fta.scaled_score", "nca.raw_score",
                            "nca.scaled_score", "nvca.raw_score", "nvca.flag"]
    for row in range(400):
        single = {s["scaleId"]: s for s in
                  engine.score(instrument_id="psa", answers=answers_of_row(columns, row))
                  ["result"]["scales"]}
        for scale in ("fta", "nca", "nvca"):
            assert scored[f"{scale}.raw_score"][row] == single[scale]["rawScore"]
        assert scored["fta.scaled_score"][row] == single["fta"]["scaledScore"]
        assert scored["nca.scaled_score"][row] == single["nca"]["scaledScore"]
        assert scored["nvca.flag"][row] == single["nvca"]["flag"]


PATTERN_CHOICES = {
    "time_since_last_infraction": ["none_or_over_12_months", "7_to_12_months", "3_to_6_months",
                                   "under_3_months"],
    "education": ["verified_high_school_or_ged", "enrolled_ged", "none"],
    "drug_treatment_while_incarcerated": ["no_need", "completed_residential",
                                          "completed_treatment", "need_no_treatment"],
}


def pattern_rows(n, seed=5):
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        rows.append({
            "age_at_assessment": rng.randint(18, 75),
            "current_violent_offense": rng.random() < 0.3,
            "sex_offense_conviction": rng.random() < 0.1,
            "criminal_history_score": rng.randint(0, 15),
            "infractions_all": rng.randint(0, 4),
            "infractions_serious_violent": rng.randint(0, 2),
            "time_since_last_infraction": rng.choice(PATTERN_CHOICES["time_since_last_infraction"]),
            "time_since_last_serious_violent_infraction": "none_or_over_12_months",
            "programs_completed": rng.randint(0, 12),
            "work_programming": rng.randint(0, 3),
            "drug_treatment_while_incarcerated": rng.choice(
                PATTERN_CHOICES["drug_treatment_while_incarcerated"]),
            "education": rng.choice(PATTERN_CHOICES["education"]),
            "noncompliance_with_financial_responsibility": rng.random() < 0.2,
            "history_of_violence": "none",
            "history_of_escapes": "none",
        })
    return rows


def test_pattern_from_lists_with_choice_ids_equals_single_scoring(engine):
    rows = pattern_rows(150)
    columns = {item: [row[item] for row in rows] for item in rows[0]}
    scored = engine.score_columns("pattern", columns, norm_group="female")
    levels = engine.scale_levels("pattern")
    assert levels["general"] == ["minimum", "low", "medium", "high"]
    for i, row in enumerate(rows):
        result = engine.score(instrument_id="pattern", norm_group="female", answers=row)["result"]
        for scale in result["scales"]:
            sid = scale["scaleId"]
            assert scored[f"{sid}.raw_score"][i] == scale["rawScore"]
            assert levels[sid][scored[f"{sid}.level"][i]] == scale["level"]


def test_contiguous_arrays_of_the_right_dtype_are_read_in_place():
    boolean = {"id": "pending_charge", "type": "TYPE_BOOLEAN"}
    count = {"id": "prior_violent_convictions", "type": "TYPE_COUNT"}
    for values, item, column_type in [
            (np.zeros(10, dtype=bool), boolean, 1),
            (np.zeros(10, dtype=np.uint8), boolean, 1),
            (np.zeros(10, dtype=np.int32), count, 2),
            (np.zeros(10, dtype=np.float64), count, 3),
            (array.array("i", range(10)), count, 2),
            (array.array("d", range(10)), count, 3),
            (array.array("B", [0, 1] * 5), boolean, 1)]:
        prepared = _columns.prepare_column(0, item["id"], values, item)
        address = (values.__array_interface__["data"][0] if isinstance(values, np.ndarray)
                   else values.buffer_info()[0])
        assert (prepared.address, prepared.copied, prepared.type) == (address, False, column_type)
        assert prepared.holder is values


def test_other_layouts_and_dtypes_are_converted_once():
    count = {"id": "prior_violent_convictions", "type": "TYPE_COUNT"}
    strided = np.arange(20, dtype=np.int32)[::2]
    assert not strided.flags["C_CONTIGUOUS"]
    for values, column_type, dtype in [(strided, 2, np.int32),
                                       (np.arange(10, dtype=np.int64), 2, np.int32),
                                       (np.array([2**40, 1]), 3, np.float64),
                                       (np.arange(10, dtype=np.float32), 3, np.float64),
                                       (np.zeros(10, dtype=bool), 2, np.int32)]:  # not boolean
        prepared = _columns.prepare_column(0, "prior_violent_convictions", values, count)
        assert prepared.copied and prepared.type == column_type
        assert prepared.holder.dtype == dtype and prepared.holder.flags["C_CONTIGUOUS"]
        assert prepared.address != values.__array_interface__["data"][0]
        assert prepared.holder.tolist() == values.tolist()


def test_a_strided_input_scores_as_its_contiguous_copy(engine):
    columns = psa_caseload(2000)
    strided = {item: np.repeat(values, 2)[::2] for item, values in columns.items()}
    assert not strided["age_at_current_arrest"].flags["C_CONTIGUOUS"]
    a = engine.score_columns("psa", columns)
    b = engine.score_columns("psa", strided)
    assert all(np.array_equal(a[name], b[name]) for name in a)


def test_outputs_are_written_into_the_callers_arrays(engine):
    columns = psa_caseload(1000)
    mine = np.full(1000, -7, dtype=np.int32)
    flags = np.zeros(1000, dtype=np.uint8)
    scored = engine.score_columns("psa", columns, outputs=["nca.scaled_score"],
                                  out={"nca.scaled_score": mine, "nvca.flag": flags})
    assert list(scored) == ["nca.scaled_score", "nvca.flag"]
    assert scored["nca.scaled_score"] is mine and scored["nvca.flag"] is flags
    expected = engine.score_columns("psa", columns)
    assert np.array_equal(mine, expected["nca.scaled_score"])  # every -7 overwritten
    assert np.array_equal(flags.astype(bool), expected["nvca.flag"])


def test_scoring_in_place_allocates_nothing_the_size_of_the_input(engine):
    # 2,000,000 rows: 24 MB of inputs and 8 MB of outputs, all caller-owned.
    # Any copy of a column (8 MB for an int32 one) would show in the peak.
    n = 2_000_000
    columns = psa_caseload(n)
    out = {"nca.scaled_score": np.empty(n, np.int32), "fta.scaled_score": np.empty(n, np.int32)}
    engine.score_columns("psa", psa_caseload(10))  # describe and cache the instrument first
    tracemalloc.start()
    try:
        engine.score_columns("psa", columns, version="2022", outputs=[], out=out)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, peak
    # numpy does report its buffers to tracemalloc: a converted input shows.
    columns["prior_violent_convictions"] = columns["prior_violent_convictions"].astype(np.int64)
    tracemalloc.start()
    try:
        engine.score_columns("psa", columns, version="2022", outputs=[], out=out)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak >= 4 * n, peak


def test_lists_with_not_answered_values_equal_numpy_with_missing_markers(source_dir):
    # The needs screen prorates a domain with one missing item, so "not
    # answered" is legal there. Five copies of the example person, with
    # housing_at_risk unanswered in row 1 and housing_restrictions in row 4.
    person = json.loads((source_dir / "examples" / "data" / "person_needs_screen.json")
                        .read_text())
    answers = {r["itemId"]: r.get("boolean", r.get("number", r.get("choice")))
               for r in person["responses"]}
    lists = {item: [value] * 5 for item, value in answers.items()}
    lists["housing_at_risk"] = [True, None, "no", "yes", 0]
    lists["housing_restrictions"] = [False, True, "1", "false", None]
    missing = reentry.NOT_ANSWERED_INT32
    arrays = dict(lists)
    arrays["housing_at_risk"] = np.array([1, missing, 0, 1, 0], np.int32)
    arrays["housing_restrictions"] = np.array([0, 1, 1, 0, missing], np.int32)
    with reentry.Engine() as engine:
        a = engine.score_columns("reentry_needs_screen", lists)
        b = engine.score_columns("reentry_needs_screen", arrays)
        assert list(a) == list(b) and "housing.level" in a
        assert all(np.array_equal(a[name], b[name]) for name in a)
        # Row 1 scores as the person with housing_at_risk left out (and
        # housing_restrictions yes).
        del answers["housing_at_risk"]
        answers["housing_restrictions"] = True
        engine_scores = engine.score(instrument_id="reentry_needs_screen", answers=answers)
    for scale in engine_scores["result"]["scales"]:
        assert a[scale["scaleId"] + ".raw_score"][1] == scale["rawScore"]


def test_a_bad_value_names_the_column_item_and_row(engine):
    columns = psa_caseload(50)
    columns["prior_fta_past_two_years"][37] = -2
    with pytest.raises(reentry.Error) as raised:
        engine.score_columns("psa", columns)
    error = raised.value
    position = list(columns).index("prior_fta_past_two_years")
    assert error.code == reentry.StatusCode.INVALID_ARGUMENT
    assert error.field == f"columns[{position}]"
    assert "row 37" in error.message and "'prior_fta_past_two_years'" in error.message


def test_input_errors_found_in_python_carry_fields_too(engine):
    columns = psa_caseload(10)
    cases = [
        (dict(columns, pending_charge=np.zeros(9, bool)), "columns", "has 9 rows"),
        (dict(columns, age_at_current_arrest=np.zeros((5, 2), np.int32)), "columns[0]",
         "one-dimensional"),
        (dict(columns, pending_charge=["yes"] * 9 + ["maybe"]), "columns[2]",
         "row 9: 'maybe' is not yes/no"),
        ({}, "columns", "no columns"),
    ]
    for given, field, words in cases:
        with pytest.raises(reentry.Error) as raised:
            engine.score_columns("psa", given)
        assert raised.value.field == field and words in raised.value.message, raised.value
    with pytest.raises(reentry.Error) as raised:
        engine.score_columns("psa", columns, outputs=["nvca.scaled_score"])
    assert raised.value.field == "outputs" and "nvca.flag" in raised.value.message
    with pytest.raises(reentry.Error) as raised:
        engine.score_columns("psa", columns, out={"nca.scaled_score": np.zeros(10, np.float64)})
    assert raised.value.field == "out['nca.scaled_score']"
    with pytest.raises(reentry.Error) as raised:
        engine.score_columns("pattern", {"education": ["college"]}, norm_group="male")
    assert raised.value.field == "columns[0]" and "'college' is not a choice" in str(raised.value)


def test_library_errors_of_a_batch(engine):
    columns = psa_caseload(10)
    with pytest.raises(reentry.Error) as raised:
        engine.score_columns("lsi_r", columns)
    assert raised.value.code == reentry.StatusCode.NOT_FOUND
    with pytest.raises(reentry.Error) as raised:
        engine.score_columns("psa", columns, version="1999")
    assert raised.value.code == reentry.StatusCode.NOT_FOUND
    with pytest.raises(reentry.Error) as raised:
        engine.score_columns("pattern", {"age_at_assessment": [30]})  # no norm group
    assert raised.value.code == reentry.StatusCode.INVALID_ARGUMENT
    assert raised.value.field == "norm_group"
    with pytest.raises(reentry.Error) as raised:
        engine.score_columns("psa", dict(columns, favourite_colour=np.zeros(10, np.int32)))
    assert raised.value.field == f"columns[{len(columns)}].item_id"


def test_threads_option_gives_the_same_results(engine):
    columns = psa_caseload(150_000)
    one = engine.score_columns("psa", columns, threads=1)
    many = engine.score_columns("psa", columns, threads=reentry.THREADS_ALL)
    assert all(np.array_equal(one[name], many[name]) for name in one)


def test_python_threads_batch_score_on_one_engine(engine):
    caseloads = [psa_caseload(20_000, seed=s) for s in range(6)]
    expected = [engine.score_columns("psa", c) for c in caseloads]
    with ThreadPoolExecutor(6) as pool:
        got = list(pool.map(lambda c: engine.score_columns("psa", c), caseloads * 3))
    for i, scored in enumerate(got):
        want = expected[i % 6]
        assert all(np.array_equal(scored[name], want[name]) for name in want)


def test_without_numpy_inputs_and_outputs_are_array_module_arrays(engine):
    # A fresh interpreter where `import numpy` fails.
    script = textwrap.dedent("""
        import array, json, sys
        sys.modules["numpy"] = None
        import reentry
        from reentry import _columns
        assert _columns._np is None
        ages = array.array("i", [20, 35, 50])
        prepared = _columns.prepare_column(0, "age_at_current_arrest", ages,
                                           {"id": "age_at_current_arrest", "type": "TYPE_NUMBER"})
        assert prepared.address == ages.buffer_info()[0] and not prepared.copied
        with reentry.Engine() as engine:
            scored = engine.score_columns("psa", {
                "age_at_current_arrest": ages,
                "current_violent_offense": [True, False, True],
                "pending_charge": array.array("B", [1, 0, 0]),
                "prior_misdemeanor_conviction": ["yes", "no", "no"],
                "prior_felony_conviction": [0, 0, 1],
                "prior_violent_convictions": [1, 0, 3],
                "prior_fta_past_two_years": array.array("d", [1, 0, 2]),
                "prior_fta_older_than_two_years": [False, False, True],
                "prior_sentence_to_incarceration": [True, False, True]})
        assert all(isinstance(v, array.array) for v in scored.values())
        print(json.dumps({k: v.tolist() for k, v in scored.items()}))
    """)
    env = dict(os.environ)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    without = json.loads(done.stdout)
    with_numpy = engine.score_columns("psa", {
        "age_at_current_arrest": np.array([20, 35, 50], np.int32),
        "current_violent_offense": np.array([1, 0, 1], bool),
        "pending_charge": np.array([1, 0, 0], bool),
        "prior_misdemeanor_conviction": np.array([1, 0, 0], bool),
        "prior_felony_conviction": np.array([0, 0, 1], bool),
        "prior_violent_convictions": np.array([1, 0, 3], np.int32),
        "prior_fta_past_two_years": np.array([1, 0, 2], np.int32),
        "prior_fta_older_than_two_years": np.array([0, 0, 1], bool),
        "prior_sentence_to_incarceration": np.array([1, 0, 1], bool)})
    assert without == {k: v.tolist() for k, v in with_numpy.items()}


# ---- validate_columns ----------------------------------------------------------

# The example rows of docs/validation.md (examples/data/validation_rows.csv):
# overall TP 4, FP 3, TN 4, FN 1; AUC 27.5 of 35 pairs.
SCORES = [1, 3, 5, 7, 2, 6, 4, 8, 9, 2, 5, 10]
OUTCOMES = [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1]
GROUPS = ["group_a"] * 6 + ["group_b"] * 6


def test_validate_columns_gives_the_hand_worked_report(engine):
    report = engine.validate_columns(np.array(SCORES, dtype=np.float64),
                                     np.array(OUTCOMES, dtype=np.uint8), GROUPS,
                                     positive_from=5)["report"]
    overall = report["overall"]
    assert (overall["truePositives"], overall["falsePositives"], overall["trueNegatives"],
            overall["falseNegatives"]) == (4, 3, 4, 1)
    assert overall["auc"] == pytest.approx(27.5 / 35, abs=1e-15)
    assert overall["falsePositiveRate"] == pytest.approx(3 / 7, abs=1e-15)
    by_group = {g["group"]: g for g in report["groups"]}
    assert by_group["group_a"]["falsePositiveRate"] == 0.25
    assert by_group["group_b"]["falsePositiveRate"] == pytest.approx(2 / 3, abs=1e-15)
    assert by_group["group_a"]["auc"] == 0.875


def test_validate_columns_equals_the_validate_rpc(engine):
    rows = [{"score": s, "outcome": bool(o), "group": g}
            for s, o, g in zip(SCORES, OUTCOMES, GROUPS)]
    single = engine.validate(rows=rows, positiveFrom=5)
    codes = np.array([0] * 6 + [1] * 6, dtype=np.int32)
    columns = engine.validate_columns(SCORES, [bool(o) for o in OUTCOMES],
                                      (codes, ["group_a", "group_b"]), positive_from=5)
    assert columns == single
    levels = {"low": 1, "medium": 5, "high": 8}
    assert engine.validate_columns(SCORES, OUTCOMES, positive_from=5, levels=levels) == \
        engine.validate(rows=[{"score": s, "outcome": bool(o)} for s, o in zip(SCORES, OUTCOMES)],
                        positiveFrom=5, levels=[{"level": k, "min": v} for k, v in levels.items()])


def test_validate_columns_names_bad_input(engine):
    with pytest.raises(reentry.Error) as raised:
        engine.validate_columns([1.0, float("nan")], [0, 1], positive_from=1)
    assert raised.value.code == reentry.StatusCode.INVALID_ARGUMENT
    assert raised.value.field == "scores[1]"
    with pytest.raises(reentry.Error) as raised:
        engine.validate_columns([1.0, 2.0], [0, 2], positive_from=1)
    assert raised.value.field == "outcomes[1]"
    with pytest.raises(reentry.Error) as raised:
        engine.validate_columns([1.0, 2.0], [0], positive_from=1)
    assert raised.value.field == "outcomes"
