// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/core/module.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <map>
#include <mutex>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"

namespace justera::core {

const void* load_module(const char* env, const char* file_name, const std::string& installed_dir, const char* entry,
                        const ModuleStamp& stamp, const char* what, const char* what_sv) {
    static std::mutex mu;
    static std::map<std::string, const void*> loaded;  // by entry name
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = loaded.find(entry); it != loaded.end()) return it->second;
    const std::string path = part_path(env, file_name, installed_dir, [](const char* p) { return ::access(p, R_OK) == 0; });
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = ::dlerror();
        throw Error(Errc::HelperMissing,
                    std::string(what) + " needs justera's module " + path + ", which could not be loaded (" + (why ? why : "unknown reason") +
                        "); reinstall justera, or set " + env + " to the module",
                    {},
                    std::string(what_sv) + " behöver modulen " + path + " i justera, som inte kunde läsas in (" + (why ? why : "okänd orsak") +
                        "); installera om justera, eller låt " + env + " peka på modulen");
    }
    using Entry = const void* (*)();
    auto fn = reinterpret_cast<Entry>(::dlsym(handle, entry));
    const void* table = fn ? fn() : nullptr;
    const auto* got = static_cast<const ModuleStamp*>(table);
    if (!got || !(*got == stamp)) {
        throw Error(Errc::HelperMissing, "the module " + path + " belongs to another build of justera (" +
                                             (got ? std::string(got->version) : std::string("it has no entry ") + entry) +
                                             ", this is " + stamp.version + "); reinstall justera",
                    {},
                    "modulen " + path + " hör till en annan version av justera (" +
                        (got ? std::string(got->version) : std::string("den saknar ingången ") + entry) + ", detta är " +
                        stamp.version + "); installera om justera");
    }
    loaded.emplace(entry, table);
    return table;
}

}  // namespace justera::core
