// SPDX-License-Identifier: GPL-3.0-or-later
// A stand-in for 'justera serve-worker' in the WorkerPool tests: it speaks
// the same frames and behaves as the request's name says: "sleep" never
// answers, "abort" dies on SIGABRT, "garbage" answers with bytes that are
// not a frame, "exit" ends at once, "fds" answers how many file descriptors
// it has open, "sigmask" whether SIGTERM is blocked or ignored, "orphan:PATH"
// starts a child that sleeps, writes its process id to PATH and never
// answers (as a worker waiting on justera-pdftext); any other
// name is echoed back with the worker's process id.

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "justera/core/io.hpp"
#include "justera/workers/pool.hpp"

int main() {
    justera::workers::Request r;
    while (justera::workers::read_request(STDIN_FILENO, r, 1U << 20U)) {
        if (r.name == "sleep") std::this_thread::sleep_for(std::chrono::seconds(60));
        if (r.name == "abort") std::abort();
        if (r.name == "exit") return 0;
        if (r.name.rfind("orphan:", 0) == 0) {
            const pid_t child = ::fork();
            if (child == 0) {
                std::this_thread::sleep_for(std::chrono::seconds(60));
                ::_exit(0);
            }
            justera::core::write_output(r.name.substr(7), std::to_string(child) + "\n");
            std::this_thread::sleep_for(std::chrono::seconds(60));
        }
        if (r.name == "fds") {
            int n = -1;  // the directory's own descriptor is not counted
            if (DIR* d = ::opendir("/proc/self/fd")) {
                while (const dirent* e = ::readdir(d)) n += e->d_name[0] != '.' ? 1 : 0;
                ::closedir(d);
            }
            justera::core::write_all(STDOUT_FILENO, justera::workers::encode_answer("{\"fds\":" + std::to_string(n) + "}"));
            continue;
        }
        if (r.name == "sigmask") {
            sigset_t now;
            sigprocmask(SIG_BLOCK, nullptr, &now);
            struct sigaction sa {};
            sigaction(SIGTERM, nullptr, &sa);
            const bool blocked = sigismember(&now, SIGTERM) == 1 || sa.sa_handler == SIG_IGN;
            justera::core::write_all(STDOUT_FILENO, justera::workers::encode_answer(std::string("{\"sigterm_held\":") + (blocked ? "true" : "false") + "}"));
            continue;
        }
        if (r.name == "garbage") {
            justera::core::write_all(STDOUT_FILENO, "HTTP/1.0 200 OK\r\n\r\n");
            continue;
        }
        justera::core::write_all(STDOUT_FILENO, justera::workers::encode_answer("{\"echo\":\"" + r.name + "\",\"pid\":" + std::to_string(::getpid()) +
                                                                                 ",\"bytes\":" + std::to_string(r.pdf.size()) + "}"));
    }
    return 0;
}
