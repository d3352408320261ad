// SPDX-License-Identifier: GPL-3.0-or-later
// Running justera-pdftext: whatever the helper does (hangs, floods, stops
// reading, says "encrypted"), justera gets an answer or a clear error in
// bounded time. The helper is replaced by small scripts through
// $JUSTERA_PDFTEXT; the real one is tested in interop.foreign-pdf-text.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "justera/core/error.hpp"
#include "justera/pdf/foreign_text.hpp"

namespace {

using justera::core::Errc;
using justera::core::Error;
namespace fs = std::filesystem;

class ForeignText : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("justera-foreign-" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
    }
    void TearDown() override {
        ::unsetenv("JUSTERA_PDFTEXT");
        fs::remove_all(m_dir);
    }
    /// Installs a shell script as the helper.
    void helper(const std::string& body) {
        const fs::path p = m_dir / "helper.sh";
        std::ofstream(p) << "#!/bin/sh\n" << body << "\n";
        fs::permissions(p, fs::perms::owner_all);
        ::setenv("JUSTERA_PDFTEXT", p.c_str(), 1);
    }
    Errc code_of(const std::string& pdf, const justera::pdf::ForeignTextOptions& o, std::string& message) {
        try {
            justera::pdf::foreign_page_text(pdf, "in.pdf", o);
        } catch (const Error& e) {
            message = e.what();
            return e.code();
        }
        return Errc::Unknown;
    }
    fs::path m_dir;
};

TEST_F(ForeignText, PagesAreSplitAtFormFeeds) {
    helper("cat >/dev/null; printf 'one\\nline\\fsecond\\f\\f'");
    const auto pages = justera::pdf::foreign_page_text("%PDF-1.7 ...", "in.pdf");
    ASSERT_EQ(pages.size(), 3U);
    EXPECT_EQ(pages[0], "one\nline");
    EXPECT_EQ(pages[1], "second");
    EXPECT_EQ(pages[2], "");
}

TEST_F(ForeignText, AHangingHelperIsStoppedAtTheTimeLimit) {
    helper("exec sleep 30");
    justera::pdf::ForeignTextOptions o;
    o.timeout_seconds = 1;
    std::string msg;
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(code_of("%PDF-1.7", o, msg), Errc::PdfTextUnreadable);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
    EXPECT_NE(msg.find("took over 1 s"), std::string::npos) << msg;
}

TEST_F(ForeignText, AFloodOfTextIsCut) {
    helper("cat >/dev/null; exec yes 'en rad text'");
    justera::pdf::ForeignTextOptions o;
    o.max_output_bytes = 1024 * 1024;
    std::string msg;
    EXPECT_EQ(code_of("%PDF-1.7", o, msg), Errc::PdfTextUnreadable);
    EXPECT_NE(msg.find("over 1 MiB"), std::string::npos) << msg;
}

TEST_F(ForeignText, AHelperThatDoesNotReadItsInputDoesNotStopJustera) {
    // 8 MiB of input to a helper that exits at once: the write fails with
    // EPIPE instead of SIGPIPE ending the test process.
    helper("exit 3");
    std::string msg;
    EXPECT_EQ(code_of(std::string(8 * 1024 * 1024, 'x'), {}, msg), Errc::PdfTextUnreadable);
    EXPECT_NE(msg.find("poppler cannot read the text"), std::string::npos) << msg;
}

TEST_F(ForeignText, ExitCodesBecomeErrorCodes) {
    std::string msg;
    helper("cat >/dev/null; echo 'the PDF is encrypted: it needs a password to be read' >&2; exit 4");
    EXPECT_EQ(code_of("%PDF-1.7", {}, msg), Errc::PdfEncrypted);
    EXPECT_NE(msg.find("password"), std::string::npos) << msg;
    helper("cat >/dev/null; kill -ABRT $$");
    EXPECT_EQ(code_of("%PDF-1.7", {}, msg), Errc::PdfTextUnreadable);
    EXPECT_NE(msg.find("poppler stopped"), std::string::npos) << msg;
    ::setenv("JUSTERA_PDFTEXT", (m_dir / "absent").c_str(), 1);
    EXPECT_EQ(code_of("%PDF-1.7", {}, msg), Errc::HelperMissing);
    EXPECT_NE(msg.find("justera-pdftext"), std::string::npos) << msg;
}

}  // namespace
