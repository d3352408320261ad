// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Validation data for long-term validation (PAdES B-LT, ETSI EN 319 142-1
/// 5.4): every certificate of a signature's chain and of its timestamps, and
/// for each of them that is not a trust anchor a fresh OCSP response or CRL.

#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/types.h>

// OpenSSL declares these in pkcs7.h and cms.h; the same declarations here
// keep those headers out of every user of this one.
typedef struct pkcs7_st PKCS7;  // NOLINT(modernize-use-using)
typedef struct CMS_ContentInfo_st CMS_ContentInfo;  // NOLINT(modernize-use-using)

namespace justera::pki {

/// What goes into the PDF's Document Security Store, each item DER.
struct ValidationData {
    std::vector<std::string> certs;
    std::vector<std::string> ocsps;  ///< OCSPResponse
    std::vector<std::string> crls;
};

struct RevocationSources {
    std::vector<std::string> crl_files;   ///< --crl: DER or PEM CRLs
    std::vector<std::string> ocsp_files;  ///< --ocsp: DER OCSP responses
    std::vector<std::string> ca_files;    ///< --ca-certs: PEM CA certificates (a root, say) to add
    bool fetch = true;                    ///< ask the OCSP responders and CRL URLs the certificates name
    /// Stop at a revoked certificate (signing now); otherwise keep the answer
    /// as evidence and log "warning: …" (preserving signatures made earlier).
    bool refuse_revoked = true;
    long timeout_seconds = 20;
    /// When set, the progress lines are in Swedish, with the answers' times
    /// as this shows them (Swedish time); else English, in UTC.
    std::function<std::string(std::time_t)> swedish_clock;
};

/// One line of what was done, for the user ("OCSP for CN=…: good (http://…)").
using LtvLog = std::function<void(const std::string&)>;

/// Gathers the validation data of the given CMS signatures (DER, trailing
/// zero padding allowed) and of the timestamp tokens inside them. Supplied
/// files are used first; then OCSP, then CRLs from the certificates' URLs.
/// Every answer is checked: signature by the certificate's issuer (or its
/// delegated responder), the certificate's serial, freshness.
/// Throws core::Error: SignCertificateRevoked (a certificate is revoked),
/// SignRevocationUnavailable (no usable revocation data for a certificate),
/// SignRevocationDataInvalid (a supplied file is not what it claims).
ValidationData collect_validation_data(const std::vector<std::string>& signatures, const RevocationSources& sources,
                                       const LtvLog& log = {}, std::time_t now = 0);
/// The same for certificates given directly (DER): a chain a verifier
/// built, from the signer's certificate up to its trust anchor.
ValidationData collect_validation_data_for(const std::vector<std::string>& certificates, const RevocationSources& sources,
                                           const LtvLog& log = {}, std::time_t now = 0);

enum class RevocationStatus : std::uint8_t { Unknown, Good, Revoked };

struct RevocationAnswer {
    RevocationStatus status = RevocationStatus::Unknown;
    std::string source;          ///< "OCSP" or "CRL"
    std::string detail;          ///< "good at 2026-11-22 09:49 UTC", "revoked ... (OCSP)"
    std::time_t produced = 0;    ///< thisUpdate of the answer used
    std::time_t revoked_at = 0;  ///< when revoked
    std::string why_unusable;    ///< for Unknown: what was wrong with what there was; "" when there was nothing
};

/// What the given OCSP responses and CRLs (DER) say about `cert_der`, issued
/// by `issuer_der`: only answers signed by the issuer (or its delegated
/// responder) and naming the certificate count; a revocation outranks a
/// "good". Freshness is not judged here (archived answers are old by design).
RevocationAnswer revocation_from(std::string_view cert_der, std::string_view issuer_der, const std::vector<std::string>& ocsps,
                                 const std::vector<std::string>& crls, std::time_t at);

/// Parsed certificates, OCSP responses and CRLs kept by their DER bytes, so
/// that a batch of files carrying the same validation data decodes it once:
/// OpenSSL 3.0 decodes every certificate's key slowly, and an OCSP response
/// carries its responder's certificate. Thread-safe; at most `limit` objects
/// of each kind are kept (then it starts afresh).
class ParseCache {
public:
    explicit ParseCache(std::size_t limit = 4096);
    ~ParseCache();
    ParseCache(const ParseCache&) = delete;
    ParseCache& operator=(const ParseCache&) = delete;
    /// An OpenSSL X509* the caller owns a reference to (X509_free), or nullptr.
    X509* certificate(std::string_view der);
    /// A CMS SignedData (CMS_ContentInfo*, CMS_ContentInfo_free) or a
    /// PKCS#7 one such as a timestamp token (PKCS7*, PKCS7_free) decoded
    /// from the start of `der`, with the certificates it carries taken
    /// from this cache instead of decoded again; the result is the same
    /// object a plain d2i gives. `used` is set to the bytes it took.
    /// nullptr when the bytes do not decode.
    CMS_ContentInfo* cms(std::string_view der, std::size_t& used);
    PKCS7* pkcs7(std::string_view der, std::size_t& used);
    struct Impl;
    Impl& impl() { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

/// The same for many certificates: the answers are parsed once, and each
/// answer's signature is checked once per issuer (OpenSSL 3 decoding is
/// the cost of verification; this keeps it to once per object). With a
/// cache, objects parsed for earlier files are taken from it.
class RevocationIndex {
public:
    RevocationIndex(const std::vector<std::string>& ocsps, const std::vector<std::string>& crls, ParseCache* cache = nullptr);
    ~RevocationIndex();
    RevocationIndex(const RevocationIndex&) = delete;
    RevocationIndex& operator=(const RevocationIndex&) = delete;
    RevocationAnswer lookup(X509* cert, X509* issuer, std::time_t at) const;
    [[nodiscard]] bool empty() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// A CRL file's bytes (DER or PEM) as DER, or empty when they are not a CRL.
std::string crl_as_der(const std::string& der_or_pem);

/// Refuses a certificate outside its validity period at `now`
/// (SignCertificateExpired, naming the dates).
void check_validity_period(std::string_view cert_der, std::time_t now);

}  // namespace justera::pki
