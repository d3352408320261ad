# SPDX-License-Identifier: GPL-3.0-or-later
"""One line per check for the browser tests, "ok   ..." or "FAIL ...", and
their count: `check(cond, what)`, then `sys.exit(finish())`."""

failures = 0


def check(cond, what):
    global failures
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures += 1


def finish():
    """Prints the outcome; the exit status to give (1 when a check failed)."""
    print("%d failed" % failures if failures else "all passed")
    return 1 if failures else 0
