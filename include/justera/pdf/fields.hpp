// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The signature fields of a protocol's PDF: their stable names, whose they
/// are, and how a name found in a PDF is traced back to the protocol's person.
/// One rule for rendering, signing, the signing page and verification
/// (docs/pdf.md, "Signature fields").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "justera/model/protocol.hpp"

namespace justera::pdf {

/// The stable name of a signature field: "justera_justerare_1",
/// "justera_justerare_2", "justera_sekreterare_1", "justera_ordforande_1".
inline std::string signature_field_name(std::string_view role, std::size_t index) {
    return "justera_" + std::string(role) + "_" + std::to_string(index);
}

/// A signature field a protocol's PDF may have, and whose it is.
struct ProtocolField {
    std::string field;   ///< signature_field_name
    std::string role;    ///< "justerare", "sekreterare" or "ordförande"
    std::string person;  ///< the protocol's name for the signer
};

/// The ordförande's field, when the protocol names an ordförande who is not
/// also one of its justerare (then the justerare field is theirs already).
/// A PDF has it only when its profile asks for an ordförande line. Both
/// names are the protocol's own, so they are compared as written: one rule
/// for rendering, signing and verification, without the certificate rules of
/// model/names.hpp.
inline std::optional<ProtocolField> chair_field(const model::Protocol& p) {
    const auto chair = model::chair_of(p);
    if (!chair || chair->name.empty()) return std::nullopt;
    for (const auto& a : p.adjusters) {
        if (a.name == chair->name) return std::nullopt;
    }
    return ProtocolField{signature_field_name("ordforande", 1), "ordförande", chair->name};
}

/// The signature fields a protocol's PDF may have: one per justerare, the
/// sekreterare's, and the ordförande's (chair_field). Also how a field name
/// (including the older form "justera.sig.justerare.1") is traced back to its
/// person. Which of them a PDF has, its own AcroForm says.
inline std::vector<ProtocolField> protocol_fields(const model::Protocol& p) {
    std::vector<ProtocolField> out;
    for (std::size_t k = 0; k < p.adjusters.size(); ++k) {
        out.push_back({signature_field_name("justerare", k + 1), "justerare", p.adjusters[k].name});
    }
    if (p.secretary) out.push_back({signature_field_name("sekreterare", 1), "sekreterare", p.secretary->name});
    if (auto chair = chair_field(p)) out.push_back(std::move(*chair));
    return out;
}
inline const ProtocolField* protocol_field(const std::vector<ProtocolField>& fields, std::string_view name) {
    for (const auto& f : fields) {
        // The form before field names lost their periods: justera.sig.justerare.1.
        std::string legacy = "justera.sig." + f.field.substr(8);
        legacy[legacy.rfind('_')] = '.';
        if (f.field == name || legacy == name) return &f;
    }
    return nullptr;
}

}  // namespace justera::pdf
