#include "common/call_guard.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ngoaivu {
namespace {

std::string FirstProperty(const grpc::AuthContext& auth, const char* name) {
  auto values = auth.FindPropertyValues(name);
  if (values.empty()) return "";
  return std::string(values.front().data(), values.front().size());
}

}  // namespace

absl::StatusOr<std::map<std::string, std::set<std::string>>> ParseSystemMethods(
    absl::string_view text) {
  std::map<std::string, std::set<std::string>> out;
  for (absl::string_view entry : absl::StrSplit(text, ';', absl::SkipEmpty())) {
    std::vector<absl::string_view> kv =
        absl::StrSplit(entry, absl::MaxSplits('=', 1));
    if (kv.size() != 2 || kv[0].empty() || kv[1].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("expected identity=Method,Method: ", entry));
    }
    auto& methods = out[std::string(absl::StripAsciiWhitespace(kv[0]))];
    for (absl::string_view m : absl::StrSplit(kv[1], ',', absl::SkipEmpty())) {
      methods.insert(std::string(absl::StripAsciiWhitespace(m)));
    }
  }
  return out;
}

// The SPIFFE id (or first URI, else first DNS name) among the subject
// alternative names of a PEM certificate. Read from the certificate itself:
// this gRPC build does not list URI names among the peer's properties.
std::string AlternativeNameOf(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return "";
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (cert == nullptr) return "";
  std::string uri, spiffe, dns;
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; names != nullptr && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type != GEN_URI && name->type != GEN_DNS) continue;
    const ASN1_STRING* text = name->type == GEN_URI
                                  ? name->d.uniformResourceIdentifier
                                  : name->d.dNSName;
    std::string value(
        reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
        ASN1_STRING_length(text));
    if (name->type == GEN_DNS) {
      if (dns.empty()) dns = value;
    } else if (absl::StartsWith(value, "spiffe://")) {
      if (spiffe.empty()) spiffe = value;
    } else if (uri.empty()) {
      uri = value;
    }
  }
  GENERAL_NAMES_free(names);
  X509_free(cert);
  return !spiffe.empty() ? spiffe : !uri.empty() ? uri : dns;
}

std::string CallingSystemOf(const grpc::ServerContextBase& context) {
  auto auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return "";
  for (const char* property :
       {GRPC_PEER_SPIFFE_ID_PROPERTY_NAME, GRPC_PEER_URI_PROPERTY_NAME}) {
    std::string value = FirstProperty(*auth, property);
    if (!value.empty()) return value;
  }
  std::string from_certificate =
      AlternativeNameOf(FirstProperty(*auth, GRPC_X509_PEM_CERT_PROPERTY_NAME));
  if (!from_certificate.empty()) return from_certificate;
  for (const char* property :
       {GRPC_X509_CN_PROPERTY_NAME, GRPC_X509_SUBJECT_PROPERTY_NAME}) {
    std::string value = FirstProperty(*auth, property);
    if (!value.empty()) return value;
  }
  return "";
}

absl::Status MarkBackfill(const grpc::ServerContextBase& context,
                          CallContext* call) {
  const auto& metadata = context.client_metadata();
  auto backfill = metadata.find(kBackfillHeader);
  if (backfill == metadata.end()) return absl::OkStatus();
  const absl::string_view said(backfill->second.data(),
                               backfill->second.size());
  if (said != "true" && said != "false") {
    return absl::InvalidArgumentError(absl::StrCat(
        kBackfillHeader, " metadata: 'true' or 'false', not '", said, "'"));
  }
  call->backfill = said == "true";
  // Only those who enter records of the past may keep a change out of
  // inboxes: an agency's own work is always heard of.
  const std::string& role = call->actor.role();
  const bool may = role == RoleName(Role::kAdmin) ||
                   role == RoleName(Role::kCoordinator) ||
                   role == RoleName(Role::kSystem);
  if (call->backfill && !may) {
    return absl::PermissionDeniedError(
        absl::StrCat(kBackfillHeader,
                     ": only an admin, the coordinator or a system "
                     "enters records of the past; acting as '",
                     role, "'"));
  }
  return absl::OkStatus();
}

CallGuard::CallGuard(const JwtVerifier* verifier, const AccessPolicy* policy,
                     GuardSettings settings, const CallTelemetry* telemetry)
    : verifier_(verifier),
      policy_(policy),
      settings_(std::move(settings)),
      telemetry_(telemetry) {}

absl::StatusOr<CallContext> CallGuard::Admit(
    const grpc::ServerContextBase& context, absl::string_view method,
    const google::protobuf::Message& request) const {
  const std::string system = CallingSystemOf(context);
  if (!system.empty() && !settings_.system_methods.empty()) {
    auto it = settings_.system_methods.find(system);
    if (it == settings_.system_methods.end()) {
      return absl::PermissionDeniedError(
          absl::StrCat("calling system ", system, " is not allowed here"));
    }
    if (it->second.count("*") == 0 &&
        it->second.count(std::string(method)) == 0) {
      return absl::PermissionDeniedError(
          absl::StrCat("calling system ", system, " may not call ", method));
    }
  }
  const auto& metadata = context.client_metadata();
  auto header = metadata.find("authorization");
  if (header == metadata.end()) {
    return absl::UnauthenticatedError(
        "bearer token rejected: missing (send 'authorization: Bearer "
        "<token>')");
  }
  absl::string_view value(header->second.data(), header->second.size());
  if (!absl::ConsumePrefix(&value, "Bearer ") &&
      !absl::ConsumePrefix(&value, "bearer ")) {
    return absl::UnauthenticatedError(
        "bearer token rejected: authorization is not 'Bearer <token>'");
  }
  auto principal = verifier_->Verify(absl::StripAsciiWhitespace(value));
  if (!principal.ok()) return principal.status();
  principal->calling_system = system;
  if (absl::Status s = policy_->Authorize(*principal, method, request);
      !s.ok()) {
    return s;
  }
  CallContext call = CallContextOf(context, settings_.max_call);
  call.actor.set_subject(principal->subject);
  call.actor.set_agency(principal->agency);
  // The first role that grants the method is the capacity the actor acted in.
  for (Role role : principal->roles) {
    if (policy_->ScopeOf(method, role) != Scope::kNone) {
      call.actor.set_role(RoleName(role));
      break;
    }
  }
  call.actor.set_calling_system(system);
  // Narrowed unless some role sees beyond what its agency takes part in.
  bool participant = false, wider = false;
  for (Role role : principal->roles) {
    const Scope scope = policy_->ScopeOf(method, role);
    participant |= scope == Scope::kParticipant;
    wider |= scope == Scope::kAnyAgency || scope == Scope::kOwnAgency;
  }
  call.participation_only = participant && !wider;
  if (absl::Status s = MarkBackfill(context, &call); !s.ok()) return s;
  return call;
}

}  // namespace ngoaivu
