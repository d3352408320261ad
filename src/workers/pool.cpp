// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/workers/pool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"

extern char** environ;

namespace justera::workers {

namespace {

using Clock = std::chrono::steady_clock;

void put_u64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFFU));
}
void put_str(std::string& out, std::string_view s) {
    put_u64(out, s.size());
    out += s;
}

/// Reads exactly n bytes; false at end of input before the first byte.
bool read_exact(int fd, char* data, std::size_t n, bool eof_ok) {
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r = ::read(fd, data + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            const int err = errno;
            throw core::Error(core::Errc::InputUnreadable, std::string("cannot read a request: ") + std::strerror(err), {},
                              "kan inte läsa en begäran: " + core::swedish_errno(err));
        }
        if (r == 0) {
            if (got == 0 && eof_ok) return false;
            throw core::Error(core::Errc::InputUnreadable, "a request ended early", {}, "en begäran tog slut i förtid");
        }
        got += static_cast<std::size_t>(r);
    }
    return true;
}

std::string read_str(int fd, std::size_t max_bytes) {
    unsigned char len[8];
    read_exact(fd, reinterpret_cast<char*>(len), 8, false);
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8U) | len[i];
    if (n > max_bytes) {
        throw core::Error(core::Errc::InputTooLarge, "a request of " + std::to_string(n) + " bytes, over the limit", {},
                          "en begäran på " + std::to_string(n) + " byte, över gränsen");
    }
    std::string s(static_cast<std::size_t>(n), '\0');
    if (n) read_exact(fd, s.data(), s.size(), false);
    return s;
}

std::string describe(int status) {
    if (WIFSIGNALED(status)) return std::string("signal ") + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
    if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
    return "stopped";
}

/// A worker and what it started (justera-pdftext reading a PDF made
/// elsewhere): they share the worker's own process group, when it has one
/// (otherwise the first kill finds no such group).
void kill_group(pid_t pid) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
}

}  // namespace

std::string pack(std::initializer_list<std::string_view> fields) {
    std::string out;
    for (const auto f : fields) put_str(out, f);
    return out;
}

std::optional<std::vector<std::string>> unpack(std::string_view payload, std::size_t count) {
    std::vector<std::string> out;
    while (!payload.empty() && out.size() < count) {
        if (payload.size() < 8) return std::nullopt;
        std::uint64_t n = 0;
        for (int i = 7; i >= 0; --i) n = (n << 8U) | static_cast<unsigned char>(payload[static_cast<std::size_t>(i)]);
        payload.remove_prefix(8);
        if (n > payload.size()) return std::nullopt;
        out.emplace_back(payload.substr(0, static_cast<std::size_t>(n)));
        payload.remove_prefix(static_cast<std::size_t>(n));
    }
    if (!payload.empty() || out.size() != count) return std::nullopt;
    return out;
}

std::string request_head(std::string_view name, std::string_view anslag, std::size_t pdf_size) {
    std::string f(1, 'Q');
    put_str(f, name);
    put_str(f, anslag);
    put_u64(f, pdf_size);
    return f;
}

std::string encode_request(const Request& r) { return request_head(r.name, r.anslag, r.pdf.size()) + r.pdf; }

std::string encode_answer(const std::string& json) {
    std::string f(1, 'A');
    put_str(f, json);
    return f;
}

bool read_request(int fd, Request& out, std::size_t max_bytes) {
    char tag = 0;
    if (!read_exact(fd, &tag, 1, true)) return false;
    if (tag != 'Q') throw core::Error(core::Errc::InputUnreadable, "not a request frame", {}, "ingen begäransram");
    out.name = read_str(fd, 4096);
    out.anslag = read_str(fd, 64);
    out.pdf = read_str(fd, max_bytes);
    return true;
}

WorkerPool::WorkerPool(PoolOptions options) : m_options(std::move(options)) {
    if (m_options.workers == 0) m_options.workers = 1;
    try {
        for (unsigned i = 0; i < m_options.workers; ++i) {
            Worker w;
            spawn(w);
            m_idle.push_back(w);
        }
    } catch (...) {
        for (auto& w : m_idle) stop(w, true);
        throw;
    }
}

WorkerPool::~WorkerPool() {
    std::lock_guard lock(m_mutex);
    for (auto& w : m_idle) stop(w, false);
}

std::uint64_t WorkerPool::started() const {
    std::lock_guard lock(m_mutex);
    return m_started;
}

void WorkerPool::spawn(Worker& w) {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0) throw core::Error(core::Errc::Internal, std::string("cannot make a pipe: ") + std::strerror(errno));
    if (::pipe2(out, O_CLOEXEC) != 0) {
        ::close(in[0]);
        ::close(in[1]);
        throw core::Error(core::Errc::Internal, std::string("cannot make a pipe: ") + std::strerror(errno));
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    // Nothing else of the server's: its client connections (httplib accepts
    // them without close-on-exec) must not reach a process that reads
    // hostile files.
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    // The server blocks SIGINT and SIGTERM for its own signal thread and
    // ignores SIGPIPE; a worker gets them back, so that stopping the
    // service's process group stops its workers too.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    // A process group of its own: a worker given up is killed with its
    // helpers, which would otherwise run on to their own limits.
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (m_options.own_process_group) {
        posix_spawnattr_setpgroup(&attr, 0);
        flags |= POSIX_SPAWN_SETPGROUP;
    }
    posix_spawnattr_setflags(&attr, flags);
    std::vector<std::string> args{m_options.executable};
    args.insert(args.end(), m_options.arguments.begin(), m_options.arguments.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, m_options.executable.c_str(), &fa, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    ::close(in[0]);
    ::close(out[1]);
    if (rc != 0) {
        ::close(in[1]);
        ::close(out[0]);
        throw core::Error(core::Errc::HelperMissing, "cannot start a verification worker (" + m_options.executable + "): " + std::strerror(rc), {},
                          "kan inte starta en arbetsprocess för kontroll (" + m_options.executable + "): " + core::swedish_errno(rc));
    }
    ::fcntl(in[1], F_SETFL, ::fcntl(in[1], F_GETFL) | O_NONBLOCK);
    ::fcntl(out[0], F_SETFL, ::fcntl(out[0], F_GETFL) | O_NONBLOCK);
    w.pid = pid;
    w.to = in[1];
    w.from = out[0];
    w.served = 0;
    ++m_started;
}

void WorkerPool::stop(Worker& w, bool kill_now) {
    if (w.pid < 0) return;
    if (kill_now) kill_group(w.pid);
    ::close(w.to);  // an idle worker ends at the end of its input
    ::close(w.from);
    int status = 0;
    const auto until = Clock::now() + std::chrono::seconds(2);
    for (;;) {
        const pid_t r = ::waitpid(w.pid, &status, kill_now ? 0 : WNOHANG);
        if (r == w.pid || (r < 0 && errno != EINTR)) break;
        if (Clock::now() > until) {
            kill_group(w.pid);
            kill_now = true;
            continue;
        }
        if (r == 0) ::usleep(2000);
    }
    w = Worker{};
}

Answer WorkerPool::exchange(Worker& w, std::string_view head, std::string_view pdf) {
    // A time limit of zero: none (a worker is still replaced when it dies).
    const bool limited = m_options.time_limit.count() > 0;
    const auto deadline = Clock::now() + m_options.time_limit;
    // The frame is the head and then the upload, written from where they
    // lie: a large upload is not copied into a frame first.
    const std::size_t total = head.size() + pdf.size();
    std::size_t sent = 0;
    std::string got;
    char buf[65536];
    for (;;) {
        // A complete answer: 'A', the length, the JSON.
        if (got.size() >= 9) {
            if (got[0] != 'A') return Answer{Answer::Kind::Died, {}, "an answer that is not a frame"};
            std::uint64_t n = 0;
            for (int i = 8; i >= 1; --i) n = (n << 8U) | static_cast<unsigned char>(got[static_cast<std::size_t>(i)]);
            if (n > m_options.max_answer_bytes) return Answer{Answer::Kind::Died, {}, "an answer over " + std::to_string(m_options.max_answer_bytes) + " bytes"};
            if (got.size() >= 9 + n) {
                got.erase(0, 9);
                got.resize(static_cast<std::size_t>(n));
                return Answer{Answer::Kind::Done, std::move(got), {}};
            }
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (limited && left <= 0) return Answer{Answer::Kind::TimedOut, {}, {}};
        pollfd p[2] = {{w.from, POLLIN, 0}, {w.to, static_cast<short>(sent < total ? POLLOUT : 0), 0}};
        const int n = ::poll(p, sent < total ? 2 : 1, limited ? static_cast<int>(std::min<long long>(left, INT_MAX)) : -1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Answer{Answer::Kind::Died, {}, std::string("poll: ") + std::strerror(errno)};
        if (sent < total && (p[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            const std::string_view rest = sent < head.size() ? head.substr(sent) : pdf.substr(sent - head.size());
            const ssize_t k = ::write(w.to, rest.data(), rest.size());
            if (k > 0) sent += static_cast<std::size_t>(k);
            else if (k < 0 && errno != EAGAIN && errno != EINTR) return Answer{Answer::Kind::Died, {}, "it stopped reading"};
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t k = ::read(w.from, buf, sizeof buf);
            if (k > 0) got.append(buf, static_cast<std::size_t>(k));
            else if (k == 0 || (errno != EAGAIN && errno != EINTR)) return Answer{Answer::Kind::Died, {}, "it closed its output"};
        }
    }
}

Answer WorkerPool::run(const Request& request) { return run(request.name, request.anslag, request.pdf); }

Answer WorkerPool::run(std::string_view name, std::string_view anslag, std::string_view pdf) {
    Worker w;
    {
        std::unique_lock lock(m_mutex);
        if (!m_free.wait_for(lock, m_options.queue_limit, [&] { return !m_idle.empty(); })) return Answer{Answer::Kind::Busy, {}, {}};
        w = m_idle.back();
        m_idle.pop_back();
    }
    Answer a;
    try {
        if (w.pid >= 0) {
            // Ended while idle (the OOM killer, an administrator): replaced
            // before the file is given to it.
            int status = 0;
            if (::waitpid(w.pid, &status, WNOHANG) == w.pid) {
                ::close(w.to);
                ::close(w.from);
                w = Worker{};
            }
        }
        if (w.pid < 0) {
            std::lock_guard lock(m_mutex);
            spawn(w);
        }
        a = exchange(w, request_head(name, anslag, pdf.size()), pdf);
    } catch (...) {
        std::lock_guard lock(m_mutex);
        stop(w, true);
        m_idle.push_back(w);  // started again by the next request
        m_free.notify_one();
        throw;
    }
    if (a.kind == Answer::Kind::Done) {
        ++w.served;
        if (w.served >= m_options.requests_per_worker) stop(w, false);
    } else {
        // Timed out: killed now. Died: it is given a moment to be reaped
        // with its own cause (a signal, an exit status) before it is killed.
        const pid_t pid = w.pid;
        int status = 0;
        bool reaped = false;
        for (int i = 0; a.kind == Answer::Kind::Died && i < 200 && !reaped; ++i) {
            const pid_t r = ::waitpid(pid, &status, WNOHANG);
            reaped = r == pid || (r < 0 && errno != EINTR);
            if (!reaped) ::usleep(5000);
        }
        if (!reaped) {
            kill_group(pid);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
        if (a.kind == Answer::Kind::Died) a.detail = describe(status);
        ::close(w.to);
        ::close(w.from);
        w = Worker{};
    }
    std::lock_guard lock(m_mutex);
    m_idle.push_back(w);
    m_free.notify_one();
    return a;
}

}  // namespace justera::workers
