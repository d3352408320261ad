// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// A municipality's style for its protocols (`render --profile FILE`): the
/// name in the header, the document's title, how an organ is shown, an accent
/// colour, a footer line and a logo. docs/pdf.md, "The municipality's profile".

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace justera::pdf {

struct Style {
    std::string municipality;                    ///< "Exempelby kommun"; empty: the protocol's own, if it names one
    std::string title = "Protokoll";             ///< "Sammanträdesprotokoll"
    std::string extract_title = "Protokollsutdrag";
    std::vector<std::pair<std::string, std::string>> organ_names;  ///< as the protocol writes it -> as it is shown
    std::array<double, 3> accent{0.0, 0.0, 0.0};  ///< sRGB 0..1: title, § headings, the header's rule
    std::string footer;                          ///< a line at the foot of every page
    std::string logo_png;                        ///< a PNG file's bytes, drawn in the header; empty: none
    /// The signature lines of the Underskrifter page, in the order printed:
    /// "justerare" (one per justerare), "sekreterare", "ordförande".
    std::vector<std::string> signers{"justerare", "sekreterare"};

    /// The organ as the profile shows it.
    [[nodiscard]] std::string shown_organ(const std::string& organ) const {
        for (const auto& [written, shown] : organ_names) {
            if (written == organ) return shown;
        }
        return organ;
    }
};

/// The contrast ratio of a colour against white (WCAG 2.1, 1.4.3): 1 to 21.
double contrast_on_white(const std::array<double, 3>& rgb);

/// Reads a profile: one `NAME = VALUE` per line (core/settings.hpp):
/// municipality, title, extract-title, `organ WRITTEN = SHOWN`, colour
/// (#RRGGBB, at least 4.5:1 against white), footer, logo (a PNG file, read
/// with `load`, relative to the profile), signers (a comma-separated list of
/// justerare, sekreterare, ordförande; justerare required). Throws core::Error (Usage) naming
/// the file and line of a name it does not know or a value it cannot take.
Style read_style(std::string_view text, const std::string& file, const std::function<std::string(const std::string&)>& load);

}  // namespace justera::pdf
