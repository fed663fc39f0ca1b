// The registry importer's input (`ngoaivu import FILE`): any text is a
// registry file or refused with INVALID_ARGUMENT (never an uncaught
// exception), every agency comes after its parent when the file names it
// (unless the parents loop), and the requests the importer would make get
// the registry's own answer, OK or INVALID_ARGUMENT with field violations.
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/strip.h"
#include "common/registry_names.h"
#include "services/registry/registry_rules.h"
#include "tests/fuzz/fuzz_support.h"
#include "tools/ngoaivu/registry_import.h"

namespace {

namespace v1 = ::ngoaivu::registry::v1;
using ::ngoaivu::cli::RegistryFile;

// Whether following parents from `code` within the file comes back to it.
bool InALoop(const std::map<std::string, std::string>& parent_of,
             const std::string& code) {
  std::string at = code;
  for (size_t steps = 0; steps <= parent_of.size(); ++steps) {
    auto up = parent_of.find(at);
    if (up == parent_of.end()) return false;
    at = up->second;
    if (at == code) return true;
  }
  return true;  // longer than the file: a loop further up
}

void CheckOrder(const RegistryFile& file) {
  std::map<std::string, std::string> parent_of;  // codes, within the file
  std::map<std::string, size_t> position;
  for (size_t i = 0; i < file.agencies.size(); ++i) {
    const auto& a = file.agencies[i];
    if (!position.emplace(a.code, i).second) std::abort();  // listed twice
    parent_of[a.code] =
        std::string(absl::StripPrefix(a.agency.parent(), "agencies/"));
  }
  for (const auto& a : file.agencies) {
    auto parent = position.find(parent_of[a.code]);
    if (parent != position.end() && parent->second > position[a.code] &&
        !InALoop(parent_of, a.code)) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::ifstream in(NGOAIVU_SOURCE_DIR "/deploy/data/tay-ninh-agencies.yaml");
  std::stringstream text;
  text << in.rdbuf();
  ngoaivu::fuzz::WriteSeeds({text.str()});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = ngoaivu::cli::ParseRegistryFile(
      std::string(reinterpret_cast<const char*>(data), size));
  if (!file.ok()) {
    if (file.status().code() != absl::StatusCode::kInvalidArgument) {
      std::abort();
    }
    return 0;
  }
  CheckOrder(*file);
  for (const auto& a : file->agencies) {
    v1::CreateAgencyRequest create;
    create.set_agency_id(a.code);
    *create.mutable_agency() = a.agency;
    create.set_request_id("fuzz");
    ngoaivu::fuzz::ExpectValidatorAnswer(
        ngoaivu::registry::ValidateCreateAgency(create));
  }
  for (const auto& g : file->groups) {
    v1::CreateAgencyGroupRequest create;
    create.set_group_id(g.id);
    create.mutable_group()->set_display_name(g.display_name);
    create.mutable_group()->set_description(g.description);
    create.set_request_id("fuzz");
    ngoaivu::fuzz::ExpectValidatorAnswer(
        ngoaivu::registry::ValidateCreateGroup(create));
    google::protobuf::RepeatedPtrField<std::string> members(g.members.begin(),
                                                            g.members.end());
    ngoaivu::fuzz::ExpectValidatorAnswer(
        ngoaivu::registry::ValidateGroupMembers(ngoaivu::GroupName(g.id),
                                                members, "fuzz"));
  }
  for (const auto& o : file->officials) {
    v1::CreateOfficialRequest create;
    create.set_parent(o.agency);
    create.set_official_id(o.id);
    *create.mutable_official() = o.official;
    create.set_request_id("fuzz");
    ngoaivu::fuzz::ExpectValidatorAnswer(
        ngoaivu::registry::ValidateCreateOfficial(create));
  }
  return 0;
}
