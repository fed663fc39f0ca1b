#include "tests/support/redis_server.h"

#include <arpa/inet.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace ngoaivu::testing {

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

std::string MakeAclFiles() {
  char pattern[] = "/tmp/ngoaivu-acl-XXXXXX";
  const std::string dir = mkdtemp(pattern);
  const std::string command = std::string(NGOAIVU_SOURCE_DIR) +
                              "/deploy/redis/make-acl.sh " + dir +
                              " 127.0.0.1:0 >/dev/null";
  if (std::system(command.c_str()) != 0) {
    std::fprintf(stderr, "%s failed\n", command.c_str());
    std::abort();
  }
  return dir;
}

std::string AclPassword(const std::string& acl_dir, const std::string& user) {
  std::ifstream in(acl_dir + "/" + user + ".password");
  std::string password;
  std::getline(in, password);
  return password;
}

RedisServer::RedisServer() : RedisServer(std::vector<std::string>{}) {}

RedisServer::RedisServer(std::vector<std::string> extra_args)
    : port_(FreePort()), extra_args_(std::move(extra_args)) {
  char pattern[] = "/tmp/ngoaivu-redis-XXXXXX";
  dir_ = mkdtemp(pattern);
  Start();
}

RedisServer::~RedisServer() {
  Resume();
  Stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string RedisServer::url() const {
  return "redis://127.0.0.1:" + std::to_string(port_) + "/0";
}

void RedisServer::Start() {
  if (pid_ > 0) return;
  const std::string port = std::to_string(port_);
  // The suite's one Redis configuration (deploy/redis/redis.conf), included
  // from a file of the test's own: CONFIG REWRITE (Sentinel's) rewrites
  // that one, and a restart keeps what it wrote. Then what is the test's
  // own: its port and directory, and no fsync (a test that counts on fsync
  // asks for it in `extra_args_`).
  const std::string config = dir_ + "/redis.conf";
  if (!std::filesystem::exists(config)) {
    std::ofstream(config) << "include " << NGOAIVU_SOURCE_DIR
                          << "/deploy/redis/redis.conf\n";
  }
  const std::string log = dir_ + "/redis.log";
  pid_ = fork();
  if (pid_ == 0) {
    // clang-format off
    std::vector<const char*> argv = {"redis-server", config.c_str(),
        "--port", port.c_str(),
        "--bind", "127.0.0.1",
        "--dir", dir_.c_str(),
        "--appendfsync", "no",
        "--daemonize", "no",
        "--loglevel", "warning",
        "--logfile", log.c_str(),
        "--enable-debug-command", "yes"};
    // clang-format on
    for (const std::string& arg : extra_args_) argv.push_back(arg.c_str());
    argv.push_back(nullptr);
    execvp("redis-server", const_cast<char* const*>(argv.data()));
    std::perror("exec redis-server");
    _exit(127);
  }
  // Wait until it answers PING: PONG, or NOAUTH under the suite's users
  // (nothing is allowed without a password), but not LOADING.
  for (int i = 0; i < 200; ++i) {
    timeval tv{0, 200000};
    redisContext* c = redisConnectWithTimeout("127.0.0.1", port_, tv);
    if (c != nullptr && c->err == 0) {
      auto* r = static_cast<redisReply*>(redisCommand(c, "PING"));
      const bool ok = r != nullptr &&
                      (r->type == REDIS_REPLY_STATUS ||
                       (r->type == REDIS_REPLY_ERROR &&
                        std::string(r->str, r->len).rfind("NOAUTH", 0) == 0));
      if (r) freeReplyObject(r);
      redisFree(c);
      if (ok) return;
    } else if (c != nullptr) {
      redisFree(c);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  std::fprintf(stderr, "redis-server did not start on port %d\n", port_);
  std::abort();
}

void RedisServer::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

void RedisServer::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGCONT);
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

void RedisServer::Pause() {
  if (pid_ > 0) kill(pid_, SIGSTOP);
}

void RedisServer::Resume() {
  if (pid_ > 0) kill(pid_, SIGCONT);
}

}  // namespace ngoaivu::testing
