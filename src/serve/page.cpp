// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/serve/page.hpp"

#include <openssl/evp.h>

#include <cctype>
#include <ctime>
#include <string>
#include <vector>

#include "justera/core/io.hpp"
#include "justera/rules/calendar.hpp"
#include "justera/serve/analysis.hpp"
#include "justera/serve/downloads.hpp"
#include "justera/verify/result.hpp"
#include "words.hpp"

namespace justera::serve {

namespace {

using nlohmann::ordered_json;
using words::nth;
using words::str;
using words::swedish_time;

/// Both languages of one text, the hidden one dropped by the stylesheet.
std::string t(std::string_view sv, std::string_view en) {
    return "<span lang=\"sv\">" + std::string(sv) + "</span><span lang=\"en\">" + std::string(en) + "</span>";
}

/// One text of the catalogue (words.hpp), escaped, in both languages.
std::string t(const words::Words& w) { return t(escape(w.sv), escape(w.en)); }

std::string date_or(const ordered_json& d, const words::Words& otherwise) { return d.is_string() ? escape(d.get<std::string>()) : t(otherwise); }

std::string head(const PageContext& c, std::string_view title_sv, std::string_view title_en) {
    std::string h = "<!DOCTYPE html>\n<html lang=\"" + std::string(c.english ? "en" : "sv") +
                    "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>" +
                    std::string(c.english ? title_en : title_sv) +
                    " – justera</title>\n<link rel=\"stylesheet\" href=\"/static/justera.css\">\n<script src=\"/static/justera.js\" defer></script>\n"
                    "</head>\n<body>\n<a class=\"skip\" href=\"#main\">" +
                    t("Till innehållet", "Skip to content") +
                    "</a>\n<header>\n<p class=\"brand\">justera</p>\n<fieldset class=\"lang\">\n<legend class=\"visually-hidden\">" +
                    t("Språk", "Language") +
                    "</legend>\n"
                    "<input type=\"radio\" id=\"lang-sv\" name=\"lang\" value=\"sv\" form=\"upload\"" +
                    (c.english ? "" : " checked") +
                    "><label for=\"lang-sv\" lang=\"sv\">Svenska</label>\n"
                    "<input type=\"radio\" id=\"lang-en\" name=\"lang\" value=\"en\" form=\"upload\"" +
                    (c.english ? " checked" : "") + "><label for=\"lang-en\" lang=\"en\">English</label>\n</fieldset>\n</header>\n<main id=\"main\">\n";
    return h;
}

/// `expect`: the SHA-256 a shared link names; the server refuses another file.
std::string upload_form(const PageContext& c, bool again, const std::string& expect = {}) {
    std::string f = "<section class=\"upload\" aria-labelledby=\"upload-heading\">\n<h2 id=\"upload-heading\">" +
                    (again ? t("Verifiera en annan fil", "Verify another file") : t("Välj protokollet", "Choose the protocol")) +
                    "</h2>\n<form id=\"upload\" method=\"post\" action=\"/verify\" enctype=\"multipart/form-data\">\n"
                    "<div class=\"drop\" id=\"drop\">\n<label for=\"file\">" +
                    t("PDF-fil (högst ", "PDF file (at most ") + megabytes(c.max_upload) + ")</label>\n" +
                    "<input type=\"file\" id=\"file\" name=\"file\" accept=\"application/pdf,.pdf\" required aria-describedby=\"drop-hint\">\n"
                    "<p id=\"drop-hint\" class=\"hint\">" +
                    t("Välj filen, eller dra och släpp den här.", "Choose the file, or drag and drop it here.") +
                    "</p>\n</div>\n<p>\n<label for=\"anslag\">" +
                    t("Dag då anslaget om justering sattes upp (frivilligt)", "Day the notice of justering was put up (optional)") +
                    "</label>\n<input type=\"date\" id=\"anslag\" name=\"anslag\" aria-describedby=\"anslag-hint\">\n"
                    "<span id=\"anslag-hint\" class=\"hint\">" +
                    t("Med den visas sista dagen att överklaga.", "With it the last day to appeal is shown.") +
                    "</span>\n</p>\n<p><button type=\"submit\">" + t("Verifiera", "Verify") +
                    "</button> <span id=\"busy\" class=\"hint\" role=\"status\" aria-live=\"polite\"></span></p>\n" +
                    (expect.empty() ? std::string() : "<input type=\"hidden\" name=\"expect\" value=\"" + escape(expect) + "\">\n") + "</form>\n</section>\n";
    return f;
}

/// The roots a signature must chain to, named: whom this service trusts.
std::string trusted_roots(const PageContext& c) {
    if (c.trust_roots.empty()) return t(words::trusted_roots(0));
    std::string list;
    for (const auto& r : c.trust_roots) list += "<li>" + escape(r) + "</li>";
    return "</p>\n<details class=\"roots\"><summary>" + t(words::trusted_roots(c.trust_roots.size())) +
           "</summary><ul>" + list + "</ul></details>\n<p>";
}

std::string foot(const PageContext& c) {
    return "</main>\n<footer>\n<p>" +
           t("Filen kontrolleras i minnet och sparas inte.", "The file is checked in memory and not kept.") + " " + trusted_roots(c) +
           " " + t("För program: <code>POST /api/verify</code> ger samma resultat som JSON.", "For programs: <code>POST /api/verify</code> gives the same result as JSON.") +
           "</p>\n<p>justera " + escape(c.version) + " · GPL-3.0-or-later</p>\n</footer>\n</body>\n</html>\n";
}

std::string role_text(const std::string& role) { return t(words::role(role)); }

std::string status_class(const std::string& indication) {
    const std::optional<verify::Indication> ind = verify::indication_from(indication);
    return ind == verify::Indication::TotalPassed ? "ok" : ind == verify::Indication::TotalFailed ? "bad" : "warn";
}

/// Both languages of a report sentence: the Swedish one where the analysis
/// has it, else the English.
std::string t_report(const std::string& sv, const std::string& en) { return t(words::report_sentence(sv, en)); }

std::string signature_card(const ordered_json& s, const ordered_json& s_sv) {
    const std::string name = !str(s["signer"], "name").empty() ? str(s["signer"], "name") : std::string("?");
    const std::string protocol_name = str(s, "protocol_name");
    std::string h = "<li class=\"sig-card " + status_class(str(s, "indication")) + "\">\n<h3>" + escape(protocol_name.empty() ? name : protocol_name) + "</h3>\n<dl>\n";
    h += "<dt>" + t(words::role_label()) + "</dt><dd class=\"role\">" + t(words::role_line(s)) + "</dd>\n";
    if (!protocol_name.empty() && protocol_name != name) h += "<dt>" + t(words::certificate_name_label()) + "</dt><dd>" + escape(name) + "</dd>\n";
    const std::string when = str(s, "signing_time");
    h += "<dt>" + t(words::signed_label()) + "</dt><dd class=\"time\">" +
         (when.empty() ? t(words::unknown_time())
                       : "<time datetime=\"" + escape(when) + "\">" + escape(swedish_time(when)) + "</time> " + t(words::swedish_time_word())) +
         "<br><span class=\"hint\">" + t(words::time_source(str(s, "time_source"))) + "</span></dd>\n";
    h += "<dt>" + t(words::issuer_label()) + "</dt><dd>" + escape(str(s["signer"], "issuer")) + "</dd>\n";
    h += "<dt>" + t(words::status_label()) + "</dt><dd class=\"status\">" + t(words::status(s)) + "</dd>\n";
    std::size_t disallowed = 0;
    const std::vector<words::Words> changes = words::disallowed_changes(s, s_sv, 5, disallowed);
    if (disallowed) {
        std::string what;
        for (const auto& c : changes) what += "<li>" + t(c) + "</li>";
        h += "<dt>" + t(words::changed_after_label()) + "</dt><dd><ul>" + what + "</ul>" +
             (disallowed > changes.size() ? t(words::and_more(disallowed - changes.size())) : std::string()) + "</dd>\n";
    }
    h += "</dl>\n</li>\n";
    return h;
}

std::string data_link(const std::string& mime, const std::string& content, const std::string& file, const std::string& label) {
    return "<a class=\"download\" download=\"" + escape(file) + "\" href=\"data:" + mime + ";base64," + core::base64_encode(content) + "\">" + label + "</a>";
}


/// A form that gives back the file as each signer signed it: the revision
/// its signature covers, cut from the same file chosen again (the server
/// keeps nothing; docs/serve.md, POST /verify/revision).
std::string signed_versions(const ordered_json& report) {
    std::string choices;
    bool first = true;
    for (const auto& s : report.contains("signatures") ? report["signatures"] : ordered_json::array()) {
        const ordered_json& br = s.contains("byte_range") ? s["byte_range"] : ordered_json();
        if (str(s, "kind") != "signature" || !br.is_array() || br.size() != 4 || !br[2].is_number_integer() || !br[3].is_number_integer()) continue;
        const std::string id = str(s, "id");
        const std::string value = id + ":" + std::to_string(br[2].get<std::int64_t>() + br[3].get<std::int64_t>());
        const std::string who = !str(s, "protocol_name").empty() ? str(s, "protocol_name") : str(s["signer"], "name");
        choices += "<p><input type=\"radio\" name=\"revision\" id=\"rev-" + escape(id) + "\" value=\"" + escape(value) + "\"" + (first ? " checked" : "") +
                   "> <label for=\"rev-" + escape(id) + "\">" + escape(who) + (str(s, "role").empty() ? std::string() : ", " + role_text(str(s, "role"))) +
                   (str(s, "signing_time").empty() ? std::string() : ", " + escape(swedish_time(str(s, "signing_time")))) + "</label></p>\n";
        first = false;
    }
    if (choices.empty()) return {};
    return "<section aria-labelledby=\"versions\">\n<h2 id=\"versions\">" + t("Versionen som signerades", "The version that was signed") + "</h2>\n<p>" +
           t("Varje underskrift gäller filen som den såg ut när den gjordes. Välj underskrift och samma fil igen, så får du den versionen. Ingenting sparas.",
             "Each signature is of the file as it was when it was made. Choose a signature and the same file again to get that version. Nothing is kept.") +
           "</p>\n<form method=\"post\" action=\"/verify/revision\" enctype=\"multipart/form-data\">\n<fieldset>\n<legend>" + t("Underskrift", "Signature") +
           "</legend>\n" + choices + "</fieldset>\n<input type=\"hidden\" name=\"sha256\" value=\"" + escape(str(report, "sha256")) + "\">\n<p><label for=\"revision-file\">" +
           t("Samma PDF-fil", "The same PDF file") + "</label>\n<input type=\"file\" id=\"revision-file\" name=\"file\" accept=\"application/pdf,.pdf\" required></p>\n<p><button type=\"submit\">" +
           t("Ladda ner versionen", "Download the version") + "</button></p>\n</form>\n</section>\n";
}

}  // namespace

std::string megabytes(std::size_t bytes) { return std::to_string((bytes + 512U * 1024U) / (1024U * 1024U)) + " MB"; }

std::string escape(std::string_view s) { return core::markup_escape(s); }

std::string start_page(const PageContext& c) {
    return head(c, "Verifiera ett protokoll", "Verify a protocol") + "<h1>" +
           t("Verifiera ett signerat protokoll", "Verify a signed protocol") + "</h1>\n<p class=\"lead\">" +
           t("Välj en protokollfil (PDF) som kommunen har publicerat. Du får veta vem som har signerat den, i vilken roll och när, "
             "om något har ändrats efteråt och vilka paragrafer som justerades omedelbart.",
             "Choose a protocol file (PDF) that the municipality published. You will see who signed it, in which role and when, "
             "whether anything was changed afterwards and which paragraphs were adjusted immediately.") +
           "</p>\n" + upload_form(c, false) + foot(c);
}

std::string shared_page(const std::string& sha256, const PageContext& c) {
    return head(c, "Verifiera ett delat resultat", "Verify a shared result") + "<h1>" +
           t("Verifiera protokollet som länken gäller", "Verify the protocol the link is for") + "</h1>\n<p class=\"lead\">" +
           t("Länken anger filen med dess SHA-256-summa, inte filen själv: välj samma PDF-fil, så prövas den igen och du ser resultatet. "
             "En annan fil godtas inte.",
             "The link names the file by its SHA-256 sum, not the file itself: choose the same PDF file and it is checked again and you see "
             "the result. Another file is not taken.") +
           "</p>\n<p>SHA-256 <code id=\"expected\">" + escape(sha256) + "</code></p>\n" + upload_form(c, false, sha256) + foot(c);
}

std::string error_page(std::string_view sv, std::string_view en, const PageContext& c) {
    return head(c, "Filen kunde inte verifieras", "The file could not be verified") + "<h1>" +
           t("Filen kunde inte verifieras", "The file could not be verified") + "</h1>\n<section id=\"verdict\" class=\"verdict bad\" role=\"alert\">\n<p>" +
           t(escape(sv), escape(en)) + "</p>\n</section>\n" + upload_form(c, true) + foot(c);
}

std::string result_page(const ordered_json& a, const std::string& name, const PageContext& c) {
    const ordered_json& report = a["report"];
    const ordered_json& verdict = a["verdict"];
    const std::string key = str(verdict, "key");
    const ordered_json& answer = a.contains("answer") ? a["answer"] : ordered_json();
    const std::string answer_key = str(answer, "key");
    const bool has_notes = answer.is_object() && answer.contains("notes") && !answer["notes"].empty();
    const bool broken = key == "changed" || key == "failed" || key == "revoked" || key == "unreadable";
    const std::string cls = answer_key == "changed"         ? "bad"
                            : answer_key == "yes"           ? (has_notes ? "warn" : "ok")
                            : broken                        ? "bad"
                                                            : "warn";
    std::string h = head(c, "Resultat", "Result");
    h += "<h1>" + t("Resultat för ", "Result for ") + "<span class=\"file\">" + escape(name) + "</span></h1>\n";
    h += "<section id=\"verdict\" class=\"verdict " + cls + "\" role=\"status\" aria-labelledby=\"question\" data-key=\"" + escape(key) +
         "\" data-answer=\"" + escape(answer_key) + "\" data-verdict=\"" + escape(str(report, "verdict")) + "\">\n";
    // The first answer is to the visitor's question; the rest follows.
    h += "<h2 id=\"question\">" + t(words::question()) + "</h2>\n<p class=\"answer\">" +
         t(escape(str(answer, "sv")), escape(str(answer, "en"))) + "</p>\n";
    if (has_notes) {
        h += "<ul class=\"notes\">\n";
        for (const auto& n : answer["notes"]) h += "<li>" + t(escape(str(n, "sv")), escape(str(n, "en"))) + "</li>\n";
        h += "</ul>\n";
    }
    h += "<p class=\"sentence\">" + t(escape(str(verdict, "sv")), escape(str(verdict, "en"))) + "</p>\n";
    h += "<p class=\"hint\">" + t(words::checked()) + " " + escape(swedish_time(str(report, "validation_time"))) + " " + t(words::swedish_time_word()) + " · SHA-256 <code>" + escape(str(report, "sha256")) + "</code></p>\n</section>\n";
    // A link to share: it names the file by its SHA-256 only; opened, it asks
    // for the same file and shows this result again (nothing is kept).
    h += "<p class=\"share\">" + t("Länk att dela", "Link to share") + ": <a id=\"share\" href=\"/r/" + escape(str(report, "sha256")) + "\">/r/" +
         escape(str(report, "sha256")) + "</a> <span class=\"hint\">" +
         t("(den som öppnar länken väljer samma fil och får samma prövning; filen sparas inte)",
           "(whoever opens the link chooses the same file and gets the same check; the file is not kept)") +
         "</span></p>\n";

    // Signatures, then the archive's document timestamps.
    std::string cards, stamps;
    std::size_t count = 0;
    const ordered_json& words_sv = a.contains("report_sv") ? a["report_sv"] : ordered_json();
    static const ordered_json k_none;
    const auto sig_sv = [&](std::size_t i) -> const ordered_json& {
        return words_sv.is_object() && words_sv.contains("signatures") && i < words_sv["signatures"].size() ? words_sv["signatures"][i] : k_none;
    };
    if (report.contains("signatures")) {
        for (std::size_t i = 0; i < report["signatures"].size(); ++i) {
            const auto& s = report["signatures"][i];
            if (str(s, "kind") == "signature") {
                cards += signature_card(s, sig_sv(i));
                ++count;
            } else {
                stamps += "<li>" + escape(swedish_time(str(s, "signing_time"))) + " " + t(words::swedish_time_word()) + " · " +
                          escape(str(s["signer"], "name")) + " · " + t(words::status(s)) + "</li>\n";
            }
        }
    }
    h += "<section aria-labelledby=\"sigs\">\n<h2 id=\"sigs\">" + t(words::signatures_heading()) + " (" + std::to_string(count) + ")</h2>\n";
    h += count ? "<ol class=\"cards\">\n" + cards + "</ol>\n" : "<p>" + t(words::no_signatures()) + "</p>\n";
    if (report.contains("roles")) {
        std::string missing;
        for (const auto& r : report["roles"]) {
            if (str(r, "signed_by").empty()) missing += "<li>" + escape(str(r, "name")) + " (" + role_text(str(r, "role")) + ")</li>";
        }
        // A signature that does not hold is matched to nobody: then "not
        // signed" would be more than is known.
        bool failed = false;
        for (const auto& s : report["signatures"]) failed = failed || verify::indication_from(str(s, "indication")) == verify::Indication::TotalFailed;
        if (!missing.empty()) {
            h += "<p class=\"missing\">" + t(words::not_signed(failed)) +
                 "</p><ul class=\"missing\">" + missing + "</ul>\n";
        }
    }
    if (!stamps.empty()) h += "<h3>" + t(words::archive_timestamps()) + "</h3>\n<ul>\n" + stamps + "</ul>\n";
    h += "</section>\n";
    h += signed_versions(report);

    // What the file says of itself is fact only when its signatures hold.
    const bool unverified = answer_key != "yes" && answer_key != "not_yet";
    const std::string unverified_note =
        unverified ? "<p class=\"unverified\">" +
                         t(words::unverified_note()) +
                         "</p>\n"
                   : std::string();
    const ordered_json& p = a["protocol"];
    if (p.is_object()) {
        h += "<section aria-labelledby=\"protocol\"" + std::string(unverified ? " class=\"unverified-facts\"" : "") + ">\n<h2 id=\"protocol\">" +
             t(words::protocol_heading()) + "</h2>\n" + unverified_note;
        if (str(p, "source") == "page_text") {
            h += "<p class=\"source\">" +
                 t(words::from_page_text()) +
                 "</p>\n";
        }
        h += "<dl class=\"facts\">\n";
        if (!str(p, "municipality").empty()) h += "<dt>" + t(words::municipality_label()) + "</dt><dd>" + escape(str(p, "municipality")) + "</dd>\n";
        h += "<dt>" + t(words::organ_label()) + "</dt><dd class=\"organ\">" + escape(str(p, "organ")) + "</dd>\n";
        if (!str(p, "number").empty()) h += "<dt>" + t(words::number_label()) + "</dt><dd>" + escape(str(p, "number")) + "</dd>\n";
        h += "<dt>" + t(words::meeting_label()) + "</dt><dd>" + date_or(p["meeting_date"], words::unknown()) + "</dd>\n</dl>\n";
        std::string list;
        std::size_t n = 0, immediate = 0;
        for (const auto& para : p["paragraphs"]) {
            ++n;
            const bool imm = para.value("immediate", false);
            immediate += imm ? 1 : 0;
            list += std::string("<li") + (imm ? " class=\"immediate\"" : "") + "><span class=\"num\">§ " + std::to_string(para.value("number", 0)) +
                    "</span> " + escape(str(para, "title")) + (imm ? " <strong class=\"badge\">" + t(words::immediate_badge()) + "</strong>" : "") +
                    "</li>\n";
        }
        const std::string summary = t(words::paragraph_summary(n, immediate));
        h += n > 40 ? "<details><summary>" + summary + "</summary>\n<ul class=\"paragraphs\">\n" + list + "</ul>\n</details>\n"
                    : "<p>" + summary + "</p>\n<ul class=\"paragraphs\">\n" + list + "</ul>\n";
        h += "</section>\n";
    }

    const ordered_json& check = a["check"];
    if (check.is_object()) {
        const ordered_json& d = check["deadlines"];
        const std::string ev = str(check, "evidence");
        const std::string how = t(words::evidence(ev));
        h += "<section aria-labelledby=\"dates\">\n<h2 id=\"dates\">" + t(words::dates_heading()) + "</h2>\n" + unverified_note + "<dl class=\"facts\">\n";
        h += "<dt>" + t(words::adjusted_label()) + "</dt><dd class=\"justering\">" + date_or(d["justering_date"], words::unknown()) + " (" + how + ")</dd>\n";
        if (d.contains("immediate_paragraphs") && !d["immediate_paragraphs"].empty()) {
            std::string ps;
            for (const auto& x : d["immediate_paragraphs"]) ps += (ps.empty() ? "§ " : ", § ") + std::to_string(x.get<int>());
            h += "<dt>" + t(words::immediate_label()) + "</dt><dd>" + ps + " – " + t(words::immediate_rule()) + "</dd>\n";
        }
        h += "<dt>" + t(words::last_justering_label()) + "</dt><dd>" + date_or(d["justering_last_day"], words::unknown()) +
             " (KL 5 kap. 69 §)</dd>\n";
        h += "<dt>" + t(words::last_notice_label()) + "</dt><dd>" + date_or(d["anslag_last_day"], words::unknown()) +
             " (KL 8 kap. 12 §)</dd>\n";
        if (d["anslag_date"].is_string()) h += "<dt>" + t(words::notice_put_up_label()) + "</dt><dd>" + escape(d["anslag_date"].get<std::string>()) + "</dd>\n";
        h += "<dt>" + t(words::appeal_label()) + "</dt><dd class=\"appeal\">" +
             (d["appeal_last_day"].is_string() ? escape(d["appeal_last_day"].get<std::string>()) + " (KL 13 kap. 5 §)"
                                               : t(words::appeal_needs_notice())) +
             "</dd>\n</dl>\n";
        if (!c.result_path.empty()) {
            // The notice day, here, without sending the file again.
            h += "<form class=\"anslag\" method=\"get\" action=\"" + escape(c.result_path) + "\">\n<p><label for=\"anslag-day\">" +
                 t("Dag då anslaget om justering sattes upp", "Day the notice of justering was put up") +
                 "</label>\n<input type=\"date\" id=\"anslag-day\" name=\"anslag\" required" +
                 (d["anslag_date"].is_string() ? " value=\"" + escape(d["anslag_date"].get<std::string>()) + "\"" : std::string()) +
                 ">\n<input type=\"hidden\" name=\"lang\" value=\"" + std::string(c.english ? "en" : "sv") + "\">\n<button type=\"submit\">" +
                 t("Räkna ut sista dag att överklaga", "Work out the last day to appeal") + "</button></p>\n</form>\n";
        }
        h += "</section>\n";

        std::string items;
        for (const auto& f : check["findings"]) {
            const std::string sev = str(f, "severity");
            items += "<li class=\"" + escape(sev) + "\"><strong>" +
                     t(words::severity(sev)) + ":</strong> " +
                     t(escape(str(f["message"], "sv")), escape(str(f["message"], "en"))) + " <span class=\"law\">(" + escape(str(f, "law")) + ")</span></li>\n";
        }
        h += "<section aria-labelledby=\"findings\">\n<h2 id=\"findings\">" + t(words::law_heading()) +
             "</h2>\n" + unverified_note + (items.empty() ? "<p>" + t(words::no_findings()) + "</p>\n" : "<ul class=\"findings\">\n" + items + "</ul>\n") +
             "</section>\n";
    }

    // The technical details, as the report has them (ids and statuses as
    // in the JSON, the sentences in the page's language).
    std::string details;
    for (std::size_t i = 0; i < report["signatures"].size(); ++i) {
        const auto& s = report["signatures"][i];
        details += "<h3>" + escape(str(s, "id")) + " · " + escape(str(s, "field")) + " · " + escape(str(s, "level")) + "</h3>\n<ul>\n";
        for (std::size_t k = 0; k < s["checks"].size(); ++k) {
            const auto& ch = s["checks"][k];
            details += "<li>" + escape(str(ch, "id")) + ": " + escape(str(ch, "status")) + " – " + t_report(nth(sig_sv(i), "checks", k), str(ch, "message")) + "</li>\n";
        }
        details += "</ul>\n";
    }
    std::string doc;
    const ordered_json& doc_sv = words_sv.is_object() && words_sv.contains("document") ? words_sv["document"] : ordered_json();
    for (std::size_t k = 0; k < report["document"]["checks"].size(); ++k) {
        const auto& ch = report["document"]["checks"][k];
        doc += "<li>" + escape(str(ch, "id")) + ": " + escape(str(ch, "status")) + " – " + t_report(nth(doc_sv, "checks", k), str(ch, "message")) + "</li>\n";
    }
    for (std::size_t k = 0; k < report["findings"].size(); ++k) {
        const auto& f = report["findings"][k];
        doc += "<li>" + escape(str(f, "severity")) + " " + escape(str(f, "id")) + ": " + t_report(nth(words_sv, "findings", k), str(f, "message")) + "</li>\n";
    }
    h += "<section aria-labelledby=\"tech\">\n<h2 id=\"tech\">" + t(words::technical_heading()) + "</h2>\n<details>\n<summary>" +
         t("Varje kontroll, som rapporten anger den", "Every check, as the report has it") + "</summary>\n" + details + "<h3>" +
         t(words::document_heading()) + "</h3>\n<ul>\n" + doc + "</ul>\n</details>\n";

    // The report for download is the analysis without the XML's text (its
    // own link).
    const ordered_json for_download = public_analysis(a);
    // The report as a PDF to keep, in either language, for the notice day shown.
    std::string pdf_links;
    if (!c.result_path.empty()) {
        const ordered_json& deadlines = words::member(words::member(a, "check"), "deadlines");
        const std::string day = str(deadlines, "anslag_date");
        const std::string query = day.empty() ? std::string() : "&amp;anslag=" + escape(day);
        pdf_links = t("<a class=\"download\" id=\"report-pdf-sv\" href=\"" + escape(c.result_path) + "/rapport.pdf?lang=sv" + query +
                          "\">Ladda ner rapporten (PDF)</a>",
                      "<a class=\"download\" id=\"report-pdf-en\" href=\"" + escape(c.result_path) + "/rapport.pdf?lang=en" + query +
                          "\">Download the report (PDF)</a>") +
                    " ";
    }
    h += "<p class=\"downloads\">" + pdf_links +
         data_link("application/json", for_download.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n", download_stem(name) + "-rapport.json",
                   t("Ladda ner rapporten (JSON)", "Download the report (JSON)"));
    if (a["embedded_xml"].is_object()) {
        // Named after the upload, never as the file asks: a PDF could name
        // its attachment "x.html".
        const std::string xml_name = download_stem(name) + ".xml";
        h += " " + data_link("application/xml", str(a["embedded_xml"], "text"), xml_name, t("Ladda ner protokollets XML", "Download the protocol's XML"));
    }
    h += "</p>\n</section>\n";
    h += upload_form(c, true) + foot(c);
    return h;
}

namespace {

std::string signing_foot(const PageContext& c) {
    return "</main>\n<footer>\n<p>" +
           t("Underskriften görs med din e-legitimation hos underskriftstjänsten. Länken är din egen: dela den inte.",
             "You sign with your e-ID at the signature service. The link is yours alone: do not share it.") +
           "</p>\n<p>justera " + escape(c.version) + " · GPL-3.0-or-later</p>\n</footer>\n</body>\n</html>\n";
}

/// The answer of the newest signing, in plain words.
std::pair<std::string, std::string> outcome_words(const std::string& key) {
    if (key == "success") return {"ok", t("Din underskrift är klar och finns nu i protokollet.", "Your signature is done and is now in the protocol.")};
    if (key == "user-cancel") return {"warn", t("Du avbröt underskriften. Ingenting skrevs under; du kan försöka igen.", "You cancelled the signing. Nothing was signed; you can try again.")};
    if (key == "authn-failed") return {"bad", t("Legitimeringen misslyckades. Ingenting skrevs under; försök igen.", "The authentication failed. Nothing was signed; try again.")};
    if (key == "req-expired") return {"bad", t("Begäran hann gå ut innan den kom fram. Ingenting skrevs under; försök igen.", "The request expired before it arrived. Nothing was signed; try again.")};
    if (key == "signer-mismatch" || key == "user-mismatch") {
        return {"bad", t("Legitimeringen gällde en annan person än den som ska skriva under här. Ingenting skrevs under.",
                         "The authentication was of another person than the one who signs here. Nothing was signed.")};
    }
    if (key == "stale") return {"warn", t("Någon annan skrev under samtidigt. Ingenting skrevs under; tryck igen.", "Someone else signed at the same moment. Nothing was signed; press again.")};
    if (key.empty()) return {"", ""};
    return {"bad", t("Svaret från underskriftstjänsten kunde inte godtas. Ingenting skrevs under.", "The signature service's answer could not be accepted. Nothing was signed.")};
}

}  // namespace

std::string signing_page(const CaseView& v, const std::string& token, const std::string& outcome, const PageContext& c) {
    std::string h = head(c, "Skriv under protokollet", "Sign the protocol");
    h += "<h1>" + t("Skriv under protokollet", "Sign the protocol") + "</h1>\n";
    const auto [cls, words] = outcome_words(outcome);
    if (!words.empty()) h += "<div class=\"verdict " + cls + "\" role=\"status\"><p class=\"sentence\">" + words + "</p></div>\n";
    h += "<dl class=\"facts\">\n";
    if (!v.municipality.empty()) h += "<dt>" + t("Kommun", "Municipality") + "</dt><dd>" + escape(v.municipality) + "</dd>\n";
    h += "<dt>" + t("Organ", "Body") + "</dt><dd>" + escape(v.organ) + "</dd>\n";
    h += "<dt>" + t("Sammanträde", "Meeting") + "</dt><dd>" + escape(v.meeting_date) + "</dd>\n";
    h += "<dt>" + t("Paragrafer", "Paragraphs") + "</dt><dd>" + escape(v.paragraphs) + "</dd>\n";
    h += "<dt>" + t("Kontrollsumma (SHA-256)", "Checksum (SHA-256)") + "</dt><dd><code>" + escape(v.pdf_sha256) + "</code></dd>\n";
    h += "</dl>\n<p><a href=\"/sign/" + escape(token) + "/document.pdf\">" +
         (v.complete ? t("Ladda ner det justerade protokollet (PDF)", "Download the justerat protocol (PDF)")
                     : t("Läs protokollet (PDF)", "Read the protocol (PDF)")) +
         "</a></p>\n";
    h += "<h2>" + t("Underskrifter", "Signatures") + "</h2>\n<ol class=\"signers\">\n";
    for (const SignerLine& s : v.signers) {
        h += "<li>" + role_text(s.role) + ": " + escape(s.name) + (s.you ? " " + t("(du)", "(you)") : std::string()) + " – ";
        if (s.signed_time) h += t("har skrivit under ", "signed ") + escape(rules::stockholm_clock(static_cast<std::time_t>(s.signed_time)));
        else if (s.under_way) h += t("skriver under just nu", "is signing now");
        else h += t("har inte skrivit under", "has not signed");
        h += "</li>\n";
    }
    h += "</ol>\n";
    if (v.complete) {
        h += "<p>" + t("Alla har skrivit under. Protokollet är justerat.", "Everyone has signed. The protocol is justerat.") + "</p>\n";
    } else if (v.can_sign) {
        h += "<form method=\"post\" action=\"/sign/" + escape(token) + "/start\">\n<p>" +
             t("Du skickas till underskriftstjänsten, som visar vad du skriver under och ber dig legitimera dig med din e-legitimation.",
               "You are sent to the signature service, which shows what you sign and asks you to identify yourself with your e-ID.") +
             "</p>\n<p><button type=\"submit\" id=\"sign\">" + t("Signera med e-legitimation", "Sign with e-ID") + "</button></p>\n</form>\n";
    } else {
        h += "<p>" + t(v.wait_sv, v.wait_en) + "</p>\n";
    }
    h += "<p class=\"hint\">" + t("Länken gäller till ", "The link is valid until ") + escape(rules::stockholm_clock(static_cast<std::time_t>(v.expires))) + ".</p>\n";
    if (!v.paragraph_titles.empty()) {
        h += "<h2>" + t("Protokollets paragrafer", "The protocol's paragraphs") + "</h2>\n<ul class=\"paragraphs\">\n";
        for (const auto& title : v.paragraph_titles) h += "<li>" + escape(title) + "</li>\n";
        h += "</ul>\n";
    }
    return h + signing_foot(c);
}

std::string signing_error_page(std::string_view sv, std::string_view en, const PageContext& c) {
    std::string h = head(c, "Skriv under protokollet", "Sign the protocol");
    h += "<h1>" + t("Skriv under protokollet", "Sign the protocol") + "</h1>\n<div class=\"verdict bad\" role=\"alert\"><p class=\"sentence\">" +
         t(sv, en) + "</p></div>\n";
    return h + signing_foot(c);
}

std::string new_case_page(std::string_view error_sv, std::string_view error_en, const PageContext& c) {
    std::string h = head(c, "Nytt underskriftsärende", "New signing case");
    h += "<h1>" + t("Nytt underskriftsärende", "New signing case") + "</h1>\n";
    if (!error_sv.empty()) h += "<div class=\"verdict bad\" role=\"alert\"><p class=\"sentence\">" + t(escape(error_sv), escape(error_en)) + "</p></div>\n";
    h += "<p>" + t("Välj det renderade protokollet och ange personnumret för varje justerare i protokollets ordning och för sekreteraren. "
                   "Varje undertecknare får en egen länk.",
                   "Choose the rendered protocol and give the personal identity number of each adjuster, in the protocol's order, and of the "
                   "secretary. Each signer gets a link of their own.") +
         "</p>\n<form id=\"new-case\" method=\"post\" action=\"/cases/new\" enctype=\"multipart/form-data\">\n";
    const auto field = [&](const char* id, std::string_view sv, std::string_view en, const char* type, const char* extra) {
        return "<p><label for=\"" + std::string(id) + "\">" + t(sv, en) + "</label><br>\n<input type=\"" + type + "\" id=\"" + id + "\" name=\"" + id + "\"" +
               extra + "></p>\n";
    };
    h += field("file", "Protokollet (PDF från justera render)", "The protocol (PDF from justera render)", "file", " accept=\"application/pdf,.pdf\" required");
    h += field("justerare-1", "Första justerarens personnummer (ÅÅÅÅMMDDNNNN)", "First adjuster's personal identity number (YYYYMMDDNNNN)", "text",
               " inputmode=\"numeric\" autocomplete=\"off\" pattern=\"[0-9]{12}\" required");
    h += field("justerare-2", "Andra justerarens personnummer (om det finns en andra)", "Second adjuster's number (if there is a second)", "text",
               " inputmode=\"numeric\" autocomplete=\"off\" pattern=\"[0-9]{12}\"");
    h += field("sekreterare", "Sekreterarens personnummer", "Secretary's personal identity number", "text",
               " inputmode=\"numeric\" autocomplete=\"off\" pattern=\"[0-9]{12}\" required");
    h += field("key", "Sekreterarens nyckel", "The secretary's key", "password", " autocomplete=\"current-password\" required");
    h += "<p><button type=\"submit\" id=\"create\">" + t("Skapa ärendet", "Make the case") + "</button></p>\n</form>\n";
    return h + signing_foot(c);
}

std::string case_made_page(const NewCaseAnswer& a, const PageContext& c) {
    std::string h = head(c, "Underskriftsärendet är skapat", "The signing case is made");
    h += "<h1>" + t("Underskriftsärendet är skapat", "The signing case is made") + "</h1>\n<div class=\"verdict ok\" role=\"status\"><p class=\"sentence\">" +
         t("Skicka varje undertecknare sin egen länk. Länkarna visas bara nu.", "Send each signer their own link. The links are shown only now.") +
         "</p></div>\n<p>" + t("Ärende", "Case") + " <code>" + escape(a.case_id) + "</code></p>\n<ol class=\"signers\">\n";
    for (const auto& l : a.links) {
        h += "<li>" + role_text(l.role) + ": " + escape(l.name) + "<br><code class=\"link\">" + escape(l.url) + "</code></li>\n";
    }
    return h + "</ol>\n" + signing_foot(c);
}

std::string_view autopost_script() {
    return "// Posts the signature service's form at once (the HTTP POST binding); the\n"
           "// button does the same without scripts.\n"
           "document.getElementById('eid-sign').submit();\n";
}

std::string_view stylesheet() {
    return R"css(:root { --fg: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; --ok: #0b5d2a; --ok-bg: #e6f4ea; --bad: #9c1c1c; --bad-bg: #fbeaea;
  --warn: #6b4400; --warn-bg: #fff3dc; --focus: #0b57d0; }
html:has(#lang-en:checked) span[lang="sv"], html:not(:has(#lang-en:checked)) span[lang="en"] { display: none; }
body { font: 1rem/1.5 "DejaVu Sans", system-ui, sans-serif; color: var(--fg); background: #fff; margin: 0; }
header, main, footer { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
header { display: flex; justify-content: space-between; align-items: center; border-bottom: 1px solid var(--line); }
.brand { font-weight: bold; letter-spacing: .05em; }
.lang { border: 0; margin: 0; padding: 0; display: flex; gap: .5rem; align-items: center; }
.lang input { margin: 0; }
.skip { position: absolute; left: -100vw; }
.skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .25rem .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
h1 { font-size: 1.6rem; line-height: 1.25; } h2 { font-size: 1.25rem; margin-top: 2rem; } h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
.file { word-break: break-all; }
.hint { color: var(--muted); font-size: .9rem; }
.drop { border: 2px dashed var(--line); border-radius: .5rem; padding: 1rem; margin: 1rem 0; }
.drop.over { border-color: var(--focus); background: #eef3fd; }
.drop label { display: block; font-weight: bold; margin-bottom: .5rem; }
button { font: inherit; padding: .5rem 1.25rem; border: 0; border-radius: .25rem; background: #0b57d0; color: #fff; cursor: pointer; }
.verdict { border-left: .5rem solid; padding: .75rem 1rem; border-radius: .25rem; }
.verdict h2 { font-size: 1rem; margin: 0 0 .25rem; }
.verdict .answer { font-size: 1.35rem; font-weight: bold; margin: 0 0 .5rem; }
.verdict .notes { margin: 0 0 .5rem; padding-left: 1.25rem; font-weight: bold; }
.verdict .sentence { margin: 0 0 .25rem; }
.unverified { border: 1px dashed var(--warn); border-radius: .25rem; padding: .5rem .75rem; color: var(--warn); background: var(--warn-bg); }
.ok { border-color: var(--ok); } .verdict.ok { background: var(--ok-bg); color: var(--ok); }
.bad { border-color: var(--bad); } .verdict.bad { background: var(--bad-bg); color: var(--bad); }
.warn { border-color: var(--warn); } .verdict.warn { background: var(--warn-bg); color: var(--warn); }
.verdict .hint { color: inherit; }
code { font-size: .85rem; word-break: break-all; }
.cards { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 1rem; }
.sig-card { border: 1px solid var(--line); border-top: .35rem solid; border-radius: .35rem; padding: .75rem 1rem; }
.sig-card.ok { border-top-color: var(--ok); } .sig-card.bad { border-top-color: var(--bad); } .sig-card.warn { border-top-color: var(--warn); }
.sig-card dl, .facts { margin: 0; } .sig-card dt, .facts dt { font-weight: bold; font-size: .9rem; margin-top: .4rem; }
.sig-card dd, .facts dd { margin: 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; } .facts dt { margin: 0; }
.paragraphs { padding-left: 1rem; } .paragraphs li { margin: .15rem 0; } .num { font-variant-numeric: tabular-nums; font-weight: bold; }
.badge { display: inline-block; background: var(--warn-bg); color: var(--warn); border: 1px solid var(--warn); border-radius: 1rem; padding: 0 .5rem; font-size: .85rem; }
.findings li { margin: .4rem 0; } .findings .error strong { color: var(--bad); } .findings .warning strong { color: var(--warn); }
.law { color: var(--muted); } .missing { color: var(--bad); font-weight: bold; }
.downloads a { margin-right: 1rem; }
.share a { word-break: break-all; }
.verdict + .facts { margin-top: 1rem; }
footer { border-top: 1px solid var(--line); margin-top: 3rem; color: var(--muted); font-size: .9rem; }
@media print { .upload, .lang, .skip, .downloads, header { display: none; } .verdict { border: 2px solid; } a { color: inherit; } }
)css";
}

std::string_view script() {
    return R"js(// Drag and drop onto the form (a dropped file is sent at once), a word while
// the file is checked, and the page's language attribute kept in step with
// the toggle. The page works without it.
(function () {
  'use strict';
  var form = document.getElementById('upload');
  var drop = document.getElementById('drop');
  var file = document.getElementById('file');
  var busy = document.getElementById('busy');
  function english() { var en = document.getElementById('lang-en'); return en && en.checked; }
  function send() {
    if (!file.files || file.files.length === 0) return;
    if (busy) busy.textContent = english() ? 'Verifying…' : 'Verifierar…';
    form.submit();
  }
  document.querySelectorAll('input[name="lang"]').forEach(function (r) {
    r.addEventListener('change', function () { document.documentElement.lang = english() ? 'en' : 'sv'; });
  });
  if (!form || !drop || !file) return;
  form.addEventListener('submit', function () { if (busy) busy.textContent = english() ? 'Verifying…' : 'Verifierar…'; });
  ['dragenter', 'dragover'].forEach(function (e) {
    drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (e) {
    drop.addEventListener(e, function () { drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (ev) {
    ev.preventDefault();
    if (ev.dataTransfer && ev.dataTransfer.files.length > 0) { file.files = ev.dataTransfer.files; send(); }
  });
})();
)js";
}

}  // namespace justera::serve
