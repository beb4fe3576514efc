# Shared by the end-to-end scripts: checks that count, and (for the tmux ones) a tmux server
# of their own ($SOCK), fresh panes, and waiting for the screen. The scripts set their own
# EXIT trap (the tmux ones: tm kill-server).
PASS=0
FAIL=0
# The binary under test: $INTERLEAVE_BIN, or the debug build (sourced from the repository root).
BIN=$(realpath "${INTERLEAVE_BIN:-.build/debug/interleave}" 2>/dev/null || echo "${INTERLEAVE_BIN:-.build/debug/interleave}")

ok() { PASS=$((PASS + 1)); echo "ok   - $1"; }
bad() {
    FAIL=$((FAIL + 1))
    echo "FAIL - $1"
    if [ -n "${2:-}" ]; then printf '%s\n' "$2" | sed 's/^/    | /'; fi
}
# Ends the script: the summary line ("$1: N passed, M failed"), exit 1 on any failure.
finish() {
    [ -n "${SOCK:-}" ] && tm kill-server >/dev/null 2>&1
    echo "${1:-e2e}: $PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
    exit $?
}

tm() { tmux -u -L "$SOCK" "$@"; }
screen() { tm capture-pane -p -t e2e; }

# Polls the screen (up to $2 seconds, default 10) until it matches the regex $1.
wait_for() {
    local pattern=$1 limit=$(( ${2:-10} * 10 )) i=0
    while [ $i -lt $limit ]; do
        if screen | grep -qE -- "$pattern"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# Replaces the pane with a fresh one made by `new-session` with these arguments. The new
# session is made before the old one goes: killing the last session makes the server exit,
# and a new-session racing that exit fails with "server exited unexpectedly".
fresh_pane() {
    tm new-session -d -s fresh "$@"
    # `=`: this session exactly (a bare name also matches others by prefix).
    tm kill-session -t =e2e >/dev/null 2>&1
    tm rename-session -t =fresh e2e
}

# A fresh 120x40 pane running a plain shell, with extra environment $1.
open_pane() {
    fresh_pane -x 120 -y 40 "env -i PATH=\"$PATH\" HOME=\"$HOME\" TERM=screen LANG=C.UTF-8 $1 bash --norc --noprofile"
}

# After the program in the pane exits: its exit code ($2), and terminal modes restored.
check_restored() {
    local how=$1 code=$2
    if wait_for "EXIT:$code" 10; then ok "$how: exits with $code"; else bad "$how: exits with $code" "$(screen)"; fi
    tm send-keys -t e2e "clear; stty -a; echo STTY-DONE" Enter
    # The output's own line, not the command line that asks for it.
    if wait_for "^STTY-DONE" 5 && screen | grep -qE '(^| )echo( |$)' && screen | grep -qE '(^| )icanon( |$)'; then
        ok "$how: terminal restored (stty shows echo and icanon)"
    else
        bad "$how: terminal restored (stty shows echo and icanon)" "$(screen)"
    fi
}

# Runs command $1 in a fresh pane (extra environment $2, as open_pane takes it), then
# prints EXIT:<its status>.
run_in_pane() {
    open_pane "${2:-}"
    tm send-keys -t e2e "clear; $1; echo EXIT:\$?" Enter
}

# The plain Swift programs the exec tests trace (Tests/ProgramTraceTests/Fixtures), built
# or brought up to date; their folder in FIXTURES.
build_fixtures() {
    swift build --package-path Tests/ProgramTraceTests/Fixtures --scratch-path .build-fixtures >/dev/null 2>&1
    FIXTURES=$(realpath .build-fixtures/debug 2>/dev/null || echo .build-fixtures/debug)
}
