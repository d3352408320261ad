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
    /// A rule broken outright: what a reader must see at once.
    [[nodiscard]] bool is_error() const { return severity == "error"; }
    std::vector<int> paragraphs;
    std::string message;         ///< Swedish
    std::string law;             ///< "KL 5 kap. 69 §"
    std::string evidence;        ///< "verified_signatures", "signature_table", "header", "text"
    /// "breach": by the text's own facts a rule was not kept; "not-established":
    /// the text does not say enough to tell (a fact missing or unreadable), so a
    /// rule could not be judged; "note": information, nothing wrong.
    std::string basis = "breach";
    /// "law": the rule is the law's (Kommunallagen, lag 1930:173); "local":
    /// it comes from the municipality's own rules (arbetsordning, reglemente)
    /// or practice, which differ from one municipality to the next; "none":
    /// a note about the text itself.
    std::string source = "law";
};

/// One rule `check` can report: its id, severity, basis, the provision it
/// rests on and whether that is the law or local practice (docs/rules.md
/// lists the same table; a test keeps the two equal).
struct Rule {
    std::string_view id;
    std::string_view severity;  ///< "error", "warning", "info"
    std::string_view basis;     ///< "breach", "not-established", "note"
    std::string_view law;       ///< "KL 5 kap. 69 §", "arbetsordning/reglemente (praxis)"
    std::string_view source;    ///< "law", "local", "none"
};

/// Every rule check_protocol and compare_agenda can report, in the order of docs/rules.md.
const std::vector<Rule>& rule_table();

/// Runs every check on `protocol` with its computed deadlines.
/// `local`: the municipality's own rules (--local-rules); the defaults are
/// the common practice (immediate paragraphs on the meeting day, the
/// sekreterare signs).
std::vector<Finding> check_protocol(const model::Protocol& protocol, const Deadlines& deadlines, Language lang = Language::Swedish,
                                    const LocalRules& local = {});

}  // namespace justera::rules

namespace justera::rules {

/// Compares an agenda's proposals for immediate justering with the
/// protocol's decisions, item by item (matched by number, else title, else
/// the proposed decision text), and reports differences both ways.
std::vector<Finding> compare_agenda(const model::Protocol& protocol, const model::Agenda& agenda, Language lang = Language::Swedish);

}  // namespace justera::rules
