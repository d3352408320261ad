// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a verify::Context holds, for the parts of the verification: the
// trust store, the anchors' fingerprints, the --crl files and the cache of
// parsed validation data.

#include <openssl/x509.h>

#include <string>
#include <vector>

#include "justera/pki/revocation.hpp"
#include "justera/verify/verify.hpp"

namespace justera::verify {

struct Context::Impl {
    X509_STORE* store = nullptr;
    std::vector<std::string> anchors;  ///< "sha256:…"
    std::vector<std::string> anchor_names;  ///< each anchor as pki::display_subject names it
    std::vector<std::string> crls;     ///< DER
    mutable pki::ParseCache parsed;   ///< validation data met in earlier files
    std::size_t max_chain = 10;        ///< certificates in a built chain, signer and anchor included
    ~Impl() { X509_STORE_free(store); }
};

}  // namespace justera::verify
