// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The words of a verification result, in Swedish and in English: one
// catalogue for the page (both languages, the stylesheet showing one) and
// the PDF report (one language). Plain text; the page escapes it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace justera::serve::words {

/// One text in both languages.
struct Words {
    std::string sv;
    std::string en;
    [[nodiscard]] const std::string& in(bool english) const { return english ? en : sv; }
};

/// `j[key]`, or null when `j` is no object or has no such member.
const nlohmann::ordered_json& member(const nlohmann::ordered_json& j, const char* key);
/// `j[key]` when it is a string, else "".
std::string str(const nlohmann::ordered_json& j, const char* key);
/// `j[key][i]` of the Swedish sentences (report_sv), or "" when absent.
std::string nth(const nlohmann::ordered_json& j, const char* key, std::size_t i);
/// A report sentence: the Swedish one where the analysis has it, else the English.
Words report_sentence(const std::string& sv, const std::string& en);

/// "2024-03-22T09:15:04Z" -> "2024-03-22 10:15" in Stockholm.
std::string swedish_time(const std::string& iso);

// ---- headings and labels

Words question();             ///< "Är protokollet justerat?"
Words signatures_heading();
Words no_signatures();
Words not_signed(bool a_signature_failed);  ///< the heading of the missing signers
Words archive_timestamps();
Words protocol_heading();
Words dates_heading();
Words law_heading();
Words no_findings();
Words technical_heading();
Words trust_heading();        ///< "Vem kontrollen litar på"
Words document_heading();
Words unknown();
Words swedish_time_word();    ///< "svensk tid"
Words checked();              ///< "Kontrollerat"

/// What the file says of itself, before the facts that follow, when the
/// file could not be confirmed.
Words unverified_note();
/// The facts come from the pages' text, not from embedded XML.
Words from_page_text();

// ---- the protocol's facts and the law's dates

Words municipality_label();
Words organ_label();
Words number_label();
Words meeting_label();
Words paragraph_summary(std::size_t paragraphs, std::size_t immediate);
Words immediate_badge();
/// How the day of justering was known (check.evidence).
Words evidence(const std::string& key);
Words adjusted_label();
Words immediate_label();
Words immediate_rule();       ///< "ska justeras sammanträdesdagen"
Words last_justering_label();
Words last_notice_label();
Words notice_put_up_label();
Words appeal_label();
Words appeal_needs_notice();  ///< "ange dagen då anslaget sattes upp"
Words severity(const std::string& severity);

// ---- a signature

Words role(const std::string& role);
/// The role line of a signature: matched, unconfirmed, not tried, not named.
Words role_line(const nlohmann::ordered_json& signature);
Words role_label();
Words certificate_name_label();
Words signed_label();
Words unknown_time();
Words time_source(const std::string& source);
Words issuer_label();
Words status_label();
/// "Giltig" / "Ogiltig: …" / "Kan inte avgöras: …", or the intact
/// signature after which the file was changed.
Words status(const nlohmann::ordered_json& signature);
Words changed_after_label();
Words and_more(std::size_t more);
/// The changes after a signature that no rule allows, in words (report_sv
/// where it has them): at most `most`, and how many there were.
std::vector<Words> disallowed_changes(const nlohmann::ordered_json& signature, const nlohmann::ordered_json& signature_sv, std::size_t most,
                                      std::size_t& count);

// ---- trust

Words trusted_roots(std::size_t count);

}  // namespace justera::serve::words
