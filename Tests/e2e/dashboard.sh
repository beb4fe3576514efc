#!/usr/bin/env bash
# End-to-end tests of the dashboard in a real terminal: tmux runs `interleave` on the
# pipeline scenario, keys are sent, the screen is captured and checked, and after every
# way of quitting (q, Ctrl-C, SIGTERM) `stty -a` in the same pane must show echo and icanon.
# Needs tmux and a built .build/debug/interleave (override with INTERLEAVE_BIN).
# Prints one line per check and a last line "e2e: N passed, M failed"; exits 1 on failure.
set -u
cd "$(dirname "$0")/../.."
SOCK="interleave-e2e-$$"
. Tests/e2e/lib.sh
trap 'tm kill-server >/dev/null 2>&1' EXIT

if [ ! -x "$BIN" ]; then bad "binary $BIN is built"; finish; fi
if ! command -v tmux >/dev/null; then bad "tmux is installed"; finish; fi

# Number of consumer lanes on screen (a lane is a label followed by the lane separator).
consumer_lanes() { screen | grep -cE '^.?\s*consumer_[0-9]+\s*[│|]'; }

# Starts the dashboard on the pipeline in a fresh pane, with extra environment $1.
start() { run_in_pane "'$BIN' run pipeline --speed 20" "$1"; }


# 1. The full walk: lanes, + on consumers, thread lanes, resize, q.
start ""
if wait_for 'consumer_2\s*[│|]' 15; then ok "lanes appear"; else bad "lanes appear" "$(screen)"; fi
before=$(consumer_lanes)
tm send-keys -t e2e Tab Tab
if wait_for 'Tab knob' 2; then :; fi
tm send-keys -t e2e +
i=0; while [ $i -lt 100 ] && [ "$(consumer_lanes)" -le "$before" ]; do sleep 0.1; i=$((i + 1)); done
after=$(consumer_lanes)
if [ "$after" -eq $((before + 1)) ] && screen | grep -qE "consumers $((before + 1)) "; then
    ok "+ on consumers adds a consumer lane ($before -> $after) and the knob bar shows it"
else
    bad "+ on consumers adds a consumer lane ($before -> $after)" "$(screen)"
fi
tm send-keys -t e2e t
if wait_for 'THREADS [0-9]+' 5 && wait_for 'thread 0' 5; then ok "t shows thread lanes"; else bad "t shows thread lanes" "$(screen)"; fi
tm send-keys -t e2e t
tm resize-window -t e2e -x 60 -y 20
sleep 0.5
if wait_for '^ q quit' 5 && [ "$(screen | wc -l)" -eq 20 ] && screen | head -1 | grep -q 'Interleave' \
    && screen | grep -qE 'consumer_[0-9]+\s*[│|]' && [ "$(tm display-message -p -t e2e '#{window_width}x#{window_height}')" = 60x20 ]; then
    ok "resized to 60x20: header, lanes and footer fit"
else
    bad "resized to 60x20: header, lanes and footer fit" "$(screen)"
fi
tm resize-window -t e2e -x 20 -y 6
if wait_for 'too small' 5; then ok "20x6 says the window is too small"; else bad "20x6 says the window is too small" "$(screen)"; fi
tm resize-window -t e2e -x 120 -y 40
if wait_for 'consumer_1\s*[│|]' 5; then ok "back at 120x40 the lanes return"; else bad "back at 120x40 the lanes return" "$(screen)"; fi
tm send-keys -t e2e q
check_restored "q" 0

# 1b. Space freezes the world: scenario time stops, `.` runs one slice and says what it did,
# a second Space resumes from where it stood.
live_time() { screen | head -1 | grep -oE '│ t [0-9.]+ u' | grep -oE '[0-9.]+' | head -1; }
start ""
if wait_for 'consumer_1\s*[│|]' 15; then :; fi
tm send-keys -t e2e Space
if wait_for 'PAUSED' 3; then ok "live: Space says PAUSED"; else bad "live: Space says PAUSED" "$(screen | head -2)"; fi
sleep 0.3
t1=$(live_time)
sleep 1.5
t2=$(live_time)
if [ -n "$t1" ] && [ "$t1" = "$t2" ]; then ok "live: frozen, scenario time stays at $t1"; else bad "live: frozen, scenario time stays" "$t1 then $t2"; fi
tm send-keys -t e2e .
if wait_for '^ step: (producer|consumer)_[0-9]+ ran .* on thread 0, then (suspended|completed)' 5; then
    ok "live: . steps one slice and says what ran and why it stopped"
else
    bad "live: . steps one slice and says what ran and why it stopped" "$(screen | tail -2)"
fi
sleep 1
# Resumed, time may only have moved by what the real seconds since the resume allow at
# --speed 20 (and the step's move to its timer); the frozen seconds before must not count.
r0=$(date +%s.%N)
tm send-keys -t e2e Space
if wait_for 'following' 3; then :; fi
sleep 1
t3=$(live_time)
r1=$(date +%s.%N)
if awk -v a="${t1:-0}" -v b="${t3:-0}" -v r0="$r0" -v r1="$r1" 'BEGIN { exit !(b > a && b < a + 20 * (r1 - r0) + 3) }'; then
    ok "live: Space resumes from where it stood ($t1 -> $t3)"
else
    bad "live: Space resumes from where it stood" "$t1 -> $t3 in $r0 .. $r1"
fi
tm send-keys -t e2e q
check_restored "q after freezing" 0

# 1c. Virtual time in the dashboard advances at --speed units a second, not thousands.
run_in_pane "'$BIN' run crawl-tasks --virtual --speed 2"
if wait_for 'url_4' 10; then :; fi
t1=$(live_time)
if awk -v t="${t1:-99}" 'BEGIN { exit !(t < 4) }' && ! screen | grep -q 'Wall time'; then ok "dashboard --virtual --speed 2: still running at t $t1 u"; else bad "dashboard --virtual paces virtual time" "$(screen | head -1)"; fi
if wait_for 'Wall time: 4 units' 10; then ok "dashboard --virtual --speed 2: ends at Wall time: 4 units"; else bad "dashboard --virtual ends" "$(screen | head -1)"; fi
tm send-keys -t e2e q
check_restored "q after a virtual run" 0

# 2. Ctrl-C.
start ""
if wait_for 'consumer_1\s*[│|]' 15; then ok "Ctrl-C run: lanes appear"; else bad "Ctrl-C run: lanes appear" "$(screen)"; fi
tm send-keys -t e2e C-c
check_restored "Ctrl-C" 0

# 3. SIGTERM from outside, sent to the dashboard's own process (a child of the pane's shell).
start ""
if wait_for 'consumer_1\s*[│|]' 15; then ok "SIGTERM run: lanes appear"; else bad "SIGTERM run: lanes appear" "$(screen)"; fi
shell_pid=$(tm display-message -p -t e2e '#{pane_pid}')
dash_pid=$(pgrep -P "$shell_pid" | head -1)
if [ -n "$dash_pid" ]; then kill -TERM "$dash_pid"; fi
check_restored "SIGTERM" 143

# 4. Monochrome (TERM=vt100 and NO_COLOR) and ASCII glyphs still draw lanes; q restores.
start "NO_COLOR=1 INTERLEAVE_ASCII=1"
if wait_for 'consumer_1\s*\|' 15 && screen | head -1 | grep -q 'Interleave >'; then
    ok "ASCII glyphs without a UTF-8 locale"
else
    bad "ASCII glyphs without a UTF-8 locale" "$(screen)"
fi
if tm capture-pane -p -e -t e2e | grep -qE $'\e\\[(3[0-7]|9[0-7]|38;)'; then
    bad "NO_COLOR draws no colours" "$(tm capture-pane -p -e -t e2e | head -5 | cat -v)"
else
    ok "NO_COLOR draws no colours"
fi
tm send-keys -t e2e q
check_restored "q (monochrome)" 0

# The later TERM wins: open_pane's environment comes first.
start "TERM=vt100"
if wait_for 'consumer_1\s*[│|]' 15; then ok "TERM=vt100 draws lanes"; else bad "TERM=vt100 draws lanes" "$(screen)"; fi
tm send-keys -t e2e q
check_restored "q (vt100)" 0

# 5. Not a terminal: one clear line that points to --headless, exit code 2.
err=$("$BIN" run pipeline --speed 20 </dev/null 2>&1 >/dev/null)
code=$?
if [ "$code" -eq 2 ] && printf '%s' "$err" | grep -q -- '--headless'; then
    ok "stdout not a terminal: exit 2 and a pointer to --headless"
else
    bad "stdout not a terminal: exit 2 and a pointer to --headless" "code $code: $err"
fi

# 5b. A negative number is a value, not a flag: the range error, not "missing value".
err=$("$BIN" run crawl-tasks --headless --speed -1 2>&1 >/dev/null)
code=$?
if [ "$code" -eq 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && printf '%s' "$err" | grep -q -- '--speed takes a number of units per second from 0.001 to 10000'; then
    ok "--speed -1: exit 2 and one line naming the range"
else
    bad "--speed -1: exit 2 and one line naming the range" "code $code: $err"
fi

# 5c. Every numeric option: out-of-range values get one line and exit 2, never a crash.
bad_values=""
for opt in --speed --duration --threads --seed; do
    for v in 0 -5 nan inf 1e308 1e-308 99999999999999999999; do
        [ "$opt $v" = "--seed 0" ] && continue
        err=$(timeout 20 "$BIN" run crawl-tasks --headless --virtual --quiet "$opt" "$v" 2>&1 >/dev/null)
        code=$?
        if [ "$code" -ne 2 ] || [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || ! printf '%s' "$err" | grep -q -- "$opt takes"; then
            bad_values+="$opt $v: code $code: $err"$'\n'
        fi
    done
done
for v in -5 nan inf 1e308 1e-308 99999999999999999999 2.5; do
    err=$(timeout 20 "$BIN" run pipeline --headless --virtual --quiet --duration 1 --set "capacity=$v" 2>&1 >/dev/null)
    code=$?
    if [ "$code" -ne 2 ] || [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || ! printf '%s' "$err" | grep -q "knob 'capacity' takes"; then
        bad_values+="--set capacity=$v: code $code: $err"$'\n'
    fi
done
if [ -z "$bad_values" ]; then ok "numeric options and knobs: 0, -5, nan, inf, 1e308, 1e-308 and 20 digits each get one line, exit 2"; else bad "numeric options out of range" "$bad_values"; fi

# 5d. Tasks that hand off at no cost still reach --duration (virtual time cannot stand still).
out=$(timeout 60 "$BIN" run pipeline --virtual --headless --quiet --duration 2 --set produce=0 --set consume=0 --set cpu=0 2>&1)
code=$?
if [ "$code" -eq 0 ] && [ "$out" = "Wall time: 2 units" ]; then ok "zero-cost pipeline ends at Wall time: 2 units"; else bad "zero-cost pipeline ends at Wall time: 2 units" "code $code: $out"; fi

# 6. Record headlessly, then replay in the dashboard: lanes, pause, seek, quit.
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/interleave-e2e.XXXXXX")
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$TMPD"' EXIT
LOG="$TMPD/pipeline.jsonl"
"$BIN" run pipeline --virtual --duration 60 --headless --record "$LOG" >/dev/null 2>"$TMPD/record.err"
code=$?
if [ "$code" -eq 0 ] && head -1 "$LOG" | grep -q '"interleave_log":1' && [ "$(wc -l < "$LOG")" -gt 100 ]; then
    ok "run --headless --record writes a log ($(wc -l < "$LOG") lines)"
else
    bad "run --headless --record writes a log" "code $code: $(cat "$TMPD/record.err")"
fi

# The header's "t POS / TOTAL u": prints POS and TOTAL.
replay_times() { screen | head -1 | grep -oE 't [0-9.]+ / [0-9.]+ u' | head -1 | sed -E 's/t ([0-9.]+) \/ ([0-9.]+) u/\1 \2/'; }
# Runs command $1 in $TMPD in a fresh pane.
start_in_tmp() { run_in_pane "cd '$TMPD' && $1"; }

start_in_tmp "'$BIN' replay pipeline.jsonl"
if wait_for 'consumer_1\s*[│|]' 15 && wait_for '\(replay\).*pipeline\.jsonl' 2 && wait_for 'PLAYING' 2; then
    ok "replay: lanes appear, header says replay, the file and PLAYING"
else
    bad "replay: lanes appear, header says replay, the file and PLAYING" "$(screen)"
fi
if screen | tail -1 | grep -q 'Space play' && ! screen | tail -1 | grep -q 'r restart'; then
    ok "replay: the footer shows the replay keys, not the live ones"
else
    bad "replay: the footer shows the replay keys, not the live ones" "$(screen | tail -1)"
fi
tm send-keys -t e2e Space
if wait_for 'PAUSED' 3; then ok "replay: Space pauses"; else bad "replay: Space pauses" "$(screen | head -2)"; fi
read -r p1 total <<<"$(replay_times)"
sleep 1
read -r p2 _ <<<"$(replay_times)"
if [ -n "$p1" ] && [ "$p1" = "$p2" ]; then ok "replay: paused, the position stays at $p1"; else bad "replay: paused, the position stays" "$p1 then $p2"; fi
tm send-keys -t e2e G
i=0; while [ $i -lt 50 ]; do read -r pos total <<<"$(replay_times)"; [ -n "$pos" ] && [ "$pos" = "$total" ] && break; sleep 0.1; i=$((i + 1)); done
if [ -n "$pos" ] && [ "$pos" = "$total" ] && awk -v t="$total" 'BEGIN { exit !(t >= 59 && t <= 61) }'; then
    ok "replay: G seeks to the end ($pos / $total)"
else
    bad "replay: G seeks to the end" "$(screen | head -2)"
fi
tm send-keys -t e2e g
i=0; while [ $i -lt 50 ]; do read -r pos _ <<<"$(replay_times)"; awk -v p="${pos:-99}" 'BEGIN { exit !(p < 1) }' && break; sleep 0.1; i=$((i + 1)); done
tm send-keys -t e2e Right Right
i=0; while [ $i -lt 50 ]; do read -r pos _ <<<"$(replay_times)"; awk -v p="${pos:-0}" 'BEGIN { exit !(p >= 11) }' && break; sleep 0.1; i=$((i + 1)); done
if awk -v p="${pos:-0}" 'BEGIN { exit !(p >= 11 && p <= 13.5) }' && screen | grep -qE 'consumer_1\s*[│|]'; then
    ok "replay: g then → → seeks back to the start and two tenths forward (t $pos)"
else
    bad "replay: g then → → seeks to the start and two tenths forward" "$(screen | head -6)"
fi
tm send-keys -t e2e q
check_restored "replay q" 0

# 6b. The end record: a closed log ends a follow; a log without one was cut short.
if tail -1 "$LOG" | grep -q '"k":"end"'; then ok "the writer closes its log with an end record"; else bad "the writer closes its log with an end record" "$(tail -1 "$LOG")"; fi
out=$(timeout 20 "$BIN" replay --follow --headless "$LOG" 2>&1)
code=$?
if [ "$code" -eq 0 ] && printf '%s' "$out" | grep -q 'Wall time'; then ok "replay --follow --headless exits at the end record with the report"; else bad "replay --follow --headless exits at the end record" "code $code: $(printf '%s' "$out" | tail -3)"; fi
head -n -1 "$LOG" > "$TMPD/cut.jsonl"
err=$("$BIN" replay --headless "$TMPD/cut.jsonl" 2>&1 >/dev/null)
code=$?
if [ "$code" -eq 0 ] && printf '%s' "$err" | grep -qE 'cut.jsonl: the recording was cut short at [0-9.]+ u'; then ok "replay --headless of a log without an end record warns it was cut short"; else bad "replay of a cut log warns" "code $code: $err"; fi
start_in_tmp "'$BIN' replay cut.jsonl"
if wait_for 'warning: .*the recording was cut short at' 10 && wait_for 'consumer_1\s*[│|]' 5; then ok "dashboard replay of a cut log: the header warns, the lanes show"; else bad "dashboard replay of a cut log warns" "$(screen | head -3)"; fi
tm send-keys -t e2e q
check_restored "q on a cut log" 0
err=$(timeout 20 "$BIN" replay --follow --headless --wait 0.3 "$TMPD/never.jsonl" 2>&1 >/dev/null)
code=$?
if [ "$code" -eq 2 ] && printf '%s' "$err" | head -1 | grep -q 'waiting for .*never.jsonl to appear' && printf '%s' "$err" | tail -1 | grep -q 'no such file (waited 0.3 s for it)'; then
    ok "follow of a missing file says it waits, and gives up after --wait"
else
    bad "follow of a missing file waits up to --wait" "code $code: $err"
fi
start_in_tmp "'$BIN' replay --follow later.jsonl"
if wait_for 'waiting for later.jsonl to appear' 10; then ok "dashboard follow of a missing file says it waits"; else bad "dashboard follow of a missing file says it waits" "$(screen | head -3)"; fi
cp "$LOG" "$TMPD/later.jsonl"
if wait_for 'ended *$' 15 && wait_for 'consumer_1\s*[│|]' 5; then ok "dashboard follow: the file appears, its lanes show, and the header says ended"; else bad "dashboard follow says ended" "$(screen | head -3)"; fi
tm send-keys -t e2e q
check_restored "q after following" 0
start_in_tmp "'$BIN' replay --follow --wait 1 never.jsonl 2>follow-err.txt"
check_restored "dashboard follow of a file that never appears within --wait" 2
if [ "$(wc -l < "$TMPD/follow-err.txt")" -eq 1 ] && grep -q 'never.jsonl: no such file (waited 1 s for it)' "$TMPD/follow-err.txt"; then
    ok "dashboard follow of a file that never appears: one line on stderr, as headless"
else
    bad "dashboard follow of a file that never appears: one line on stderr" "$(cat "$TMPD/follow-err.txt")"
fi

# 6c. --record never overwrites a file silently; a 64 MiB line is an error with no empty report.
before=$(md5sum < "$LOG")
err=$("$BIN" run crawl-tasks --virtual --headless --quiet --record "$LOG" 2>&1 >/dev/null)
code=$?
if [ "$code" -eq 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && printf '%s' "$err" | grep -q -- '--force' && [ "$(md5sum < "$LOG")" = "$before" ]; then
    ok "--record to an existing file refuses, naming --force, and leaves it alone"
else
    bad "--record to an existing file refuses, naming --force" "code $code: $err"
fi
{ head -1 "$LOG"; head -c $((64 * 1024 * 1024 + 10)) /dev/zero | tr '\0' 'x'; echo; } > "$TMPD/long.jsonl"
out=$("$BIN" replay --headless "$TMPD/long.jsonl" 2>"$TMPD/long.err")
code=$?
if [ "$code" -eq 2 ] && [ -z "$out" ] && [ "$(wc -l < "$TMPD/long.err")" -eq 1 ]; then
    ok "a 64 MiB line: one error line, exit 2, no empty report"
else
    bad "a 64 MiB line: one error line, exit 2, no empty report" "code $code: out '$out' err $(cat "$TMPD/long.err")"
fi
rm -f "$TMPD/long.jsonl"

# 7. A bad log: one line on stderr, exit 2, the terminal untouched.
printf '{"hello":1}\n' > "$TMPD/bad.jsonl"
err=$("$BIN" replay "$TMPD/bad.jsonl" 2>&1 >/dev/null)
code=$?
if [ "$code" -eq 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && printf '%s' "$err" | grep -q 'not an Interleave session log'; then
    ok "replay of a file that is not a log: exit 2 and one line"
else
    bad "replay of a file that is not a log: exit 2 and one line" "code $code: $err"
fi
start_in_tmp "'$BIN' replay missing.jsonl"
if wait_for 'EXIT:2' 10 && screen | grep -q 'missing.jsonl: no such file'; then ok "replay of a missing file in a terminal: exit 2, says so"; else bad "replay of a missing file in a terminal" "$(screen)"; fi
check_restored "replay of a missing file" 2

# 8. R in the live dashboard records to interleave-<scenario>-<time>.jsonl in the current folder.
start_in_tmp "'$BIN' run pipeline --speed 20"
if wait_for 'consumer_1\s*[│|]' 15; then :; fi
tm send-keys -t e2e R
if wait_for 'REC interleave-pipeline-[0-9-]+\.jsonl [0-9,]+ ev' 5; then ok "R: the header shows REC, the file and the events written"; else bad "R: the header shows REC" "$(screen | head -2)"; fi
sleep 1.5
tm send-keys -t e2e R
if wait_for 'recording stopped: interleave-pipeline-' 3 && wait_for 'not recording' 2; then ok "R again stops recording and says so"; else bad "R again stops recording" "$(screen | tail -2)"; fi
tm send-keys -t e2e q
check_restored "q after recording" 0
rec=$(ls "$TMPD"/interleave-pipeline-*.jsonl 2>/dev/null | head -1)
if [ -n "$rec" ] && head -1 "$rec" | grep -q '"scenario":"pipeline"' && [ "$(wc -l < "$rec")" -gt 10 ] \
    && "$BIN" replay --headless "$rec" >/dev/null 2>&1; then
    ok "R made a log with a header and $(($(wc -l < "$rec") - 1)) events that replays"
else
    bad "R made a log with a header and events" "$(ls -la "$TMPD"; head -3 "$rec" 2>/dev/null)"
fi

# 9. --record into a folder that does not exist: the header says so, the run goes on, stderr after exit.
start_in_tmp "'$BIN' run pipeline --speed 20 --record no-such-dir/x.jsonl"
if wait_for 'recording failed: no-such-dir/x.jsonl' 10 && wait_for 'consumer_1\s*[│|]' 10; then
    ok "--record to a missing folder: the header shows the error and lanes still run"
else
    bad "--record to a missing folder: the header shows the error" "$(screen | head -4)"
fi
tm send-keys -t e2e q
if wait_for 'EXIT:0' 10 && screen | grep -qE '^interleave: recording failed: no-such-dir/x.jsonl: cannot create'; then
    ok "--record to a missing folder: the same error on stderr after exit"
else
    bad "--record to a missing folder: the same error on stderr after exit" "$(screen)"
fi

finish
