// SPDX-License-Identifier: GPL-3.0-or-later
// Keys, certificates and CAdES signatures with OpenSSL 3.

#include "justera/sign/sign.hpp"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/bn.h>


#include <algorithm>
#include <fstream>
#include <sstream>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/model/names.hpp"
#include "justera/pki/http.hpp"
#include "justera/pki/x509.hpp"
#include "pkcs11.hpp"

namespace justera::sign {

using core::Errc;
using core::Error;

struct Credentials::Impl {
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* chain = nullptr;
    void* engine = nullptr;  ///< a PKCS#11 token's engine, released after the key
    ~Impl() {
        EVP_PKEY_free(key);
        X509_free(cert);
        sk_X509_pop_free(chain, X509_free);
        detail::release_engine(engine);
    }
};

Credentials::Credentials(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Credentials::~Credentials() = default;

namespace {

/// A key, certificate or chain file (bounded like every input); a file
/// that cannot be read is a key that cannot be read.
std::string slurp(const std::string& path) {
    try {
        return core::read_file(path, core::Limits{});
    } catch (const Error& e) {
        throw Error(Errc::SignKeyUnreadable, e.message(), core::Where{path});
    }
}

struct BioFree { void operator()(BIO* b) const noexcept { BIO_free(b); } };
using Bio = std::unique_ptr<BIO, BioFree>;
Bio mem(const std::string& s) { return Bio(BIO_new_mem_buf(s.data(), static_cast<int>(s.size()))); }


/// The certificate holder's names, for the name rule of model/names.hpp.
model::PersonName person_name(const Identity& who) { return model::PersonName{who.given_names, who.surname}; }

/// DER length and TLV helpers for the signer-attributes-v2 value.
std::string der(unsigned char tag, const std::string& content) {
    std::string out(1, static_cast<char>(tag));
    const std::size_t n = content.size();
    if (n < 0x80) {
        out.push_back(static_cast<char>(n));
    } else if (n < 0x100) {
        out.push_back(static_cast<char>(0x81));
        out.push_back(static_cast<char>(n));
    } else {
        out.push_back(static_cast<char>(0x82));
        out.push_back(static_cast<char>(n >> 8));
        out.push_back(static_cast<char>(n & 0xFF));
    }
    return out + content;
}

}  // namespace

std::unique_ptr<Credentials> load_credentials(const KeySource& source) {
    auto impl = std::make_unique<Credentials::Impl>();
    ERR_clear_error();
    const auto read_chain = [&] {
        impl->chain = sk_X509_new_null();
        if (source.chain_pem.empty()) return;
        const std::string chain = slurp(source.chain_pem);
        Bio chb = mem(chain);
        while (X509* c = PEM_read_bio_X509(chb.get(), nullptr, nullptr, nullptr)) sk_X509_push(impl->chain, c);
        ERR_clear_error();
    };
    if (!source.pkcs11_uri.empty()) {
        auto token = detail::load_token_key(source.pkcs11_uri, source.pkcs11_module, source.password);
        impl->engine = token.engine;
        impl->key = token.key;
        impl->cert = token.cert;
        if (!impl->cert) {
            // A token without the certificate: --cert supplies it.
            if (source.cert_pem.empty()) {
                throw Error(Errc::SignKeyUnreadable, "the token holds no certificate for " + source.pkcs11_uri + ": give it with --cert FILE");
            }
            const std::string cert = slurp(source.cert_pem);
            Bio cb = mem(cert);
            impl->cert = PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr);
            if (!impl->cert) throw Error(Errc::SignKeyUnreadable, "not a PEM certificate", core::Where{source.cert_pem});
        }
        read_chain();
    } else if (!source.p12.empty()) {
        const std::string bytes = slurp(source.p12);
        Bio b = mem(bytes);
        PKCS12* p12 = d2i_PKCS12_bio(b.get(), nullptr);
        if (!p12) throw Error(Errc::SignKeyUnreadable, "not a PKCS#12 file", core::Where{source.p12});
        const bool ok = PKCS12_parse(p12, source.password.c_str(), &impl->key, &impl->cert, &impl->chain) == 1;
        const bool mac_ok = PKCS12_verify_mac(p12, source.password.c_str(), -1) == 1;
        PKCS12_free(p12);
        if (!ok) {
            throw Error(mac_ok ? Errc::SignKeyUnreadable : Errc::SignWrongPassword,
                        mac_ok ? "the PKCS#12 file holds no usable key"
                               : source.password.empty() ? "no password given for the PKCS#12 file (--password-file, JUSTERA_PASSWORD or a terminal to ask on); nothing was written"
                                                         : "wrong password for the PKCS#12 file; nothing was written",
                        core::Where{source.p12});
        }
    } else {
        if (source.key_pem.empty() || source.cert_pem.empty()) {
            throw Error(Errc::Usage, "a key source is needed: --p12 FILE, or --key FILE with --cert FILE");
        }
        const std::string key = slurp(source.key_pem);
        Bio kb = mem(key);
        impl->key = PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, const_cast<char*>(source.password.c_str()));
        if (!impl->key) {
            const bool encrypted = key.find("ENCRYPTED") != std::string::npos;
            throw Error(encrypted ? Errc::SignWrongPassword : Errc::SignKeyUnreadable,
                        !encrypted ? "not a PEM private key"
                        : source.password.empty() ? "no password given for the key (--password-file, JUSTERA_PASSWORD or a terminal to ask on); nothing was written"
                                                  : "wrong password for the key; nothing was written",
                        core::Where{source.key_pem});
        }
        const std::string cert = slurp(source.cert_pem);
        Bio cb = mem(cert);
        impl->cert = PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr);
        if (!impl->cert) throw Error(Errc::SignKeyUnreadable, "not a PEM certificate", core::Where{source.cert_pem});
        impl->chain = sk_X509_new_null();
        if (!source.chain_pem.empty()) {
            const std::string chain = slurp(source.chain_pem);
            Bio chb = mem(chain);
            while (X509* c = PEM_read_bio_X509(chb.get(), nullptr, nullptr, nullptr)) sk_X509_push(impl->chain, c);
            ERR_clear_error();
        }
    }
    if (!impl->chain) impl->chain = sk_X509_new_null();
    if (X509_check_private_key(impl->cert, impl->key) != 1) {
        throw Error(Errc::SignKeyMismatch, "the private key does not belong to the certificate");
    }
    return std::make_unique<Credentials>(std::move(impl));
}

std::string Credentials::certificate_der() const {
    unsigned char* p = nullptr;
    const int n = i2d_X509(m_impl->cert, &p);
    std::string out(reinterpret_cast<char*>(p), static_cast<std::size_t>(std::max(n, 0)));
    OPENSSL_free(p);
    return out;
}

Identity Credentials::identity() const { return identity_of_certificate(certificate_der()); }

Identity identity_of_certificate(std::string_view cert_der) {
    Identity id;
    const auto* der_p = reinterpret_cast<const unsigned char*>(cert_der.data());
    std::unique_ptr<X509, void (*)(X509*)> cert(d2i_X509(nullptr, &der_p, static_cast<long>(cert_der.size())), X509_free);
    if (!cert) return id;
    id = pki::names_of(cert.get());
    if (id.surname.empty() && !id.common_name.empty()) {
        // No givenName/SN: take the common name apart.
        const auto w = model::name_words(id.common_name);
        if (!w.empty()) id.surname = w.back();
        for (std::size_t k = 0; k + 1 < w.size(); ++k) id.given_names += (k ? " " : "") + w[k];
    }
    return id;
}

std::string request_timestamp(const std::string& url, std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    EVP_Digest(data.data(), data.size(), md, &md_len, EVP_sha256(), nullptr);
    TS_REQ* req = TS_REQ_new();
    TS_MSG_IMPRINT* imprint = TS_MSG_IMPRINT_new();
    X509_ALGOR* algo = X509_ALGOR_new();
    X509_ALGOR_set0(algo, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr);
    TS_MSG_IMPRINT_set_algo(imprint, algo);
    TS_MSG_IMPRINT_set_msg(imprint, md, static_cast<int>(md_len));
    TS_REQ_set_msg_imprint(req, imprint);
    TS_REQ_set_version(req, 1);
    TS_REQ_set_cert_req(req, 1);
    ASN1_INTEGER* nonce = ASN1_INTEGER_new();
    unsigned char rnd[8];
    RAND_bytes(rnd, sizeof rnd);
    BIGNUM* bn = BN_bin2bn(rnd, sizeof rnd, nullptr);
    BN_to_ASN1_INTEGER(bn, nonce);
    BN_free(bn);
    TS_REQ_set_nonce(req, nonce);
    ASN1_INTEGER_free(nonce);
    X509_ALGOR_free(algo);
    TS_MSG_IMPRINT_free(imprint);
    unsigned char* req_der = nullptr;
    const int req_len = i2d_TS_REQ(req, &req_der);

    const std::string request(reinterpret_cast<char*>(req_der), static_cast<std::size_t>(std::max(req_len, 0)));
    OPENSSL_free(req_der);
    // A token is a few kilobytes.
    const pki::HttpResult http = pki::http_exchange(url, "application/timestamp-query", request, 1024U * 1024U, 30);
    if (!http.ok) {
        TS_REQ_free(req);
        throw Error(Errc::SignTimestampFailed,
                    "the time-stamping authority " + url + " did not answer (" + http.error + "); nothing was written");
    }
    const std::string& body = http.body;
    const auto* p = reinterpret_cast<const unsigned char*>(body.data());
    TS_RESP* resp = d2i_TS_RESP(nullptr, &p, static_cast<long>(body.size()));
    // Status, version, imprint and nonce against the request. The token's
    // signature and the authority's name are checked below, against the
    // certificate the token carries (OpenSSL's own name check needs the
    // signature verified against a trust store first).
    TS_VERIFY_CTX* vctx = TS_REQ_to_TS_VERIFY_CTX(req, nullptr);
    if (vctx) TS_VERIFY_CTX_set_flags(vctx, TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_NONCE);
    ERR_clear_error();
    const bool ok = resp && vctx && TS_RESP_verify_response(vctx, resp) == 1;
    TS_VERIFY_CTX_free(vctx);
    TS_REQ_free(req);
    if (!ok) {
        const unsigned long e = ERR_peek_last_error();
        std::string why = !resp ? "not a timestamp response (RFC 3161)" : e ? ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "" : "";
        if (resp && TS_RESP_get_status_info(resp)) {
            const ASN1_INTEGER* status = TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp));
            const long st = status ? ASN1_INTEGER_get(status) : -1;
            if (st != 0 && st != 1) why = "the authority refused the request (status " + std::to_string(st) + ")";
        }
        ERR_clear_error();
        TS_RESP_free(resp);
        throw Error(Errc::SignTimestampFailed, "the answer of " + url + " is not a valid timestamp for this signature" +
                                                   (why.empty() ? std::string() : " (" + why + ")") + "; nothing was written");
    }
    // The token's own signature, by a certificate made for time-stamping
    // (RFC 3161 2.3: critical extended key usage timeStamping). Whether that
    // authority is trusted is for the verifier to judge against its trust list.
    PKCS7* token_p7 = TS_RESP_get_token(resp);
    STACK_OF(X509)* signers = token_p7 ? PKCS7_get0_signers(token_p7, nullptr, 0) : nullptr;
    const X509* tsa = signers && sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : nullptr;
    const bool tsa_eku = tsa && (X509_get_extension_flags(const_cast<X509*>(tsa)) & EXFLAG_XKUSAGE) != 0 &&
                         X509_get_extended_key_usage(const_cast<X509*>(tsa)) == XKU_TIMESTAMP;
    Bio content(BIO_new(BIO_s_mem()));
    const bool signature_ok = tsa && PKCS7_verify(token_p7, nullptr, nullptr, nullptr, content.get(), PKCS7_NOVERIFY) == 1;
    ERR_clear_error();
    // A token may name its authority (TSTInfo tsa, OpenSSL's default for
    // 'openssl ts'): the name must be the signing certificate's subject, or
    // one of its alternative names (RFC 3161 2.4.2).
    std::string name_problem;
    if (signature_ok) {
        TS_TST_INFO* info = TS_RESP_get_tst_info(resp);
        const GENERAL_NAME* named = info ? TS_TST_INFO_get_tsa(info) : nullptr;
        if (named) {
            bool same = named->type == GEN_DIRNAME && X509_NAME_cmp(named->d.directoryName, X509_get_subject_name(tsa)) == 0;
            auto* alt = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(tsa, NID_subject_alt_name, nullptr, nullptr));
            for (int i = 0; alt && !same && i < sk_GENERAL_NAME_num(alt); ++i) {
                same = GENERAL_NAME_cmp(const_cast<GENERAL_NAME*>(named), sk_GENERAL_NAME_value(alt, i)) == 0;
            }
            GENERAL_NAMES_free(alt);
            if (!same) {
                char buf[256] = "another name";
                if (named->type == GEN_DIRNAME) X509_NAME_oneline(named->d.directoryName, buf, sizeof buf);
                char subject[256];
                X509_NAME_oneline(X509_get_subject_name(tsa), subject, sizeof subject);
                name_problem = std::string(" names the authority ") + buf + " but is signed by " + subject;
            }
        }
    }
    sk_X509_free(signers);
    if (!signature_ok || !tsa_eku || !name_problem.empty()) {
        TS_RESP_free(resp);
        throw Error(Errc::SignTimestampFailed,
                    "the timestamp from " + url +
                        (!signature_ok ? " does not carry a valid signature with its certificate"
                         : !tsa_eku    ? " is signed by a certificate not made for time-stamping (no extended key usage timeStamping)"
                                       : name_problem) +
                        "; nothing was written");
    }
    unsigned char* tok = nullptr;
    const int tok_len = i2d_PKCS7(TS_RESP_get_token(resp), &tok);
    std::string token(reinterpret_cast<char*>(tok), static_cast<std::size_t>(std::max(tok_len, 0)));
    OPENSSL_free(tok);
    TS_RESP_free(resp);
    return token;
}

std::string cms_sign(const Credentials& credentials, std::string_view signed_bytes, std::string_view claimed_role,
                     const std::string& tsa_url, std::string_view digest) {
    const auto& c = credentials.impl();
    const EVP_MD* alg = digest == "sha512" ? EVP_sha512() : digest == "sha384" ? EVP_sha384() : EVP_sha256();
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    EVP_Digest(signed_bytes.data(), signed_bytes.size(), md, &md_len, alg, nullptr);

    CMS_ContentInfo* cms = CMS_sign(nullptr, nullptr, nullptr, nullptr, CMS_PARTIAL | CMS_DETACHED | CMS_BINARY);
    if (!cms) throw Error(Errc::Internal, "CMS_sign failed");
    std::unique_ptr<CMS_ContentInfo, void (*)(CMS_ContentInfo*)> guard(cms, CMS_ContentInfo_free);
    // CMS_CADES adds ESS signing-certificate-v2 (RFC 5035).
    CMS_SignerInfo* si = CMS_add1_signer(cms, c.cert, c.key, alg,
                                         CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES);
    if (!si) throw Error(Errc::Internal, "CMS_add1_signer failed");
    for (int i = 0; i < sk_X509_num(c.chain); ++i) {
        X509* x = sk_X509_value(c.chain, i);
        if (X509_cmp(x, c.cert) != 0) CMS_add1_cert(cms, x);
    }
    CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1);
    CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, md, static_cast<int>(md_len));
    if (!claimed_role.empty()) {
        // signer-attributes-v2 (ETSI EN 319 122-1, 5.2.6.1): claimedAttributes [0]
        // holding one Attribute id-at-role (2.5.4.72) with a UTF8String value.
        const std::string role_oid = std::string("\x06\x03\x55\x04\x48", 5);
        const std::string attr = der(0x30, role_oid + der(0x31, der(0x0C, std::string(claimed_role))));
        const std::string value = der(0x30, der(0xA0, der(0x30, attr)));
        ASN1_OBJECT* oid = OBJ_txt2obj("0.4.0.19122.1.1", 1);
        CMS_signed_add1_attr_by_OBJ(si, oid, V_ASN1_SEQUENCE, value.data(), static_cast<int>(value.size()));
        ASN1_OBJECT_free(oid);
    }
    // Sign the DER SET OF signed attributes ourselves: CMS_final would add a
    // signing-time attribute, which PAdES B-B does not want (the time is /M).
    STACK_OF(X509_ATTRIBUTE)* attrs = sk_X509_ATTRIBUTE_new_null();
    for (int i = 0; i < CMS_signed_get_attr_count(si); ++i) sk_X509_ATTRIBUTE_push(attrs, CMS_signed_get_attr(si, i));
    unsigned char* attr_der = nullptr;
    const int attr_len = ASN1_item_i2d(reinterpret_cast<ASN1_VALUE*>(attrs), &attr_der, ASN1_ITEM_rptr(PKCS7_ATTR_SIGN));
    sk_X509_ATTRIBUTE_free(attrs);
    if (attr_len <= 0) throw Error(Errc::Internal, "encoding the signed attributes failed");
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t sig_len = 0;
    bool ok = EVP_DigestSignInit(ctx, nullptr, alg, nullptr, c.key) == 1 &&
              EVP_DigestSign(ctx, nullptr, &sig_len, attr_der, static_cast<std::size_t>(attr_len)) == 1;
    std::vector<unsigned char> sig(sig_len);
    ok = ok && EVP_DigestSign(ctx, sig.data(), &sig_len, attr_der, static_cast<std::size_t>(attr_len)) == 1;
    EVP_MD_CTX_free(ctx);
    OPENSSL_free(attr_der);
    if (!ok) throw Error(Errc::Internal, "the key could not sign");
    auto* sig_copy = static_cast<unsigned char*>(OPENSSL_malloc(sig_len));
    std::copy(sig.begin(), sig.begin() + static_cast<std::ptrdiff_t>(sig_len), sig_copy);
    ASN1_STRING_set0(CMS_SignerInfo_get0_signature(si), sig_copy, static_cast<int>(sig_len));
    if (!tsa_url.empty()) {
        // PAdES B-T: a signature timestamp over the signature value (RFC 3161,
        // ETSI EN 319 122-1 5.3), as the unsigned attribute id-aa-timeStampToken.
        const std::string token = request_timestamp(tsa_url, std::string_view(reinterpret_cast<char*>(sig_copy), sig_len));
        CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, token.data(), static_cast<int>(token.size()));
    }
    unsigned char* out = nullptr;
    const int out_len = i2d_CMS_ContentInfo(cms, &out);
    if (out_len <= 0) throw Error(Errc::Internal, "encoding the CMS failed");
    std::string result(reinterpret_cast<char*>(out), static_cast<std::size_t>(out_len));
    OPENSSL_free(out);
    return result;
}

std::optional<Role> role_from(std::string_view s) noexcept {
    if (s == "justerare") return Role::Adjuster;
    if (s == "ordforande" || s == "ordförande") return Role::Chair;
    if (s == "sekreterare") return Role::Secretary;
    return std::nullopt;
}

std::string choose_field(const model::Protocol& p, Role role, const Identity& who) {
    std::string names;
    if (role == Role::Secretary) {
        if (p.secretary && model::name_matches(p.secretary->name, person_name(who))) return "justera_sekreterare_1";
        if (p.secretary) names = p.secretary->name;
    } else {
        for (std::size_t k = 0; k < p.adjusters.size(); ++k) {
            if (model::name_matches(p.adjusters[k].name, person_name(who))) return "justera_justerare_" + std::to_string(k + 1);
            names += (names.empty() ? "" : ", ") + p.adjusters[k].name;
        }
    }
    throw Error(Errc::SignNameMismatch,
                "the certificate names " + who.given_names + " " + who.surname + ", but the protocol's " +
                    (role == Role::Secretary ? std::string("sekreterare is ") : std::string("justerare are ")) +
                    (names.empty() ? std::string("not named") : names) + " (use --field to choose a field anyway)");
}

}  // namespace justera::sign
