// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/rules/checks.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "justera/rules/calendar.hpp"
#include "justera/model/names.hpp"

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
bool same_person(const std::string& a, const std::string& b) { return model::name_matches(a, model::split_printed_name(b)); }

/// How `a` matched `b` (as same_person compares them).
model::NameMatch match_kind(const std::string& a, const std::string& b) { return model::name_match(a, model::split_printed_name(b)); }

bool capitalised(std::string_view w) {
    if (w.empty()) return false;
    const auto c = static_cast<unsigned char>(w[0]);
    return (c >= 'A' && c <= 'Z') || (c == 0xC3 && w.size() > 1 && static_cast<unsigned char>(w[1]) >= 0x80 && static_cast<unsigned char>(w[1]) <= 0x9E);
}

/// The people a sentence names the way protocols do, "Kristin Jacobsson (C),
/// Jan Jönsson (L) och Andrea Hedin m.fl. (M)": the capitalised words before
/// each party in parentheses.
std::vector<std::string> named_with_party(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t open = text.find('('); open != std::string::npos; open = text.find('(', open + 1)) {
        const std::size_t close = text.find(')', open);
        if (close == std::string::npos || close - open < 2 || close - open > 6) continue;
        const std::string party = text.substr(open + 1, close - open - 1);
        if (!std::all_of(party.begin(), party.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) continue;
        std::string before = text.substr(0, open);
        while (!before.empty() && before.back() == ' ') before.pop_back();
        if (before.size() >= 6 && before.compare(before.size() - 6, 6, " m.fl.") == 0) before.resize(before.size() - 6);
        // The capitalised words just before the parenthesis.
        std::vector<std::string> words;
        std::size_t end = before.size();
        while (end > 0 && words.size() < 4) {
            std::size_t start = before.rfind(' ', end - 1);
            start = start == std::string::npos ? 0 : start + 1;
            const std::string w = before.substr(start, end - start);
            if (!capitalised(w) || w.back() == ',' || w.back() == '.') break;
            words.insert(words.begin(), w);
            if (start == 0) break;
            end = start - 1;
        }
        if (words.size() < 2) continue;
        std::string name;
        for (const auto& w : words) name += (name.empty() ? "" : " ") + w;
        out.push_back(name);
    }
    return out;
}

}  // namespace

std::vector<Finding> check_protocol(const model::Protocol& p, const Deadlines& dl, Language lang) {
    std::vector<Finding> out;
    const auto tr = [lang](const std::string& sv, const std::string& en) { return lang == Language::English ? en : sv; };
    const std::string ev(to_string(dl.evidence));
    const std::string sev(to_string(dl.signature_evidence));  // for findings about the signatures themselves
    const auto add = [&](std::string rule, std::string severity, std::vector<int> paras, std::string message, std::string law,
                         std::string evidence) {
        const std::string basis = severity == "info" ? "note" : "breach";
        out.push_back(Finding{std::move(rule), std::move(severity), std::move(paras), std::move(message), std::move(law), std::move(evidence), basis});
    };

    // What the text does not say: the rules that need it cannot be judged,
    // which is not the same as a rule broken.
    const auto unknown = [&](std::string rule, std::string severity, std::string message, std::string law) {
        out.push_back(Finding{std::move(rule), std::move(severity), {}, std::move(message), std::move(law), "text", "not-established"});
    };
    if (!p.meeting_date) {
        unknown("unknown.meeting-date", "warning",
                tr("Texten anger ingen sammanträdesdag: om protokollet justerades i tid, om någon skrev under före sammanträdet "
                   "och om omedelbart justerade paragrafer justerades samma dag kan inte prövas.",
                   "The text gives no meeting date: whether the protocol was adjusted in time, whether anyone signed before the "
                   "meeting and whether immediately adjusted paragraphs were adjusted the same day cannot be judged."),
                "KL 5 kap. 66 §, 69 §");
    }
    if (p.organ.empty()) {
        unknown("unknown.organ", "warning",
                tr("Texten anger inte vilket organ som sammanträdde: vems protokoll det är kan inte avgöras.",
                   "The text does not say which body met: whose protocol this is cannot be told."),
                "KL 5 kap. 66 §");
    }
    if (p.adjusters.empty()) {
        unknown("unknown.justerare", "warning",
                tr("Texten namnger inga justerare: om protokollet är justerat, och av vem, kan inte prövas.",
                   "The text names no justerare: whether the protocol is adjusted, and by whom, cannot be judged."),
                "KL 5 kap. 69 §");
    }
    if (p.members.empty()) {
        unknown("unknown.attendance", "warning",
                tr("Texten har ingen lista över tjänstgörande ledamöter som kunde läsas: om justerarna, reservanterna och "
                   "ersättarna tjänstgjorde kan inte prövas.",
                   "The text has no list of serving members that could be read: whether the justerare, those who reserved "
                   "themselves and the substitutes served cannot be judged."),
                "KL 5 kap. 66 §");
    }
    if (!dl.justering_date && !p.adjusters.empty()) {
        out.push_back(Finding{"unknown.justering-date", "info", {},
                              tr("Ingen underskrift och inget tryckt justeringsdatum: justeringens dag, och fristerna som räknas "
                                 "från den (anslaget, överklagandet), kan inte bestämmas ännu.",
                                 "No signature and no printed date of justering: the day of the justering, and the time limits "
                                 "counted from it (the notice, the appeal), cannot be set yet."),
                              "KL 5 kap. 69 §, 8 kap. 12 §", "text", "not-established"});
    }
    if (!p.unplaced.empty()) {
        std::string lines;
        for (std::size_t i = 0; i < p.unplaced.size() && i < 8; ++i) lines += (i ? ", " : "") + std::to_string(p.unplaced[i].line);
        if (p.unplaced.size() > 8) lines += ", …";
        unknown("unknown.unplaced-text", "warning",
                tr(std::to_string(p.unplaced.size()) + " rader i texten kunde inte placeras (rad " + lines +
                       "): uppgifter i dem är inte prövade.",
                   std::to_string(p.unplaced.size()) + " lines of the text could not be placed (line " + lines +
                       "): facts in them were not checked."),
                "—");
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
            std::string msg = tr("Huvudets paragraflista \u00BB" + p.paragraph_range_written + "\u00AB stämmer inte med paragraferna i protokollet",
                                 "The header's paragraph list \u00BB" + p.paragraph_range_written + "\u00AB is not the paragraphs in the protocol");
            if (!only_header.empty()) msg += tr("; saknas: ", "; missing: ") + list(only_header);
            if (!only_present.empty()) msg += tr("; finns men står inte i listan: ", "; present but not listed: ") + list(only_present);
            std::vector<int> all = only_header;
            all.insert(all.end(), only_present.begin(), only_present.end());
            add("paragraphs.header-list", "error", all, msg + ".", "KL 5 kap. 66 §", "text");
        }
    }

    // Justering in time, and not before it was announced.
    if (dl.justering_date && dl.justering_last_day && *dl.justering_date > *dl.justering_last_day) {
        add("justering.deadline", "error", {}, tr("Protokollet justerades " + day(*dl.justering_date) + ", efter sista dagen " + day(*dl.justering_last_day) + " (14 dagar efter sammanträdet).",
               "The protocol was adjusted on " + iso(*dl.justering_date) + ", after the last day " + iso(*dl.justering_last_day) + " (14 days after the meeting)."),
            "KL 5 kap. 69 §", ev);
    }
    if (dl.justering_date && dl.printed_justering_date && dl.evidence != Evidence::Header && *dl.justering_date != *dl.printed_justering_date) {
        add("justering.printed-date", "warning", {}, tr("Protokollet blev justerat " + day(*dl.justering_date) + " (den sista justerarens underskrift), inte " + day(*dl.printed_justering_date) +
                   " som står under \u00BBDatum för justering\u00AB; fristerna räknas från den verkliga dagen.",
               "The protocol was adjusted on " + iso(*dl.justering_date) + " (the last justerare's signature), not on " + iso(*dl.printed_justering_date) +
                   " as printed under \u00BBDatum för justering\u00AB; the deadlines run from the real day."),
            "KL 5 kap. 69 §, 8 kap. 12 §", ev);
    }
    for (const auto& s : dl.all_signatures) {
        if (dl.meeting_date && s.date < *dl.meeting_date) {
            add("justering.before-meeting", "error", {}, tr(s.name + " skrev under " + day(s.date) + ", före sammanträdet " + day(*dl.meeting_date) + ".",
                   s.name + " signed on " + iso(s.date) + ", before the meeting on " + iso(*dl.meeting_date) + "."),
                "KL 5 kap. 69 §", sev);
        }
    }
    if (p.announced_adjustment_date && dl.justering_date && dl.evidence != Evidence::Header) {
        if (*dl.justering_date < *p.announced_adjustment_date) {
            add("justering.before-announced", "warning", {}, tr("Justeringen blev klar " + day(*dl.justering_date) + ", före den tid protokollet angav (" + day(*p.announced_adjustment_date) +
                       "): reservationer får lämnas in till dess.",
                   "The justering was complete on " + iso(*dl.justering_date) + ", before the time the protocol announced (" +
                       iso(*p.announced_adjustment_date) + "): reservations may be handed in until then."),
                "KL 4 kap. 27 §", ev);
        } else {
            std::string early;
            for (const auto& s : dl.all_signatures) {
                if (s.date < *p.announced_adjustment_date) early += (early.empty() ? "" : ", ") + s.name + " " + iso(s.date);
            }
            if (!early.empty()) {
                add("justering.signed-before-announced", "info", {}, tr("Underskrifter före den angivna justeringsdagen " + day(*p.announced_adjustment_date) + ": " + early +
                           "; justeringen blev ändå klar i tid.",
                       "Signatures before the announced day of justering " + iso(*p.announced_adjustment_date) + ": " + early +
                           "; the justering still completed in time."),
                    "KL 4 kap. 27 §", ev);
            }
        }
    }

    // Immediate justering.
    const auto& imm = dl.immediate_paragraphs;
    const bool all_immediate = !imm.empty() && imm.size() == p.paragraphs.size();

    // Who signed, when there are signatures to go by: every justerare (the
    // justering is not done until all have), the sekreterare, and for
    // immediately adjusted paragraphs the ordförande.
    if (!dl.unsigned_justerare.empty()) {
        std::string who;
        for (std::size_t i = 0; i < dl.unsigned_justerare.size(); ++i) who += (i ? ", " : "") + dl.unsigned_justerare[i];
        add("signatures.justerare-missing", "error", all_immediate ? imm : std::vector<int>{},
            tr("Protokollet är inte justerat: " + who + " har inte skrivit under" +
                   (dl.signature_evidence == Evidence::SignatureTable ? " enligt underskriftstabellen." : "; bland de giltiga underskrifterna saknas den."),
               "The protocol is not adjusted: " + who + " has not signed" +
                   (dl.signature_evidence == Evidence::SignatureTable ? " according to the signature table." : "; no valid signature of theirs is there.")),
            "KL 5 kap. 69 §", sev);
    }
    if (dl.secretary_signed && !*dl.secretary_signed && p.secretary) {
        add("signatures.secretary-missing", "warning", {},
            tr("Sekreteraren " + p.secretary->name + " har inte skrivit under protokollet.",
               "The sekreterare " + p.secretary->name + " has not signed the protocol."),
            "reglemente", sev);
    }
    if (const auto chair = chair_of(p); chair && !imm.empty() && dl.signature_evidence != Evidence::None) {
        const bool justerare = std::any_of(p.adjusters.begin(), p.adjusters.end(), [&](const model::PersonRef& a) { return same_person(*chair, a.name); });
        const bool signed_it = std::any_of(dl.all_signatures.begin(), dl.all_signatures.end(), [&](const SignatureDay& s) {
            return s.name == *chair || same_person(*chair, s.name);
        });
        if (!justerare && !signed_it) {
            add("immediate.chair-unsigned", "error", imm,
                tr("Ordföranden " + *chair + " har inte skrivit under de omedelbart justerade paragraferna " + list(imm) + ".",
                   "The ordförande " + *chair + " has not signed the immediately adjusted paragraphs " + list(imm) + "."),
                "KL 5 kap. 69 §, reglemente", sev);
        }
    }
    if (!imm.empty() && all_immediate && dl.justering_date && dl.meeting_date && *dl.justering_date != *dl.meeting_date) {
        add("immediate.same-day", "warning", imm, tr("Paragraferna skulle justeras omedelbart, men justeringen blev klar " + day(*dl.justering_date) + ", inte på sammanträdesdagen " +
                   day(*dl.meeting_date) + ".",
               "The paragraphs were to be adjusted at once, but the justering completed on " + iso(*dl.justering_date) + ", not on the meeting day " +
                   iso(*dl.meeting_date) + "."),
            "KL 5 kap. 69 §", ev);
    }
    if (p.kind == model::DocumentKind::Extract && !imm.empty() && !all_immediate) {
        std::vector<int> other;
        for (const auto& para : p.paragraphs) {
            if (!para.immediate()) other.push_back(para.number);
        }
        add("immediate.extract-only", "error", other, tr("Utdraget med omedelbart justerade paragrafer innehåller också " + list(other) + ", som inte justeras omedelbart.",
               "The extract of immediately adjusted paragraphs also holds " + list(other) + ", which are not adjusted at once."),
            "KL 5 kap. 69 §", "text");
    }
    if (!imm.empty() && !all_immediate) {
        add("immediate.needs-extract", "info", imm, tr(list(imm) + " justeras omedelbart: de behöver en egen justering på sammanträdesdagen (ofta ett eget protokollsutdrag), och ett eget anslag.",
               list(imm) + " are adjusted at once: they need their own justering on the meeting day (often an extract of their own) and their own notice."),
            "KL 5 kap. 69 §, 8 kap. 12 §", "text");
    }

    // People: justerare serve (names compared as in signing, and how they
    // matched said when not word for word); a replaced member is not also present.
    for (const auto& adj : p.adjusters) {
        const auto serving = std::find_if(p.members.begin(), p.members.end(), [&](const model::Member& m) { return same_person(adj.name, m.name); });
        // Listed as present but not serving: the text says so. Named nowhere in
        // the attendance: the text does not show it either way.
        const bool listed_otherwise =
            std::any_of(p.substitutes.begin(), p.substitutes.end(), [&](const model::PersonRef& r) { return same_person(adj.name, r.name); }) ||
            std::any_of(p.others.begin(), p.others.end(), [&](const model::OtherPresent& o) { return same_person(adj.name, o.name); });
        if (!p.members.empty() && serving == p.members.end() && listed_otherwise) {
            add("people.justerare-serving", "error", {}, tr(adj.name + " är justerare men står bland de närvarande som inte tjänstgjorde.",
                   adj.name + " is a justerare but is listed among those present who did not serve."), "KL 5 kap. 66 §, reglemente",
                "text");
        } else if (!p.members.empty() && serving == p.members.end()) {
            out.push_back(Finding{"people.justerare-unlisted", "warning", {},
                                  tr(adj.name + " är justerare men står inte i närvarolistan: texten visar inte att " + adj.name +
                                         " tjänstgjorde. Kontrollera namnet och närvarolistan.",
                                     adj.name + " is a justerare but is not in the attendance list: the text does not show that " +
                                         adj.name + " served. Check the name and the attendance list."),
                                  "KL 5 kap. 66 §, reglemente", "text", "not-established"});
        } else if (serving != p.members.end()) {
            const auto kind = match_kind(adj.name, serving->name);
            if (kind != model::NameMatch::Exact) {
                const bool case_only = kind == model::NameMatch::Case;
                add("people.name-variant", "info", {},
                    tr("Justeraren " + adj.name + " står bland ledamöterna som " + serving->name + " (samma person: " +
                           (case_only ? "skiftläget skiljer" : "tilltalsnamnet bland förnamnen") + ").",
                       "The justerare " + adj.name + " is listed among the members as " + serving->name + " (the same person: " +
                           (case_only ? "the case differs" : "the name in use among the given names") + ")."),
                    "KL 5 kap. 66 §", "text");
            }
        }
    }
    for (const auto& m : p.members) {
        if (!m.replaces) continue;
        for (const auto& other : p.members) {
            if (&other != &m && same_person(m.replaces->name, other.name) && other.paragraphs.empty() && m.paragraphs.empty()) {
                add("people.replaced-present", "error", m.paragraphs,
                    tr(m.name + " ersätter " + m.replaces->name + ", som ändå står som tjänstgörande.",
                       m.name + " replaces " + m.replaces->name + ", who is listed as serving all the same."), "KL 5 kap. 66 §", "text");
            }
        }
    }

    // Who reserved themselves and who made an ersättaryttrande: reservants
    // took part in the decision (serving members), the authors of an
    // ersättaryttrande did not (non-serving substitutes). A särskilt
    // uttalande comes from those who served, by local practice (KL does not
    // regulate it): a substitute who did not serve makes an ersättaryttrande.
    const auto serving = [&](const std::string& name) {
        return std::any_of(p.members.begin(), p.members.end(), [&](const model::Member& m) { return same_person(name, m.name); });
    };
    const auto substitute = [&](const std::string& name) {
        return std::any_of(p.substitutes.begin(), p.substitutes.end(), [&](const model::PersonRef& r) { return same_person(name, r.name); });
    };
    for (const auto& para : p.paragraphs) {
        for (const auto& sec : para.sections) {
            if (sec.kind != model::SectionKind::Reservations && sec.kind != model::SectionKind::SubstituteStatement &&
                sec.kind != model::SectionKind::SpecialStatement) {
                continue;
            }
            for (const auto& block : sec.blocks) {
                for (const auto& name : named_with_party(block.text)) {
                    if (sec.kind == model::SectionKind::Reservations && !serving(name) && substitute(name)) {
                        add("people.reservation-not-serving", "error", {para.number},
                            tr(name + " reserverade sig i § " + std::to_string(para.number) + " men tjänstgjorde inte: bara ledamöter som deltog i beslutet kan reservera sig.",
                               name + " reserved themselves in § " + std::to_string(para.number) +
                                   " but did not serve: only members who took part in the decision can reserve themselves."),
                            "KL 4 kap. 27 §", "text");
                    }
                    if (sec.kind == model::SectionKind::SpecialStatement && !serving(name) && substitute(name)) {
                        add("people.special-statement-not-serving", "warning", {para.number},
                            tr(name + " står för ett särskilt uttalande i § " + std::to_string(para.number) +
                                   " men tjänstgjorde inte: en ersättare som inte deltar i beslutet lämnar ett ersättaryttrande.",
                               name + " made a särskilt uttalande in § " + std::to_string(para.number) +
                                   " but did not serve: a substitute who takes no part in the decision makes an ersättaryttrande."),
                            "reglemente (praxis)", "text");
                    }
                    if (sec.kind == model::SectionKind::SubstituteStatement && serving(name)) {
                        add("people.substitute-statement-serving", "error", {para.number},
                            tr(name + " står för ett ersättaryttrande i § " + std::to_string(para.number) +
                                   " men tjänstgjorde: ersättaryttranden lämnas av ersättare som inte deltar i beslutet.",
                               name + " made an ersättaryttrande in § " + std::to_string(para.number) +
                                   " but served: ersättaryttranden come from substitutes who take no part in the decision."),
                            "KL 5 kap. 66 §, reglemente", "text");
                    }
                }
            }
        }
    }

    // The notice.
    if (dl.anslag_date && dl.anslag_last_day && *dl.anslag_date > *dl.anslag_last_day) {
        add("anslag.late", "warning", {}, tr("Anslaget sattes upp " + day(*dl.anslag_date) + ", efter sista dagen " + day(*dl.anslag_last_day) + " (två dagar efter justeringen).",
               "The notice went up on " + iso(*dl.anslag_date) + ", after the last day " + iso(*dl.anslag_last_day) + " (two days after the justering)."),
            "KL 8 kap. 12 §", ev);
    }
    if (dl.anslag_date && dl.justering_date && *dl.anslag_date < *dl.justering_date) {
        add("anslag.before-justering", "error", {}, tr("Anslaget sattes upp " + day(*dl.anslag_date) + ", före justeringen " + day(*dl.justering_date) + ".",
               "The notice went up on " + iso(*dl.anslag_date) + ", before the justering on " + iso(*dl.justering_date) + "."),
            "KL 8 kap. 12 §", ev);
    }
    return out;
}

}  // namespace justera::rules

namespace justera::rules {

namespace {

/// Lower case, letters and digits only, for comparing texts written twice.
std::string squash(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
        } else {
            out.push_back(static_cast<char>(c));  // UTF-8 bytes kept as they are
        }
    }
    return out;
}

std::string decision_text(const model::Paragraph& p) {
    std::string out;
    for (const auto& dp : p.decision) {
        out += dp.text;
        for (const auto& it : dp.items) out += it;
    }
    return squash(out);
}

/// The protocol paragraph an agenda item became, if it can be told.
const model::Paragraph* match(const model::Protocol& p, const model::AgendaItem& item) {
    if (item.number) {
        for (const auto& para : p.paragraphs) {
            if (para.number == *item.number) return &para;
        }
    }
    const std::string title = squash(item.title);
    if (title.size() >= 8) {
        for (const auto& para : p.paragraphs) {
            const std::string t = squash(para.title);
            if (!t.empty() && (t.find(title) != std::string::npos || title.find(t) != std::string::npos)) return &para;
        }
    }
    // The first proposed decision point that is not the immediate sentence
    // itself, found among a paragraph's decisions.
    for (const auto& dp : item.proposal) {
        const std::string want = squash(dp.text);
        if (want.size() < 20 || want.find("justerasomedelbart") != std::string::npos || want.find("omedelbartjustera") != std::string::npos) continue;
        for (const auto& para : p.paragraphs) {
            if (decision_text(para).find(want.substr(0, 60)) != std::string::npos) return &para;
        }
        break;
    }
    return nullptr;
}

std::string item_name(const model::AgendaItem& item) {
    if (!item.title.empty()) return "\u00BB" + item.title + "\u00AB";
    if (item.number) return "punkt " + std::to_string(*item.number);
    if (!item.proposal.empty()) return "förslaget \u00BB" + item.proposal.front().text.substr(0, 70) + "…\u00AB";
    return "en punkt utan rubrik";
}

}  // namespace

std::vector<Finding> compare_agenda(const model::Protocol& p, const model::Agenda& a, Language lang) {
    std::vector<Finding> out;
    const auto tr = [lang](const std::string& sv, const std::string& en) { return lang == Language::English ? en : sv; };
    if (a.meeting_date && p.meeting_date && *a.meeting_date != *p.meeting_date) {
        out.push_back(Finding{"agenda.other-meeting", "warning", {},
                              tr("Föredragningslistan gäller sammanträdet " + iso(*a.meeting_date) + ", protokollet " + iso(*p.meeting_date) + ".",
                                 "The agenda is for the meeting of " + iso(*a.meeting_date) + ", the protocol for " + iso(*p.meeting_date) + "."), "—",
                              "text"});
    }
    std::set<int> proposed;
    for (const auto& item : a.items) {
        const model::Paragraph* para = match(p, item);
        if (item.immediate_proposed()) {
            if (!para) {
                out.push_back(Finding{"agenda.immediate-missing", "warning", {},
                                      tr("Föredragningslistan föreslår omedelbar justering för " + item_name(item) + ", men ärendet hittas inte i protokollet.",
                                         "The agenda proposes immediate justering for " + item_name(item) + ", but the matter is not found in the protocol."),
                                      "KL 5 kap. 69 §", "text", "not-established"});
            } else if (!para->immediate()) {
                out.push_back(Finding{"agenda.immediate-not-decided", "warning", {para->number},
                                      tr("Föredragningslistan föreslog att § " + std::to_string(para->number) + " skulle justeras omedelbart, men beslutet säger det inte.",
                                         "The agenda proposed that § " + std::to_string(para->number) + " be adjusted at once, but the decision does not say so."),
                                      "KL 5 kap. 69 §", "text"});
            }
            if (para) proposed.insert(para->number);
        }
    }
    for (const auto& para : p.paragraphs) {
        if (para.immediate() && !proposed.count(para.number)) {
            out.push_back(Finding{"agenda.immediate-not-proposed", "info", {para.number},
                                  tr("§ " + std::to_string(para.number) + " justeras omedelbart, vilket föredragningslistan inte föreslog.",
                                     "§ " + std::to_string(para.number) + " is adjusted at once, which the agenda did not propose."), "KL 5 kap. 69 §",
                                  "text", "note"});
        }
    }
    return out;
}

}  // namespace justera::rules
