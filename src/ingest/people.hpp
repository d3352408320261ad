// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reading people from header lines: "Alexander Ojanne (S) Ordförande",
// "Sebastian Wiklund (S) ersätter Carolina Sinisalo (S)",
// "Maria Karlsson Avdelningschef §10", "Bo Ek, kommundirektör".

#include <string>
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
void split_signature_name(std::string_view written, std::string& given, std::string& surname);

}  // namespace justera::ingest::people
