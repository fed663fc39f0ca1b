// Validates Kubernetes objects (multi-document YAML on stdin) against the
// API schemas of the npm package kubernetes-models: every field known,
// every type right, every required field present. Prints each problem and
// exits 1 if there is any.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const docs = yaml.loadAll(readFileSync(0, "utf8")).filter(Boolean);
let problems = 0;
for (const doc of docs) {
  const [group, version] = doc.apiVersion.includes("/")
    ? doc.apiVersion.split("/")
    : ["", doc.apiVersion];
  const module = `kubernetes-models/${group ? group + "/" : ""}${version}/${doc.kind}`;
  const name = `${doc.kind}/${doc.metadata?.name}`;
  let Model;
  try {
    Model = (await import(module))[doc.kind];
  } catch {
    console.error(`${name}: no schema for ${doc.apiVersion} ${doc.kind}`);
    problems++;
    continue;
  }
  try {
    new Model(doc).validate();
  } catch (error) {
    console.error(`${name}: ${error.message}`);
    problems++;
  }
}
console.log(`${docs.length} objects, ${problems} problems`);
process.exit(problems === 0 && docs.length > 0 ? 0 : 1);
