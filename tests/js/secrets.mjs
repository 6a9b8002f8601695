// Plants secrets in every place a prompt can carry text, through the official npm clients, and prints one JSON
// object of observations (status and error message per scenario). The secrets come from a JSON file written by
// the test (Purser.FunctionalTests.Guards.SecretGuardNpmClientTests), so none is stored in the repository.
// Usage: node secrets.mjs <gateway-url> <model> <secrets.json>
//   secrets.json: { "samples": [ { "kind": "github_token", "line": "GITHUB_TOKEN=...", "value": "..." }, ... ] }
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { readFileSync } from "node:fs";

const [url, model, file] = process.argv.slice(2);
const { samples } = JSON.parse(readFileSync(file, "utf8"));
const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: "client-key", maxRetries: 0 });
const anthropic = new Anthropic({ baseURL: url, apiKey: "client-key", maxRetries: 0 });
const all = "Please help with this config:\n" + samples.map(s => s.line).join("\n") + "\nThanks.";
const out = {};

async function record(name, fn) {
  try {
    await fn();
    out[name] = { status: 200 };
  } catch (e) {
    out[name] = { status: e.status ?? null, message: String(e.message ?? e) };
  }
}

const tool = { type: "function", function: { name: "read_config", parameters: { type: "object", properties: { path: { type: "string" } } } } };
const anthropicTool = { name: "read_config", input_schema: { type: "object", properties: { path: { type: "string" } } } };

async function openaiStream(messages) {
  const s = await openai.chat.completions.create({ model, stream: true, messages });
  for await (const _ of s) { /* drain */ }
}

async function anthropicStream(body) {
  const stream = anthropic.messages.stream({ model, max_tokens: 50, ...body });
  await stream.finalMessage();
}

// Every place, all kinds at once.
const places = {
  openai_system: () => openai.chat.completions.create({ model, messages: [{ role: "system", content: all }, { role: "user", content: "hi" }] }),
  openai_developer: () => openai.chat.completions.create({ model, messages: [{ role: "developer", content: all }, { role: "user", content: "hi" }] }),
  openai_user_parts: () => openai.chat.completions.create({ model, messages: [{ role: "user", content: [{ type: "text", text: "look" }, { type: "text", text: all }] }] }),
  openai_tool_result: () => openai.chat.completions.create({
    model, tools: [tool], messages: [
      { role: "user", content: "read my config" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "read_config", arguments: JSON.stringify({ path: ".env" }) } }] },
      { role: "tool", tool_call_id: "call_1", content: all },
    ],
  }),
  openai_tool_call_arguments: () => openai.chat.completions.create({
    model, tools: [tool], messages: [
      { role: "user", content: "read my config" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "read_config", arguments: JSON.stringify({ path: all }) } }] },
      { role: "tool", tool_call_id: "call_1", content: "done" },
    ],
  }),
  openai_stream: () => openaiStream([{ role: "system", content: all }, { role: "user", content: all }]),
  anthropic_system_string: () => anthropic.messages.create({ model, max_tokens: 50, system: all, messages: [{ role: "user", content: "hi" }] }),
  anthropic_system_blocks: () => anthropic.messages.create({ model, max_tokens: 50, system: [{ type: "text", text: "You help." }, { type: "text", text: all }], messages: [{ role: "user", content: "hi" }] }),
  anthropic_user_blocks: () => anthropic.messages.create({ model, max_tokens: 50, messages: [{ role: "user", content: [{ type: "text", text: "look" }, { type: "text", text: all }] }] }),
  anthropic_tool_result_string: () => anthropic.messages.create({
    model, max_tokens: 50, tools: [anthropicTool], messages: [
      { role: "user", content: "read my config" },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "read_config", input: { path: ".env" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: all }] },
    ],
  }),
  anthropic_tool_result_blocks: () => anthropic.messages.create({
    model, max_tokens: 50, tools: [anthropicTool], messages: [
      { role: "user", content: "read my config" },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "read_config", input: { path: ".env" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "text", text: all }] }] },
    ],
  }),
  anthropic_tool_use_input: () => anthropic.messages.create({
    model, max_tokens: 50, tools: [anthropicTool], messages: [
      { role: "user", content: "read my config" },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "read_config", input: { path: all } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "done" }] },
    ],
  }),
  anthropic_stream: () => anthropicStream({ system: [{ type: "text", text: all }], messages: [{ role: "user", content: [{ type: "text", text: all }] }] }),
};

for (const [name, fn] of Object.entries(places)) {
  await record(name, fn);
}

// Every kind on its own, streamed and not, through each client.
for (const s of samples) {
  await record(`kind_openai_${s.kind}`, () => openai.chat.completions.create({ model, messages: [{ role: "user", content: `My settings:\n${s.line}\nWhat is wrong?` }] }));
  await record(`kind_anthropic_stream_${s.kind}`, () => anthropicStream({ messages: [{ role: "user", content: `My settings:\n${s.line}\nWhat is wrong?` }] }));
}

process.stdout.write(JSON.stringify(out));
