// Checking a service's access table against one written out in a test,
// independently of the code: cell by cell, and through a real server.
#ifndef NGOAIVU_TESTS_SUPPORT_ACCESS_TABLE_H_
#define NGOAIVU_TESTS_SUPPORT_ACCESS_TABLE_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/access_policy.h"

namespace ngoaivu::testing {

// One method's cells in role order (admin, coordinator, approver, officer,
// viewer, system): "any", "own", "part" (only what the caller's agency
// takes part in) or "-".
struct ExpectedAccess {
  const char* method;
  const char* cells[6];
};

// The code's table equals `expected`, cell by cell, and has a row for
// exactly the RPCs of `service` (its full name).
void ExpectAccessTable(const AccessPolicy& policy, const std::string& service,
                       const std::vector<ExpectedAccess>& expected);
// The same for a table that covers several gRPC services.
void ExpectAccessTable(const AccessPolicy& policy,
                       const std::vector<std::string>& services,
                       const std::vector<ExpectedAccess>& expected);

// Calls each method as each role at the caller's own agency and another's:
// allowed cells are never PERMISSION_DENIED or UNAUTHENTICATED, refused ones
// are PERMISSION_DENIED and leave `digest()` unchanged.
//   call(method, token, own) makes the call acting on own or other agency.
using AccessCall = std::function<grpc::Status(
    const std::string& method, const std::string& token, bool own)>;
void ExpectEveryCell(const std::vector<ExpectedAccess>& expected,
                     const std::string& caller_agency, const AccessCall& call,
                     const std::function<std::string()>& digest);

}  // namespace ngoaivu::testing

#endif  // NGOAIVU_TESTS_SUPPORT_ACCESS_TABLE_H_
