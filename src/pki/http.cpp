// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/pki/http.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/http.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace justera::pki {

namespace {

struct TlsArg {
    std::string host;
    SSL_CTX* ctx = nullptr;
};

/// OpenSSL's HTTP client calls this once the TCP (or proxy) connection
/// stands: for https, a TLS client goes on top, with the peer certificate
/// checked against the system store (SSL_CERT_FILE/SSL_CERT_DIR honoured)
/// and the host name checked against it.
BIO* tls_layer(BIO* bio, void* arg, int connect, int detail) {
    auto* tls = static_cast<TlsArg*>(arg);
    if (!connect || !detail) return bio;  // disconnect, or plain http
    SSL* ssl = SSL_new(tls->ctx);
    if (!ssl) return nullptr;
    SSL_set_tlsext_host_name(ssl, tls->host.c_str());
    SSL_set1_host(ssl, tls->host.c_str());
    SSL_set_connect_state(ssl);
    BIO* sbio = BIO_new(BIO_f_ssl());
    if (!sbio) {
        SSL_free(ssl);
        return nullptr;
    }
    BIO_set_ssl(sbio, ssl, BIO_CLOSE);
    return BIO_push(sbio, bio);
}

/// What the error queue says, as one line ("Connection refused", "server
/// response error: code=404 reason=Not Found").
std::string queued_errors() {
    std::string out;
    const char* data = nullptr;
    int flags = 0;
    while (const unsigned long e = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
        const char* reason = ERR_reason_error_string(e);
        std::string one = reason ? reason : "error " + std::to_string(ERR_GET_REASON(e));
        if (data && *data && (flags & ERR_TXT_STRING)) one += std::string(": ") + data;
        if (out.find(one) == std::string::npos) out += (out.empty() ? "" : "; ") + one;
    }
    return out.empty() ? std::string("no answer") : out;
}

struct Url {
    bool tls = false;
    std::string host, port, path;
};

std::optional<Url> parse(const std::string& url) {
    int ssl = 0;
    char *user = nullptr, *host = nullptr, *port = nullptr, *path = nullptr, *query = nullptr, *frag = nullptr;
    if (!OSSL_HTTP_parse_url(url.c_str(), &ssl, &user, &host, &port, nullptr, &path, &query, &frag)) return std::nullopt;
    Url u{ssl != 0, host ? host : "", port ? port : "", std::string(path ? path : "/") + (query && *query ? std::string("?") + query : "")};
    for (char* p : {user, host, port, path, query, frag}) OPENSSL_free(p);
    return u;
}

/// A TCP connection to host:port within `seconds`, or why not. OpenSSL's
/// own connect retries a refused connection until the whole timeout has
/// passed; a secretary should hear at once that nobody listens.
int connect_to(const std::string& host, const std::string& port, int seconds, std::string& why) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    if (const int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &list); rc != 0) {
        why = "host " + host + " not found (" + gai_strerror(rc) + ")";
        return -1;
    }
    std::unique_ptr<addrinfo, void (*)(addrinfo*)> guard(list, freeaddrinfo);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    for (const addrinfo* a = list; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) continue;
        int err = ::connect(fd, a->ai_addr, a->ai_addrlen) == 0 ? 0 : errno;
        if (err == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
            const int n = left > 0 ? ::poll(&p, 1, static_cast<int>(left)) : 0;
            socklen_t len = sizeof err;
            if (n <= 0) err = ETIMEDOUT;
            else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
        }
        if (err == 0) return fd;
        ::close(fd);
        why = err == ETIMEDOUT ? "no connection to " + host + " port " + port + " within " + std::to_string(seconds) + " s"
                               : std::string(std::strerror(err)) + " (" + host + " port " + port + ")";
    }
    if (why.empty()) why = "no address of " + host + " could be reached";
    return -1;
}

}  // namespace

HttpResult http_exchange(const std::string& url_in, const std::string& content_type, const std::string& body,
                         std::size_t max_bytes, long timeout_seconds) {
    HttpResult r;
    const int timeout = static_cast<int>(std::max(1L, std::min(timeout_seconds, 600L)));
    std::string url = url_in;
    // A GET follows up to three redirections (CRLs and CA certificates are
    // often moved); a POST none.
    for (int hop = 0; hop <= 3; ++hop) {
        ERR_clear_error();
        if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
            r.error = "only http and https addresses are used (" + url + ")";
            return r;
        }
        const auto u = parse(url);
        if (!u) {
            ERR_clear_error();
            r.error = "not a usable address: " + url;
            return r;
        }
        TlsArg tls{u->host, nullptr};
        std::unique_ptr<SSL_CTX, void (*)(SSL_CTX*)> ctx(nullptr, SSL_CTX_free);
        if (u->tls) {
            ctx.reset(SSL_CTX_new(TLS_client_method()));
            if (!ctx || SSL_CTX_set_default_verify_paths(ctx.get()) != 1) {
                r.error = "TLS could not start: " + queued_errors();
                return r;
            }
            SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
            SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
            tls.ctx = ctx.get();
        }
        // Through a proxy (http_proxy/https_proxy, unless no_proxy says
        // otherwise) OpenSSL connects itself; otherwise we do, so that a
        // refused connection is reported at once. The socket stays
        // non-blocking: OpenSSL's client then keeps to the timeout.
        const bool proxied = OSSL_HTTP_adapt_proxy(nullptr, nullptr, u->host.c_str(), u->tls ? 1 : 0) != nullptr;
        std::unique_ptr<BIO, void (*)(BIO*)> conn(nullptr, BIO_free_all);
        if (!proxied) {
            std::string why;
            const int fd = connect_to(u->host, u->port, std::min(timeout, 10), why);
            if (fd < 0) {
                r.error = why;
                return r;
            }
            conn.reset(BIO_new_socket(fd, BIO_CLOSE));
            if (!conn) {
                ::close(fd);
                r.error = "no connection object";
                return r;
            }
            if (u->tls) {
                BIO* layered = tls_layer(conn.get(), &tls, 1, 1);
                if (!layered) {
                    r.error = "TLS could not start: " + queued_errors();
                    return r;
                }
                (void)conn.release();
                conn.reset(layered);
            }
        }
        OSSL_HTTP_REQ_CTX* rctx = OSSL_HTTP_open(u->host.c_str(), u->port.c_str(), nullptr, nullptr, u->tls && !conn ? 1 : 0, conn.get(), conn.get(),
                                                 conn ? nullptr : tls_layer, &tls, 0, timeout);
        std::unique_ptr<BIO, int (*)(BIO*)> req(content_type.empty() ? nullptr : BIO_new_mem_buf(body.data(), static_cast<int>(body.size())),
                                                BIO_free);
        // Every answer asked for is one DER structure (RFC 3161, RFC 6960,
        // RFC 5280 4.2.1.13 and 4.2.2.1), read whole up to max_bytes.
        BIO* answer = nullptr;
        char* redirect = nullptr;
        if (rctx && OSSL_HTTP_set1_request(rctx, u->path.c_str(), nullptr, content_type.empty() ? nullptr : content_type.c_str(),
                                           req.get(), nullptr, 1, max_bytes, timeout, 0) == 1) {
            answer = OSSL_HTTP_exchange(rctx, content_type.empty() ? &redirect : nullptr);
        }
        const bool got = answer != nullptr;
        if (got) {
            char* data = nullptr;
            const long n = BIO_get_mem_data(answer, &data);
            if (n > 0 && data) r.body.assign(data, static_cast<std::size_t>(n));
            BIO_free(answer);  // the exchange hands the answer over with its own reference
        } else if (!redirect) {
            r.error = queued_errors();
            if (r.error.find("max resp len exceeded") != std::string::npos) {
                r.error = "the answer is larger than " + std::to_string(max_bytes / 1024) + " KiB";
            }
        }
        if (rctx) OSSL_HTTP_close(rctx, got ? 1 : 0);
        ERR_clear_error();
        if (redirect) {
            // A Location of only a path stays on this server.
            const std::string to = redirect;
            OPENSSL_free(redirect);
            url = to.rfind('/', 0) == 0 ? std::string(u->tls ? "https://" : "http://") + u->host + ":" + u->port + to : to;
            if (u->tls && url.rfind("https://", 0) != 0) {
                r.error = "an https address redirected to " + url + "; not followed";
                return r;
            }
            continue;
        }
        if (!got) return r;
        r.status = 200;
        r.ok = true;
        return r;
    }
    r.error = "more than three redirections";
    return r;
}

}  // namespace justera::pki
