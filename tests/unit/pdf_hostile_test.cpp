// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile PDFs handed to the reader: a compression bomb as the "embedded XML"
// is refused without inflating it whole.

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "justera/core/error.hpp"
#include "justera/pdf/embedded.hpp"
#include "justera/pdf/render.hpp"

namespace justera {
namespace {

/// `n` bytes of zeros, deflated (about a thousandth of the size).
std::string deflated_zeros(std::size_t n) {
    z_stream z{};
    deflateInit(&z, 9);
    const std::string zeros(1U << 20, '\0');
    std::string out;
    char buf[65536];
    for (std::size_t done = 0; done < n;) {
        const std::size_t take = std::min(zeros.size(), n - done);
        done += take;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
        z.avail_in = static_cast<uInt>(take);
        const int flush = done == n ? Z_FINISH : Z_NO_FLUSH;
        do {
            z.next_out = reinterpret_cast<Bytef*>(buf);
            z.avail_out = sizeof buf;
            deflate(&z, flush);
            out.append(buf, sizeof buf - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    return out;
}

/// A minimal PDF whose catalog's /AF names a text/xml file with this stream.
std::string pdf_with_embedded(const std::string& stream, const std::string& filter) {
    std::vector<std::string> objs = {
        "<< /Type /Catalog /Pages 2 0 R /AF [4 0 R] >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
        "<< /Type /Filespec /F (protokoll.xml) /UF (protokoll.xml) /AFRelationship /Source /EF << /F 5 0 R >> >>",
        "<< /Type /EmbeddedFile /Subtype /text#2Fxml " + filter + "/Length " + std::to_string(stream.size()) + " >>\nstream\n" +
            stream + "\nendstream",
    };
    std::string pdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objs.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
    for (const auto o : offsets) {
        char line[24];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

TEST(HostilePdf, CompressionBombIsRefusedNotInflated) {
    const std::string bomb = deflated_zeros(200U * 1024U * 1024U);  // 200 MB of zeros in ~200 KB
    ASSERT_LT(bomb.size(), 1024U * 1024U);
    try {
        (void)pdf::read_embedded(pdf_with_embedded(bomb, "/Filter /FlateDecode "), "bomb.pdf", core::Limits{});
        FAIL() << "no error";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::Errc::PdfOverLimit);
        EXPECT_NE(e.message().find("decodes to more than"), std::string::npos) << e.message();
        EXPECT_EQ(e.where().file, "bomb.pdf");
    }
}

TEST(HostilePdf, UnknownFilterIsRefused) {
    try {
        (void)pdf::read_embedded(pdf_with_embedded("abc", "/Filter /LZWDecode "), "lzw.pdf", core::Limits{});
        FAIL() << "no error";
    } catch (const core::Error& e) {
        EXPECT_EQ(e.code(), core::Errc::PdfMalformed);
    }
}

TEST(HostilePdf, SmallPlainEmbeddedXmlIsRead) {
    const auto e = pdf::read_embedded(pdf_with_embedded("<x/>", ""), "plain.pdf", core::Limits{});
    EXPECT_EQ(e.xml, "<x/>");
    EXPECT_EQ(e.file_name, "protokoll.xml");
}

}  // namespace
}  // namespace justera
