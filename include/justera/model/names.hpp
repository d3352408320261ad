// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Whether a name the protocol prints is the person a certificate names: one
/// rule for signing (which field a signer may sign), verification (which role
/// a signature fills) and the municipal-law checks (who signed when).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace justera::model {

/// A person's names as a certificate gives them (givenName, surname).
struct PersonName {
    std::string given_names;
    std::string surname;
};

/// True when `protocol_name` ("Alexander Ojanne") names the holder: surname
/// equal, the first name among the given names, after Unicode NFC and case
/// folding. Diacritics count: "Jonsson" is not "Jönsson" (docs/signing.md,
/// "Names").
bool name_matches(const std::string& protocol_name, const PersonName& who);

/// How a name matched: word for word (after NFC); only when case is set
/// aside ("JAN JÖNSSON" / "Jan Jönsson"); or by the name in use, one of the
/// given names ("Alexander Ojanne" / "Johan Alexander Emanuel Ojanne").
enum class NameMatch : std::uint8_t { None, Exact, Case, NameInUse };
NameMatch name_match(const std::string& protocol_name, const PersonName& who);
std::string_view to_string(NameMatch m) noexcept;  ///< "exact", "case", "name_in_use", "none"

/// The words of a name, split at spaces, hyphens and commas.
std::vector<std::string> name_words(std::string_view s);

/// A name printed in one piece ("Anna Berg") split at its last space into
/// given names and surname, for comparing two printed names.
PersonName split_printed_name(const std::string& name);

/// Whether two names printed in a protocol name one person ("Anna Berg",
/// "Anna Maria Berg"): equal, or `a` matches `b` split at its last space.
bool same_printed_person(const std::string& a, const std::string& b);

/// The name in the capitalised words (two to `most`) that end at byte `end`
/// of `text`, or nothing: "… utses Kerstin Nyqvist" gives "Kerstin Nyqvist".
std::optional<std::string> printed_name_before(const std::string& text, std::size_t end, std::size_t most);

}  // namespace justera::model
