// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a municipality's profile (style.hpp). In the executable: no PoDoFo.

#include "justera/pdf/style.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <utility>

#include <zlib.h>

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

/// A PNG whose every chunk is whole (length, CRC), that ends in IEND, and
/// whose image data inflates to exactly its rows with valid filter bytes:
/// libpng would stop half-way through anything else, and PoDoFo, which calls
/// it, does not free what it had made. "" when it is whole, else why not
/// (in English and in Swedish).
std::pair<std::string, std::string> png_fault(const std::string& png, std::uint32_t w, std::uint32_t h) {
    const auto be32 = [&](std::size_t at) {
        std::uint32_t x = 0;
        for (std::size_t k = 0; k < 4; ++k) x = (x << 8) | static_cast<unsigned char>(png[at + k]);
        return x;
    };
    const auto depth = static_cast<unsigned char>(png[24]);
    const auto colour = static_cast<unsigned char>(png[25]);
    const unsigned channels = colour == 0 ? 1 : colour == 2 ? 3 : colour == 3 ? 1 : colour == 4 ? 2 : colour == 6 ? 4 : 0;
    if (channels == 0 || (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16)) {
        return {"an unknown colour type or depth", "en okänd färgtyp eller ett okänt bitdjup"};
    }
    if (static_cast<unsigned char>(png[28]) != 0) {
        return {"interlaced (save it without interlacing)", "den är sparad med radsprång (spara den utan radsprång)"};
    }
    const std::size_t row = 1 + (static_cast<std::size_t>(w) * channels * depth + 7) / 8;
    std::string idat;
    bool end = false;
    for (std::size_t at = 8; !end;) {
        if (at + 12 > png.size()) return {"it ends before its IEND chunk", "den tar slut före sitt IEND-block"};
        const std::uint32_t len = be32(at);
        if (len > png.size() - at - 12) return {"a chunk runs past the end of the file", "ett block fortsätter förbi filens slut"};
        const std::string type = png.substr(at + 4, 4);
        const auto crc = static_cast<std::uint32_t>(
            crc32(crc32(0L, nullptr, 0), reinterpret_cast<const Bytef*>(png.data() + at + 4), static_cast<uInt>(len + 4)));
        if (crc != be32(at + 8 + len)) return {"the " + type + " chunk's checksum is wrong", "kontrollsumman för blocket " + type + " är fel"};
        if (type == "IDAT") idat.append(png, at + 8, len);
        end = type == "IEND";
        at += 12 + len;
    }
    std::string raw(row * h, '\0');
    uLongf size = static_cast<uLongf>(raw.size());
    if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &size, reinterpret_cast<const Bytef*>(idat.data()), static_cast<uLong>(idat.size())) != Z_OK ||
        size != raw.size()) {
        return {"its image data does not inflate to its " + std::to_string(h) + " rows",
                "bilddata kan inte packas upp till bildens " + std::to_string(h) + " rader"};
    }
    for (std::size_t r = 0; r < h; ++r) {
        if (static_cast<unsigned char>(raw[r * row]) > 4) {
            return {"row " + std::to_string(r) + " has no valid filter", "rad " + std::to_string(r) + " har inget giltigt filter"};
        }
    }
    return {};
}

/// "sekreterare, ordförande, justerare": the signature lines in the order
/// printed. Each role once; the justerare always (the law's justering).
std::vector<std::string> read_signers(const std::string& v, const core::Where& where) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at <= v.size()) {
        const std::size_t comma = std::min(v.find(',', at), v.size());
        std::string role = v.substr(at, comma - at);
        role.erase(0, role.find_first_not_of(" \t"));
        role.erase(role.find_last_not_of(" \t") + 1);
        if (role == "ordforande") role = "ordförande";
        if (role != "justerare" && role != "sekreterare" && role != "ordförande") {
            throw Error(Errc::Usage, "signers: '" + role + "' is not a role that signs (justerare, sekreterare, ordförande)", where,
                        "signers: '" + role + "' är ingen roll som skriver under (justerare, sekreterare, ordförande)");
        }
        if (std::find(out.begin(), out.end(), role) != out.end()) {
            throw Error(Errc::Usage, "signers: " + role + " is named twice", where, "signers: " + role + " anges två gånger");
        }
        out.push_back(role);
        at = comma + 1;
    }
    if (std::find(out.begin(), out.end(), "justerare") == out.end()) {
        throw Error(Errc::Usage, "signers: justerare must be among them: their lines are where the protocol is justerat", where,
                    "signers: justerare måste finnas med: det är på deras rader som protokollet justeras");
    }
    return out;
}

}  // namespace

double contrast_on_white(const std::array<double, 3>& rgb) {
    const double l = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
    return 1.05 / (l + 0.05);
}

Style read_style(std::string_view text, const std::string& file, const std::function<std::string(const std::string&)>& load) {
    Style s;
    for (const auto& set : core::read_settings(text, file, "a profile setting", "en profilinställning")) {
        const core::Where where{file, set.line};
        const auto& v = set.value;
        if (v.empty()) throw Error(Errc::Usage, "'" + set.name + "' has no value", where, "'" + set.name + "' saknar värde");
        if (set.name == "municipality") {
            s.municipality = v;
        } else if (set.name == "title") {
            s.title = v;
        } else if (set.name == "extract-title") {
            s.extract_title = v;
        } else if (set.name.rfind("organ ", 0) == 0 && set.name.size() > 6) {
            s.organ_names.emplace_back(set.name.substr(6), v);
        } else if (set.name == "colour" || set.name == "color") {
            if (!hex_colour(v, s.accent)) {
                throw Error(Errc::Usage, "colour '" + v + "' is not #RRGGBB", where, "färgen '" + v + "' är inte på formen #RRGGBB");
            }
            const double ratio = contrast_on_white(s.accent);
            if (ratio < 4.5) {
                char buf[16];
                std::snprintf(buf, sizeof buf, "%.1f", ratio);
                std::string buf_sv = buf;  // a decimal comma in Swedish
                std::replace(buf_sv.begin(), buf_sv.end(), '.', ',');
                throw Error(Errc::Usage,
                            "colour " + v + " has a contrast of " + buf +
                                ":1 against white; text in it needs at least 4.5:1 to be readable (WCAG 2.1, 1.4.3): choose a darker colour",
                            where,
                            "färgen " + v + " har kontrasten " + buf_sv +
                                ":1 mot vitt; text i den behöver minst 4,5:1 för att vara läsbar (WCAG 2.1, 1.4.3): välj en mörkare färg");
            }
        } else if (set.name == "footer") {
            s.footer = v;
        } else if (set.name == "logo") {
            s.logo_png = load(v);
            if (s.logo_png.rfind("\x89PNG\r\n\x1a\n", 0) != 0 || s.logo_png.size() < 24 || s.logo_png.compare(12, 4, "IHDR") != 0) {
                throw Error(Errc::Usage, "logo '" + v + "' is not a PNG file (SVG is not read: export the logo as PNG)", where,
                            "logotypen '" + v + "' är ingen PNG-fil (SVG läses inte: exportera logotypen som PNG)");
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
                            where,
                            "logotypen '" + v + "' är " + std::to_string(w) + "x" + std::to_string(h) +
                                " bildpunkter; högst 2000x2000 (den ritas 26 punkter hög)");
            }
            if (s.logo_png.size() < 33) {
                throw Error(Errc::Usage, "logo '" + v + "' cannot be read as a PNG image: it ends early", where,
                            "logotypen '" + v + "' kan inte läsas som en PNG-bild: den tar slut för tidigt");
            }
            if (const auto fault = png_fault(s.logo_png, w, h); !fault.first.empty()) {
                throw Error(Errc::Usage, "logo '" + v + "' cannot be read as a PNG image: " + fault.first, where,
                            "logotypen '" + v + "' kan inte läsas som en PNG-bild: " + fault.second);
            }
        } else if (set.name == "signers") {
            s.signers = read_signers(v, where);
        } else {
            throw Error(Errc::Usage,
                        "no profile setting '" + set.name +
                            "' (known: municipality, title, extract-title, organ NAME, colour, footer, logo, signers)",
                        where,
                        "det finns ingen profilinställning '" + set.name +
                            "' (kända: municipality, title, extract-title, organ NAMN, colour, footer, logo, signers)");
        }
    }
    return s;
}

}  // namespace justera::pdf
