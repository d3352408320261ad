// SPDX-License-Identifier: GPL-3.0-or-later
// Revocation answers are evidence only when the issuer stands behind them.

#include <gtest/gtest.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <fstream>
#include <memory>
#include <string>

#include "justera/sign/ltv.hpp"

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
    const auto genuine = justera::sign::revocation_from(der(revoked.get()), der(issuer.get()),
                                                        {good_answer(revoked.get(), issuer.get(), responder.get(), responder_key.get())}, {}, now);
    EXPECT_EQ(genuine.status, justera::sign::RevocationStatus::Good);

    // A look-alike responder's does not, though its answer is well signed.
    std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> forger_key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048)), EVP_PKEY_free);
    std::unique_ptr<X509, void (*)(X509*)> forged(forged_responder(issuer.get(), forger_key.get()), X509_free);
    ASSERT_EQ(X509_check_issued(issuer.get(), forged.get()), X509_V_OK) << "the forgery must pass the name and key-identifier match";
    const auto fake = justera::sign::revocation_from(der(revoked.get()), der(issuer.get()),
                                                     {good_answer(revoked.get(), issuer.get(), forged.get(), forger_key.get())}, {}, now);
    EXPECT_NE(fake.status, justera::sign::RevocationStatus::Good);
    EXPECT_NE(fake.why_unusable.find("did not authorise"), std::string::npos) << fake.why_unusable;
}

}  // namespace
