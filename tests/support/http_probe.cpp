// SPDX-License-Identifier: GPL-3.0-or-later
// Drives justera's HTTP client (src/pki/http.cpp) alone, for the HTTP tests:
//   justera_http_probe URL [--post CONTENT-TYPE BODY-FILE] [--max BYTES] [--timeout S] [--out FILE]
// Prints "ok BYTES" or "error MESSAGE"; exit 0 or 1.

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "justera/pki/http.hpp"
#include "justera/core/io.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: justera_http_probe URL [--post TYPE FILE] [--max BYTES] [--timeout S] [--out FILE]\n");
        return 2;
    }
    std::string type, body, out;
    std::size_t max = 1024U * 1024U;
    long timeout = 10;
    for (int i = 2; i < argc; ++i) {
        const std::string o = argv[i];
        if (o == "--post" && i + 2 < argc) {
            type = argv[++i];
            std::ifstream in(argv[++i], std::ios::binary);
            std::ostringstream ss;
            ss << in.rdbuf();
            body = ss.str();
        } else if (o == "--max" && i + 1 < argc) {
            max = std::strtoul(argv[++i], nullptr, 10);
        } else if (o == "--timeout" && i + 1 < argc) {
            timeout = std::strtol(argv[++i], nullptr, 10);
        } else if (o == "--out" && i + 1 < argc) {
            out = argv[++i];
        }
    }
    const auto r = justera::pki::http_exchange(argv[1], type, body, max, timeout);
    if (!r.ok) {
        std::cout << "error " << r.error << "\n";
        return 1;
    }
    if (!out.empty()) justera::core::write_output(out, r.body);
    std::cout << "ok " << r.body.size() << "\n";
    return 0;
}
