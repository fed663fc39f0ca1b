#include "services/registry/registry_rules.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/ids.h"
#include "common/update_mask.h"
#include "common/validation.h"

namespace ngoaivu::registry {
namespace {

constexpr size_t kNameChars = 300;
constexpr size_t kReasonChars = 1000;
constexpr size_t kMaxMembersPerCall = 500;

absl::string_view StateName(Agency::State state) {
  return Agency::State_Name(state);
}

// The violation of a name that must be `<collection>/<id>` of some kind.
void CheckAgencyName(absl::string_view field, absl::string_view name,
                     bool required, Violations* v) {
  if (name.empty()) {
    if (required) v->Add(std::string(field), "required");
    return;
  }
  if (!AgencyCodeOf(name)) {
    v->Add(std::string(field),
           "must be agencies/{code}, code of 2-32 [A-Z0-9-] starting with a "
           "letter");
  }
}

void CheckGroupName(absl::string_view field, absl::string_view name,
                    bool required, Violations* v) {
  if (name.empty()) {
    if (required) v->Add(std::string(field), "required");
    return;
  }
  if (!GroupIdOf(name)) {
    v->Add(std::string(field),
           "must be groups/{id}, id of 1-63 [a-z0-9-] starting with a letter");
  }
}

void CheckContact(const std::string& prefix, const v1::ContactInfo& c,
                  Violations* v) {
  v->OptionalText(prefix + ".address", c.address(), 500);
  v->OptionalText(prefix + ".phone", c.phone(), 100);
  v->OptionalEmail(prefix + ".email", c.email());
  v->OptionalText(prefix + ".website", c.website(), 500);
}

// Checks the client-settable fields of `agency` that `covers` selects.
template <typename Covers>
void CheckAgencyFields(const Agency& agency, Covers covers, Violations* v) {
  if (covers("display_name")) {
    v->RequireText("agency.display_name", agency.display_name(), kNameChars);
  }
  if (covers("english_name")) {
    v->OptionalText("agency.english_name", agency.english_name(), kNameChars);
  }
  if (covers("kind")) {
    if (!Agency::Kind_IsValid(agency.kind())) {
      v->Add("agency.kind", absl::StrCat("unknown kind ", agency.kind()));
    } else if (agency.kind() == Agency::KIND_UNSPECIFIED) {
      v->Add("agency.kind", "required");
    }
  }
  if (covers("parent")) {
    CheckAgencyName("agency.parent", agency.parent(), false, v);
  }
  if (covers("contact.address") || covers("contact.phone") ||
      covers("contact.email") || covers("contact.website")) {
    CheckContact("agency.contact", agency.contact(), v);
  }
}

const std::set<std::string>& AgencyUpdatablePaths() {
  static const auto* paths = new std::set<std::string>{
      "display_name",  "english_name",  "kind",
      "parent",        "contact",       "contact.address",
      "contact.phone", "contact.email", "contact.website"};
  return *paths;
}

}  // namespace

absl::Status ValidateGetByName(absl::string_view name,
                               absl::string_view expected) {
  Violations v;
  if (name.empty()) {
    v.Add("name", "required");
  } else if ((expected == "agency" && !AgencyCodeOf(name)) ||
             (expected == "group" && !GroupIdOf(name)) ||
             (expected == "official" && !OfficialRefOf(name))) {
    v.Add("name", absl::StrCat("not the name of an ",
                               expected == "agency"  ? "agency"
                               : expected == "group" ? "agency group"
                                                     : "official"));
  }
  return v.ToStatus();
}

absl::Status ValidateListAgencies(const v1::ListAgenciesRequest& r) {
  Violations v;
  v.PageSize("page_size", r.page_size());
  if (!Agency::Kind_IsValid(r.kind())) {
    v.Add("kind", absl::StrCat("unknown kind ", r.kind()));
  }
  if (!Agency::State_IsValid(r.state())) {
    v.Add("state", absl::StrCat("unknown state ", r.state()));
  }
  CheckAgencyName("parent", r.parent(), false, &v);
  CheckGroupName("group", r.group(), false, &v);
  return v.ToStatus();
}

absl::Status ValidateCreateAgency(const v1::CreateAgencyRequest& r) {
  Violations v;
  if (r.agency_id().empty()) {
    v.Add("agency_id", "required");
  } else if (!IsValidAgencyCode(r.agency_id())) {
    v.Add("agency_id", "2-32 characters of [A-Z0-9-] starting with a letter");
  }
  if (!r.has_agency()) {
    v.Add("agency", "required");
  } else {
    CheckAgencyFields(
        r.agency(), [](absl::string_view) { return true; }, &v);
    if (!r.agency().parent().empty() &&
        r.agency().parent() == AgencyName(r.agency_id())) {
      v.Add("agency.parent", "an agency cannot be its own parent");
    }
  }
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateUpdateAgency(const v1::UpdateAgencyRequest& r) {
  Violations v;
  CheckAgencyName("agency.name", r.agency().name(), true, &v);
  CheckUpdateMask("update_mask", r.update_mask(), AgencyUpdatablePaths(), &v);
  CheckAgencyFields(
      r.agency(),
      [&](absl::string_view path) { return MaskCovers(r.update_mask(), path); },
      &v);
  if (MaskCovers(r.update_mask(), "parent") && !r.agency().parent().empty() &&
      r.agency().parent() == r.agency().name()) {
    v.Add("agency.parent", "an agency cannot be its own parent");
  }
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateDissolveAgency(const v1::DissolveAgencyRequest& r) {
  Violations v;
  CheckAgencyName("name", r.name(), true, &v);
  v.RequireText("reason", r.reason(), kReasonChars);
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateMergeAgency(const v1::MergeAgencyRequest& r) {
  Violations v;
  CheckAgencyName("name", r.name(), true, &v);
  CheckAgencyName("successor", r.successor(), true, &v);
  if (!r.name().empty() && r.name() == r.successor()) {
    v.Add("successor", "an agency cannot be merged into itself");
  }
  v.RequireText("reason", r.reason(), kReasonChars);
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateCreateGroup(const v1::CreateAgencyGroupRequest& r) {
  Violations v;
  if (r.group_id().empty()) {
    v.Add("group_id", "required");
  } else if (!IsValidResourceId(r.group_id())) {
    v.Add("group_id", "1-63 characters of [a-z0-9-] starting with a letter");
  }
  v.RequireText("group.display_name", r.group().display_name(), kNameChars);
  v.OptionalText("group.description", r.group().description(), 2000);
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateUpdateGroup(const v1::UpdateAgencyGroupRequest& r) {
  Violations v;
  CheckGroupName("group.name", r.group().name(), true, &v);
  CheckUpdateMask("update_mask", r.update_mask(),
                  {"display_name", "description"}, &v);
  if (MaskCovers(r.update_mask(), "display_name")) {
    v.RequireText("group.display_name", r.group().display_name(), kNameChars);
  }
  if (MaskCovers(r.update_mask(), "description")) {
    v.OptionalText("group.description", r.group().description(), 2000);
  }
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateGroupMembers(
    absl::string_view group,
    const google::protobuf::RepeatedPtrField<std::string>& agencies,
    absl::string_view request_id) {
  Violations v;
  CheckGroupName("group", group, true, &v);
  v.RequireCount("agencies", agencies.size(), 1, kMaxMembersPerCall);
  std::set<std::string> seen;
  for (int i = 0;
       i < agencies.size() && i < static_cast<int>(kMaxMembersPerCall); ++i) {
    const std::string field = absl::StrCat("agencies[", i, "]");
    CheckAgencyName(field, agencies[i], true, &v);
    if (!seen.insert(agencies[i]).second) v.Add(field, "named twice");
  }
  v.RequireRequestId("request_id", request_id);
  return v.ToStatus();
}

absl::Status ValidateListOfficials(const v1::ListOfficialsRequest& r) {
  Violations v;
  CheckAgencyName("parent", r.parent(), true, &v);
  v.PageSize("page_size", r.page_size());
  return v.ToStatus();
}

namespace {
template <typename Covers>
void CheckOfficialFields(const Official& o, Covers covers, Violations* v) {
  if (covers("full_name"))
    v->RequireText("official.full_name", o.full_name(), 200);
  if (covers("position"))
    v->RequireText("official.position", o.position(), 200);
  if (covers("email")) v->OptionalEmail("official.email", o.email());
  if (covers("phone")) v->OptionalText("official.phone", o.phone(), 100);
}
}  // namespace

absl::Status ValidateCreateOfficial(const v1::CreateOfficialRequest& r) {
  Violations v;
  CheckAgencyName("parent", r.parent(), true, &v);
  if (!r.official_id().empty() && !IsValidResourceId(r.official_id())) {
    v.Add("official_id", "1-63 characters of [a-z0-9-] starting with a letter");
  }
  if (!r.has_official()) {
    v.Add("official", "required");
  } else {
    CheckOfficialFields(
        r.official(), [](absl::string_view) { return true; }, &v);
  }
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

absl::Status ValidateUpdateOfficial(const v1::UpdateOfficialRequest& r) {
  Violations v;
  if (r.official().name().empty()) {
    v.Add("official.name", "required");
  } else if (!OfficialRefOf(r.official().name())) {
    v.Add("official.name", "must be agencies/{code}/officials/{id}");
  }
  CheckUpdateMask("update_mask", r.update_mask(),
                  {"full_name", "position", "email", "phone", "state"}, &v);
  CheckOfficialFields(
      r.official(),
      [&](absl::string_view p) { return MaskCovers(r.update_mask(), p); }, &v);
  if (MaskCovers(r.update_mask(), "state")) {
    if (!Official::State_IsValid(r.official().state())) {
      v.Add("official.state",
            absl::StrCat("unknown state ", r.official().state()));
    } else if (r.official().state() == Official::STATE_UNSPECIFIED) {
      v.Add("official.state", "must be ACTIVE or LEFT");
    }
  }
  v.RequireRequestId("request_id", r.request_id());
  return v.ToStatus();
}

Agency NewAgency(const v1::CreateAgencyRequest& r, absl::Time now) {
  Agency a;
  a.set_name(AgencyName(r.agency_id()));
  a.set_display_name(r.agency().display_name());
  a.set_english_name(r.agency().english_name());
  a.set_kind(r.agency().kind());
  a.set_parent(r.agency().parent());
  if (r.agency().has_contact()) *a.mutable_contact() = r.agency().contact();
  a.set_state(Agency::ACTIVE);
  *a.mutable_create_time() = ToTimestamp(now);
  *a.mutable_update_time() = ToTimestamp(now);
  a.set_etag(NewEtag());
  return a;
}

absl::Status CheckMutable(const Agency& current, absl::string_view etag) {
  if (current.state() != Agency::ACTIVE) {
    return absl::FailedPreconditionError(
        absl::StrCat(current.name(), " is ", StateName(current.state()),
                     "; only an ACTIVE agency can change"));
  }
  return CheckEtag(current.name(), current.etag(), etag);
}

Agency ApplyAgencyUpdate(const Agency& current,
                         const v1::UpdateAgencyRequest& r, absl::Time now) {
  Agency next = current;
  ApplyUpdateMask(r.agency(), r.update_mask(), &next);
  *next.mutable_update_time() = ToTimestamp(now);
  next.set_etag(NewEtag());
  return next;
}

Agency Dissolved(const Agency& current, absl::string_view reason,
                 absl::Time now) {
  Agency next = current;
  next.set_state(Agency::DISSOLVED);
  next.set_end_reason(std::string(reason));
  *next.mutable_end_time() = ToTimestamp(now);
  *next.mutable_update_time() = ToTimestamp(now);
  next.set_etag(NewEtag());
  return next;
}

absl::StatusOr<Agency> Merged(const Agency& current, const Agency& successor,
                              absl::string_view reason, absl::Time now) {
  if (successor.state() != Agency::ACTIVE) {
    return absl::FailedPreconditionError(absl::StrCat(
        "successor ", successor.name(), " is ", StateName(successor.state()),
        "; an agency can only merge into an ACTIVE one"));
  }
  Agency next = Dissolved(current, reason, now);
  next.set_state(Agency::MERGED);
  next.set_successor(successor.name());
  return next;
}

bool EndsChain(const Agency& agency) {
  return agency.state() != Agency::MERGED || agency.successor().empty();
}

AgencyGroup NewGroup(const v1::CreateAgencyGroupRequest& r, absl::Time now) {
  AgencyGroup g;
  g.set_name(GroupName(r.group_id()));
  g.set_display_name(r.group().display_name());
  g.set_description(r.group().description());
  *g.mutable_create_time() = ToTimestamp(now);
  *g.mutable_update_time() = ToTimestamp(now);
  g.set_etag(NewEtag());
  return g;
}

AgencyGroup ApplyGroupUpdate(const AgencyGroup& current,
                             const v1::UpdateAgencyGroupRequest& r,
                             absl::Time now) {
  AgencyGroup next = current;
  ApplyUpdateMask(r.group(), r.update_mask(), &next);
  *next.mutable_update_time() = ToTimestamp(now);
  next.set_etag(NewEtag());
  return next;
}

AgencyGroup WithMembers(const AgencyGroup& current,
                        const std::vector<std::string>& agencies,
                        absl::Time now, std::vector<std::string>* added) {
  std::set<std::string> members(current.members().begin(),
                                current.members().end());
  for (const std::string& a : agencies) {
    if (members.insert(a).second) added->push_back(a);
  }
  AgencyGroup next = current;
  next.clear_members();
  for (const std::string& m : members) next.add_members(m);
  *next.mutable_update_time() = ToTimestamp(now);
  next.set_etag(NewEtag());
  return next;
}

absl::StatusOr<AgencyGroup> WithoutMembers(
    const AgencyGroup& current, const std::vector<std::string>& agencies,
    absl::Time now) {
  std::set<std::string> members(current.members().begin(),
                                current.members().end());
  for (const std::string& a : agencies) {
    if (members.erase(a) == 0) {
      return absl::NotFoundError(
          absl::StrCat(a, " is not a member of ", current.name()));
    }
  }
  AgencyGroup next = current;
  next.clear_members();
  for (const std::string& m : members) next.add_members(m);
  *next.mutable_update_time() = ToTimestamp(now);
  next.set_etag(NewEtag());
  return next;
}

Official NewOfficial(const v1::CreateOfficialRequest& r, absl::string_view id,
                     absl::Time now) {
  Official o;
  o.set_name(OfficialName({*AgencyCodeOf(r.parent()), std::string(id)}));
  o.set_full_name(r.official().full_name());
  o.set_position(r.official().position());
  o.set_email(r.official().email());
  o.set_phone(r.official().phone());
  o.set_state(Official::ACTIVE);
  *o.mutable_create_time() = ToTimestamp(now);
  *o.mutable_update_time() = ToTimestamp(now);
  o.set_etag(NewEtag());
  return o;
}

Official ApplyOfficialUpdate(const Official& current,
                             const v1::UpdateOfficialRequest& r,
                             absl::Time now) {
  Official next = current;
  ApplyUpdateMask(r.official(), r.update_mask(), &next);
  *next.mutable_update_time() = ToTimestamp(now);
  next.set_etag(NewEtag());
  return next;
}

}  // namespace ngoaivu::registry
