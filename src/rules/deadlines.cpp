// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/rules/deadlines.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "justera/rules/calendar.hpp"
#include "justera/model/names.hpp"

namespace justera::rules {

namespace {

using namespace std::chrono;

std::string with_day(const Date& d, Language lang) {
    return std::string(lang == Language::English ? weekday_name_en(d) : weekday_name(d)) + " " + iso(d);
}

/// `d` moved past non-working days, with a note when it moved.
Date rolled(const Date& d, const std::string& what, Language lang, std::vector<std::string>& notes) {
    const Date r = roll_forward(d);
    if (r != d) {
        notes.push_back(lang == Language::English
                            ? what + ": " + iso(d) + " is " + day_kind_en(d) + ", so the time runs out on the next working day, " +
                                  with_day(r, lang) + " (lag 1930:173 2 §)"
                            : what + ": " + iso(d) + " är " + std::string(day_kind(d)) + ", så fristen går ut nästa vardag, " +
                                  with_day(r, lang) + " (lag 1930:173 2 §)");
    }
    return r;
}

std::string names(const std::vector<std::string>& ns, Language lang) {
    std::string out;
    for (std::size_t i = 0; i < ns.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == ns.size() ? (lang == Language::English ? " and " : " och ") : ", ") + ns[i];
    }
    return out;
}

/// The justering of the immediately adjusted paragraphs (Deadlines::immediate).
void immediate_events(const model::Protocol& p, Deadlines& out, Language lang) {
    if (out.immediate_paragraphs.empty()) return;
    const bool en = lang == Language::English;
    JusteringEvent e;
    e.paragraphs = out.immediate_paragraphs;
    if (out.immediate_paragraphs.size() == p.paragraphs.size()) {
        // The document holds only them: its justering is theirs.
        e.justering_date = out.justering_date;
        e.evidence = out.evidence;
        e.anslag_date = out.anslag_date;
        e.anslag_last_day = out.anslag_last_day;
        e.appeal_last_day = out.appeal_last_day;
    } else {
        std::string list;
        for (std::size_t i = 0; i < e.paragraphs.size(); ++i) list += (i ? ", " : "") + std::to_string(e.paragraphs[i]);
        out.notes.push_back(en ? "§§ " + list + " were adjusted at once, apart from the rest: their justering, notice and appeal time are "
                                     "those of their own document (often an extract), which this one does not show"
                               : "§§ " + list + " justerades omedelbart, för sig: deras justering, anslag och överklagandetid är "
                                     "det egna dokumentets (ofta ett protokollsutdrag), som inte syns i detta");
    }
    out.immediate.push_back(std::move(e));
}

}  // namespace

std::string_view to_string(Evidence e) noexcept {
    switch (e) {
        case Evidence::VerifiedSignatures: return "verified_signatures";
        case Evidence::SignatureTable: return "signature_table";
        case Evidence::Header: return "header";
        case Evidence::None: return "none";
    }
    return "none";
}

Deadlines compute_deadlines(const model::Protocol& p, const std::vector<SignatureDay>& verified, std::optional<Date> anslag, Language lang,
                            const LocalRules& local) {
    const bool en = lang == Language::English;
    Deadlines out;
    out.meeting_date = p.meeting_date;
    out.printed_justering_date = p.adjustment_date;
    if (!anslag && p.notice && p.notice->posted) {
        anslag = p.notice->posted;
        out.anslag_source = "protocol";
        out.notes.push_back(en ? "the notice went up " + with_day(*anslag, lang) + ", as the protocol's ANSLAG/BEVIS says"
                               : "anslaget sattes upp " + with_day(*anslag, lang) + " enligt protokollets ANSLAG/BEVIS");
    } else if (anslag) {
        out.anslag_source = "given";
    }
    out.anslag_date = anslag;
    // The takedown day printed with the posting day it belongs to: not beside
    // another posting day given on the command line.
    if (p.notice && (out.anslag_source == "protocol" || p.notice->posted == anslag)) out.notice_removed = p.notice->removed;
    for (const auto& para : p.paragraphs) {
        if (para.immediate()) out.immediate_paragraphs.push_back(para.number);
    }
    // The signatures to go by: verified ones, else the typed table (matched
    // to the justerare and the sekreterare the protocol names).
    std::vector<SignatureDay> all;
    if (!verified.empty()) {
        all = verified;
        out.signature_evidence = Evidence::VerifiedSignatures;
    } else if (p.signature_table) {
        std::vector<std::pair<std::string, std::string>> people;  // name, role
        for (const auto& adj : p.adjusters) people.emplace_back(adj.name, "justerare");
        if (p.secretary) people.emplace_back(p.secretary->name, "sekreterare");
        const auto chair = chair_name(p);
        if (chair && std::none_of(p.adjusters.begin(), p.adjusters.end(), [&](const model::PersonRef& a) { return a.name == *chair; })) {
            people.emplace_back(*chair, "ordförande");
        }
        for (const auto& [name, role] : people) {
            for (const auto& e : p.signature_table->entries) {
                if (model::name_matches(name, model::PersonName{e.given_names, e.surname})) all.push_back(SignatureDay{name, e.date, role});
            }
        }
        if (!all.empty()) out.signature_evidence = Evidence::SignatureTable;
    }
    out.all_signatures = all;
    // Justerad = every justerare has signed, each counted once (by their
    // first signature): the day of the last of them.
    std::vector<SignatureDay> used;
    if (p.adjusters.empty()) {
        for (const auto& s : all) {
            if (s.role == "justerare") used.push_back(s);
        }
    } else {
        for (const auto& adj : p.adjusters) {
            const SignatureDay* first = nullptr;
            for (const auto& s : all) {
                if (s.role == "justerare" && s.name == adj.name && (!first || s.date < first->date)) first = &s;
            }
            if (first) used.push_back(*first);
            else if (!all.empty()) out.unsigned_justerare.push_back(adj.name);
        }
    }
    // The ordförande, where the local rules make the ordförande justera.
    if (const auto chair = chair_name(p); local.chair_justerar && chair) {
        const auto is_chair = [&](const std::string& name) { return model::same_printed_person(*chair, name); };
        if (std::none_of(p.adjusters.begin(), p.adjusters.end(), [&](const model::PersonRef& a) { return is_chair(a.name); })) {
            const SignatureDay* first = nullptr;
            for (const auto& s : all) {
                if ((s.role == "ordförande" || is_chair(s.name)) && (!first || s.date < first->date)) first = &s;
            }
            if (first) used.push_back(SignatureDay{*chair, first->date, "ordförande"});
            else if (!all.empty()) out.unsigned_justerare.push_back(*chair);
            out.notes.push_back(en ? "the ordförande " + *chair + " justerar too, as the local rules (" + local.source + ") say"
                                   : "ordföranden " + *chair + " justerar också, enligt de lokala reglerna (" + local.source + ")");
        }
    }
    if (p.secretary && !all.empty()) {
        out.secretary_signed = std::any_of(all.begin(), all.end(), [&](const SignatureDay& s) { return s.name == p.secretary->name; });
    }
    const bool table = out.signature_evidence == Evidence::SignatureTable;
    if (!used.empty() && out.unsigned_justerare.empty()) {
        out.evidence = out.signature_evidence;
        const auto last = std::max_element(used.begin(), used.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
        out.justering_date = last->date;
        out.notes.push_back(en ? "justered " + with_day(last->date, lang) + ", when the last justerare (" + last->name + ") signed" +
                                     (table ? " according to the signature table in the text (no proof by itself)" : "")
                               : "justerat " + with_day(last->date, lang) + ", när den sista justeraren (" + last->name + ") skrev under" +
                                     (table ? " enligt underskriftstabellen i texten (inget bevis i sig)" : ""));
    } else {
        if (!out.unsigned_justerare.empty()) {
            const std::string who = names(out.unsigned_justerare, lang);
            out.notes.push_back(en ? who + " did not sign: by its signatures the protocol is not justered"
                                   : who + " har inte skrivit under: enligt underskrifterna är protokollet inte justerat");
        }
        if (p.adjustment_date) {
            out.justering_date = p.adjustment_date;
            out.evidence = Evidence::Header;
            if (all.empty()) {
                out.notes.push_back(en ? "the justering day is the printed \u00BBDatum f\u00F6r justering\u00AB " + with_day(*p.adjustment_date, lang) +
                                             ": no signatures to go by"
                                       : "justeringsdagen är den tryckta \u00BBDatum för justering\u00AB " + with_day(*p.adjustment_date, lang) +
                                             ": inga underskrifter att gå efter");
            } else {
                out.notes.push_back(en ? "the printed \u00BBDatum f\u00F6r justering\u00AB " + with_day(*p.adjustment_date, lang) +
                                             " stands in for the justering day meanwhile"
                                       : "den tryckta \u00BBDatum för justering\u00AB " + with_day(*p.adjustment_date, lang) +
                                             " står för justeringsdagen så länge");
            }
        }
    }
    out.signatures = used;
    // Deadlines only in years whose helgdagar justera knows.
    for (const auto& d : {out.meeting_date, out.justering_date, anslag}) {
        if (d && !calendar_covers(*d)) out.calendar_covered = false;
    }
    if (!out.calendar_covered) {
        out.notes.push_back(en ? "a date before " + std::to_string(k_first_year) +
                                     ": justera's calendar starts in that year, so the deadlines are not computed; count them by hand"
                               : "ett datum före " + std::to_string(k_first_year) +
                                     ": kalendern i justera börjar det året, så fristerna räknas inte ut; räkna dem för hand");
        immediate_events(p, out, lang);
        return out;
    }
    if (out.meeting_date) {
        out.justering_last_day = rolled(add_days(*out.meeting_date, 14),
                                        en ? "last day for justering (KL 5 kap. 69 §)" : "sista dag för justering (KL 5 kap. 69 §)", lang, out.notes);
    }
    if (out.justering_date) {
        out.anslag_last_day = rolled(add_days(*out.justering_date, 2),
                                     en ? "last day for the notice (KL 8 kap. 12 §)" : "sista dag för anslag (KL 8 kap. 12 §)", lang, out.notes);
    }
    if (anslag) {
        // Three weeks: the same weekday three weeks on (1930:173 1 §).
        out.appeal_last_day = rolled(add_days(*anslag, 21), en ? "last day to appeal (KL 13 kap. 5 §)" : "sista dag för överklagande (KL 13 kap. 5 §)",
                                     lang, out.notes);
    }
    immediate_events(p, out, lang);
    return out;
}

}  // namespace justera::rules
