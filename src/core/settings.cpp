// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/core/settings.hpp"

#include "justera/core/error.hpp"

namespace justera::core {

namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/// White space and U+00A0 NO-BREAK SPACE dropped at both ends.
std::string_view trimmed(std::string_view s) {
    for (;;) {
        if (!s.empty() && space(s.front())) s.remove_prefix(1);
        else if (s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
        else if (!s.empty() && space(s.back())) s.remove_suffix(1);
        else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
        else return s;
    }
}

}  // namespace

std::vector<Setting> read_settings(std::string_view text, const std::string& file, const std::string& what, const std::string& what_sv) {
    std::vector<Setting> out;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte order mark, as Windows editors write
    std::uint32_t line = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view l = trimmed(text.substr(start, end - start));
        start = end + 1;
        ++line;
        if (!l.empty() && l.front() != '#') {
            const auto eq = l.find('=');
            if (eq == std::string_view::npos || eq == 0) {
                throw Error(Errc::Usage, what + " is a line NAME = VALUE", Where{file, line, std::nullopt}, what_sv + " är en rad NAME = VALUE");
            }
            out.push_back(Setting{std::string(trimmed(l.substr(0, eq))), std::string(trimmed(l.substr(eq + 1))), line});
        }
        if (end == text.size()) break;
    }
    return out;
}

}  // namespace justera::core
