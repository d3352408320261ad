// SPDX-License-Identifier: GPL-3.0-or-later
// Deferred signing in the library: a key justera never holds signs the
// prepared attributes (here OpenSSL in the test, as a signature service
// would), and every damaged or hostile state is refused as a state, never as
// an internal failure.

#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <nlohmann/json.hpp>

#include <string>

#include "justera/core/error.hpp"
#include "justera/pdf/render.hpp"
#include "justera/pki/cms.hpp"
#include "justera/sign/sign.hpp"
#include "justera/signing/deferred.hpp"
#include "justera/signing/workflow.hpp"
#include "justera/xml/xml.hpp"
#include "test_support.hpp"

namespace justera {
namespace {

using Json = nlohmann::ordered_json;

struct Rendered {
    model::Protocol protocol;
    std::string pdf;
};

const Rendered& rendered() {
    static const Rendered r = [] {
        auto parsed = test::parse_fixture("seeds/004_187fbd7e2f1d6b52.txt");
        Rendered out{std::get<model::Protocol>(parsed.result.document), {}};
        const std::string xml = xml::to_xml(out.protocol);
        pdf::RenderOptions ro;
        ro.source_date_epoch = 1711101600;
        out.pdf = pdf::render(out.protocol, xml, xml::fingerprint(xml), ro).pdf;
        return out;
    }();
    return r;
}

std::string cert_der(const char* name) {
    const auto certs = sign::certificates_from(test::slurp(test::source_dir() / "certs" / name));
    return certs.empty() ? std::string() : certs.front();
}

/// What the outside key does: SHA-256 and RSA PKCS#1 v1.5 over `tbs`.
std::string outside_signature(const char* key_file, const std::string& tbs) {
    std::string pw = test::slurp(test::source_dir() / "certs" / "test-only-password.txt");
    while (!pw.empty() && (pw.back() == '\n' || pw.back() == '\r')) pw.pop_back();
    const std::string pem = test::slurp(test::source_dir() / "certs" / key_file);
    BIO* b = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(b, nullptr, nullptr, pw.data());
    BIO_free(b);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t n = 0;
    std::string sig;
    if (key && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
        EVP_DigestSign(ctx, nullptr, &n, reinterpret_cast<const unsigned char*>(tbs.data()), tbs.size()) == 1) {
        sig.resize(n);
        EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &n, reinterpret_cast<const unsigned char*>(tbs.data()), tbs.size());
        sig.resize(n);
    }
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    return sig;
}

signing::PrepareResult prepare_ojanne() {
    signing::PrepareRequest req;
    req.pdf = rendered().pdf;
    req.file = "/nowhere/protokoll.pdf";
    req.protocol = &rendered().protocol;
    req.role = "justerare";
    req.cert_der = cert_der("test-only-ojanne.pem");
    req.epoch = 1711102000;
    return signing::prepare_signature(req);
}

signing::CompleteRequest completion(const std::string& state, const std::string& signature) {
    signing::CompleteRequest req;
    req.state = state;
    req.state_file = "ojanne.state";
    req.pdf = rendered().pdf;
    req.pdf_file = "/nowhere/protokoll.pdf";
    req.protocol = &rendered().protocol;
    req.signature = signature;
    req.output = "p1.pdf";
    req.now = 1711102100;
    return req;
}

TEST(Deferred, AnOutsideKeySignsThePreparedAttributes) {
    const auto prepared = prepare_ojanne();
    EXPECT_EQ(prepared.field, "justera_justerare_1");
    EXPECT_EQ(prepared.claimed_role, "justerare");
    // The same preparation gives the same bytes: the completion relies on it.
    EXPECT_EQ(prepare_ojanne().to_be_signed, prepared.to_be_signed);
    const auto facts = sign::attribute_facts(prepared.to_be_signed, cert_der("test-only-ojanne.pem"));
    EXPECT_EQ(facts.message_digest.size(), 32U);
    ASSERT_TRUE(facts.signing_certificate_matches.has_value());
    EXPECT_TRUE(*facts.signing_certificate_matches);
    EXPECT_FALSE(*sign::attribute_facts(prepared.to_be_signed, cert_der("test-only-jonsson.pem")).signing_certificate_matches);

    const std::string sig = outside_signature("test-only-ojanne.key.pem", prepared.to_be_signed);
    ASSERT_FALSE(sig.empty());
    const auto done = signing::complete_signature(completion(prepared.state, sig), {});
    EXPECT_EQ(done.field, "justera_justerare_1");
    EXPECT_EQ(done.signer, "Johan Alexander Emanuel Ojanne");
    // An incremental update of the PDF, and the state marked completed.
    EXPECT_EQ(done.pdf.compare(0, rendered().pdf.size(), rendered().pdf), 0);
    EXPECT_TRUE(Json::parse(done.state)["completed"].is_object());
    try {
        (void)signing::complete_signature(completion(done.state, sig), {});
        ADD_FAILURE() << "a completed state was completed again";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::Errc::SignStateUsed);
    }
    // Another person's key over the same attributes does not verify.
    try {
        (void)signing::complete_signature(completion(prepared.state, outside_signature("test-only-jonsson.key.pem", prepared.to_be_signed)), {});
        ADD_FAILURE() << "a signature by another key was accepted";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::Errc::SignSignatureInvalid);
    }
}

// A state is the requester's own file, and may be damaged or edited: every
// field missing, or of another type or value, is refused as a state (or as
// what the change makes of it), never as an internal failure or a crash.
TEST(Deferred, DamagedStatesAreRefusedAsStates) {
    const auto prepared = prepare_ojanne();
    const std::string sig = outside_signature("test-only-ojanne.key.pem", prepared.to_be_signed);
    const Json original = Json::parse(prepared.state);
    const std::vector<Json> values{nullptr, 1, -1, 1e300, "x", "", Json::array(), Json::object(), true, std::string(70000, 'f')};
    std::size_t cases = 0;
    const auto expect_refused = [&](const std::string& state, const std::string& what) {
        ++cases;
        try {
            (void)signing::complete_signature(completion(state, sig), {});
            // A change that alters nothing of substance may still complete.
        } catch (const core::Error& e) {
            EXPECT_NE(e.code(), core::Errc::Internal) << what << ": " << e.message();
        } catch (const std::exception& e) {
            ADD_FAILURE() << what << ": escaped as " << e.what();
        }
    };
    for (const auto& [key, value] : original.items()) {
        Json without = original;
        without.erase(key);
        expect_refused(without.dump(), "without " + key);
        for (const auto& v : values) {
            Json changed = original;
            changed[key] = v;
            expect_refused(changed.dump(), key + " = " + v.dump().substr(0, 40));
        }
    }
    for (const auto& [key, value] : original["input"].items()) {
        for (const auto& v : values) {
            Json changed = original;
            changed["input"][key] = v;
            expect_refused(changed.dump(), "input." + key);
        }
    }
    for (const std::string& junk : {std::string(), std::string("{"), std::string("[]"), std::string("null"), prepared.state.substr(0, 100),
                                     std::string("\xff\xfe{}")}) {
        expect_refused(junk, "junk");
    }
    EXPECT_GT(cases, 150U);
    // Fields the signature depends on, changed: refused, and as a state.
    for (const char* key : {"field", "signer", "reason", "location"}) {
        Json changed = original;
        changed[key] = std::string("Ändrad ") + key;
        try {
            (void)signing::complete_signature(completion(changed.dump(), sig), {});
            ADD_FAILURE() << key << " changed, and the completion went on";
        } catch (const core::Error& e) {
            EXPECT_TRUE(e.code() == core::Errc::SignStateInvalid || e.code() == core::Errc::SignFieldMissing) << key << ": " << e.message();
        }
    }
}

}  // namespace
}  // namespace justera

// The appearance's time is Swedish time with its offset: 2024-03-22 10:00 UTC
// is 11:00 in Stockholm (CET, UTC+1); 2024-06-30 22:30 UTC is 00:30 on 1 July
// (CEST, UTC+2), the next day.
TEST(Appearance, SigningTimeInSwedishTimeWithItsOffset) {
    const auto winter = justera::signing::appearance_of("Jan Oskar Jönsson", "justerare", false, 1711101600);
    ASSERT_EQ(winter.size(), 4U);
    EXPECT_EQ(winter[3], "2024-03-22 11:00 (UTC+1)");
    const auto summer = justera::signing::appearance_of("Jan Oskar Jönsson", "justerare", true, 1719786600);
    EXPECT_EQ(summer[2], "justerare, tidsstämplad");
    EXPECT_EQ(summer[3], "2024-07-01 00:30 (UTC+2)");
}
