#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Load on the verification page's JSON endpoint, bounded in count and time.

    serve_load.py URL FILE.pdf REQUESTS CLIENTS SERVER-PID

CLIENTS threads post FILE to URL/api/verify until REQUESTS answers came;
every answer must be 200 with the verdict TOTAL_PASSED. The memory of the
server and its workers (resident, summed) is read after the first tenth and
at the end: it must not grow by more than 30 MB. Prints the throughput and
the latencies. Exit 1 on any error."""

import http.client
import os
import sys
import threading
import time
import urllib.parse

url, path, total, clients, server_pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
body = open(path, "rb").read()
u = urllib.parse.urlparse(url)
lock = threading.Lock()
taken = 0
errors = []
latencies = []
deadline = time.monotonic() + 600


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def family_rss_kb(pid):
    """The server and its worker processes."""
    total_kb = rss_kb(pid)
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            for child in f.read().split():
                total_kb += rss_kb(int(child))
    except OSError:
        pass
    return total_kb


warm_rss = None


def client():
    global taken, warm_rss
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    while True:
        with lock:
            if taken >= total or errors or time.monotonic() > deadline:
                break
            taken += 1
            n = taken
        t0 = time.monotonic()
        try:
            conn.request("POST", "/api/verify", body=body, headers={"Content-Type": "application/pdf"})
            r = conn.getresponse()
            data = r.read()
            ok = r.status == 200 and b'"verdict": "TOTAL_PASSED"' in data
            if not ok:
                with lock:
                    errors.append("request %d: HTTP %d %s" % (n, r.status, data[:200]))
        except Exception as e:  # a refused or broken connection is an error of the run
            with lock:
                errors.append("request %d: %r" % (n, e))
            conn.close()
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        dt = time.monotonic() - t0
        with lock:
            latencies.append(dt)
            if len(latencies) == total // 10:
                warm_rss = family_rss_kb(server_pid)
    conn.close()


t0 = time.monotonic()
threads = [threading.Thread(target=client) for _ in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - t0
end_rss = family_rss_kb(server_pid)
latencies.sort()
n = len(latencies)
print("serve load: %d requests, %d clients, %.2f s, %.1f verifications/s; latency median %.1f ms, p95 %.1f ms, max %.1f ms"
      % (n, clients, elapsed, n / elapsed if elapsed else 0, 1000 * latencies[n // 2] if n else 0,
         1000 * latencies[int(n * 0.95)] if n else 0, 1000 * latencies[-1] if n else 0))
print("serve load: memory of the server and its workers %.1f MB after %d requests, %.1f MB at the end"
      % ((warm_rss or 0) / 1024, total // 10, end_rss / 1024))
failed = False
if errors:
    print("FAIL %d errors, the first: %s" % (len(errors), errors[0]))
    failed = True
if n != total:
    print("FAIL %d of %d requests answered" % (n, total))
    failed = True
if warm_rss is None or end_rss - warm_rss > 30 * 1024:
    print("FAIL memory grew from %s KB to %d KB" % (warm_rss, end_rss))
    failed = True
sys.exit(1 if failed else 0)
