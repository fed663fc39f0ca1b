// The delegations service's own settings, beside those every service
// shares (common/settings.h) and the registry client's.
#ifndef NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_SETTINGS_H_
#define NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_SETTINGS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "services/delegations/delegation_rules.h"

namespace ngoaivu::delegations {

struct DelegationsSettings {
  std::string rules_file = NGOAIVU_DEFAULT_DELEGATION_RULES;
  // Overrides the rule file's trips-per-year limit when above 0.
  int max_trips_per_year = 0;
};

void AddDelegationsSettings(CLI::App& app, DelegationsSettings* settings);

// The rule set the settings name; INVALID_ARGUMENT naming the file and what
// is wrong in it.
absl::StatusOr<DelegationRules> LoadDelegationRules(
    const DelegationsSettings& settings);

}  // namespace ngoaivu::delegations

#endif  // NGOAIVU_SERVICES_DELEGATIONS_DELEGATIONS_SETTINGS_H_
