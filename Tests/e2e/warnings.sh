#!/usr/bin/env bash
# End-to-end tests of the warnings and the task tree in a real terminal: a scenario that
# makes a mistake on purpose, the count in the header, the warnings pane (W) and its jump,
# the task tree (T), the same for a traced program, and the terminal restored after each.
# Prints one line per check and a last line "e2e warnings: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
SOCK="interleave-e2e-warnings-$$"
. Tests/e2e/lib.sh
trap 'tm kill-server >/dev/null 2>&1' EXIT

build_fixtures
if [ ! -x "$BIN" ]; then bad "binary $BIN is built"; finish "e2e warnings"; fi

# 1. A scenario's blocking call: counted in the header, listed by W, Enter jumps to its lane.
run_in_pane "'$BIN' run blocking-call --virtual"
if wait_for '[0-9]+ warnings? \(W\)' 15; then ok "run: the header counts the warnings"; else bad "run: the header counts the warnings" "$(screen)"; fi
tm send-keys -t e2e W
if wait_for 'blocking call .*parse held thread T0 for 500 ms' 5; then ok "run: W lists the blocking call with its evidence"; else bad "run: W lists the blocking call with its evidence" "$(screen)"; fi
tm send-keys -t e2e Down Enter
if wait_for 'PAUSED' 5 && ! screen | grep -q 'Enter jumps to'; then ok "run: Enter closes the pane and pauses at the moment"; else bad "run: Enter closes the pane and pauses at the moment" "$(screen)"; fi
if screen | grep -qE '^▸\s*parse\s'; then ok "run: the warned task's lane is selected"; else bad "run: the warned task's lane is selected" "$(screen)"; fi
# 2. The task tree: main and its two children; Left folds them, Enter selects a lane.
tm send-keys -t e2e T
if wait_for 'task tree' 5 && wait_for '▾ main .*completed' 3 && screen | grep -qE '│ +ticker +[0-9.]+ u +completed'; then
    ok "run: T shows the tree"
else
    bad "run: T shows the tree" "$(screen)"
fi
tm send-keys -t e2e Home Left
if wait_for '▸ main \(\+2\)' 5; then ok "run: Left folds a task's children"; else bad "run: Left folds a task's children" "$(screen)"; fi
tm send-keys -t e2e Right Down Enter
if wait_for '^▸\s*ticker\s' 5 && ! screen | grep -q 'task tree'; then ok "run: Enter on a node selects its lane"; else bad "run: Enter on a node selects its lane" "$(screen)"; fi
tm send-keys -t e2e q
check_restored "run" 0

# 3. A traced program: the task it left asleep is a warning once it has exited.
if [ -x "$FIXTURES/never-finished" ]; then
    run_in_pane "'$BIN' exec -- '$FIXTURES/never-finished'"
    if wait_for 'exited with status 0' 15 && wait_for '1 warning \(W\)' 5; then ok "exec: the header counts the warning at exit"; else bad "exec: the header counts the warning at exit" "$(screen)"; fi
    tm send-keys -t e2e W
    if wait_for 'never finished .*NeverFinished.main\(\) was still suspended \(sleep\)' 5; then ok "exec: W lists it"; else bad "exec: W lists it" "$(screen)"; fi
    tm send-keys -t e2e Escape T
    if wait_for '▾ main' 5 && wait_for 'closure #1 in NeverFinished.main\(\)' 3; then ok "exec: T shows the program's tree"; else bad "exec: T shows the program's tree" "$(screen)"; fi
    tm send-keys -t e2e Escape q
    check_restored "exec" 0
else
    bad "fixtures are built in $FIXTURES"
fi
finish "e2e warnings"
