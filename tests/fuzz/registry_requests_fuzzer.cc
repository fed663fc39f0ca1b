// Every registry request validator on arbitrary serialized requests: each
// answers OK or INVALID_ARGUMENT with field violations, never crashes.
#include "services/registry/registry_rules.h"
#include "tests/fuzz/fuzz_support.h"

namespace ngoaivu::fuzz {
namespace {

namespace v1 = registry::v1;
using namespace ::ngoaivu::registry;  // NOLINT: the validators

const Checks& AllChecks() {
  static const auto* checks = new Checks{
      RequestCheck<v1::GetAgencyRequest>(
          [](const auto& r) { return ValidateGetByName(r.name(), "agency"); }),
      RequestCheck<v1::ListAgenciesRequest>(ValidateListAgencies),
      RequestCheck<v1::CreateAgencyRequest>(ValidateCreateAgency),
      RequestCheck<v1::UpdateAgencyRequest>(ValidateUpdateAgency),
      RequestCheck<v1::DissolveAgencyRequest>(ValidateDissolveAgency),
      RequestCheck<v1::MergeAgencyRequest>(ValidateMergeAgency),
      RequestCheck<v1::CreateAgencyGroupRequest>(ValidateCreateGroup),
      RequestCheck<v1::UpdateAgencyGroupRequest>(ValidateUpdateGroup),
      RequestCheck<v1::AddAgencyGroupMembersRequest>([](const auto& r) {
        return ValidateGroupMembers(r.group(), r.agencies(), r.request_id());
      }),
      RequestCheck<v1::ListOfficialsRequest>(ValidateListOfficials),
      RequestCheck<v1::CreateOfficialRequest>(ValidateCreateOfficial),
      RequestCheck<v1::UpdateOfficialRequest>(ValidateUpdateOfficial),
  };
  return *checks;
}

std::vector<std::string> Seeds() {
  v1::GetAgencyRequest get;
  get.set_name("agencies/SNGV");
  v1::ListAgenciesRequest list;
  list.set_page_size(20);
  list.set_kind(v1::Agency::DEPARTMENT);
  v1::CreateAgencyRequest create;
  create.set_agency_id("SNGV");
  create.mutable_agency()->set_display_name("Sở Ngoại vụ");
  create.mutable_agency()->set_kind(v1::Agency::DEPARTMENT);
  create.mutable_agency()->set_parent("agencies/UBND");
  create.set_request_id("r-1");
  v1::UpdateAgencyRequest update;
  *update.mutable_agency() = create.agency();
  update.mutable_agency()->set_name("agencies/SNGV");
  update.mutable_agency()->set_etag("e1");
  update.mutable_update_mask()->add_paths("display_name");
  v1::DissolveAgencyRequest dissolve;
  dissolve.set_name("agencies/SNGV");
  dissolve.set_etag("e1");
  v1::MergeAgencyRequest merge;
  merge.set_name("agencies/SCT");
  merge.set_successor("agencies/SKHDT");
  v1::CreateAgencyGroupRequest group;
  group.set_group_id("border-districts");
  group.mutable_group()->set_display_name("Các huyện biên giới");
  group.mutable_group()->add_members("agencies/SNGV");
  v1::AddAgencyGroupMembersRequest members;
  members.set_group("groups/border-districts");
  members.add_agencies("agencies/SCT");
  v1::CreateOfficialRequest official;
  official.set_parent("agencies/UBND");
  official.set_official_id("tran-luu-quang");
  official.mutable_official()->set_full_name("Trần Lưu Quang");
  official.mutable_official()->set_position("Phó Chủ tịch");
  return {Seed(0, get),    Seed(1, list),     Seed(2, create),
          Seed(3, update), Seed(4, dissolve), Seed(5, merge),
          Seed(6, group),  Seed(8, members),  Seed(10, official)};
}

}  // namespace
}  // namespace ngoaivu::fuzz

NGOAIVU_REQUEST_FUZZER(ngoaivu::fuzz::AllChecks, ngoaivu::fuzz::Seeds)
