#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The verification page's first answer, "Är protokollet justerat?", in
Debian's headless Chromium (Selenium, chromedriver):

    serve_answers_browser.py URL CASES.json SHOTS-DIR

For each case (serve_answers_test.sh writes them) the file is uploaded once
and the page read in Swedish and, by the toggle, in English, at desktop width
(1100 px) and at a phone's (390 px): the answer's key and words, the colour
of its box and its contrast, the notes shown with it, the roles on the
signature cards, whether the facts below are marked unconfirmed, that the
answer is on the first screen and that nothing is wider than a phone.
Screenshots go to SHOTS-DIR. Exit 1 when a check fails."""

import json
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from contrast import contrast  # noqa: E402
from checks import check, finish  # noqa: E402
from loopback_chrome import browser  # noqa: E402

url, cases_file, shots = sys.argv[1:4]
cases = json.load(open(cases_file))


def shown(el):
    return " ".join(el.text.split())


def language(d, lang):
    d.find_element(By.CSS_SELECTOR, "label[for=lang-%s]" % lang).click()


d = browser()
try:
    for c in cases:
        n = c["name"]
        d.set_window_size(1100, 1500)
        d.get(url)
        d.find_element(By.ID, "file").send_keys(c["file"])
        d.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
        WebDriverWait(d, 120).until(ec.presence_of_element_located((By.ID, "verdict")))
        v = d.find_element(By.ID, "verdict")
        answer = v.find_element(By.CSS_SELECTOR, ".answer")
        check(v.get_attribute("data-answer") == c["answer"], "%s: the answer is %s (%s)" % (n, c["answer"], v.get_attribute("data-answer")))
        check(c["box"] in v.get_attribute("class").split(), "%s: the answer's box is %s (%s)" % (n, c["box"], v.get_attribute("class")))
        check(shown(v.find_element(By.ID, "question")) == "Är protokollet justerat?", "%s: the question comes first, in Swedish" % n)
        check(shown(answer).startswith(c["sv"]), "%s: the answer in Swedish: %s" % (n, shown(answer)[:160]))
        notes = " ".join(shown(x) for x in v.find_elements(By.CSS_SELECTOR, ".notes li"))
        check(all(x in notes for x in c["notes"]), "%s: the notes with the answer hold %s (%s)" % (n, c["notes"], notes[:200]))
        if not c["notes"] and c["answer"] == "yes":
            check(notes == "", "%s: nothing else to read at once (%s)" % (n, notes[:200]))
        if c["roles"] is not None:
            roles = [shown(x) for x in d.find_elements(By.CSS_SELECTOR, ".sig-card .role")]
            check(roles == c["roles"], "%s: the cards' roles %s" % (n, roles))
        check(not any("Inte namngiven" in shown(x) for x in d.find_elements(By.CSS_SELECTOR, ".sig-card .role")),
              "%s: no card says its signer is not named in the protocol" % n)
        cards = " ".join(shown(x) for x in d.find_elements(By.CSS_SELECTOR, ".sig-card"))
        check(all(x in cards for x in c.get("cards", [])), "%s: the cards say %s" % (n, c.get("cards", [])))
        marked = len(d.find_elements(By.CSS_SELECTOR, ".unverified")) > 0
        check(marked == c["unconfirmed"], "%s: the facts below are %smarked unconfirmed" % (n, "" if c["unconfirmed"] else "not "))
        ratio = contrast(answer, v)
        check(ratio >= 4.5, "%s: the answer's contrast is at least 4.5:1 (%.1f)" % (n, ratio))
        unlabelled = d.execute_script(
            "return Array.from(document.querySelectorAll('input:not([type=hidden])')).filter("
            "i => !i.labels || i.labels.length === 0).map(i => i.id || i.name);")
        check(unlabelled == [], "%s: every input has a label (%s)" % (n, unlabelled))
        d.save_screenshot("%s/%s-sv-desktop.png" % (shots, n))
        if n == "justerat":
            # Post/Redirect/Get: the result has an address of its own; loading it
            # again sends nothing and shows the same. The link to share asks for
            # the same file and shows the same answer.
            check("/result/" in d.current_url, "justerat: the result has its own address (%s)" % d.current_url)
            d.refresh()
            v = d.find_element(By.ID, "verdict")
            check(v.get_attribute("data-answer") == "yes", "justerat: reloading the result shows it again")
            # The notice day, given on the result page: the last day to appeal, no new upload.
            day = d.find_element(By.ID, "anslag-day")
            d.execute_script("arguments[0].value = '2024-03-25'", day)
            d.find_element(By.CSS_SELECTOR, "form.anslag button").click()
            WebDriverWait(d, 60).until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".appeal"), "2024-04-15"))
            check("/result/" in d.current_url and "anslag=2024-03-25" in d.current_url, "justerat: the notice day is given on the result page")
            check(d.find_element(By.ID, "verdict").get_attribute("data-answer") == "yes", "justerat: the answer stays with the notice day")
            # The report as a PDF, in the language shown and for the notice day shown.
            sv_link, en_link = d.find_element(By.ID, "report-pdf-sv"), d.find_element(By.ID, "report-pdf-en")
            check(sv_link.is_displayed() and not en_link.is_displayed() and
                  sv_link.get_attribute("href").endswith("/rapport.pdf?lang=sv&anslag=2024-03-25"),
                  "justerat: the link to the PDF report in Swedish, with the notice day (%s)" % sv_link.get_attribute("href"))
            language(d, "en")
            check(en_link.is_displayed() and not sv_link.is_displayed() and en_link.get_attribute("href").endswith("/rapport.pdf?lang=en&anslag=2024-03-25"),
                  "justerat: the link to the PDF report in English once English is chosen")
            language(d, "sv")
            d.find_element(By.ID, "share").click()
            check("/r/" in d.current_url and len(d.find_elements(By.ID, "expected")) == 1, "justerat: the shared link asks for the file")
            d.find_element(By.ID, "file").send_keys(c["file"])
            d.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
            WebDriverWait(d, 120).until(ec.presence_of_element_located((By.ID, "verdict")))
            v = d.find_element(By.ID, "verdict")
            check(v.get_attribute("data-answer") == "yes", "justerat: the same file through the shared link gives the same answer")
            answer = v.find_element(By.CSS_SELECTOR, ".answer")

        language(d, "en")
        check(shown(v.find_element(By.ID, "question")) == "Is the protocol adjusted (justerat)?", "%s: the question in English" % n)
        check(shown(answer).startswith(c["en"]) and "Protokollet" not in shown(answer), "%s: the answer in English only: %s" % (n, shown(answer)[:160]))

        # A phone: the answer on the first screen, nothing wider than it.
        d.set_window_size(390, 844)
        top = d.execute_script("return arguments[0].getBoundingClientRect().top", answer)
        inner = d.execute_script("return window.innerHeight")
        check(0 <= top < inner, "%s: on a phone the answer is on the first screen (top %d of %d)" % (n, top, inner))
        wide = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        check(wide <= 1, "%s: on a phone nothing is wider than the screen (%d px too wide)" % (n, wide))
        d.save_screenshot("%s/%s-en-phone.png" % (shots, n))
        language(d, "sv")
        check(shown(answer).startswith(c["sv"]), "%s: back to Swedish on the phone" % n)
finally:
    d.quit()

sys.exit(finish())
