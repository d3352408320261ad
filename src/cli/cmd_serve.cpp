// SPDX-License-Identifier: GPL-3.0-or-later
// justera serve: the verification page for citizens; and serve-worker, the
// process it runs to verify each upload (not for people to call).

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "common.hpp"
#include "signing_desk.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/core/rlimit.hpp"
#include "justera/rules/deadlines.hpp"
#include "justera/serve/analysis.hpp"
#include "justera/serve/report_pdf.hpp"
#include "justera/serve/server.hpp"
#include "justera/verify/verify.hpp"

#ifndef JUSTERA_VERSION
#define JUSTERA_VERSION "0.0.0"
#endif

namespace justera::cli {

namespace {

struct ServeOpts {
    std::string listen = "127.0.0.1:8080";
    TrustOptions trust;
    std::string max_upload = "50MB";
    unsigned workers = 0;
    unsigned threads = 32;
    double time_limit = 30;
    std::string lang = "sv";
    std::string signing;
};

/// "50MB", "512K", "1G", "1048576" -> bytes (K, M, G: powers of 1024).
std::size_t parse_size(const std::string& text) {
    std::size_t i = 0;
    std::size_t value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && value < (std::size_t{1} << 40)) value = value * 10 + static_cast<std::size_t>(text[i++] - '0');
    std::string unit = text.substr(i);
    std::transform(unit.begin(), unit.end(), unit.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    std::size_t factor = 0;
    if (unit.empty() || unit == "B") factor = 1;
    else if (unit == "K" || unit == "KB" || unit == "KIB") factor = 1024;
    else if (unit == "M" || unit == "MB" || unit == "MIB") factor = 1024 * 1024;
    else if (unit == "G" || unit == "GB" || unit == "GIB") factor = 1024 * 1024 * 1024;
    if (i == 0 || factor == 0 || value == 0 || value > (std::size_t{4} << 30) / factor) {
        throw core::Error(core::Errc::Usage, "--max-upload takes a size such as 50MB, 512K or 1G (at most 4G), not '" + text + "'", {},
                          "--max-upload tar en storlek som 50MB, 512K eller 1G (högst 4G), inte '" + text + "'");
    }
    return value * factor;
}

/// "127.0.0.1:8080", "[::1]:8080", ":8080" (loopback), "8080".
std::pair<std::string, int> parse_listen(const std::string& text) {
    std::string host = "127.0.0.1", port = text;
    if (!text.empty() && text[0] == '[') {
        const auto close = text.find("]:");
        if (close == std::string::npos) throw core::Error(core::Errc::Usage, "--listen takes HOST:PORT or [IPv6]:PORT, not '" + text + "'", {},
                                                                 "--listen tar HOST:PORT eller [IPv6]:PORT, inte '" + text + "'");
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else if (const auto colon = text.rfind(':'); colon != std::string::npos) {
        if (colon > 0) host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    const bool digits = !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
    const int p = digits ? std::stoi(port) : -1;
    if (p < 0 || p > 65535) {
        throw core::Error(core::Errc::Usage, "--listen takes a port from 0 to 65535 (0: any free port), not '" + port + "'", {},
                          "--listen tar ett portnummer från 0 till 65535 (0: vilken ledig port som helst), inte '" + port + "'");
    }
    return {host, p};
}

}  // namespace

void setup_serve(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<ServeOpts>();
    auto* cmd = app.add_subcommand("serve", g.tr("Starta en kontrollsida: vem som helst lämnar ett publicerat protokoll (PDF) där och ser vem som skrev under det", "Serve a verification page: anyone drops a published protocol PDF and sees who signed it"));
    cmd->footer(g.tr(
        "En sida (på svenska, med engelska ett klick bort; den fungerar utan JavaScript)\n"
        "och en JSON-ändpunkt, POST /api/verify, som ger rapporten från 'justera verify\n"
        "--json' med iakttagelserna från 'justera check'. En PDF från ett annat system,\n"
        "utan protokollets XML, får sitt protokoll läst ur sidornas text (så som 'justera\n"
        "check' läser det), och sidan talar om det. Uppladdade filer kontrolleras i minnet\n"
        "av arbetsprocesser med samma gränser som på kommandoraden, och ingenting av dem\n"
        "skrivs till disk eller sparas. En fil som tar längre tid än --time-limit ges upp\n"
        "och dess arbetsprocess ersätts, så att de andra inte hålls upp.\n\n"
        "Den lyssnar bara på loopback om inget annat anges; för att publicera den, lägg\n"
        "den bakom en omvänd proxy som sköter TLS (docs/serve.md).\n\n"
        "Exempel:\n"
        "  justera serve --trust kommunens-rot.pem\n"
        "  justera serve --listen 127.0.0.1:8080 --trust-dir betrodda/ --max-upload 50MB\n"
        "  curl --data-binary @protokoll.pdf -H 'Content-Type: application/pdf' \\\n"
        "       http://127.0.0.1:8080/api/verify\n\n"
        "Utgångskoder: 0 stoppad av SIGINT eller SIGTERM, 4 fel i anropet, 5 adressen kan inte användas.",
        "One page (Swedish, with English a click away; it works without JavaScript)\n"
        "and one JSON endpoint, POST /api/verify, giving the report of 'justera verify\n"
        "--json' with the findings of 'justera check'. A PDF made by another system,\n"
        "without the protocol's XML, has its protocol read from the pages' text (as\n"
        "'justera check' reads it), and the page says so. Uploads are checked in memory by\n"
        "worker processes with the same limits as the command line, and nothing of\n"
        "them is written to disk or kept. A file that takes longer than --time-limit\n"
        "is given up, its worker replaced, so the others are not held up.\n\n"
        "It listens on loopback only unless told otherwise; to publish it, put it\n"
        "behind a reverse proxy that terminates TLS (docs/serve.md).\n\n"
        "Examples:\n"
        "  justera serve --trust kommunens-rot.pem\n"
        "  justera serve --listen 127.0.0.1:8080 --trust-dir betrodda/ --max-upload 50MB\n"
        "  curl --data-binary @protokoll.pdf -H 'Content-Type: application/pdf' \\\n"
        "       http://127.0.0.1:8080/api/verify\n\n"
        "Exit: 0 stopped by SIGINT or SIGTERM, 4 usage, 5 the address cannot be used."));
    cmd->add_option("--listen", opts->listen, g.tr("HOST:PORT att lyssna på (port 0: valfri ledig port, som skrivs ut)", "HOST:PORT to listen on (port 0: any free port, printed)"))->capture_default_str();
    add_trust_options(*cmd, opts->trust, true, g);
    cmd->add_option("--max-upload", opts->max_upload, g.tr("Största uppladdning som tas emot (med ändelserna K, M, G)", "Largest upload accepted (K, M, G suffixes)"))->capture_default_str();
    cmd->add_option("--workers", opts->workers, g.tr("Antal arbetsprocesser för kontrollen (standard: antalet kärnor, minst 4)", "Verification worker processes (default: the number of cores, at least 4)"))->check(CLI::Range(1U, 64U));
    cmd->add_option("--threads", opts->threads, g.tr("Antal anslutningar som betjänas samtidigt; högst hälften av dem tar emot uppladdningar", "Connections served at once; at most half of them receive uploads"))->capture_default_str()->check(CLI::Range(1U, 256U));
    cmd->add_option("--time-limit", opts->time_limit, g.tr("Sekunder som en fil får ta innan den ges upp (0.5: en halv sekund)", "Seconds one file may take before it is given up (0.5: half a second)"))
        ->capture_default_str()
        ->check(CLI::Range(0.001, 3600.0));
    cmd->add_option("--signing", opts->signing,
                    g.tr("Erbjud också underskriftssidan för underskriftsärenden, med den här konfigurationen (docs/signing.md, avsnittet om underskriftssidan)",
                         "Also serve the signing page for signing cases, with this configuration (docs/signing.md, 'The signing page')"));
    auto* lang = cmd->add_option("--lang", opts->lang, g.tr("Sidans språk när webbläsaren inte ber om något: sv eller en", "The page's language when the browser does not ask for one: sv or en"))->capture_default_str()->check(CLI::IsMember({"sv", "en"}));
    cmd->callback([opts, &g, lang] {
        g.settle_language(opts->lang, lang->count() > 0);
        serve::ServerOptions so;
        std::tie(so.host, so.port) = parse_listen(opts->listen);
        so.max_upload = parse_size(opts->max_upload);
        so.threads = opts->threads;
        so.english = opts->lang == "en";
        so.version = JUSTERA_VERSION;
        {
            verify::Options vo;
            apply_trust(opts->trust, vo);
            const verify::Context ctx(vo);  // unreadable anchors are reported here, before anything listens
            so.trust_roots = ctx.anchor_names();
        }
        if (so.trust_roots.empty() && !g.quiet) {
            std::cerr << (g.swedish() ? "justera: inga betrodda rötter angivna (--trust, --trust-dir, --system-trust): varje underskrift visas som inte betrodd\n"
                                      : "justera: no trust anchors given (--trust, --trust-dir, --system-trust): every signature will show as untrusted\n");
        }
        so.pool.executable = self_executable();
        core::Limits worker_limits = g.limits;
        worker_limits.max_input_bytes = std::max(worker_limits.max_input_bytes, so.max_upload);
        so.pool.arguments = limit_arguments(worker_limits);
        so.pool.arguments.push_back("-q");
        so.pool.arguments.push_back("serve-worker");
        for (auto& a : trust_arguments(opts->trust)) so.pool.arguments.push_back(std::move(a));
        // At least four: one hard file per worker must not stop every other
        // (each is given up after --time-limit). More workers than
        // connections served at once would never be used.
        so.pool.workers = opts->workers ? opts->workers : std::min(std::max(4U, std::thread::hardware_concurrency()), so.threads);
        so.pool.time_limit = std::chrono::milliseconds(std::max<long long>(1, std::llround(opts->time_limit * 1000)));
        std::unique_ptr<serve::SigningDesk> desk;
        if (!opts->signing.empty()) {
            desk = make_signing_desk(opts->signing, g);
            so.signing = desk.get();
        }
        exit_status() = serve::run(so);
    });

    // The worker: requests on standard input, answers on standard output.
    auto wopts = std::make_shared<ServeOpts>();
    auto* worker = app.add_subcommand("serve-worker", g.tr("Arbetsprocessen som justera serve startar (inte för människor att anropa)", "The worker justera serve starts (not for people to call)"));
    worker->group("");  // hidden from --help
    add_trust_options(*worker, wopts->trust, false, g);
    worker->callback([wopts, &g] {
        if (::isatty(STDIN_FILENO)) throw core::Error(core::Errc::Usage, "serve-worker is started by 'justera serve', not by hand", {},
                                                               "serve-worker startas av 'justera serve', inte för hand");
        // One file's verification may use at most this much memory; past it,
        // the worker fails that file and the server starts another.
        core::limit_address_space(static_cast<rlim_t>(1024) * 1024 * 1024 + static_cast<rlim_t>(g.limits.max_input_bytes) * 8);
        verify::Options vo;
        apply_trust(wopts->trust, vo);
        vo.limits = g.limits;
        vo.text_in_parallel = false;  // the workers keep the cores busy already
        vo.keep_embedded_xml = true;  // offered for download on the page
        const verify::Context ctx(vo);
        workers::Request req;
        while (workers::read_request(STDIN_FILENO, req, g.limits.max_input_bytes)) {
            nlohmann::ordered_json out;
            const auto error = [&](std::string code, std::string message) {
                out = nlohmann::ordered_json{{"error", {{"code", std::move(code)}, {"message", std::move(message)}}}};
            };
            try {
                std::optional<rules::Date> anslag;
                if (!req.anslag.empty()) {
                    anslag = rules::parse_iso_date(req.anslag);
                    if (!anslag) throw core::Error(core::Errc::Usage, "the notice day is not a date: " + req.anslag, {},
                                                   "anslagsdagen är inget datum: " + req.anslag);
                }
                if (req.name == serve::k_report_job) {
                    // The report as a PDF, from the result the server kept.
                    const auto in = nlohmann::ordered_json::parse(req.pdf, nullptr, false);
                    if (!in.is_object() || !in.contains("analysis") || !in["analysis"].is_object()) throw core::Error(core::Errc::Usage, "report: not a result", {}, "report: inget resultat");
                    serve::ReportRequest rr;
                    rr.analysis = in["analysis"];
                    rr.name = in.value("name", std::string("protokoll.pdf"));
                    rr.english = in.value("english", false);
                    rr.trust_roots = ctx.anchor_names();
                    rr.version = JUSTERA_VERSION;
                    out = nlohmann::ordered_json{{"pdf", core::base64_encode(serve::report_pdf(rr))}};
                } else if (req.name == serve::k_recheck_job) {
                    const auto kept = nlohmann::ordered_json::parse(req.pdf, nullptr, false);
                    if (kept.is_discarded()) throw core::Error(core::Errc::Usage, "recheck: not JSON", {}, "recheck: ingen JSON");
                    out = serve::recheck(kept, anslag, g.limits);
                } else {
                    out = serve::analyse(req.pdf, req.name, anslag, ctx, JUSTERA_VERSION);
                }
            } catch (const core::Error& e) {
                error(std::string(core::to_string(e.code())), e.what());
            } catch (const std::bad_alloc&) {
                error("out-of-memory", "not enough memory to verify this file");
            } catch (const std::exception& e) {
                error("internal", e.what());
            }
            req.pdf.clear();
            req.pdf.shrink_to_fit();
            if (!core::write_all(STDOUT_FILENO, workers::encode_answer(out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)))) break;
        }
        exit_status() = 0;
    });
}

}  // namespace justera::cli
