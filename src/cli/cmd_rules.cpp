// SPDX-License-Identifier: GPL-3.0-or-later
// justera deadlines and justera check: a protocol's dates, and the
// municipal-law checks, from the strongest evidence at hand.

#include <algorithm>
#include <cctype>
#include <ctime>
#include <functional>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "common.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/pdf/render.hpp"
#include "justera/report/protocol_facts.hpp"
#include "justera/rules/calendar.hpp"
#include "justera/rules/checks.hpp"
#include "justera/rules/deadlines.hpp"
#include "justera/verify/verify.hpp"
#include "justera/xml/xml.hpp"

#ifndef JUSTERA_VERSION
#define JUSTERA_VERSION "0.0.0"
#endif

namespace justera::cli {

namespace {

struct DeadlineOpts {
    std::string local_rules;
    std::string input;
    std::string anslag;
    std::string format = "auto";
    std::vector<std::string> trust;
    std::vector<std::string> crl;
    bool json = false;
    std::string lang = "sv";
};

std::string date_text(const std::optional<rules::Date>& d, rules::Language lang = rules::Language::Swedish) {
    const bool en = lang == rules::Language::English;
    return d ? std::string(en ? rules::weekday_name_en(*d) : rules::weekday_name(*d)) + " " + rules::iso(*d) : std::string(en ? "unknown" : "okänt");
}

/// The justerare's signatures in a signed PDF whose integrity holds.
std::vector<rules::SignatureDay> signature_days(const std::string& bytes, const std::string& file, const std::vector<std::string>& trust,
                                                const std::vector<std::string>& crl, bool& all_trusted) {
    verify::Options vo;
    vo.trust_files = trust;
    vo.crl_files = crl;
    const verify::Context ctx(vo);
    return report::signature_days(verify::verify_pdf(bytes, file, ctx), all_trusted);
}

/// The protocol and its dates, from any input the other commands read.
struct Dated {
    model::Protocol protocol;
    rules::Deadlines deadlines;
    std::string evidence;  ///< as rules::to_string, or "signatures_untrusted"
    std::string signature_evidence;  ///< what the signatures rest on, the same way ("none" without any)
    std::string canonical;    ///< the protocol's canonical XML
    std::string fingerprint;
    bool trusted = true;  ///< every signature gone by passed (evidence_name)
};

/// The municipality's own rules from --local-rules FILE, or the defaults.
rules::LocalRules local_rules_of(const std::string& file, const GlobalOptions& g) {
    if (file.empty()) return {};
    return rules::read_local_rules(core::read_file(file, g.limits), file);
}

void add_local_rules_option(CLI::App& cmd, std::string& target, const GlobalOptions& g) {
    cmd.add_option("--local-rules", target,
                   g.tr("Kommunens egna regler (docs/rules.md), rader NAME = VALUE: ordforande-justerar, justerare, ledamoter, "
                        "omedelbar-justering-samma-dag, sekreterare-skriver-under",
                        "The municipality's own rules (docs/rules.md), lines NAME = VALUE: ordforande-justerar, justerare, ledamoter, "
                        "omedelbar-justering-samma-dag, sekreterare-skriver-under"))
        ->check(CLI::ExistingFile);
}

Dated dated(const std::string& input, const std::string& format, const std::string& anslag_text, const std::vector<std::string>& trust,
            const std::vector<std::string>& crl, const GlobalOptions& g, rules::Language lang, const rules::LocalRules& local) {
    std::optional<rules::Date> anslag;
    if (!anslag_text.empty()) {
        anslag = rules::parse_iso_date(anslag_text);
        if (!anslag) throw core::Error(core::Errc::Usage, "--anslag takes a date as YYYY-MM-DD, not '" + anslag_text + "'", {},
                                       "--anslag tar ett datum som YYYY-MM-DD, inte '" + anslag_text + "'");
    }
    const std::string bytes = core::read_file(input, g.limits);
    Input in = load_input_bytes(bytes, input, layout_of(format), g);
    const auto* protocol = std::get_if<model::Protocol>(&in.document);
    if (!protocol) {
        throw core::Error(core::Errc::Usage,
                          std::holds_alternative<model::JusteringNotice>(in.document)
                              ? "this is a notice of justering (anslag), not a protocol: give the protocol it announces"
                              : "an agenda has no deadlines: give a protocol",
                          core::Where{input},
                          std::holds_alternative<model::JusteringNotice>(in.document)
                              ? "det här är ett tillkännagivande om justering (anslag), inte ett protokoll: ange protokollet det tillkännager"
                              : "en föredragningslista har inga tidsfrister: ange ett protokoll");
    }
    std::vector<rules::SignatureDay> signed_days;
    bool trusted = false;
    if (in.kind == "pdf") signed_days = signature_days(bytes, input, trust, crl, trusted);
    Dated out{*protocol, rules::compute_deadlines(*protocol, signed_days, anslag, lang, local), {}, {}, in.canonical, in.fingerprint};
    out.trusted = trusted || signed_days.empty();
    out.evidence = report::evidence_name(out.deadlines.evidence, trusted);
    out.signature_evidence = report::evidence_name(out.deadlines.signature_evidence, trusted);
    return out;
}

}  // namespace

void setup_deadlines(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<DeadlineOpts>();
    auto* cmd = app.add_subcommand("deadlines", g.tr("Protokollets datum: justering, anslag och sista dag för överklagande", "The protocol's dates: justering, anslag and the last day to appeal"));
    cmd->footer(g.tr(
        "Skriver ut sammanträdesdagen, den faktiska justeringsdagen (dagen då den sista\n"
        "justeraren skrev under: enligt underskrifterna i en underskriven PDF, annars\n"
        "enligt en underskriftstabell som skrivits in i texten, annars enligt det tryckta\n"
        "'Datum för justering', och säger vilket), sista dag för justering\n"
        "(sammanträdet + 14 dagar, KL 5 kap. 69 §), sista dag att sätta upp anslaget\n"
        "(justeringen + 2 dagar, 8 kap. 12 §) och, med --anslag, sista dag för\n"
        "överklagande (anslaget + 3 veckor, 13 kap. 5 §). En frist som slutar på en\n"
        "lördag, söndag, helgdag, midsommarafton, julafton eller nyårsafton flyttas till\n"
        "nästa vardag (lag 1930:173 2 §).\n\n"
        "Exempel:\n"
        "  justera deadlines protokoll.txt\n"
        "  justera deadlines protokoll-signerat.pdf --anslag 2024-03-25 --json\n\n"
        "JSON-nycklar: meeting_date, justering_date, justering_evidence, printed_justering_date,\n"
        "justering_last_day, anslag_last_day, anslag_date, anslag_source (given, protocol:\n"
        "dess ANSLAG/BEVIS), notice_removed, appeal_last_day (YYYY-MM-DD eller null), immediate\n"
        "[{paragraphs, justering_date, justering_evidence, anslag_date, anslag_last_day,\n"
        "appeal_last_day}] (paragraferna som justerades omedelbart: deras egen justering;\n"
        "null där det här dokumentet inte visar den), signature_evidence, unsigned_justerare\n"
        "(namngivna justerare utan underskrift), notes. --lang en: rubriker och anteckningar på engelska.\n"
        "Utgångskoder: 0 klart, 3 indata avvisad, 4 fel i anropet, 5 in-/utmatningsfel.",
        "Prints the meeting day, the effective justering day (the day the last\n"
        "justerare signed: from the signatures of a signed PDF, else from a signature\n"
        "table typed into the text, else the printed 'Datum för justering', and says\n"
        "which), the last day for justering (meeting + 14 days, KL 5 kap. 69 §), the\n"
        "last day to put up the notice (justering + 2 days, 8 kap. 12 §) and, with\n"
        "--anslag, the last day to appeal (anslag + 3 weeks, 13 kap. 5 §). A deadline\n"
        "that ends on a Saturday, Sunday, helgdag, midsommarafton, julafton or\n"
        "nyårsafton moves to the next working day (lag 1930:173 2 §).\n\n"
        "Examples:\n"
        "  justera deadlines protokoll.txt\n"
        "  justera deadlines protokoll-signerat.pdf --anslag 2024-03-25 --json\n\n"
        "JSON keys: meeting_date, justering_date, justering_evidence, printed_justering_date,\n"
        "justering_last_day, anslag_last_day, anslag_date, anslag_source (given, protocol:\n"
        "its ANSLAG/BEVIS), notice_removed, appeal_last_day (YYYY-MM-DD or null), immediate\n"
        "[{paragraphs, justering_date, justering_evidence, anslag_date, anslag_last_day,\n"
        "appeal_last_day}] (the paragraphs adjusted at once: their own justering; null\n"
        "where this document does not show it), signature_evidence, unsigned_justerare\n"
        "(named justerare without a signature), notes. --lang en: labels and notes in English.\n"
        "Exit: 0 ok, 3 input rejected, 4 usage, 5 I/O."));
    cmd->add_option("INPUT", opts->input, g.tr("Protokolltext, XML, en PDF gjord av 'justera render' (underskriven eller inte) eller ett protokoll som PDF från ett annat system (dess text)", "Protocol text, XML, a PDF made by 'justera render' (signed or not), or a protocol PDF made elsewhere (its text)"))->required();
    add_format_option(*cmd, opts->format, g);
    cmd->add_option("--anslag", opts->anslag, g.tr("Dagen då tillkännagivandet om justering sattes upp (YYYY-MM-DD)", "The day the notice of justering went up (YYYY-MM-DD)"));
    cmd->add_option("--trust", opts->trust, g.tr("För en underskriven PDF: betrodda rötter i PEM, så att underlaget kan kallas betrott ('trusted')", "For a signed PDF: PEM trust anchors, so the evidence can say 'trusted'"))
        ->allow_extra_args(false)
        ->check(CLI::ExistingFile);
    cmd->add_option("--crl", opts->crl, g.tr("För en underskriven PDF: spärrlistor (CRL-filer, DER eller PEM) för spärrkontrollen, som i 'justera verify'", "For a signed PDF: CRL files (DER or PEM) for the revocation check, as in 'justera verify'"))
        ->allow_extra_args(false)
        ->check(CLI::ExistingFile);
    cmd->add_flag("--json", opts->json, g.tr("Skriv JSON", "Print JSON"));
    auto* lang_option = cmd->add_option("--lang", opts->lang, g.tr("Språket i rubriker och anteckningar: sv (standard) eller en", "Language of the labels and notes: sv (default) or en"))->check(CLI::IsMember({"sv", "en"}));
    add_local_rules_option(*cmd, opts->local_rules, g);
    cmd->callback([opts, &g, lang_option] {
        g.settle_language(opts->lang, lang_option->count() > 0);
        const auto lang = opts->lang == "en" ? rules::Language::English : rules::Language::Swedish;
        const bool en = lang == rules::Language::English;
        const Dated d = dated(opts->input, opts->format, opts->anslag, opts->trust, opts->crl, g, lang, local_rules_of(opts->local_rules, g));
        const auto& dl = d.deadlines;
        const std::string& evidence = d.evidence;
        if (opts->json) {
            nlohmann::ordered_json j;
            j["file"] = opts->input;
            j["meeting_date"] = report::date_json(dl.meeting_date);
            j["justering_date"] = report::date_json(dl.justering_date);
            j["justering_evidence"] = evidence;
            j["printed_justering_date"] = report::date_json(dl.printed_justering_date);
            j["justering_last_day"] = report::date_json(dl.justering_last_day);
            j["anslag_last_day"] = report::date_json(dl.anslag_last_day);
            j["anslag_date"] = report::date_json(dl.anslag_date);
            j["anslag_source"] = dl.anslag_source.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(dl.anslag_source);
            j["notice_removed"] = report::date_json(dl.notice_removed);
            j["appeal_last_day"] = report::date_json(dl.appeal_last_day);
            j["immediate"] = report::immediate_json(dl, d.trusted);
            j["signature_evidence"] = d.signature_evidence;
            j["unsigned_justerare"] = dl.unsigned_justerare;
            j["notes"] = dl.notes;
            std::cout << j.dump(2) << "\n";
        } else {
            const auto t = [en](const char* sv, const char* english) { return en ? english : sv; };
            const auto label = [&](const char* sv, const char* english) {
                std::string l = t(sv, english);
                // Pad to 28 columns (counting characters, not bytes).
                std::size_t chars = 0;
                for (const char c : l) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
                return l + std::string(chars < 28 ? 28 - chars : 1, ' ');
            };
            std::cout << label("Sammanträde", "Meeting") << date_text(dl.meeting_date, lang) << "\n"
                      << label("Justerat", "Adjusted (justerat)") << date_text(dl.justering_date, lang) << "  ("
                      << (evidence == "verified_signatures"    ? t("enligt de verifierade underskrifterna", "by the verified signatures")
                          : evidence == "signatures_untrusted" ? t("enligt underskrifterna; certifikaten och deras spärrstatus är inte kontrollerade (--trust, --crl)",
                                                                   "by the signatures; their certificates and revocation are not checked (--trust, --crl)")
                          : evidence == "signature_table"      ? t("enligt underskriftstabellen i texten, som inte bevisar något",
                                                                   "by the signature table in the text, which proves nothing")
                          : evidence == "header"               ? (dl.unsigned_justerare.empty() ? t("enligt det tryckta datumet; inga underskrifter", "by the printed date; no signatures")
                                                                                                : t("enligt det tryckta datumet; alla justerare har inte skrivit under",
                                                                                                    "by the printed date; not every justerare has signed"))
                                                               : t("okänt", "unknown"))
                      << ")\n";
            if (dl.printed_justering_date && dl.justering_date && *dl.printed_justering_date != *dl.justering_date) {
                std::cout << label("Tryckt datum för justering", "Printed justering date") << date_text(dl.printed_justering_date, lang) << "  ("
                          << t("skiljer sig", "differs") << ")\n";
            }
            std::cout << label("Sista dag för justering", "Last day for justering") << date_text(dl.justering_last_day, lang) << "  (KL 5 kap. 69 §)\n"
                      << label("Sista dag för anslag", "Last day for the notice") << date_text(dl.anslag_last_day, lang) << "  (KL 8 kap. 12 §)\n";
            if (dl.anslag_date) std::cout << label("Anslaget", "Notice put up") << date_text(dl.anslag_date, lang) << "\n";
            std::cout << label("Sista dag för överklagande", "Last day to appeal")
                      << (dl.appeal_last_day ? date_text(dl.appeal_last_day, lang) + "  (KL 13 kap. 5 §)" : std::string(t("ange --anslag DATUM", "give --anslag DATE")))
                      << "\n";
            if (dl.anslag_date && dl.anslag_source == "protocol") {
                std::cout << label("", "") << t("(enligt protokollets ANSLAG/BEVIS)", "(as the protocol's ANSLAG/BEVIS says)") << "\n";
            }
            if (dl.notice_removed) std::cout << label("Anslaget tas ned", "Notice taken down") << date_text(dl.notice_removed, lang) << "\n";
            for (const auto& e : dl.immediate) {
                std::cout << label("Omedelbart justerade §§", "Immediately adjusted §§");
                for (std::size_t i = 0; i < e.paragraphs.size(); ++i) std::cout << (i ? ", " : "") << e.paragraphs[i];
                std::cout << "\n";
                if (e.justering_date) {
                    std::cout << label("  justerade", "  justered") << date_text(e.justering_date, lang) << "\n"
                              << label("  sista dag för anslag", "  last day for the notice") << date_text(e.anslag_last_day, lang) << "\n";
                    if (e.appeal_last_day) std::cout << label("  sista dag att överklaga", "  last day to appeal") << date_text(e.appeal_last_day, lang) << "\n";
                } else {
                    std::cout << label("  justerade", "  justered")
                              << t("syns inte i detta dokument (en egen justering, ofta ett protokollsutdrag)",
                                   "not shown by this document (a justering of their own, often an extract)")
                              << "\n";
                }
            }
            for (const auto& n : dl.notes) std::cout << "  " << n << "\n";
        }
        exit_status() = 0;
    });
}

namespace {

struct CheckOpts {
    std::string local_rules;
    std::string input;
    std::string agenda;
    std::string anslag;
    std::string format = "auto";
    std::vector<std::string> trust;
    std::vector<std::string> crl;
    bool json = false;
    bool strict = false;
    std::string lang = "sv";
};

}  // namespace

void setup_check(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<CheckOpts>();
    auto* cmd = app.add_subcommand("check", g.tr("Pröva ett protokoll mot kommunallagen: justering, omedelbart justerade paragrafer, frister, personer", "Check a protocol against Kommunallagen: justering, immediate paragraphs, deadlines, people"));
    cmd->footer(g.tr(
        "Varje iakttagelse har ett stabilt regel-id (docs/rules.md, med lagrummet den\n"
        "vilar på), en allvarlighetsgrad, de berörda paragraferna, ett meddelande på\n"
        "svenska, underlaget den bedömdes utifrån: verified_signatures (en underskriven\n"
        "PDF), signatures_untrusted, signature_table (en tabell inskriven i texten: inget\n"
        "bevis), header eller text, och en grund: breach (enligt textens egna uppgifter\n"
        "följdes inte en regel), not-established (texten säger inte tillräckligt för att\n"
        "pröva en regel: en uppgift saknas eller kunde inte läsas; listas för sig) eller\n"
        "note.\n\n"
        "Exempel:\n"
        "  justera check protokoll.txt\n"
        "  justera check protokoll.txt --agenda foredragningslista.txt\n"
        "  justera check protokoll-signerat.pdf --trust rot.pem --anslag 2024-03-25 --json\n\n"
        "JSON: {file, evidence, findings: [{rule, severity, basis, paragraphs, message,\n"
        "law, source, evidence}], deadlines: {...}}. source: law (KL, lag 1930:173) eller\n"
        "local (arbetsordning, reglemente, praxis: aldrig ett fel).\n"
        "Utgångskoder: 0 inget fel hittat (1 med --strict när det finns varningar), 1 ett\n"
        "fel hittat, 3 indata avvisad, 4 fel i anropet, 5 in-/utmatningsfel.",
        "Each finding has a stable rule id (docs/rules.md, with the law it rests on),\n"
        "a severity, the paragraphs concerned, a message in Swedish, the evidence\n"
        "it was judged from: verified_signatures (a signed PDF), signatures_untrusted,\n"
        "signature_table (a table typed into the text: no proof), header or text, and\n"
        "its basis: breach (by the text's own facts a rule was not kept),\n"
        "not-established (the text does not say enough to judge a rule: a fact is\n"
        "missing or could not be read; listed apart) or note.\n\n"
        "Examples:\n"
        "  justera check protokoll.txt\n"
        "  justera check protokoll.txt --agenda foredragningslista.txt\n"
        "  justera check protokoll-signerat.pdf --trust rot.pem --anslag 2024-03-25 --json\n\n"
        "JSON: {file, evidence, findings: [{rule, severity, basis, paragraphs, message,\n"
        "law, source, evidence}], deadlines: {...}}. source: law (KL, lag 1930:173) or\n"
        "local (arbetsordning, reglemente, practice: never an error).\n"
        "Exit: 0 no error found (1 with --strict when there are warnings), 1 an error\n"
        "found, 3 input rejected, 4 usage, 5 I/O."));
    cmd->add_option("INPUT", opts->input, g.tr("Protokolltext, XML, en PDF gjord av 'justera render' (underskriven eller inte) eller ett protokoll som PDF från ett annat system (dess text)", "Protocol text, XML, a PDF made by 'justera render' (signed or not), or a protocol PDF made elsewhere (its text)"))->required();
    add_format_option(*cmd, opts->format, g);
    cmd->add_option("--anslag", opts->anslag, g.tr("Dagen då tillkännagivandet om justering sattes upp (YYYY-MM-DD)", "The day the notice of justering went up (YYYY-MM-DD)"));
    cmd->add_option("--agenda", opts->agenda, g.tr("Sammanträdets föredragningslista: jämför dess förslag om omedelbar justering", "The meeting's agenda (föredragningslista): compare its proposals for immediate justering"));
    cmd->add_option("--trust", opts->trust, g.tr("För en underskriven PDF: betrodda rötter i PEM", "For a signed PDF: PEM trust anchors"))->allow_extra_args(false)->check(CLI::ExistingFile);
    cmd->add_option("--crl", opts->crl, g.tr("För en underskriven PDF: spärrlistor (CRL-filer, DER eller PEM), som i 'justera verify'", "For a signed PDF: CRL files (DER or PEM), as in 'justera verify'"))->allow_extra_args(false)->check(CLI::ExistingFile);
    cmd->add_flag("--json", opts->json, g.tr("Skriv JSON", "Print JSON"));
    cmd->add_flag("--strict", opts->strict, g.tr("Utgångskod 1 även vid varningar", "Exit 1 on warnings too"));
    auto* lang_option = cmd->add_option("--lang", opts->lang, g.tr("Meddelandenas språk: sv (standard) eller en", "Language of the messages: sv (default) or en"))->check(CLI::IsMember({"sv", "en"}));
    add_local_rules_option(*cmd, opts->local_rules, g);
    cmd->callback([opts, &g, lang_option] {
        g.settle_language(opts->lang, lang_option->count() > 0);
        const auto lang = opts->lang == "en" ? rules::Language::English : rules::Language::Swedish;
        const rules::LocalRules local = local_rules_of(opts->local_rules, g);
        const Dated d = dated(opts->input, opts->format, opts->anslag, opts->trust, opts->crl, g, lang, local);
        auto findings = rules::check_protocol(d.protocol, d.deadlines, lang, local);
        if (!opts->agenda.empty()) {
            Input agenda = load_input(opts->agenda, layout_of("agenda"), g);
            const auto* a = std::get_if<model::Agenda>(&agenda.document);
            if (!a) throw core::Error(core::Errc::Usage, "not an agenda (föredragningslista)", core::Where{opts->agenda},
                                      "ingen föredragningslista");
            const auto more = rules::compare_agenda(d.protocol, *a, lang);
            findings.insert(findings.end(), more.begin(), more.end());
        }
        std::size_t errors = 0;
        std::size_t warnings = 0;
        std::size_t unknown = 0;
        for (const auto& f : findings) {
            errors += f.severity == "error" ? 1 : 0;
            warnings += f.severity == "warning" ? 1 : 0;
            unknown += f.basis == "not-established" ? 1 : 0;
        }
        const bool en = lang == rules::Language::English;
        if (opts->json) {
            nlohmann::ordered_json list = nlohmann::ordered_json::array();
            for (const auto& f : findings) {
                const std::string evidence = f.evidence == "verified_signatures" ? d.signature_evidence : f.evidence;
                list.push_back({{"rule", f.rule}, {"severity", f.severity}, {"basis", f.basis}, {"paragraphs", f.paragraphs},
                                {"message", f.message}, {"law", f.law}, {"source", f.source}, {"evidence", evidence}});
            }
            nlohmann::ordered_json j;
            j["file"] = opts->input;
            j["evidence"] = d.evidence;
            j["findings"] = list;
            j["deadlines"] = report::deadlines_json(d.deadlines, d.trusted);
            std::cout << j.dump(2) << "\n";
        } else {
            // Every line under a heading that says what it is: the law broken by
            // the text's own facts, a local rule not kept, a note, or what the
            // text does not say enough to judge.
            struct Group {
                const char* sv;
                const char* en;
                std::function<bool(const rules::Finding&)> holds;
            };
            const std::vector<Group> groups{
                {"Lagen är inte följd, enligt textens egna uppgifter:", "The law was not kept, by the text's own facts:",
                 [](const rules::Finding& f) { return f.basis == "breach" && f.source != "local"; }},
                {"Lokala regler (arbetsordning, reglemente, praxis) är inte följda:", "Local rules (arbetsordning, reglemente, practice) not kept:",
                 [](const rules::Finding& f) { return f.basis == "breach" && f.source == "local"; }},
                {"Att notera:", "To note:", [](const rules::Finding& f) { return f.basis == "note"; }},
                {"Kan inte prövas (texten säger inte tillräckligt):", "Not established (the text does not say enough to judge):",
                 [](const rules::Finding& f) { return f.basis == "not-established"; }},
            };
            for (const auto& group : groups) {
                bool heading = false;
                for (const auto& f : findings) {
                    if (!group.holds(f)) continue;
                    if (!heading) std::cout << (en ? group.en : group.sv) << "\n";
                    heading = true;
                    std::cout << "  " << (f.severity == "error" ? (en ? "ERROR " : "FEL  ") : f.severity == "warning" ? (en ? "WARN  " : "OBS  ") : "info ")
                              << f.rule << ": " << f.message << " (" << f.law << ")\n";
                }
            }
            if (en) {
                std::cout << findings.size() << " findings: " << errors << " errors, " << warnings << " warnings, " << unknown
                          << " not established (evidence: " << d.evidence << ")\n";
            } else {
                std::cout << findings.size() << " fynd: " << errors << " fel, " << warnings << " varningar, " << unknown
                          << " som texten inte avgör (underlag: " << d.evidence << ")\n";
            }
        }
        exit_status() = errors > 0 || (opts->strict && warnings > 0) ? 1 : 0;
    });
}

namespace {

struct AnslagOpts {
    std::string local_rules;
    std::string input;
    std::string anslag;
    std::string kept_at;
    std::string output;
    std::string format = "auto";
    std::vector<std::string> trust;
    std::vector<std::string> crl;
    bool pdf = false;
};

/// Refuses (NoticeRefused, nothing written) a notice that would be wrong to
/// publish: a protocol its evidence does not show justerat, a posting day
/// before the justering or the meeting, a takedown before the appeal time
/// ends (KL 8 kap. 12 §, 13 kap. 5 § andra stycket).
void refuse_wrong_notice(const rules::Deadlines& dl, const std::string& file) {
    const auto refuse = [&](const std::string& why, const std::string& why_sv) {
        throw core::Error(core::Errc::NoticeRefused, why + "; no notice was written", core::Where{file}, why_sv + "; inget tillkännagivande skrevs");
    };
    if (!dl.anslag_date) {
        refuse("no posting day: give --anslag YYYY-MM-DD (the protocol's ANSLAG/BEVIS does not say it either)",
               "ingen anslagsdag: ange --anslag YYYY-MM-DD (protokollets ANSLAG/BEVIS anger den inte heller)");
    }
    if (!dl.calendar_covered) {
        refuse("a date before " + std::to_string(rules::k_first_year) + ", which justera's calendar does not cover",
               "ett datum före " + std::to_string(rules::k_first_year) + ", som kalendern i justera inte omfattar");
    }
    if (!dl.unsigned_justerare.empty()) {
        std::string who;
        for (std::size_t i = 0; i < dl.unsigned_justerare.size(); ++i) who += (i ? ", " : "") + dl.unsigned_justerare[i];
        refuse("the protocol is not justerat: " + who + " has not signed (KL 5 kap. 69 §)",
               "protokollet är inte justerat: " + who + " har inte skrivit under (KL 5 kap. 69 §)");
    }
    if (!dl.justering_date) {
        refuse("nothing shows the protocol justerat: no signatures and no printed 'Datum för justering' (KL 5 kap. 69 §)",
               "inget visar att protokollet är justerat: inga underskrifter och inget tryckt 'Datum för justering' (KL 5 kap. 69 §)");
    }
    if (dl.meeting_date && *dl.justering_date < *dl.meeting_date) {
        refuse("the justering day " + rules::iso(*dl.justering_date) + " is before the meeting on " + rules::iso(*dl.meeting_date),
               "justeringsdagen " + rules::iso(*dl.justering_date) + " är före sammanträdet den " + rules::iso(*dl.meeting_date));
    }
    if (dl.meeting_date && *dl.anslag_date < *dl.meeting_date) {
        refuse("the posting day " + rules::iso(*dl.anslag_date) + " is before the meeting on " + rules::iso(*dl.meeting_date),
               "anslagsdagen " + rules::iso(*dl.anslag_date) + " är före sammanträdet den " + rules::iso(*dl.meeting_date));
    }
    if (*dl.anslag_date < *dl.justering_date) {
        refuse("the posting day " + rules::iso(*dl.anslag_date) + " is before the justering on " + rules::iso(*dl.justering_date) +
                   ": the justering is announced after it (KL 8 kap. 12 §)",
               "anslagsdagen " + rules::iso(*dl.anslag_date) + " är före justeringen den " + rules::iso(*dl.justering_date) +
                   ": justeringen tillkännages efter att den har skett (KL 8 kap. 12 §)");
    }
    if (dl.notice_removed && dl.appeal_last_day && *dl.notice_removed <= *dl.appeal_last_day) {
        refuse("the protocol's ANSLAG/BEVIS takes the notice down on " + rules::iso(*dl.notice_removed) + ", before the appeal time has run out (its last day is " +
                   rules::iso(*dl.appeal_last_day) + "): the notice must stay up the whole time, or the appeal time does not run out (KL 8 kap. 12 §, 13 kap. 5 §)",
               "protokollets ANSLAG/BEVIS tar ned anslaget den " + rules::iso(*dl.notice_removed) +
                   ", innan överklagandetiden har gått ut (dess sista dag är " + rules::iso(*dl.appeal_last_day) +
                   "): anslaget måste sitta uppe hela tiden, annars löper överklagandetiden inte ut (KL 8 kap. 12 §, 13 kap. 5 §)");
    }
}

std::string paragraph_list(const std::vector<int>& ps) {
    std::string out;
    for (std::size_t i = 0; i < ps.size(); ++i) out += (i ? ", " : "") + std::string("§ ") + std::to_string(ps[i]);
    return out;
}

}  // namespace

void setup_anslag(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<AnslagOpts>();
    auto* cmd = app.add_subcommand("anslag", g.tr("Skriv tillkännagivandet om justering för anslagstavlan (KL 8 kap. 12 §)", "Write the notice of justering for the anslagstavla (tillkännagivande, KL 8 kap. 12 §)"));
    cmd->footer(g.tr(
        "Tillkännagivandet anger organet, sammanträdesdagen, paragraferna, dagen för\n"
        "justering, var protokollet förvaras, dagen då det sätts upp och dagen då det får\n"
        "tas ned (efter de tre veckorna för överklagande, KL 13 kap. 5 §). Dagarna för\n"
        "uppsättning och nedtagning tas från --anslag, annars från protokollets eget\n"
        "ANSLAG/BEVIS-block. Ingenting skrivs (utgångskod 1, notice-refused) när\n"
        "tillkännagivandet skulle vara fel att publicera: protokollet är inte justerat\n"
        "enligt sina underskrifter (eller enligt sitt tryckta datum när det saknar\n"
        "underskrifter), uppsättningsdagen är före justeringen eller sammanträdet, eller\n"
        "nedtagningsdagen är före överklagandetidens slut. Paragrafer som justerades\n"
        "omedelbart justerades för sig, i ett eget dokument: deras tillkännagivande görs\n"
        "från det dokumentet. Text till standard ut, eller -o FILE (.txt, eller .pdf för\n"
        "en taggad PDF/A-3a som bär tillkännagivandets egen XML och namnger protokollet\n"
        "genom dess fingeravtryck).\n\n"
        "Exempel:\n"
        "  justera anslag protokoll.txt --anslag 2024-03-22 --kept-at 'Socialförvaltningen, Swedenborgsgatan 20'\n"
        "  justera anslag protokoll-signerat.pdf --anslag 2024-03-22 --kept-at '...' -o anslag.pdf\n\n"
        "Utgångskoder: 0 skrivet, 1 avvisat (notice-refused), 3 indata avvisad, 4 fel i anropet, 5 in-/utmatningsfel.",
        "The notice states the organ, the meeting day, the paragraphs, the day of\n"
        "justering, where the protocol is kept, the day it is put up and the day it may\n"
        "be taken down (after the three weeks of appeal, KL 13 kap. 5 §). The posting\n"
        "and takedown days come from --anslag, else from the protocol's own ANSLAG/BEVIS\n"
        "block. Nothing is written (exit 1, notice-refused) when the notice would be\n"
        "wrong to publish: the protocol is not justerat by its signatures (or by its\n"
        "printed date when it has none), the posting day is before the justering or\n"
        "the meeting, or the takedown day is before the appeal time ends. Paragraphs\n"
        "adjusted at once were justerade apart, in a document of their own: their\n"
        "notice is made from that document. Text on standard output, or -o FILE (.txt,\n"
        "or .pdf for a tagged PDF/A-3a that carries the notice's own XML, naming the protocol\n"
        "by fingerprint).\n\n"
        "Examples:\n"
        "  justera anslag protokoll.txt --anslag 2024-03-22 --kept-at 'Socialförvaltningen, Swedenborgsgatan 20'\n"
        "  justera anslag protokoll-signerat.pdf --anslag 2024-03-22 --kept-at '...' -o anslag.pdf\n\n"
        "Exit: 0 written, 1 refused (notice-refused), 3 input rejected, 4 usage, 5 I/O."));
    cmd->add_option("INPUT", opts->input, g.tr("Protokolltext, XML, en PDF gjord av 'justera render' (underskriven eller inte) eller ett protokoll som PDF från ett annat system (dess text)", "Protocol text, XML, a PDF made by 'justera render' (signed or not), or a protocol PDF made elsewhere (its text)"))->required();
    add_format_option(*cmd, opts->format, g);
    cmd->add_option("--anslag", opts->anslag, g.tr("Dagen då tillkännagivandet sätts upp (YYYY-MM-DD); standard: dagen som protokollets ANSLAG/BEVIS anger", "The day the notice goes up (YYYY-MM-DD); default: the day the protocol's ANSLAG/BEVIS gives"));
    cmd->add_option("--kept-at", opts->kept_at, g.tr("Var protokollet förvaras (förvaringsplats), som tillkännagivandet måste ange", "Where the protocol is kept (förvaringsplats), as the notice must say"));
    cmd->add_option("-o,--output", opts->output, g.tr("Skriv till FILE (.pdf: tillkännagivandet som taggad PDF/A-3a) i stället för till standard ut", "Write to FILE (.pdf: the notice as a tagged PDF/A-3a) instead of standard output"));
    cmd->add_flag("--pdf", opts->pdf, g.tr("Skriv PDF vad FILE än heter (t.ex. -o - för standard ut)", "Write the PDF whatever FILE is called (e.g. -o - for standard output)"));
    cmd->add_option("--trust", opts->trust, g.tr("För en underskriven PDF: betrodda rötter i PEM", "For a signed PDF: PEM trust anchors"))->allow_extra_args(false)->check(CLI::ExistingFile);
    cmd->add_option("--crl", opts->crl, g.tr("För en underskriven PDF: spärrlistor (CRL-filer, DER eller PEM), som i 'justera verify'", "For a signed PDF: CRL files (DER or PEM), as in 'justera verify'"))->allow_extra_args(false)->check(CLI::ExistingFile);
    add_local_rules_option(*cmd, opts->local_rules, g);
    cmd->callback([opts, &g] {
        std::vector<std::string> inputs{opts->input};
        inputs.insert(inputs.end(), opts->trust.begin(), opts->trust.end());
        inputs.insert(inputs.end(), opts->crl.begin(), opts->crl.end());
        if (!opts->local_rules.empty()) inputs.push_back(opts->local_rules);
        if (opts->pdf && opts->output.empty()) throw core::Error(core::Errc::Usage, "--pdf needs -o FILE (or -o - for standard output)", {},
                                                                      "--pdf behöver -o FILE (eller -o - för standard ut)");
        core::refuse_output_over_inputs(opts->output, inputs);
        const Dated d = dated(opts->input, opts->format, opts->anslag, opts->trust, opts->crl, g, rules::Language::Swedish,
                              local_rules_of(opts->local_rules, g));
        const auto& dl = d.deadlines;
        const auto& p = d.protocol;
        refuse_wrong_notice(dl, opts->input);
        if (opts->kept_at.empty() && (!p.notice || p.notice->storage_place.empty()) && !g.quiet) {
            std::cerr << g.tr("justera: varning: ingen --kept-at: tillkännagivandet måste ange var protokollet förvaras (KL 8 kap. 12 §)\n",
                              "justera: warning: no --kept-at: the notice must say where the protocol is kept (KL 8 kap. 12 §)\n");
        }
        std::vector<int> all;
        for (const auto& para : p.paragraphs) all.push_back(para.number);
        const auto& imm = dl.immediate_paragraphs;
        const bool separate = !imm.empty() && imm.size() < all.size();
        std::vector<int> rest;
        for (int n : all) {
            if (std::find(imm.begin(), imm.end(), n) == imm.end()) rest.push_back(n);
        }
        if (separate && !g.quiet) {
            if (g.swedish()) {
                std::cerr << "justera: " << paragraph_list(imm)
                          << " justerades omedelbart, skilda från de övriga: deras tillkännagivande görs från deras eget dokument (det utdrag där de "
                             "justerades), med dess justeringsdag; detta tillkännagivande omfattar "
                          << paragraph_list(rest) << "\n";
            } else {
                std::cerr << "justera: " << paragraph_list(imm)
                          << " were adjusted at once, apart from the rest: their notice is made from their own document (the extract they were "
                             "justerade in), with its justering day; this notice covers "
                          << paragraph_list(rest) << "\n";
            }
        }
        if (dl.evidence == rules::Evidence::Header && !g.quiet) {
            if (g.swedish()) {
                std::cerr << "justera: varning: justeringsdagen " << rules::iso(*dl.justering_date)
                          << " är det tryckta 'Datum för justering' och inga underskrifter visar den; ange den underskrivna PDF-filen för att utgå från "
                             "underskrifterna\n";
            } else {
                std::cerr << "justera: warning: the justering day " << rules::iso(*dl.justering_date)
                          << " is the printed 'Datum för justering': no signatures show it; give the signed PDF to go by the signatures\n";
            }
        }
        model::JusteringNotice n;
        n.municipality = p.municipality;
        n.organ = p.organ;
        n.number = p.number;
        n.meeting_date = dl.meeting_date;
        n.paragraphs = separate ? paragraph_list(rest) : p.paragraph_range_written.empty() ? paragraph_list(all) : p.paragraph_range_written;
        if (n.paragraphs.empty()) n.paragraphs = "–";
        n.justering_date = dl.justering_date;
        n.posted = *dl.anslag_date;
        n.removed = dl.notice_removed ? dl.notice_removed : dl.appeal_last_day ? std::optional(rules::add_days(*dl.appeal_last_day, 1)) : std::nullopt;
        n.appeal_last_day = dl.appeal_last_day;
        n.kept_at = !opts->kept_at.empty() ? opts->kept_at : p.notice ? p.notice->storage_place : std::string();
        n.protocol_fingerprint = d.fingerprint;
        std::string text = std::string(model::k_notice_title) + "\n";
        for (const auto& [label, value] : model::notice_rows(n)) text += "  " + label + ": " + value + "\n";
        if (const std::string appeal = model::notice_appeal_sentence(n); !appeal.empty()) text += "  " + appeal + "\n";
        text += "  Protokollets fingeravtryck (SHA-256): " + n.protocol_fingerprint + "\n";
        std::string ext = opts->output.size() > 4 ? opts->output.substr(opts->output.size() - 4) : std::string();
        for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const bool pdf_out = opts->pdf || ext == ".pdf";  // anslag.PDF too
        if (pdf_out) {
            pdf::RenderOptions ro;
            ro.source_date_epoch = document_time();
            ro.version = JUSTERA_VERSION;
            const std::string xml = xml::to_xml(n);
            // Checked against the schema before it is embedded: a notice its
            // own verification would reject is not written.
            const xml::Loaded checked = xml::load(xml, opts->input + (g.swedish() ? ": tillkännagivandets XML" : ": the notice's XML"), g.limits);
            core::write_output(opts->output, pdf::render_notice(n, xml, checked.fingerprint, ro).pdf);
        } else if (!opts->output.empty()) {
            core::write_output(opts->output, text);
        } else {
            std::cout << text;
        }
        exit_status() = 0;
    });
}

}  // namespace justera::cli
