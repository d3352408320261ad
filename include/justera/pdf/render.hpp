// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Rendering a protocol as tagged PDF/A-3a (PDF/UA-1) with its canonical XML embedded as an
/// associated file (ISO 19005-3; the Factur-X pattern), built with PoDoFo 0.9.8.

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>
#include <string>
#include <string_view>

#include "justera/model/protocol.hpp"
#include "justera/pdf/style.hpp"

namespace justera::pdf {

struct RenderOptions {
    /// Seconds since 1970 for every date written (Info, XMP, embedded file):
    /// the same XML and the same value give byte-identical PDFs
    /// (reproducible-builds.org SOURCE_DATE_EPOCH).
    std::int64_t source_date_epoch = 0;
    std::string font_regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    std::string font_bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    std::string icc_profile = "/usr/share/color/icc/sRGB.icc";
    std::string version = "0.0.0";  ///< justera's version, for Producer and CreatorTool
    Style style;                    ///< the municipality's profile; the default is neutral
};

struct Rendered {
    std::string pdf;
    std::size_t pages = 0;
    std::size_t replaced_glyphs = 0;  ///< characters the font cannot draw, shown as U+FFFD
};

/// The stable name of a signature field: "justera_justerare_1",
/// "justera_justerare_2", "justera_sekreterare_1" (docs/pdf.md).
inline std::string signature_field_name(std::string_view role, std::size_t index) {
    return "justera_" + std::string(role) + "_" + std::to_string(index);
}

/// A signature field the rendered protocol has, and whose it is.
struct ProtocolField {
    std::string field;   ///< signature_field_name
    std::string role;    ///< "justerare" or "sekreterare", as in the name
    std::string person;  ///< the protocol's name for the signer
};

/// The signature fields a protocol's PDF gets, in order: one per justerare,
/// then the sekreterare's. Also how a field name (including the older form
/// "justera.sig.justerare.1") is traced back to its person.
inline std::vector<ProtocolField> protocol_fields(const model::Protocol& p) {
    std::vector<ProtocolField> out;
    for (std::size_t k = 0; k < p.adjusters.size(); ++k) {
        out.push_back({signature_field_name("justerare", k + 1), "justerare", p.adjusters[k].name});
    }
    if (p.secretary) out.push_back({signature_field_name("sekreterare", 1), "sekreterare", p.secretary->name});
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

/// File name of the embedded XML inside the PDF.
inline constexpr std::string_view k_embedded_name = "protokoll.xml";
/// The notice's XML in a notice PDF.
inline constexpr std::string_view k_notice_embedded_name = "anslag.xml";

/// Renders `protocol`; `canonical_xml` is embedded byte for byte and its
/// `fingerprint` is recorded in the XMP. Throws core::Error (OutputUnwritable
/// for missing fonts or ICC profile, Internal for PoDoFo failures).
Rendered render(const model::Protocol& protocol, std::string_view canonical_xml, const std::string& fingerprint,
                const RenderOptions& options);

/// A notice of justering (tillkännagivande, KL 8 kap. 12 §): a title and
/// label/value rows.
/// The notice of justering (model::JusteringNotice) as a one-page tagged PDF/A-3a
/// with the notice's own XML embedded (k_notice_embedded_name; it names the
/// protocol by fingerprint): a document of its own kind, not the protocol.
Rendered render_notice(const model::JusteringNotice& notice, std::string_view canonical_xml, const std::string& fingerprint,
                       const RenderOptions& options);

/// The XML and the XMP read back from a PDF: justera/pdf/embedded.hpp.


/// True when the bytes start like a PDF ("%PDF-").
inline bool looks_like_pdf(std::string_view bytes) noexcept { return bytes.rfind("%PDF-", 0) == 0; }

}  // namespace justera::pdf
