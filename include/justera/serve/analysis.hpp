// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// What the verification page knows about one uploaded PDF: the report of
/// `justera verify`, the findings and dates of `justera check`, the
/// protocol's organ, day and paragraphs, a verdict in plain words, and the
/// embedded XML. One JSON value (docs/serve.md), made in a worker process.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "justera/rules/deadlines.hpp"
#include "justera/verify/verify.hpp"

namespace justera::serve {

/// The verdict in plain words: one key, and its sentence in Swedish and English.
struct Plain {
    std::string key;  ///< justerat, changed, not_all_signed, secretary_unsigned, unsigned, untrusted, revoked, failed, unreadable, indeterminate
    std::string sv;
    std::string en;
};
Plain plain_verdict(const verify::Report& report);

/// The page's first answer, to "Är protokollet justerat?" / "Is the
/// protocol justerat?": `yes` (every justerare, and the ordförande where the
/// document has a line for them, signed with a valid signature that chains
/// to a trusted root, and nothing changed after), `not_yet` (who is
/// missing), `cannot_confirm` (why not), `changed` (what), each with its
/// sentence in both languages; `notes` are what the visitor must also read
/// at once: a missing sekreterare, a self-signed certificate, a law
/// finding of the kind "error" (a justering too late).
struct Answer {
    std::string key;  ///< yes, not_yet, cannot_confirm, changed
    std::string sv;
    std::string en;
    std::vector<std::pair<std::string, std::string>> notes;  ///< (sv, en)
};
/// `protocol_known`: the file carries a protocol or its pages' text is one.
/// (The law's findings of the kind "error" are added before the notes when
/// the answer is written out.)
Answer justerat_answer(const verify::Report& report, const Plain& plain, bool protocol_known);

/// Verifies `pdf` and checks its protocol. Throws core::Error only when the
/// file is refused (not a PDF, over a limit). The result's "recheck" member
/// is for the server alone (recheck below), never for the visitor.
nlohmann::ordered_json analyse(std::string_view pdf, const std::string& name, std::optional<rules::Date> anslag, const verify::Context& context,
                               const std::string& tool_version);

/// The law's check and the answer again for another notice day, from what
/// analyse left in "recheck" (the protocol's XML, the signature days):
/// {"check": …, "answer": …}. No file is read again.
nlohmann::ordered_json recheck(const nlohmann::ordered_json& kept, std::optional<rules::Date> anslag, const core::Limits& limits);

/// The worker job name that asks for recheck instead of a verification.
inline constexpr std::string_view k_recheck_job = "\x01recheck";

}  // namespace justera::serve
