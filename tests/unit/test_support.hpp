// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers for tests: fixture paths and parsing a fixture the way the CLI does.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "justera/core/diagnostics.hpp"
#include "justera/ingest/ingest.hpp"

namespace justera::test {

inline std::filesystem::path source_dir() { return JUSTERA_SOURCE_DIR; }
inline std::filesystem::path fixture(const std::string& rel) { return source_dir() / "tests" / "fixtures" / rel; }

/// Reads a file; a missing fixture fails the test loudly rather than skipping it.
inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("missing test fixture: " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Parsed {
    ingest::ParseResult result;
    core::Diagnostics diags;
};

inline Parsed parse_fixture(const std::string& rel, ingest::Layout layout = ingest::Layout::Auto) {
    Parsed p;
    ingest::ParseOptions opts;
    opts.layout = layout;
    opts.file_name = rel;
    p.result = ingest::parse_text(slurp(fixture(rel)), opts, p.diags);
    return p;
}

/// A made-up protocol's text, parsed: the protocol, the whole result and
/// what parse said about it.
struct ReadText {
    model::Protocol protocol;
    ingest::ParseResult result;
    core::Diagnostics diags;
};

inline ReadText read_text(const std::string& text, const ingest::ParseOptions& opts) {
    ReadText r;
    r.result = ingest::parse_text(text, opts, r.diags);
    r.protocol = std::get<model::Protocol>(r.result.document);
    return r;
}

}  // namespace justera::test
