"""reentry.Engine: every rpc through call() and the named helpers, errors with
their fields, the engine's lifecycle, and threads sharing one engine."""

import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import reentry
from conftest import DEMO_PSA


def rpcs_of_the_service(source_dir):
    text = (source_dir / "proto" / "reentry" / "v1" / "engine.proto").read_text()
    return re.findall(r"^\s*rpc\s+(\w+)\s*\(", text, flags=re.M)


def scales(result):
    return {s["scaleId"]: s for s in result["scales"]}


def demo_plan(engine, source_dir):
    """The demo person's assessments (PATTERN, the needs screen) and plan."""
    data = source_dir / "examples" / "data"
    results = [engine.score(json.loads((data / name).read_text()), instrument_id=instrument)["result"]
               for name, instrument in (("person_pattern.json", "pattern"),
                                        ("person_needs_screen.json", "reentry_needs_screen"))]
    plan = engine.plan(json.loads((data / "plan_request.json").read_text()),
                       assessments=results)["plan"]
    return data, results, plan


def test_methods_are_the_rpcs_of_the_service_in_order(engine, source_dir):
    assert engine.methods() == rpcs_of_the_service(source_dir)


def test_every_rpc_is_reachable_through_call(engine):
    # An empty request is a valid call or bad input, never "no such rpc".
    for method in engine.methods():
        try:
            response = engine.call(method, {})
            assert isinstance(response, dict)
        except reentry.Error as error:
            assert error.code != reentry.StatusCode.UNIMPLEMENTED, (method, error)
            assert error.code in (reentry.StatusCode.INVALID_ARGUMENT,
                                  reentry.StatusCode.NOT_FOUND), (method, error)


def test_every_named_helper_calls_an_rpc_the_library_answers(engine):
    helpers = {name: getattr(reentry.Engine, name).rpc for name in dir(reentry.Engine)
               if hasattr(getattr(reentry.Engine, name), "rpc")}
    assert set(helpers.values()) <= set(engine.methods())
    # Named after the rpc, in snake_case.
    for name, rpc in helpers.items():
        assert name == re.sub(r"(?<!^)([A-Z])", r"_\1", rpc).lower()
    assert {"score", "list_instruments", "describe_instrument", "load_instrument",
            "list_definitions", "load_calendar", "list_holidays", "validate"} <= set(helpers)


def test_an_unknown_method_is_unimplemented(engine):
    with pytest.raises(reentry.Error) as raised:
        engine.call("ScoreEverything", {})
    assert raised.value.code == reentry.StatusCode.UNIMPLEMENTED


def test_score_gives_the_psa_scores_worked_out_by_hand(engine):
    # FTA: pending charge 1 + prior conviction 1 + one FTA in two years 2 = 4,
    #      scaled 4 (raw 3-4). NCA: age 22 or younger 2 + pending 3 + prior
    #      misdemeanor 1 + one violent conviction 1 + one FTA 1 + incarceration
    #      2 = 10, scaled 6 (raw 9-13). NVCA: violent 2 + violent and 20 or
    #      younger 1 + pending 1 + prior conviction 1 + one violent conviction 1
    #      = 6, flagged (4 or more).
    result = engine.score(instrument_id="psa", answers=DEMO_PSA)["result"]
    by_scale = scales(result)
    assert (by_scale["fta"]["rawScore"], by_scale["fta"]["scaledScore"]) == (4, 4)
    assert (by_scale["nca"]["rawScore"], by_scale["nca"]["scaledScore"]) == (10, 6)
    assert (by_scale["nvca"]["rawScore"], by_scale["nvca"]["flag"]) == (6, True)
    assert result["instrumentId"] == "psa" and result["instrumentVersion"] == "2022"


def test_answers_shorthand_equals_full_responses(engine):
    responses = [{"itemId": k, ("boolean" if isinstance(v, bool) else "number"): v}
                 for k, v in DEMO_PSA.items()]
    full = engine.call("Score", {"instrumentId": "psa", "responses": responses})
    short = engine.score(instrument_id="psa", answers=DEMO_PSA)
    snake = engine.score({"instrument_id": "psa", "responses": responses})
    assert full == short == snake


def test_a_bad_value_raises_invalid_argument_naming_the_field(engine):
    answers = dict(DEMO_PSA, prior_violent_convictions=-1)
    with pytest.raises(reentry.Error) as raised:
        engine.score(instrument_id="psa", answers=answers)
    error = raised.value
    assert error.code == reentry.StatusCode.INVALID_ARGUMENT
    position = list(answers).index("prior_violent_convictions")
    assert error.field == f"responses[{position}].number"
    assert "'prior_violent_convictions': count -1 is negative" in error.message
    assert str(error).startswith("INVALID_ARGUMENT: responses[")


def test_an_unknown_instrument_is_not_found_naming_instrument_id(engine):
    with pytest.raises(reentry.Error) as raised:
        engine.describe_instrument(instrument_id="lsi_r")
    assert raised.value.code == reentry.StatusCode.NOT_FOUND
    assert raised.value.field == "instrument_id"
    assert "lsi_r" in raised.value.message


def test_malformed_json_and_unknown_fields_are_invalid_arguments(engine):
    with pytest.raises(reentry.Error) as raised:
        engine.call_json("Score", '{"instrumentId": ')
    assert raised.value.code == reentry.StatusCode.INVALID_ARGUMENT
    with pytest.raises(reentry.Error) as raised:
        engine.call("ListInstruments", {"colour": "blue"})
    assert raised.value.code == reentry.StatusCode.INVALID_ARGUMENT
    assert "colour" in raised.value.message


def test_a_non_answer_in_the_shorthand_names_the_item(engine):
    with pytest.raises(reentry.Error) as raised:
        engine.score(instrument_id="psa", answers={"pending_charge": [1]})
    assert raised.value.field == "answers['pending_charge']"


def test_list_and_describe_instruments(engine):
    listed = {i["id"]: i for i in engine.list_instruments()["instruments"]}
    assert {"psa", "pattern", "reentry_needs_screen"} <= set(listed)
    assert listed["psa"]["scales"] == ["fta", "nca", "nvca"]
    definition = engine.describe_instrument(instrument_id="psa")["definition"]
    assert [item["id"] for item in definition["items"]][:2] == [
        "age_at_current_arrest", "current_violent_offense"]


def test_list_definitions_by_kind(engine):
    calendars = engine.list_definitions(kind="calendar")["definitions"]
    assert [(d["id"], d["builtin"]) for d in calendars] == [("us_federal", True)]
    kinds = {d["kind"] for d in engine.list_definitions()["definitions"]}
    assert {"instrument", "calendar"} <= kinds


def test_list_holidays_gives_observed_dates(engine):
    # Christmas 2027 is a Saturday, observed Friday 2027-12-24; New Year's Day
    # 2028 is a Saturday, observed Friday 2027-12-31; the third Monday of
    # January 2028 (Mondays 3, 10, 17) is Martin Luther King Jr.'s birthday.
    holidays = engine.list_holidays(calendar_id="us_federal", **{"from": "2027-12-01"},
                                    to="2028-01-31")["holidays"]
    assert [h["date"] for h in holidays] == ["2027-12-24", "2027-12-31", "2028-01-17"]


def test_plan_for_the_demo_person(engine, source_dir):
    # The README demo's person: PATTERN medium (moderate intensity, 100 hours)
    # and the needs screen; release 2027-03-15, plan from 2026-12-01.
    data = source_dir / "examples" / "data"
    results = [engine.score(json.loads((data / name).read_text()), instrument_id=instrument)["result"]
               for name, instrument in (("person_pattern.json", "pattern"),
                                        ("person_needs_screen.json", "reentry_needs_screen"))]
    request = json.loads((data / "plan_request.json").read_text())
    plan = engine.plan(request, assessments=results)["plan"]
    assert plan["intensity"] == "INTENSITY_MODERATE"
    assert plan["dosageTargetHours"] == 100
    assert plan["goals"][0]["goalId"] == "release_planning.release_plan"
    start = next(t for t in plan["tasks"] if t["taskId"] == "release_planning.release_plan.start_plan")
    # Opens 120 days before release (Sunday 2026-11-15), so it starts on the
    # plan start; due 90 days before (Tuesday 2026-12-15).
    assert (start["earliestOn"], start["startOn"], start["dueOn"]) == \
        ("2026-11-15", "2026-12-01", "2026-12-15")
    assert [n["domain"] for n in plan["uncoveredNeeds"]] == ["antisocial_cognition"]
    assert engine.describe_catalog(catalog_id="reentry_catalog")["definition"]["calendarId"] == \
        "us_federal"


def test_a_plan_without_assessments_names_the_field(engine):
    with pytest.raises(reentry.Error) as raised:
        engine.plan(planStartOn="2026-12-01", person={"phase": "PHASE_INSTITUTION"})
    assert raised.value.code == reentry.StatusCode.INVALID_ARGUMENT
    assert raised.value.field == "assessments"


def test_monitor_and_summarize_the_demo_person(engine, source_dir):
    # The demo: the plan, then the events 60 days after release (2027-05-14).
    data, results, plan = demo_plan(engine, source_dir)
    request = json.loads((data / "monitor_request.json").read_text())
    report = engine.monitor(request, plan=plan, assessments=results)["report"]
    # The positive test of 2027-04-20 is inside the 30 days: step up.
    assert report["recommendation"]["direction"] == "DIRECTION_STEP_UP"
    assert [t["taskId"] for t in report["overdueTasks"]] == [
        "legal_obligations.legal_obligations.payment_plan"]
    # Due 2027-04-14; 22 business days to 2027-05-14 (no holiday between).
    assert report["overdueTasks"][0]["businessDaysOverdue"] == 22
    summary = engine.summarize(request, plan=plan, assessments=results)
    assert summary["markdown"].startswith("# Continuum of Care Progress Summary: demo-001")
    assert summary["summary"]["goalsAchieved"] == 9
    assert engine.describe_policy()["definition"]["upcomingBusinessDays"] == 10


def test_match_refer_and_hand_off_the_demo_persons_plan(engine, source_dir):
    # The demo's network steps: services for the plan's open tasks, a
    # referral, and the handoff at release with the records through Share.
    data, results, plan = demo_plan(engine, source_dir)
    matched = engine.match(json.loads((data / "match_plan_request.json").read_text()), plan=plan)
    outpatient = next(c for c in matched["candidates"]
                      if c["serviceId"] == "outpatient_sud_treatment")
    assert (outpatient["fit"], outpatient["expectedWaitDays"]) == (95, 5)
    assert sum(p["points"] for p in outpatient["breakdown"]) == 95
    referral = engine.refer(json.loads((data / "refer_demo_request.json").read_text()))["referral"]
    assert referral["state"] == "REFERRAL_STATE_SENT"
    handed = engine.handoff(json.loads((data / "handoff_request.json").read_text()), plan=plan)
    assert handed["plan"]["version"] == 2
    assert handed["plan"]["leadAgencyId"] == "reentry_case_management"
    records = next(t for t in handed["plan"]["tasks"] if t["taskId"] == "handoff.2.records")
    # Five business days before Monday 2027-03-15.
    assert records["dueOn"] == "2027-03-08"
    assert handed["recordsTransfer"]["audit"]["asOf"] == "2027-03-08"
    assert [f["path"] for f in handed["recordsTransfer"]["packet"]["fields"]] == [
        "person.name", "assessment.pattern", "plan.goals", "treatment.sud_program",
        "health.prescriptions"]
    with pytest.raises(reentry.Error) as raised:
        engine.handoff(json.loads((data / "handoff_request.json").read_text()), plan=plan,
                       toAgencyId="atlantis")
    assert raised.value.code == reentry.StatusCode.NOT_FOUND
    assert raised.value.field == "to_agency_id"


def test_export_the_demo_plan_as_fhir_and_read_a_consent_back(engine, source_dir):
    _, _, plan = demo_plan(engine, source_dir)
    exported = engine.export_fhir(patientReference="Patient/demo-001", plan=plan)
    bundle = json.loads(exported["bundleJson"])
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")
    resources = [e["resource"] for e in bundle["entry"]]
    assert exported["resourceCount"] == len(resources) == 1 + len(plan["goals"])
    care_plan = resources[0]
    assert (care_plan["resourceType"], care_plan["status"], care_plan["intent"]) == \
        ("CarePlan", "draft", "plan")
    assert care_plan["subject"] == {"reference": "Patient/demo-001"}
    assert len(care_plan["activity"]) == len(plan["tasks"])
    assert [g["reference"] for g in care_plan["goal"]] == [
        "Goal/" + r["id"] for r in resources[1:]]
    # The same request, the same bytes.
    assert engine.export_fhir(patientReference="Patient/demo-001", plan=plan) == exported

    consent = {"consentId": "c1", "signedOn": "2027-02-01", "validTo": "2028-02-01",
               "part2": True, "recipients": [{"agencyType": "AGENCY_TYPE_TREATMENT"}],
               "purposes": ["PURPOSE_TREATMENT"], "categories": ["DATA_CATEGORY_SUD_TREATMENT"],
               "patientName": "Dana Example", "permittedDisclosers": ["North Facility"],
               "informationDescription": "SUD treatment dates", "revocationStatement": True,
               "signedBy": "Dana Example"}
    fhir = json.loads(engine.export_fhir(patientReference="Patient/demo-001",
                                         consents=[consent])["bundleJson"])
    resource = fhir["entry"][0]["resource"]
    imported = engine.import_consent(consentJson=resource)["consent"]
    # The response prints every field; those left unset read back as defaults.
    assert {k: v for k, v in imported.items() if v not in ("", [], False)} == consent
    with pytest.raises(reentry.Error) as raised:
        engine.import_consent(consentJson=dict(resource, provision={"type": "deny"}))
    assert raised.value.code == reentry.StatusCode.INVALID_ARGUMENT
    assert raised.value.field == "provision.type"


def test_a_monitoring_event_after_as_of_names_the_field(engine):
    with pytest.raises(reentry.Error) as raised:
        engine.monitor(plan={"clientId": "x"}, asOf="2027-05-01",
                       events=[{"eventId": "v", "on": "2027-05-02", "arrest": {}}])
    assert raised.value.code == reentry.StatusCode.INVALID_ARGUMENT
    assert raised.value.field == "events[0].on"


def test_validate_gives_the_auc_of_a_perfect_ranking(engine):
    # Scores 1 and 2 without the outcome, 3 and 4 with it: every positive
    # outranks every negative, AUC 1.
    rows = [{"score": s, "outcome": s >= 3} for s in (1, 2, 3, 4)]
    report = engine.validate(rows=rows, positive_from=3)["report"]
    assert report["overall"]["n"] == 4
    assert report["overall"]["auc"] == 1.0
    assert report["overall"]["truePositives"] == 2


def psa_text(source_dir, version):
    text = (source_dir / "instruments" / "psa.textproto").read_text()
    return text.replace('version: "2022"', f'version: "{version}"', 1)


def test_load_instrument_adds_a_version_and_refuses_it_twice(source_dir):
    with reentry.Engine() as engine:
        loaded = engine.load_instrument(text=psa_text(source_dir, "2030"),
                                        source_name="psa_2030.textproto")
        assert isinstance(loaded, dict)
        versions = [d["version"] for d in engine.list_definitions(kind="instrument")["definitions"]
                    if d["id"] == "psa"]
        assert versions == ["2022", "2030"]
        result = engine.score(instrument_id="psa", answers=DEMO_PSA)["result"]
        assert result["instrumentVersion"] == "2030"  # the newest
        with pytest.raises(reentry.Error) as raised:
            engine.load_instrument(text=psa_text(source_dir, "2030"))
        assert raised.value.code == reentry.StatusCode.ALREADY_EXISTS


def test_a_bad_definition_names_the_field(source_dir):
    text = psa_text(source_dir, "2031")
    cases = [
        (text.replace('id: "psa"', 'id: "PSA!"', 1), "id", "'PSA!' is not a"),
        (text.replace("scaled { min: 1 max: 1 scaled: 2 }", "", 1),
         "scales[0].norms[0].scaled[1].min", "has a gap: raw 1 has no scaled score"),
        (text.replace("title:", "titel:", 1), "text", "bad.textproto:27:6:"),
    ]
    with reentry.Engine() as engine:
        for bad, field, words in cases:
            with pytest.raises(reentry.Error) as raised:
                engine.load_instrument(text=bad, source_name="bad.textproto")
            assert raised.value.code == reentry.StatusCode.INVALID_ARGUMENT
            assert raised.value.field == field and words in raised.value.message


def test_load_calendar_then_list_its_holidays():
    calendar = """
        # proto-file: reentry/v1/calendar.proto
        # proto-message: reentry.v1.CalendarDefinition
        id: "county_court"
        version: "1"
        title: "County court"
        weekend_days: WEEKDAY_SATURDAY
        weekend_days: WEEKDAY_SUNDAY
        holidays { name: "Court closure" on: "2026-03-02" }
    """
    with reentry.Engine(builtin_definitions=False) as engine:
        assert engine.list_instruments()["instruments"] == []
        engine.load_calendar(text=calendar, source_name="county_court.textproto")
        holidays = engine.list_holidays(calendar_id="county_court", **{"from": "2026-01-01",
                                                                       "to": "2026-12-31"})
        assert [(h["date"], h["name"]) for h in holidays["holidays"]] == [
            ("2026-03-02", "Court closure")]


def test_a_closed_engine_refuses_calls():
    with reentry.Engine() as engine:
        assert not engine.closed
    assert engine.closed
    with pytest.raises(reentry.Error) as raised:
        engine.list_instruments()
    assert raised.value.code == reentry.StatusCode.FAILED_PRECONDITION
    engine.close()  # twice is harmless


def test_a_missing_library_names_where_it_was_looked_for(tmp_path):
    missing = tmp_path / "libreentry_c.so"
    with pytest.raises(OSError, match=re.escape(str(missing))):
        reentry.Engine(library=missing)


def test_the_library_version_is_the_packages():
    with reentry.Engine() as engine:
        assert engine.library_version == reentry.__version__


def test_errors_survive_pickling():
    import pickle

    error = reentry.Error(3, "columns[2]: bad", "columns[2]")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.message, copy.field) == (error.code, error.message, error.field)


def test_threads_share_one_engine(engine):
    # Eight threads score and fail at once on one engine; each gets its own
    # answers and its own errors.
    expected = json.dumps(engine.score(instrument_id="psa", answers=DEMO_PSA), sort_keys=True)
    barrier = threading.Barrier(8)

    def work(thread):
        barrier.wait()
        seen = []
        for i in range(40):
            if (thread + i) % 3 == 0:
                try:
                    engine.score(instrument_id="psa",
                                 answers=dict(DEMO_PSA, prior_fta_past_two_years=-thread - 1))
                    seen.append("no error")
                except reentry.Error as error:
                    seen.append(error.message.endswith(f"count {-thread - 1} is negative"))
            else:
                scored = engine.score(instrument_id="psa", answers=DEMO_PSA)
                seen.append(json.dumps(scored, sort_keys=True) == expected)
        return seen

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    assert all(all(ok is True for ok in seen) for seen in results)
