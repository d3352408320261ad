// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// File input with limits, and atomic output (temporary file + rename).

#include <filesystem>
#include <string>
#include <string_view>

#include "justera/core/limits.hpp"

namespace justera::core {

/// Reads a whole file. Throws Error(InputUnreadable | InputTooLarge).
std::string read_file(const std::filesystem::path& path, const Limits& limits);

/// Writes `data` to `path` atomically: a temporary file in the same directory,
/// fsync, rename. On any failure the target is untouched and the temporary file
/// removed. Throws Error(OutputUnwritable).
void write_file_atomic(const std::filesystem::path& path, std::string_view data);

/// Writes all of `data` to `fd`, retrying after signals; false with errno
/// set on failure.
bool write_all(int fd, std::string_view data);

/// Throws Error(InputNotUtf8 | InputBinary) naming the line and column of the
/// first offending byte.
void check_text(std::string_view data, const std::string& file_name);

/// SHA-256 of `data` as 64 lower-case hex digits (OpenSSL).
std::string sha256_hex(std::string_view data);

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
