#include "tools/ngoaivu/archive.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "tools/ngoaivu/archive_kinds.h"

namespace ngoaivu::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kFormat[] = "ngoaivu-archive/1";
constexpr char kManifest[] = "manifest.json";
// Calls in flight at once, and parents listed per round (their lines are
// written in order, so an archive of the same data is the same bytes).
constexpr int kThreads = 8;
constexpr size_t kBatch = 512;

// What one listing gave: its items as JSON lines, and their names.
struct Listed {
  std::vector<std::string> lines;
  std::vector<std::string> names;
  grpc::Status status;
};

// A resource's key in an archive: its name, or an event's id.
std::string KeyOf(const google::protobuf::Message& item) {
  const google::protobuf::Descriptor* d = item.GetDescriptor();
  const google::protobuf::FieldDescriptor* field = d->FindFieldByName("name");
  if (field == nullptr) field = d->FindFieldByName("id");
  return field == nullptr ? "" : item.GetReflection()->GetString(item, field);
}

Listed ListOne(const Lister& lister, const std::string& parent) {
  Listed listed;
  listed.status = lister(parent, [&](const google::protobuf::Message& page) {
    const google::protobuf::FieldDescriptor* items = ItemsField(page);
    if (items == nullptr) return;
    const google::protobuf::Reflection* r = page.GetReflection();
    for (int i = 0; i < r->FieldSize(page, items); ++i) {
      const google::protobuf::Message& item =
          r->GetRepeatedMessage(page, items, i);
      std::string line = ToJson(item, /*one_line=*/true);
      std::string key = KeyOf(item);
      if (key.empty() && !parent.empty()) {
        // An item without a name of its own (a delegation's decision)
        // says whose it is.
        line = absl::StrCat("{\"parent\":", json(parent).dump(), ",",
                            line.substr(1));
      }
      listed.lines.push_back(std::move(line));
      listed.names.push_back(std::move(key));
    }
  });
  return listed;
}

// Each of `parents` listed by `lister`, kThreads at a time.
std::vector<Listed> ListEach(const Lister& lister,
                             const std::vector<std::string>& parents) {
  std::vector<Listed> out(parents.size());
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (size_t i = next++; i < parents.size(); i = next++) {
        out[i] = ListOne(lister, parents[i]);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  return out;
}

std::string HexOf(EVP_MD_CTX* sha);

// A JSON lines file being written: its records counted, its SHA-256 kept.
class ArchiveFile {
 public:
  ArchiveFile(const fs::path& path, std::string relative)
      : out_(path, std::ios::binary),
        relative_(std::move(relative)),
        sha_(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(sha_.get(), EVP_sha256(), nullptr);
  }
  bool ok() const { return out_.good(); }
  void Add(const std::string& line) {
    out_ << line;
    EVP_DigestUpdate(sha_.get(), line.data(), line.size());
    ++records_;
  }
  json Close() {
    out_.close();
    return {{"file", relative_},
            {"records", records_},
            {"sha256", HexOf(sha_.get())}};
  }

 private:
  struct Free {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  };
  std::ofstream out_;
  std::string relative_;
  std::unique_ptr<EVP_MD_CTX, Free> sha_;
  int64_t records_ = 0;
};

// Lists every parent's items into `relative` under `dir`; their names go
// to `names`. An error names the call that failed.
absl::StatusOr<json> WriteKind(const fs::path& dir, const std::string& relative,
                               const Lister& lister,
                               const std::vector<std::string>& parents,
                               std::vector<std::string>* names) {
  ArchiveFile file(dir / relative, relative);
  if (!file.ok()) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot write ", (dir / relative).string()));
  }
  for (size_t from = 0; from < parents.size(); from += kBatch) {
    const std::vector<std::string> batch(
        parents.begin() + from,
        parents.begin() + std::min(parents.size(), from + kBatch));
    std::vector<Listed> listed = ListEach(lister, batch);
    for (size_t i = 0; i < listed.size(); ++i) {
      if (!listed[i].status.ok()) {
        return absl::Status(
            static_cast<absl::StatusCode>(listed[i].status.error_code()),
            absl::StrCat(relative, " of '", batch[i],
                         "': ", listed[i].status.error_message()));
      }
      for (const std::string& line : listed[i].lines) file.Add(line);
      names->insert(names->end(), listed[i].names.begin(),
                    listed[i].names.end());
    }
  }
  return file.Close();
}

// The whole archive into `dir`; its manifest, written last (a directory
// without one is not an archive).
absl::StatusOr<json> WriteArchive(const fs::path& dir, CliContext* c) {
  std::error_code error;
  fs::create_directories(dir / "history", error);
  if (error) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create ", dir.string(), ": ", error.message()));
  }
  json manifest = {
      {"format", kFormat},
      {"exported_at", absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(),
                                       absl::UTCTimeZone())},
      {"suite",
       {{"registry", c->registry},
        {"tasks", c->tasks},
        {"delegations", c->delegations},
        {"notifications", c->notifications}}},
      {"files", json::array()}};
  std::map<std::string, std::vector<std::string>> names;
  const std::vector<ArchiveKind> kinds = ArchiveKinds(c);
  for (const ArchiveKind& kind : kinds) {
    const std::vector<std::string> top = {""};
    auto entry = WriteKind(dir, kind.file + ".jsonl", kind.list,
                           kind.parents.empty() ? top : names[kind.parents],
                           &names[kind.file]);
    if (!entry.ok()) return entry.status();
    (*entry)["kind"] = kind.file;
    manifest["files"].push_back(*entry);
  }
  for (const ArchiveKind& kind : kinds) {
    if (!kind.history) continue;
    std::vector<std::string> events;
    auto entry = WriteKind(dir, "history/" + kind.file + ".jsonl", kind.history,
                           names[kind.file], &events);
    if (!entry.ok()) return entry.status();
    (*entry)["kind"] = kind.file + " history";
    manifest["files"].push_back(*entry);
  }
  std::ofstream(dir / kManifest) << manifest.dump(2) << "\n";
  return manifest;
}

// Lower-case hex of a finished digest.
std::string HexOf(EVP_MD_CTX* sha) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(sha, digest, &size);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    absl::StrAppend(&hex, absl::Hex(digest[i], absl::kZeroPad2));
  }
  return hex;
}

// The archive's manifest, once every file it lists is there whole: as many
// records and the same SHA-256.
absl::StatusOr<json> CheckedManifest(const fs::path& dir) {
  std::ifstream in(dir / kManifest);
  json manifest = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (manifest.is_discarded() || manifest.value("format", "") != kFormat) {
    return absl::InvalidArgumentError(
        absl::StrCat((dir / kManifest).string(),
                     " is not the manifest of an archive (", kFormat, ")"));
  }
  for (const json& f : manifest["files"]) {
    const std::string file = f.value("file", "");
    std::ifstream data(dir / file, std::ios::binary);
    if (!data) return absl::NotFoundError(absl::StrCat(file, " is missing"));
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> sha(EVP_MD_CTX_new(),
                                                           EVP_MD_CTX_free);
    EVP_DigestInit_ex(sha.get(), EVP_sha256(), nullptr);
    int64_t records = 0;
    for (std::string line; std::getline(data, line);) {
      line += '\n';
      EVP_DigestUpdate(sha.get(), line.data(), line.size());
      ++records;
    }
    if (records != f.value("records", int64_t{-1}) ||
        HexOf(sha.get()) != f.value("sha256", "")) {
      return absl::DataLossError(absl::StrCat(
          file, " is not as exported: ", records,
          " records, the manifest says ", f.value("records", int64_t{-1}),
          ", or its SHA-256 differs"));
    }
  }
  return manifest;
}

// A JSON lines file as its records by name (an event's by id).
std::map<std::string, json> RecordsOf(const fs::path& path) {
  std::map<std::string, json> records;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    json record = json::parse(line, nullptr, /*allow_exceptions=*/false);
    // A record's name, an event's id, or a decision's delegation and
    // number.
    std::string key = record.value("name", "");
    if (key.empty()) key = record.value("id", "");
    if (key.empty()) {
      key = absl::StrCat(record.value("parent", ""), "|",
                         record.value("number", ""));
    }
    records[key] = std::move(record);
  }
  return records;
}

struct Comparison {
  int64_t archived = 0, same = 0, different = 0, missing = 0, added = 0;
  std::vector<std::string> examples;  // a few that differ or are missing
};

Comparison Compare(const std::map<std::string, json>& archived,
                   const std::map<std::string, json>& now) {
  Comparison out;
  out.archived = static_cast<int64_t>(archived.size());
  for (const auto& [key, record] : archived) {
    auto found = now.find(key);
    if (found == now.end()) {
      ++out.missing;
      if (out.examples.size() < 3) out.examples.push_back(key + " (missing)");
    } else if (found->second != record) {
      ++out.different;
      if (out.examples.size() < 3) out.examples.push_back(key + " (differs)");
    } else {
      ++out.same;
    }
  }
  for (const auto& entry : now) out.added += archived.count(entry.first) == 0;
  return out;
}

grpc::Status AsGrpc(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

}  // namespace

int ExportArchive(const std::string& dir, CliContext* c) {
  if (fs::exists(fs::path(dir) / kManifest)) {
    c->Fail(dir + " holds an archive already: name a new directory");
    return c->exit_code;
  }
  const absl::Time started = absl::Now();
  absl::StatusOr<json> manifest = WriteArchive(dir, c);
  if (!manifest.ok()) {
    c->Fail(AsGrpc(manifest.status()));
    return c->exit_code;
  }
  Table table({"FILE", "RECORDS", "SHA256"});
  for (const json& f : (*manifest)["files"]) {
    table.AddRow({f["file"].get<std::string>(),
                  std::to_string(f["records"].get<int64_t>()),
                  f["sha256"].get<std::string>().substr(0, 16)});
  }
  c->Print(table);
  std::cerr << "exported to " << dir << " in "
            << absl::FormatDuration(
                   absl::Trunc(absl::Now() - started, absl::Milliseconds(1)))
            << " (" << kManifest << " lists every file with its count and "
            << "SHA-256)\n";
  return 0;
}

int VerifyArchive(const std::string& dir, CliContext* c) {
  absl::StatusOr<json> manifest = CheckedManifest(dir);
  if (!manifest.ok()) {
    std::cerr << "error: the archive in " << dir
              << " is damaged: " << manifest.status().message() << "\n";
    return 2;
  }
  // The suite as it is now, archived the same way beside it.
  const fs::path now_dir =
      fs::temp_directory_path() / absl::StrCat("ngoaivu-verify-", getpid());
  absl::StatusOr<json> now = WriteArchive(now_dir, c);
  if (!now.ok()) {
    fs::remove_all(now_dir);
    c->Fail(AsGrpc(now.status()));
    return c->exit_code;
  }
  Table table({"FILE", "ARCHIVED", "SAME", "DIFFERENT", "MISSING", "NEW"});
  bool all_there = true;
  for (const json& f : (*manifest)["files"]) {
    const std::string file = f.value("file", "");
    const Comparison cmp =
        Compare(RecordsOf(fs::path(dir) / file), RecordsOf(now_dir / file));
    table.AddRow({file, std::to_string(cmp.archived), std::to_string(cmp.same),
                  std::to_string(cmp.different), std::to_string(cmp.missing),
                  std::to_string(cmp.added)});
    for (const std::string& example : cmp.examples) {
      std::cerr << file << ": " << example << "\n";
    }
    all_there = all_there && cmp.different == 0 && cmp.missing == 0;
  }
  fs::remove_all(now_dir);
  c->Print(table);
  std::cerr << (all_there ? "every archived record and event is in the suite "
                            "as archived"
                          : "the suite differs from the archive")
            << " (exported at " << manifest->value("exported_at", "?") << ")\n";
  return all_there ? 0 : 1;
}

}  // namespace ngoaivu::cli
