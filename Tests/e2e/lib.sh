# Shared by the end-to-end scripts: a tmux server of their own ($SOCK), checks that count,
# and waiting for the screen. Needs BIN and SOCK set.
PASS=0
FAIL=0

tm() { tmux -u -L "$SOCK" "$@"; }
ok() { PASS=$((PASS + 1)); echo "ok   - $1"; }
bad() {
    FAIL=$((FAIL + 1))
    echo "FAIL - $1"
    if [ -n "${2:-}" ]; then printf '%s\n' "$2" | sed 's/^/    | /'; fi
}
# Ends the script: the summary line ("$1: N passed, M failed"), exit 1 on any failure.
finish() {
    tm kill-server >/dev/null 2>&1
    echo "${1:-e2e}: $PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
    exit $?
}
trap 'tm kill-server >/dev/null 2>&1' EXIT

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

# A fresh 120x40 pane running a plain shell, with extra environment $1.
open_pane() {
    tm kill-session -t e2e >/dev/null 2>&1
    tm new-session -d -s e2e -x 120 -y 40 "env -i PATH=\"$PATH\" HOME=\"$HOME\" TERM=screen LANG=C.UTF-8 $1 bash --norc --noprofile"
}

# After the program in the pane exits: its exit code ($2), and terminal modes restored.
check_restored() {
    local how=$1 code=$2
    if wait_for "EXIT:$code" 10; then ok "$how: exits with $code"; else bad "$how: exits with $code" "$(screen)"; fi
    tm send-keys -t e2e "clear; stty -a; echo STTY-DONE" Enter
    if wait_for "STTY-DONE" 5 && screen | grep -qE '(^| )echo( |$)' && screen | grep -qE '(^| )icanon( |$)'; then
        ok "$how: terminal restored (stty shows echo and icanon)"
    else
        bad "$how: terminal restored (stty shows echo and icanon)" "$(screen)"
    fi
}
