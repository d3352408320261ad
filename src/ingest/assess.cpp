// SPDX-License-Identifier: GPL-3.0-or-later
#include "assess.hpp"

namespace justera::ingest {

namespace {

void missing(core::Diagnostics& diags, const std::string& file, const std::string& what, const std::string& what_sv, const std::string& how) {
    diags.warn(core::DiagCode::NotEstablished,
               "no " + what + " found in the text; if the text names it, correct it with " + how +
                   " (docs/ingest.md, \"Corrections\")",
               core::Where{file},
               "ingen " + what_sv + " hittades i texten; om texten anger det, rätta med " + how + " (docs/ingest.md, \"Corrections\")");
}

}  // namespace

void assess(const model::Protocol& p, const std::string& file, core::Diagnostics& diags) {
    if (p.adjusters.empty()) missing(diags, file, "justerare", "justerare", "--set justerare=\"Förnamn Efternamn; ...\"");
    if (!p.secretary) missing(diags, file, "sekreterare", "sekreterare", "--set sekreterare=\"Förnamn Efternamn\"");
    if (!p.meeting_date) missing(diags, file, "meeting date", "sammanträdesdag", "--set meeting_date=YYYY-MM-DD");
    if (p.organ.empty()) missing(diags, file, "organ", "organ (nämnd eller styrelse)", "--set organ=\"Kommunstyrelsen\"");

    // A paragraph without a decision, where most paragraphs have one.
    std::size_t decided = 0;
    for (const auto& para : p.paragraphs) decided += para.decision.empty() ? 0U : 1U;
    if (p.paragraphs.size() >= 3 && decided * 2 >= p.paragraphs.size()) {
        for (const auto& para : p.paragraphs) {
            if (!para.decision.empty()) continue;
            diags.warn(core::DiagCode::NotEstablished,
                       "§ " + std::to_string(para.number) + ": no decision found (" + std::to_string(decided) + " of " +
                           std::to_string(p.paragraphs.size()) +
                           " paragraphs have one); right for an information item, otherwise check § " +
                           std::to_string(para.number) + " in 'justera info'",
                       core::Where{file},
                       "§ " + std::to_string(para.number) + ": inget beslut hittades (" + std::to_string(decided) + " av " +
                           std::to_string(p.paragraphs.size()) +
                           " paragrafer har ett); rätt för ett informationsärende, annars granska § " + std::to_string(para.number) +
                           " i 'justera info'");
        }
    }
}

}  // namespace justera::ingest
