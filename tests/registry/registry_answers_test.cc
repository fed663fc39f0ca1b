// Agency reads answered from memory (common/response_cache.h), wired as
// registry-server wires them: a kept answer is served again, and never once
// any record it was made of has changed; what depends on untracked keys (a
// group's members) is never kept; and a kept answer is still only given to
// an admitted caller.
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "common/metrics.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu::registry {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::RegistryHarness;

double Hits() {
  auto& family = CounterFamily("ngoaivu_response_cache_total", "");
  return CounterOf(family, {{"outcome", "hit"}}).Value();
}

class RegistryAnswersTest : public ::testing::Test {
 protected:
  void Create(const std::string& code, const std::string& name) {
    v1::CreateAgencyRequest r;
    r.set_agency_id(code);
    r.mutable_agency()->set_display_name(name);
    r.mutable_agency()->set_kind(v1::Agency::DEPARTMENT);
    r.set_request_id("create-" + code);
    v1::Agency out;
    ASSERT_TRUE(h_.stub().CreateAgency(Context().get(), r, &out).ok());
  }

  std::vector<std::string> Names(const std::string& group = "") {
    v1::ListAgenciesRequest r;
    r.set_page_size(20);
    r.set_group(group);
    v1::ListAgenciesResponse out;
    EXPECT_TRUE(h_.stub().ListAgencies(Context().get(), r, &out).ok());
    std::vector<std::string> names;
    for (const auto& a : out.agencies()) names.push_back(a.display_name());
    return names;
  }

  RegistryHarness h_;
};

TEST_F(RegistryAnswersTest, AKeptPageIsServedAgainUntilARecordInItChanges) {
  Create("SCT", "Sở Công thương");
  Create("STC", "Sở Tài chính");
  EXPECT_EQ(Names(),
            (std::vector<std::string>{"Sở Công thương", "Sở Tài chính"}));
  const double hits = Hits();
  EXPECT_EQ(Names(),
            (std::vector<std::string>{"Sở Công thương", "Sở Tài chính"}));
  EXPECT_EQ(Hits(), hits + 1);

  v1::UpdateAgencyRequest update;
  update.mutable_agency()->set_name("agencies/SCT");
  update.mutable_agency()->set_display_name("Sở Công Thương tỉnh");
  update.mutable_update_mask()->add_paths("display_name");
  update.set_request_id("rename-sct");
  v1::Agency renamed;
  ASSERT_TRUE(h_.stub().UpdateAgency(Context().get(), update, &renamed).ok());
  EXPECT_EQ(Names(),
            (std::vector<std::string>{"Sở Công Thương tỉnh", "Sở Tài chính"}));
  v1::GetAgencyRequest get;
  get.set_name("agencies/SCT");
  for (int i = 0; i < 2; ++i) {
    v1::Agency got;
    ASSERT_TRUE(h_.stub().GetAgency(Context().get(), get, &got).ok());
    EXPECT_EQ(got.display_name(), "Sở Công Thương tỉnh");
  }
  Create("SNV", "Sở Nội vụ");
  EXPECT_EQ(Names().size(), 3u);
}

TEST_F(RegistryAnswersTest, AGroupsPageIsNeverKept) {
  Create("SCT", "Sở Công thương");
  Create("STC", "Sở Tài chính");
  v1::CreateAgencyGroupRequest group;
  group.set_group_id("kinh-te");
  group.mutable_group()->set_display_name("Khối kinh tế");
  group.set_request_id("group");
  v1::AgencyGroup out;
  ASSERT_TRUE(h_.stub().CreateAgencyGroup(Context().get(), group, &out).ok());
  v1::AddAgencyGroupMembersRequest add;
  add.set_group("groups/kinh-te");
  add.add_agencies("agencies/SCT");
  add.add_agencies("agencies/STC");
  add.set_request_id("add");
  ASSERT_TRUE(h_.stub().AddAgencyGroupMembers(Context().get(), add, &out).ok());
  const double hits = Hits();
  EXPECT_EQ(Names("groups/kinh-te").size(), 2u);
  EXPECT_EQ(Names("groups/kinh-te").size(), 2u);
  v1::RemoveAgencyGroupMembersRequest remove;
  remove.set_group("groups/kinh-te");
  remove.add_agencies("agencies/STC");
  remove.set_request_id("remove");
  ASSERT_TRUE(
      h_.stub().RemoveAgencyGroupMembers(Context().get(), remove, &out).ok());
  EXPECT_EQ(Names("groups/kinh-te"),
            (std::vector<std::string>{"Sở Công thương"}));
  EXPECT_EQ(Hits(), hits);
}

TEST_F(RegistryAnswersTest, AKeptAnswerIsGivenOnlyToAnAdmittedCaller) {
  Create("SCT", "Sở Công thương");
  v1::GetAgencyRequest get;
  get.set_name("agencies/SCT");
  v1::Agency got;
  ASSERT_TRUE(h_.stub().GetAgency(Context().get(), get, &got).ok());
  ASSERT_TRUE(h_.stub().GetAgency(Context().get(), get, &got).ok());
  grpc::ClientContext anonymous;
  anonymous.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
  EXPECT_EQ(h_.stub().GetAgency(&anonymous, get, &got).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace ngoaivu::registry
