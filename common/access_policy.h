// Who may do what: one table per service, method × role → scope, as data.
// Deny by default: a method missing from the table, or a role without a
// cell, is PERMISSION_DENIED. The decision is taken from the request alone,
// before anything is read, so a refused caller never learns whether the
// resource exists.
#ifndef NGOAIVU_COMMON_ACCESS_POLICY_H_
#define NGOAIVU_COMMON_ACCESS_POLICY_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/principal.h"
#include "google/protobuf/message.h"

namespace ngoaivu {

enum class Scope {
  kNone,       // refused
  kOwnAgency,  // only on resources of the caller's own agency
  kAnyAgency,  // on any resource
  // Admitted; the service answers only with what the caller's agency takes
  // part in (and refuses the rest as PERMISSION_DENIED).
  kParticipant,
};

// Role presets the services' tables are written with.
using Grants = std::map<Role, Scope>;
// Every role, on any agency's resources: what is public within the
// province's government (the registry, the programmes).
Grants EveryRole();
// `grants` with `role` given `scope` instead.
Grants With(Grants grants, Role role, Scope scope);
// The administrators alone.
Grants AdministratorsOnly();
// The administrators and the coordinator (DOFA), who runs the programmes.
Grants AdministratorsAndCoordinator();

struct MethodAccess {
  MethodAccess(std::string method, std::string target_field,
               std::map<Role, Scope> grants,
               std::function<std::string(absl::string_view)> target_agency = {})
      : method(std::move(method)),
        target_field(std::move(target_field)),
        grants(std::move(grants)),
        target_agency(std::move(target_agency)) {}

  std::string method;  // e.g. "UpdateAgency"
  // The request field naming the resource acted on ("agency.name"), whose
  // agency decides kOwnAgency; empty when the method acts on no agency.
  std::string target_field;
  std::map<Role, Scope> grants;
  // How the agency acted on follows from the resource name in
  // `target_field`, when it is not `agencies/{code}/...` (e.g. an
  // obligation whose id names its agency). Returns `agencies/{code}` or "".
  std::function<std::string(absl::string_view)> target_agency;
};

class AccessPolicy {
 public:
  AccessPolicy(std::string service, std::vector<MethodAccess> table);

  absl::Status Authorize(const Principal& principal, absl::string_view method,
                         const google::protobuf::Message& request) const;
  Scope ScopeOf(absl::string_view method, Role role) const;
  // The table as Markdown, for docs/api.md.
  std::string Markdown() const;

  const std::vector<MethodAccess>& table() const { return table_; }
  const std::string& service() const { return service_; }

 private:
  const MethodAccess* Find(absl::string_view method) const;

  std::string service_;
  std::vector<MethodAccess> table_;
};

// The string at `path` ("official.name") of `message`, or "".
std::string FieldText(const google::protobuf::Message& message,
                      absl::string_view path);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_ACCESS_POLICY_H_
