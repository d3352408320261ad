// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Signatures in a protocol PDF: reading the existing ones, filling a field
/// (PAdES signature or document timestamp) and adding the Document Security
/// Store, each as an incremental update that leaves every earlier byte as it was.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace justera::pdf {

/// What one signing update writes.
struct SignSpec {
    /// The field to fill. With `create_field`, the name of a new invisible
    /// field (zero-size, on the last page) that the update adds: document
    /// timestamps have no field of their own in the rendered protocol.
    std::string field;
    bool create_field = false;
    /// "Sig" (a signature) or "DocTimeStamp" (ETSI EN 319 142-1 5.4.3).
    std::string type = "Sig";
    std::string sub_filter = "ETSI.CAdES.detached";  ///< or "ETSI.RFC3161"
    std::int64_t epoch = 0;         ///< /M; 0 writes no /M (document timestamps)
    std::size_t contents_bytes = 0; ///< the /Contents placeholder, in bytes
    std::string reason;
    std::string location;
    /// Lines drawn into the field (name, role, time, "Signerad digitalt"), with
    /// a newly embedded subset font, so a printed copy shows who signed.
    std::vector<std::string> appearance;
    std::string font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    /// 0: an approval signature. 1-3: the signer locks the document with these
    /// permissions (ISO 32000-2 12.7.5.5 field lock /P, FieldMDP /P): for the
    /// last signer, since a DocMDP certification must be the first signature.
    int lock_permissions = 0;
};

/// Fills a signature field as an incremental update. `make_contents` gets the
/// bytes the ByteRange covers and returns the DER for /Contents (a CMS
/// signature or a timestamp token). Throws core::Error: SignFieldMissing,
/// SignFieldSigned, PdfMalformed, Internal (contents larger than the placeholder).
std::string sign_field(std::string_view pdf, const SignSpec& spec,
                       const std::function<std::string(std::string_view)>& make_contents);

/// The signatures already in a PDF, read as verification reads them:
/// justera/pdf/signatures.hpp.

/// The signature fields of a PDF: name and whether it is signed.
std::vector<std::pair<std::string, bool>> signature_fields(std::string_view pdf, const std::string& file);

/// Adds (or extends) the Document Security Store (ISO 32000-2 12.8.4.3,
/// ETSI EN 319 142-1 5.4.2): /Certs, /OCSPs and /CRLs, each item a stream
/// of DER, as an incremental update. Items already in the DSS are not
/// repeated. Returns the new file; PdfMalformed when it cannot be read.
std::string add_dss(std::string_view pdf, const std::string& file, const std::vector<std::string>& certs,
                    const std::vector<std::string>& ocsps, const std::vector<std::string>& crls);

}  // namespace justera::pdf
