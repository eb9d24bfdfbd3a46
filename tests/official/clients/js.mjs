// Everyday flows of the official JavaScript client (npm `replicate`, pinned by
// tests/official/package-lock.json), run against the emulator. One JSON line per flow, like
// harness.py: {"flow": name, "ok": true} or {"flow": name, "ok": false, "error": "..."}.
// The environment gives REPLICATE_BASE_URL, REPLICATE_API_TOKEN, NODE_EXTRA_CA_CERTS (the
// emulator's CA) and OFFICIAL_FIXTURES (version, deployment, destination).
import http from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Replicate = require("replicate");
const { validateWebhook } = Replicate;

const FIXTURES = JSON.parse(process.env.OFFICIAL_FIXTURES);
const BASE_URL = process.env.REPLICATE_BASE_URL;
const TOKEN = process.env.REPLICATE_API_TOKEN;
const VERSION = FIXTURES.version;
const [OWNER, NAME] = FIXTURES.deployment.split("/");
const replicate = new Replicate({ auth: TOKEN, baseUrl: BASE_URL });

const flows = [];
const flow = (name, fn) => flows.push([name, fn]);
function check(condition, message) {
  if (!condition) throw new Error(message);
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function statusOf(call) {
  try {
    await call();
  } catch (error) {
    return error.response ? error.response.status : `no status: ${error}`;
  }
  return null;
}

flow("run_official_model", async () => {
  const output = await replicate.run("replicate-ext/hello", { input: { name: "js" } });
  check(output === "hello js", `output ${output}`);
});

flow("run_model_version", async () => {
  const output = await replicate.run(`replicate-ext/echo:${VERSION}`, { input: { text: "x" } });
  check(same(output, { text: "x" }), `output ${JSON.stringify(output)}`);
});

flow("run_bare_version_id", async () => {
  const output = await replicate.run(VERSION, { input: { text: "x" } });
  check(same(output, { text: "x" }), `output ${JSON.stringify(output)}`);
});

flow("run_deployment", async () => {
  const created = await replicate.deployments.predictions.create(OWNER, NAME, {
    input: { a: 1 },
  });
  const done = await replicate.wait(created, { interval: 50 });
  check(done.status === "succeeded" && same(done.output, { a: 1 }), done.status);
});

flow("predictions_create_get_wait_list", async () => {
  const created = await replicate.predictions.create({ version: VERSION, input: { n: 1 } });
  check((await replicate.predictions.get(created.id)).id === created.id, "get");
  const done = await replicate.wait(created, { interval: 50 });
  check(done.status === "succeeded" && same(done.output, { n: 1 }), done.status);
  const page = await replicate.predictions.list();
  check(page.results.some((p) => p.id === created.id), "list");
});

flow("predictions_cancel", async () => {
  const created = await replicate.predictions.create({
    model: "replicate-ext/sleep",
    input: { seconds: 30 },
  });
  await replicate.predictions.cancel(created.id);
  const done = await replicate.wait(created, { interval: 50 });
  check(done.status === "canceled", done.status);
});

flow("pagination", async () => {
  for (let i = 0; i < 3; i++) {
    await replicate.predictions.create({ version: VERSION, input: { page: i } });
  }
  const ids = [];
  for await (const page of replicate.paginate(replicate.predictions.list)) {
    ids.push(...page.map((p) => p.id));
  }
  check(ids.length >= 3 && new Set(ids).size === ids.length, `${ids.length} ids`);
});

flow("stream_output", async () => {
  const events = [];
  for await (const event of replicate.stream("replicate-ext/tokens", {
    input: { count: 3, prompt: "ab" },
  })) {
    events.push(event);
  }
  const output = events.filter((e) => e.event === "output").map(String);
  check(output.length === 3, `output events ${JSON.stringify(events)}`);
  check(events.at(-1).event === "done", "no done event");
});

flow("stream_error_event", async () => {
  try {
    for await (const event of replicate.stream("replicate-ext/fail", {
      input: { message: "boom" },
    })) {
      void event;
    }
  } catch (error) {
    check(String(error).includes("boom"), `error ${error}`);
    return;
  }
  throw new Error("no error");
});

flow("file_input_and_output", async () => {
  const output = await replicate.run(`replicate-ext/echo:${VERSION}`, {
    input: { doc: new Blob(["hello file"], { type: "text/plain" }) },
  });
  check(typeof output.doc.blob === "function", `output ${JSON.stringify(output)}`);
  check((await (await output.doc.blob()).text()) === "hello file", "content");
});

flow("file_output", async () => {
  const output = await replicate.run("replicate-ext/image", { input: { width: 2, height: 2 } });
  check(String(output.url()).startsWith("https://"), `url ${output.url()}`);
  const bytes = new Uint8Array(await (await output.blob()).arrayBuffer());
  check(bytes[0] === 0x89 && bytes[1] === 0x50, "not a PNG");
});

flow("files_api", async () => {
  const created = await replicate.files.create(new Blob(["data"]), { run: 7 });
  check(same(created.metadata, { run: 7 }), `metadata ${JSON.stringify(created.metadata)}`);
  check((await replicate.files.get(created.id)).id === created.id, "get");
  check((await replicate.files.list()).results.some((f) => f.id === created.id), "list");
  await replicate.files.delete(created.id);
});

flow("models_versions_collections_search", async () => {
  const model = await replicate.models.get("replicate-ext", "echo");
  check(model.latest_version.id === VERSION, "latest");
  const versions = await replicate.models.versions.list("replicate-ext", "echo");
  check(versions.results.some((v) => v.id === VERSION), "versions");
  check((await replicate.models.list()).results.length > 0, "list");
  const slug = (await replicate.collections.list()).results[0].slug;
  check((await replicate.collections.get(slug)).slug === slug, "collection");
  const found = (await replicate.models.search("streams tokens")).results;
  check(found[0] && found[0].name === "tokens", `search ${found.map((m) => m.name)}`);
});

flow("account_and_hardware", async () => {
  check((await replicate.accounts.current()).username === "emulator", "account");
  check((await replicate.hardware.list()).some((h) => h.sku === "cpu"), "hardware");
});

flow("trainings", async () => {
  const training = await replicate.trainings.create("replicate-ext", "echo", VERSION, {
    destination: FIXTURES.destination,
    input: { steps: 1 },
  });
  // wait() polls GET /v1/predictions/{id}, which answers for a training too.
  const done = await replicate.wait(training, { interval: 50 });
  check(done.status === "succeeded", done.status);
  check((await replicate.trainings.get(training.id)).status === "succeeded", "get");
  check((await replicate.trainings.list()).results.some((t) => t.id === training.id), "list");
  const other = await replicate.trainings.create("replicate-ext", "echo", VERSION, {
    destination: FIXTURES.destination,
    input: { steps: 50 },
  });
  const canceled = await replicate.trainings.cancel(other.id);
  check(["canceled", "canceling"].includes(canceled.status), canceled.status);
});

flow("webhooks", async () => {
  let deliver;
  const delivered = new Promise((resolve) => (deliver = resolve));
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      res.end();
      deliver({ headers: req.headers, body: Buffer.concat(chunks).toString() });
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${server.address().port}/hook`;
    await replicate.predictions.create({
      version: VERSION,
      input: { hook: 1 },
      webhook: url,
      webhook_events_filter: ["completed"],
    });
    const { headers, body } = await delivered;
    const secret = await replicate.webhooks.default.secret.get();
    const valid = await validateWebhook({
      id: headers["webhook-id"],
      timestamp: headers["webhook-timestamp"],
      signature: headers["webhook-signature"],
      body,
      secret: secret.key,
    });
    check(valid === true, "signature not valid");
    check(JSON.parse(body).status === "succeeded", "status");
  } finally {
    server.close();
  }
});

flow("error_401", async () => {
  const wrong = new Replicate({ auth: "r8_wrong", baseUrl: BASE_URL });
  const status = await statusOf(() => wrong.models.get("replicate-ext", "hello"));
  check(status === 401, `status ${status}`);
});

flow("error_404", async () => {
  const status = await statusOf(() => replicate.models.get("nobody", "nothing"));
  check(status === 404, `status ${status}`);
});

flow("error_422", async () => {
  const status = await statusOf(() =>
    replicate.predictions.create({ model: "replicate-ext/hello", input: { name: 3 } })
  );
  check(status === 422, `status ${status}`);
});

flow("model_failure", async () => {
  try {
    await replicate.run("replicate-ext/fail", { input: { message: "boom" } });
  } catch (error) {
    check(String(error).includes("boom"), `error ${error}`);
    return;
  }
  throw new Error("no error");
});

const wanted = new Set(process.argv.slice(2));
for (const [name, fn] of flows) {
  if (wanted.size && !wanted.has(name)) continue;
  let result;
  try {
    await fn();
    result = { flow: name, ok: true };
  } catch (error) {
    result = { flow: name, ok: false, error: String(error).slice(0, 500) };
    console.error(error);
  }
  console.log(JSON.stringify(result));
}
