// SPDX-License-Identifier: GPL-3.0-or-later
// justera deadlines: the dates of a protocol, from the strongest evidence at hand.

#include <ctime>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "common.hpp"
#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "justera/pdf/render.hpp"
#include "justera/rules/calendar.hpp"
#include "justera/rules/deadlines.hpp"
#include "justera/verify/verify.hpp"

namespace justera::cli {

namespace {

struct DeadlineOpts {
    std::string input;
    std::string anslag;
    std::string format = "auto";
    std::vector<std::string> trust;
    bool json = false;
};

nlohmann::ordered_json date_json(const std::optional<rules::Date>& d) {
    return d ? nlohmann::ordered_json(rules::iso(*d)) : nlohmann::ordered_json(nullptr);
}

std::string date_text(const std::optional<rules::Date>& d) {
    return d ? std::string(rules::weekday_name(*d)) + " " + rules::iso(*d) : std::string("okänt");
}

/// The justerare's signatures in a signed PDF whose integrity holds, each
/// on its Stockholm day (trust only matters for the evidence label).
std::vector<rules::SignatureDay> signature_days(const std::string& bytes, const std::string& file, const std::vector<std::string>& trust,
                                                bool& all_trusted) {
    verify::Options vo;
    vo.trust_files = trust;
    const verify::Context ctx(vo);
    const auto report = verify::verify_pdf(bytes, file, ctx);
    std::vector<rules::SignatureDay> out;
    all_trusted = true;
    for (const auto& s : report.signatures) {
        if (s.kind != "signature" || s.role != "justerare" || s.indication == verify::Indication::TotalFailed || s.signing_time.empty()) continue;
        std::tm tm{};
        if (!strptime(s.signing_time.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) continue;
        out.push_back(rules::SignatureDay{s.protocol_name, rules::stockholm_day(timegm(&tm))});
        all_trusted = all_trusted && s.indication == verify::Indication::TotalPassed;
    }
    return out;
}

}  // namespace

void setup_deadlines(CLI::App& app, GlobalOptions& g) {
    auto opts = std::make_shared<DeadlineOpts>();
    auto* cmd = app.add_subcommand("deadlines", "The protocol's dates: justering, anslag and the last day to appeal");
    cmd->footer(
        "Prints the meeting day, the effective justering day (the day the last\n"
        "justerare signed: from the signatures of a signed PDF, else from a signature\n"
        "table typed into the text, else the printed 'Datum för justering', and says\n"
        "which), the last day for justering (meeting + 14 days, KL 5 kap. 69 §), the\n"
        "last day to put up the notice (justering + 2 days, 8 kap. 12 §) and, with\n"
        "--anslag, the last day to appeal (anslag + 3 weeks, 13 kap. 5 §). A deadline\n"
        "that ends on a Saturday, Sunday, helgdag, midsommarafton, julafton or\n"
        "nyårsafton moves to the next working day (lag 1930:173 2 §).\n\n"
        "Examples:\n"
        "  justera deadlines protokoll.txt\n"
        "  justera deadlines protokoll-signerat.pdf --anslag 2024-03-25 --json\n\n"
        "JSON keys: meeting_date, justering_date, justering_evidence, printed_justering_date,\n"
        "justering_last_day, anslag_last_day, anslag_date, appeal_last_day (YYYY-MM-DD or\n"
        "null), immediate {paragraphs, justering_date}, notes.\n"
        "Exit: 0 ok, 3 input rejected, 4 usage, 5 I/O.");
    cmd->add_option("INPUT", opts->input, "Protocol text, XML, or a PDF made by 'justera render' (signed or not)")->required();
    add_format_option(*cmd, opts->format);
    cmd->add_option("--anslag", opts->anslag, "The day the notice of justering went up (YYYY-MM-DD)");
    cmd->add_option("--trust", opts->trust, "For a signed PDF: PEM trust anchors, so the evidence can say 'trusted'")
        ->allow_extra_args(false)
        ->check(CLI::ExistingFile);
    cmd->add_flag("--json", opts->json, "Print JSON");
    cmd->callback([opts, &g] {
        std::optional<rules::Date> anslag;
        if (!opts->anslag.empty()) {
            anslag = rules::parse_iso_date(opts->anslag);
            if (!anslag) throw core::Error(core::Errc::Usage, "--anslag takes a date as YYYY-MM-DD, not '" + opts->anslag + "'");
        }
        const std::string bytes = core::read_file(opts->input, g.limits);
        Input in = load_input_bytes(bytes, opts->input, layout_of(opts->format), g);
        const auto* protocol = std::get_if<model::Protocol>(&in.document);
        if (!protocol) throw core::Error(core::Errc::Usage, "an agenda has no deadlines: give a protocol", core::Where{opts->input});
        std::vector<rules::SignatureDay> signed_days;
        bool trusted = false;
        if (in.kind == "pdf") signed_days = signature_days(bytes, opts->input, opts->trust, trusted);
        const auto dl = rules::compute_deadlines(*protocol, signed_days, anslag);
        std::string evidence(rules::to_string(dl.evidence));
        if (dl.evidence == rules::Evidence::VerifiedSignatures && !trusted) evidence = "signatures_untrusted";
        if (opts->json) {
            nlohmann::ordered_json j;
            j["file"] = opts->input;
            j["meeting_date"] = date_json(dl.meeting_date);
            j["justering_date"] = date_json(dl.justering_date);
            j["justering_evidence"] = evidence;
            j["printed_justering_date"] = date_json(dl.printed_justering_date);
            j["justering_last_day"] = date_json(dl.justering_last_day);
            j["anslag_last_day"] = date_json(dl.anslag_last_day);
            j["anslag_date"] = date_json(dl.anslag_date);
            j["appeal_last_day"] = date_json(dl.appeal_last_day);
            j["immediate"] = {{"paragraphs", dl.immediate_paragraphs},
                              {"justering_date", dl.immediate_paragraphs.empty() ? nlohmann::ordered_json(nullptr) : date_json(dl.meeting_date)}};
            j["notes"] = dl.notes;
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << "Sammanträde                 " << date_text(dl.meeting_date) << "\n"
                      << "Justerat                    " << date_text(dl.justering_date) << "  ("
                      << (evidence == "verified_signatures"    ? "enligt de verifierade underskrifterna"
                          : evidence == "signatures_untrusted" ? "enligt underskrifterna; certifikaten är inte kontrollerade mot betrodda utfärdare (--trust)"
                          : evidence == "signature_table"      ? "enligt underskriftstabellen i texten, som inte bevisar något"
                          : evidence == "header"               ? "enligt det tryckta datumet; inga underskrifter"
                                                               : "okänt")
                      << ")\n";
            if (dl.printed_justering_date && dl.justering_date && *dl.printed_justering_date != *dl.justering_date) {
                std::cout << "Tryckt datum för justering  " << date_text(dl.printed_justering_date) << "  (skiljer sig)\n";
            }
            std::cout << "Sista dag för justering     " << date_text(dl.justering_last_day) << "  (KL 5 kap. 69 §)\n"
                      << "Sista dag för anslag        " << date_text(dl.anslag_last_day) << "  (KL 8 kap. 12 §)\n";
            if (dl.anslag_date) std::cout << "Anslaget                    " << date_text(dl.anslag_date) << "\n";
            std::cout << "Sista dag för överklagande  "
                      << (dl.appeal_last_day ? date_text(dl.appeal_last_day) + "  (KL 13 kap. 5 §)" : std::string("ange --anslag DATUM"))
                      << "\n";
            if (!dl.immediate_paragraphs.empty()) {
                std::cout << "Omedelbart justerade §§     ";
                for (std::size_t i = 0; i < dl.immediate_paragraphs.size(); ++i) std::cout << (i ? ", " : "") << dl.immediate_paragraphs[i];
                std::cout << "  (ska justeras sammanträdesdagen, " << date_text(dl.meeting_date) << ")\n";
            }
            for (const auto& n : dl.notes) std::cout << "  " << n << "\n";
        }
        exit_status() = 0;
    });
}

}  // namespace justera::cli
