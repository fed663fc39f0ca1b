// The registry's access table, cell by cell, through a real server: every
// method × every role × a resource of the caller's own agency or another's.
// The expected cells are written out here, independently of the code.
#include "services/registry/registry_access.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>

#include "ngoaivu/registry/v1/registry_service.grpc.pb.h"
#include "tests/support/access_table.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu::registry {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::ExpectAccessTable;
using ::ngoaivu::testing::ExpectedAccess;
using ::ngoaivu::testing::ExpectEveryCell;
using ::ngoaivu::testing::RegistryHarness;
using ::ngoaivu::testing::TestToken;

// "any": allowed on any agency's resources; "own": only the caller's own
// agency's; "-": refused. Roles: admin, coordinator, approver, officer,
// viewer, system.
const std::vector<ExpectedAccess> kTable = {
    {"GetAgency", {"any", "any", "any", "any", "any", "any"}},
    {"ListAgencies", {"any", "any", "any", "any", "any", "any"}},
    {"ResolveAgency", {"any", "any", "any", "any", "any", "any"}},
    {"CreateAgency", {"any", "-", "-", "-", "-", "-"}},
    {"UpdateAgency", {"any", "-", "-", "own", "-", "-"}},
    {"DissolveAgency", {"any", "-", "-", "-", "-", "-"}},
    {"MergeAgency", {"any", "-", "-", "-", "-", "-"}},
    {"GetAgencyGroup", {"any", "any", "any", "any", "any", "any"}},
    {"ListAgencyGroups", {"any", "any", "any", "any", "any", "any"}},
    {"CreateAgencyGroup", {"any", "-", "-", "-", "-", "-"}},
    {"UpdateAgencyGroup", {"any", "-", "-", "-", "-", "-"}},
    {"AddAgencyGroupMembers", {"any", "-", "-", "-", "-", "-"}},
    {"RemoveAgencyGroupMembers", {"any", "-", "-", "-", "-", "-"}},
    {"GetOfficial", {"any", "any", "any", "any", "any", "any"}},
    {"ListOfficials", {"any", "any", "any", "any", "any", "any"}},
    {"CreateOfficial", {"any", "own", "-", "own", "-", "-"}},
    {"UpdateOfficial", {"any", "own", "-", "own", "-", "-"}},
    {"ListHistory", {"any", "any", "any", "own", "any", "-"}},
};

// One call of `method` acting on a resource of agency `code`.
using Call = std::function<grpc::Status(
    v1::RegistryService::Stub&, grpc::ClientContext*, const std::string&)>;

std::map<std::string, Call> Calls() {
  std::map<std::string, Call> calls;
  calls["GetAgency"] = [](auto& s, auto* c, const std::string& code) {
    v1::GetAgencyRequest r;
    r.set_name("agencies/" + code);
    v1::Agency out;
    return s.GetAgency(c, r, &out);
  };
  calls["ListAgencies"] = [](auto& s, auto* c, const std::string& code) {
    v1::ListAgenciesRequest r;
    r.set_parent("agencies/" + code);
    v1::ListAgenciesResponse out;
    return s.ListAgencies(c, r, &out);
  };
  calls["ResolveAgency"] = [](auto& s, auto* c, const std::string& code) {
    v1::ResolveAgencyRequest r;
    r.set_name("agencies/" + code);
    v1::ResolveAgencyResponse out;
    return s.ResolveAgency(c, r, &out);
  };
  calls["CreateAgency"] = [](auto& s, auto* c, const std::string& code) {
    v1::CreateAgencyRequest r;
    r.set_agency_id(code + "-NEW");
    r.mutable_agency()->set_display_name("Mới");
    r.mutable_agency()->set_kind(v1::Agency::OTHER);
    r.mutable_agency()->set_parent("agencies/" + code);
    r.set_request_id("create-" + code);
    v1::Agency out;
    return s.CreateAgency(c, r, &out);
  };
  calls["UpdateAgency"] = [](auto& s, auto* c, const std::string& code) {
    v1::UpdateAgencyRequest r;
    r.mutable_agency()->set_name("agencies/" + code);
    r.mutable_agency()->mutable_contact()->set_phone("0276");
    r.mutable_update_mask()->add_paths("contact.phone");
    r.set_request_id("update-" + code);
    v1::Agency out;
    return s.UpdateAgency(c, r, &out);
  };
  calls["DissolveAgency"] = [](auto& s, auto* c, const std::string& code) {
    // An etag that never matches: allowed callers get ABORTED and the
    // agency stays for the other cells.
    v1::DissolveAgencyRequest r;
    r.set_name("agencies/" + code);
    r.set_reason("x");
    r.set_etag("never");
    r.set_request_id("dissolve-" + code);
    v1::Agency out;
    return s.DissolveAgency(c, r, &out);
  };
  calls["MergeAgency"] = [](auto& s, auto* c, const std::string& code) {
    v1::MergeAgencyRequest r;
    r.set_name("agencies/" + code);
    r.set_successor("agencies/UBND");
    r.set_reason("x");
    r.set_etag("never");
    r.set_request_id("merge-" + code);
    v1::Agency out;
    return s.MergeAgency(c, r, &out);
  };
  calls["GetAgencyGroup"] = [](auto& s, auto* c, const std::string&) {
    v1::GetAgencyGroupRequest r;
    r.set_name("groups/departments");
    v1::AgencyGroup out;
    return s.GetAgencyGroup(c, r, &out);
  };
  calls["ListAgencyGroups"] = [](auto& s, auto* c, const std::string&) {
    v1::ListAgencyGroupsRequest r;
    v1::ListAgencyGroupsResponse out;
    return s.ListAgencyGroups(c, r, &out);
  };
  calls["CreateAgencyGroup"] = [](auto& s, auto* c, const std::string& code) {
    v1::CreateAgencyGroupRequest r;
    r.set_group_id("g-" + std::string(1, code[1] | 0x20));
    r.mutable_group()->set_display_name("Nhóm");
    r.set_request_id("group-" + code);
    v1::AgencyGroup out;
    return s.CreateAgencyGroup(c, r, &out);
  };
  calls["UpdateAgencyGroup"] = [](auto& s, auto* c, const std::string& code) {
    v1::UpdateAgencyGroupRequest r;
    r.mutable_group()->set_name("groups/departments");
    r.mutable_group()->set_description("d");
    r.mutable_update_mask()->add_paths("description");
    r.set_request_id("gupdate-" + code);
    v1::AgencyGroup out;
    return s.UpdateAgencyGroup(c, r, &out);
  };
  calls["AddAgencyGroupMembers"] = [](auto& s, auto* c,
                                      const std::string& code) {
    v1::AddAgencyGroupMembersRequest r;
    r.set_group("groups/departments");
    r.add_agencies("agencies/" + code);
    r.set_etag("never");
    r.set_request_id("add-" + code);
    v1::AgencyGroup out;
    return s.AddAgencyGroupMembers(c, r, &out);
  };
  calls["RemoveAgencyGroupMembers"] = [](auto& s, auto* c,
                                         const std::string& code) {
    v1::RemoveAgencyGroupMembersRequest r;
    r.set_group("groups/departments");
    r.add_agencies("agencies/" + code);
    r.set_etag("never");
    r.set_request_id("rm-" + code);
    v1::AgencyGroup out;
    return s.RemoveAgencyGroupMembers(c, r, &out);
  };
  calls["GetOfficial"] = [](auto& s, auto* c, const std::string& code) {
    v1::GetOfficialRequest r;
    r.set_name("agencies/" + code + "/officials/head");
    v1::Official out;
    return s.GetOfficial(c, r, &out);
  };
  calls["ListOfficials"] = [](auto& s, auto* c, const std::string& code) {
    v1::ListOfficialsRequest r;
    r.set_parent("agencies/" + code);
    v1::ListOfficialsResponse out;
    return s.ListOfficials(c, r, &out);
  };
  calls["CreateOfficial"] = [](auto& s, auto* c, const std::string& code) {
    v1::CreateOfficialRequest r;
    r.set_parent("agencies/" + code);
    r.set_official_id("head");  // exists already: ALREADY_EXISTS when allowed
    r.mutable_official()->set_full_name("Trần Văn B");
    r.mutable_official()->set_position("Giám đốc");
    r.set_request_id("official-" + code);
    v1::Official out;
    return s.CreateOfficial(c, r, &out);
  };
  calls["UpdateOfficial"] = [](auto& s, auto* c, const std::string& code) {
    v1::UpdateOfficialRequest r;
    r.mutable_official()->set_name("agencies/" + code + "/officials/head");
    r.mutable_official()->set_etag("never");
    r.mutable_official()->set_phone("1");
    r.mutable_update_mask()->add_paths("phone");
    r.set_request_id("oupdate-" + code);
    v1::Official out;
    return s.UpdateOfficial(c, r, &out);
  };
  calls["ListHistory"] = [](auto& s, auto* c, const std::string& code) {
    events::v1::ListHistoryRequest r;
    r.set_name("agencies/" + code);
    events::v1::ListHistoryResponse out;
    return s.ListHistory(c, r, &out);
  };
  return calls;
}

class RegistryAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* code : {"UBND", "SNGV", "SCT"}) {
      v1::CreateAgencyRequest r;
      r.set_agency_id(code);
      r.mutable_agency()->set_display_name(std::string("Cơ quan ") + code);
      r.mutable_agency()->set_kind(v1::Agency::DEPARTMENT);
      r.set_request_id(std::string("seed-") + code);
      v1::Agency out;
      ASSERT_TRUE(h_.stub().CreateAgency(Context().get(), r, &out).ok());
      v1::CreateOfficialRequest o;
      o.set_parent(std::string("agencies/") + code);
      o.set_official_id("head");
      o.mutable_official()->set_full_name("Người đứng đầu");
      o.mutable_official()->set_position("Giám đốc");
      o.set_request_id(std::string("seed-head-") + code);
      v1::Official official;
      ASSERT_TRUE(h_.stub().CreateOfficial(Context().get(), o, &official).ok());
    }
    v1::CreateAgencyGroupRequest g;
    g.set_group_id("departments");
    g.mutable_group()->set_display_name("Các sở");
    g.set_request_id("seed-group");
    v1::AgencyGroup group;
    ASSERT_TRUE(h_.stub().CreateAgencyGroup(Context().get(), g, &group).ok());
  }
  RegistryHarness h_;
};

TEST_F(RegistryAccessTest, CodeTableMatchesTheExpectedTable) {
  ExpectAccessTable(RegistryAccessPolicy(),
                    "ngoaivu.registry.v1.RegistryService", kTable);
}

TEST_F(RegistryAccessTest, EveryCellThroughARealServer) {
  const auto calls = Calls();
  // The caller works at SNGV: "own" is SNGV, "other" is SCT.
  ExpectEveryCell(
      kTable, "agencies/SNGV",
      [&](const std::string& method, const std::string& token, bool own) {
        return calls.at(method)(h_.stub(), Context(5, token).get(),
                                own ? "SNGV" : "SCT");
      },
      [&] { return h_.Digest(); });
}

TEST_F(RegistryAccessTest, DenialComesBeforeExistence) {
  // An officer asking about another agency's record that does not exist
  // learns nothing: PERMISSION_DENIED, not NOT_FOUND.
  v1::UpdateAgencyRequest r;
  r.mutable_agency()->set_name("agencies/NOSUCH");
  r.mutable_agency()->set_english_name("x");
  r.mutable_update_mask()->add_paths("english_name");
  r.set_request_id("probe");
  v1::Agency out;
  EXPECT_EQ(
      h_.stub()
          .UpdateAgency(Context(5, TestToken("officer", "agencies/SNGV")).get(),
                        r, &out)
          .error_code(),
      grpc::PERMISSION_DENIED);
}

TEST(AccessPolicyTest, MethodsMissingFromTheTableAreRefused) {
  AccessPolicy policy("test",
                      {{"Known", "", {{Role::kAdmin, Scope::kAnyAgency}}}});
  Principal admin{"a", "agencies/UBND", {Role::kAdmin}, "", ""};
  v1::GetAgencyRequest request;
  EXPECT_TRUE(policy.Authorize(admin, "Known", request).ok());
  EXPECT_EQ(policy.Authorize(admin, "Unknown", request).code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace ngoaivu::registry
