#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every error justera can show a person says it in Swedish too.

Reads the sources under src/ and finds each construction of core::Error
(`Error(Errc::..., message, where, message_sv)`). One with a message of its
own and no Swedish message (the fourth argument) is listed with its file and
line, and the check fails. Internal errors (Errc::Internal: a fault of the
program, reported as one) are English only. An error passed on with another's
message passes the other's Swedish on (`e.said(true)`) and counts.

Usage: error_languages.py SOURCE_DIR [--list]
"""
import os
import re
import sys

START = re.compile(r'(?<![A-Za-z_:])(?:core::)?Error\(')


def skip_string(text, i):
    """i at an opening quote (or R"( ...); returns the index after the literal."""
    if text.startswith('R"', i - 1) and text[i - 1] == 'R':
        pass
    quote = text[i]
    i += 1
    while i < len(text):
        c = text[i]
        if c == '\\':
            i += 2
            continue
        if c == quote:
            return i + 1
        i += 1
    return i


def arguments(text, i):
    """i just after '('; returns (list of top-level argument texts, index after ')')."""
    depth = 0
    args = []
    current = []
    while i < len(text):
        c = text[i]
        if c in '"\'':
            j = skip_string(text, i)
            current.append(text[i:j])
            i = j
            continue
        if text.startswith('//', i):
            j = text.find('\n', i)
            i = len(text) if j < 0 else j
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                args.append(''.join(current).strip())
                return args, i + 1
            depth -= 1
        elif c == ',' and depth == 0:
            args.append(''.join(current).strip())
            current = []
            i += 1
            continue
        current.append(c)
        i += 1
    return args, i


def constructions(path):
    text = open(path, encoding='utf-8').read()
    for m in START.finditer(text):
        before = text[max(0, m.start() - 40):m.start()]
        # A declaration or a type name (class Error, const Error&) is no construction.
        if re.search(r'(class|struct|const|catch \()\s*(core::)?$', before.rstrip()) or before.rstrip().endswith('~'):
            continue
        args, _ = arguments(text, m.end())
        if not args or not args[0]:
            continue
        line = text.count('\n', 0, m.start()) + 1
        yield line, args


def main():
    root = sys.argv[1]
    listing = '--list' in sys.argv
    missing = []
    total = 0
    for directory, _, files in os.walk(os.path.join(root, 'src')):
        for name in sorted(files):
            if not name.endswith('.cpp'):
                continue
            path = os.path.join(directory, name)
            for line, args in constructions(path):
                code = args[0]
                if 'Errc' not in code and 'code' not in code:
                    continue  # not core::Error (another type called Error)
                total += 1
                if code.endswith('Errc::Internal'):
                    continue
                if len(args) >= 4 and args[3] not in ('{}', '""', 'std::string()', 'std::string{}'):
                    continue
                missing.append((os.path.relpath(path, root), line, args[1][:90].replace('\n', ' ')))
    for path, line, message in missing:
        print(f'{path}:{line}: no Swedish message: {message}')
    print(f'{total} errors constructed, {len(missing)} without a Swedish message')
    if listing:
        return 0
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
