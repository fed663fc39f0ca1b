// Vietnamese text arrives precomposed (NFC) or decomposed (NFD) depending on
// the keyboard and system that typed it: "Sở" is 2 code points in NFC and 4
// in NFD. Every string field of every request is normalised to NFC on input
// (with utf8proc), so the same name is stored, compared and counted against
// its length limit the same way however it was typed. Codes, names and ids
// are ASCII, which NFC leaves byte for byte as they are.
#ifndef NGOAIVU_COMMON_TEXT_H_
#define NGOAIVU_COMMON_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace ngoaivu {

// `text` in NFC; `text` itself when it is not valid UTF-8 (validation
// refuses it elsewhere).
std::string ToNfc(absl::string_view text);
bool IsNfc(absl::string_view text);

// A person's name as compared for sameness: without case, diacritics or
// extra spaces ("  Nguyễn  Văn Đức" and "nguyen van duc" give the same key).
std::string NameKey(absl::string_view text);

// Whether any string field of `message` (nested messages and repeated
// fields included) is not in NFC.
bool NeedsNfc(const google::protobuf::Message& message);
// Rewrites every string field of `message` to NFC.
void NormalizeToNfc(google::protobuf::Message* message);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_TEXT_H_
