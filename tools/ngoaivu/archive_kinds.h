// What an archive of the suite holds (`ngoaivu export`): each kind of
// resource of every service, how to list it, and whose history it has.
#ifndef NGOAIVU_TOOLS_NGOAIVU_ARCHIVE_KINDS_H_
#define NGOAIVU_TOOLS_NGOAIVU_ARCHIVE_KINDS_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "tools/ngoaivu/cli_context.h"

namespace ngoaivu::cli {

// Called with each page (a List response) of a listing.
using PageSink = std::function<void(const google::protobuf::Message& page)>;
// Lists the items of one parent (a resource name; "" for a top-level
// kind), or one resource's history, page after page.
using Lister =
    std::function<grpc::Status(const std::string& name, const PageSink&)>;

struct ArchiveKind {
  std::string file;     // "obligations": obligations.jsonl
  std::string parents;  // the kind whose names are the parents; "" if none
  Lister list;
  Lister history;  // the resource's ListHistory; empty when it has none
};

// Every kind, parents before their children. The stubs' channels are made
// here, so the listers may then be called from several threads.
std::vector<ArchiveKind> ArchiveKinds(CliContext* c);

}  // namespace ngoaivu::cli

#endif  // NGOAIVU_TOOLS_NGOAIVU_ARCHIVE_KINDS_H_
