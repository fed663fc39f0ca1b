#include "common/principal.h"

#include "absl/strings/match.h"

namespace ngoaivu {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kCoordinator:
      return "coordinator";
    case Role::kApprover:
      return "approver";
    case Role::kOfficer:
      return "officer";
    case Role::kViewer:
      return "viewer";
    case Role::kSystem:
      return "system";
  }
  return "unknown";
}

std::optional<Role> ParseRole(absl::string_view name) {
  for (Role r : kAllRoles) {
    if (name == RoleName(r)) return r;
  }
  return std::nullopt;
}

}  // namespace ngoaivu
