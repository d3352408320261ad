// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The municipal-law checks of a protocol (docs/rules.md): each finding has
/// a stable rule id, a severity, the paragraphs concerned, a message in
/// Swedish, the law it rests on, the evidence it was judged from, and its
/// basis: whether the text shows a rule broken, or does not say enough.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "justera/model/protocol.hpp"
#include "justera/rules/deadlines.hpp"

namespace justera::rules {

struct Finding {
    std::string rule;            ///< "justering.deadline"
    std::string severity;        ///< "error", "warning", "info"
    std::vector<int> paragraphs;
    std::string message;         ///< Swedish
    std::string law;             ///< "KL 5 kap. 69 §"
    std::string evidence;        ///< "verified_signatures", "signature_table", "header", "text"
    /// "breach": by the text's own facts a rule was not kept; "not-established":
    /// the text does not say enough to tell (a fact missing or unreadable), so a
    /// rule could not be judged; "note": information, nothing wrong.
    std::string basis = "breach";
};

/// Runs every check on `protocol` with its computed deadlines.
std::vector<Finding> check_protocol(const model::Protocol& protocol, const Deadlines& deadlines, Language lang = Language::Swedish);

}  // namespace justera::rules

namespace justera::rules {

/// Compares an agenda's proposals for immediate justering with the
/// protocol's decisions, item by item (matched by number, else title, else
/// the proposed decision text), and reports differences both ways.
std::vector<Finding> compare_agenda(const model::Protocol& protocol, const model::Agenda& agenda, Language lang = Language::Swedish);

}  // namespace justera::rules
