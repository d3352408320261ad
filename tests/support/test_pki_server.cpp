// SPDX-License-Identifier: GPL-3.0-or-later
// The TEST-ONLY PKI services of certs/ over HTTP on 127.0.0.1, for the
// signing tests and the demo. It binds to a free port, prints "port N" on
// standard output (or binds --port N: the certificates' revocation URLs name
// 127.0.0.1:28461), and answers:
//   POST application/timestamp-query  an RFC 3161 timestamp token signed by
//                                     certs/test-only-tsa.pem
//   POST application/ocsp-request     an RFC 6960 OCSP response for the issuing
//                                     CA's certificates, signed by the delegated
//                                     responder certs/test-only-ocsp.pem: revoked
//                                     when the serial is on the issuing CA's CRL
//   GET /ocsp/BASE64-REQUEST          the same (RFC 6960 A.1, as NSS asks)
//   GET /issuing-ca.crl, /root-ca.crl the CRLs of certs/
//   GET /issuing-ca.cer, /root-ca.cer the CA certificates (DER), for caIssuers
//   GET /moved/N/PATH                 a redirection to /moved/N-1/PATH, and
//                                     from /moved/0/PATH to /PATH
//   GET /big                          a 2 MiB DER structure (size limits)
// --time fixes the timestamps' time; OCSP answers are always of now.
// --tls-cert-out FILE serves HTTPS instead: the server makes a key in memory
// (it never touches the disk) and a self-signed certificate for 127.0.0.1
// and localhost, and writes only that certificate to FILE for the client
// to trust (SSL_CERT_FILE).
// Requests may name an absolute URL ("GET http://crl.test-pki.justera.invalid/
// root-ca.crl"), so a client can reach the URLs written into the test
// certificates through http_proxy=http://127.0.0.1:N. It exits after --max
// requests or --seconds; --delay S makes every answer wait S seconds (for the
// tests that kill a signer in the middle).
//
//   justera_test_pki CERTS-DIR [--port N] [--time EPOCH] [--max N] [--seconds S] [--delay S]
//                    [--log FILE] [--tls-cert-out FILE] [--tsa-name yes] [--tsa-fault nonce|imprint]
// --tsa-name yes puts the authority's name in every token (what 'openssl ts'
// does by default); --tsa-fault answers for a request with another nonce or
// another message imprint, as a broken or hostile authority would.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "justera/core/io.hpp"

namespace {

long g_time = 0;

int fixed_time(TS_RESP_CTX*, void*, long* sec, long* usec) {
    *sec = g_time;
    *usec = 0;
    return 1;
}

struct Request {
    std::string method;
    std::string path;          ///< "/root-ca.crl", also from an absolute URL
    std::string content_type;
    std::string body;
};

/// One accepted connection, plain or TLS.
struct Conn {
    int fd = -1;
    SSL* ssl = nullptr;
    long read(char* buf, std::size_t n) const {
        if (ssl) return SSL_read(ssl, buf, static_cast<int>(n));
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 2000) <= 0) return -1;
        return ::read(fd, buf, n);
    }
    long write(const char* buf, std::size_t n) const {
        return ssl ? SSL_write(ssl, buf, static_cast<int>(n)) : ::write(fd, buf, n);
    }
};

Request read_request(const Conn& conn) {
    std::string data;
    char buf[8192];
    std::size_t want = std::string::npos;
    for (int rounds = 0; rounds < 200; ++rounds) {
        const long n = conn.read(buf, sizeof buf);
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
    Request r;
    const auto head = data.find("\r\n\r\n");
    if (head == std::string::npos) return r;
    std::istringstream line(data.substr(0, data.find("\r\n")));
    line >> r.method >> r.path;
    if (r.path.rfind("http://", 0) == 0) {
        const auto slash = r.path.find('/', 7);
        r.path = slash == std::string::npos ? "/" : r.path.substr(slash);
    }
    for (const char* key : {"Content-Type:", "content-type:"}) {
        const auto p = data.find(key);
        if (p != std::string::npos && p < head) {
            auto v = data.substr(p + std::strlen(key), data.find("\r\n", p) - p - std::strlen(key));
            while (!v.empty() && v.front() == ' ') v.erase(0, 1);
            r.content_type = v;
        }
    }
    r.body = data.substr(head + 4);
    return r;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

X509* read_cert(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "r");
    if (!f) return nullptr;
    X509* c = PEM_read_X509(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    return c;
}

EVP_PKEY* read_key(const std::string& path, std::string& pw) {
    FILE* f = std::fopen(path.c_str(), "r");
    if (!f) return nullptr;
    EVP_PKEY* k = PEM_read_PrivateKey(f, nullptr, nullptr, pw.data());
    std::fclose(f);
    return k;
}

std::string der_of(int len, unsigned char* der) {
    std::string s = len > 0 ? std::string(reinterpret_cast<char*>(der), static_cast<std::size_t>(len)) : std::string();
    OPENSSL_free(der);
    return s;
}

struct Pki {
    X509* tsa_cert = nullptr;
    EVP_PKEY* tsa_key = nullptr;
    STACK_OF(X509)* tsa_chain = nullptr;
    X509* issuing = nullptr;
    X509* ocsp_cert = nullptr;
    EVP_PKEY* ocsp_key = nullptr;
    X509_CRL* crl = nullptr;  ///< the issuing CA's CRL: who is revoked
    std::string dir;
};

bool g_tsa_name = false;
std::string g_tsa_fault;

/// The request as a faulty authority would read it: its nonce or its
/// message imprint changed by one.
std::string faulty_request(const std::string& body) {
    const auto* p = reinterpret_cast<const unsigned char*>(body.data());
    TS_REQ* req = d2i_TS_REQ(nullptr, &p, static_cast<long>(body.size()));
    if (!req) return body;
    if (g_tsa_fault == "nonce" && TS_REQ_get_nonce(req)) {
        ASN1_INTEGER* n = ASN1_INTEGER_dup(TS_REQ_get_nonce(req));
        ASN1_INTEGER_set_int64(n, 4711);
        TS_REQ_set_nonce(req, n);
        ASN1_INTEGER_free(n);
    } else if (g_tsa_fault == "imprint") {
        ASN1_OCTET_STRING* md = TS_MSG_IMPRINT_get_msg(TS_REQ_get_msg_imprint(req));
        if (md && ASN1_STRING_length(md) > 0) const_cast<unsigned char*>(ASN1_STRING_get0_data(md))[0] ^= 0xFF;
    }
    unsigned char* der = nullptr;
    const int len = i2d_TS_REQ(req, &der);
    TS_REQ_free(req);
    std::string out = len > 0 ? std::string(reinterpret_cast<char*>(der), static_cast<std::size_t>(len)) : body;
    OPENSSL_free(der);
    return out;
}

std::string timestamp_reply(const Pki& pki, const std::string& original) {
    const std::string body = g_tsa_fault.empty() ? original : faulty_request(original);
    TS_RESP_CTX* ctx = TS_RESP_CTX_new();
    if (g_tsa_name) TS_RESP_CTX_add_flags(ctx, TS_TSA_NAME);
    TS_RESP_CTX_set_signer_cert(ctx, pki.tsa_cert);
    TS_RESP_CTX_set_signer_key(ctx, pki.tsa_key);
    TS_RESP_CTX_set_certs(ctx, pki.tsa_chain);
    ASN1_OBJECT* policy = OBJ_txt2obj("1.2.3.4.1", 1);
    TS_RESP_CTX_set_def_policy(ctx, policy);
    ASN1_OBJECT_free(policy);
    TS_RESP_CTX_add_md(ctx, EVP_sha256());
    TS_RESP_CTX_add_md(ctx, EVP_sha384());
    TS_RESP_CTX_add_md(ctx, EVP_sha512());
    TS_RESP_CTX_set_ess_cert_id_digest(ctx, EVP_sha256());
    if (g_time > 0) TS_RESP_CTX_set_time_cb(ctx, fixed_time, nullptr);
    BIO* in = BIO_new_mem_buf(body.data(), static_cast<int>(body.size()));
    TS_RESP* resp = TS_RESP_create_response(ctx, in);
    BIO_free(in);
    unsigned char* der = nullptr;
    const int len = resp ? i2d_TS_RESP(resp, &der) : -1;
    TS_RESP_free(resp);
    TS_RESP_CTX_free(ctx);
    return der_of(len, der);
}

std::string ocsp_reply(const Pki& pki, const std::string& body) {
    const auto* p = reinterpret_cast<const unsigned char*>(body.data());
    OCSP_REQUEST* req = d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(body.size()));
    if (!req) {
        unsigned char* der = nullptr;
        OCSP_RESPONSE* bad = OCSP_response_create(OCSP_RESPONSE_STATUS_MALFORMEDREQUEST, nullptr);
        const int len = i2d_OCSP_RESPONSE(bad, &der);
        OCSP_RESPONSE_free(bad);
        return der_of(len, der);
    }
    OCSP_BASICRESP* basic = OCSP_BASICRESP_new();
    const long now = static_cast<long>(std::time(nullptr));
    ASN1_TIME* this_update = ASN1_TIME_set(nullptr, now);
    ASN1_TIME* next_update = ASN1_TIME_set(nullptr, now + 7L * 86400L);
    for (int i = 0; i < OCSP_request_onereq_count(req); ++i) {
        OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(req, i));
        ASN1_OBJECT* md_obj = nullptr;
        ASN1_INTEGER* serial = nullptr;
        OCSP_id_get0_info(nullptr, &md_obj, nullptr, &serial, id);
        const EVP_MD* md = EVP_get_digestbyobj(md_obj);
        OCSP_CERTID* ours = md ? OCSP_cert_id_new(md, X509_get_subject_name(pki.issuing), X509_get0_pubkey_bitstr(pki.issuing), serial)
                               : nullptr;
        int status = V_OCSP_CERTSTATUS_UNKNOWN;
        int reason = -1;
        ASN1_TIME* revoked_at = nullptr;
        if (ours && OCSP_id_issuer_cmp(ours, id) == 0) {
            status = V_OCSP_CERTSTATUS_GOOD;
            X509_REVOKED* rev = nullptr;
            if (X509_CRL_get0_by_serial(pki.crl, &rev, serial) == 1 && rev) {
                status = V_OCSP_CERTSTATUS_REVOKED;
                revoked_at = ASN1_TIME_dup(X509_REVOKED_get0_revocationDate(rev));
                reason = OCSP_REVOKED_STATUS_KEYCOMPROMISE;
            }
        }
        OCSP_basic_add1_status(basic, id, status, reason, revoked_at, this_update, next_update);
        ASN1_TIME_free(revoked_at);
        OCSP_CERTID_free(ours);
    }
    OCSP_copy_nonce(basic, req);
    OCSP_basic_sign(basic, pki.ocsp_cert, pki.ocsp_key, EVP_sha256(), nullptr, 0);
    OCSP_RESPONSE* resp = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic);
    unsigned char* der = nullptr;
    const int len = i2d_OCSP_RESPONSE(resp, &der);
    OCSP_RESPONSE_free(resp);
    OCSP_BASICRESP_free(basic);
    OCSP_REQUEST_free(req);
    ASN1_TIME_free(this_update);
    ASN1_TIME_free(next_update);
    return der_of(len, der);
}

std::string unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out.push_back(static_cast<char>(std::strtol(s.substr(i + 1, 2).c_str(), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

std::string from_base64(const std::string& s) {
    std::string out((s.size() / 4 + 1) * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(s.data()),
                                  static_cast<int>(s.size()));
    if (n < 0) return {};
    out.resize(static_cast<std::size_t>(n) - (s.size() >= 2 && s[s.size() - 1] == '=' ? (s[s.size() - 2] == '=' ? 2 : 1) : 0));
    return out;
}

void send_all(const Conn& conn, const std::string& reply) {
    for (std::size_t off = 0; off < reply.size();) {
        const long n = conn.write(reply.data() + off, reply.size() - off);
        if (n <= 0) break;
        off += static_cast<std::size_t>(n);
    }
}

std::string http(int status, const std::string& type, const std::string& body, const std::string& location = "") {
    const char* what = status == 200 ? "OK" : status == 302 ? "Found" : status == 404 ? "Not Found" : "Bad Request";
    return "HTTP/1.0 " + std::to_string(status) + " " + what + "\r\nContent-Type: " + type + "\r\nContent-Length: " +
           std::to_string(body.size()) + (location.empty() ? "" : "\r\nLocation: " + location) + "\r\nConnection: close\r\n\r\n" + body;
}

/// A TLS server context with a fresh P-256 key and a self-signed certificate
/// for 127.0.0.1 and localhost; the certificate (only) goes to `cert_out`.
SSL_CTX* tls_server(const std::string& cert_out) {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    X509* cert = X509_new();
    if (!key || !cert) return nullptr;
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), static_cast<long>(std::time(nullptr)));
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("justera TEST ONLY https 127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_set_pubkey(cert, key);
    X509V3_CTX v3;
    X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
    for (const auto& [nid, value] : {std::pair<int, const char*>{NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"},
                                     {NID_basic_constraints, "critical,CA:TRUE"},
                                     {NID_ext_key_usage, "serverAuth"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, nid, value);
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(cert, key, EVP_sha256());
    bool f = false;
    if (BIO* pem = BIO_new(BIO_s_mem())) {
        char* bytes = nullptr;
        if (PEM_write_bio_X509(pem, cert) == 1) {
            const long n = BIO_get_mem_data(pem, &bytes);
            try {
                justera::core::write_output(cert_out, std::string_view(bytes, static_cast<std::size_t>(n)));
                f = true;
            } catch (const std::exception& e) {
                std::fprintf(stderr, "justera_test_pki: %s\n", e.what());
            }
        }
        BIO_free(pem);
    }
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    const bool ok = f && ctx && SSL_CTX_use_certificate(ctx, cert) == 1 && SSL_CTX_use_PrivateKey(ctx, key) == 1;
    X509_free(cert);
    EVP_PKEY_free(key);
    if (!ok) {
        SSL_CTX_free(ctx);
        return nullptr;
    }
    return ctx;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: justera_test_pki CERTS-DIR [--time EPOCH] [--max N] [--seconds S] [--delay S] [--log FILE]\n");
        return 2;
    }
    long max_requests = 100;
    long seconds = 120;
    long delay = 0;
    int port = 0;
    std::string log_path;
    std::string tls_cert_out;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string o = argv[i];
        if (o == "--time") g_time = std::strtol(argv[i + 1], nullptr, 10);
        if (o == "--max") max_requests = std::strtol(argv[i + 1], nullptr, 10);
        if (o == "--seconds") seconds = std::strtol(argv[i + 1], nullptr, 10);
        if (o == "--delay") delay = std::strtol(argv[i + 1], nullptr, 10);
        if (o == "--log") log_path = argv[i + 1];
        if (o == "--port") port = static_cast<int>(std::strtol(argv[i + 1], nullptr, 10));
        if (o == "--tls-cert-out") tls_cert_out = argv[i + 1];
        if (o == "--tsa-name") g_tsa_name = std::string(argv[i + 1]) == "yes";
        if (o == "--tsa-fault") g_tsa_fault = argv[i + 1];
    }
    SSL_CTX* tls = nullptr;
    if (!tls_cert_out.empty() && !(tls = tls_server(tls_cert_out))) {
        std::fprintf(stderr, "justera_test_pki: cannot make the TLS certificate %s\n", tls_cert_out.c_str());
        return 2;
    }
    Pki pki;
    pki.dir = argv[1];
    const std::string d = pki.dir + "/test-only-";
    std::ifstream pwf(d + "password.txt");
    std::string pw;
    std::getline(pwf, pw);
    pki.tsa_cert = read_cert(d + "tsa.pem");
    pki.tsa_key = read_key(d + "tsa.key.pem", pw);
    pki.issuing = read_cert(d + "issuing-ca.pem");
    pki.ocsp_cert = read_cert(d + "ocsp.pem");
    pki.ocsp_key = read_key(d + "ocsp.key.pem", pw);
    const std::string crl_der = slurp(d + "issuing-ca.crl");
    const auto* cp = reinterpret_cast<const unsigned char*>(crl_der.data());
    pki.crl = d2i_X509_CRL(nullptr, &cp, static_cast<long>(crl_der.size()));
    if (!pki.tsa_cert || !pki.tsa_key || !pki.issuing || !pki.ocsp_cert || !pki.ocsp_key || !pki.crl) {
        std::fprintf(stderr, "justera_test_pki: cannot read the test PKI in %s\n", argv[1]);
        return 2;
    }
    pki.tsa_chain = sk_X509_new_null();
    X509_up_ref(pki.issuing);
    sk_X509_push(pki.tsa_chain, pki.issuing);
    std::ofstream log;
    if (!log_path.empty()) log.open(log_path, std::ios::app);

    const int srv = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    const int one = 1;
    ::setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const auto release = [&] {
        X509_free(pki.tsa_cert);
        EVP_PKEY_free(pki.tsa_key);
        sk_X509_pop_free(pki.tsa_chain, X509_free);
        X509_free(pki.issuing);
        X509_free(pki.ocsp_cert);
        EVP_PKEY_free(pki.ocsp_key);
        X509_CRL_free(pki.crl);
    };
    if (::bind(srv, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(srv, 16) != 0) {
        std::fprintf(stderr, "justera_test_pki: cannot listen on 127.0.0.1:%d: %s\n", port, std::strerror(errno));
        ::close(srv);
        release();
        return 2;
    }
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
        Conn conn{fd, nullptr};
        if (tls) {
            timeval tv{2, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            conn.ssl = SSL_new(tls);
            SSL_set_fd(conn.ssl, fd);
            if (SSL_accept(conn.ssl) != 1) {
                if (log.is_open()) log << "TLS handshake failed" << std::endl;
                SSL_free(conn.ssl);
                ::close(fd);
                ERR_clear_error();
                continue;
            }
        }
        const Request r = read_request(conn);
        if (delay > 0) std::this_thread::sleep_for(std::chrono::seconds(delay));
        std::string reply;
        if (r.method == "POST" && r.content_type == "application/timestamp-query") {
            const std::string der = timestamp_reply(pki, r.body);
            reply = der.empty() ? http(400, "text/plain", "") : http(200, "application/timestamp-reply", der);
        } else if (r.method == "POST" && (r.content_type == "application/ocsp-request" || r.path == "/ocsp")) {
            reply = http(200, "application/ocsp-response", ocsp_reply(pki, r.body));
        } else if (r.method == "GET" && r.path.rfind("/ocsp/", 0) == 0) {
            reply = http(200, "application/ocsp-response", ocsp_reply(pki, from_base64(unescape(r.path.substr(6)))));
        } else if (r.method == "GET" && (r.path == "/issuing-ca.crl" || r.path == "/root-ca.crl")) {
            reply = http(200, "application/pkix-crl", slurp(d + r.path.substr(1)));
        } else if (r.method == "GET" && (r.path == "/issuing-ca.cer" || r.path == "/root-ca.cer")) {
            X509* ca = read_cert(d + r.path.substr(1, r.path.size() - 5) + ".pem");
            unsigned char* der = nullptr;
            const int n = ca ? i2d_X509(ca, &der) : -1;
            X509_free(ca);
            reply = http(200, "application/pkix-cert", der_of(n, der));
        } else if (r.method == "GET" && r.path.rfind("/moved/", 0) == 0) {
            const auto slash = r.path.find('/', 7);
            const long n = std::strtol(r.path.c_str() + 7, nullptr, 10);
            const std::string rest = slash == std::string::npos ? "" : r.path.substr(slash + 1);
            reply = http(302, "text/plain", "", n > 0 ? "/moved/" + std::to_string(n - 1) + "/" + rest : "/" + rest);
        } else if (r.method == "GET" && r.path == "/big") {
            std::string der("\x30\x83\x20\x00\x00", 5);
            der.append(0x200000, '\0');
            reply = http(200, "application/octet-stream", der);
        } else {
            reply = http(404, "text/plain", "");
        }
        if (log.is_open()) log << r.method << ' ' << r.path << ' ' << r.content_type << ' ' << reply.substr(9, 3) << std::endl;
        send_all(conn, reply);
        if (conn.ssl) {
            SSL_shutdown(conn.ssl);
            SSL_free(conn.ssl);
        }
        ::close(fd);
    }
    ::close(srv);
    release();
    SSL_CTX_free(tls);
    return 0;
}
