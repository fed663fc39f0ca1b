// Registry records tests start from, created through the public API.
#ifndef NGOAIVU_TESTS_SUPPORT_SEED_H_
#define NGOAIVU_TESTS_SUPPORT_SEED_H_

#include <string>
#include <vector>

#include "tests/support/registry_harness.h"

namespace ngoaivu::testing {

// ACTIVE departments with these codes (as an administrator).
void SeedAgencies(RegistryHarness& h, const std::vector<std::string>& codes);
// A group `id` with these member codes.
void SeedGroup(RegistryHarness& h, const std::string& id,
               const std::vector<std::string>& members);

// An ACTIVE official `agencies/{code}/officials/{id}`.
void SeedOfficial(RegistryHarness& h, const std::string& code,
                  const std::string& id, const std::string& full_name,
                  const std::string& position);

}  // namespace ngoaivu::testing

#endif  // NGOAIVU_TESTS_SUPPORT_SEED_H_
