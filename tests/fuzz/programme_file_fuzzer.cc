// The programme importer's input (`ngoaivu programmes import FILE`): any
// text is a programme file or refused with INVALID_ARGUMENT (never an
// uncaught exception), and the requests it makes get the tasks service's
// own answer, OK or INVALID_ARGUMENT with field violations.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "services/tasks/tasks_validation.h"
#include "tests/fuzz/fuzz_support.h"
#include "tools/ngoaivu/programme_import.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::ifstream in(NGOAIVU_SOURCE_DIR
                   "/deploy/data/programme-2488-QD-UBND-2011.yaml");
  std::stringstream text;
  text << in.rdbuf();
  ngoaivu::fuzz::WriteSeeds({text.str()});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = ngoaivu::cli::ParseProgrammeFile(
      std::string(reinterpret_cast<const char*>(data), size));
  if (!file.ok()) {
    if (file.status().code() != absl::StatusCode::kInvalidArgument) {
      std::abort();
    }
    return 0;
  }
  ngoaivu::fuzz::ExpectValidatorAnswer(
      ngoaivu::tasks::ValidateCreateProgramme(file->programme));
  for (const auto& duty : file->duties) {
    ngoaivu::fuzz::ExpectValidatorAnswer(
        ngoaivu::tasks::ValidateCreateDuty(duty));
  }
  return 0;
}
