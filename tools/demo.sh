#!/usr/bin/env bash
# Sets up everything (missing Debian packages, build) and runs the demo: one
# sample person scored with each builtin instrument (scales, levels, ranked
# needs, the explanation of every point), then that person's case plan, a
# monitoring report 60 days after release and their progress summary, services
# for the plan, a referral, the handoff at release, and the plan as FHIR R4.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/packages.sh
reentry_install_packages

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > build.log 2>&1 ||
  { cat build.log; exit 1; }
cmake --build build --target reentry_cli >> build.log 2>&1 || { cat build.log; exit 1; }
rm -f build.log

reentry=build/tools/reentry
echo "== Builtin instruments"
$reentry instruments
for person in psa pattern needs_screen; do
  instrument=$person
  [ "$person" = needs_screen ] && instrument=reentry_needs_screen
  echo
  echo "== $instrument: examples/data/person_$person.json"
  $reentry score --instrument "$instrument" --input "examples/data/person_$person.json"
done

echo
echo "== Case plan for the same person: examples/data/plan_request.json"
echo "   (PATTERN sets the intensity; the needs screen the goals; dates on us_federal business days)"
assessments=examples/data/person_pattern.json:pattern,examples/data/person_needs_screen.json:reentry_needs_screen
$reentry plan --input examples/data/plan_request.json --assess "$assessments"
$reentry plan --input examples/data/plan_request.json --assess "$assessments" --format json \
  > build/demo_plan.json
echo
echo "== Monitoring 60 days after release (2027-05-14): examples/data/monitor_request.json"
echo "   (the events since the plan was made; policy reentry_policy, supervision level medium)"
$reentry monitor --input examples/data/monitor_request.json --plan build/demo_plan.json \
  --assess "$assessments"
echo
echo "== Continuum of Care Progress Summary (Markdown)"
$reentry summary --input examples/data/monitor_request.json --plan build/demo_plan.json \
  --assess "$assessments"
echo
echo "== Services for the plan's open tasks: examples/data/match_plan_request.json"
echo "   (network example_state, a fictional state; fit = need + eligibility + region + language"
echo "    + responsivity + capacity)"
$reentry match --input examples/data/match_plan_request.json --plan build/demo_plan.json
echo
echo "== A referral to outpatient treatment: examples/data/refer_demo_request.json"
$reentry refer --input examples/data/refer_demo_request.json
echo
echo "== Handoff at release (2027-03-15): examples/data/handoff_request.json"
echo "   (the lead moves from the facility to clinical reentry management; the records go through Share)"
$reentry handoff --input examples/data/handoff_request.json --plan build/demo_plan.json
echo
echo "== The plan as FHIR R4 for the clinic and the community-care platform (docs/fhir.md)"
echo "   (CarePlan + Goals with SDOH categories, the scores as Observations and a RiskAssessment)"
$reentry fhir --input build/demo_plan.json --patient Patient/demo-001 --assess "$assessments" \
  --quiet > build/demo_bundle.json
python3 - build/demo_bundle.json <<'PY'
import collections, json, sys
resources = [e["resource"] for e in json.load(open(sys.argv[1]))["entry"]]
counts = collections.Counter(r["resourceType"] for r in resources)
print("  " + ", ".join(f"{n} {t}" for t, n in counts.items()) + ": build/demo_bundle.json")
for r in resources:
    if r["resourceType"] == "CarePlan":
        print(f"  CarePlan {r['id']}: {r['status']}, {r['period']['start']} to "
              f"{r['period']['end']}, {len(r['activity'])} activities, {len(r['goal'])} goals")
    elif r["resourceType"] == "Goal":
        sdoh = [c["coding"][0]["code"] for c in r["category"]][0]
        print(f"    Goal {r['lifecycleStatus']:<8} {sdoh:<26} {r['description']['text']}")
    elif r["resourceType"] == "RiskAssessment":
        print(f"  RiskAssessment {r['method']['text']}: "
              f"{r['prediction'][0]['qualitativeRisk']['text']}")
PY
