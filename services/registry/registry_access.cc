#include "services/registry/registry_access.h"

namespace ngoaivu::registry {
namespace {

constexpr Scope kAny = Scope::kAnyAgency;
constexpr Scope kOwn = Scope::kOwnAgency;

// Every role reads the registry: agencies and their officials are what all
// other work refers to.
Grants Readers() { return EveryRole(); }

// Only administrators shape the registry itself.
Grants Administrators() { return AdministratorsOnly(); }

}  // namespace

AccessPolicy RegistryAccessPolicy() {
  return AccessPolicy(
      "registry",
      {
          {"GetAgency", "", Readers()},
          {"ListAgencies", "", Readers()},
          {"ResolveAgency", "", Readers()},
          {"CreateAgency", "", Administrators()},
          // An agency's officers keep its own record (names, contacts).
          {"UpdateAgency",
           "agency.name",
           {{Role::kAdmin, kAny}, {Role::kOfficer, kOwn}}},
          {"DissolveAgency", "", Administrators()},
          {"MergeAgency", "", Administrators()},
          {"GetAgencyGroup", "", Readers()},
          {"ListAgencyGroups", "", Readers()},
          {"CreateAgencyGroup", "", Administrators()},
          {"UpdateAgencyGroup", "", Administrators()},
          {"AddAgencyGroupMembers", "", Administrators()},
          {"RemoveAgencyGroupMembers", "", Administrators()},
          {"GetOfficial", "", Readers()},
          {"ListOfficials", "", Readers()},
          // DOFA and each agency keep their own people, whom delegations name.
          {"CreateOfficial",
           "parent",
           {{Role::kAdmin, kAny},
            {Role::kCoordinator, kOwn},
            {Role::kOfficer, kOwn}}},
          {"UpdateOfficial",
           "official.name",
           {{Role::kAdmin, kAny},
            {Role::kCoordinator, kOwn},
            {Role::kOfficer, kOwn}}},
          // The audit trail: monitors read all of it, officers their own.
          {"ListHistory",
           "name",
           {{Role::kAdmin, kAny},
            {Role::kCoordinator, kAny},
            {Role::kApprover, kAny},
            {Role::kViewer, kAny},
            {Role::kOfficer, kOwn}}},
      });
}

}  // namespace ngoaivu::registry
