// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/core/io.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <fcntl.h>
#include <iostream>
#include <climits>
#include <memory>
#include <optional>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "justera/core/error.hpp"

namespace justera::core {

namespace fs = std::filesystem;

/// What the system said (errno), in Swedish for the errors people meet;
/// others as the system says them.
std::string swedish_errno(int err) {
    switch (err) {
        case ENOENT: return "filen eller katalogen finns inte";
        case EACCES:
        case EPERM: return "åtkomst nekad";
        case EISDIR: return "det är en katalog";
        case ENOTDIR: return "en del av sökvägen är ingen katalog";
        case ENOSPC: return "disken är full";
        case EDQUOT: return "diskkvoten är slut";
        case EROFS: return "filsystemet är skrivskyddat";
        case EFBIG: return "filen blir större än den största tillåtna (ulimit -f)";
        case ELOOP: return "för många symboliska länkar";
        case ENAMETOOLONG: return "namnet är för långt";
        case EIO: return "in- eller utmatningsfel på enheten";
        default: return std::strerror(err);
    }
}

std::string read_file(const fs::path& path, const Limits& limits) {
    // "-" is standard input (a pipe, a file, a terminal), read to its end.
    const bool standard_input = path == "-";
    const std::string name = standard_input ? "standard input" : path.string();
    const int fd = standard_input ? ::dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        throw Error(Errc::InputUnreadable, "cannot open input file: " + std::string(std::strerror(err)), Where{name},
                    "kan inte öppna filen: " + swedish_errno(err));
    }
    std::unique_ptr<int, void (*)(int*)> guard(new int(fd), [](int* p) { ::close(*p); delete p; });
    struct stat st {};
    if (::fstat(fd, &st) != 0 || (!standard_input && !S_ISREG(st.st_mode)) || S_ISDIR(st.st_mode)) {
        throw Error(Errc::InputUnreadable, "input is not a regular file", Where{name}, "det är ingen vanlig fil");
    }
    if (!S_ISREG(st.st_mode)) st.st_size = 0;  // a pipe: its size is known when it ends
    if (static_cast<std::size_t>(st.st_size) > limits.max_input_bytes) {
        throw Error(Errc::InputTooLarge,
                    "input is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                        std::to_string(limits.max_input_bytes) + " bytes (--max-input-bytes)",
                    Where{name},
                    "filen är " + std::to_string(st.st_size) + " byte, över gränsen på " +
                        std::to_string(limits.max_input_bytes) + " byte (--max-input-bytes)");
    }
    std::string data;
    data.reserve(static_cast<std::size_t>(st.st_size));
    std::array<char, 65536> buf{};
    for (;;) {
        const ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            throw Error(Errc::InputUnreadable, "read failed: " + std::string(std::strerror(err)), Where{name},
                        "läsningen misslyckades: " + swedish_errno(err));
        }
        if (n == 0) break;
        data.append(buf.data(), static_cast<std::size_t>(n));
        if (data.size() > limits.max_input_bytes) {
            throw Error(Errc::InputTooLarge, "input grew over the limit while being read",
                        Where{name}, "filen växte över gränsen medan den lästes");
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

namespace {

[[noreturn]] void output_failed(const std::string& shown, const std::string& what, int err, const std::string& what_sv = {}) {
    std::string message = "cannot write output";
    std::string sv = "kan inte skriva filen";
    if (!what.empty()) message += ": " + what;
    if (!what.empty()) sv += ": " + (what_sv.empty() ? what : what_sv);
    if (err != 0) message += ": " + std::string(std::strerror(err));
    if (err != 0) sv += ": " + swedish_errno(err);
    throw Error(Errc::OutputUnwritable, message, Where{shown}, sv);
}

/// Writes `data` to a new file at `path`, or over the regular file there,
/// through a temporary file in the same directory, fsync and rename: a reader
/// sees the old file or the whole new one, and nothing is left behind when
/// writing fails. `keep_mode` is the old file's permission bits, or -1 for a
/// new file (0666 less the umask, as for any new file). `shown` is the name
/// the user gave, for messages.
void replace_file(const fs::path& path, int keep_mode, std::string_view data, const std::string& shown) {
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    // An unnamed file in the target directory (Linux O_TMPFILE): if the
    // process dies while writing, nothing is left behind. It gets a name only
    // when complete and synced, and is then renamed over the target.
    // (Linking it needs /proc; without /proc, a named temporary file.)
    const bool have_proc = ::access("/proc/self/fd", X_OK) == 0;
    int fd = have_proc ? ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666) : -1;
    const std::string stem = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    std::string tmpl = stem;
    bool named = false;
    if (fd < 0) {
        if (have_proc && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) output_failed(shown, "", errno);
        fd = ::mkstemp(tmpl.data());  // a file system without O_TMPFILE
        if (fd < 0) output_failed(shown, "cannot create a file in " + dir.string(), errno, "kan inte skapa en fil i " + dir.string());
        named = true;
    }
    const mode_t mode = keep_mode >= 0 ? static_cast<mode_t>(keep_mode) : (0666 & ~current_umask());
    // The kernel applies the umask to O_TMPFILE; an existing file's own bits
    // (and mkstemp's 0600 widened) are set explicitly.
    const bool set_mode = named || keep_mode >= 0;
    bool ok = write_all(fd, data) && (!set_mode || ::fchmod(fd, mode) == 0) && ::fsync(fd) == 0;
    int err = ok ? 0 : errno;
    if (ok && !named) {
        // Name the finished file: mkstemp's unique name, then link the
        // unnamed inode there (through /proc, which needs no privilege).
        for (int attempt = 0; attempt < 100 && !named; ++attempt) {
            tmpl = stem;
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
    // The only rename over an output in justera.
    if (ok && ::rename(tmpl.c_str(), path.c_str()) == 0) return;
    if (ok) err = errno;
    if (named) ::unlink(tmpl.c_str());
    output_failed(shown, "", err);
}

/// Writes all of `data` to a descriptor opened elsewhere, for an output that
/// is not a file justera may replace.
void write_to(int fd, std::string_view data, const std::string& shown) {
    if (!write_all(fd, data)) output_failed(shown, "", errno);
}

/// The descriptor a path names in /dev/fd or /proc/self/fd, if it names one.
std::optional<int> descriptor_named_by(const std::string& path) {
    const std::string self_fd = "/proc/" + std::to_string(::getpid()) + "/fd/";  // not static: a forked child has its own
    for (const std::string& prefix : {std::string("/dev/fd/"), std::string("/proc/self/fd/"), std::string("/proc/thread-self/fd/"), self_fd}) {
        if (path.size() <= prefix.size() || path.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string digits = path.substr(prefix.size());
        if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
        return std::stoi(digits);
    }
    return std::nullopt;
}

/// Opens and writes a FIFO or character device (or, through /proc, whatever a
/// magic link leads to); never creates, never renames.
void write_in_place(const fs::path& path, bool truncate, std::string_view data, const std::string& shown) {
    int flags = O_WRONLY | O_NOCTTY | O_CLOEXEC;
    if (truncate) flags |= O_TRUNC;
    int fd = -1;
    do {
        fd = ::open(path.c_str(), flags);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) output_failed(shown, "", errno);
    const bool ok = write_all(fd, data);
    const int err = errno;
    if (::close(fd) != 0 && ok && errno != EINTR) output_failed(shown, "", errno);
    if (!ok) output_failed(shown, "", err);
}

/// Connects to a Unix stream socket and writes to it.
void write_to_socket(const fs::path& path, std::string_view data, const std::string& shown) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.string().size() >= sizeof addr.sun_path) output_failed(shown, "the socket's path is too long to connect to", 0,
                                                                            "socketens sökväg är för lång för att ansluta till");
    std::memcpy(addr.sun_path, path.c_str(), path.string().size());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) output_failed(shown, "", errno);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        const int err = errno;
        ::close(fd);
        output_failed(shown, "a socket that takes no stream connection", err, "en socket som inte tar emot någon strömanslutning");
    }
    const bool ok = write_all(fd, data);
    const int err = errno;
    ::shutdown(fd, SHUT_WR);
    ::close(fd);
    if (!ok) output_failed(shown, "", err);
}

}  // namespace

void write_output(const std::string& path, std::string_view data) {
    if (path.empty()) output_failed(path, "no output file named", 0, "ingen utfil angiven");
    if (path == "-") {
        std::cout.flush();
        write_to(STDOUT_FILENO, data, "standard output");
        return;
    }
    // Each symbolic link is followed in turn, as the kernel would, so that
    // the file at the end is replaced in its own directory and the link stays.
    fs::path at = path;
    for (int links = 0;; ++links) {
        if (const auto fd = descriptor_named_by(at.string())) return write_to(*fd, data, path);
        struct stat st {};
        if (::lstat(at.c_str(), &st) != 0) {
            if (errno == ENOENT) return replace_file(at, -1, data, path);  // a new file (or where a dangling link points)
            output_failed(path, "", errno);
        }
        if (S_ISLNK(st.st_mode)) {
            if (links >= 40) output_failed(path, "", ELOOP);
            // A link in /proc is a kernel's "magic" one (to an open file, a
            // pipe, a socket): only opening the path itself reaches it.
            if (at.string().rfind("/proc/", 0) == 0) {
                struct stat target {};
                const bool regular = ::stat(at.c_str(), &target) == 0 && S_ISREG(target.st_mode);
                return write_in_place(at, regular, data, path);
            }
            std::string buf(PATH_MAX, '\0');
            const ssize_t n = ::readlink(at.c_str(), buf.data(), buf.size());
            if (n < 0) output_failed(path, "", errno);
            if (static_cast<std::size_t>(n) >= buf.size()) output_failed(path, "", ENAMETOOLONG);
            buf.resize(static_cast<std::size_t>(n));
            const fs::path next(buf);
            at = next.is_absolute() ? next : at.parent_path() / next;
            continue;
        }
        if (S_ISREG(st.st_mode)) return replace_file(at, static_cast<int>(st.st_mode & 07777), data, path);
        if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) return write_in_place(at, false, data, path);
        if (S_ISSOCK(st.st_mode)) return write_to_socket(at, data, path);
        if (S_ISDIR(st.st_mode)) output_failed(path, "it is a directory; name a file in it", 0, "det är en katalog; ange en fil i den");
        if (S_ISBLK(st.st_mode)) output_failed(path, "it is a block device (a disk); justera writes files, not disks", 0,
                                           "det är en blockenhet (en disk); justera skriver filer, inte diskar");
        output_failed(path, "not a file justera can write", 0, "ingen fil som justera kan skriva");
    }
}

void refuse_output_over_inputs(const std::string& output, const std::vector<std::string>& inputs) {
    if (output.empty()) return;
    struct stat out {};
    if (output == "-") {
        // Standard output redirected onto an input: `justera render p.xml -o - >>p.xml`.
        if (::fstat(STDOUT_FILENO, &out) != 0 || !S_ISREG(out.st_mode)) return;
    } else if (::stat(output.c_str(), &out) != 0) {
        return;  // a file that does not exist yet is nobody's input
    }
    for (const auto& input : inputs) {
        struct stat in {};
        if (input.empty() || ::stat(input.c_str(), &in) != 0) continue;
        if (in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
            const std::string what = output == input ? "the output is the input file itself"
                                     : "the output " + (output == "-" ? std::string("standard output") : "'" + output + "'") +
                                           " is the input file '" + input + "'";
            const std::string what_sv = output == input ? "utfilen är själva indatafilen"
                                        : "utfilen " + (output == "-" ? std::string("standard ut") : "'" + output + "'") +
                                              " är indatafilen '" + input + "'";
            throw Error(Errc::Usage, what + ": writing it would destroy what is read; name another output file (nothing was read or written)",
                        Where{input},
                        what_sv + ": att skriva den skulle förstöra det som läses; ange en annan utfil (inget lästes eller skrevs)");
        }
    }
}

void check_text(std::string_view data, const std::string& file_name) {
    std::uint32_t line = 1;
    std::uint32_t col = 1;
    std::size_t i = 0;
    const auto fail = [&](Errc code, const std::string& what, const std::string& what_sv) {
        throw Error(code, what, Where{file_name, line, col}, what_sv);
    };
    while (i < data.size()) {
        const auto c = static_cast<unsigned char>(data[i]);
        if (c < 0x80) {
            if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) {
                const std::string hex = [&] {
                    char b[3];
                    std::snprintf(b, sizeof b, "%02x", c);
                    return std::string(b);
                }();
                fail(Errc::InputBinary, "control byte 0x" + hex + " in text: this looks like a binary file, not a protocol text",
                     "styrtecknet 0x" + hex + " i texten: det ser ut som en binär fil, inte en protokolltext");
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
        else fail(Errc::InputNotUtf8, "not UTF-8 (a Latin-1 or Windows-1252 file?): save the text as UTF-8 and try again",
                  "inte UTF-8 (en fil i Latin-1 eller Windows-1252?): spara texten som UTF-8 och försök igen");
        if (i + len > data.size()) {
            fail(Errc::InputNotUtf8, "not UTF-8 at the end of the input (a Latin-1 file, or a file cut short?)",
                 "inte UTF-8 i slutet av filen (en fil i Latin-1, eller en avkortad fil?)");
        }
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(data[i + k]);
            if ((cc & 0xC0) != 0x80) {
                fail(Errc::InputNotUtf8, "not UTF-8 (a Latin-1 or Windows-1252 file?): save the text as UTF-8 and try again",
                  "inte UTF-8 (en fil i Latin-1 eller Windows-1252?): spara texten som UTF-8 och försök igen");
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                              (len == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            fail(Errc::InputNotUtf8, "invalid UTF-8 sequence (overlong or surrogate)",
                 "ogiltig UTF-8-sekvens (för lång kodning eller surrogat)");
        }
        // U+FFFE and U+FFFF are not characters (and not allowed in XML).
        if (cp == 0xFFFE || cp == 0xFFFF) fail(Errc::InputBinary, "U+FFFE/U+FFFF is not a character: not a text file",
                                                      "U+FFFE/U+FFFF är inget tecken: ingen textfil");
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

std::string random_hex(std::size_t bytes) {
    std::string raw(bytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) throw Error(Errc::Internal, "no random bytes");
    return hex_of(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string markup_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

std::string base64_encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                                  static_cast<int>(bytes.size()));
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    std::string clean;
    clean.reserve(text.size());
    for (const char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
        if (!ok) return std::nullopt;
        clean.push_back(c);
    }
    if (clean.empty() || clean.size() % 4 != 0) return std::nullopt;
    // '=' only as the padding at the end.
    const auto pad = clean.find('=');
    if (pad != std::string::npos && (pad < clean.size() - 2 || clean.find_first_not_of('=', pad) != std::string::npos)) return std::nullopt;
    std::string out(clean.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(clean.data()),
                                  static_cast<int>(clean.size()));
    if (n < 0) return std::nullopt;
    std::size_t len = static_cast<std::size_t>(n);
    if (clean.back() == '=') --len;
    if (clean.size() >= 2 && clean[clean.size() - 2] == '=') --len;
    out.resize(len);
    return out;
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

std::string part_path(const char* env, const char* file_name, const std::string& installed_dir,
                      bool (*usable)(const char* path)) {
    if (const char* value = std::getenv(env); value && *value) return value;
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto beside = self.parent_path() / file_name;
        if (usable(beside.c_str())) return beside.string();
        // An installation moved as a whole (another prefix, a package): BIN/../libexec/justera.
        const auto relative = self.parent_path().parent_path() / "libexec" / "justera" / file_name;
        if (usable(relative.c_str())) return relative.string();
    }
    return installed_dir + "/" + file_name;
}

}  // namespace justera::core
