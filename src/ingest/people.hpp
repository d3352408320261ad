// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reading people from header lines: "Alexander Ojanne (S) Ordförande",
// "Sebastian Wiklund (S) ersätter Carolina Sinisalo (S)",
// "Maria Karlsson Avdelningschef §10", "Bo Ek, kommundirektör".

#include <optional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "justera/model/protocol.hpp"

namespace justera::ingest::people {

model::Member parse_member(std::string_view line);
model::OtherPresent parse_other(std::string_view line);
model::PersonRef parse_person(std::string_view text);
/// "s", "kd", "SD": a party's letters as lists write them after a comma.
bool is_party_letters(std::string_view w);
/// Whether a value read as a person's name looks like one: two to five
/// capitalised words (particles aside), no digits, not a heading or an organ.
bool looks_like_name(std::string_view name);
/// "Alexander Ojanne (S), Jan Jönsson (L)", "Anna Berg och Per Holm".
std::vector<model::PersonRef> parse_person_list(std::string_view text);
/// Splits a line that lists several members: "Anna A (S), Bo B (M)".
std::vector<std::string> split_member_list(std::string_view line);
/// "Johan Alexander Emanuel,Ojanne" -> given names and surname.
/// "§ 23 justeras av Anna Berg (M) i stället för Per Holm (V) på grund av jäv.",
/// "1:e vice ordförande Karin Lund (C) är ordförande under § 24.".
std::optional<model::RoleChange> parse_role_change(std::string_view sentence);
/// Who a text says declared jäv ("Jan Ovesson (SD) anmäler jäv och deltar
/// inte i handläggningen"), with the sentence that says so.
std::vector<std::pair<std::vector<model::PersonRef>, std::string>> declared_jav(const std::string& text);
/// Every jäv the protocol records: in its paragraphs' text (Reservationer
/// aside) and in the attendance list ("ej § 44 på grund av jäv"); names
/// resolved against the attendance list.
std::vector<model::JavDeclaration> jav_declarations(const model::Protocol& p);
/// Role changes a paragraph's own text makes: "Nils-Erik Sundqvist är
/// ordförande under paragrafen" (for that paragraph), "§ 23 justeras av …
/// i stället för …".
std::vector<model::RoleChange> paragraph_role_changes(const model::Protocol& p);
void split_signature_name(std::string_view written, std::string& given, std::string& surname);

}  // namespace justera::ingest::people
