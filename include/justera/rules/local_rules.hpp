// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// A municipality's own rules for its protocols, which Kommunallagen leaves
/// to the arbetsordning (KL 5 kap. 72 §) and the nämnd's reglemente (6 kap.
/// 44 §): who justerar, how many justerare, whether immediately adjusted
/// paragraphs are justerade on the meeting day, whether the sekreterare
/// signs. Read from a file given with --local-rules (docs/rules.md, "Local
/// rules"); without one, justera assumes the common practice and says so.

#include <optional>
#include <string>
#include <string_view>

namespace justera::rules {

struct LocalRules {
    /// The ordförande justerar too: their signature counts towards the
    /// justering day, and without it the protocol is not justerat.
    bool chair_justerar = false;
    /// How many justerare (besides the ordförande) the protocol should name.
    std::optional<int> justerare_count;
    /// How many ledamöter the body has (its seats), for the quorum (KL 5 kap.
    /// 45 §, 6 kap. 27 §): the protocol lists who served, not the seats.
    std::optional<int> members;
    /// Immediately adjusted paragraphs are justerade on the meeting day.
    bool immediate_same_day = true;
    /// The sekreterare signs the protocol.
    bool secretary_signs = true;
    /// Where the rules came from ("FILE"), or empty: the defaults.
    std::string source;
};

/// Reads a local-rules file: lines NAME = VALUE (docs/rules.md). Throws
/// core::Error (Usage) naming the file and line for an unknown name or value.
LocalRules read_local_rules(std::string_view text, const std::string& file);

}  // namespace justera::rules
