// Enum values as the CLI accepts and prints them.
#ifndef NGOAIVU_TOOLS_NGOAIVU_ENUM_TEXT_H_
#define NGOAIVU_TOOLS_NGOAIVU_ENUM_TEXT_H_

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/descriptor.h"

namespace ngoaivu::cli {

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

#endif  // NGOAIVU_TOOLS_NGOAIVU_ENUM_TEXT_H_
