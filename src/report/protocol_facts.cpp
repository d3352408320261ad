// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/report/protocol_facts.hpp"

#include <ctime>

namespace justera::report {

std::vector<rules::SignatureDay> signature_days(const verify::Report& report, bool& all_trusted) {
    std::vector<rules::SignatureDay> out;
    all_trusted = true;
    for (const auto& s : report.signatures) {
        if (s.kind != verify::SignatureKind::Signature || s.indication == verify::Indication::TotalFailed || s.signing_time.empty()) continue;
        const auto at = rules::parse_utc(s.signing_time);
        if (!at) continue;
        out.push_back(rules::SignatureDay{s.role.empty() ? s.signer.name : s.protocol_name, rules::stockholm_day(*at), s.role});
        all_trusted = all_trusted && s.indication == verify::Indication::TotalPassed;
    }
    return out;
}

std::string evidence_name(rules::Evidence evidence, bool all_trusted) {
    if (evidence == rules::Evidence::VerifiedSignatures && !all_trusted) return "signatures_untrusted";
    return std::string(rules::to_string(evidence));
}

nlohmann::ordered_json date_json(const std::optional<rules::Date>& d) {
    return d ? nlohmann::ordered_json(rules::iso(*d)) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json immediate_json(const rules::Deadlines& d, bool all_trusted) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& e : d.immediate) {
        out.push_back({{"paragraphs", e.paragraphs},
                       {"justering_date", date_json(e.justering_date)},
                       {"justering_evidence", evidence_name(e.evidence, all_trusted)},
                       {"anslag_date", date_json(e.anslag_date)},
                       {"anslag_last_day", date_json(e.anslag_last_day)},
                       {"appeal_last_day", date_json(e.appeal_last_day)}});
    }
    return out;
}

nlohmann::ordered_json deadlines_json(const rules::Deadlines& d, bool all_trusted) {
    return {{"meeting_date", date_json(d.meeting_date)},           {"justering_date", date_json(d.justering_date)},
            {"justering_last_day", date_json(d.justering_last_day)}, {"anslag_last_day", date_json(d.anslag_last_day)},
            {"anslag_date", date_json(d.anslag_date)},              {"appeal_last_day", date_json(d.appeal_last_day)},
            {"immediate", immediate_json(d, all_trusted)}};
}

}  // namespace justera::report
