// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Who signed in which role: the protocol's justerare and sekreterare
// against the signers' certificates. Internal to justera_verify.

#include "justera/verify/verify.hpp"

namespace justera::verify {

/// Fills rep.roles and each signature's role from the embedded protocol
/// (nothing without one), with the findings about missing, unknown and
/// mis-claimed signers.
void match_roles(Report& rep);
/// The same with the signers another source names (a protocol read from the
/// pages' text of a PDF made elsewhere).
void match_roles(Report& rep, const model::Protocol& protocol);

}  // namespace justera::verify
