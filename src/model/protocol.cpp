// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/model/protocol.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <utility>

namespace justera::model {

namespace {

constexpr std::array k_roles{
    std::pair{MemberRole::Member, std::string_view{"member"}},
    std::pair{MemberRole::Chair, std::string_view{"chair"}},
    std::pair{MemberRole::FirstViceChair, std::string_view{"first-vice-chair"}},
    std::pair{MemberRole::SecondViceChair, std::string_view{"second-vice-chair"}},
};
constexpr std::array k_sections{
    std::pair{SectionKind::Summary, std::string_view{"summary"}},
    std::pair{SectionKind::Motions, std::string_view{"motions"}},
    std::pair{SectionKind::VotingOrder, std::string_view{"voting-order"}},
    std::pair{SectionKind::Votes, std::string_view{"votes"}},
    std::pair{SectionKind::Reservations, std::string_view{"reservations"}},
    std::pair{SectionKind::SpecialStatement, std::string_view{"special-statement"}},
    std::pair{SectionKind::ProtocolNote, std::string_view{"protocol-note"}},
    std::pair{SectionKind::SubstituteStatement, std::string_view{"substitute-statement"}},
    std::pair{SectionKind::Documents, std::string_view{"documents"}},
    std::pair{SectionKind::ReportedDocuments, std::string_view{"reported-documents"}},
    std::pair{SectionKind::Text, std::string_view{"text"}},
};
constexpr std::array k_blocks{
    std::pair{BlockKind::Text, std::string_view{"p"}},
    std::pair{BlockKind::Item, std::string_view{"item"}},
    std::pair{BlockKind::Heading, std::string_view{"heading"}},
};
constexpr std::array k_kinds{
    std::pair{DocumentKind::Protocol, std::string_view{"protocol"}},
    std::pair{DocumentKind::Extract, std::string_view{"extract"}},
};

constexpr std::array k_changed{
    std::pair{ChangedRole::Adjuster, std::string_view{"adjuster"}},
    std::pair{ChangedRole::Chair, std::string_view{"chair"}},
};

constexpr std::array k_jav_sources{
    std::pair{JavSource::Text, std::string_view{"text"}},
    std::pair{JavSource::Attendance, std::string_view{"attendance"}},
};

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E v) noexcept {
    for (const auto& [k, n] : table) {
        if (k == v) return n;
    }
    return "unknown";
}
template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table,
                          std::string_view s) noexcept {
    for (const auto& [k, n] : table) {
        if (n == s) return k;
    }
    return std::nullopt;
}

bool parse_uint(std::string_view s, int& out) noexcept {
    if (s.empty()) return false;
    const auto* end = s.data() + s.size();
    const auto r = std::from_chars(s.data(), end, out);
    return r.ec == std::errc{} && r.ptr == end && out >= 0;
}
}  // namespace

std::string_view to_string(MemberRole role) noexcept { return name_of(k_roles, role); }
std::string_view to_string(SectionKind kind) noexcept { return name_of(k_sections, kind); }
std::string_view to_string(BlockKind kind) noexcept { return name_of(k_blocks, kind); }
std::string_view to_string(DocumentKind kind) noexcept { return name_of(k_kinds, kind); }
std::string_view to_string(ChangedRole role) noexcept { return name_of(k_changed, role); }
std::optional<ChangedRole> changed_role_from(std::string_view s) noexcept { return value_of(k_changed, s); }
std::optional<MemberRole> member_role_from(std::string_view s) noexcept { return value_of(k_roles, s); }
std::string_view to_string(JavSource source) noexcept { return name_of(k_jav_sources, source); }
std::optional<JavSource> jav_source_from(std::string_view s) noexcept { return value_of(k_jav_sources, s); }

bool Member::serves_in(int n) const {
    const auto has = [n](const std::vector<int>& v) { return std::find(v.begin(), v.end(), n) != v.end(); };
    return (paragraphs.empty() || has(paragraphs)) && !has(except_paragraphs);
}
std::optional<SectionKind> section_kind_from(std::string_view s) noexcept { return value_of(k_sections, s); }
std::optional<BlockKind> block_kind_from(std::string_view s) noexcept { return value_of(k_blocks, s); }
std::optional<DocumentKind> document_kind_from(std::string_view s) noexcept { return value_of(k_kinds, s); }

std::optional<PersonRef> chair_of(const Protocol& p) {
    if (p.chair_signatory) return p.chair_signatory;
    for (const auto& m : p.members) {
        if (m.role == MemberRole::Chair && !m.replaces) return PersonRef{m.name, m.party};
    }
    return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> notice_rows(const JusteringNotice& n) {
    const auto or_dash = [](const std::optional<Date>& d) { return d ? format_date(*d) : std::string("–"); };
    std::string organ = n.organ.empty() ? std::string("–") : n.organ;
    if (!n.municipality.empty()) organ += ", " + n.municipality;
    std::vector<std::pair<std::string, std::string>> rows{
        {"Organ", organ},
        {"Sammanträdesdatum", or_dash(n.meeting_date)},
    };
    if (n.number) rows.emplace_back("Protokoll", std::to_string(n.number->number) + "/" + std::to_string(n.number->year));
    rows.emplace_back("Paragrafer", n.paragraphs.empty() ? std::string("–") : n.paragraphs);
    rows.emplace_back("Datum för justering", or_dash(n.justering_date));
    rows.emplace_back("Datum då anslaget sätts upp", format_date(n.posted));
    rows.emplace_back("Datum då anslaget tas ned", or_dash(n.removed));
    rows.emplace_back("Förvaringsplats för protokollet", n.kept_at.empty() ? std::string("(uppgift saknas)") : n.kept_at);
    return rows;
}

std::string notice_appeal_sentence(const JusteringNotice& n) {
    if (!n.appeal_last_day) return {};
    static constexpr std::array<const char*, 7> k_days{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"};
    const unsigned wd = std::chrono::weekday{std::chrono::sys_days{*n.appeal_last_day}}.c_encoding();
    return "Den som vill överklaga ett beslut genom laglighetsprövning enligt 13 kap. kommunallagen ska se till att "
           "överklagandet har kommit in till förvaltningsrätten senast " +
           std::string(k_days[wd]) + " " + format_date(*n.appeal_last_day) + ".";
}

std::string format_date(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf;
}

std::optional<Date> parse_iso_date(std::string_view s) noexcept {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int y = 0;
    int m = 0;
    int d = 0;
    if (!parse_uint(s.substr(0, 4), y) || !parse_uint(s.substr(5, 2), m) ||
        !parse_uint(s.substr(8, 2), d)) {
        return std::nullopt;
    }
    const Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                    std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::string format_time(const TimeOfDay& t) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02u:%02u", static_cast<unsigned>(t.hour),
                  static_cast<unsigned>(t.minute));
    return buf;
}

std::optional<TimeOfDay> parse_time(std::string_view s) noexcept {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    int h = 0;
    int m = 0;
    if (!parse_uint(s.substr(0, 2), h) || !parse_uint(s.substr(3, 2), m) || h > 23 || m > 59) {
        return std::nullopt;
    }
    return TimeOfDay{static_cast<std::uint8_t>(h), static_cast<std::uint8_t>(m)};
}

}  // namespace justera::model
