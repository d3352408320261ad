// SPDX-License-Identifier: GPL-3.0-or-later
// Atomic output: a reader sees the old file or the whole new one, never a
// part, and nothing is left behind when the writer fails or is killed.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

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
    core::write_output(out.string(), "old");
    core::write_output(out.string(), std::string(100000, 'x'));
    EXPECT_EQ(slurp(out), std::string(100000, 'x'));
    EXPECT_EQ(d.entries(), 1U);
    EXPECT_EQ(fs::status(out).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
}

TEST(AtomicWrite, AFailedWriteLeavesTheOldFileAndNothingElse) {
    TempDir d;
    const fs::path out = d.path / "out.pdf";
    core::write_output(out.string(), "old");
    // A file-size limit makes write() fail part way (EFBIG; SIGXFSZ ignored
    // as the command-line program does).
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit lim{64 * 1024, 64 * 1024};
        ::setrlimit(RLIMIT_FSIZE, &lim);
        try {
            core::write_output(out.string(), std::string(1024 * 1024, 'y'));
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
    core::write_output(out.string(), "old");
    for (const int delay_ms : {0, 5, 20, 60}) {
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            core::write_output(out.string(), big);
            ::_exit(0);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        const std::string now = slurp(out);
        EXPECT_TRUE(now == "old" || now == big) << "a partial file of " << now.size() << " bytes after a kill at " << delay_ms << " ms";
        EXPECT_EQ(d.entries(), 1U) << "a temporary file was left after a kill at " << delay_ms << " ms";
        if (now == big) core::write_output(out.string(), "old");
    }
}

// ---- What -o names decides how it is written (docs/cli.md, OUTPUT)

namespace {

std::string read_all(int fd) {
    std::string got;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got.append(buf, static_cast<std::size_t>(n));
    }
    return got;
}

void write_all_or_ignore(int fd, const std::string& s) { (void)!::write(fd, s.data(), s.size()); }

core::Errc code_of_write(const std::string& path, const std::string& data, std::string* message = nullptr) {
    try {
        core::write_output(path, data);
    } catch (const core::Error& e) {
        if (message) *message = e.what();
        return e.code();
    }
    return core::Errc::Unknown;
}

}  // namespace

TEST(Output, AFifoReceivesTheBytesAndStaysAFifo) {
    TempDir d;
    const fs::path fifo = d.path / "pipe";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const std::string data(300000, 'f');  // more than a pipe holds: the reader must drain it
    // The reading end is opened first without waiting for a writer, and
    // read as data comes (poll): a reader that found no writer yet would see
    // the end at once, and a writer that replaced the FIFO instead of opening
    // it must fail the test after a while, not hang it.
    const int fd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(fd, 0);
    std::string got;
    std::thread reader([&] {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        bool writer_seen = false;
        char buf[65536];
        while (std::chrono::steady_clock::now() < give_up) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0) continue;
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n > 0) {
                writer_seen = true;
                got.append(buf, static_cast<std::size_t>(n));
            } else if (n == 0 && writer_seen) {
                break;  // the writer closed its end
            } else if (n == 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds(10));  // no writer yet
            }
        }
        ::close(fd);
    });
    core::write_output(fifo.string(), data);
    reader.join();
    EXPECT_EQ(got, data);
    EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
    EXPECT_EQ(d.entries(), 1U);
}

TEST(Output, ASymlinkStaysAndTheFileItPointsToIsReplacedInItsOwnDirectory) {
    TempDir d;
    fs::create_directory(d.path / "arkiv");
    const fs::path target = d.path / "arkiv" / "protokoll.xml";
    core::write_output(target.string(), "old");
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
    const fs::path link = d.path / "senaste.xml";
    fs::create_symlink("arkiv/protokoll.xml", link);  // relative, to the link's own directory
    core::write_output(link.string(), "new");
    ASSERT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(fs::read_symlink(link), fs::path("arkiv/protokoll.xml"));
    EXPECT_EQ(slurp(target), "new");
    EXPECT_EQ(fs::status(target).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write)
        << "a replaced file keeps its permission bits";
    EXPECT_EQ(d.entries(), 2U);  // arkiv/ and the link: no temporary file beside the link
    EXPECT_EQ(static_cast<std::size_t>(std::distance(fs::directory_iterator(d.path / "arkiv"), fs::directory_iterator())), 1U);
}

TEST(Output, AChainOfLinksIsFollowedToTheEndAndADanglingLinkCreatesItsTarget) {
    TempDir d;
    fs::create_directory(d.path / "a");
    fs::create_directory(d.path / "b");
    fs::create_symlink("../b/two", d.path / "a" / "one");
    fs::create_symlink(d.path / "b" / "three", d.path / "b" / "two");  // absolute
    const fs::path first = d.path / "first";
    fs::create_symlink("a/one", first);
    core::write_output(first.string(), "through three links");
    EXPECT_EQ(slurp(d.path / "b" / "three"), "through three links");
    EXPECT_TRUE(fs::is_symlink(first));
    EXPECT_TRUE(fs::is_symlink(d.path / "a" / "one"));
    EXPECT_TRUE(fs::is_symlink(d.path / "b" / "two"));
    EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(d.path / "b" / "three")));
}

TEST(Output, ALoopOfLinksIsRefusedNotFollowedForever) {
    TempDir d;
    fs::create_symlink("b", d.path / "a");
    fs::create_symlink("a", d.path / "b");
    std::string message;
    EXPECT_EQ(code_of_write((d.path / "a").string(), "x", &message), core::Errc::OutputUnwritable);
    EXPECT_NE(message.find("symbolic links"), std::string::npos) << message;
    EXPECT_EQ(d.entries(), 2U);
}

TEST(Output, ADescriptorNamedByAPathIsWrittenToNotReplaced) {
    for (const std::string& dir : {std::string("/dev/fd/"), std::string("/proc/self/fd/")}) {
        int p[2];
        ASSERT_EQ(::pipe(p), 0);
        std::string got;
        std::thread reader([&] { got = read_all(p[0]); });
        core::write_output(dir + std::to_string(p[1]), std::string(100000, 'd'));
        ::close(p[1]);
        reader.join();
        ::close(p[0]);
        EXPECT_EQ(got, std::string(100000, 'd')) << dir;
    }
}

TEST(Output, DashAndDevStdoutAreStandardOutput) {
    for (const std::string& name : {std::string("-"), std::string("/dev/stdout")}) {
        int p[2];
        ASSERT_EQ(::pipe(p), 0);
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            ::dup2(p[1], STDOUT_FILENO);
            ::close(p[0]);
            ::close(p[1]);
            try {
                core::write_output(name, "to standard output");
            } catch (...) {
                ::_exit(1);
            }
            ::_exit(0);
        }
        ::close(p[1]);
        const std::string got = read_all(p[0]);
        ::close(p[0]);
        int status = 0;
        ::waitpid(pid, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << name;
        EXPECT_EQ(got, "to standard output") << name;
    }
}

TEST(Output, AUnixSocketIsConnectedToAndWritten) {
    TempDir d;
    const fs::path path = d.path / "sock";
    const int server = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_GE(server, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    ASSERT_EQ(::bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(server, 1), 0);
    std::string got;
    std::thread reader([&] {
        const int c = ::accept(server, nullptr, nullptr);
        got = read_all(c);
        ::close(c);
    });
    core::write_output(path.string(), "over a socket");
    reader.join();
    ::close(server);
    EXPECT_EQ(got, "over a socket");
    EXPECT_TRUE(fs::is_socket(fs::symlink_status(path)));
}

TEST(Output, ADirectoryIsRefusedWithAMessageThatSaysSo) {
    TempDir d;
    std::string message;
    EXPECT_EQ(code_of_write(d.path.string(), "x", &message), core::Errc::OutputUnwritable);
    EXPECT_NE(message.find("directory"), std::string::npos) << message;
    EXPECT_EQ(d.entries(), 0U);
    EXPECT_EQ(code_of_write((d.path / "no-such-dir" / "x.xml").string(), "x", &message), core::Errc::OutputUnwritable);
    EXPECT_NE(message.find("No such file"), std::string::npos) << message;
}

TEST(Output, CharacterDevicesAreWrittenInPlaceNeverReplaced) {
    // As root the old writer renamed a file over /dev/null. This runs in a
    // child with a private mount namespace and a /dev of its own (a tmpfs with
    // its own null and full devices), so that a regression cannot harm the
    // machine. Where that cannot be had (a chroot whose / is no mount point),
    // the same devices are made in a directory of the test's own; without
    // root, it reports and checks nothing.
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::close(p[0]);
        const auto say = [&](const std::string& what, int code) {
            write_all_or_ignore(p[1], what);
            ::_exit(code);
        };
        std::string dir = "/dev";
        if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
            ::mount("tmpfs", "/dev", "tmpfs", 0, "mode=0755") != 0) {
            std::string t = (fs::temp_directory_path() / "justera-dev-XXXXXX").string();
            if (!::mkdtemp(t.data())) say(std::string("mkdtemp: ") + std::strerror(errno), 2);
            dir = t;
        }
        const std::string null_path = dir + "/null";
        const std::string full_path = dir + "/full";
        if (::mknod(null_path.c_str(), S_IFCHR | 0666, ::makedev(1, 3)) != 0 ||
            ::mknod(full_path.c_str(), S_IFCHR | 0666, ::makedev(1, 7)) != 0) {
            const std::string why = std::strerror(errno);
            if (dir != "/dev") fs::remove_all(dir);
            say("mknod in " + dir + ": " + why, 2);
        }
        std::string failed;
        std::string message;
        if (code_of_write(null_path, std::string(100000, 'n'), &message) != core::Errc::Unknown) failed += "writing " + null_path + ": " + message + "; ";
        if (code_of_write(full_path, "x", &message) != core::Errc::OutputUnwritable || message.find("No space left") == std::string::npos) {
            failed += full_path + ": " + message + "; ";
        }
        struct stat null_st {}, full_st {};
        if (::lstat(null_path.c_str(), &null_st) != 0 || !S_ISCHR(null_st.st_mode) || null_st.st_rdev != ::makedev(1, 3)) failed += null_path + " is no longer the null device; ";
        if (::lstat(full_path.c_str(), &full_st) != 0 || !S_ISCHR(full_st.st_mode)) failed += full_path + " is no longer a device; ";
        if (std::distance(fs::directory_iterator(dir), fs::directory_iterator()) != 2) failed += "something was left in " + dir + "; ";
        if (dir != "/dev") fs::remove_all(dir);
        say(failed.empty() ? "ok in " + dir : failed, failed.empty() ? 0 : 1);
    }
    ::close(p[1]);
    const std::string said = read_all(p[0]);
    ::close(p[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status)) << said;
    if (WEXITSTATUS(status) == 2) {
        std::cout << "[ REPORT   ] not checked here (" << said << "): making a device needs root\n";
        return;
    }
    EXPECT_EQ(WEXITSTATUS(status), 0) << said;
    std::cout << "[ INFO     ] " << said << "\n";
}

TEST(Output, AnOutputThatIsAnInputIsRefusedHoweverItIsNamed) {
    TempDir d;
    const fs::path input = d.path / "protokoll.xml";
    core::write_output(input.string(), "<protocol/>");
    fs::create_symlink("protokoll.xml", d.path / "link.xml");
    fs::create_hard_link(input, d.path / "hard.xml");
    const auto refused = [&](const std::string& out, const std::vector<std::string>& inputs) {
        try {
            core::refuse_output_over_inputs(out, inputs);
        } catch (const core::Error& e) {
            EXPECT_EQ(e.code(), core::Errc::Usage);
            EXPECT_NE(std::string(e.what()).find("is the input file"), std::string::npos) << e.what();
            return true;
        }
        return false;
    };
    EXPECT_TRUE(refused(input.string(), {input.string()}));
    EXPECT_TRUE(refused((d.path / "link.xml").string(), {input.string()}));
    EXPECT_TRUE(refused(input.string(), {(d.path / "link.xml").string()}));
    EXPECT_TRUE(refused((d.path / "hard.xml").string(), {input.string()}));
    EXPECT_TRUE(refused((d.path / "." / "protokoll.xml").string(), {"", "/nonexistent", input.string()}));
    EXPECT_FALSE(refused((d.path / "other.xml").string(), {input.string()}));  // a new file
    core::write_output((d.path / "other.xml").string(), "x");
    EXPECT_FALSE(refused((d.path / "other.xml").string(), {input.string()}));
    EXPECT_FALSE(refused("", {input.string()}));
    EXPECT_EQ(slurp(input), "<protocol/>");
}
