// The CLI speaks English or Vietnamese: DOFA staff and agency officers read
// Vietnamese. Help, column headers, field labels, states and the CLI's own
// messages are translated; data (names, titles, rule messages) is printed
// as the services keep it, and JSON stays as the API defines it.
#ifndef NGOAIVU_TOOLS_NGOAIVU_LANGUAGE_H_
#define NGOAIVU_TOOLS_NGOAIVU_LANGUAGE_H_

#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/string_view.h"

namespace ngoaivu::cli {

enum class Language { kEnglish, kVietnamese };

// `--lang en|vi` on the command line, else the locale (LC_ALL, LC_MESSAGES,
// LANG, the first one set, as POSIX orders them): vi_VN.UTF-8 and any
// other "vi" locale mean Vietnamese.
Language LanguageFrom(int argc, char** argv);

// The language every Tr() call uses; English until set.
void SetLanguage(Language language);
bool InVietnamese();

// `english` in the language set, or as it is when there is no translation.
std::string Tr(absl::string_view english);

// Translates the help of `app` and of every command below it, and CLI11's
// own headings.
void TranslateHelp(CLI::App& app);

// Whether `english` has a Vietnamese translation (for tests).
bool HasTranslation(absl::string_view english);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_LANGUAGE_H_
