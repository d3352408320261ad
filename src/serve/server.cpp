// SPDX-License-Identifier: GPL-3.0-or-later
// cpp-httplib (Debian's libcpp-httplib-dev) carries the HTTP: a small,
// well-kept server with a thread pool, request size limits and multipart
// forms, and nothing to run beside it.

#include "justera/serve/server.hpp"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <arpa/inet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <netdb.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <poll.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/rules/calendar.hpp"
#include "justera/pdf/render.hpp"
#include "justera/serve/analysis.hpp"
#include "justera/serve/downloads.hpp"
#include "justera/serve/page.hpp"
#include "justera/serve/report_pdf.hpp"

namespace justera::serve {

namespace {

using nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

std::mutex log_mutex;

void log_line(const httplib::Request& req, int status, std::size_t bytes, Clock::time_point t0, const std::string& note) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
    // A signer's link is a capability: never logged.
    std::string path = req.path;
    if (path.rfind("/sign/", 0) == 0 && path.size() >= 70 && path.find_first_not_of("0123456789abcdef", 6) >= 70) path.replace(6, 64, "…");
    // A kept result's token opens it: never logged either.
    if (path.rfind("/result/", 0) == 0 && path.size() >= 40) path.replace(8, 32, "…");
    std::lock_guard lock(log_mutex);
    // No file names or contents: the size, the outcome and the time only.
    std::cerr << "justera serve: " << req.method << " " << path << " " << status << " " << bytes << " bytes " << ms << " ms"
              << (note.empty() ? "" : " " + note) << "\n";
}

bool wants_english(const httplib::Request& req, bool default_english) {
    if (req.has_param("lang")) return req.get_param_value("lang") == "en";
    if (req.has_file("lang")) return req.get_file_value("lang").content == "en";
    const std::string al = req.get_header_value("Accept-Language");
    if (al.empty()) return default_english;
    // The first language the browser names, sv or en.
    for (std::size_t i = 0; i < al.size(); ++i) {
        if (al.compare(i, 2, "sv") == 0) return false;
        if (al.compare(i, 2, "en") == 0) return true;
        i = al.find(',', i);
        if (i == std::string::npos) break;
        while (i + 1 < al.size() && al[i + 1] == ' ') ++i;
    }
    return default_english;
}

void security_headers(httplib::Response& res) {
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
                   "frame-ancestors 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-store");
}

/// The upload: a multipart field "file", or the body itself.
struct Upload {
    std::string name;
    const std::string* bytes = nullptr;
    std::string anslag;
    std::string expect;  ///< the SHA-256 a shared link names, or ""
};

/// An upload as the route reads it itself, piece by piece, so that a
/// client who sends too slowly is cut off (below) instead of holding a
/// thread for as long as it likes. The form's other fields are kept up to
/// 64 KiB each; the file up to the limit.
struct Body {
    std::string file;
    bool has_file = false;
    std::string file_name;
    std::map<std::string, std::string> fields;
    enum class Cut : std::uint8_t { None, TooSlow, TooLarge } cut = Cut::None;
};

/// After this long, a body must have come at least at k_min_rate on average.
constexpr auto k_grace = std::chrono::seconds(10);
constexpr double k_min_rate = 16.0 * 1024.0;  // bytes a second: a slow mobile line is far faster

/// A body that is refused is still read for a while before the answer is
/// sent: closing a connection with unread data resets it, and the client
/// (an honest one whose file was a little too large, say) would see no
/// answer at all. A sender that keeps going after this much is cut off.
constexpr std::size_t k_away_bytes = 2U * 1024U * 1024U;
constexpr auto k_away_time = std::chrono::seconds(2);

/// Reads what is left of a refused body away, within the bounds above.
void read_away(const httplib::ContentReader& reader) {
    std::size_t away = 0;
    const auto t0 = Clock::now();
    reader([&](const char*, std::size_t n) {
        away += n;
        return away < k_away_bytes && Clock::now() - t0 < k_away_time;
    });
}

/// The port and host of a socket address (IPv4 or IPv6) as httplib writes
/// them (getnameinfo, numeric: a link-local address keeps its "%eth0");
/// false for others.
bool port_and_host(const sockaddr_storage& a, socklen_t length, int& port, std::string& host) {
    if (a.ss_family != AF_INET && a.ss_family != AF_INET6) return false;
    char text[NI_MAXHOST] = {};
    char service[NI_MAXSERV] = {};
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&a), length, text, sizeof text, service, sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        return false;
    }
    port = std::atoi(service);
    host = text;
    return true;
}

/// For an accepted socket on `local_port`: its peer as "host port"; empty
/// for any other descriptor (the listening socket has no peer).
std::string peer_on(int fd, int local_port) {
    sockaddr_storage local{}, peer{};
    socklen_t ll = sizeof local, pl = sizeof peer;
    int lp = -1, pp = -1;
    std::string lh, ph;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &ll) != 0 || !port_and_host(local, ll, lp, lh) || lp != local_port) return {};
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &pl) != 0 || !port_and_host(peer, pl, pp, ph)) return {};
    return ph + " " + std::to_string(pp);
}

/// The socket's inode: one connection's own name, which no later connection
/// from the same address and port shares.
ino_t socket_inode(int fd) {
    struct stat st {};
    return ::fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode) ? st.st_ino : 0;
}

/// The descriptors this process has open: from /proc/self/fd, or, where
/// there is no /proc (a chroot), every number up to the limit that is open.
std::vector<int> open_descriptors() {
    std::vector<int> out;
    std::error_code ec;
    std::filesystem::directory_iterator it("/proc/self/fd", ec);
    if (!ec) {
        for (std::filesystem::directory_iterator end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos && name.size() < 9) out.push_back(std::stoi(name));
        }
        return out;
    }
    rlimit files{};
    const int most = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < 65536 ? static_cast<int>(files.rlim_cur) : 65536;
    for (int fd = 0; fd < most; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1) out.push_back(fd);
    }
    return out;
}

/// The socket of the connection `req` came on: the accepted socket whose
/// two ends are the request's. -1 when none is found.
int connection_socket(const httplib::Request& req) {
    const std::string wanted = req.remote_addr + " " + std::to_string(req.remote_port);
    for (const int fd : open_descriptors()) {
        if (fd > 2 && peer_on(fd, req.local_port) == wanted) return fd;
    }
    return -1;
}

/// The answer to a request refused before its body was read, written on
/// its socket here, and then the body read away for a while ("lingering
/// close", as Apache does): closing a connection with unread data resets
/// it, and the sender would see no answer at all. The writing side is shut
/// after the answer, so the sender sees its end; what it still sends is read
/// and dropped, at most k_away_bytes or k_away_time, and no longer than
/// k_linger_idle after the sender goes quiet (a silent client does not hold
/// the thread). httplib's own attempt to answer afterwards fails on the shut
/// socket and is dropped. False when the connection's socket is not found
/// (httplib answers, as before). The descriptor found is this request's own:
/// no other live socket has its two ends, and it stays open while this
/// thread handles it.
bool answer_and_linger(const httplib::Request& req, const httplib::Response& res) {
    constexpr auto k_linger_idle = std::chrono::milliseconds(500);
    const int fd = connection_socket(req);
    if (fd < 0) return false;
    const char* reason = res.status == 400 ? "Bad Request" : res.status == 404 ? "Not Found" : res.status == 405 ? "Method Not Allowed"
                         : res.status == 411 ? "Length Required" : res.status == 413 ? "Payload Too Large" : res.status == 415 ? "Unsupported Media Type"
                                                                                                         : "Refused";
    std::string answer = "HTTP/1.1 " + std::to_string(res.status) + " " + reason + "\r\n";
    for (const auto& [name, value] : res.headers) {
        if (name != "Content-Length" && name != "Connection") answer += name + ": " + value + "\r\n";
    }
    answer += "Content-Length: " + std::to_string(res.body.size()) + "\r\nConnection: close\r\n\r\n";
    if (req.method != "HEAD") answer += res.body;
    if (!core::write_all(fd, answer)) {
        ::shutdown(fd, SHUT_RDWR);  // nothing more is written on it, httplib's answer neither
        return true;
    }
    ::shutdown(fd, SHUT_WR);
    std::array<char, 16384> sink{};
    std::size_t away = 0;
    const auto until = Clock::now() + k_away_time;
    while (away < k_away_bytes) {
        const auto left = std::min(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()), k_linger_idle).count();
        if (left <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
        const ssize_t n = ::recv(fd, sink.data(), sink.size(), MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) break;
        if (n > 0) away += static_cast<std::size_t>(n);
    }
    ::shutdown(fd, SHUT_RD);
    return true;
}

/// A deadline for a request's head. httplib reads the request line and
/// headers for as long as each read brings something within the read
/// timeout, so a client sending a byte of its head every few seconds would
/// hold a thread for ever, and a crowd of them every thread. A watcher
/// looks at the server's connections twice a second: one whose head has
/// not reached the server's first handler k_head after it was first seen,
/// and has not arrived whole (a visitor waiting for a free thread), gets a
/// 408 and is shut. Connections are told apart by their socket's inode,
/// so a new connection from the same address and port starts again.
class HeadWatch {
public:
    static constexpr auto k_head = std::chrono::seconds(15);

    HeadWatch() = default;
    ~HeadWatch() { stop(); }
    HeadWatch(const HeadWatch&) = delete;
    HeadWatch& operator=(const HeadWatch&) = delete;

    /// Starts watching the connections accepted on `port`.
    void start(int port) {
        m_port = port;
        m_thread = std::thread([this] { watch(); });
    }
    void stop() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable()) m_thread.join();
    }
    /// The request on `req`'s connection has come with its whole head.
    void headed(const httplib::Request& req) {
        const int fd = connection_socket(req);
        const ino_t inode = fd >= 0 ? socket_inode(fd) : 0;
        if (inode == 0) return;  // not found: gone already
        std::lock_guard<std::mutex> lock(m_mutex);
        m_headed.insert(inode);
    }

private:
    /// Its head is in the socket whole, unread: a visitor waiting for a thread.
    static bool head_waiting(int fd) {
        std::array<char, 16384> buf{};
        const ssize_t n = ::recv(fd, buf.data(), buf.size(), MSG_PEEK | MSG_DONTWAIT);
        return n > 0 && std::string_view(buf.data(), static_cast<std::size_t>(n)).find("\r\n\r\n") != std::string_view::npos;
    }

    void watch() {
        std::map<ino_t, Clock::time_point> seen;  // inode -> first seen
        std::unique_lock<std::mutex> lock(m_mutex);
        while (!m_stop) {
            m_wake.wait_for(lock, std::chrono::milliseconds(500));
            if (m_stop) break;
            lock.unlock();  // the scan makes system calls; headed() need not wait for it
            const auto now = Clock::now();
            std::map<ino_t, Clock::time_point> still;
            std::vector<std::pair<int, ino_t>> late;
            for (const int fd : open_descriptors()) {
                if (fd <= 2 || peer_on(fd, m_port).empty()) continue;
                const ino_t inode = socket_inode(fd);
                if (inode == 0) continue;
                const auto at = seen.count(inode) ? seen[inode] : now;
                still[inode] = at;
                if (now - at >= k_head) late.emplace_back(fd, inode);
            }
            seen.swap(still);
            lock.lock();
            for (const auto& [fd, inode] : late) {
                if (m_headed.count(inode) || m_cut.count(inode)) continue;
                // The number may have been closed and given to another
                // socket since the scan: act on a copy, and only if it is
                // still the same connection.
                const int own = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
                if (own < 0) continue;
                if (socket_inode(own) == inode && !head_waiting(own)) {
                    // Said once, then both directions shut: httplib's read
                    // ends and it closes the connection.
                    static constexpr char k_answer[] =
                        "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        "X-Content-Type-Options: nosniff\r\nContent-Length: 72\r\n\r\n"
                        "Begärans huvud kom för långsamt.\nThe request's head came too slowly.\n";
                    (void)::send(own, k_answer, sizeof k_answer - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
                    ::shutdown(own, SHUT_RDWR);
                    m_cut.insert(inode);
                }
                ::close(own);
            }
            // Forget the connections that are gone.
            for (auto it = m_cut.begin(); it != m_cut.end();) it = seen.count(*it) ? std::next(it) : m_cut.erase(it);
            // A mark of a connection the scan has not seen (made after the
            // listing) is kept one round more; unseen twice, it is gone.
            std::set<ino_t> unseen;
            for (auto it = m_headed.begin(); it != m_headed.end();) {
                if (seen.count(*it)) {
                    ++it;
                } else if (m_unseen.count(*it)) {
                    it = m_headed.erase(it);
                } else {
                    unseen.insert(*it);
                    ++it;
                }
            }
            m_unseen.swap(unseen);
        }
    }

    int m_port = -1;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::set<ino_t> m_headed;  ///< connections whose head has come whole
    std::set<ino_t> m_unseen;  ///< of them, not seen by the last scan
    std::set<ino_t> m_cut;     ///< connections given their 408
    bool m_stop = false;
    std::thread m_thread;
};

/// Cuts off an upload that stops coming. read_body hears of every piece of
/// a plain body, but of a form only the parts' contents: a sender that
/// trickles a part's head, a byte now and then, would never be measured.
/// So each upload beats as read_body hears of it, and a watcher shuts the
/// reading side of a connection that has not beaten for k_stall: httplib's
/// read then ends, and the upload is refused as too slow.
class StallWatch {
public:
    static constexpr auto k_stall = std::chrono::seconds(10);

    struct Entry {
        int fd = -1;
        std::atomic<std::int64_t> beat{0};  ///< steady-clock nanoseconds
        std::atomic<bool> fired{false};
        void alive() { beat = Clock::now().time_since_epoch().count(); }
    };

    StallWatch() : m_thread([this] { watch(); }) {}
    ~StallWatch() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }
    StallWatch(const StallWatch&) = delete;
    StallWatch& operator=(const StallWatch&) = delete;

    /// Watches `e` until the returned guard is gone (before the handler
    /// returns, so the socket is still httplib's open one when it is shut).
    [[nodiscard]] auto watching(Entry& e) {
        e.alive();
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_entries.push_back(&e);
        }
        struct Guard {
            StallWatch& w;
            Entry& e;
            ~Guard() {
                std::lock_guard<std::mutex> lock(w.m_mutex);
                w.m_entries.erase(std::remove(w.m_entries.begin(), w.m_entries.end(), &e), w.m_entries.end());
            }
        };
        return Guard{*this, e};
    }

private:
    void watch() {
        std::unique_lock<std::mutex> lock(m_mutex);
        while (!m_stop) {
            m_wake.wait_for(lock, std::chrono::milliseconds(500));
            const std::int64_t now = Clock::now().time_since_epoch().count();
            for (Entry* e : m_entries) {
                if (e->fd >= 0 && !e->fired && now - e->beat > std::chrono::nanoseconds(k_stall).count()) {
                    e->fired = true;
                    ::shutdown(e->fd, SHUT_RD);
                }
            }
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<Entry*> m_entries;
    bool m_stop = false;
    std::thread m_thread;  // last: started once the rest is made
};

Body read_body(const httplib::Request& req, const httplib::ContentReader& reader, std::size_t max_bytes, StallWatch::Entry& stall) {
    Body b;
    const auto t0 = Clock::now();
    auto cut_at = t0;
    std::size_t total = 0;
    // Whether to go on reading. Past the limit, the rest is read away (see
    // k_away_bytes) and nothing more is kept.
    const auto alive = [&](std::size_t more) {
        stall.alive();
        total += more;
        if (b.cut == Body::Cut::TooLarge) return total - max_bytes < k_away_bytes && Clock::now() - cut_at < k_away_time;
        if (total > max_bytes) {
            b.cut = Body::Cut::TooLarge;
            cut_at = Clock::now();
            return true;
        }
        const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        if (seconds > std::chrono::duration<double>(k_grace).count() && static_cast<double>(total) / seconds < k_min_rate) {
            b.cut = Body::Cut::TooSlow;
            return false;
        }
        return true;
    };
    if (req.is_multipart_form_data()) {
        std::string* into = nullptr;
        reader(
            [&](const httplib::MultipartFormData& part) {
                if (part.name == "file" && b.has_file) {
                    into = nullptr;  // a second file: only the first is taken
                } else if (part.name == "file") {
                    b.has_file = true;
                    b.file_name = part.filename;
                    into = &b.file;
                } else if (!b.fields.count(part.name) && b.fields.size() < 16) {
                    into = &b.fields[part.name];
                } else {
                    into = nullptr;  // a repeated or the seventeenth field: not kept
                }
                return alive(0);
            },
            [&](const char* data, std::size_t n) {
                if (!alive(n)) return false;
                if (b.cut == Body::Cut::None && into && (into == &b.file || into->size() + n <= 64U * 1024U)) into->append(data, n);
                return true;
            });
    } else {
        b.has_file = true;
        reader([&](const char* data, std::size_t n) {
            if (!alive(n)) return false;
            if (b.cut == Body::Cut::None) b.file.append(data, n);
            return true;
        });
    }
    if (stall.fired) b.cut = Body::Cut::TooSlow;
    if (b.cut != Body::Cut::None) std::string().swap(b.file);
    return b;
}

/// RFC 8187 value characters: a file name in Content-Disposition's filename*.
std::string percent_encode(const std::string& s) {
    static const char* k_hex = "0123456789ABCDEF";
    std::string out;
    for (const char ch : s) {
        const auto u = static_cast<unsigned char>(ch);
        if (std::isalnum(u) || std::string_view("!#$&+-.^_`|~").find(ch) != std::string_view::npos) {
            out += ch;
        } else {
            out += '%';
            out += k_hex[u >> 4];
            out += k_hex[u & 15];
        }
    }
    return out;
}

std::string field_of(const Body& b, const char* name) {
    const auto it = b.fields.find(name);
    return it == b.fields.end() ? std::string() : it->second;
}

Upload upload_of(const httplib::Request& req, const Body& b) {
    Upload u;
    if (b.has_file) {
        u.bytes = &b.file;
        u.name = !b.file_name.empty() ? b.file_name : req.has_param("name") ? req.get_param_value("name") : "upload.pdf";
    }
    u.anslag = field_of(b, "anslag");
    u.expect = field_of(b, "expect");
    if (req.has_param("anslag")) u.anslag = req.get_param_value("anslag");
    if (u.name.size() > 255) u.name.resize(255);
    // A name is shown, never a command: no control characters (a worker
    // job's kind is one).
    for (char& ch : u.name) {
        if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = '_';
    }
    return u;
}

/// Results kept in memory for a while after a form's POST, so that the
/// browser is sent on to a page it may reload and go back to (Post/Redirect/
/// Get) without sending the file again. The analysis only, never the upload;
/// bounded in number, in bytes and in time; lost when the server stops.
class ResultCache {
public:
    static constexpr std::chrono::minutes k_keep{15};
    static constexpr std::size_t k_max_entries = 256;
    static constexpr std::size_t k_max_bytes = 64U * 1024U * 1024U;

    /// Keeps one result; its token (128 random bits, hex), or "" when no
    /// randomness could be had.
    std::string put(ordered_json analysis, std::string name) {
        unsigned char raw[16];
        if (RAND_bytes(raw, sizeof raw) != 1) return {};
        static const char* hex = "0123456789abcdef";
        std::string token;
        for (unsigned char b : raw) token += {hex[b >> 4], hex[b & 15]};
        const std::size_t size = analysis.dump().size() + name.size();
        if (size > k_max_bytes / 4) return {};  // shown at once instead, never kept
        std::lock_guard lock(m_mutex);
        drop_old(Clock::now());
        while (!m_order.empty() && (m_entries.size() >= k_max_entries || m_bytes + size > k_max_bytes)) drop(m_order.front());
        m_entries.emplace(token, Entry{std::move(analysis), std::move(name), Clock::now(), size});
        m_order.push_back(token);
        m_bytes += size;
        return token;
    }
    /// The result and the file's name, or nothing when it is gone or never was.
    std::optional<std::pair<ordered_json, std::string>> get(const std::string& token) {
        std::lock_guard lock(m_mutex);
        drop_old(Clock::now());
        const auto it = m_entries.find(token);
        if (it == m_entries.end()) return std::nullopt;
        return std::make_pair(it->second.analysis, it->second.name);
    }

private:
    struct Entry {
        ordered_json analysis;
        std::string name;
        Clock::time_point at;
        std::size_t size = 0;
    };
    void drop(const std::string& token) {
        const auto it = m_entries.find(token);
        if (it != m_entries.end()) {
            m_bytes -= it->second.size;
            m_entries.erase(it);
        }
        m_order.erase(std::find(m_order.begin(), m_order.end(), token));
    }
    void drop_old(Clock::time_point now) {
        while (!m_order.empty() && now - m_entries.at(m_order.front()).at > k_keep) drop(m_order.front());
    }
    std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;
    std::deque<std::string> m_order;  ///< oldest first
    std::size_t m_bytes = 0;
};

/// The fields of an application/x-www-form-urlencoded body (the first of a
/// repeated name).
std::map<std::string, std::string> form_fields(std::string_view body) {
    const auto decode = [](std::string_view s) {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '+') {
                out.push_back(' ');
            } else if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
                       std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
                out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
                i += 2;
            } else {
                out.push_back(s[i]);
            }
        }
        return out;
    };
    std::map<std::string, std::string> out;
    std::size_t at = 0;
    while (at <= body.size()) {
        const std::size_t end = std::min(body.find('&', at), body.size());
        const std::string_view pair = body.substr(at, end - at);
        const std::size_t eq = pair.find('=');
        if (!pair.empty()) out.emplace(decode(pair.substr(0, eq)), eq == std::string_view::npos ? std::string() : decode(pair.substr(eq + 1)));
        at = end + 1;
    }
    return out;
}

}  // namespace

Refusal refusal_of(const std::string& code, const std::string& message) {
    if (code == "pdf-malformed" && message.find("not a PDF") != std::string::npos) {
        return {415, code, "Filen är inte en PDF-fil. Välj protokollet som PDF.", "The file is not a PDF. Choose the protocol as a PDF."};
    }
    if (code == "pdf-over-limit" || code == "input-too-large" || code == "xml-too-deep" || code == "xml-too-many-nodes") {
        return {422, code, "Filen är större eller mer invecklad än tjänsten tar emot: " + message,
                "The file is larger or more complex than this service accepts: " + message};
    }
    if (code == "pdf-encrypted") return {422, code, "Filen är lösenordsskyddad och kan inte kontrolleras.", "The file is protected by a password and cannot be checked."};
    if (code == "out-of-memory") return {422, code, "Filen kräver mer minne än tjänsten ger en fil.", "The file needs more memory than this service gives one file."};
    if (code == "internal") return {500, code, "Ett fel i tjänsten: " + message, "An error in this service: " + message};
    return {422, code, "Filen kunde inte kontrolleras: " + message, "The file could not be checked: " + message};
}

int run(const ServerOptions& o) {
    // SIGINT and SIGTERM are taken by one thread, which stops the server;
    // every other thread (httplib's included) is started with them blocked.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    // Uploads and their copies are large: from 1 MB on, memory is mapped
    // for each and returned when it is freed (glibc would otherwise raise
    // the threshold after the first and keep the next ones in its heaps).
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    workers::WorkerPool pool(o.pool);
    ResultCache results;
    httplib::Server svr;
    const unsigned threads = o.threads ? o.threads : 32;
    svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // The form's other fields and the multipart framing fit in 64 KiB.
    const std::size_t body_limit = o.max_upload + 64U * 1024U;
    svr.set_payload_max_length(body_limit);
    svr.set_read_timeout(std::chrono::seconds(10));
    svr.set_write_timeout(std::chrono::seconds(30));
    // One request per connection: httplib keeps a connection open after a
    // refusal whatever the response says, and would read the unread rest of
    // a refused body as the next request (and a proxy in front might send
    // another visitor's request after it). A page visit makes few requests.
    svr.set_keep_alive_max_count(1);
    HeadWatch head_watch;  // started once the port is bound

    // "Expect: 100-continue" (curl for bodies over 1 MB): a length over the
    // limit is refused before the client is told to send the body.
    svr.set_expect_100_continue_handler([&](const httplib::Request& req, httplib::Response& res) {
        head_watch.headed(req);
        const std::string length = req.get_header_value("Content-Length");
        const bool plain = !length.empty() && length.size() <= 19 && length.find_first_not_of("0123456789") == std::string::npos;
        if (plain && std::stoull(length) > body_limit) {
            res.status = 413;
            return 413;
        }
        return 100;
    });

    PageContext base;
    base.english = o.english;
    base.max_upload = o.max_upload;
    base.trust_roots = o.trust_roots;
    base.version = o.version;
    const auto context = [&](const httplib::Request& req) {
        PageContext c = base;
        c.english = wants_english(req, o.english);
        return c;
    };
    const auto context_of = [&](const httplib::Request& req, const Body& b) {
        PageContext c = context(req);
        if (const std::string lang = field_of(b, "lang"); !lang.empty()) c.english = lang == "en";
        return c;
    };

    // Uploads being received at once are bounded, so that slow senders can
    // take at most half of the threads: the pages and the other half stay
    // free. A body that comes too slowly is cut off (read_body).
    std::atomic<unsigned> uploading{0};
    StallWatch stall_watch;
    const unsigned max_uploading = std::max(1U, threads / 2);
    const auto receive = [&](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader, Body& b) -> std::optional<Refusal> {
        if (uploading.fetch_add(1) >= max_uploading) {
            uploading.fetch_sub(1);
            read_away(reader);
            res.set_header("Connection", "close");
            return Refusal{503, "busy", "Tjänsten tar emot många filer just nu. Försök igen om en stund.", "The service is receiving many files just now. Try again in a while."};
        }
        // Refused by its headers, but read away first (see k_away_bytes).
        std::optional<Refusal> refused;
        const std::string encoding = req.get_header_value("Content-Encoding");
        if (req.has_header("Transfer-Encoding") && req.has_header("Content-Length")) {
            refused = Refusal{400, "usage", "Begäran har både en längd (Content-Length) och delar (Transfer-Encoding).",
                              "The request has both a length (Content-Length) and chunks (Transfer-Encoding)."};
        } else if (!encoding.empty() && encoding != "identity") {
            refused = Refusal{415, "usage", "Skicka filen okomprimerad (ingen Content-Encoding).", "Send the file uncompressed (no Content-Encoding)."};
        } else if ((req.path == "/verify" || req.path == "/api/verify") && req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
            // curl --data-binary without -H sends a PDF as a url-encoded form.
            refused = Refusal{415, "usage",
                              "Skicka PDF-filen som den är med Content-Type: application/pdf (curl: -H 'Content-Type: application/pdf'), eller som formulärfältet file.",
                              "Send the PDF as it is with Content-Type: application/pdf (curl: -H 'Content-Type: application/pdf'), or as the form field file."};
        }
        int stalled = -1;  ///< the socket of an upload the watcher cut off
        {
            struct Slot {
                std::atomic<unsigned>& n;
                ~Slot() { n.fetch_sub(1); }
            } slot{uploading};
            if (refused) {
                read_away(reader);
            } else {
                // A plain body reaches read_body piece by piece (its rate
                // rule and httplib's read timeout see a trickle); only a
                // form needs the watch, and the search for its socket.
                StallWatch::Entry stall;
                if (req.is_multipart_form_data()) stall.fd = connection_socket(req);
                const auto watched = stall_watch.watching(stall);
                b = read_body(req, reader, body_limit, stall);
                if (stall.fired) stalled = stall.fd;
            }
        }
        const Refusal too_slow{408, "too-slow", "Filen kom för långsamt och togs inte emot. Försök igen.", "The file came too slowly and was not taken. Try again."};
        if (stalled >= 0) {
            // The connection's reading side is shut, and httplib writes
            // nothing on a connection it cannot read: the answer goes out
            // here (httplib's own attempt after it fails and is dropped).
            const std::string text = too_slow.sv + "\n" + too_slow.en + "\n";
            const std::string answer = "HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + std::to_string(text.size()) +
                                       "\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n" + text;
            (void)::send(stalled, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        if (refused) {
            res.set_header("Connection", "close");
            return refused;
        }
        if (b.cut == Body::Cut::TooSlow) {
            res.set_header("Connection", "close");
            return too_slow;
        }
        if (b.cut == Body::Cut::TooLarge || res.status == 413) {  // ours, or httplib's after reading the body away
            res.set_header("Connection", "close");
            return Refusal{413, "input-too-large", "Filen är större än " + megabytes(o.max_upload) + ", som är det största tjänsten tar emot.",
                           "The file is larger than " + megabytes(o.max_upload) + ", the largest this service accepts."};
        }
        return std::nullopt;
    };
    // What a large upload took is given back to the system at once, not
    // kept by the allocator for the next one.
    const auto release = [](Body& b) {
        const bool large = b.file.size() > 4U * 1024U * 1024U;
        std::string().swap(b.file);
        if (large) malloc_trim(0);
    };

    // The words of an answer that has none of its own (404, 411, 413, 415, ...).
    const auto fill_error = [&](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        security_headers(res);
        const bool api = req.path.rfind("/api/", 0) == 0;
        std::string sv = "Sidan finns inte.", en = "There is no such page.";
        if (res.status == 411) {
            sv = "Skicka filen med en längd (Content-Length), inte i delar.";
            en = "Send the file with a length (Content-Length), not in chunks.";
        } else if (res.status == 415) {
            sv = "Skicka filen okomprimerad (ingen Content-Encoding).";
            en = "Send the file uncompressed (no Content-Encoding).";
        } else if (res.status == 413) {
            sv = "Filen är större än " + megabytes(o.max_upload) + ", som är det största tjänsten tar emot.";
            en = "The file is larger than " + megabytes(o.max_upload) + ", the largest this service accepts.";
        } else if (res.status != 404) {
            sv = "Begäran kunde inte tas emot (HTTP " + std::to_string(res.status) + ").";
            en = "The request could not be taken (HTTP " + std::to_string(res.status) + ").";
        }
        if (api) {
            res.set_content(ordered_json({{"error", {{"code", "http-" + std::to_string(res.status)}, {"message", en}, {"message_sv", sv}}}}).dump(2) + "\n",
                            "application/json");
        } else {
            res.set_content(error_page(sv, en, context(req)), "text/html; charset=utf-8");
        }
    };
    // Before any body is read: the method, the path, and how the body is
    // framed. httplib checks its payload limit against Content-Length only,
    // so a body in chunks is taken only where read_body bounds it.
    const auto before_routing = [&](const httplib::Request& req, httplib::Response& res) -> httplib::Server::HandlerResponse {
        // Only GET, HEAD and POST are served; httplib would read (and
        // inflate) the body of any other method before routing.
        const bool has_body = req.has_header("Transfer-Encoding") || (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
        if (req.method != "POST" && req.method != "GET" && req.method != "HEAD") {
            res.status = 405;
            res.set_header("Allow", "GET, HEAD, POST");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (req.method != "POST") {
            if (has_body) res.status = 400;  // a GET with a body: nothing here reads one
            return has_body ? httplib::Server::HandlerResponse::Handled : httplib::Server::HandlerResponse::Unhandled;
        }
        // A POST only where one is taken, before its body is read.
        static const std::regex k_posts(R"(/verify|/api/verify|/verify/revision|/cases/new|/sign/[0-9a-f]{64}/start|/sign/response)");
        if (!std::regex_match(req.path, k_posts)) {
            res.status = 404;
            return httplib::Server::HandlerResponse::Handled;
        }
        // The upload routes read their bodies themselves, within the limit
        // and the rate (read_body): a file may come in chunks, and one that
        // is compressed is read away and refused there (receive), so that
        // the refusal reaches the sender. Elsewhere httplib would read a
        // chunked body without bound and inflate a compressed one.
        const bool upload = req.path == "/verify" || req.path == "/api/verify" || req.path == "/verify/revision" || req.path == "/cases/new";
        const std::string encoding = req.get_header_value("Content-Encoding");
        const bool inflatable = encoding == "gzip" || encoding == "deflate" || encoding == "br";
        if (!encoding.empty() && encoding != "identity" && !(upload && inflatable)) {
            res.status = 415;
            return httplib::Server::HandlerResponse::Handled;
        }
        if (req.has_header("Transfer-Encoding")) {
            // Chunks go to the upload routes only; chunks with a length too
            // are refused there (receive), after the body is read away.
            const bool chunked = req.get_header_value_count("Transfer-Encoding") == 1 && req.get_header_value("Transfer-Encoding") == "chunked";
            if (upload && chunked) return httplib::Server::HandlerResponse::Unhandled;
            res.status = 411;
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!req.has_header("Content-Length")) {
            res.status = 411;
            return httplib::Server::HandlerResponse::Handled;
        }
        // Refused at once, before any of the body is read, and the connection
        // closed: two lengths (which one would a proxy in front believe?), or
        // one over the limit.
        const auto refuse = [&](int status, const std::string& code, const std::string& sv, const std::string& en) {
            res.status = status;
            res.set_header("Connection", "close");
            security_headers(res);
            if (req.path.rfind("/api/", 0) == 0) {
                res.set_content(ordered_json{{"error", {{"code", code}, {"message", en}, {"message_sv", sv}}}}.dump(2) + "\n", "application/json");
            } else {
                res.set_content(error_page(sv, en, context(req)), "text/html; charset=utf-8");
            }
            return httplib::Server::HandlerResponse::Handled;
        };
        const std::string length = req.get_header_value("Content-Length");
        if (req.get_header_value_count("Content-Length") != 1 || length.empty() || length.size() > 19 ||
            length.find_first_not_of("0123456789") != std::string::npos) {
            return refuse(400, "usage", "Begäran har ingen entydig längd (Content-Length).", "The request has no single, plain length (Content-Length).");
        }
        // A signer's button press carries nothing. A length far over the
        // limit is refused at once; one just over it is refused by httplib,
        // which reads the body away first: closing a connection with unread
        // data resets it, and an honest visitor would see no answer at all.
        const bool button = req.path.rfind("/sign/", 0) == 0 && req.path != "/sign/response";
        const std::size_t most = button ? 64U * 1024U : 4U * body_limit;
        if (std::stoull(length) > most) {
            return refuse(413, "input-too-large", "Filen är större än " + megabytes(o.max_upload) + ", som är det största tjänsten tar emot.",
                          "The file is larger than " + megabytes(o.max_upload) + ", the largest this service accepts.");
        }
        return httplib::Server::HandlerResponse::Unhandled;
    };
    svr.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
        head_watch.headed(req);
        const auto handled = before_routing(req, res);
        // A request refused here with a body it sent: the answer, then the
        // body read away for a while, so that the sender sees the answer.
        const bool has_body = req.has_header("Transfer-Encoding") || (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
        if (handled == httplib::Server::HandlerResponse::Handled && has_body) {
            if (!res.has_header("Connection")) res.set_header("Connection", "close");
            fill_error(req, res);
            answer_and_linger(req, res);
        }
        return handled;
    });

    svr.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
        security_headers(res);
        res.set_content(start_page(context(req)), "text/html; charset=utf-8");
    });
    svr.Get("/static/justera.css", [](const httplib::Request&, httplib::Response& res) {
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_content(std::string(stylesheet()), "text/css; charset=utf-8");
    });
    svr.Get("/static/justera.js", [](const httplib::Request&, httplib::Response& res) {
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_content(std::string(script()), "text/javascript; charset=utf-8");
    });
    svr.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });

    if (o.signing) {
        // Every route below outlives this block: they capture by value what
        // is made here, and the desk through `o`, which lives as long as run().
        SigningDesk* const desk = o.signing;
        svr.Get("/static/autopost.js", [](const httplib::Request&, httplib::Response& res) {
            res.set_header("X-Content-Type-Options", "nosniff");
            res.set_content(std::string(autopost_script()), "text/javascript; charset=utf-8");
        });
        // The page's address for the links and the service's answer: the
        // configured public-url, else the request's Host when it is this
        // machine's loopback (tests, a secretary's own machine); another Host
        // could send the answer elsewhere.
        const auto here = [desk](const httplib::Request& req) -> std::string {
            if (!desk->public_url().empty()) return desk->public_url();
            const std::string host = req.get_header_value("Host");
            const auto colon = host.rfind(':');
            const std::string name = colon == std::string::npos ? host : host.substr(0, colon);
            const std::string port = colon == std::string::npos ? std::string() : host.substr(colon + 1);
            const bool loopback = name == "127.0.0.1" || name == "localhost" || name == "[::1]";
            const bool digits = !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
            return loopback && digits ? "http://" + host : std::string();
        };
        const auto unknown_link = [&](const httplib::Request& req, httplib::Response& res) {
            res.status = 404;
            res.set_content(signing_error_page("Länken är okänd eller har gått ut. Fråga sekreteraren efter en ny.",
                                               "The link is unknown or has expired. Ask the secretary for a new one.", context(req)),
                            "text/html; charset=utf-8");
        };
        svr.Get("/cases/new", [&, desk, here, unknown_link](const httplib::Request& req, httplib::Response& res) {
            security_headers(res);
            if (!desk->can_create()) return unknown_link(req, res);
            res.set_content(new_case_page({}, {}, context(req)), "text/html; charset=utf-8");
        });
        // The secretary's upload is read like the others (read_body): within
        // the limit, at a rate, in at most half of the threads.
        svr.Post("/cases/new", [&, desk, here, unknown_link](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
            const auto t0 = Clock::now();
            security_headers(res);
            if (!desk->can_create()) {
                read_away(reader);
                res.set_header("Connection", "close");
                return unknown_link(req, res);
            }
            Body b;
            if (const auto refused = receive(req, res, reader, b)) {
                res.status = refused->status;
                res.set_content(new_case_page(refused->sv, refused->en, context(req)), "text/html; charset=utf-8");
                log_line(req, res.status, 0, t0, "case refused: " + refused->code);
                return;
            }
            NewCase n;
            n.secret = field_of(b, "key");
            n.pdf = std::move(b.file);
            n.justerare = {field_of(b, "justerare-1"), field_of(b, "justerare-2")};
            n.sekreterare = {field_of(b, "sekreterare")};
            n.base_url = here(req);
            const std::size_t size = n.pdf.size();
            const NewCaseAnswer a = desk->create(n);
            res.status = a.status;
            res.set_content(a.status == 200 ? case_made_page(a, context(req)) : new_case_page(a.sv, a.en, context(req)), "text/html; charset=utf-8");
            log_line(req, res.status, size, t0, a.status == 200 ? "case made" : "case refused");
        });
        svr.Get(R"(/sign/([0-9a-f]{64}))", [&, desk, here, unknown_link](const httplib::Request& req, httplib::Response& res) {
            const auto t0 = Clock::now();
            security_headers(res);
            const CaseView v = desk->view(req.matches[1]);
            if (!v.found || v.expired) {
                unknown_link(req, res);
            } else {
                res.set_content(signing_page(v, req.matches[1], v.last_outcome, context(req)), "text/html; charset=utf-8");
            }
            log_line(req, res.status, 0, t0, "signing page");
        });
        svr.Get(R"(/sign/([0-9a-f]{64})/document\.pdf)", [&, desk, here, unknown_link](const httplib::Request& req, httplib::Response& res) {
            security_headers(res);
            const std::string pdf = desk->document(req.matches[1]);
            if (pdf.empty()) return unknown_link(req, res);
            res.set_header("Content-Disposition", "inline; filename=\"protokoll.pdf\"");
            res.set_content(pdf, "application/pdf");
        });
        svr.Post(R"(/sign/([0-9a-f]{64})/start)", [&, desk, here, unknown_link](const httplib::Request& req, httplib::Response& res) {
            const auto t0 = Clock::now();
            security_headers(res);
            const std::string address = here(req);
            const StartAnswer a = desk->start(req.matches[1], address.empty() ? std::string() : address + "/sign/response");
            res.status = a.status;
            if (a.status == 200) {
                // The form goes to the signature service: this page, and only it, may post there.
                res.headers.erase("Content-Security-Policy");
                res.set_header("Content-Security-Policy", "default-src 'none'; script-src 'self'; form-action " + a.service_origin +
                                                              "; base-uri 'none'; frame-ancestors 'none'");
                res.set_content(a.page, "text/html; charset=utf-8");
            } else if (a.status == 404) {
                unknown_link(req, res);
            } else {
                res.set_content(signing_error_page(a.sv, a.en, context(req)), "text/html; charset=utf-8");
            }
            log_line(req, res.status, 0, t0, "signing start");
        });
        // The POST binding's form (application/x-www-form-urlencoded) is read
        // here: httplib parses such bodies only up to 8 KB, and a signed
        // response with its certificates is larger.
        svr.Post("/sign/response", [&, desk](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
            const auto t0 = Clock::now();
            security_headers(res);
            std::string body;
            constexpr std::size_t k_max_answer = 2U * 1024U * 1024U;
            bool too_large = false;
            reader([&](const char* data, std::size_t n) {
                if (body.size() + n > k_max_answer) {
                    too_large = true;
                    return false;
                }
                body.append(data, n);
                return true;
            });
            const auto fields = form_fields(body);
            const auto field = [&](const char* name) {
                const auto it = fields.find(name);
                return it == fields.end() ? std::string() : it->second;
            };
            const std::string relay = too_large ? std::string() : field("RelayState");
            const std::string response = too_large ? std::string() : field("EidSignResponse");
            const FinishAnswer a = desk->finish(relay, response);
            res.status = a.status;
            if (a.status == 303) {
                res.set_header("Location", "/sign/" + a.token);
            } else {
                res.set_content(signing_error_page(a.sv, a.en, context(req)), "text/html; charset=utf-8");
            }
            log_line(req, res.status, body.size(), t0, "signing response " + a.outcome);
        });
    }

    // One upload through a worker: the answer's JSON, or why there is none.
    struct Outcome {
        int status = 200;
        ordered_json json;
        Refusal refusal;
        std::string note;
    };
    const auto verify_upload = [&](const Upload& u) {
        Outcome out;
        if (!u.bytes) {
            out.status = 400;
            out.refusal = {400, "no-file", "Ingen fil kom med. Välj en PDF-fil.", "No file came with the request. Choose a PDF file."};
            return out;
        }
        if (u.bytes->empty()) {
            out.status = 400;
            out.refusal = {400, "empty-file", "Filen är tom. Välj protokollet som PDF-fil.", "The file is empty. Choose the protocol as a PDF file."};
            return out;
        }
        if (u.bytes->size() > o.max_upload) {
            out.status = 413;
            out.refusal = {413, "input-too-large", "Filen är större än " + megabytes(o.max_upload) + ", som är det största tjänsten tar emot.",
                           "The file is larger than " + megabytes(o.max_upload) + ", the largest this service accepts."};
            return out;
        }
        if (!u.anslag.empty() && !rules::parse_iso_date(u.anslag)) {
            out.status = 400;
            out.refusal = {400, "usage", "Dagen för anslaget ska skrivas ÅÅÅÅ-MM-DD.", "The notice day is written YYYY-MM-DD."};
            return out;
        }
        if (!u.expect.empty() && core::sha256_hex(*u.bytes) != u.expect) {
            out.status = 400;
            out.refusal = {400, "other-file", "Det är inte den fil som länken gäller: dess SHA-256 är en annan. Välj samma fil.",
                           "It is not the file the link is for: its SHA-256 differs. Choose the same file."};
            return out;
        }
        if (!pdf::looks_like_pdf(*u.bytes)) {  // answered here: a worker need not see it
            out.refusal = refusal_of("pdf-malformed", "not a PDF (no %PDF- header)");
            out.status = out.refusal.status;
            return out;
        }
        const workers::Answer a = pool.run(u.name, u.anslag, *u.bytes);
        if (a.kind == workers::Answer::Kind::Busy) {
            out.status = 503;
            out.refusal = {503, "busy", "Tjänsten är upptagen. Försök igen om en stund.", "The service is busy. Try again in a while."};
        } else if (a.kind == workers::Answer::Kind::TimedOut) {
            const auto ms = static_cast<long long>(o.pool.time_limit.count());
            std::string frac;
            if (ms % 1000) {
                char b[8];
                std::snprintf(b, sizeof b, "%03lld", ms % 1000);
                frac = b;
                while (frac.back() == '0') frac.pop_back();
            }
            const std::string whole = std::to_string(ms / 1000);
            out.status = 422;
            out.refusal = {422, "time-limit", "Filen tog längre tid än " + whole + (frac.empty() ? "" : "," + frac) + " sekunder att kontrollera och lämnades.",
                           "The file took longer than " + whole + (frac.empty() ? "" : "." + frac) + " seconds to check and was given up."};
        } else if (a.kind == workers::Answer::Kind::Died) {
            out.status = 500;
            out.refusal = {500, "internal", "Kontrollen av filen avbröts (" + a.detail + ").", "Checking the file stopped (" + a.detail + ")."};
        } else {
            out.json = ordered_json::parse(a.json, nullptr, false);
            if (out.json.is_discarded()) {
                out.status = 500;
                out.refusal = {500, "internal", "Ett oläsligt svar från kontrollen.", "An unreadable answer from the check."};
            } else if (out.json.contains("error")) {
                const auto& e = out.json["error"];
                out.refusal = refusal_of(e.value("code", std::string("unknown")), e.value("message", std::string()));
                out.status = out.refusal.status;
            } else {
                out.note = out.json["report"].value("verdict", std::string()) + " " + out.json["verdict"].value("key", std::string());
            }
        }
        if (out.status != 200 && out.note.empty()) out.note = out.refusal.code;
        return out;
    };

    // The form's answer: the result is kept a while and the browser sent on
    // to it (303), so that reloading or going back never sends the file again.
    svr.Post("/verify", [&](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        const auto t0 = Clock::now();
        security_headers(res);
        Body b;
        if (const auto refused = receive(req, res, reader, b)) {
            res.status = refused->status;
            res.set_content(error_page(refused->sv, refused->en, context_of(req, b)), "text/html; charset=utf-8");
            log_line(req, res.status, b.file.size(), t0, refused->code);
            return;
        }
        const Upload u = upload_of(req, b);
        const Outcome out = verify_upload(u);
        const std::size_t size = b.file.size();
        release(b);
        const PageContext c = context_of(req, b);
        const std::string token = out.status == 200 ? results.put(out.json, u.name) : std::string();
        if (!token.empty()) {
            const std::string to = "/result/" + token + (c.english ? "?lang=en" : "");
            res.status = 303;
            res.set_header("Location", to);
            res.set_content("<!DOCTYPE html>\n<title>justera</title>\n<p><a href=\"" + to + "\">" + (c.english ? "The result" : "Resultatet") + "</a></p>\n",
                            "text/html; charset=utf-8");
        } else {
            res.status = out.status;
            res.set_content(out.status == 200 ? result_page(out.json, u.name, c) : error_page(out.refusal.sv, out.refusal.en, c), "text/html; charset=utf-8");
        }
        log_line(req, res.status, size, t0, out.note);
    });
    // A kept result, with the notice day of ?anslag= applied: the law's
    // check again, by a worker, from what was kept (the protocol and the
    // signature days, not the file). Answers the error page itself and
    // returns nothing when there is no result to show.
    const auto kept_result = [&](const httplib::Request& req, httplib::Response& res, const PageContext& c, const Clock::time_point t0)
        -> std::optional<std::pair<ordered_json, std::string>> {
        auto kept = results.get(req.matches[1]);
        if (!kept) {
            res.status = 404;
            res.set_content(error_page("Resultatet finns inte längre: det hålls bara " + std::to_string(ResultCache::k_keep.count()) +
                                           " minuter i minnet. Välj filen igen.",
                                       "The result is gone: it is held in memory for " + std::to_string(ResultCache::k_keep.count()) +
                                           " minutes only. Choose the file again.",
                                       c),
                            "text/html; charset=utf-8");
            log_line(req, res.status, 0, t0, "result gone");
            return std::nullopt;
        }
        ordered_json& a = kept->first;
        const std::string anslag = req.has_param("anslag") ? req.get_param_value("anslag") : std::string();
        if (!anslag.empty() && a.contains("recheck")) {
            const bool date = rules::parse_iso_date(anslag).has_value();
            const workers::Answer w = date ? pool.run(std::string(k_recheck_job), anslag, a["recheck"].dump()) : workers::Answer{};
            const ordered_json again = w.kind == workers::Answer::Kind::Done ? ordered_json::parse(w.json, nullptr, false) : ordered_json();
            if (!again.is_object() || !again.contains("check")) {
                res.status = date ? 503 : 400;
                res.set_content(error_page(date ? "Sista dagen att överklaga kunde inte räknas ut just nu. Försök igen." : "Dagen för anslaget ska skrivas ÅÅÅÅ-MM-DD.",
                                           date ? "The last day to appeal could not be worked out just now. Try again." : "The notice day is written YYYY-MM-DD.", c),
                                "text/html; charset=utf-8");
                log_line(req, res.status, 0, t0, "result anslag refused");
                return std::nullopt;
            }
            a["check"] = again["check"];
            a["answer"] = again["answer"];
        }
        return kept;
    };
    svr.Get(R"(/result/([0-9a-f]{32}))", [&](const httplib::Request& req, httplib::Response& res) {
        const auto t0 = Clock::now();
        security_headers(res);
        PageContext c = context(req);
        c.result_path = "/result/" + std::string(req.matches[1]);
        if (const auto kept = kept_result(req, res, c, t0)) {
            res.status = 200;
            res.set_content(result_page(kept->first, kept->second, c), "text/html; charset=utf-8");
            log_line(req, res.status, 0, t0, "result");
        }
    });
    // The report as a PDF to keep (PDF/A, in the language asked for), made
    // by a worker from the kept result.
    svr.Get(R"(/result/([0-9a-f]{32})/rapport\.pdf)", [&](const httplib::Request& req, httplib::Response& res) {
        const auto t0 = Clock::now();
        security_headers(res);
        const PageContext c = context(req);
        const auto kept = kept_result(req, res, c, t0);
        if (!kept) return;
        const ordered_json job = {{"analysis", public_analysis(kept->first)}, {"name", kept->second}, {"english", c.english}};
        const workers::Answer w = pool.run(std::string(k_report_job), std::string(), job.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
        const ordered_json made = w.kind == workers::Answer::Kind::Done ? ordered_json::parse(w.json, nullptr, false) : ordered_json();
        const std::optional<std::string> pdf = made.is_object() && made.contains("pdf") && made["pdf"].is_string()
                                                   ? core::base64_decode(made["pdf"].get<std::string>())
                                                   : std::nullopt;
        if (!pdf) {
            res.status = 503;
            res.set_content(error_page("Rapporten kunde inte göras just nu. Försök igen.", "The report could not be made just now. Try again.", c),
                            "text/html; charset=utf-8");
            log_line(req, res.status, 0, t0, "report refused");
            return;
        }
        const std::string file = report_file_name(kept->second, c.english);
        res.set_header("Content-Disposition", "attachment; filename=\"" + std::string(c.english ? "verification-report.pdf" : "verifieringsrapport.pdf") +
                                                  "\"; filename*=UTF-8''" + percent_encode(file));
        res.set_content(*pdf, "application/pdf");
        log_line(req, 200, 0, t0, "report");
    });
    svr.Get(R"(/r/([0-9a-f]{64}))", [&](const httplib::Request& req, httplib::Response& res) {
        security_headers(res);
        res.set_content(shared_page(req.matches[1], context(req)), "text/html; charset=utf-8");
    });
    // The file as a signer signed it: the revision the signature covers, cut
    // from the same upload again (the result page's form sends the file's
    // SHA-256 with it, so that it is the file that was verified). Nothing is
    // parsed and nothing kept: the answer is a prefix of the visitor's own file.
    svr.Post("/verify/revision", [&](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        const auto t0 = Clock::now();
        security_headers(res);
        Body b;
        const auto refuse = [&](int status, const std::string& sv, const std::string& en) {
            res.status = status;
            res.set_content(error_page(sv, en, context_of(req, b)), "text/html; charset=utf-8");
            log_line(req, status, b.file.size(), t0, "revision refused");
        };
        if (const auto refused = receive(req, res, reader, b)) return refuse(refused->status, refused->sv, refused->en);
        const Upload u = upload_of(req, b);
        const auto part = [&](const char* name) { return field_of(b, name); };
        if (!u.bytes || u.bytes->empty()) return refuse(400, "Ingen fil kom med. Välj samma PDF-fil igen.", "No file came with the request. Choose the same PDF file again.");
        if (u.bytes->size() > o.max_upload) {
            return refuse(413, "Filen är större än " + megabytes(o.max_upload) + ".", "The file is larger than " + megabytes(o.max_upload) + ".");
        }
        if (core::sha256_hex(*u.bytes) != part("sha256")) {
            return refuse(400, "Det är inte samma fil som verifierades (dess SHA-256 är en annan). Välj samma fil.",
                          "It is not the file that was verified (its SHA-256 differs). Choose the same file.");
        }
        // "sig-2:123456": the signature and where its revision ends.
        const std::string which = part("revision");
        const auto colon = which.find(':');
        const std::string id = which.substr(0, colon);
        const std::string end_text = colon == std::string::npos ? std::string() : which.substr(colon + 1);
        const bool id_ok = id.size() > 4 && id.size() < 12 && id.rfind("sig-", 0) == 0 && id.find_first_not_of("0123456789", 4) == std::string::npos;
        const bool end_ok = !end_text.empty() && end_text.size() < 12 && end_text.find_first_not_of("0123456789") == std::string::npos;
        const std::size_t end = end_ok ? std::stoull(end_text) : 0;
        // A revision ends in %%EOF and its end of line.
        const std::size_t eof = end >= 5 && end <= u.bytes->size() ? u.bytes->rfind("%%EOF", end - 5) : std::string::npos;
        if (!id_ok || eof == std::string::npos || u.bytes->find_first_not_of("\r\n", eof + 5) < end) {
            return refuse(400, "Den versionen finns inte i filen.", "The file has no such version.");
        }
        res.set_header("Content-Disposition", "attachment; filename=\"signerad-version-" + id + ".pdf\"");
        res.set_content(u.bytes->substr(0, end), "application/pdf");
        log_line(req, 200, u.bytes->size(), t0, "revision " + id);
    });
    svr.Post("/api/verify", [&](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        const auto t0 = Clock::now();
        security_headers(res);
        Body b;
        Outcome out;
        if (const auto refused = receive(req, res, reader, b)) {
            out.status = refused->status;
            out.refusal = *refused;
            out.note = refused->code;
        } else {
            out = verify_upload(upload_of(req, b));
        }
        const std::size_t size = b.file.size();
        release(b);
        res.status = out.status;
        if (out.status == 200) {
            out.json.erase("recheck");  // the server's own
            res.set_content(out.json.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n", "application/json");
        } else {
            const ordered_json e = {{"error", {{"code", out.refusal.code}, {"message", out.refusal.en}, {"message_sv", out.refusal.sv}}}};
            res.set_content(e.dump(2) + "\n", "application/json");
        }
        log_line(req, res.status, size, t0, out.note);
    });
    svr.set_error_handler(fill_error);
    svr.set_exception_handler([&](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string why = "unknown";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            why = e.what();
        } catch (...) {
        }
        res.status = 500;
        res.headers.clear();  // a route may have set them already: each once
        security_headers(res);
        const std::string sv = "Ett fel i tjänsten: " + why, en = "An error in this service: " + why;
        if (req.path.rfind("/api/", 0) == 0) {
            res.set_content(ordered_json({{"error", {{"code", "internal"}, {"message", en}, {"message_sv", sv}}}}).dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n",
                            "application/json");
        } else {
            res.set_content(error_page(sv, en, context(req)), "text/html; charset=utf-8");
        }
        log_line(req, 500, req.body.size(), Clock::now(), "internal: " + why);
    });

    int port = o.port;
    if (port == 0) {
        port = svr.bind_to_any_port(o.host);
        if (port < 0) throw core::Error(core::Errc::OutputUnwritable, "cannot listen on " + o.host, {}, "kan inte lyssna på " + o.host);
    } else if (!svr.bind_to_port(o.host, port)) {
        throw core::Error(core::Errc::OutputUnwritable, "cannot listen on " + o.host + ":" + std::to_string(port) + " (in use, or not an address of this machine)",
                          {}, "kan inte lyssna på " + o.host + ":" + std::to_string(port) + " (porten är upptagen, eller adressen hör inte till den här datorn)");
    }
    head_watch.start(port);
    // The first SIGINT or SIGTERM stops the server (waiting, if it comes
    // early, until the server runs); a second one ends the process at once.
    std::atomic<bool> done{false};
    std::thread stopper([&svr, &done, stop_signals] {
        bool stopping = false;
        for (;;) {
            int sig = 0;
            sigwait(&stop_signals, &sig);
            if (done) return;
            if (stopping) std::_Exit(128 + sig);
            stopping = true;
            while (!done && !svr.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
            if (!done) svr.stop();
        }
    });
    const bool v6 = o.host.find(':') != std::string::npos;
    std::cout << "justera serve: listening on http://" << (v6 ? "[" + o.host + "]" : o.host) << ":" << port << "/ (" << o.pool.workers
              << " workers, uploads up to " << megabytes(o.max_upload) << ")" << std::endl;
    const bool ok = svr.listen_after_bind();
    // Stopped by a signal (or the socket failed): the stopper is woken if it
    // still waits, and the workers end with the pool.
    done = true;
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
    std::cout << "justera serve: stopped" << std::endl;
    return ok ? 0 : 5;
}

}  // namespace justera::serve
