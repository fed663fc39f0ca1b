#include "common/access_policy.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/registry_names.h"
#include "google/protobuf/descriptor.h"

namespace ngoaivu {

std::string FieldText(const google::protobuf::Message& message,
                      absl::string_view path) {
  const google::protobuf::Message* current = &message;
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const auto* field = current->GetDescriptor()->FindFieldByName(parts[i]);
    if (field == nullptr || field->is_repeated()) return "";
    const auto* reflection = current->GetReflection();
    if (i + 1 == parts.size()) {
      if (field->type() != google::protobuf::FieldDescriptor::TYPE_STRING)
        return "";
      return reflection->GetString(*current, field);
    }
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE)
      return "";
    current = &reflection->GetMessage(*current, field);
  }
  return "";
}

AccessPolicy::AccessPolicy(std::string service, std::vector<MethodAccess> table)
    : service_(std::move(service)), table_(std::move(table)) {}

const MethodAccess* AccessPolicy::Find(absl::string_view method) const {
  for (const auto& m : table_) {
    if (m.method == method) return &m;
  }
  return nullptr;
}

Scope AccessPolicy::ScopeOf(absl::string_view method, Role role) const {
  const MethodAccess* access = Find(method);
  if (access == nullptr) return Scope::kNone;
  auto it = access->grants.find(role);
  return it == access->grants.end() ? Scope::kNone : it->second;
}

absl::Status AccessPolicy::Authorize(
    const Principal& principal, absl::string_view method,
    const google::protobuf::Message& request) const {
  const MethodAccess* access = Find(method);
  if (access == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat(method, " is not in the access table of ", service_));
  }
  const std::string target = access->target_field.empty()
                                 ? ""
                                 : FieldText(request, access->target_field);
  const std::string target_agency =
      access->target_agency ? access->target_agency(target) : target;
  const std::string own = AgencyCodeOfResource(principal.agency);
  for (Role role : principal.roles) {
    switch (ScopeOf(method, role)) {
      case Scope::kAnyAgency:
      case Scope::kParticipant:  // narrowed by the service
        return absl::OkStatus();
      case Scope::kOwnAgency:
        if (!own.empty() && AgencyCodeOfResource(target_agency) == own) {
          return absl::OkStatus();
        }
        break;
      case Scope::kNone:
        break;
    }
  }
  std::string roles;
  for (Role r : principal.roles)
    roles += (roles.empty() ? "" : ",") + std::string(RoleName(r));
  return absl::PermissionDeniedError(
      absl::StrCat("role ", roles, " of ", principal.agency, " may not call ",
                   method, target.empty() ? "" : absl::StrCat(" on ", target)));
}

std::string AccessPolicy::Markdown() const {
  std::string out = "| method |";
  std::string rule = "|---|";
  for (Role r : kAllRoles) {
    absl::StrAppend(&out, " ", RoleName(r), " |");
    rule += "---|";
  }
  absl::StrAppend(&out, "\n", rule, "\n");
  for (const auto& m : table_) {
    absl::StrAppend(&out, "| ", m.method, " |");
    for (Role r : kAllRoles) {
      const Scope s = ScopeOf(m.method, r);
      absl::StrAppend(&out, " ",
                      s == Scope::kAnyAgency     ? "any"
                      : s == Scope::kOwnAgency   ? "own agency"
                      : s == Scope::kParticipant ? "where it takes part"
                                                 : "—",
                      " |");
    }
    out += "\n";
  }
  return out;
}

Grants EveryRole() {
  Grants grants;
  for (Role role : kAllRoles) grants[role] = Scope::kAnyAgency;
  return grants;
}

Grants With(Grants grants, Role role, Scope scope) {
  grants[role] = scope;
  return grants;
}

Grants AdministratorsOnly() { return {{Role::kAdmin, Scope::kAnyAgency}}; }

Grants AdministratorsAndCoordinator() {
  return {{Role::kAdmin, Scope::kAnyAgency},
          {Role::kCoordinator, Scope::kAnyAgency}};
}

}  // namespace ngoaivu
