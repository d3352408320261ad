// SPDX-License-Identifier: GPL-3.0-or-later
// Running justera-pdftext (see foreign_text.hpp): the PDF goes to its
// standard input, pages come back on its standard output, both through
// one poll loop so that neither side can block the other, under a wall
// clock bound. The helper sets its own memory and processor limits.

#include "justera/pdf/foreign_text.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <tuple>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"

#ifndef JUSTERA_LIBEXECDIR
#define JUSTERA_LIBEXECDIR "/usr/local/libexec/justera"
#endif

extern char** environ;

namespace justera::pdf {

namespace {

using core::Errc;
using core::Error;

struct Fd {
    int fd = -1;
    Fd() = default;
    explicit Fd(int f) : fd(f) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    void reset() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

/// What is kept of the helper's standard error: an error's message, or its notes.
constexpr std::size_t k_max_err = 16 * 1024;

void make_pipe(Fd& read_end, Fd& write_end) {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) throw Error(Errc::Internal, std::string("cannot make a pipe: ") + std::strerror(errno));
    read_end.fd = p[0];
    write_end.fd = p[1];
}

}  // namespace

std::string pdftext_helper() {
    return core::part_path("JUSTERA_PDFTEXT", "justera-pdftext", JUSTERA_LIBEXECDIR,
                           [](const char* path) { return ::access(path, X_OK) == 0; });
}

namespace {

struct HelperOutput {
    std::vector<std::string> pages;
    std::vector<std::string> notes;  ///< "off-page: page 3: ...", "rearranged: ..."
};

enum class Marks : std::uint8_t { Unknown = 0, None, Headings };

HelperOutput run_helper(std::string_view pdf, const std::string& file, const ForeignTextOptions& opts, Marks marks) {
    const std::string helper = pdftext_helper();
    if (::access(helper.c_str(), X_OK) != 0) {
        throw Error(Errc::HelperMissing,
                    "reading the text of a PDF made elsewhere needs justera-pdftext, which is not at " + helper +
                        " (build it with justera, or set JUSTERA_PDFTEXT)",
                    core::Where{file},
                    "för att läsa texten i en PDF-fil som har gjorts någon annanstans behövs justera-pdftext, som inte finns på " +
                        helper + " (bygg det tillsammans med justera, eller ange JUSTERA_PDFTEXT)");
    }
    Fd in_r, in_w, out_r, out_w, err_r, err_w;
    make_pipe(in_r, in_w);
    make_pipe(out_r, out_w);
    make_pipe(err_r, err_w);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in_r.fd, 0);
    posix_spawn_file_actions_adddup2(&fa, out_w.fd, 1);
    posix_spawn_file_actions_adddup2(&fa, err_w.fd, 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    const std::string max = std::to_string(pdf.size());
    std::string arg0 = "justera-pdftext", arg1 = "--max-bytes", arg2 = max, arg3 = "--plain";
    char* argv[] = {arg0.data(), arg1.data(), arg2.data(), marks == Marks::None ? arg3.data() : nullptr, nullptr};
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, helper.c_str(), &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        throw Error(Errc::HelperMissing, "cannot start " + helper + ": " + std::strerror(rc), core::Where{file},
                    "kan inte starta " + helper + ": " + core::swedish_errno(rc));
    }
    in_r.reset();
    out_w.reset();
    err_w.reset();

    // Writing into a pipe whose reader has gone must be an error here, not
    // a SIGPIPE that ends justera.
    sigset_t pipe_set, old_set;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
    ::fcntl(in_w.fd, F_SETFL, ::fcntl(in_w.fd, F_GETFL) | O_NONBLOCK);

    std::string out, err;
    std::size_t written = 0;
    bool too_much = false, timed_out = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(opts.timeout_seconds);
    if (pdf.empty()) in_w.reset();
    char buf[65536];
    while (out_r.fd >= 0 || err_r.fd >= 0) {
        pollfd fds[3];
        nfds_t n = 0;
        int in_i = -1, out_i = -1, err_i = -1;
        if (in_w.fd >= 0) fds[in_i = static_cast<int>(n++)] = pollfd{in_w.fd, POLLOUT, 0};
        if (out_r.fd >= 0) fds[out_i = static_cast<int>(n++)] = pollfd{out_r.fd, POLLIN, 0};
        if (err_r.fd >= 0) fds[err_i = static_cast<int>(n++)] = pollfd{err_r.fd, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        const int ready = ::poll(fds, n, static_cast<int>(std::min<long long>(left, 1000)));
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        if (in_i >= 0 && (fds[in_i].revents & (POLLOUT | POLLERR | POLLHUP))) {
            const ssize_t w = ::write(in_w.fd, pdf.data() + written, std::min<std::size_t>(pdf.size() - written, 1U << 16));
            if (w > 0) written += static_cast<std::size_t>(w);
            if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == pdf.size()) in_w.reset();
        }
        for (const auto& [idx, fd, sink, cap] : {std::tuple<int, Fd*, std::string*, std::size_t>{out_i, &out_r, &out, opts.max_output_bytes},
                                                 std::tuple<int, Fd*, std::string*, std::size_t>{err_i, &err_r, &err, k_max_err}}) {
            if (idx < 0 || !(fds[idx].revents & (POLLIN | POLLERR | POLLHUP))) continue;
            const ssize_t r = ::read(fd->fd, buf, sizeof buf);
            if (r > 0) {
                sink->append(buf, static_cast<std::size_t>(std::min<std::size_t>(static_cast<std::size_t>(r), cap - std::min(cap, sink->size()))));
                if (sink == &out && out.size() >= opts.max_output_bytes) too_much = true;
            } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
                fd->reset();
            }
        }
        if (too_much) break;
    }
    in_w.reset();
    out_r.reset();
    err_r.reset();
    if (timed_out || too_much) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    // A SIGPIPE raised while it was blocked is dropped, not delivered later.
    timespec zero{0, 0};
    siginfo_t info;
    while (sigtimedwait(&pipe_set, &info, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &old_set, nullptr);

    // Standard error: notes ("note: KIND: MESSAGE", one a line), then an error's message.
    HelperOutput result;
    {
        std::string message;
        for (std::size_t p = 0; p < err.size();) {
            std::size_t nl = err.find('\n', p);
            if (nl == std::string::npos) nl = err.size();
            const std::string_view line = std::string_view(err).substr(p, nl - p);
            if (line.rfind("note: ", 0) == 0) {
                result.notes.emplace_back(line.substr(6));
            } else {
                if (!message.empty()) message += '\n';
                message += line;
            }
            p = nl + 1;
        }
        err = std::move(message);
    }
    while (!err.empty() && (err.back() == '\n' || err.back() == '\r')) err.pop_back();
    const core::Where where{file};
    if (timed_out) {
        throw Error(Errc::PdfTextUnreadable, "poppler took over " + std::to_string(opts.timeout_seconds) + " s to read the text; stopped", where,
                    "poppler behövde mer än " + std::to_string(opts.timeout_seconds) + " s för att läsa texten och stoppades");
    }
    if (too_much) {
        throw Error(Errc::PdfTextUnreadable, "the text is over " + std::to_string(opts.max_output_bytes / (1024 * 1024)) + " MiB; stopped", where,
                    "texten är större än " + std::to_string(opts.max_output_bytes / (1024 * 1024)) + " MiB; läsningen stoppades");
    }
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        throw Error(Errc::PdfTextUnreadable,
                    std::string("poppler stopped on this PDF (") + (sig == SIGXCPU ? "over its processor time" : strsignal(sig)) + ")", where,
                    std::string("poppler stoppades på den här PDF-filen (") +
                        (sig == SIGXCPU ? "den använde mer processortid än tillåtet" : strsignal(sig)) + ")");
    }
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    // Exit status 4 of justera-pdftext means encrypted, a password needed.
    if (code == 4) {
        throw Error(Errc::PdfEncrypted, err.empty() ? "the PDF is encrypted" : err, where,
                    err.empty() ? "PDF-filen är krypterad" : "PDF-filen är krypterad: " + err);
    }
    if (code != 0) {
        throw Error(Errc::PdfTextUnreadable, "poppler cannot read the text" + (err.empty() ? std::string() : ": " + err), where,
                    "poppler kan inte läsa texten" + (err.empty() ? std::string() : ": " + err));
    }
    std::size_t start = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] != '\f') continue;
        result.pages.push_back(out.substr(start, i - start));
        start = i + 1;
    }
    return result;
}

}  // namespace

std::vector<std::string> foreign_page_text(std::string_view pdf, const std::string& file, const ForeignTextOptions& opts) {
    return run_helper(pdf, file, opts, Marks::None).pages;
}

std::string foreign_text(std::string_view pdf, const std::string& file, core::Diagnostics& diags, const ForeignTextOptions& opts) {
    HelperOutput got = run_helper(pdf, file, opts, Marks::Headings);
    for (const auto& n : got.notes) {
        if (n.rfind("off-page: ", 0) == 0) {
            diags.warn(core::DiagCode::PdfTextOffPage, n.substr(10), core::Where{file});
        } else if (n.rfind("rearranged: ", 0) == 0) {
            diags.info(core::DiagCode::PdfTextRearranged, n.substr(12), core::Where{file});
        }
    }
    std::string text;
    for (const auto& page : got.pages) {
        text += page;
        if (!text.empty() && text.back() != '\n') text += '\n';
    }
    return text;
}

}  // namespace justera::pdf
