#!/usr/bin/env bash
# End-to-end tests of headless runs stopped by a signal: the report and the session log
# are complete, and the exit status is 128 + the signal (130 SIGINT, 143 SIGTERM), so a
# script can tell a run cut short from one that ended.
# Needs a built .build/debug/interleave (override with INTERLEAVE_BIN).
# Prints one line per check and a last line "e2e headless: N passed, M failed"; exits 1 on failure.
set -u
cd "$(dirname "$0")/../.."
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
. Tests/e2e/lib.sh

if [ ! -x "$BIN" ]; then
    bad "binary $BIN is built"
else
    for sig in INT TERM; do
        code_expected=$((128 + $(kill -l "$sig")))
        log="$DIR/$sig.jsonl"
        "$BIN" run pipeline --headless --speed 20 --record "$log" >"$DIR/$sig.out" 2>"$DIR/$sig.err" &
        pid=$!
        # Until the run is under way: its log has more than the header.
        i=0
        while [ $i -lt 100 ] && [ "$( (wc -l <"$log") 2>/dev/null || echo 0)" -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
        kill -s "$sig" "$pid"
        wait "$pid"
        code=$?
        if [ "$code" -eq "$code_expected" ]; then
            ok "SIG$sig on a headless run: exit $code_expected"
        else
            bad "SIG$sig on a headless run: exit $code_expected" "code $code: $(cat "$DIR/$sig.err")"
        fi
        if grep -q 'Wall time' "$DIR/$sig.out"; then
            ok "SIG$sig on a headless run: the report is printed"
        else
            bad "SIG$sig on a headless run: the report is printed" "$(tail -5 "$DIR/$sig.out")"
        fi
        if "$BIN" replay "$log" --headless >/dev/null 2>"$DIR/$sig.replay"; then
            ok "SIG$sig on a headless run: the log is whole and replays"
        else
            bad "SIG$sig on a headless run: the log is whole and replays" "$(cat "$DIR/$sig.replay")"
        fi
    done

    # A log with a bad line: the report of what came before says where it stops, calls no
    # task unfinished (they may have finished after the cut), and the error is the last line.
    "$BIN" run pipeline --headless --virtual --quiet --duration 10 --record "$DIR/whole.jsonl" >/dev/null 2>&1
    sed '50s/.*/{"t":garbage/' "$DIR/whole.jsonl" >"$DIR/bad.jsonl"
    "$BIN" replay --headless "$DIR/bad.jsonl" >"$DIR/bad.out" 2>"$DIR/bad.err"
    code=$?
    if [ "$code" -eq 2 ] && grep -q 'Wall time' "$DIR/bad.out" && grep -q '^Cut short: the log stops at line 50' "$DIR/bad.out" \
        && ! grep -q 'never finished' "$DIR/bad.out"; then
        ok "replay of a log with a bad line: the report says it stops at line 50 and calls no task unfinished"
    else
        bad "replay of a log with a bad line: the report says where it stops" "code $code: $(cat "$DIR/bad.out")"
    fi
    head -n -1 "$DIR/whole.jsonl" >"$DIR/cut.jsonl"
    "$BIN" replay --headless "$DIR/cut.jsonl" >"$DIR/cut.out" 2>/dev/null
    if grep -q '^Cut short: the log has no end record (its writer did not close it); it stops at [0-9.]* u$' "$DIR/cut.out" \
        && ! grep -q 'never finished' "$DIR/cut.out"; then
        ok "replay of a log with no end record: the report says it is cut short and calls no task unfinished"
    else
        bad "replay of a log with no end record: the report says it is cut short" "$(cat "$DIR/cut.out")"
    fi
    all=$("$BIN" replay --headless "$DIR/bad.jsonl" 2>&1)
    if printf '%s\n' "$all" | tail -1 | grep -q 'bad.jsonl:50: '; then
        ok "replay of a log with a bad line: the error is the last line printed"
    else
        bad "replay of a log with a bad line: the error is the last line printed" "$(printf '%s\n' "$all" | tail -3)"
    fi

    # The README's sample report is the real command's output, word for word.
    sample=$(awk '/^A headless run of `crawl-tasks` in virtual time:/ { on = 1; next } on && /^```$/ { if (inside) exit; inside = 1; next } inside' README.md)
    real=$("$BIN" run crawl-tasks --virtual --headless 2>&1)
    if [ -n "$sample" ] && [ "$sample" = "$real" ]; then
        ok "the README's sample headless report is what run crawl-tasks --virtual --headless prints"
    else
        bad "the README's sample headless report is what the command prints" "$(diff <(printf '%s\n' "$sample") <(printf '%s\n' "$real"))"
    fi
fi

finish "e2e headless"
