#!/usr/bin/env node
// A tiny stand-in for a coding agent, run by `purser run` in the tests (Purser.FunctionalTests.Run).
// It finds the gateway the way real agents do — the official SDKs read OPENAI_BASE_URL / OPENAI_API_KEY and
// ANTHROPIC_BASE_URL / ANTHROPIC_API_KEY from the environment — calls it, and prints one JSON line of what it saw.
// Usage: fake-agent.mjs <openai|anthropic> <calls> <model> [--until-refused] [--exit N]
//        fake-agent.mjs env [--exit N]          (the environment and generated configuration files)
//        fake-agent.mjs wait-signal <code>      (prints "ready", exits with <code> on SIGTERM or SIGINT)
import fs from "node:fs";
import path from "node:path";
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";

// Arguments purser run adds before the agent's own (--mcp-config <file>, --yolo flags) come first: the mode follows them.
const all = process.argv.slice(2);
const args = all.slice(Math.max(0, all.findIndex((a) => ["env", "wait-signal", "openai", "anthropic"].includes(a))));
const flag = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? null : args[i + 1] ?? "";
};
const exitCode = Number(flag("--exit") ?? 0);
const names = [
  "OPENAI_BASE_URL", "OPENAI_API_BASE", "OPENAI_API_KEY", "ANTHROPIC_BASE_URL", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN",
  "GOOGLE_GEMINI_BASE_URL", "GEMINI_API_KEY", "GOOGLE_API_KEY", "XAI_API_KEY", "OPENROUTER_API_KEY", "PURSER_MASTER_KEY",
  "PURSER_API_KEY", "PURSER_BASE_URL", "PURSER_SESSION", "CODEX_HOME", "OPENCODE_CONFIG", "Purser__Providers__up__ApiKey",
];

function print(value) {
  process.stdout.write(JSON.stringify(value) + "\n");
}

if (args[0] === "env") {
  const env = Object.fromEntries(names.map((n) => [n, process.env[n] ?? null]));
  const files = {};
  if (process.env.CODEX_HOME) {
    const file = path.join(process.env.CODEX_HOME, "config.toml");
    files.codex = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
    files.codex_mode = fs.existsSync(file) ? (fs.statSync(file).mode & 0o777).toString(8) : null;
  }
  if (process.env.OPENCODE_CONFIG) {
    files.opencode = fs.existsSync(process.env.OPENCODE_CONFIG) ? fs.readFileSync(process.env.OPENCODE_CONFIG, "utf8") : null;
  }
  const mcp = all.indexOf("--mcp-config");
  if (mcp >= 0) {
    files.mcp = fs.readFileSync(all[mcp + 1], "utf8");
  }
  print({ env, files, argv: all });
  process.exit(exitCode);
}

if (args[0] === "wait-signal") {
  const code = Number(args[1] ?? 0);
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
    process.on(signal, () => {
      print({ signal });
      process.exit(code);
    });
  }
  print({ ready: true, pid: process.pid });
  setInterval(() => {}, 1 << 30);
} else {
  const [protocol, count, model] = args;
  const untilRefused = args.includes("--until-refused");
  const calls = [];
  const openai = new OpenAI({ maxRetries: 0 });
  const anthropic = new Anthropic({ maxRetries: 0 });
  for (let i = 0; i < Number(count); i++) {
    try {
      if (protocol === "openai") {
        const { data, response } = await openai.chat.completions
          .create({ model, max_tokens: 50, messages: [{ role: "user", content: `call ${i}` }] })
          .withResponse();
        calls.push({ ok: true, text: data.choices[0].message.content, prompt: data.usage.prompt_tokens, completion: data.usage.completion_tokens,
          route: response.headers.get("x-purser-route"), cost: response.headers.get("x-purser-cost-usd") });
      } else {
        const { data, response } = await anthropic.messages
          .create({ model, max_tokens: 50, messages: [{ role: "user", content: `call ${i}` }] })
          .withResponse();
        calls.push({ ok: true, text: data.content.map((b) => b.text ?? "").join(""), prompt: data.usage.input_tokens, completion: data.usage.output_tokens,
          route: response.headers.get("x-purser-route"), cost: response.headers.get("x-purser-cost-usd") });
      }
    } catch (e) {
      calls.push({ ok: false, status: e.status ?? null, type: e.error?.type ?? e.error?.error?.type ?? null, body: e.error ?? null, message: String(e.message ?? e) });
      if (untilRefused) break;
    }
  }
  print({ calls });
  process.exit(exitCode);
}
