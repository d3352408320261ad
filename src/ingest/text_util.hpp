// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Text helpers shared by the ingest front ends and readers (private to ingest).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "justera/core/diagnostics.hpp"
#include "justera/model/protocol.hpp"

namespace justera::ingest::text {

std::string_view trim(std::string_view s) noexcept;
std::string_view trim_right(std::string_view s) noexcept;
bool starts_with_ci(std::string_view s, std::string_view prefix);

/// Lower-cases ASCII and Latin-1 letters (Å Ä Ö É ...), leaves the rest.
std::string lower(std::string_view s);

/// A Latin-1 letter (U+00C0..U+00FF) without its accent, lower case ("Å" ->
/// "a", "ß" -> "ss"); nullptr for × and ÷ and for anything outside the range.
const char* fold_latin1(char32_t cp);

/// A matching key: NFKC, transliterated to Latin, accents removed, lower case,
/// punctuation dropped, white space folded. "Ersätтарыttrande:" and
/// "ERSÄTTARYTTRANDE" give the same key "ersattaryttrande".
std::string fold_key(std::string_view s);
/// The same into `out` (replaced), reusing its storage.
void fold_key_into(std::string_view s, std::string& out);

/// A month's name or abbreviation, or a weekday ("mars", "okt", "tisdagen"),
/// folded as fold_key writes it.
bool is_calendar_word(std::string_view folded);

/// NFC normalisation (ICU): the normalised text, or nullopt when `s` is
/// already in NFC (or ICU is not usable), so that the text is not copied.
std::optional<std::string> to_nfc(std::string_view s);

/// Reports words that mix scripts or hide invisible characters (ICU spoof
/// checker) with 1-based line and column (code points). Text is not changed.
void scan_confusables(std::string_view text, const std::string& file, core::Diagnostics& diags);

/// Number of code points.
std::size_t length(std::string_view s) noexcept;

bool is_upper_initial(std::string_view s);
bool is_lower_initial(std::string_view s);
bool ends_sentence(std::string_view s);

/// Splits at runs of 3+ spaces, tabs and '|': the cells of a layout or table line,
/// each with its column (code points from the line start).
struct Cell {
    std::string text;
    std::size_t column = 0;
};
std::vector<Cell> cells(std::string_view line);

/// The text of the last of `cells(line)` without splitting the whole line
/// (empty when the line has no cell): for tests on a line's last column.
std::string_view last_cell(std::string_view line);

/// A date written as 2024-03-19, "19 mars 2024", "den 19 mars 2024" or 19/3 2024,
/// searched anywhere in `s`. Sets begin/end to the span found.
std::optional<model::Date> find_date(std::string_view s, std::size_t* begin = nullptr,
                                     std::size_t* end = nullptr);

struct TimeSpan {
    std::optional<model::TimeOfDay> start;
    std::optional<model::TimeOfDay> end;
    std::size_t begin = 0;  ///< byte span of the whole "kl. 17:00-17:20"
    std::size_t stop = 0;
};
/// "kl. 17:00-17:20", "kl 18.00–20.15", "klockan 13:00".
std::optional<TimeSpan> find_times(std::string_view s);

/// Expands a paragraph list as written: "§§1-29", "§10, §§22-23", "45-52",
/// "§ 12 och 14". Returns empty when nothing numeric is found or a range is absurd.
std::vector<int> expand_paragraph_list(std::string_view s, std::size_t max_count);
/// Whether `s` is only a paragraph list ("150-151", "§§ 154-159", "12, 14 och
/// 16"): digits, §, dashes, commas, spaces and "och", with a number.
bool is_paragraph_list(std::string_view s);

/// Finds diarienummer in `s`: "SOF 2023/599", "Dnr KS 2023/1231", "2021/105",
/// "VON-2024-45". Document ids such as "SOF 2024/116-2" are not case numbers.
std::vector<model::CaseNumber> find_case_numbers(std::string_view s);
/// True when `s` holds nothing but case numbers, "Dnr"/"Diarienummer" and separators.
bool is_case_number_line(std::string_view s);

/// True when the sentence orders immediate adjustment ("Paragrafen justeras
/// omedelbart", "... beslutar att omedelbart justera paragrafen", "förklarar
/// paragrafen för omedelbart justerad", "Paragrafen är omedelbart justerad").
/// Sets `negated` for "justeras inte omedelbart".
bool is_immediate_sentence(std::string_view sentence, bool* negated = nullptr);
/// Splits text into sentences (kept exactly as written, trimmed).
std::vector<std::string> sentences(std::string_view text);

/// Joins a continuation line to text: "1970-" + "talet" -> "1970-talet",
/// "kommun" U+00AD + "styrelsen" -> "kommunstyrelsen" (a soft hyphen goes),
/// otherwise with one space.
void join_line(std::string& text, std::string_view next);

int to_int(std::string_view digits, int fallback = -1) noexcept;

/// "Protokoll nr 3/2025", "Protokoll 4/2024", "protokoll nr 9/2024": number and
/// year, when the word "protokoll" starts within `max_offset` bytes of the text.
std::optional<model::ProtocolNumber> find_protocol_number(std::string_view s, std::size_t max_offset = 20);

/// True for the name of a municipal body: "Socialnämnden", "Kommunstyrelsens
/// arbetsutskott", "BYGGNADSNÄMNDEN", "Kommunfullmäktige", "Pensionärsrådet".
bool is_organ_name(std::string_view s);
/// True for a municipality or region name: "TJÄRNÅKERS KOMMUN", "Region Västerdal".
bool is_municipality_name(std::string_view s);
/// "TJÄRNÅKERS KOMMUN" -> "Tjärnåkers kommun", "REGION NORRLIDA" -> "Region Norrlida";
/// mixed-case names are kept as written.
std::string municipality_display(std::string_view s);
/// An organ name as people write it in running text: an ALL-CAPS page header
/// "BYGGNADSNÄMNDEN" becomes "Byggnadsnämnden"; other names are kept as written.
std::string organ_display(std::string_view s);

}  // namespace justera::ingest::text
