// SPDX-License-Identifier: GPL-3.0-or-later
// Validation data for PAdES B-LT: certificates, OCSP responses and CRLs,
// checked before they go into the document.

#include "justera/pki/revocation.hpp"
#include "justera/pki/x509.hpp"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <memory>
#include <set>
#include <sstream>
#include <unordered_map>

#include "justera/pki/http.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"

namespace justera::pki {

using core::Errc;
using core::Error;

namespace {

constexpr std::size_t k_max_answer = 16U * 1024U * 1024U;  // a large CRL, not a disk's worth
constexpr long k_clock_skew = 300;                          // seconds of leeway for thisUpdate

struct X509Free { void operator()(X509* x) const noexcept { X509_free(x); } };
using Cert = std::unique_ptr<X509, X509Free>;
struct CrlFree { void operator()(X509_CRL* x) const noexcept { X509_CRL_free(x); } };
using Crl = std::unique_ptr<X509_CRL, CrlFree>;
struct OcspFree { void operator()(OCSP_RESPONSE* x) const noexcept { OCSP_RESPONSE_free(x); } };
using Ocsp = std::unique_ptr<OCSP_RESPONSE, OcspFree>;

std::string der_of(X509* x) { return certificate_der(x); }

std::string time_text(const ASN1_TIME* t) {
    if (!t) return "?";
    std::tm tm{};
    if (ASN1_TIME_to_tm(t, &tm) != 1) return "?";
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

std::string slurp(const std::string& path) { return core::read_file(path, core::Limits{}); }

Cert cert_from_der(std::string_view der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    return Cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

bool self_issued(X509* x) { return X509_check_issued(x, x) == X509_V_OK; }

/// The certificates of a CMS SignedData and of the timestamp tokens among
/// its signers' unsigned attributes (and theirs, recursively, bounded).
void certs_of_cms(std::string_view der, std::vector<std::string>& out, int depth = 0) {
    if (depth > 3) return;
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    CMS_ContentInfo* cms = d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size()));
    if (!cms) {
        ERR_clear_error();
        return;
    }
    if (STACK_OF(X509)* certs = CMS_get1_certs(cms)) {
        for (int i = 0; i < sk_X509_num(certs); ++i) out.push_back(der_of(sk_X509_value(certs, i)));
        sk_X509_pop_free(certs, X509_free);
    }
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms);
    for (int i = 0; i < sk_CMS_SignerInfo_num(infos); ++i) {
        CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, i);
        for (int k = -1; (k = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, k)) >= 0;) {
            X509_ATTRIBUTE* attr = CMS_unsigned_get_attr(si, k);
            for (int v = 0; v < X509_ATTRIBUTE_count(attr); ++v) {
                const ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(attr, v);
                if (t && t->type == V_ASN1_SEQUENCE) {
                    certs_of_cms(std::string_view(reinterpret_cast<const char*>(t->value.sequence->data),
                                                  static_cast<std::size_t>(t->value.sequence->length)),
                                 out, depth + 1);
                }
            }
        }
    }
    CMS_ContentInfo_free(cms);
}

/// True when `issuer` issued `cert`: names and key identifiers match
/// (X509_check_issued) and the signature verifies with the issuer's key; the
/// first alone is satisfied by a forgery that copies the issuer's name.
bool issued_by(X509* cert, X509* issuer) {
    EVP_PKEY* key = X509_get0_pubkey(issuer);
    const bool ok = X509_check_issued(issuer, cert) == X509_V_OK && key && X509_verify(cert, key) == 1;
    ERR_clear_error();
    return ok;
}

/// A certificate names at most this many addresses of each kind that are
/// asked: the certificates come from other people's signatures, and every
/// address may cost a connection timeout.
constexpr std::size_t k_max_urls = 3;

std::vector<std::string> urls_of_ocsp(X509* x) {
    std::vector<std::string> out;
    STACK_OF(OPENSSL_STRING)* list = X509_get1_ocsp(x);
    for (int i = 0; i < sk_OPENSSL_STRING_num(list) && out.size() < k_max_urls; ++i) out.emplace_back(sk_OPENSSL_STRING_value(list, i));
    X509_email_free(list);
    return out;
}

std::vector<std::string> urls_of_ca_issuers(X509* x) {
    std::vector<std::string> out;
    auto* aia = static_cast<AUTHORITY_INFO_ACCESS*>(X509_get_ext_d2i(x, NID_info_access, nullptr, nullptr));
    for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(aia) && out.size() < k_max_urls; ++i) {
        const ACCESS_DESCRIPTION* ad = sk_ACCESS_DESCRIPTION_value(aia, i);
        if (OBJ_obj2nid(ad->method) != NID_ad_ca_issuers || ad->location->type != GEN_URI) continue;
        const ASN1_IA5STRING* uri = ad->location->d.uniformResourceIdentifier;
        std::string u(reinterpret_cast<const char*>(uri->data), static_cast<std::size_t>(uri->length));
        if (u.rfind("http://", 0) == 0 || u.rfind("https://", 0) == 0) out.push_back(u);
    }
    AUTHORITY_INFO_ACCESS_free(aia);
    return out;
}

std::vector<std::string> urls_of_crl(X509* x) {
    std::vector<std::string> out;
    auto* points = static_cast<STACK_OF(DIST_POINT)*>(X509_get_ext_d2i(x, NID_crl_distribution_points, nullptr, nullptr));
    for (int i = 0; i < sk_DIST_POINT_num(points) && out.size() < k_max_urls; ++i) {
        const DIST_POINT* dp = sk_DIST_POINT_value(points, i);
        if (!dp->distpoint || dp->distpoint->type != 0) continue;
        const GENERAL_NAMES* names = dp->distpoint->name.fullname;
        for (int k = 0; k < sk_GENERAL_NAME_num(names) && out.size() < k_max_urls; ++k) {
            const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, k);
            if (n->type != GEN_URI) continue;
            const ASN1_IA5STRING* uri = n->d.uniformResourceIdentifier;
            std::string u(reinterpret_cast<const char*>(uri->data), static_cast<std::size_t>(uri->length));
            if (u.rfind("http://", 0) == 0 || u.rfind("https://", 0) == 0) out.push_back(u);
        }
    }
    sk_DIST_POINT_pop_free(points, DIST_POINT_free);
    return out;
}

/// The outcome of checking one piece of revocation data for one certificate.
enum class Status { NotForThis, Good, Revoked, Bad };

struct Verdict {
    Status status = Status::NotForThis;
    std::string detail;  ///< why Bad, or when Revoked
    std::time_t at = 0;  ///< Good: the answer's time (OCSP thisUpdate, the CRL's lastUpdate)
    std::string detail_sv{};  ///< detail in Swedish, when Bad or Revoked
};

std::time_t time_of(const ASN1_TIME* t) {
    std::tm tm{};
    return t && ASN1_TIME_to_tm(t, &tm) == 1 ? timegm(&tm) : 0;
}

/// Does `resp` speak for `cert` (issued by `issuer`), and what does it say?
Verdict check_basic(OCSP_BASICRESP* basic, X509* cert, X509* issuer, std::time_t now, std::vector<std::string>* responder_certs,
                    bool need_fresh, std::time_t* produced, std::time_t* revoked_time);

Verdict check_ocsp(OCSP_RESPONSE* resp, X509* cert, X509* issuer, std::time_t now, std::vector<std::string>* responder_certs,
                   bool need_fresh = true, std::time_t* produced = nullptr, std::time_t* revoked_time = nullptr) {
    Verdict v;
    if (OCSP_response_status(resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
        v.status = Status::Bad;
        v.detail = std::string("the responder answered '") + OCSP_response_status_str(OCSP_response_status(resp)) + "'";
        v.detail_sv = std::string("OCSP-tjänsten svarade '") + OCSP_response_status_str(OCSP_response_status(resp)) + "'";
        return v;
    }
    OCSP_BASICRESP* basic = OCSP_response_get1_basic(resp);
    if (!basic) return {Status::Bad, "the answer holds no basic response", 0, "svaret innehåller inget BasicOCSPResponse"};
    v = check_basic(basic, cert, issuer, now, responder_certs, need_fresh, produced, revoked_time);
    OCSP_BASICRESP_free(basic);
    return v;
}

/// Does `basic` speak for `cert` (issued by `issuer`), and what does it say?
Verdict check_basic(OCSP_BASICRESP* basic, X509* cert, X509* issuer, std::time_t now, std::vector<std::string>* responder_certs,
                    bool need_fresh, std::time_t* produced, std::time_t* revoked_time) {
    Verdict v;
    int status = -1;
    int reason = 0;
    ASN1_GENERALIZEDTIME* revoked_at = nullptr;
    ASN1_GENERALIZEDTIME* this_update = nullptr;
    ASN1_GENERALIZEDTIME* next_update = nullptr;
    bool found = false;
    for (const EVP_MD* md : {EVP_sha1(), EVP_sha256()}) {
        OCSP_CERTID* id = OCSP_cert_to_id(md, cert, issuer);
        found = id && OCSP_resp_find_status(basic, id, &status, &reason, &revoked_at, &this_update, &next_update) == 1;
        OCSP_CERTID_free(id);
        if (found) break;
    }
    if (!found) return v;  // about some other certificate
    // Signed by the issuer itself or by a responder the issuer delegated to
    // (RFC 6960 4.2.2.2): the signature first, then who signed.
    STACK_OF(X509)* untrusted = sk_X509_new_null();
    sk_X509_push(untrusted, issuer);
    const bool signature_ok = OCSP_basic_verify(basic, untrusted, nullptr, OCSP_NOVERIFY) == 1;
    X509* signer = nullptr;
    OCSP_resp_get0_signer(basic, &signer, untrusted);
    sk_X509_free(untrusted);
    ERR_clear_error();
    bool signer_ok = false;
    if (signer) {
        if (X509_cmp(signer, issuer) == 0) {
            signer_ok = true;
        } else {
            signer_ok = issued_by(signer, issuer) && (X509_get_extension_flags(signer) & EXFLAG_XKUSAGE) != 0 &&
                        (X509_get_extended_key_usage(signer) & XKU_OCSP_SIGN) != 0;
            if (signer_ok && responder_certs) responder_certs->push_back(der_of(signer));
        }
    }
    const bool fresh = !need_fresh || (OCSP_check_validity(this_update, next_update, k_clock_skew, -1) == 1 &&
                                       (!next_update || X509_cmp_time(next_update, &now) > 0));
    std::tm tm{};
    if (produced && this_update && ASN1_TIME_to_tm(this_update, &tm) == 1) *produced = timegm(&tm);
    if (revoked_time && revoked_at && ASN1_TIME_to_tm(revoked_at, &tm) == 1) *revoked_time = timegm(&tm);
    ERR_clear_error();
    if (!signature_ok || !signer_ok) {
        v = {Status::Bad,
             signature_ok ? "the response is signed by a certificate the issuer did not authorise" : "the response's signature does not verify",
             0,
             signature_ok ? "svaret är undertecknat med ett certifikat som utfärdaren inte har bemyndigat att svara" : "svarets underskrift håller inte"};
    } else if (status == V_OCSP_CERTSTATUS_REVOKED) {
        v = {Status::Revoked, "revoked " + time_text(revoked_at) + " (OCSP)", 0, "spärrat sedan " + time_text(revoked_at) + " (OCSP)"};
    } else if (status != V_OCSP_CERTSTATUS_GOOD) {
        v = {Status::Bad, "the responder does not know the certificate", 0, "OCSP-tjänsten känner inte till certifikatet"};
    } else if (!fresh) {
        v = {Status::Bad, "the response is outdated (this update " + time_text(this_update) + ", next update " + time_text(next_update) + ")", 0,
             "svaret är inaktuellt (utfärdat " + time_text(this_update) + ", nästa uppdatering " + time_text(next_update) + ")"};
    } else {
        v = {Status::Good, "good at " + time_text(this_update), time_of(this_update)};
    }
    return v;
}

Verdict check_crl(X509_CRL* crl, X509* cert, X509* issuer, std::time_t now, bool need_fresh = true, std::time_t* produced = nullptr,
                  std::time_t* revoked_time = nullptr) {
    if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(cert)) != 0) return {};
    if (!issuer) {
        return {Status::Bad, "the CRL's issuer certificate is not at hand to check its signature", 0,
                "utfärdarens certifikat finns inte till hands, så spärrlistans underskrift kan inte kontrolleras"};
    }
    EVP_PKEY* key = X509_get0_pubkey(issuer);
    if (!key || X509_CRL_verify(crl, key) != 1) {
        ERR_clear_error();
        return {Status::Bad, "the CRL's signature does not verify", 0, "spärrlistans underskrift håller inte"};
    }
    const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl);
    if (need_fresh && next && X509_cmp_time(next, &now) < 0) {
        return {Status::Bad, "the CRL is outdated (next update " + time_text(next) + ")", 0,
                "spärrlistan är inaktuell (nästa uppdatering " + time_text(next) + ")"};
    }
    std::tm tm{};
    if (produced && ASN1_TIME_to_tm(X509_CRL_get0_lastUpdate(crl), &tm) == 1) *produced = timegm(&tm);
    X509_REVOKED* rev = nullptr;
    if (X509_CRL_get0_by_cert(crl, &rev, cert) == 1) {
        if (revoked_time && ASN1_TIME_to_tm(X509_REVOKED_get0_revocationDate(rev), &tm) == 1) *revoked_time = timegm(&tm);
        return {Status::Revoked, "revoked " + time_text(X509_REVOKED_get0_revocationDate(rev)) + " (CRL)", 0,
                "spärrat sedan " + time_text(X509_REVOKED_get0_revocationDate(rev)) + " (spärrlista)"};
    }
    return {Status::Good, "not on the CRL of " + time_text(X509_CRL_get0_lastUpdate(crl)), time_of(X509_CRL_get0_lastUpdate(crl))};
}

Crl parse_crl(const std::string& bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    X509_CRL* crl = d2i_X509_CRL(nullptr, &p, static_cast<long>(bytes.size()));
    if (!crl) {
        BIO* b = BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size()));
        crl = PEM_read_bio_X509_CRL(b, nullptr, nullptr, nullptr);
        BIO_free(b);
    }
    ERR_clear_error();
    return Crl(crl);
}

std::string crl_der(X509_CRL* crl) {
    unsigned char* p = nullptr;
    const int n = i2d_X509_CRL(crl, &p);
    std::string s(reinterpret_cast<char*>(p), static_cast<std::size_t>(std::max(n, 0)));
    OPENSSL_free(p);
    return s;
}

Ocsp parse_ocsp(const std::string& bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    OCSP_RESPONSE* r = d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(bytes.size()));
    ERR_clear_error();
    return Ocsp(r);
}

/// Asks one OCSP responder about `cert`; returns the DER answer or "" with
/// `why` (and `why_sv`, the same in Swedish).
std::string fetch_ocsp(const std::string& url, X509* cert, X509* issuer, long timeout, std::string& why, std::string& why_sv) {
    OCSP_REQUEST* req = OCSP_REQUEST_new();
    OCSP_CERTID* id = OCSP_cert_to_id(EVP_sha1(), cert, issuer);  // SHA-1 ids: what every responder knows
    OCSP_request_add0_id(req, id);
    OCSP_request_add1_nonce(req, nullptr, -1);
    unsigned char* der = nullptr;
    const int n = i2d_OCSP_REQUEST(req, &der);
    const std::string body(reinterpret_cast<char*>(der), static_cast<std::size_t>(std::max(n, 0)));
    OPENSSL_free(der);
    const HttpResult r = http_exchange(url, "application/ocsp-request", body, k_max_answer, timeout);
    if (!r.ok) {
        OCSP_REQUEST_free(req);
        why = url + ": " + r.error;
        why_sv = url + ": " + r.error;
        return {};
    }
    Ocsp resp = parse_ocsp(r.body);
    OCSP_BASICRESP* basic = resp ? OCSP_response_get1_basic(resp.get()) : nullptr;
    // A nonce sent must come back (RFC 8954); a responder that omits it may
    // serve cached answers, which freshness then judges.
    const int nonce = basic ? OCSP_check_nonce(req, basic) : 0;
    OCSP_BASICRESP_free(basic);
    OCSP_REQUEST_free(req);
    if (!resp) {
        why = url + ": not an OCSP response";
        why_sv = url + ": inget OCSP-svar";
        return {};
    }
    if (const int st = OCSP_response_status(resp.get()); st != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
        why = url + ": the responder refused (" + OCSP_response_status_str(st) + ")";
        why_sv = url + ": OCSP-tjänsten avvisade begäran (" + OCSP_response_status_str(st) + ")";
        return {};
    }
    if (nonce == 0) {
        why = url + ": the response carries another request's nonce";
        why_sv = url + ": svaret har en nonce från en annan begäran";
        return {};
    }
    return r.body;
}

struct Pool {
    std::vector<Cert> certs;
    std::set<std::string> seen;
    void add(const std::string& der) {
        if (!seen.insert(der).second) return;
        if (Cert c = cert_from_der(der)) certs.push_back(std::move(c));
    }
    X509* issuer_of(X509* x) const {
        for (const auto& c : certs) {
            if (c.get() != x && issued_by(x, c.get())) return c.get();
        }
        return nullptr;
    }
};

}  // namespace

struct ParseCache::Impl {
    std::mutex mu;
    std::size_t limit;
    std::unordered_map<std::string, std::shared_ptr<OCSP_BASICRESP>> basics;  ///< empty pointer: not a usable response
    std::unordered_map<std::string, std::shared_ptr<X509_CRL>> crls;
    std::unordered_map<std::string, std::shared_ptr<X509>> certs;
    template <typename T, typename Make>
    std::shared_ptr<T> get(std::unordered_map<std::string, std::shared_ptr<T>>& map, std::string_view der, Make&& make) {
        const std::string key(der);
        {
            std::lock_guard<std::mutex> lock(mu);
            if (auto it = map.find(key); it != map.end()) return it->second;
        }
        std::shared_ptr<T> made = make(key);  // parsed outside the lock
        std::lock_guard<std::mutex> lock(mu);
        if (map.size() >= limit) map.clear();
        return map.emplace(key, std::move(made)).first->second;
    }
};

namespace {

std::shared_ptr<OCSP_BASICRESP> parse_basic(const std::string& der) {
    Ocsp r = parse_ocsp(der);
    if (!r || OCSP_response_status(r.get()) != OCSP_RESPONSE_STATUS_SUCCESSFUL) return {};
    OCSP_BASICRESP* b = OCSP_response_get1_basic(r.get());
    ERR_clear_error();
    return b ? std::shared_ptr<OCSP_BASICRESP>(b, OCSP_BASICRESP_free) : std::shared_ptr<OCSP_BASICRESP>();
}

std::shared_ptr<X509_CRL> parse_shared_crl(const std::string& der) {
    Crl c = parse_crl(der);
    return c ? std::shared_ptr<X509_CRL>(c.release(), X509_CRL_free) : std::shared_ptr<X509_CRL>();
}

}  // namespace

ParseCache::ParseCache(std::size_t limit) : m_impl(std::make_unique<Impl>()) { m_impl->limit = std::max<std::size_t>(limit, 1); }
ParseCache::~ParseCache() = default;

X509* ParseCache::certificate(std::string_view der) {
    auto x = m_impl->get(m_impl->certs, der, [](const std::string& key) {
        const auto* p = reinterpret_cast<const unsigned char*>(key.data());
        X509* c = d2i_X509(nullptr, &p, static_cast<long>(key.size()));
        ERR_clear_error();
        return c ? std::shared_ptr<X509>(c, X509_free) : std::shared_ptr<X509>();
    });
    if (!x) return nullptr;
    X509_up_ref(x.get());
    return x.get();
}

struct RevocationIndex::Impl {
    std::vector<std::shared_ptr<OCSP_BASICRESP>> basics;  ///< of the successful responses, decoded once
    std::vector<std::shared_ptr<X509_CRL>> crls;
    mutable std::map<std::pair<const void*, const void*>, bool> verified;  ///< (CRL, issuer) -> signature ok
    mutable std::map<std::string, RevocationAnswer> answers;                 ///< by issuer name and serial
};

RevocationIndex::RevocationIndex(const std::vector<std::string>& ocsps, const std::vector<std::string>& crls, ParseCache* cache)
    : m_impl(std::make_unique<Impl>()) {
    for (const auto& der : ocsps) {
        auto b = cache ? cache->impl().get(cache->impl().basics, der, parse_basic) : parse_basic(der);
        if (b) m_impl->basics.push_back(std::move(b));
    }
    for (const auto& der : crls) {
        auto c = cache ? cache->impl().get(cache->impl().crls, der, parse_shared_crl) : parse_shared_crl(der);
        if (c) m_impl->crls.push_back(std::move(c));
    }
}

RevocationIndex::~RevocationIndex() = default;

bool RevocationIndex::empty() const noexcept { return m_impl->basics.empty() && m_impl->crls.empty(); }

RevocationAnswer RevocationIndex::lookup(X509* cert, X509* issuer, std::time_t at) const {
    std::string key;
    {
        unsigned char* p = nullptr;
        int n = i2d_X509_NAME(X509_get_issuer_name(cert), &p);
        key.assign(reinterpret_cast<char*>(p), static_cast<std::size_t>(std::max(n, 0)));
        OPENSSL_free(p);
        p = nullptr;
        n = i2d_ASN1_INTEGER(X509_get_serialNumber(cert), &p);
        key.append(reinterpret_cast<char*>(p), static_cast<std::size_t>(std::max(n, 0)));
        OPENSSL_free(p);
    }
    if (auto hit = m_impl->answers.find(key); hit != m_impl->answers.end()) return hit->second;
    RevocationAnswer best;
    std::vector<std::string> notes;
    const auto take = [&](const Verdict& v, const std::string& source, std::time_t produced, std::time_t revoked) {
        if (v.status == Status::Bad) notes.push_back(source + ": " + v.detail);
        if (v.status != Status::Good && v.status != Status::Revoked) return;
        const bool revoked_now = v.status == Status::Revoked;
        const bool better = best.status == RevocationStatus::Unknown || (revoked_now && best.status == RevocationStatus::Good) ||
                            (revoked_now == (best.status == RevocationStatus::Revoked) && produced > best.produced);
        if (!better) return;
        best.status = revoked_now ? RevocationStatus::Revoked : RevocationStatus::Good;
        best.source = source;
        best.detail = v.detail;
        best.produced = produced;
        best.revoked_at = revoked;
    };
    // Cheap tests first (does this answer name the certificate or its
    // issuer?); the signature check only for answers that do, once each.
    OCSP_CERTID* id1 = OCSP_cert_to_id(EVP_sha1(), cert, issuer);
    OCSP_CERTID* id256 = OCSP_cert_to_id(EVP_sha256(), cert, issuer);
    for (const auto& held : m_impl->basics) {
        OCSP_BASICRESP* basic = held.get();
        const bool names = (id1 && OCSP_resp_find(basic, id1, -1) >= 0) || (id256 && OCSP_resp_find(basic, id256, -1) >= 0);
        if (!names) continue;
        std::time_t produced = 0;
        std::time_t revoked = 0;
        take(check_basic(basic, cert, issuer, at, nullptr, false, &produced, &revoked), "OCSP", produced, revoked);
    }
    OCSP_CERTID_free(id1);
    OCSP_CERTID_free(id256);
    for (const auto& c : m_impl->crls) {
        if (X509_NAME_cmp(X509_CRL_get_issuer(c.get()), X509_get_issuer_name(cert)) != 0) continue;
        const auto pair_key = std::make_pair(static_cast<const void*>(c.get()), static_cast<const void*>(issuer));
        auto it = m_impl->verified.find(pair_key);
        if (it == m_impl->verified.end()) {
            EVP_PKEY* pk = X509_get0_pubkey(issuer);
            it = m_impl->verified.emplace(pair_key, pk && X509_CRL_verify(c.get(), pk) == 1).first;
            ERR_clear_error();
        }
        if (!it->second) {
            notes.push_back("CRL: the CRL's signature does not verify");
            continue;
        }
        std::time_t produced = 0;
        std::time_t revoked = 0;
        std::tm tm{};
        if (ASN1_TIME_to_tm(X509_CRL_get0_lastUpdate(c.get()), &tm) == 1) produced = timegm(&tm);
        X509_REVOKED* rev = nullptr;
        Verdict v;
        if (X509_CRL_get0_by_cert(c.get(), &rev, cert) == 1) {
            if (ASN1_TIME_to_tm(X509_REVOKED_get0_revocationDate(rev), &tm) == 1) revoked = timegm(&tm);
            v = {Status::Revoked, "revoked " + time_text(X509_REVOKED_get0_revocationDate(rev)) + " (CRL)", 0,
                 "spärrat sedan " + time_text(X509_REVOKED_get0_revocationDate(rev)) + " (spärrlista)"};
        } else {
            v = {Status::Good, "not on the CRL of " + time_text(X509_CRL_get0_lastUpdate(c.get()))};
        }
        take(v, "CRL", produced, revoked);
    }
    if (best.status == RevocationStatus::Unknown) best.why_unusable = notes.empty() ? std::string() : notes.front();  // "": nothing at all
    m_impl->answers.emplace(key, best);
    return best;
}

RevocationAnswer revocation_from(std::string_view cert_der, std::string_view issuer_der, const std::vector<std::string>& ocsps,
                                 const std::vector<std::string>& crls, std::time_t at) {
    Cert cert = cert_from_der(cert_der);
    Cert issuer = cert_from_der(issuer_der);
    if (!cert || !issuer) {
        RevocationAnswer none;
        none.why_unusable = "the certificate or its issuer cannot be read";
        return none;
    }
    return RevocationIndex(ocsps, crls).lookup(cert.get(), issuer.get(), at);
}

std::string crl_as_der(const std::string& der_or_pem) {
    Crl c = parse_crl(der_or_pem);
    return c ? crl_der(c.get()) : std::string();
}

void check_validity_period(std::string_view cert_der, std::time_t now) {
    Cert c = cert_from_der(cert_der);
    if (!c) throw Error(Errc::SignKeyUnreadable, "the certificate cannot be read", {}, "certifikatet kan inte läsas");
    std::time_t t = now;
    if (X509_cmp_time(X509_get0_notAfter(c.get()), &t) < 0) {
        throw Error(Errc::SignCertificateExpired, "the certificate of " + display_subject(c.get()) + " expired " +
                                                      time_text(X509_get0_notAfter(c.get())) +
                                                      ": a signature made with it now would not be valid; nothing was written",
                    {},
                    "certifikatet för " + display_subject(c.get()) + " gick ut " + time_text(X509_get0_notAfter(c.get())) +
                        ": en underskrift som görs med det nu skulle inte vara giltig; inget skrevs");
    }
    if (X509_cmp_time(X509_get0_notBefore(c.get()), &t) > 0) {
        throw Error(Errc::SignCertificateExpired, "the certificate of " + display_subject(c.get()) + " is valid only from " +
                                                      time_text(X509_get0_notBefore(c.get())) + " (is the clock right?); nothing was written",
                    {},
                    "certifikatet för " + display_subject(c.get()) + " gäller först från " + time_text(X509_get0_notBefore(c.get())) +
                        " (går klockan rätt?); inget skrevs");
    }
}

ValidationData collect_validation_data(const std::vector<std::string>& signatures, const RevocationSources& sources,
                                       const LtvLog& log, std::time_t now) {
    std::vector<std::string> found;
    for (const auto& s : signatures) certs_of_cms(s, found);
    return collect_validation_data_for(found, sources, log, now);
}

ValidationData collect_validation_data_for(const std::vector<std::string>& certificates, const RevocationSources& sources,
                                           const LtvLog& log, std::time_t now) {
    if (now == 0) now = std::time(nullptr);
    const auto say = [&](const std::string& s) {
        if (log) log(s);
    };
    // What an answer said of a certificate, for the user: in Swedish with
    // the time as the caller's clock shows it when it gave one.
    const bool swedish = static_cast<bool>(sources.swedish_clock);
    // (A revoked certificate kept as evidence has had its warning; its
    // answer is named with what it said.)
    const auto said_ocsp = [&](const std::string& who, const Verdict& v, const std::string& from) {
        if (!swedish) return "OCSP for " + who + ": " + v.detail + " (" + from + ")";
        return v.status == Status::Good ? "OCSP-svar för " + who + ": inte spärrat, enligt svaret från " + sources.swedish_clock(v.at) + " (" + from + ")"
                                        : "OCSP-svar för " + who + ": " + (v.detail_sv.empty() ? v.detail : v.detail_sv) + " (" + from + ")";
    };
    const auto said_crl = [&](const std::string& who, const Verdict& v, const std::string& from) {
        if (!swedish) return "CRL for " + who + ": " + v.detail + " (" + from + ")";
        return v.status == Status::Good ? "spärrlista för " + who + ": finns inte på spärrlistan från " + sources.swedish_clock(v.at) + " (" + from + ")"
                                        : "spärrlista för " + who + ": " + (v.detail_sv.empty() ? v.detail : v.detail_sv) + " (" + from + ")";
    };
    Pool pool;
    for (const auto& d : certificates) pool.add(d);
    for (const auto& f : sources.ca_files) {
        const std::string pem = slurp(f);
        BIO* b = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
        int n = 0;
        while (X509* x = PEM_read_bio_X509(b, nullptr, nullptr, nullptr)) {
            pool.add(der_of(x));
            X509_free(x);
            ++n;
        }
        BIO_free(b);
        ERR_clear_error();
        if (n == 0) throw Error(Errc::SignRevocationDataInvalid, "no PEM certificate in the file", core::Where{f}, "inget PEM-certifikat i filen");
    }
    // Issuers missing from the signature (a root, typically) from the
    // certificates' caIssuers addresses (RFC 5280 4.2.2.1): DER or PEM.
    for (std::size_t i = 0; sources.fetch && i < pool.certs.size() && i < 32; ++i) {
        X509* cert = pool.certs[i].get();
        if (self_issued(cert) || pool.issuer_of(cert)) continue;
        for (const auto& url : urls_of_ca_issuers(cert)) {
            const HttpResult r = http_exchange(url, "", "", 1024U * 1024U, sources.timeout_seconds);
            Cert got = r.ok ? cert_from_der(r.body) : Cert();
            if (!got && r.ok) {
                BIO* b = BIO_new_mem_buf(r.body.data(), static_cast<int>(r.body.size()));
                got.reset(PEM_read_bio_X509(b, nullptr, nullptr, nullptr));
                BIO_free(b);
            }
            ERR_clear_error();
            if (got && issued_by(cert, got.get())) {
                say((swedish ? "utfärdare av " : "issuer of ") + display_subject(cert) + ": " + display_subject(got.get()) + " (" + url + ")");
                pool.add(der_of(got.get()));
                break;
            }
        }
    }
    std::vector<std::pair<std::string, Ocsp>> given_ocsp;
    for (const auto& f : sources.ocsp_files) {
        Ocsp r = parse_ocsp(slurp(f));
        if (!r) throw Error(Errc::SignRevocationDataInvalid, "not a DER OCSP response", core::Where{f}, "inget OCSP-svar i DER-format");
        given_ocsp.emplace_back(f, std::move(r));
    }
    std::vector<std::pair<std::string, Crl>> given_crl;
    for (const auto& f : sources.crl_files) {
        Crl c = parse_crl(slurp(f));
        if (!c) throw Error(Errc::SignRevocationDataInvalid, "not a CRL (DER or PEM)", core::Where{f}, "ingen spärrlista (DER eller PEM)");
        given_crl.emplace_back(f, std::move(c));
    }

    ValidationData out;
    std::set<std::string> have_ocsp;
    std::set<std::string> have_crl;
    const auto keep_ocsp = [&](const std::string& der) {
        if (have_ocsp.insert(der).second) out.ocsps.push_back(der);
    };
    const auto keep_crl = [&](const std::string& der) {
        if (have_crl.insert(der).second) out.crls.push_back(der);
    };
    std::vector<std::string> responder_certs;
    // Revocation data for every certificate that is not a trust anchor; a
    // delegated OCSP responder with id-pkix-ocsp-nocheck needs none (RFC 6960 4.2.2.2.1).
    for (std::size_t i = 0; i < pool.certs.size(); ++i) {
        X509* cert = pool.certs[i].get();
        const std::string who = display_subject(cert);
        if (self_issued(cert)) continue;
        if (X509_get_ext_by_NID(cert, NID_id_pkix_OCSP_noCheck, -1) >= 0) continue;
        X509* issuer = pool.issuer_of(cert);
        const auto settle = [&](const Verdict& v, const std::string& source) {
            if (v.status == Status::Revoked && !sources.refuse_revoked) {
                say(swedish ? "varning: certifikatet " + who + " är " + (v.detail_sv.empty() ? v.detail : v.detail_sv) + " enligt " + source + "; behålls som bevis"
                            : "warning: the certificate " + who + " is " + v.detail + " according to " + source + "; kept as evidence");
                return true;
            }
            if (v.status == Status::Revoked) {
                throw Error(Errc::SignCertificateRevoked, "the certificate " + who + " is " + v.detail + " according to " + source +
                                                              "; nothing was written",
                            {}, "certifikatet " + who + " är " + v.detail_sv + " enligt " + source + "; inget skrevs");
            }
            return v.status == Status::Good;
        };
        bool done = false;
        std::vector<std::string> why;
        std::vector<std::string> why_sv;
        for (auto& [file, resp] : given_ocsp) {
            if (done || !issuer) break;
            const Verdict v = check_ocsp(resp.get(), cert, issuer, now, &responder_certs);
            if (v.status == Status::Bad) {
                why.push_back(file + ": " + v.detail);
                why_sv.push_back(file + ": " + v.detail_sv);
            }
            if (settle(v, file)) {
                unsigned char* p = nullptr;
                const int n = i2d_OCSP_RESPONSE(resp.get(), &p);
                keep_ocsp(std::string(reinterpret_cast<char*>(p), static_cast<std::size_t>(std::max(n, 0))));
                OPENSSL_free(p);
                say(said_ocsp(who, v, file));
                done = true;
            }
        }
        for (auto& [file, crl] : given_crl) {
            if (done) break;
            const Verdict v = check_crl(crl.get(), cert, issuer, now);
            if (v.status == Status::Bad) {
                why.push_back(file + ": " + v.detail);
                why_sv.push_back(file + ": " + v.detail_sv);
            }
            if (settle(v, file)) {
                keep_crl(crl_der(crl.get()));
                say(said_crl(who, v, file));
                done = true;
            }
        }
        if (!done && sources.fetch && issuer) {
            for (const auto& url : urls_of_ocsp(cert)) {
                std::string fail;
                std::string fail_sv;
                const std::string der = fetch_ocsp(url, cert, issuer, sources.timeout_seconds, fail, fail_sv);
                if (der.empty()) {
                    why.push_back(fail);
                    why_sv.push_back(fail_sv);
                    continue;
                }
                Ocsp resp = parse_ocsp(der);
                const Verdict v = check_ocsp(resp.get(), cert, issuer, now, &responder_certs);
                if (v.status == Status::NotForThis || v.status == Status::Bad) {
                    why.push_back(url + ": " + (v.detail.empty() ? "the answer is about another certificate" : v.detail));
                    why_sv.push_back(url + ": " + (v.detail.empty() ? "svaret gäller ett annat certifikat" : v.detail_sv));
                    continue;
                }
                if (settle(v, url)) {
                    keep_ocsp(der);
                    say(said_ocsp(who, v, url));
                    done = true;
                    break;
                }
            }
        }
        if (!done && sources.fetch) {
            for (const auto& url : urls_of_crl(cert)) {
                const HttpResult r = http_exchange(url, "", "", k_max_answer, sources.timeout_seconds);
                if (!r.ok) {
                    why.push_back(url + ": " + r.error);
                    why_sv.push_back(url + ": " + r.error);
                    continue;
                }
                Crl crl = parse_crl(r.body);
                if (!crl) {
                    why.push_back(url + ": not a CRL");
                    why_sv.push_back(url + ": ingen spärrlista");
                    continue;
                }
                const Verdict v = check_crl(crl.get(), cert, issuer, now);
                if (v.status != Status::Good && v.status != Status::Revoked) {
                    why.push_back(url + ": " + (v.detail.empty() ? "a CRL of another issuer" : v.detail));
                    why_sv.push_back(url + ": " + (v.detail.empty() ? "en spärrlista från en annan utfärdare" : v.detail_sv));
                    continue;
                }
                if (settle(v, url)) {
                    keep_crl(crl_der(crl.get()));
                    say(said_crl(who, v, url));
                    done = true;
                    break;
                }
            }
        }
        if (!done) {
            std::string msg = "no usable revocation data for the certificate " + who;
            std::string msg_sv = "inga användbara spärruppgifter för certifikatet " + who;
            if (!issuer) {
                msg += " (its issuer's certificate is not in the signature: give it with --ca-certs)";
                msg_sv += " (utfärdarens certifikat finns inte i underskriften: ange det med --ca-certs)";
            }
            if (why.empty() && !sources.fetch) {
                msg += " (fetching is off: give --ocsp or --crl files)";
                msg_sv += " (hämtning är avstängd: ange filer med --ocsp eller --crl)";
            }
            if (why.empty() && sources.fetch && issuer) {
                msg += " (it names no OCSP responder or CRL address: give --ocsp or --crl files)";
                msg_sv += " (certifikatet anger varken någon OCSP-tjänst eller någon adress till en spärrlista: ange filer med --ocsp eller --crl)";
            }
            for (const auto& w : why) msg += "; " + w;
            for (const auto& w : why_sv) msg_sv += "; " + w;
            throw Error(Errc::SignRevocationUnavailable, msg + "; nothing was written", {}, msg_sv + "; inget skrevs");
        }
    }
    for (const auto& d : responder_certs) pool.add(d);
    for (const auto& c : pool.certs) out.certs.push_back(der_of(c.get()));
    return out;
}

}  // namespace justera::pki
