#include "tools/ngoaivu/examples.h"

#include <string>

#include "tools/ngoaivu/language.h"

namespace ngoaivu::cli {
namespace {

#define NGOAIVU_PROGRAMME "2488-qd-ubnd-2011"
#define NGOAIVU_OBLIGATION \
  "programmes/2488-qd-ubnd-2011/duties/iv-3-border-trade/obligations/sct"

struct CommandExamples {
  const char* path;      // below `ngoaivu`: "agencies list"
  const char* examples;  // one per line
};

constexpr CommandExamples kExamples[] = {
    {"",
     "ngoaivu agencies list\n"
     "ngoaivu obligations list --agency SCT --late\n"
     "ngoaivu notifications list --unread"},
    {"agencies", "ngoaivu agencies list --kind department"},
    {"agencies list",
     "ngoaivu agencies list --kind district\n"
     "ngoaivu agencies list -o csv --bom > agencies.csv"},
    {"agencies get", "ngoaivu agencies get SNGV"},
    {"agencies create",
     "ngoaivu agencies create SYT --name 'Sở Y tế' "
     "--kind department"},
    {"agencies update", "ngoaivu agencies update SNGV --phone '0276 3822 112'"},
    {"agencies dissolve",
     "ngoaivu agencies dissolve SYT --reason 'Quyết định số 12/QĐ-UBND'"},
    {"agencies merge",
     "ngoaivu agencies merge SYT --into SVHTTDL --reason 'Quyết định số "
     "13/QĐ-UBND'"},
    {"agencies resolve", "ngoaivu agencies resolve SYT"},
    {"groups", "ngoaivu groups list"},
    {"groups list", "ngoaivu groups list -o json"},
    {"groups get", "ngoaivu groups get border-districts"},
    {"groups create",
     "ngoaivu groups create tourism --name 'Các đơn vị du lịch'"},
    {"groups update",
     "ngoaivu groups update border-districts --description 'Giáp Campuchia'"},
    {"groups add", "ngoaivu groups add tourism SVHTTDL UBND-TXTN"},
    {"groups remove", "ngoaivu groups remove tourism UBND-TXTN"},
    {"officials", "ngoaivu officials list UBND"},
    {"officials list", "ngoaivu officials list UBND"},
    {"officials get", "ngoaivu officials get UBND/tran-luu-quang"},
    {"officials create",
     "ngoaivu officials create SNGV --full-name 'Nguyễn Văn An' --position "
     "'Phó Giám đốc'"},
    {"officials update",
     "ngoaivu officials update SNGV/nguyen-van-an --position 'Giám đốc'"},
    {"history",
     "ngoaivu history agencies/SNGV\n"
     "ngoaivu history delegations/press-visit"},
    {"health",
     "ngoaivu health\n"
     "ngoaivu health --wait 30 --only tasks"},
    {"import",
     "ngoaivu import deploy/data/tay-ninh-agencies.yaml\n"
     "ngoaivu import --verify archive-2026-12-07"},
    {"export", "ngoaivu export archive-2026-12-07"},
    {"token",
     "ngoaivu token issue --subject officer-sct --agency SCT --role officer"},
    {"token issue",
     "ngoaivu token issue --subject officer-sct --agency SCT --role officer "
     "--ttl 8h"},
    {"programmes", "ngoaivu programmes list"},
    {"programmes import",
     "ngoaivu programmes import deploy/data/programme-2488-QD-UBND-2011.yaml "
     "--activate"},
    {"programmes list", "ngoaivu programmes list -o csv"},
    {"programmes get", "ngoaivu programmes get " NGOAIVU_PROGRAMME},
    {"programmes activate", "ngoaivu programmes activate " NGOAIVU_PROGRAMME
                            " --track-from 01/01/2026"},
    {"programmes close", "ngoaivu programmes close " NGOAIVU_PROGRAMME
                         " --reason 'Quyết định số 99/QĐ-UBND'"},
    {"duties", "ngoaivu duties list " NGOAIVU_PROGRAMME},
    {"duties list", "ngoaivu duties list " NGOAIVU_PROGRAMME},
    {"duties get",
     "ngoaivu duties get programmes/2488-qd-ubnd-2011/duties/"
     "iv-3-border-trade"},
    {"duties create",
     "ngoaivu duties create " NGOAIVU_PROGRAMME
     " border-report --title 'Báo cáo tình hình biên giới' --lead "
     "BDBP --every-months 3 --first-due 31/03/2027"},
    {"duties update",
     "ngoaivu duties update programmes/2488-qd-ubnd-2011/duties/"
     "border-report --lead-time-days 20"},
    {"duties cancel",
     "ngoaivu duties cancel programmes/2488-qd-ubnd-2011/duties/"
     "border-report --reason 'Đã gộp vào báo cáo quý'"},
    {"obligations", "ngoaivu obligations list --agency SCT"},
    {"obligations get", "ngoaivu obligations get " NGOAIVU_OBLIGATION},
    {"obligations start", "ngoaivu obligations start " NGOAIVU_OBLIGATION},
    {"obligations submit", "ngoaivu obligations submit " NGOAIVU_OBLIGATION},
    {"obligations accept", "ngoaivu obligations accept " NGOAIVU_OBLIGATION},
    {"obligations return", "ngoaivu obligations return " NGOAIVU_OBLIGATION
                           " --reason 'Thiếu số liệu quý III'"},
    {"obligations waive", "ngoaivu obligations waive " NGOAIVU_OBLIGATION
                          " --reason 'Không phát sinh trong kỳ'"},
    {"obligations cancel", "ngoaivu obligations cancel " NGOAIVU_OBLIGATION
                           " --reason 'Nhiệm vụ đã hủy'"},
    {"obligations reassign", "ngoaivu obligations reassign " NGOAIVU_OBLIGATION
                             " --to SKHDT --reason 'Quyết định số 14/QĐ-UBND'"},
    {"obligations report",
     "ngoaivu obligations report " NGOAIVU_OBLIGATION
     " --text 'Đã tổ chức hội nghị xúc tiến' --percent 60"},
    {"obligations reports", "ngoaivu obligations reports " NGOAIVU_OBLIGATION},
    {"obligations reschedule",
     "ngoaivu obligations reschedule " NGOAIVU_OBLIGATION
     " --due 31/12/2026 --reason 'Theo dõi từ năm nay'"},
    {"obligations list",
     "ngoaivu obligations list --agency SCT\n"
     "ngoaivu obligations list --programme 2488-qd-ubnd-2011 --state "
     "SUBMITTED\n"
     "ngoaivu obligations list --programme 2488-qd-ubnd-2011 --late"},
    {"report", "ngoaivu report programme " NGOAIVU_PROGRAMME},
    {"report programme",
     "ngoaivu report programme " NGOAIVU_PROGRAMME
     "\nngoaivu report programme " NGOAIVU_PROGRAMME " --late -o csv"},
    {"report compliance",
     "ngoaivu report compliance programmes/2488-qd-ubnd-2011/duties/"
     "iv-3-border-trade --period 2026"},
    {"delegations", "ngoaivu delegations list --direction inbound"},
    {"delegations create",
     "ngoaivu delegations create --id svay-rieng --title 'Làm việc tại Svay "
     "Rieng' --agency SCT --country KH --from 06/01/2027 --to 10/01/2027 "
     "--member UBND/tran-luu-quang"},
    {"delegations get", "ngoaivu delegations get svay-rieng"},
    {"delegations validate", "ngoaivu delegations validate svay-rieng"},
    {"delegations list",
     "ngoaivu delegations list --country KH --from 01/01/2026\n"
     "ngoaivu delegations list --state submitted"},
    {"delegations submit",
     "ngoaivu delegations submit svay-rieng --justify "
     "submitted-in-time='Lời mời đến muộn'"},
    {"delegations review", "ngoaivu delegations review svay-rieng"},
    {"delegations return",
     "ngoaivu delegations return svay-rieng --reason 'Thiếu chương trình làm "
     "việc'"},
    {"delegations forward", "ngoaivu delegations forward svay-rieng"},
    {"delegations reject",
     "ngoaivu delegations reject svay-rieng --reason 'Không phù hợp'"},
    {"delegations depart", "ngoaivu delegations depart svay-rieng"},
    {"delegations return-home", "ngoaivu delegations return-home svay-rieng"},
    {"delegations cancel",
     "ngoaivu delegations cancel svay-rieng --reason 'Đối tác hoãn'"},
    {"delegations approve",
     "ngoaivu delegations approve svay-rieng --number 123/QĐ-UBND --date "
     "07/12/2026 --signer UBND/tran-luu-quang"},
    {"delegations amend",
     "ngoaivu delegations amend svay-rieng --number 124/QĐ-UBND --date "
     "08/12/2026 --signer UBND/tran-luu-quang --from 07/01/2027 --to "
     "11/01/2027 --summary 'Lùi một ngày'"},
    {"delegations decisions", "ngoaivu delegations decisions svay-rieng"},
    {"delegations outcome",
     "ngoaivu delegations outcome svay-rieng --summary 'Ký biên bản ghi nhớ' "
     "--follow-up 'Triển khai biên bản ghi nhớ'"},
    {"delegations opinion",
     "ngoaivu delegations opinion press-visit --agency CA --text 'Đồng ý'"},
    {"agreements", "ngoaivu agreements list --state signed"},
    {"agreements create",
     "ngoaivu agreements create --id mou-svay-rieng --agency SCT --party "
     "'Tỉnh Svay Rieng' --country KH --subject 'Hợp tác thương mại'"},
    {"agreements get", "ngoaivu agreements get mou-svay-rieng"},
    {"agreements list", "ngoaivu agreements list --country KH"},
    {"agreements submit", "ngoaivu agreements submit mou-svay-rieng"},
    {"agreements reject",
     "ngoaivu agreements reject mou-svay-rieng --reason 'Chưa đủ căn cứ'"},
    {"agreements enter-into-force",
     "ngoaivu agreements enter-into-force mou-svay-rieng"},
    {"agreements expire", "ngoaivu agreements expire mou-svay-rieng"},
    {"agreements terminate",
     "ngoaivu agreements terminate mou-svay-rieng --reason 'Hai bên thống "
     "nhất chấm dứt'"},
    {"agreements request-opinions",
     "ngoaivu agreements request-opinions mou-svay-rieng --agency CA "
     "--agency STTTT"},
    {"agreements opinion",
     "ngoaivu agreements opinion mou-svay-rieng --agency CA --text 'Đồng ý'"},
    {"agreements approve",
     "ngoaivu agreements approve mou-svay-rieng --number 45/QĐ-UBND --date "
     "07/12/2026 --signer UBND/tran-luu-quang"},
    {"agreements sign",
     "ngoaivu agreements sign mou-svay-rieng --date 10/12/2026 --signer "
     "'Ông Trần Lưu Quang'"},
    {"stats", "ngoaivu stats delegations --by country --from 2006 --to 2010"},
    {"stats delegations",
     "ngoaivu stats delegations --by country --from 2006 --to 2010\n"
     "ngoaivu stats delegations --by month --from 2026-01 --to 2026-12 "
     "--direction inbound"},
    {"demo", "ngoaivu demo history"},
    {"demo history", "ngoaivu demo history"},
    {"notifications", "ngoaivu notifications list --unread"},
    {"notifications list",
     "ngoaivu notifications list --unread\n"
     "ngoaivu notifications list SNGV --severity critical --limit 10"},
    {"notifications unread", "ngoaivu notifications unread SNGV"},
    {"notifications read",
     "ngoaivu notifications read agencies/SNGV/notifications/ID"},
    {"notifications archive",
     "ngoaivu notifications archive agencies/SNGV/notifications/ID"},
    {"notifications get",
     "ngoaivu notifications get agencies/SNGV/notifications/ID"},
    {"notifications read-all", "ngoaivu notifications read-all SNGV"},
    {"notifications watch", "ngoaivu notifications watch SNGV"},
    {"events", "ngoaivu events tail --follow --type 'ngoaivu.tasks.*'"},
    {"events tail",
     "ngoaivu events tail --follow --type 'ngoaivu.tasks.*'\n"
     "ngoaivu events tail --after CURSOR -o jsonl"},
    {"subscriptions", "ngoaivu subscriptions list"},
    {"subscriptions create",
     "ngoaivu subscriptions create --id e-office --webhook "
     "https://eoffice.example.gov.vn/hooks/ngoaivu --type "
     "'ngoaivu.delegations.*'\n"
     "ngoaivu subscriptions create --email vanthu@example.gov.vn --digest "
     "07:30"},
    {"subscriptions list", "ngoaivu subscriptions list"},
    {"subscriptions get", "ngoaivu subscriptions get e-office"},
    {"subscriptions pause", "ngoaivu subscriptions pause e-office"},
    {"subscriptions resume", "ngoaivu subscriptions resume e-office"},
    {"subscriptions delete", "ngoaivu subscriptions delete e-office"},
    {"subscriptions deliveries",
     "ngoaivu subscriptions deliveries e-office --state dead"},
    {"subscriptions redeliver",
     "ngoaivu subscriptions redeliver subscriptions/e-office/deliveries/ID"},
    {"version", "ngoaivu version"},
    {"completion",
     "source <(ngoaivu completion bash)\n"
     "ngoaivu completion zsh > \"${fpath[1]}/_ngoaivu\""},
};

const char* ExamplesOf(const std::string& path) {
  for (const CommandExamples& entry : kExamples) {
    if (path == entry.path) return entry.examples;
  }
  return nullptr;
}

void AddExamplesBelow(CLI::App* app, const std::string& path,
                      const char* heading) {
  if (const char* found = ExamplesOf(path)) {
    const std::string examples = found;
    std::string footer = std::string("\n") + heading + "\n";
    size_t start = 0;
    while (start <= examples.size()) {
      const size_t end = examples.find('\n', start);
      footer += "  " + examples.substr(start, end - start) + "\n";
      if (end == std::string::npos) break;
      start = end + 1;
    }
    app->footer(footer);
  }
  for (CLI::App* sub : app->get_subcommands({})) {
    AddExamplesBelow(
        sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(),
        heading);
  }
}

}  // namespace

void AddExamples(CLI::App& app) {
  AddExamplesBelow(&app, "", Tr("Examples:").c_str());
}

}  // namespace ngoaivu::cli
