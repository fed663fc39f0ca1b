// Resource names and enum spellings as the CLI accepts and prints them.
#ifndef NGOAIVU_TOOLS_NGOAIVU_REGISTRY_NAMES_H_
#define NGOAIVU_TOOLS_NGOAIVU_REGISTRY_NAMES_H_

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/descriptor.h"

namespace ngoaivu::cli {

// "SNGV" or "agencies/SNGV" -> "agencies/SNGV".
inline std::string AgencyName(const std::string& code_or_name) {
  if (code_or_name.empty() || absl::StartsWith(code_or_name, "agencies/")) {
    return code_or_name;
  }
  return "agencies/" + code_or_name;
}
inline std::string GroupName(const std::string& id_or_name) {
  if (id_or_name.empty() || absl::StartsWith(id_or_name, "groups/"))
    return id_or_name;
  return "groups/" + id_or_name;
}
// "UBND/tran-luu-quang" or the full name.
inline std::string OfficialName(const std::string& ref) {
  if (absl::StartsWith(ref, "agencies/")) return ref;
  const auto slash = ref.find('/');
  if (slash == std::string::npos) return ref;
  return "agencies/" + ref.substr(0, slash) + "/officials/" +
         ref.substr(slash + 1);
}

// Enum values as the CLI spells them: DISTRICT_PEOPLES_COMMITTEE ->
// district-peoples-committee; either spelling is accepted.
template <typename Enum>
bool ParseEnum(const google::protobuf::EnumDescriptor* descriptor,
               const std::string& text, Enum* out) {
  const std::string upper =
      absl::AsciiStrToUpper(absl::StrReplaceAll(text, {{"-", "_"}}));
  const auto* value = descriptor->FindValueByName(upper);
  if (value == nullptr || value->number() == 0) return false;
  *out = static_cast<Enum>(value->number());
  return true;
}
inline std::string EnumText(const google::protobuf::EnumDescriptor* descriptor,
                            int v) {
  const auto* value = descriptor->FindValueByNumber(v);
  if (value == nullptr) return std::to_string(v);
  return absl::AsciiStrToLower(
      absl::StrReplaceAll(value->name(), {{"_", "-"}}));
}
}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_REGISTRY_NAMES_H_
