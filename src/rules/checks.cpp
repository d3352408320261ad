// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/rules/checks.hpp"

#include <algorithm>
#include <set>

#include "justera/rules/calendar.hpp"
#include "justera/sign/sign.hpp"

namespace justera::rules {

namespace {

std::string day(const Date& d) { return std::string(weekday_name(d)) + " " + iso(d); }

std::string list(const std::vector<int>& ps) {
    std::string out;
    for (std::size_t i = 0; i < ps.size(); ++i) out += (i ? ", " : "") + std::string("§ ") + std::to_string(ps[i]);
    return out;
}

/// Two names in the protocol for the same person ("Andrea Hedin", "Andréa Hédin"):
/// the surname and the first name agree, ignoring case and diacritics.
bool same_person(const std::string& a, const std::string& b) {
    const auto sp = b.rfind(' ');
    if (sp == std::string::npos) return false;
    sign::Identity who;
    who.given_names = b.substr(0, sp);
    who.surname = b.substr(sp + 1);
    return sign::name_matches(a, who);
}

}  // namespace

std::vector<Finding> check_protocol(const model::Protocol& p, const Deadlines& dl) {
    std::vector<Finding> out;
    const std::string ev(to_string(dl.evidence));
    const auto add = [&](std::string rule, std::string severity, std::vector<int> paras, std::string message, std::string law,
                         std::string evidence) {
        out.push_back(Finding{std::move(rule), std::move(severity), std::move(paras), std::move(message), std::move(law), std::move(evidence)});
    };

    // The header a reader needs.
    std::string missing;
    if (!p.meeting_date) missing += ", sammanträdesdag";
    if (p.organ.empty()) missing += ", organ";
    if (p.adjusters.empty()) missing += ", justerare";
    if (!missing.empty()) {
        add("header.missing", "warning", {}, "Protokollets huvud saknar " + missing.substr(2) + ": kontrollerna som bygger på dem kan inte göras.",
            "KL 5 kap. 66 §", "text");
    }

    // The paragraph list in the header and the paragraphs present.
    if (!p.paragraph_range.empty()) {
        std::set<int> header(p.paragraph_range.begin(), p.paragraph_range.end());
        std::set<int> present;
        for (const auto& para : p.paragraphs) present.insert(para.number);
        if (header != present) {
            std::vector<int> only_header;
            std::vector<int> only_present;
            std::set_difference(header.begin(), header.end(), present.begin(), present.end(), std::back_inserter(only_header));
            std::set_difference(present.begin(), present.end(), header.begin(), header.end(), std::back_inserter(only_present));
            std::string msg = "Huvudets paragraflista \u00BB" + p.paragraph_range_written + "\u00AB stämmer inte med paragraferna i protokollet";
            if (!only_header.empty()) msg += "; saknas: " + list(only_header);
            if (!only_present.empty()) msg += "; finns men står inte i listan: " + list(only_present);
            std::vector<int> all = only_header;
            all.insert(all.end(), only_present.begin(), only_present.end());
            add("paragraphs.header-list", "error", all, msg + ".", "KL 5 kap. 66 §", "text");
        }
    }

    // Justering in time, and not before it was announced.
    if (dl.justering_date && dl.justering_last_day && *dl.justering_date > *dl.justering_last_day) {
        add("justering.deadline", "error", {}, "Protokollet justerades " + day(*dl.justering_date) + ", efter sista dagen " + day(*dl.justering_last_day) +
                                                  " (14 dagar efter sammanträdet).",
            "KL 5 kap. 69 §", ev);
    }
    if (dl.justering_date && dl.printed_justering_date && dl.evidence != Evidence::Header && *dl.justering_date != *dl.printed_justering_date) {
        add("justering.printed-date", "warning", {}, "Protokollet blev justerat " + day(*dl.justering_date) + " (den sista justerarens underskrift), inte " +
                                                         day(*dl.printed_justering_date) + " som står under \u00BBDatum för justering\u00AB; fristerna räknas från den verkliga dagen.",
            "KL 5 kap. 69 §, 8 kap. 12 §", ev);
    }
    for (const auto& s : dl.all_signatures) {
        if (dl.meeting_date && s.date < *dl.meeting_date) {
            add("justering.before-meeting", "error", {}, s.name + " skrev under " + day(s.date) + ", före sammanträdet " + day(*dl.meeting_date) + ".",
                "KL 5 kap. 69 §", ev);
        }
    }
    if (p.announced_adjustment_date && dl.justering_date && dl.evidence != Evidence::Header) {
        if (*dl.justering_date < *p.announced_adjustment_date) {
            add("justering.before-announced", "warning", {}, "Justeringen blev klar " + day(*dl.justering_date) + ", före den tid protokollet angav (" +
                                                                 day(*p.announced_adjustment_date) + "): reservationer får lämnas in till dess.",
                "KL 4 kap. 27 §", ev);
        } else {
            std::string early;
            for (const auto& s : dl.all_signatures) {
                if (s.date < *p.announced_adjustment_date) early += (early.empty() ? "" : ", ") + s.name + " " + iso(s.date);
            }
            if (!early.empty()) {
                add("justering.signed-before-announced", "info", {}, "Underskrifter före den angivna justeringsdagen " + day(*p.announced_adjustment_date) + ": " +
                                                                          early + "; justeringen blev ändå klar i tid.",
                    "KL 4 kap. 27 §", ev);
            }
        }
    }

    // Immediate justering.
    const auto& imm = dl.immediate_paragraphs;
    const bool all_immediate = !imm.empty() && imm.size() == p.paragraphs.size();
    if (!imm.empty() && all_immediate && dl.justering_date && dl.meeting_date && *dl.justering_date != *dl.meeting_date) {
        add("immediate.same-day", "warning", imm, "Paragraferna skulle justeras omedelbart, men justeringen blev klar " + day(*dl.justering_date) +
                                                      ", inte på sammanträdesdagen " + day(*dl.meeting_date) + ".",
            "KL 5 kap. 69 §", ev);
    }
    if (p.kind == model::DocumentKind::Extract && !imm.empty() && !all_immediate) {
        std::vector<int> other;
        for (const auto& para : p.paragraphs) {
            if (!para.immediate()) other.push_back(para.number);
        }
        add("immediate.extract-only", "error", other, "Utdraget med omedelbart justerade paragrafer innehåller också " + list(other) + ", som inte justeras omedelbart.",
            "KL 5 kap. 69 §", "text");
    }
    if (!imm.empty() && !all_immediate) {
        add("immediate.needs-extract", "info", imm, list(imm) + " justeras omedelbart: de behöver en egen justering på sammanträdesdagen (ofta ett eget protokollsutdrag), och ett eget anslag.",
            "KL 5 kap. 69 §, 8 kap. 12 §", "text");
    }

    // People: justerare serve; a replaced member is not also present.
    for (const auto& adj : p.adjusters) {
        const bool serving = std::any_of(p.members.begin(), p.members.end(), [&](const model::Member& m) { return same_person(adj.name, m.name); });
        if (!p.members.empty() && !serving) {
            add("people.justerare-serving", "error", {}, adj.name + " är justerare men står inte bland de tjänstgörande ledamöterna.", "KL 5 kap. 66 §, reglemente",
                "text");
        }
    }
    for (const auto& m : p.members) {
        if (!m.replaces) continue;
        for (const auto& other : p.members) {
            if (&other != &m && same_person(m.replaces->name, other.name) && other.paragraphs.empty() && m.paragraphs.empty()) {
                add("people.replaced-present", "error", m.paragraphs,
                    m.name + " ersätter " + m.replaces->name + ", som ändå står som tjänstgörande.", "KL 5 kap. 66 §", "text");
            }
        }
    }

    // The notice.
    if (dl.anslag_date && dl.anslag_last_day && *dl.anslag_date > *dl.anslag_last_day) {
        add("anslag.late", "warning", {}, "Anslaget sattes upp " + day(*dl.anslag_date) + ", efter sista dagen " + day(*dl.anslag_last_day) +
                                              " (två dagar efter justeringen).",
            "KL 8 kap. 12 §", ev);
    }
    if (dl.anslag_date && dl.justering_date && *dl.anslag_date < *dl.justering_date) {
        add("anslag.before-justering", "error", {}, "Anslaget sattes upp " + day(*dl.anslag_date) + ", före justeringen " + day(*dl.justering_date) + ".",
            "KL 8 kap. 12 §", ev);
    }
    return out;
}

}  // namespace justera::rules
