// SPDX-License-Identifier: GPL-3.0-or-later
// justera verify: check published protocol PDFs, one or a thousand.

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <new>
#include <optional>
#include <thread>

#include "common.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/core/language.hpp"
#include "justera/pdf/render.hpp"
#include "justera/report/verify_report.hpp"
#include "justera/rules/deadlines.hpp"
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
    std::string lang;  ///< "", "sv" or "en"
    unsigned jobs = 0;
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
    std::string error;  ///< why it was rejected
    verify::Indication verdict = verify::Indication::Indeterminate;
    std::string printed;  ///< compact JSON, the signature panel, or the summary line
};

Outcome verify_one(const std::string& file, const verify::Context& ctx, const core::Limits& limits, const Print& print) {
    const Shape shape = print.shape;
    Outcome o;
    o.done = true;
    try {
        const std::string bytes = core::read_file(file, limits);
        if (!pdf::looks_like_pdf(bytes)) throw core::Error(core::Errc::PdfMalformed, "not a PDF (no %PDF- header)", core::Where{file});
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
    } catch (const std::bad_alloc&) {
        o.rejected = true;
        o.exit_code = 5;
        o.error = file + ": not enough memory to verify this file";
    } catch (const std::exception& e) {
        // A bug, but one file's: the others are still verified.
        o.rejected = true;
        o.exit_code = core::exit_code_for(core::Errc::Internal);
        o.error = file + ": internal error while verifying this file (" + e.what() + ") [internal]";
    }
    return o;
}

// ---- worker processes: each verifies the next file not yet taken and sends
// its Outcome back through a pipe. Processes rather than threads because
// OpenSSL 3.0 serialises certificate decoding on shared locks: two threads
// verified 1.25 times as fast as one, two processes twice.

void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFFU));
}
void put_str(std::string& out, const std::string& s) {
    put_u32(out, static_cast<std::uint32_t>(s.size()));
    out += s;
}

/// Frames: 'S' index (begun), or 'R' index rejected exit verdict error printed.
std::string start_frame(std::uint32_t index) {
    std::string f(1, 'S');
    put_u32(f, index);
    return f;
}
std::string result_frame(std::uint32_t index, const Outcome& o) {
    std::string f(1, 'R');
    put_u32(f, index);
    put_u32(f, o.rejected ? 1U : 0U);
    put_u32(f, static_cast<std::uint32_t>(o.exit_code));
    put_u32(f, static_cast<std::uint32_t>(o.verdict));
    put_str(f, o.error);
    put_str(f, o.printed);
    return f;
}

/// Reads frames from one worker's pipe as they come.
struct FrameReader {
    int fd = -1;
    std::string buffer;
    bool open = true;
    std::optional<std::uint32_t> current;  ///< begun, no result yet
    std::uint32_t u32(std::size_t at) const {
        std::uint32_t v = 0;
        for (int i = 3; i >= 0; --i) v = (v << 8U) | static_cast<unsigned char>(buffer[at + static_cast<std::size_t>(i)]);
        return v;
    }
    /// Takes complete frames out of the buffer; calls on_result for each result.
    template <typename F>
    void drain(F&& on_result) {
        for (;;) {
            if (buffer.empty()) return;
            if (buffer[0] == 'S') {
                if (buffer.size() < 5) return;
                current = u32(1);
                buffer.erase(0, 5);
                continue;
            }
            if (buffer[0] != 'R') {  // not our framing: nothing more from this worker is believed
                buffer.clear();
                return;
            }
            if (buffer.size() < 21) return;
            const std::size_t elen = u32(17);
            if (buffer.size() < 21 + elen + 4) return;
            const std::size_t plen = u32(21 + elen);
            if (buffer.size() < 25 + elen + plen) return;
            Outcome o;
            o.done = true;
            const std::uint32_t index = u32(1);
            o.rejected = u32(5) != 0;
            o.exit_code = static_cast<int>(u32(9));
            o.verdict = static_cast<verify::Indication>(u32(13));
            o.error = buffer.substr(21, elen);
            o.printed = buffer.substr(25 + elen, plen);
            buffer.erase(0, 25 + elen + plen);
            current.reset();
            on_result(index, std::move(o));
        }
    }
};

/// Verifies `files` with `jobs` worker processes; `progress` after each file.
template <typename P>
void verify_in_workers(const std::vector<std::string>& files, unsigned jobs, const verify::Context& ctx, const core::Limits& limits,
                       const Print& print, std::vector<Outcome>& results, P&& progress) {
    void* shared = ::mmap(nullptr, sizeof(std::atomic<std::size_t>), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) throw core::Error(core::Errc::Internal, std::string("no shared memory for the workers: ") + std::strerror(errno));
    auto* next = new (shared) std::atomic<std::size_t>(0);
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::vector<FrameReader> readers;
    std::vector<pid_t> pids;
    for (unsigned k = 0; k < jobs; ++k) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) break;
        const pid_t pid = ::fork();
        if (pid < 0) {
            ::close(fds[0]);
            ::close(fds[1]);
            break;
        }
        if (pid == 0) {
            ::close(fds[0]);
            for (auto& r : readers) ::close(r.fd);
            for (std::size_t i; (i = next->fetch_add(1)) < files.size();) {
                if (!core::write_all(fds[1], start_frame(static_cast<std::uint32_t>(i)))) ::_exit(1);
                const Outcome o = verify_one(files[i], ctx, limits, print);
                if (!core::write_all(fds[1], result_frame(static_cast<std::uint32_t>(i), o))) ::_exit(1);
            }
            ::_exit(0);
        }
        ::close(fds[1]);
        readers.push_back(FrameReader{fds[0], {}, true, std::nullopt});
        pids.push_back(pid);
    }
    if (readers.empty()) {
        ::munmap(shared, sizeof(std::atomic<std::size_t>));
        throw core::Error(core::Errc::Internal, std::string("cannot start worker processes: ") + std::strerror(errno));
    }
    const auto on_result = [&](std::uint32_t index, Outcome&& o) {
        if (index < results.size()) {
            results[index] = std::move(o);
            progress();
        }
    };
    char buf[65536];
    for (;;) {
        std::vector<pollfd> polls;
        std::vector<FrameReader*> which;
        for (auto& r : readers) {
            if (r.open) {
                polls.push_back(pollfd{r.fd, POLLIN, 0});
                which.push_back(&r);
            }
        }
        if (polls.empty()) break;
        if (::poll(polls.data(), polls.size(), -1) < 0) {
            if (errno == EINTR) continue;
            // Cannot wait on the workers: close the pipes (a worker writing
            // then ends on SIGPIPE) so that reaping them cannot block; their
            // files are reported or verified below.
            for (auto& r : readers) {
                if (r.open) ::close(r.fd);
                r.open = false;
            }
            break;
        }
        for (std::size_t k = 0; k < polls.size(); ++k) {
            if (!(polls[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            FrameReader& r = *which[k];
            const ssize_t n = ::read(r.fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n > 0) {
                r.buffer.append(buf, static_cast<std::size_t>(n));
                r.drain(on_result);
                continue;
            }
            r.open = false;
            ::close(r.fd);
        }
    }
    // A worker that died on a file: that file is reported, the rest goes on
    // in this process.
    std::vector<std::string> deaths(readers.size());
    for (std::size_t k = 0; k < pids.size(); ++k) {
        int status = 0;
        while (::waitpid(pids[k], &status, 0) < 0 && errno == EINTR) {
        }
        if (WIFSIGNALED(status)) deaths[k] = std::string("signal ") + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
        else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) deaths[k] = "exit status " + std::to_string(WEXITSTATUS(status));
        if (readers[k].current && *readers[k].current < results.size() && !results[*readers[k].current].done) {
            Outcome& o = results[*readers[k].current];
            o.done = true;
            o.rejected = true;
            o.exit_code = core::exit_code_for(core::Errc::Internal);
            o.error = files[*readers[k].current] + ": the verifier stopped on this file (" + (deaths[k].empty() ? "no answer" : deaths[k]) +
                      ") [internal]";
            progress();
        }
    }
    ::munmap(shared, sizeof(std::atomic<std::size_t>));
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (!results[i].done) {
            results[i] = verify_one(files[i], ctx, limits, print);
            progress();
        }
    }
}

std::optional<std::time_t> parse_day(const std::string& s) {
    if (s.empty()) return std::nullopt;
    const auto day = rules::parse_iso_date(s);  // a real day: 2024-02-31 is refused
    if (!day) throw core::Error(core::Errc::Usage, "--at takes a date as YYYY-MM-DD, not '" + s + "'");
    const auto since_epoch = std::chrono::sys_days(*day).time_since_epoch();
    return static_cast<std::time_t>(std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count()) + 86399;  // end of day UTC
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
    cmd->add_option("--lang", opts->lang, "Language of the panel and the summary lines: sv or en (the JSON report stays English)")
        ->check(CLI::IsMember({"sv", "en"}));
    cmd->add_option("--jobs", opts->jobs, "Files verified in parallel (default: the number of cores)")->check(CLI::Range(1U, 256U));
    cmd->callback([opts, &g] {
        verify::Options vo;
        vo.trust_files = opts->trust;
        vo.trust_dirs = opts->trust_dirs;
        vo.system_trust = opts->system_trust;
        vo.crl_files = opts->crls;
        vo.online = opts->online;
        vo.at = parse_day(opts->at);
        vo.limits = g.limits;
        const auto files = expand(opts->inputs);
        if (files.empty()) throw core::Error(core::Errc::Usage, "no PDF files to verify");
        const unsigned jobs = std::max(1U, std::min<unsigned>(opts->jobs ? opts->jobs : std::thread::hardware_concurrency(),
                                                               static_cast<unsigned>(files.size())));
        // One file at a time: its pages' text is read on a second thread.
        // Several side by side: the cores are busy already.
        vo.text_in_parallel = jobs == 1;
        const verify::Context ctx(vo);
        if (ctx.anchor_count() == 0 && !g.quiet) {
            std::cerr << "justera: no trust anchors given (--trust, --trust-dir, --system-trust): no certificate can be trusted\n";
        }
        const Shape shape = opts->json ? Shape::Json : files.size() == 1 || opts->details ? Shape::Panel : Shape::Line;
        const Print print{shape, opts->lang.empty() ? std::nullopt : core::language_from(opts->lang)};
        const bool sv = print.lang == core::Language::Swedish;
        std::vector<Outcome> results(files.size());
        std::size_t done = 0;
        const bool bar = files.size() > 1 && ::isatty(STDERR_FILENO) && !g.quiet;
        const auto progress = [&] {
            ++done;
            if (bar) std::cerr << "\rjustera: verified " << done << "/" << files.size() << std::flush;
        };
        if (jobs == 1) {
            for (std::size_t i = 0; i < files.size(); ++i) {
                results[i] = verify_one(files[i], ctx, g.limits, print);
                progress();
            }
        } else {
            verify_in_workers(files, jobs, ctx, g.limits, print, results, progress);
        }
        if (bar) std::cerr << "\n";

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
            for (const auto& o : results) {
                if (!o.rejected) std::cout << o.printed << "\n";
            }
            if (sv) {
                std::cout << files.size() << " filer: " << passed << " giltiga, " << failed << " underkända, " << indeterminate << " oavgjorda"
                          << (rejected ? ", " + std::to_string(rejected) + " kunde inte läsas" : "") << "\n";
            } else {
                std::cout << files.size() << " files: " << passed << " passed, " << failed << " failed, " << indeterminate << " indeterminate"
                          << (rejected ? ", " + std::to_string(rejected) + " not read" : "") << "\n";
            }
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
