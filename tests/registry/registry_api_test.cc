// The registry through a real gRPC server on a real Redis: every RPC's
// success path, its error codes, and what a rejected call leaves behind
// (nothing).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "ngoaivu/registry/v1/registry_events.pb.h"
#include "tests/support/registry_harness.h"

namespace ngoaivu::registry {
namespace {

using ::ngoaivu::testing::Context;
using ::ngoaivu::testing::RegistryHarness;
using ::ngoaivu::testing::ViolatedFields;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class RegistryApiTest : public ::testing::Test {
 protected:
  grpc::Status Create(const std::string& code, const std::string& display,
                      v1::Agency::Kind kind, v1::Agency* out,
                      const std::string& parent = "",
                      const std::string& request_id = "") {
    v1::CreateAgencyRequest request;
    request.set_agency_id(code);
    request.mutable_agency()->set_display_name(display);
    request.mutable_agency()->set_kind(kind);
    request.mutable_agency()->set_parent(parent);
    request.set_request_id(request_id.empty() ? "create-" + code : request_id);
    return h_.stub().CreateAgency(Context().get(), request, out);
  }
  v1::Agency MustCreate(const std::string& code,
                        v1::Agency::Kind kind = v1::Agency::DEPARTMENT,
                        const std::string& parent = "") {
    v1::Agency agency;
    grpc::Status s = Create(code, "Sở " + code, kind, &agency, parent);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return agency;
  }
  grpc::Status Get(const std::string& name, v1::Agency* out) {
    v1::GetAgencyRequest request;
    request.set_name(name);
    return h_.stub().GetAgency(Context().get(), request, out);
  }
  grpc::Status Merge(const std::string& name, const std::string& successor,
                     v1::Agency* out, const std::string& request_id) {
    v1::MergeAgencyRequest request;
    request.set_name(name);
    request.set_successor(successor);
    request.set_reason("Quyết định sáp nhập");
    request.set_request_id(request_id);
    return h_.stub().MergeAgency(Context().get(), request, out);
  }
  grpc::Status Dissolve(const std::string& name, v1::Agency* out,
                        const std::string& request_id) {
    v1::DissolveAgencyRequest request;
    request.set_name(name);
    request.set_reason("Quyết định giải thể");
    request.set_request_id(request_id);
    return h_.stub().DissolveAgency(Context().get(), request, out);
  }
  std::vector<std::string> ListCodes(v1::ListAgenciesRequest request) {
    std::vector<std::string> codes;
    do {
      v1::ListAgenciesResponse response;
      grpc::Status s =
          h_.stub().ListAgencies(Context().get(), request, &response);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      for (const auto& a : response.agencies()) codes.push_back(a.name());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return codes;
  }

  RegistryHarness h_;
};

TEST_F(RegistryApiTest, CreateThenGetReturnsTheRecordExactly) {
  v1::Agency created;
  ASSERT_TRUE(
      Create("SNGV", "Sở Ngoại vụ", v1::Agency::DEPARTMENT, &created).ok());
  EXPECT_EQ(created.name(), "agencies/SNGV");
  EXPECT_EQ(created.state(), v1::Agency::ACTIVE);
  EXPECT_FALSE(created.etag().empty());
  v1::Agency got;
  ASSERT_TRUE(Get("agencies/SNGV", &got).ok());
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());
  EXPECT_EQ(got.display_name(), "Sở Ngoại vụ");  // UTF-8 kept exactly
}

TEST_F(RegistryApiTest, TextIsStoredAndCountedInNfcHoweverItWasTyped) {
  // "ở" precomposed (NFC, 1 code point) and decomposed (NFD: o, combining
  // horn, combining hook above: 3 code points).
  const std::string nfc = "\xE1\xBB\x9F";
  const std::string nfd = "o\xCC\x9B\xCC\x89";
  auto repeat = [](const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  // The longest name allowed, 300 letters, typed either way.
  v1::Agency typed_nfd, typed_nfc;
  ASSERT_TRUE(
      Create("SA", repeat(nfd, 300), v1::Agency::DEPARTMENT, &typed_nfd).ok());
  ASSERT_TRUE(
      Create("SB", repeat(nfc, 300), v1::Agency::DEPARTMENT, &typed_nfc).ok());
  EXPECT_EQ(typed_nfd.display_name(), repeat(nfc, 300));
  EXPECT_EQ(typed_nfd.display_name(), typed_nfc.display_name());
  v1::Agency stored;
  ASSERT_TRUE(Get("agencies/SA", &stored).ok());
  EXPECT_EQ(stored.display_name(), repeat(nfc, 300));
  // The event carries the stored text too.
  const auto events = h_.Events();
  ASSERT_FALSE(events.empty());
  v1::AgencyCreated created;
  ASSERT_TRUE(events.front().data().UnpackTo(&created));
  EXPECT_EQ(created.agency().display_name(), repeat(nfc, 300));
  // One letter more is too long in either form, and changes nothing.
  const std::string before = h_.Digest();
  v1::Agency refused;
  for (const std::string& letter : {nfc, nfd}) {
    grpc::Status status =
        Create("SC", repeat(letter, 301), v1::Agency::DEPARTMENT, &refused);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("agency.display_name"));
  }
  EXPECT_EQ(h_.Digest(), before);
}

TEST_F(RegistryApiTest, GetUnknownIsNotFoundAndCodesAreCaseSensitive) {
  MustCreate("SNGV");
  v1::Agency got;
  EXPECT_EQ(Get("agencies/SNGX", &got).error_code(), grpc::NOT_FOUND);
  // Lower case is not a code at all.
  grpc::Status s = Get("agencies/sngv", &got);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("name"));
}

TEST_F(RegistryApiTest, CreateTwiceIsAlreadyExists) {
  MustCreate("SNGV");
  v1::Agency again;
  grpc::Status s = Create("SNGV", "Khác", v1::Agency::DEPARTMENT, &again, "",
                          "another-request");
  EXPECT_EQ(s.error_code(), grpc::ALREADY_EXISTS);
}

TEST_F(RegistryApiTest, CreateUnderMissingOrDissolvedParentFails) {
  v1::Agency out;
  EXPECT_EQ(Create("BCH", "Ban", v1::Agency::OTHER, &out, "agencies/NOPE")
                .error_code(),
            grpc::NOT_FOUND);
  MustCreate("UBND", v1::Agency::PEOPLES_COMMITTEE);
  ASSERT_TRUE(Dissolve("agencies/UBND", &out, "d1").ok());
  EXPECT_EQ(Create("BCH2", "Ban", v1::Agency::OTHER, &out, "agencies/UBND")
                .error_code(),
            grpc::FAILED_PRECONDITION);
}

TEST_F(RegistryApiTest, UpdateChangesOnlyMaskedFields) {
  v1::Agency a = MustCreate("SNGV");
  v1::UpdateAgencyRequest request;
  request.mutable_agency()->set_name(a.name());
  request.mutable_agency()->set_english_name("Department of Foreign Affairs");
  request.mutable_agency()->set_display_name("ignored: not in the mask");
  request.mutable_agency()->mutable_contact()->set_email("sngv@tayninh.gov.vn");
  request.mutable_update_mask()->add_paths("english_name");
  request.mutable_update_mask()->add_paths("contact.email");
  request.set_request_id("u1");
  v1::Agency updated;
  ASSERT_TRUE(h_.stub().UpdateAgency(Context().get(), request, &updated).ok());
  EXPECT_EQ(updated.english_name(), "Department of Foreign Affairs");
  EXPECT_EQ(updated.contact().email(), "sngv@tayninh.gov.vn");
  EXPECT_EQ(updated.display_name(), a.display_name());
  EXPECT_NE(updated.etag(), a.etag());
}

TEST_F(RegistryApiTest, UpdateWithStaleEtagIsAbortedAndChangesNothing) {
  v1::Agency a = MustCreate("SNGV");
  v1::UpdateAgencyRequest request;
  request.mutable_agency()->set_name(a.name());
  request.mutable_agency()->set_english_name("First");
  request.mutable_agency()->set_etag(a.etag());
  request.mutable_update_mask()->add_paths("english_name");
  request.set_request_id("u1");
  v1::Agency out;
  ASSERT_TRUE(h_.stub().UpdateAgency(Context().get(), request, &out).ok());
  const std::string digest = h_.Digest();
  request.mutable_agency()->set_english_name("Second");
  request.set_request_id("u2");
  EXPECT_EQ(h_.stub().UpdateAgency(Context().get(), request, &out).error_code(),
            grpc::ABORTED);
  EXPECT_EQ(h_.Digest(), digest);
}

TEST_F(RegistryApiTest, ConcurrentUpdatesWithOneEtagExactlyOneWins) {
  v1::Agency a = MustCreate("SNGV");
  const size_t events_before = h_.Events().size();
  constexpr int kWriters = 12;
  std::atomic<int> ok{0}, aborted{0}, other{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      v1::UpdateAgencyRequest request;
      request.mutable_agency()->set_name(a.name());
      request.mutable_agency()->set_english_name("writer " + std::to_string(i));
      request.mutable_agency()->set_etag(a.etag());
      request.mutable_update_mask()->add_paths("english_name");
      request.set_request_id("writer-" + std::to_string(i));
      v1::Agency out;
      grpc::Status s = h_.stub().UpdateAgency(Context().get(), request, &out);
      if (s.ok()) {
        ++ok;
      } else if (s.error_code() == grpc::ABORTED) {
        ++aborted;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(aborted.load(), kWriters - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(h_.Events().size(), events_before + 1);
}

TEST_F(RegistryApiTest, ConcurrentUpdatesWithoutEtagAllApply) {
  MustCreate("SNGV");
  const size_t events_before = h_.Events().size();
  constexpr int kWriters = 8;
  std::atomic<int> ok{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      v1::UpdateAgencyRequest request;
      request.mutable_agency()->set_name("agencies/SNGV");
      request.mutable_agency()->mutable_contact()->set_phone(std::to_string(i));
      request.mutable_update_mask()->add_paths("contact.phone");
      request.set_request_id("phone-" + std::to_string(i));
      v1::Agency out;
      grpc::Status s = h_.stub().UpdateAgency(Context().get(), request, &out);
      if (s.ok()) ++ok;
      EXPECT_TRUE(s.ok()) << s.error_message();
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(ok.load(), kWriters);
  EXPECT_EQ(h_.Events().size(), events_before + kWriters);
}

TEST_F(RegistryApiTest, RetriedRequestIdReturnsFirstAnswerAndActsOnce) {
  v1::Agency first, second;
  ASSERT_TRUE(
      Create("SNGV", "Sở Ngoại vụ", v1::Agency::DEPARTMENT, &first, "", "req-1")
          .ok());
  ASSERT_TRUE(Create("SNGV", "Sở Ngoại vụ", v1::Agency::DEPARTMENT, &second, "",
                     "req-1")
                  .ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(h_.Events().size(), 1u);
  // The same id for a different request is refused, not replayed.
  v1::Agency third;
  grpc::Status s = Create("SCT", "Sở Công thương", v1::Agency::DEPARTMENT,
                          &third, "", "req-1");
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("request_id"));

  // A transition retried after it succeeded answers the same.
  v1::Agency d1, d2;
  ASSERT_TRUE(Dissolve("agencies/SNGV", &d1, "dis-1").ok());
  ASSERT_TRUE(Dissolve("agencies/SNGV", &d2, "dis-1").ok());
  EXPECT_EQ(d1.SerializeAsString(), d2.SerializeAsString());
  EXPECT_EQ(h_.Events().size(), 2u);
}

TEST_F(RegistryApiTest, DissolveAndMergeFollowTheLifecycle) {
  MustCreate("SKHDT");
  MustCreate("STC");
  MustCreate("SNEW");
  v1::Agency merged;
  ASSERT_TRUE(Merge("agencies/SKHDT", "agencies/STC", &merged, "m1").ok());
  EXPECT_EQ(merged.state(), v1::Agency::MERGED);
  EXPECT_EQ(merged.successor(), "agencies/STC");
  // A merged agency cannot be dissolved or merged again.
  v1::Agency out;
  EXPECT_EQ(Dissolve("agencies/SKHDT", &out, "d1").error_code(),
            grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Merge("agencies/SKHDT", "agencies/SNEW", &out, "m2").error_code(),
            grpc::FAILED_PRECONDITION);
  // Nor can anything merge into it.
  EXPECT_EQ(Merge("agencies/SNEW", "agencies/SKHDT", &out, "m3").error_code(),
            grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Merge("agencies/SNEW", "agencies/NONE", &out, "m4").error_code(),
            grpc::NOT_FOUND);
  grpc::Status self = Merge("agencies/SNEW", "agencies/SNEW", &out, "m5");
  EXPECT_EQ(self.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(self), ElementsAre("successor"));
  // STC merges on into SNEW: resolving SKHDT follows both steps.
  ASSERT_TRUE(Merge("agencies/STC", "agencies/SNEW", &out, "m6").ok());
  v1::ResolveAgencyRequest resolve;
  resolve.set_name("agencies/SKHDT");
  v1::ResolveAgencyResponse resolved;
  ASSERT_TRUE(
      h_.stub().ResolveAgency(Context().get(), resolve, &resolved).ok());
  EXPECT_EQ(resolved.agency().name(), "agencies/SNEW");
  EXPECT_THAT(resolved.chain(),
              ElementsAre("agencies/SKHDT", "agencies/STC", "agencies/SNEW"));
  // Updating a merged agency is refused.
  v1::UpdateAgencyRequest update;
  update.mutable_agency()->set_name("agencies/SKHDT");
  update.mutable_agency()->set_english_name("x");
  update.mutable_update_mask()->add_paths("english_name");
  update.set_request_id("u1");
  EXPECT_EQ(h_.stub().UpdateAgency(Context().get(), update, &out).error_code(),
            grpc::FAILED_PRECONDITION);
  resolve.set_name("agencies/NONE");
  EXPECT_EQ(
      h_.stub().ResolveAgency(Context().get(), resolve, &resolved).error_code(),
      grpc::NOT_FOUND);
}

TEST_F(RegistryApiTest, ParentCyclesAreRefused) {
  MustCreate("UBND", v1::Agency::PEOPLES_COMMITTEE);
  MustCreate("SNV", v1::Agency::DEPARTMENT, "agencies/UBND");
  MustCreate("BTG", v1::Agency::OTHER, "agencies/SNV");
  v1::UpdateAgencyRequest request;
  request.mutable_agency()->set_name("agencies/UBND");
  request.mutable_agency()->set_parent("agencies/BTG");
  request.mutable_update_mask()->add_paths("parent");
  request.set_request_id("cycle");
  v1::Agency out;
  EXPECT_EQ(h_.stub().UpdateAgency(Context().get(), request, &out).error_code(),
            grpc::FAILED_PRECONDITION);
  v1::ListAgenciesRequest children;
  children.set_parent("agencies/UBND");
  EXPECT_THAT(ListCodes(children), ElementsAre("agencies/SNV"));
}

// Unfiltered pages are served from the cache, indexes included; a write
// shows on the very next page read through the same server.
TEST_F(RegistryApiTest, APageRightAfterAWriteShowsIt) {
  MustCreate("UBND", v1::Agency::PEOPLES_COMMITTEE);
  v1::ListAgenciesRequest all;
  v1::ListAgenciesRequest active;
  active.set_state(v1::Agency::ACTIVE);
  EXPECT_THAT(ListCodes(all), ElementsAre("agencies/UBND"));
  EXPECT_THAT(ListCodes(active), ElementsAre("agencies/UBND"));
  MustCreate("SNGV", v1::Agency::DEPARTMENT, "agencies/UBND");
  EXPECT_THAT(ListCodes(all), ElementsAre("agencies/SNGV", "agencies/UBND"));
  v1::Agency out;
  ASSERT_TRUE(Dissolve("agencies/SNGV", &out, "d").ok());
  EXPECT_THAT(ListCodes(active), ElementsAre("agencies/UBND"));
}

TEST_F(RegistryApiTest, ListFiltersByKindStateParentAndGroup) {
  MustCreate("UBND", v1::Agency::PEOPLES_COMMITTEE);
  MustCreate("SNGV", v1::Agency::DEPARTMENT, "agencies/UBND");
  MustCreate("SCT", v1::Agency::DEPARTMENT, "agencies/UBND");
  MustCreate("HTB", v1::Agency::DISTRICT_PEOPLES_COMMITTEE);
  MustCreate("HBC", v1::Agency::DISTRICT_PEOPLES_COMMITTEE);
  v1::Agency out;
  ASSERT_TRUE(Dissolve("agencies/SCT", &out, "d").ok());

  v1::ListAgenciesRequest by_kind;
  by_kind.set_kind(v1::Agency::DEPARTMENT);
  EXPECT_THAT(ListCodes(by_kind), ElementsAre("agencies/SCT", "agencies/SNGV"));
  by_kind.set_state(v1::Agency::ACTIVE);
  EXPECT_THAT(ListCodes(by_kind), ElementsAre("agencies/SNGV"));
  v1::ListAgenciesRequest by_state;
  by_state.set_state(v1::Agency::DISSOLVED);
  EXPECT_THAT(ListCodes(by_state), ElementsAre("agencies/SCT"));
  v1::ListAgenciesRequest by_parent;
  by_parent.set_parent("agencies/UBND");
  EXPECT_THAT(ListCodes(by_parent),
              ElementsAre("agencies/SCT", "agencies/SNGV"));

  v1::CreateAgencyGroupRequest group;
  group.set_group_id("border-districts");
  group.mutable_group()->set_display_name("Các huyện biên giới");
  group.set_request_id("g1");
  v1::AgencyGroup g;
  ASSERT_TRUE(h_.stub().CreateAgencyGroup(Context().get(), group, &g).ok());
  v1::AddAgencyGroupMembersRequest add;
  add.set_group("groups/border-districts");
  add.add_agencies("agencies/HTB");
  add.add_agencies("agencies/HBC");
  add.set_request_id("g2");
  ASSERT_TRUE(h_.stub().AddAgencyGroupMembers(Context().get(), add, &g).ok());
  EXPECT_THAT(g.members(), ElementsAre("agencies/HBC", "agencies/HTB"));
  v1::ListAgenciesRequest by_group;
  by_group.set_group("groups/border-districts");
  EXPECT_THAT(ListCodes(by_group), ElementsAre("agencies/HBC", "agencies/HTB"));
  EXPECT_THAT(ListCodes(v1::ListAgenciesRequest()),
              ElementsAre("agencies/HBC", "agencies/HTB", "agencies/SCT",
                          "agencies/SNGV", "agencies/UBND"));
}

TEST_F(RegistryApiTest, GroupMembershipRules) {
  MustCreate("HTB", v1::Agency::DISTRICT_PEOPLES_COMMITTEE);
  MustCreate("HBC", v1::Agency::DISTRICT_PEOPLES_COMMITTEE);
  v1::Agency dissolved;
  MustCreate("HOLD", v1::Agency::DISTRICT_PEOPLES_COMMITTEE);
  ASSERT_TRUE(Dissolve("agencies/HOLD", &dissolved, "d").ok());
  v1::CreateAgencyGroupRequest create;
  create.set_group_id("districts");
  create.mutable_group()->set_display_name("UBND các huyện, thị");
  create.set_request_id("g1");
  v1::AgencyGroup g;
  ASSERT_TRUE(h_.stub().CreateAgencyGroup(Context().get(), create, &g).ok());
  create.set_request_id("g1-again");
  EXPECT_EQ(
      h_.stub().CreateAgencyGroup(Context().get(), create, &g).error_code(),
      grpc::ALREADY_EXISTS);

  v1::AddAgencyGroupMembersRequest add;
  add.set_group("groups/districts");
  add.add_agencies("agencies/HTB");
  add.add_agencies("agencies/NOPE");
  add.set_request_id("a1");
  const std::string digest = h_.Digest();
  EXPECT_EQ(
      h_.stub().AddAgencyGroupMembers(Context().get(), add, &g).error_code(),
      grpc::NOT_FOUND);
  add.set_agencies(1, "agencies/HOLD");
  add.set_request_id("a2");
  EXPECT_EQ(
      h_.stub().AddAgencyGroupMembers(Context().get(), add, &g).error_code(),
      grpc::FAILED_PRECONDITION);
  EXPECT_EQ(h_.Digest(), digest);
  add.set_agencies(1, "agencies/HBC");
  add.set_request_id("a3");
  ASSERT_TRUE(h_.stub().AddAgencyGroupMembers(Context().get(), add, &g).ok());
  EXPECT_EQ(g.members_size(), 2);

  v1::RemoveAgencyGroupMembersRequest remove;
  remove.set_group("groups/districts");
  remove.add_agencies("agencies/HOLD");
  remove.set_request_id("r1");
  EXPECT_EQ(h_.stub()
                .RemoveAgencyGroupMembers(Context().get(), remove, &g)
                .error_code(),
            grpc::NOT_FOUND);
  remove.set_agencies(0, "agencies/HTB");
  remove.set_request_id("r2");
  ASSERT_TRUE(
      h_.stub().RemoveAgencyGroupMembers(Context().get(), remove, &g).ok());
  EXPECT_THAT(g.members(), ElementsAre("agencies/HBC"));

  v1::GetAgencyGroupRequest get;
  get.set_name("groups/districts");
  v1::AgencyGroup got;
  ASSERT_TRUE(h_.stub().GetAgencyGroup(Context().get(), get, &got).ok());
  EXPECT_EQ(got.SerializeAsString(), g.SerializeAsString());
  get.set_name("groups/none");
  EXPECT_EQ(h_.stub().GetAgencyGroup(Context().get(), get, &got).error_code(),
            grpc::NOT_FOUND);

  v1::UpdateAgencyGroupRequest update;
  update.mutable_group()->set_name("groups/districts");
  update.mutable_group()->set_description("Chín huyện, thị");
  update.mutable_group()->set_etag("stale");
  update.mutable_update_mask()->add_paths("description");
  update.set_request_id("up1");
  EXPECT_EQ(
      h_.stub().UpdateAgencyGroup(Context().get(), update, &got).error_code(),
      grpc::ABORTED);
  update.mutable_group()->set_etag(g.etag());
  update.set_request_id("up2");
  ASSERT_TRUE(h_.stub().UpdateAgencyGroup(Context().get(), update, &got).ok());
  EXPECT_EQ(got.description(), "Chín huyện, thị");
  EXPECT_THAT(got.members(), ElementsAre("agencies/HBC"));

  v1::ListAgencyGroupsRequest list;
  v1::ListAgencyGroupsResponse groups;
  ASSERT_TRUE(h_.stub().ListAgencyGroups(Context().get(), list, &groups).ok());
  ASSERT_EQ(groups.groups_size(), 1);
  EXPECT_EQ(groups.groups(0).name(), "groups/districts");
}

TEST_F(RegistryApiTest, OfficialsBelongToActiveAgencies) {
  MustCreate("UBND", v1::Agency::PEOPLES_COMMITTEE);
  v1::CreateOfficialRequest create;
  create.set_parent("agencies/UBND");
  create.set_official_id("tran-luu-quang");
  create.mutable_official()->set_full_name("Trần Lưu Quang");
  create.mutable_official()->set_position("Phó Chủ tịch");
  create.set_request_id("o1");
  v1::Official official;
  ASSERT_TRUE(
      h_.stub().CreateOfficial(Context().get(), create, &official).ok());
  EXPECT_EQ(official.name(), "agencies/UBND/officials/tran-luu-quang");
  EXPECT_EQ(official.state(), v1::Official::ACTIVE);

  create.set_official_id("");
  create.mutable_official()->set_full_name("Nguyễn Văn A");
  create.set_request_id("o2");
  v1::Official generated;
  ASSERT_TRUE(
      h_.stub().CreateOfficial(Context().get(), create, &generated).ok());
  EXPECT_TRUE(absl::StartsWith(generated.name(), "agencies/UBND/officials/o"));

  create.set_parent("agencies/NONE");
  create.set_request_id("o3");
  EXPECT_EQ(h_.stub()
                .CreateOfficial(Context().get(), create, &generated)
                .error_code(),
            grpc::NOT_FOUND);

  v1::UpdateOfficialRequest update;
  update.mutable_official()->set_name(official.name());
  update.mutable_official()->set_state(v1::Official::LEFT);
  update.mutable_update_mask()->add_paths("state");
  update.set_request_id("o4");
  v1::Official left;
  ASSERT_TRUE(h_.stub().UpdateOfficial(Context().get(), update, &left).ok());
  EXPECT_EQ(left.state(), v1::Official::LEFT);
  EXPECT_EQ(left.full_name(), "Trần Lưu Quang");

  v1::GetOfficialRequest get;
  get.set_name(official.name());
  v1::Official got;
  ASSERT_TRUE(h_.stub().GetOfficial(Context().get(), get, &got).ok());
  EXPECT_EQ(got.SerializeAsString(), left.SerializeAsString());
  get.set_name("agencies/UBND/officials/nobody");
  EXPECT_EQ(h_.stub().GetOfficial(Context().get(), get, &got).error_code(),
            grpc::NOT_FOUND);

  v1::ListOfficialsRequest list;
  list.set_parent("agencies/UBND");
  v1::ListOfficialsResponse officials;
  ASSERT_TRUE(h_.stub().ListOfficials(Context().get(), list, &officials).ok());
  EXPECT_EQ(officials.officials_size(), 2);
  list.set_parent("agencies/NONE");
  EXPECT_EQ(
      h_.stub().ListOfficials(Context().get(), list, &officials).error_code(),
      grpc::NOT_FOUND);

  v1::Agency dissolved;
  ASSERT_TRUE(Dissolve("agencies/UBND", &dissolved, "d").ok());
  create.set_parent("agencies/UBND");
  create.set_request_id("o5");
  EXPECT_EQ(h_.stub()
                .CreateOfficial(Context().get(), create, &generated)
                .error_code(),
            grpc::FAILED_PRECONDITION);
}

// One person, one record: the same name again (without diacritics, in
// other case or spacing) is the same official, unless the request says two
// people share it.
TEST_F(RegistryApiTest, AnOfficialIsRecordedOnceUnlessAnotherSharesTheName) {
  MustCreate("SCT", v1::Agency::DEPARTMENT);
  v1::CreateOfficialRequest create;
  create.set_parent("agencies/SCT");
  create.set_official_id("nguyen-van-duc");
  create.mutable_official()->set_full_name("Nguyễn Văn Đức");
  create.mutable_official()->set_position("Giám đốc");
  create.set_request_id("d1");
  v1::Official first;
  ASSERT_TRUE(h_.stub().CreateOfficial(Context().get(), create, &first).ok());
  const std::string before = h_.Digest();
  int attempt = 0;
  for (const char* again :
       {"Nguyễn Văn Đức", "nguyen van duc", "  NGUYỄN   văn ĐỨC "}) {
    create.set_official_id("");
    create.mutable_official()->set_full_name(again);
    create.set_request_id(absl::StrCat("d-", ++attempt));
    v1::Official second;
    grpc::Status s = h_.stub().CreateOfficial(Context().get(), create, &second);
    EXPECT_EQ(s.error_code(), grpc::ALREADY_EXISTS) << again;
    EXPECT_THAT(s.error_message(),
                ::testing::HasSubstr("agencies/SCT/officials/nguyen-van-duc"));
    EXPECT_THAT(s.error_message(), ::testing::HasSubstr("different_person"));
  }
  EXPECT_EQ(h_.Digest(), before);
  // Another agency's namesake is another person; so is one the request
  // says is.
  MustCreate("SNGV", v1::Agency::DEPARTMENT);
  create.set_parent("agencies/SNGV");
  create.set_request_id("d-sngv");
  v1::Official other;
  EXPECT_TRUE(h_.stub().CreateOfficial(Context().get(), create, &other).ok());
  create.set_parent("agencies/SCT");
  create.set_different_person(true);
  create.set_request_id("d-namesake");
  EXPECT_TRUE(h_.stub().CreateOfficial(Context().get(), create, &other).ok());
}

TEST_F(RegistryApiTest, EveryMutationEmitsOneEventWithItsPayload) {
  v1::Agency a = MustCreate("SNGV");
  MustCreate("STC");
  v1::Agency out;
  ASSERT_TRUE(Merge("agencies/SNGV", "agencies/STC", &out, "m1").ok());
  // Rejected calls emit nothing.
  EXPECT_FALSE(Merge("agencies/SNGV", "agencies/STC", &out, "m2").ok());
  EXPECT_FALSE(
      Create("SNGV", "dup", v1::Agency::DEPARTMENT, &out, "", "dup").ok());

  auto events = h_.Events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type(), "ngoaivu.registry.v1.agency.created");
  EXPECT_EQ(events[0].subject(), "agencies/SNGV");
  EXPECT_EQ(events[0].source(), "//ngoaivu/registry");
  EXPECT_EQ(events[0].request_id(), "create-SNGV");
  EXPECT_FALSE(events[0].traceparent().empty());
  v1::AgencyCreated created;
  ASSERT_TRUE(events[0].data().UnpackTo(&created));
  EXPECT_EQ(created.agency().SerializeAsString(), a.SerializeAsString());
  EXPECT_EQ(events[2].type(), "ngoaivu.registry.v1.agency.merged");
  v1::AgencyMerged merged;
  ASSERT_TRUE(events[2].data().UnpackTo(&merged));
  EXPECT_EQ(merged.successor(), "agencies/STC");
  EXPECT_EQ(merged.agency().state(), v1::Agency::MERGED);
  std::set<std::string> ids;
  for (const auto& e : events) ids.insert(e.id());
  EXPECT_EQ(ids.size(), events.size());
}

TEST_F(RegistryApiTest, ReceivedTraceparentIsRecorded) {
  v1::CreateAgencyRequest request;
  request.set_agency_id("SNGV");
  request.mutable_agency()->set_display_name("Sở Ngoại vụ");
  request.mutable_agency()->set_kind(v1::Agency::DEPARTMENT);
  request.set_request_id("t1");
  auto context = Context();
  const std::string trace =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  context->AddMetadata("traceparent", trace);
  v1::Agency out;
  ASSERT_TRUE(h_.stub().CreateAgency(context.get(), request, &out).ok());
  EXPECT_EQ(h_.Events().at(0).traceparent(), trace);
}

}  // namespace
}  // namespace ngoaivu::registry
