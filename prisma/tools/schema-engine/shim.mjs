#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, which the CLI tries to download from a host
// these machines cannot reach. It speaks the same line-delimited JSON-RPC over stdio but runs
// Prisma's WebAssembly schema engine through a JS driver adapter: `pg` for postgres:// URLs,
// PGlite for `pglite:<dir>` and `pglite:memory`. Leans on Prisma internals: keep every version
// pinned exactly (see prisma/package.json) and keep the drift test in packages/db passing.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import readline from "node:readline";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const datamodels = []; let datasource = null; let cliCmd = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--datamodels") { const p = args[++i]; datamodels.push([p, readFileSync(p, "utf8")]); }
  else if (a === "--datasource") datasource = JSON.parse(args[++i]);
  else if (a === "--enabled-preview-features" || a === "--extension-types") i++;
  else if (a === "cli") cliCmd = args[++i];
  else if (a === "--version" || a === "-V") { console.log("schema-engine-shim (wasm) 0.1.0"); process.exit(0); }
}
const url = process.env.SHIM_DATABASE_URL ?? datasource?.url ?? process.env.DATABASE_URL ?? "pglite:memory";
// the published wasm engine predates Prisma 7 and still requires `url` in the datasource block,
// which Prisma 7 schemas no longer have: inject it into every schema file we pass along.
const patchSchema = (c) => /datasource\s+\w+\s*\{[^}]*\burl\s*=/.test(c) ? c : c.replace(/(datasource\s+\w+\s*\{)/, `$1\n  url = ${JSON.stringify(url)}`);
function patchParams(v) {
  if (Array.isArray(v)) return v.map(patchParams);
  if (v && typeof v === "object") {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = (k === "content" && typeof x === "string" && /datasource\s+\w+\s*\{/.test(x)) ? patchSchema(x) : patchParams(x);
    return o;
  }
  return v;
}
const log = (m) => process.stderr.write(String(m).trimEnd() + "\n");

async function pgAdmin(sql) {
  const pg = (await import("pg")).default; const u = new URL(url); u.pathname = "/postgres";
  const c = new pg.Client({ connectionString: u.toString() }); await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

// PGlite's extended protocol takes one statement, yet the engine sends whole migration scripts
// through executeRaw: route those to exec. The adapter's own executeScript does not await exec,
// which would lose errors, so replace it too.
function fixPglite(adapter, client) {
  const raw = adapter.executeRaw.bind(adapter);
  adapter.executeScript = async (script) => { try { await client.exec(script); } catch (e) { adapter.onError(e); } };
  adapter.executeRaw = async (q) => {
    if ((!q.args || q.args.length === 0) && /;\s*\S/.test(q.sql.replace(/--[^\n]*/g, "").trim().replace(/;\s*$/, ""))) { await adapter.executeScript(q.sql); return 0; }
    return raw(q);
  };
  return adapter;
}
async function pgliteFactory() {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const dir = url.slice("pglite:".length).replace(/^\/\//, "");
  const client = new PGlite(dir === "memory" ? undefined : dir);
  const f = new PrismaPGlite(client);
  return {
    provider: f.provider, adapterName: f.adapterName,
    connect: async () => fixPglite(await f.connect(), client),
    async connectToShadowDb() {
      const shadow = new PGlite();
      return fixPglite(await new PrismaPGlite(shadow).connect(), shadow);
    },
  };
}
async function pgFactory() {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  // adapter-pg rejects some catalog column types the engine's introspection queries return
  // ("char" = OID 18, ...): report them as TEXT, which is what their values already are.
  const CATALOG_AS_TEXT = new Set([18, 22, 24, 28, 30, 194, 2205, 2206]);
  const fixPg = (adapter) => {
    const io = adapter.performIO.bind(adapter);
    adapter.performIO = async (q) => {
      const r = await io(q);
      for (const f of r.fields ?? []) if (CATALOG_AS_TEXT.has(f.dataTypeID)) f.dataTypeID = 25;
      return r;
    };
    return adapter;
  };
  const base = new PrismaPg({ connectionString: url });
  return {
    provider: base.provider, adapterName: base.adapterName,
    connect: async () => fixPg(await base.connect()),
    // own shadow-db handling: create a temp database, drop it after its pool is closed
    async connectToShadowDb() {
      const name = `prisma_shadow_${Date.now()}_${process.pid}`;
      await pgAdmin(`CREATE DATABASE "${name}"`);
      const u = new URL(url); u.pathname = `/${name}`;
      const adapter = fixPg(await new PrismaPg({ connectionString: u.toString() }).connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => { await dispose(); await pgAdmin(`DROP DATABASE IF EXISTS "${name}"`); };
      return adapter;
    },
  };
}
const makeFactory = () => (url.startsWith("pglite:") ? pgliteFactory() : pgFactory());

async function loadEngine() {
  const glue = await import(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
  const inst = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(inst.exports); inst.exports.__wbindgen_start();
  return glue.SchemaEngine;
}

if (cliCmd) {
  // one-shot commands used by the CLI: can-connect-to-database, create-database
  try {
    if (cliCmd === "create-database" && /^postgres/.test(url)) {
      await pgAdmin(`CREATE DATABASE "${new URL(url).pathname.slice(1)}"`);
    } else {
      const a = await (await makeFactory()).connect();
      await a.queryRaw({ sql: "SELECT 1", args: [], argTypes: [] }); await a.dispose();
    }
    process.exit(0);
  } catch (e) {
    log(JSON.stringify({ level: "ERROR", target: "schema_engine::logger", fields: { message: String(e?.message ?? e), error_code: "P1001" } }));
    process.exit(1);
  }
}

const SchemaEngine = await loadEngine();
const bound = bindMigrationAwareSqlAdapterFactory(await makeFactory());
const engine = await SchemaEngine.new({ datamodels: datamodels.length ? datamodels.map(([p, c]) => [p, patchSchema(c)]) : undefined }, log, bound);
const send = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
let queue = Promise.resolve();
rl.on("line", (line) => {
  if (!line.trim()) return;
  const req = JSON.parse(line);
  if (!req.method) return; // reply to our own "print" notification
  queue = queue.then(async () => {
    try {
      if (typeof engine[req.method] !== "function") throw Object.assign(new Error(`shim: method ${req.method} not supported`), { code: "SHIM" });
      let result = await engine[req.method](patchParams(req.params ?? {}));
      // the native engine prints `migrate diff` output through a "print" request; wasm returns it
      if (req.method === "diff" && result?.stdout != null) { send({ jsonrpc: "2.0", id: 900000 + req.id, method: "print", params: { content: result.stdout.replace(/\n$/, "") } }); result = { exitCode: result.exitCode }; }
      send({ jsonrpc: "2.0", id: req.id, result: result ?? null });
    } catch (e) {
      let message = String(e?.message ?? e);
      // resolve "External error id#N" into the driver error text
      message = message.replace(/External error id#(\d+)/g, (m, id) => { const r = bound.errorRegistry?.consumeError?.(Number(id)); return r ? `${m}: ${JSON.stringify(r.error)}` : m; });
      const isPanic = e instanceof WebAssembly.RuntimeError || /unreachable|panicked/i.test(message);
      send({ jsonrpc: "2.0", id: req.id, error: { code: 4466, message: "An error happened. Check the data field for details.", data: { is_panic: isPanic, message, error_code: e?.code && /^P\d{4}$/.test(e.code) ? e.code : undefined, meta: e?.meta } } });
    }
  });
});
rl.on("close", () => queue.then(() => process.exit(0)));
