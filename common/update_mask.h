// AIP-134 update masks: which paths a client may name, and applying them.
#ifndef NGOAIVU_COMMON_UPDATE_MASK_H_
#define NGOAIVU_COMMON_UPDATE_MASK_H_

#include <set>
#include <string>

#include "absl/strings/string_view.h"
#include "common/validation.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace ngoaivu {

// Adds a violation on `field` when the mask is empty, names a path twice or
// a path outside `allowed`.
void CheckUpdateMask(absl::string_view field,
                     const google::protobuf::FieldMask& mask,
                     const std::set<std::string>& allowed,
                     Violations* violations);

// Whether `mask` names `path` or a parent of it ("contact" covers
// "contact.email").
bool MaskCovers(const google::protobuf::FieldMask& mask,
                absl::string_view path);

// Copies the masked fields of `source` into `target`; message fields named
// whole are replaced, not merged.
void ApplyUpdateMask(const google::protobuf::Message& source,
                     const google::protobuf::FieldMask& mask,
                     google::protobuf::Message* target);

}  // namespace ngoaivu

#endif  // NGOAIVU_COMMON_UPDATE_MASK_H_
