// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// A process's bound on its own memory: the page's verification workers and
/// the poppler helper cap their address space, so that one hostile file
/// ends that process, not the machine. Header-only: justera-pdftext links
/// nothing of justera's.

#include <sys/resource.h>

#if defined(__SANITIZE_ADDRESS__)
#define JUSTERA_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JUSTERA_ADDRESS_SANITIZER 1
#endif
#endif

namespace justera::core {

/// Caps this process's address space at `bytes` (soft and hard). Not under
/// AddressSanitizer, which reserves terabytes of address space for its
/// shadow memory.
inline void limit_address_space(rlim_t bytes) noexcept {
#ifdef JUSTERA_ADDRESS_SANITIZER
    (void)bytes;
#else
    const rlimit as{bytes, bytes};
    setrlimit(RLIMIT_AS, &as);
#endif
}

}  // namespace justera::core
