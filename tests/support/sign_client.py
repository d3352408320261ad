#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""TEST-ONLY: plays the signer's browser between justera and a signature
service, without a browser: posts the form 'justera sign request --form'
wrote (the HTTP POST binding) to the service, "authenticates" on its login
form as the person given, and writes the EidSignResponse the service posts
back (base64), checking that it goes back to the request's RelayState.

  sign_client.py FORM.html -o RESPONSE.b64 [--personnummer N] [--given G]
                 [--sn S] [--outcome ok|authn-failed|...] [--cancel]

Exit 0 with the response written, 1 when the service answered no form."""

import argparse
import html.parser
import sys
import urllib.parse
import urllib.request


class Forms(html.parser.HTMLParser):
    """Every form of a page: its action and its named inputs' values."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.selects = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}})
        elif tag == "input" and self.forms and a.get("name"):
            self.forms[-1]["fields"][a["name"]] = a.get("value", "")
        elif tag == "select" and self.forms and a.get("name"):
            self.selects.append(a["name"])


def forms_of(page):
    p = Forms()
    p.feed(page)
    return p.forms


def post(url, fields):
    data = urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"})
    # Never through a proxy: the service is on this machine.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("form")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--personnummer")
    ap.add_argument("--given")
    ap.add_argument("--sn")
    ap.add_argument("--outcome", default="ok")
    ap.add_argument("--cancel", action="store_true")
    a = ap.parse_args()

    with open(a.form, encoding="utf-8") as f:
        ours = forms_of(f.read())
    if len(ours) != 1 or "EidSignRequest" not in ours[0]["fields"]:
        print("sign_client: the form holds no EidSignRequest", file=sys.stderr)
        return 1
    request = ours[0]
    relay = request["fields"].get("RelayState", "")
    status, page = post(request["action"], request["fields"])
    if status != 200:
        print("sign_client: the service answered HTTP %d: %s" % (status, page[:300]), file=sys.stderr)
        return 1
    forms = forms_of(page)
    back = next((f for f in forms if "EidSignResponse" in f["fields"]), None)
    if back is None:
        login = next((f for f in forms if "session" in f["fields"]), None)
        if login is None:
            print("sign_client: no login form on the service's page", file=sys.stderr)
            return 1
        fields = dict(login["fields"])
        for name, value in (("personnummer", a.personnummer), ("givenName", a.given), ("sn", a.sn)):
            if value is not None:
                fields[name] = value
        fields["outcome"] = a.outcome
        fields["action"] = "cancel" if a.cancel else "sign"
        action = urllib.parse.urljoin(request["action"], login["action"])
        status, page = post(action, fields)
        if status != 200:
            print("sign_client: the login answered HTTP %d: %s" % (status, page[:300]), file=sys.stderr)
            return 1
        back = next((f for f in forms_of(page) if "EidSignResponse" in f["fields"]), None)
        if back is None:
            print("sign_client: no response form after the login", file=sys.stderr)
            return 1
    if back["fields"].get("RelayState") != relay:
        print("sign_client: the response goes back with another RelayState", file=sys.stderr)
        return 1
    with open(a.output, "w", encoding="ascii") as f:
        f.write(back["fields"]["EidSignResponse"])
    print(back["action"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
