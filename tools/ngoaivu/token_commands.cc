#include "tools/ngoaivu/token_commands.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"
#include "common/jwt.h"
#include "common/principal.h"
#include "common/registry_names.h"
#include "tools/ngoaivu/enum_text.h"
#include "tools/ngoaivu/registry_cli.h"

namespace ngoaivu::cli {

namespace {

// False (and the CLI fails) when the registry says `agency` does not exist;
// true when it exists or could not be asked (said on stderr).
bool AgencyMayBeNamed(CliContext* c, const std::string& agency) {
  registry::v1::GetAgencyRequest get;
  get.set_name(agency);
  registry::v1::Agency found;
  auto call = c->Call();
  call->set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(2));
  const grpc::Status s = RegistryStub(c)->GetAgency(call.get(), get, &found);
  if (s.error_code() == grpc::NOT_FOUND) {
    c->Fail(agency + " is not in the registry at " + c->registry +
            "; no token issued (`ngoaivu agencies list` shows the codes)");
    return false;
  }
  if (!s.ok()) {
    std::cerr << "warning: " << agency
              << " was not checked against the registry at " << c->registry
              << " (" << s.error_message() << "); issued as given\n";
  }
  return true;
}

}  // namespace

void AddTokenCommands(CLI::App& app, CliContext* c,
                      const std::string* default_key_file) {
  auto* token = app.add_subcommand("token", "bearer tokens");
  token->require_subcommand(1);
  auto* issue = token->add_subcommand(
      "issue", "sign a token with the local suite's HS256 key");
  struct Flags {
    std::string subject, agency, role,
        ttl = "8h", key_file, issuer = "ngoaivu-local", audience = "ngoaivu";
    bool offline = false;
  };
  auto f = std::make_shared<Flags>();
  issue->add_option("--subject", f->subject, "who the token names")->required();
  issue->add_option("--agency", f->agency, "agency code, e.g. SNGV")
      ->required();
  issue
      ->add_option("--role", f->role,
                   "admin, coordinator, approver, officer, viewer or system")
      ->required();
  issue->add_option("--ttl", f->ttl, "lifetime, e.g. 30m, 8h, 720h")
      ->capture_default_str();
  issue->add_option("--key-file", f->key_file,
                    "HS256 secret (default: token_key_file of the CLI config)");
  issue->add_option("--issuer", f->issuer, "iss claim")->capture_default_str();
  issue->add_option("--audience", f->audience, "aud claim")
      ->capture_default_str();
  issue->add_flag("--offline", f->offline,
                  "do not check the agency against the registry (e.g. the "
                  "services' own tokens, made before the registry runs)");
  issue->callback([=] {
    if (!ParseRole(f->role)) return c->Fail("unknown role " + f->role);
    absl::Duration ttl;
    if (!absl::ParseDuration(f->ttl, &ttl) || ttl <= absl::ZeroDuration()) {
      return c->Fail("--ttl: a positive duration like 8h");
    }
    const std::string path =
        f->key_file.empty() ? *default_key_file : f->key_file;
    std::ifstream in(path, std::ios::binary);
    if (path.empty() || !in) {
      return c->Fail(
          "no signing key: pass --key-file (deploy/local/run.sh "
          "creates .ngoaivu-local/jwt-hs256.key)");
    }
    std::ostringstream key;
    key << in.rdbuf();
    TokenClaims claims;
    claims.subject = f->subject;
    claims.agency = AgencyNameFromInput(f->agency);
    // A mistyped code would give a token no call accepts for its agency:
    // checked when the registry answers, and said when it cannot.
    if (!f->offline && !AgencyMayBeNamed(c, claims.agency)) return;
    claims.roles = {f->role};
    claims.issuer = f->issuer;
    claims.audience = f->audience;
    claims.issued_at = claims.not_before = absl::Now();
    claims.expires = absl::Now() + ttl;
    auto signed_token = SignToken(
        claims, "HS256", absl::StripTrailingAsciiWhitespace(key.str()));
    if (!signed_token.ok())
      return c->Fail(std::string(signed_token.status().message()));
    std::cout << *signed_token << "\n";
  });
}

}  // namespace ngoaivu::cli
