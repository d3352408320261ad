// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The common readers: logical lines -> model. Layout-independent.

#include <vector>

#include "justera/core/diagnostics.hpp"
#include "justera/core/limits.hpp"
#include "lines.hpp"

namespace justera::ingest {

struct ReadContext {
    std::string file;
    Layout layout = Layout::Unknown;
    TextSource source = TextSource::Unknown;
    const core::Limits* limits = nullptr;
    core::Diagnostics* diags = nullptr;
};

model::Protocol read_protocol(const FrontEndResult& input, const ReadContext& ctx);
model::Agenda read_agenda(const std::vector<Line>& lines, const ReadContext& ctx);

/// Counts lines that look like § paragraph headings (used by layout detection).
std::size_t count_paragraph_headings(const std::vector<Line>& lines);

/// "Ks 151   Au 201   Dnr 24/Ks 310": a paragraph heading by the organ's
/// register, without "§" (with a case number or another register's number).
bool looks_like_register_heading(std::string_view raw);

}  // namespace justera::ingest
