// Who is calling: the verified identity every call carries.
#ifndef NGOAIVU_COMMON_PRINCIPAL_H_
#define NGOAIVU_COMMON_PRINCIPAL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace ngoaivu {

// The roles of the programme (see docs/api.md, "Access").
enum class Role {
  kAdmin,        // manages the registry
  kCoordinator,  // the Department of Foreign Affairs
  kApprover,     // the UBND's leadership
  kOfficer,      // works on what his own agency leads or coordinates
  kViewer,       // reads, e.g. the Party Committee
  kSystem,       // another government system
};

inline constexpr Role kAllRoles[] = {Role::kAdmin,    Role::kCoordinator,
                                     Role::kApprover, Role::kOfficer,
                                     Role::kViewer,   Role::kSystem};

const char* RoleName(Role role);
std::optional<Role> ParseRole(absl::string_view name);

struct Principal {
  std::string subject;
  std::string agency;  // "agencies/{code}"
  std::vector<Role> roles;
  std::string issuer;
  // From the client certificate under mutual TLS (SPIFFE id, SAN or subject).
  std::string calling_system;
};

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_PRINCIPAL_H_
