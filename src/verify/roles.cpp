// SPDX-License-Identifier: GPL-3.0-or-later
// The protocol's signers against the signatures (roles.hpp).

#include "roles.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "justera/model/names.hpp"
#include "justera/pdf/fields.hpp"

namespace justera::verify {

void match_roles(Report& rep) {
    if (rep.document.parsed) match_roles(rep, *rep.document.parsed);
}

void match_roles(Report& rep, const model::Protocol& named) {
    const model::Protocol* protocol = &named;
    {
        std::vector<std::pair<std::string, std::string>> expected;
        for (const auto& a : protocol->adjusters) expected.emplace_back("justerare", a.name);
        if (protocol->secretary) expected.emplace_back("sekreterare", protocol->secretary->name);
        // The ordförande, where the document has a line of their own (a
        // profile asked for it); an ordförande who is a justerare is there already.
        bool chair_line = false;
        if (const auto chair = pdf::chair_field(*protocol)) {
            const auto& made = rep.document.signature_fields;
            chair_line = std::find(made.begin(), made.end(), chair->field) != made.end();
            if (chair_line) expected.emplace_back(chair->role, chair->person);
        }
        std::set<std::string> used;
        for (const auto& [role, name] : expected) {
            RoleReport rr{role, name, {}};
            for (auto& s : rep.signatures) {
                if (s.kind != SignatureKind::Signature || s.indication == Indication::TotalFailed || used.count(s.id)) continue;
                // The certificate's givenName and surname, else its common name split.
                const model::PersonName who = s.signer.surname.empty() ? model::split_printed_name(s.signer.name)
                                                                       : model::PersonName{s.signer.given_name, s.signer.surname};
                const model::NameMatch how = model::name_match(name, who);
                if (how == model::NameMatch::None) continue;
                rr.signed_by = s.id;
                s.role = role;
                s.protocol_name = name;
                s.name_match = std::string(model::to_string(how));
                used.insert(s.id);
                // An ordförande who is a justerare may sign as either; where
                // the ordförande has a line of their own, a justerare who
                // claims it is not the ordförande.
                const bool chair_as_justerare = role == "justerare" && s.claimed_role == "ordförande" && !chair_line;
                if (!s.claimed_role.empty() && s.claimed_role != role && !chair_as_justerare) {
                    rep.findings.push_back(Finding{Severity::Warning, FindingId::ClaimedRole, say(Msg::ClaimedRole, s.id, s.claimed_role, name, role)});
                }
                break;
            }
            rep.roles.push_back(rr);
        }
        std::string missing;  // names and roles, as the protocol writes them
        for (const auto& rr : rep.roles) {
            if (rr.signed_by.empty()) missing += (missing.empty() ? "" : ", ") + rr.name + " (" + rr.role + ")";
        }
        if (!missing.empty()) {
            rep.findings.push_back(Finding{Severity::Warning, FindingId::MissingSigners, say(Msg::MissingSigners, missing)});
        }
        if (protocol->adjusters.empty()) {
            rep.findings.push_back(Finding{Severity::Warning, FindingId::NoJusterare, say(Msg::NoJusterare)});
        }
        for (const auto& s : rep.signatures) {
            if (s.kind == SignatureKind::Signature && s.role.empty() && s.indication != Indication::TotalFailed) {
                rep.findings.push_back(Finding{Severity::Warning, FindingId::UnknownSigner, say(Msg::UnknownSigner, s.id, s.signer.name)});
            }
        }
    }
}

}  // namespace justera::verify
