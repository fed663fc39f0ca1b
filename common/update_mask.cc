#include "common/update_mask.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/util/field_mask_util.h"

namespace ngoaivu {

void CheckUpdateMask(absl::string_view field,
                     const google::protobuf::FieldMask& mask,
                     const std::set<std::string>& allowed,
                     Violations* violations) {
  if (mask.paths_size() == 0) {
    violations->Add(std::string(field),
                    absl::StrCat("required; updatable paths: ",
                                 absl::StrJoin(allowed, ", ")));
    return;
  }
  std::set<std::string> seen;
  for (const std::string& path : mask.paths()) {
    if (allowed.count(path) == 0) {
      violations->Add(std::string(field),
                      absl::StrCat("path '", IsValidUtf8(path) ? path : "?",
                                   "' cannot be updated; updatable paths: ",
                                   absl::StrJoin(allowed, ", ")));
    } else if (!seen.insert(path).second) {
      violations->Add(std::string(field),
                      absl::StrCat("path '", path, "' named twice"));
    }
  }
}

bool MaskCovers(const google::protobuf::FieldMask& mask,
                absl::string_view path) {
  for (const std::string& p : mask.paths()) {
    if (p == path) return true;
    if (path.size() > p.size() && path.substr(0, p.size()) == p &&
        path[p.size()] == '.') {
      return true;
    }
  }
  return false;
}

void ApplyUpdateMask(const google::protobuf::Message& source,
                     const google::protobuf::FieldMask& mask,
                     google::protobuf::Message* target) {
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(source, mask, options,
                                                        target);
}

}  // namespace ngoaivu
