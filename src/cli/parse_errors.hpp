// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// CLI11's words for a wrong command line, said plainly in the language of
/// the run.

#include <string>

namespace justera::cli {

/// The message of a CLI11 parse error (`what`), without its parser words
/// ("1 required TEXT missing" becomes "needs a value"), in Swedish when
/// `swedish`. A message of a form not known here is returned as CLI11 wrote
/// it.
std::string plain_parse_error(const std::string& what, bool swedish);

}  // namespace justera::cli
