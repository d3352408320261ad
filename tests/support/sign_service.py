#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A TEST-ONLY stand-in for a Sweden Connect central signature service
("Underskriftstjänst"), for justera's tests the way justera_test_pki stands in
for a time-stamping authority. Never use it for anything real: it issues a
certificate to whoever types a name into its form, and its keys and their
password are public (certs/).

It speaks DIGG's "DSS Extension for Federated Signing Services" 1.1 with the
"Implementation Profile for using OASIS DSS in Central Signing Services" and
its HTTP POST binding, for PDF (and CMS) sign tasks whose ToBeSignedBytes are
the DER of CMS signed attributes:

    POST /sign          form: Binding=POST/XML/1.0, RelayState, EidSignRequest
                        (base64 of an XML-signed dss:SignRequest). The request's
                        signature is checked against --requester-cert with
                        xmlsec1; a request that is not XML, not signed by the
                        requester, lacks a RequestID or an Audience, is meant
                        for another service (SignService) or was seen before
                        (RequestID) is answered 400 with an HTML page. An
                        expired request (RequestTime older than --max-age plus
                        --skew, more than --skew ahead, or past its NotOnOrAfter)
                        is answered with an error SignResponse
                        (RequesterError, req-expired) posted back to its
                        Audience. Otherwise the "login": an HTML page that shows
                        the sign message (id="sign-message") and a form to
                        /authenticate with the fields below.
    POST /authenticate  form: session (hidden), action (sign|cancel),
                        personnummer, givenName, sn, outcome (ok, authn-failed,
                        tamper-response, wrong-bytes, foreign-key, old-response). The person
                        "authenticated" is the one the form names. The service
                        makes a key for the signer (RSA 2048, or EC P-256 when
                        ecdsa-sha256 was asked for), has the issuing CA
                        (--ca-cert, --ca-key) issue a certificate to
                        C=SE, serialNumber, givenName, SN, CN, adds
                        signingCertificateV2 and CMSAlgorithmProtection to the
                        signed attributes (dropping any signingTime), signs
                        them, and answers an auto-posting XHTML form with the
                        XML-signed SignResponse (its key: --service-key).
                        outcome makes it misbehave on purpose: tamper-response
                        changes the signed response after signing,
                        wrong-bytes signs other bytes than it returns,
                        foreign-key signs the response with a throwaway key.
    GET /               a short page saying what this is (a readiness probe).

    sign_service.py --port-file F --requester-cert PEM
        --service-cert PEM --service-key PEM --ca-cert PEM --ca-key PEM
        --password-file F [--entity-id URI] [--max-age S] [--skew S]
        [--root-cert PEM] [--cms-rsa-algorithm rsaEncryption|sha256WithRSAEncryption]
        [--max-requests N] [--max-seconds S] [--max-sessions N]

It listens on 127.0.0.1 on a free port, writes the port number to --port-file
(atomically), logs one line per request to standard error and stops on
SIGTERM, after --max-requests requests or after --max-seconds (600 unless
told). The keys are encrypted PEM; their password is the first line of
--password-file and reaches openssl only as "-passin file:". Times in the
messages are xs:dateTime in UTC with a "Z" (2026-01-02T03:04:05Z); times
without a zone are read as UTC. Only python3's standard library, the openssl
CLI and the xmlsec1 CLI are used.
"""

import argparse
import base64
import binascii
import datetime
import hashlib
import html
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# --- Names of the protocol -------------------------------------------------

NS_DSS = "urn:oasis:names:tc:dss:1.0:core:schema"
NS_CSIG = "http://id.elegnamnden.se/csig/1.1/dss-ext/ns"
NS_SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
NS_DS = "http://www.w3.org/2000/09/xmldsig#"
PROFILE = "http://id.elegnamnden.se/csig/1.1/dss-ext/profile"
BINDING = "POST/XML/1.0"
ENTITY_FORMAT = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
URI_FORMAT = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"

MAJOR_SUCCESS = "urn:oasis:names:tc:dss:1.0:resultmajor:Success"
MAJOR_REQUESTER = "urn:oasis:names:tc:dss:1.0:resultmajor:RequesterError"
MAJOR_RESPONDER = "urn:oasis:names:tc:dss:1.0:resultmajor:ResponderError"
MINOR_EXPIRED = "http://id.elegnamnden.se/sig-status/1.0/req-expired"
MINOR_CANCEL = "http://id.elegnamnden.se/sig-status/1.0/user-cancel"
MINOR_AUTHN_FAILED = "http://id.swedenconnect.se/sig-status/1.1/authn-failed"
MINOR_SIGMESSAGE = "http://id.elegnamnden.se/sig-status/1.0/sigmessage-error"
MINOR_NOT_SUPPORTED = "urn:oasis:names:tc:dss:1.0:resultminor:NotSupported"

ALG_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
ALG_ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
REQUEST_SIGNATURE_METHODS = {
    ALG_RSA_SHA256,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
}
TRANSFORM_ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
CANONICALIZATIONS = {
    "http://www.w3.org/2001/10/xml-exc-c14n#",
    "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
    "http://www.w3.org/2006/12/xml-c14n11",
}

ATTR_PERSONNUMMER = "urn:oid:1.2.752.29.4.13"
ATTR_GIVEN_NAME = "urn:oid:2.5.4.42"
ATTR_SURNAME = "urn:oid:2.5.4.4"
ATTR_DISPLAY_NAME = "urn:oid:2.16.840.1.113730.3.1.241"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
SERVICE_ID = "justera TEST ONLY stand-in signature service"

# The people of certs/make-test-pki.sh, whose names the stand-in's "identity
# provider" knows when a request names only the personnummer.
KNOWN_PEOPLE = {
    "197001010001": ("Johan Alexander Emanuel", "Ojanne"),
    "197001010002": ("Jan Oskar", "Jönsson"),
    "197001010003": ("Carl Magnus", "Hillborg"),
}

OUTCOMES = ("ok", "authn-failed", "tamper-response", "wrong-bytes", "foreign-key", "old-response")
OUTCOME_LABELS = {
    "ok": "Lyckad legitimering och underskrift",
    "authn-failed": "Legitimeringen misslyckas",
    "tamper-response": "Svaret ändras efter att det signerats",
    "wrong-bytes": "Andra data än de begärda signeras",
    "old-response": "Svaret dateras en kvart bakåt",
    "foreign-key": "Svaret signeras med en främmande nyckel",
}

MAX_BODY = 1024 * 1024
MAX_SIGN_TASKS = 16
MAX_SEEN_REQUEST_IDS = 10000

# --- DER --------------------------------------------------------------------


class DerError(ValueError):
    pass


def der_length(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def der_tlv(tag, content):
    return bytes([tag]) + der_length(len(content)) + content


def der_oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    body = bytearray()
    for n in [parts[0] * 40 + parts[1]] + parts[2:]:
        chunk = [n & 0x7F]
        n >>= 7
        while n:
            chunk.append(0x80 | (n & 0x7F))
            n >>= 7
        body.extend(reversed(chunk))
    return der_tlv(0x06, bytes(body))


DER_NULL = b"\x05\x00"
OID_DATA = der_oid("1.2.840.113549.1.7.1")
OID_CONTENT_TYPE = der_oid("1.2.840.113549.1.9.3")
OID_MESSAGE_DIGEST = der_oid("1.2.840.113549.1.9.4")
OID_SIGNING_TIME = der_oid("1.2.840.113549.1.9.5")
OID_SIGNING_CERT = der_oid("1.2.840.113549.1.9.16.2.12")
OID_SIGNING_CERT_V2 = der_oid("1.2.840.113549.1.9.16.2.47")
OID_ALGORITHM_PROTECTION = der_oid("1.2.840.113549.1.9.52")
OID_SHA256 = der_oid("2.16.840.1.101.3.4.2.1")
OID_RSA_ENCRYPTION = der_oid("1.2.840.113549.1.1.1")
OID_SHA256_WITH_RSA = der_oid("1.2.840.113549.1.1.11")
OID_ECDSA_WITH_SHA256 = der_oid("1.2.840.10045.4.3.2")


def der_read(data, pos, end):
    """One DER TLV at pos: (first identifier octet, start, content start, end)."""
    if pos >= end:
        raise DerError("truncated")
    start = pos
    tag = data[pos]
    pos += 1
    if tag & 0x1F == 0x1F:
        while True:
            if pos >= end:
                raise DerError("truncated tag")
            more = data[pos] & 0x80
            pos += 1
            if not more:
                break
    if pos >= end:
        raise DerError("truncated length")
    first = data[pos]
    pos += 1
    if first < 0x80:
        length = first
    elif first == 0x80:
        raise DerError("indefinite length (not DER)")
    else:
        n = first & 0x7F
        if n > 4 or pos + n > end:
            raise DerError("bad length")
        if data[pos] == 0:
            raise DerError("length not minimal (not DER)")
        length = int.from_bytes(data[pos:pos + n], "big")
        pos += n
        if length < 0x80:
            raise DerError("length not minimal (not DER)")
    if pos + length > end:
        raise DerError("truncated content")
    return tag, start, pos, pos + length


def der_children(data, start, end):
    out = []
    pos = start
    while pos < end:
        item = der_read(data, pos, end)
        out.append(item)
        pos = item[3]
    return out


def der_check(data, start, end, depth=0):
    """The whole range is well-formed DER TLVs, constructed ones recursively."""
    if depth > 32:
        raise DerError("nested too deep")
    for tag, _, content, stop in der_children(data, start, end):
        if tag & 0x20:
            der_check(data, content, stop, depth + 1)


def set_of(elements):
    """DER SET OF: the elements in the order of their encodings (X.690 11.6)."""
    width = max((len(e) for e in elements), default=0)
    return der_tlv(0x31, b"".join(sorted(elements, key=lambda e: e.ljust(width, b"\0"))))


def parse_signed_attributes(tbs):
    """The Attributes of a DER SET OF Attribute: [(type OID TLV, encoding, [value TLVs])]."""
    tag, _, content, end = der_read(tbs, 0, len(tbs))
    if tag != 0x31 or end != len(tbs):
        raise DerError("not one DER SET")
    der_check(tbs, content, end)
    attributes = []
    for t, s, c, e in der_children(tbs, content, end):
        parts = der_children(tbs, c, e)
        if t != 0x30 or len(parts) != 2 or parts[0][0] != 0x06 or parts[1][0] != 0x31:
            raise DerError("an element is not an Attribute")
        values = [tbs[v[1]:v[3]] for v in der_children(tbs, parts[1][2], parts[1][3])]
        if not values:
            raise DerError("an Attribute without a value")
        attributes.append((tbs[parts[0][1]:parts[0][3]], tbs[s:e], values))
    if not attributes:
        raise DerError("no attributes")
    types = [a[0] for a in attributes]
    if len(set(types)) != len(types):
        raise DerError("an attribute type twice")
    return attributes


def check_signed_attributes(tbs):
    """Raises DerError unless tbs is what a PAdES/CMS signer would sign."""
    attributes = parse_signed_attributes(tbs)
    found = {a[0]: a[2] for a in attributes}
    if found.get(OID_CONTENT_TYPE) != [OID_DATA]:
        raise DerError("no contentType attribute of id-data")
    digest = found.get(OID_MESSAGE_DIGEST)
    if not digest or len(digest) != 1 or digest[0][0] != 0x04:
        raise DerError("no messageDigest attribute")
    return attributes


def certificate_issuer_serial(cert_der):
    """The issuer Name and serialNumber INTEGER of a certificate, as encoded."""
    _, _, content, end = der_read(cert_der, 0, len(cert_der))
    tbs = der_children(cert_der, content, end)[0]
    fields = der_children(cert_der, tbs[2], tbs[3])
    i = 1 if fields[0][0] == 0xA0 else 0
    serial, issuer = fields[i], fields[i + 2]
    if serial[0] != 0x02 or issuer[0] != 0x30:
        raise DerError("not an X.509 certificate")
    return cert_der[issuer[1]:issuer[3]], cert_der[serial[1]:serial[3]]


def add_service_attributes(tbs, cert_der, key_kind, rsa_algorithm):
    """The signed attributes as the service signs them: signingTime and any
    earlier signing-certificate or algorithm-protection attribute dropped,
    signingCertificateV2 (ESSCertIDv2: SHA-256 of the certificate, default
    hash algorithm omitted, with IssuerSerial) and CMSAlgorithmProtection
    (RFC 6211) added, all sorted as DER wants a SET OF."""
    drop = {OID_SIGNING_TIME, OID_SIGNING_CERT, OID_SIGNING_CERT_V2, OID_ALGORITHM_PROTECTION}
    kept = [encoding for oid, encoding, _ in check_signed_attributes(tbs) if oid not in drop]
    issuer, serial = certificate_issuer_serial(cert_der)
    issuer_serial = der_tlv(0x30, der_tlv(0x30, der_tlv(0xA4, issuer)) + serial)
    cert_id = der_tlv(0x30, der_tlv(0x04, hashlib.sha256(cert_der).digest()) + issuer_serial)
    signing_certificate = der_tlv(0x30, der_tlv(0x30, cert_id))
    kept.append(der_tlv(0x30, OID_SIGNING_CERT_V2 + der_tlv(0x31, signing_certificate)))
    if key_kind == "ec":
        signature_algorithm = OID_ECDSA_WITH_SHA256
    elif rsa_algorithm == "sha256WithRSAEncryption":
        signature_algorithm = OID_SHA256_WITH_RSA + DER_NULL
    else:
        signature_algorithm = OID_RSA_ENCRYPTION + DER_NULL
    protection = der_tlv(0x30, der_tlv(0x30, OID_SHA256) + der_tlv(0xA1, signature_algorithm))
    kept.append(der_tlv(0x30, OID_ALGORITHM_PROTECTION + der_tlv(0x31, protection)))
    return set_of(kept)


# --- Time -------------------------------------------------------------------

TIME_RE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def format_time(t):
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text):
    """xs:dateTime; without a zone it is UTC (as the DSS extension says)."""
    m = TIME_RE.match((text or "").strip())
    if not m:
        raise ValueError("not an xs:dateTime")
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    fraction = float(m.group(7)) if m.group(7) else 0.0
    t = datetime.datetime(year, month, day, hour, minute, second, tzinfo=datetime.timezone.utc)
    zone = m.group(8)
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        t -= sign * datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    return t + datetime.timedelta(seconds=fraction)


# --- Errors -----------------------------------------------------------------


class Refusal(Exception):
    """Answered with an HTML page of this status (nothing is posted back)."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class ErrorResult(Exception):
    """Answered with an error SignResponse posted back to the Audience."""

    def __init__(self, major, minor, message):
        super().__init__(message)
        self.major = major
        self.minor = minor
        self.message = message


class CryptoError(Exception):
    pass


# --- XML helpers ------------------------------------------------------------


def q(ns, name):
    return "{%s}%s" % (ns, name)


def text_of(element):
    return (element.text or "").strip() if element is not None else ""


def b64decode(text):
    try:
        return base64.b64decode("".join((text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not base64")


def xml_text(s):
    return html.escape(s, quote=False)


def xml_attr(s):
    return '"' + html.escape(s, quote=True) + '"'


# --- openssl and xmlsec1 ----------------------------------------------------


class Crypto:
    """The service's keys and certificates, and what it does with them."""

    def __init__(self, args, home):
        self.args = args
        self.home = home
        self.password_file = os.path.abspath(args.password_file)
        self.ca_cert = os.path.abspath(args.ca_cert)
        self.ca_key = os.path.abspath(args.ca_key)
        self.service_key = os.path.abspath(args.service_key)
        # xmlsec1 takes "key,cert" lists: copies under names without commas.
        self.service_cert = os.path.join(home, "service.pem")
        self.requester_cert = os.path.join(home, "requester.pem")
        for source, target in ((args.service_cert, self.service_cert), (args.requester_cert, self.requester_cert)):
            self.run(["openssl", "x509", "-in", os.path.abspath(source), "-out", target])
        self.issuing_der = self.run(["openssl", "x509", "-in", self.ca_cert, "-outform", "DER"])
        self.root_der = None
        if args.root_cert:
            self.root_der = self.run(["openssl", "x509", "-in", os.path.abspath(args.root_cert), "-outform", "DER"])
        self.req_config = os.path.join(home, "req.cnf")
        with open(self.req_config, "w", encoding="utf-8") as f:
            f.write("[req]\ndistinguished_name = dn\nprompt = no\nstring_mask = utf8only\n[dn]\nCN = placeholder\n")
        # The password opens both keys, and the service key is the certificate's.
        for key in (self.service_key, self.ca_key):
            self.run(["openssl", "pkey", "-in", key, "-passin", "file:" + self.password_file, "-noout"])
        service_public = self.run(["openssl", "pkey", "-in", self.service_key, "-passin", "file:" + self.password_file, "-pubout"])
        cert_public = self.run(["openssl", "x509", "-in", self.service_cert, "-noout", "-pubkey"])
        if service_public.strip() != cert_public.strip():
            raise CryptoError("--service-key is not the key of --service-cert")

    @staticmethod
    def run(argv, data=None, cwd=None):
        try:
            r = subprocess.run(argv, input=data, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise CryptoError("%s: %s" % (argv[0], e.__class__.__name__))
        if r.returncode != 0:
            lines = [l for l in r.stderr.decode("utf-8", "replace").splitlines() if l.strip()]
            raise CryptoError("%s %s failed: %s" % (argv[0], argv[1], lines[-1][:200] if lines else "exit %d" % r.returncode))
        return r.stdout

    @staticmethod
    def private_file(path):
        """An empty file only its owner may read, for a key to be written into."""
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return path

    def new_key(self, kind, workdir, name):
        path = self.private_file(os.path.join(workdir, name))
        if kind == "ec":
            self.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path])
        else:
            self.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path])
        return path

    def issue_certificate(self, key, person, workdir):
        """A certificate from the issuing CA for the signer's key, valid from a
        minute ago for a year: (DER, PEM path)."""
        def rdn(value):
            return value.replace("\\", "\\\\").replace("/", "\\/").replace("+", "\\+")
        subject = "/C=SE/serialNumber=%s/GN=%s/SN=%s/CN=%s" % (
            rdn(person["personnummer"]), rdn(person["givenName"]), rdn(person["sn"]),
            rdn(person["givenName"] + " " + person["sn"]))
        config = os.path.join(workdir, "ca.cnf")
        with open(config, "w", encoding="utf-8") as f:
            f.write(
                "[req]\ndistinguished_name = dn\nprompt = no\nstring_mask = utf8only\n[dn]\nCN = placeholder\n"
                "[ca]\ndefault_ca = standin\n"
                "[standin]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\n"
                "policy = any\nunique_subject = no\ncopy_extensions = none\nemail_in_dn = no\nstring_mask = utf8only\n"
                "[any]\ncommonName = supplied\n"
                "[signer]\nbasicConstraints = critical, CA:false\n"
                "keyUsage = critical, digitalSignature, nonRepudiation\n"
                "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n"
                "authorityInfoAccess = OCSP;URI:http://127.0.0.1:28461/ocsp, caIssuers;URI:http://127.0.0.1:28461/issuing-ca.cer\n"
                "crlDistributionPoints = URI:http://127.0.0.1:28461/issuing-ca.crl\n"
                "certificatePolicies = 0.4.0.2042.1.1\n")
        with open(os.path.join(workdir, "index.txt"), "w", encoding="ascii"):
            pass
        serial = bytearray(secrets.token_bytes(16))
        serial[0] = (serial[0] & 0x7F) | 0x40
        with open(os.path.join(workdir, "serial"), "w", encoding="ascii") as f:
            f.write(serial.hex().upper() + "\n")
        now = utc_now()
        self.run(["openssl", "req", "-new", "-config", config, "-utf8", "-key", key, "-subj", subject, "-out", "signer.csr"],
                 cwd=workdir)
        self.run(["openssl", "ca", "-batch", "-notext", "-config", config, "-extfile", config, "-extensions", "signer",
                  "-cert", self.ca_cert, "-keyfile", self.ca_key, "-passin", "file:" + self.password_file,
                  "-preserveDN", "-utf8", "-in", "signer.csr", "-out", "signer.pem",
                  "-startdate", (now - datetime.timedelta(seconds=60)).strftime("%Y%m%d%H%M%SZ"),
                  "-enddate", (now + datetime.timedelta(days=365)).strftime("%Y%m%d%H%M%SZ")], cwd=workdir)
        pem = os.path.join(workdir, "signer.pem")
        return self.run(["openssl", "x509", "-in", pem, "-outform", "DER"]), pem

    def sign_bytes(self, key, data):
        """sha256 and the key: PKCS#1 v1.5 for RSA, DER ECDSA-Sig-Value for EC."""
        return self.run(["openssl", "dgst", "-sha256", "-sign", key], data=data)

    def verify_request(self, document, workdir):
        """xmlsec1's verdict on the request's signature with the requester's
        key only: no key from the document (KeyValue, X509Data) is used, and
        the Reference may only be URI=""."""
        path = os.path.join(workdir, "request.xml")
        with open(path, "wb") as f:
            f.write(document)
        try:
            r = subprocess.run(["xmlsec1", "--verify", "--pubkey-cert-pem", self.requester_cert,
                                "--enabled-key-data", "key-name", "--enabled-reference-uris", "empty", path],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise CryptoError("xmlsec1: %s" % e.__class__.__name__)
        return r.returncode == 0

    def sign_response(self, template, workdir, foreign=False):
        """The enveloped signature of the template's ds:Signature, by the
        service's key (or, foreign, a throwaway self-signed one)."""
        source = os.path.join(workdir, "response-template.xml")
        target = os.path.join(workdir, "response.xml")
        with open(source, "wb") as f:
            f.write(template)
        if foreign:
            key = self.new_key("rsa", workdir, "foreign.key.pem")
            cert = os.path.join(workdir, "foreign.pem")
            self.run(["openssl", "req", "-new", "-x509", "-config", self.req_config, "-key", key, "-days", "2", "-sha256",
                      "-subj", "/C=SE/O=justera TEST ONLY/CN=justera TEST ONLY foreign key", "-out", cert])
        else:
            key = self.private_file(os.path.join(workdir, "service.key.pem"))
            cert = self.service_cert
            self.run(["openssl", "pkey", "-in", self.service_key, "-passin", "file:" + self.password_file, "-out", key])
        try:
            self.run(["xmlsec1", "--sign", "--privkey-pem", key + "," + cert, "--output", target, source])
        finally:
            os.remove(key)
        with open(target, "rb") as f:
            return f.read()


# --- The service ------------------------------------------------------------


class Service:
    def __init__(self, args, crypto, home):
        self.args = args
        self.crypto = crypto
        self.home = home
        self.lock = threading.Lock()
        self.sessions = {}
        self.seen = {}
        self.requests = 0
        self.stop = threading.Event()

    # -- bookkeeping

    def workdir(self):
        return tempfile.mkdtemp(prefix="w-", dir=self.home)

    def count(self):
        with self.lock:
            self.requests += 1
            if self.args.max_requests and self.requests >= self.args.max_requests:
                self.stop.set()

    def remember_request_id(self, request_id):
        """False when the RequestID was seen before (a replay)."""
        now = time.monotonic()
        keep = self.args.max_age + 2 * self.args.skew + 60
        with self.lock:
            for rid in [r for r, t in self.seen.items() if now - t > keep]:
                del self.seen[rid]
            if request_id in self.seen:
                return False
            if len(self.seen) >= MAX_SEEN_REQUEST_IDS:
                raise Refusal(503, "Tjänsten har för många obesvarade begäranden; försök igen senare.")
            self.seen[request_id] = now
            return True

    def new_session(self, info):
        now = time.monotonic()
        with self.lock:
            for token in [t for t, s in self.sessions.items() if now - s["created"] > self.args.max_age]:
                del self.sessions[token]
            if len(self.sessions) >= self.args.max_sessions:
                raise Refusal(503, "Tjänsten har för många pågående inloggningar; försök igen senare.")
            token = secrets.token_urlsafe(24)
            self.sessions[token] = {"created": now, "info": info}
            return token

    def peek_session(self, token):
        with self.lock:
            s = self.sessions.get(token)
            if s is None:
                return None
            if time.monotonic() - s["created"] > self.args.max_age:
                del self.sessions[token]
                return None
            return s["info"]

    def take_session(self, token):
        with self.lock:
            s = self.sessions.pop(token, None)
        if s is None or time.monotonic() - s["created"] > self.args.max_age:
            return None
        return s["info"]

    # -- POST /sign

    def read_request(self, form):
        """The checked request, or Refusal (400) when nothing can safely be posted back."""
        if form.get("Binding") != BINDING:
            raise Refusal(400, "Binding måste vara %s." % BINDING)
        encoded = form.get("EidSignRequest")
        if not encoded:
            raise Refusal(400, "EidSignRequest saknas.")
        try:
            document = b64decode(encoded)
        except ValueError:
            raise Refusal(400, "EidSignRequest är inte base64.")
        if b"<!DOCTYPE" in document or b"<!ENTITY" in document:
            raise Refusal(400, "Begäran får inte ha någon DTD.")
        try:
            root = ET.fromstring(document)
        except ET.ParseError:
            raise Refusal(400, "Begäran är inte XML.")
        if root.tag != q(NS_DSS, "SignRequest"):
            raise Refusal(400, "Begäran är ingen dss:SignRequest.")
        self.check_signature_shape(root)
        workdir = self.workdir()
        try:
            if not self.crypto.verify_request(document, workdir):
                raise Refusal(400, "Begärans XML-signatur kan inte verifieras med den begärande tjänstens certifikat.")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

        request_id = root.get("RequestID", "").strip()
        if not request_id:
            raise Refusal(400, "Begäran saknar RequestID.")
        if len(request_id) > 256:
            raise Refusal(400, "RequestID är för långt.")
        inputs = root.find(q(NS_DSS, "OptionalInputs"))
        extensions = inputs.findall(q(NS_CSIG, "SignRequestExtension"))
        ext = extensions[0] if len(extensions) == 1 else None
        conditions = ext.find(q(NS_SAML, "Conditions")) if ext is not None else None
        audience = ""
        if conditions is not None:
            audience = text_of(conditions.find("%s/%s" % (q(NS_SAML, "AudienceRestriction"), q(NS_SAML, "Audience"))))
        if not audience:
            raise Refusal(400, "Begäran saknar Audience (vart svaret ska skickas).")
        parsed = urllib.parse.urlsplit(audience)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise Refusal(400, "Audience är ingen http(s)-adress.")
        service = text_of(ext.find(q(NS_CSIG, "SignService")))
        if service != self.args.entity_id:
            raise Refusal(400, "Begäran är ställd till en annan underskriftstjänst (%s)." % service)
        if not self.remember_request_id(request_id):
            raise Refusal(400, "Begäran med detta RequestID har redan tagits emot.")

        info = {
            "request_id": request_id,
            "audience": audience,
            "relay_state": form.get("RelayState") or request_id,
            "document": document,
            "version": ext.get("Version", "1.1"),
            "requester": text_of(ext.find(q(NS_CSIG, "SignRequester"))),
            "identity_provider": text_of(ext.find(q(NS_CSIG, "IdentityProvider"))),
        }
        try:
            self.check_time(ext, conditions)
            self.read_details(root, ext, info)
        except ErrorResult as r:
            r.info = info
            raise
        return info

    @staticmethod
    def check_signature_shape(root):
        """The one ds:Signature is the last child of dss:OptionalInputs and
        covers the whole document: a Reference URI="" with the
        enveloped-signature transform and nothing that could leave a part out."""
        signatures = list(root.iter(q(NS_DS, "Signature")))
        inputs = root.find(q(NS_DSS, "OptionalInputs"))
        if len(signatures) != 1 or inputs is None or len(inputs) == 0 or inputs[-1] is not signatures[0]:
            raise Refusal(400, "Begäran ska ha en XML-signatur, sist i dss:OptionalInputs.")
        signature = signatures[0]
        names = [child.tag for child in signature]
        if names[:2] != [q(NS_DS, "SignedInfo"), q(NS_DS, "SignatureValue")] or \
                any(n != q(NS_DS, "KeyInfo") for n in names[2:]):
            raise Refusal(400, "XML-signaturen har en oväntad form.")
        signed_info = signature[0]
        method = signed_info.find(q(NS_DS, "SignatureMethod"))
        references = signed_info.findall(q(NS_DS, "Reference"))
        if method is None or method.get("Algorithm") not in REQUEST_SIGNATURE_METHODS:
            raise Refusal(400, "XML-signaturens algoritm stöds inte (RSA med SHA-2 krävs).")
        if len(references) != 1 or references[0].get("URI") != "":
            raise Refusal(400, "XML-signaturen ska ha en enda Reference med URI=\"\".")
        transforms = [t.get("Algorithm") for t in references[0].iter(q(NS_DS, "Transform"))]
        if not transforms or transforms[0] != TRANSFORM_ENVELOPED or any(t not in CANONICALIZATIONS for t in transforms[1:]):
            raise Refusal(400, "XML-signaturens transformer ska vara enveloped-signature och kanonisering.")

    def check_time(self, ext, conditions):
        now = utc_now()
        try:
            requested = parse_time(text_of(ext.find(q(NS_CSIG, "RequestTime"))))
        except ValueError:
            raise ErrorResult(MAJOR_REQUESTER, None, "RequestTime saknas eller är ingen tidpunkt.")
        age = (now - requested).total_seconds()
        if age > self.args.max_age + self.args.skew:
            raise ErrorResult(MAJOR_REQUESTER, MINOR_EXPIRED,
                              "Underskriftsbegäran är för gammal (skapad %s, %d sekunder sedan)." % (format_time(requested), age))
        if -age > self.args.skew:
            raise ErrorResult(MAJOR_REQUESTER, MINOR_EXPIRED,
                              "Underskriftsbegäran är skapad i framtiden (%s)." % format_time(requested))
        try:
            not_before = parse_time(conditions.get("NotBefore")) if conditions.get("NotBefore") else None
            not_after = parse_time(conditions.get("NotOnOrAfter")) if conditions.get("NotOnOrAfter") else None
        except ValueError:
            raise ErrorResult(MAJOR_REQUESTER, None, "Conditions har en felaktig tidpunkt.")
        if not_after is not None and now >= not_after:
            raise ErrorResult(MAJOR_REQUESTER, MINOR_EXPIRED,
                              "Underskriftsbegäran gällde till %s." % format_time(not_after))
        if not_before is not None and (not_before - now).total_seconds() > self.args.skew:
            raise ErrorResult(MAJOR_REQUESTER, MINOR_EXPIRED,
                              "Underskriftsbegäran gäller först från %s." % format_time(not_before))

    def read_details(self, root, ext, info):
        """What the login and the signing need; ErrorResult for what this
        service cannot do."""
        algorithm = text_of(ext.find(q(NS_CSIG, "RequestedSignatureAlgorithm"))) or ALG_RSA_SHA256
        if algorithm not in (ALG_RSA_SHA256, ALG_ECDSA_SHA256):
            raise ErrorResult(MAJOR_REQUESTER, MINOR_NOT_SUPPORTED, "Signaturalgoritmen %s stöds inte." % algorithm)
        info["algorithm"] = algorithm
        signer = {}
        signer_element = ext.find(q(NS_CSIG, "Signer"))
        if signer_element is not None:
            for attribute in signer_element.findall(q(NS_SAML, "Attribute")):
                value = attribute.find(q(NS_SAML, "AttributeValue"))
                if attribute.get("Name") and value is not None:
                    signer.setdefault(attribute.get("Name"), text_of(value))
        info["signer"] = signer
        properties = ext.find(q(NS_CSIG, "CertRequestProperties"))
        contexts = []
        if properties is not None:
            if properties.get("CertType", "PKC") != "PKC":
                raise ErrorResult(MAJOR_REQUESTER, MINOR_NOT_SUPPORTED,
                                  "Certifikattypen %s stöds inte, bara PKC." % properties.get("CertType"))
            contexts = [text_of(e) for e in properties.findall(q(NS_SAML, "AuthnContextClassRef")) if text_of(e)]
        info["authn_context"] = contexts[0] if contexts else LOA3
        message = ""
        sign_message = ext.find(q(NS_CSIG, "SignMessage"))
        if sign_message is not None:
            if sign_message.find(q(NS_CSIG, "EncryptedMessage")) is not None:
                raise ErrorResult(MAJOR_RESPONDER, MINOR_SIGMESSAGE, "Ett krypterat underskriftsmeddelande kan inte visas här.")
            if sign_message.find(q(NS_CSIG, "Message")) is None:
                raise ErrorResult(MAJOR_REQUESTER, None, "SignMessage saknar Message.")
            try:
                message = b64decode(sign_message.find(q(NS_CSIG, "Message")).text).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                raise ErrorResult(MAJOR_REQUESTER, None, "Underskriftsmeddelandet är inte base64 av UTF-8.")
        info["sign_message"] = message
        info["sign_message_type"] = sign_message.get("MimeType", "text") if sign_message is not None else ""
        tasks = []
        path = "%s/%s/%s/%s" % (q(NS_DSS, "InputDocuments"), q(NS_DSS, "Other"), q(NS_CSIG, "SignTasks"), q(NS_CSIG, "SignTaskData"))
        for task in root.findall(path):
            sig_type = task.get("SigType", "")
            if sig_type not in ("PDF", "CMS"):
                raise ErrorResult(MAJOR_REQUESTER, MINOR_NOT_SUPPORTED, "Signaturtypen %s stöds inte, bara PDF och CMS." % sig_type)
            if task.get("ProcessingRules"):
                raise ErrorResult(MAJOR_REQUESTER, MINOR_NOT_SUPPORTED, "ProcessingRules %s stöds inte." % task.get("ProcessingRules"))
            try:
                tbs = b64decode(text_of(task.find(q(NS_CSIG, "ToBeSignedBytes"))))
                check_signed_attributes(tbs)
            except (ValueError, DerError) as e:
                raise ErrorResult(MAJOR_REQUESTER, None, "ToBeSignedBytes är inte CMS signerade attribut i DER (%s)." % e)
            tasks.append({"id": task.get("SignTaskId"), "sig_type": sig_type, "ades": task.get("AdESType"), "tbs": tbs})
        if not tasks:
            raise ErrorResult(MAJOR_REQUESTER, None, "Begäran har ingen SignTaskData.")
        if len(tasks) > MAX_SIGN_TASKS:
            raise ErrorResult(MAJOR_REQUESTER, None, "Begäran har för många SignTaskData.")
        ids = [t["id"] for t in tasks if t["id"] is not None]
        if len(set(ids)) != len(ids):
            raise ErrorResult(MAJOR_REQUESTER, None, "Två SignTaskData har samma SignTaskId.")
        info["tasks"] = tasks

    # -- POST /authenticate

    @staticmethod
    def read_person(form):
        person = {k: (form.get(k) or "").strip() for k in ("personnummer", "givenName", "sn")}
        if not re.fullmatch(r"[A-Za-z0-9 '()+,\-./:=?]{1,64}", person["personnummer"]):
            raise Refusal(400, "Personnumret ska vara 1–64 tecken: bokstäver a–z, siffror, mellanslag och '()+,-./:=?.")
        for key, label in (("givenName", "Förnamnet"), ("sn", "Efternamnet")):
            value = person[key]
            if not value or len(value) > 64 or any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in value):
                raise Refusal(400, "%s ska vara 1–64 tecken utan styrtecken." % label)
        if len(person["givenName"]) + 1 + len(person["sn"]) > 64:
            raise Refusal(400, "Förnamn och efternamn får tillsammans vara högst 63 tecken (certifikatets CN).")
        return person

    def sign(self, info, person, outcome):
        """The signed success SignResponse for the authenticated person."""
        kind = "ec" if info["algorithm"] == ALG_ECDSA_SHA256 else "rsa"
        workdir = self.workdir()
        try:
            key = self.crypto.new_key(kind, workdir, "signer.key.pem")
            cert_der, _ = self.crypto.issue_certificate(key, person, workdir)
            results = []
            for task in info["tasks"]:
                attributes = add_service_attributes(task["tbs"], cert_der, kind, self.args.cms_rsa_algorithm)
                signed = task["tbs"] if outcome == "wrong-bytes" else attributes
                results.append(dict(task, new_tbs=attributes, signature=self.crypto.sign_bytes(key, signed)))
            os.remove(key)
            chain = [cert_der, self.crypto.issuing_der] + ([self.crypto.root_der] if self.crypto.root_der else [])
            template = self.response_xml(info, MAJOR_SUCCESS, None, None, person=person, chain=chain, tasks=results,
                                         backdate=900 if outcome == "old-response" else 0)
            document = self.crypto.sign_response(template, workdir, foreign=outcome == "foreign-key")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        if outcome == "tamper-response":
            document = tamper(document)
        return document

    def error_response(self, info, major, minor, message):
        workdir = self.workdir()
        try:
            return self.crypto.sign_response(self.response_xml(info, major, minor, message), workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def response_xml(self, info, major, minor, message, person=None, chain=None, tasks=None, backdate=0):
        """The dss:SignResponse with an empty ds:Signature for xmlsec1 to fill:
        Result, OptionalOutputs (SignResponseExtension, then the signature),
        and on success SignatureObject. backdate: seconds to date it back."""
        now = format_time(utc_now() - datetime.timedelta(seconds=backdate))
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
               '<dss:SignResponse xmlns:dss="%s" xmlns:csig="%s" xmlns:saml="%s" xmlns:ds="%s" Profile=%s RequestID=%s>'
               % (NS_DSS, NS_CSIG, NS_SAML, NS_DS, xml_attr(PROFILE), xml_attr(info["request_id"])),
               "<dss:Result><dss:ResultMajor>%s</dss:ResultMajor>" % xml_text(major)]
        if minor:
            out.append("<dss:ResultMinor>%s</dss:ResultMinor>" % xml_text(minor))
        if message:
            out.append('<dss:ResultMessage xml:lang="sv">%s</dss:ResultMessage>' % xml_text(message))
        out.append("</dss:Result><dss:OptionalOutputs>")
        out.append("<csig:SignResponseExtension Version=%s><csig:ResponseTime>%s</csig:ResponseTime>"
                   % (xml_attr(info.get("version") or "1.1"), now))
        if person is not None:
            out.append("<csig:Request>%s</csig:Request>" % base64.b64encode(info["document"]).decode("ascii"))
            out.append("<csig:SignerAssertionInfo><csig:ContextInfo>")
            out.append('<csig:IdentityProvider Format="%s">%s</csig:IdentityProvider>'
                       % (ENTITY_FORMAT, xml_text(info["identity_provider"])))
            out.append("<csig:AuthenticationInstant>%s</csig:AuthenticationInstant>" % now)
            out.append("<saml:AuthnContextClassRef>%s</saml:AuthnContextClassRef>" % xml_text(info["authn_context"]))
            out.append("<csig:ServiceID>%s</csig:ServiceID>" % xml_text(SERVICE_ID))
            out.append("<csig:AssertionRef>_%s</csig:AssertionRef>" % secrets.token_hex(16))
            out.append("</csig:ContextInfo><saml:AttributeStatement>")
            for name, friendly, value in (
                    (ATTR_PERSONNUMMER, "personalIdentityNumber", person["personnummer"]),
                    (ATTR_GIVEN_NAME, "givenName", person["givenName"]),
                    (ATTR_SURNAME, "sn", person["sn"]),
                    (ATTR_DISPLAY_NAME, "displayName", person["givenName"] + " " + person["sn"])):
                out.append('<saml:Attribute Name="%s" NameFormat="%s" FriendlyName="%s"><saml:AttributeValue>%s'
                           "</saml:AttributeValue></saml:Attribute>" % (name, URI_FORMAT, friendly, xml_text(value)))
            out.append("</saml:AttributeStatement></csig:SignerAssertionInfo><csig:SignatureCertificateChain>")
            for der in chain:
                out.append("<csig:X509Certificate>%s</csig:X509Certificate>" % base64.b64encode(der).decode("ascii"))
            out.append("</csig:SignatureCertificateChain>")
        out.append("</csig:SignResponseExtension>")
        out.append(
            "<ds:Signature><ds:SignedInfo>"
            '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
            '<ds:SignatureMethod Algorithm="%s"/>'
            '<ds:Reference URI=""><ds:Transforms>'
            '<ds:Transform Algorithm="%s"/>'
            '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
            "</ds:Transforms>"
            '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/>'
            "</ds:Reference></ds:SignedInfo><ds:SignatureValue/>"
            "<ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo></ds:Signature>"
            % (ALG_RSA_SHA256, TRANSFORM_ENVELOPED))
        out.append("</dss:OptionalOutputs>")
        if tasks:
            out.append("<dss:SignatureObject><dss:Other><csig:SignTasks>")
            for task in tasks:
                attributes = ""
                if task["id"] is not None:
                    attributes += " SignTaskId=%s" % xml_attr(task["id"])
                attributes += " SigType=%s" % xml_attr(task["sig_type"])
                if task["ades"] is not None:
                    attributes += " AdESType=%s" % xml_attr(task["ades"])
                out.append("<csig:SignTaskData%s><csig:ToBeSignedBytes>%s</csig:ToBeSignedBytes>"
                           '<csig:Base64Signature Type="%s">%s</csig:Base64Signature></csig:SignTaskData>'
                           % (attributes, base64.b64encode(task["new_tbs"]).decode("ascii"), info["algorithm"],
                              base64.b64encode(task["signature"]).decode("ascii")))
            out.append("</csig:SignTasks></dss:Other></dss:SignatureObject>")
        out.append("</dss:SignResponse>\n")
        return "".join(out).encode("utf-8")


def tamper(document):
    """The signed response with one character of the signer's given name
    changed (in saml:AttributeStatement): its signature no longer holds."""
    text = document.decode("utf-8")
    at = text.find('Name="%s"' % ATTR_GIVEN_NAME, text.find("<saml:AttributeStatement"))
    start = text.find("<saml:AttributeValue>", at)
    if at < 0 or start < 0:
        raise CryptoError("no given name to tamper with")
    start += len("<saml:AttributeValue>")
    replacement = "Y" if text[start] == "X" else "X"
    if text[start] in "&<":
        return (text[:start] + replacement + text[start:]).encode("utf-8")
    return (text[:start] + replacement + text[start + 1:]).encode("utf-8")


# --- HTML -------------------------------------------------------------------

STYLE = ("body{font-family:sans-serif;max-width:44em;margin:2em auto;padding:0 1em}"
         ".test{background:#fde68a;padding:.5em 1em}"
         "#sign-message{white-space:pre-wrap;border:1px solid #888;padding:1em;background:#f6f6f6}"
         "label{display:block;margin-top:.6em}button{margin:1em .5em 0 0}")


def page(title, body):
    return ('<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="sv" xml:lang="sv">\n'
            '<head><meta charset="utf-8"/><title>%s</title><style>%s</style></head>\n<body>\n%s\n</body>\n</html>\n'
            % (html.escape(title), STYLE, body)).encode("utf-8")


def error_page(status, message):
    heading = {400: "Felaktig begäran", 404: "Sidan finns inte", 405: "Metoden stöds inte",
               411: "Längd saknas", 413: "För stor begäran", 415: "Fel innehållstyp",
               500: "Internt fel", 503: "Tjänsten är upptagen"}.get(status, "Fel")
    return page("%s – underskriftstjänst (TEST)" % heading,
                '<p class="test">Endast för test.</p><h1>%s</h1><p id="error">%s</p>'
                % (html.escape(heading), html.escape(message)))


def login_page(info, token, entity_id):
    signer = info["signer"]
    personnummer = signer.get(ATTR_PERSONNUMMER, "")
    known = KNOWN_PEOPLE.get(re.sub(r"^TEST-", "", personnummer), ("", ""))
    given = signer.get(ATTR_GIVEN_NAME) or known[0]
    surname = signer.get(ATTR_SURNAME) or known[1]
    options = "".join('<option value="%s"%s>%s</option>' % (o, ' selected="selected"' if o == "ok" else "",
                                                             html.escape(OUTCOME_LABELS[o])) for o in OUTCOMES)
    e = html.escape
    body = (
        '<p class="test">Endast för test: ingen riktig e-legitimation används, och vem som helst kan legitimeras här.</p>\n'
        "<h1>Underskriftstjänst</h1>\n"
        '<p>Tjänst: <span id="service">%s</span></p>\n'
        '<p>Begärd av: <span id="requester">%s</span></p>\n'
        '<p>Legitimering via: <span id="identity-provider">%s</span></p>\n'
        '<p>Begärd undertecknare: <span id="requested-signer">%s</span></p>\n'
        "<h2>Du skriver under</h2>\n"
        '<div id="sign-message" data-mime-type="%s">%s</div>\n'
        '<form id="login" method="post" action="/authenticate">\n<div>\n'
        '<input type="hidden" name="session" value="%s"/>\n'
        '<label for="personnummer">Personnummer</label>'
        '<input type="text" id="personnummer" name="personnummer" value="%s"/>\n'
        '<label for="givenName">Förnamn</label><input type="text" id="givenName" name="givenName" value="%s"/>\n'
        '<label for="sn">Efternamn</label><input type="text" id="sn" name="sn" value="%s"/>\n'
        '<label for="outcome">Utfall (test)</label><select id="outcome" name="outcome">%s</select>\n'
        '<br/><button id="sign" name="action" value="sign">Legitimera och signera</button>'
        '<button id="cancel" name="action" value="cancel">Avbryt</button>\n'
        "</div>\n</form>"
        % (e(entity_id), e(info["requester"]), e(info["identity_provider"]), e(personnummer),
           e(info["sign_message_type"]), e(info["sign_message"]), e(token), e(personnummer), e(given), e(surname), options))
    return page("Legitimera och signera – underskriftstjänst (TEST)", body)


def post_page(info, document):
    body = (
        '<p class="test">Endast för test.</p>\n'
        "<p>Svaret skickas tillbaka till den begärande tjänsten.</p>\n"
        '<form id="response" method="post" action="%s">\n<div>\n'
        '<input type="hidden" name="Binding" value="%s"/>\n'
        '<input type="hidden" name="RelayState" value="%s"/>\n'
        '<input type="hidden" name="EidSignResponse" value="%s"/>\n'
        '<button id="continue" type="submit">Fortsätt</button>\n'
        "</div>\n</form>\n"
        "<script>document.getElementById('response').submit()</script>"
        % (html.escape(info["audience"]), BINDING, html.escape(info["relay_state"]),
           base64.b64encode(document).decode("ascii")))
    return page("Underskriftstjänst (TEST)", body)


# --- HTTP -------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    server_version = "justera-sign-service-standin"
    sys_version = ""
    timeout = 30

    def log_message(self, *args):
        pass

    def log_line(self, status, outcome):
        path = urllib.parse.urlsplit(getattr(self, "path", None) or "").path[:100]
        line = "%s %s %s -> %d %s" % (format_time(utc_now()), getattr(self, "command", None) or "-", path, status, outcome)
        try:
            sys.stderr.write("sign_service: %s\n" % re.sub(r"[\x00-\x1f\x7f]", "?", line))
            sys.stderr.flush()
        except OSError:
            pass

    def send_error(self, code, message=None, explain=None):
        """The HTTP layer's own refusals (a bad request line, an unknown method)."""
        super().send_error(code, message, explain)
        self.log_line(code, "refused by the HTTP layer")
        self.server.service.count()

    def reply(self, status, body, outcome):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True
        self.log_line(status, outcome)

    def do_GET(self):
        service = self.server.service
        try:
            if urllib.parse.urlsplit(self.path).path == "/":
                self.reply(200, page("Underskriftstjänst (TEST)",
                                     '<p class="test">Endast för test.</p><h1>Underskriftstjänst</h1>'
                                     '<p>En TEST-tjänst för justeras tester: POST /sign.</p>'), "info")
            elif urllib.parse.urlsplit(self.path).path in ("/sign", "/authenticate"):
                self.reply(405, error_page(405, "Använd POST."), "refused: GET")
            else:
                self.reply(404, error_page(404, "Här finns bara /sign och /authenticate."), "not found")
        except Exception as e:
            self.fail(e)
        finally:
            service.count()

    def do_POST(self):
        service = self.server.service
        try:
            path = urllib.parse.urlsplit(self.path).path
            if path not in ("/sign", "/authenticate"):
                self.reply(404, error_page(404, "Här finns bara /sign och /authenticate."), "not found")
                return
            form = self.read_form()
            if form is None:
                return
            if path == "/sign":
                self.post_sign(service, form)
            else:
                self.post_authenticate(service, form)
        except Refusal as r:
            self.reply(r.status, error_page(r.status, r.message), "refused: " + r.message)
        except Exception as e:
            self.fail(e)
        finally:
            service.count()

    def fail(self, e):
        frames = traceback.extract_tb(e.__traceback__)
        where = " at line %d (%s)" % (frames[-1].lineno, frames[-1].name) if frames else ""
        detail = "internal error: %s: %s%s" % (e.__class__.__name__, str(e)[:300], where)
        try:
            self.reply(500, error_page(500, "Tjänsten kunde inte behandla begäran (%s)." % e.__class__.__name__), detail)
        except OSError:
            self.log_line(500, detail)

    def read_form(self):
        """The form's fields, each given once; None when already answered."""
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.reply(411, error_page(411, "Content-Length krävs."), "refused: no length")
            return None
        if int(length) > MAX_BODY:
            # Read (and drop) a body that is not absurdly large, so that the
            # client, still sending, gets the answer rather than a reset.
            left = int(length) if int(length) <= 16 * MAX_BODY else 0
            while left > 0:
                chunk = self.rfile.read(min(left, 65536))
                if not chunk:
                    break
                left -= len(chunk)
            self.reply(413, error_page(413, "Begäran får vara högst 1 MB."), "refused: too large")
            return None
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = self.rfile.read(int(length))
        if content_type != "application/x-www-form-urlencoded":
            self.reply(415, error_page(415, "Formuläret ska vara application/x-www-form-urlencoded."), "refused: content type")
            return None
        try:
            fields = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=32,
                                           errors="strict")
        except (UnicodeDecodeError, ValueError):
            raise Refusal(400, "Formuläret kan inte läsas.")
        if any(len(v) != 1 for v in fields.values()):
            raise Refusal(400, "Ett fält förekommer flera gånger.")
        return {k: v[0] for k, v in fields.items()}

    def post_sign(self, service, form):
        try:
            info = service.read_request(form)
        except ErrorResult as r:
            document = service.error_response(r.info, r.major, r.minor, r.message)
            self.reply(200, post_page(r.info, document), "error response %s request_id=%s"
                       % (r.minor or r.major, r.info["request_id"]))
            return
        token = service.new_session(info)
        self.reply(200, login_page(info, token, service.args.entity_id), "login request_id=%s" % info["request_id"])

    def post_authenticate(self, service, form):
        token = form.get("session") or ""
        action = form.get("action") or "sign"
        outcome = form.get("outcome") or "ok"
        if action not in ("sign", "cancel"):
            raise Refusal(400, "Okänd action.")
        if outcome not in OUTCOMES:
            raise Refusal(400, "Okänt utfall.")
        if service.peek_session(token) is None:
            raise Refusal(400, "Okänd, använd eller utgången session.")
        person = Service.read_person(form) if action == "sign" and outcome != "authn-failed" else None
        info = service.take_session(token)
        if info is None:
            raise Refusal(400, "Okänd, använd eller utgången session.")
        if action == "cancel":
            document = service.error_response(info, MAJOR_RESPONDER, MINOR_CANCEL, "Användaren avbröt underskriften.")
            result = "user-cancel"
        elif outcome == "authn-failed":
            document = service.error_response(info, MAJOR_RESPONDER, MINOR_AUTHN_FAILED, "Legitimeringen misslyckades.")
            result = "authn-failed"
        else:
            document = service.sign(info, person, outcome)
            result = "signed" if outcome == "ok" else "signed (%s)" % outcome
        self.reply(200, post_page(info, document), "%s request_id=%s" % (result, info["request_id"]))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def main():
    parser = argparse.ArgumentParser(description="TEST-ONLY stand-in for a Sweden Connect signature service.")
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--requester-cert", required=True)
    parser.add_argument("--service-cert", required=True)
    parser.add_argument("--service-key", required=True)
    parser.add_argument("--ca-cert", required=True)
    parser.add_argument("--ca-key", required=True)
    parser.add_argument("--password-file", required=True)
    parser.add_argument("--root-cert", help="appended to SignatureCertificateChain after the issuing CA")
    parser.add_argument("--entity-id", default="https://signservice.test.invalid/standin")
    parser.add_argument("--max-age", type=int, default=180)
    parser.add_argument("--skew", type=int, default=60)
    parser.add_argument("--cms-rsa-algorithm", choices=("rsaEncryption", "sha256WithRSAEncryption"), default="rsaEncryption",
                        help="the signatureAlgorithm CMSAlgorithmProtection names for RSA keys")
    parser.add_argument("--max-requests", type=int, default=0, help="stop after this many requests (0: no limit)")
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--max-sessions", type=int, default=64)
    args = parser.parse_args()
    if args.max_age <= 0 or args.skew < 0 or args.max_seconds <= 0 or args.max_sessions <= 0 or args.max_requests < 0:
        parser.error("--max-age, --max-seconds and --max-sessions must be positive, --skew and --max-requests not negative")
    for name in ("requester_cert", "service_cert", "service_key", "ca_cert", "ca_key", "password_file", "root_cert"):
        path = getattr(args, name)
        if path is not None and not os.path.isfile(path):
            parser.error("--%s: no such file: %s" % (name.replace("_", "-"), path))

    home = tempfile.mkdtemp(prefix="justera-sign-service-")
    try:
        try:
            crypto = Crypto(args, home)
        except CryptoError as e:
            sys.stderr.write("sign_service: %s\n" % e)
            return 2
        service = Service(args, crypto, home)
        server = Server(("127.0.0.1", 0), Handler)
        server.service = service
        port = server.server_address[1]
        temporary = "%s.%d.tmp" % (args.port_file, os.getpid())
        try:
            with open(temporary, "w", encoding="ascii") as f:
                f.write("%d\n" % port)
            os.replace(temporary, args.port_file)
        except OSError as e:
            sys.stderr.write("sign_service: cannot write --port-file: %s\n" % e)
            server.server_close()
            return 2

        def on_signal(signum, frame):
            service.stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        thread.start()
        sys.stderr.write("sign_service: TEST ONLY, listening on 127.0.0.1:%d as %s\n" % (port, args.entity_id))
        sys.stderr.flush()
        deadline = time.monotonic() + args.max_seconds
        while not service.stop.wait(0.2):
            if time.monotonic() >= deadline:
                sys.stderr.write("sign_service: --max-seconds reached\n")
                break
        server.shutdown()
        server.server_close()
        sys.stderr.write("sign_service: stopped after %d requests\n" % service.requests)
        return 0
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
