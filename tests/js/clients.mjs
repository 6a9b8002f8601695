// Drives a Purser gateway with the official npm clients and prints one JSON object of observations.
// Usage: node clients.mjs <gateway-url> <model>
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";

const [url, model] = process.argv.slice(2);
const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: "client-key", maxRetries: 0 });
const anthropic = new Anthropic({ baseURL: url, apiKey: "client-key", maxRetries: 0 });
const out = {};

async function record(name, fn) {
  try {
    out[name] = await fn();
  } catch (e) {
    out[name] = { error: true, status: e.status ?? null, message: String(e.message ?? e) };
  }
}

const weather = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

await record("openai_chat", async () => {
  const r = await openai.chat.completions.create({ model, messages: [{ role: "user", content: "hello" }] });
  return { text: r.choices[0].message.content, prompt: r.usage.prompt_tokens, completion: r.usage.completion_tokens };
});

await record("openai_stream", async () => {
  const s = await openai.chat.completions.create({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "hello" }] });
  let text = "";
  let usage = null;
  for await (const chunk of s) {
    text += chunk.choices?.[0]?.delta?.content ?? "";
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, prompt: usage?.prompt_tokens ?? null };
});

await record("openai_tools", async () => {
  const r = await openai.chat.completions.create({
    model,
    messages: [{ role: "user", content: "weather?" }],
    tools: [{ type: "function", function: { name: "get_weather", parameters: weather } }],
  });
  const call = r.choices[0].message.tool_calls?.[0];
  return { finish: r.choices[0].finish_reason, name: call?.function?.name ?? null, args: call ? JSON.parse(call.function.arguments) : null };
});

await record("openai_bad_request", async () => {
  await openai.chat.completions.create({ model, messages: [{ role: "wizard", content: "x" }] });
  return { error: false };
});

await record("anthropic_message", async () => {
  const r = await anthropic.messages.create({ model, max_tokens: 100, messages: [{ role: "user", content: "hello" }] });
  return { text: r.content.filter(b => b.type === "text").map(b => b.text).join(""), input: r.usage.input_tokens, output: r.usage.output_tokens, stop: r.stop_reason };
});

await record("anthropic_stream", async () => {
  const stream = anthropic.messages.stream({ model, max_tokens: 100, messages: [{ role: "user", content: "hello" }] });
  let text = "";
  stream.on("text", t => { text += t; });
  const final = await stream.finalMessage();
  return { text, output: final.usage.output_tokens, stop: final.stop_reason };
});

await record("anthropic_tools", async () => {
  const r = await anthropic.messages.create({
    model, max_tokens: 100, messages: [{ role: "user", content: "weather?" }],
    tools: [{ name: "get_weather", input_schema: weather }],
  });
  const use = r.content.find(b => b.type === "tool_use");
  return { stop: r.stop_reason, name: use?.name ?? null, input: use?.input ?? null };
});

await record("anthropic_bad_request", async () => {
  await anthropic.messages.create({ model, messages: [{ role: "user", content: "no max_tokens" }] });
  return { error: false };
});

await record("anthropic_count_tokens", async () => {
  const r = await anthropic.messages.countTokens({ model, messages: [{ role: "user", content: "count these tokens please" }] });
  return { input: r.input_tokens };
});

process.stdout.write(JSON.stringify(out));
