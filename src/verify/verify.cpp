// SPDX-License-Identifier: GPL-3.0-or-later
// Verification of a signed protocol PDF (see verify.hpp, docs/verify.md).

#include "justera/verify/verify.hpp"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <sstream>
#include <system_error>

#include "diff.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/core/limits.hpp"
#include "justera/pdf/foreign_text.hpp"
#include "justera/model/names.hpp"
#include "justera/pki/cms.hpp"
#include "justera/pki/der.hpp"
#include "justera/pki/revocation.hpp"
#include "justera/pki/x509.hpp"
#include "justera/xml/xml.hpp"
#include "justera/pdf/embedded.hpp"
#include "justera/pdf/raw.hpp"
#include "justera/pdf/signatures.hpp"
#include "text_layer.hpp"

namespace justera::verify {

using raw::Object;
using Type = raw::Object::Type;

// ------------------------------------------------------------------ trust

struct Context::Impl {
    X509_STORE* store = nullptr;
    std::vector<std::string> anchors;  ///< "sha256:…"
    std::vector<std::string> crls;     ///< DER
    mutable pki::ParseCache parsed;   ///< validation data met in earlier files
    std::size_t max_chain = 10;        ///< certificates in a built chain, signer and anchor included
    ~Impl() { X509_STORE_free(store); }
};

namespace {

/// The largest file whose XML, pages and signatures are read side by side.
constexpr std::size_t k_parallel_max_bytes = 2U * 1024U * 1024U;

std::string der_of(X509* x) { return pki::certificate_der(x); }
std::string slurp(const std::string& path) { return core::read_file(path, core::Limits{}); }

int add_pem_anchors(Context::Impl& impl, const std::string& path) {
    const std::string pem = slurp(path);
    BIO* b = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    int n = 0;
    while (X509* x = PEM_read_bio_X509(b, nullptr, nullptr, nullptr)) {
        X509_STORE_add_cert(impl.store, x);
        impl.anchors.push_back("sha256:" + core::sha256_hex(der_of(x)));
        X509_free(x);
        ++n;
    }
    BIO_free(b);
    ERR_clear_error();
    return n;
}

}  // namespace

Context::Context(const Options& options) : m_options(options), m_impl(new Impl) {
    m_impl->store = X509_STORE_new();
    m_impl->max_chain = options.limits.max_chain_length;
    try {
        load_trust(options);
    } catch (...) {
        delete m_impl;
        throw;
    }
}

void Context::load_trust(const Options& options) {
    for (const auto& f : options.trust_files) {
        if (add_pem_anchors(*m_impl, f) == 0) {
            throw core::Error(core::Errc::Usage, "no PEM certificate in the trust file", core::Where{f});
        }
    }
    for (const auto& d : options.trust_dirs) {
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(d, ec)) {
            const auto ext = e.path().extension().string();
            if (e.is_regular_file() && (ext == ".pem" || ext == ".crt")) add_pem_anchors(*m_impl, e.path().string());
        }
        if (ec) {
            throw core::Error(core::Errc::InputUnreadable, "cannot read the trust directory: " + ec.message(), core::Where{d});
        }
    }
    if (options.system_trust) add_pem_anchors(*m_impl, "/etc/ssl/certs/ca-certificates.crt");
    for (const auto& f : options.crl_files) {
        std::string der = pki::crl_as_der(slurp(f));
        if (der.empty()) {
            throw core::Error(core::Errc::Usage, "not a CRL (DER or PEM)", core::Where{f});
        }
        m_impl->crls.push_back(std::move(der));
    }
}

Context::~Context() { delete m_impl; }

std::size_t Context::anchor_count() const { return m_impl->anchors.size(); }

namespace {

// ------------------------------------------------------------------ helpers

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

/// Elements of data OpenSSL already decoded; lengths as BER allows them.
pki::der::Reader der_reader(std::string_view d) { return pki::der::Reader(d, pki::der::Lengths::Any); }

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

struct X509Stack {
    STACK_OF(X509)* s = sk_X509_new_null();
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
CertPtr share(X509* x) {
    X509_up_ref(x);
    return CertPtr(x, X509_free);
}

struct ChainResult {
    int error = X509_V_OK;
    std::vector<CertPtr> chain;  ///< signer first, anchor last
    std::string message;
};

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
    return s;
}

/// Validation data in the file: the DSS of the newest revision.
struct Dss {
    std::vector<std::string> certs, ocsps, crls;
    std::size_t first_revision = SIZE_MAX;  ///< where a DSS first appears
};

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

constexpr Outcome k_format_failure{Indication::TotalFailed, SubIndication::FormatFailure};

struct Verdict {
    Indication ind = Indication::TotalPassed;
    SubIndication sub = SubIndication::None;
};

/// The one place an indication is lowered: TOTAL_FAILED stays, and the
/// first reason for it is kept.
void lower(Verdict& v, Outcome o) {
    if (v.ind == Indication::TotalFailed) return;
    if (o.indication() == Indication::TotalFailed || v.ind == Indication::TotalPassed) {
        v.ind = o.indication();
        v.sub = o.sub();
    }
}

}  // namespace

// ------------------------------------------------------------------ per signature

namespace {

struct SigInput {
    std::string field;
    raw::Ref ref;
};

class Verifier {
public:
    Verifier(const raw::File& f, const Context& ctx, Report& rep, std::time_t now)
        : m_f(f), m_ctx(ctx), m_rep(rep), m_now(now), m_dss(read_dss(f)) {
        // Parsed once for every signature, and once for a batch of files
        // carrying the same data: OpenSSL 3's decoding is the cost here.
        for (const auto& der : m_dss.certs) {
            if (auto* x = static_cast<X509*>(ctx.impl().parsed.certificate(der))) sk_X509_push(m_dss_certs.s, x);
        }
        std::vector<std::string> crls = m_dss.crls;
        crls.insert(crls.end(), ctx.impl().crls.begin(), ctx.impl().crls.end());
        m_index = std::make_unique<pki::RevocationIndex>(m_dss.ocsps, crls, &ctx.impl().parsed);
    }

    SignatureReport evaluate(const SigInput& in, std::size_t index);
    const Dss& dss() const { return m_dss; }
    RevisionDiff& diff(std::size_t rev) {
        auto it = m_diffs.find(rev);
        if (it == m_diffs.end()) {
            it = m_diffs.emplace(rev, diff_revision(m_f, rev, [this]() -> const RefIndex& {
                if (!m_refs) m_refs = build_ref_index(m_f);
                return *m_refs;
            })).first;
        }
        return it->second;
    }

private:
    void check(SignatureReport& s, Verdict& v, CheckId id, bool ok, Outcome fail, Said said_ok, Said said_fail) {
        s.checks.push_back(Check{id, ok ? Status::Passed : (fail.indication() == Indication::TotalFailed ? Status::Failed : Status::Indeterminate),
                                 ok ? std::move(said_ok) : std::move(said_fail)});
        if (!ok) lower(v, fail);
    }
    void revocation(SignatureReport& s, Verdict& v, const ChainResult& chain, std::time_t best, bool poe, std::vector<std::string> ocsps,
                    std::vector<std::string> crls, Msg whose, bool& from_file);

    const raw::File& m_f;
    const Context& m_ctx;
    Report& m_rep;
    std::time_t m_now;
    Dss m_dss;
    X509Stack m_dss_certs;
    std::unique_ptr<pki::RevocationIndex> m_index;
    std::map<std::size_t, RevisionDiff> m_diffs;
    std::optional<RefIndex> m_refs;  ///< one scan of the file for "N G R", when a diff needs it
};

void Verifier::revocation(SignatureReport& s, Verdict& v, const ChainResult& chain, std::time_t best, bool poe,
                          std::vector<std::string> ocsps, std::vector<std::string> crls, Msg whose, bool& from_file) {
    from_file = true;
    // What the CMS carries itself, besides the DSS and --crl files.
    std::unique_ptr<pki::RevocationIndex> own;
    if (!ocsps.empty() || !crls.empty()) own = std::make_unique<pki::RevocationIndex>(ocsps, crls);
    for (std::size_t i = 0; i + 1 < chain.chain.size(); ++i) {
        X509* cert = chain.chain[i].get();
        X509* issuer = chain.chain[i + 1].get();
        if (X509_get_ext_by_NID(cert, NID_id_pkix_OCSP_noCheck, -1) >= 0) continue;
        const std::string cn = pki::name_entry(X509_get_subject_name(cert), NID_commonName);
        const std::string name = cn.empty() ? std::string("?") : cn;
        const auto about = [&](Msg m, auto&&... facts) { return say_with({say(whose)}, m, name, facts...); };
        auto ans = m_index->lookup(cert, issuer, m_now);
        if (ans.status == pki::RevocationStatus::Unknown && own) ans = own->lookup(cert, issuer, m_now);
        if (ans.status == pki::RevocationStatus::Unknown && m_ctx.options().online) {
            // Ask the certificate's own services, as signing with --ltv does,
            // for this certificate and every one above it up to the trust
            // anchor, so that an answer signed by an issuer further up (a
            // root's CRL) can be checked too.
            try {
                pki::RevocationSources src;
                src.refuse_revoked = false;
                std::vector<std::string> upwards;
                for (std::size_t j = i; j < chain.chain.size(); ++j) upwards.push_back(der_of(chain.chain[j].get()));
                const auto data = pki::collect_validation_data_for(upwards, src);
                ans = pki::RevocationIndex(data.ocsps, data.crls).lookup(cert, issuer, m_now);
                from_file = false;
            } catch (const core::Error& e) {
                raw::rethrow_limit(e);
                ans.why_unusable = e.what();
            }
        }
        const CheckId id = CheckId::Revocation;
        if (ans.status == pki::RevocationStatus::Good) {
            s.checks.push_back(Check{id, Status::Passed, about(Msg::RevGood, ans.source, ans.detail)});
        } else if (ans.status == pki::RevocationStatus::Revoked) {
            if (poe && ans.revoked_at > best) {
                s.checks.push_back(Check{id, Status::Passed, about(Msg::RevokedAfter, iso(ans.revoked_at), iso(best))});
            } else {
                s.checks.push_back(Check{id, poe ? Status::Failed : Status::Indeterminate, about(poe ? Msg::RevokedPoe : Msg::RevokedNoPoe, ans.detail)});
                lower(v, poe ? Outcome{Indication::TotalFailed, SubIndication::Revoked} : Outcome{Indication::Indeterminate, SubIndication::RevokedNoPoe});
            }
        } else {
            s.checks.push_back(Check{id, Status::Indeterminate, about(m_ctx.options().online ? Msg::RevUnknown : Msg::RevUnknownOffline, ans.why_unusable)});
            lower(v, Outcome{Indication::Indeterminate, SubIndication::TryLater});
            from_file = false;
        }
    }
}

SignatureReport Verifier::evaluate(const SigInput& in, std::size_t index) {
    SignatureReport s;
    Verdict v;
    s.id = "sig-" + std::to_string(index + 1);
    s.field = in.field;
    const auto& revs = m_f.revisions();
    const std::size_t last = revs.size() - 1;
    const std::string_view bytes = m_f.bytes();
    const auto finish = [&]() -> SignatureReport {
        s.indication = v.ind;
        s.subindication = v.sub;
        return s;
    };
    const auto format_fail = [&](CheckId id, Said said) {
        s.checks.push_back(Check{id, Status::Failed, std::move(said)});
        lower(v, Outcome{Indication::TotalFailed, SubIndication::FormatFailure});
    };
    std::optional<Object> sig_opt;
    try {
        sig_opt = m_f.object(in.ref.num, last);
    } catch (const core::Error& e) {
        raw::rethrow_limit(e);
        format_fail(CheckId::SignatureDictionary, say(Msg::SigObjectUnreadable, in.ref.num, e.what()));
        return finish();
    }
    if (!sig_opt || !sig_opt->is_dict()) {
        format_fail(CheckId::SignatureDictionary, say(Msg::SigNotDictionary, in.ref.num));
        return finish();
    }
    const Object& sig = *sig_opt;
    s.revision = *m_f.defined_in(in.ref.num, last);
    const Object* type = sig.get("Type");
    s.kind = type && type->is_name("DocTimeStamp") ? SignatureKind::DocumentTimestamp : SignatureKind::Signature;
    const Object* sub = sig.get("SubFilter");
    s.sub_filter = sub && sub->type == Type::Name ? sub->text : "";
    // The one ByteRange rule (pdf/signatures.hpp), which signing checks too.
    const raw::ByteRange range = raw::check_byte_range(sig, bytes.size());
    if (range.problem == raw::ByteRangeProblem::NotFourIntegers) {
        format_fail(CheckId::ByteRange, say(Msg::ByteRangeNotFour));
        return finish();
    }
    s.byte_range = {range.a, range.b, range.c, range.d};
    if (range.problem == raw::ByteRangeProblem::NoHexContents) {
        format_fail(CheckId::Contents, say(Msg::ContentsMissing));
        return finish();
    }
    const Object* contents = sig.get("Contents");
    const std::int64_t a = range.a, b = range.b, c = range.c, d = range.d;
    if (range.problem != raw::ByteRangeProblem::None) {
        format_fail(CheckId::ByteRange, say(Msg::ByteRangeWrong, a, b, c, d, contents->offset, contents->end));
        return finish();
    }
    s.checks.push_back(Check{CheckId::ByteRange, Status::Passed, say(Msg::ByteRangeOk)});
    const auto& rev = revs[s.revision];
    const auto end = static_cast<std::size_t>(c + d);
    if (end == rev.end || end == rev.end_with_eol) {
        s.coverage = s.revision == last && m_rep.findings.empty() ? Coverage::EntireFile : Coverage::EntireRevision;
        s.checks.push_back(Check{CheckId::Coverage, Status::Passed, say(Msg::CoverageOk, s.revision + 1)});
    } else {
        s.coverage = Coverage::Partial;
        format_fail(CheckId::Coverage, say(Msg::CoveragePartial, end, rev.end));
        return finish();
    }
    // The signed bytes, as the two ranges (hashed in place, not copied).
    const std::string_view head = bytes.substr(0, static_cast<std::size_t>(b));
    const std::string_view tail = bytes.substr(static_cast<std::size_t>(c), static_cast<std::size_t>(d));
    const std::string& blob = contents->text;
    const core::Limits& limits = m_ctx.options().limits;
    if (blob.size() > limits.max_cms_bytes) {
        throw core::Error(core::Errc::PdfOverLimit, "the signature in " + in.field + " is " + std::to_string(blob.size()) + " bytes, over the limit of " +
                                                        std::to_string(limits.max_cms_bytes) + " (--max-cms-bytes)");
    }
    const auto carried = [&](int n, const char* what) {
        if (n > 0 && static_cast<std::size_t>(n) > limits.max_chain_length) {
            throw core::Error(core::Errc::PdfOverLimit, std::string(what) + " in " + in.field + " carries " + std::to_string(n) +
                                                            " certificates, over the limit of " + std::to_string(limits.max_chain_length) + " (--max-chain)");
        }
    };

    // What changed after this revision, revision by revision.
    bool only_validation = true;
    for (std::size_t r = s.revision + 1; r <= last; ++r) {
        const RevisionDiff& dr = diff(r);
        for (const auto& ch : dr.changes) {
            if (ch.category != ChangeCategory::Unchanged) s.changes.push_back(ch);
        }
        if (!dr.allowed) s.modifications_permitted = false;
        only_validation = only_validation && dr.only_validation_data;
    }
    if (s.modifications_permitted) {
        s.checks.push_back(Check{CheckId::Modifications, Status::Passed, s.changes.empty() ? say(Msg::NothingChanged) : say(Msg::ChangesAllowed, s.changes.size())});
    } else {
        std::vector<Said> list;
        for (const auto& ch : s.changes) {
            const Msg kind = ch.kind == ChangeKind::Added ? Msg::KindAdded : ch.kind == ChangeKind::Freed ? Msg::KindFreed : Msg::KindChanged;
            if (ch.category == ChangeCategory::Disallowed) list.push_back(say_with({say(kind), ch.what}, Msg::ChangeItem, ch.object));
        }
        format_fail(CheckId::Modifications, say_with(std::move(list), Msg::ChangedAfterSigning));
    }

    if (s.kind == SignatureKind::DocumentTimestamp) {
        s.level = Level::NotApplicable;
        if (s.sub_filter != "ETSI.RFC3161") format_fail(CheckId::SubFilter, say(Msg::DocTsSubFilter, s.sub_filter));
        std::size_t used = 0;
        PKCS7* p7 = static_cast<PKCS7*>(m_ctx.impl().parsed.pkcs7(blob, used));
        if (!p7) {
            format_fail(CheckId::Cms, say(Msg::NotTimestampToken));
            return finish();
        }
        std::unique_ptr<PKCS7, void (*)(PKCS7*)> guard(p7, PKCS7_free);
        if (PKCS7_type_is_signed(p7) && p7->d.sign) carried(sk_X509_num(p7->d.sign->cert), "the document timestamp");
        const bool padded = std::all_of(blob.begin() + static_cast<std::ptrdiff_t>(std::min(used, blob.size())), blob.end(), [](char ch) { return ch == 0; });
        const bool match = padded && pki::timestamp_token_matches(p7, head, tail);
        check(s, v, CheckId::MessageDigest, match, Outcome{Indication::TotalFailed, SubIndication::HashFailure}, say(Msg::DocTsImprintOk),
              say(Msg::DocTsImprintBad));
        if (!match) return finish();
        TS_TST_INFO* info = PKCS7_to_TS_TST_INFO(p7);
        const std::time_t gen = info ? from_asn1(TS_TST_INFO_get_time(info)) : 0;
        TS_TST_INFO_free(info);
        STACK_OF(X509)* signers = PKCS7_get0_signers(p7, nullptr, 0);
        X509* tsa = signers && sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : nullptr;
        if (tsa) X509_up_ref(tsa);
        sk_X509_free(signers);
        ERR_clear_error();
        if (!tsa) {
            lower(v, Outcome{Indication::Indeterminate, SubIndication::NoSigningCertificateFound});
            s.checks.push_back(Check{CheckId::SigningCertificate, Status::Indeterminate, say(Msg::TokenNoCert)});
            return finish();
        }
        std::unique_ptr<X509, void (*)(X509*)> tsa_guard(tsa, X509_free);
        s.signer = signer_of(tsa);
        s.signing_time = iso(gen);
        s.time_source = TimeSource::Timestamp;
        s.proven_epoch = gen;
        X509Stack untrusted;
        for (int i = 0; i < sk_X509_num(p7->d.sign->cert); ++i) untrusted.add(sk_X509_value(p7->d.sign->cert, i));
        untrusted.add_all(m_dss_certs.s);
        const ChainResult chain = build_chain(m_ctx.impl(), tsa, untrusted.s, gen, true);
        check(s, v, CheckId::CertificateChain, chain.error == X509_V_OK, Outcome{Indication::Indeterminate, SubIndication::NoCertificateChainFound},
              say(Msg::TsaChainOk), say(Msg::TsaNotTrusted, chain.message));
        if (chain.error == X509_V_OK) {
            bool from_file = false;
            revocation(s, v, chain, gen, true, {}, {}, Msg::SubjectTsa, from_file);
        }
        return finish();
    }

    // A CMS signature.
    const bool known = s.sub_filter == "ETSI.CAdES.detached" || s.sub_filter == "adbe.pkcs7.detached" || s.sub_filter == "adbe.pkcs7.sha1";
    check(s, v, CheckId::SubFilter, known, Outcome{Indication::TotalFailed, SubIndication::FormatFailure}, say(Msg::SubFilterKnown, s.sub_filter),
          say(Msg::SubFilterUnknown, s.sub_filter));
    if (!known) return finish();
    std::size_t used = 0;
    CMS_ContentInfo* cms = static_cast<CMS_ContentInfo*>(m_ctx.impl().parsed.cms(blob, used));
    if (!cms || !std::all_of(blob.begin() + static_cast<std::ptrdiff_t>(std::min(used, blob.size())), blob.end(), [](char ch) { return ch == 0; })) {
        CMS_ContentInfo_free(cms);
        ERR_clear_error();
        format_fail(CheckId::Cms, say(Msg::CmsNotOne));
        return finish();
    }
    std::unique_ptr<CMS_ContentInfo, void (*)(CMS_ContentInfo*)> cms_guard(cms, CMS_ContentInfo_free);
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms);
    if (sk_CMS_SignerInfo_num(infos) != 1) {
        format_fail(CheckId::Cms, say(Msg::CmsSigners, sk_CMS_SignerInfo_num(infos)));
        return finish();
    }
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
    STACK_OF(X509)* certs = CMS_get1_certs(cms);
    std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> certs_guard(certs, [](STACK_OF(X509)* x) { sk_X509_pop_free(x, X509_free); });
    carried(sk_X509_num(certs), "the signature");
    X509* cert = nullptr;
    for (int i = 0; i < sk_X509_num(certs); ++i) {
        if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0) cert = sk_X509_value(certs, i);
    }
    if (!cert) {
        s.checks.push_back(Check{CheckId::SigningCertificate, Status::Indeterminate, say(Msg::CmsNoCert)});
        lower(v, Outcome{Indication::Indeterminate, SubIndication::NoSigningCertificateFound});
        return finish();
    }
    // The signer's identifier lies outside what is signed; OpenSSL matches
    // its issuer name as RFC 5280 compares names (case folded). A writer
    // copies the certificate's issuer byte for byte: anything else was
    // changed afterwards.
    {
        X509_NAME* sid_issuer = nullptr;
        CMS_SignerInfo_get0_signer_id(si, nullptr, &sid_issuer, nullptr);
        if (sid_issuer) {
            unsigned char* in_sid = nullptr;
            unsigned char* in_cert = nullptr;
            const int na = i2d_X509_NAME(sid_issuer, &in_sid);
            const int nb = i2d_X509_NAME(X509_get_issuer_name(cert), &in_cert);
            const bool same = na > 0 && na == nb && std::memcmp(in_sid, in_cert, static_cast<std::size_t>(na)) == 0;
            OPENSSL_free(in_sid);
            OPENSSL_free(in_cert);
            if (!same) {
                format_fail(CheckId::Cms, say(Msg::SidIssuerBytes));
                return finish();
            }
        }
    }
    s.signer = signer_of(cert);
    s.claimed_role = claimed_role(si);
    X509_ALGOR* dig_alg = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &dig_alg, nullptr);
    const EVP_MD* md = dig_alg ? EVP_get_digestbyobj(dig_alg->algorithm) : nullptr;
    s.digest_algorithm = md ? EVP_MD_get0_name(md) : "unknown";

    // Integrity: the digest of the signed bytes, then the signature value.
    bool digest_ok = false;
    if (s.sub_filter == "adbe.pkcs7.sha1") {
        ASN1_OCTET_STRING** content = CMS_get0_content(cms);
        unsigned char h[SHA_DIGEST_LENGTH];
        unsigned int hl = 0;
        digest_of(EVP_sha1(), head, tail, h, hl);
        digest_ok = hl == SHA_DIGEST_LENGTH && content && *content && ASN1_STRING_length(*content) == SHA_DIGEST_LENGTH &&
                    std::equal(h, h + SHA_DIGEST_LENGTH, ASN1_STRING_get0_data(*content));
    } else if (md) {
        unsigned char h[EVP_MAX_MD_SIZE];
        unsigned int hl = 0;
        digest_of(md, head, tail, h, hl);
        if (CMS_signed_get_attr_count(si) > 0) {
            const auto* want = static_cast<ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
            digest_ok = want && ASN1_STRING_length(want) == static_cast<int>(hl) && std::equal(h, h + hl, ASN1_STRING_get0_data(want));
        } else {
            const std::string covered = std::string(head) + std::string(tail);  // rare: no signed attributes
            BIO* data = BIO_new_mem_buf(covered.data(), static_cast<int>(covered.size()));
            digest_ok = CMS_verify(cms, nullptr, nullptr, data, nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
            BIO_free(data);
        }
    }
    check(s, v, CheckId::MessageDigest, digest_ok, Outcome{Indication::TotalFailed, SubIndication::HashFailure}, say(Msg::DigestOk),
          say(Msg::DigestBad));
    if (!digest_ok) return finish();
    // The unsigned list of digest algorithms must agree with the signer's:
    // /Contents is outside the signed bytes, and a CMS that says two things
    // has been tampered with there.
    if (dig_alg && OBJ_length(dig_alg->algorithm) > 0) {
        const std::string_view oid(reinterpret_cast<const char*>(OBJ_get0_data(dig_alg->algorithm)), OBJ_length(dig_alg->algorithm));
        if (digest_listed(blob, oid) == false) {
            format_fail(CheckId::Cms, say(Msg::DigestNotListed, s.digest_algorithm));
            return finish();
        }
    }
    CMS_SignerInfo_set1_signer_cert(si, cert);
    bool sig_ok = CMS_signed_get_attr_count(si) > 0 ? CMS_SignerInfo_verify(si) == 1 : true;
    if (s.sub_filter == "adbe.pkcs7.sha1") {
        sig_ok = CMS_verify(cms, certs, nullptr, nullptr, nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
    }
    ERR_clear_error();
    check(s, v, CheckId::SignatureValue, sig_ok, Outcome{Indication::TotalFailed, SubIndication::SigCryptoFailure}, say(Msg::SigValueOk),
          say(Msg::SigValueBad));
    if (!sig_ok) return finish();
    const auto ess = ess_binds(si, cert);
    if (s.sub_filter == "ETSI.CAdES.detached" && !ess) {
        format_fail(CheckId::SigningCertificate, say(Msg::CadesNoEss));
    } else if (ess && !*ess) {
        s.checks.push_back(Check{CheckId::SigningCertificate, Status::Indeterminate, say(Msg::EssOther)});
        lower(v, Outcome{Indication::Indeterminate, SubIndication::NoSigningCertificateFound});
    } else {
        s.checks.push_back(Check{CheckId::SigningCertificate, Status::Passed, say(ess ? Msg::EssBound : Msg::CmsNames)});
    }
    // Cryptographic strength (ETSI TS 119 312): SHA-1 and short keys are out.
    EVP_PKEY* key = X509_get0_pubkey(cert);
    const int bits = key ? EVP_PKEY_get_bits(key) : 0;
    const bool rsa = key && EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA;
    const bool weak_md = !md || EVP_MD_get_size(md) < 32 || s.sub_filter == "adbe.pkcs7.sha1";
    const bool weak_key = rsa ? bits < 2048 : bits < 256;
    check(s, v, CheckId::CryptoConstraints, !weak_md && !weak_key, Outcome{Indication::Indeterminate, SubIndication::CryptoConstraintsFailure},
          say(Msg::CryptoOk, s.digest_algorithm, rsa ? "RSA" : "EC", bits), [&] {
              std::vector<Said> weak;
              if (weak_md) weak.push_back(say(Msg::WeakDigest, s.digest_algorithm));
              if (weak_key) weak.push_back(say(Msg::WeakKey, rsa ? "RSA" : "EC", bits));
              return say_with(std::move(weak), Msg::CryptoWeak);
          }());

    // Time: the signature timestamp proves it; /M (or signingTime) is only claimed.
    const Object* m = sig.get("M");
    std::time_t claimed = m && m->type == Type::String ? from_pdf_date(m->text) : 0;
    if (!claimed) {
        const int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
        if (idx >= 0) {
            const ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, idx), 0);
            if (t && (t->type == V_ASN1_UTCTIME || t->type == V_ASN1_GENERALIZEDTIME)) claimed = from_asn1(t->value.utctime);
        }
    }
    s.claimed_time = iso(claimed);
    s.claimed_epoch = claimed;
    std::time_t best = 0;
    bool poe = false;
    X509Stack untrusted;
    for (int i = 0; i < sk_X509_num(certs); ++i) untrusted.add(sk_X509_value(certs, i));
    untrusted.add_all(m_dss_certs.s);
    const int ts_idx = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
    if (ts_idx >= 0) {
        const ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, ts_idx), 0);
        const std::string token = t && t->type == V_ASN1_SEQUENCE
                                      ? std::string(reinterpret_cast<const char*>(t->value.sequence->data), static_cast<std::size_t>(t->value.sequence->length))
                                      : std::string();
        const ASN1_OCTET_STRING* sigval = CMS_SignerInfo_get0_signature(si);
        const std::string_view value(reinterpret_cast<const char*>(ASN1_STRING_get0_data(sigval)), static_cast<std::size_t>(ASN1_STRING_length(sigval)));
        std::size_t token_used = 0;
        PKCS7* p7 = token.empty() ? nullptr : static_cast<PKCS7*>(m_ctx.impl().parsed.pkcs7(token, token_used));
        std::unique_ptr<PKCS7, void (*)(PKCS7*)> p7_guard(p7, PKCS7_free);
        if (p7 && PKCS7_type_is_signed(p7) && p7->d.sign) carried(sk_X509_num(p7->d.sign->cert), "the signature's timestamp");
        const bool whole = p7 && token_used == token.size();
        const bool ts_ok = whole && pki::timestamp_token_matches(p7, value);
        check(s, v, CheckId::Timestamp, ts_ok, Outcome{Indication::TotalFailed, SubIndication::HashFailure}, say(Msg::TsCoversOk),
              say(Msg::TsCoversBad));
        if (!ts_ok) return finish();
        TS_TST_INFO* info = p7 ? PKCS7_to_TS_TST_INFO(p7) : nullptr;
        const std::time_t gen = info ? from_asn1(TS_TST_INFO_get_time(info)) : 0;
        TS_TST_INFO_free(info);
        STACK_OF(X509)* signers = p7 ? PKCS7_get0_signers(p7, nullptr, 0) : nullptr;
        X509* tsa = signers && sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : nullptr;
        ERR_clear_error();
        X509Stack tsa_untrusted;
        for (int i = 0; p7 && i < sk_X509_num(p7->d.sign->cert); ++i) {
            tsa_untrusted.add(sk_X509_value(p7->d.sign->cert, i));
            untrusted.add(sk_X509_value(p7->d.sign->cert, i));
        }
        tsa_untrusted.add_all(m_dss_certs.s);
        const ChainResult tsa_chain = tsa ? build_chain(m_ctx.impl(), tsa, tsa_untrusted.s, gen, true) : ChainResult{X509_V_ERR_UNSPECIFIED, {}, "no TSA certificate"};
        sk_X509_free(signers);
        if (tsa_chain.error == X509_V_OK) {
            best = gen;
            poe = true;
            s.checks.push_back(Check{CheckId::TimestampTrust, Status::Passed, say(Msg::TsTrusted, iso(gen))});
            bool from_file = false;
            revocation(s, v, tsa_chain, gen, true, {}, {}, Msg::SubjectTsa, from_file);
        } else {
            s.checks.push_back(Check{CheckId::TimestampTrust, Status::Warning, say(Msg::TsUntrusted, tsa_chain.message)});
        }
    }
    s.time_source = poe ? TimeSource::Timestamp : claimed ? TimeSource::Claimed : TimeSource::None;
    s.signing_time = iso(poe ? best : claimed);
    s.proven_epoch = poe ? best : 0;
    const std::time_t at = poe ? best : (m_ctx.options().at ? *m_ctx.options().at : m_now);

    // The signer's chain to a trust anchor, at the proven time (else now).
    const ChainResult chain = build_chain(m_ctx.impl(), cert, untrusted.s, at, false);
    if (chain.error == X509_V_OK) {
        s.checks.push_back(Check{CheckId::CertificateChain, Status::Passed, say(Msg::ChainOk, chain.chain.size())});
    } else if (chain.error == X509_V_ERR_CERT_HAS_EXPIRED) {
        s.checks.push_back(Check{CheckId::CertificateChain, poe ? Status::Failed : Status::Indeterminate, say(poe ? Msg::ExpiredPoe : Msg::ExpiredNoPoe)});
        lower(v, poe ? Outcome{Indication::TotalFailed, SubIndication::Expired} : Outcome{Indication::Indeterminate, SubIndication::OutOfBoundsNoPoe});
    } else if (chain.error == X509_V_ERR_CERT_NOT_YET_VALID) {
        s.checks.push_back(Check{CheckId::CertificateChain, Status::Failed, say(Msg::NotYetValid)});
        lower(v, Outcome{Indication::TotalFailed, SubIndication::NotYetValid});
    } else {
        s.checks.push_back(Check{CheckId::CertificateChain, Status::Indeterminate,
                                 say(m_ctx.impl().anchors.empty() ? Msg::NoChainNoAnchors : Msg::NoChain, chain.message)});
        lower(v, Outcome{Indication::Indeterminate, SubIndication::NoCertificateChainFound});
    }
    const std::uint32_t ku = X509_get_key_usage(cert);
    check(s, v, CheckId::KeyUsage, (ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0, Outcome{Indication::Indeterminate, SubIndication::ChainConstraintsFailure},
          say(Msg::KeyUsageOk), say(Msg::KeyUsageBad));
    bool rev_in_file = false;
    if (chain.error == X509_V_OK || chain.error == X509_V_ERR_CERT_HAS_EXPIRED) {
        std::vector<std::string> ocsps;
        std::vector<std::string> crls;
        archival(si, ocsps, crls);
        if (chain.error == X509_V_OK) revocation(s, v, chain, poe ? best : at, poe, ocsps, crls, Msg::SubjectSigner, rev_in_file);
    }

    // Lock (FieldMDP with /P, or DocMDP) this signature declares.
    if (const Object* refs = sig.get("Reference"); refs && refs->type == Type::Array) {
        for (const auto& r : refs->array) {
            const Object ref = m_f.resolve(r, last);
            const Object* params = ref.get("TransformParams");
            const Object* pp = params ? params->get("P") : nullptr;
            if (pp && pp->type == Type::Int) s.lock_permissions = static_cast<int>(pp->integer);
            const Object* method = ref.get("TransformMethod");
            if (method && method->is_name("DocMDP") && !pp) s.lock_permissions = 2;
        }
    }
    if (s.lock_permissions == 1 && !only_validation) {
        format_fail(CheckId::Lock, say(Msg::LockViolated));
    } else if (s.lock_permissions > 0) {
        s.checks.push_back(Check{CheckId::Lock, Status::Passed, say(Msg::LockKept, s.lock_permissions)});
    }

    // PAdES level, from what the file proves.
    s.level = poe ? Level::B_T : Level::B_B;
    if (poe && rev_in_file && m_dss.first_revision <= last) {
        s.level = Level::B_LT;
        for (std::size_t r = s.revision + 1; r <= last; ++r) {
            for (const auto& ch : diff(r).changes) {
                if (ch.subject == ChangeSubject::DocumentTimestampAdded && r > m_dss.first_revision) s.level = Level::B_LTA;
            }
        }
    }
    return finish();
}

// ------------------------------------------------------------------ per document

/// What the document itself says and shows: the embedded XML, its
/// fingerprint in the XMP, and whether the pages show every paragraph title
/// and decision point. Independent of the signatures, so it may run on a
/// thread of its own (with a raw::File of its own: the reader keeps caches).
struct DocumentPart {
    std::vector<Check> checks;
    std::string embedded_xml, fingerprint, xmp_fingerprint, title;
    std::optional<model::Protocol> protocol;
    std::string xml;  ///< the embedded XML's bytes
};

using Pages = std::vector<std::vector<std::string>>;

DocumentPart read_document(const raw::File& file_ref, const std::string& file, const std::function<Pages()>& pages_of, bool keep_xml) {
    const raw::File* f = &file_ref;
    DocumentPart d;
    const std::size_t last = f->revisions().size() - 1;
    std::optional<model::Protocol>& protocol = d.protocol;
    const auto doc_check = [&](CheckId id, Status status, Said said) {
        d.checks.push_back(Check{id, status, std::move(said)});
    };
    Object catalog;
    try {
        const Object* root = f->revisions()[last].trailer.get("Root");
        catalog = root ? f->resolve(*root, last) : Object{};
    } catch (const core::Error& e) {
        raw::rethrow_limit(e);
        doc_check(CheckId::EmbeddedXml, Status::Failed, say(Msg::CatalogUnreadable, e.what()));
        return d;
    }
    try {
        std::optional<Object> xml_stream;
        if (auto found = pdf::associated_xml(*f, last, catalog)) {
            if (found->stream.type != Type::Stream || found->stream.stream_length > 0) xml_stream = std::move(found->stream);  // an empty one: none embedded
            d.embedded_xml = std::move(found->name);
        }
        if (!xml_stream) {
            doc_check(CheckId::EmbeddedXml, Status::NotApplicable, say(Msg::NoXml));
        } else {
            const core::Limits& limits = f->limits();  // the run's, as for the PDF around it
            // Only the fingerprint of the canonical form is needed. The XML
            // is inflated piece by piece as the parser reads it, never held
            // whole unless asked for (kept with the report); either way it
            // is read the same, and a stream that is not XML from its first
            // piece is inflated no further.
            const raw::Reader read = f->stream_reader(*xml_stream, last);
            std::string kept;
            // The first piece says whose XML it is: another vocabulary (an
            // invoice, a form's data) is not a protocol to check, unless the
            // XMP claims a justera fingerprint for it.
            std::string head(4096, '\0');
            head.resize(read(head.data(), head.size()));
            std::size_t head_used = 0;
            const xml::Source source = [&](char* into, std::size_t room) {
                std::size_t n = 0;
                if (head_used < head.size()) {
                    n = std::min(room, head.size() - head_used);
                    std::memcpy(into, head.data() + head_used, n);
                    head_used += n;
                } else {
                    n = read(into, room);
                }
                if (keep_xml) kept.append(into, n);
                return n;
            };
            // The XMP's fingerprint, read once: it decides whether a foreign
            // XML is a protocol's, and is compared with the XML's below.
            std::string xmp;
            if (const Object* md = catalog.get("Metadata")) xmp = f->stream_data(f->resolve(*md, last), last);
            d.xmp_fingerprint = xml::xmp_property(xmp, "urn:justera:pdf:1#", "XmlC14nSha256").value_or("");
            const auto root = xml::root_element(head);
            if (root && root->second != xml::k_namespace && d.xmp_fingerprint.empty()) {
                Said ns = root->second.empty() ? say(Msg::NoNamespace) : say(Msg::Namespace, root->second);
                doc_check(CheckId::EmbeddedXml, Status::NotApplicable,
                          d.embedded_xml.empty() ? say_with({std::move(ns)}, Msg::ForeignXml, root->first)
                                                 : say_with({std::move(ns)}, Msg::ForeignXmlNamed, root->first, d.embedded_xml));
                return d;
            }
            const xml::Loaded loaded = xml::load_from(source, file + ": the embedded XML", limits);
            if (keep_xml) {
                kept.shrink_to_fit();
                d.xml = std::move(kept);
            }
            d.fingerprint = loaded.fingerprint;
            doc_check(CheckId::EmbeddedXml, Status::Passed, say(Msg::XmlValid));
            if (auto* moved = std::get_if<model::Protocol>(&loaded.document)) {
                protocol = std::move(*moved);
                const model::Protocol* p = &*protocol;
                // "Socialnämnden, protokoll 4/2024, 2024-03-19"
                std::string title = p->organ.empty() ? std::string("Protokoll") : p->organ + ", protokoll";
                if (p->number) title += " " + std::to_string(p->number->number) + "/" + std::to_string(p->number->year);
                if (p->meeting_date) {
                    char day[16];
                    std::snprintf(day, sizeof day, "%04d-%02u-%02u", static_cast<int>(p->meeting_date->year()),
                                  static_cast<unsigned>(p->meeting_date->month()), static_cast<unsigned>(p->meeting_date->day()));
                    title += std::string(", ") + day;
                }
                d.title = title;
            }
            if (d.xmp_fingerprint == loaded.fingerprint) {
                doc_check(CheckId::XmpFingerprint, Status::Passed, say(Msg::XmpOk));
            } else {
                doc_check(CheckId::XmpFingerprint, Status::Failed,
                          d.xmp_fingerprint.empty() ? say(Msg::XmpNone, loaded.fingerprint) : say(Msg::XmpOther, d.xmp_fingerprint, loaded.fingerprint));
            }
        }
    } catch (const core::Error& e) {
        raw::rethrow_limit(e);
        doc_check(CheckId::EmbeddedXml, Status::Failed, say(Msg::XmlBad, e.what()));
    }

    // What people saw: every paragraph title and decision point of the XML
    // must be in the visible text (page headers and footers aside).
    if (protocol) {
        try {
            // justera's own text layer is read directly; fonts it cannot map
            // (a PDF made elsewhere) are left to poppler.
            Pages pages;
            std::optional<std::string> by_poppler;  ///< why poppler read them
            try {
                pages = pages_of();
            } catch (const core::Error& own) {
                raw::rethrow_limit(own);
                try {
                    const auto& revs = file_ref.revisions();
                    for (const auto& page : pdf::foreign_page_text(file_ref.bytes().substr(0, revs.back().end), file)) {
                        std::vector<std::string> lines;
                        std::size_t start = 0;
                        while (start <= page.size()) {
                            const std::size_t nl = std::min(page.find('\n', start), page.size());
                            std::string l = page.substr(start, nl - start);
                            while (!l.empty() && (l.back() == ' ' || l.back() == '\r')) l.pop_back();
                            if (!l.empty()) lines.push_back(std::move(l));
                            start = nl + 1;
                        }
                        pages.push_back(std::move(lines));
                    }
                } catch (const core::Error& theirs) {
                    throw core::Error(theirs.code(), std::string(own.what()) + "; poppler: " + theirs.what());
                }
                by_poppler = own.what();
            }
            // A line on every page is the running header: count pages per line
            //.
            std::unordered_map<std::string_view, std::size_t> on_pages;
            for (const auto& lines : pages) {
                std::unordered_set<std::string_view> here(lines.begin(), lines.end());
                for (const auto& l : here) ++on_pages[l];
            }
            // What to search: the pages' lines without white space, no-break
            // spaces and soft hyphens, appended straight into one string.
            const auto squash_into = [](std::string& o, std::string_view in) {
                for (std::size_t i = 0; i < in.size(); ++i) {
                    const char c = in[i];
                    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
                    if (c == '\xC2' && i + 1 < in.size() && (in[i + 1] == '\xA0' || in[i + 1] == '\xAD')) {
                        ++i;  // no-break space, soft hyphen
                        continue;
                    }
                    o.push_back(c);
                }
            };
            const auto squash = [&](std::string_view in) {
                std::string o;
                squash_into(o, in);
                return o;
            };
            std::string hay;
            {
                std::size_t size = 0;
                for (const auto& lines : pages) {
                    for (const auto& l : lines) size += l.size();
                }
                hay.reserve(size);
            }
            for (const auto& lines : pages) {
                for (const auto& l : lines) {
                    if (pages.size() >= 2 && on_pages[l] == pages.size()) continue;  // the running header
                    if (l.rfind("Sida ", 0) == 0 && !l.empty() && l.back() == ')') continue;  // the page number
                    squash_into(hay, l);
                }
            }
            // The lines are not needed any more: a large protocol's pages are
            // let go before its XML is searched for.
            decltype(on_pages)().swap(on_pages);
            Pages().swap(pages);
            std::vector<Said> missing;
            std::size_t items = 0;
            // The pages show the XML in its order: search on from the last
            // find (linear in the text), and from the start only when that fails.
            std::size_t cursor = 0;
            const auto need = [&](Msg what, int number, const std::string& t) {
                if (t.empty()) return;
                ++items;
                const std::string n = squash(t);
                std::size_t at = hay.find(n, cursor);
                if (at == std::string::npos) at = hay.find(n);
                if (at == std::string::npos) missing.push_back(say(what, number, t.substr(0, 80)));
                else cursor = at;
            };
            for (const auto& para : protocol->paragraphs) {
                need(Msg::MissingTitle, para.number, para.title);
                for (const auto& dp : para.decision) {
                    need(Msg::MissingDecision, para.number, dp.text);
                    for (const auto& it : dp.items) need(Msg::MissingDecisionItem, para.number, it);
                }
            }
            if (missing.empty()) {
                doc_check(CheckId::VisibleText, Status::Passed, by_poppler ? say(Msg::VisibleAllPoppler, items, *by_poppler) : say(Msg::VisibleAll, items));
            } else {
                const std::size_t more = missing.size() > 5 ? missing.size() - 5 : 0;
                missing.resize(std::min<std::size_t>(missing.size(), 5));
                if (more) missing.push_back(say(Msg::MissingMore, more));
                doc_check(CheckId::VisibleText, Status::Failed,
                          by_poppler ? say_with(std::move(missing), Msg::VisibleMissingPoppler, *by_poppler) : say_with(std::move(missing), Msg::VisibleMissing));
            }
        } catch (const core::Error& e) {
            raw::rethrow_limit(e);
            doc_check(CheckId::VisibleText, Status::Indeterminate, say(Msg::PagesUnreadable, e.what()));
        }
    }

    return d;
}

/// Times that cannot be (docs/verify.md, "Times"): a signature claimed to be
/// made after the validation time; or before what an earlier revision's
/// timestamp proves (a later revision covers that token, so it was written
/// after the token existed); or after its own signature timestamp. Not
/// TOTAL_PASSED: INDETERMINATE, naming both times. Clocks may differ by a
/// few minutes (k_clock_skew).
void check_times(Report& rep, std::time_t now) {
    constexpr std::time_t k_clock_skew = 5 * 60;
    for (auto& s : rep.signatures) {
        // The latest time a timestamp of an earlier revision proves.
        std::time_t proven = 0;
        Said proven_by;
        for (const auto& e : rep.signatures) {
            if (e.revision < s.revision && e.indication != Indication::TotalFailed && e.proven_epoch > proven) {
                proven = e.proven_epoch;
                proven_by = e.kind == SignatureKind::DocumentTimestamp ? say(Msg::ProvenByDocTs, e.id) : say(Msg::ProvenByField, e.id, e.field);
            }
        }
        const auto flag = [&](Outcome o, Said said) {
            s.checks.push_back(Check{CheckId::SigningTime, Status::Indeterminate, std::move(said)});
            if (s.indication == Indication::TotalPassed) {
                s.indication = o.indication();
                s.subindication = o.sub();
            }
        };
        if (s.indication == Indication::TotalFailed) continue;
        const std::time_t claimed = s.claimed_epoch;
        const std::time_t own = s.proven_epoch;
        if (claimed > now + k_clock_skew) {
            flag(Outcome{Indication::Indeterminate, SubIndication::SigConstraintsFailure}, say(Msg::ClaimedFuture, iso(claimed), iso(now)));
        } else if (proven && claimed && claimed + k_clock_skew < proven) {
            flag(Outcome{Indication::Indeterminate, SubIndication::TimestampOrderFailure}, say_with({proven_by}, Msg::ClaimedBeforeProven, iso(claimed), iso(proven)));
        } else if (proven && own && own + k_clock_skew < proven) {
            flag(Outcome{Indication::Indeterminate, SubIndication::TimestampOrderFailure}, say_with({proven_by}, Msg::OwnBeforeProven, iso(own), iso(proven)));
        } else if (own && claimed > own + k_clock_skew) {
            flag(Outcome{Indication::Indeterminate, SubIndication::TimestampOrderFailure}, say(Msg::ClaimedAfterOwn, iso(claimed), iso(own)));
        }
    }
}

void evaluate_document(const raw::File& file_ref, const std::string& file, const Context& ctx, std::time_t now, Report& rep) {
    const raw::File* f = &file_ref;
    const auto& revs = f->revisions();
    const std::size_t last = revs.size() - 1;
    if (f->trailing_garbage() > 0) {
        rep.findings.push_back(Finding{Severity::Error, FindingId::TrailingBytes, say(Msg::TrailingBytes, f->trailing_garbage())});
    }
    // The document part meanwhile, when allowed: the XML on one thread, the
    // pages' text on another, each with a reader of its own.
    std::future<Pages> pages_later;
    std::future<DocumentPart> doc_later;
    // Only for files up to 2 MiB: each thread keeps a reader and its caches,
    // and a large protocol's XML and pages at once would take twice the memory.
    if (ctx.options().text_in_parallel && f->bytes().size() <= k_parallel_max_bytes) {
        try {
            // Copies: the structure is read once, the caches are not shared.
            pages_later = std::async(std::launch::async, [own = raw::File(*f), last] { return page_lines(own, last); });
            doc_later = std::async(std::launch::async, [own = raw::File(*f), &file, &pages_later, keep_xml = ctx.options().keep_embedded_xml] {
                return read_document(own, file, [&pages_later] { return pages_later.get(); }, keep_xml);
            });
        } catch (const std::system_error&) {
            // No thread to be had: all is read in turn below.
        }
    }
    Verifier verifier(*f, ctx, rep, now);
    std::vector<SigInput> inputs;
    Object catalog;
    try {
        const Object* root = revs[last].trailer.get("Root");
        catalog = root ? f->resolve(*root, last) : Object{};
        for (auto& field : raw::signature_field_refs(*f, last)) inputs.push_back(SigInput{std::move(field.name), field.value});
    } catch (const core::Error& e) {
        raw::rethrow_limit(e);
        rep.findings.push_back(Finding{Severity::Error, FindingId::Form, say(Msg::FieldsUnreadable, e.what())});
    }
    // Several fields naming one signature dictionary would count one
    // signature as several (and let it match several roles).
    {
        std::map<std::uint32_t, std::string> field_of;
        std::vector<SigInput> unique;
        for (auto& in : inputs) {
            const auto [it, fresh] = field_of.emplace(in.ref.num, in.field);
            if (fresh) {
                unique.push_back(std::move(in));
            } else {
                rep.findings.push_back(Finding{Severity::Error, FindingId::Form, say(Msg::SameSignature, it->second, in.field, in.ref.num)});
            }
        }
        inputs = std::move(unique);
    }
    if (inputs.size() > ctx.options().limits.max_signatures) {
        throw core::Error(core::Errc::PdfOverLimit, std::to_string(inputs.size()) + " signatures and document timestamps, over the limit of " +
                                                        std::to_string(ctx.options().limits.max_signatures) + " (--max-signatures)");
    }
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        try {
            rep.signatures.push_back(verifier.evaluate(inputs[i], i));
        } catch (const core::Error& e) {
            raw::rethrow_limit(e);
            SignatureReport s;
            s.id = "sig-" + std::to_string(i + 1);
            s.field = inputs[i].field;
            s.indication = k_format_failure.indication();
            s.subindication = k_format_failure.sub();
            s.checks.push_back(Check{CheckId::Structure, Status::Failed, say(Msg::Detail, e.what())});
            rep.signatures.push_back(std::move(s));
        }
    }
    std::stable_sort(rep.signatures.begin(), rep.signatures.end(), [](const auto& a, const auto& b) { return a.revision < b.revision; });
    for (std::size_t i = 0; i < rep.signatures.size(); ++i) rep.signatures[i].id = "sig-" + std::to_string(i + 1);
    check_times(rep, now);
    for (std::size_t r = 0; r <= last; ++r) {
        RevisionKind kind = r == 0 ? RevisionKind::Original : RevisionKind::Other;
        for (const auto& s : rep.signatures) {
            if (s.revision == r && r > 0) {
                kind = s.kind == SignatureKind::DocumentTimestamp ? RevisionKind::DocumentTimestamp : RevisionKind::Signature;
            }
        }
        if (kind == RevisionKind::Other && r > 0) {
            const auto& d = verifier.diff(r);
            if (d.allowed && d.only_validation_data) kind = RevisionKind::ValidationData;
        }
        rep.revisions.push_back(Report::Revision{r, revs[r].end, kind});
    }

    // The protocol inside: the XML, its fingerprint in the XMP, and what the
    // pages show (read meanwhile, or now).
    DocumentPart doc;
    if (doc_later.valid()) {
        doc = doc_later.get();
    } else {
        doc = read_document(*f, file, [f, last] { return page_lines(*f, last); }, ctx.options().keep_embedded_xml);
    }
    rep.document.checks.insert(rep.document.checks.end(), doc.checks.begin(), doc.checks.end());
    rep.document.embedded_xml = doc.embedded_xml;
    rep.document.fingerprint = doc.fingerprint;
    rep.document.xmp_fingerprint = doc.xmp_fingerprint;
    rep.document.protocol = doc.protocol.has_value();
    rep.document.title = doc.title;
    rep.document.xml = std::move(doc.xml);
    rep.document.parsed = std::move(doc.protocol);
    const std::optional<model::Protocol>& protocol = rep.document.parsed;

    // Roles: every justerare and the sekreterare the protocol names must have
    // signed, with a certificate whose names match theirs.
    if (protocol) {
        std::vector<std::pair<std::string, std::string>> expected;
        for (const auto& a : protocol->adjusters) expected.emplace_back("justerare", a.name);
        if (protocol->secretary) expected.emplace_back("sekreterare", protocol->secretary->name);
        std::set<std::string> used;
        for (const auto& [role, name] : expected) {
            RoleReport rr{role, name, {}};
            for (auto& s : rep.signatures) {
                if (s.kind != SignatureKind::Signature || s.indication == Indication::TotalFailed || used.count(s.id)) continue;
                // The certificate's givenName and surname, else its common name split.
                const model::PersonName who = s.signer.surname.empty() ? model::split_printed_name(s.signer.name)
                                                                       : model::PersonName{s.signer.given_name, s.signer.surname};
                const model::NameMatch how = model::name_match(name, who);
                if (how == model::NameMatch::None) continue;
                rr.signed_by = s.id;
                s.role = role;
                s.protocol_name = name;
                s.name_match = std::string(model::to_string(how));
                used.insert(s.id);
                if (!s.claimed_role.empty() && s.claimed_role != role && !(role == "justerare" && s.claimed_role == "ordförande")) {
                    rep.findings.push_back(Finding{Severity::Warning, FindingId::ClaimedRole, say(Msg::ClaimedRole, s.id, s.claimed_role, name, role)});
                }
                break;
            }
            rep.roles.push_back(rr);
        }
        std::string missing;  // names and roles, as the protocol writes them
        for (const auto& rr : rep.roles) {
            if (rr.signed_by.empty()) missing += (missing.empty() ? "" : ", ") + rr.name + " (" + rr.role + ")";
        }
        if (!missing.empty()) {
            rep.findings.push_back(Finding{Severity::Warning, FindingId::MissingSigners, say(Msg::MissingSigners, missing)});
        }
        if (protocol->adjusters.empty()) {
            rep.findings.push_back(Finding{Severity::Warning, FindingId::NoJusterare, say(Msg::NoJusterare)});
        }
        for (const auto& s : rep.signatures) {
            if (s.kind == SignatureKind::Signature && s.role.empty() && s.indication != Indication::TotalFailed) {
                rep.findings.push_back(Finding{Severity::Warning, FindingId::UnknownSigner, say(Msg::UnknownSigner, s.id, s.signer.name)});
            }
        }
    }

    // The document's verdict.
    Verdict v;
    for (const auto& s : rep.signatures) {
        if (s.indication != Indication::TotalPassed) lower(v, Outcome::checked(s.indication, s.subindication));
    }
    for (const auto& c : rep.document.checks) {
        if (c.status == Status::Failed) lower(v, Outcome{Indication::TotalFailed, SubIndication::FormatFailure});
        if (c.status == Status::Indeterminate) lower(v, Outcome{Indication::Indeterminate, SubIndication::None});
    }
    for (const auto& fd : rep.findings) {
        if (fd.id == FindingId::TrailingBytes || fd.id == FindingId::Form) lower(v, Outcome{Indication::TotalFailed, SubIndication::FormatFailure});
        if (fd.id == FindingId::MissingSigners || fd.id == FindingId::NoJusterare) lower(v, Outcome{Indication::Indeterminate, SubIndication::None});
    }
    if (std::none_of(rep.signatures.begin(), rep.signatures.end(), [](const auto& s) { return s.kind == SignatureKind::Signature; })) {
        rep.findings.push_back(Finding{Severity::Warning, FindingId::Unsigned, say(Msg::Unsigned)});
        lower(v, Outcome{Indication::Indeterminate, SubIndication::SignedDataNotFound});
    }
    rep.verdict = v.ind;
    rep.subindication = v.sub;
}
}  // namespace

namespace {
/// A limit reached ends the verification: the file is rejected, not judged,
/// and named (the embedded XML's name for it kept, with its line).
void rethrow_named_limit(const core::Error& e, const std::string& file) {
    if (!core::is_limit(e.code())) return;
    throw core::Error(e.code(), e.message(), e.where().file.empty() ? core::Where{file} : e.where());
}
}  // namespace

Report verify_pdf(std::string_view bytes, const std::string& file, const Context& ctx) {
    Report rep;
    rep.file = file;
    rep.size = bytes.size();
    rep.sha256 = core::sha256_hex(bytes);
    const std::time_t now = ctx.options().at ? *ctx.options().at : std::time(nullptr);
    rep.validation_time = iso(now);
    rep.trust_anchors = ctx.impl().anchors;
    std::unique_ptr<raw::File> f;
    try {
        f = std::make_unique<raw::File>(bytes, ctx.options().limits);
    } catch (const std::exception& e) {  // core::Error, or bad_alloc on a file that claims too much
        if (const auto* ce = dynamic_cast<const core::Error*>(&e)) rethrow_named_limit(*ce, file);
        rep.verdict = k_format_failure.indication();
        rep.subindication = k_format_failure.sub();
        rep.findings.push_back(Finding{Severity::Error, FindingId::Structure, say(Msg::StructureUnreadable, e.what())});
        return rep;
    }
    try {
        evaluate_document(*f, file, ctx, now, rep);
    } catch (const std::exception& e) {
        if (const auto* ce = dynamic_cast<const core::Error*>(&e)) rethrow_named_limit(*ce, file);
        // Whatever the structure reader could not make sense of: the file fails.
        rep.verdict = k_format_failure.indication();
        rep.subindication = k_format_failure.sub();
        rep.findings.push_back(Finding{Severity::Error, FindingId::Structure, say(Msg::WholeUnreadable, e.what())});
    }
    return rep;
}

}  // namespace justera::verify
