// The CPU other processes on this machine use (the servers, Redis), found
// by the TCP port they listen on, so a load run can show where the cores
// went: the client's, the server's and Redis' side by side.
#ifndef NGOAIVU_TOOLS_LOADGEN_PROCESS_CPU_H_
#define NGOAIVU_TOOLS_LOADGEN_PROCESS_CPU_H_

namespace ngoaivu::loadgen {

// The process listening on TCP `port` (IPv4 or IPv6), or -1 when none is
// found (or it belongs to a user whose /proc entries cannot be read).
int PidListeningOn(int port);

// User plus system CPU seconds of `pid` so far; -1 when it is gone.
double ProcessCpuSeconds(int pid);

}  // namespace ngoaivu::loadgen

#endif  // NGOAIVU_TOOLS_LOADGEN_PROCESS_CPU_H_
