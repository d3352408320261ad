// SPDX-License-Identifier: GPL-3.0-or-later
// A TEST-ONLY RFC 3161 time-stamping authority over HTTP on 127.0.0.1, for the
// signing tests: it binds to a free port, prints "port N" on standard output,
// answers POSTs of application/timestamp-query with timestamp tokens signed by
// certs/test-only-tsa.pem, and exits after --max requests or --seconds.
//
//   test_tsa CERT KEY PASSWORD_FILE CHAIN [--time EPOCH] [--max N] [--seconds S]

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace {

long g_time = 0;

int fixed_time(TS_RESP_CTX*, void*, long* sec, long* usec) {
    *sec = g_time;
    *usec = 0;
    return 1;
}

std::string read_request(int fd) {
    std::string data;
    char buf[8192];
    std::size_t want = std::string::npos;
    for (int rounds = 0; rounds < 200; ++rounds) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 2000) <= 0) break;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        data.append(buf, static_cast<std::size_t>(n));
        const auto head = data.find("\r\n\r\n");
        if (head != std::string::npos && want == std::string::npos) {
            std::size_t len = 0;
            for (const char* key : {"Content-Length:", "content-length:"}) {
                const auto p2 = data.find(key);
                if (p2 != std::string::npos && p2 < head) len = std::strtoul(data.c_str() + p2 + std::strlen(key), nullptr, 10);
            }
            want = head + 4 + len;
        }
        if (want != std::string::npos && data.size() >= want) break;
    }
    const auto head = data.find("\r\n\r\n");
    return head == std::string::npos ? std::string() : data.substr(head + 4);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: test_tsa CERT KEY PASSWORD_FILE CHAIN [--time EPOCH] [--max N] [--seconds S]\n");
        return 2;
    }
    long max_requests = 100;
    long seconds = 120;
    for (int i = 5; i + 1 < argc; i += 2) {
        const std::string o = argv[i];
        if (o == "--time") g_time = std::strtol(argv[i + 1], nullptr, 10);
        if (o == "--max") max_requests = std::strtol(argv[i + 1], nullptr, 10);
        if (o == "--seconds") seconds = std::strtol(argv[i + 1], nullptr, 10);
    }
    std::ifstream pwf(argv[3]);
    std::string pw;
    std::getline(pwf, pw);
    FILE* cf = std::fopen(argv[1], "r");
    FILE* kf = std::fopen(argv[2], "r");
    FILE* chf = std::fopen(argv[4], "r");
    if (!cf || !kf || !chf) return 2;
    X509* cert = PEM_read_X509(cf, nullptr, nullptr, nullptr);
    EVP_PKEY* key = PEM_read_PrivateKey(kf, nullptr, nullptr, pw.data());
    STACK_OF(X509)* chain = sk_X509_new_null();
    while (X509* c = PEM_read_X509(chf, nullptr, nullptr, nullptr)) sk_X509_push(chain, c);
    std::fclose(cf);
    std::fclose(kf);
    std::fclose(chf);
    if (!cert || !key) {
        std::fprintf(stderr, "test_tsa: cannot read the TSA certificate or key\n");
        return 2;
    }

    const int srv = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only
    addr.sin_port = 0;
    if (::bind(srv, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(srv, 8) != 0) return 2;
    socklen_t len = sizeof addr;
    ::getsockname(srv, reinterpret_cast<sockaddr*>(&addr), &len);
    std::printf("port %d\n", ntohs(addr.sin_port));
    std::fflush(stdout);

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    for (long served = 0; served < max_requests && std::chrono::steady_clock::now() < deadline;) {
        pollfd p{srv, POLLIN, 0};
        if (::poll(&p, 1, 500) <= 0) continue;
        const int fd = ::accept(srv, nullptr, nullptr);
        if (fd < 0) continue;
        ++served;
        const std::string body = read_request(fd);
        TS_RESP_CTX* ctx = TS_RESP_CTX_new();
        TS_RESP_CTX_set_signer_cert(ctx, cert);
        TS_RESP_CTX_set_signer_key(ctx, key);
        TS_RESP_CTX_set_certs(ctx, chain);
        TS_RESP_CTX_set_def_policy(ctx, OBJ_txt2obj("1.2.3.4.1", 1));
        TS_RESP_CTX_add_md(ctx, EVP_sha256());
        TS_RESP_CTX_set_ess_cert_id_digest(ctx, EVP_sha256());
        if (g_time > 0) TS_RESP_CTX_set_time_cb(ctx, fixed_time, nullptr);
        BIO* in = BIO_new_mem_buf(body.data(), static_cast<int>(body.size()));
        TS_RESP* resp = TS_RESP_create_response(ctx, in);
        BIO_free(in);
        unsigned char* der = nullptr;
        const int der_len = resp ? i2d_TS_RESP(resp, &der) : -1;
        std::string reply;
        if (der_len > 0) {
            reply = "HTTP/1.0 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: " + std::to_string(der_len) +
                    "\r\nConnection: close\r\n\r\n" + std::string(reinterpret_cast<char*>(der), static_cast<std::size_t>(der_len));
        } else {
            reply = "HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        }
        OPENSSL_free(der);
        TS_RESP_free(resp);
        TS_RESP_CTX_free(ctx);
        for (std::size_t off = 0; off < reply.size();) {
            const ssize_t n = ::write(fd, reply.data() + off, reply.size() - off);
            if (n <= 0) break;
            off += static_cast<std::size_t>(n);
        }
        ::close(fd);
    }
    ::close(srv);
    X509_free(cert);
    EVP_PKEY_free(key);
    sk_X509_pop_free(chain, X509_free);
    return 0;
}
