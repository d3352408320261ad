// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/serve/report_pdf.hpp"

#include "justera/rules/calendar.hpp"
#include "justera/serve/downloads.hpp"
#include "justera/verify/result.hpp"
#include "words.hpp"

namespace justera::serve {

namespace {

using nlohmann::ordered_json;
using words::member;
using words::str;
using words::Words;
using Kind = pdf::Outline::Kind;

/// The number of elements of an array (0 for anything else), and one of them.
std::size_t count(const ordered_json& j) { return j.is_array() ? j.size() : 0; }
const ordered_json& at(const ordered_json& j, std::size_t i) {
    static const ordered_json k_null;
    return j.is_array() && i < j.size() ? j[i] : k_null;
}
/// An array to loop over: the array, or none.
const ordered_json& items(const ordered_json& j) {
    static const ordered_json k_none = ordered_json::array();
    return j.is_array() ? j : k_none;
}

/// Appends blocks in one language.
class Writer {
public:
    Writer(pdf::Outline& o, bool english) : m_o(o), m_en(english) {}

    void add(Kind kind, const std::string& text, const std::string& label = {}) {
        // An empty text would make an empty element (a row without a cell).
        if (text.find_first_not_of(" \t\r\n") == std::string::npos) return;
        m_o.blocks.push_back({kind, text, label});
    }
    void add(Kind kind, const Words& w) { add(kind, w.in(m_en)); }
    void row(const Words& label, const std::string& value) { add(Kind::Row, value, label.in(m_en)); }
    void row(const Words& label, const Words& value) { row(label, value.in(m_en)); }
    [[nodiscard]] const std::string& in(const Words& w) const { return w.in(m_en); }
    [[nodiscard]] std::string pick(const std::string& sv, const std::string& en) const { return m_en || sv.empty() ? en : sv; }

private:
    pdf::Outline& m_o;
    bool m_en;
};

std::string date_or_unknown(const ordered_json& d, const Writer& w) { return d.is_string() ? d.get<std::string>() : w.in(words::unknown()); }

void signatures(Writer& w, const ordered_json& a) {
    const ordered_json& report = member(a, "report");
    const ordered_json& report_sv = member(a, "report_sv");
    const ordered_json& sigs = member(report, "signatures");
    std::size_t signed_count = 0;
    for (const auto& s : items(sigs)) signed_count += str(s, "kind") == "signature" ? 1 : 0;
    w.add(Kind::Heading, w.in(words::signatures_heading()) + " (" + std::to_string(signed_count) + ")");
    if (signed_count == 0) w.add(Kind::Paragraph, words::no_signatures());
    std::vector<std::string> stamps;
    for (std::size_t i = 0; i < count(sigs); ++i) {
        const ordered_json& s = at(sigs, i);
        const std::string when = str(s, "signing_time");
        const std::string local = when.empty() ? w.in(words::unknown_time()) : words::swedish_time(when) + " " + w.in(words::swedish_time_word());
        if (str(s, "kind") != "signature") {
            stamps.push_back(local + " · " + str(member(s, "signer"), "name") + " · " + w.in(words::status(s)));
            continue;
        }
        const std::string name = !str(member(s, "signer"), "name").empty() ? str(member(s, "signer"), "name") : std::string("?");
        const std::string protocol_name = str(s, "protocol_name");
        w.add(Kind::Subheading, protocol_name.empty() ? name : protocol_name);
        w.row(words::role_label(), words::role_line(s));
        if (!protocol_name.empty() && protocol_name != name) w.row(words::certificate_name_label(), name);
        w.row(words::signed_label(), local + ". " + w.in(words::time_source(str(s, "time_source"))));
        w.row(words::issuer_label(), str(member(s, "signer"), "issuer"));
        w.row(words::status_label(), words::status(s));
        const ordered_json& s_sv = at(member(report_sv, "signatures"), i);
        std::size_t disallowed = 0;
        const std::vector<Words> changes = words::disallowed_changes(s, s_sv, 20, disallowed);
        if (disallowed) {
            w.add(Kind::Paragraph, w.in(words::changed_after_label()) + ":");
            for (const auto& c : changes) w.add(Kind::Item, c);
            if (disallowed > changes.size()) w.add(Kind::Item, words::and_more(disallowed - changes.size()));
        }
    }
    {
        bool failed = false;
        for (const auto& s : items(sigs)) failed = failed || verify::indication_from(str(s, "indication")) == verify::Indication::TotalFailed;
        std::vector<std::string> missing;
        for (const auto& r : member(report, "roles")) {
            if (str(r, "signed_by").empty()) missing.push_back(str(r, "name") + " (" + w.in(words::role(str(r, "role"))) + ")");
        }
        if (!missing.empty()) {
            w.add(Kind::Paragraph, words::not_signed(failed));
            for (const auto& m : missing) w.add(Kind::Item, m);
        }
    }
    if (!stamps.empty()) {
        w.add(Kind::Subheading, words::archive_timestamps());
        for (const auto& s : stamps) w.add(Kind::Item, s);
    }
}

void protocol_and_law(Writer& w, const ordered_json& a, bool unverified) {
    const ordered_json& p = member(a, "protocol");
    if (p.is_object()) {
        w.add(Kind::Heading, words::protocol_heading());
        if (unverified) w.add(Kind::Note, words::unverified_note());
        if (str(p, "source") == "page_text") w.add(Kind::Note, words::from_page_text());
        w.row(words::municipality_label(), str(p, "municipality"));
        w.row(words::organ_label(), str(p, "organ"));
        w.row(words::number_label(), str(p, "number"));
        w.row(words::meeting_label(), date_or_unknown(member(p, "meeting_date"), w));
        std::size_t n = 0, immediate = 0;
        std::vector<std::string> list;
        for (const auto& para : member(p, "paragraphs")) {
            ++n;
            const bool imm = para.value("immediate", false);
            immediate += imm ? 1 : 0;
            list.push_back("§ " + std::to_string(para.value("number", 0)) + " " + str(para, "title") + (imm ? " – " + w.in(words::immediate_badge()) : std::string()));
        }
        w.add(Kind::Paragraph, words::paragraph_summary(n, immediate));
        for (const auto& item : list) w.add(Kind::Item, item);
    }
    const ordered_json& check = member(a, "check");
    if (!check.is_object()) return;
    const ordered_json& d = member(check, "deadlines");
    w.add(Kind::Heading, words::dates_heading());
    if (unverified) w.add(Kind::Note, words::unverified_note());
    w.row(words::adjusted_label(), date_or_unknown(member(d, "justering_date"), w) + " (" + w.in(words::evidence(str(check, "evidence"))) + ")");
    if (count(member(d, "immediate_paragraphs"))) {
        std::string ps;
        for (const auto& x : member(d, "immediate_paragraphs")) {
            if (x.is_number_integer()) ps += (ps.empty() ? "§ " : ", § ") + std::to_string(x.get<int>());
        }
        w.row(words::immediate_label(), ps + " – " + w.in(words::immediate_rule()));
    }
    w.row(words::last_justering_label(), date_or_unknown(member(d, "justering_last_day"), w) + " (KL 5 kap. 69 §)");
    w.row(words::last_notice_label(), date_or_unknown(member(d, "anslag_last_day"), w) + " (KL 8 kap. 12 §)");
    if (member(d, "anslag_date").is_string()) w.row(words::notice_put_up_label(), member(d, "anslag_date").get<std::string>());
    w.row(words::appeal_label(), member(d, "appeal_last_day").is_string() ? member(d, "appeal_last_day").get<std::string>() + " (KL 13 kap. 5 §)" : w.in(words::appeal_needs_notice()));

    w.add(Kind::Heading, words::law_heading());
    if (unverified) w.add(Kind::Note, words::unverified_note());
    bool any = false;
    for (const auto& f : member(check, "findings")) {
        any = true;
        w.add(Kind::Item, w.in(words::severity(str(f, "severity"))) + ": " + w.pick(str(member(f, "message"), "sv"), str(member(f, "message"), "en")) + " (" + str(f, "law") + ")");
    }
    if (!any) w.add(Kind::Paragraph, words::no_findings());
}

void technical(Writer& w, const ordered_json& a) {
    const ordered_json& report = member(a, "report");
    const ordered_json& report_sv = member(a, "report_sv");
    w.add(Kind::Heading, words::technical_heading());
    const ordered_json& sigs = member(report, "signatures");
    for (std::size_t i = 0; i < count(sigs); ++i) {
        const ordered_json& s = at(sigs, i);
        w.add(Kind::Subheading, str(s, "id") + " · " + str(s, "field") + " · " + str(s, "level"));
        const ordered_json& s_sv = at(member(report_sv, "signatures"), i);
        for (std::size_t k = 0; k < count(member(s, "checks")); ++k) {
            const ordered_json& ch = at(member(s, "checks"), k);
            w.add(Kind::Item, str(ch, "id") + ": " + str(ch, "status") + " – " + w.in(words::report_sentence(words::nth(s_sv, "checks", k), str(ch, "message"))));
        }
    }
    w.add(Kind::Subheading, words::document_heading());
    const ordered_json& doc_sv = member(report_sv, "document");
    {
        const ordered_json& checks = member(member(report, "document"), "checks");
        for (std::size_t k = 0; k < count(checks); ++k) {
            const ordered_json& ch = at(checks, k);
            w.add(Kind::Item, str(ch, "id") + ": " + str(ch, "status") + " – " + w.in(words::report_sentence(words::nth(doc_sv, "checks", k), str(ch, "message"))));
        }
    }
    {
        const ordered_json& findings = member(report, "findings");
        for (std::size_t k = 0; k < count(findings); ++k) {
            const ordered_json& f = at(findings, k);
            w.add(Kind::Item, str(f, "severity") + " " + str(f, "id") + ": " + w.in(words::report_sentence(words::nth(report_sv, "findings", k), str(f, "message"))));
        }
    }
}


}  // namespace

pdf::Outline report_outline(const ReportRequest& r) {
    const ordered_json& a = r.analysis;
    const bool en = r.english;
    pdf::Outline o;
    o.lang = en ? "en-GB" : "sv-SE";
    o.english = en;
    o.title = en ? "Verification report" : "Verifieringsrapport";
    o.kind = o.title;
    o.subject = r.name;
    const ordered_json& report = member(a, "report");
    const std::string checked_at = words::swedish_time(str(report, "validation_time"));
    o.date_label = en ? "Checked (Swedish time)" : "Kontrollerat (svensk tid)";
    o.date = checked_at;
    Writer w(o, en);
    w.row({"Fil", "File"}, r.name);
    w.row({"SHA-256", "SHA-256"}, str(report, "sha256"));
    w.row(words::checked(), checked_at + " " + w.in(words::swedish_time_word()));

    // The answer first, as on the page.
    const ordered_json& answer = member(a, "answer");
    w.add(Kind::Heading, words::question());
    w.add(Kind::Paragraph, w.pick(str(answer, "sv"), str(answer, "en")));
    {
        for (const auto& n : items(member(answer, "notes"))) w.add(Kind::Item, w.pick(str(n, "sv"), str(n, "en")));
    }
    w.add(Kind::Paragraph, w.pick(str(member(a, "verdict"), "sv"), str(member(a, "verdict"), "en")));

    signatures(w, a);
    const std::string key = str(answer, "key");
    protocol_and_law(w, a, key != "yes" && key != "not_yet");

    w.add(Kind::Heading, words::trust_heading());
    w.add(Kind::Paragraph, words::trusted_roots(r.trust_roots.size()));
    for (const auto& root : r.trust_roots) w.add(Kind::Item, root);

    technical(w, a);
    w.add(Kind::Note, en ? "Made by justera " + r.version + ". The report in machine-readable form (JSON) is attached to this file."
                         : "Gjord av justera " + r.version + ". Rapporten i maskinläsbar form (JSON) är bifogad i den här filen.");

    o.attachment = a.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
    o.attachment_name = en ? "verification-report.json" : "verifieringsrapport.json";
    o.attachment_mime = "application/json";
    o.attachment_description = en ? "The verification report in machine-readable form (JSON)" : "Verifieringsrapporten i maskinläsbar form (JSON)";
    return o;
}

std::string report_pdf(const ReportRequest& r) {
    pdf::RenderOptions options;
    options.source_date_epoch = rules::parse_utc(str(member(r.analysis, "report"), "validation_time")).value_or(0);
    options.version = r.version;
    return pdf::render_outline(report_outline(r), options).pdf;
}

}  // namespace justera::serve
