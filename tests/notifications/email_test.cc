// E-mail deliveries to a real SMTP server (Debian's aiosmtpd, started by the
// test on a free port, STARTTLS with the test's own CA, messages kept in a
// maildir): one UTF-8 message per event in the notification's Vietnamese
// words, and a daily digest as one message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/support/notifications_harness.h"
#include "tests/support/tasks_fixture.h"
#include "tests/support/test_pki.h"

namespace ngoaivu::testing {
namespace {

namespace nv1 = ::ngoaivu::notifications::v1;
namespace fs = std::filesystem;
using ::testing::HasSubstr;

int FreePort() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  socklen_t n = sizeof(a);
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &n);
  close(s);
  return ntohs(a.sin_port);
}

bool Accepts(int port) {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
  close(s);
  return ok;
}

// aiosmtpd with STARTTLS required, keeping what it receives in a maildir.
class SmtpReceiver {
 public:
  explicit SmtpReceiver(const TestPki& pki)
      : dir_(fs::temp_directory_path() /
             ("ngoaivu-smtp-" + std::to_string(getpid()) + "-" +
              std::to_string(FreePort()))),
        port_(FreePort()) {
    fs::create_directories(dir_);
    const std::string listen = absl::StrCat("127.0.0.1:", port_);
    const std::string cert = pki.Path("server.pem");
    const std::string key = pki.Path("server.key");
    const std::string box = (dir_ / "box").string();
    pid_ = fork();
    if (pid_ == 0) {
      execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l",
            listen.c_str(), "--tlscert", cert.c_str(), "--tlskey", key.c_str(),
            "-c", "aiosmtpd.handlers.Mailbox", box.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100 && !Accepts(port_); ++i) {
      absl::SleepFor(absl::Milliseconds(50));
    }
  }
  ~SmtpReceiver() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    fs::remove_all(dir_);
  }

  std::string url() const { return absl::StrCat("smtp://127.0.0.1:", port_); }

  // Each message received: its raw text.
  std::vector<std::string> Messages() const {
    std::vector<std::string> messages;
    const fs::path fresh = dir_ / "box" / "new";
    if (!fs::exists(fresh)) return messages;
    for (const auto& entry : fs::directory_iterator(fresh)) {
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      messages.push_back(text.str());
    }
    return messages;
  }

 private:
  fs::path dir_;
  int port_;
  pid_t pid_ = -1;
};

// A header's value, its RFC 2047 base64 words decoded.
// A header's value: unfolded (RFC 5322), its encoded-words decoded and
// joined (RFC 2047: the space between two encoded-words is not text).
std::string Header(const std::string& message, const std::string& name) {
  std::vector<std::string> lines = absl::StrSplit(message, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::string_view line = lines[i];
    if (!absl::ConsumePrefix(&line, name + ": ")) continue;
    std::vector<std::string> parts = {std::string(line)};
    while (i + 1 < lines.size() && absl::StartsWith(lines[i + 1], " ")) {
      parts.push_back(lines[++i].substr(1));
    }
    std::string value;
    for (std::string& part : parts) {
      absl::string_view word = absl::StripSuffix(part, "\r");
      std::string decoded;
      if (absl::ConsumePrefix(&word, "=?UTF-8?B?") &&
          absl::ConsumeSuffix(&word, "?=") &&
          absl::Base64Unescape(word, &decoded)) {
        value += decoded;
      } else {
        value += std::string(word);
      }
    }
    return value;
  }
  return "";
}

// The base64 body, decoded.
std::string Body(const std::string& message) {
  size_t at = message.find("\r\n\r\n");
  size_t skip = 4;
  if (at == std::string::npos) {
    at = message.find("\n\n");
    skip = 2;
  }
  std::string encoded;
  for (char c : message.substr(at + skip)) {
    if (c != '\r' && c != '\n') encoded.push_back(c);
  }
  std::string body;
  absl::Base64Unescape(encoded, &body);
  return body;
}

class EmailTest : public TasksFixture {
 protected:
  static NotificationsHarnessOptions WithSmtp(const SmtpReceiver& smtp,
                                              const TestPki& pki) {
    NotificationsHarnessOptions o;
    o.smtp.url = smtp.url();
    o.smtp.from = "ngoaivu@tayninh.gov.vn";
    o.smtp.starttls = "require";
    o.smtp.ca_file = pki.Path("ca.pem");
    return o;
  }
  EmailTest() : smtp_(pki_), n_(&h_.registry(), &h_.clock(), WithSmtp(smtp_, pki_)) {}

  nv1::Subscription Subscribe(const std::string& id,
                              const std::string& digest_at = "") {
    h_.clock().Advance(absl::Seconds(1));
    nv1::CreateSubscriptionRequest r;
    r.set_subscription_id(id);
    r.set_request_id("subscribe-" + id);
    r.mutable_subscription()->set_channel(nv1::Subscription::EMAIL);
    r.mutable_subscription()->set_email("giamdoc.skhdt@tayninh.gov.vn");
    r.mutable_subscription()->set_daily_digest_at(digest_at);
    r.mutable_subscription()->mutable_filter()->add_types(
        "ngoaivu.tasks.v1.duty.*");
    nv1::Subscription out;
    grpc::Status s = n_.stub().CreateSubscription(
        Context(5, TestToken("officer", "agencies/SKHDT")).get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  bool DeliverUntil(size_t messages) {
    for (int i = 0; i < 200; ++i) {
      n_.Deliver();
      if (smtp_.Messages().size() >= messages) return true;
      absl::SleepFor(absl::Milliseconds(25));
    }
    return false;
  }

  TestPki pki_;
  SmtpReceiver smtp_;
  NotificationsHarness n_;
};

TEST_F(EmailTest, AnEventIsOneUtf8MessageOverStartTls) {
  const nv1::Subscription s = Subscribe("giam-doc");
  v1::Duty duty;
  ASSERT_TRUE(AddDuty("tham-dinh", LeadDuty(), &duty).ok());
  n_.Follow();
  ASSERT_TRUE(DeliverUntil(1));
  const auto messages = smtp_.Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(Header(messages[0], "Subject"),
            "Nhiệm vụ mới: Thẩm định dự án đầu tư nước ngoài");
  EXPECT_EQ(Header(messages[0], "To"), "giamdoc.skhdt@tayninh.gov.vn");
  EXPECT_EQ(Header(messages[0], "X-MailFrom"), "ngoaivu@tayninh.gov.vn");
  EXPECT_THAT(Body(messages[0]), HasSubstr(duty.name()));
  EXPECT_THAT(Body(messages[0]), HasSubstr("đối ngoại"));
  nv1::ListDeliveriesRequest list;
  list.set_parent(s.name());
  nv1::ListDeliveriesResponse out;
  ASSERT_TRUE(n_.stub()
                  .ListDeliveries(Context(5, TestToken("admin", "agencies/UBND")).get(),
                                  list, &out)
                  .ok());
  ASSERT_EQ(out.deliveries_size(), 1);
  EXPECT_EQ(out.deliveries(0).state(), nv1::Delivery::DELIVERED);
}

// RFC 2047 and 5322: encoded-words of at most 75 characters, folded onto
// lines of at most 78; a title as long as tasks accepts (1,000 characters)
// gives a subject shortened at a word, the whole title in the body, and the
// relay takes it.
TEST_F(EmailTest, SubjectsAreFoldedEncodedWordsAndLongTitlesShortened) {
  Subscribe("giam-doc");
  std::string title;
  while (title.size() < 2000) title += "Thẩm định dự án đầu tư nước ngoài; ";
  // Exactly 1,000 characters, cut on a character.
  size_t characters = 0, cut = 0;
  for (; cut < title.size() && characters <= 1000; ++cut) {
    if ((title[cut] & 0xC0) != 0x80 && ++characters > 1000) break;
  }
  title.resize(cut);
  v1::Duty duty = LeadDuty();
  duty.set_title(title);
  v1::Duty created;
  ASSERT_TRUE(AddDuty("rat-dai", duty, &created).ok());
  n_.Follow();
  ASSERT_TRUE(DeliverUntil(1));
  const auto messages = smtp_.Messages();
  ASSERT_EQ(messages.size(), 1u);
  for (absl::string_view line : absl::StrSplit(messages[0], '\n')) {
    if (line.empty() || line == "\r") break;  // the headers end
    EXPECT_LE(absl::StripSuffix(line, "\r").size(), 78u) << line;
    if (absl::StrContains(line, "=?UTF-8?B?")) {
      const size_t from = line.find("=?UTF-8?B?");
      const size_t to = line.find("?=", from + 10);
      EXPECT_LE(to + 2 - from, 75u) << line;
    }
  }
  const std::string subject = Header(messages[0], "Subject");
  EXPECT_THAT(subject, ::testing::EndsWith("…"));
  EXPECT_THAT(subject, ::testing::StartsWith("Nhiệm vụ mới: Thẩm định dự án"));
  EXPECT_LT(subject.size(), 500u);
  EXPECT_THAT(Body(messages[0]), HasSubstr(title));
}

TEST_F(EmailTest, ADailyDigestIsOneMessageAtItsTime) {
  // The harness's "today" is 2025-08-15 09:00 in the province; the worker
  // runs on real time, so the digest's 08:00 next morning has long passed
  // for it: what is due is sent at once, as one message.
  Subscribe("tong-hop", "08:00");
  v1::Duty duty;
  for (const char* id : {"d-1", "d-2", "d-3"}) {
    ASSERT_TRUE(AddDuty(id, LeadDuty(), &duty).ok());
  }
  n_.Follow();
  ASSERT_TRUE(DeliverUntil(1));
  absl::SleepFor(absl::Milliseconds(200));
  n_.Deliver();
  const auto messages = smtp_.Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_THAT(Header(messages[0], "Subject"),
              ::testing::StartsWith("Tổng hợp thông báo ngày "));
  EXPECT_THAT(Header(messages[0], "Subject"), HasSubstr("(3)"));
  const std::string body = Body(messages[0]);
  for (const char* id : {"d-1", "d-2", "d-3"}) {
    EXPECT_THAT(body, HasSubstr(absl::StrCat("duties/", id)));
  }
}

}  // namespace
}  // namespace ngoaivu::testing
