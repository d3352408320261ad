// SPDX-License-Identifier: GPL-3.0-or-later
// Revocation answers are evidence only when the issuer stands behind them;
// signatures decoded with cached certificates are the signatures signed.

#include <gtest/gtest.h>
#include <openssl/cms.h>
#include <openssl/ocsp.h>
#include <openssl/pkcs7.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <fstream>
#include <memory>
#include <set>
#include <string>

#include "justera/pki/revocation.hpp"

namespace {

const std::string k_certs = std::string(JUSTERA_SOURCE_DIR) + "/certs/test-only-";

X509* read_cert(const std::string& name) {
    FILE* f = std::fopen((k_certs + name).c_str(), "r");
    if (!f) return nullptr;
    X509* x = PEM_read_X509(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    return x;
}

EVP_PKEY* read_key(const std::string& name) {
    std::ifstream pw_in(k_certs + "password.txt");
    std::string pw;
    std::getline(pw_in, pw);
    FILE* f = std::fopen((k_certs + name).c_str(), "r");
    if (!f) return nullptr;
    EVP_PKEY* k = PEM_read_PrivateKey(f, nullptr, nullptr, pw.data());
    std::fclose(f);
    return k;
}

std::string der(X509* x) {
    unsigned char* p = nullptr;
    const int n = i2d_X509(x, &p);
    std::string s(reinterpret_cast<char*>(p), static_cast<std::size_t>(n > 0 ? n : 0));
    OPENSSL_free(p);
    return s;
}

/// An OCSP response saying "good" for `cert`, signed by `signer`.
std::string good_answer(X509* cert, X509* issuer, X509* signer, EVP_PKEY* key) {
    OCSP_BASICRESP* bs = OCSP_BASICRESP_new();
    OCSP_CERTID* id = OCSP_cert_to_id(EVP_sha1(), cert, issuer);
    ASN1_TIME* now = X509_gmtime_adj(nullptr, 0);
    ASN1_TIME* next = X509_gmtime_adj(nullptr, 3600);
    OCSP_basic_add1_status(bs, id, V_OCSP_CERTSTATUS_GOOD, 0, nullptr, now, next);
    STACK_OF(X509)* certs = sk_X509_new_null();
    sk_X509_push(certs, signer);
    OCSP_basic_sign(bs, signer, key, EVP_sha256(), certs, 0);
    sk_X509_free(certs);
    OCSP_RESPONSE* r = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, bs);
    unsigned char* p = nullptr;
    const int n = i2d_OCSP_RESPONSE(r, &p);
    std::string out(reinterpret_cast<char*>(p), static_cast<std::size_t>(n > 0 ? n : 0));
    OPENSSL_free(p);
    OCSP_RESPONSE_free(r);
    OCSP_BASICRESP_free(bs);
    OCSP_CERTID_free(id);
    ASN1_TIME_free(now);
    ASN1_TIME_free(next);
    return out;
}

/// A responder certificate that copies the issuing CA's name and key
/// identifier and claims OCSP signing, but is signed by its own key.
X509* forged_responder(X509* issuer, EVP_PKEY* key) {
    X509* x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 4242);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_NAME* name = X509_NAME_new();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("forged OCSP responder"), -1, -1, 0);
    X509_set_subject_name(x, name);
    X509_NAME_free(name);
    X509_set_issuer_name(x, X509_get_subject_name(issuer));
    X509_set_pubkey(x, key);
    X509V3_CTX v3;
    X509V3_set_ctx(&v3, issuer, x, nullptr, nullptr, 0);
    for (const auto& [nid, value] : {std::pair<int, const char*>{NID_ext_key_usage, "OCSPSigning"},
                                     {NID_authority_key_identifier, "keyid:always"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, nid, value);
        X509_add_ext(x, ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(x, key, EVP_sha256());
    return x;
}

TEST(Revocation, AForgedDelegatedResponderIsNoEvidence) {
    std::unique_ptr<X509, void (*)(X509*)> issuer(read_cert("issuing-ca.pem"), X509_free);
    std::unique_ptr<X509, void (*)(X509*)> revoked(read_cert("jonsson-revoked.pem"), X509_free);
    std::unique_ptr<X509, void (*)(X509*)> responder(read_cert("ocsp.pem"), X509_free);
    std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> responder_key(read_key("ocsp.key.pem"), EVP_PKEY_free);
    ASSERT_TRUE(issuer && revoked && responder && responder_key);
    const std::time_t now = std::time(nullptr);

    // The genuine delegated responder's word counts (the control).
    const auto genuine = justera::pki::revocation_from(der(revoked.get()), der(issuer.get()),
                                                        {good_answer(revoked.get(), issuer.get(), responder.get(), responder_key.get())}, {}, now);
    EXPECT_EQ(genuine.status, justera::pki::RevocationStatus::Good);

    // A look-alike responder's does not, though its answer is well signed.
    std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> forger_key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048)), EVP_PKEY_free);
    std::unique_ptr<X509, void (*)(X509*)> forged(forged_responder(issuer.get(), forger_key.get()), X509_free);
    ASSERT_EQ(X509_check_issued(issuer.get(), forged.get()), X509_V_OK) << "the forgery must pass the name and key-identifier match";
    const auto fake = justera::pki::revocation_from(der(revoked.get()), der(issuer.get()),
                                                     {good_answer(revoked.get(), issuer.get(), forged.get(), forger_key.get())}, {}, now);
    EXPECT_NE(fake.status, justera::pki::RevocationStatus::Good);
    EXPECT_NE(fake.why_unusable.find("did not authorise"), std::string::npos) << fake.why_unusable;
}

// ---- Signatures decoded with their certificates from the cache ----

template <typename T>
std::string i2d_string(T* obj, int (*i2d)(const T*, unsigned char**)) {
    unsigned char* p = nullptr;
    const int n = i2d(obj, &p);
    std::string s(reinterpret_cast<char*>(p), static_cast<std::size_t>(n > 0 ? n : 0));
    OPENSSL_free(p);
    return s;
}

struct Signed {
    std::string cms;    ///< a detached CMS SignedData carrying the signer's and the issuing CA's certificates
    std::string pkcs7;  ///< the same as PKCS#7
    std::string signer, ca;
};

Signed make_signed() {
    Signed out;
    std::unique_ptr<X509, void (*)(X509*)> signer(read_cert("hillborg.pem"), X509_free);
    std::unique_ptr<X509, void (*)(X509*)> ca(read_cert("issuing-ca.pem"), X509_free);
    std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key(read_key("hillborg.key.pem"), EVP_PKEY_free);
    if (!signer || !ca || !key) return out;
    STACK_OF(X509)* chain = sk_X509_new_null();
    sk_X509_push(chain, ca.get());
    const std::string text = "Protokoll, Socialnämnden";
    BIO* data = BIO_new_mem_buf(text.data(), static_cast<int>(text.size()));
    CMS_ContentInfo* cms = CMS_sign(signer.get(), key.get(), chain, data, CMS_BINARY | CMS_DETACHED);
    (void)BIO_reset(data);
    PKCS7* p7 = PKCS7_sign(signer.get(), key.get(), chain, data, PKCS7_BINARY | PKCS7_DETACHED);
    if (cms) out.cms = i2d_string<CMS_ContentInfo>(cms, i2d_CMS_ContentInfo);
    if (p7) out.pkcs7 = i2d_string<PKCS7>(p7, i2d_PKCS7);
    CMS_ContentInfo_free(cms);
    PKCS7_free(p7);
    BIO_free(data);
    sk_X509_free(chain);
    out.signer = der(signer.get());
    out.ca = der(ca.get());
    return out;
}

TEST(SignedData, DecodedWithCachedCertificatesItIsTheSameSignature) {
    const Signed s = make_signed();
    ASSERT_FALSE(s.cms.empty());
    ASSERT_FALSE(s.pkcs7.empty());
    justera::pki::ParseCache cache;
    std::unique_ptr<X509, void (*)(X509*)> cached_signer(static_cast<X509*>(cache.certificate(s.signer)), X509_free);
    std::unique_ptr<X509, void (*)(X509*)> cached_ca(static_cast<X509*>(cache.certificate(s.ca)), X509_free);
    ASSERT_TRUE(cached_signer && cached_ca);

    // CMS, with the zero padding a PDF's /Contents has after it.
    std::size_t used = 0;
    std::unique_ptr<CMS_ContentInfo, void (*)(CMS_ContentInfo*)> cms(
        static_cast<CMS_ContentInfo*>(cache.cms(s.cms + std::string(300, '\0'), used)), CMS_ContentInfo_free);
    ASSERT_TRUE(cms);
    EXPECT_EQ(used, s.cms.size());
    EXPECT_EQ(i2d_string<CMS_ContentInfo>(cms.get(), i2d_CMS_ContentInfo), s.cms) << "re-encoded, it is byte for byte the signed DER";
    STACK_OF(X509)* certs = CMS_get1_certs(cms.get());
    ASSERT_EQ(sk_X509_num(certs), 2);
    // (a SET OF: DER sorts it, the CA's certificate comes first here)
    const std::set<X509*> got{sk_X509_value(certs, 0), sk_X509_value(certs, 1)};
    EXPECT_EQ(got, (std::set<X509*>{cached_signer.get(), cached_ca.get()})) << "the certificates come from the cache, not decoded again";
    sk_X509_pop_free(certs, X509_free);
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms.get()), 0);
    CMS_SignerInfo_set1_signer_cert(si, cached_signer.get());
    EXPECT_EQ(CMS_SignerInfo_verify(si), 1) << "the signature still verifies";

    // PKCS#7 (the shape of a timestamp token).
    std::unique_ptr<PKCS7, void (*)(PKCS7*)> p7(static_cast<PKCS7*>(cache.pkcs7(s.pkcs7, used)), PKCS7_free);
    ASSERT_TRUE(p7);
    EXPECT_EQ(used, s.pkcs7.size());
    EXPECT_EQ(i2d_string<PKCS7>(p7.get(), i2d_PKCS7), s.pkcs7);
    ASSERT_EQ(sk_X509_num(p7->d.sign->cert), 2);
    const std::set<X509*> got7{sk_X509_value(p7->d.sign->cert, 0), sk_X509_value(p7->d.sign->cert, 1)};
    EXPECT_EQ(got7, (std::set<X509*>{cached_signer.get(), cached_ca.get()}));
}

TEST(SignedData, UnusualEncodingsAreLeftToOpenSSL) {
    const Signed s = make_signed();
    ASSERT_GT(s.cms.size(), 300U);
    ASSERT_EQ(static_cast<unsigned char>(s.cms[1]), 0x82) << "a two-byte length, as the test expects";
    justera::pki::ParseCache cache;
    std::unique_ptr<X509, void (*)(X509*)> cached_signer(static_cast<X509*>(cache.certificate(s.signer)), X509_free);
    // The outer length in a longer form than DER allows (BER accepts it).
    std::string ber = s.cms;
    ber.replace(0, 2, std::string("\x30\x83\x00", 3));
    std::size_t used = 0;
    std::unique_ptr<CMS_ContentInfo, void (*)(CMS_ContentInfo*)> cms(static_cast<CMS_ContentInfo*>(cache.cms(ber, used)), CMS_ContentInfo_free);
    ASSERT_TRUE(cms) << "decoded the way OpenSSL decodes it";
    EXPECT_EQ(used, ber.size());
    STACK_OF(X509)* certs = CMS_get1_certs(cms.get());
    ASSERT_EQ(sk_X509_num(certs), 2);
    EXPECT_NE(sk_X509_value(certs, 0), cached_signer.get()) << "not through the cache";
    EXPECT_NE(sk_X509_value(certs, 1), cached_signer.get()) << "not through the cache";
    sk_X509_pop_free(certs, X509_free);

    // Every truncation and a flipped byte in every header position: a
    // result or nothing, never a read outside the bytes (ASan watches).
    for (std::size_t n = 0; n < s.cms.size(); n += (n < 64 ? 1 : 97)) {
        std::size_t u = 0;
        CMS_ContentInfo_free(static_cast<CMS_ContentInfo*>(cache.cms(std::string_view(s.cms).substr(0, n), u)));
    }
    for (std::size_t i = 0; i < 64; ++i) {
        std::string bad = s.cms;
        bad[i] = static_cast<char>(bad[i] ^ 0x7F);
        std::size_t u = 0;
        CMS_ContentInfo_free(static_cast<CMS_ContentInfo*>(cache.cms(bad, u)));
        PKCS7_free(static_cast<PKCS7*>(cache.pkcs7(bad, u)));
    }
    std::size_t u = 0;
    EXPECT_EQ(cache.cms("", u), nullptr);
    EXPECT_EQ(cache.pkcs7(std::string(40, '\xFF'), u), nullptr);
}

}  // namespace

// ---------------------------------------------------------------- the one DER reader and name reader

#include "justera/pki/der.hpp"
#include "justera/pki/x509.hpp"

namespace {

using justera::pki::der::Lengths;

TEST(Der, ReadsDefiniteLengthsAndRefusesWhatIsNoElement) {
    using justera::pki::der::read;
    // SEQUENCE { INTEGER 5 } and a 130-byte OCTET STRING in the long form.
    const std::string seq("\x30\x03\x02\x01\x05", 5);
    const auto t = read(seq, 0);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->tag, 0x30);
    EXPECT_EQ(t->content(), 2U);
    EXPECT_EQ(t->end(), 5U);
    std::string longform("\x04\x81\x82", 3);
    longform.append(130, 'x');
    ASSERT_TRUE(read(longform, 0));
    EXPECT_EQ(read(longform, 0)->length, 130U);
    EXPECT_FALSE(read(std::string("\x30\x80\x00\x00", 4), 0)) << "indefinite length (BER)";
    EXPECT_FALSE(read(std::string("\x30\x05\x02\x01", 4), 0)) << "length past the end";
    EXPECT_FALSE(read(std::string("\x1F\x81\x01\x00", 4), 0)) << "high tag number";
    EXPECT_FALSE(read(std::string("\x30", 1), 0));
    EXPECT_FALSE(read(seq, 5)) << "at the end";
    EXPECT_FALSE(read(seq, 99)) << "past the end";
    // "81 03": a one-byte length in the long form is BER, not DER.
    const std::string padded("\x04\x81\x03" "abc", 6);
    EXPECT_FALSE(read(padded, 0, Lengths::Minimal));
    ASSERT_TRUE(read(padded, 0, Lengths::Any));
    EXPECT_EQ(read(padded, 0, Lengths::Any)->length, 3U);
}

TEST(Der, ReaderWalksElementsInOrderAndAppendHeaderWritesMinimalLengths) {
    const std::string two("\x02\x01\x07\x04\x02hi", 7);
    justera::pki::der::Reader r(two);
    unsigned char tag = 0;
    std::string_view content;
    ASSERT_TRUE(r.next(tag, content));
    EXPECT_EQ(tag, 0x02);
    EXPECT_EQ(content, std::string_view("\x07", 1));
    EXPECT_EQ(r.pos(), 3U);
    ASSERT_TRUE(r.next(tag, content));
    EXPECT_EQ(content, "hi");
    EXPECT_FALSE(r.next(tag, content));
    for (const std::size_t n : {0UL, 5UL, 127UL, 128UL, 255UL, 256UL, 70000UL}) {
        std::string out;
        justera::pki::der::append_header(out, 0x04, n);
        out.append(n, 'z');
        const auto t = justera::pki::der::read(out, 0, Lengths::Minimal);
        ASSERT_TRUE(t) << n;
        EXPECT_EQ(t->length, n);
        EXPECT_EQ(t->end(), out.size());
    }
}

TEST(X509Names, TheNamesOfATestCertificateAsItsSubjectHasThem) {
    std::unique_ptr<X509, void (*)(X509*)> cert(read_cert("jonsson.pem"), X509_free);
    ASSERT_TRUE(cert);
    const auto n = justera::pki::names_of(cert.get());
    EXPECT_EQ(n.common_name, "Jan Oskar Jönsson");
    EXPECT_EQ(n.given_names, "Jan Oskar");
    EXPECT_EQ(n.surname, "Jönsson");
    EXPECT_EQ(n.serial_number, "TEST-197001010002");
    EXPECT_EQ(n.issuer, "justera TEST ONLY Issuing CA");
    EXPECT_EQ(justera::pki::display_subject(cert.get()), "'Jan Oskar Jönsson' (TEST-197001010002)");
    std::unique_ptr<X509, void (*)(X509*)> ocsp(read_cert("ocsp.pem"), X509_free);
    ASSERT_TRUE(ocsp);
    EXPECT_EQ(justera::pki::names_of(ocsp.get()).given_names, "");
    EXPECT_EQ(justera::pki::display_subject(ocsp.get()), "'justera TEST ONLY OCSP responder'");
    const std::string der = justera::pki::certificate_der(cert.get());
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<X509, void (*)(X509*)> back(d2i_X509(nullptr, &p, static_cast<long>(der.size())), X509_free);
    ASSERT_TRUE(back);
    EXPECT_EQ(X509_cmp(back.get(), cert.get()), 0);
}

}  // namespace
