// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The manual page and the shell completions, made from the same command
// definitions as --help, so that none of them can say something else.

#include <CLI/CLI.hpp>

#include <string>

namespace justera::cli {

/// justera(1) in roff (man(7)): every command and subcommand with its
/// description, options and the text of its --help. `date` is "YYYY-MM-DD".
std::string man_page(const CLI::App& app, const std::string& version, const std::string& date);

/// A completion script for `shell` ("bash" or "zsh"): commands, their
/// subcommands and options, file names for values. Throws core::Error
/// (Usage) for another shell.
std::string completion(const CLI::App& app, const std::string& shell);

}  // namespace justera::cli
