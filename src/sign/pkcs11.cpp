// SPDX-License-Identifier: GPL-3.0-or-later
// PKCS#11 through libp11's engine. Debian 12's libp11 (0.4.12) offers only
// the ENGINE interface, which OpenSSL 3 marks deprecated; this file alone
// uses it, with the deprecation warnings suppressed here and nowhere else.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "pkcs11.hpp"

#include <openssl/crypto.h>
#include <openssl/engine.h>
#include <openssl/err.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "justera/core/error.hpp"

namespace justera::sign::detail {

using core::Errc;
using core::Error;

namespace {

std::string openssl_errors() {
    std::string out;
    for (unsigned long e; (e = ERR_get_error()) != 0;) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        if (!out.empty()) out += "; ";
        out += buf;
    }
    return out;
}

/// libp11 reports on standard error itself ("Login failed", ...); justera's
/// own message says what went wrong, so that chatter is silenced while the
/// engine works.
class QuietStderr {
public:
    QuietStderr() : m_saved(::dup(STDERR_FILENO)) {
        const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (m_saved >= 0 && null >= 0) ::dup2(null, STDERR_FILENO);
        if (null >= 0) ::close(null);
    }
    ~QuietStderr() {
        if (m_saved >= 0) {
            ::dup2(m_saved, STDERR_FILENO);
            ::close(m_saved);
        }
    }
    QuietStderr(const QuietStderr&) = delete;
    QuietStderr& operator=(const QuietStderr&) = delete;

private:
    int m_saved;
};

}  // namespace

void release_engine(void* engine) noexcept {
    if (!engine) return;
    auto* e = static_cast<ENGINE*>(engine);
    ENGINE_finish(e);
    ENGINE_free(e);
}

TokenKey load_token_key(const std::string& uri, const std::string& module, const std::string& pin) {
    if (module.empty()) {
        throw Error(Errc::Usage, "--pkcs11 needs the token's PKCS#11 module: --pkcs11-module PATH (or PKCS11_MODULE_PATH)", {},
                    "--pkcs11 behöver PKCS#11-modulen för token: --pkcs11-module PATH (eller PKCS11_MODULE_PATH)");
    }
    if (!std::filesystem::exists(module)) {
        throw Error(Errc::SignKeyUnreadable, "the PKCS#11 module does not exist", core::Where{module}, "PKCS#11-modulen finns inte");
    }
    if (uri.rfind("pkcs11:", 0) != 0) throw Error(Errc::Usage, "--pkcs11 takes an RFC 7512 URI such as 'pkcs11:token=...;object=...'", {},
                                                    "--pkcs11 tar en URI enligt RFC 7512, till exempel 'pkcs11:token=...;object=...'");
    // A PIN in the URI would sit in argv, visible to every user of the machine.
    if (uri.find("pin-value=") != std::string::npos || uri.find("pin-source=") != std::string::npos) {
        throw Error(Errc::Usage, "no PIN in the --pkcs11 URI: give it with --password-file, JUSTERA_PASSWORD or the prompt", {},
                    "ingen PIN-kod i URI:n till --pkcs11: ge den med --password-file, JUSTERA_PASSWORD eller när terminalen frågar");
    }
    const std::string engine_path = std::string(OPENSSL_info(OPENSSL_INFO_ENGINES_DIR)) + "/pkcs11.so";
    if (!std::filesystem::exists(engine_path)) {
        throw Error(Errc::SignKeyUnreadable, "libp11's OpenSSL engine is not installed (Debian package libengine-pkcs11-openssl)",
                    core::Where{engine_path},
                    "OpenSSL-motorn från libp11 är inte installerad (Debianpaketet libengine-pkcs11-openssl)");
    }
    ERR_clear_error();
    ENGINE_load_dynamic();
    ENGINE* e = ENGINE_by_id("dynamic");
    if (!e) throw Error(Errc::SignKeyUnreadable, "OpenSSL's dynamic engine is not available", {}, "OpenSSL:s dynamiska motor finns inte");
    const bool loaded = ENGINE_ctrl_cmd_string(e, "SO_PATH", engine_path.c_str(), 0) == 1 &&
                        ENGINE_ctrl_cmd_string(e, "ID", "pkcs11", 0) == 1 && ENGINE_ctrl_cmd_string(e, "LIST_ADD", "1", 0) == 1 &&
                        ENGINE_ctrl_cmd_string(e, "LOAD", nullptr, 0) == 1 &&
                        ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module.c_str(), 0) == 1;
    if (!loaded || ENGINE_init(e) != 1) {
        const std::string why = openssl_errors();
        ENGINE_free(e);
        throw Error(Errc::SignKeyUnreadable, "cannot load the PKCS#11 module through libp11: " + why, core::Where{module},
                    "kan inte läsa in PKCS#11-modulen genom libp11: " + why);
    }
    // libp11 keeps its key methods in the engine library's own globals and
    // does not free them when the engine is unloaded: one reference held for
    // the life of the process keeps the library loaded (and that memory
    // reachable) however often a key is opened and released.
    static ENGINE* const held_for_the_process = [e] {
        ENGINE_up_ref(e);
        return e;
    }();
    (void)held_for_the_process;
    TokenKey out;
    out.engine = e;
    // The PIN goes to the engine directly, never through a prompt of its own.
    if (!pin.empty() && ENGINE_ctrl_cmd_string(e, "PIN", pin.c_str(), 0) != 1) {
        release_engine(e);
        const std::string why = openssl_errors();
        throw Error(Errc::SignKeyUnreadable, "the PKCS#11 engine does not take a PIN: " + why, {},
                    "PKCS#11-motorn tar inte emot PIN-koden: " + why);
    }
    {
        QuietStderr quiet;
        out.key = ENGINE_load_private_key(e, uri.c_str(), nullptr, nullptr);
    }
    if (!out.key) {
        const std::string why = openssl_errors();
        release_engine(e);
        const bool wrong_pin = why.find("PIN_INCORRECT") != std::string::npos || why.find("PIN incorrect") != std::string::npos ||
                               why.find("Pin incorrect") != std::string::npos;
        if (wrong_pin) throw Error(Errc::SignWrongPassword, "wrong PIN for the token; nothing was written", {},
                                   "fel PIN-kod för token; inget skrevs");
        if (pin.empty()) {
            throw Error(Errc::SignKeyUnreadable, "no PIN given for the token (--password-file, JUSTERA_PASSWORD or the prompt): " + uri, {},
                        "ingen PIN-kod angavs för token (--password-file, JUSTERA_PASSWORD eller när terminalen frågar): " + uri);
        }
        throw Error(Errc::SignKeyUnreadable, "no private key on the token at " + uri + (why.empty() ? "" : " (" + why + ")"), {},
                    "det finns ingen privat nyckel på token för " + uri + (why.empty() ? "" : " (" + why + ")"));
    }
    struct {
        const char* id;
        X509* cert;
    } params{uri.c_str(), nullptr};
    {
        QuietStderr quiet;
        if (ENGINE_ctrl_cmd(e, "LOAD_CERT_CTRL", 0, &params, nullptr, 1) == 1) out.cert = params.cert;
    }
    ERR_clear_error();
    return out;
}

}  // namespace justera::sign::detail
