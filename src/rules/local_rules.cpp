// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/rules/local_rules.hpp"

#include <charconv>

#include "justera/core/error.hpp"
#include "justera/core/settings.hpp"

namespace justera::rules {

LocalRules read_local_rules(std::string_view text, const std::string& file) {
    LocalRules out;
    out.source = file;
    for (const auto& s : core::read_settings(text, file, "a local rule", "en lokal regel")) {
        const core::Where where{file, s.line, std::nullopt};
        const auto yes_no = [&]() {
            if (s.value == "ja" || s.value == "yes") return true;
            if (s.value == "nej" || s.value == "no") return false;
            throw core::Error(core::Errc::Usage, s.name + " takes ja or nej, not '" + s.value + "'", where,
                              s.name + " tar ja eller nej, inte '" + s.value + "'");
        };
        const auto number = [&](int lo, int hi) {
            int n = 0;
            const auto [end, ec] = std::from_chars(s.value.data(), s.value.data() + s.value.size(), n);
            if (ec != std::errc{} || end != s.value.data() + s.value.size() || n < lo || n > hi) {
                throw core::Error(core::Errc::Usage,
                                  s.name + " takes a number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not '" + s.value + "'", where,
                                  s.name + " tar ett tal från " + std::to_string(lo) + " till " + std::to_string(hi) + ", inte '" + s.value + "'");
            }
            return n;
        };
        if (s.name == "ordforande-justerar" || s.name == "ordförande-justerar") {
            out.chair_justerar = yes_no();
        } else if (s.name == "omedelbar-justering-samma-dag") {
            out.immediate_same_day = yes_no();
        } else if (s.name == "sekreterare-skriver-under") {
            out.secretary_signs = yes_no();
        } else if (s.name == "justerare") {
            out.justerare_count = number(1, 9);
        } else if (s.name == "ledamoter" || s.name == "ledamöter") {
            out.members = number(1, 999);
        } else {
            throw core::Error(core::Errc::Usage,
                              "unknown local rule '" + s.name +
                                  "' (known: ordforande-justerar, justerare, ledamoter, omedelbar-justering-samma-dag, sekreterare-skriver-under)",
                              where,
                              "okänd lokal regel '" + s.name +
                                  "' (kända: ordforande-justerar, justerare, ledamoter, omedelbar-justering-samma-dag, sekreterare-skriver-under)");
        }
    }
    return out;
}

}  // namespace justera::rules
