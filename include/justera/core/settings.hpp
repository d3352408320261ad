// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The one format of justera's small hand-written files (corrections, local
/// rules): one `NAME = VALUE` per line, `#` starts a comment line, blank
/// lines are skipped, white space around name and value is dropped.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace justera::core {

struct Setting {
    std::string name;
    std::string value;
    std::uint32_t line = 0;  ///< 1-based
};

/// The settings of `text`, in order. Throws core::Error (Usage) naming
/// `file` and the line when a line is not NAME = VALUE; `what` names one
/// setting in that message ("a correction", "a local rule"), `what_sv` in
/// Swedish ("en rättelse").
std::vector<Setting> read_settings(std::string_view text, const std::string& file, const std::string& what, const std::string& what_sv);

}  // namespace justera::core
