#include "common/errors.h"

#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace ngoaivu {
namespace {

constexpr char kBadRequestUrl[] = "type.googleapis.com/google.rpc.BadRequest";

struct CodeName {
  const char* name;
  absl::StatusCode code;
};

constexpr CodeName kCodes[] = {
    {"INVALID_ARGUMENT", absl::StatusCode::kInvalidArgument},
    {"NOT_FOUND", absl::StatusCode::kNotFound},
    {"ALREADY_EXISTS", absl::StatusCode::kAlreadyExists},
    {"FAILED_PRECONDITION", absl::StatusCode::kFailedPrecondition},
    {"ABORTED", absl::StatusCode::kAborted},
    {"PERMISSION_DENIED", absl::StatusCode::kPermissionDenied},
    {"UNAVAILABLE", absl::StatusCode::kUnavailable},
    {"RESOURCE_EXHAUSTED", absl::StatusCode::kResourceExhausted},
};

}  // namespace

absl::Status InvalidArgument(const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest bad_request;
  std::vector<std::string> parts;
  for (const FieldViolation& v : violations) {
    auto* out = bad_request.add_field_violations();
    out->set_field(v.field);
    out->set_description(v.description);
    parts.push_back(absl::StrCat(v.field, ": ", v.description));
  }
  absl::Status status(absl::StatusCode::kInvalidArgument,
                      absl::StrJoin(parts, "; "));
  status.SetPayload(kBadRequestUrl,
                    absl::Cord(bad_request.SerializeAsString()));
  return status;
}

absl::Status InvalidArgument(std::string field, std::string description) {
  return InvalidArgument(
      {FieldViolation{std::move(field), std::move(description)}});
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(kBadRequestUrl);
  if (!payload.has_value()) return out;
  google::rpc::BadRequest bad_request;
  if (!bad_request.ParseFromString(std::string(*payload))) return out;
  for (const auto& v : bad_request.field_violations()) {
    out.push_back({v.field(), v.description()});
  }
  return out;
}

absl::Status StatusFromFunctionError(absl::string_view reply) {
  for (const CodeName& c : kCodes) {
    absl::string_view name(c.name);
    if (reply.size() > name.size() && reply.substr(0, name.size()) == name &&
        reply[name.size()] == ' ') {
      std::string message(reply.substr(name.size() + 1));
      if (c.code == absl::StatusCode::kInvalidArgument) {
        // "<field>: <description>" from a Function becomes a violation.
        auto colon = message.find(": ");
        if (colon != std::string::npos) {
          return InvalidArgument(message.substr(0, colon),
                                 message.substr(colon + 2));
        }
      }
      return absl::Status(c.code, message);
    }
  }
  // Redis refusing for a while, not the request being wrong: persistence
  // failing (disk full), memory full, loading after a restart, a replica
  // or too few replicas. The client may try again later.
  struct Transient {
    const char* prefix;
    const char* meaning;
  };
  static constexpr Transient kTransient[] = {
      {"MISCONF", "the store cannot save (its disk may be full)"},
      {"OOM", "the store is out of memory"},
      {"LOADING", "the store is loading its data after a restart"},
      {"BUSY", "the store is busy with a long-running script"},
      {"MASTERDOWN", "the store has lost its primary"},
      {"NOREPLICAS", "the store has too few replicas to accept writes"},
      {"READONLY", "the store is a read-only replica"},
  };
  for (const Transient& t : kTransient) {
    if (absl::StartsWith(reply, t.prefix)) {
      return absl::UnavailableError(absl::StrCat(
          t.meaning, "; nothing was written, try again later (Redis: ", reply,
          ")"));
    }
  }
  return absl::InternalError(absl::StrCat("redis: ", reply));
}

absl::Status CheckEtag(absl::string_view resource, absl::string_view current,
                       absl::string_view given) {
  if (!given.empty() && given != current) {
    return absl::AbortedError(
        absl::StrCat(resource, " was changed since etag ", given, " was read"));
  }
  return absl::OkStatus();
}

}  // namespace ngoaivu
