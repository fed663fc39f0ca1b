// The registry's domain rules, without gRPC or Redis.
#include "services/registry/registry_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/errors.h"

namespace ngoaivu::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::UnorderedElementsAre;

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& v : FieldViolationsOf(s)) out.push_back(v.field);
  return out;
}

const absl::Time kNow = absl::FromUnixSeconds(1764547200);  // 2025-12-01

TEST(RegistryNamesTest, AgencyCodes) {
  EXPECT_TRUE(IsValidAgencyCode("SNGV"));
  EXPECT_TRUE(IsValidAgencyCode("UBND-HTB"));
  EXPECT_TRUE(IsValidAgencyCode("S2"));
  EXPECT_FALSE(IsValidAgencyCode("S"));
  EXPECT_FALSE(IsValidAgencyCode("sngv"));
  EXPECT_FALSE(IsValidAgencyCode("2S"));
  EXPECT_FALSE(IsValidAgencyCode("S NGV"));
  EXPECT_FALSE(IsValidAgencyCode(std::string(33, 'A')));
  EXPECT_EQ(AgencyCodeOf("agencies/SNGV"), "SNGV");
  EXPECT_EQ(AgencyCodeOf("agencies/SNGV/officials/x"), std::nullopt);
  EXPECT_EQ(AgencyCodeOf("groups/SNGV"), std::nullopt);
  EXPECT_EQ(GroupIdOf("groups/border-districts"), "border-districts");
  EXPECT_EQ(GroupIdOf("groups/Border"), std::nullopt);
  auto ref = OfficialRefOf("agencies/UBND/officials/tran-luu-quang");
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->agency_code, "UBND");
  EXPECT_EQ(ref->id, "tran-luu-quang");
  EXPECT_EQ(OfficialName(*ref), "agencies/UBND/officials/tran-luu-quang");
  EXPECT_FALSE(OfficialRefOf("agencies/UBND/officials/").has_value());
}

v1::CreateAgencyRequest ValidCreate() {
  v1::CreateAgencyRequest r;
  r.set_agency_id("SNGV");
  r.mutable_agency()->set_display_name("Sở Ngoại vụ");
  r.mutable_agency()->set_kind(v1::Agency::DEPARTMENT);
  r.set_request_id("r1");
  return r;
}

TEST(RegistryValidationTest, ValidCreatePasses) {
  EXPECT_TRUE(ValidateCreateAgency(ValidCreate()).ok());
}

TEST(RegistryValidationTest, CreateNamesEveryBadField) {
  v1::CreateAgencyRequest r = ValidCreate();
  r.set_agency_id("sngv");
  r.mutable_agency()->set_display_name(std::string("S\xC3", 2));
  r.mutable_agency()->set_kind(static_cast<v1::Agency::Kind>(77));
  r.mutable_agency()->mutable_contact()->set_email("@");
  r.set_request_id("");
  EXPECT_THAT(
      Fields(ValidateCreateAgency(r)),
      UnorderedElementsAre("agency_id", "agency.display_name", "agency.kind",
                           "agency.contact.email", "request_id"));
}

TEST(RegistryValidationTest, LengthsCountCharactersNotBytes) {
  v1::CreateAgencyRequest r = ValidCreate();
  // 300 Vietnamese letters of 2-3 bytes each are within the limit.
  std::string name;
  for (int i = 0; i < 300; ++i) name += "ệ";
  r.mutable_agency()->set_display_name(name);
  EXPECT_TRUE(ValidateCreateAgency(r).ok());
  r.mutable_agency()->set_display_name(name + "a");
  EXPECT_THAT(Fields(ValidateCreateAgency(r)),
              ElementsAre("agency.display_name"));
}

TEST(RegistryValidationTest, UpdateChecksOnlyMaskedFields) {
  v1::UpdateAgencyRequest r;
  r.mutable_agency()->set_name("agencies/SNGV");
  r.mutable_update_mask()->add_paths("english_name");
  r.set_request_id("u");
  // display_name is empty but not in the mask: fine.
  EXPECT_TRUE(ValidateUpdateAgency(r).ok());
  r.mutable_update_mask()->add_paths("display_name");
  EXPECT_THAT(Fields(ValidateUpdateAgency(r)),
              ElementsAre("agency.display_name"));
  r.mutable_update_mask()->set_paths(1, "etag");
  EXPECT_THAT(Fields(ValidateUpdateAgency(r)), ElementsAre("update_mask"));
}

TEST(RegistryValidationTest, MergeIntoItselfIsInvalid) {
  v1::MergeAgencyRequest r;
  r.set_name("agencies/STC");
  r.set_successor("agencies/STC");
  r.set_reason("x");
  r.set_request_id("m");
  EXPECT_THAT(Fields(ValidateMergeAgency(r)), ElementsAre("successor"));
}

TEST(RegistryValidationTest, GroupMembersAreDistinctAgencies) {
  google::protobuf::RepeatedPtrField<std::string> agencies;
  *agencies.Add() = "agencies/HTB";
  *agencies.Add() = "agencies/HTB";
  *agencies.Add() = "HBC";
  EXPECT_THAT(Fields(ValidateGroupMembers("groups/d", agencies, "r")),
              ElementsAre("agencies[1]", "agencies[2]"));
}

TEST(AgencyLifecycleTest, OnlyActiveAgenciesChange) {
  v1::Agency a = NewAgency(ValidCreate(), kNow);
  EXPECT_EQ(a.state(), v1::Agency::ACTIVE);
  EXPECT_TRUE(CheckMutable(a, "").ok());
  EXPECT_TRUE(CheckMutable(a, a.etag()).ok());
  EXPECT_EQ(CheckMutable(a, "other").code(), absl::StatusCode::kAborted);
  v1::Agency d = Dissolved(a, "Quyết định 1", kNow);
  EXPECT_EQ(d.state(), v1::Agency::DISSOLVED);
  EXPECT_NE(d.etag(), a.etag());
  EXPECT_EQ(CheckMutable(d, "").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(EndsChain(d));
}

TEST(AgencyLifecycleTest, MergeNeedsAnActiveSuccessor) {
  v1::Agency a = NewAgency(ValidCreate(), kNow);
  v1::CreateAgencyRequest other = ValidCreate();
  other.set_agency_id("STC");
  v1::Agency b = NewAgency(other, kNow);
  auto merged = Merged(a, b, "sáp nhập", kNow);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->state(), v1::Agency::MERGED);
  EXPECT_EQ(merged->successor(), "agencies/STC");
  EXPECT_FALSE(EndsChain(*merged));
  v1::Agency gone = Dissolved(b, "x", kNow);
  EXPECT_EQ(Merged(a, gone, "x", kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(AgencyLifecycleTest, UpdateReplacesContactWholeOrByField) {
  v1::Agency a = NewAgency(ValidCreate(), kNow);
  a.mutable_contact()->set_phone("0276 3822 000");
  a.mutable_contact()->set_email("old@tayninh.gov.vn");
  v1::UpdateAgencyRequest r;
  r.mutable_agency()->mutable_contact()->set_email("new@tayninh.gov.vn");
  r.mutable_update_mask()->add_paths("contact.email");
  v1::Agency by_field = ApplyAgencyUpdate(a, r, kNow);
  EXPECT_EQ(by_field.contact().email(), "new@tayninh.gov.vn");
  EXPECT_EQ(by_field.contact().phone(), "0276 3822 000");
  r.mutable_update_mask()->set_paths(0, "contact");
  v1::Agency whole = ApplyAgencyUpdate(a, r, kNow);
  EXPECT_EQ(whole.contact().email(), "new@tayninh.gov.vn");
  EXPECT_EQ(whole.contact().phone(), "");
}

TEST(GroupRulesTest, MembershipChanges) {
  v1::CreateAgencyGroupRequest r;
  r.set_group_id("border");
  r.mutable_group()->set_display_name("Các huyện biên giới");
  v1::AgencyGroup g = NewGroup(r, kNow);
  std::vector<std::string> added;
  g = WithMembers(g, {"agencies/HTB", "agencies/HBC"}, kNow, &added);
  EXPECT_THAT(g.members(), ElementsAre("agencies/HBC", "agencies/HTB"));
  added.clear();
  g = WithMembers(g, {"agencies/HTB", "agencies/HCT"}, kNow, &added);
  EXPECT_THAT(added, ElementsAre("agencies/HCT"));
  auto removed = WithoutMembers(g, {"agencies/HTB"}, kNow);
  ASSERT_TRUE(removed.ok());
  EXPECT_THAT(removed->members(), ElementsAre("agencies/HBC", "agencies/HCT"));
  EXPECT_EQ(WithoutMembers(g, {"agencies/XYZ"}, kNow).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace ngoaivu::registry
