# SPDX-License-Identifier: GPL-3.0-or-later
"""Debian's headless Chromium for the browser tests, driven by Selenium
through chromedriver, which is reached at 127.0.0.1: a minimal system may
have no /etc/hosts to say what "localhost" is."""

import atexit
import os
import shutil
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common import utils


class LoopbackService(Service):
    @property
    def service_url(self):
        return "http://127.0.0.1:%d" % self.port

    def is_connectable(self):
        return utils.is_connectable(self.port, "127.0.0.1")


def browser(javascript=True):
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,1500",
              "--lang=sv-SE", "--no-first-run", "--disable-extensions", "--disable-background-networking",
              "--remote-debugging-pipe"):  # DevTools over a pipe: no port, no name to resolve
        o.add_argument(a)
    prefs = {"intl.accept_languages": "sv-SE,sv"}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    o.add_experimental_option("prefs", prefs)
    # Chromium's profile and its own temporary files (singleton sockets,
    # scoped directories) in a directory of this test, removed when the test
    # ends however Chromium ended: nothing left in the machine's /tmp.
    own = tempfile.mkdtemp(prefix="justera-chromium-")
    atexit.register(shutil.rmtree, own, True)
    o.add_argument("--user-data-dir=" + os.path.join(own, "profile"))
    env = dict(os.environ, TMPDIR=own)
    d = webdriver.Chrome(service=LoopbackService("/usr/bin/chromedriver", env=env), options=o)
    d.set_page_load_timeout(60)
    return d
