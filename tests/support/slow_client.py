#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A client that sends a request's head and then a byte every two seconds,
as a slow or hostile uploader does:

    slow_client.py URL HEAD

HEAD is the request as sent first, with \\r\\n written as such. Prints the
status code of the answer (0 when none came) and the whole seconds until
it came or the connection ended; gives up after 80 seconds."""

import socket
import sys
import time
import urllib.parse


def slow_upload(host, port, head, rounds=40):
    """(status code or 0, seconds)."""
    t0 = time.monotonic()
    s = socket.create_connection((host, port), timeout=60)
    code = 0
    try:
        s.sendall(head)
        s.settimeout(2)
        for _ in range(rounds):
            try:
                data = s.recv(4096)
                if data.startswith(b"HTTP/1.1 "):
                    code = int(data.split(b" ")[1])
                break
            except socket.timeout:
                pass
            except OSError:
                break
            try:
                s.sendall(b"x")
            except OSError:
                break
    finally:
        s.close()
    return code, time.monotonic() - t0


if __name__ == "__main__":
    u = urllib.parse.urlparse(sys.argv[1])
    code, took = slow_upload(u.hostname, u.port, sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
    print(code, int(took))
