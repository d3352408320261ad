#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Hostile and slow clients beside honest ones, against 'justera serve'
started with --threads 8 (so at most 4 uploads are received at once):

    serve_hostile.py URL SIGNED.pdf SERVER-PID

- 12 clients send an upload's head and then a byte every two seconds: each
  is cut off (408) or turned away at once (503), none holds a thread for
  long, and meanwhile honest visitors get the page and an answer to their
  upload (200, or 503 while the upload slots are taken) — never a hang;
- a form that trickles a part's head: 408 within 20 s;
- 12 clients that send a request's head a byte every two seconds (more
  than the threads): each cut off with 408 15 s after it came, and a
  visitor who came meanwhile is answered;
- two Content-Length headers: 400 at once; a Content-Length of 10 GB with
  no body: 413 at once; a PDF sent as a url-encoded form (curl
  --data-binary without -H): 415 saying how to send it;
- six uploads of 20 MB: the server's memory goes back down after them.

Exit 1 when a check fails."""

import http.client
import os
import socket
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import slow_client  # noqa: E402

url, signed_path, server_pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
u = urllib.parse.urlparse(url)
signed = open(signed_path, "rb").read()
failures = 0
lock = threading.Lock()


def check(cond, what):
    global failures
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures += 1


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def raw(head, body=b"", wait=5.0):
    """Sends a request as written; the status line's code, the seconds until
    it came, and what came within `wait`."""
    t0 = time.monotonic()
    s = socket.create_connection((u.hostname, u.port), timeout=wait)
    try:
        s.sendall(head + body)
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        took = time.monotonic() - t0
        rest = b""
        try:
            while len(rest) < 65536:
                chunk = s.recv(4096)
                if not chunk:
                    break
                rest += chunk
        except socket.timeout:
            pass
        code = int(data.split(b" ")[1]) if data.startswith(b"HTTP/1.1 ") else 0
        return code, took, data + rest
    except (socket.timeout, ConnectionError, IndexError, ValueError):
        return 0, time.monotonic() - t0, b""
    finally:
        s.close()


def honest_post():
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    t0 = time.monotonic()
    c.request("POST", "/api/verify", body=signed, headers={"Content-Type": "application/pdf"})
    r = c.getresponse()
    r.read()
    c.close()
    return r.status, time.monotonic() - t0


def honest_get():
    """(status, seconds); status 0 when no answer came within 30 s."""
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    t0 = time.monotonic()
    try:
        c.request("GET", "/")
        r = c.getresponse()
        r.read()
        return r.status, time.monotonic() - t0
    except OSError:
        return 0, time.monotonic() - t0
    finally:
        c.close()


# 1. Slow uploads, and honest visitors meanwhile.
slow_results = []


def slow_upload(head=b"POST /api/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/pdf\r\nContent-Length: 1000000\r\n\r\n%PDF-1.7\n"):
    result = slow_client.slow_upload(u.hostname, u.port, head)
    with lock:
        slow_results.append(result)


slow = [threading.Thread(target=slow_upload) for _ in range(12)]
for t in slow:
    t.start()
time.sleep(1.5)
gets, posts = [], []
end = time.monotonic() + 14
while time.monotonic() < end:
    gets.append(honest_get())
    posts.append(honest_post())
    time.sleep(0.3)
for t in slow:
    t.join()
check(len(gets) >= 5 and all(s == 200 and t < 5 for s, t in gets),
      "pages were served while 12 clients sent slowly (%d, slowest %.1f s)" % (len(gets), max(t for _, t in gets)))
check(all(s in (200, 503) and t < 15 for s, t in posts),
      "every honest upload was answered meanwhile, 200 or 503 (%s)" % sorted(set(s for s, _ in posts)))
check(all(c in (408, 503) for c, _ in slow_results) and max(t for _, t in slow_results) < 30,
      "each slow upload was cut off or turned away within 30 s (%s, longest %.1f s)"
      % (sorted(set(c for c, _ in slow_results)), max(t for _, t in slow_results)))
check(sum(1 for c, _ in slow_results if c == 408) >= 1, "the slow uploads that were taken were cut off as too slow (408)")
status, took = honest_post()
check(status == 200, "after them an honest upload is verified (%d, %.1f s)" % (status, took))
# A form whose part head comes a byte at a time: the form parser tells the
# server nothing until a part's content starts, so only the watch on a
# stalled upload ends it.
slow_results.clear()
slow_upload(b"POST /verify HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n--b\r\n")
check(slow_results[0][0] == 408 and slow_results[0][1] < 20,
      "a form trickling its part head is cut off as too slow (%d after %.1f s)" % slow_results[0])

# 1b. Slow heads: 12 clients (more than the 8 threads) send a request line
# and then a header a byte every two seconds. The server cuts each off
# (408) 15 s after it came, so the threads are free again and an honest
# visitor waiting meanwhile is answered, late but answered.
slow_results.clear()
slow = [threading.Thread(target=slow_upload, args=(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ",)) for _ in range(12)]
for t in slow:
    t.start()
time.sleep(2)
waited = honest_get()
for t in slow:
    t.join()
check(all(c == 408 for c, _ in slow_results) and max(t for _, t in slow_results) < 25,
      "each head sent a byte at a time was cut off (%s, longest %.1f s)"
      % (sorted(set(c for c, _ in slow_results)), max(t for _, t in slow_results)))
check(waited[0] == 200 and waited[1] < 25, "a visitor who came while they held every thread was answered (%d after %.1f s)" % waited)
check(honest_get()[0] == 200, "after them the page is served at once")

# 2. Bad heads: refused at once, before any body is read.
code, took, _ = raw(b"POST /api/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/pdf\r\nContent-Length: 5\r\nContent-Length: 500\r\n\r\n%PDF-")
check(code == 400 and took < 3, "two Content-Length headers: 400 at once (%d, %.1f s)" % (code, took))
code, took, _ = raw(b"POST /api/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/pdf\r\nContent-Length: 10000000000\r\n\r\n")
check(code == 413 and took < 3, "a Content-Length of 10 GB: 413 at once (%d, %.1f s)" % (code, took))
code, took, answer = raw(b"POST /api/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(signed), signed)
check(code == 415 and b"application/pdf" in answer, "a PDF sent as a url-encoded form: 415 saying how to send it (%d)" % code)

# A refused body is never read as a request of its own: one answer, then the
# connection is closed (no request smuggled in a refused body).
hidden = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
code, took, answer = raw(b"POST /verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(hidden), hidden)
check(code == 415 and answer.count(b"HTTP/1.1 ") == 1 and b"ok\n" not in answer,
      "a request inside a refused body is not answered (%d answers)" % answer.count(b"HTTP/1.1 "))
code, took, _ = raw(b"PUT /verify HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 300000\r\n\r\n")
check(code == 405 and took < 3, "a PUT with a body: 405 at once, nothing read (%d, %.1f s)" % (code, took))
code, took, _ = raw(b"POST /nothing HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nx")
check(code == 404 and took < 3, "a POST where none is taken: 404 at once, nothing read (%d, %.1f s)" % (code, took))
# Refused before routing, with the whole body sent: the answer reaches the
# sender every time (the body is read away after it; closing with unread
# data would reset the connection and lose the answer).
body = b"x" * (1536 * 1024)
for head, want, what in (
        (b"POST /nothing HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body), 404, "a POST of 1.5 MB where none is taken"),
        (b"PUT /verify HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body), 405, "a PUT of 1.5 MB"),
        (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body), 400, "a GET with 1.5 MB of body")):
    codes = [raw(head, body)[0] for _ in range(6)]
    check(codes == [want] * 6, "%s: %d every time, six times (%s)" % (what, want, codes))
code, took, answer = raw(b"POST /api/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/pdf\r\nExpect: 100-continue\r\nContent-Length: 10000000000\r\n\r\n")
check(code == 413 and b"100 Continue" not in answer, "Expect: 100-continue with 10 GB: 413 without a 100 Continue (%d)" % code)

# 3. Memory after large uploads goes back down.
before = rss_kb(server_pid)
big = b"%PDF-1.7\n" + os.urandom(20 * 1024 * 1024)
for _ in range(6):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    c.request("POST", "/api/verify", body=big, headers={"Content-Type": "application/pdf"})
    c.getresponse().read()
    c.close()
after = rss_kb(server_pid)
check(after - before < 40 * 1024, "the server's memory after six 20 MB uploads: %d MB before, %d MB after" % (before // 1024, after // 1024))

print("%d failed" % failures if failures else "all passed")
sys.exit(1 if failures else 0)
