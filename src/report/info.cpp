// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/report/info.hpp"

#include "justera/pdf/render.hpp"
#include "justera/rules/deadlines.hpp"

#include <sstream>

namespace justera::report {

namespace {

using nlohmann::ordered_json;

ordered_json opt_date(const std::optional<model::Date>& d) {
    return d ? ordered_json(model::format_date(*d)) : ordered_json(nullptr);
}
ordered_json opt_time(const std::optional<model::TimeOfDay>& t) {
    return t ? ordered_json(model::format_time(*t)) : ordered_json(nullptr);
}
ordered_json opt_str(const std::string& s) { return s.empty() ? ordered_json(nullptr) : ordered_json(s); }
ordered_json person(const model::PersonRef& p) {
    return ordered_json{{"name", p.name}, {"party", opt_str(p.party)}, {"note", opt_str(p.note)}};
}
std::string severity_name(core::Severity s) {
    switch (s) {
        case core::Severity::Info: return "info";
        case core::Severity::Warning: return "warning";
        case core::Severity::Error: return "error";
        case core::Severity::Unknown: break;
    }
    return "unknown";
}

std::string who(const model::PersonRef& p) { return p.party.empty() ? p.name : p.name + " (" + p.party + ")"; }


}  // namespace

ordered_json diagnostics_json(const std::vector<core::Diagnostic>& diags) {
    ordered_json out = ordered_json::array();
    for (const auto& d : diags) {
        out.push_back(ordered_json{
            {"severity", severity_name(d.severity)},
            {"code", std::string(core::to_string(d.code))},
            {"line", d.where.line ? ordered_json(*d.where.line) : ordered_json(nullptr)},
            {"column", d.where.column ? ordered_json(*d.where.column) : ordered_json(nullptr)},
            {"message", d.message},
        });
    }
    return out;
}

std::string format_diagnostic(const core::Diagnostic& d, core::Language lang) {
    std::string where = d.where.to_string();
    const bool sv = lang == core::Language::Swedish;
    const std::string severity = !sv                                     ? severity_name(d.severity)
                                 : d.severity == core::Severity::Info    ? "info"
                                 : d.severity == core::Severity::Warning ? "varning"
                                 : d.severity == core::Severity::Error   ? "fel"
                                                                         : "okänt";
    return (where.empty() ? "" : where + ": ") + severity + ": " + d.said(sv);
}

ordered_json info_json(const InfoInput& in) {
    ordered_json j;
    j["source"] = in.source;
    j["input"] = in.input_kind;
    j["layout"] = opt_str(in.layout);
    j["fingerprint"] = in.fingerprint;
    const std::vector<core::Diagnostic> none;
    const auto& diags = in.diagnostics ? *in.diagnostics : none;
    ordered_json warnings = ordered_json::array();
    for (const auto& d : diags) {
        if (d.severity == core::Severity::Info) continue;
        warnings.push_back(ordered_json{{"line", d.where.line ? ordered_json(*d.where.line) : ordered_json(nullptr)},
                                        {"column", d.where.column ? ordered_json(*d.where.column) : ordered_json(nullptr)},
                                        {"code", std::string(core::to_string(d.code))},
                                        {"message", d.message}});
    }
    if (const auto* n = std::get_if<model::JusteringNotice>(in.document)) {
        j["kind"] = "notice";
        j["municipality"] = opt_str(n->municipality);
        j["organ"] = opt_str(n->organ);
        j["protocol_fingerprint"] = n->protocol_fingerprint;
        j["number"] = n->number ? ordered_json{{"number", n->number->number}, {"year", n->number->year}} : ordered_json(nullptr);
        j["meeting_date"] = opt_date(n->meeting_date);
        j["paragraphs"] = n->paragraphs;
        j["justering_date"] = opt_date(n->justering_date);
        j["posted"] = model::format_date(n->posted);
        j["removed"] = opt_date(n->removed);
        j["appeal_last_day"] = opt_date(n->appeal_last_day);
        j["kept_at"] = opt_str(n->kept_at);
        j["warnings"] = warnings;
        return j;
    }
    if (const auto* a = std::get_if<model::Agenda>(in.document)) {
        j["kind"] = "agenda";
        j["organ"] = opt_str(a->organ);
        j["meeting_date"] = opt_date(a->meeting_date);
        j["start_time"] = opt_time(a->start_time);
        j["place"] = opt_str(a->place);
        j["notes"] = a->notes;
        ordered_json items = ordered_json::array();
        for (const auto& it : a->items) {
            ordered_json proposal = ordered_json::array();
            for (const auto& p : it.proposal) {
                proposal.push_back(ordered_json{{"number", p.number ? ordered_json(*p.number) : ordered_json(nullptr)}, {"text", p.text}});
            }
            items.push_back(ordered_json{{"number", it.number ? ordered_json(*it.number) : ordered_json(nullptr)},
                                         {"title", opt_str(it.title)},
                                         {"proposal", proposal},
                                         {"immediate_proposed", it.immediate_proposed()},
                                         {"immediate_sentence", it.immediate_sentence ? ordered_json(*it.immediate_sentence) : ordered_json(nullptr)}});
        }
        j["items"] = items;
        j["warnings"] = warnings;
        return j;
    }
    const auto& p = std::get<model::Protocol>(*in.document);
    j["kind"] = std::string(model::to_string(p.kind));
    j["municipality"] = opt_str(p.municipality);
    j["organ"] = opt_str(p.organ);
    j["number"] = p.number ? ordered_json(std::to_string(p.number->number) + "/" + std::to_string(p.number->year)) : ordered_json(nullptr);
    j["meeting_date"] = opt_date(p.meeting_date);
    j["meeting_date_source"] = p.meeting_date_source.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(p.meeting_date_source);
    j["start_time"] = opt_time(p.start_time);
    j["end_time"] = opt_time(p.end_time);
    j["place"] = opt_str(p.place);
    ordered_json breaks = ordered_json::array();
    for (const auto& a : p.adjournments) breaks.push_back(ordered_json{{"start", opt_time(a.start)}, {"end", opt_time(a.end)}});
    j["adjournments"] = breaks;
    j["justering_date"] = opt_date(p.adjustment_date);
    j["justering_time"] = opt_time(p.adjustment_time);
    j["justering_place"] = opt_str(p.adjustment_place);
    j["announced_justering_date"] = opt_date(p.announced_adjustment_date);
    ordered_json adj = ordered_json::array();
    for (const auto& a : p.adjusters) adj.push_back(a.name);
    j["justerare"] = adj;
    j["sekreterare"] = p.secretary ? ordered_json(p.secretary->name) : ordered_json(nullptr);
    const auto chair = rules::chair_name(p);
    j["ordforande"] = chair ? ordered_json(*chair) : ordered_json(nullptr);
    ordered_json changes = ordered_json::array();
    for (const auto& rc : p.role_changes) {
        changes.push_back(ordered_json{{"role", rc.role == model::ChangedRole::Chair ? "ordförande" : "justerare"},
                                       {"name", rc.person.name},
                                       {"replaces", rc.replaces ? ordered_json(rc.replaces->name) : ordered_json(nullptr)},
                                       {"paragraphs", rc.paragraphs}});
    }
    j["role_changes"] = changes;
    ordered_json jav = ordered_json::array();
    for (const auto& d : p.jav) {
        ordered_json who = ordered_json::array();
        for (const auto& one : d.people) who.push_back(person(one));
        jav.push_back(ordered_json{{"paragraphs", d.paragraphs}, {"people", who},
                                   {"source", std::string(model::to_string(d.source))}, {"written", d.written}});
    }
    j["jav"] = jav;
    ordered_json members = ordered_json::array();
    for (const auto& m : p.members) {
        ordered_json o{{"name", m.name}, {"party", opt_str(m.party)}, {"role", std::string(model::to_string(m.role))}};
        o["replaces"] = m.replaces ? person(*m.replaces) : ordered_json(nullptr);
        o["paragraphs"] = m.paragraphs;
        o["except_paragraphs"] = m.except_paragraphs;
        o["except_reason"] = opt_str(m.except_reason);
        o["note"] = opt_str(m.note);
        members.push_back(o);
    }
    j["members"] = members;
    ordered_json subs = ordered_json::array();
    for (const auto& s : p.substitutes) subs.push_back(person(s));
    j["substitutes"] = subs;
    ordered_json others = ordered_json::array();
    for (const auto& o : p.others) {
        others.push_back(ordered_json{{"name", o.name}, {"title", opt_str(o.title)}, {"paragraphs", o.paragraphs}});
    }
    j["others"] = others;
    j["paragraph_range"] = opt_str(p.paragraph_range_written);
    j["paragraph_list"] = p.paragraph_range;
    ordered_json paras = ordered_json::array();
    for (const auto& para : p.paragraphs) {
        ordered_json cases = ordered_json::array();
        for (const auto& c : para.case_numbers) cases.push_back(c.written);
        paras.push_back(ordered_json{{"number", para.number},
                                     {"title", para.title},
                                     {"immediate", para.immediate()},
                                     {"immediate_sentence", para.immediate_sentence ? ordered_json(*para.immediate_sentence) : ordered_json(nullptr)},
                                     {"case_numbers", cases}});
    }
    j["paragraphs"] = paras;
    ordered_json sigs = ordered_json::array();
    if (p.signature_table) {
        for (const auto& s : p.signature_table->entries) {
            sigs.push_back(ordered_json{{"name", s.written}, {"given_names", s.given_names}, {"surname", s.surname},
                                        {"date", model::format_date(s.date)}});
        }
    }
    j["signature_table"] = sigs;
    if (in.pdf_fields) j["signature_fields"] = fields_json(p, *in.pdf_fields);
    ordered_json unplaced = ordered_json::array();
    for (const auto& u : p.unplaced) unplaced.push_back(ordered_json{{"line", u.line}, {"text", u.text}});
    j["unplaced"] = unplaced;
    if (in.furniture) {
        ordered_json lines = ordered_json::array();
        for (const auto& f : *in.furniture) lines.push_back(ordered_json{{"line", f.line}, {"text", f.text}});
        j["furniture"] = ordered_json{{"count", in.furniture->size()}, {"lines", lines}};
        j["words"] = ordered_json{{"read", in.words}, {"unplaced", in.unplaced_words}};
    }
    j["warnings"] = warnings;
    return j;
}

ordered_json fields_json(const model::Protocol& p, const std::vector<std::pair<std::string, bool>>& fields) {
    const auto known = pdf::protocol_fields(p);
    ordered_json out = ordered_json::array();
    for (const auto& [name, is_signed] : fields) {
        const auto* f = pdf::protocol_field(known, name);
        out.push_back(ordered_json{{"name", name}, {"role", f ? ordered_json(f->role) : ordered_json(nullptr)},
                                   {"person", f ? ordered_json(f->person) : ordered_json(nullptr)}, {"signed", is_signed}});
    }
    return out;
}

std::string fields_text(const model::Protocol& p, const std::vector<std::pair<std::string, bool>>& fields, core::Language language) {
    const bool en = language == core::Language::English;
    const auto t = [en](const char* sv, const char* english) { return std::string(en ? english : sv); };
    // What 'justera sign --field' and 'sign prepare --field' take.
    const auto known = pdf::protocol_fields(p);
    std::ostringstream o;
    o << t("Underskriftsfält (", "Signature fields (") << fields.size()
      << t("; ifyllda eller inte: om underskrifterna håller prövar 'justera verify')\n", "; filled or not: whether the signatures hold, 'justera verify' tests)\n");
    for (const auto& [name, is_signed] : fields) {
        const auto* f = pdf::protocol_field(known, name);
        o << "  " << name << "  " << (f ? f->role + " " + f->person : std::string("–")) << "  " << (is_signed ? t("signerat", "signed") : t("osignerat", "unsigned"))
          << '\n';
    }
    return o.str();
}

std::string info_text(const InfoInput& in) {
    std::ostringstream o;
    const bool en = in.language == core::Language::English;
    const auto t = [en](const char* sv, const char* english) { return std::string(en ? english : sv); };
    const std::size_t column = en ? 25 : 22;  // the English labels are longer
    const auto line = [&](const std::string& label, const std::string& value) {
        std::size_t width = 0;
        for (const char c : label) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1U : 0U;
        o << label << std::string(width < column ? column - width : 1, ' ') << (value.empty() ? "–" : value) << '\n';
    };
    if (const auto* notice = std::get_if<model::JusteringNotice>(in.document)) {
        line(std::string(model::k_notice_title), in.source);
        for (const auto& [label, value] : model::notice_rows(*notice)) line(label, value);
        line(t("Protokollets fingeravtryck", "The protocol's fingerprint"), notice->protocol_fingerprint);
        if (notice->appeal_last_day) line(t("Sista dag att överklaga", "Last day to appeal"), model::format_date(*notice->appeal_last_day));
    } else if (const auto* a = std::get_if<model::Agenda>(in.document)) {
        line(t("Föredragningslista", "Agenda"), in.source);
        line(t("Organ", "Body"), a->organ);
        std::string when = a->meeting_date ? model::format_date(*a->meeting_date) : "";
        if (a->start_time) when += t(" kl. ", " at ") + model::format_time(*a->start_time);
        line(t("Sammanträde", "Meeting"), when);
        line(t("Plats", "Place"), a->place);
        for (const auto& n : a->notes) line(t("Notering", "Note"), n);
        o << t("Ärenden (", "Items (") << a->items.size() << ")\n";
        for (const auto& it : a->items) {
            std::string title = it.title.empty() ? (it.text.empty() ? "" : it.text.front().substr(0, 70)) : it.title;
            o << "  " << (it.number ? std::to_string(*it.number) : std::string("–")) << "  " << title;
            if (it.immediate_proposed()) o << t("  [föreslås justeras omedelbart]", "  [proposed for immediate justering]");
            o << '\n';
        }
    } else {
        const auto& p = std::get<model::Protocol>(*in.document);
        line(p.kind == model::DocumentKind::Extract ? t("Protokollsutdrag", "Extract") : t("Protokoll", "Protocol"),
             p.number ? std::to_string(p.number->number) + "/" + std::to_string(p.number->year) : "");
        line(t("Kommun", "Municipality"), p.municipality);
        line(t("Organ", "Body"), p.organ);
        std::string when = p.meeting_date ? model::format_date(*p.meeting_date) : "";
        if (p.start_time) when += t(" kl. ", " at ") + model::format_time(*p.start_time);
        if (p.end_time) when += "–" + model::format_time(*p.end_time);
        for (const auto& adjournment : p.adjournments) {
            when += t(", ajournering ", ", adjourned ") + model::format_time(adjournment.start) + (adjournment.end ? "–" + model::format_time(*adjournment.end) : "");
        }
        if (p.meeting_date && p.meeting_date_source == "page-header") when += t(" (ur sidhuvudet)", " (from the page header)");
        if (p.meeting_date && p.meeting_date_source == "notice") when += t(" (ur anslaget)", " (from the notice)");
        line(t("Sammanträde", "Meeting"), when);
        line(t("Plats", "Place"), p.place);
        const auto chair = rules::chair_name(p);
        line(t("Ordförande", "Chair (ordförande)"), chair ? *chair : "");
        std::string adj;
        for (const auto& adjuster : p.adjusters) adj += (adj.empty() ? "" : ", ") + who(adjuster);
        line(t("Justerare", "Adjusters (justerare)"), adj);
        line(t("Datum för justering", "Day of justering"), (p.adjustment_date ? model::format_date(*p.adjustment_date) : "") +
                                        (p.adjustment_time ? t(" kl. ", " at ") + model::format_time(*p.adjustment_time) : ""));
        if (!p.adjustment_place.empty()) line(t("Justeringens plats", "Place of justering"), p.adjustment_place);
        if (p.announced_adjustment_date) line(t("Aviserad justering", "Justering announced"), model::format_date(*p.announced_adjustment_date));
        line(t("Sekreterare", "Secretary (sekreterare)"), p.secretary ? who(*p.secretary) : "");
        for (const auto& rc : p.role_changes) {
            std::string ps;
            for (const int n : rc.paragraphs) ps += (ps.empty() ? "§ " : ", § ") + std::to_string(n);
            line(rc.role == model::ChangedRole::Chair ? t("Ordförande för", "Chair for") : t("Justerare för", "Adjuster for"),
                 ps + ": " + who(rc.person) + (rc.replaces ? t(" i stället för ", " instead of ") + who(*rc.replaces) : ""));
        }
        for (const auto& d : p.jav) {
            std::string ps;
            for (const int n : d.paragraphs) ps += (ps.empty() ? "§ " : ", § ") + std::to_string(n);
            std::string names;
            for (const auto& one : d.people) names += (names.empty() ? "" : ", ") + who(one);
            line(t("Jäv", "Disqualified (jäv)"), ps + ": " + names + (d.source == model::JavSource::Attendance ? t(" (närvarolistan)", " (the attendance list)") : ""));
        }
        line(t("Paragraf", "Paragraph range"), p.paragraph_range_written);
        line(t("Närvarande", "Present"), std::to_string(p.members.size()) + t(" ledamöter, ", " members, ") + std::to_string(p.substitutes.size()) +
                               t(" ersättare, ", " substitutes, ") + std::to_string(p.others.size()) + t(" övriga", " others"));
        std::size_t immediate = 0;
        for (const auto& para : p.paragraphs) immediate += para.immediate() ? 1U : 0U;
        o << t("Paragrafer (", "Paragraphs (") << p.paragraphs.size() << t(", varav ", ", ") << immediate << t(" omedelbart justerade)\n", " adjusted immediately)\n");
        for (const auto& para : p.paragraphs) {
            o << "  § " << para.number << (para.immediate() ? t("  [OJ] ", "  [immediate] ") : std::string("  ")) << para.title;
            std::string cases;
            for (const auto& c : para.case_numbers) cases += (cases.empty() ? "" : ", ") + c.written;
            if (!cases.empty()) o << "  (" << cases << ")";
            o << '\n';
            // The decision's first line, for the secretary to recognise it.
            if (!para.decision.empty()) {
                std::string first = para.decision.front().text;
                if (first.empty() && !para.decision.front().items.empty()) first = para.decision.front().items.front();
                std::size_t cut = 0;
                std::size_t chars = 0;
                while (cut < first.size() && chars < 90) {
                    cut += (static_cast<unsigned char>(first[cut]) & 0x80) == 0 ? 1 : (static_cast<unsigned char>(first[cut]) & 0xE0) == 0xC0 ? 2 : (static_cast<unsigned char>(first[cut]) & 0xF0) == 0xE0 ? 3 : 4;
                    ++chars;
                }
                o << t("        Beslut: ", "        Decision: ") << first.substr(0, cut) << (cut < first.size() ? "…" : "") << '\n';
            } else {
                o << t("        Beslut: –\n", "        Decision: –\n");
            }
        }
        if (in.furniture && !in.furniture->empty()) {
            o << t("Sidhuvuden och sidfötter  ", "Page headers and footers  ") << in.furniture->size() << t(" rader utelämnade (info --json: furniture)\n", " lines left out (info --json: furniture)\n");
        }
        if (!p.unplaced.empty()) {
            o << t("Ej placerad text         ", "Text not placed          ") << p.unplaced.size() << t(" rader, bevarade i XML som <unplaced> (se varningarna)\n", " lines, kept in the XML as <unplaced> (see the warnings)\n");
        }
        for (const auto& c : p.corrections) {
            line(t("Rättelse", "Correction"), c.field + " = " + c.value + " (" + c.source + ")");
        }
        if (p.signature_table) {
            o << t("Signaturtabell (", "Signature table (") << p.signature_table->entries.size() << t(", inskriven i texten: inget bevis på signatur)\n", ", typed in the text: no proof of a signature)\n");
            for (const auto& s : p.signature_table->entries) o << "  " << model::format_date(s.date) << "  " << s.written << '\n';
        }
        if (in.pdf_fields) o << fields_text(p, *in.pdf_fields, in.language);
    }
    line(t("Fingeravtryck", "Fingerprint"), in.fingerprint);
    if (in.diagnostics) {
        for (const auto& d : *in.diagnostics) {
            if (d.severity != core::Severity::Info) o << format_diagnostic(d, en ? core::Language::English : core::Language::Swedish) << '\n';
        }
    }
    return o.str();
}

}  // namespace justera::report
