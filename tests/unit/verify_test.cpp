// SPDX-License-Identifier: GPL-3.0-or-later
// The verifier on a protocol signed three times in-process: the good file
// passes with every signer in their role; no single changed byte, no cut,
// no appended garbage lets it pass; hostile structures neither crash nor hang.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "justera/pdf/render.hpp"
#include "justera/pdf/signature.hpp"
#include "justera/pki/revocation.hpp"
#include "justera/report/messages.hpp"
#include "justera/sign/sign.hpp"
#include "justera/verify/online.hpp"
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

/// The seed protocol 004, rendered (unsigned).
const std::string& rendered_004() {
    static const std::string pdf = [] {
        auto parsed = test::parse_fixture("seeds/004_187fbd7e2f1d6b52.txt");
        const auto& protocol = std::get<model::Protocol>(parsed.result.document);
        const std::string xml = xml::to_xml(protocol);
        pdf::RenderOptions ro;
        ro.source_date_epoch = 1711101600;
        return pdf::render(protocol, xml, xml::fingerprint(xml), ro).pdf;
    }();
    return pdf;
}

/// The seed protocol 004, rendered and signed by Ojanne, Jönsson, Hillborg.
const std::string& signed_three() {
    static const std::string pdf = [] {
        std::string out = rendered_004();
        const struct {
            const char* p12;
            const char* field;
            const char* role;
        } signers[] = {{"test-only-ojanne.p12", "justera_justerare_1", "justerare"},
                       {"test-only-jonsson.p12", "justera_justerare_2", "justerare"},
                       {"test-only-hillborg.p12", "justera_sekreterare_1", "sekreterare"}};
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
    EXPECT_EQ(r.verdict, verify::Indication::TotalPassed) << verify::to_string(r.subindication);
    const char* names[] = {"Johan Alexander Emanuel Ojanne", "Jan Oskar Jönsson", "Carl Magnus Hillborg"};
    const char* roles[] = {"justerare", "justerare", "sekreterare"};
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& s = r.signatures[i];
        EXPECT_EQ(s.indication, verify::Indication::TotalPassed) << s.id << " " << verify::to_string(s.subindication);
        EXPECT_EQ(s.signer.name, names[i]);
        EXPECT_EQ(s.role, roles[i]);
        EXPECT_EQ(s.claimed_role, roles[i]);
        EXPECT_EQ(s.level, verify::Level::B_B);
        EXPECT_EQ(s.time_source, verify::TimeSource::Claimed);
        EXPECT_TRUE(s.modifications_permitted);
    }
    EXPECT_EQ(r.signatures[2].coverage, verify::Coverage::EntireFile);
    EXPECT_EQ(r.signatures[0].coverage, verify::Coverage::EntireRevision);
    ASSERT_EQ(r.roles.size(), 3U);
    for (const auto& role : r.roles) EXPECT_FALSE(role.signed_by.empty()) << role.name;
    EXPECT_EQ(r.revisions.size(), 4U);
}

/// Revocation data from a stand-in for the network (verify/online.hpp):
/// the test CA's CRLs, or a refusal; each chain asked for is kept.
class StandInOnline final : public verify::Online {
public:
    explicit StandInOnline(bool answer) : m_answer(answer) {}
    pki::ValidationData fetch(const std::vector<std::string>& chain) const override {
        asked.push_back(chain);
        if (!m_answer) throw core::Error(core::Errc::SignRevocationUnavailable, "the responder did not answer (stand-in)");
        pki::ValidationData d;
        for (const char* crl : {"test-only-issuing-ca.crl", "test-only-root-ca.crl"}) {
            d.crls.push_back(pki::crl_as_der(test::slurp(test::source_dir() / "certs" / crl)));
        }
        return d;
    }
    mutable std::vector<std::vector<std::string>> asked;

private:
    bool m_answer;
};

TEST(Verify, OnlineRevocationDataComesFromTheGivenSource) {
    verify::Options o = options();
    o.crl_files.clear();  // the file carries none either (B-B)
    // Offline: nothing to go by, and the source is never asked.
    StandInOnline answers(true);
    o.online_source = &answers;
    {
        const verify::Context ctx(o);
        const auto r = verify::verify_pdf(signed_three(), "three.pdf", ctx);
        EXPECT_EQ(r.verdict, verify::Indication::Indeterminate);
        EXPECT_EQ(r.signatures.at(0).subindication, verify::SubIndication::TryLater);
        EXPECT_TRUE(answers.asked.empty());
    }
    // Online: the signers' certificates are asked about, each with its chain
    // up to the anchor, and the answers count.
    o.online = true;
    {
        const verify::Context ctx(o);
        const auto r = verify::verify_pdf(signed_three(), "three.pdf", ctx);
        EXPECT_EQ(r.verdict, verify::Indication::TotalPassed) << verify::to_string(r.subindication);
        ASSERT_FALSE(answers.asked.empty());
        for (const auto& chain : answers.asked) EXPECT_GE(chain.size(), 2U);
    }
    // A source that cannot answer: INDETERMINATE, and the reason is given.
    StandInOnline silent(false);
    o.online_source = &silent;
    const verify::Context ctx(o);
    const auto r = verify::verify_pdf(signed_three(), "three.pdf", ctx);
    EXPECT_EQ(r.verdict, verify::Indication::Indeterminate);
    ASSERT_FALSE(silent.asked.empty());
    bool said = false;
    for (const auto& c : r.signatures.at(0).checks) {
        if (c.id == verify::CheckId::Revocation) said = report::words(c.said, core::Language::English).find("did not answer (stand-in)") != std::string::npos;
    }
    EXPECT_TRUE(said);
}

TEST(Verify, WithoutTrustAnchorsNothingIsTrusted) {
    verify::Options o = options();
    o.trust_files.clear();
    const verify::Context ctx(o);
    const auto r = verify::verify_pdf(signed_three(), "three.pdf", ctx);
    EXPECT_EQ(r.verdict, verify::Indication::Indeterminate);
    EXPECT_EQ(verify::to_string(r.signatures.at(0).subindication), "NO_CERTIFICATE_CHAIN_FOUND");
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

TEST(Verify, ACmsWhoseUnsignedDigestListDisagreesFails) {
    // SignedData.digestAlgorithms lies in /Contents, outside the signed bytes,
    // and OpenSSL verifies without it: SHA-256's OID made SHA-384's there.
    const verify::Context ctx(options());
    std::string bad = signed_three();
    const std::size_t hex = bad.find("/Contents <", bad.rfind("/ByteRange"));
    const std::size_t oid = bad.find("0609608648016503040201", hex);
    ASSERT_NE(oid, std::string::npos);
    bad[oid + 21] = '2';
    const auto r = verify::verify_pdf(bad, "digests.pdf", ctx);
    EXPECT_EQ(r.signatures.at(2).indication, verify::Indication::TotalFailed);
    EXPECT_EQ(verify::to_string(r.signatures.at(2).subindication), "FORMAT_FAILURE");
    EXPECT_EQ(r.verdict, verify::Indication::TotalFailed);
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

/// An insider's backdated claim: a signature without a timestamp says it was
/// made before the signer's certificate was issued (the test certificates
/// are valid from 2023-01-01). Nothing proves the time, and the certificate
/// rules it out: the signature cannot be judged valid, and says why.
TEST(Verify, AClaimedTimeBeforeTheCertificateIsNotTaken) {
    const std::string& rendered = rendered_004();
    sign::KeySource src;
    src.p12 = (test::source_dir() / "certs" / "test-only-ojanne.p12").string();
    src.password = password();
    const auto creds = sign::load_credentials(src);
    const auto signed_at = [&](std::time_t epoch) {
        pdf::SignSpec spec;
        spec.field = "justera_justerare_1";
        spec.epoch = epoch;
        spec.contents_bytes = sign::cms_sign(*creds, "", "justerare").size() + 1024;
        return pdf::sign_field(rendered, spec, [&](std::string_view covered) { return sign::cms_sign(*creds, covered, "justerare"); });
    };
    const verify::Context ctx(options());
    const auto before = verify::verify_pdf(signed_at(1654041600), "before.pdf", ctx);  // 2022-06-01
    ASSERT_EQ(before.signatures.size(), 1U);
    const auto& s = before.signatures[0];
    EXPECT_EQ(s.indication, verify::Indication::Indeterminate);
    EXPECT_EQ(s.subindication, verify::SubIndication::SigConstraintsFailure);
    bool said = false;
    for (const auto& c : s.checks) {
        if (c.id != verify::CheckId::SigningTime) continue;
        said = report::words(c.said, core::Language::English) ==
               "it claims to have been signed 2022-06-01T00:00:00Z, but the signer's certificate is valid only from 2023-01-01T00:00:00Z: it cannot have been made with it then";
    }
    EXPECT_TRUE(said);
    // Half an hour before the certificate's first moment the claim is taken
    // (a signature service issues the certificate after the time is written).
    const auto after = verify::verify_pdf(signed_at(1672529400), "after.pdf", ctx);  // 2022-12-31 23:30 UTC
    ASSERT_EQ(after.signatures.size(), 1U);
    EXPECT_EQ(after.signatures[0].indication, verify::Indication::TotalPassed) << verify::to_string(after.signatures[0].subindication);
}

TEST(Verify, AProtocolThatNamesNoJusterareIsNeverJusterat) {
    // Seed 004 without its justerare, signed by the sekreterare alone: her
    // signature holds, but nobody was chosen to justera the protocol.
    auto parsed = test::parse_fixture("seeds/004_187fbd7e2f1d6b52.txt");
    auto protocol = std::get<model::Protocol>(parsed.result.document);
    protocol.adjusters.clear();
    const std::string xml = xml::to_xml(protocol);
    pdf::RenderOptions ro;
    ro.source_date_epoch = 1711101600;
    std::string pdf = pdf::render(protocol, xml, xml::fingerprint(xml), ro).pdf;
    sign::KeySource src;
    src.p12 = (test::source_dir() / "certs" / "test-only-hillborg.p12").string();
    src.password = password();
    const auto creds = sign::load_credentials(src);
    pdf::SignSpec spec;
    spec.field = "justera_sekreterare_1";
    spec.epoch = 1711102000;
    spec.contents_bytes = sign::cms_sign(*creds, "", "sekreterare").size() + 1024;
    pdf = pdf::sign_field(pdf, spec, [&](std::string_view covered) { return sign::cms_sign(*creds, covered, "sekreterare"); });
    const verify::Context ctx(options());
    const auto r = verify::verify_pdf(pdf, "no-justerare.pdf", ctx);
    ASSERT_EQ(r.signatures.size(), 1U);
    EXPECT_EQ(r.signatures[0].indication, verify::Indication::TotalPassed) << verify::to_string(r.signatures[0].subindication);
    EXPECT_EQ(r.verdict, verify::Indication::Indeterminate);
    EXPECT_TRUE(std::any_of(r.findings.begin(), r.findings.end(), [](const auto& f) { return f.id == verify::FindingId::NoJusterare; }));
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
        if (c.id == verify::CheckId::VisibleText) {
            found = true;
            EXPECT_EQ(c.status, verify::Status::Failed);
            const std::string message = report::words(c.said, core::Language::English);
            EXPECT_NE(message.find("Avslag på alla remisser"), std::string::npos) << message;
        }
    }
    EXPECT_TRUE(found);
    // The honest rendering of the same protocol shows every title.
    const std::string honest_xml = xml::to_xml(shown);
    const auto ok = verify::verify_pdf(pdf::render(shown, honest_xml, xml::fingerprint(honest_xml), ro).pdf, "honest.pdf", ctx);
    for (const auto& c : ok.document.checks) EXPECT_EQ(c.status, verify::Status::Passed) << verify::to_string(c.id) << ": " << report::words(c.said, core::Language::English);
}

}  // namespace
}  // namespace justera

// ---------------------------------------------------------------- the attacks
// Each builds on the three-signature file with byte-level edits or appended
// incremental updates, as the published attacks on PDF signatures do
// (USF, ISA, SWA, shadow, EAA, SSA: docs/verify.md). None may pass.

#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <zlib.h>

#include "justera/pdf/raw.hpp"
#include "text_layer.hpp"

namespace justera {
namespace {

using pdf::raw::File;

/// An object's text ("<< ... >>" or "<< ... >>\nstream...endstream") as the
/// newest revision defines it.
std::string body_of(const std::string& pdf, std::uint32_t num) {
    const File f(pdf);
    const auto o = f.object(num, f.revisions().size() - 1);
    if (!o) throw std::runtime_error("no object " + std::to_string(num));
    std::string text = pdf.substr(o->offset, o->end - o->offset);
    text = text.substr(text.find("obj") + 3);
    return text.substr(0, text.rfind("endobj"));
}

/// Appends an incremental update defining `objects` (number, text between
/// "obj" and "endobj"), optionally with xref entries of its own (`raw_xref`).
std::string append_update(const std::string& pdf, const std::vector<std::pair<std::uint32_t, std::string>>& objects,
                          const std::vector<std::pair<std::uint32_t, std::size_t>>& raw_xref = {}) {
    const File f(pdf);
    const auto& last = f.revisions().back();
    const auto* root = last.trailer.get("Root");
    const auto* size = last.trailer.get("Size");
    std::string out = pdf;
    if (out.back() != '\n') out += '\n';
    std::vector<std::pair<std::uint32_t, std::size_t>> entries = raw_xref;
    std::uint32_t max = static_cast<std::uint32_t>(size->integer);
    for (const auto& [num, text] : objects) {
        entries.emplace_back(num, out.size());
        out += std::to_string(num) + " 0 obj\n" + text + "\nendobj\n";
        max = std::max(max, num + 1);
    }
    const std::size_t xref = out.size();
    out += "xref\n";
    char line[32];
    for (const auto& [num, off] : entries) {
        std::snprintf(line, sizeof line, "%u 1\n%010zu 00000 n \n", num, off);
        out += line;
    }
    out += "trailer\n<< /Size " + std::to_string(max) + " /Root " + std::to_string(root->ref.num) + " 0 R /Prev " +
           std::to_string(last.xref_offset) + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

std::uint32_t ref_num(const std::string& pdf, std::string_view path_key, std::uint32_t in_obj) {
    const File f(pdf);
    const auto o = f.object(in_obj, f.revisions().size() - 1);
    const auto* v = o->get(path_key);
    if (!v || v->type != pdf::raw::Object::Type::Ref) throw std::runtime_error("no reference " + std::string(path_key));
    return v->ref.num;
}

std::uint32_t catalog_num(const std::string& pdf) {
    const File f(pdf);
    return f.revisions().back().trailer.get("Root")->ref.num;
}

std::uint32_t first_page(const std::string& pdf) {
    const File f(pdf);
    const std::size_t last = f.revisions().size() - 1;
    const auto pages = f.object(ref_num(pdf, "Pages", catalog_num(pdf)), last);
    return pages->get("Kids")->array.at(0).ref.num;
}

verify::Report check(const std::string& pdf) {
    const verify::Context ctx(options());
    return verify::verify_pdf(pdf, "attack.pdf", ctx);
}

/// Every signature failed with a disallowed modification, and so did the file.
void expect_all_failed_by_modification(const verify::Report& r) {
    EXPECT_EQ(r.verdict, verify::Indication::TotalFailed);
    ASSERT_EQ(r.signatures.size(), 3U);
    for (const auto& s : r.signatures) {
        EXPECT_EQ(s.indication, verify::Indication::TotalFailed) << s.id;
        EXPECT_FALSE(s.modifications_permitted) << s.id;
        // Found by the modification analysis, not by a reader giving up.
        const bool named = std::any_of(s.changes.begin(), s.changes.end(), [](const auto& c) { return c.category == verify::ChangeCategory::Disallowed; });
        EXPECT_TRUE(named) << s.id;
    }
    EXPECT_TRUE(std::none_of(r.findings.begin(), r.findings.end(), [](const auto& f) { return f.id == verify::FindingId::Structure; }));
}

TEST(VerifyAttacks, EvilAnnotationOverThePage) {
    const std::string& good = signed_three();
    const std::uint32_t page = first_page(good);
    std::string page_body = body_of(good, page);
    page_body.insert(page_body.rfind(">>"), " /Annots [9001 0 R] ");
    const std::string bad = append_update(
        good, {{9001, "<< /Type /Annot /Subtype /FreeText /Rect [60 600 540 760] /F 4 /DA (/Helv 24 Tf 1 0 0 rg) /Contents (Avslag) >>"},
               {page, page_body}});
    expect_all_failed_by_modification(check(bad));
}

TEST(VerifyAttacks, APageAddedAfterSigning) {
    const std::string& good = signed_three();
    const std::uint32_t pages = ref_num(good, "Pages", catalog_num(good));
    std::string tree = body_of(good, pages);
    tree.replace(tree.find("/Kids ["), 7, "/Kids [9002 0 R ");
    const std::size_t count = tree.find("/Count ");
    const std::size_t end = tree.find_first_not_of("0123456789", count + 7);
    const int n = std::stoi(tree.substr(count + 7, end - count - 7));
    tree.replace(count, end - count, "/Count " + std::to_string(n + 1));
    const std::string bad = append_update(good, {{9001, "<< /Length 34 >>\nstream\nBT /F1 24 Tf 72 720 Td (X) Tj ET\nendstream"},
                                                 {9002, "<< /Type /Page /Parent " + std::to_string(pages) + " 0 R /MediaBox [0 0 595 842] /Contents 9001 0 R >>"},
                                                 {pages, tree}});
    expect_all_failed_by_modification(check(bad));
}

TEST(VerifyAttacks, TheEmbeddedXmlReplaced) {
    const std::string& good = signed_three();
    const File f(good);
    const std::size_t last = f.revisions().size() - 1;
    const auto af = f.object(catalog_num(good), last)->get("AF")->array.at(0).ref.num;
    const auto ef = f.object(af, last)->get("EF")->get("F")->ref.num;
    const std::string xml = "<protocol/>";
    const std::string bad = append_update(
        good, {{ef, "<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length " + std::to_string(xml.size()) + " >>\nstream\n" + xml + "\nendstream"}});
    const auto r = check(bad);
    expect_all_failed_by_modification(r);
}

TEST(VerifyAttacks, AForgedXmpFingerprint) {
    const std::string& good = signed_three();
    const std::uint32_t md = ref_num(good, "Metadata", catalog_num(good));
    const File f(good);
    const auto o = f.object(md, f.revisions().size() - 1);
    std::string xmp = f.stream_data(*o, f.revisions().size() - 1);
    const std::size_t at = xmp.find("XmlC14nSha256");
    ASSERT_NE(at, std::string::npos);
    const std::size_t value = xmp.find_first_of("0123456789abcdef", xmp.find('>', at));
    xmp.replace(value, 64, std::string(64, 'f'));
    const std::string bad = append_update(
        good, {{md, "<< /Type /Metadata /Subtype /XML /Length " + std::to_string(xmp.size()) + " >>\nstream\n" + xmp + "\nendstream"}});
    const auto r = check(bad);
    expect_all_failed_by_modification(r);
    bool xmp_failed = false;
    for (const auto& c : r.document.checks) xmp_failed |= c.id == verify::CheckId::XmpFingerprint && c.status == verify::Status::Failed;
    EXPECT_TRUE(xmp_failed);
}

TEST(VerifyAttacks, AnXrefEntryPointingBackIntoSignedBytes) {
    // Shadow "hide and replace": the update only rewires the catalog's xref
    // entry to an older body already inside the signed bytes.
    const std::string& good = signed_three();
    const File f(good);
    const std::uint32_t cat = catalog_num(good);
    const std::size_t original = f.revisions().front().entries.at(cat).offset;
    const std::string bad = append_update(good, {}, {{cat, original}});
    expect_all_failed_by_modification(check(bad));
}

TEST(VerifyAttacks, ANewVisibleSignatureFieldOverTheText) {
    const std::string& good = signed_three();
    const std::uint32_t page = first_page(good);
    const std::uint32_t form = ref_num(good, "AcroForm", catalog_num(good));
    std::string form_body = body_of(good, form);
    form_body.insert(form_body.find("/Fields [") + 9, "9001 0 R ");
    std::string page_body = body_of(good, page);
    page_body.insert(page_body.rfind(">>"), " /Annots [9001 0 R] ");
    const std::string bad = append_update(
        good, {{9001, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (overlay) /Rect [60 500 540 760] /F 4 /P " + std::to_string(page) + " 0 R >>"},
               {form, form_body},
               {page, page_body}});
    expect_all_failed_by_modification(check(bad));
}

/// The /Contents hex string and /ByteRange text of the n-th signature (0-based, in file order).
std::pair<std::size_t, std::size_t> contents_span(const std::string& pdf, int n) {
    std::size_t at = 0;
    for (int k = 0; k <= n; ++k) at = pdf.find("/ByteRange", at + 1);
    const std::size_t lt = pdf.find('<', pdf.find("/Contents", at));
    return {lt, pdf.find('>', lt)};
}

TEST(VerifyAttacks, UniversalSignatureForgeryContents) {
    const std::string& good = signed_three();
    const auto [lt, gt] = contents_span(good, 1);
    for (const char* how : {"zero", "garbage", "truncated"}) {
        std::string bad = good;
        for (std::size_t i = lt + 1; i < gt; ++i) {
            if (std::string_view(how) == "zero") bad[i] = '0';
            else if (std::string_view(how) == "garbage") bad[i] = "0123456789ABCDEF"[(i * 7) % 16];
            else if (i > lt + 200) bad[i] = '0';  // the DER cut short, the rest zero padding
        }
        const auto r = check(bad);
        EXPECT_EQ(r.verdict, verify::Indication::TotalFailed) << how;
        ASSERT_EQ(r.signatures.size(), 3U) << how;
        EXPECT_EQ(r.signatures[1].indication, verify::Indication::TotalFailed) << how;
        EXPECT_EQ(verify::to_string(r.signatures[1].subindication), "FORMAT_FAILURE") << how;
    }
}

TEST(VerifyAttacks, NoByteRange) {
    std::string bad = signed_three();
    const std::size_t at = bad.find("/ByteRange");
    bad.replace(at, 10, "/ByteRangX");
    const auto r = check(bad);
    EXPECT_EQ(r.verdict, verify::Indication::TotalFailed);
    EXPECT_EQ(r.signatures.at(0).indication, verify::Indication::TotalFailed);
}

TEST(VerifyAttacks, AByteRangeThatLeavesOutOtherBytesOrCoversTooLittle) {
    const std::string& good = signed_three();
    // The last signature's /ByteRange rewritten with the same length: a hole
    // shifted by one byte (another string than /Contents), and a second part
    // that stops short of the file's end.
    const std::size_t at = good.rfind("/ByteRange");
    const std::size_t open = good.find('[', at);
    const std::size_t close = good.find(']', open);
    std::vector<long long> v;
    {
        std::istringstream in(good.substr(open + 1, close - open - 1));
        for (long long x; in >> x;) v.push_back(x);
    }
    ASSERT_EQ(v.size(), 4U);
    const auto rewrite = [&](long long a, long long b, long long c, long long d) {
        std::string text = std::to_string(a) + " " + std::to_string(b) + " " + std::to_string(c) + " " + std::to_string(d);
        std::string bad = good;
        const std::size_t width = close - open - 1;
        if (text.size() > width) return std::string();
        text.resize(width, ' ');
        bad.replace(open + 1, width, text);
        return bad;
    };
    for (const auto& bad : {rewrite(v[0], v[1] - 1, v[2] - 1, v[3] + 1), rewrite(v[0], v[1], v[2], v[3] - 20)}) {
        ASSERT_FALSE(bad.empty());
        const auto r = check(bad);
        EXPECT_EQ(r.verdict, verify::Indication::TotalFailed);
        EXPECT_EQ(r.signatures.back().indication, verify::Indication::TotalFailed);
    }
}

/// A timestamp token by the TEST-ONLY TSA over `data`, made in-process.
std::string token_over(std::string_view data) {
    const auto dir = test::source_dir() / "certs";
    const std::string pw = password();
    const auto read_pem = [](const std::filesystem::path& p) { return test::slurp(p); };
    const std::string cert_pem = read_pem(dir / "test-only-tsa.pem");
    const std::string key_pem = read_pem(dir / "test-only-tsa.key.pem");
    BIO* cb = BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size()));
    BIO* kb = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
    X509* cert = PEM_read_bio_X509(cb, nullptr, nullptr, nullptr);
    EVP_PKEY* key = PEM_read_bio_PrivateKey(kb, nullptr, nullptr, const_cast<char*>(pw.c_str()));
    BIO_free(cb);
    BIO_free(kb);
    unsigned char md[32];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
    TS_REQ* req = TS_REQ_new();
    TS_MSG_IMPRINT* imprint = TS_MSG_IMPRINT_new();
    X509_ALGOR* algo = X509_ALGOR_new();
    X509_ALGOR_set0(algo, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr);
    TS_MSG_IMPRINT_set_algo(imprint, algo);
    TS_MSG_IMPRINT_set_msg(imprint, md, 32);
    TS_REQ_set_msg_imprint(req, imprint);
    TS_REQ_set_version(req, 1);
    TS_REQ_set_cert_req(req, 1);
    unsigned char* der = nullptr;
    const int len = i2d_TS_REQ(req, &der);
    BIO* in = BIO_new_mem_buf(der, len);
    TS_RESP_CTX* ctx = TS_RESP_CTX_new();
    TS_RESP_CTX_set_signer_cert(ctx, cert);
    TS_RESP_CTX_set_signer_key(ctx, key);
    ASN1_OBJECT* policy = OBJ_txt2obj("1.2.3.4.1", 1);
    TS_RESP_CTX_set_def_policy(ctx, policy);
    TS_RESP_CTX_add_md(ctx, EVP_sha256());
    TS_RESP_CTX_set_ess_cert_id_digest(ctx, EVP_sha256());
    TS_RESP* resp = TS_RESP_create_response(ctx, in);
    unsigned char* tok = nullptr;
    const int tok_len = resp ? i2d_PKCS7(TS_RESP_get_token(resp), &tok) : 0;
    std::string token(reinterpret_cast<char*>(tok), static_cast<std::size_t>(std::max(tok_len, 0)));
    OPENSSL_free(tok);
    TS_RESP_free(resp);
    TS_RESP_CTX_free(ctx);
    ASN1_OBJECT_free(policy);
    BIO_free(in);
    OPENSSL_free(der);
    TS_MSG_IMPRINT_free(imprint);
    X509_ALGOR_free(algo);
    TS_REQ_free(req);
    X509_free(cert);
    EVP_PKEY_free(key);
    return token;
}

TEST(VerifyAttacks, ASignatureTimestampOverOtherData) {
    const std::string& pdf0 = rendered_004();
    sign::KeySource src;
    src.p12 = (test::source_dir() / "certs" / "test-only-ojanne.p12").string();
    src.password = password();
    const auto creds = sign::load_credentials(src);
    const std::string other = token_over("some other signature value");
    ASSERT_FALSE(other.empty());
    pdf::SignSpec spec;
    spec.field = "justera_justerare_1";
    spec.epoch = 1711102000;
    spec.contents_bytes = 16384;
    const std::string bad = pdf::sign_field(pdf0, spec, [&](std::string_view covered) {
        const std::string good_cms = sign::cms_sign(*creds, covered, "justerare");
        const auto* p = reinterpret_cast<const unsigned char*>(good_cms.data());
        CMS_ContentInfo* cms = d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(good_cms.size()));
        CMS_SignerInfo* si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
        CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, other.data(), static_cast<int>(other.size()));
        unsigned char* out = nullptr;
        const int n = i2d_CMS_ContentInfo(cms, &out);
        std::string result(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
        OPENSSL_free(out);
        CMS_ContentInfo_free(cms);
        return result;
    });
    const auto r = check(bad);
    ASSERT_EQ(r.signatures.size(), 1U);
    EXPECT_EQ(r.signatures[0].indication, verify::Indication::TotalFailed);
    EXPECT_EQ(verify::to_string(r.signatures[0].subindication), "HASH_FAILURE");
    EXPECT_EQ(r.verdict, verify::Indication::TotalFailed);
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

TEST(VerifyAttacks, ASignerWhoseCertificateHadExpired) {
    // justera sign refuses an expired certificate; the library does not, so
    // the test can make what another tool might.
    auto parsed = test::parse_fixture("seeds/004_187fbd7e2f1d6b52.txt");
    const auto& protocol = std::get<model::Protocol>(parsed.result.document);
    const std::string xml = xml::to_xml(protocol);
    pdf::RenderOptions ro;
    ro.source_date_epoch = 1711101600;
    sign::KeySource src;
    src.p12 = (test::source_dir() / "certs" / "test-only-ojanne-expired.p12").string();
    src.password = password();
    const auto creds = sign::load_credentials(src);
    pdf::SignSpec spec;
    spec.field = "justera_justerare_1";
    spec.epoch = 1711102000;
    spec.contents_bytes = 16384;
    const std::string pdf = pdf::sign_field(pdf::render(protocol, xml, xml::fingerprint(xml), ro).pdf, spec,
                                            [&](std::string_view covered) { return sign::cms_sign(*creds, covered, "justerare"); });
    const verify::Context ctx(options());
    const auto r = verify::verify_pdf(pdf, "expired.pdf", ctx);
    ASSERT_EQ(r.signatures.size(), 1U);
    EXPECT_EQ(r.signatures[0].indication, verify::Indication::Indeterminate);
    EXPECT_EQ(verify::to_string(r.signatures[0].subindication), "OUT_OF_BOUNDS_NO_POE");
    EXPECT_NE(r.verdict, verify::Indication::TotalPassed);
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

using pdf::raw::File;

/// A PDF of the given objects (1..n, text between "obj" and "endobj"), with
/// a correct xref table and object 1 as the catalog.
std::string tiny_pdf(const std::vector<std::string>& objects) {
    std::string out = "%PDF-1.7\n";
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        at.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    char line[32];
    for (const auto off : at) {
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
        out += line;
    }
    out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

std::string stream(const std::string& data) { return "<< /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream"; }
/// A stream object whose data are `z`, said to be FlateDecode.
std::string flate_stream(const std::string& z) {
    return "<< /Length " + std::to_string(z.size()) + " /Filter /FlateDecode >>\nstream\n" + z + "\nendstream";
}

std::string deflated(const std::string& data) {
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    std::string out(size, '\0');
    EXPECT_EQ(compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()), 9), Z_OK);
    out.resize(size);
    return out;
}

/// Everything a reader gives, asked for `piece` bytes at a time.
std::string drain(const pdf::raw::Reader& read, std::size_t piece) {
    std::string out, buffer(piece, '\0');
    for (std::size_t n; (n = read(buffer.data(), piece)) > 0;) out.append(buffer, 0, n);
    return out;
}

TEST(RawStreams, ReadInPiecesTheyAreWhatTheyAreWhole) {
    std::string text;
    for (int k = 0; k < 20'000; ++k) text += "rad " + std::to_string(k) + "\n";
    const std::string z = deflated(text);
    const std::string pdf = tiny_pdf({"<< /Type /Catalog >>", flate_stream(z),
                                      stream("plain bytes")});
    const File f(pdf);  // refers to the bytes
    const auto flate = f.object(2, 0);
    const auto plain = f.object(3, 0);
    ASSERT_TRUE(flate && plain);
    ASSERT_EQ(f.stream_data(*flate, 0), text);
    for (const std::size_t piece : {std::size_t{1}, std::size_t{5}, std::size_t{4000}, std::size_t{1} << 20}) {
        SCOPED_TRACE(piece);
        EXPECT_EQ(drain(f.stream_reader(*flate, 0), piece), text);
        EXPECT_EQ(drain(f.stream_reader(*plain, 0), piece), "plain bytes");
    }
    // A truncated stream gives what it holds, as read whole.
    const std::string cut = z.substr(0, z.size() / 2);
    const std::string cut_pdf =
        tiny_pdf({"<< /Type /Catalog >>", flate_stream(cut)});
    const File g(cut_pdf);
    const auto half = g.object(2, 0);
    ASSERT_TRUE(half);
    const std::string whole_half = g.stream_data(*half, 0);
    EXPECT_GT(whole_half.size(), 0U);
    EXPECT_EQ(drain(g.stream_reader(*half, 0), 333), whole_half);
}

TEST(RawStreams, WithoutItsChecksumAStreamIsStillReadToItsEnd) {
    // Without the 4 bytes of the Adler-32 sum, zlib uses up the input while
    // still holding output (the rest of a match): the reader must ask again
    // rather than end there. Read as libxml2 does, 4,000 bytes at a time.
    // The text ends with a long repeat of what came before (one match), and
    // the reads' boundary falls in it.
    const std::string organ = "<organ>Socialnämnden</organ>\n";
    const std::string tail = organ + organ + "</protocol>\n";
    for (std::size_t len = 3980; len <= 4100; ++len) {
        SCOPED_TRACE(len);
        std::string text = "<protocol xmlns=\"urn:justera:protokoll:1\">\n" + organ + organ + "</protocol>\n";
        while (text.size() + 3 + tail.size() < len) text += "<x/>"[text.size() % 4];
        text += std::string(len - tail.size() - text.size(), ' ') + tail;
        ASSERT_EQ(text.size(), len);
        std::string z = deflated(text);
        z.resize(z.size() - 4);
        const std::string pdf =
            tiny_pdf({"<< /Type /Catalog >>", flate_stream(z)});
        const File f(pdf);
        const auto o = f.object(2, 0);
        ASSERT_TRUE(o);
        EXPECT_EQ(f.stream_data(*o, 0), text);
        EXPECT_EQ(drain(f.stream_reader(*o, 0), 4000), text);
    }
}

TEST(RawStreams, AReaderStopsAtTheLimitAndAtCorruptData) {
    const std::string z = deflated(std::string(1'000'000, ' '));
    core::Limits limits;
    limits.max_stream_bytes = 100'000;
    const std::string pdf = tiny_pdf({"<< /Type /Catalog >>", flate_stream(z)});
    const File f(pdf, limits);
    const auto s = f.object(2, 0);
    ASSERT_TRUE(s);
    std::size_t got = 0;
    try {
        const auto read = f.stream_reader(*s, 0);
        char buffer[4096];
        for (std::size_t n; (n = read(buffer, sizeof buffer)) > 0;) got += n;
        FAIL() << "not stopped";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::Errc::PdfOverLimit);
        EXPECT_NE(std::string(e.what()).find("--max-stream-bytes"), std::string::npos);
    }
    EXPECT_LE(got, 100'000U);
    std::string bad = z;
    bad[2] = '\x07';  // the first block: final, of type 3, which does not exist
    const std::string bad_pdf =
        tiny_pdf({"<< /Type /Catalog >>", flate_stream(bad)});
    const File g(bad_pdf);
    const auto t = g.object(2, 0);
    ASSERT_TRUE(t);
    EXPECT_THROW((void)g.stream_data(*t, 0), core::Error);
    try {
        (void)drain(g.stream_reader(*t, 0), 4096);
        ADD_FAILURE() << "not refused";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::Errc::PdfMalformed);
        EXPECT_STREQ(e.what(), "a compressed stream is corrupt");
    }
}

TEST(VerifyAttacks, ACatalogThatNamesItsPageTreeTwice) {
    // Readers differ on which of two equal keys counts; the second /Pages
    // here names an object already in the signed bytes.
    const std::string& good = signed_three();
    const std::uint32_t cat = catalog_num(good);
    std::string cat_body = body_of(good, cat);
    const std::uint32_t other = first_page(good);
    cat_body.insert(cat_body.rfind(">>"), " /Pages " + std::to_string(other) + " 0 R ");
    const auto r = check(append_update(good, {{cat, cat_body}}));
    EXPECT_EQ(r.verdict, verify::Indication::TotalFailed);
    std::size_t pos = 0;
    EXPECT_THROW(pdf::raw::parse_object("<< /A 1 /B 2 /A 3 >>", pos), core::Error);
}

TEST(VerifyAttacks, TwoFieldsNamingOneSignatureCountOnce) {
    const std::string& good = signed_three();
    const verify::Report before = check(good);
    ASSERT_EQ(before.verdict, verify::Indication::TotalPassed);
    // A second field whose /V is the first signature's dictionary.
    const File f(good);
    const std::size_t last = f.revisions().size() - 1;
    const auto form = f.object(ref_num(good, "AcroForm", catalog_num(good)), last);
    ASSERT_TRUE(form);
    const auto* fields = form->get("Fields");
    ASSERT_TRUE(fields && fields->type == pdf::raw::Object::Type::Array && !fields->array.empty());
    const auto field0 = f.object(fields->array[0].ref.num, last);
    const auto* v = field0->get("V");
    ASSERT_TRUE(v && v->type == pdf::raw::Object::Type::Ref);
    std::string form_body = body_of(good, ref_num(good, "AcroForm", catalog_num(good)));
    const std::size_t open = form_body.find('[', form_body.find("/Fields"));
    ASSERT_NE(open, std::string::npos) << form_body;
    form_body.insert(open + 1, " 9100 0 R ");
    const std::string bad = append_update(good, {{9100, "<< /FT /Sig /T (kopia) /V " + std::to_string(v->ref.num) + " 0 R >>"},
                                                 {ref_num(good, "AcroForm", catalog_num(good)), form_body}});
    const auto r = check(bad);
    EXPECT_NE(r.verdict, verify::Indication::TotalPassed);
    EXPECT_EQ(r.signatures.size(), before.signatures.size());
    EXPECT_TRUE(std::any_of(r.findings.begin(), r.findings.end(), [](const auto& fd) { return fd.id == verify::FindingId::Form; }));
}

TEST(VerifyHostile, AnObjectStreamSaidToBeInsideItselfIsRefused) {
    // Object 2 is in object stream 3, and stream 3 is said to be in itself.
    std::string pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";
    const std::size_t o3 = pdf.size();
    const std::string members = "2 0 ";
    const std::string body = "<< /Type /Pages /Kids [] /Count 0 >>";
    pdf += "3 0 obj\n<< /Type /ObjStm /N 1 /First " + std::to_string(members.size()) + " /Length " + std::to_string(members.size() + body.size()) +
           " >>\nstream\n" + members + body + "\nendstream\nendobj\n";
    const std::size_t xref = pdf.size();
    // An xref stream would be needed for type-2 entries; a table cannot say
    // it, so use an xref stream with /W [1 4 2].
    std::string rows;
    const auto row = [&](int type, std::uint32_t a, std::uint16_t b) {
        rows.push_back(static_cast<char>(type));
        for (int k = 3; k >= 0; --k) rows.push_back(static_cast<char>((a >> (8 * k)) & 0xFF));
        rows.push_back(static_cast<char>(b >> 8));
        rows.push_back(static_cast<char>(b & 0xFF));
    };
    row(0, 0, 0xFFFF);
    row(1, 9, 0);                                 // 1: the catalog
    row(2, 3, 0);                                 // 2: in stream 3
    row(2, 3, 0);                                 // 3: "in stream 3" itself
    row(1, static_cast<std::uint32_t>(xref), 0);  // 4: this xref stream
    pdf += "4 0 obj\n<< /Type /XRef /Size 5 /W [1 4 2] /Root 1 0 R /Length " + std::to_string(rows.size()) + " >>\nstream\n" + rows +
           "\nendstream\nendobj\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    (void)o3;
    const File f(pdf);
    EXPECT_THROW((void)f.object(2, f.revisions().size() - 1), core::Error);
    const verify::Context ctx(options());
    EXPECT_NE(verify::verify_pdf(pdf, "objstm.pdf", ctx).verdict, verify::Indication::TotalPassed);
}

TEST(VerifyHostile, PageTextThatIsAllStrayDelimitersOrAWrappingCMapRange) {
    const std::string cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n"
                             "1 beginbfrange <FFFFFFF0> <FFFFFFFF> <0041> endbfrange endcmap end end";
    const std::string pdf = tiny_pdf({
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        stream(std::string(2'000'000, ']')),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
        stream("BT /F1 12 Tf <00> Tj ET"),
        "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 8 0 R >>",
        stream(cmap),
    });
    const File f(pdf);
    // Either lines or a justera error, quickly; never a crash or a hang.
    try {
        const auto pages = verify::page_lines(f, f.revisions().size() - 1);
        EXPECT_EQ(pages.size(), 2U);
    } catch (const core::Error&) {
    }
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

TEST(VerifyHostile, TheHostileFixtures) {
    const verify::Context ctx(options());
    struct Case {
        const char* file;
        const char* limit;     ///< the option a refusal names, or nullptr for a verdict
        const char* message;   ///< in the refusal, or in the report's findings and checks
    };
    const Case cases[] = {
        {"compression-bomb-xml.pdf", "--max-stream-bytes", "decodes to more than"},
        {"compression-bomb.pdf", nullptr, "the embedded XML: Document is empty"},
        {"deep-nesting.pdf", "--max-nesting", "nested more than 64 deep"},
        {"huge-xref-count.pdf", "--max-pdf-objects", "xref entries"},
        {"huge-length.pdf", nullptr, "bad /Length"},
        {"reference-cycle.pdf", nullptr, "bad /Length"},
        {"xref-prev-loop.pdf", nullptr, "/Prev"},
        {"xref-prev-cycle.pdf", nullptr, "/Prev"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        const std::string bytes = test::slurp(test::fixture(std::string("hostile-pdf/") + c.file));
        if (c.limit) {
            try {
                (void)verify::verify_pdf(bytes, c.file, ctx);
                ADD_FAILURE() << "not refused";
            } catch (const core::Error& e) {
                EXPECT_EQ(e.code(), core::Errc::PdfOverLimit);
                EXPECT_NE(std::string(e.what()).find(c.limit), std::string::npos) << e.what();
                EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
                EXPECT_EQ(e.where().file, c.file);
            }
            continue;
        }
        const auto r = verify::verify_pdf(bytes, c.file, ctx);
        EXPECT_EQ(r.verdict, verify::Indication::TotalFailed);
        std::string said;
        for (const auto& f : r.findings) said += report::words(f.said, core::Language::English) + "\n";
        for (const auto& ch : r.document.checks) said += report::words(ch.said, core::Language::English) + "\n";
        EXPECT_NE(said.find(c.message), std::string::npos) << said;
    }
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

/// A certificate of the TEST-ONLY PKI as a PDF stream body (DER).
std::string certificate_stream(const char* name) {
    const std::string pem = test::slurp(test::source_dir() / "certs" / name);
    BIO* b = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    X509* x = PEM_read_bio_X509(b, nullptr, nullptr, nullptr);
    BIO_free(b);
    unsigned char* der = nullptr;
    const int n = i2d_X509(x, &der);
    X509_free(x);
    std::string body = "<< /Length " + std::to_string(n) + " >>\nstream\n" + std::string(reinterpret_cast<char*>(der), static_cast<std::size_t>(n)) + "\nendstream";
    OPENSSL_free(der);
    return body;
}

TEST(VerifyHonestUpdates, ADssWithoutTypeAndExtendedLaterIsValidationData) {
    // What pyHanko writes: a DSS without the optional /Type, its /Certs an
    // indirect array that a later update extends in place.
    const std::string& good = signed_three();
    const std::uint32_t cat = catalog_num(good);
    std::string cat_body = body_of(good, cat);
    cat_body.insert(cat_body.rfind(">>"), " /DSS 9200 0 R ");
    const std::string first = append_update(good, {{cat, cat_body},
                                                   {9200, "<< /Certs 9201 0 R >>"},
                                                   {9201, "[ 9202 0 R ]"},
                                                   {9202, certificate_stream("test-only-issuing-ca.pem")}});
    const std::string second = append_update(first, {{9201, "[ 9202 0 R 9203 0 R ]"}, {9203, certificate_stream("test-only-root-ca.pem")}});
    for (const std::string* f : {&first, &second}) {
        const auto r = check(*f);
        EXPECT_EQ(r.verdict, verify::Indication::TotalPassed) << verify::to_string(r.subindication);
        for (const auto& s : r.signatures) EXPECT_TRUE(s.modifications_permitted) << s.id;
    }
    // The same array losing what it held is not an extension.
    const auto r = check(append_update(first, {{9201, "[ 9203 0 R ]"}, {9203, certificate_stream("test-only-root-ca.pem")}}));
    EXPECT_EQ(r.verdict, verify::Indication::TotalFailed);
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

TEST(VerifyAttacks, AChangeDeliveredInsideAnObjectStreamIsJudgedLikeAnyOther) {
    // An update written the PDF 1.5 way: an xref stream, and page 1's
    // dictionary (now pointing at a new content stream) inside an object
    // stream rather than as a plain object.
    const std::string& good = signed_three();
    const File f(good);
    const auto& last = f.revisions().back();
    const std::uint32_t page = first_page(good);
    std::string page_body = body_of(good, page);
    const std::size_t at = page_body.find("/Contents ");
    ASSERT_NE(at, std::string::npos);
    const auto size = static_cast<std::uint32_t>(last.trailer.get("Size")->integer);
    const std::uint32_t content = size, objstm = size + 1, xref = size + 2;
    page_body.replace(at, page_body.find(" R", at) + 2 - at, "/Contents " + std::to_string(content) + " 0 R");
    std::string out = good;
    if (out.back() != '\n') out += '\n';
    const std::size_t off_content = out.size();
    const std::string text = "BT /F1 12 Tf 72 720 Td (Avslag) Tj ET";
    out += std::to_string(content) + " 0 obj\n<< /Length " + std::to_string(text.size()) + " >>\nstream\n" + text + "\nendstream\nendobj\n";
    const std::string header = std::to_string(page) + " 0 ";
    const std::string data = header + page_body;
    const std::size_t off_objstm = out.size();
    out += std::to_string(objstm) + " 0 obj\n<< /Type /ObjStm /N 1 /First " + std::to_string(header.size()) + " /Length " + std::to_string(data.size()) +
           " >>\nstream\n" + data + "\nendstream\nendobj\n";
    const std::size_t off_xref = out.size();
    std::string rows;
    const auto row = [&](unsigned type, std::size_t field2, unsigned field3) {
        rows.push_back(static_cast<char>(type));
        for (int b = 3; b >= 0; --b) rows.push_back(static_cast<char>((field2 >> (8 * b)) & 0xFF));
        rows.push_back(static_cast<char>((field3 >> 8) & 0xFF));
        rows.push_back(static_cast<char>(field3 & 0xFF));
    };
    row(2, objstm, 0);  // the page, inside the object stream
    row(1, off_content, 0);
    row(1, off_objstm, 0);
    row(1, off_xref, 0);
    const std::uint32_t root = last.trailer.get("Root")->ref.num;
    out += std::to_string(xref) + " 0 obj\n<< /Type /XRef /Size " + std::to_string(xref + 1) + " /Root " + std::to_string(root) + " 0 R /Prev " +
           std::to_string(last.xref_offset) + " /W [ 1 4 2 ] /Index [ " + std::to_string(page) + " 1 " + std::to_string(content) + " 3 ] /Length " +
           std::to_string(rows.size()) + " >>\nstream\n" + rows + "\nendstream\nendobj\nstartxref\n" + std::to_string(off_xref) + "\n%%EOF\n";
    // The reader sees the page as changed, from inside the object stream.
    const File g(out);
    ASSERT_EQ(g.revisions().size(), f.revisions().size() + 1);
    ASSERT_EQ(g.revisions().back().entries.at(page).type, 2);
    const auto r = check(out);
    EXPECT_EQ(r.verdict, verify::Indication::TotalFailed);
    ASSERT_EQ(r.signatures.size(), 3U);
    for (const auto& s : r.signatures) {
        EXPECT_EQ(s.indication, verify::Indication::TotalFailed) << s.id;
        EXPECT_FALSE(s.modifications_permitted) << s.id;
        EXPECT_TRUE(std::any_of(s.changes.begin(), s.changes.end(), [&](const verify::Change& c) {
            return c.object == page && c.category == verify::ChangeCategory::Disallowed;
        })) << s.id << ": the page's change is not named";
    }
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

TEST(VerifyAttacks, ANewSignatureFieldWithoutItsSignatureIsNotAllowed) {
    // A field added empty after the signatures (for someone to sign later,
    // or to place a widget over the page) is not a signer adding their own
    // field: every earlier signature fails. Added with its signature, the
    // same field is allowed (pdfsig -add-signature, pyHanko: the corpus's
    // extra-signature.pdf).
    const std::string& good = signed_three();
    const std::uint32_t form = ref_num(good, "AcroForm", catalog_num(good));
    std::string form_body = body_of(good, form);
    form_body.insert(form_body.find('[', form_body.find("/Fields")) + 1, " 9300 0 R ");
    const std::uint32_t page = first_page(good);
    std::string page_body = body_of(good, page);
    const std::size_t annots = page_body.find("/Annots");
    if (annots == std::string::npos) page_body.insert(page_body.rfind(">>"), " /Annots [ 9300 0 R ] ");
    else page_body.insert(page_body.find('[', annots) + 1, " 9300 0 R ");
    const auto r = check(append_update(
        good, {{9300, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (senare) /F 4 /Rect [ 100 100 300 140 ] /P " + std::to_string(page) + " 0 R >>"},
               {form, form_body},
               {page, page_body}}));
    EXPECT_EQ(r.verdict, verify::Indication::TotalFailed);
    for (const auto& s : r.signatures) {
        EXPECT_FALSE(s.modifications_permitted) << s.id;
        EXPECT_TRUE(std::any_of(s.changes.begin(), s.changes.end(), [](const verify::Change& c) {
            return c.object == 9300 && report::words(c.what, core::Language::English).find("without a signature") != std::string::npos;
        })) << s.id;
    }
}

}  // namespace
}  // namespace justera

namespace justera {
namespace {

TEST(VerifyHonestUpdates, ANewerPdfVersionDeclaredInTheCatalogIsAllowed) {
    // pyHanko declares /Version /2.0 (and an extension) in the catalog when
    // its signature uses what PDF 2.0 defines (ECDSA); an older version is
    // not a thing a signer declares.
    const std::string& good = signed_three();
    const std::uint32_t cat = catalog_num(good);
    std::string newer = body_of(good, cat);
    newer.insert(newer.rfind(">>"), " /Version /2.0 ");
    EXPECT_EQ(check(append_update(good, {{cat, newer}})).verdict, verify::Indication::TotalPassed);
    const std::string with_2 = append_update(good, {{cat, newer}});
    std::string older = body_of(with_2, cat);
    older.replace(older.find("/Version /2.0"), 13, "/Version /1.4");
    EXPECT_EQ(check(append_update(with_2, {{cat, older}})).verdict, verify::Indication::TotalFailed);
}

}  // namespace
}  // namespace justera

// ---------------------------------------------------------------- the one ByteRange rule

#include "justera/pdf/signatures.hpp"

namespace {

/// A signature dictionary parsed at the start of a file: "<< /Contents "
/// is 13 bytes, so its hex string "<0000>" takes bytes 13-19.
justera::pdf::raw::ByteRange range_of(const std::string& rest, std::size_t file_size) {
    const std::string text = "<< /Contents " + rest;
    std::size_t pos = 0;
    const auto sig = justera::pdf::raw::parse_object(text, pos);
    return justera::pdf::raw::check_byte_range(sig, file_size);
}

TEST(ByteRangeRule, TheHoleIsExactlyThisSignaturesContents) {
    using justera::pdf::raw::ByteRangeProblem;
    EXPECT_EQ(range_of("<0000> /ByteRange [0 13 19 21] >>", 40).problem, ByteRangeProblem::None);
    const auto r = range_of("<0000> /ByteRange [0 13 19 21] >>", 40);
    EXPECT_EQ(r.b, 13);
    EXPECT_EQ(r.d, 21);
    // A hole one byte off (a hex string elsewhere would pass a rule that only
    // looks for '<' and '>'), past the end, not from 0, or empty.
    EXPECT_EQ(range_of("<0000> /ByteRange [0 12 19 21] >>", 40).problem, ByteRangeProblem::NotAroundContents);
    EXPECT_EQ(range_of("<0000> /ByteRange [0 13 19 22] >>", 40).problem, ByteRangeProblem::NotAroundContents);
    EXPECT_EQ(range_of("<0000> /ByteRange [1 13 19 21] >>", 40).problem, ByteRangeProblem::NotAroundContents);
    EXPECT_EQ(range_of("<0000> /ByteRange [0 13 13 21] >>", 40).problem, ByteRangeProblem::NotAroundContents);
    EXPECT_EQ(range_of("<0000> /ByteRange [0 13 19] >>", 40).problem, ByteRangeProblem::NotFourIntegers);
    EXPECT_EQ(range_of("<0000> /ByteRange [0 13 19 2.5] >>", 40).problem, ByteRangeProblem::NotFourIntegers);
    EXPECT_EQ(range_of("(0000) /ByteRange [0 13 19 21] >>", 40).problem, ByteRangeProblem::NoHexContents);
}

}  // namespace

// ---------------------------------------------------------------- sub-indications belong to their indication

namespace {

using justera::verify::Indication;
using justera::verify::Outcome;
using justera::verify::SubIndication;
// Written in the code, a pair that does not belong does not compile (Outcome's
// constructor is consteval); belongs_to is what it asks.
static_assert(justera::verify::belongs_to(SubIndication::HashFailure, Indication::TotalFailed));
static_assert(!justera::verify::belongs_to(SubIndication::HashFailure, Indication::Indeterminate));
static_assert(!justera::verify::belongs_to(SubIndication::TryLater, Indication::TotalFailed));
static_assert(!justera::verify::belongs_to(SubIndication::Revoked, Indication::TotalPassed));
static_assert(justera::verify::belongs_to(SubIndication::None, Indication::TotalPassed));
static_assert(Outcome{Indication::Indeterminate, SubIndication::RevokedNoPoe}.sub() == SubIndication::RevokedNoPoe);

TEST(SubIndications, APairMadeAtRunTimeIsCheckedAndNamesKeepTheirJsonSpelling) {
    EXPECT_EQ(Outcome::checked(Indication::TotalFailed, SubIndication::Expired).indication(), Indication::TotalFailed);
    EXPECT_EQ(Outcome::checked(Indication::Indeterminate, SubIndication::Expired).sub(), SubIndication::Expired);
    EXPECT_THROW((void)Outcome::checked(Indication::TotalFailed, SubIndication::TryLater), justera::core::Error);
    EXPECT_THROW((void)Outcome::checked(Indication::TotalPassed, SubIndication::FormatFailure), justera::core::Error);
    EXPECT_EQ(justera::verify::to_string(SubIndication::NoCertificateChainFound), "NO_CERTIFICATE_CHAIN_FOUND");
    EXPECT_EQ(justera::verify::to_string(SubIndication::TimestampOrderFailure), "TIMESTAMP_ORDER_FAILURE");
    EXPECT_EQ(justera::verify::to_string(SubIndication::None), "");
}

}  // namespace
