// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The canonical model of a municipal protocol and of an agenda: plain values,
/// no I/O. Swedish terms are mapped in docs/glossary.md (justerare = adjuster,
/// sekreterare = secretary, omedelbar justering = immediate adjustment).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace justera::model {

using Date = std::chrono::year_month_day;

struct TimeOfDay {
    std::uint8_t hour = 0;
    std::uint8_t minute = 0;
    friend bool operator==(const TimeOfDay&, const TimeOfDay&) = default;
};

/// A person's role among the members (ledamöter).
enum class MemberRole : std::uint8_t {
    Unknown = 0,
    Member,            ///< ledamot
    Chair,             ///< ordförande
    FirstViceChair,    ///< vice ordförande / 1:e vice ordförande
    SecondViceChair,   ///< 2:e vice ordförande
};

struct PersonRef {
    PersonRef() = default;
    PersonRef(std::string name_, std::string party_ = {}, std::string note_ = {})
        : name(std::move(name_)), party(std::move(party_)), note(std::move(note_)) {}
    std::string name;
    std::string party;  ///< empty when not given
    /// When the person came or went, as the attendance list writes it
    /// ("kom kl. 13:20", "deltar från kl 10.15"); empty when not given.
    std::string note;
    friend bool operator==(const PersonRef&, const PersonRef&) = default;
};

/// A decision-making member; a serving substitute has `replaces` set.
struct Member {
    std::string name;
    std::string party;
    MemberRole role = MemberRole::Member;
    std::optional<PersonRef> replaces;
    std::vector<int> paragraphs;  ///< empty: the whole meeting
    std::string note;             ///< "kom kl. 13:20", "lämnar mötet kl 14.20", as written
    /// Paragraphs the member did not serve in: "ej § 44 på grund av jäv".
    std::vector<int> except_paragraphs;
    std::string except_reason;    ///< "på grund av jäv", as written; may be empty
    /// Whether the member served in paragraph `n` by the attendance list.
    [[nodiscard]] bool serves_in(int n) const;
    friend bool operator==(const Member&, const Member&) = default;
};

/// Others present (övriga närvarande / övriga deltagare).
struct OtherPresent {
    std::string name;
    std::string title;
    std::string paragraphs_written;  ///< e.g. "§10"; empty: the whole meeting
    std::vector<int> paragraphs;
    friend bool operator==(const OtherPresent&, const OtherPresent&) = default;
};

/// A diarienummer, e.g. "SOF 2023/599" (prefix SOF) or "2021/105" (no prefix).
struct CaseNumber {
    std::string written;
    std::string prefix;
    int year = 0;
    std::string serial;  ///< digits after the slash, as written (may keep leading zeros)
    friend bool operator==(const CaseNumber&, const CaseNumber&) = default;
};

enum class BlockKind : std::uint8_t {
    Unknown = 0,
    Text,     ///< a paragraph of running text
    Item,     ///< a bullet or numbered list item (number set when numbered)
    Heading,  ///< a sub-heading inside a section
};

struct Block {
    BlockKind kind = BlockKind::Text;
    std::optional<int> number;  ///< for numbered items
    std::string text;
    friend bool operator==(const Block&, const Block&) = default;
};

enum class SectionKind : std::uint8_t {
    Unknown = 0,
    Summary,             ///< Sammanfattning av ärendet / Ärendebeskrivning
    Motions,             ///< Yrkanden
    VotingOrder,         ///< Propositionsordning
    Votes,               ///< Omröstning
    Reservations,        ///< Reservationer
    SpecialStatement,    ///< Särskilt uttalande
    ProtocolNote,        ///< Protokollsanteckning
    SubstituteStatement, ///< Ersättaryttrande
    Documents,           ///< Handlingar i ärendet / Beslutsunderlag
    ReportedDocuments,   ///< Anmälda handlingar / Anmälda beslut
    Text,                ///< free text the reader could not place under a known heading
};

struct Section {
    SectionKind kind = SectionKind::Text;
    std::string heading;  ///< as written (empty for untitled free text)
    std::vector<Block> blocks;
    friend bool operator==(const Section&, const Section&) = default;
};

/// One decision point (beslutspunkt); sub-items belong to the point.
struct DecisionPoint {
    std::optional<int> number;
    std::string text;
    std::vector<std::string> items;
    friend bool operator==(const DecisionPoint&, const DecisionPoint&) = default;
};

/// A justerare or ordförande for some paragraphs only: "§ 23 justeras av Anna
/// Berg (M) i stället för Per Holm (V) på grund av jäv", "Karin Lund (C) är
/// ordförande under § 24".
enum class ChangedRole : std::uint8_t { Unknown = 0, Adjuster, Chair };

struct RoleChange {
    ChangedRole role = ChangedRole::Adjuster;
    PersonRef person;
    std::optional<PersonRef> replaces;
    std::vector<int> paragraphs;
    std::string sentence;  ///< as written
    friend bool operator==(const RoleChange&, const RoleChange&) = default;
};

/// Someone who declared jäv for some paragraphs, from the paragraph's text
/// ("Jan Ovesson (SD) anmäler jäv och deltar inte i handläggningen") or the
/// attendance list ("Jesper Åkerlind (S), ej § 44 på grund av jäv").
enum class JavSource : std::uint8_t { Unknown = 0, Text, Attendance };

struct JavDeclaration {
    std::vector<PersonRef> people;  ///< "Per Holm (V) och Carl Lönn (M) anmäler jäv": both
    std::vector<int> paragraphs;
    JavSource source = JavSource::Text;
    std::string written;  ///< the sentence or attendance line, as written
    friend bool operator==(const JavDeclaration&, const JavDeclaration&) = default;
};

struct Paragraph {
    int number = 0;
    std::string title;
    std::vector<std::string> preamble;  ///< lines between title and first section
    std::vector<CaseNumber> case_numbers;
    std::string decision_heading;       ///< "Beslut" as written; empty when none
    std::vector<DecisionPoint> decision;
    /// How many of `sections` the text wrote before the decision (0: the
    /// decision came first), so that it is shown where it was written.
    std::size_t sections_before_decision = 0;
    /// The exact sentence that orders immediate adjustment; set iff immediate.
    std::optional<std::string> immediate_sentence;
    std::vector<Section> sections;
    [[nodiscard]] bool immediate() const noexcept { return immediate_sentence.has_value(); }
    friend bool operator==(const Paragraph&, const Paragraph&) = default;
};

struct SignatureEntry {
    std::string written;      ///< "Johan Alexander Emanuel,Ojanne" as in the table
    std::string given_names;  ///< "Johan Alexander Emanuel"
    std::string surname;      ///< "Ojanne"
    Date date{};
    friend bool operator==(const SignatureEntry&, const SignatureEntry&) = default;
};

struct SignatureTable {
    std::string heading;  ///< "Digitala signaturer"
    std::vector<SignatureEntry> entries;
    friend bool operator==(const SignatureTable&, const SignatureTable&) = default;
};

/// The notice of adjustment on the anslagstavla (ANSLAG/BEVIS), when printed.
struct Notice {
    std::optional<Date> posted;       ///< datum då anslaget sätts upp
    std::optional<Date> removed;      ///< datum då anslaget tas ned
    std::string storage_place;        ///< förvaringsplats för protokollet
    friend bool operator==(const Notice&, const Notice&) = default;
};

enum class DocumentKind : std::uint8_t {
    Unknown = 0,
    Protocol,  ///< a protocol (full or partial)
    Extract,   ///< explicitly a protocol extract (protokollsutdrag)
};

/// A line of the source text, by its line number (1-based), as written.
struct SourceLine {
    std::uint32_t line = 0;
    std::string text;
    friend bool operator==(const SourceLine&, const SourceLine&) = default;
};

struct ProtocolNumber {
    int number = 0;
    int year = 0;
    friend bool operator==(const ProtocolNumber&, const ProtocolNumber&) = default;
};

/// A fact set by the secretary instead of read from the text (parse --set,
/// a corrections file), kept in the XML as provenance.
struct Correction {
    std::string field;   ///< "justerare", "meeting_date", "§12.title", ... (docs/ingest.md)
    std::string value;   ///< as given
    std::string source;  ///< "--set" or "FILE:LINE"
    friend bool operator==(const Correction&, const Correction&) = default;
};

/// A break in the meeting ("ajournering kl. 14.45–15.00").
struct Adjournment {
    TimeOfDay start;
    std::optional<TimeOfDay> end;
    friend bool operator==(const Adjournment&, const Adjournment&) = default;
};

struct Protocol {
    DocumentKind kind = DocumentKind::Protocol;
    std::string municipality;  ///< "Tjärnåkers kommun", "Region Västerdal"
    std::string organ;
    std::optional<ProtocolNumber> number;
    std::optional<Date> meeting_date;
    /// Where the meeting date was read when the front page does not give it:
    /// "page-header" (a running header) or "notice" (the ANSLAG/BEVIS box);
    /// empty: the front page (or a correction, recorded in `corrections`).
    std::string meeting_date_source;
    std::optional<TimeOfDay> start_time;
    std::optional<TimeOfDay> end_time;
    std::string place;
    std::vector<Adjournment> adjournments;
    std::vector<Member> members;
    std::vector<PersonRef> substitutes;  ///< ersättare not serving
    std::vector<OtherPresent> others;
    std::vector<PersonRef> adjusters;    ///< justerare
    std::optional<Date> adjustment_date; ///< datum för justering
    std::optional<TimeOfDay> adjustment_time; ///< the hour of the justering, when printed
    /// The day announced in the paragraph that appoints the justerare
    /// ("justering sker fredag den 22 mars 2024"), when there is one.
    std::optional<Date> announced_adjustment_date;
    std::string adjustment_place;
    std::string paragraph_range_written; ///< "§§1-29", "§10, §§22-23"
    std::vector<int> paragraph_range;    ///< the same expanded
    std::optional<PersonRef> secretary;  ///< sekreterare
    std::optional<PersonRef> chair_signatory; ///< ordförande named in an Underskrifter block
    std::vector<RoleChange> role_changes;     ///< justerare/ordförande for some paragraphs only
    std::vector<JavDeclaration> jav;          ///< who declared jäv, for which paragraphs
    std::vector<Paragraph> paragraphs;
    std::optional<SignatureTable> signature_table;
    std::optional<Notice> notice;
    std::vector<std::string> free_text;  ///< header or trailer text that could not be placed
    /// Source lines with words the reader placed nowhere else, kept whole so
    /// that no word of the input is lost (docs/ingest.md, "No silent loss").
    std::vector<SourceLine> unplaced;
    std::vector<Correction> corrections;  ///< what the secretary corrected, in order
    friend bool operator==(const Protocol&, const Protocol&) = default;
};

struct AgendaItem {
    std::optional<int> number;
    std::string title;
    std::vector<std::string> text;
    std::vector<DecisionPoint> proposal;  ///< förslag till beslut
    std::optional<std::string> immediate_sentence;
    [[nodiscard]] bool immediate_proposed() const noexcept { return immediate_sentence.has_value(); }
    friend bool operator==(const AgendaItem&, const AgendaItem&) = default;
};

struct Agenda {
    std::string organ;
    std::optional<Date> meeting_date;
    std::optional<TimeOfDay> start_time;
    std::string place;
    std::vector<std::string> notes;  ///< status lines such as "Inget protokoll har publicerats"
    std::vector<AgendaItem> items;
    friend bool operator==(const Agenda&, const Agenda&) = default;
};

/// A notice of justering for the anslagstavla (tillkännagivande, KL 8 kap.
/// 12 §), a document of its own: what `justera anslag` writes and embeds in
/// the notice PDF. It names the protocol it announces by fingerprint and
/// carries only what the notice shows.
struct JusteringNotice {
    std::string municipality;
    std::string organ;
    std::optional<ProtocolNumber> number;
    std::optional<Date> meeting_date;
    std::string paragraphs;              ///< as the notice says them: "§§1-29", "§ 1, § 2"
    std::optional<Date> justering_date;
    Date posted{};
    std::optional<Date> removed;         ///< the day it may be taken down
    std::optional<Date> appeal_last_day;
    std::string kept_at;                 ///< förvaringsplats för protokollet; empty: not given
    std::string protocol_fingerprint;    ///< SHA-256 of the announced protocol's canonical XML, hex
    friend bool operator==(const JusteringNotice&, const JusteringNotice&) = default;
};

/// The notice's heading, its rows (label, value) and its sentence on how to
/// appeal, in Swedish (a public document of a Swedish authority): what the
/// notice PDF prints and what verification looks for on its page.
inline constexpr std::string_view k_notice_title = "Tillkännagivande av justering";
std::vector<std::pair<std::string, std::string>> notice_rows(const JusteringNotice& n);
/// Empty without a last day to appeal.
std::string notice_appeal_sentence(const JusteringNotice& n);

/// The meeting's ordförande: the one an Underskrifter block names, else the
/// member the attendance list marks as chair (not a substitute serving in
/// someone's place). nullopt when the protocol names none.
std::optional<PersonRef> chair_of(const Protocol& p);

/// Any document justera reads or writes in its vocabulary.
using Document = std::variant<Protocol, Agenda, JusteringNotice>;

/// Stable lower-case names used in XML and JSON ("chair", "summary", ...).
std::string_view to_string(MemberRole role) noexcept;
std::string_view to_string(SectionKind kind) noexcept;
std::string_view to_string(BlockKind kind) noexcept;
std::string_view to_string(DocumentKind kind) noexcept;
std::string_view to_string(ChangedRole role) noexcept;
std::optional<ChangedRole> changed_role_from(std::string_view s) noexcept;
std::string_view to_string(JavSource source) noexcept;
std::optional<JavSource> jav_source_from(std::string_view s) noexcept;
std::optional<MemberRole> member_role_from(std::string_view s) noexcept;
std::optional<SectionKind> section_kind_from(std::string_view s) noexcept;
std::optional<BlockKind> block_kind_from(std::string_view s) noexcept;
std::optional<DocumentKind> document_kind_from(std::string_view s) noexcept;

/// "2024-03-19"
std::string format_date(const Date& d);
/// Parses "YYYY-MM-DD"; nullopt unless it is a real calendar date.
std::optional<Date> parse_iso_date(std::string_view s) noexcept;
/// "17:00"
std::string format_time(const TimeOfDay& t);
std::optional<TimeOfDay> parse_time(std::string_view s) noexcept;

}  // namespace justera::model
