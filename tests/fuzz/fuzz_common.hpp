// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The contract every fuzz target asserts (docs/fuzzing.md): any input gives
// a result or a justera error (core::Error); anything else that escapes -
// a foreign exception, a crash, a sanitizer report - is a bug. libFuzzer
// adds the time (-timeout) and memory (-rss_limit_mb) bounds.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "justera/core/error.hpp"

namespace justera::fuzz {

inline std::string_view bytes(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Runs `body`; a core::Error is an answer, everything else propagates.
template <typename F>
void expect_answer(F&& body) {
    try {
        body();
    } catch (const core::Error&) {
    }
}

}  // namespace justera::fuzz
