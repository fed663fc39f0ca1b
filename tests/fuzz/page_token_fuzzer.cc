// Page tokens from clients are untrusted: any string opens to a cursor
// only if it is a token this key issued for this scope, else
// INVALID_ARGUMENT; and whatever cursor is issued opens back to itself.
#include <cstdlib>

#include "common/page_token.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

const ngoaivu::PageTokens& Tokens() {
  static const auto* tokens =
      new ngoaivu::PageTokens("fuzz-page-token-key-of-32-bytes!");
  return *tokens;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ngoaivu::fuzz::WriteSeeds(
      {Tokens().Issue("SNGV", "agencies|kind=0|state=0"),
       Tokens().Issue("programmes/p/duties/d/obligations/2026-sngv",
                      "obligations|agency=agencies/SNGV")});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::string scope = "agencies|kind=0|state=0";
  auto opened = Tokens().Open(input, scope);
  if (!opened.ok() &&
      opened.status().code() != absl::StatusCode::kInvalidArgument) {
    std::abort();
  }
  // Any cursor (the last id of a page) makes a token that opens to it,
  // and only in its own scope.
  auto back = Tokens().Open(Tokens().Issue(input, scope), scope);
  if (!back.ok() || *back != input) std::abort();
  if (!input.empty() &&
      Tokens().Open(Tokens().Issue(input, scope), scope + "x").ok()) {
    std::abort();
  }
  return 0;
}
