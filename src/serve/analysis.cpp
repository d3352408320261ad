// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/serve/analysis.hpp"

#include <algorithm>

#include "justera/core/error.hpp"
#include "justera/ingest/ingest.hpp"
#include "justera/pdf/foreign_text.hpp"
#include "justera/pdf/render.hpp"
#include "justera/report/protocol_facts.hpp"
#include "justera/report/verify_report.hpp"
#include "justera/rules/checks.hpp"

namespace justera::serve {

namespace {

using nlohmann::ordered_json;

bool any_signature(const verify::Report& r) {
    return std::any_of(r.signatures.begin(), r.signatures.end(), [](const auto& s) { return s.kind == verify::SignatureKind::Signature; });
}

/// A change after signing that the rules do not allow, or bytes that no
/// longer have the digest that was signed.
bool changed_after_signing(const verify::Report& r) {
    for (const auto& s : r.signatures) {
        if (s.subindication == verify::SubIndication::HashFailure || s.subindication == verify::SubIndication::SigCryptoFailure) return true;
        for (const auto& c : s.changes) {
            if (c.category == verify::ChangeCategory::Disallowed) return true;
        }
    }
    for (const auto& c : r.document.checks) {
        if ((c.id == verify::CheckId::VisibleText || c.id == verify::CheckId::XmpFingerprint) && c.status == verify::Status::Failed) return true;
    }
    return false;
}

}  // namespace

Plain plain_verdict(const verify::Report& r) {
    const auto has_sub = [&](verify::SubIndication sub) {
        return r.subindication == sub || std::any_of(r.signatures.begin(), r.signatures.end(), [&](const auto& s) { return s.subindication == sub; });
    };
    if (r.verdict == verify::Indication::TotalFailed) {
        if (changed_after_signing(r)) return {"changed", "Protokollet har ändrats efter att det signerades", "The protocol was changed after it was signed"};
        if (has_sub(verify::SubIndication::Revoked)) return {"revoked", "Ett certifikat var spärrat när det användes", "A certificate was revoked when it was used"};
        if (!any_signature(r)) {
            return {"unreadable", "Filen går inte att läsa som ett signerat protokoll", "The file cannot be read as a signed protocol"};
        }
        return {"failed", "Signaturerna håller inte", "The signatures do not hold"};
    }
    if (!any_signature(r)) return {"unsigned", "Filen har inga signaturer", "The file has no signatures"};
    const auto missing = [&](std::string_view role) {
        return std::any_of(r.roles.begin(), r.roles.end(), [&](const auto& rr) { return rr.role == role && rr.signed_by.empty(); });
    };
    if (std::any_of(r.findings.begin(), r.findings.end(), [](const auto& f) { return f.id == verify::FindingId::NoJusterare; })) {
        return {"no_justerare", "Protokollet namnger inga justerare och kan därför inte vara justerat",
                "The protocol names no justerare, so it cannot be adjusted"};
    }
    if (missing("justerare")) return {"not_all_signed", "Alla justerare har inte signerat", "Not every justerare has signed"};
    if (missing("sekreterare")) return {"secretary_unsigned", "Sekreteraren har inte signerat", "The secretary has not signed"};
    if (r.verdict == verify::Indication::TotalPassed) {
        if (r.document.protocol) return {"justerat", "Protokollet är justerat och oförändrat", "The protocol is adjusted and unchanged"};
        return {"justerat", "Dokumentet är signerat och oförändrat", "The document is signed and unchanged"};
    }
    if (has_sub(verify::SubIndication::NoCertificateChainFound) || has_sub(verify::SubIndication::NoSigningCertificateFound)) {
        return {"untrusted", "Oförändrat, men den här tjänsten känner inte till certifikatens utfärdare",
                "Unchanged, but this service does not know the certificates' issuer"};
    }
    return {"indeterminate", "Det går inte att avgöra om signaturerna håller", "It cannot be decided whether the signatures hold"};
}

namespace {

/// A PDF made elsewhere carries no protocol XML: the protocol is read from
/// its pages' text (by poppler, as `justera check` reads such a PDF), or not
/// at all when the text is not a protocol or cannot be read.
std::optional<model::Protocol> protocol_from_text(std::string_view pdf, const std::string& name, const core::Limits& limits) {
    try {
        ingest::ParseOptions opts;
        opts.file_name = name;
        opts.limits = limits;
        opts.source = ingest::TextSource::PdfLayout;
        core::Diagnostics diags;
        auto result = ingest::parse_text(pdf::foreign_text(pdf, name, diags), opts, diags);
        if (auto* p = std::get_if<model::Protocol>(&result.document)) return std::move(*p);
    } catch (const core::Error&) {
    }
    return std::nullopt;
}

bool no_xml_embedded(const verify::Report& r) {
    return std::any_of(r.document.checks.begin(), r.document.checks.end(),
                       [](const verify::Check& c) { return c.id == verify::CheckId::EmbeddedXml && c.status == verify::Status::NotApplicable; });
}

}  // namespace

ordered_json analyse(std::string_view pdf, const std::string& name, std::optional<rules::Date> anslag, const verify::Context& context,
                     const std::string& tool_version) {
    if (!pdf::looks_like_pdf(pdf)) throw core::Error(core::Errc::PdfMalformed, "not a PDF (no %PDF- header)", core::Where{name});
    const verify::Report r = verify::verify_pdf(pdf, name, context);
    ordered_json out;
    const Plain plain = plain_verdict(r);
    out["verdict"] = {{"key", plain.key}, {"sv", plain.sv}, {"en", plain.en}};
    out["report"] = report::verify_json(r, tool_version);
    out["report_sv"] = report::verify_words(r, core::Language::Swedish);
    std::optional<model::Protocol> from_text;
    if (no_xml_embedded(r)) from_text = protocol_from_text(pdf, name, context.options().limits);
    if (!r.document.parsed && !from_text) {
        out["protocol"] = nullptr;
        out["check"] = nullptr;
        out["embedded_xml"] = nullptr;
        return out;
    }
    const model::Protocol& p = r.document.parsed ? *r.document.parsed : *from_text;
    ordered_json paragraphs = ordered_json::array();
    for (const auto& para : p.paragraphs) {
        paragraphs.push_back({{"number", para.number}, {"title", para.title}, {"immediate", para.immediate()}});
    }
    out["protocol"] = {{"title", r.document.title},
                       {"municipality", p.municipality},
                       {"organ", p.organ},
                       {"number", p.number ? ordered_json(std::to_string(p.number->number) + "/" + std::to_string(p.number->year)) : ordered_json(nullptr)},
                       {"meeting_date", report::date_json(p.meeting_date)},
                       {"fingerprint", r.document.fingerprint},
                       // "embedded_xml": the XML the signers signed; "page_text": read from the pages (a PDF made elsewhere)
                       {"source", from_text ? "page_text" : "embedded_xml"},
                       {"paragraphs", paragraphs}};

    bool trusted = false;
    const auto days = report::signature_days(r, trusted);
    const auto sv = rules::compute_deadlines(p, days, anslag, rules::Language::Swedish);
    const auto en = rules::compute_deadlines(p, days, anslag, rules::Language::English);
    const auto findings_sv = rules::check_protocol(p, sv, rules::Language::Swedish);
    const auto findings_en = rules::check_protocol(p, en, rules::Language::English);
    const std::string signature_evidence = report::evidence_name(sv.signature_evidence, trusted);
    ordered_json findings = ordered_json::array();
    for (std::size_t i = 0; i < findings_sv.size(); ++i) {
        const auto& f = findings_sv[i];
        const std::string message_en = i < findings_en.size() && findings_en[i].rule == f.rule ? findings_en[i].message : f.message;
        findings.push_back({{"rule", f.rule},
                            {"severity", f.severity},
                            {"basis", f.basis},
                            {"paragraphs", f.paragraphs},
                            {"message", {{"sv", f.message}, {"en", message_en}}},
                            {"law", f.law},
                            {"evidence", f.evidence == "verified_signatures" ? signature_evidence : f.evidence}});
    }
    ordered_json deadlines = report::deadlines_json(sv);
    deadlines["immediate_paragraphs"] = sv.immediate_paragraphs;
    deadlines["unsigned_justerare"] = sv.unsigned_justerare;
    deadlines["notes"] = {{"sv", sv.notes}, {"en", en.notes}};
    out["check"] = {{"evidence", report::evidence_name(sv.evidence, trusted)}, {"findings", findings}, {"deadlines", deadlines}};
    out["embedded_xml"] = from_text ? ordered_json(nullptr) : ordered_json{{"name", r.document.embedded_xml}, {"text", r.document.xml}};
    return out;
}

}  // namespace justera::serve
