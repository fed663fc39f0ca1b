// What a system integrating through the gateway does with its OpenAPI
// document: validates it (swagger-parser, OpenAPI 3), then calls a sample
// of every service's operations exactly as the document describes them
// (path and query parameters filled in from it) and checks each answer
// against the document's schema of it (ajv).
//   node check-openapi.mjs GATEWAY_URL TOKEN
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv from "ajv";

const [gateway, token] = process.argv.slice(2);
const fail = (message) => {
  console.error(`FAIL: ${message}`);
  process.exit(1);
};

const document = await (await fetch(`${gateway}/openapi.json`)).json();
try {
  await SwaggerParser.validate(structuredClone(document));
} catch (error) {
  fail(`the document is not valid OpenAPI: ${error.message}`);
}

const operations = new Map();
for (const [path, methods] of Object.entries(document.paths)) {
  for (const [method, operation] of Object.entries(methods)) {
    operations.set(operation.operationId, { path, method, operation });
  }
}

// Each service's reads, with the values a reader of the document would
// choose for their parameters.
const samples = [
  ["RegistryService_ListAgencies", { page_size: "5" }],
  ["RegistryService_GetAgency", { agency: "SCT" }],
  ["RegistryService_ListOfficials", { agency: "UBND" }],
  ["RegistryService_ListAgencyGroups", {}],
  ["TasksService_ListProgrammes", {}],
  ["TasksService_GetProgramme", { programme: "2488-qd-ubnd-2011" }],
  ["TasksService_ListDuties", { programme: "2488-qd-ubnd-2011" }],
  ["TasksService_ListObligations", { agency: "agencies/SCT", state: "OPEN" }],
  ["TasksService_GetProgrammeReport", { programme: "2488-qd-ubnd-2011" }],
  ["DelegationsService_ListDelegations", { page_size: "3" }],
  ["DelegationsService_GetDelegationStatistics",
   { "from.year": "2006", "to.year": "2010", group_by: "COUNTRY" }],
  ["DelegationsService_ListAgreements", {}],
  ["NotificationsService_ListNotifications", { agency: "SNGV", page_size: "3" }],
  ["NotificationsService_GetUnreadCount", { agency: "SNGV" }],
  ["NotificationsService_ListSubscriptions", {}],
];

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema({ $id: "openapi", components: document.components });
// The schemas are checked for real: a wrong answer does not pass.
const agencies = ajv.compile({
  $ref: "openapi#/components/schemas/ngoaivu.registry.v1.ListAgenciesResponse",
});
if (agencies({ agencies: "not a list" })) fail("a wrong answer matched its schema");
for (const [operationId, values] of samples) {
  const found = operations.get(operationId);
  if (!found) fail(`${operationId} is not in the document`);
  const { path, method, operation } = found;
  let url = path;
  const query = new URLSearchParams();
  for (const parameter of operation.parameters ?? []) {
    const value = values[parameter.name];
    if (parameter.in === "path") {
      if (value === undefined) fail(`${operationId}: no value for ${parameter.name}`);
      url = url.replace(`{${parameter.name}}`, encodeURIComponent(value));
    } else if (value !== undefined) {
      query.append(parameter.name, value);
    }
  }
  for (const name of Object.keys(values)) {
    if (!(operation.parameters ?? []).some((p) => p.name === name)) {
      fail(`${operationId}: the document has no parameter ${name}`);
    }
  }
  const response = await fetch(`${gateway}${url}${query.size ? "?" + query : ""}`, {
    method: method.toUpperCase(),
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = await response.json();
  if (response.status !== 200) {
    fail(`${operationId} ${url}: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  const schema = operation.responses["200"].content["application/json"].schema;
  const validate = ajv.compile({ $ref: `openapi${schema.$ref}` });
  if (!validate(body)) {
    fail(`${operationId}: the answer does not match its schema: ` +
         JSON.stringify(validate.errors.slice(0, 3)));
  }
  console.log(`ok ${method.toUpperCase()} ${url} (${operationId})`);
}
console.log(`PASS: the document is valid OpenAPI with ${operations.size} operations; ${samples.length} calls matched their schemas`);
