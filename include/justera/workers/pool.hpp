// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The one pool of worker processes: `justera serve-worker` for the
/// verification page, `justera verify-worker` for `verify --jobs`. Each
/// worker takes one request at a time over a pipe (an upload is never
/// written to disk). A worker that takes longer than the time limit is
/// killed with what it started and replaced, so one hostile file cannot
/// hold the others up; one that dies on a file is replaced too, and the
/// caller told why. Processes rather than threads because only a process can
/// be stopped mid-file and keeps its memory to itself (and OpenSSL 3.0
/// serialises certificate decoding across threads).

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace justera::workers {

/// One request as a worker receives it.
struct Request {
    std::string name;     ///< the page: the file name the browser gave (shown, never opened); verify: the file's path
    std::string anslag;   ///< the page: YYYY-MM-DD or empty
    std::string pdf;      ///< the page: the upload; verify: empty (the worker reads the file)
};

/// The frames on the pipes: a request is 'Q', then name, anslag and the PDF,
/// each a 64-bit little-endian length and its bytes; an answer is 'A' and
/// one such string (JSON).
std::string encode_request(const Request& r);
/// Everything of a request frame before the PDF's bytes.
std::string request_head(std::string_view name, std::string_view anslag, std::size_t pdf_size);
std::string encode_answer(const std::string& json);
/// Strings as one answer's payload, each a 64-bit little-endian length and
/// its bytes (what a request's fields are), and back: nothing unless the
/// payload is exactly `count` of them.
std::string pack(std::initializer_list<std::string_view> fields);
std::optional<std::vector<std::string>> unpack(std::string_view payload, std::size_t count);
/// Reads one request from `fd`: false at a clean end of input. Throws
/// core::Error for a broken frame or one over `max_bytes`.
bool read_request(int fd, Request& out, std::size_t max_bytes);

struct PoolOptions {
    std::string executable;                    ///< justera itself
    std::vector<std::string> arguments;        ///< after argv[0]: global options, "serve-worker", its options
    unsigned workers = 2;
    std::chrono::milliseconds time_limit{30000};   ///< per request, the verification itself; zero: none
    std::chrono::milliseconds queue_limit{60000};  ///< waiting for a free worker
    unsigned requests_per_worker = 500;        ///< then the worker is replaced (memory stays flat)
    std::size_t max_answer_bytes = 256U * 1024U * 1024U;  ///< a longer answer is taken as the worker's failure
    /// A process group of its own for each worker, so that one given up is
    /// killed with the helpers it started (the page). Off for a command run
    /// from a terminal (verify --jobs): its workers stay in the terminal's
    /// group, and Ctrl-C stops them with the command.
    bool own_process_group = true;
};

struct Answer {
    enum class Kind { Done, TimedOut, Died, Busy } kind = Kind::Done;
    std::string json;     ///< for Done
    std::string detail;   ///< for Died: the signal or status
};

class WorkerPool {
public:
    explicit WorkerPool(PoolOptions options);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Verifies one upload in a free worker; safe to call from many threads.
    Answer run(std::string_view name, std::string_view anslag, std::string_view pdf);
    Answer run(const Request& request);
    /// Workers started so far (replacements included).
    [[nodiscard]] std::uint64_t started() const;

private:
    struct Worker {
        pid_t pid = -1;
        int to = -1;     ///< its standard input
        int from = -1;   ///< its standard output
        unsigned served = 0;
    };
    void spawn(Worker& w);
    void stop(Worker& w, bool kill_now);
    Answer exchange(Worker& w, std::string_view head, std::string_view pdf);

    PoolOptions m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_free;
    std::vector<Worker> m_idle;
    std::uint64_t m_started = 0;
};

}  // namespace justera::workers
