// SPDX-License-Identifier: GPL-3.0-or-later
// A stand-in for 'justera serve-worker' in the WorkerPool tests: it speaks
// the same frames and behaves as the request's name says: "sleep" never
// answers, "abort" dies on SIGABRT, "garbage" answers with bytes that are
// not a frame, "exit" ends at once; any other name is echoed back with the
// worker's process id.

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <thread>

#include "justera/core/io.hpp"
#include "justera/serve/workers.hpp"

int main() {
    justera::serve::Request r;
    while (justera::serve::read_request(STDIN_FILENO, r, 1U << 20U)) {
        if (r.name == "sleep") std::this_thread::sleep_for(std::chrono::seconds(60));
        if (r.name == "abort") std::abort();
        if (r.name == "exit") return 0;
        if (r.name == "garbage") {
            justera::core::write_all(STDOUT_FILENO, "HTTP/1.0 200 OK\r\n\r\n");
            continue;
        }
        justera::core::write_all(STDOUT_FILENO, justera::serve::encode_answer("{\"echo\":\"" + r.name + "\",\"pid\":" + std::to_string(::getpid()) +
                                                                                 ",\"bytes\":" + std::to_string(r.pdf.size()) + "}"));
    }
    return 0;
}
