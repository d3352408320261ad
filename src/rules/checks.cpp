// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/rules/checks.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "justera/rules/calendar.hpp"
#include "justera/core/error.hpp"
#include "justera/model/names.hpp"

namespace justera::rules {

namespace {

std::string day(const Date& d) { return std::string(weekday_name(d)) + " " + iso(d); }

std::string list(const std::vector<int>& ps) {
    std::string out;
    for (std::size_t i = 0; i < ps.size(); ++i) out += (i ? ", " : "") + std::string("§ ") + std::to_string(ps[i]);
    return out;
}

/// Two names in the protocol for the same person (model::same_printed_person).
bool same_person(const std::string& a, const std::string& b) { return model::same_printed_person(a, b); }

/// How `a` matched `b` (as same_person compares them).
model::NameMatch match_kind(const std::string& a, const std::string& b) { return model::name_match(a, model::split_printed_name(b)); }

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
        if (auto name = model::printed_name_before(before, before.size(), 4)) out.push_back(std::move(*name));
    }
    return out;
}

/// The provisions, as docs/rules.md cites them.
constexpr std::string_view k_local = "arbetsordning/reglemente (praxis)";
constexpr std::string_view k_immediate = "arbetsordning (KL 5 kap. 72 §) eller reglemente (KL 6 kap. 44 §)";

const std::vector<Rule> k_rules = {
    {"unknown.meeting-date", "warning", "not-established", "KL 5 kap. 69 §", "law"},
    {"unknown.organ", "warning", "not-established", "KL 5 kap. 66 §", "law"},
    {"unknown.justerare", "warning", "not-established", "KL 5 kap. 69 §", "law"},
    {"unknown.attendance", "warning", "not-established", "KL 5 kap. 66 §", "law"},
    {"unknown.justering-date", "info", "not-established", "KL 5 kap. 69 §, 8 kap. 12 §", "law"},
    {"unknown.unplaced-text", "warning", "not-established", "—", "none"},
    {"unknown.calendar", "warning", "not-established", "lag 1989:253, lag 1930:173 2 §", "law"},
    {"paragraphs.header-list", "warning", "breach", "KL 5 kap. 66 §", "law"},
    {"justering.deadline", "error", "breach", "KL 5 kap. 69 §, lag 1930:173 2 §", "law"},
    {"justering.printed-date", "warning", "note", "KL 5 kap. 69 §, 8 kap. 12 §", "law"},
    {"justering.before-meeting", "error", "breach", "KL 5 kap. 69 §", "law"},
    {"justering.before-announced", "warning", "breach", k_local, "local"},
    {"justering.signed-before-announced", "info", "note", k_local, "local"},
    {"immediate.same-day", "warning", "breach", k_immediate, "local"},
    {"immediate.extract-only", "info", "note", k_immediate, "local"},
    {"immediate.needs-extract", "info", "note", "KL 8 kap. 12 §", "law"},
    {"immediate.chair-unsigned", "warning", "breach", k_local, "local"},
    {"people.justerare-serving", "warning", "breach", k_local, "local"},
    {"people.justerare-unlisted", "warning", "not-established", k_local, "local"},
    {"people.replaced-present", "error", "breach", "KL 5 kap. 66 §", "law"},
    {"people.reservation-not-serving", "error", "breach", "KL 4 kap. 27 §", "law"},
    {"people.substitute-statement-serving", "warning", "breach", k_local, "local"},
    {"signatures.justerare-missing", "error", "breach", "KL 5 kap. 69 §", "law"},
    {"local.justerare-count", "warning", "breach", k_local, "local"},
    {"signatures.secretary-missing", "warning", "breach", k_local, "local"},
    {"people.name-variant", "info", "note", "KL 5 kap. 66 §", "none"},
    {"people.special-statement-not-serving", "warning", "breach", k_local, "local"},
    {"people.jav-took-part", "error", "breach", "KL 5 kap. 47 §, 6 kap. 30 §", "law"},
    {"people.jav-justerar", "warning", "breach", k_local, "local"},
    {"people.jav-ordforande", "warning", "breach", "KL 5 kap. 47 §, 6 kap. 30 §", "law"},
    {"people.quorum", "error", "breach", "KL 5 kap. 45 §, 6 kap. 27 §", "law"},
    {"anslag.late", "error", "breach", "KL 8 kap. 12 §", "law"},
    {"anslag.before-justering", "error", "breach", "KL 8 kap. 12 §", "law"},
    {"anslag.removed-early", "error", "breach", "KL 8 kap. 12 §, 13 kap. 5 §", "law"},
    {"agenda.immediate-missing", "warning", "not-established", k_immediate, "local"},
    {"agenda.immediate-not-decided", "warning", "breach", k_immediate, "local"},
    {"agenda.immediate-not-proposed", "info", "note", k_immediate, "local"},
    {"agenda.other-meeting", "warning", "breach", "—", "none"},
};

/// A finding of the rule `id`, its severity, basis, law and source from the table.
Finding make(std::string_view id, std::vector<int> paras, std::string message, std::string evidence) {
    const auto it = std::find_if(k_rules.begin(), k_rules.end(), [&](const Rule& r) { return r.id == id; });
    if (it == k_rules.end()) throw core::Error(core::Errc::Internal, "the rule " + std::string(id) + " is not in the rule table");
    return Finding{std::string(id), std::string(it->severity), std::move(paras), std::move(message), std::string(it->law), std::move(evidence),
                   std::string(it->basis), std::string(it->source)};
}

}  // namespace

const std::vector<Rule>& rule_table() { return k_rules; }

std::vector<Finding> check_protocol(const model::Protocol& p, const Deadlines& dl, Language lang, const LocalRules& local) {
    std::vector<Finding> out;
    const auto tr = [lang](const std::string& sv, const std::string& en) { return lang == Language::English ? en : sv; };
    const std::string ev(to_string(dl.evidence));
    const std::string sev(to_string(dl.signature_evidence));  // for findings about the signatures themselves
    const auto add = [&](std::string_view rule, std::vector<int> paras, std::string message, std::string evidence) {
        out.push_back(make(rule, std::move(paras), std::move(message), std::move(evidence)));
    };

    // What the text does not say (basis not-established): the rules that
    // need it cannot be judged, which is not the same as a rule broken.
    if (!p.meeting_date) {
        add("unknown.meeting-date", {},
                tr("Texten anger ingen sammanträdesdag: om protokollet justerades i tid, om någon skrev under före sammanträdet "
                   "och om omedelbart justerade paragrafer justerades samma dag kan inte prövas.",
                   "The text gives no meeting date: whether the protocol was adjusted in time, whether anyone signed before the "
                   "meeting and whether immediately adjusted paragraphs were adjusted the same day cannot be judged."), "text");
    }
    if (p.organ.empty()) {
        add("unknown.organ", {},
                tr("Texten anger inte vilket organ som sammanträdde: vems protokoll det är kan inte avgöras.",
                   "The text does not say which body met: whose protocol this is cannot be told."), "text");
    }
    if (p.adjusters.empty()) {
        add("unknown.justerare", {},
                tr("Texten namnger inga justerare: om protokollet är justerat, och av vem, kan inte prövas.",
                   "The text names no justerare: whether the protocol is adjusted, and by whom, cannot be judged."), "text");
    }
    if (p.members.empty()) {
        add("unknown.attendance", {},
                tr("Texten har ingen lista över tjänstgörande ledamöter som kunde läsas: om justerarna, reservanterna och "
                   "ersättarna tjänstgjorde kan inte prövas.",
                   "The text has no list of serving members that could be read: whether the justerare, those who reserved "
                   "themselves and the substitutes served cannot be judged."), "text");
    }
    if (!dl.justering_date && !p.adjusters.empty()) {
        out.push_back(make("unknown.justering-date", {},
                              tr("Ingen underskrift och inget tryckt justeringsdatum: justeringens dag, och fristerna som räknas "
                                 "från den (anslaget, överklagandet), kan inte bestämmas ännu.",
                                 "No signature and no printed date of justering: the day of the justering, and the time limits "
                                 "counted from it (the notice, the appeal), cannot be set yet."), "text"));
    }
    if (!p.unplaced.empty()) {
        std::string lines;
        for (std::size_t i = 0; i < p.unplaced.size() && i < 8; ++i) lines += (i ? ", " : "") + std::to_string(p.unplaced[i].line);
        if (p.unplaced.size() > 8) lines += ", …";
        add("unknown.unplaced-text", {},
                tr(std::to_string(p.unplaced.size()) + " rader i texten kunde inte placeras (rad " + lines +
                       "): uppgifter i dem är inte prövade.",
                   std::to_string(p.unplaced.size()) + " lines of the text could not be placed (line " + lines +
                       "): facts in them were not checked."), "text");
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
            add("paragraphs.header-list", all, msg + ".", "text");
        }
    }

    // Justering in time, and not before it was announced.
    if (dl.justering_date && dl.justering_last_day && *dl.justering_date > *dl.justering_last_day) {
        add("justering.deadline", {}, tr("Protokollet justerades " + day(*dl.justering_date) + ", efter sista dagen " + day(*dl.justering_last_day) + " (14 dagar efter sammanträdet).",
               "The protocol was adjusted on " + iso(*dl.justering_date) + ", after the last day " + iso(*dl.justering_last_day) + " (14 days after the meeting)."), ev);
    }
    if (dl.justering_date && dl.printed_justering_date && dl.evidence != Evidence::Header && *dl.justering_date != *dl.printed_justering_date) {
        add("justering.printed-date", {}, tr("Protokollet blev justerat " + day(*dl.justering_date) + " (den sista justerarens underskrift), inte " + day(*dl.printed_justering_date) +
                   " som står under \u00BBDatum för justering\u00AB; fristerna räknas från den verkliga dagen.",
               "The protocol was adjusted on " + iso(*dl.justering_date) + " (the last justerare's signature), not on " + iso(*dl.printed_justering_date) +
                   " as printed under \u00BBDatum för justering\u00AB; the deadlines run from the real day."), ev);
    }
    for (const auto& s : dl.all_signatures) {
        if (dl.meeting_date && s.date < *dl.meeting_date) {
            add("justering.before-meeting", {}, tr(s.name + " skrev under " + day(s.date) + ", före sammanträdet " + day(*dl.meeting_date) + ".",
                   s.name + " signed on " + iso(s.date) + ", before the meeting on " + iso(*dl.meeting_date) + "."), sev);
        }
    }
    if (p.announced_adjustment_date && dl.justering_date && dl.evidence != Evidence::Header) {
        if (*dl.justering_date < *p.announced_adjustment_date) {
            add("justering.before-announced", {}, tr("Justeringen blev klar " + day(*dl.justering_date) + ", före den tid protokollet angav (" + day(*p.announced_adjustment_date) +
                       "): reservationer får lämnas in till dess.",
                   "The justering was complete on " + iso(*dl.justering_date) + ", before the time the protocol announced (" +
                       iso(*p.announced_adjustment_date) + "): reservations may be handed in until then."), ev);
        } else {
            std::string early;
            for (const auto& s : dl.all_signatures) {
                if (s.date < *p.announced_adjustment_date) early += (early.empty() ? "" : ", ") + s.name + " " + iso(s.date);
            }
            if (!early.empty()) {
                add("justering.signed-before-announced", {}, tr("Underskrifter före den angivna justeringsdagen " + day(*p.announced_adjustment_date) + ": " + early +
                           "; justeringen blev ändå klar i tid.",
                       "Signatures before the announced day of justering " + iso(*p.announced_adjustment_date) + ": " + early +
                           "; the justering still completed in time."), ev);
            }
        }
    }

    // The justerare of the whole protocol: not one named for some
    // paragraphs only, in another's place ("§ 45 justeras av …").
    const auto whole_protocol = static_cast<int>(std::count_if(p.adjusters.begin(), p.adjusters.end(), [&](const model::PersonRef& a) {
        return std::none_of(p.role_changes.begin(), p.role_changes.end(), [&](const model::RoleChange& rc) {
            return rc.role == model::ChangedRole::Adjuster && !rc.paragraphs.empty() && same_person(a.name, rc.person.name);
        });
    }));
    if (local.justerare_count && whole_protocol > 0 && whole_protocol != *local.justerare_count) {
        add("local.justerare-count", {},
            tr("Protokollet namnger " + std::to_string(whole_protocol) + " justerare; de lokala reglerna (" + local.source + ") säger " +
                   std::to_string(*local.justerare_count) + ".",
               "The protocol names " + std::to_string(whole_protocol) + " justerare; the local rules (" + local.source + ") say " +
                   std::to_string(*local.justerare_count) + "."),
            "text");
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
        add("signatures.justerare-missing", all_immediate ? imm : std::vector<int>{},
            tr("Protokollet är inte justerat: " + who + " har inte skrivit under" +
                   (dl.signature_evidence == Evidence::SignatureTable ? " enligt underskriftstabellen." : "; bland de giltiga underskrifterna saknas den."),
               "The protocol is not adjusted: " + who + " has not signed" +
                   (dl.signature_evidence == Evidence::SignatureTable ? " according to the signature table." : "; no valid signature of theirs is there.")), sev);
    }
    if (local.secretary_signs && dl.secretary_signed && !*dl.secretary_signed && p.secretary) {
        add("signatures.secretary-missing", {},
            tr("Sekreteraren " + p.secretary->name + " har inte skrivit under protokollet.",
               "The sekreterare " + p.secretary->name + " has not signed the protocol."), sev);
    }
    // (Where the ordförande justerar anyway, a missing signature of theirs is
    // signatures.justerare-missing.)
    if (const auto chair = chair_name(p); chair && !local.chair_justerar && !imm.empty() && dl.signature_evidence != Evidence::None) {
        const bool justerare = std::any_of(p.adjusters.begin(), p.adjusters.end(), [&](const model::PersonRef& a) { return same_person(*chair, a.name); });
        const bool signed_it = std::any_of(dl.all_signatures.begin(), dl.all_signatures.end(), [&](const SignatureDay& s) {
            return s.name == *chair || same_person(*chair, s.name);
        });
        if (!justerare && !signed_it) {
            add("immediate.chair-unsigned", imm,
                tr("Ordföranden " + *chair + " har inte skrivit under de omedelbart justerade paragraferna " + list(imm) + ".",
                   "The ordförande " + *chair + " has not signed the immediately adjusted paragraphs " + list(imm) + "."), sev);
        }
    }
    if (local.immediate_same_day && !imm.empty() && all_immediate && dl.justering_date && dl.meeting_date &&
        *dl.justering_date != *dl.meeting_date) {
        add("immediate.same-day", imm, tr("Paragraferna skulle justeras omedelbart, men justeringen blev klar " + day(*dl.justering_date) + ", inte på sammanträdesdagen " +
                   day(*dl.meeting_date) + ".",
               "The paragraphs were to be adjusted at once, but the justering completed on " + iso(*dl.justering_date) + ", not on the meeting day " +
                   iso(*dl.meeting_date) + "."), ev);
    }
    if (p.kind == model::DocumentKind::Extract && !imm.empty() && !all_immediate) {
        std::vector<int> other;
        for (const auto& para : p.paragraphs) {
            if (!para.immediate()) other.push_back(para.number);
        }
        add("immediate.extract-only", other, tr("Utdraget med omedelbart justerade paragrafer innehåller också " + list(other) + ", som inte justeras omedelbart.",
               "The extract of immediately adjusted paragraphs also holds " + list(other) + ", which are not adjusted at once."), "text");
    }
    if (!imm.empty() && !all_immediate) {
        add("immediate.needs-extract", imm, tr(list(imm) + " justeras omedelbart: de justeras för sig (ofta i ett eget protokollsutdrag) och deras justering behöver ett eget anslag.",
               list(imm) + " are adjusted at once: they are justerade apart (often in an extract of their own), and their justering needs its own notice."), "text");
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
            add("people.justerare-serving", {}, tr(adj.name + " är justerare men står bland de närvarande som inte tjänstgjorde.",
                   adj.name + " is a justerare but is listed among those present who did not serve."),
                "text");
        } else if (!p.members.empty() && serving == p.members.end()) {
            out.push_back(make("people.justerare-unlisted", {},
                                  tr(adj.name + " är justerare men står inte i närvarolistan: texten visar inte att " + adj.name +
                                         " tjänstgjorde. Kontrollera namnet och närvarolistan.",
                                     adj.name + " is a justerare but is not in the attendance list: the text does not show that " +
                                         adj.name + " served. Check the name and the attendance list."), "text"));
        } else if (serving != p.members.end()) {
            const auto kind = match_kind(adj.name, serving->name);
            if (kind != model::NameMatch::Exact) {
                const bool case_only = kind == model::NameMatch::Case;
                add("people.name-variant", {},
                    tr("Justeraren " + adj.name + " står bland ledamöterna som " + serving->name + " (samma person: " +
                           (case_only ? "skiftläget skiljer" : "tilltalsnamnet bland förnamnen") + ").",
                       "The justerare " + adj.name + " is listed among the members as " + serving->name + " (the same person: " +
                           (case_only ? "the case differs" : "the name in use among the given names") + ")."), "text");
            }
        }
    }
    for (const auto& m : p.members) {
        if (!m.replaces) continue;
        for (const auto& other : p.members) {
            if (&other != &m && same_person(m.replaces->name, other.name) && other.paragraphs.empty() && m.paragraphs.empty()) {
                add("people.replaced-present", m.paragraphs,
                    tr(m.name + " ersätter " + m.replaces->name + ", som ändå står som tjänstgörande.",
                       m.name + " replaces " + m.replaces->name + ", who is listed as serving all the same."), "text");
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
                        add("people.reservation-not-serving", {para.number},
                            tr(name + " reserverade sig i § " + std::to_string(para.number) + " men tjänstgjorde inte: bara ledamöter som deltog i beslutet kan reservera sig.",
                               name + " reserved themselves in § " + std::to_string(para.number) +
                                   " but did not serve: only members who took part in the decision can reserve themselves."), "text");
                    }
                    if (sec.kind == model::SectionKind::SpecialStatement && !serving(name) && substitute(name)) {
                        add("people.special-statement-not-serving", {para.number},
                            tr(name + " står för ett särskilt uttalande i § " + std::to_string(para.number) +
                                   " men tjänstgjorde inte: en ersättare som inte deltar i beslutet lämnar ett ersättaryttrande.",
                               name + " made a särskilt uttalande in § " + std::to_string(para.number) +
                                   " but did not serve: a substitute who takes no part in the decision makes an ersättaryttrande."), "text");
                    }
                    if (sec.kind == model::SectionKind::SubstituteStatement && serving(name)) {
                        add("people.substitute-statement-serving", {para.number},
                            tr(name + " står för ett ersättaryttrande i § " + std::to_string(para.number) +
                                   " men tjänstgjorde: ersättaryttranden lämnas av ersättare som inte deltar i beslutet.",
                               name + " made an ersättaryttrande in § " + std::to_string(para.number) +
                                   " but served: ersättaryttranden come from substitutes who take no part in the decision."), "text");
                    }
                }
            }
        }
    }

    // Jäv: who declared it in a paragraph took no part in its decision and,
    // by common practice, does not justera it (another justerare is named
    // for that paragraph).
    const auto chair = chair_name(p);
    const auto covers = [](const model::RoleChange& rc, int n) {
        return rc.paragraphs.empty() || std::find(rc.paragraphs.begin(), rc.paragraphs.end(), n) != rc.paragraphs.end();
    };
    std::vector<std::pair<int, std::string>> judged;  // one finding per person and paragraph, whatever says it
    for (const auto& jav : p.jav) {
        for (const auto& who : jav.people) {
            const std::string& name = who.name;
            const std::string how = jav.source == model::JavSource::Attendance ? "attendance" : "text";
            for (const int n : jav.paragraphs) {
                if (std::any_of(judged.begin(), judged.end(), [&](const auto& j) { return j.first == n && same_person(name, j.second); })) continue;
                judged.emplace_back(n, name);
                const std::string nr = std::to_string(n);
                const model::Paragraph* para = nullptr;
                for (const auto& candidate : p.paragraphs) {
                    if (candidate.number == n) para = &candidate;
                }
                std::vector<std::string> reservants;
                if (para) {
                    for (const auto& sec : para->sections) {
                        if (sec.kind != model::SectionKind::Reservations) continue;
                        for (const auto& block : sec.blocks) {
                            for (auto& r : named_with_party(block.text)) reservants.push_back(std::move(r));
                        }
                    }
                }
                if (std::any_of(reservants.begin(), reservants.end(), [&](const std::string& r) { return same_person(name, r); })) {
                    add("people.jav-took-part", {n},
                        tr(name + " anmälde jäv i § " + nr + " men reserverade sig mot beslutet, och deltog alltså i det.",
                           name + " declared jäv in § " + nr + " but reserved themselves against the decision, so took part in it."),
                        "text");
                }
                const bool justerare = std::any_of(p.adjusters.begin(), p.adjusters.end(), [&](const model::PersonRef& a) { return same_person(name, a.name); });
                const bool replaced = std::any_of(p.role_changes.begin(), p.role_changes.end(), [&](const model::RoleChange& rc) {
                    return rc.role == model::ChangedRole::Adjuster && rc.replaces && same_person(name, rc.replaces->name) && covers(rc, n);
                });
                const bool chair_replaced = std::any_of(p.role_changes.begin(), p.role_changes.end(), [&](const model::RoleChange& rc) {
                    return rc.role == model::ChangedRole::Chair && covers(rc, n);
                });
                if (chair && same_person(name, *chair) && !chair_replaced) {
                    add("people.jav-ordforande", {n},
                        tr(name + " anmälde jäv i § " + nr + " men är ordförande, och protokollet anger ingen annan ordförande under paragrafen.",
                           name + " declared jäv in § " + nr + " but is the ordförande, and the protocol names no other ordförande for the paragraph."),
                        how);
                }
                if (justerare && !replaced) {
                    add("people.jav-justerar", {n},
                        tr(name + " anmälde jäv i § " + nr + " men är justerare, och protokollet anger ingen annan justerare för paragrafen.",
                           name + " declared jäv in § " + nr + " but is a justerare, and the protocol names no other justerare for the paragraph."),
                        how);
                }
            }
        }
    }

    // Quorum, where the local rules give the number of ledamöter: more than
    // half of them serve, paragraph by paragraph. A member serves in a
    // paragraph unless the attendance list limits them to others ("§ 1-10")
    // or excepts it ("ej § 44 på grund av jäv").
    if (local.members && !p.members.empty()) {
        const auto seats = static_cast<std::size_t>(*local.members);
        std::vector<int> short_of;
        std::size_t fewest = p.members.size();
        const auto serving_in = [&](int n) {
            return static_cast<std::size_t>(std::count_if(p.members.begin(), p.members.end(), [n](const model::Member& m) { return m.serves_in(n); }));
        };
        for (const auto& para : p.paragraphs) {
            const std::size_t here = serving_in(para.number);
            if (here * 2 > seats) continue;
            short_of.push_back(para.number);
            fewest = std::min(fewest, here);
        }
        if (p.paragraphs.empty() && p.members.size() * 2 <= seats) fewest = p.members.size();
        if (!short_of.empty() || (p.paragraphs.empty() && p.members.size() * 2 <= seats)) {
            const bool all = short_of.size() == p.paragraphs.size();
            const std::string where_sv = all ? "" : " i " + list(short_of);
            const std::string where_en = all ? "" : " in " + list(short_of);
            add("people.quorum", short_of,
                tr("Bara " + std::to_string(fewest) + " av " + std::to_string(seats) + " ledamöter tjänstgjorde" + where_sv +
                       ": organet får handlägga ärenden bara när mer än hälften av ledamöterna är närvarande (antalet enligt " + local.source + ").",
                   "Only " + std::to_string(fewest) + " of " + std::to_string(seats) + " members served" + where_en +
                       ": the body may handle business only when more than half of its members are present (the number from " + local.source + ")."),
                "text");
        }
    }

    // The notice.
    if (dl.anslag_date && dl.anslag_last_day && *dl.anslag_date > *dl.anslag_last_day) {
        add("anslag.late", {}, tr("Anslaget sattes upp " + day(*dl.anslag_date) + ", efter sista dagen " + day(*dl.anslag_last_day) + " (två dagar efter justeringen).",
               "The notice went up on " + iso(*dl.anslag_date) + ", after the last day " + iso(*dl.anslag_last_day) + " (two days after the justering)."), ev);
    }
    if (dl.notice_removed && dl.appeal_last_day && *dl.notice_removed <= *dl.appeal_last_day) {
        add("anslag.removed-early", {},
            tr("Anslaget tas ned " + day(*dl.notice_removed) + ", innan överklagandetiden har gått ut (sista dagen är " + day(*dl.appeal_last_day) +
                   "): så länge anslaget inte har suttit uppe hela tiden löper överklagandetiden inte ut.",
               "The notice is taken down on " + iso(*dl.notice_removed) + ", before the appeal time has run out (its last day is " + iso(*dl.appeal_last_day) +
                   "): unless the notice stays up the whole time, the appeal time does not run out."),
            ev);
    }
    if (!dl.calendar_covered) {
        add("unknown.calendar", {},
            tr("Ett datum i protokollet ligger före " + std::to_string(k_first_year) +
                   ", som kalendern i justera inte täcker: fristerna är inte uträknade och inte prövade.",
               "A date of the protocol is before " + std::to_string(k_first_year) +
                   ", which justera's calendar does not cover: the time limits were neither computed nor checked."),
            "text");
    }
    if (dl.anslag_date && dl.justering_date && *dl.anslag_date < *dl.justering_date) {
        add("anslag.before-justering", {}, tr("Anslaget sattes upp " + day(*dl.anslag_date) + ", före justeringen " + day(*dl.justering_date) + ".",
               "The notice went up on " + iso(*dl.anslag_date) + ", before the justering on " + iso(*dl.justering_date) + "."), ev);
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
        out.push_back(make("agenda.other-meeting", {},
                              tr("Föredragningslistan gäller sammanträdet " + iso(*a.meeting_date) + ", protokollet " + iso(*p.meeting_date) + ".",
                                 "The agenda is for the meeting of " + iso(*a.meeting_date) + ", the protocol for " + iso(*p.meeting_date) + "."),
                              "text"));
    }
    std::set<int> proposed;
    for (const auto& item : a.items) {
        const model::Paragraph* para = match(p, item);
        if (item.immediate_proposed()) {
            if (!para) {
                out.push_back(make("agenda.immediate-missing", {},
                                      tr("Föredragningslistan föreslår omedelbar justering för " + item_name(item) + ", men ärendet hittas inte i protokollet.",
                                         "The agenda proposes immediate justering for " + item_name(item) + ", but the matter is not found in the protocol."), "text"));
            } else if (!para->immediate()) {
                out.push_back(make("agenda.immediate-not-decided", {para->number},
                                      tr("Föredragningslistan föreslog att § " + std::to_string(para->number) + " skulle justeras omedelbart, men beslutet säger det inte.",
                                         "The agenda proposed that § " + std::to_string(para->number) + " be adjusted at once, but the decision does not say so."), "text"));
            }
            if (para) proposed.insert(para->number);
        }
    }
    for (const auto& para : p.paragraphs) {
        if (para.immediate() && !proposed.count(para.number)) {
            out.push_back(make("agenda.immediate-not-proposed", {para.number},
                                  tr("§ " + std::to_string(para.number) + " justeras omedelbart, vilket föredragningslistan inte föreslog.",
                                     "§ " + std::to_string(para.number) + " is adjusted at once, which the agenda did not propose."),
                                  "text"));
        }
    }
    return out;
}

}  // namespace justera::rules
