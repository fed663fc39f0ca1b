#include "tests/support/seed.h"

#include <gtest/gtest.h>

namespace ngoaivu::testing {

namespace reg = ::ngoaivu::registry::v1;

void SeedAgencies(RegistryHarness& h, const std::vector<std::string>& codes) {
  for (const std::string& code : codes) {
    reg::CreateAgencyRequest r;
    r.set_agency_id(code);
    r.mutable_agency()->set_display_name("Cơ quan " + code);
    r.mutable_agency()->set_kind(reg::Agency::DEPARTMENT);
    r.set_request_id("seed-" + code);
    reg::Agency out;
    grpc::Status s = h.stub().CreateAgency(Context().get(), r, &out);
    ASSERT_TRUE(s.ok()) << code << ": " << s.error_message();
  }
}

void SeedGroup(RegistryHarness& h, const std::string& id,
               const std::vector<std::string>& members) {
  reg::CreateAgencyGroupRequest g;
  g.set_group_id(id);
  g.mutable_group()->set_display_name("Nhóm " + id);
  g.set_request_id("seed-group-" + id);
  reg::AgencyGroup group;
  ASSERT_TRUE(h.stub().CreateAgencyGroup(Context().get(), g, &group).ok());
  reg::AddAgencyGroupMembersRequest add;
  add.set_group("groups/" + id);
  for (const std::string& code : members) add.add_agencies("agencies/" + code);
  add.set_request_id("seed-members-" + id);
  ASSERT_TRUE(
      h.stub().AddAgencyGroupMembers(Context().get(), add, &group).ok());
}

void SeedOfficial(RegistryHarness& h, const std::string& code,
                  const std::string& id, const std::string& full_name,
                  const std::string& position) {
  reg::CreateOfficialRequest r;
  r.set_parent("agencies/" + code);
  r.set_official_id(id);
  r.mutable_official()->set_full_name(full_name);
  r.mutable_official()->set_position(position);
  r.set_request_id("seed-official-" + code + "-" + id);
  reg::Official out;
  grpc::Status s = h.stub().CreateOfficial(Context().get(), r, &out);
  ASSERT_TRUE(s.ok()) << id << ": " << s.error_message();
}

}  // namespace ngoaivu::testing
