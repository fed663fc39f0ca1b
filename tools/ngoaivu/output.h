// How the CLI prints: an aligned table for people, JSON for scripts, CSV
// for spreadsheets.
#ifndef NGOAIVU_TOOLS_NGOAIVU_OUTPUT_H_
#define NGOAIVU_TOOLS_NGOAIVU_OUTPUT_H_

#include <grpcpp/grpcpp.h>

#include <ostream>
#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"

namespace ngoaivu::cli {

// kJsonLines: one compact JSON object per line (an item of a list, an
// event of a stream), for tools that read line by line.
// kWide: a table whose text cells are cut later.
enum class Format { kTable, kWide, kJson, kCsv, kJsonLines };

// Columns aligned by display width (Vietnamese text counts characters, not
// bytes).
class Table {
 public:
  explicit Table(std::vector<std::string> header);
  void AddRow(std::vector<std::string> row);
  void Print(std::ostream& out, bool wide = false) const;
  // RFC 4180: the header then one line per row, fields quoted as needed.
  void PrintCsv(std::ostream& out) const;
  // A JSON array of one object per row, keyed by the lower-cased header;
  // or, `one_per_line`, one object per line.
  void PrintJson(std::ostream& out, bool one_per_line = false) const;

 private:
  // The rows in the language set (see language.h): JSON keeps them as is.
  std::vector<std::vector<std::string>> ShownRows() const;

  std::vector<std::vector<std::string>> rows_;
};

// "2026-12-07 15:50": the province's time (UTC+7), to the minute.
std::string LocalTimeText(const google::protobuf::Timestamp& t);

// `cell` on one line (runs of spaces and line breaks made one space), cut
// to `max_chars` characters with "…" when longer.
std::string OneLineCell(const std::string& cell, size_t max_chars);

// The message as indented proto3 JSON, or on one line (ending in \n).
std::string ToJson(const google::protobuf::Message& message,
                   bool one_line = false);

// A list response's items: its first repeated message field (nullptr when
// it has none).
const google::protobuf::FieldDescriptor* ItemsField(
    const google::protobuf::Message& message);

// How many items a list response holds (its first repeated message field),
// and keeping only the first `keep` of them.
int ItemCount(const google::protobuf::Message& message);
void KeepFirstItems(google::protobuf::Message* message, int keep);

// Each item of the message's first repeated message field (a list's items)
// as a line of JSON; the message itself when it has none.
void PrintJsonLines(const google::protobuf::Message& message,
                    std::ostream& out);

// Prints a failed call: the gRPC code, the message, each field violation.
// Returns the process exit code to use.
int PrintError(const grpc::Status& status, std::ostream& err);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_OUTPUT_H_
