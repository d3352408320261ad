#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The verification page in a real browser: Debian's headless Chromium,
driven by Selenium through chromedriver (python3-selenium, chromium-driver).

    serve_browser.py URL SIGNED.pdf TAMPERED.pdf NOT-A-PDF SHOTS-DIR

Uploads the signed sample (verdict and three signature cards, in Swedish,
then in English by the toggle), the tampered copy (the failure), a file that
is not a PDF (a clear message), and the signed sample again with JavaScript
off (the plain form). Checks labels, keyboard reach and contrast. Writes
screenshots of the results to SHOTS-DIR. Exit 1 on the first failed check."""

import os
import sys

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from contrast import contrast as contrast_of  # noqa: E402
from checks import check, finish  # noqa: E402
from loopback_chrome import browser  # noqa: E402

url, signed, tampered, not_pdf, shots = sys.argv[1:6]


def upload(d, path):
    d.get(url)
    d.find_element(By.ID, "file").send_keys(path)
    d.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
    WebDriverWait(d, 60).until(ec.presence_of_element_located((By.ID, "verdict")))
    return d.find_element(By.ID, "verdict")


def shown_text(el):
    return " ".join(el.text.split())


d = browser()
try:
    # The start page: labels, keyboard order.
    d.get(url)
    check("Verifiera ett signerat protokoll" in d.find_element(By.TAG_NAME, "h1").text, "start page in Swedish")
    unlabelled = d.execute_script(
        "return Array.from(document.querySelectorAll('input:not([type=hidden])')).filter("
        "i => !i.labels || i.labels.length === 0).map(i => i.id || i.name);")
    check(unlabelled == [], "every input has a label (unlabelled: %s)" % unlabelled)
    reached = []
    for _ in range(12):
        ActionChains(d).send_keys(Keys.TAB).perform()
        el = d.switch_to.active_element
        reached.append(el.get_attribute("id") or el.tag_name)
    check("file" in reached and "anslag" in reached and "button" in reached,
          "the file chooser, the notice day and the button are reached by Tab (%s)" % reached)

    # The signed sample.
    v = upload(d, signed)
    check(v.get_attribute("data-key") == "justerat" and v.get_attribute("data-verdict") == "TOTAL_PASSED",
          "signed sample: verdict justerat / TOTAL_PASSED (%s / %s)" % (v.get_attribute("data-key"), v.get_attribute("data-verdict")))
    check("Protokollet är justerat och oförändrat" in shown_text(v), "signed sample: the verdict in plain Swedish words")
    cards = d.find_elements(By.CSS_SELECTOR, ".sig-card")
    check(len(cards) == 3, "signed sample: three signature cards (%d)" % len(cards))
    names = [c.find_element(By.TAG_NAME, "h3").text for c in cards]
    check(names == ["Alexander Ojanne", "Jan Jönsson", "Magnus Hillborg"], "the cards name the signers as the protocol does (%s)" % names)
    roles = [shown_text(c.find_element(By.CSS_SELECTOR, ".role")) for c in cards]
    check(roles == ["Justerare", "Justerare", "Sekreterare"], "the cards give the roles (%s)" % roles)
    check(all("bestyrkt av en tidsstämpel" in shown_text(c) for c in cards), "every card says its time is certified by a timestamp")
    check(all("TEST ONLY" in shown_text(c) or "Test" in shown_text(c) for c in cards), "every card names the certificate's issuer")
    check("Socialnämnden" in d.find_element(By.CSS_SELECTOR, ".organ").text, "the protocol's organ is shown")
    check(len(d.find_elements(By.CSS_SELECTOR, ".paragraphs li")) == 29, "the protocol's 29 paragraphs are listed")
    check(len(d.find_elements(By.CSS_SELECTOR, "a.download[download]")) == 2, "links to download the JSON report and the XML")
    ratio = contrast_of(v, v)
    check(ratio >= 4.5, "the verdict's text contrast is at least 4.5:1 (%.1f)" % ratio)
    d.save_screenshot(shots + "/serve-signed-sv.png")

    # The English toggle, on the same page, without a new request.
    d.find_element(By.CSS_SELECTOR, "label[for=lang-en]").click()
    v = d.find_element(By.ID, "verdict")
    check("The protocol is adjusted and unchanged" in shown_text(v) and "justerat och oförändrat" not in shown_text(v),
          "the toggle shows the verdict in English only")
    check(d.execute_script("return document.documentElement.lang") == "en", "the page's language follows the toggle")
    d.save_screenshot(shots + "/serve-signed-en.png")
    d.find_element(By.CSS_SELECTOR, "label[for=lang-sv]").click()

    # The tampered copy.
    v = upload(d, tampered)
    check(v.get_attribute("data-verdict") == "TOTAL_FAILED", "tampered: TOTAL_FAILED (%s)" % v.get_attribute("data-verdict"))
    check("Protokollet har ändrats efter att det signerades" in shown_text(v), "tampered: 'ändrats efter att det signerades'")
    check("bad" in v.get_attribute("class").split(), "tampered: the verdict is marked as a failure")
    d.save_screenshot(shots + "/serve-tampered-sv.png")

    # Not a PDF.
    v = upload(d, not_pdf)
    check("Filen är inte en PDF-fil" in shown_text(v), "not a PDF: a clear message (%s)" % shown_text(v)[:80])
    check(len(d.find_elements(By.ID, "file")) == 1, "not a PDF: the form is offered again")
finally:
    d.quit()

# Without JavaScript: the plain form posts and the result page is whole.
d = browser(javascript=False)
try:
    d.get(url)
    v = upload(d, signed)
    check("Protokollet är justerat och oförändrat" in shown_text(v) and len(d.find_elements(By.CSS_SELECTOR, ".sig-card")) == 3,
          "without JavaScript: the verdict and three cards")
    d.find_element(By.CSS_SELECTOR, "label[for=lang-en]").click()
    check("The protocol is adjusted and unchanged" in shown_text(d.find_element(By.ID, "verdict")),
          "without JavaScript: the language toggle still works (CSS)")
    check(d.execute_script("return document.documentElement.lang") == "sv",
          "without JavaScript: the page's script did not run (the language attribute stays sv)")
finally:
    d.quit()

sys.exit(finish())
