// SPDX-License-Identifier: GPL-3.0-or-later
// Atomic output: a reader sees the old file or the whole new one, never a
// part, and nothing is left behind when the writer fails or is killed.

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"

namespace fs = std::filesystem;
using namespace justera;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        std::string t = (fs::temp_directory_path() / "justera-io-XXXXXX").string();
        path = ::mkdtemp(t.data());
    }
    ~TempDir() { fs::remove_all(path); }
    [[nodiscard]] std::size_t entries() const {
        return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), fs::directory_iterator()));
    }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST(AtomicWrite, ReplacesTheWholeFileAndLeavesNoTemporaryFile) {
    TempDir d;
    const fs::path out = d.path / "out.pdf";
    core::write_file_atomic(out, "old");
    core::write_file_atomic(out, std::string(100000, 'x'));
    EXPECT_EQ(slurp(out), std::string(100000, 'x'));
    EXPECT_EQ(d.entries(), 1U);
    EXPECT_EQ(fs::status(out).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
}

TEST(AtomicWrite, AFailedWriteLeavesTheOldFileAndNothingElse) {
    TempDir d;
    const fs::path out = d.path / "out.pdf";
    core::write_file_atomic(out, "old");
    // A file-size limit makes write() fail part way (EFBIG; SIGXFSZ ignored
    // as the command-line program does).
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit lim{64 * 1024, 64 * 1024};
        ::setrlimit(RLIMIT_FSIZE, &lim);
        try {
            core::write_file_atomic(out, std::string(1024 * 1024, 'y'));
        } catch (const core::Error& e) {
            ::_exit(e.code() == core::Errc::OutputUnwritable ? 7 : 8);
        }
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 7);
    EXPECT_EQ(slurp(out), "old");
    EXPECT_EQ(d.entries(), 1U);
}

TEST(AtomicWrite, AWriterKilledAtAnyMomentLeavesTheOldOrTheWholeNewFile) {
    TempDir d;
    const fs::path out = d.path / "out.pdf";
    const std::string big(256U * 1024U * 1024U / 4U, 'z');  // 64 MiB: long enough to be killed while writing
    core::write_file_atomic(out, "old");
    for (const int delay_ms : {0, 5, 20, 60}) {
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            core::write_file_atomic(out, big);
            ::_exit(0);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        const std::string now = slurp(out);
        EXPECT_TRUE(now == "old" || now == big) << "a partial file of " << now.size() << " bytes after a kill at " << delay_ms << " ms";
        EXPECT_EQ(d.entries(), 1U) << "a temporary file was left after a kill at " << delay_ms << " ms";
        if (now == big) core::write_file_atomic(out, "old");
    }
}
