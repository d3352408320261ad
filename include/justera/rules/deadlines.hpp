// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The dates of a protocol's life (Kommunallagen 5 kap. 69 §, 8 kap. 12 §,
/// 13 kap. 5 §; lag 1930:173): when it had to be adjusted, when it was, when
/// the notice must go up, and until when a decision can be appealed.

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "justera/core/language.hpp"
#include "justera/model/protocol.hpp"
#include "justera/rules/calendar.hpp"
#include "justera/rules/local_rules.hpp"

namespace justera::rules {

using model::Date;

/// The language of messages and notes (rule ids, laws, evidence and dates
/// do not change).
using Language = core::Language;

/// One signature that counts for the justering: who, and on which day.
struct SignatureDay {
    std::string name;   ///< as the protocol names the person
    Date date{};
    std::string role = "justerare";  ///< "sekreterare", "ordförande", or "" (a signer the protocol does not name; `name` is the certificate's)
};

/// Where the justering date comes from, strongest first.
enum class Evidence : std::uint8_t {
    VerifiedSignatures,  ///< cryptographic signatures in the PDF (their integrity checked)
    SignatureTable,      ///< a "Digitala signaturer" table typed into the text: proves nothing by itself
    Header,              ///< only the printed "Datum för justering"
    None,
};
std::string_view to_string(Evidence e) noexcept;  ///< "verified_signatures", "signature_table", "header", "none"

/// A justering of some paragraphs on a day of its own: the paragraphs a
/// meeting decided to adjust at once (arbetsordning, reglemente) are
/// justerade apart from the rest, and their notice (KL 8 kap. 12 §) and
/// appeal time (13 kap. 5 §) run from that justering.
struct JusteringEvent {
    std::vector<int> paragraphs;
    std::optional<Date> justering_date;  ///< from the evidence; nullopt when this document does not show it
    Evidence evidence = Evidence::None;
    std::optional<Date> anslag_date;
    std::optional<Date> anslag_last_day;
    std::optional<Date> appeal_last_day;
};

struct Deadlines {
    std::optional<Date> meeting_date;
    std::optional<Date> printed_justering_date;   ///< "Datum för justering" as printed
    std::optional<Date> justering_date;           ///< effective: the last required justerare's signature
    Evidence evidence = Evidence::None;
    /// What the signatures rest on (VerifiedSignatures, SignatureTable), or
    /// None without any: it stays so when the signatures show the justering
    /// incomplete and `evidence` falls back to the printed date.
    Evidence signature_evidence = Evidence::None;
    std::vector<std::string> unsigned_justerare;  ///< named justerare without a signature, when there are signatures to go by
    std::optional<bool> secretary_signed;         ///< with signatures to go by and a sekreterare named
    std::vector<SignatureDay> signatures;         ///< each justerare's first signature (the justering is the last of them)
    std::vector<SignatureDay> all_signatures;     ///< every signer's (the sekreterare's too)
    std::optional<Date> justering_last_day;       ///< meeting + 14 days, moved past non-working days
    std::optional<Date> anslag_last_day;          ///< justering + 2 days, moved past non-working days
    std::optional<Date> anslag_date;              ///< when the notice went up (given, else the protocol's ANSLAG/BEVIS)
    std::string anslag_source;                    ///< "given", "protocol" (its ANSLAG/BEVIS block) or "" (none)
    std::optional<Date> notice_removed;           ///< when the notice is taken down, as the protocol's ANSLAG/BEVIS says
    std::optional<Date> appeal_last_day;          ///< anslag + 3 weeks, moved past non-working days
    std::vector<int> immediate_paragraphs;        ///< paragraphs adjusted at once
    /// Their justering: one event for all of them. In a document that holds
    /// only them (an extract) it is the document's own justering; in a full
    /// protocol it happened apart, in a document of its own, and its day is
    /// not known from this one.
    std::vector<JusteringEvent> immediate;
    bool calendar_covered = true;                 ///< false: a date before rules::k_first_year, deadlines not computed
    std::vector<std::string> notes;               ///< how each date was reached (in the language asked for)
};

/// Computes the dates. `verified` are the signatures found valid in a signed
/// PDF (empty for text and XML); without them the typed signature table, and
/// without that the printed justering date, stand in (and the evidence says so).
/// Each named justerare counts once, by their first signature; when one has
/// not signed, the protocol is not justerat by its signatures and the
/// printed date stands in, with a note naming who is missing.
/// With `local.chair_justerar` the ordförande (chair_name) justerar too: their
/// first signature counts like a justerare's.
Deadlines compute_deadlines(const model::Protocol& protocol, const std::vector<SignatureDay>& verified, std::optional<Date> anslag,
                            Language lang = Language::Swedish, const LocalRules& local = {});

/// The ordförande's name (model::chair_of).
inline std::optional<std::string> chair_name(const model::Protocol& protocol) {
    auto chair = model::chair_of(protocol);
    return chair ? std::optional<std::string>(std::move(chair->name)) : std::nullopt;
}


}  // namespace justera::rules
