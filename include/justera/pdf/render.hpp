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
#include "justera/pdf/fields.hpp"
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

/// A document of justera's own that is not a protocol (the verification
/// report): a title, then blocks in reading order, tagged as they are meant
/// (H2, H3, P, a Table of rows with row headers, an L of items). Consecutive
/// rows make one table, consecutive items one list.
struct Outline {
    enum class Kind : std::uint8_t { Heading, Subheading, Paragraph, Note, Row, Item };
    struct Block {
        Kind kind = Kind::Paragraph;
        std::string text;
        std::string label;  ///< a row's header
    };
    std::string lang = "sv-SE";  ///< /Lang, dc:language
    bool english = false;        ///< the page numbers' words
    std::string title;           ///< the H1 and dc:title
    std::string author = "justera";
    std::string kind;            ///< the running header's middle ("Verifieringsrapport")
    std::string subject;         ///< the running header's left, below "justera" (the file checked)
    std::string date_label;      ///< the running header's right
    std::string date;
    std::vector<Block> blocks;
    /// Embedded as an associated file (/AFRelationship /Data).
    std::string attachment;
    std::string attachment_name;
    std::string attachment_mime;
    std::string attachment_description;
};

/// Renders `outline` as tagged PDF/A-3a (PDF/UA-1), with its attachment.
/// Throws as render does.
Rendered render_outline(const Outline& outline, const RenderOptions& options);

/// The XML and the XMP read back from a PDF: justera/pdf/embedded.hpp.


/// True when the bytes start like a PDF ("%PDF-").
inline bool looks_like_pdf(std::string_view bytes) noexcept { return bytes.rfind("%PDF-", 0) == 0; }

}  // namespace justera::pdf
