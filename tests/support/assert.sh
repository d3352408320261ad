# SPDX-License-Identifier: GPL-3.0-or-later
# Assertions for the end-to-end shell tests, sourced after setting $work (a
# scratch directory). Each counts into $passes or $failures and prints what
# failed; the test ends with: [ "$failures" -eq 0 ].
failures=0
passes=0

expect() {  # expect NAME CODE -- command...: the command's exit code; stdout and stderr kept in $work/out, $work/err
  local name=$1 want=$2
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name: exit $got, expected $want"; sed 's/^/  stderr: /' "$work/err" | head -5
    failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
}
contains() {  # contains NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then passes=$((passes + 1)); else
    echo "FAIL $1: '$3' not found in $2"; head -5 "$2" | sed 's/^/  /'; failures=$((failures + 1)); fi
}
lacks() {  # lacks NAME FILE TEXT
  if ! grep -qF -- "$3" "$2"; then passes=$((passes + 1)); else
    echo "FAIL $1: '$3' found in $2"; grep -F -- "$3" "$2" | head -3 | sed 's/^/  /'; failures=$((failures + 1)); fi
}
absent() {  # absent NAME PATH
  if [ -e "$2" ]; then echo "FAIL $1: $2 exists"; failures=$((failures + 1)); else passes=$((passes + 1)); fi
}
