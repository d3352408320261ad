// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The language a message is written in. Ids, codes, names, dates and
/// technical detail (OpenSSL's, a PDF reader's) stay as they are in both.

#include <cstdint>
#include <optional>
#include <string_view>

namespace justera::core {

enum class Language : std::uint8_t { Swedish, English };

/// "sv" or "en"; nothing for another code.
constexpr std::optional<Language> language_from(std::string_view code) noexcept {
    if (code == "sv") return Language::Swedish;
    if (code == "en") return Language::English;
    return std::nullopt;
}

}  // namespace justera::core
