// Which language the CLI speaks, and what it translates.
#include <stdlib.h>

#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tools/ngoaivu/country_names.h"
#include "tools/ngoaivu/language.h"
#include "tools/ngoaivu/output.h"

namespace ngoaivu::cli {
namespace {

class CliLanguageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* v : {"LC_ALL", "LC_MESSAGES", "LANG"}) unsetenv(v);
  }
  void TearDown() override { SetLanguage(Language::kEnglish); }

  static Language From(std::vector<std::string> args) {
    args.insert(args.begin(), "ngoaivu");
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    return LanguageFrom(static_cast<int>(argv.size()), argv.data());
  }
};

TEST_F(CliLanguageTest, TheLocaleChoosesInPosixOrder) {
  EXPECT_EQ(From({}), Language::kEnglish);
  setenv("LANG", "vi_VN.UTF-8", 1);
  EXPECT_EQ(From({}), Language::kVietnamese);
  setenv("LC_MESSAGES", "en_US.UTF-8", 1);
  EXPECT_EQ(From({}), Language::kEnglish);
  setenv("LC_ALL", "vi", 1);
  EXPECT_EQ(From({}), Language::kVietnamese);
  setenv("LC_ALL", "", 1);  // set but empty: the next one decides
  EXPECT_EQ(From({}), Language::kEnglish);
}

TEST_F(CliLanguageTest, TheFlagWinsOverTheLocale) {
  setenv("LANG", "vi_VN.UTF-8", 1);
  EXPECT_EQ(From({"--lang", "en", "agencies", "list"}), Language::kEnglish);
  unsetenv("LANG");
  EXPECT_EQ(From({"agencies", "list", "--lang=vi"}), Language::kVietnamese);
  EXPECT_EQ(From({"agencies", "list", "--lang", "vi"}), Language::kVietnamese);
}

TEST_F(CliLanguageTest, WordsOfTheCliAreTranslatedAndDataIsNot) {
  SetLanguage(Language::kVietnamese);
  EXPECT_EQ(Tr("STATE"), "TRẠNG THÁI");
  EXPECT_EQ(Tr("SUBMITTED"), "ĐÃ NỘP");
  EXPECT_EQ(Tr("Sở Công thương"), "Sở Công thương");
  Table table({"AGENCY", "STATE"});
  table.AddRow({"SCT", "OPEN"});
  std::ostringstream shown, json;
  table.Print(shown);
  EXPECT_NE(shown.str().find("CƠ QUAN"), std::string::npos) << shown.str();
  EXPECT_NE(shown.str().find("ĐANG MỞ"), std::string::npos) << shown.str();
  // JSON keys and values are the API's, whatever the language.
  table.PrintJson(json);
  EXPECT_NE(json.str().find("\"state\": \"OPEN\""), std::string::npos)
      << json.str();
  SetLanguage(Language::kEnglish);
  EXPECT_EQ(Tr("STATE"), "STATE");
}

TEST(CountryNamesTest, VietnameseWhereKnownEnglishOtherwise) {
  EXPECT_EQ(CountryWithName("KH"), "KH Campuchia");
  EXPECT_EQ(CountryWithName("KR"), "KR Hàn Quốc");
  EXPECT_EQ(CountryWithName("PE"), "PE Peru");
  EXPECT_EQ(CountryWithName("XX"), "XX");
  // The generated table is sorted, so every code is found.
  for (size_t i = 0; i < kCountryNameCount; ++i) {
    EXPECT_FALSE(CountryNameOf(kCountryNames[i].code).empty())
        << kCountryNames[i].code;
  }
}

}  // namespace
}  // namespace ngoaivu::cli
