#include "common/registry_client/agency_directory.h"

#include "absl/strings/str_cat.h"

namespace ngoaivu {

absl::Status RequireActive(const registry::v1::Agency& agency) {
  if (agency.state() == registry::v1::Agency::ACTIVE) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      agency.name(), " is ", registry::v1::Agency::State_Name(agency.state()),
      agency.successor().empty()
          ? ""
          : absl::StrCat(" (now ", agency.successor(), ")"),
      "; only an ACTIVE agency can take this on"));
}

absl::Status AgencyDirectory::CheckActive(const std::string& agency,
                                          absl::Time deadline) {
  auto found = FindAgency(agency, deadline);
  if (!found.ok()) return found.status();
  return RequireActive(*found);
}

}  // namespace ngoaivu
