#!/usr/bin/env bash
# Installs what justera needs to build, test and benchmark, from Debian 12's
# package registry only. Packages already present are left alone; apt-get runs
# only when something is missing. Needs root (or sudo) when it has to install.
set -euo pipefail

packages=(
  g++ make cmake ninja-build git pkg-config ca-certificates   # toolchain
  libssl-dev          # OpenSSL 3: hashes, CMS, X.509, OCSP, timestamps, the HTTP client and TLS
  libxml2-dev         # XML, XSD validation, exclusive C14N
  libxml2-utils       # xmllint: independent schema and exc-c14n checks in tests
  libicu-dev          # NFC, transliteration, spoof checker for mixed scripts
  liblzma-dev         # what libxml2's static archive needs besides ICU and zlib (justera links libxml2 and ICU statically: a faster start)
  libcli11-dev        # command line
  nlohmann-json3-dev  # JSON output
  libgtest-dev        # unit tests
  libbenchmark-dev    # benchmarks
  time                # /usr/bin/time -v: peak memory in bench/run.sh
  libpodofo-dev       # PDF writing (PoDoFo 0.9.8)
  libpoppler-private-dev  # the text of PDFs made elsewhere, with its layout (justera-pdftext: poppler's core API)
  libfreetype-dev     # exact glyph widths for the PDF fonts
  zlib1g-dev          # compressed PDF streams read with a size cap
  libzip-dev          # the zip container of DOCX input, with its entries' sizes known before unpacking
  libxmlsec1-dev      # XML signatures of the Sweden Connect sign requests and responses (xmlsec1, OpenSSL back end)
  xmlsec1             # the xmlsec1 command: an independent check of the sign requests, and the stand-in signature service's signatures
  fonts-dejavu-core   # the embedded fonts (DejaVu Sans, regular and bold)
  icc-profiles-free   # sRGB.icc for the PDF/A OutputIntent
  poppler-utils       # pdffonts, pdfinfo, pdfdetach, pdftotext, pdftoppm: independent checks in tests
  qpdf                # qpdf --check in tests
  mupdf-tools         # mutool sign -v: a second, independent signature check
  libnss3-tools       # certutil: a temporary NSS database trusting the test root for pdfsig
  softhsm2 libengine-pkcs11-openssl opensc  # PKCS#11: a real token in the tests (SoftHSM2), libp11's engine, pkcs11-tool
  python3-jsonschema  # an independent check of the verify report against schemas/verify-report.schema.json
  libcpp-httplib-dev  # the HTTP server of 'justera serve'
  chromium chromium-driver python3-selenium  # the verification page's browser tests (headless Chromium driven by Selenium)
  curl                # the verification page's HTTP tests
  iproute2            # ip: a network namespace of its own for the tests that need the TEST-ONLY PKI's fixed port
  dpkg-dev file       # dpkg-shlibdeps and file: the Debian package's library dependencies (cpack -G DEB needs both)
  groff-base          # groff: the manual page is checked as roff
  zsh                 # zsh -n: the zsh completion is checked
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then as_root=(sudo); else
    echo "install-deps: these packages are missing and I am not root: ${missing[*]}" >&2
    echo "install-deps: run this script as root, or install them with apt-get" >&2
    exit 5
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
