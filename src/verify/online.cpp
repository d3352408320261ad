// SPDX-License-Identifier: GPL-3.0-or-later
// The certificates' own revocation services (online.hpp).

#include "justera/verify/online.hpp"

namespace justera::verify {

namespace {

class FromCertificates final : public Online {
public:
    pki::ValidationData fetch(const std::vector<std::string>& chain) const override {
        pki::RevocationSources src;
        src.refuse_revoked = false;
        return pki::collect_validation_data_for(chain, src);
    }
};

}  // namespace

const Online& online_from_certificates() {
    static const FromCertificates instance;
    return instance;
}

}  // namespace justera::verify
