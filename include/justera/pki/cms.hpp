// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Whether a CMS signature or an RFC 3161 timestamp token still matches the
/// bytes it covers: the integrity gate of signing (nothing is added to a
/// file whose signatures no longer match) and a step of verification.

#include <openssl/types.h>

// OpenSSL declares these in pkcs7.h and cms.h; the same declarations here
// keep those headers out of every user of this one.
typedef struct pkcs7_st PKCS7;  // NOLINT(modernize-use-using)

#include <string_view>

namespace justera::pki {

/// True when `cms` (DER, trailing zero padding allowed) is a valid signature
/// over `covered`: the message digest and the signature value check out. The
/// certificate's trust is not judged here (that is verification's job).
bool cms_matches(std::string_view cms, std::string_view covered);

/// True when `token` (an RFC 3161 timestamp token, DER, zero padding
/// allowed) carries a valid signature by its certificate and the message
/// imprint of `covered`: a document timestamp that still matches its bytes.
bool timestamp_matches(std::string_view token, std::string_view covered);
/// The same for a token already parsed (OpenSSL's PKCS7), for callers that
/// read more out of it: parsing a token decodes its certificates' keys, and
/// OpenSSL 3.0 does that slowly.
/// `covered` may come in two parts (a signature's byte ranges), hashed as one.
bool timestamp_token_matches(PKCS7* token, std::string_view covered, std::string_view covered_rest = {});

}  // namespace justera::pki
