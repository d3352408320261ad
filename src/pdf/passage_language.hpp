// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which language a passage of a document is written in, for the /Lang of
// its structure element (PDF/UA-1 7.2: a passage in another language than
// the document's is marked, so that a screen reader switches voice). A
// protocol does not say which passages those are; this tells them apart by
// their function words, and only when they are clear. Private to pdf.

#include <optional>
#include <string>
#include <string_view>

namespace justera::pdf::detail {

/// The language of `text` ("en", "fi", "de", "sv"), when it is clearly
/// another than `document` (a tag such as "sv-SE" or "en-GB"); nothing when
/// the passage is too short to tell (names, headings, table cells), when its
/// words are the document's language, or when no language is clear.
/// Clear means: at least 8 words, at least 3 different function words of
/// that language, more than twice as many different ones as of the
/// document's language, and function words of it make at least an eighth of
/// the words. Counting different words, not occurrences, keeps a voting
/// list ("Ja", "Ja", "Nej") and a repeated English name from counting as a
/// passage.
std::optional<std::string> passage_language(std::string_view text, std::string_view document);

}  // namespace justera::pdf::detail
