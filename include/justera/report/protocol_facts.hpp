// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// What `justera check`, `justera deadlines` and the verification page say
/// about a protocol, in their JSON shape: the signatures that count for the
/// justering (from a verification report), the dates, and the findings.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "justera/rules/checks.hpp"
#include "justera/rules/deadlines.hpp"
#include "justera/verify/verify.hpp"

namespace justera::report {

/// The signatures of a verified PDF that count for the justering, each on
/// its Stockholm day: those not failed (trust only matters for the evidence
/// label, so `all_trusted` says whether every one of them passed). A signer
/// the protocol does not name keeps the certificate's name.
std::vector<rules::SignatureDay> signature_days(const verify::Report& report, bool& all_trusted);

/// "verified_signatures" downgraded to "signatures_untrusted" when the
/// signatures did not all pass; the other evidence names unchanged.
std::string evidence_name(rules::Evidence evidence, bool all_trusted);

nlohmann::ordered_json date_json(const std::optional<rules::Date>& d);
/// The justering of the immediately adjusted paragraphs, one object per
/// event: {paragraphs, justering_date, justering_evidence, anslag_date,
/// anslag_last_day, appeal_last_day}.
nlohmann::ordered_json immediate_json(const rules::Deadlines& d, bool all_trusted = true);
/// The dates as `justera check --json` prints them under "deadlines".
nlohmann::ordered_json deadlines_json(const rules::Deadlines& d, bool all_trusted = true);

}  // namespace justera::report
