// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Parts of justera built as modules (the PDF writer with PoDoFo, the web
/// server with cpp-httplib), loaded with dlopen by the commands that need
/// them, so that every other command starts without their libraries. A
/// module exports one C function returning a table of functions that begins
/// with a `ModuleStamp`; a module whose stamp differs from the executable's
/// was built from other sources and is refused.

#include <cstddef>
#include <cstring>
#include <string>

namespace justera::core {

/// The version and the sizes of the types that cross between the
/// executable and a module (a struct's size changes with its members).
struct ModuleStamp {
    const char* version;
    std::size_t sizes[10];
    [[nodiscard]] bool operator==(const ModuleStamp& o) const {
        return std::strcmp(version, o.version) == 0 && std::memcmp(sizes, o.sizes, sizeof sizes) == 0;
    }
};

/// Where a module is, as core::part_path finds it (`env`, else beside the
/// executable, else BIN/../libexec/justera, else `installed_dir`), loaded once and never unloaded (its
/// functions and the exceptions they throw live in it). Calls `entry` and
/// checks that the table it returns starts with `stamp`. Thread-safe.
/// Throws core::Error(HelperMissing) naming the file and `what` needs it,
/// when it cannot be loaded, has no such entry or another stamp; `what_sv`
/// says `what` in Swedish.
const void* load_module(const char* env, const char* file_name, const std::string& installed_dir, const char* entry,
                        const ModuleStamp& stamp, const char* what, const char* what_sv);

}  // namespace justera::core
