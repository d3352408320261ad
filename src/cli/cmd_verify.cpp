// SPDX-License-Identifier: GPL-3.0-or-later
// justera verify: check published protocol PDFs, one or a thousand.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>
#include <thread>

#include "common.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/core/language.hpp"
#include "justera/pdf/render.hpp"
#include "justera/report/verify_report.hpp"
#include "justera/rules/deadlines.hpp"
#include "justera/serve/analysis.hpp"
#include "justera/serve/downloads.hpp"
#include "justera/serve/report_pdf.hpp"
#include "justera/verify/verify.hpp"
#include "justera/workers/pool.hpp"

#ifndef JUSTERA_VERSION
#define JUSTERA_VERSION "0.0.0"
#endif

namespace justera::cli {

namespace {

struct VerifyOpts {
    std::vector<std::string> inputs;
    TrustOptions trust;
    bool online = false;
    std::string at;
    bool json = false;
    bool details = false;
    std::string lang;  ///< "", "sv" or "en"
    unsigned jobs = 0;
    double time_limit = 0;  ///< seconds per file in a worker; 0: none
    std::string report_pdf;  ///< --report-pdf: the report as a PDF to keep
};

/// How the reports are printed: decided once, so that each file's part of
/// the output can be made where the file was verified.
enum class Shape { Json, Panel, Line };
/// How and in which language (--lang; unset: the panel in Swedish, the
/// lines in English, as they have always been).
struct Print {
    Shape shape = Shape::Panel;
    std::optional<core::Language> lang;
};

/// One file's result, as printed.
struct Outcome {
    bool done = false;
    bool rejected = false;
    int exit_code = 0;  ///< 3 not a PDF, 5 unreadable
    std::string error;  ///< why it was rejected, in English (the JSON report's)
    std::string error_said;  ///< the same in the lines' language, when not English
    /// Why it was rejected, as the line on standard error says it.
    [[nodiscard]] const std::string& said() const { return error_said.empty() ? error : error_said; }
    verify::Indication verdict = verify::Indication::Indeterminate;
    std::string printed;  ///< compact JSON, the signature panel, or the summary line
};

/// A rejected file's line in Swedish, as main's error lines: "WHERE: what
/// the code means: what was found [code]".
std::string swedish_error(const core::Error& e) { return error_text(e.where().to_string(), e.code(), e.said(true), true); }

Outcome verify_one(const std::string& file, const verify::Context& ctx, const core::Limits& limits, const Print& print) {
    const Shape shape = print.shape;
    const bool sv = print.lang == core::Language::Swedish;
    Outcome o;
    o.done = true;
    try {
        const std::string bytes = core::read_file(file, limits);
        if (!pdf::looks_like_pdf(bytes)) throw core::Error(core::Errc::PdfMalformed, "not a PDF (no %PDF- header)", core::Where{file}, "ingen PDF-fil (huvudet %PDF- saknas)");
        const verify::Report report = verify::verify_pdf(bytes, file, ctx);
        o.verdict = report.verdict;
        // A file's own bytes (a claimed role, say) need not be UTF-8: JSON
        // gets U+FFFD for what is not, rather than an exception.
        o.printed = shape == Shape::Json    ? report::verify_json(report, JUSTERA_VERSION).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                    : shape == Shape::Panel ? report::verify_text(report, print.lang.value_or(core::Language::Swedish))
                                            : report::verify_summary_line(report, print.lang.value_or(core::Language::English));
    } catch (const core::Error& e) {
        o.rejected = true;
        o.exit_code = core::exit_code_for(e.code());
        o.error = e.where().to_string() + (e.where().to_string().empty() ? "" : ": ") + e.what() + " [" + std::string(core::to_string(e.code())) + "]";
        if (sv) o.error_said = swedish_error(e);
    } catch (const std::bad_alloc&) {
        o.rejected = true;
        o.exit_code = 5;
        o.error = file + ": not enough memory to verify this file";
        if (sv) o.error_said = file + ": minnet räckte inte för att kontrollera filen";
    } catch (const std::exception& e) {
        // A bug, but one file's: the others are still verified.
        o.rejected = true;
        o.exit_code = core::exit_code_for(core::Errc::Internal);
        o.error = file + ": internal error while verifying this file (" + e.what() + ") [internal]";
        if (sv) o.error_said = file + ": internt fel när filen kontrollerades (" + e.what() + ") [internal]";
    }
    return o;
}

// ---- worker processes (workers/pool.hpp, the page's pool too): each
// `justera verify-worker` verifies the file it is given and answers with its
// Outcome; a file it dies on, or gives up on after --time-limit, is reported
// and the worker replaced.

/// An Outcome as a worker answers it: the pool's fields (workers::pack):
/// rejected ("0" or "1"), exit code, verdict, error, error as said, printed
/// text.
std::string encode_outcome(const Outcome& o) {
    return workers::pack({o.rejected ? "1" : "0", std::to_string(o.exit_code), std::to_string(static_cast<int>(o.verdict)), o.error, o.error_said,
                          o.printed});
}

std::optional<Outcome> decode_outcome(std::string_view payload) {
    const auto f = workers::unpack(payload, 6);
    const auto number = [](const std::string& text, int most) -> std::optional<int> {
        int v = -1;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size() || v < 0 || v > most) return std::nullopt;
        return v;
    };
    if (!f || ((*f)[0] != "0" && (*f)[0] != "1")) return std::nullopt;
    const auto exit_code = number((*f)[1], 255);
    const auto verdict = number((*f)[2], 2);
    const bool rejected = (*f)[0] == "1";
    if (!exit_code || !verdict || rejected != (*exit_code != 0)) return std::nullopt;  // a rejected file always has its exit code
    Outcome o;
    o.done = true;
    o.rejected = rejected;
    o.exit_code = *exit_code;
    o.verdict = static_cast<verify::Indication>(*verdict);
    o.error = std::move((*f)[3]);
    o.error_said = std::move((*f)[4]);
    o.printed = std::move((*f)[5]);
    return o;
}

/// A file the pool could not verify: reported, never silently left out.
Outcome not_verified(const std::string& file, const workers::Answer& a, double time_limit, bool sv) {
    Outcome o;
    o.done = true;
    o.rejected = true;
    if (a.kind == workers::Answer::Kind::TimedOut) {
        o.exit_code = core::exit_code_for(core::Errc::PdfOverLimit);
        std::ostringstream seconds;
        seconds << time_limit;
        o.error = file + ": given up after " + seconds.str() + " s (--time-limit) [" + std::string(core::to_string(core::Errc::PdfOverLimit)) + "]";
        if (sv) o.error_said = file + ": kontrollen avbröts efter " + seconds.str() + " s (--time-limit) [" + std::string(core::to_string(core::Errc::PdfOverLimit)) + "]";
    } else {
        o.exit_code = core::exit_code_for(core::Errc::Internal);
        o.error = file + ": the verifier stopped on this file (" + (a.detail.empty() ? std::string("no answer") : a.detail) + ") [internal]";
        if (sv) o.error_said = file + ": kontrollen stannade på den här filen (" + (a.detail.empty() ? std::string("inget svar") : a.detail) + ") [internal]";
    }
    return o;
}

/// Verifies `files` in `pool`, as many at once as it has workers;
/// `progress` after each file (called under a lock). A file the pool cannot
/// take at all (no worker can be started: the program replaced on disk, no
/// processes left) is left for the caller to verify in its own process.
template <typename P>
void verify_in_workers(const std::vector<std::string>& files, workers::WorkerPool& pool, unsigned jobs, double time_limit, bool sv,
                       std::vector<Outcome>& results, P&& progress) {
    std::atomic<std::size_t> next{0};
    std::mutex done_mutex;
    const auto feed = [&]() noexcept {
        for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
            workers::Answer a;
            try {
                a = pool.run(files[i], "", "");
            } catch (const std::exception&) {
                return;  // this file and the ones after it: in the caller's process
            }
            std::optional<Outcome> o = a.kind == workers::Answer::Kind::Done ? decode_outcome(a.json) : std::nullopt;
            if (a.kind == workers::Answer::Kind::Done && !o) o = not_verified(files[i], workers::Answer{workers::Answer::Kind::Died, {}, "an answer that is not an outcome"}, time_limit, sv);
            std::lock_guard lock(done_mutex);
            results[i] = o ? std::move(*o) : not_verified(files[i], a, time_limit, sv);
            progress(i);
        }
    };
    std::vector<std::thread> feeders;
    try {
        for (unsigned k = 1; k < jobs; ++k) feeders.emplace_back(feed);
    } catch (const std::system_error&) {
        // Fewer threads: the workers that have one still share the files.
    }
    feed();
    for (auto& t : feeders) t.join();
}

std::optional<std::time_t> parse_day(const std::string& s) {
    if (s.empty()) return std::nullopt;
    const auto day = rules::parse_iso_date(s);  // a real day: 2024-02-31 is refused
    if (!day) throw core::Error(core::Errc::Usage, "--at takes a date as YYYY-MM-DD, not '" + s + "'", {}, "--at tar ett datum som YYYY-MM-DD, inte '" + s + "'");
    const auto since_epoch = std::chrono::sys_days(*day).time_since_epoch();
    return static_cast<std::time_t>(std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count()) + 86399;  // end of day UTC
}

/// The verification's options as the command line gives them (the same for
/// verify and its workers).
verify::Options options_of(const VerifyOpts& o, const core::Limits& limits) {
    verify::Options vo;
    apply_trust(o.trust, vo);
    vo.online = o.online;
    vo.at = parse_day(o.at);
    vo.limits = limits;
    return vo;
}

/// The PDFs to verify: the files given, and the *.pdf files in directories given.
std::vector<std::string> expand(const std::vector<std::string>& inputs) {
    std::vector<std::string> out;
    for (const auto& in : inputs) {
        std::error_code ec;
        if (std::filesystem::is_directory(in, ec)) {
            std::vector<std::string> found;
            // Incremented with an error code: a subdirectory that cannot be
            // read is the user's to hear about (exit 5), not an exception.
            std::filesystem::recursive_directory_iterator it(in, ec), end;
            for (; !ec && it != end; it.increment(ec)) {
                auto ext = it->path().extension().string();
                std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                std::error_code type_ec;
                if (it->is_regular_file(type_ec) && ext == ".pdf") found.push_back(it->path().string());
            }
            if (ec) throw core::Error(core::Errc::InputUnreadable, "cannot read the directory: " + ec.message(), core::Where{in},
                                        "kan inte läsa katalogen: " + core::swedish_errno(ec.value()));
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else {
            out.push_back(in);
        }
    }
    return out;
}

}  // namespace

void setup_verify(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<VerifyOpts>();
    auto* cmd = app.add_subcommand("verify", g.tr("Kontrollera underskrivna protokoll som PDF: vem som skrev under, i vilken roll, när och vad som ändrats", "Verify signed protocol PDFs: who signed, in which role, when, and what changed"));
    cmd->footer(g.tr(
        "För varje underskrift: täcker den exakt sin revision, har de underskrivna byten\n"
        "fortfarande det hashvärde som skrevs under, stämmer signaturvärdet, vems\n"
        "certifikat är det och leder det till en betrodd rot som du angav, när gjordes\n"
        "den (bevisat av en tidsstämpel, eller bara påstått), var certifikatet spärrat,\n"
        "och vad ändrades i filen efter den. Efter en underskrift får bara underskrifter i\n"
        "protokollets egna tomma fält, valideringsdata och dokumenttidsstämplar komma;\n"
        "allt annat underkänner den. För dokumentet: den inbäddade protokoll-XML:en, dess\n"
        "fingeravtryck i XMP, om sidorna visar det som XML-filen säger, och om varje\n"
        "justerare och den sekreterare som protokollet namnger har skrivit under.\n\n"
        "Utfall (ETSI EN 319 102-1): TOTAL_PASSED, TOTAL_FAILED (något har ändrats eller\n"
        "är trasigt), INDETERMINATE (det räcker inte för att avgöra: en okänd utfärdare,\n"
        "ingen spärrinformation, svaga algoritmer, en undertecknare som saknas).\n\n"
        "Exempel:\n"
        "  justera verify protokoll.pdf --trust rot.pem\n"
        "  justera verify protokoll.pdf --trust rot.pem --online --json\n"
        "  justera verify protokoll.pdf --trust rot.pem --lang en\n"
        "  justera verify arkiv/ --trust-dir betrodda/ --jobs 4 --time-limit 60\n\n"
        "Med flera filer: en rad per fil när var och en blir klar, sedan en summering (och\n"
        "en förloppsrad i en terminal); --details och --json skriver ut allt i slutet.\n\n"
        "Utgångskoder: 0 alla TOTAL_PASSED; 1 någon TOTAL_FAILED (vad som än finns i\n"
        "övrigt: en underkänd underskrift döljs aldrig); annars 5 en fil kan inte läsas,\n"
        "3 en fil är inte en PDF (eller är för stor); annars 2 någon INDETERMINATE; 4 fel\n"
        "i anropet. JSON-rapporten beskrivs i docs/report.md.",
        "For each signature: does it cover its revision exactly, do the signed bytes\n"
        "still have the signed digest, does the signature value verify, whose\n"
        "certificate is it and does it chain to a trust anchor you gave, when was it\n"
        "made (proven by a timestamp, or only claimed), was the certificate revoked,\n"
        "and what changed in the file after it. Only signing the protocol's own empty\n"
        "fields, validation data and document timestamps may come after a signature;\n"
        "anything else fails it. For the document: the embedded protocol XML, its\n"
        "fingerprint in the XMP, whether the pages show what the XML says, and\n"
        "whether every justerare and the sekreterare the protocol names has signed.\n\n"
        "Verdicts (ETSI EN 319 102-1): TOTAL_PASSED, TOTAL_FAILED (something was\n"
        "changed or is broken), INDETERMINATE (not enough to say: an unknown issuer,\n"
        "no revocation data, weak algorithms, a missing signer).\n\n"
        "Examples:\n"
        "  justera verify protokoll.pdf --trust rot.pem\n"
        "  justera verify protokoll.pdf --trust rot.pem --online --json\n"
        "  justera verify protokoll.pdf --trust rot.pem --lang en\n"
        "  justera verify arkiv/ --trust-dir betrodda/ --jobs 4 --time-limit 60\n\n"
        "With several files, one line per file as each finishes, then a count (and a\n"
        "progress line on a terminal); --details and --json print at the end.\n\n"
        "Exit: 0 all TOTAL_PASSED; 1 any TOTAL_FAILED (whatever else there is: a failed\n"
        "signature is never hidden); else 5 a file cannot be read, 3 a file is not a\n"
        "PDF (or too large); else 2 any INDETERMINATE; 4 usage. The JSON report is\n"
        "documented in docs/report.md."));
    cmd->add_option("FILES", opts->inputs, g.tr("PDF-filer, eller kataloger att söka efter *.pdf i", "PDF files, or directories to search for *.pdf"))->required();
    add_trust_options(*cmd, opts->trust, true, g);
    cmd->add_flag("--online", opts->online, g.tr("Fråga OCSP-tjänster och spärrlistornas adresser efter det som filen inte bär med sig", "Ask OCSP responders and CRL addresses for what the file does not carry"));
    cmd->add_option("--at", opts->at, g.tr("Pröva som den här dagen (YYYY-MM-DD, vid dagens slut UTC) i stället för nu", "Validate as of this day (YYYY-MM-DD, end of day UTC) instead of now"));
    cmd->add_flag("--json", opts->json, g.tr("Skriv JSON-rapporten (en lista för flera filer)", "Print the JSON report (a list for several files)"));
    cmd->add_flag("--details", opts->details, g.tr("Med flera filer: skriv varje fils fullständiga rapport, inte en rad per fil", "With several files: print every file's full report, not one line each"));
    cmd->add_option("--lang", opts->lang, g.tr("Språket i panelen och sammanfattningsraderna: sv eller en (JSON-rapporten är alltid på engelska)", "Language of the panel and the summary lines: sv or en (the JSON report stays English)"))
        ->check(CLI::IsMember({"sv", "en"}));
    cmd->add_option("--jobs", opts->jobs, g.tr("Antal filer som kontrolleras samtidigt (standard: antalet kärnor)", "Files verified in parallel (default: the number of cores)"))->check(CLI::Range(1U, 256U));
    cmd->add_option("--time-limit", opts->time_limit,
                    g.tr("Sekunder som en fil får ta i en arbetsprocess innan den ges upp och rapporteras (0, standard: ingen gräns; "
                         "arbetsprocessens start räknas till dess första fil)",
                         "Seconds one file may take in a worker before it is given up and reported (0, the default: no limit; a worker's start counts "
                         "towards its first file)"))
        ->check(CLI::Range(0.0, 86400.0));
    cmd->add_option("--report-pdf", opts->report_pdf,
                    g.tr("Skriv också rapporten som PDF att spara (taggad PDF/A, som verifieringssidans rapport) till FILE, på panelens språk "
                         "(svenska om inte --lang en); bara för en fil",
                         "Also write the report as a PDF to keep (tagged PDF/A, as the verification page's report) to FILE, in the panel's "
                         "language (Swedish unless --lang en); one file only"))
        ->type_name("FILE");
    cmd->callback([opts, &g] {
        g.settle_language(opts->lang, !opts->lang.empty());
        verify::Options vo = options_of(*opts, g.limits);
        const auto files = expand(opts->inputs);
        if (files.empty()) throw core::Error(core::Errc::Usage, "no PDF files to verify", {}, "inga PDF-filer att kontrollera");
        if (!opts->report_pdf.empty()) {
            if (files.size() != 1) {
                throw core::Error(core::Errc::Usage, "--report-pdf takes one PDF file, not " + std::to_string(files.size()), {},
                                  "--report-pdf tar en PDF-fil, inte " + std::to_string(files.size()));
            }
            core::refuse_output_over_inputs(opts->report_pdf, files);
        }
        const unsigned jobs = std::max(1U, std::min<unsigned>(opts->jobs ? opts->jobs : std::thread::hardware_concurrency(),
                                                               static_cast<unsigned>(files.size())));
        // One file at a time: its pages' text is read on a second thread.
        // Several side by side: the cores are busy already.
        vo.text_in_parallel = jobs == 1;
        const verify::Context ctx(vo);
        if (ctx.anchor_count() == 0 && !g.quiet) {
            std::cerr << (g.swedish() ? "justera: inga betrodda rötter angivna (--trust, --trust-dir, --system-trust): inget certifikat kan godtas\n"
                                      : "justera: no trust anchors given (--trust, --trust-dir, --system-trust): no certificate can be trusted\n");
        }
        const Shape shape = opts->json ? Shape::Json : files.size() == 1 || opts->details ? Shape::Panel : Shape::Line;
        const Print print{shape, opts->lang.empty() ? std::nullopt : core::language_from(opts->lang)};
        const bool sv = print.lang == core::Language::Swedish;
        std::vector<Outcome> results(files.size());
        std::size_t done = 0;
        const bool bar = files.size() > 1 && ::isatty(STDERR_FILENO) && !g.quiet;
        // One line per file as it finishes (in the order they finish), and on
        // a terminal a progress line under them; panels and JSON at the end.
        const auto progress = [&](std::size_t i) {
            ++done;
            if (bar) std::cerr << "\r\033[K" << std::flush;
            if (shape == Shape::Line) {
                const auto& o = results[i];
                if (o.rejected) std::cerr << "justera: " << o.said() << "\n";
                else std::cout << o.printed << "\n";
                std::cout << std::flush;
            }
            if (bar) std::cerr << "justera: " << (sv ? "kontrollerade " : "verified ") << done << "/" << files.size() << std::flush;
        };
        if (jobs == 1 && opts->time_limit <= 0) {
            for (std::size_t i = 0; i < files.size(); ++i) {
                results[i] = verify_one(files[i], ctx, g.limits, print);
                progress(i);
            }
        } else {
            // Worker processes: verify-worker with the same options.
            workers::PoolOptions po;
            po.executable = self_executable();
            po.arguments = limit_arguments(g.limits);
            po.arguments.push_back("-q");
            po.arguments.push_back("verify-worker");
            // NAME=VALUE: a value that starts with '-' stays a value.
            const auto add = [&po](const char* name, const std::string& value) { po.arguments.push_back(std::string(name) + "=" + value); };
            for (auto& a : trust_arguments(opts->trust)) po.arguments.push_back(std::move(a));
            if (opts->online) po.arguments.push_back("--online");
            if (!opts->at.empty()) add("--at", opts->at);
            add("--shape", shape == Shape::Json ? "json" : shape == Shape::Panel ? "panel" : "line");
            if (!opts->lang.empty()) add("--lang", opts->lang);
            po.workers = jobs;
            // No limit unless asked: a file of an archive may be large.
            po.time_limit = std::chrono::milliseconds(opts->time_limit > 0 ? std::max<long long>(1, std::llround(opts->time_limit * 1000)) : 0);
            po.queue_limit = std::chrono::hours(24 * 365);  // one feeder per worker: never busy
            po.own_process_group = false;  // Ctrl-C reaches the workers too
            // A worker that ends before it reads its file: the write fails
            // (and the file is reported), it does not kill this process.
            std::signal(SIGPIPE, SIG_IGN);
            try {
                workers::WorkerPool pool(po);
                verify_in_workers(files, pool, jobs, opts->time_limit, sv, results, progress);
            } catch (const core::Error&) {
                // No worker could be started at all: the files are verified here.
            }
            // What the workers could not take: verified in this process.
            for (std::size_t i = 0; i < files.size(); ++i) {
                if (!results[i].done) {
                    results[i] = verify_one(files[i], ctx, g.limits, print);
                    progress(i);
                }
            }
        }
        if (bar) std::cerr << "\r\033[K" << std::flush;

        std::size_t passed = 0, failed = 0, indeterminate = 0, rejected = 0;
        for (const auto& o : results) {
            if (o.rejected) ++rejected;
            else if (o.verdict == verify::Indication::TotalPassed) ++passed;
            else if (o.verdict == verify::Indication::TotalFailed) ++failed;
            else ++indeterminate;
        }
        if (shape == Shape::Json) {
            nlohmann::ordered_json list = nlohmann::ordered_json::array();
            for (std::size_t i = 0; i < results.size(); ++i) {
                const auto& o = results[i];
                if (o.rejected) list.push_back({{"file", files[i]}, {"verdict", nullptr}, {"error", o.error}});
                else list.push_back(nlohmann::ordered_json::parse(o.printed));
            }
            std::cout << (results.size() == 1 ? list[0] : list).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
        } else if (shape == Shape::Panel) {
            for (const auto& o : results) {
                if (!o.rejected) std::cout << o.printed << (results.size() > 1 ? "\n" : "");
            }
        } else {
            if (sv) {
                std::cout << files.size() << " filer: " << passed << " giltiga, " << failed << " underkända, " << indeterminate << " oavgjorda"
                          << (rejected ? ", " + std::to_string(rejected) + " kunde inte läsas" : "") << "\n";
            } else {
                std::cout << files.size() << " files: " << passed << " passed, " << failed << " failed, " << indeterminate << " indeterminate"
                          << (rejected ? ", " + std::to_string(rejected) + " not read" : "") << "\n";
            }
        }
        if (shape != Shape::Line) {
            for (const auto& o : results) {
                if (o.rejected) std::cerr << "justera: " << o.said() << "\n";
            }
        }
        // The report to keep, as the verification page gives it: the same
        // analysis, in the panel's language (Swedish unless --lang en).
        // (The file is verified again for it: the report is made from the
        // page's analysis, not from the panel's report.) A report that cannot
        // be made is said, and never hides a failed signature.
        int report_exit = 0;
        if (!opts->report_pdf.empty() && !results[0].rejected) {
            try {
                const std::string bytes = core::read_file(files[0], g.limits);
                serve::ReportRequest rr;
                rr.name = std::filesystem::path(files[0]).filename().string();
                rr.analysis = serve::public_analysis(serve::analyse(bytes, rr.name, std::nullopt, ctx, JUSTERA_VERSION));
                rr.english = print.lang == core::Language::English;
                rr.trust_roots = ctx.anchor_names();
                rr.version = JUSTERA_VERSION;
                core::write_output(opts->report_pdf, serve::report_pdf(rr));
                if (!g.quiet) std::cerr << "justera: " << (rr.english ? "wrote " : "skrev ") << opts->report_pdf << "\n";
            } catch (const core::Error& e) {
                std::cerr << "justera: " << (e.where().to_string().empty() ? std::string() : e.where().to_string() + ": ")
                          << (sv ? "rapporten skrevs inte: " : "the report was not written: ") << e.said(sv) << " [" << core::to_string(e.code()) << "]\n";
                report_exit = core::exit_code_for(e.code());
            }
        }
        // Mixed outcomes: a failed signature is never hidden by a file that
        // could not be read; then unreadable (5) or rejected (3) files; then
        // indeterminate ones (docs/cli.md, "justera verify").
        int worst_rejected = 0;
        for (const auto& o : results) worst_rejected = std::max(worst_rejected, o.rejected ? o.exit_code : 0);
        exit_status() = failed ? 1 : worst_rejected ? worst_rejected : report_exit ? report_exit : indeterminate ? 2 : 0;
    });

    // The worker verify --jobs starts: file names on standard input, each
    // file's Outcome on standard output (workers/pool.hpp's frames).
    auto wopts = std::make_shared<VerifyOpts>();
    auto wshape = std::make_shared<std::string>("line");
    auto* worker = app.add_subcommand("verify-worker", g.tr("Arbetsprocessen som justera verify --jobs startar (inte för människor att anropa)", "The worker justera verify --jobs starts (not for people to call)"));
    worker->group("");  // hidden from --help
    add_trust_options(*worker, wopts->trust, false, g);
    worker->add_flag("--online", wopts->online);
    worker->add_option("--at", wopts->at);
    worker->add_option("--lang", wopts->lang)->check(CLI::IsMember({"sv", "en"}));
    worker->add_option("--shape", *wshape)->check(CLI::IsMember({"json", "panel", "line"}));
    worker->callback([wopts, wshape, &g] {
        if (::isatty(STDIN_FILENO)) throw core::Error(core::Errc::Usage, "verify-worker is started by 'justera verify --jobs', not by hand", {},
                                                               "verify-worker startas av 'justera verify --jobs', inte för hand");
        verify::Options vo = options_of(*wopts, g.limits);
        vo.text_in_parallel = false;  // the workers keep the cores busy already
        const verify::Context ctx(vo);
        const Print print{*wshape == "json" ? Shape::Json : *wshape == "panel" ? Shape::Panel : Shape::Line,
                          wopts->lang.empty() ? std::nullopt : core::language_from(wopts->lang)};
        workers::Request req;
        while (workers::read_request(STDIN_FILENO, req, 0)) {
            if (!core::write_all(STDOUT_FILENO, workers::encode_answer(encode_outcome(verify_one(req.name, ctx, g.limits, print))))) break;
        }
        exit_status() = 0;
    });
}

}  // namespace justera::cli
