// SPDX-License-Identifier: GPL-3.0-or-later
// Protocols in the styles of other municipalities (tests/fixtures/ingest/valid/),
// each checked against its answer key X.facts.json.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "justera/model/protocol.hpp"
#include "test_support.hpp"

namespace justera {
namespace {

using nlohmann::json;

std::string or_null(const std::optional<model::Date>& d) { return d ? model::format_date(*d) : "null"; }
std::string or_null(const std::optional<model::TimeOfDay>& t) { return t ? model::format_time(*t) : "null"; }
std::string str(const json& j) { return j.is_null() ? "null" : j.get<std::string>(); }

class FixtureFacts : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureFacts, MatchesAnswerKey) {
    const std::string name = GetParam();
    const json facts = json::parse(test::slurp(test::fixture("ingest/" + name + ".facts.json")));
    const auto parsed = test::parse_fixture("ingest/" + name);
    const std::string layout = facts.at("layout");
    EXPECT_EQ(ingest::to_string(parsed.result.layout), layout);

    if (facts.at("kind") == "agenda") {
        ASSERT_TRUE(std::holds_alternative<model::Agenda>(parsed.result.document));
        const auto& a = std::get<model::Agenda>(parsed.result.document);
        EXPECT_EQ(a.organ, str(facts.at("organ")));
        EXPECT_EQ(or_null(a.meeting_date), str(facts.at("meeting_date")));
        EXPECT_EQ(or_null(a.start_time), str(facts.at("start_time")));
        std::vector<int> numbers;
        std::vector<int> immediate;
        for (const auto& it : a.items) {
            if (!it.number) continue;
            numbers.push_back(*it.number);
            if (it.immediate_proposed()) {
                immediate.push_back(*it.number);
                EXPECT_EQ(*it.immediate_sentence, facts.at("immediate_sentences").at(std::to_string(*it.number)));
            }
            if (facts.at("titles").contains(std::to_string(*it.number))) {
                EXPECT_EQ(it.title, facts.at("titles").at(std::to_string(*it.number))) << "item " << *it.number;
            }
        }
        EXPECT_EQ(numbers, facts.at("paragraphs").get<std::vector<int>>());
        EXPECT_EQ(immediate, facts.at("immediate").get<std::vector<int>>());
        return;
    }

    ASSERT_TRUE(std::holds_alternative<model::Protocol>(parsed.result.document));
    const auto& p = std::get<model::Protocol>(parsed.result.document);
    EXPECT_EQ(model::to_string(p.kind), facts.at("kind").get<std::string>());
    EXPECT_EQ(p.organ, str(facts.at("organ")));
    EXPECT_EQ(p.number ? std::to_string(p.number->number) + "/" + std::to_string(p.number->year) : "null", str(facts.at("number")));
    EXPECT_EQ(or_null(p.meeting_date), str(facts.at("meeting_date")));
    EXPECT_EQ(or_null(p.start_time), str(facts.at("start_time")));
    EXPECT_EQ(or_null(p.end_time), str(facts.at("end_time")));
    EXPECT_EQ(or_null(p.adjustment_date), str(facts.at("justering_date")));
    std::vector<std::string> adjusters;
    for (const auto& a : p.adjusters) adjusters.push_back(a.name);
    EXPECT_EQ(adjusters, facts.at("justerare").get<std::vector<std::string>>());
    EXPECT_EQ(p.secretary ? p.secretary->name : "null", str(facts.at("sekreterare")));
    EXPECT_EQ(p.paragraph_range_written.empty() ? "null" : p.paragraph_range_written, str(facts.at("paragraph_range_as_written")));

    std::vector<int> numbers;
    std::vector<int> immediate;
    for (const auto& para : p.paragraphs) {
        numbers.push_back(para.number);
        const std::string key = std::to_string(para.number);
        if (para.immediate()) {
            immediate.push_back(para.number);
            if (facts.at("immediate_sentences").contains(key)) {
                EXPECT_EQ(*para.immediate_sentence, facts.at("immediate_sentences").at(key)) << "§ " << key;
            }
        }
        if (facts.at("titles").contains(key)) {
            EXPECT_EQ(para.title, facts.at("titles").at(key)) << "§ " << key;
        }
    }
    EXPECT_EQ(numbers, facts.at("paragraphs").get<std::vector<int>>());
    EXPECT_EQ(immediate, facts.at("immediate").get<std::vector<int>>());

    if (!facts.at("members").is_null()) {
        EXPECT_EQ(p.members.size(), facts.at("members").get<std::size_t>());
    }
    if (!facts.at("substitutes").is_null()) {
        EXPECT_EQ(p.substitutes.size(), facts.at("substitutes").get<std::size_t>());
    }
    if (!facts.at("others").is_null()) {
        EXPECT_EQ(p.others.size(), facts.at("others").get<std::size_t>());
    }

    const auto& sigs = facts.at("signature_table");
    const std::size_t n = p.signature_table ? p.signature_table->entries.size() : 0U;
    ASSERT_EQ(n, sigs.size());
    for (std::size_t k = 0; k < n; ++k) {
        EXPECT_EQ(p.signature_table->entries[k].written, sigs[k].at("name"));
        EXPECT_EQ(model::format_date(p.signature_table->entries[k].date), sigs[k].at("date"));
    }
}

INSTANTIATE_TEST_SUITE_P(OtherMunicipalities, FixtureFacts,
                         ::testing::Values("valid/ks-layout-pdftotext.txt", "valid/bun-markdown-converter.md",
                                           "valid/miljo-utdrag.txt", "valid/kf-fullmaktige.txt",
                                           "valid/vn-tabs-lowercase.txt", "valid/tekn-agenda.txt",
                                           // Written without sight of the parser, to measure generality:
                                           "blind/ksau-arbetsutskott.txt", "blind/region-halso-sjukvard.md",
                                           "blind/individutskott-sekretess.txt", "blind/bygg-layout-twocol.txt",
                                           "blind/fullmaktige-utdrag-flera.txt"),
                         [](const auto& test_info) {
                             std::string n = test_info.param;
                             for (char& c : n) {
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             }
                             return n;
                         });

}  // namespace
}  // namespace justera
