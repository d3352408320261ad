// SPDX-License-Identifier: GPL-3.0-or-later
// The words of verification (report/messages.hpp): every message id has a
// sentence in both languages with the same facts and parts; the English
// ones are the sentences the JSON report has always carried.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "justera/report/messages.hpp"
#include "justera/report/verify_report.hpp"

namespace justera {
namespace {

using core::Language;
using verify::Msg;
using verify::say;
using verify::say_with;

std::vector<std::string> placeholders(std::string_view pattern) {
    std::vector<std::string> out;
    const std::string p(pattern);
    const std::regex slot(R"(\{(\*|\+|p?[0-9]+)\})");
    for (auto it = std::sregex_iterator(p.begin(), p.end(), slot); it != std::sregex_iterator(); ++it) out.push_back((*it)[1]);
    std::sort(out.begin(), out.end());
    return out;
}

TEST(Messages, EveryIdHasBothLanguagesWithTheSameSlots) {
    // Sentences that are only facts, PDF names or the same words in both.
    const std::set<Msg> same = {Msg::Detail, Msg::SubFilterKnown, Msg::CryptoWeak, Msg::RevGood, Msg::ProvenByField, Msg::ContainerDss, Msg::XmpProp};
    for (auto i = static_cast<unsigned>(Msg::Detail); i <= static_cast<unsigned>(Msg::Last_); ++i) {
        const auto m = static_cast<Msg>(i);
        SCOPED_TRACE(i);
        const auto en = report::pattern(m, Language::English);
        const auto sv = report::pattern(m, Language::Swedish);
        ASSERT_FALSE(en.empty());
        ASSERT_FALSE(sv.empty());
        EXPECT_EQ(placeholders(en), placeholders(sv)) << en << " | " << sv;
        if (!same.count(m)) {
            EXPECT_NE(en, sv) << en;
        }
    }
}

TEST(Messages, TheEnglishSentencesAreTheReportsOwn) {
    // As docs/report.md and earlier reports have them, byte for byte.
    EXPECT_EQ(report::words(say(Msg::ByteRangeWrong, 0, 131922, 165366, 9210, 131970, 145676), Language::English),
              "the /ByteRange [0 131922 165366 9210] does not leave out exactly this signature's /Contents (at bytes 131970-145676)");
    EXPECT_EQ(report::words(say_with({say(Msg::SubjectSigner)}, Msg::RevokedNoPoe, "Jan Oskar Jönsson", "revoked 2026-11-22 09:43 UTC (CRL)"), Language::English),
              "signer 'Jan Oskar Jönsson' is revoked (revoked 2026-11-22 09:43 UTC (CRL)); without a timestamp nothing proves the signature came before");
    const verify::Said changes = say_with({say_with({say(Msg::KindChanged), say(Msg::PageChanged, 1, " /Annots")}, Msg::ChangeItem, 12),
                                           say_with({say(Msg::KindAdded), say_with({say(Msg::AStream)}, Msg::Unexplained)}, Msg::ChangeItem, 80)},
                                          Msg::ChangedAfterSigning);
    EXPECT_EQ(report::words(changes, Language::English),
              "changed after signing: object 12 changed: page 1 changed: /Annots; object 80 added: a stream that no signature, field or validation data explains");
    // A clerk reads which page changed.
    EXPECT_EQ(report::words(changes, Language::Swedish),
              "ändrat efter underskriften: objekt 12 ändrat: sidan 1 har ändrats: /Annots; objekt 80 tillagt: en ström som ingen underskrift, inget fält och "
              "inga valideringsdata förklarar");
    EXPECT_EQ(report::words(say(Msg::TrailingBytes, 9466), Language::English), "9466 bytes after the last %%EOF belong to no revision (an update without xref?)");
    EXPECT_EQ(report::words(say_with({say(Msg::WeakDigest, "SHA1"), say(Msg::WeakKey, "RSA", 1024)}, Msg::CryptoWeak), Language::English),
              "SHA1 is no longer accepted; RSA 1024-bit keys are too short");
}

TEST(Messages, SwedishSentencesCarryTheSameFacts) {
    const std::string sv =
        report::words(say_with({say(Msg::MissingTitle, 3, "Budget 2025"), say(Msg::MissingMore, 2)}, Msg::VisibleMissingPoppler, "no ToUnicode"), Language::Swedish);
    EXPECT_EQ(sv, "sidorna visar inte det som står i XML-filen: \u00A7 3 rubriken \u00ABBudget 2025\u00BB; och 2 till (lästa av poppler: no ToUnicode)");
    // A fact or part the message lacks is left out, never read past.
    EXPECT_EQ(report::words(say(Msg::ChainOk), Language::Swedish), "kedjan når en betrodd rot ( certifikat)");
    // A fact is not read for slots: a name with braces stays as it is.
    EXPECT_EQ(report::words(say(Msg::Detail, "{0}{p1}{*} {x}"), Language::English), "{0}{p1}{*} {x}");
    // Every pattern's braces are slots, and every slot is one of {N}, {pN}, {*}, {+}.
    for (auto i = static_cast<unsigned>(Msg::Detail); i <= static_cast<unsigned>(Msg::Last_); ++i) {
        for (const Language lang : {Language::English, Language::Swedish}) {
            const std::string p(report::pattern(static_cast<Msg>(i), lang));
            EXPECT_EQ(std::count(p.begin(), p.end(), '{'), static_cast<long>(placeholders(p).size())) << p;
        }
    }
}

TEST(Messages, ThePanelSpeaksOneLanguage) {
    verify::Report r;
    r.file = "p.pdf";
    r.verdict = verify::Indication::Indeterminate;
    r.revisions.push_back({0, 100, verify::RevisionKind::Original});
    verify::SignatureReport s;
    s.id = "sig-1";
    s.field = "justera_justerare_1";
    s.indication = verify::Indication::Indeterminate;
    s.subindication = verify::SubIndication::NoCertificateChainFound;
    s.signing_time = "2024-03-22T09:15:04Z";
    s.time_source = verify::TimeSource::Timestamp;
    s.level = verify::Level::B_T;
    s.checks.push_back({verify::CheckId::CertificateChain, verify::Status::Indeterminate, say(Msg::NoChainNoAnchors, "unable to get local issuer certificate")});
    r.signatures.push_back(s);
    r.findings.push_back({verify::Severity::Warning, verify::FindingId::MissingSigners, say(Msg::MissingSigners, "Jan Jönsson (justerare)")});
    const std::string sv = report::verify_text(r, Language::Swedish);
    const std::string en = report::verify_text(r, Language::English);
    EXPECT_NE(sv.find("    ?   certificate_chain: ingen kedja till en betrodd rot: unable to get local issuer certificate (ingen rot given med --trust)\n"), std::string::npos) << sv;
    EXPECT_NE(sv.find("  OBS inte färdigjusterat: ingen giltig underskrift av Jan Jönsson (justerare)\n"), std::string::npos) << sv;
    EXPECT_NE(sv.find("  Dokumentet: OAVGJORD (INDETERMINATE)\n"), std::string::npos) << sv;
    // The time as a Swedish clock shows it, in both languages; --json keeps UTC.
    EXPECT_NE(sv.find(" 2024-03-22 10:15:04 (UTC+1)"), std::string::npos) << sv;
    EXPECT_NE(en.find(" 2024-03-22 10:15:04 (UTC+1)"), std::string::npos) << en;
    EXPECT_EQ(sv.find("09:15:04Z"), std::string::npos) << sv;
    // The level says what it means.
    EXPECT_NE(sv.find("PAdES B-T (med tidsstämpel som visar tiden)"), std::string::npos) << sv;
    EXPECT_NE(en.find("PAdES B-T (with a timestamp proving the time)"), std::string::npos) << en;
    EXPECT_NE(en.find("    ?    certificate_chain: no chain to a trust anchor: unable to get local issuer certificate (no --trust anchors given)\n"), std::string::npos) << en;
    EXPECT_NE(en.find("  NOTE  not fully adjusted: no valid signature by Jan Jönsson (justerare)\n"), std::string::npos) << en;
    EXPECT_NE(en.find("  The document: UNDECIDED (INDETERMINATE)\n"), std::string::npos) << en;
    for (const char* swedish : {"Resultat", "Dokumentet", "underskrift", "fältet", "version"}) EXPECT_EQ(en.find(swedish), std::string::npos) << swedish << "\n" << en;
}

}  // namespace
}  // namespace justera
