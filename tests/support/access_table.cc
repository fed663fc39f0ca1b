#include "tests/support/access_table.h"

#include <gtest/gtest.h>

#include <set>

#include "google/protobuf/descriptor.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu::testing {

void ExpectAccessTable(const AccessPolicy& policy, const std::string& service,
                       const std::vector<ExpectedAccess>& expected) {
  ExpectAccessTable(policy, std::vector<std::string>{service}, expected);
}

void ExpectAccessTable(const AccessPolicy& policy,
                       const std::vector<std::string>& services,
                       const std::vector<ExpectedAccess>& expected) {
  std::set<std::string> methods;
  for (const ExpectedAccess& row : expected) {
    methods.insert(row.method);
    int i = 0;
    for (Role role : kAllRoles) {
      const Scope scope = policy.ScopeOf(row.method, role);
      const std::string cell = scope == Scope::kAnyAgency     ? "any"
                               : scope == Scope::kOwnAgency   ? "own"
                               : scope == Scope::kParticipant ? "part"
                                                              : "-";
      EXPECT_EQ(cell, row.cells[i++]) << row.method << " / " << RoleName(role);
    }
  }
  std::set<std::string> rpcs;
  for (const std::string& service : services) {
    const auto* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            service);
    ASSERT_NE(descriptor, nullptr) << service;
    for (int i = 0; i < descriptor->method_count(); ++i) {
      rpcs.insert(descriptor->method(i)->name());
    }
  }
  EXPECT_EQ(rpcs, methods) << "every RPC needs a row, and only RPCs";
}

void ExpectEveryCell(const std::vector<ExpectedAccess>& expected,
                     const std::string& caller_agency, const AccessCall& call,
                     const std::function<std::string()>& digest) {
  for (const ExpectedAccess& row : expected) {
    int i = 0;
    for (Role role : kAllRoles) {
      const std::string cell = row.cells[i++];
      const std::string token = TestToken(RoleName(role), caller_agency);
      for (const bool own : {true, false}) {
        // "part": admitted, narrowed by the service to what the caller's
        // agency takes part in (a read of something else is refused, a
        // list leaves it out; the tests of each method say which).
        if (cell == "part" && !own) {
          const std::string before = digest ? digest() : "";
          grpc::Status status = call(row.method, token, own);
          EXPECT_NE(status.error_code(), grpc::UNAUTHENTICATED) << row.method;
          if (digest) {
            EXPECT_EQ(digest(), before) << row.method;
          }
          continue;
        }
        const bool allowed =
            cell == "any" || ((cell == "own" || cell == "part") && own);
        const std::string before = digest ? digest() : "";
        grpc::Status status = call(row.method, token, own);
        const std::string where =
            std::string(row.method) + " as " + RoleName(role) +
            (own ? " on own" : " on other") + ": " + status.error_message();
        if (allowed) {
          EXPECT_NE(status.error_code(), grpc::PERMISSION_DENIED) << where;
          EXPECT_NE(status.error_code(), grpc::UNAUTHENTICATED) << where;
        } else {
          EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED) << where;
          if (digest) {
            EXPECT_EQ(digest(), before) << where << " changed Redis";
          }
        }
      }
    }
  }
}

}  // namespace ngoaivu::testing
