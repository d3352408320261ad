// SPDX-License-Identifier: GPL-3.0-or-later
// justera verify: check published protocol PDFs, one or a thousand.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "common.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/report/verify_report.hpp"
#include "justera/verify/verify.hpp"

#ifndef JUSTERA_VERSION
#define JUSTERA_VERSION "0.0.0"
#endif

namespace justera::cli {

namespace {

struct VerifyOpts {
    std::vector<std::string> inputs;
    std::vector<std::string> trust;
    std::vector<std::string> trust_dirs;
    bool system_trust = false;
    std::vector<std::string> crls;
    bool online = false;
    std::string at;
    bool json = false;
    bool details = false;
    unsigned jobs = 0;
};

struct Outcome {
    std::string file;
    bool rejected = false;
    int exit_code = 0;  ///< 3 not a PDF, 5 unreadable
    std::string error;  ///< why it was rejected
    verify::Report report;
};

std::optional<std::time_t> parse_day(const std::string& s) {
    if (s.empty()) return std::nullopt;
    std::tm tm{};
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !strptime(s.c_str(), "%Y-%m-%d", &tm)) {
        throw core::Error(core::Errc::Usage, "--at takes a date as YYYY-MM-DD, not '" + s + "'");
    }
    tm.tm_hour = 23;
    tm.tm_min = 59;
    tm.tm_sec = 59;
    return timegm(&tm);
}

/// The PDFs to verify: the files given, and the *.pdf files in directories given.
std::vector<std::string> expand(const std::vector<std::string>& inputs) {
    std::vector<std::string> out;
    for (const auto& in : inputs) {
        std::error_code ec;
        if (std::filesystem::is_directory(in, ec)) {
            std::vector<std::string> found;
            for (const auto& e : std::filesystem::recursive_directory_iterator(in, ec)) {
                auto ext = e.path().extension().string();
                std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                if (e.is_regular_file() && ext == ".pdf") found.push_back(e.path().string());
            }
            if (ec) throw core::Error(core::Errc::InputUnreadable, "cannot read the directory: " + ec.message(), core::Where{in});
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
    auto* cmd = app.add_subcommand("verify", "Verify signed protocol PDFs: who signed, in which role, when, and what changed");
    cmd->footer(
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
        "  justera verify arkiv/ --trust-dir betrodda/ --jobs 4\n\n"
        "Exit: 0 all TOTAL_PASSED, 1 any TOTAL_FAILED, 2 any INDETERMINATE and none\n"
        "failed, 3 a file is not a PDF (or too large), 4 usage, 5 a file cannot be\n"
        "read. The JSON report is documented in docs/report.md.");
    cmd->add_option("FILES", opts->inputs, "PDF files, or directories to search for *.pdf")->required();
    cmd->add_option("--trust", opts->trust, "PEM file of trust anchors (root certificates); repeatable")->allow_extra_args(false)->check(CLI::ExistingFile);
    cmd->add_option("--trust-dir", opts->trust_dirs, "Directory of *.pem/*.crt trust anchors; repeatable")->allow_extra_args(false)->check(CLI::ExistingDirectory);
    cmd->add_flag("--system-trust", opts->system_trust, "Also trust the system's CA certificates (/etc/ssl/certs)");
    cmd->add_option("--crl", opts->crls, "A CRL file (DER or PEM) to consult too; repeatable")->allow_extra_args(false)->check(CLI::ExistingFile);
    cmd->add_flag("--online", opts->online, "Ask OCSP responders and CRL addresses for what the file does not carry");
    cmd->add_option("--at", opts->at, "Validate as of this day (YYYY-MM-DD, end of day UTC) instead of now");
    cmd->add_flag("--json", opts->json, "Print the JSON report (a list for several files)");
    cmd->add_flag("--details", opts->details, "With several files: print every file's full report, not one line each");
    cmd->add_option("--jobs", opts->jobs, "Files verified in parallel (default: the number of cores)")->check(CLI::Range(1U, 256U));
    cmd->callback([opts, &g] {
        verify::Options vo;
        vo.trust_files = opts->trust;
        vo.trust_dirs = opts->trust_dirs;
        vo.system_trust = opts->system_trust;
        vo.crl_files = opts->crls;
        vo.online = opts->online;
        vo.at = parse_day(opts->at);
        const verify::Context ctx(vo);
        const auto files = expand(opts->inputs);
        if (files.empty()) throw core::Error(core::Errc::Usage, "no PDF files to verify");
        if (ctx.anchor_count() == 0 && !g.quiet) {
            std::cerr << "justera: no trust anchors given (--trust, --trust-dir, --system-trust): no certificate can be trusted\n";
        }
        std::vector<Outcome> results(files.size());
        std::atomic<std::size_t> next{0};
        std::atomic<std::size_t> done{0};
        std::mutex progress;
        const bool bar = files.size() > 1 && ::isatty(STDERR_FILENO) && !g.quiet;
        const auto work = [&] {
            for (std::size_t i; (i = next++) < files.size();) {
                Outcome& o = results[i];
                o.file = files[i];
                try {
                    const std::string bytes = core::read_file(files[i], g.limits);
                    if (bytes.rfind("%PDF-", 0) != 0) {
                        o.rejected = true;
                        o.exit_code = 3;
                        o.error = files[i] + ": not a PDF (no %PDF- header) [pdf-malformed]";
                    } else {
                        o.report = verify::verify_pdf(bytes, files[i], ctx);
                    }
                } catch (const core::Error& e) {
                    o.rejected = true;
                    o.exit_code = core::exit_code_for(e.code());
                    o.error = e.where().to_string() + (e.where().to_string().empty() ? "" : ": ") + e.what() + " [" +
                              std::string(core::to_string(e.code())) + "]";
                }
                const std::size_t n = ++done;
                if (bar) {
                    std::lock_guard<std::mutex> lock(progress);
                    std::cerr << "\rjustera: verified " << n << "/" << files.size() << std::flush;
                }
            }
        };
        const unsigned jobs = std::max(1U, std::min<unsigned>(opts->jobs ? opts->jobs : std::thread::hardware_concurrency(),
                                                               static_cast<unsigned>(files.size())));
        std::vector<std::thread> pool;
        for (unsigned k = 1; k < jobs; ++k) pool.emplace_back(work);
        work();
        for (auto& t : pool) t.join();
        if (bar) std::cerr << "\n";

        std::size_t passed = 0, failed = 0, indeterminate = 0, rejected = 0;
        for (const auto& o : results) {
            if (o.rejected) ++rejected;
            else if (o.report.verdict == verify::Indication::TotalPassed) ++passed;
            else if (o.report.verdict == verify::Indication::TotalFailed) ++failed;
            else ++indeterminate;
        }
        if (opts->json) {
            nlohmann::ordered_json list = nlohmann::ordered_json::array();
            for (const auto& o : results) {
                if (o.rejected) list.push_back({{"file", o.file}, {"verdict", nullptr}, {"error", o.error}});
                else list.push_back(report::verify_json(o.report, JUSTERA_VERSION));
            }
            std::cout << (results.size() == 1 ? list[0] : list).dump(2) << "\n";
        } else if (results.size() == 1 || opts->details) {
            for (const auto& o : results) {
                if (!o.rejected) std::cout << report::verify_text(o.report) << (results.size() > 1 ? "\n" : "");
            }
        } else {
            for (const auto& o : results) {
                if (!o.rejected) std::cout << report::verify_summary_line(o.report) << "\n";
            }
            std::cout << files.size() << " files: " << passed << " passed, " << failed << " failed, " << indeterminate << " indeterminate"
                      << (rejected ? ", " + std::to_string(rejected) + " not read" : "") << "\n";
        }
        for (const auto& o : results) {
            if (o.rejected) std::cerr << "justera: " << o.error << "\n";
        }
        int worst_rejected = 0;
        for (const auto& o : results) worst_rejected = std::max(worst_rejected, o.rejected ? o.exit_code : 0);
        exit_status() = worst_rejected ? worst_rejected : failed ? 1 : indeterminate ? 2 : 0;
    });
}

}  // namespace justera::cli
