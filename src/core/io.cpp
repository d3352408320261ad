// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/core/io.hpp"

#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

#include "justera/core/error.hpp"

namespace justera::core {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path, const Limits& limits) {
    const std::string name = path.string();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw Error(Errc::InputUnreadable,
                    "cannot open input file: " + std::string(std::strerror(errno)), Where{name});
    }
    std::unique_ptr<int, void (*)(int*)> guard(new int(fd), [](int* p) { ::close(*p); delete p; });
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        throw Error(Errc::InputUnreadable, "input is not a regular file", Where{name});
    }
    if (static_cast<std::size_t>(st.st_size) > limits.max_input_bytes) {
        throw Error(Errc::InputTooLarge,
                    "input is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                        std::to_string(limits.max_input_bytes) + " bytes (--max-input-bytes)",
                    Where{name});
    }
    std::string data;
    data.reserve(static_cast<std::size_t>(st.st_size));
    std::array<char, 65536> buf{};
    for (;;) {
        const ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Error(Errc::InputUnreadable, "read failed: " + std::string(std::strerror(errno)),
                        Where{name});
        }
        if (n == 0) break;
        data.append(buf.data(), static_cast<std::size_t>(n));
        if (data.size() > limits.max_input_bytes) {
            throw Error(Errc::InputTooLarge, "input grew over the limit while being read",
                        Where{name});
        }
    }
    return data;
}

bool write_all(int fd, std::string_view data) {
    std::size_t off = 0;
    while (off < data.size()) {
        const ssize_t n = ::write(fd, data.data() + off, data.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = EIO;
            return false;
        }
        off += static_cast<std::size_t>(n);
    }
    return true;
}

namespace {

/// The process's umask, read without changing it (/proc/self/status), or
/// by setting and restoring it where /proc is missing.
mode_t current_umask() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
    }
    const mode_t m = ::umask(022);
    ::umask(m);
    return m;
}

}  // namespace

void write_file_atomic(const fs::path& path, std::string_view data) {
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    const auto fail = [&](int err) {
        throw Error(Errc::OutputUnwritable, std::string("cannot write output: ") + std::strerror(err), Where{path.string()});
    };
    // An unnamed file in the target directory (Linux O_TMPFILE): if the
    // process dies while writing, nothing is left behind. It gets a name only
    // when complete and synced, and is then renamed over the target.
    // (Linking it needs /proc; without /proc, a named temporary file.)
    const bool have_proc = ::access("/proc/self/fd", X_OK) == 0;
    // The mode people expect of a new file: 0666 less their umask (the
    // kernel applies it to O_TMPFILE; mkstemp's 0600 is widened to it).
    int fd = have_proc ? ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666) : -1;
    std::string tmpl = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    bool named = false;
    if (fd < 0) {
        if (have_proc && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) fail(errno);
        fd = ::mkstemp(tmpl.data());  // a file system without O_TMPFILE
        if (fd < 0) {
            throw Error(Errc::OutputUnwritable, "cannot create a file in " + dir.string() + ": " + std::strerror(errno),
                        Where{path.string()});
        }
        named = true;
    }
    bool ok = write_all(fd, data) && (!named || ::fchmod(fd, 0666 & ~current_umask()) == 0) && ::fsync(fd) == 0;
    int err = ok ? 0 : errno;
    if (ok && !named) {
        // Name the finished file: mkstemp's unique name, then link the
        // unnamed inode there (through /proc, which needs no privilege).
        for (int attempt = 0; attempt < 100 && !named; ++attempt) {
            tmpl = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
            const int probe = ::mkstemp(tmpl.data());
            if (probe < 0) break;
            ::close(probe);
            ::unlink(tmpl.c_str());
            const std::string proc = "/proc/self/fd/" + std::to_string(fd);
            if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, tmpl.c_str(), AT_SYMLINK_FOLLOW) == 0) named = true;
            else if (errno != EEXIST) break;
        }
        if (!named) {
            ok = false;
            err = errno ? errno : EIO;
        }
    }
    if (::close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (ok && ::rename(tmpl.c_str(), path.c_str()) == 0) return;
    if (ok) err = errno;
    if (named) ::unlink(tmpl.c_str());
    fail(err);
}

void check_text(std::string_view data, const std::string& file_name) {
    std::uint32_t line = 1;
    std::uint32_t col = 1;
    std::size_t i = 0;
    const auto fail = [&](Errc code, const std::string& what) {
        throw Error(code, what, Where{file_name, line, col});
    };
    while (i < data.size()) {
        const auto c = static_cast<unsigned char>(data[i]);
        if (c < 0x80) {
            if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) {
                fail(Errc::InputBinary, "control byte 0x" + [&] {
                    char b[3];
                    std::snprintf(b, sizeof b, "%02x", c);
                    return std::string(b);
                }() + " in text: this looks like a binary file, not a protocol text");
            }
            if (c == '\n') { ++line; col = 1; } else { ++col; }
            ++i;
            continue;
        }
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else fail(Errc::InputNotUtf8, "not UTF-8 (a Latin-1 or Windows-1252 file?): save the text as UTF-8 and try again");
        if (i + len > data.size()) {
            fail(Errc::InputNotUtf8, "not UTF-8 at the end of the input (a Latin-1 file, or a file cut short?)");
        }
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(data[i + k]);
            if ((cc & 0xC0) != 0x80) {
                fail(Errc::InputNotUtf8, "not UTF-8 (a Latin-1 or Windows-1252 file?): save the text as UTF-8 and try again");
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                              (len == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            fail(Errc::InputNotUtf8, "invalid UTF-8 sequence (overlong or surrogate)");
        }
        // U+FFFE and U+FFFF are not characters (and not allowed in XML).
        if (cp == 0xFFFE || cp == 0xFFFF) fail(Errc::InputBinary, "U+FFFE/U+FFFF is not a character: not a text file");
        i += len;
        ++col;
    }
}

namespace {
std::string hex_of(const unsigned char* md, unsigned int len) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2U);
    for (unsigned int k = 0; k < len; ++k) {
        out.push_back(k_hex[md[k] >> 4U]);
        out.push_back(k_hex[md[k] & 0x0FU]);
    }
    return out;
}
}  // namespace

std::string sha256_hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr) != 1) {
        throw Error(Errc::Internal, "SHA-256 failed");
    }
    return hex_of(md.data(), len);
}

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new()) {
    if (!m_ctx || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(m_ctx), EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(m_ctx));
        throw Error(Errc::Internal, "SHA-256 failed");
    }
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(m_ctx)); }

void Sha256::update(std::string_view data) {
    if (EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(m_ctx), data.data(), data.size()) != 1) throw Error(Errc::Internal, "SHA-256 failed");
}

std::string Sha256::hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(m_ctx), md.data(), &len) != 1) throw Error(Errc::Internal, "SHA-256 failed");
    return hex_of(md.data(), len);
}

}  // namespace justera::core
