// SPDX-License-Identifier: GPL-3.0-or-later
// Corrections: the secretary sets what the reader got wrong or could not
// find, without editing XML; each correction stays in the XML as provenance.

#include <algorithm>

#include "justera/core/error.hpp"
#include "justera/core/settings.hpp"
#include "justera/ingest/ingest.hpp"
#include "people.hpp"
#include "text_util.hpp"

namespace justera::ingest {

namespace {

[[noreturn]] void bad(const model::Correction& c, const std::string& why, const std::string& why_sv) {
    throw core::Error(core::Errc::Usage,
                      "correction " + c.field + "=\"" + c.value + "\" (" + c.source + "): " + why +
                          " (docs/ingest.md, \"Corrections\")",
                      core::Where{},
                      "rättelsen " + c.field + "=\"" + c.value + "\" (" + c.source + "): " + why_sv +
                          " (docs/ingest.md, \"Corrections\")");
}

model::Date date_of(const model::Correction& c) {
    const auto d = model::parse_iso_date(text::trim(c.value));
    if (!d) bad(c, "not a date written YYYY-MM-DD", "inget datum skrivet YYYY-MM-DD");
    return *d;
}

std::optional<model::TimeOfDay> time_of(const model::Correction& c) {
    if (text::trim(c.value).empty()) return std::nullopt;
    const auto t = model::parse_time(text::trim(c.value));
    if (!t) bad(c, "not a time written HH:MM", "ingen tid skriven HH:MM");
    return t;
}

model::PersonRef person_of(const model::Correction& c, std::string_view written) {
    auto p = people::parse_person(written);
    if (p.name.empty() || !people::looks_like_name(p.name)) {
        bad(c, "\"" + std::string(text::trim(written)) + "\" is not a name", "\"" + std::string(text::trim(written)) + "\" är inget namn");
    }
    return p;
}

std::vector<std::string> split_semicolons(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i < s.size() && s[i] != ';') continue;
        const std::string_view part = text::trim(s.substr(start, i - start));
        if (!part.empty()) out.emplace_back(part);
        start = i + 1;
    }
    return out;
}

void apply_paragraph(model::Protocol& p, const model::Correction& c) {
    // "§12.title", "§ 12.immediate", "12.case_numbers"
    std::string_view f = c.field;
    if (f.rfind("\xC2\xA7", 0) == 0) f.remove_prefix(2);
    f = text::trim(f);
    const auto dot = f.find('.');
    const int n = text::to_int(f.substr(0, dot));
    if (dot == std::string_view::npos || n < 0) {
        bad(c, "a paragraph field is written §N.title, §N.immediate or §N.case_numbers",
            "ett paragraffält skrivs §N.title, §N.immediate eller §N.case_numbers");
    }
    const auto it = std::find_if(p.paragraphs.begin(), p.paragraphs.end(), [&](const model::Paragraph& x) { return x.number == n; });
    if (it == p.paragraphs.end()) bad(c, "the protocol has no § " + std::to_string(n), "protokollet har ingen § " + std::to_string(n));
    const std::string_view what = f.substr(dot + 1);
    const std::string value(text::trim(c.value));
    if (what == "title") {
        if (value.empty()) bad(c, "a title cannot be empty", "en rubrik kan inte vara tom");
        it->title = value;
    } else if (what == "immediate") {
        if (value == "false" || value == "nej") {
            it->immediate_sentence.reset();
        } else {
            // The sentence must stand in the paragraph's text, as written.
            bool found = false;
            for (const auto& pt : it->decision) found = found || pt.text.find(value) != std::string::npos;
            for (const auto& s : it->sections) {
                for (const auto& b : s.blocks) found = found || b.text.find(value) != std::string::npos;
            }
            if (!found || value.empty()) {
                bad(c, "give the sentence that orders immediate justering, as it stands in § " + std::to_string(n) + ", or false",
                    "ange meningen som beslutar om omedelbar justering, så som den står i § " + std::to_string(n) + ", eller false");
            }
            it->immediate_sentence = value;
        }
    } else if (what == "case_numbers") {
        std::vector<model::CaseNumber> cases;
        for (const auto& part : split_semicolons(value)) {
            auto found = text::find_case_numbers(part);
            if (found.size() != 1) bad(c, "\"" + part + "\" is not one case number", "\"" + part + "\" är inte ett enda diarienummer");
            cases.push_back(std::move(found.front()));
        }
        it->case_numbers = std::move(cases);
    } else {
        bad(c, "unknown paragraph field \"" + std::string(what) + "\"", "okänt paragraffält \"" + std::string(what) + "\"");
    }
}

}  // namespace

model::Correction correction_from_arg(std::string_view arg) {
    const auto eq = arg.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        throw core::Error(core::Errc::Usage, "--set takes FIELD=VALUE, e.g. --set meeting_date=2025-11-19; got \"" + std::string(arg) + "\"", {},
                          "--set tar FIELD=VALUE, t.ex. --set meeting_date=2025-11-19; fick \"" + std::string(arg) + "\"");
    }
    return model::Correction{std::string(text::trim(arg.substr(0, eq))), std::string(text::trim(arg.substr(eq + 1))), "--set"};
}

std::vector<model::Correction> read_corrections(std::string_view text_in, const std::string& file) {
    std::vector<model::Correction> out;
    for (auto& s : core::read_settings(text_in, file, "a correction", "en rättelse")) {
        out.push_back(model::Correction{std::move(s.name), std::move(s.value), file + ":" + std::to_string(s.line)});
    }
    return out;
}

void apply_corrections(model::Protocol& p, const std::vector<model::Correction>& corrections, core::Diagnostics& diags) {
    for (const auto& c : corrections) {
        const std::string& f = c.field;
        const std::string value(text::trim(c.value));
        if (f == "organ") p.organ = value;
        else if (f == "municipality") p.municipality = value;
        else if (f == "place") p.place = value;
        else if (f == "justering_place") p.adjustment_place = value;
        else if (f == "meeting_date") {
            p.meeting_date = date_of(c);
            p.meeting_date_source.clear();  // the correction's provenance says where it came from
        }
        else if (f == "justering_date") p.adjustment_date = date_of(c);
        else if (f == "start_time") p.start_time = time_of(c);
        else if (f == "end_time") p.end_time = time_of(c);
        else if (f == "justering_time") p.adjustment_time = time_of(c);
        else if (f == "kind") {
            const auto k = model::document_kind_from(value);
            if (!k) bad(c, "the kind is protocol or extract", "kind är protocol eller extract");
            p.kind = *k;
        } else if (f == "number") {
            const auto n = text::find_protocol_number("Protokoll nr " + value, std::string::npos);
            if (!n) bad(c, "a protocol number is written N/YYYY", "ett protokollnummer skrivs N/YYYY");
            p.number = n;
        } else if (f == "justerare") {
            std::vector<model::PersonRef> people;
            for (const auto& part : split_semicolons(value)) people.push_back(person_of(c, part));
            p.adjusters = std::move(people);
        } else if (f == "sekreterare") {
            if (value.empty()) p.secretary.reset();
            else p.secretary = person_of(c, value);
        } else if (f == "ordforande" || f == "ordförande") {
            if (value.empty()) p.chair_signatory.reset();
            else p.chair_signatory = person_of(c, value);
        } else if (f.rfind("\xC2\xA7", 0) == 0 || (!f.empty() && f.front() >= '0' && f.front() <= '9')) {
            apply_paragraph(p, c);
        } else {
            bad(c, "unknown field; the fields are organ, municipality, number, kind, meeting_date, start_time, end_time, "
                   "place, justerare, sekreterare, ordforande, justering_date, justering_time, justering_place, "
                   "§N.title, §N.immediate, §N.case_numbers",
                "okänt fält; fälten är organ, municipality, number, kind, meeting_date, start_time, end_time, "
                "place, justerare, sekreterare, ordforande, justering_date, justering_time, justering_place, "
                "§N.title, §N.immediate, §N.case_numbers");
        }
        p.corrections.push_back(c);
        diags.info(core::DiagCode::Corrected, c.field + " set to \"" + value + "\" by " + c.source, core::Where{},
                   c.field + " satt till \"" + value + "\" av " + c.source);
    }
}

}  // namespace justera::ingest
