// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/ingest/ingest.hpp"

#include <algorithm>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "assess.hpp"
#include "ledger.hpp"
#include "lines.hpp"
#include "reader.hpp"
#include "text_util.hpp"

namespace justera::ingest {

std::string_view to_string(Layout layout) noexcept {
    switch (layout) {
        case Layout::Auto: return "auto";
        case Layout::Markdown: return "markdown";
        case Layout::PdfText: return "pdftext";
        case Layout::Agenda: return "agenda";
        case Layout::Docx: return "docx";
        case Layout::Unknown: break;
    }
    return "unknown";
}

std::optional<Layout> layout_from(std::string_view name) noexcept {
    for (const auto l : {Layout::Auto, Layout::Markdown, Layout::PdfText, Layout::Agenda, Layout::Docx}) {
        if (to_string(l) == name) return l;
    }
    return std::nullopt;
}

namespace {

struct Signals {
    std::size_t headings = 0;
    std::size_t markdown = 0;  ///< kinds of Markdown seen: # headings, ** lines, tables, comments
    std::size_t md_lines = 0;  ///< # headings and ** lines
    std::size_t agenda = 0;
    std::size_t register_headings = 0;  ///< "Ks 151  Au 201  Dnr 24/Ks 310"
};

Signals scan(std::string_view text_in) {
    Signals s;
    std::size_t start = 0;
    unsigned kinds = 0;
    while (start <= text_in.size()) {
        auto end = text_in.find('\n', start);
        if (end == std::string_view::npos) end = text_in.size();
        const std::string_view raw = text_in.substr(start, end - start);
        std::string_view line = text::trim(raw);
        start = end + 1;
        if (line.empty()) continue;
        if (raw.size() < 300 && looks_like_register_heading(raw)) ++s.register_headings;
        if (line.rfind("#", 0) == 0) { kinds |= 1U; ++s.md_lines; }
        if (line.rfind("**", 0) == 0) { kinds |= 2U; ++s.md_lines; }
        if (line.front() == '|' && line.size() > 1 && line.back() == '|') kinds |= 4U;
        if (line.rfind("<!--", 0) == 0) kinds |= 8U;
        std::string_view h = line;
        while (!h.empty() && (h.front() == '#' || h.front() == '*' || h.front() == ' ')) h.remove_prefix(1);
        std::size_t caps = 0;
        while (caps < h.size() && caps < 6 && h[caps] >= 'A' && h[caps] <= 'Z') ++caps;
        if (caps > 0 && caps < h.size() && h[caps] == ' ') h.remove_prefix(caps + 1);
        if (h.rfind("\xC2\xA7", 0) == 0) {
            std::string_view r = text::trim(h.substr(2));
            if (!r.empty() && r.front() >= '0' && r.front() <= '9') ++s.headings;
        }
        if (text::length(line) < 80) {
            const std::string k = text::fold_key(line);
            if (k == "bilagor" || k == "foredragningslista" || k == "forslag till beslut" ||
                k.rfind("hoppa over navigering", 0) == 0 || k.rfind("inget protokoll har publicerats", 0) == 0 ||
                k.rfind("vi anvander cookies", 0) == 0 || k.rfind("vi anvander kakor", 0) == 0) {
                ++s.agenda;
            }
        }
    }
    s.markdown = static_cast<std::size_t>(__builtin_popcount(kinds));
    return s;
}

}  // namespace

Layout detect_layout(std::string_view text_in) {
    const Signals s = scan(text_in);
    if (s.headings == 0 && s.register_headings >= 2) return Layout::PdfText;
    if (s.headings == 0) return s.agenda > 0 ? Layout::Agenda : Layout::Unknown;
    // A föredragningslista may name a § reference or two; protocols have many.
    if (s.agenda >= 3 && s.headings < 2) return Layout::Agenda;
    // A plain text with one table at the end is not Markdown; headings marked
    // with # or ** (or two kinds of markup together) are.
    return (s.md_lines >= 3 || s.markdown >= 2) ? Layout::Markdown : Layout::PdfText;
}

namespace {

/// Reads NFC text into a protocol or an agenda (parse_text's work after the
/// input checks).
ParseResult read_text(std::string_view nfc, const ParseOptions& options, const std::string& file, core::Diagnostics& diags) {
    const auto& limits = options.limits;

    Layout layout = options.layout;
    if (layout == Layout::Auto || layout == Layout::Unknown) {
        layout = detect_layout(nfc);
        // A PDF's text carries no Markdown: its ** lines are justera-pdftext's heading marks.
        if (layout == Layout::Markdown && options.source == TextSource::PdfLayout) layout = Layout::PdfText;
        if (layout == Layout::Unknown) {
            throw core::Error(core::Errc::IngestNoParagraphs,
                              "neither § paragraphs (a protocol) nor agenda items were found; is this a protocol text?",
                              core::Where{file},
                              "varken §-paragrafer (ett protokoll) eller punkter på en föredragningslista hittades; är det här en protokolltext?");
        }
        diags.info(core::DiagCode::LayoutGuess, "layout detected: " + std::string(to_string(layout)), core::Where{file},
                   "layout som hittades: " + std::string(to_string(layout)));
    }
    ReadContext ctx{file, layout, options.source, &limits, &diags};
    const FrontEndResult fe = front_end(nfc, layout, file, diags);
    ParseResult result;
    result.layout = layout;
    result.furniture = fe.furniture.lines;
    if (layout == Layout::Agenda) {
        if (!options.corrections.empty()) {
            throw core::Error(core::Errc::Usage, "corrections apply to protocols; this text was read as an agenda", core::Where{file},
                              "rättelser gäller protokoll; den här texten lästes som en föredragningslista");
        }
        result.document = read_agenda(fe.lines, ctx);
    } else {
        model::Protocol p = read_protocol(fe, ctx);
        const LedgerResult ledger = account_words(source_words(nfc, result.furniture), p, file, diags);
        result.words = ledger.words;
        result.unplaced_words = ledger.unplaced_words;
        apply_corrections(p, options.corrections, diags);
        assess(p, file, diags);
        result.document = std::move(p);
    }
    return result;
}

}  // namespace

ParseResult parse_text(std::string_view input, const ParseOptions& options, core::Diagnostics& diags) {
    const std::string& file = options.file_name;
    const core::Limits& limits = options.limits;
    if (input.size() > limits.max_input_bytes) {
        throw core::Error(core::Errc::InputTooLarge,
                          "input is " + std::to_string(input.size()) + " bytes, over the limit of " +
                              std::to_string(limits.max_input_bytes) + " bytes",
                          core::Where{file},
                          "filen är " + std::to_string(input.size()) + " byte, över gränsen på " +
                              std::to_string(limits.max_input_bytes) + " byte");
    }
    if (input.size() >= 3 && input.substr(0, 3) == "\xEF\xBB\xBF") input.remove_prefix(3);  // BOM
    core::check_text(input, file);
    if (text::trim(input).empty() || std::all_of(input.begin(), input.end(), [](char c) {
            return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f';
        })) {
        throw core::Error(core::Errc::InputEmpty, "the input holds no text", core::Where{file}, "filen innehåller ingen text");
    }
    {
        std::size_t lines = 1;
        std::size_t len = 0;
        std::uint32_t line_no = 1;
        for (const char c : input) {
            if (c == '\n') {
                ++lines;
                ++line_no;
                len = 0;
                continue;
            }
            if (++len > limits.max_line_bytes) {
                throw core::Error(core::Errc::InputLineTooLong,
                                  "a line is longer than " + std::to_string(limits.max_line_bytes) + " bytes (--max-line-bytes)",
                                  core::Where{file, line_no, std::nullopt},
                                  "en rad är längre än " + std::to_string(limits.max_line_bytes) + " byte (--max-line-bytes)");
            }
        }
        if (lines > limits.max_lines) {
            throw core::Error(core::Errc::InputTooManyLines,
                              std::to_string(lines) + " lines, over the limit of " + std::to_string(limits.max_lines) + " (--max-lines)",
                              core::Where{file},
                              std::to_string(lines) + " rader, över gränsen på " + std::to_string(limits.max_lines) + " (--max-lines)");
        }
    }
    const std::optional<std::string> normalized = text::to_nfc(input);
    const std::string_view nfc = normalized ? std::string_view(*normalized) : input;
    if (normalized) {
        diags.info(core::DiagCode::NotNormalized,
                   "the text was not in Unicode NFC form; it was normalised (same letters, canonical code points)",
                   core::Where{file},
                   "texten var inte i Unicode-formen NFC; den normaliserades (samma bokstäver, kanoniska kodpunkter)");
    }
    text::scan_confusables(nfc, file, diags);
    return read_text(nfc, options, file, diags);
}


}  // namespace justera::ingest
