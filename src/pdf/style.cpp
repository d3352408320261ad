// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a municipality's profile (style.hpp). In the executable: no PoDoFo.

#include "justera/pdf/style.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "justera/core/error.hpp"
#include "justera/core/settings.hpp"

namespace justera::pdf {

namespace {

using core::Errc;
using core::Error;

double linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

bool hex_colour(const std::string& v, std::array<double, 3>& out) {
    if (v.size() != 7 || v[0] != '#') return false;
    for (int k = 0; k < 3; ++k) {
        unsigned int x = 0;
        const std::string part = v.substr(1 + static_cast<std::size_t>(k) * 2, 2);
        if (part.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) return false;
        std::sscanf(part.c_str(), "%x", &x);  // NOLINT(cert-err34-c): two hex digits, checked above
        out[static_cast<std::size_t>(k)] = x / 255.0;
    }
    return true;
}

}  // namespace

double contrast_on_white(const std::array<double, 3>& rgb) {
    const double l = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
    return 1.05 / (l + 0.05);
}

Style read_style(std::string_view text, const std::string& file, const std::function<std::string(const std::string&)>& load) {
    Style s;
    for (const auto& set : core::read_settings(text, file, "a profile setting")) {
        const core::Where where{file, set.line};
        const auto& v = set.value;
        if (v.empty()) throw Error(Errc::Usage, "'" + set.name + "' has no value", where);
        if (set.name == "municipality") {
            s.municipality = v;
        } else if (set.name == "title") {
            s.title = v;
        } else if (set.name == "extract-title") {
            s.extract_title = v;
        } else if (set.name.rfind("organ ", 0) == 0 && set.name.size() > 6) {
            s.organ_names.emplace_back(set.name.substr(6), v);
        } else if (set.name == "colour" || set.name == "color") {
            if (!hex_colour(v, s.accent)) throw Error(Errc::Usage, "colour '" + v + "' is not #RRGGBB", where);
            const double ratio = contrast_on_white(s.accent);
            if (ratio < 4.5) {
                char buf[16];
                std::snprintf(buf, sizeof buf, "%.1f", ratio);
                throw Error(Errc::Usage,
                            "colour " + v + " has a contrast of " + buf +
                                ":1 against white; text in it needs at least 4.5:1 to be readable (WCAG 2.1, 1.4.3): choose a darker colour",
                            where);
            }
        } else if (set.name == "footer") {
            s.footer = v;
        } else if (set.name == "logo") {
            s.logo_png = load(v);
            if (s.logo_png.rfind("\x89PNG\r\n\x1a\n", 0) != 0 || s.logo_png.size() < 24 || s.logo_png.compare(12, 4, "IHDR") != 0) {
                throw Error(Errc::Usage, "logo '" + v + "' is not a PNG file (SVG is not read: export the logo as PNG)", where);
            }
            // It is drawn 26 points high: 2000 pixels either way is plenty,
            // and bounds the memory of decoding it.
            const auto be32 = [&](std::size_t at) {
                std::uint32_t x = 0;
                for (std::size_t k = 0; k < 4; ++k) x = (x << 8) | static_cast<unsigned char>(s.logo_png[at + k]);
                return x;
            };
            const std::uint32_t w = be32(16);
            const std::uint32_t h = be32(20);
            if (w == 0 || h == 0 || w > 2000 || h > 2000) {
                throw Error(Errc::Usage,
                            "logo '" + v + "' is " + std::to_string(w) + "x" + std::to_string(h) + " pixels; at most 2000x2000 (it is drawn 26 points high)",
                            where);
            }
        } else {
            throw Error(Errc::Usage,
                        "no profile setting '" + set.name +
                            "' (known: municipality, title, extract-title, organ NAME, colour, footer, logo)",
                        where);
        }
    }
    return s;
}

}  // namespace justera::pdf
