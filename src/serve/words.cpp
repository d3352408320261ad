// SPDX-License-Identifier: GPL-3.0-or-later
#include "words.hpp"

#include <ctime>
#include <optional>

#include "justera/rules/calendar.hpp"
#include "justera/verify/result.hpp"

namespace justera::serve::words {

using nlohmann::ordered_json;

const ordered_json& member(const ordered_json& j, const char* key) {
    static const ordered_json k_null;
    if (!j.is_object()) return k_null;
    const auto it = j.find(key);
    return it != j.end() ? *it : k_null;
}

std::string str(const ordered_json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string nth(const ordered_json& j, const char* key, std::size_t i) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_array() || i >= j[key].size() || !j[key][i].is_string()) return {};
    return j[key][i].get<std::string>();
}

Words report_sentence(const std::string& sv, const std::string& en) { return {sv.empty() ? en : sv, en}; }

std::string swedish_time(const std::string& iso) {
    const auto t = rules::parse_utc(iso);
    return t ? rules::stockholm_clock(*t) : iso;
}

Words question() { return {"Är protokollet justerat?", "Is the protocol adjusted (justerat)?"}; }
Words signatures_heading() { return {"Signaturer", "Signatures"}; }
Words no_signatures() { return {"Filen har inga signaturer.", "The file has no signatures."}; }
Words not_signed(bool a_signature_failed) {
    return a_signature_failed ? Words{"Utan en underskrift som håller:", "Without a signature that holds:"} : Words{"Har inte signerat:", "Has not signed:"};
}
Words archive_timestamps() { return {"Tidsstämplar för arkivet", "Archive timestamps"}; }
Words protocol_heading() { return {"Protokollet", "The protocol"}; }
Words dates_heading() { return {"Datum", "Dates"}; }
Words law_heading() { return {"Kontroll mot kommunallagen", "Checked against the Local Government Act"}; }
Words no_findings() { return {"Inga anmärkningar.", "No findings."}; }
Words trust_heading() { return {"Vem kontrollen litar på", "Whom the check trusts"}; }
Words technical_heading() { return {"Tekniska detaljer", "Technical details"}; }
Words document_heading() { return {"Dokumentet", "The document"}; }
Words unknown() { return {"okänt", "unknown"}; }
Words swedish_time_word() { return {"svensk tid", "Swedish time"}; }
Words checked() { return {"Kontrollerat", "Checked"}; }

Words unverified_note() {
    return {"Obekräftat: uppgifterna nedan är lästa ur filen, men filen har inte kunnat bekräftas (se svaret ovan). De kan vara ändrade eller fel.",
            "Unconfirmed: what follows is read from the file, but the file could not be confirmed (see the answer above). It may be changed or wrong."};
}
Words from_page_text() {
    return {"Läst ur sidornas text: filen bär ingen XML med protokollet, så paragrafer och datum nedan är tolkade ur texten på sidorna.",
            "Read from the pages' text: the file carries no XML of the protocol, so the paragraphs and dates below are interpreted from the text on its pages."};
}

Words municipality_label() { return {"Kommun", "Municipality"}; }
Words organ_label() { return {"Organ", "Body"}; }
Words number_label() { return {"Nummer", "Number"}; }
Words meeting_label() { return {"Sammanträde", "Meeting"}; }
Words paragraph_summary(std::size_t paragraphs, std::size_t immediate) {
    return {std::to_string(paragraphs) + " paragrafer, varav " + std::to_string(immediate) + " justerade omedelbart",
            std::to_string(paragraphs) + " paragraphs, " + std::to_string(immediate) + " of them adjusted immediately"};
}
Words immediate_badge() { return {"Justerad omedelbart", "Adjusted immediately"}; }
Words evidence(const std::string& key) {
    if (key == "verified_signatures") return {"enligt de verifierade signaturerna", "by the verified signatures"};
    if (key == "signatures_untrusted") return {"enligt signaturerna, vars certifikat inte är betrodda", "by the signatures, whose certificates are not trusted"};
    if (key == "header") return {"enligt det tryckta datumet", "by the printed date"};
    if (key == "signature_table") {
        return {"enligt signaturtabellen i protokollets text, som inte är något bevis", "by the signature table in the protocol's text, which is no proof"};
    }
    return {"inget underlag: ingen giltig underskrift och inget tryckt datum", "no evidence: no valid signature and no printed date"};
}
Words adjusted_label() { return {"Justerat", "Adjusted"}; }
Words immediate_label() { return {"Omedelbart justerade", "Adjusted immediately"}; }
Words immediate_rule() { return {"ska justeras sammanträdesdagen", "to be adjusted on the meeting day"}; }
Words last_justering_label() { return {"Sista dag för justering", "Last day for justering"}; }
Words last_notice_label() { return {"Sista dag för anslag", "Last day for the notice"}; }
Words notice_put_up_label() { return {"Anslaget", "Notice put up"}; }
Words appeal_label() { return {"Sista dag att överklaga", "Last day to appeal"}; }
Words appeal_needs_notice() { return {"ange dagen då anslaget sattes upp", "give the day the notice was put up"}; }
Words severity(const std::string& s) {
    return s == "error" ? Words{"Fel", "Error"} : s == "warning" ? Words{"Observera", "Note"} : Words{"Information", "Information"};
}

Words role(const std::string& r) {
    if (r == "justerare") return {"Justerare", "Adjuster (justerare)"};
    if (r == "sekreterare") return {"Sekreterare", "Secretary (sekreterare)"};
    if (r == "ordförande") return {"Ordförande", "Chair (ordförande)"};
    return {};
}

Words role_line(const ordered_json& s) {
    const std::string r = str(s, "role");
    const std::string claimed = str(s, "claimed_role");
    const std::optional<verify::Indication> ind = verify::indication_from(str(s, "indication"));
    if (!r.empty()) {
        Words w = role(r);
        if (ind != verify::Indication::TotalPassed) {
            w.sv += " – namnet stämmer med protokollets, men det är inte bekräftat att det är samma person";
            w.en += " – the name matches the protocol's, but it is not confirmed to be the same person";
        }
        return w;
    }
    if (ind == verify::Indication::TotalFailed) {
        return {"Prövas inte mot protokollets namn: underskriften håller inte", "Not matched to the protocol's names: the signature does not hold"};
    }
    Words w{"Inte namngiven i protokollet", "Not named in the protocol"};
    if (!claimed.empty()) {
        w.sv += " (uppger sig vara " + claimed + ")";
        w.en += " (claims to be " + claimed + ")";
    }
    return w;
}
Words role_label() { return {"Roll", "Role"}; }
Words certificate_name_label() { return {"Namn i certifikatet", "Name in the certificate"}; }
Words signed_label() { return {"Signerad", "Signed"}; }
Words unknown_time() { return {"okänd tid", "unknown time"}; }
Words time_source(const std::string& source) {
    return source == "timestamp" ? Words{"Tiden är bestyrkt av en tidsstämpel.", "The time is certified by a timestamp."}
                                 : Words{"Tiden är den som datorn uppgav, inte bestyrkt.", "The time is the one the computer gave, not certified."};
}
Words issuer_label() { return {"Certifikatet utfärdat av", "Certificate issued by"}; }
Words status_label() { return {"Status", "Status"}; }

namespace {

Words reason(const std::string& sub_name, bool self_signed) {
    using verify::SubIndication;
    switch (verify::sub_indication_from(sub_name).value_or(SubIndication::None)) {
        case SubIndication::NoCertificateChainFound:
        case SubIndication::NoSigningCertificateFound:
            return self_signed ? Words{"certifikatet är självsignerat: vem som helst kan skapa ett sådant, med vilket namn som helst",
                                       "the certificate is self-signed: anyone can make one, with any name in it"}
                               : Words{"utfärdaren är okänd för tjänsten", "the issuer is unknown to this service"};
        case SubIndication::HashFailure: return {"innehållet har ändrats", "the content was changed"};
        case SubIndication::SigCryptoFailure: return {"signaturvärdet stämmer inte", "the signature value does not verify"};
        case SubIndication::Revoked:
        case SubIndication::RevokedNoPoe: return {"certifikatet är spärrat", "the certificate is revoked"};
        case SubIndication::TryLater: return {"certifikatets spärrstatus saknas", "the certificate's revocation status is missing"};
        case SubIndication::Expired:
        case SubIndication::OutOfBoundsNoPoe: return {"certifikatet hade gått ut", "the certificate had expired"};
        case SubIndication::NotYetValid: return {"certifikatet var ännu inte giltigt", "the certificate was not yet valid"};
        case SubIndication::FormatFailure: return {"signaturen är felaktigt uppbyggd", "the signature is malformed"};
        case SubIndication::CryptoConstraintsFailure: return {"algoritmerna är för svaga", "the algorithms are too weak"};
        case SubIndication::ChainConstraintsFailure: return {"certifikatkedjan uppfyller inte kraven", "the certificate chain does not meet the rules"};
        default: return {sub_name, sub_name};
    }
}

bool is_disallowed(const ordered_json& change) { return str(change, "category") == "disallowed"; }

const ordered_json& changes_of(const ordered_json& s) {
    static const ordered_json k_none = ordered_json::array();
    if (!s.is_object() || !s.contains("modifications_after")) return k_none;
    const ordered_json& after = s["modifications_after"];
    return after.is_object() && after.contains("changes") && after["changes"].is_array() ? after["changes"] : k_none;
}

}  // namespace

Words status(const ordered_json& s) {
    const std::string ind_name = str(s, "indication");
    const std::string sub = str(s, "subindication");
    std::size_t disallowed = 0;
    for (const auto& c : changes_of(s)) disallowed += is_disallowed(c) ? 1 : 0;
    // A signature whose own bytes hold, but after which the file was changed
    // in a way no rule allows, is not "malformed": say what happened.
    if (disallowed && verify::sub_indication_from(sub) == verify::SubIndication::FormatFailure) {
        return {"Ogiltig: underskriften i sig är hel, men filen har ändrats efter den på ett sätt som inte är tillåtet",
                "Invalid: the signature itself is intact, but the file was changed after it in a way that is not allowed"};
    }
    const bool self_signed = s.contains("signer") && s["signer"].is_object() && s["signer"].value("self_signed", false);
    const std::optional<verify::Indication> ind = verify::indication_from(ind_name);
    Words w = ind == verify::Indication::TotalPassed   ? Words{"Giltig", "Valid"}
              : ind == verify::Indication::TotalFailed ? Words{"Ogiltig", "Invalid"}
                                                       : Words{"Kan inte avgöras", "Undecided"};
    const Words why = reason(sub, self_signed);
    if (!why.sv.empty()) {
        w.sv += ": " + why.sv;
        w.en += ": " + why.en;
    }
    return w;
}
Words changed_after_label() { return {"Ändrat efter signaturen", "Changed after the signature"}; }
Words and_more(std::size_t more) { return {"och " + std::to_string(more) + " till", "and " + std::to_string(more) + " more"}; }

std::vector<Words> disallowed_changes(const ordered_json& s, const ordered_json& s_sv, std::size_t most, std::size_t& count) {
    std::vector<Words> out;
    count = 0;
    const ordered_json& changes = changes_of(s);
    for (std::size_t i = 0; i < changes.size(); ++i) {
        if (!is_disallowed(changes[i])) continue;
        ++count;
        if (out.size() < most) out.push_back(report_sentence(nth(s_sv, "changes", i), str(changes[i], "what")));
    }
    return out;
}

Words trusted_roots(std::size_t count) {
    if (count == 0) {
        return {"Tjänsten litar inte på något rotcertifikat: ingen underskrift kan bekräftas här.", "This service trusts no root certificate: no signature can be confirmed here."};
    }
    return {"Tjänsten litar på " + std::to_string(count) + " rotcertifikat", "This service trusts " + std::to_string(count) + " root certificates"};
}

}  // namespace justera::serve::words
