// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/report/verify_report.hpp"

#include <sstream>

#include "justera/report/messages.hpp"
#include "justera/report/protocol_facts.hpp"
#include "justera/rules/calendar.hpp"

namespace justera::report {

namespace {

using nlohmann::ordered_json;

ordered_json nullable(const std::string& s) { return s.empty() ? ordered_json(nullptr) : ordered_json(s); }

ordered_json checks_json(const std::vector<verify::Check>& checks) {
    ordered_json out = ordered_json::array();
    for (const auto& c : checks) out.push_back({{"id", std::string(verify::to_string(c.id))}, {"status", std::string(verify::to_string(c.status))}, {"message", words(c.said, core::Language::English)}});
    return out;
}

}  // namespace

ordered_json verify_json(const verify::Report& r, const std::string& tool_version) {
    ordered_json j;
    j["report_version"] = k_verify_report_version;
    j["tool"] = {{"name", "justera"}, {"version", tool_version}};
    j["file"] = r.file;
    j["sha256"] = r.sha256;
    j["size"] = r.size;
    j["validation_time"] = r.validation_time;
    j["verdict"] = std::string(verify::to_string(r.verdict));
    j["subindication"] = nullable(std::string(verify::to_string(r.subindication)));
    j["trust_anchors"] = r.trust_anchors;
    ordered_json revs = ordered_json::array();
    for (const auto& rv : r.revisions) revs.push_back({{"index", rv.index}, {"end", rv.end}, {"kind", std::string(verify::to_string(rv.kind))}});
    j["revisions"] = revs;
    ordered_json sigs = ordered_json::array();
    for (const auto& s : r.signatures) {
        ordered_json changes = ordered_json::array();
        for (const auto& c : s.changes) {
            changes.push_back({{"revision", c.revision}, {"object", c.object}, {"kind", std::string(verify::to_string(c.kind))}, {"what", words(c.what, core::Language::English)}, {"category", std::string(verify::to_string(c.category))}});
        }
        sigs.push_back({
            {"id", s.id},
            {"field", s.field},
            {"kind", std::string(verify::to_string(s.kind))},
            {"revision", s.revision},
            {"sub_filter", s.sub_filter},
            {"byte_range", s.byte_range},
            {"coverage", nullable(std::string(verify::to_string(s.coverage)))},
            {"indication", std::string(verify::to_string(s.indication))},
            {"subindication", nullable(std::string(verify::to_string(s.subindication)))},
            {"signer",
             {{"name", s.signer.name},
              {"given_name", s.signer.given_name},
              {"surname", s.signer.surname},
              {"serial_number", nullable(s.signer.serial_number)},
              {"issuer", s.signer.issuer},
              {"certificate_sha256", nullable(s.signer.certificate_sha256)},
              {"self_signed", s.signer.self_signed}}},
            {"claimed_role", nullable(s.claimed_role)},
            {"role", nullable(s.role)},
            {"protocol_name", nullable(s.protocol_name)},
            {"name_match", nullable(s.name_match)},
            {"signing_time", nullable(s.signing_time)},
            {"time_source", std::string(verify::to_string(s.time_source))},
            {"claimed_time", nullable(s.claimed_time)},
            {"level", nullable(std::string(verify::to_string(s.level)))},
            {"digest_algorithm", nullable(s.digest_algorithm)},
            {"lock_permissions", s.lock_permissions == 0 ? ordered_json(nullptr) : ordered_json(s.lock_permissions)},
            {"modifications_after", {{"permitted", s.modifications_permitted}, {"changes", changes}}},
            {"checks", checks_json(s.checks)},
        });
    }
    j["signatures"] = sigs;
    j["document"] = {{"protocol", r.document.protocol},
                     {"title", nullable(r.document.title)},
                     {"embedded_xml", nullable(r.document.embedded_xml)},
                     {"fingerprint", nullable(r.document.fingerprint)},
                     {"xmp_fingerprint", nullable(r.document.xmp_fingerprint)},
                     {"checks", checks_json(r.document.checks)}};
    if (const auto& n = r.document.notice) {
        // Only for a notice of justering, so reports of protocols keep their keys.
        j["document"]["notice"] = {{"protocol_fingerprint", n->protocol_fingerprint},
                                   {"organ", nullable(n->organ)},
                                   {"meeting_date", date_json(n->meeting_date)},
                                   {"paragraphs", n->paragraphs},
                                   {"justering_date", date_json(n->justering_date)},
                                   {"posted", model::format_date(n->posted)},
                                   {"removed", date_json(n->removed)},
                                   {"appeal_last_day", date_json(n->appeal_last_day)}};
    }
    ordered_json roles = ordered_json::array();
    for (const auto& rr : r.roles) roles.push_back({{"role", rr.role}, {"name", rr.name}, {"signed_by", nullable(rr.signed_by)}});
    j["roles"] = roles;
    ordered_json findings = ordered_json::array();
    for (const auto& f : r.findings) findings.push_back({{"severity", std::string(verify::to_string(f.severity))}, {"id", std::string(verify::to_string(f.id))}, {"message", words(f.said, core::Language::English)}});
    j["findings"] = findings;
    return j;
}

ordered_json verify_words(const verify::Report& r, core::Language lang) {
    const auto all = [lang](const std::vector<verify::Check>& checks) {
        ordered_json out = ordered_json::array();
        for (const auto& c : checks) out.push_back(words(c.said, lang));
        return out;
    };
    ordered_json sigs = ordered_json::array();
    for (const auto& s : r.signatures) {
        ordered_json changes = ordered_json::array();
        for (const auto& c : s.changes) changes.push_back(words(c.what, lang));
        sigs.push_back({{"checks", all(s.checks)}, {"changes", changes}});
    }
    ordered_json findings = ordered_json::array();
    for (const auto& f : r.findings) findings.push_back(words(f.said, lang));
    return {{"signatures", sigs}, {"document", {{"checks", all(r.document.checks)}}}, {"findings", findings}};
}

std::string verify_text(const verify::Report& r, core::Language lang) {
    const auto L = [lang](Label l) { return label(l, lang); };
    const auto said = [lang](const verify::Said& s) { return words(s, lang); };
    const auto verdict = [&](verify::Indication i, verify::SubIndication sub) {
        const Label word = i == verify::Indication::TotalPassed ? Label::Passed : i == verify::Indication::TotalFailed ? Label::Failed : Label::Indeterminate;
        return std::string(L(word)) + (sub == verify::SubIndication::None ? std::string() : " " + std::string(verify::to_string(sub)));
    };
    std::ostringstream out;
    out << r.file << "\n";
    if (!r.document.title.empty()) out << "  " << r.document.title << "\n";
    out << "  " << r.revisions.size() << L(r.revisions.size() == 1 ? Label::Revision : Label::Revisions) << r.signatures.size()
        << L(r.signatures.size() == 1 ? Label::SignatureOrTimestamp : Label::SignaturesAndTimestamps) << "\n";
    for (const auto& s : r.signatures) {
        out << "\n  " << s.id << "  " << L(s.kind == verify::SignatureKind::DocumentTimestamp ? Label::DocumentTimestamp : Label::Signature) << L(Label::InField)
            << s.field << "\n";
        out << "    " << L(Label::Result) << verdict(s.indication, s.subindication) << "\n";
        if (!s.signer.name.empty()) {
            out << "    " << L(Label::Signer) << s.signer.name << (s.signer.serial_number.empty() ? "" : " (" + s.signer.serial_number + ")") << "\n";
            out << "    " << L(Label::Issuer) << s.signer.issuer << "\n";
        }
        if (s.kind == verify::SignatureKind::Signature) {
            const std::string_view how = s.name_match == "name_in_use" ? L(Label::NameInUse) : s.name_match == "case" ? L(Label::CaseDiffers) : "";
            out << "    " << L(Label::Role) << (s.role.empty() ? std::string(L(Label::NoRole)) : s.role + " (" + s.protocol_name + std::string(how) + ")")
                << (s.claimed_role.empty() ? "" : std::string(L(Label::ClaimedRole)) + s.claimed_role) << "\n";
        }
        // Swedish time with its offset, as a reader in Sweden reads a clock
        // ("2024-03-22 10:15:04 (UTC+1)"); --json keeps UTC.
        const auto at = rules::parse_utc(s.signing_time);
        out << "    " << L(Label::Time) << (s.signing_time.empty() ? std::string(L(Label::TimeUnknown)) : at ? rules::stockholm_clock(*at, true, true) : s.signing_time)
            << (s.time_source == verify::TimeSource::Timestamp ? L(Label::ByTimestamp) : s.time_source == verify::TimeSource::Claimed ? L(Label::ClaimedOnly) : "")
            << "\n";
        if (s.kind == verify::SignatureKind::Signature) {
            // What the level means, for a reader who does not know PAdES.
            const bool sv_words = lang == core::Language::Swedish;
            const char* meaning = s.level == verify::Level::B_B     ? (sv_words ? "underskrift utan tidsstämpel" : "a signature without a timestamp")
                                  : s.level == verify::Level::B_T   ? (sv_words ? "med tidsstämpel som visar tiden" : "with a timestamp proving the time")
                                  : s.level == verify::Level::B_LT  ? (sv_words ? "med tidsstämpel och det som behövs för att pröva den om många år"
                                                                                : "with a timestamp and what is needed to check it years from now")
                                  : s.level == verify::Level::B_LTA ? (sv_words ? "som B-LT, skyddad av en arkivtidsstämpel"
                                                                                : "as B-LT, protected by an archive timestamp")
                                                                    : "";
            out << "    " << L(Label::Level) << "PAdES " << verify::to_string(s.level) << (*meaning ? std::string(" (") + meaning + ")" : std::string())
                << (s.lock_permissions ? L(Label::Locks) : "") << "\n";
        }
        out << "    " << L(Label::Changes)
            << (s.changes.empty() ? std::string(L(Label::NoChanges))
                                  : s.modifications_permitted ? std::to_string(s.changes.size()) + std::string(L(Label::ChangesAllowed))
                                                              : std::string(L(Label::ChangesDisallowed)))
            << "\n";
        for (const auto& c : s.checks) {
            if (c.status == verify::Status::Passed) continue;
            out << "    " << L(c.status == verify::Status::Failed ? Label::CheckFailed : c.status == verify::Status::Warning ? Label::CheckWarning : Label::CheckOther)
                << verify::to_string(c.id) << ": " << said(c.said) << "\n";
        }
    }
    if (!r.roles.empty()) {
        out << "\n  " << L(Label::ProtocolSigners) << "\n";
        for (const auto& rr : r.roles) {
            out << "    " << L(rr.signed_by.empty() ? Label::RoleMissing : Label::RoleSigned) << "  " << rr.role << " " << rr.name
                << (rr.signed_by.empty() ? "" : " (" + rr.signed_by + ")") << "\n";
        }
    }
    for (const auto& c : r.document.checks) {
        if (c.status == verify::Status::Passed) continue;
        const std::string_view failed = L(Label::CheckFailed);
        out << "  " << (c.status == verify::Status::Failed ? std::string(failed) : std::string(failed.size(), ' ')) << verify::to_string(c.id) << ": " << said(c.said) << "\n";
    }
    for (const auto& f : r.findings) out << "  " << L(f.severity == verify::Severity::Error ? Label::FindingError : Label::FindingWarning) << said(f.said) << "\n";
    out << "\n  " << L(Label::Document) << verdict(r.verdict, r.subindication) << "\n";
    return out.str();
}

std::string verify_summary_line(const verify::Report& r, core::Language lang) {
    std::size_t signed_roles = 0;
    for (const auto& rr : r.roles) signed_roles += rr.signed_by.empty() ? 0 : 1;
    std::ostringstream out;
    out << std::string(verify::to_string(r.verdict)) << "  " << r.file << "  " << r.signatures.size() << label(Label::SummarySignatures, lang);
    if (!r.roles.empty()) out << ", " << signed_roles << "/" << r.roles.size() << label(Label::SummarySigners, lang);
    return out.str();
}

}  // namespace justera::report
