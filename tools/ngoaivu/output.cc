#include "tools/ngoaivu/output.h"

#include <algorithm>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "common/dates.h"
#include "common/event_payloads.h"
#include "common/validation.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "nlohmann/json.hpp"
#include "tools/ngoaivu/language.h"

namespace ngoaivu::cli {
namespace {

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::OK:
      return "OK";
    case grpc::CANCELLED:
      return "CANCELLED";
    case grpc::UNKNOWN:
      return "UNKNOWN";
    case grpc::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::ABORTED:
      return "ABORTED";
    case grpc::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::INTERNAL:
      return "INTERNAL";
    case grpc::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

size_t Width(const std::string& s) {
  return IsValidUtf8(s) ? Utf8Length(s) : s.size();
}

}  // namespace

Table::Table(std::vector<std::string> header) {
  rows_.push_back(std::move(header));
}

void Table::AddRow(std::vector<std::string> row) {
  rows_.push_back(std::move(row));
}

std::vector<std::vector<std::string>> Table::ShownRows() const {
  if (!InVietnamese()) return rows_;
  // Headers, field labels and states are words of the CLI: translated when
  // a whole cell is one. Data is shown as kept.
  std::vector<std::vector<std::string>> shown = rows_;
  for (auto& row : shown) {
    for (std::string& cell : row) {
      if (HasTranslation(cell)) cell = Tr(cell);
    }
  }
  return shown;
}

void Table::PrintCsv(std::ostream& out) const {
  for (const auto& row : ShownRows()) {
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string& field = row[i];
      if (field.find_first_of(",\"\r\n") == std::string::npos) {
        out << field;
      } else {
        out << '"';
        for (char ch : field) out << (ch == '"' ? "\"\"" : std::string(1, ch));
        out << '"';
      }
      out << (i + 1 < row.size() ? "," : "\r\n");
    }
  }
}

void Table::PrintJson(std::ostream& out, bool one_per_line) const {
  nlohmann::json rows = nlohmann::json::array();
  for (size_t r = 1; r < rows_.size(); ++r) {
    nlohmann::json row = nlohmann::json::object();
    for (size_t i = 0; i < rows_[r].size() && i < rows_[0].size(); ++i) {
      row[absl::AsciiStrToLower(rows_[0][i])] = rows_[r][i];
    }
    if (one_per_line) out << row.dump() << "\n";
    rows.push_back(std::move(row));
  }
  if (!one_per_line) out << rows.dump(1) << "\n";
}

std::string OneLineCell(const std::string& cell, size_t max_chars) {
  std::string line;
  bool space = false;
  for (const char c : cell) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !line.empty();
      continue;
    }
    if (space) line += ' ';
    space = false;
    line += c;
  }
  // Cut between characters (UTF-8 lead bytes), not inside one.
  size_t chars = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    if (++chars == max_chars && Width(line.substr(i)) > 1) {
      return line.substr(0, i) + "…";
    }
  }
  return line;
}

void Table::Print(std::ostream& out, bool wide) const {
  // A cell is one line. Text (a cell with a space in it) is cut to keep the
  // table within a screen (-o wide: to kWideChars); names and codes are
  // never cut, so they can be copied. The full text is in -o json and csv.
  constexpr size_t kTextChars = 60;
  constexpr size_t kWideChars = 160;
  // One record shown field by field (FIELD, VALUE) is read, not scanned:
  // its text is cut only where -o wide cuts.
  const bool one_record = !rows_.empty() && rows_[0].size() == 2;
  const size_t text_chars = wide || one_record ? kWideChars : kTextChars;
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : ShownRows()) {
    std::vector<std::string> shown;
    for (const std::string& cell : row) {
      const bool text = cell.find(' ') != std::string::npos;
      shown.push_back(OneLineCell(cell, text ? text_chars : kWideChars));
    }
    cells.push_back(std::move(shown));
  }
  std::vector<size_t> widths;
  for (const auto& row : cells) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], Width(row[i]));
    }
  }
  for (const auto& row : cells) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size())
        line += std::string(widths[i] - Width(row[i]) + 2, ' ');
    }
    out << line << "\n";
  }
}

std::string LocalTimeText(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return absl::FormatTime("%d/%m/%Y %H:%M", FromTimestamp(t),
                          ProvinceTimeZone());
}

const google::protobuf::FieldDescriptor* ItemsField(
    const google::protobuf::Message& message) {
  const google::protobuf::Descriptor* d = message.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = d->field(i);
    if (field->is_repeated() && !field->is_map() &&
        field->cpp_type() ==
            google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      return field;
    }
  }
  return nullptr;
}

int ItemCount(const google::protobuf::Message& message) {
  const google::protobuf::FieldDescriptor* field = ItemsField(message);
  return field == nullptr ? 0
                          : message.GetReflection()->FieldSize(message, field);
}

void KeepFirstItems(google::protobuf::Message* message, int keep) {
  const google::protobuf::FieldDescriptor* field = ItemsField(*message);
  if (field == nullptr) return;
  const google::protobuf::Reflection* r = message->GetReflection();
  while (r->FieldSize(*message, field) > keep) r->RemoveLast(message, field);
}

void PrintJsonLines(const google::protobuf::Message& message,
                    std::ostream& out) {
  const google::protobuf::FieldDescriptor* field = ItemsField(message);
  if (field == nullptr) {
    out << ToJson(message, true);
    return;
  }
  const google::protobuf::Reflection* r = message.GetReflection();
  for (int k = 0; k < r->FieldSize(message, field); ++k) {
    out << ToJson(r->GetRepeatedMessage(message, field, k), true);
  }
}

std::string ToJson(const google::protobuf::Message& message, bool one_line) {
  LinkEventPayloads();
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = !one_line;
  options.preserve_proto_field_names = true;
  // Zeros and empty lists printed: `jq '.obligations[]'` works on none.
  options.always_print_primitive_fields = true;
  const auto printed =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!printed.ok()) {
    std::cerr << "error: the answer cannot be shown as JSON: "
              << printed.message() << "\n";
    return "null\n";
  }
  if (one_line) json += "\n";
  return json;
}

int PrintError(const grpc::Status& status, std::ostream& err) {
  err << "error: " << CodeName(status.error_code()) << ": "
      << status.error_message() << "\n";
  google::rpc::Status details;
  if (!status.error_details().empty() &&
      details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad_request;
      if (!any.UnpackTo(&bad_request)) continue;
      for (const auto& v : bad_request.field_violations()) {
        err << "  - " << (v.field().empty() ? "(request)" : v.field()) << ": "
            << v.description() << "\n";
      }
    }
  }
  return 1;
}

}  // namespace ngoaivu::cli
