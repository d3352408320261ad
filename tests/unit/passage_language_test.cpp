// SPDX-License-Identifier: GPL-3.0-or-later
// Which passages of a Swedish protocol are in another language (their own
// /Lang in the tagged PDF), and which are not, however foreign some words.
#include <gtest/gtest.h>

#include "passage_language.hpp"

using justera::pdf::detail::passage_language;

TEST(PassageLanguage, SwedishTextInASwedishDocumentIsNotMarked) {
    EXPECT_EQ(passage_language("Nämnden beslutar att anta förvaltningens förslag till yttrande och att paragrafen justeras omedelbart.",
                               "sv-SE"),
              std::nullopt);
}

TEST(PassageLanguage, EnglishFinnishAndGermanPassagesAreNamed) {
    EXPECT_EQ(passage_language("The committee holds that the building does not limit the public's access to the shore.", "sv-SE"), "en");
    EXPECT_EQ(passage_language("Lautakunta katsoo, että rakennus ei rajoita yleisön pääsyä rantaan ja että päätös on voimassa.", "sv-SE"),
              "fi");
    EXPECT_EQ(passage_language("Der Ausschuss ist der Ansicht, dass das Gebäude den Zugang zum Ufer nicht mit einschränkt und auch bleibt.",
                               "sv-SE"),
              "de");
}

TEST(PassageLanguage, AnEnglishNameInASwedishSentenceIsNotAPassage) {
    EXPECT_EQ(passage_language("Nämnden ställer sig bakom projektet Clean Air for the Baltic Sea Region och beslutar att delta i arbetet "
                               "med ansökan till programmet.",
                               "sv-SE"),
              std::nullopt);
}

TEST(PassageLanguage, RepeatedWordsCountOnce) {
    // A voting list: "ja" is a Finnish function word, but one word many times is no passage.
    EXPECT_EQ(passage_language("Anna Berg ja Per Holm ja Karin Lund ja Lars Ek ja Eva Ström nej Olle Kvist ja", "sv-SE"), std::nullopt);
    EXPECT_EQ(passage_language("the the the the the the the the the the", "sv-SE"), std::nullopt);
}

TEST(PassageLanguage, SwedishWordsThatAreForeignFunctionWordsDoNotCount) {
    // "ja", "se", "sen", "Ole": Finnish function words or names in Swedish votes;
    // "dem", "von", "by", "be", "IT" likewise for German and English.
    EXPECT_EQ(passage_language("Ledamot Ole Andersson (S) röstar ja, se bilaga 3 och sen ajournering.", "sv-SE"), std::nullopt);
    EXPECT_EQ(passage_language("Ja-röster 25, nej-röster 20. Se bilaga, sen ajournering, ja.", "sv-SE"), std::nullopt);
    EXPECT_EQ(passage_language("Nämnden ber IT-avdelningen att be dem i Nybyn by se över vägen von Platens gata.", "sv-SE"), std::nullopt);
}

TEST(PassageLanguage, ShortTextsAreNotJudged) {
    EXPECT_EQ(passage_language("The Baltic Sea and the North", "sv-SE"), std::nullopt);
    EXPECT_EQ(passage_language("", "sv-SE"), std::nullopt);
}

TEST(PassageLanguage, TheDocumentsOwnLanguageDecides) {
    // In an English document (the verification report) a Swedish passage is the foreign one.
    EXPECT_EQ(passage_language("Nämnden beslutar att anta förvaltningens förslag till yttrande och att det ska gälla från i dag.", "en-GB"),
              "sv");
    EXPECT_EQ(passage_language("The committee holds that the building does not limit the public's access to the shore.", "en-GB"),
              std::nullopt);
}

TEST(PassageLanguage, MixedTextIsLeftToTheDocument) {
    // Half Swedish, half English: no language is clear, the document's stands.
    EXPECT_EQ(passage_language("Nämnden beslutar att det ska vara som förut och att ärendet är avslutat, "
                               "the committee holds that the building is fine and that it was made by the book.",
                               "sv-SE"),
              std::nullopt);
}

TEST(PassageLanguage, BytesThatAreNotTextDoNotStopIt) {
    // Not UTF-8, and ending inside a character.
    static const char raw[] = "\xff\xfe\x80 the and of to is for with that \xc3";
    const std::string bytes(raw, sizeof raw - 1);
    EXPECT_NO_THROW((void)passage_language(bytes, "sv-SE"));
}
