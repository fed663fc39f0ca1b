#include "services/notifications/email_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/dates.h"

namespace ngoaivu::notifications {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// RFC 2047: text of any script, as base64 UTF-8.
std::string EncodedWord(absl::string_view text) {
  return absl::StrCat("=?UTF-8?B?", absl::Base64Escape(text), "?=");
}

// A subject longer than this many characters is shortened at a word (the
// whole title is in the body): mail readers show about this much.
constexpr size_t kSubjectCharacters = 140;

bool IsContinuationByte(char c) { return (c & 0xC0) == 0x80; }

// `text` cut to kSubjectCharacters characters at the last space, with "…";
// nothing when it is short enough.
std::optional<std::string> ShortenedSubject(absl::string_view text) {
  size_t characters = 0, cut = text.size(), last_space = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsContinuationByte(text[i])) continue;
    if (characters == kSubjectCharacters) {
      cut = i;
      break;
    }
    if (text[i] == ' ') last_space = i;
    ++characters;
  }
  if (cut == text.size()) return std::nullopt;
  if (last_space > cut / 2) cut = last_space;
  return absl::StrCat(absl::StripTrailingAsciiWhitespace(text.substr(0, cut)),
                      "…");
}

// RFC 2047 and RFC 5322: the subject as encoded-words of 42 bytes of UTF-8
// each (68 characters encoded), never splitting a character, one per line,
// folded: every line, "Subject: " and the first word included, stays
// within 78 characters.
std::string FoldedSubject(absl::string_view text) {
  constexpr size_t kWordBytes = 42;
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = std::min(text.size(), at + kWordBytes);
    while (end < text.size() && end > at + 1 && IsContinuationByte(text[end])) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += EncodedWord(text.substr(at, end - at));
    at = end;
  }
  return out;
}

// Base64 in lines of 76 characters, as MIME asks.
std::string Base64Lines(absl::string_view text) {
  const std::string encoded = absl::Base64Escape(text);
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += 76) {
    absl::StrAppend(&out, encoded.substr(i, 76), "\r\n");
  }
  return out;
}

struct Upload {
  std::string data;
  size_t sent = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data.size() - upload->sent);
  std::memcpy(buffer, upload->data.data() + upload->sent, n);
  upload->sent += n;
  return n;
}

}  // namespace

std::string EmailMessage(
    const SmtpSettings& settings, const v1::Subscription& subscription,
    const std::vector<Outgoing>& deliveries,
    const std::function<Rendered(const events::v1::Event&)>& words,
    absl::Time now) {
  std::string subject;
  std::string body;
  if (deliveries.size() == 1 && subscription.daily_digest_at().empty()) {
    const Rendered r = words(*deliveries[0].event);
    subject = r.title;
    if (auto shortened = ShortenedSubject(r.title)) {
      subject = *shortened;
      absl::StrAppend(&body, r.title, "\n\n");
    }
    absl::StrAppend(&body, r.body, "\n\n", deliveries[0].event->subject(), "\n",
                    deliveries[0].event->type(), "\n");
  } else {
    subject =
        absl::StrCat("Tổng hợp thông báo ngày ",
                     absl::FormatTime("%d/%m/%Y", now, ProvinceTimeZone()),
                     " (", deliveries.size(), ")");
    for (size_t i = 0; i < deliveries.size(); ++i) {
      const Rendered r = words(*deliveries[i].event);
      absl::StrAppend(&body, i + 1, ". ", r.title, "\n   ", r.body, "\n   ",
                      deliveries[i].event->subject(), "\n\n");
    }
  }
  absl::StrAppend(&body,
                  "\n-- \nngoaivu: thông báo tự động của hệ thống theo "
                  "dõi chương trình đối ngoại. ",
                  subscription.name(), "\n");
  const std::string id = deliveries[0].delivery->name().substr(
      deliveries[0].delivery->name().rfind('/') + 1);
  return absl::StrCat(
      "From: ", settings.from, "\r\n", "To: ", subscription.email(), "\r\n",
      "Subject: ", FoldedSubject(subject), "\r\n", "Date: ",
      absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", now, absl::UTCTimeZone()),
      "\r\n", "Message-ID: <", id, "@ngoaivu>\r\n", "MIME-Version: 1.0\r\n",
      "Content-Type: text/plain; charset=UTF-8\r\n",
      "Content-Transfer-Encoding: base64\r\n\r\n", Base64Lines(body));
}

EmailTransport::EmailTransport(
    SmtpSettings settings,
    std::function<Rendered(const events::v1::Event&)> words)
    : settings_(std::move(settings)), words_(std::move(words)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

absl::Status EmailTransport::Send(const v1::Subscription& subscription,
                                  const std::vector<Outgoing>& deliveries,
                                  absl::Time deadline) {
  if (settings_.url.empty()) {
    return absl::FailedPreconditionError(
        "no e-mail relay is configured (--smtp-url)");
  }
  Upload upload{
      EmailMessage(settings_, subscription, deliveries, words_, absl::Now())};
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return absl::InternalError("curl_easy_init failed");
  std::unique_ptr<curl_slist, ListDeleter> recipients(
      curl_slist_append(nullptr, subscription.email().c_str()));
  const int64_t timeout_ms =
      std::max<int64_t>(1, absl::ToInt64Milliseconds(deadline - absl::Now()));
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, settings_.from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  const long tls = settings_.starttls == "off"   ? CURLUSESSL_NONE
                   : settings_.starttls == "try" ? CURLUSESSL_TRY
                                                 : CURLUSESSL_ALL;
  curl_easy_setopt(c, CURLOPT_USE_SSL, tls);
  if (!settings_.ca_file.empty()) {
    curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
  }
  if (!settings_.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings_.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  const CURLcode code = curl_easy_perform(c);
  if (code != CURLE_OK) {
    return absl::UnavailableError(absl::StrCat("SMTP ", settings_.url, " to ",
                                               subscription.email(), ": ",
                                               curl_easy_strerror(code)));
  }
  return absl::OkStatus();
}

}  // namespace ngoaivu::notifications
