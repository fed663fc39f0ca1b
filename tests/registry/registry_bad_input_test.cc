// Bad input: every malformed request is INVALID_ARGUMENT naming the fields,
// and leaves Redis exactly as it was (no record, no index, no event).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "tests/support/registry_harness.h"

namespace ngoaivu::registry {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::RegistryHarness;
using ::ngoaivu::testing::ViolatedFields;
using ::testing::Contains;

class RegistryBadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v1::CreateAgencyRequest request;
    request.set_agency_id("SNGV");
    request.mutable_agency()->set_display_name("Sở Ngoại vụ");
    request.mutable_agency()->set_kind(v1::Agency::DEPARTMENT);
    request.set_request_id("seed");
    ASSERT_TRUE(h_.stub().CreateAgency(Context().get(), request, &seed_).ok());
    v1::CreateAgencyGroupRequest group;
    group.set_group_id("districts");
    group.mutable_group()->set_display_name("Các huyện");
    group.set_request_id("seed-group");
    v1::AgencyGroup g;
    ASSERT_TRUE(h_.stub().CreateAgencyGroup(Context().get(), group, &g).ok());
  }

  void ExpectRejected(const std::string& field,
                      const std::function<grpc::Status()>& call) {
    ::ngoaivu::testing::ExpectRejected([&] { return h_.Digest(); }, field,
                                       call);
  }

  grpc::Status CreateWith(
      const std::function<void(v1::CreateAgencyRequest*)>& edit) {
    v1::CreateAgencyRequest request;
    request.set_agency_id("SCT");
    request.mutable_agency()->set_display_name("Sở Công thương");
    request.mutable_agency()->set_kind(v1::Agency::DEPARTMENT);
    request.set_request_id("create-sct");
    edit(&request);
    v1::Agency out;
    return h_.stub().CreateAgency(Context().get(), request, &out);
  }

  RegistryHarness h_;
  v1::Agency seed_;
};

TEST_F(RegistryBadInputTest, CreateAgencyFields) {
  ExpectRejected("agency_id", [&] {
    return CreateWith([](auto* r) { r->clear_agency_id(); });
  });
  for (const char* bad : {"s", "sct", "1ABC", "A B", "ABC/DEF", "Ä", "A"}) {
    ExpectRejected("agency_id", [&] {
      return CreateWith([&](auto* r) { r->set_agency_id(bad); });
    });
  }
  ExpectRejected("agency_id", [&] {
    return CreateWith([](auto* r) { r->set_agency_id(std::string(33, 'A')); });
  });
  ExpectRejected(
      "agency", [&] { return CreateWith([](auto* r) { r->clear_agency(); }); });
  ExpectRejected("agency.display_name", [&] {
    return CreateWith(
        [](auto* r) { r->mutable_agency()->clear_display_name(); });
  });
  ExpectRejected("agency.display_name", [&] {
    return CreateWith(
        [](auto* r) { r->mutable_agency()->set_display_name("   "); });
  });
  ExpectRejected("agency.display_name", [&] {
    return CreateWith([](auto* r) {
      r->mutable_agency()->set_display_name(std::string(301, 'x'));
    });
  });
  ExpectRejected("agency.display_name", [&] {
    return CreateWith(
        [](auto* r) { r->mutable_agency()->set_display_name("Sở\x01"); });
  });
  ExpectRejected("agency.kind", [&] {
    return CreateWith([](auto* r) {
      r->mutable_agency()->set_kind(v1::Agency::KIND_UNSPECIFIED);
    });
  });
  ExpectRejected("agency.kind", [&] {
    return CreateWith([](auto* r) {
      r->mutable_agency()->set_kind(static_cast<v1::Agency::Kind>(42));
    });
  });
  ExpectRejected("agency.parent", [&] {
    return CreateWith(
        [](auto* r) { r->mutable_agency()->set_parent("departments/SNGV"); });
  });
  ExpectRejected("agency.parent", [&] {
    return CreateWith(
        [](auto* r) { r->mutable_agency()->set_parent("agencies/SCT"); });
  });
  ExpectRejected("agency.contact.email", [&] {
    return CreateWith([](auto* r) {
      r->mutable_agency()->mutable_contact()->set_email("no-at-sign");
    });
  });
  ExpectRejected("request_id", [&] {
    return CreateWith([](auto* r) { r->clear_request_id(); });
  });
  ExpectRejected("request_id", [&] {
    return CreateWith([](auto* r) { r->set_request_id("has space"); });
  });
  ExpectRejected("request_id", [&] {
    return CreateWith([](auto* r) { r->set_request_id(std::string(65, 'a')); });
  });
}

TEST_F(RegistryBadInputTest, ManyViolationsAreReportedTogether) {
  grpc::Status status = CreateWith([](auto* r) {
    r->clear_agency_id();
    r->mutable_agency()->clear_display_name();
    r->mutable_agency()->clear_kind();
    r->clear_request_id();
  });
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ::testing::UnorderedElementsAre(
                                          "agency_id", "agency.display_name",
                                          "agency.kind", "request_id"))
      << status.error_message();
}

TEST_F(RegistryBadInputTest, InvalidUtf8IsRefusedByName) {
  ExpectRejected("agency.display_name", [&] {
    return CreateWith([](auto* r) {
      r->mutable_agency()->set_display_name("S\xC6\x20 bad");
    });
  });
  ExpectRejected("agency.english_name", [&] {
    return CreateWith(
        [](auto* r) { r->mutable_agency()->set_english_name("\xFF\xFE"); });
  });
}

TEST_F(RegistryBadInputTest, OversizedMessageIsRefused) {
  const std::string digest = h_.Digest();
  grpc::Status status = CreateWith([](auto* r) {
    r->mutable_agency()->set_display_name(std::string(5 * 1024 * 1024, 'x'));
  });
  EXPECT_EQ(status.error_code(), grpc::RESOURCE_EXHAUSTED);
  EXPECT_EQ(h_.Digest(), digest);
}

TEST_F(RegistryBadInputTest, UpdateAgencyMaskAndFields) {
  auto update = [&](const std::function<void(v1::UpdateAgencyRequest*)>& edit) {
    v1::UpdateAgencyRequest request;
    request.mutable_agency()->set_name("agencies/SNGV");
    request.mutable_agency()->set_english_name("ok");
    request.mutable_update_mask()->add_paths("english_name");
    request.set_request_id("u");
    edit(&request);
    v1::Agency out;
    return h_.stub().UpdateAgency(Context().get(), request, &out);
  };
  ExpectRejected("update_mask", [&] {
    return update([](auto* r) { r->clear_update_mask(); });
  });
  ExpectRejected("update_mask", [&] {
    return update(
        [](auto* r) { r->mutable_update_mask()->add_paths("state"); });
  });
  ExpectRejected("update_mask", [&] {
    return update([](auto* r) { r->mutable_update_mask()->add_paths("name"); });
  });
  ExpectRejected("update_mask", [&] {
    return update(
        [](auto* r) { r->mutable_update_mask()->add_paths("english_name"); });
  });
  ExpectRejected("agency.name", [&] {
    return update([](auto* r) { r->mutable_agency()->clear_name(); });
  });
  ExpectRejected("agency.display_name", [&] {
    return update([](auto* r) {
      r->mutable_update_mask()->add_paths("display_name");
      r->mutable_agency()->clear_display_name();
    });
  });
  ExpectRejected("agency.kind", [&] {
    return update([](auto* r) {
      r->mutable_update_mask()->add_paths("kind");
      r->mutable_agency()->set_kind(static_cast<v1::Agency::Kind>(-3));
    });
  });
  ExpectRejected("agency.parent", [&] {
    return update([](auto* r) {
      r->mutable_update_mask()->add_paths("parent");
      r->mutable_agency()->set_parent("agencies/SNGV");
    });
  });
}

TEST_F(RegistryBadInputTest, ListPagingArguments) {
  auto list = [&](const std::function<void(v1::ListAgenciesRequest*)>& edit) {
    v1::ListAgenciesRequest request;
    edit(&request);
    v1::ListAgenciesResponse out;
    return h_.stub().ListAgencies(Context().get(), request, &out);
  };
  ExpectRejected("page_size",
                 [&] { return list([](auto* r) { r->set_page_size(-1); }); });
  ExpectRejected("page_token", [&] {
    return list([](auto* r) { r->set_page_token("not-a-token"); });
  });
  ExpectRejected("kind", [&] {
    return list(
        [](auto* r) { r->set_kind(static_cast<v1::Agency::Kind>(99)); });
  });
  ExpectRejected("state", [&] {
    return list(
        [](auto* r) { r->set_state(static_cast<v1::Agency::State>(7)); });
  });
  ExpectRejected("parent",
                 [&] { return list([](auto* r) { r->set_parent("SNGV"); }); });
  ExpectRejected("group", [&] {
    return list([](auto* r) { r->set_group("groups/Bad Id"); });
  });
}

TEST_F(RegistryBadInputTest, TamperedOrForeignPageTokensAreRefused) {
  for (int i = 0; i < 5; ++i) {
    v1::CreateAgencyRequest request;
    request.set_agency_id("A" + std::to_string(i) + "X");
    request.mutable_agency()->set_display_name("Cơ quan");
    request.mutable_agency()->set_kind(v1::Agency::OTHER);
    request.set_request_id("c" + std::to_string(i));
    v1::Agency out;
    ASSERT_TRUE(h_.stub().CreateAgency(Context().get(), request, &out).ok());
  }
  v1::ListAgenciesRequest request;
  request.set_page_size(2);
  v1::ListAgenciesResponse page;
  ASSERT_TRUE(h_.stub().ListAgencies(Context().get(), request, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  std::string tampered = page.next_page_token();
  tampered[tampered.size() / 2] =
      tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  ExpectRejected("page_token", [&] {
    v1::ListAgenciesRequest r = request;
    r.set_page_token(tampered);
    v1::ListAgenciesResponse out;
    return h_.stub().ListAgencies(Context().get(), r, &out);
  });
  // A token is bound to the filters it was issued for.
  ExpectRejected("page_token", [&] {
    v1::ListAgenciesRequest r = request;
    r.set_page_token(page.next_page_token());
    r.set_kind(v1::Agency::OTHER);
    v1::ListAgenciesResponse out;
    return h_.stub().ListAgencies(Context().get(), r, &out);
  });
}

TEST_F(RegistryBadInputTest, TransitionsAndGroupsAndOfficials) {
  ExpectRejected("reason", [&] {
    v1::DissolveAgencyRequest r;
    r.set_name("agencies/SNGV");
    r.set_request_id("d");
    v1::Agency out;
    return h_.stub().DissolveAgency(Context().get(), r, &out);
  });
  ExpectRejected("name", [&] {
    v1::MergeAgencyRequest r;
    r.set_successor("agencies/SNGV");
    r.set_reason("x");
    r.set_request_id("m");
    v1::Agency out;
    return h_.stub().MergeAgency(Context().get(), r, &out);
  });
  ExpectRejected("group_id", [&] {
    v1::CreateAgencyGroupRequest r;
    r.set_group_id("Border");
    r.mutable_group()->set_display_name("x");
    r.set_request_id("g");
    v1::AgencyGroup out;
    return h_.stub().CreateAgencyGroup(Context().get(), r, &out);
  });
  ExpectRejected("agencies", [&] {
    v1::AddAgencyGroupMembersRequest r;
    r.set_group("groups/districts");
    r.set_request_id("a");
    v1::AgencyGroup out;
    return h_.stub().AddAgencyGroupMembers(Context().get(), r, &out);
  });
  ExpectRejected("agencies[1]", [&] {
    v1::AddAgencyGroupMembersRequest r;
    r.set_group("groups/districts");
    r.add_agencies("agencies/SNGV");
    r.add_agencies("agencies/SNGV");
    r.set_request_id("a");
    v1::AgencyGroup out;
    return h_.stub().AddAgencyGroupMembers(Context().get(), r, &out);
  });
  ExpectRejected("agencies", [&] {
    v1::AddAgencyGroupMembersRequest r;
    r.set_group("groups/districts");
    for (int i = 0; i < 501; ++i)
      r.add_agencies("agencies/A" + std::to_string(i));
    r.set_request_id("a");
    v1::AgencyGroup out;
    return h_.stub().AddAgencyGroupMembers(Context().get(), r, &out);
  });
  ExpectRejected("official.full_name", [&] {
    v1::CreateOfficialRequest r;
    r.set_parent("agencies/SNGV");
    r.mutable_official()->set_position("Giám đốc");
    r.set_request_id("o");
    v1::Official out;
    return h_.stub().CreateOfficial(Context().get(), r, &out);
  });
  ExpectRejected("official.state", [&] {
    v1::UpdateOfficialRequest r;
    r.mutable_official()->set_name("agencies/SNGV/officials/x");
    r.mutable_official()->set_state(static_cast<v1::Official::State>(9));
    r.mutable_update_mask()->add_paths("state");
    r.set_request_id("o");
    v1::Official out;
    return h_.stub().UpdateOfficial(Context().get(), r, &out);
  });
}

}  // namespace
}  // namespace ngoaivu::registry
