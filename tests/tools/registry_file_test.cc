// The registry importer's reading of its YAML file, before any call: an
// agency after its parent however the parent is written, an unknown kind
// named on its agency, and text that is not a registry file refused whole.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "tools/ngoaivu/output.h"
#include "tools/ngoaivu/registry_import.h"

namespace ngoaivu::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Codes(const RegistryFile& file) {
  std::vector<std::string> codes;
  for (const auto& a : file.agencies) codes.push_back(a.code);
  return codes;
}

TEST(RegistryFileTest, AnAgencyComesAfterItsParentByCodeOrByName) {
  auto file = ParseRegistryFile(R"(
agencies:
  - {code: SNGV-P1, kind: DEPARTMENT, parent: agencies/SNGV, display_name: Phòng 1}
  - {code: SNGV, kind: DEPARTMENT, parent: UBND, display_name: Sở Ngoại vụ}
  - {code: UBND, kind: PEOPLES_COMMITTEE, display_name: UBND tỉnh}
groups:
  - {id: border, display_name: Biên giới, members: [SNGV, agencies/UBND]}
officials:
  - {agency: SNGV, id: director, full_name: Nguyễn Văn A}
)");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_THAT(Codes(*file), ElementsAre("UBND", "SNGV", "SNGV-P1"));
  EXPECT_EQ(file->agencies[1].agency.parent(), "agencies/UBND");
  EXPECT_THAT(file->groups[0].members,
              ElementsAre("agencies/SNGV", "agencies/UBND"));
  EXPECT_EQ(file->officials[0].agency, "agencies/SNGV");
  EXPECT_EQ(file->officials[0].official.full_name(), "Nguyễn Văn A");
}

TEST(RegistryFileTest, AnUnknownKindIsThatAgencysProblemOnly) {
  auto file = ParseRegistryFile(R"(
agencies:
  - {code: A, kind: SPACESHIP}
  - {code: B, kind: DEPARTMENT}
)");
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->agencies.size(), 2u);
  EXPECT_THAT(file->agencies[0].problem, HasSubstr("SPACESHIP"));
  EXPECT_EQ(file->agencies[1].problem, "");
}

TEST(RegistryFileTest, TextThatIsNotARegistryFileIsRefusedWhole) {
  for (const char* text :
       {"just words", "agencies: [", "- a\n- b\n",
        "groups:\n  - {id: g, members: [{nested: map}]}\n"}) {
    auto file = ParseRegistryFile(text);
    EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

}  // namespace
// A webhook's last error can be a receiver's whole HTML page: a table shows
// it on one line, shortened; JSON and CSV keep it whole.
TEST(TableTest, CellsAreOneLineAndLongOnesShortened) {
  EXPECT_EQ(OneLineCell("<html>\n  <body>\r\n502</body>\n</html>\n", 160),
            "<html> <body> 502</body> </html>");
  const std::string page(500, 'x');
  const std::string shown = OneLineCell(page, 160);
  EXPECT_EQ(shown, std::string(159, 'x') + "…");
  // Characters, not bytes: Vietnamese is cut between letters.
  EXPECT_EQ(OneLineCell("Sở Ngoại vụ", 5), "Sở N…");
  EXPECT_EQ(OneLineCell("Sở Ngoại vụ", 11), "Sở Ngoại vụ");
  Table table({"A", "LAST ERROR"});
  table.AddRow({"d1", "line one\nline two"});
  std::ostringstream printed, csv;
  table.Print(printed);
  table.PrintCsv(csv);
  EXPECT_THAT(printed.str(), ::testing::HasSubstr("line one line two"));
  EXPECT_THAT(csv.str(), ::testing::HasSubstr("\"line one\nline two\""));
}

}  // namespace ngoaivu::cli
