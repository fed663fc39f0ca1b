// Verifies webhook requests as their receivers would, with the peers' own
// libraries: the Standard Webhooks signature (npm standardwebhooks) and the
// CloudEvents 1.0 event (npm cloudevents: HTTP.toEvent, then validate()).
//   node verify-webhook.mjs REQUESTS.json
// REQUESTS.json: [{"secret": "whsec_...", "headers": {...}, "body": "..."}]
// Prints one line per request; exits 1 if any fails.
import { readFileSync } from "node:fs";
import { HTTP } from "cloudevents";
import { Webhook } from "standardwebhooks";

const requests = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failed = 0;
for (const r of requests) {
  try {
    new Webhook(r.secret).verify(r.body, r.headers);
    const event = HTTP.toEvent({ headers: r.headers, body: r.body });
    event.validate();
    console.log(`ok ${event.type} ${event.subject}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${e.message ?? e} ${JSON.stringify(e.errors ?? "")}`);
  }
}
process.exit(failed ? 1 : 0);
