// SPDX-License-Identifier: GPL-3.0-or-later
// justera-pdftext: the text of each page of a PDF that justera did not
// make, read by poppler. A separate program, started by justera only when
// it needs such text: poppler and what it links (NSS, fontconfig, the
// image codecs) add 4 ms to the start of every process that links them,
// and a crash or a hang in a parser of anyone's PDF costs this process
// only. The PDF comes on standard input; each page's text goes to
// standard output as UTF-8 followed by a form feed (U+000C).
//
// Exit status: 0 done; 3 not a PDF poppler can read; 4 encrypted (a
// password is needed); 5 input too large or unreadable; 64 usage.

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "justera/core/rlimit.hpp"

namespace {

void quiet(const std::string& /*message*/, void* /*closure*/) {}  // poppler's warnings about odd objects are noise here

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

}  // namespace

int main(int argc, char** argv) {
    std::size_t max_bytes = 256UL * 1024 * 1024;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--max-bytes" && i + 1 < argc) {
            max_bytes = std::strtoull(argv[++i], nullptr, 10);
        } else {
            std::fprintf(stderr, "usage: justera-pdftext [--max-bytes N] < FILE.pdf\n");
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
    poppler::set_debug_error_function(quiet, nullptr);
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
    if (!doc) {
        std::fprintf(stderr, "poppler cannot read it as a PDF\n");
        return 3;
    }
    if (doc->is_locked()) {
        std::fprintf(stderr, "the PDF is encrypted: it needs a password to be read\n");
        return 4;
    }
    const int pages = doc->pages();
    for (int i = 0; i < pages; ++i) {
        std::unique_ptr<poppler::page> page(doc->create_page(i));
        std::string text;
        if (page) {
            const poppler::byte_array utf8 = page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
            text.assign(utf8.begin(), utf8.end());
        }
        for (char& c : text) {
            if (c == '\f') c = '\n';  // the separator belongs to us
        }
        text.push_back('\f');
        if (!write_all(1, text.data(), text.size())) return 5;
    }
    return 0;
}
