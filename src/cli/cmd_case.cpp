// SPDX-License-Identifier: GPL-3.0-or-later
// justera case: the secretary makes a signing case for a rendered protocol
// (one link per signer, for 'justera serve --signing') and follows it.

#include <chrono>
#include <iostream>

#include <nlohmann/json.hpp>

#include "common.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/pdf/render.hpp"
#include "justera/pdf/signature.hpp"
#include "justera/signing/cases.hpp"
#include "justera/signing/service.hpp"
#include "signing_desk.hpp"

namespace justera::cli {

namespace {

struct CaseOpts {
    std::string input;
    std::string config;
    std::vector<std::string> justerare;
    std::vector<std::string> sekreterare;
    std::vector<std::string> ordforande;
    std::string idp;
    bool json = false;
    std::string id;
};

}  // namespace

void setup_case(CLI::App& app, GlobalOptions& g) {
    auto o = std::make_shared<CaseOpts>();
    auto* cmd = app.add_subcommand("case", g.tr("Underskriftsärenden: länkar där justerarna och sekreteraren skriver under med e-legitimation", "Signing cases: links for the justerare and the sekreterare to sign with their e-ID"));
    cmd->require_subcommand(1);
    cmd->footer(g.tr(
        "Ett underskriftsärende är ett protokoll som gjorts till PDF med 'justera render'\n"
        "och som undertecknarna skriver under i tur och ordning på underskriftssidan i\n"
        "'justera serve --signing CONFIG', var och en från en egen länk, genom den\n"
        "underskriftstjänst som konfigurationen anger (docs/signing.md, avsnittet om\n"
        "underskriftssidan).",
        "A signing case is one rendered protocol that its signers sign one after the\n"
        "other on the signing page of 'justera serve --signing CONFIG', each from a link\n"
        "of their own, through the signature service the configuration names\n"
        "(docs/signing.md, \"The signing page\")."));

    auto* create = cmd->add_subcommand("new", g.tr("Skapa ett underskriftsärende för en PDF gjord av 'justera render' och skriv ut undertecknarnas länkar", "Make a signing case for a PDF made by 'justera render' and print the signers' links"));
    create->footer(g.tr(
        "Ange varje undertecknares personnummer (12 siffror, så som e-legitimationen\n"
        "anger det) i samma ordning som protokollets fält för den rollen ('justera info'\n"
        "listar dem): den första --justerare skriver under det första justerarfältet, och\n"
        "så vidare. Justerarna skriver under i valfri ordning, sekreteraren efter dem.\n"
        "Länkarna skrivs ut en gång och sparas bara som sin SHA-256: skicka var och en\n"
        "sin länk. En undertecknare vars e-legitimation finns hos en annan\n"
        "identitetsleverantör: PNR,ENTITYID.\n\n"
        "Exempel:\n"
        "  justera case new protokoll.pdf --signing underskrift.conf \\\n"
        "      --justerare 197001011234 --justerare 198202029876 --sekreterare 196505051111\n\n"
        "Utgångskoder: 0 skapat, 3 avvisat (ett fält redan underskrivet), 4 fel i anropet\n"
        "(en undertecknare saknas, ett personnummer två gånger eller inte 12 siffror),\n"
        "5 in-/utmatningsfel.",
        "Give each signer's personnummer (12 digits, as their e-ID states it) in the\n"
        "order of the protocol's fields for that role ('justera info' lists them):\n"
        "the first --justerare signs the first justerare field, and so on. The\n"
        "justerare sign in any order, the sekreterare after them. The links are\n"
        "printed once and stored only as their SHA-256: send each signer theirs.\n"
        "A signer whose e-ID is at another identity provider: PNR,ENTITYID.\n\n"
        "Example:\n"
        "  justera case new protokoll.pdf --signing underskrift.conf \\\n"
        "      --justerare 197001011234 --justerare 198202029876 --sekreterare 196505051111\n\n"
        "Exit: 0 made, 3 refused (a field signed already), 4 usage (a signer missing,\n"
        "a personnummer twice or not 12 digits), 5 I/O."));
    create->add_option("INPUT", o->input, g.tr("PDF-filen som ska skrivas under", "The PDF to be signed"))->required();
    create->add_option("--signing", o->config, g.tr("Underskriftskonfigurationen (NAME = VALUE; docs/signing.md)", "The signing configuration (NAME = VALUE; docs/signing.md)"))->required();
    create->add_option("--justerare", o->justerare, g.tr("En justerares personnummer (PNR eller PNR,IDP), i fältens ordning", "A justerare's personnummer (PNR or PNR,IDP), in the order of the fields"));
    create->add_option("--sekreterare", o->sekreterare, g.tr("Sekreterarens personnummer (PNR eller PNR,IDP)", "The sekreterare's personnummer (PNR or PNR,IDP)"));
    create->add_option("--ordforande", o->ordforande, g.tr("Ordförandens personnummer, när protokollet har ett fält för ordföranden", "The ordförande's personnummer, when the protocol has an ordförande field"));
    create->add_option("--idp", o->idp, g.tr("Undertecknarnas identitetsleverantör, om inte konfigurationens", "The signers' identity provider, when not the configuration's"));
    create->add_flag("--json", o->json, g.tr("Skriv ärendet som JSON", "Print the case as JSON"));
    create->callback([o, &g] {
        const signing::ServiceConfig config = signing::read_service_config(o->config);
        if (config.cases_dir.empty()) throw core::Error(core::Errc::Usage, "the configuration names no cases-dir", core::Where{o->config},
                                                          "konfigurationen anger ingen cases-dir");
        const std::string bytes = core::read_file(o->input, g.limits);
        const Input in = load_input_bytes(bytes, o->input, ingest::Layout::Auto, g);
        const auto* protocol = std::get_if<model::Protocol>(&in.document);
        if (in.kind != "pdf" || !protocol) throw core::Error(core::Errc::Usage, "a signing case is made for a PDF made by 'justera render'", core::Where{o->input},
                                                                   "ett ärende skapas för en PDF-fil som gjorts med 'justera render'");
        const auto signers = case_signers(*protocol, bytes, o->input, {o->justerare, o->sekreterare, o->ordforande}, o->idp);
        signing::CaseStore store(config.cases_dir);
        const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        const auto made = store.create(bytes, signers, now, config.link_days * 86400);
        const std::string base = config.public_url;
        nlohmann::ordered_json j{{"case", made.c.id}, {"expires", made.c.expires}, {"signers", nlohmann::ordered_json::array()}};
        for (std::size_t i = 0; i < signers.size(); ++i) {
            const std::string link = base + "/sign/" + made.tokens[i];
            j["signers"].push_back({{"role", signers[i].role}, {"name", signers[i].name}, {"field", signers[i].field}, {"link", link}});
        }
        if (o->json) {
            std::cout << j.dump(2) << "\n";
        } else {
            if (g.swedish()) {
                std::cout << "Ärende " << made.c.id << " (" << signers.size() << " undertecknare; länkarna gäller i " << config.link_days
                          << (config.link_days == 1 ? " dag)\n" : " dagar)\n");
            } else {
                std::cout << "Case " << made.c.id << " (" << signers.size() << " signers; the links are valid for " << config.link_days << " days)\n";
            }
            for (const auto& s : j["signers"]) {
                std::cout << "  " << s["role"].get<std::string>() << " " << s["name"].get<std::string>() << ": " << s["link"].get<std::string>() << "\n";
            }
            if (base.empty()) {
                std::cout << g.tr("(public-url är inte angiven: skriv sidans adress före varje /sign/-länk)\n",
                                  "(public-url is not set: put the page's address before each /sign/ link)\n");
            }
        }
        exit_status() = 0;
    });

    auto* status = cmd->add_subcommand("status", g.tr("Vilka som har skrivit under i ett ärende, och dess senaste PDF", "Who has signed a case, and its newest PDF"));
    status->add_option("CASE", o->id, g.tr("Ärendets namn, så som 'justera case new' skrev ut det", "The case's name, as 'justera case new' printed it"))->required();
    status->add_option("--signing", o->config, g.tr("Underskriftskonfigurationen", "The signing configuration"))->required();
    status->add_flag("--json", o->json, g.tr("Skriv ärendet som JSON", "Print the case as JSON"));
    status->callback([o, &g] {
        const signing::ServiceConfig config = signing::read_service_config(o->config);
        if (config.cases_dir.empty()) throw core::Error(core::Errc::Usage, "the configuration names no cases-dir", core::Where{o->config},
                                                          "konfigurationen anger ingen cases-dir");
        const signing::CaseStore store(config.cases_dir);
        const signing::SigningCase c = store.load(o->id);
        nlohmann::ordered_json j{{"case", c.id}, {"complete", c.complete()}, {"pdf", c.pdf_path()}, {"signers", nlohmann::ordered_json::array()}};
        for (const auto& s : c.signers) {
            j["signers"].push_back({{"role", s.role}, {"name", s.name}, {"signed", s.signed_time != 0}, {"signed_time", s.signed_time}, {"signed_by", s.signed_by}});
        }
        if (o->json) {
            std::cout << j.dump(2) << "\n";
        } else {
            if (g.swedish()) {
                std::cout << "Ärende " << c.id << (c.complete() ? ": alla har skrivit under" : ": väntar på underskrifter") << "\n";
                for (const auto& s : c.signers) {
                    std::cout << "  " << s.role << " " << s.name << ": " << (s.signed_time ? "underskrivet av " + s.signed_by : std::string("inte underskrivet")) << "\n";
                }
                std::cout << "Senaste PDF-filen: " << c.pdf_path() << "\n";
            } else {
                std::cout << "Case " << c.id << (c.complete() ? ": everyone has signed" : ": waiting") << "\n";
                for (const auto& s : c.signers) {
                    std::cout << "  " << s.role << " " << s.name << ": " << (s.signed_time ? "signed by " + s.signed_by : std::string("not signed")) << "\n";
                }
                std::cout << "Newest PDF: " << c.pdf_path() << "\n";
            }
        }
        exit_status() = 0;
    });
}

}  // namespace justera::cli
