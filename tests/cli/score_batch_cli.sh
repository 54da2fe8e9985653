#!/usr/bin/env bash
# The `reentry score-batch` program end to end, on generated files: 1,000,000
# rows (generated here, never committed) scored and checked row by row, the
# same with two threads, a bad cell (exit 2, nothing written), --keep-going,
# standard input and output (no progress bar when not a terminal), an empty
# file, and the help and exit codes.
#
#   tests/cli/score_batch_cli.sh <reentry program> <work dir>
set -euo pipefail
reentry=$(realpath "$1") work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "FAILED: $*" >&2; exit 1; }

# Three people in turn. Their scores, by hand from the PSA formula:
#  A (the README's person): FTA 1+1+2 = 4 -> 4; NCA 2+3+1+1+1+2 = 10 -> 6;
#    NVCA 2+1+1+1+1 = 6, flagged.
#  B (no points): everything 0, scaled 1, not flagged.
#  C (33, violent, prior misdemeanor and felony, 2 violent priors, 3 recent
#    FTAs, an older FTA, incarceration): FTA prior conviction 1 + recent FTAs
#    4 + older FTA 1 = 6 -> 5; NCA misdemeanor 1 + felony 1 + violent priors
#    1 + recent FTAs 2 + incarceration 2 = 7 -> 5; NVCA violent 2 + prior
#    conviction 1 + violent priors 1 = 4, flagged.
header="id,age_at_current_arrest,current_violent_offense,pending_charge,prior_misdemeanor_conviction,prior_felony_conviction,prior_violent_convictions,prior_fta_past_two_years,prior_fta_older_than_two_years,prior_sentence_to_incarceration"
rows=1000000
start=$(date +%s%N)
awk -v rows=$rows -v header="$header" 'BEGIN {
  print header
  for (i = 1; i <= rows; i++) {
    if (i % 3 == 1) printf "A%d,20,yes,yes,yes,no,1,1,no,yes\n", i
    else if (i % 3 == 2) printf "B%d,45,no,No,FALSE,0,0,0,no,no\n", i
    else printf "\"C,%d\",33,TRUE,0,1,1,2,3,1,1\n", i
  }
}' > caseload.csv
echo "generated $rows rows in $((($(date +%s%N) - start) / 1000000)) ms ($(stat -c %s caseload.csv) bytes)"

"$reentry" score-batch --instrument psa --input caseload.csv --output scored.csv 2> stderr.txt
cat stderr.txt
grep -q $'\r' stderr.txt && fail "a progress bar on a file (stderr is not a terminal)"
[ "$(wc -l < scored.csv)" -eq $((rows + 1)) ] || fail "scored.csv has $(wc -l < scored.csv) lines"
awk -F, 'NR == 1 { if ($0 != "id,fta_raw_score,fta_scaled_score,nca_raw_score,nca_scaled_score,nvca_raw_score,nvca_flag") bad = "header " $0; next }
  { i = NR - 1
    if (i % 3 == 1) want = "A" i ",4,4,10,6,6,yes"
    else if (i % 3 == 2) want = "B" i ",0,1,0,1,0,no"
    else want = "\"C," i "\",6,5,7,5,4,yes"
    if ($0 != want && bad == "") bad = "line " NR ": " $0 " != " want }
  END { if (bad != "") { print bad; exit 1 } }' scored.csv || fail "scores"
echo "all $rows rows as worked out by hand"

"$reentry" score-batch --instrument psa --input caseload.csv --output threads.csv --threads 2 --quiet
cmp scored.csv threads.csv || fail "two threads differ from one"

# A bad cell on line 700,002: exit 2 naming file, line and column; no output.
awk 'NR == 700002 { sub(/,45,/, ",forty-five,") } { print }' caseload.csv > bad.csv
status=0
"$reentry" score-batch --instrument psa --input bad.csv --output bad_scored.csv 2> err.txt || status=$?
cat err.txt
[ $status -eq 2 ] || fail "exit $status for a bad cell, not 2"
grep -q "bad.csv:700002: column 2 (age_at_current_arrest): 'forty-five' is not a number" err.txt ||
  fail "the error does not name the file, line and column"
[ ! -e bad_scored.csv ] || fail "a partial output was left"
ls | grep -q partial && fail "a temporary file was left"

"$reentry" score-batch --instrument psa --input bad.csv --output kept.csv --keep-going
[ "$(wc -l < kept.csv)" -eq $rows ] || fail "kept.csv has $(wc -l < kept.csv) lines"
[ "$(wc -l < kept.rejects.csv)" -eq 2 ] || fail "kept.rejects.csv"
grep -q '^700002,' kept.rejects.csv || fail "the rejected line is not 700002"

# Standard input and output.
head -4 caseload.csv | "$reentry" score-batch --instrument psa --input - --output - --quiet > piped.csv
[ "$(sed -n 2p piped.csv)" = "A1,4,4,10,6,6,yes" ] || fail "stdin to stdout: $(cat piped.csv)"

# Empty and header-only files; exit codes in --help.
: > empty.csv
status=0
"$reentry" score-batch --instrument psa --input empty.csv --output e.csv 2> /dev/null || status=$?
[ $status -eq 2 ] || fail "exit $status for an empty file"
head -1 caseload.csv > header.csv
"$reentry" score-batch --instrument psa --input header.csv --output h.csv --quiet
[ "$(wc -l < h.csv)" -eq 1 ] || fail "header-only input"
status=0
"$reentry" score-batch --instrument psa --input missing.csv --output m.csv 2> /dev/null || status=$?
[ $status -eq 3 ] || fail "exit $status for a missing file, not 3"
"$reentry" --help | grep -q "score-batch" || fail "--help does not list score-batch"
"$reentry" --help | grep -q "2 bad input" || fail "--help does not give the exit codes"
"$reentry" score-batch --help | grep -q -- "--keep-going" || fail "score-batch --help"
echo "score-batch: all checks passed"
