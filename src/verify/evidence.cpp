// SPDX-License-Identifier: GPL-3.0-or-later
// Evidence: facts read from the file and its CMS structures, deciding nothing.

#include "evidence.hpp"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdint>

#include "context_impl.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/pki/der.hpp"
#include "justera/pki/x509.hpp"

namespace justera::verify {

using raw::Object;
using Type = raw::Object::Type;

std::string der_of(X509* x) { return pki::certificate_der(x); }

std::string iso(std::time_t t) {
    if (t <= 0) return {};
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::time_t from_asn1(const ASN1_TIME* t) {
    std::tm tm{};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
    return timegm(&tm);
}

/// "D:20240322101500+01'00'" -> seconds since 1970 (UTC).
std::time_t from_pdf_date(std::string s) {
    if (s.rfind("D:", 0) == 0) s = s.substr(2);
    if (s.size() < 4) return 0;
    std::tm tm{};
    const auto num = [&](std::size_t at, std::size_t len, int dflt) {
        if (s.size() < at + len) return dflt;
        int v = 0;
        for (std::size_t i = at; i < at + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return dflt;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    tm.tm_year = num(0, 4, 1970) - 1900;
    tm.tm_mon = num(4, 2, 1) - 1;
    tm.tm_mday = num(6, 2, 1);
    tm.tm_hour = num(8, 2, 0);
    tm.tm_min = num(10, 2, 0);
    tm.tm_sec = num(12, 2, 0);
    std::time_t t = timegm(&tm);
    if (s.size() > 14 && (s[14] == '+' || s[14] == '-')) {
        const int off = num(15, 2, 0) * 3600 + num(18, 2, 0) * 60;
        t += s[14] == '+' ? -off : off;
    }
    return t;
}

namespace {

/// Elements of data OpenSSL already decoded; lengths as BER allows them.
pki::der::Reader der_reader(std::string_view d) { return pki::der::Reader(d, pki::der::Lengths::Any); }

std::string attr_der(CMS_SignerInfo* si, const char* oid_text, bool signed_attr) {
    ASN1_OBJECT* oid = OBJ_txt2obj(oid_text, 1);
    const int idx = signed_attr ? CMS_signed_get_attr_by_OBJ(si, oid, -1) : CMS_unsigned_get_attr_by_OBJ(si, oid, -1);
    ASN1_OBJECT_free(oid);
    if (idx < 0) return {};
    X509_ATTRIBUTE* a = signed_attr ? CMS_signed_get_attr(si, idx) : CMS_unsigned_get_attr(si, idx);
    const ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(a, 0);
    if (!t || t->type != V_ASN1_SEQUENCE) return {};
    return std::string(reinterpret_cast<const char*>(t->value.sequence->data), static_cast<std::size_t>(t->value.sequence->length));
}

}  // namespace

/// Whether SignedData.digestAlgorithms (not signed, read with DER lengths)
/// lists `oid` (its content bytes): nullopt when the set is empty or the
/// CMS is not DER (BER indefinite lengths, as NSS writes), so nothing can be
/// said.
std::optional<bool> digest_listed(std::string_view cms, std::string_view oid) {
    unsigned char tag = 0;
    std::string_view content_info;
    std::string_view part;
    auto top = der_reader(cms);
    if (!top.next(tag, content_info) || tag != 0x30) return std::nullopt;
    auto ci = der_reader(content_info);
    if (!ci.next(tag, part) || tag != 0x06 || !ci.next(tag, part) || tag != 0xA0) return std::nullopt;
    auto explicit0 = der_reader(part);
    std::string_view signed_data;
    if (!explicit0.next(tag, signed_data) || tag != 0x30) return std::nullopt;
    auto sd = der_reader(signed_data);
    std::string_view algs;
    if (!sd.next(tag, part) || tag != 0x02 || !sd.next(tag, algs) || tag != 0x31) return std::nullopt;
    auto set = der_reader(algs);
    std::string_view alg;
    bool any = false;
    while (set.next(tag, alg)) {
        any = true;
        auto a = der_reader(alg);
        std::string_view id;
        if (tag == 0x30 && a.next(tag, id) && tag == 0x06 && id == oid) return true;
    }
    return any ? std::optional<bool>(false) : std::nullopt;
}

/// The claimed role in signer-attributes-v2 (ETSI EN 319 122-1 5.2.6.1).
std::string claimed_role(CMS_SignerInfo* si) {
    const std::string v = attr_der(si, "0.4.0.19122.1.1", true);
    auto outer = der_reader(v);
    unsigned char tag = 0;
    std::string_view seq;
    if (!outer.next(tag, seq) || tag != 0x30) return {};
    auto in = der_reader(seq);
    std::string_view claimed;
    while (in.next(tag, claimed)) {
        if (tag != 0xA0) continue;
        auto attrs = der_reader(claimed);
        std::string_view attr_seq;
        if (!attrs.next(tag, attr_seq)) return {};
        // SEQUENCE OF Attribute, or the Attribute itself
        auto a = der_reader(attr_seq);
        std::string_view first;
        if (!a.next(tag, first)) return {};
        if (tag == 0x30) {  // one more level
            auto b = der_reader(first);
            std::string_view oid;
            std::string_view set;
            if (!b.next(tag, oid) || !b.next(tag, set)) return {};
            auto c = der_reader(set);
            std::string_view val;
            if (c.next(tag, val)) return std::string(val);
            return {};
        }
        std::string_view set;
        if (!a.next(tag, set)) return {};
        auto c = der_reader(set);
        std::string_view val;
        if (c.next(tag, val)) return std::string(val);
    }
    return {};
}

/// ESS signing-certificate-v2 (or v1): does it name `cert`? nullopt when absent.
std::optional<bool> ess_binds(CMS_SignerInfo* si, X509* cert) {
    const std::string der = der_of(cert);
    const auto hash = [&](const EVP_MD* md) {
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_Digest(der.data(), der.size(), out, &len, md, nullptr);
        return std::string(reinterpret_cast<char*>(out), len);
    };
    for (const bool v2 : {true, false}) {
        const std::string v = attr_der(si, v2 ? "1.2.840.113549.1.9.16.2.47" : "1.2.840.113549.1.9.16.2.12", true);
        if (v.empty()) continue;
        auto top = der_reader(v);
        unsigned char tag = 0;
        std::string_view signing_cert;
        std::string_view certs;
        std::string_view first_id;
        if (!top.next(tag, signing_cert) || tag != 0x30) return false;
        auto sc = der_reader(signing_cert);
        if (!sc.next(tag, certs) || tag != 0x30) return false;
        auto cs = der_reader(certs);
        if (!cs.next(tag, first_id) || tag != 0x30) return false;
        auto id = der_reader(first_id);
        std::string_view part;
        const EVP_MD* md = v2 ? EVP_sha256() : EVP_sha1();
        if (!id.next(tag, part)) return false;
        if (tag == 0x30) {  // hashAlgorithm
            auto alg = der_reader(part);
            std::string_view oid;
            if (!alg.next(tag, oid) || tag != 0x06) return false;
            const std::string oid_der = std::string("\x06", 1) + static_cast<char>(oid.size()) + std::string(oid);
            const auto* op = reinterpret_cast<const unsigned char*>(oid_der.data());
            ASN1_OBJECT* o = d2i_ASN1_OBJECT(nullptr, &op, static_cast<long>(oid_der.size()));
            md = o ? EVP_get_digestbyobj(o) : nullptr;
            ASN1_OBJECT_free(o);
            if (!md || !id.next(tag, part)) return false;
        }
        if (tag != 0x04) return false;
        return std::string(part) == hash(md);
    }
    return std::nullopt;
}


namespace {
CertPtr share(X509* x) {
    X509_up_ref(x);
    return CertPtr(x, X509_free);
}
}  // namespace


ChainResult build_chain(const Context::Impl& ctx, X509* cert, STACK_OF(X509)* untrusted, std::time_t at, bool timestamping) {
    ChainResult r;
    X509_STORE_CTX* sc = X509_STORE_CTX_new();
    X509_STORE_CTX_init(sc, ctx.store, cert, untrusted);
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(sc);
    X509_VERIFY_PARAM_set_time(param, at);
    // OpenSSL's depth counts the intermediates: the chain less signer and anchor.
    X509_VERIFY_PARAM_set_depth(param, static_cast<int>(std::min<std::size_t>(std::max<std::size_t>(ctx.max_chain, 2) - 2, 100)));
    if (timestamping) X509_STORE_CTX_set_purpose(sc, X509_PURPOSE_TIMESTAMP_SIGN);
    const int ok = X509_verify_cert(sc);
    r.error = ok == 1 ? X509_V_OK : X509_STORE_CTX_get_error(sc);
    if (r.error != X509_V_OK) r.message = X509_verify_cert_error_string(r.error);
    if (STACK_OF(X509)* ch = X509_STORE_CTX_get0_chain(sc)) {
        for (int i = 0; i < sk_X509_num(ch); ++i) r.chain.push_back(share(sk_X509_value(ch, i)));
    }
    X509_STORE_CTX_free(sc);
    ERR_clear_error();
    return r;
}

Signer signer_of(X509* cert) {
    pki::CertificateNames n = pki::names_of(cert);
    Signer s;
    s.name = std::move(n.common_name);
    s.given_name = std::move(n.given_names);
    s.surname = std::move(n.surname);
    s.serial_number = std::move(n.serial_number);
    s.issuer = std::move(n.issuer);
    s.certificate_sha256 = core::sha256_hex(der_of(cert));
    s.self_signed = X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) == 0;
    return s;
}


Dss read_dss(const raw::File& f) {
    Dss d;
    const std::size_t last = f.revisions().size() - 1;
    for (std::size_t r = 0; r <= last; ++r) {
        const Object* root = f.revisions()[r].trailer.get("Root");
        if (!root) continue;
        const Object cat = f.resolve(*root, r);
        if (cat.get("DSS")) {
            d.first_revision = r;
            break;
        }
    }
    const Object* root = f.revisions()[last].trailer.get("Root");
    if (!root) return d;
    const Object cat = f.resolve(*root, last);
    const Object* dss_ref = cat.get("DSS");
    if (!dss_ref) return d;
    const Object dss = f.resolve(*dss_ref, last);
    const auto items = [&](const char* key, std::vector<std::string>& out) {
        const Object* a = dss.get(key);
        if (!a) return;
        const Object arr = f.resolve(*a, last);
        for (const auto& e : arr.array) {
            try {
                const Object s = f.resolve(e, last);
                if (s.type == Type::Stream) out.push_back(f.stream_data(s, last, 4U * 1024U * 1024U));
            } catch (const core::Error& limit_or_not) {
                raw::rethrow_limit(limit_or_not);
                // An unreadable item is no evidence; the signature it was meant for says so.
            }
        }
    };
    items("Certs", d.certs);
    items("OCSPs", d.ocsps);
    items("CRLs", d.crls);
    return d;
}

/// Revocation data a CMS carries itself (adbe-revocationInfoArchival:
/// SEQUENCE { crl [0] SEQUENCE OF CRL, ocsp [1] SEQUENCE OF OCSPResponse, ... }).
void archival(CMS_SignerInfo* si, std::vector<std::string>& ocsps, std::vector<std::string>& crls) {
    const std::string v = attr_der(si, "1.2.840.113583.1.1.8", true);
    if (v.empty()) return;
    auto top = der_reader(v);
    unsigned char tag = 0;
    std::string_view seq;
    if (!top.next(tag, seq) || tag != 0x30) return;
    auto in = der_reader(seq);
    std::string_view tagged;
    while (in.next(tag, tagged)) {
        auto list_der = der_reader(tagged);
        unsigned char list_tag = 0;
        std::string_view list;
        if (!list_der.next(list_tag, list) || list_tag != 0x30) continue;
        auto items = der_reader(list);
        while (items.pos() < list.size()) {
            const std::size_t start = items.pos();
            unsigned char t = 0;
            std::string_view c;
            if (!items.next(t, c)) break;
            const std::string whole(list.substr(start, items.pos() - start));
            if (tag == 0xA0) crls.push_back(whole);
            else if (tag == 0xA1) ocsps.push_back(whole);
        }
    }
}

/// The digest of two byte ranges, as if they were one.
void digest_of(const EVP_MD* md, std::string_view a, std::string_view b, unsigned char* out, unsigned int& len) {
    len = 0;
    EVP_MD_CTX* c = EVP_MD_CTX_new();
    if (c && EVP_DigestInit_ex(c, md, nullptr) == 1 && EVP_DigestUpdate(c, a.data(), a.size()) == 1 &&
        EVP_DigestUpdate(c, b.data(), b.size()) == 1 && EVP_DigestFinal_ex(c, out, &len) == 1) {
        EVP_MD_CTX_free(c);
        return;
    }
    len = 0;
    EVP_MD_CTX_free(c);
}

}  // namespace justera::verify
