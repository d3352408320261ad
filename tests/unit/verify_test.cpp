// SPDX-License-Identifier: GPL-3.0-or-later
// The verifier on a protocol signed three times in-process: the good file
// passes with every signer in their role; no single changed byte, no cut,
// no appended garbage lets it pass; hostile structures neither crash nor hang.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "justera/pdf/render.hpp"
#include "justera/pdf/signature.hpp"
#include "justera/sign/sign.hpp"
#include "justera/verify/verify.hpp"
#include "justera/xml/xml.hpp"
#include "test_support.hpp"

namespace justera {
namespace {

std::string password() {
    std::string pw = test::slurp(test::source_dir() / "certs" / "test-only-password.txt");
    while (!pw.empty() && (pw.back() == '\n' || pw.back() == '\r')) pw.pop_back();
    return pw;
}

/// The seed protocol 004, rendered and signed by Ojanne, Jönsson, Hillborg.
const std::string& signed_three() {
    static const std::string pdf = [] {
        auto parsed = test::parse_fixture("seeds/004_187fbd7e2f1d6b52.txt");
        const auto& protocol = std::get<model::Protocol>(parsed.result.document);
        const std::string xml = xml::to_xml(protocol);
        pdf::RenderOptions ro;
        ro.source_date_epoch = 1711101600;
        std::string out = pdf::render(protocol, xml, xml::fingerprint(xml), ro).pdf;
        const struct {
            const char* p12;
            const char* field;
            const char* role;
        } signers[] = {{"test-only-ojanne.p12", "justera.sig.justerare.1", "justerare"},
                       {"test-only-jonsson.p12", "justera.sig.justerare.2", "justerare"},
                       {"test-only-hillborg.p12", "justera.sig.sekreterare.1", "sekreterare"}};
        for (const auto& s : signers) {
            sign::KeySource src;
            src.p12 = (test::source_dir() / "certs" / s.p12).string();
            src.password = password();
            const auto creds = sign::load_credentials(src);
            pdf::SignSpec spec;
            spec.field = s.field;
            spec.epoch = 1711102000;
            spec.contents_bytes = sign::cms_sign(*creds, "", s.role).size() + 1024;
            out = pdf::sign_field(out, spec, [&](std::string_view covered) { return sign::cms_sign(*creds, covered, s.role); });
        }
        return out;
    }();
    return pdf;
}

verify::Options options() {
    verify::Options o;
    const auto certs = test::source_dir() / "certs";
    o.trust_files = {(certs / "test-only-root-ca.pem").string()};
    o.crl_files = {(certs / "test-only-issuing-ca.crl").string(), (certs / "test-only-root-ca.crl").string()};
    return o;
}

TEST(Verify, ThreeSignaturesPassWithEverySignerInTheirRole) {
    const verify::Context ctx(options());
    const auto r = verify::verify_pdf(signed_three(), "three.pdf", ctx);
    ASSERT_EQ(r.signatures.size(), 3U);
    EXPECT_EQ(r.verdict, verify::Indication::TotalPassed) << r.subindication;
    const char* names[] = {"Johan Alexander Emanuel Ojanne", "Jan Oskar Jönsson", "Carl Magnus Hillborg"};
    const char* roles[] = {"justerare", "justerare", "sekreterare"};
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& s = r.signatures[i];
        EXPECT_EQ(s.indication, verify::Indication::TotalPassed) << s.id << " " << s.subindication;
        EXPECT_EQ(s.signer.name, names[i]);
        EXPECT_EQ(s.role, roles[i]);
        EXPECT_EQ(s.claimed_role, roles[i]);
        EXPECT_EQ(s.level, "B-B");
        EXPECT_EQ(s.time_source, "claimed");
        EXPECT_TRUE(s.modifications_permitted);
    }
    EXPECT_EQ(r.signatures[2].coverage, "ENTIRE_FILE");
    EXPECT_EQ(r.signatures[0].coverage, "ENTIRE_REVISION");
    ASSERT_EQ(r.roles.size(), 3U);
    for (const auto& role : r.roles) EXPECT_FALSE(role.signed_by.empty()) << role.name;
    EXPECT_EQ(r.revisions.size(), 4U);
}

TEST(Verify, WithoutTrustAnchorsNothingIsTrusted) {
    verify::Options o = options();
    o.trust_files.clear();
    const verify::Context ctx(o);
    const auto r = verify::verify_pdf(signed_three(), "three.pdf", ctx);
    EXPECT_EQ(r.verdict, verify::Indication::Indeterminate);
    EXPECT_EQ(r.signatures.at(0).subindication, "NO_CERTIFICATE_CHAIN_FOUND");
}

TEST(Verify, NoSingleChangedByteLetsTheFilePass) {
    const verify::Context ctx(options());
    const std::string& good = signed_three();
    std::mt19937 rng(20261122);
    std::uniform_int_distribution<std::size_t> where(0, good.size() - 1);
    for (int i = 0; i < 300; ++i) {
        std::string bad = good;
        const std::size_t at = i < 20 ? good.size() - 1 - static_cast<std::size_t>(i) : where(rng);  // the tail too
        bad[at] = static_cast<char>(bad[at] ^ (1 << (i % 8)));
        const auto r = verify::verify_pdf(bad, "flipped.pdf", ctx);
        EXPECT_NE(r.verdict, verify::Indication::TotalPassed) << "a flipped bit at byte " << at << " passed";
    }
}

TEST(Verify, CutOrExtendedFilesDoNotPass) {
    const verify::Context ctx(options());
    const std::string& good = signed_three();
    for (std::size_t cut = 100; cut < good.size(); cut += good.size() / 97) {
        const auto r = verify::verify_pdf(good.substr(0, cut), "cut.pdf", ctx);
        EXPECT_NE(r.verdict, verify::Indication::TotalPassed) << "cut at " << cut;
    }
    // Bytes appended after the last %%EOF that form no revision.
    const auto r = verify::verify_pdf(good + "1 0 obj\n<< /Type /Catalog >>\nendobj\n", "appended.pdf", ctx);
    EXPECT_EQ(r.verdict, verify::Indication::TotalFailed);
}

TEST(Verify, CutBackToTheFirstSignatureIsNotTheProtocolThreePeopleSigned) {
    const verify::Context ctx(options());
    const std::string& good = signed_three();
    const auto full = verify::verify_pdf(good, "three.pdf", ctx);
    const std::size_t end = full.revisions.at(1).end;
    const auto r = verify::verify_pdf(good.substr(0, end + 1), "first.pdf", ctx);
    ASSERT_EQ(r.signatures.size(), 1U);
    EXPECT_EQ(r.signatures[0].indication, verify::Indication::TotalPassed);
    EXPECT_EQ(r.verdict, verify::Indication::Indeterminate);
}

TEST(Verify, AnAppendedUpdateThatChangesThePageFailsEverySignature) {
    const verify::Context ctx(options());
    const std::string& good = signed_three();
    const auto full = verify::verify_pdf(good, "three.pdf", ctx);
    // Incremental update: a new content stream, and page 1 pointing at it.
    const std::size_t startxref = good.rfind("startxref");
    const std::size_t prev = std::stoul(good.substr(startxref + 10));
    // Find page 1's object by its /Type /Page dictionary in the original revision.
    const std::size_t page_at = good.find("/Type /Page\n");
    ASSERT_NE(page_at, std::string::npos);
    const std::size_t obj_start = good.rfind(" 0 obj", page_at);
    std::size_t num_start = good.rfind('\n', obj_start) + 1;
    const std::string num = good.substr(num_start, obj_start - num_start);
    const std::size_t dict_start = good.find("<<", obj_start);
    const std::size_t dict_end = good.find("endobj", dict_start);
    std::string page = good.substr(dict_start, dict_end - dict_start);
    const std::size_t contents = page.find("/Contents ");
    ASSERT_NE(contents, std::string::npos);
    const std::size_t cend = page.find(" R", contents);
    page.replace(contents, cend + 2 - contents, "/Contents 9000 0 R");
    std::string upd = good;
    const std::size_t o1 = upd.size();
    upd += "9000 0 obj\n<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (Avslag) Tj ET\n      \nendstream\nendobj\n";
    const std::size_t o2 = upd.size();
    upd += num + " 0 obj\n" + page + "endobj\n";
    const std::size_t x = upd.size();
    char line[32];
    upd += "xref\n9000 1\n";
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", o1);
    upd += line;
    upd += num + " 1\n";
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", o2);
    upd += line;
    const std::size_t root = good.rfind("/Root ");
    const std::string root_ref = good.substr(root, good.find(" R", root) + 2 - root);
    upd += "trailer\n<< /Size 9001 " + root_ref + " /Prev " + std::to_string(prev) + " >>\nstartxref\n" + std::to_string(x) + "\n%%EOF\n";
    const auto r = verify::verify_pdf(upd, "isa.pdf", ctx);
    EXPECT_EQ(r.verdict, verify::Indication::TotalFailed);
    ASSERT_EQ(r.signatures.size(), 3U);
    for (const auto& s : r.signatures) {
        EXPECT_EQ(s.indication, verify::Indication::TotalFailed) << s.id;
        EXPECT_FALSE(s.modifications_permitted) << s.id;
    }
    EXPECT_EQ(r.revisions.size(), full.revisions.size() + 1);
}

TEST(Verify, HostileStructuresEndInAVerdictNotACrash) {
    const verify::Context ctx(options());
    const std::string cases[] = {
        "%PDF-1.7\n",
        "%PDF-1.7\nstartxref\n999999\n%%EOF\n",
        "%PDF-1.7\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Prev 9 /Size 1 >>\nstartxref\n9\n%%EOF\n",  // /Prev to itself
        "%PDF-1.7\n1 0 obj\n" + std::string(5000, '[') + "\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Root 1 0 R /Size 2 >>\nstartxref\n5027\n%%EOF\n",
        "%PDF-1.7\n1 0 obj\n<< /Length 2 0 R >>\nstream\nx\nendstream\nendobj\n2 0 obj\n<< /Length 1 0 R >>\nstream\ny\nendstream\nendobj\n",
    };
    for (const auto& c : cases) {
        const auto r = verify::verify_pdf(c, "hostile.pdf", ctx);
        EXPECT_NE(r.verdict, verify::Indication::TotalPassed);
    }
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

TEST(Verify, APdfWhosePagesSayOtherThanItsXmlFails) {
    auto parsed = test::parse_fixture("seeds/004_187fbd7e2f1d6b52.txt");
    const auto& shown = std::get<model::Protocol>(parsed.result.document);
    model::Protocol claimed = shown;
    claimed.paragraphs.at(1).title = "Avslag på alla remisser";  // the XML says something the pages do not
    const std::string xml = xml::to_xml(claimed);
    pdf::RenderOptions ro;
    ro.source_date_epoch = 1711101600;
    const std::string pdf = pdf::render(shown, xml, xml::fingerprint(xml), ro).pdf;
    const verify::Context ctx(options());
    const auto r = verify::verify_pdf(pdf, "mismatch.pdf", ctx);
    EXPECT_EQ(r.verdict, verify::Indication::TotalFailed);
    bool found = false;
    for (const auto& c : r.document.checks) {
        if (c.id == "visible_text") {
            found = true;
            EXPECT_EQ(c.status, "FAILED");
            EXPECT_NE(c.message.find("Avslag på alla remisser"), std::string::npos) << c.message;
        }
    }
    EXPECT_TRUE(found);
    // The honest rendering of the same protocol shows every title.
    const std::string honest_xml = xml::to_xml(shown);
    const auto ok = verify::verify_pdf(pdf::render(shown, honest_xml, xml::fingerprint(honest_xml), ro).pdf, "honest.pdf", ctx);
    for (const auto& c : ok.document.checks) EXPECT_EQ(c.status, "PASSED") << c.id << ": " << c.message;
}

}  // namespace
}  // namespace justera
