// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/report/verify_report.hpp"

#include <sstream>

namespace justera::report {

namespace {

using nlohmann::ordered_json;

ordered_json nullable(const std::string& s) { return s.empty() ? ordered_json(nullptr) : ordered_json(s); }

ordered_json checks_json(const std::vector<verify::Check>& checks) {
    ordered_json out = ordered_json::array();
    for (const auto& c : checks) out.push_back({{"id", std::string(verify::to_string(c.id))}, {"status", std::string(verify::to_string(c.status))}, {"message", c.message}});
    return out;
}

std::string verdict_word(verify::Indication i) {
    switch (i) {
        case verify::Indication::TotalPassed: return "GILTIG (TOTAL_PASSED)";
        case verify::Indication::TotalFailed: return "UNDERKÄND (TOTAL_FAILED)";
        case verify::Indication::Indeterminate: return "OAVGJORD (INDETERMINATE)";
    }
    return "";
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
            changes.push_back({{"revision", c.revision}, {"object", c.object}, {"kind", std::string(verify::to_string(c.kind))}, {"what", c.what}, {"category", std::string(verify::to_string(c.category))}});
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
              {"certificate_sha256", nullable(s.signer.certificate_sha256)}}},
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
    ordered_json roles = ordered_json::array();
    for (const auto& rr : r.roles) roles.push_back({{"role", rr.role}, {"name", rr.name}, {"signed_by", nullable(rr.signed_by)}});
    j["roles"] = roles;
    ordered_json findings = ordered_json::array();
    for (const auto& f : r.findings) findings.push_back({{"severity", std::string(verify::to_string(f.severity))}, {"id", std::string(verify::to_string(f.id))}, {"message", f.message}});
    j["findings"] = findings;
    return j;
}

std::string verify_text(const verify::Report& r) {
    std::ostringstream out;
    out << r.file << "\n";
    if (!r.document.title.empty()) out << "  " << r.document.title << "\n";
    out << "  " << r.revisions.size() << (r.revisions.size() == 1 ? " version, " : " versioner, ") << r.signatures.size()
        << (r.signatures.size() == 1 ? " underskrift eller tidsstämpel\n" : " underskrifter och tidsstämplar\n");
    for (const auto& s : r.signatures) {
        out << "\n  " << s.id << "  " << (s.kind == verify::SignatureKind::DocumentTimestamp ? "dokumenttidsstämpel" : "underskrift") << " i fältet " << s.field
            << "\n";
        out << "    Resultat      " << verdict_word(s.indication) << (s.subindication == verify::SubIndication::None ? std::string() : " " + std::string(verify::to_string(s.subindication))) << "\n";
        if (!s.signer.name.empty()) {
            out << "    Undertecknare " << s.signer.name << (s.signer.serial_number.empty() ? "" : " (" + s.signer.serial_number + ")") << "\n";
            out << "    Utfärdare     " << s.signer.issuer << "\n";
        }
        if (s.kind == verify::SignatureKind::Signature) {
            const std::string how = s.name_match == "name_in_use"       ? ", tilltalsnamnet"
                                    : s.name_match == "case" ? ", skiftläget skiljer"
                                                                        : "";
            out << "    Roll          " << (s.role.empty() ? std::string("ingen i protokollet") : s.role + " (" + s.protocol_name + how + ")")
                << (s.claimed_role.empty() ? "" : ", uppgiven roll: " + s.claimed_role) << "\n";
        }
        out << "    Tid           " << (s.signing_time.empty() ? "okänd" : s.signing_time)
            << (s.time_source == verify::TimeSource::Timestamp ? " (tidsstämpel)" : s.time_source == verify::TimeSource::Claimed ? " (uppgiven av undertecknaren, ej bevisad)" : "")
            << "\n";
        if (s.kind == verify::SignatureKind::Signature) out << "    Nivå          PAdES " << verify::to_string(s.level) << (s.lock_permissions ? ", låser dokumentet" : "") << "\n";
        out << "    Ändringar     "
            << (s.changes.empty() ? std::string("inga efter underskriften")
                                  : s.modifications_permitted ? std::to_string(s.changes.size()) + " tillåtna (underskrifter, valideringsdata)"
                                                              : std::string("OTILLÅTNA ändringar efter underskriften"))
            << "\n";
        for (const auto& c : s.checks) {
            if (c.status == verify::Status::Passed) continue;
            out << "    " << (c.status == verify::Status::Failed ? "FEL " : c.status == verify::Status::Warning ? "OBS " : "?   ") << verify::to_string(c.id) << ": " << c.message << "\n";
        }
    }
    if (!r.roles.empty()) {
        out << "\n  Protokollets underskrivare\n";
        for (const auto& rr : r.roles) {
            out << "    " << (rr.signed_by.empty() ? "saknas  " : "signerat") << "  " << rr.role << " " << rr.name
                << (rr.signed_by.empty() ? "" : " (" + rr.signed_by + ")") << "\n";
        }
    }
    for (const auto& c : r.document.checks) {
        if (c.status != verify::Status::Passed) out << "  " << (c.status == verify::Status::Failed ? "FEL " : "    ") << verify::to_string(c.id) << ": " << c.message << "\n";
    }
    for (const auto& f : r.findings) out << "  " << (f.severity == verify::Severity::Error ? "FEL " : "OBS ") << f.message << "\n";
    out << "\n  Dokumentet: " << verdict_word(r.verdict) << (r.subindication == verify::SubIndication::None ? std::string() : " " + std::string(verify::to_string(r.subindication))) << "\n";
    return out.str();
}

std::string verify_summary_line(const verify::Report& r) {
    std::size_t signed_roles = 0;
    for (const auto& rr : r.roles) signed_roles += rr.signed_by.empty() ? 0 : 1;
    std::ostringstream out;
    out << std::string(verify::to_string(r.verdict)) << "  " << r.file << "  " << r.signatures.size() << " signature(s)";
    if (!r.roles.empty()) out << ", " << signed_roles << "/" << r.roles.size() << " signers of the protocol";
    return out.str();
}

}  // namespace justera::report
