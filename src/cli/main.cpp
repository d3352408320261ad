// SPDX-License-Identifier: GPL-3.0-or-later
// justera: the one place that catches errors and turns them into exit codes
// (docs/cli.md): 0 ok, 1 failed/invalid, 2 indeterminate, 3 input rejected,
// 4 usage, 5 I/O or environment, 70 internal.

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstring>
#include <ctime>
#include <algorithm>
#include <iostream>
#include <new>

#include "common.hpp"
#include "manual.hpp"
#include "parse_errors.hpp"
#include "justera/core/error.hpp"

#ifndef JUSTERA_VERSION
#define JUSTERA_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
    using namespace justera;
    // Past a file-size limit (ulimit -f), let write() fail with EFBIG and be
    // reported, instead of the process dying with a half-written file.
    std::signal(SIGXFSZ, SIG_IGN);
    std::vector<std::string> args(argv + 1, argv + argc);
    cli::GlobalOptions g;
    // The language of the messages and the help, known before CLI11 has
    // parsed anything or a command is defined: --lang before the command or
    // after it (a command's own --lang, or the global one passed through),
    // the last one given (else JUSTERA_LANG). Words after "--" are files.
    for (std::size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
        if (args[i] == "--lang" && i + 1 < args.size()) g.lang = args[i + 1];
        if (args[i].rfind("--lang=", 0) == 0) g.lang = args[i].substr(7);
    }
    // The manual page is always English, whatever JUSTERA_LANG says: it is
    // made at build time ('justera --man', CMakeLists.txt), its frame (NAME,
    // SYNOPSIS, EXIT STATUS, ...) is English, and --man must be the only
    // argument, so --lang cannot come with it. The messages still follow
    // JUSTERA_LANG (the language is set back once the commands are defined).
    const bool man = args.size() == 1 && args[0] == "--man";
    const std::string lang_asked = g.lang;
    if (man) g.lang = "en";
    CLI::App app{g.tr("justera: gör svenska kommunala protokoll till kanoniska, verifierbara dokument",
                      "justera: turn Swedish municipal protocols into canonical, verifiable documents")};
    auto formatter = std::make_shared<cli::PlainFormatter>();
    if (g.swedish()) {
        // CLI11's own words in the help (CLI11 2.1, Formatter.hpp: the keys it
        // asks get_label for). The type words (N, NUMBER, FILE, DIR, TEXT) and
        // the positionals' names stay as they are: the texts name them.
        formatter->label("Usage", "Användning");
        formatter->label("OPTIONS", "FLAGGOR");
        formatter->label("SUBCOMMAND", "KOMMANDO");
        formatter->label("SUBCOMMANDS", "KOMMANDON");
        formatter->label("Positionals", "Argument");
        formatter->label("REQUIRED", "KRÄVS");
        formatter->label("Env", "Miljö");
        formatter->label("Needs", "Kräver");
        formatter->label("Excludes", "Utesluter");
        formatter->label("in", "i");  // "N in [1 - 256]" (PlainFormatter)
    }
    app.formatter(formatter);  // before the commands: they inherit it
    // The headings of the option and command groups, and the help flag's
    // words: the commands inherit them too (the help flag's group is set on
    // each command below: CLI11 makes a command's help flag before it
    // inherits the group).
    app.option_defaults()->group(g.tr("Flaggor", "Options"));
    app.get_help_ptr()->group(g.tr("Flaggor", "Options"))->description(g.tr("Visa den här hjälptexten och avsluta", "Print this help message and exit"));
    app.group(g.tr("Kommandon", "Subcommands"));
    app.name("justera");
    app.footer(g.tr(
        "Börja med:\n"
        "  justera parse protokoll.txt -o protokoll.xml   text -> kanonisk XML\n"
        "  justera info protokoll.xml                     vad protokollet säger\n"
        "  justera validate protokoll.xml                 schemat + att uppgifterna stämmer\n"
        "  justera fingerprint protokoll.xml              SHA-256 av den kanoniska formen\n"
        "  justera render protokoll.xml -o protokoll.pdf  taggad PDF/A-3a med XML-filen inbäddad\n"
        "  justera sign protokoll.pdf -o p1.pdf --role justerare --p12 me.p12 --tsa URL\n"
        "                                                 en PAdES-underskrift (se sign --help)\n"
        "  justera timestamp signed.pdf -o arkiv.pdf --tsa URL --ltv\n"
        "                                                 valideringsdata + dokumenttidsstämpel\n"
        "  justera verify signerat.pdf --trust rot.pem     vem som skrev under, i vilken roll, när, vad som ändrats\n"
        "  justera check protokoll.pdf                    kontroller enligt kommunallagen (omedelbart justerade §§, frister)\n"
        "  justera serve --trust rot.pem                  en sida där vem som helst kan kontrollera protokoll, på 127.0.0.1:8080\n\n"
        "Utgångskoder (alla kommandon): 0 klart, 1 ogiltig/misslyckad, 2 oavgjord, 3 indata\n"
        "avvisad, 4 fel i anropet, 5 in- och utmatnings- eller miljöfel, 70 internt fel.\n"
        "Handbok: docs/cli.md. 'justera KOMMANDO --help' förklarar varje kommando.",
        "Start with:\n"
        "  justera parse protokoll.txt -o protokoll.xml   text -> canonical XML\n"
        "  justera info protokoll.xml                     what the protocol says\n"
        "  justera validate protokoll.xml                 schema + consistency\n"
        "  justera fingerprint protokoll.xml              SHA-256 of the canonical form\n"
        "  justera render protokoll.xml -o protokoll.pdf  tagged PDF/A-3a with the XML embedded\n"
        "  justera sign protokoll.pdf -o p1.pdf --role justerare --p12 me.p12 --tsa URL\n"
        "                                                 a PAdES signature (see sign --help)\n"
        "  justera timestamp signed.pdf -o arkiv.pdf --tsa URL --ltv\n"
        "                                                 validation data + document timestamp\n"
        "  justera verify signerat.pdf --trust rot.pem     who signed, in which role, when, what changed\n"
        "  justera check protokoll.pdf                    municipal-law checks (immediate §§, deadlines)\n"
        "  justera serve --trust rot.pem                  a verification page for anyone, on 127.0.0.1:8080\n\n"
        "Exit codes (all commands): 0 ok, 1 invalid/failed, 2 indeterminate, 3 input\n"
        "rejected, 4 usage error, 5 I/O or environment error, 70 internal error.\n"
        "Manual: docs/cli.md. 'justera COMMAND --help' explains each command."));
    app.require_subcommand(1);
    app.fallthrough();
    app.set_version_flag("--version", std::string("justera ") + JUSTERA_VERSION,
                         g.tr("Visa programmets version och avsluta", "Display program version information and exit"));
    const auto positive = CLI::Validator(
        [](const std::string& v) {
            const bool digits = !v.empty() && v.size() < 16 && v.find_first_not_of("0123456789") == std::string::npos;
            return digits && v.find_first_not_of('0') != std::string::npos ? std::string()
                                                                          : std::string("must be a whole number above 0");
        },
        "NUMBER");
    app.add_option("--max-input-bytes", g.limits.max_input_bytes, g.tr("Avvisa indata som är större än så här många byte", "Refuse inputs larger than this many bytes"))
        ->capture_default_str()->check(positive);
    app.add_option("--max-paragraphs", g.limits.max_paragraphs, g.tr("Avvisa protokoll med fler paragrafer", "Refuse protocols with more paragraphs"))
        ->capture_default_str()->check(positive);
    // The other limits (docs/limits.md), in the same group of global options.
    const std::string limits_group = g.tr("Gränser (docs/limits.md)", "Limits (docs/limits.md)");
    const auto limit = [&](const char* name, auto& value, const std::string& what) {
        app.add_option(name, value, what)->capture_default_str()->check(positive)->group(limits_group);
    };
    limit("--max-lines", g.limits.max_lines, g.tr("Avvisa texter med fler rader", "Refuse texts with more lines"));
    limit("--max-line-bytes", g.limits.max_line_bytes, g.tr("Avvisa texter med en längre rad (byte)", "Refuse texts with a longer line (bytes)"));
    limit("--max-xml-depth", g.limits.max_xml_depth, g.tr("Avvisa XML som är djupare nästlad", "Refuse XML nested deeper"));
    limit("--max-xml-nodes", g.limits.max_xml_nodes, g.tr("Avvisa XML med fler noder", "Refuse XML with more nodes"));
    limit("--max-pdf-objects", g.limits.max_pdf_objects,
          g.tr("verify: avvisa PDF-filer med fler xref-poster sammanlagt i alla revisioner", "verify: refuse PDFs with more xref entries over their revisions"));
    limit("--max-revisions", g.limits.max_pdf_revisions, g.tr("verify: avvisa PDF-filer med fler revisioner", "verify: refuse PDFs with more revisions"));
    limit("--max-nesting", g.limits.max_pdf_nesting, g.tr("verify: avvisa PDF-objekt som är djupare nästlade", "verify: refuse PDF objects nested deeper"));
    limit("--max-stream-bytes", g.limits.max_stream_bytes,
          g.tr("verify: avvisa en PDF-ström som är större än så när den packats upp", "verify: refuse a PDF stream larger than this, decoded"));
    limit("--max-signatures", g.limits.max_signatures,
          g.tr("verify: avvisa PDF-filer med fler underskrifter och dokumenttidsstämplar", "verify: refuse PDFs with more signatures and document timestamps"));
    limit("--max-cms-bytes", g.limits.max_cms_bytes,
          g.tr("verify: avvisa en underskrift (CMS eller tidsstämpel) som är större än så", "verify: refuse a signature (CMS or token) larger than this"));
    limit("--max-chain", g.limits.max_chain_length,
          g.tr("verify: avvisa en underskrift som bär fler certifikat; också den längsta kedja som byggs",
               "verify: refuse a signature carrying more certificates; the longest chain built"));
    app.add_flag("-q,--quiet", g.quiet, g.tr("Visa bara varningar och fel (på standard fel)", "Only warnings and errors on standard error"));
    app.add_option("--lang", g.lang,
                   g.tr("Språket i meddelanden och hjälptexter: sv eller en (annars JUSTERA_LANG; annars engelska rader och verify-panelen på "
                        "svenska). Id:n, koder, namn och tekniska detaljer förblir som de är",
                        "Language of the messages: sv or en (else JUSTERA_LANG; else English lines and verify's panel in Swedish). "
                        "Ids, codes, names and technical detail stay as they are"))
        ->check(CLI::IsMember({"sv", "en"}));
    cli::setup_parse(app, g);
    cli::setup_info(app, g);
    cli::setup_validate(app, g);
    cli::setup_fingerprint(app, g);
    cli::setup_render(app, g);
    cli::setup_extract(app, g);
    cli::setup_pdfa_check(app, g);
    cli::setup_fields(app, g);
    cli::setup_sign(app, g);
    cli::setup_timestamp(app, g);
    cli::setup_verify(app, g);
    cli::setup_deadlines(app, g);
    cli::setup_check(app, g);
    cli::setup_anslag(app, g);
    cli::setup_serve(app, g);
    cli::setup_case(app, g);
    // Every command's help flag in the group of the other options (CLI11
    // gave it the default group's English name before the command inherited
    // ours).
    const auto help_group = [&app](auto& self, CLI::App& cmd) -> void {
        for (CLI::App* sub : cmd.get_subcommands([](const CLI::App*) { return true; })) {
            if (CLI::Option* help = sub->get_help_ptr()) help->group(app.get_help_ptr()->get_group());
            self(self, *sub);
        }
    };
    help_group(help_group, app);
    cli::name_values(app);
    g.lang = lang_asked;  // --man: the messages in the language asked for again
    // Bare 'justera', 'justera help [COMMAND...]' and a mistyped command are
    // answered here, before CLI11 would say only "A subcommand is required".
    const bool sv = g.swedish();
    // "justera: WHERE: what the code means: what was found [code]"; in
    // English the message says it alone.
    const auto error_line = [&](const std::string& where, core::Errc code, const std::string& message) {
        std::cerr << "justera: " << cli::error_text(where, code, message, g.swedish()) << "\n";
    };
    // The manual page and the completions, made from these definitions
    // (CMake installs them: docs/cli.md, "Installing").
    try {
        if (args.size() == 1 && args[0] == "--man") {
            const std::time_t t = static_cast<std::time_t>(cli::document_time());
            std::tm tm{};
            gmtime_r(&t, &tm);
            char date[16];
            std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
            std::cout << cli::man_page(app, JUSTERA_VERSION, date);
            return 0;
        }
        if (args.size() == 2 && args[0] == "--completion") {
            std::cout << cli::completion(app, args[1]);
            return 0;
        }
    } catch (const core::Error& e) {
        error_line({}, e.code(), e.said(g.swedish()));
        return core::exit_code_for(e.code());
    }
    if (args.empty()) {
        std::cout << app.help();
        return 4;
    }
    std::size_t word = 0;
    while (word < args.size() && args[word].rfind('-', 0) == 0) {
        // A global option's value is the next word unless given with '='.
        const std::string& a = args[word];
        const CLI::Option* opt = a.find('=') == std::string::npos && a.rfind("--", 0) == 0 ? app.get_option_no_throw(a) : nullptr;
        word += opt && opt->get_type_size() != 0 ? 2 : 1;
    }
    if (word < args.size()) {
        const std::string name = args[word];
        if (name == "help") {
            args.erase(args.begin() + static_cast<std::ptrdiff_t>(word));
            args.push_back("--help");
            std::vector<char*> again{argv[0]};
            for (auto& a : args) again.push_back(a.data());
            try {
                app.parse(static_cast<int>(again.size()), again.data());
            } catch (const CLI::CallForHelp& e) {
                return app.exit(e);
            } catch (const CLI::CallForAllHelp& e) {
                return app.exit(e);
            } catch (const CLI::ParseError& e) {
                error_line({}, core::Errc::Usage, cli::plain_parse_error(e.what(), sv));
                return 4;
            }
            return 0;
        }
        const auto all = app.get_subcommands([](const CLI::App*) { return true; });
        const bool known = std::any_of(all.begin(), all.end(), [&](const CLI::App* sub) { return sub->check_name(name); });
        if (!known) {
            std::string best;
            std::size_t best_distance = 3;
            for (const CLI::App* sub : app.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); })) {
                const std::size_t d = cli::edit_distance(name, sub->get_name());
                if (d < best_distance) {
                    best_distance = d;
                    best = sub->get_name();
                }
            }
            if (sv) {
                std::cerr << "justera: inget kommando heter '" << name << "'" << (best.empty() ? "" : "; menade du '" + best + "'?")
                          << " ('justera --help' listar dem) [usage]\n";
            } else {
                std::cerr << "justera: no command '" << name << "'" << (best.empty() ? "" : "; did you mean '" + best + "'?")
                          << " ('justera --help' lists them) [usage]\n";
            }
            return 4;
        }
    }
    try {
        try {
            app.parse(argc, argv);
        } catch (const CLI::CallForHelp& e) {
            return app.exit(e);
        } catch (const CLI::CallForAllHelp& e) {
            return app.exit(e);
        } catch (const CLI::CallForVersion& e) {
            return app.exit(e);
        } catch (const CLI::ParseError& e) {
            // CLI11's own words, as every other error is written.
            std::string what = e.what();
            while (!what.empty() && (what.back() == '\n' || what.back() == '.')) what.pop_back();
            what = cli::plain_parse_error(what, sv);
            error_line({}, core::Errc::Usage, what + (sv ? " ('justera help KOMMANDO' berättar mer)" : " ('justera help COMMAND' tells more)"));
            return 4;
        }
        return cli::exit_status();
    } catch (const core::Error& e) {
        error_line(e.where().to_string(), e.code(), e.said(g.swedish()));
        return core::exit_code_for(e.code());
    } catch (const std::bad_alloc&) {
        std::cerr << (g.swedish() ? "justera: minnet räckte inte\n" : "justera: out of memory\n");
        return 5;
    } catch (const std::exception& e) {
        std::cerr << "justera: " << (g.swedish() ? "internt fel: " : "internal error: ") << e.what() << "\n";
        return 70;
    }
}
