#!/usr/bin/env bash
# End-to-end tests of `interleave exec` in a real terminal: plain Swift programs (the
# fixtures the unit tests build, in .build-fixtures) traced under the dashboard, with keys,
# Ctrl-C, escape sequences in their output, and the terminal restored after each.
# Prints one line per check and a last line "e2e exec: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
SOCK="interleave-e2e-exec-$$"
. Tests/e2e/lib.sh
trap 'tm kill-server >/dev/null 2>&1' EXIT

build_fixtures
if [ ! -x "$BIN" ]; then bad "binary $BIN is built"; finish "e2e exec"; fi
if [ ! -x "$FIXTURES/crawl-tasks" ]; then bad "fixtures are built in $FIXTURES"; finish "e2e exec"; fi

# 1. A program's tasks, live: lanes, its output in the log pane, thread lanes, q.
run_in_pane "'$BIN' exec -- '$FIXTURES/crawl-tasks'"
if wait_for 'crawl url_4\s*[│|]' 15 && wait_for '\(program\)' 2; then ok "exec: the program's tasks appear as lanes"; else bad "exec: the program's tasks appear as lanes" "$(screen)"; fi
if wait_for 'OK url_4' 10 && wait_for 'exited with status 0' 10 && wait_for 'ended' 5; then
    ok "exec: its output is in the log pane, and the finished session stays"
else
    bad "exec: its output is in the log pane, and the finished session stays" "$(screen)"
fi
tm send-keys -t e2e t
if wait_for 'main actor' 5 && wait_for 'main thread' 2; then ok "exec: t shows the main actor's lane and the threads"; else bad "exec: t shows the main actor's lane" "$(screen)"; fi
tm send-keys -t e2e q
check_restored "exec: q" 0

# 2. Ctrl-C goes to the program first; one that ignores it ends on the second; its escape
#    sequences are shown as text, never obeyed.
run_in_pane "'$BIN' exec -- '$FIXTURES/stubborn'"
if wait_for 'still here' 15; then ok "exec: a long-running program's lines arrive while it runs"; else bad "exec: lines arrive while it runs" "$(screen)"; fi
if screen | grep -qF '\e[2J\e[31mred text' && screen | head -1 | grep -q 'Interleave' \
    && [ "$(tm display-message -p -t e2e '#{pane_title}')" != "a new title" ]; then
    ok "exec: escape sequences in the program's output are shown as text"
else
    bad "exec: escape sequences in the program's output are shown as text" "$(screen)"
fi
tm send-keys -t e2e C-c
if wait_for 'sent SIGINT to the program' 5 && sleep 0.5 && ! screen | grep -qE 'the program (exited|was killed|crashed)'; then
    ok "exec: the first Ctrl-C goes to the program (which ignores it) and the dashboard stays"
else
    bad "exec: the first Ctrl-C goes to the program" "$(screen)"
fi
tm send-keys -t e2e C-c
if wait_for 'was killed by SIGKILL \(status 137\)' 10; then ok "exec: a second Ctrl-C ends the program"; else bad "exec: a second Ctrl-C ends the program" "$(screen)"; fi
tm send-keys -t e2e q
check_restored "exec: q after the program was ended" 137

# 2b. q while the program runs ends it gently: SIGTERM first (a program that lets it end it
#     exits 143, not 137), SIGKILL a second later for one that ignores SIGTERM; the footer
#     says that q ends the program.
run_in_pane "'$BIN' exec -- '$FIXTURES/stubborn'"
if wait_for 'still here' 15 && screen | grep -q 'q quit (ends program)'; then
    ok "exec: the footer says q ends a running program"
else
    bad "exec: the footer says q ends a running program" "$(screen)"
fi
tm send-keys -t e2e q
check_restored "exec: q while the program runs sends SIGTERM" 143
run_in_pane "'$BIN' exec -- '$FIXTURES/stubborn' --ignore-term"
if wait_for 'still here' 15; then :; fi
started=$(date +%s%N)
tm send-keys -t e2e q
check_restored "exec: q on a program that ignores SIGTERM ends it with SIGKILL" 137
waited=$(( ($(date +%s%N) - started) / 1000000 ))
if [ "$waited" -ge 900 ] && [ "$waited" -lt 6000 ]; then
    ok "exec: SIGKILL comes after the grace ($waited ms)"
else
    bad "exec: SIGKILL comes after the grace ($waited ms)"
fi

# 2c. Headless, ended by Ctrl-C: the report starts on a line of its own, not after the
#     terminal's echoed ^C.
run_in_pane "'$BIN' exec --headless -- '$FIXTURES/stubborn'"
if wait_for 'still here' 15; then :; fi
tm send-keys -t e2e C-c
sleep 0.3
tm send-keys -t e2e C-c
if wait_for 'EXIT:137' 10 && screen | grep -q '^Wall time: '; then
    ok "exec --headless: after Ctrl-C the report begins on a new line"
else
    bad "exec --headless: after Ctrl-C the report begins on a new line" "$(screen | tail -8)"
fi

# 3. Headless: the program's lines, then the report; its exit status.
run_in_pane "'$BIN' exec --headless -- '$FIXTURES/exit-status' 5"
if wait_for 'EXIT:5' 15 && screen | grep -q 'stdout line 10' && screen | grep -q 'Wall time: .* seconds'; then
    ok "exec --headless: the program's output, the report, and its exit status"
else
    bad "exec --headless: the program's output, the report, and its exit status" "$(screen)"
fi

# 4. The program's lines are stamped when they were printed, not where the trace had got
#    (it arrives a collector round behind): each "OK url_N" is printed after its page's
#    sleep, so it is stamped no earlier than that sleep's end; the log stays in time order.
LOG_FILE=$(mktemp -u /tmp/interleave-e2e-exec-XXXXXX.jsonl)
run_in_pane "'$BIN' exec --record '$LOG_FILE' -- '$FIXTURES/crawl-sequential'"
if wait_for 'exited with status 0' 20; then
    tm send-keys -t e2e q
    wait_for 'EXIT:0' 10
    verdict=$(python3 - "$LOG_FILE" <<'PY'
import json, sys
events = [json.loads(line) for line in open(sys.argv[1]) if line.strip()][1:]
times = [e["t"] for e in events]
if any(a > b for a, b in zip(times, times[1:])):
    sys.exit("times go backwards")
# When each of the main task's sleeps ended: its first resume after the sleep.
sleep_ends, sleeping, checked = [], False, 0
for e in events:
    if e["task"] == 1 and e["k"] == "suspend":
        sleeping = e.get("reason") == "sleep"
    elif e["task"] == 1 and e["k"] == "resume" and sleeping:
        sleep_ends.append(e["t"])
        sleeping = False
    elif e["k"] == "message" and e["text"].startswith("OK url_"):
        page = int(e["text"].split("_")[1])
        if len(sleep_ends) < page or e["t"] < sleep_ends[page - 1]:
            woke = sleep_ends[page - 1] if len(sleep_ends) >= page else "not yet"
            sys.exit(f"{e['text']!r} stamped {e['t']} ns, before its page's sleep ended ({woke})")
        checked += 1
print("ok" if checked == 4 else f"{checked} of 4 lines seen")
PY
)
    if [ "$verdict" = ok ]; then ok "exec: the program's lines are stamped when printed, in time order"; else bad "exec: the program's lines are stamped when printed" "$verdict"; fi
else
    bad "exec: the program's lines are stamped when printed (the program ran)" "$(screen)"
fi
rm -f "$LOG_FILE"

# 5. Time moves while every task of the program waits (the agent's clock, not its events):
#    the header's time grows across a 3-second sleep.
run_in_pane "'$BIN' exec -- '$FIXTURES/exit-status' 0 3000"
# Checks ($1: what is watched) that the header's time grows by half a second or more in one.
check_time_moves() {
    local first second
    if ! wait_for 't [0-9.]+ s' 15; then bad "$1: time moves on while it sleeps" "$(screen)"; return; fi
    sleep 0.3; first=$(header_time); sleep 1; second=$(header_time)
    if [ -n "$first" ] && [ -n "$second" ] && python3 -c "import sys; sys.exit(0 if float('$second') >= float('$first') + 0.5 else 1)"; then
        ok "$1: time moves on while it sleeps ($first s, then $second s)"
    else
        bad "$1: time moves on while it sleeps ($first s, then $second s)" "$(screen)"
    fi
}
header_time() { screen | head -1 | grep -oE 't [0-9.]+ s' | grep -oE '[0-9.]+'; }
check_time_moves "exec: a sleeping program"
wait_for 'exited with status 0' 10
tm send-keys -t e2e q
check_restored "exec: q after a sleeping program ended" 0

# 6. The same in a follow of a recording being written (`replay --follow`): time moves on
#    from the last event read while the program sleeps, and stops at the log's end.
LOG_FILE=$(mktemp -u /tmp/interleave-e2e-follow-XXXXXX.jsonl)
"$BIN" exec --headless --quiet --record "$LOG_FILE" -- "$FIXTURES/exit-status" 0 3000 >/dev/null 2>&1 &
recorder=$!
run_in_pane "'$BIN' replay --follow --wait 10 '$LOG_FILE'"
check_time_moves "follow: a recording of a sleeping program"
wait "$recorder"
if wait_for 'ended' 10; then ok "follow: the log's end stops it"; else bad "follow: the log's end stops it" "$(screen)"; fi
tm send-keys -t e2e q
check_restored "follow: q" 0
rm -f "$LOG_FILE"

finish "e2e exec"
