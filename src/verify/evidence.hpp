// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Evidence for verification: what the file and its CMS structures say,
// read without judging it (the checks in signature.cpp and document.cpp
// judge). Internal to justera_verify.

#include <openssl/cms.h>
#include <openssl/x509.h>

#include <ctime>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "justera/pdf/raw.hpp"
#include "justera/verify/verify.hpp"

namespace justera::verify {

namespace raw = pdf::raw;

/// ISO 8601 UTC ("2024-03-22T10:15:00Z"); "" for 0.
std::string iso(std::time_t t);
std::time_t from_asn1(const ASN1_TIME* t);
/// "D:20240322101500+01'00'" -> seconds since 1970 (UTC).
std::time_t from_pdf_date(std::string s);
std::string der_of(X509* x);

/// Whether SignedData.digestAlgorithms (not signed, read with DER lengths)
/// lists `oid` (its content bytes): nullopt when the set is empty or the
/// CMS is not DER, so nothing can be said.
std::optional<bool> digest_listed(std::string_view cms, std::string_view oid);
/// The claimed role in signer-attributes-v2 (ETSI EN 319 122-1 5.2.6.1).
std::string claimed_role(CMS_SignerInfo* si);
/// ESS signing-certificate-v2 (or v1): does it name `cert`? nullopt when absent.
std::optional<bool> ess_binds(CMS_SignerInfo* si, X509* cert);
/// Revocation data a CMS carries itself (adbe-revocationInfoArchival).
void archival(CMS_SignerInfo* si, std::vector<std::string>& ocsps, std::vector<std::string>& crls);
/// The digest of two byte ranges, as if they were one.
void digest_of(const EVP_MD* md, std::string_view a, std::string_view b, unsigned char* out, unsigned int& len);

/// A stack of certificates that owns a reference to each.
struct X509Stack {
    STACK_OF(X509)* s = sk_X509_new_null();
    X509Stack() = default;
    X509Stack(const X509Stack&) = delete;
    X509Stack& operator=(const X509Stack&) = delete;
    ~X509Stack() { sk_X509_pop_free(s, X509_free); }
    void add(X509* x) {
        X509_up_ref(x);
        sk_X509_push(s, x);
    }
    void add_all(const STACK_OF(X509)* from) {
        for (int i = 0; i < sk_X509_num(from); ++i) add(sk_X509_value(from, i));
    }
};

using CertPtr = std::shared_ptr<X509>;

struct ChainResult {
    int error = X509_V_OK;
    std::vector<CertPtr> chain;  ///< signer first, anchor last
    std::string message;         ///< OpenSSL's words for `error`
};

/// The chain from `cert` to a trust anchor of `ctx` at `at`.
ChainResult build_chain(const Context::Impl& ctx, X509* cert, STACK_OF(X509)* untrusted, std::time_t at, bool timestamping);
Signer signer_of(X509* cert);

/// Validation data in the file: the DSS of the newest revision.
struct Dss {
    std::vector<std::string> certs, ocsps, crls;
    std::size_t first_revision = SIZE_MAX;  ///< where a DSS first appears
};
Dss read_dss(const raw::File& f);

}  // namespace justera::verify
