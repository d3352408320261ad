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
#include "justera/xml/xml.hpp"

namespace justera::serve {

namespace {

using nlohmann::ordered_json;

bool any_signature(const verify::Report& r) {
    return std::any_of(r.signatures.begin(), r.signatures.end(), [](const auto& s) { return s.kind == verify::SignatureKind::Signature; });
}

/// A change after signing that the rules do not allow, or bytes that no
/// longer have the digest that was signed. (A signature value that does not
/// verify is a bad signature, not a changed document: anyone can spoil one.)
bool changed_after_signing(const verify::Report& r) {
    for (const auto& s : r.signatures) {
        if (s.subindication == verify::SubIndication::HashFailure) return true;
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

/// "A", "A och B", "A, B och C" (and, in English, "and").
std::string listed(const std::vector<std::string>& names, const char* and_word) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == names.size() ? std::string(" ") + and_word + " " : std::string(", ")) + names[i];
    }
    return out;
}

std::string role_en(const std::string& role) {
    return role == "justerare" ? "adjuster" : role == "sekreterare" ? "secretary" : role == "ordförande" ? "chair" : role;
}

/// Why a signature that is not TOTAL_PASSED cannot confirm, in plain words.
std::pair<std::string, std::string> why_unconfirmed(const verify::SignatureReport& s) {
    using verify::SubIndication;
    if (s.signer.self_signed) {
        return {s.signer.name + " har ett självsignerat certifikat: vem som helst kan skapa ett sådant certifikat, med vilket namn som helst, så det visar inte vem som skrev under",
                s.signer.name + " has a self-signed certificate: anyone can make such a certificate, with any name in it, so it does not show who signed"};
    }
    switch (s.subindication) {
        case SubIndication::NoCertificateChainFound:
        case SubIndication::NoSigningCertificateFound:
            return {s.signer.name + "s certifikat är utfärdat av " + s.signer.issuer + ", som den här tjänsten inte litar på",
                    s.signer.name + "'s certificate is issued by " + s.signer.issuer + ", whom this service does not trust"};
        case SubIndication::TryLater:
            return {"det gick inte att få veta om " + s.signer.name + "s certifikat var spärrat", "whether " + s.signer.name + "'s certificate was revoked could not be learnt"};
        case SubIndication::CryptoConstraintsFailure:
            return {s.signer.name + "s underskrift är gjord med för svaga algoritmer", s.signer.name + "'s signature uses algorithms too weak to rely on"};
        case SubIndication::Expired:
        case SubIndication::OutOfBoundsNoPoe:
            return {s.signer.name + "s certifikat hade gått ut", s.signer.name + "'s certificate had expired"};
        default:
            return {"det går inte att avgöra om " + s.signer.name + "s underskrift håller", "whether " + s.signer.name + "'s signature holds cannot be decided"};
    }
}

}  // namespace

Answer justerat_answer(const verify::Report& r, const Plain& plain, bool protocol_known) {
    Answer a;
    const verify::SignatureReport* reason = nullptr;  // the signature the answer names as why
    const auto set = [&](const char* key, std::string sv, std::string en) {
        a.key = key;
        a.sv = std::move(sv);
        a.en = std::move(en);
        // A self-signed certificate is named at once, whatever else is said.
        for (auto s = r.signatures.rbegin(); s != r.signatures.rend(); ++s) {
            if (s->kind == verify::SignatureKind::Signature && s->signer.self_signed && s->indication != verify::Indication::TotalFailed && &*s != reason) {
                const auto why = why_unconfirmed(*s);
                a.notes.insert(a.notes.begin(), {"Observera: " + why.first + ".", "Note: " + why.second + "."});
            }
        }
        return a;
    };
    if (plain.key == "changed") {
        return set("changed", "Nej. Protokollet har ändrats efter att det signerades; vad som ändrades står under varje underskrift nedan.",
                   "No. The protocol was changed after it was signed; what changed is listed under each signature below.");
    }
    if (plain.key == "unreadable") {
        return set("cannot_confirm", "Kan inte bekräftas: " + plain.sv + ".", "Cannot be confirmed: " + plain.en + ".");
    }
    if (plain.key == "unsigned") {
        return set("cannot_confirm", "Kan inte bekräftas: filen har inga digitala underskrifter. Ett protokoll som justerats på papper kan inte kontrolleras här.",
                   "Cannot be confirmed: the file has no digital signatures. A protocol adjusted on paper cannot be checked here.");
    }
    if (!protocol_known) {
        return set("cannot_confirm", "Kan inte avgöras: filen bär inget protokoll som tjänsten kan läsa, så det går inte att se vilka som skulle justera det. Underskrifterna prövas ändå nedan.",
                   "Cannot be told: the file carries no protocol this service can read, so who was to adjust it is unknown. The signatures are still checked below.");
    }
    if (plain.key == "no_justerare") return set("cannot_confirm", "Kan inte bekräftas: " + plain.sv + ".", "Cannot be confirmed: " + plain.en + ".");
    // Who justerar: every justerare, and the ordförande where the document has their line.
    std::vector<std::string> missing_sv, missing_en, signed_names;
    std::vector<const verify::SignatureReport*> by;
    for (const auto& role : r.roles) {
        if (role.role == "sekreterare") {
            if (role.signed_by.empty()) {
                a.notes.push_back({"Sekreteraren " + role.name + " har inte signerat.", "The secretary " + role.name + " has not signed."});
            }
            continue;
        }
        if (role.signed_by.empty()) {
            missing_sv.push_back(role.name + " (" + role.role + ")");
            missing_en.push_back(role.name + " (" + role_en(role.role) + ")");
            continue;
        }
        signed_names.push_back(role.name);
        for (const auto& s : r.signatures) {
            if (s.id == role.signed_by) by.push_back(&s);
        }
    }
    // Signatures that do not hold are matched to nobody.
    std::vector<std::string> failed;
    for (const auto& s : r.signatures) {
        if (s.kind == verify::SignatureKind::Signature && s.indication == verify::Indication::TotalFailed) failed.push_back(s.signer.name.empty() ? s.id : s.signer.name);
    }
    if (!missing_sv.empty() && !failed.empty()) {
        return set("cannot_confirm",
                   "Kan inte bekräftas: underskriften av " + listed(failed, "och") + " håller inte, och " + listed(missing_sv, "och") +
                       " saknar en underskrift som håller.",
                   "Cannot be confirmed: the signature of " + listed(failed, "and") + " does not hold, and " + listed(missing_en, "and") +
                       (missing_en.size() == 1 ? " lacks" : " lack") + " a signature that holds.");
    }
    if (!missing_sv.empty()) {
        return set("not_yet", "Inte än: " + listed(missing_sv, "och") + " har inte signerat.",
                   "Not yet: " + listed(missing_en, "and") + (missing_en.size() == 1 ? " has" : " have") + " not signed.");
    }
    for (const auto* s : by) {
        if (s->indication != verify::Indication::TotalPassed) {
            reason = s;
            const auto why = why_unconfirmed(*s);
            return set("cannot_confirm", "Kan inte bekräftas: " + why.first + ".", "Cannot be confirmed: " + why.second + ".");
        }
    }
    for (const auto& name : failed) {
        a.notes.push_back({"Underskriften av " + name + " håller inte och räknas inte.", "The signature of " + name + " does not hold and does not count."});
    }
    if (r.verdict != verify::Indication::TotalPassed && plain.key != "secretary_unsigned" && failed.empty()) {
        a.notes.push_back({plain.sv + ".", plain.en + "."});
    }
    return set("yes", "Ja. Protokollet är justerat av " + listed(signed_names, "och") + ", och inget har ändrats efter deras underskrifter.",
               "Yes. The protocol is adjusted by " + listed(signed_names, "and") + ", and nothing was changed after their signatures.");
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

/// The answer as JSON; `errors` (the law's, sv/en) are read first.
ordered_json answer_json(const Answer& a, const std::vector<std::pair<std::string, std::string>>& errors) {
    ordered_json notes = ordered_json::array();
    for (const auto& [sv, en] : errors) notes.push_back({{"sv", sv}, {"en", en}});
    for (const auto& [sv, en] : a.notes) notes.push_back({{"sv", sv}, {"en", en}});
    return ordered_json{{"key", a.key}, {"sv", a.sv}, {"en", a.en}, {"notes", notes}};
}

/// `justera check` of the protocol with these signature days and notice
/// day: the findings, the deadlines and their evidence; the findings of the
/// kind "error" also into `errors`.
ordered_json check_json(const model::Protocol& p, const std::vector<rules::SignatureDay>& days, bool trusted, std::optional<rules::Date> anslag,
                        std::vector<std::pair<std::string, std::string>>& errors) {
    const auto sv = rules::compute_deadlines(p, days, anslag, rules::Language::Swedish);
    const auto en = rules::compute_deadlines(p, days, anslag, rules::Language::English);
    const auto findings_sv = rules::check_protocol(p, sv, rules::Language::Swedish);
    const auto findings_en = rules::check_protocol(p, en, rules::Language::English);
    const std::string signature_evidence = report::evidence_name(sv.signature_evidence, trusted);
    ordered_json findings = ordered_json::array();
    for (std::size_t i = 0; i < findings_sv.size(); ++i) {
        const auto& f = findings_sv[i];
        const std::string message_en = i < findings_en.size() && findings_en[i].rule == f.rule ? findings_en[i].message : f.message;
        if (f.is_error()) errors.emplace_back(f.message + " (" + f.law + ")", message_en + " (" + f.law + ")");
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
    return {{"evidence", report::evidence_name(sv.evidence, trusted)}, {"findings", findings}, {"deadlines", deadlines}};
}

bool no_xml_embedded(const verify::Report& r) {
    return std::any_of(r.document.checks.begin(), r.document.checks.end(),
                       [](const verify::Check& c) { return c.id == verify::CheckId::EmbeddedXml && c.status == verify::Status::NotApplicable; });
}

}  // namespace

ordered_json analyse(std::string_view pdf, const std::string& name, std::optional<rules::Date> anslag, const verify::Context& context,
                     const std::string& tool_version) {
    if (!pdf::looks_like_pdf(pdf)) throw core::Error(core::Errc::PdfMalformed, "not a PDF (no %PDF- header)", core::Where{name}, "ingen PDF-fil (huvudet %PDF- saknas)");
    verify::Report r = verify::verify_pdf(pdf, name, context);
    // A PDF made elsewhere: its signers are the ones its pages name.
    std::optional<model::Protocol> from_text;
    if (no_xml_embedded(r)) from_text = protocol_from_text(pdf, name, context.options().limits);
    if (from_text) verify::match_signers_named_in_text(r, *from_text);
    ordered_json out;
    const Plain plain = plain_verdict(r);
    out["verdict"] = {{"key", plain.key}, {"sv", plain.sv}, {"en", plain.en}};
    out["answer"] = nullptr;  // below, once the law's findings are known
    out["report"] = report::verify_json(r, tool_version);
    out["report_sv"] = report::verify_words(r, core::Language::Swedish);
    if (!r.document.parsed && !from_text) {
        out["answer"] = answer_json(justerat_answer(r, plain, false), {});
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
    std::vector<std::pair<std::string, std::string>> errors;
    out["check"] = check_json(p, days, trusted, anslag, errors);
    const Answer base = justerat_answer(r, plain, true);
    out["answer"] = answer_json(base, errors);
    // What the server keeps to answer again for another notice day
    // (recheck): never sent to the visitor.
    ordered_json day_list = ordered_json::array();
    for (const auto& d : days) day_list.push_back({{"name", d.name}, {"date", rules::iso(d.date)}, {"role", d.role}});
    out["recheck"] = {{"protocol_xml", xml::to_xml(p)}, {"days", day_list}, {"trusted", trusted}, {"answer", answer_json(base, {})}};
    out["embedded_xml"] = from_text ? ordered_json(nullptr) : ordered_json{{"name", r.document.embedded_xml}, {"text", r.document.xml}};
    return out;
}

ordered_json recheck(const ordered_json& kept, std::optional<rules::Date> anslag, const core::Limits& limits) {
    const auto loaded = xml::load(kept.at("protocol_xml").get<std::string>(), "recheck", limits, false);
    const auto* p = std::get_if<model::Protocol>(&loaded.document);
    if (!p) throw core::Error(core::Errc::Usage, "recheck: not a protocol", {}, "recheck: inget protokoll");
    std::vector<rules::SignatureDay> days;
    for (const auto& d : kept.at("days")) {
        const auto date = rules::parse_iso_date(d.at("date").get<std::string>());
        if (!date) throw core::Error(core::Errc::Usage, "recheck: a signature day that is no date", {}, "recheck: en underskriftsdag som inte är ett datum");
        days.push_back(rules::SignatureDay{d.at("name").get<std::string>(), *date, d.at("role").get<std::string>()});
    }
    std::vector<std::pair<std::string, std::string>> errors;
    ordered_json out;
    out["check"] = check_json(*p, days, kept.at("trusted").get<bool>(), anslag, errors);
    ordered_json answer = kept.at("answer");
    ordered_json notes = ordered_json::array();
    for (const auto& [sv, en] : errors) notes.push_back({{"sv", sv}, {"en", en}});
    for (const auto& n : answer.at("notes")) notes.push_back(n);
    answer["notes"] = notes;
    out["answer"] = answer;
    return out;
}

}  // namespace justera::serve
