#include "services/delegations/delegations_settings.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace ngoaivu::delegations {

void AddDelegationsSettings(CLI::App& app, DelegationsSettings* settings) {
  app.add_option("--rules-file", settings->rules_file,
                 "the delegation rules (deploy/data/delegation-rules.yaml)")
      ->envname("NGOAIVU_DELEGATION_RULES")
      ->capture_default_str();
  app.add_option("--max-trips-per-year", settings->max_trips_per_year,
                 "trips abroad per official and year (0: the rule file's)")
      ->envname("NGOAIVU_MAX_TRIPS_PER_YEAR")
      ->check(CLI::Range(0, 366))
      ->capture_default_str();
}

absl::StatusOr<DelegationRules> LoadDelegationRules(
    const DelegationsSettings& settings) {
  std::ifstream in(settings.rules_file);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read the rules file ", settings.rules_file));
  }
  std::stringstream text;
  text << in.rdbuf();
  auto rules = ParseDelegationRules(text.str());
  if (!rules.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(settings.rules_file, ": ", rules.status().message()));
  }
  if (settings.max_trips_per_year > 0) {
    rules->max_trips_per_year = settings.max_trips_per_year;
  }
  return rules;
}

}  // namespace ngoaivu::delegations
