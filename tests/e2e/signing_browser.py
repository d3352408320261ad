#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""One signer on the signing page in a real browser: Debian's headless
Chromium, driven by Selenium through chromedriver.

    signing_browser.py LINK GIVEN SURNAME WHAT SHOT.png

Opens the signer's LINK. WHAT is one of:
  sign     press "Signera med e-legitimation"; the page posts the sign request
           to the signature service (the stand-in), whose login page must show
           the sign message; "authenticate" as GIVEN SURNAME and sign; the
           service posts the response back and the page must say the
           signature is done and list the signer as signed;
  cancel   the same, cancelled at the service: the page must say so, and the
           button must be back;
  wait     the button must not be there (not this signer's turn);
  signed   the page must say this signer has signed already, without a button.
Writes a screenshot. Exit 1 on the first failed check."""

import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from loopback_chrome import browser  # noqa: E402

link, given, surname, what, shot = sys.argv[1:6]


def check(cond, what_):
    print(("ok   " if cond else "FAIL ") + what_)
    if not cond:
        sys.exit(1)


d = browser()


def text_of(css):
    return " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, css))


try:
    d.get(link)
    page = " ".join(d.find_element(By.TAG_NAME, "main").text.split())
    check("Skriv under protokollet" in page, "the signing page opens in Swedish")
    check(surname in page, "the page lists " + surname)
    buttons = d.find_elements(By.ID, "sign")
    if what == "wait":
        check(not buttons, "no button: it is not this signer's turn")
        check("när de andra har skrivit under" in page, "the page says the secretary signs after the others")
    elif what == "signed":
        check(not buttons, "no button: this signer has signed")
        check("Du har redan skrivit under" in page, "the page says this signer has signed already")
    else:
        check(len(buttons) == 1, "the button is there")
        buttons[0].click()
        WebDriverWait(d, 60).until(ec.presence_of_element_located((By.ID, "sign-message")))
        message = d.find_element(By.ID, "sign-message").text
        check("justerare" in message or "sekreterare" in message, "the service shows the sign message with the role: " + message[:120])
        check("Socialnämnden" in message and "SHA-256" in message, "the message names the organ and the document's checksum")
        for field, value in (("givenName", given), ("sn", surname)):
            box = d.find_element(By.ID, field)
            box.clear()
            box.send_keys(value)
        d.find_element(By.ID, "cancel" if what == "cancel" else "sign").click()
        # The service posts the answer back; the page redirects to the signer's page.
        WebDriverWait(d, 90).until(lambda drv: "/sign/" in drv.current_url and drv.find_elements(By.CSS_SELECTOR, "main h1"))
        WebDriverWait(d, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "main .verdict")))
        verdict = " ".join(text_of("main .verdict").split())
        page = " ".join(d.find_element(By.TAG_NAME, "main").text.split())
        check(d.current_url.rstrip("/") == link.rstrip("/"), "back on the signer's own page (Post/Redirect/Get), at " + d.current_url + ": " + verdict)
        if what == "cancel":
            check("Du avbröt underskriften" in verdict, "the page says the signing was cancelled: " + verdict)
            check(len(d.find_elements(By.ID, "sign")) == 1, "the button is back after a cancel")
        else:
            check("Din underskrift är klar" in verdict, "the page says the signature is done: " + verdict)
            check(not d.find_elements(By.ID, "sign"), "no button after signing")
            check("(du) – har skrivit under" in page, "the signer is listed as signed")
    d.save_screenshot(shot)
finally:
    d.quit()
