// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// File input with limits, and the one way every command writes its output.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "justera/core/limits.hpp"

namespace justera::core {

/// Reads a whole file; "-" is standard input (named so in messages). Throws
/// Error(InputUnreadable | InputTooLarge).
std::string read_file(const std::filesystem::path& path, const Limits& limits);

/// Writes a command's output (docs/cli.md, "OUTPUT"). `path` is what the user
/// named with -o:
/// - "-": standard output;
/// - a new file, or an existing regular file: a temporary file in the same
///   directory, fsync, rename (an existing file keeps its permission bits);
///   on any failure the target is untouched and nothing is left behind;
/// - a symbolic link: followed (each link in turn, as the kernel would), and
///   the file it leads to is replaced or created that way in its own
///   directory; the link itself stays as it was;
/// - a descriptor named by a path (/dev/stdout, /dev/fd/N, /proc/self/fd/N):
///   written to that descriptor;
/// - a character device (such as /dev/null), a FIFO: opened and written, never
///   replaced; a Unix socket: connected to and written;
/// - a directory or a block device: refused.
/// Throws Error(OutputUnwritable) naming `path`.
void write_output(const std::string& path, std::string_view data);

/// Refuses (Error(Usage), exit 4) an output that is one of the command's
/// inputs: the same file (device and inode) however it is named, links
/// followed. For "-", standard output when it is a regular file. Called before
/// any input is read. Empty names are skipped.
void refuse_output_over_inputs(const std::string& output, const std::vector<std::string>& inputs);

/// Writes all of `data` to `fd`, retrying after signals; false with errno
/// set on failure.
bool write_all(int fd, std::string_view data);

/// Throws Error(InputNotUtf8 | InputBinary) naming the line and column of the
/// first offending byte.
void check_text(std::string_view data, const std::string& file_name);

/// The system's reason for `err` (an errno value) in Swedish, for the Swedish
/// message of an Error; strerror's English where no translation is kept.
std::string swedish_errno(int err);

/// SHA-256 of `data` as 64 lower-case hex digits (OpenSSL).
std::string sha256_hex(std::string_view data);

/// `bytes` random bytes from OpenSSL's generator, as lower-case hex.
std::string random_hex(std::size_t bytes);

/// Text made safe inside HTML or XML text and attribute values (& < > " ').
std::string markup_escape(std::string_view text);

/// Base64 (RFC 4648, with padding, no line breaks).
std::string base64_encode(std::string_view bytes);
/// Base64 with any white space in it (XML wraps long values); nullopt when
/// it is not base64.
std::optional<std::string> base64_decode(std::string_view text);

/// Where a part of justera that lives beside the executable is (the helper
/// program justera-pdftext, the PDF module): the file the environment
/// variable `env` names, else `file_name` next to the running executable
/// when `usable` says it is there (a build tree), else in
/// EXE_DIR/../libexec/justera (an installation under any prefix, a package),
/// else in `installed_dir`.
std::string part_path(const char* env, const char* file_name, const std::string& installed_dir,
                      bool (*usable)(const char* path));

/// SHA-256 fed in pieces (for output that is never held whole).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::string_view data);
    /// The digest in lower-case hex; the object is spent after it.
    std::string hex();

private:
    void* m_ctx;
};

}  // namespace justera::core
