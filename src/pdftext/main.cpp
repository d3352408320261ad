// SPDX-License-Identifier: GPL-3.0-or-later
// justera-pdftext: the text of each page of a PDF that justera did not
// make, read by poppler with its layout. A separate program, started by
// justera only when it needs such text: poppler and what it links (NSS,
// fontconfig, the image codecs) add 4 ms to the start of every process that
// links them, and a crash or a hang in a parser of anyone's PDF costs this
// process only. The PDF comes on standard input; each page's text goes to
// standard output as UTF-8 followed by a form feed (U+000C).
//
// The lines are built from poppler's words (page_layout.hpp): columns
// three or more spaces apart, a blank line where the page leaves a gap, and
// (unless --plain) heading lines written **like this** from their fonts.
// poppler's own text layer drops text outside the page's visible box and
// chops slanted text into pieces, so each character is looked at before
// poppler places it: slanted runs are kept at the page's end, text off the
// page is reported. Notes go to standard error as
//   note: warning|info: page N: MESSAGE
// and do not change the exit status.
//
// Exit status: 0 done; 3 not a PDF poppler can read; 4 encrypted (a
// password is needed); 5 input too large or unreadable; 64 usage.
//
// NOTE: poppler's core API (libpoppler-private-dev) rather than
// poppler-cpp: poppler-cpp's words come after poppler has dropped the text
// outside the page and has no bold flag. The core API is not stable across
// poppler versions; Debian 12 ships it at the same version as the library,
// and only this file uses it.

#include <ErrorCodes.h>
#include <GfxState.h>
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <Stream.h>
#include <TextOutputDev.h>
#include <goo/GooString.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <numbers>
#include <string>
#include <unordered_map>

#include "justera/core/rlimit.hpp"
#include "page_layout.hpp"

namespace {

using justera::pdftext::Marks;

void quiet(ErrorCategory /*category*/, Goffset /*pos*/, const char* /*msg*/) {}  // poppler's warnings about odd objects are noise here

bool write_all(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

/// poppler's text layer, with a look at each character before it is
/// placed: characters outside the page's visible box (which poppler drops)
/// and characters set at a slant (which poppler chops into one-letter
/// pieces) are kept here as runs in content-stream order instead.
class PageReader final : public TextOutputDev {
public:
    PageReader() : TextOutputDev(nullptr, false, 0, false, false, false) {}

    void startPage(int page_num, GfxState* state, XRef* xref) override {
        TextOutputDev::startPage(page_num, state, xref);
        m_width = state ? state->getPageWidth() : 0;
        m_height = state ? state->getPageHeight() : 0;
        m_slanted.clear();
        m_off_page.clear();
        m_off_page_chars = 0;
        m_last = Kind::None;
    }

    void drawChar(GfxState* state, double x, double y, double dx, double dy, double origin_x, double origin_y, CharCode c, int n_bytes,
                  const Unicode* u, int u_len) override {
        double x1 = 0, y1 = 0, w1 = 0, h1 = 0;
        state->transform(x, y, &x1, &y1);
        state->transformDelta(dx, dy, &w1, &h1);
        // The test poppler's TextPage::addChar drops characters by.
        const bool off = !(x1 + w1 >= 0 && x1 <= m_width && y1 + h1 >= 0 && y1 <= m_height);
        double m11 = 0, m12 = 0, m21 = 0, m22 = 0;
        state->getFontTransMat(&m11, &m12, &m21, &m22);
        const double quarter = std::remainder(std::atan2(m12, m11), std::numbers::pi / 2);
        const bool slanted = std::abs(quarter) > 0.09;  // more than 5 degrees off a quarter turn
        if (!off && !slanted) {
            TextOutputDev::drawChar(state, x, y, dx, dy, origin_x, origin_y, c, n_bytes, u, u_len);
            return;
        }
        TextOutputDev::incCharCount(n_bytes);
        const Kind kind = off ? Kind::OffPage : Kind::Slanted;
        if (off) ++m_off_page_chars;
        std::vector<std::string>& runs = off ? m_off_page : m_slanted;
        std::size_t& held = off ? m_off_page_bytes : m_slanted_bytes;
        // One run while each character starts where the one before ended.
        const double size = std::max(std::hypot(m11, m12), 1.0);
        const double from_last = std::hypot(x1 - m_last_end_x, y1 - m_last_end_y);
        if (kind != m_last || runs.empty() || from_last > 1.5 * size) {
            if (runs.size() >= 200) return;  // enough to show what it is
            runs.emplace_back();
        } else if (from_last > 0.2 * size && !runs.back().empty() && runs.back().back() != ' ') {
            runs.back().push_back(' ');
        }
        m_last = kind;
        m_last_end_x = x1 + w1;
        m_last_end_y = y1 + h1;
        for (int k = 0; k < u_len && held < k_max_held; ++k) {
            const std::size_t before = runs.back().size();
            if (u[k] == ' ') {
                if (!runs.back().empty() && runs.back().back() != ' ') runs.back().push_back(' ');
            } else {
                justera::pdftext::append_code_point(runs.back(), u[k]);
            }
            held += runs.back().size() - before;
        }
    }

    [[nodiscard]] std::vector<std::string> take_slanted() {
        m_slanted_bytes = 0;
        return std::move(m_slanted);
    }
    [[nodiscard]] const std::vector<std::string>& off_page() const { return m_off_page; }
    [[nodiscard]] std::size_t off_page_chars() const { return m_off_page_chars; }
    [[nodiscard]] double page_height() const { return m_height; }
    void forget_off_page() {
        m_off_page.clear();
        m_off_page_bytes = 0;
    }

private:
    enum class Kind : std::uint8_t { None = 0, OffPage, Slanted };
    static constexpr std::size_t k_max_held = 64 * 1024;  // per kind and page: a page of text
    double m_width = 0;
    double m_height = 0;
    std::vector<std::string> m_slanted;
    std::vector<std::string> m_off_page;
    std::size_t m_slanted_bytes = 0;
    std::size_t m_off_page_bytes = 0;
    std::size_t m_off_page_chars = 0;
    Kind m_last = Kind::None;
    double m_last_end_x = 0;
    double m_last_end_y = 0;
};

void note(const std::string& kind, const std::string& message) {
    const std::string line = "note: " + kind + ": " + message + "\n";
    write_all(2, line.data(), line.size());
}

/// "1-3, 5": pages as ranges.
std::string page_list(const std::vector<int>& pages) {
    std::string out;
    for (std::size_t k = 0; k < pages.size();) {
        std::size_t e = k;
        while (e + 1 < pages.size() && pages[e + 1] == pages[e] + 1) ++e;
        if (!out.empty()) out += ", ";
        out += std::to_string(pages[k]);
        if (e > k) out += "-" + std::to_string(pages[e]);
        k = e + 1;
    }
    return out;
}

/// The first words of the text set aside, for the note: at most 120 characters.
std::string sample(const std::vector<std::string>& runs) {
    std::string s;
    for (const auto& r : runs) {
        if (r.empty()) continue;
        if (!s.empty()) s += " / ";
        s += r;
        if (s.size() > 480) break;
    }
    std::string out = justera::pdftext::clean_word(s, false);
    std::size_t cps = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if ((static_cast<unsigned char>(out[i]) & 0xC0U) == 0x80U) continue;
        if (++cps > 120) {
            out = out.substr(0, i) + "…";
            break;
        }
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t max_bytes = 256UL * 1024 * 1024;
    Marks marks = Marks::Headings;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--max-bytes" && i + 1 < argc) {
            max_bytes = std::strtoull(argv[++i], nullptr, 10);
        } else if (a == "--plain") {
            marks = Marks::None;
        } else {
            std::fprintf(stderr, "usage: justera-pdftext [--max-bytes N] [--plain] < FILE.pdf\n");
            return 64;
        }
    }
    // Bounds of its own, whoever started it: memory and processor time.
    justera::core::limit_address_space(static_cast<rlim_t>(1024) * 1024 * 1024 + static_cast<rlim_t>(max_bytes) * 4);
    const rlimit cpu{60, 61};
    setrlimit(RLIMIT_CPU, &cpu);

    std::string pdf;
    char buf[65536];
    for (;;) {
        const ssize_t r = ::read(0, buf, sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            std::fprintf(stderr, "cannot read the PDF from standard input: %s\n", std::strerror(errno));
            return 5;
        }
        if (r == 0) break;
        pdf.append(buf, static_cast<std::size_t>(r));
        if (pdf.size() > max_bytes) {
            std::fprintf(stderr, "the PDF is over %zu bytes\n", max_bytes);
            return 5;
        }
    }
    if (pdf.size() > 0x7FFFFFFF) {
        std::fprintf(stderr, "the PDF is over 2 GiB\n");
        return 5;
    }
    globalParams = std::make_unique<GlobalParams>();
    globalParams->setTextEncoding("UTF-8");
    globalParams->setErrQuiet(true);
    setErrorCallback(quiet);
    // The document owns the stream; the stream reads `pdf`, which outlives it.
    auto doc = std::make_unique<PDFDoc>(new MemStream(pdf.data(), 0, static_cast<Goffset>(pdf.size()), Object(objNull)));
    if (!doc->isOk()) {
        if (doc->getErrorCode() == errEncrypted) {
            std::fprintf(stderr, "the PDF is encrypted: it needs a password to be read\n");
            return 4;
        }
        std::fprintf(stderr, "poppler cannot read it as a PDF\n");
        return 3;
    }
    PageReader reader;
    justera::pdftext::DocumentStyle style;
    std::unordered_map<const TextFontInfo*, bool> bold_font;
    const int pages = doc->getNumPages();
    std::size_t off_page_pages = 0;
    std::vector<int> turned_pages;
    std::vector<int> doubled_pages;
    std::size_t turned_lines = 0;
    std::size_t doubled_words = 0;
    for (int i = 1; i <= pages; ++i) {
        doc->displayPage(&reader, i, 72, 72, 0, false, false, false);
        justera::pdftext::PageWords page;
        bold_font.clear();  // the fonts belong to the page
        if (std::unique_ptr<TextWordList> words = reader.makeWordList()) {
            page.words.reserve(static_cast<std::size_t>(words->getLength()));
            for (int k = 0; k < words->getLength(); ++k) {
                const TextWord* tw = words->get(k);
                const std::unique_ptr<GooString> text(tw->getText());
                if (!text || text->getLength() == 0) continue;
                justera::pdftext::Word w;
                w.text.assign(text->c_str(), static_cast<std::size_t>(text->getLength()));
                tw->getBBox(&w.x0, &w.y0, &w.x1, &w.y1);
                w.baseline = tw->getBaseline();
                w.size = tw->getFontSize();
                w.rotation = static_cast<std::uint8_t>(tw->getRotation() & 3);
                w.space_after = tw->getSpaceAfter();
                w.bold = tw->getLength() > 0;
                for (int c = 0; c < tw->getLength() && w.bold; ++c) {
                    const TextFontInfo* f = tw->getFontInfo(c);
                    if (!f) {
                        w.bold = false;
                        break;
                    }
                    auto [it, fresh] = bold_font.try_emplace(f, false);
                    if (fresh) {
                        const GooString* name = f->getFontName();
                        it->second = f->isBold() || (name && justera::pdftext::is_bold_font_name(name->toStr()));
                    }
                    w.bold = it->second;
                }
                page.words.push_back(std::move(w));
            }
        }
        page.slanted = reader.take_slanted();
        page.height = reader.page_height();
        style.count(page.words);
        auto laid = justera::pdftext::lay_out(std::move(page), style, marks);
        if (reader.off_page_chars() > 0) {
            if (++off_page_pages <= 20) {
                note("off-page", "page " + std::to_string(i) + ": " + std::to_string(reader.off_page_chars()) +
                                     " characters stand outside the page's visible area and were not read: \"" + sample(reader.off_page()) + "\"");
            }
            reader.forget_off_page();
        }
        if (laid.turned_lines > 0) {
            turned_pages.push_back(i);
            turned_lines += laid.turned_lines;
        }
        if (laid.doubled_words > 0) {
            doubled_pages.push_back(i);
            doubled_words += laid.doubled_words;
        }
        std::string& text = laid.text;
        for (char& ch : text) {
            if (ch == '\f') ch = '\n';  // the separator belongs to us
        }
        text.push_back('\f');
        if (!write_all(1, text.data(), text.size())) return 5;
    }
    if (off_page_pages > 20) {
        note("off-page", std::to_string(off_page_pages - 20) + " more pages have text outside their visible area, not read");
    }
    if (turned_lines > 0) {
        note("rearranged", std::to_string(turned_lines) + " lines of rotated or slanted text (margin notes, stamps) were placed at the end of their page (page " +
                               page_list(turned_pages) + ")");
    }
    if (doubled_words > 0) {
        note("rearranged", std::to_string(doubled_words) + " words drawn twice over themselves (fake bold) were read once (page " +
                               page_list(doubled_pages) + ")");
    }
    return 0;
}
