// What the fuzz targets share: checking one request message given as
// serialized protobuf bytes (the first byte picks which), what a validator
// may answer, and the seed inputs each target starts from.
#ifndef NGOAIVU_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define NGOAIVU_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/errors.h"
#include "common/grpc_translation.h"

namespace ngoaivu::fuzz {

// A validator's answer to any input: OK, or INVALID_ARGUMENT naming at
// least one field (what a client gets as BadRequest details). Anything
// else is a bug: the target aborts so the fuzzer keeps the input.
inline void ExpectValidatorAnswer(const absl::Status& status) {
  if (status.ok()) return;
  if (status.code() != absl::StatusCode::kInvalidArgument ||
      FieldViolationsOf(status).empty()) {
    std::fprintf(stderr, "validator answered %s\n", status.ToString().c_str());
    std::abort();
  }
  (void)ToGrpcStatus(status);  // the translation a client sees
}

// Checks `bytes` as a serialized `Request` with `validate` when they parse.
template <typename Request, typename Validate>
std::function<void(const std::string&)> RequestCheck(Validate validate) {
  return [validate](const std::string& bytes) {
    Request request;
    if (request.ParseFromString(bytes)) {
      ExpectValidatorAnswer(validate(request));
    }
  };
}

// Input = one byte choosing the check, then the serialized request.
using Checks = std::vector<std::function<void(const std::string&)>>;

inline void CheckRequest(const Checks& checks, const uint8_t* data,
                         size_t size) {
  if (size == 0) return;
  checks[data[0] % checks.size()](
      std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
}

// A seed input for check `index`: its selector byte and `message`.
template <typename Message>
std::string Seed(int index, const Message& message) {
  return std::string(1, static_cast<char>(index)) + message.SerializeAsString();
}

// With NGOAIVU_FUZZ_SEED_DIR set, writes `seeds` there (one file each):
// tests/fuzz/run.sh starts each target's corpus from them.
inline void WriteSeeds(const std::vector<std::string>& seeds) {
  const char* dir = std::getenv("NGOAIVU_FUZZ_SEED_DIR");
  if (dir == nullptr) return;
  std::filesystem::create_directories(dir);
  for (size_t i = 0; i < seeds.size(); ++i) {
    std::ofstream(std::string(dir) + "/seed-" + std::to_string(i),
                  std::ios::binary)
        << seeds[i];
  }
}

}  // namespace ngoaivu::fuzz

// The entry points of a request fuzzer: `checks` (a function returning the
// vector of RequestChecks) and `seeds` (a function returning its seeds).
#define NGOAIVU_REQUEST_FUZZER(checks, seeds)                               \
  extern "C" int LLVMFuzzerInitialize(int*, char***) {                      \
    ::ngoaivu::fuzz::WriteSeeds(seeds());                                   \
    return 0;                                                               \
  }                                                                         \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { \
    ::ngoaivu::fuzz::CheckRequest(checks(), data, size);                    \
    return 0;                                                               \
  }

#endif  // NGOAIVU_TESTS_FUZZ_FUZZ_SUPPORT_H_
