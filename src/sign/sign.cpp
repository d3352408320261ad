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
#include <openssl/ec.h>
#include <openssl/ess.h>


#include <algorithm>
#include <fstream>
#include <sstream>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/model/names.hpp"
#include "justera/pdf/fields.hpp"
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
        throw Error(Errc::SignKeyUnreadable, e.message(), core::Where{path}, e.said(true));
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
                throw Error(Errc::SignKeyUnreadable, "the token holds no certificate for " + source.pkcs11_uri + ": give it with --cert FILE", {},
                            "det finns inget certifikat på token för " + source.pkcs11_uri + ": ange det med --cert FILE");
            }
            const std::string cert = slurp(source.cert_pem);
            Bio cb = mem(cert);
            impl->cert = PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr);
            if (!impl->cert) throw Error(Errc::SignKeyUnreadable, "not a PEM certificate", core::Where{source.cert_pem}, "inget certifikat i PEM-format");
        }
        read_chain();
    } else if (!source.p12.empty()) {
        const std::string bytes = slurp(source.p12);
        Bio b = mem(bytes);
        PKCS12* p12 = d2i_PKCS12_bio(b.get(), nullptr);
        if (!p12) throw Error(Errc::SignKeyUnreadable, "not a PKCS#12 file", core::Where{source.p12}, "ingen PKCS#12-fil");
        const bool ok = PKCS12_parse(p12, source.password.c_str(), &impl->key, &impl->cert, &impl->chain) == 1;
        const bool mac_ok = PKCS12_verify_mac(p12, source.password.c_str(), -1) == 1;
        PKCS12_free(p12);
        if (!ok) {
            throw Error(mac_ok ? Errc::SignKeyUnreadable : Errc::SignWrongPassword,
                        mac_ok ? "the PKCS#12 file holds no usable key"
                               : source.password.empty() ? "no password given for the PKCS#12 file (--password-file, JUSTERA_PASSWORD or a terminal to ask on); nothing was written"
                                                         : "wrong password for the PKCS#12 file; nothing was written",
                        core::Where{source.p12},
                        mac_ok ? "PKCS#12-filen innehåller ingen användbar nyckel"
                               : source.password.empty() ? "inget lösenord angavs för PKCS#12-filen (--password-file, JUSTERA_PASSWORD eller en terminal där det kan efterfrågas); inget skrevs"
                                                         : "fel lösenord för PKCS#12-filen; inget skrevs");
        }
    } else {
        if (source.key_pem.empty() || source.cert_pem.empty()) {
            throw Error(Errc::Usage, "a key source is needed: --p12 FILE, or --key FILE with --cert FILE", {},
                        "en nyckel behövs: --p12 FILE, eller --key FILE tillsammans med --cert FILE");
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
                        core::Where{source.key_pem},
                        !encrypted ? "ingen privat nyckel i PEM-format"
                        : source.password.empty() ? "inget lösenord angavs för nyckeln (--password-file, JUSTERA_PASSWORD eller en terminal där det kan efterfrågas); inget skrevs"
                                                  : "fel lösenord för nyckeln; inget skrevs");
        }
        const std::string cert = slurp(source.cert_pem);
        Bio cb = mem(cert);
        impl->cert = PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr);
        if (!impl->cert) throw Error(Errc::SignKeyUnreadable, "not a PEM certificate", core::Where{source.cert_pem}, "inget certifikat i PEM-format");
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
        throw Error(Errc::SignKeyMismatch, "the private key does not belong to the certificate", {},
                    "den privata nyckeln hör inte till certifikatet");
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

std::vector<std::string> certificates_from(std::string_view der_or_pem) {
    std::vector<std::string> out;
    const auto push = [&](X509* x) {
        unsigned char* p = nullptr;
        const int n = i2d_X509(x, &p);
        if (n > 0) out.emplace_back(reinterpret_cast<char*>(p), static_cast<std::size_t>(n));
        OPENSSL_free(p);
    };
    if (der_or_pem.find("-----BEGIN") != std::string_view::npos) {
        Bio b(BIO_new_mem_buf(der_or_pem.data(), static_cast<int>(der_or_pem.size())));
        while (X509* x = PEM_read_bio_X509(b.get(), nullptr, nullptr, nullptr)) {
            push(x);
            X509_free(x);
        }
    } else {
        const auto* p = reinterpret_cast<const unsigned char*>(der_or_pem.data());
        X509* x = d2i_X509(nullptr, &p, static_cast<long>(der_or_pem.size()));
        if (x && p == reinterpret_cast<const unsigned char*>(der_or_pem.data()) + der_or_pem.size()) push(x);
        X509_free(x);
    }
    ERR_clear_error();
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
                    "the time-stamping authority " + url + " did not answer (" + http.error + "); nothing was written", {},
                    "tidsstämplingstjänsten " + url + " svarade inte (" + http.error + "); inget skrevs");
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
        std::string why_sv = !resp ? "inget tidsstämpelsvar (RFC 3161)" : why;
        if (resp && TS_RESP_get_status_info(resp)) {
            const ASN1_INTEGER* status = TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp));
            const long st = status ? ASN1_INTEGER_get(status) : -1;
            if (st != 0 && st != 1) {
                why = "the authority refused the request (status " + std::to_string(st) + ")";
                why_sv = "tidsstämplingstjänsten avvisade begäran (status " + std::to_string(st) + ")";
            }
        }
        ERR_clear_error();
        TS_RESP_free(resp);
        throw Error(Errc::SignTimestampFailed, "the answer of " + url + " is not a valid timestamp for this signature" +
                                                   (why.empty() ? std::string() : " (" + why + ")") + "; nothing was written",
                    {},
                    "svaret från " + url + " är ingen giltig tidsstämpel för den här underskriften" +
                        (why_sv.empty() ? std::string() : " (" + why_sv + ")") + "; inget skrevs");
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
    std::string name_problem_sv;
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
                name_problem_sv = std::string(" anger tidsstämplingstjänsten ") + (named->type == GEN_DIRNAME ? buf : "ett annat namn") +
                                  " men är undertecknad av " + subject;
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
                        "; nothing was written",
                    {},
                    "tidsstämpeln från " + url +
                        (!signature_ok ? " har ingen giltig underskrift med sitt certifikat"
                         : !tsa_eku    ? " är undertecknad med ett certifikat som inte är gjort för tidsstämpling (ingen utökad nyckelanvändning timeStamping)"
                                       : name_problem_sv) +
                        "; inget skrevs");
    }
    unsigned char* tok = nullptr;
    const int tok_len = i2d_PKCS7(TS_RESP_get_token(resp), &tok);
    std::string token(reinterpret_cast<char*>(tok), static_cast<std::size_t>(std::max(tok_len, 0)));
    OPENSSL_free(tok);
    TS_RESP_free(resp);
    return token;
}

namespace {

const EVP_MD* md_of(std::string_view digest) {
    return digest == "sha512" ? EVP_sha512() : digest == "sha384" ? EVP_sha384() : EVP_sha256();
}

struct X509Free { void operator()(X509* x) const noexcept { X509_free(x); } };
using Cert = std::unique_ptr<X509, X509Free>;
Cert cert_of(std::string_view der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    Cert c(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!c || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) return nullptr;
    return c;
}

struct AttrsFree {
    void operator()(STACK_OF(X509_ATTRIBUTE)* s) const noexcept { sk_X509_ATTRIBUTE_pop_free(s, X509_ATTRIBUTE_free); }
};
using Attrs = std::unique_ptr<STACK_OF(X509_ATTRIBUTE), AttrsFree>;

/// DER SET OF Attribute, sorted as DER wants a SET OF.
std::string encode_attrs(STACK_OF(X509_ATTRIBUTE)* attrs) {
    unsigned char* der_out = nullptr;
    const int n = ASN1_item_i2d(reinterpret_cast<ASN1_VALUE*>(attrs), &der_out, ASN1_ITEM_rptr(PKCS7_ATTR_SIGN));
    if (n <= 0) throw Error(Errc::Internal, "encoding the signed attributes failed");
    std::string out(reinterpret_cast<char*>(der_out), static_cast<std::size_t>(n));
    OPENSSL_free(der_out);
    return out;
}

Attrs decode_attrs(std::string_view der_in) {
    const auto* p = reinterpret_cast<const unsigned char*>(der_in.data());
    auto* raw = reinterpret_cast<STACK_OF(X509_ATTRIBUTE)*>(
        ASN1_item_d2i(nullptr, &p, static_cast<long>(der_in.size()), ASN1_ITEM_rptr(PKCS7_ATTR_SIGN)));
    Attrs attrs(raw);
    ERR_clear_error();
    if (!attrs || p != reinterpret_cast<const unsigned char*>(der_in.data()) + der_in.size() || sk_X509_ATTRIBUTE_num(raw) == 0) {
        throw Error(Errc::SignSignatureInvalid, "the signed attributes are not a DER SET OF Attribute", {},
                    "de signerade attributen är inte kodade som DER SET OF Attribute");
    }
    return attrs;
}

bool verifies(EVP_PKEY* key, const EVP_MD* md, std::string_view data, std::string_view sig) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok = ctx && EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, key) == 1 &&
                    EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return ok;
}

/// An ECDSA value as XML signatures write it (r || s, each the key's size)
/// in the DER that CMS wants; empty when it is not one.
std::string ecdsa_der(std::string_view raw) {
    if (raw.empty() || raw.size() % 2 != 0 || raw.size() > 2 * 66) return {};
    const auto* b = reinterpret_cast<const unsigned char*>(raw.data());
    const int half = static_cast<int>(raw.size() / 2);
    ECDSA_SIG* sig = ECDSA_SIG_new();
    BIGNUM* r = BN_bin2bn(b, half, nullptr);
    BIGNUM* s2 = BN_bin2bn(b + half, half, nullptr);
    if (!sig || !r || !s2 || ECDSA_SIG_set0(sig, r, s2) != 1) {
        BN_free(r);
        BN_free(s2);
        ECDSA_SIG_free(sig);
        return {};
    }
    unsigned char* der_out = nullptr;
    const int n = i2d_ECDSA_SIG(sig, &der_out);
    ECDSA_SIG_free(sig);
    std::string out = n > 0 ? std::string(reinterpret_cast<char*>(der_out), static_cast<std::size_t>(n)) : std::string();
    OPENSSL_free(der_out);
    return out;
}

}  // namespace

std::string digest(std::string_view data, std::string_view algorithm) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_Digest(data.data(), data.size(), out, &n, md_of(algorithm), nullptr) != 1) throw Error(Errc::Internal, "hashing failed");
    return std::string(reinterpret_cast<char*>(out), n);
}

std::string signed_attributes(std::string_view content_digest, std::string_view digest, std::string_view claimed_role,
                              std::string_view cert_der) {
    Attrs attrs(sk_X509_ATTRIBUTE_new_null());
    const auto push = [&](X509_ATTRIBUTE* a) {
        if (!a || sk_X509_ATTRIBUTE_push(attrs.get(), a) <= 0) {
            X509_ATTRIBUTE_free(a);
            throw Error(Errc::Internal, "building the signed attributes failed");
        }
    };
    push(X509_ATTRIBUTE_create_by_NID(nullptr, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1));
    push(X509_ATTRIBUTE_create_by_NID(nullptr, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, content_digest.data(),
                                      static_cast<int>(content_digest.size())));
    if (!cert_der.empty()) {
        // ESS signing-certificate-v2 (RFC 5035), with the issuer and serial.
        const Cert cert = cert_of(cert_der);
        if (!cert) {
            throw Error(Errc::SignKeyUnreadable, "the signer's certificate is not a DER X.509 certificate", {},
                        "undertecknarens certifikat är inget X.509-certifikat i DER-format");
        }
        ESS_SIGNING_CERT_V2* sc = OSSL_ESS_signing_cert_v2_new_init(md_of(digest), cert.get(), nullptr, 1);
        unsigned char* sc_der = nullptr;
        const int n = sc ? i2d_ESS_SIGNING_CERT_V2(sc, &sc_der) : 0;
        ESS_SIGNING_CERT_V2_free(sc);
        if (n <= 0) throw Error(Errc::Internal, "building the signing-certificate attribute failed");
        X509_ATTRIBUTE* a = X509_ATTRIBUTE_create_by_NID(nullptr, NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE, sc_der, n);
        OPENSSL_free(sc_der);
        push(a);
    }
    if (!claimed_role.empty()) {
        // signer-attributes-v2 (ETSI EN 319 122-1, 5.2.6.1): claimedAttributes [0]
        // holding one Attribute id-at-role (2.5.4.72) with a UTF8String value.
        const std::string role_oid = std::string("\x06\x03\x55\x04\x48", 5);
        const std::string attr = der(0x30, role_oid + der(0x31, der(0x0C, std::string(claimed_role))));
        const std::string value = der(0x30, der(0xA0, der(0x30, attr)));
        ASN1_OBJECT* oid = OBJ_txt2obj("0.4.0.19122.1.1", 1);
        X509_ATTRIBUTE* a = X509_ATTRIBUTE_create_by_OBJ(nullptr, oid, V_ASN1_SEQUENCE, value.data(), static_cast<int>(value.size()));
        ASN1_OBJECT_free(oid);
        push(a);
    }
    return encode_attrs(attrs.get());
}

AttributeFacts attribute_facts(std::string_view attributes, std::string_view cert_der) {
    const Attrs attrs = decode_attrs(attributes);
    AttributeFacts out;
    for (int i = 0; i < sk_X509_ATTRIBUTE_num(attrs.get()); ++i) {
        X509_ATTRIBUTE* a = sk_X509_ATTRIBUTE_value(attrs.get(), i);
        char oid[80] = "";
        OBJ_obj2txt(oid, sizeof oid, X509_ATTRIBUTE_get0_object(a), 1);
        unsigned char* one = nullptr;
        const int n = i2d_X509_ATTRIBUTE(a, &one);
        out.attributes.emplace_back(oid, n > 0 ? std::string(reinterpret_cast<char*>(one), static_cast<std::size_t>(n)) : std::string());
        OPENSSL_free(one);
        const int nid = OBJ_obj2nid(X509_ATTRIBUTE_get0_object(a));
        const ASN1_TYPE* value = X509_ATTRIBUTE_count(a) == 1 ? X509_ATTRIBUTE_get0_type(a, 0) : nullptr;
        if (!value) continue;
        if (nid == NID_pkcs9_messageDigest && value->type == V_ASN1_OCTET_STRING) {
            out.message_digest.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value->value.octet_string)),
                                      static_cast<std::size_t>(ASN1_STRING_length(value->value.octet_string)));
        } else if (nid == NID_pkcs9_contentType && value->type == V_ASN1_OBJECT) {
            char ct[80] = "";
            OBJ_obj2txt(ct, sizeof ct, value->value.object, 1);
            out.content_type_oid = ct;
        } else if ((nid == NID_id_smime_aa_signingCertificateV2 || nid == NID_id_smime_aa_signingCertificate) && value->type == V_ASN1_SEQUENCE) {
            const auto* p = ASN1_STRING_get0_data(value->value.sequence);
            const long len = ASN1_STRING_length(value->value.sequence);
            const Cert cert = cert_of(cert_der);
            STACK_OF(X509)* chain = sk_X509_new_null();
            if (cert) sk_X509_push(chain, cert.get());
            int ok = 0;
            if (nid == NID_id_smime_aa_signingCertificateV2) {
                const unsigned char* end = p + len;
                ESS_SIGNING_CERT_V2* sc = d2i_ESS_SIGNING_CERT_V2(nullptr, &p, len);
                ok = sc && cert && p == end ? OSSL_ESS_check_signing_certs(nullptr, sc, chain, 1) : 0;
                ESS_SIGNING_CERT_V2_free(sc);
            } else {
                const unsigned char* end = p + len;
                ESS_SIGNING_CERT* sc = d2i_ESS_SIGNING_CERT(nullptr, &p, len);
                ok = sc && cert && p == end ? OSSL_ESS_check_signing_certs(sc, nullptr, chain, 1) : 0;
                ESS_SIGNING_CERT_free(sc);
            }
            sk_X509_free(chain);
            ERR_clear_error();
            out.signing_certificate_matches = ok > 0 && out.signing_certificate_matches.value_or(true);
        }
    }
    return out;
}

std::string assemble_cms(const CmsParts& parts) {
    const Cert cert = cert_of(parts.cert_der);
    if (!cert) {
        throw Error(Errc::SignKeyUnreadable, "the signer's certificate is not a DER X.509 certificate", {},
                    "undertecknarens certifikat är inget X.509-certifikat i DER-format");
    }
    std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key(X509_get_pubkey(cert.get()), EVP_PKEY_free);
    if (!key) {
        throw Error(Errc::SignKeyUnreadable, "the signer's certificate holds no usable public key", {},
                    "undertecknarens certifikat innehåller ingen användbar publik nyckel");
    }
    if (!EVP_PKEY_is_a(key.get(), "RSA") && !EVP_PKEY_is_a(key.get(), "EC")) {
        // RSA-PSS and others would need their parameters in the CMS: not made here.
        throw Error(Errc::SignKeyUnreadable, "the signer's key is neither RSA (PKCS#1 v1.5) nor ECDSA", {},
                    "undertecknarens nyckel är varken RSA (PKCS#1 v1.5) eller ECDSA");
    }
    const EVP_MD* md = md_of(parts.digest);
    // The signature must be the certificate's key over exactly these attributes.
    std::string signature = parts.signature;
    bool ok = verifies(key.get(), md, parts.attributes, signature);
    if (!ok && EVP_PKEY_is_a(key.get(), "EC")) {
        const std::string converted = ecdsa_der(signature);
        if (!converted.empty() && verifies(key.get(), md, parts.attributes, converted)) {
            signature = converted;
            ok = true;
        }
    }
    if (!ok) {
        throw Error(Errc::SignSignatureInvalid,
                    "the signature value does not verify with the certificate's key over the signed attributes; nothing was written", {},
                    "underskriftsvärdet håller inte vid kontroll av de signerade attributen med certifikatets nyckel; inget skrevs");
    }
    const Attrs attrs = decode_attrs(parts.attributes);

    CMS_ContentInfo* cms = CMS_sign(nullptr, nullptr, nullptr, nullptr, CMS_PARTIAL | CMS_DETACHED | CMS_BINARY);
    if (!cms) throw Error(Errc::Internal, "CMS_sign failed");
    std::unique_ptr<CMS_ContentInfo, void (*)(CMS_ContentInfo*)> guard(cms, CMS_ContentInfo_free);
    // The certificate's own public key stands in for the private key, which
    // is elsewhere: nothing is signed here (CMS_PARTIAL), the attributes are
    // the ones signed, and the signature value is set below.
    CMS_SignerInfo* si = CMS_add1_signer(cms, cert.get(), key.get(), md, CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP | CMS_NOATTR);
    if (!si) throw Error(Errc::Internal, "CMS_add1_signer failed");
    for (int i = 0; i < sk_X509_ATTRIBUTE_num(attrs.get()); ++i) {
        if (CMS_signed_add1_attr(si, sk_X509_ATTRIBUTE_value(attrs.get(), i)) != 1) throw Error(Errc::Internal, "adding a signed attribute failed");
    }
    std::vector<std::string> added{parts.cert_der};
    for (const auto& c : parts.chain_der) {
        const Cert x = cert_of(c);
        if (!x) {
            throw Error(Errc::SignKeyUnreadable, "a certificate of the chain is not a DER X.509 certificate", {},
                        "ett certifikat i kedjan är inget X.509-certifikat i DER-format");
        }
        if (std::find(added.begin(), added.end(), c) != added.end()) continue;  // each certificate once
        if (CMS_add1_cert(cms, x.get()) != 1) throw Error(Errc::Internal, "adding a certificate of the chain failed");
        added.push_back(c);
    }
    // What the CMS will carry must be byte for byte what was signed.
    {
        Attrs again(sk_X509_ATTRIBUTE_new_null());
        for (int i = 0; i < CMS_signed_get_attr_count(si); ++i) {
            X509_ATTRIBUTE* copy = X509_ATTRIBUTE_dup(CMS_signed_get_attr(si, i));
            if (!copy || sk_X509_ATTRIBUTE_push(again.get(), copy) <= 0) {
                X509_ATTRIBUTE_free(copy);
                throw Error(Errc::Internal, "copying the signed attributes failed");
            }
        }
        if (encode_attrs(again.get()) != parts.attributes) {
            throw Error(Errc::SignSignatureInvalid, "the signed attributes are not in DER (their order or encoding is not canonical)", {},
                        "de signerade attributen är inte i DER (deras ordning eller kodning är inte kanonisk)");
        }
    }
    if (ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), signature.data(), static_cast<int>(signature.size())) != 1) {
        throw Error(Errc::Internal, "setting the signature value failed");
    }
    if (!parts.tsa_url.empty()) {
        // PAdES B-T: a signature timestamp over the signature value (RFC 3161,
        // ETSI EN 319 122-1 5.3), as the unsigned attribute id-aa-timeStampToken.
        const std::string token = request_timestamp(parts.tsa_url, signature);
        if (CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, token.data(), static_cast<int>(token.size())) != 1) {
            throw Error(Errc::Internal, "adding the signature timestamp failed");
        }
    }
    unsigned char* out = nullptr;
    const int out_len = i2d_CMS_ContentInfo(cms, &out);
    if (out_len <= 0) throw Error(Errc::Internal, "encoding the CMS failed");
    std::string result(reinterpret_cast<char*>(out), static_cast<std::size_t>(out_len));
    OPENSSL_free(out);
    return result;
}

std::string cms_sign(const Credentials& credentials, std::string_view signed_bytes, std::string_view claimed_role,
                     const std::string& tsa_url, std::string_view digest) {
    const auto& c = credentials.impl();
    const EVP_MD* alg = md_of(digest);
    CmsParts parts;
    parts.cert_der = credentials.certificate_der();
    parts.digest = std::string(digest);
    // No signing-time: PAdES B-B takes the time from the signature's /M.
    parts.attributes = signed_attributes(sign::digest(signed_bytes, digest), digest, claimed_role, parts.cert_der);
    for (int i = 0; i < sk_X509_num(c.chain); ++i) {
        unsigned char* p = nullptr;
        const int n = i2d_X509(sk_X509_value(c.chain, i), &p);
        if (n > 0) parts.chain_der.emplace_back(reinterpret_cast<char*>(p), static_cast<std::size_t>(n));
        OPENSSL_free(p);
    }
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t sig_len = 0;
    const auto* tbs = reinterpret_cast<const unsigned char*>(parts.attributes.data());
    bool ok = EVP_DigestSignInit(ctx, nullptr, alg, nullptr, c.key) == 1 &&
              EVP_DigestSign(ctx, nullptr, &sig_len, tbs, parts.attributes.size()) == 1;
    std::string sig(sig_len, '\0');
    ok = ok && EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &sig_len, tbs, parts.attributes.size()) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok) throw Error(Errc::Internal, "the key could not sign");
    sig.resize(sig_len);
    parts.signature = std::move(sig);
    parts.tsa_url = tsa_url;
    return assemble_cms(parts);
}

std::optional<Role> role_from(std::string_view s) noexcept {
    if (s == "justerare") return Role::Adjuster;
    if (s == "ordforande" || s == "ordförande") return Role::Chair;
    if (s == "sekreterare") return Role::Secretary;
    return std::nullopt;
}

std::string choose_field(const model::Protocol& p, Role role, const Identity& who, bool chair_line) {
    std::string names;
    if (const auto chair = pdf::chair_field(p); role == Role::Chair && chair_line && chair) {
        if (model::name_matches(chair->person, person_name(who))) return chair->field;
        names = chair->person;
    }
    if (role == Role::Secretary) {
        if (p.secretary && model::name_matches(p.secretary->name, person_name(who))) return pdf::signature_field_name("sekreterare", 1);
        if (p.secretary) names = p.secretary->name;
    } else {
        for (std::size_t k = 0; k < p.adjusters.size(); ++k) {
            if (model::name_matches(p.adjusters[k].name, person_name(who))) return pdf::signature_field_name("justerare", k + 1);
            names += (names.empty() ? "" : ", ") + p.adjusters[k].name;
        }
    }
    throw Error(Errc::SignNameMismatch,
                "the certificate names " + who.given_names + " " + who.surname + ", but the protocol's " +
                    (role == Role::Secretary ? std::string("sekreterare is ")
                     : role == Role::Chair   ? std::string("ordförande and justerare are ")
                                             : std::string("justerare are ")) +
                    (names.empty() ? std::string("not named") : names) + " (use --field to choose a field anyway)",
                {},
                "certifikatet är utställt på " + who.given_names + " " + who.surname + ", men " +
                    (names.empty() ? (role == Role::Secretary ? std::string("protokollet anger ingen sekreterare")
                                      : role == Role::Chair   ? std::string("protokollet anger ingen ordförande och inga justerare")
                                                              : std::string("protokollet anger inga justerare"))
                                   : (role == Role::Secretary ? std::string("protokollets sekreterare är ")
                                      : role == Role::Chair   ? std::string("protokollets ordförande och justerare är ")
                                                              : std::string("protokollets justerare är ")) +
                                         names) +
                    " (välj ändå ett fält med --field)");
}

}  // namespace justera::sign
