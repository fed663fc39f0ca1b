#include "tools/ngoaivu/language.h"

#include <cstdlib>
#include <cstring>
#include <iterator>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"

namespace ngoaivu::cli {
namespace {

Language current = Language::kEnglish;

bool IsVietnameseName(absl::string_view name) {
  return name == "vi" || absl::StartsWith(name, "vi_") ||
         absl::StartsWith(name, "vi.") || absl::StartsWith(name, "vi-");
}

// English -> Vietnamese. Terms of the domain follow Quyết định
// 2488/QĐ-UBND and the province's usage (Sở Ngoại vụ, đoàn ra, đoàn vào).
constexpr std::pair<absl::string_view, absl::string_view> kVietnamese[] = {
    // CLI11's headings.
    {"Usage", "Cách dùng"},
    {"Options", "Tùy chọn"},
    {"Positionals", "Tham số"},
    {"Subcommands", "Lệnh con"},
    {"REQUIRED", "BẮT BUỘC"},
    {"Print this help message and exit", "In hướng dẫn này rồi thoát"},
    // The root and its global flags.
    {"ngoaivu: the foreign-affairs programme suite from the shell",
     "ngoaivu: hệ thống chương trình hành động đối ngoại, dùng từ dòng "
     "lệnh"},
    {"registry address HOST:PORT", "địa chỉ dịch vụ danh mục HOST:PORT"},
    {"tasks service address HOST:PORT", "địa chỉ dịch vụ nhiệm vụ HOST:PORT"},
    {"delegations service address HOST:PORT",
     "địa chỉ dịch vụ đoàn ra, đoàn vào HOST:PORT"},
    {"notifications service address HOST:PORT",
     "địa chỉ dịch vụ thông báo HOST:PORT"},
    {"bearer token (default: the config's)",
     "mã truy cập (mặc định: trong tệp cấu hình)"},
    {"CA of the services' certificates; TLS is used when set",
     "CA của chứng thư các dịch vụ; có thì dùng TLS"},
    {"client certificate for mutual TLS",
     "chứng thư của máy khách (TLS hai chiều)"},
    {"private key of the client certificate",
     "khóa riêng của chứng thư máy khách"},
    {"table, json, jsonl (one JSON object per line: a list's items, a "
     "stream's events) or csv",
     "table (bảng), json, jsonl (mỗi dòng một đối tượng JSON) hoặc csv"},
    {"start CSV with a UTF-8 byte-order mark (for Excel, which garbles "
     "Vietnamese without it)",
     "thêm dấu BOM UTF-8 vào đầu CSV (để Excel hiện đúng tiếng Việt)"},
    {"print the first N items of a list; 0 prints all (default: 50 in "
     "a table, all in JSON and CSV)",
     "chỉ in N mục đầu của danh sách; 0 là in hết (mặc định: 50 khi in "
     "bảng, tất cả khi in JSON và CSV)"},
    {"seconds to wait per call", "số giây chờ mỗi lần gọi"},
    {"request id of a mutation (to retry one safely); new by default",
     "mã yêu cầu của thao tác ghi (để gửi lại an toàn); mặc định tạo "
     "mới"},
    {"print the CLI's version and exit", "in phiên bản rồi thoát"},
    {"language of help, headers and messages: en or vi (default: the "
     "locale's)",
     "ngôn ngữ của hướng dẫn, tiêu đề cột và thông báo: en hoặc vi "
     "(mặc định: theo locale)"},
    {"enter what the command writes as a record of the past (an "
     "import, a history taken over from paper): its events are marked "
     "so and reach no inbox (admins, coordinators, systems; import and "
     "demo history do this themselves)",
     "ghi nhận như hồ sơ quá khứ (nhập dữ liệu, sổ sách giấy cũ): sự "
     "kiện được đánh dấu và không vào hộp thư nào"},
    // Commands.
    {"the province's agencies", "các cơ quan, đơn vị của tỉnh"},
    {"groups of agencies", "nhóm cơ quan"},
    {"officials of agencies", "cán bộ của các cơ quan"},
    {"who changed a resource, when, and how (any service's)",
     "ai đã thay đổi bản ghi, khi nào và thế nào"},
    {"whether every service serves (exit 0) or not (exit 1)",
     "các dịch vụ có đang chạy không (mã thoát 0) hay không (1)"},
    {"create or update agencies, groups and officials from a YAML file; "
     "or check an archive against the suite (--verify)",
     "tạo hoặc cập nhật cơ quan, nhóm và cán bộ từ tệp YAML; hoặc đối chiếu "
     "một bản lưu trữ với hệ thống (--verify)"},
    {"write every record of every service, with its history, as JSON lines "
     "(an archive; ngoaivu import --verify checks one)",
     "ghi mọi bản ghi của mọi dịch vụ, kèm lịch sử, thành các dòng JSON (bản "
     "lưu trữ; ngoaivu import --verify đối chiếu lại)"},
    {"bearer tokens", "mã truy cập"},
    {"programme decisions", "các quyết định ban hành chương trình"},
    {"what a programme asks", "nhiệm vụ của chương trình"},
    {"agencies' obligations", "việc phải làm của các cơ quan"},
    {"the programme's reports", "báo cáo của chương trình"},
    {"trips abroad and foreign visits, and their decisions",
     "đoàn ra, đoàn vào và quyết định cho phép"},
    {"agreements with foreign parties, approved before signing",
     "thỏa thuận quốc tế, được phê duyệt trước khi ký"},
    {"statistics", "thống kê"},
    {"synthetic data for a demonstration", "dữ liệu mẫu để trình diễn"},
    {"an agency's inbox: what it has been told",
     "hộp thư của cơ quan: những gì đã được báo"},
    {"the suite's events", "các sự kiện của hệ thống"},
    {"events sent to a webhook or a mailbox",
     "gửi sự kiện tới webhook hoặc hộp thư điện tử"},
    {"print the CLI's version", "in phiên bản"},
    {"print a shell completion script: source <(ngoaivu completion "
     "bash)",
     "in tập lệnh gợi ý cho shell: source <(ngoaivu completion bash)"},
    {"list agencies (all pages)", "danh sách cơ quan"},
    {"show one agency", "xem một cơ quan"},
    {"create an agency", "tạo cơ quan"},
    {"change the fields given as flags (others stay)",
     "sửa các trường được nêu (các trường khác giữ nguyên)"},
    {"dissolve an agency", "giải thể cơ quan"},
    {"merge an agency into another", "sáp nhập cơ quan vào cơ quan khác"},
    {"the agency that carries this one's duties today",
     "cơ quan hiện đang đảm nhận nhiệm vụ của cơ quan này"},
    {"list groups", "danh sách nhóm"},
    {"show a group and its members", "xem nhóm và các thành viên"},
    {"create an empty group", "tạo nhóm trống"},
    {"rename or describe a group", "đổi tên hoặc mô tả nhóm"},
    {"add agencies to a group", "thêm cơ quan vào nhóm"},
    {"remove agencies from a group", "bỏ cơ quan khỏi nhóm"},
    {"an agency's officials", "cán bộ của một cơ quan"},
    {"show an official", "xem một cán bộ"},
    {"add an official", "thêm cán bộ"},
    {"change an official", "sửa thông tin cán bộ"},
    {"sign a token with the local suite's HS256 key",
     "cấp mã truy cập (ký bằng khóa HS256 của hệ thống cục bộ)"},
    {"create a programme and its duties from a YAML file (idempotent)",
     "tạo chương trình và các nhiệm vụ từ tệp YAML (chạy lại không tạo "
     "trùng)"},
    {"list programmes", "danh sách chương trình"},
    {"show a programme", "xem một chương trình"},
    {"put a DRAFT programme in force", "cho chương trình dự thảo có hiệu lực"},
    {"end an ACTIVE programme", "kết thúc chương trình đang thực hiện"},
    {"a programme's duties", "các nhiệm vụ của chương trình"},
    {"show one duty", "xem một nhiệm vụ"},
    {"add a duty to a programme", "thêm nhiệm vụ vào chương trình"},
    {"change a duty", "sửa nhiệm vụ"},
    {"cancel a duty and its obligations not yet accepted",
     "hủy nhiệm vụ và các việc chưa được chấp nhận"},
    {"show one obligation", "xem một việc"},
    {"start an obligation", "bắt đầu thực hiện"},
    {"submit an obligation", "nộp kết quả"},
    {"accept an obligation", "chấp nhận kết quả"},
    {"return an obligation", "trả lại để bổ sung"},
    {"waive an obligation", "miễn thực hiện"},
    {"cancel an obligation", "hủy việc"},
    {"move an open obligation to another agency",
     "chuyển việc đang mở cho cơ quan khác"},
    {"file a progress report", "gửi báo cáo tiến độ"},
    {"an obligation's progress reports, oldest first, with their text",
     "các báo cáo tiến độ của một việc, cũ trước, kèm nội dung"},
    {"give an obligation due before it was tracked a new due date",
     "đặt hạn mới cho việc có hạn trước ngày bắt đầu theo dõi"},
    {"an agency's, a duty's or a programme's obligations",
     "các việc của một cơ quan, một nhiệm vụ hoặc một chương trình"},
    {"by section and agency: obligations per state, overdue, percent "
     "done",
     "theo mục và cơ quan: số việc theo trạng thái, quá hạn, phần trăm "
     "hoàn thành"},
    {"who submitted a period of a duty on time, late, or not at all",
     "ai đã nộp đúng hạn, trễ hạn hoặc chưa nộp trong một kỳ"},
    {"draft a delegation", "lập dự thảo đoàn"},
    {"show one delegation", "xem một đoàn"},
    {"the rules a delegation breaks, with their numbers",
     "các quy định mà đoàn chưa đáp ứng, kèm số hiệu"},
    {"delegations, filtered", "danh sách đoàn, có lọc"},
    {"the agency submits its draft", "cơ quan gửi dự thảo"},
    {"DOFA takes it up", "Sở Ngoại vụ tiếp nhận xem xét"},
    {"DOFA returns it to draft", "Sở Ngoại vụ trả lại để sửa"},
    {"DOFA forwards it to the approvers",
     "Sở Ngoại vụ trình cấp có thẩm quyền"},
    {"an approver rejects it", "cấp có thẩm quyền không đồng ý"},
    {"the trip or visit begins", "đoàn bắt đầu chuyến đi"},
    {"the trip ends (tasks opens its report)",
     "đoàn về (mở việc báo cáo kết quả)"},
    {"called off before travelling", "hủy trước khi đi"},
    {"a UBND decision approves", "UBND tỉnh ra quyết định cho phép"},
    {"a new decision changing members, dates or destinations",
     "quyết định mới thay đổi thành viên, thời gian hoặc nơi đến"},
    {"a delegation's decisions", "các quyết định về đoàn"},
    {"what a visit produced (follow-up duties reach tasks)",
     "kết quả chuyến đi (việc tiếp theo được giao)"},
    {"an agency's opinion (the Police's on NGO and press visits)",
     "ý kiến của cơ quan (Công an tỉnh về đoàn phi chính phủ, báo chí)"},
    {"draft an agreement", "lập dự thảo thỏa thuận"},
    {"show one agreement", "xem một thỏa thuận"},
    {"agreements, filtered", "danh sách thỏa thuận, có lọc"},
    {"the agency submits it", "cơ quan gửi trình"},
    {"the UBND rejects it", "UBND tỉnh không đồng ý"},
    {"signed, now in force", "đã ký, nay có hiệu lực"},
    {"its term ran out", "hết thời hạn"},
    {"ended early", "chấm dứt trước hạn"},
    {"DOFA asks agencies for their opinion",
     "Sở Ngoại vụ lấy ý kiến các cơ quan"},
    {"an agency answers", "cơ quan cho ý kiến"},
    {"the UBND approves it for signing", "UBND tỉnh đồng ý cho ký"},
    {"signed, once the UBND approved it (refused before)",
     "đã ký (chỉ sau khi UBND tỉnh đồng ý)"},
    {"decisions, delegations, person-trips and person-days abroad, "
     "visits and visitors",
     "số quyết định, đoàn, lượt người và ngày người ở nước ngoài, đoàn "
     "vào và khách"},
    {"2006-2010's trips abroad with the decision's totals (493 "
     "decisions, 1,943 person-trips), labelled synthetic",
     "các đoàn ra 2006-2010 theo số liệu tổng của quyết định (493 quyết "
     "định, 1.943 lượt người), dữ liệu mẫu"},
    {"an agency's inbox, newest first", "hộp thư của cơ quan, mới nhất trước"},
    {"how many an inbox has unread", "số thông báo chưa đọc"},
    {"mark a notification read", "đánh dấu đã đọc"},
    {"archive a notification (and mark it read)",
     "lưu trữ thông báo (và đánh dấu đã đọc)"},
    {"show one notification whole (it stays unread)",
     "xem đầy đủ một thông báo (vẫn giữ chưa đọc)"},
    {"mark a whole inbox read", "đánh dấu cả hộp thư đã đọc"},
    {"print an inbox's new notifications as they arrive (Ctrl-C stops)",
     "in thông báo mới ngay khi đến (Ctrl-C để dừng)"},
    {"print the events after a cursor (default: from now; "
     "--from-oldest: all still kept) as you may read them, returning "
     "once caught up (--follow: until Ctrl-C, following again after a "
     "restart of the server); the last cursor goes to stderr, to resume "
     "from",
     "in các sự kiện sau một con trỏ (mặc định: từ bây giờ; "
     "--from-oldest: tất cả còn lưu), dừng khi đã hết (--follow: đến "
     "khi Ctrl-C, tự theo dõi lại khi máy chủ khởi động lại); con trỏ "
     "cuối in ra stderr để đọc tiếp"},
    {"send the events you may read to a webhook or a mailbox",
     "gửi các sự kiện được phép đọc tới webhook hoặc hộp thư"},
    {"your subscriptions (all, for administrators and DOFA)",
     "các đăng ký của bạn (tất cả, với quản trị và Sở Ngoại vụ)"},
    {"one subscription", "một đăng ký"},
    {"pause a subscription", "tạm dừng đăng ký"},
    {"resume a subscription", "tiếp tục đăng ký"},
    {"delete a subscription", "xóa đăng ký"},
    {"a subscription's deliveries, newest first",
     "các lần gửi của một đăng ký, mới nhất trước"},
    {"send a dead or delivered delivery again", "gửi lại một lần gửi"},
    // Frequent flags.
    {"why", "lý do"},
    {"act only on this version", "chỉ thực hiện nếu bản ghi chưa đổi"},
    {"only if unchanged since", "chỉ thực hiện nếu bản ghi chưa đổi"},
    {"only if the record still has this etag",
     "chỉ thực hiện nếu bản ghi chưa đổi"},
    {"the resource's name or id", "tên hoặc mã bản ghi"},
    {"telephone", "điện thoại"},
    {"e-mail", "thư điện tử"},
    {"web site", "trang thông tin điện tử"},
    {"postal address", "địa chỉ"},
    {"agency code", "mã cơ quan"},
    {"agency code, e.g. SNGV", "mã cơ quan, ví dụ SNGV"},
    {"parent agency code", "mã cơ quan cấp trên"},
    {"group id", "mã nhóm"},
    {"agency codes", "các mã cơ quan"},
    {"full name", "họ và tên"},
    {"position", "chức vụ"},
    {"position (chức vụ)", "chức vụ"},
    {"description", "mô tả"},
    {"Vietnamese name", "tên tiếng Việt"},
    {"Vietnamese name, as in decisions",
     "tên tiếng Việt, như trong quyết định"},
    {"English name", "tên tiếng Anh"},
    {"YYYY-MM-DD or DD/MM/YYYY", "DD/MM/YYYY hoặc YYYY-MM-DD"},
    {"the signing official, UBND/{id}", "người ký, UBND/{mã}"},
    {"the opinion", "nội dung ý kiến"},
    {"the answering agency's code", "mã cơ quan cho ý kiến"},
    {"it does not support it", "không đồng ý"},
    {"the agency, e.g. SNGV", "cơ quan, ví dụ SNGV"},
    {"the agency, e.g. SNGV (default: the token's own)",
     "cơ quan, ví dụ SNGV (mặc định: cơ quan của mã truy cập)"},
    {"unread ones only", "chỉ thông báo chưa đọc"},
    {"archived ones too", "cả thông báo đã lưu trữ"},
    {"event types, * wildcards", "loại sự kiện, dùng * làm ký tự đại diện"},
    {"keep printing new events (Ctrl-C stops)",
     "tiếp tục in sự kiện mới (Ctrl-C để dừng)"},
    {"resume after this cursor", "đọc tiếp sau con trỏ này"},
    {"start from the oldest event still kept",
     "bắt đầu từ sự kiện cũ nhất còn lưu"},
    {"only those awaited past their due date", "chỉ những việc quá hạn"},
    {"what was done", "đã làm được gì"},
    {"the obligation", "việc"},
    {"the new agency's code", "mã cơ quan mới"},
    {"the new due date, YYYY-MM-DD or DD/MM/YYYY",
     "hạn mới, DD/MM/YYYY hoặc YYYY-MM-DD"},
    {"keep asking this many seconds", "hỏi lại trong ngần ấy giây"},
    // Table headers and field labels.
    {"ADDRESS", "ĐỊA CHỈ"},
    {"AGENCY", "CƠ QUAN"},
    {"AGREEMENT", "THỎA THUẬN"},
    {"AMENDS", "SỬA ĐỔI"},
    {"ATTEMPTS", "SỐ LẦN"},
    {"BASIS", "CĂN CỨ"},
    {"BY", "NGƯỜI GỬI"},
    {"CAPACITY", "THẨM QUYỀN KÝ"},
    {"CARRIED BY", "CƠ QUAN ĐẢM NHẬN"},
    {"CHANNEL", "KÊNH"},
    {"CODE", "MÃ"},
    {"COUNTRY", "NƯỚC"},
    {"DATE", "NGÀY"},
    {"DECISION", "QUYẾT ĐỊNH"},
    {"DUE", "HẠN"},
    {"DUTY", "NHIỆM VỤ"},
    {"EVENT", "SỰ KIỆN"},
    {"FIELD", "TRƯỜNG"},
    {"FILED", "NGÀY GỬI"},
    {"FULL NAME", "HỌ VÀ TÊN"},
    {"GROUP", "NHÓM"},
    {"INBOX", "HỘP THƯ"},
    {"JUSTIFICATION", "GIẢI TRÌNH"},
    {"KIND", "LOẠI"},
    {"LAST ERROR", "LỖI GẦN NHẤT"},
    {"LATE", "TRỄ"},
    {"LINKS", "LIÊN KẾT"},
    {"MEMBERS", "THÀNH VIÊN"},
    {"MESSAGE", "NỘI DUNG"},
    {"NAME", "TÊN"},
    {"NUMBER", "SỐ"},
    {"OBLIGATION", "VIỆC"},
    {"PARENT", "CẤP TRÊN"},
    {"PARTY", "ĐỐI TÁC"},
    {"PERCENT", "PHẦN TRĂM"},
    {"PERIOD", "KỲ"},
    {"POSITION", "CHỨC VỤ"},
    {"PROGRAMME", "CHƯƠNG TRÌNH"},
    {"READ", "ĐÃ ĐỌC"},
    {"REPORT", "BÁO CÁO"},
    {"RULE", "QUY ĐỊNH"},
    {"SCHEDULE", "LỊCH"},
    {"SECTION", "MỤC"},
    {"SERVICE", "DỊCH VỤ"},
    {"SEVERITY", "MỨC ĐỘ"},
    {"SIGNER", "NGƯỜI KÝ"},
    {"STATE", "TRẠNG THÁI"},
    {"SUBSCRIBER", "NGƯỜI ĐĂNG KÝ"},
    {"SUMMARY", "TÓM TẮT"},
    {"TEXT", "NỘI DUNG"},
    {"TIME", "THỜI GIAN"},
    {"TITLE", "TIÊU ĐỀ"},
    {"TO", "ĐẾN"},
    {"UNREAD", "CHƯA ĐỌC"},
    {"VALUE", "GIÁ TRỊ"},
    {"DELEGATION", "ĐOÀN"},
    {"DIR", "HƯỚNG"},
    {"START", "TỪ NGÀY"},
    {"END", "ĐẾN NGÀY"},
    {"PLACES", "NƠI ĐẾN"},
    {"PEOPLE", "SỐ NGƯỜI"},
    {"DAYS_LATE", "SỐ NGÀY TRỄ"},
    {"ACTOR", "NGƯỜI THỰC HIỆN"},
    {"DECISIONS", "QUYẾT ĐỊNH"},
    {"DELEGATIONS", "SỐ ĐOÀN"},
    {"KEY", "KHÓA"},
    {"OUTCOME", "KẾT QUẢ"},
    {"OVERDUE", "QUÁ HẠN"},
    {"PERSON-DAYS", "NGÀY NGƯỜI"},
    {"PERSON-TRIPS", "LƯỢT NGƯỜI"},
    {"REQUEST", "YÊU CẦU"},
    {"ROLE", "VAI TRÒ"},
    {"SCOPE", "PHẠM VI"},
    {"SUBMITTED_LATE", "NỘP TRỄ"},
    {"SYSTEM", "HỆ THỐNG"},
    {"TOTAL", "TỔNG"},
    {"TO_REASSIGN", "CẦN GIAO LẠI"},
    {"VISITORS", "SỐ KHÁCH"},
    {"VISITS", "ĐOÀN VÀO"},
    {"programme", "chương trình"},
    {"(programme)", "(chương trình)"},
    {"address", "địa chỉ"},
    {"agencies", "cơ quan"},
    {"agency", "cơ quan"},
    {"approval", "phê duyệt"},
    {"archived", "đã lưu trữ"},
    {"body", "nội dung"},
    {"channel", "kênh"},
    {"classification", "mức độ mật"},
    {"coordinator", "cơ quan phối hợp"},
    {"cost", "kinh phí"},
    {"daily digest", "bản tin hằng ngày"},
    {"decision", "quyết định"},
    {"destination", "nơi đến"},
    {"document", "văn bản"},
    {"due", "hạn"},
    {"email", "thư điện tử"},
    {"from", "từ"},
    {"group", "nhóm"},
    {"implements", "thực hiện"},
    {"issued by", "cơ quan ban hành"},
    {"kind", "loại"},
    {"late", "trễ hạn"},
    {"lead time", "mở trước"},
    {"lead", "chủ trì"},
    {"name", "định danh"},
    {"display_name", "tên"},
    {"english_name", "tên tiếng Anh"},
    {"direction", "hướng"},
    {"dates", "thời gian"},
    {"head", "trưởng đoàn"},
    {"member", "thành viên"},
    {"funding", "kinh phí"},
    {"justified", "giải trình"},
    {"parent", "cấp trên"},
    {"percent", "phần trăm"},
    {"period", "kỳ"},
    {"phone", "điện thoại"},
    {"post-trip report", "báo cáo sau chuyến đi"},
    {"proposing agency", "cơ quan đề xuất"},
    {"purpose", "mục đích"},
    {"read", "đã đọc"},
    {"reason", "lý do"},
    {"reassigned from", "chuyển từ"},
    {"role", "vai trò"},
    {"schedule", "lịch"},
    {"section", "mục"},
    {"severity", "mức độ"},
    {"signed", "đã ký"},
    {"source", "nguồn"},
    {"state", "trạng thái"},
    {"subject", "đối tượng"},
    {"subscriber", "người đăng ký"},
    {"successor", "cơ quan kế thừa"},
    {"title", "tiêu đề"},
    {"to", "đến"},
    {"tracking", "theo dõi"},
    {"types", "loại sự kiện"},
    {"website", "trang thông tin điện tử"},
    {"yes", "có"},
    {"no", "không"},
    // States and kinds, as tables print them.
    {"OPEN", "ĐANG MỞ"},
    {"IN_PROGRESS", "ĐANG THỰC HIỆN"},
    {"SUBMITTED", "ĐÃ NỘP"},
    {"ACCEPTED", "ĐÃ CHẤP NHẬN"},
    {"WAIVED", "ĐƯỢC MIỄN"},
    {"CANCELLED", "ĐÃ HỦY"},
    {"DRAFT", "DỰ THẢO"},
    {"UNDER_REVIEW", "ĐANG XEM XÉT"},
    {"FORWARDED", "ĐÃ TRÌNH"},
    {"APPROVED", "ĐÃ PHÊ DUYỆT"},
    {"REJECTED", "KHÔNG ĐỒNG Ý"},
    {"TRAVELLING", "ĐANG ĐI"},
    {"RETURNED_HOME", "ĐÃ VỀ"},
    {"REPORTED", "ĐÃ BÁO CÁO"},
    {"OPINIONS_REQUESTED", "ĐANG LẤY Ý KIẾN"},
    {"APPROVED_FOR_SIGNING", "ĐƯỢC PHÉP KÝ"},
    {"SIGNED", "ĐÃ KÝ"},
    {"IN_FORCE", "CÓ HIỆU LỰC"},
    {"EXPIRED", "HẾT HẠN"},
    {"TERMINATED", "CHẤM DỨT"},
    {"ACTIVE", "ĐANG THỰC HIỆN"},
    {"CLOSED", "ĐÃ KẾT THÚC"},
    {"PAUSED", "TẠM DỪNG"},
    {"ON_TIME", "ĐÚNG HẠN"},
    {"MISSING", "CHƯA NỘP"},
    {"PENDING", "CHƯA ĐẾN HẠN"},
    {"DUE_BEFORE_TRACKING", "HẠN TRƯỚC KHI THEO DÕI"},
    {"SERVING", "ĐANG CHẠY"},
    {"NOT_SERVING", "KHÔNG CHẠY"},
    {"active", "đang hoạt động"},
    {"dissolved", "đã giải thể"},
    {"merged", "đã sáp nhập"},
    {"left", "đã chuyển công tác"},
    {"pending", "đang chờ gửi"},
    {"delivered", "đã gửi"},
    {"dead", "gửi không được"},
    {"outbound", "đoàn ra"},
    {"inbound", "đoàn vào"},
    {"info", "thông tin"},
    {"warning", "cảnh báo"},
    {"critical", "khẩn"},
    {"department", "sở, ngành"},
    {"peoples-committee", "ủy ban nhân dân"},
    {"district-peoples-committee", "UBND huyện, thị xã, thành phố"},
    {"centre", "trung tâm"},
    {"press", "báo chí"},
    {"armed-forces-police", "lực lượng vũ trang, công an"},
    {"mass-organisation", "đoàn thể"},
    {"due before tracking", "hạn trước khi theo dõi"},
    // The CLI's own messages.
    {"Examples:", "Ví dụ:"},
    {"more not shown: --limit", "mục nữa chưa in: --limit"},
    {"(or 0) shows them all", "(hoặc 0) để in hết"},
    {"more not shown: --limit 0 shows them all",
     "mục nữa chưa in: --limit 0 để in hết"},
    {"over", "hơn"},
};

const absl::flat_hash_map<absl::string_view, absl::string_view>& Catalog() {
  static const auto* catalog =
      new absl::flat_hash_map<absl::string_view, absl::string_view>(
          std::begin(kVietnamese), std::end(kVietnamese));
  return *catalog;
}

// CLI11 titles the sections of a help by the options' and subcommands'
// groups ("Options", "Subcommands"), so those are renamed too.
void TranslateCommand(CLI::App* app) {
  app->description(Tr(app->get_description()));
  for (CLI::Option* option : app->get_options({})) {
    option->description(Tr(option->get_description()));
    option->group(Tr(option->get_group()));
  }
  for (CLI::App* sub : app->get_subcommands({})) {
    sub->group(Tr(sub->get_group()));
    TranslateCommand(sub);
  }
}

}  // namespace

Language LanguageFrom(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--lang" && i + 1 < argc) {
      return IsVietnameseName(argv[i + 1]) ? Language::kVietnamese
                                           : Language::kEnglish;
    }
    if (absl::StartsWith(arg, "--lang=")) {
      return IsVietnameseName(arg.substr(7)) ? Language::kVietnamese
                                             : Language::kEnglish;
    }
  }
  for (const char* variable : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(variable);
    if (value != nullptr && *value != '\0') {
      return IsVietnameseName(value) ? Language::kVietnamese
                                     : Language::kEnglish;
    }
  }
  return Language::kEnglish;
}

void SetLanguage(Language language) { current = language; }

bool InVietnamese() { return current == Language::kVietnamese; }

std::string Tr(absl::string_view english) {
  if (current == Language::kEnglish) return std::string(english);
  const auto found = Catalog().find(english);
  return std::string(found == Catalog().end() ? english : found->second);
}

bool HasTranslation(absl::string_view english) {
  return Catalog().contains(english);
}

void TranslateHelp(CLI::App& app) {
  if (!InVietnamese()) return;
  for (const char* label :
       {"Usage", "Options", "Positionals", "Subcommands", "REQUIRED"}) {
    app.get_formatter()->label(label, Tr(label));
  }
  TranslateCommand(&app);
}

}  // namespace ngoaivu::cli
