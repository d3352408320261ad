// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: justera-pdftext's page layout on words as poppler could hand
// them, whatever their boxes, sizes, rotations and text. Each word is a
// record: one byte of flags (bit 0 bold, bit 1 space after, bits 2-3 the
// rotation, bit 4 a slanted run instead of a word), one byte of text length
// (up to 31), six signed 16-bit numbers in tenths of a point (x0, y0,
// width, height, baseline, size), then the text. Poppler itself is not
// fuzzed here: its parsers run in the helper under rlimits.

#include <cstring>

#include "fuzz_common.hpp"
#include "page_layout.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace justera::pdftext;
    PageWords page;
    page.height = 842;
    std::size_t i = 0;
    const auto number = [&](std::size_t at) {
        std::int16_t v = 0;
        std::memcpy(&v, data + at, 2);
        return static_cast<double>(v) / 10;
    };
    while (i + 14 <= size && page.words.size() < 100000) {
        const std::uint8_t flags = data[i];
        const std::size_t len = data[i + 1] & 31U;
        if (i + 14 + len > size) break;
        Word w;
        w.bold = (flags & 1U) != 0;
        w.space_after = (flags & 2U) != 0;
        w.rotation = static_cast<std::uint8_t>((flags >> 2) & 3U);
        w.x0 = number(i + 2);
        w.y0 = number(i + 4);
        w.x1 = w.x0 + number(i + 6);
        w.y1 = w.y0 + number(i + 8);
        w.baseline = number(i + 10);
        w.size = number(i + 12);
        w.text.assign(reinterpret_cast<const char*>(data + i + 14), len);
        if ((flags & 16U) != 0) {
            page.slanted.push_back(std::move(w.text));
        } else {
            page.words.push_back(std::move(w));
        }
        i += 14 + len;
    }
    DocumentStyle style;
    style.count(page.words);
    (void)lay_out(page, style, Marks::Headings);
    (void)lay_out(std::move(page), style, Marks::None);
    return 0;
}
