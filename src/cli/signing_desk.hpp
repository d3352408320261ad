// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The signing page's desk for 'justera serve --signing' (signing_desk.cpp).

#include <memory>
#include <string>

#include "common.hpp"
#include "justera/serve/signing.hpp"

namespace justera::cli {

/// Reads the configuration (signing/service.hpp) and opens its cases
/// directory. Throws core::Error (Usage, InputUnreadable).
std::unique_ptr<serve::SigningDesk> make_signing_desk(const std::string& config_file, const GlobalOptions& g);

}  // namespace justera::cli
