// Drives a Purser gateway with the official npm clients and prints one JSON object of observations.
// Usage: node clients.mjs <gateway-url> <model> [name-prefix]   (with a prefix, only the checks whose name starts with it)
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";

const [url, model, only] = process.argv.slice(2);
const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: "client-key", maxRetries: 0 });
const anthropic = new Anthropic({ baseURL: url, apiKey: "client-key", maxRetries: 0 });
const out = {};

async function record(name, fn) {
  if (only && !name.startsWith(only)) return;
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

const pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

await record("openai_stream_plain", async () => {
  const s = await openai.chat.completions.create({ model, stream: true, messages: [{ role: "user", content: "hello" }] });
  let text = "";
  let usageChunks = 0;
  for await (const chunk of s) {
    text += chunk.choices?.[0]?.delta?.content ?? "";
    if (chunk.usage) usageChunks++;
  }
  return { text, usageChunks };
});

await record("openai_stream_tools", async () => {
  const s = await openai.chat.completions.create({
    model, stream: true, messages: [{ role: "user", content: "weather?" }],
    tools: [{ type: "function", function: { name: "get_weather", parameters: weather } }],
  });
  let name = null, args = "", finish = null;
  for await (const chunk of s) {
    const d = chunk.choices?.[0];
    for (const t of d?.delta?.tool_calls ?? []) { name = t.function?.name ?? name; args += t.function?.arguments ?? ""; }
    finish = d?.finish_reason ?? finish;
  }
  return { name, args: args ? JSON.parse(args) : null, finish };
});

await record("openai_image", async () => {
  const r = await openai.chat.completions.create({ model, messages: [{ role: "user", content: [{ type: "text", text: "what is this?" }, { type: "image_url", image_url: { url: `data:image/png;base64,${pixel}` } }] }] });
  return { text: r.choices[0].message.content };
});

await record("openai_unknown_model", async () => {
  await openai.chat.completions.create({ model: "nobody-serves-this", messages: [{ role: "user", content: "x" }] });
  return { error: false };
});

await record("openai_upstream_503", async () => {
  await openai.chat.completions.create({ model, messages: [{ role: "user", content: "please-fail-503" }] });
  return { error: false };
});

await record("openai_stream_cut", async () => {
  const s = await openai.chat.completions.create({ model, stream: true, messages: [{ role: "user", content: "please-cut" }] });
  let text = "";
  for await (const chunk of s) text += chunk.choices?.[0]?.delta?.content ?? "";
  return { error: false, text };
});

await record("anthropic_stream_tools", async () => {
  const stream = anthropic.messages.stream({
    model, max_tokens: 100, messages: [{ role: "user", content: "weather?" }],
    tools: [{ name: "get_weather", input_schema: weather }],
  });
  const final = await stream.finalMessage();
  const use = final.content.find(b => b.type === "tool_use");
  return { stop: final.stop_reason, name: use?.name ?? null, input: use?.input ?? null };
});

await record("anthropic_image", async () => {
  const r = await anthropic.messages.create({ model, max_tokens: 100, messages: [{ role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: pixel } }, { type: "text", text: "what is this?" }] }] });
  return { text: r.content.filter(b => b.type === "text").map(b => b.text).join("") };
});

await record("anthropic_unknown_model", async () => {
  await anthropic.messages.create({ model: "nobody-serves-this", max_tokens: 10, messages: [{ role: "user", content: "x" }] });
  return { error: false };
});

await record("anthropic_upstream_503", async () => {
  await anthropic.messages.create({ model, max_tokens: 10, messages: [{ role: "user", content: "please-fail-503" }] });
  return { error: false };
});

await record("anthropic_stream_cut", async () => {
  const stream = anthropic.messages.stream({ model, max_tokens: 100, messages: [{ role: "user", content: "please-cut" }] });
  await stream.finalMessage();
  return { error: false };
});

// The Responses API: create, stream (its events numbered from 0, accumulated by the SDK), tools, stored follow-ups.
await record("responses_create", async () => {
  const r = await openai.responses.create({ model, instructions: "Be brief.", input: "hello" });
  return { text: r.output_text, status: r.status, input: r.usage.input_tokens, cached: r.usage.input_tokens_details.cached_tokens, output: r.usage.output_tokens, id: r.id };
});

await record("responses_stream", async () => {
  const stream = openai.responses.stream({ model, input: "hello" });
  let text = "", last = -1, ordered = true;
  const types = [];
  for await (const e of stream) {
    if (e.sequence_number !== last + 1) ordered = false;
    last = e.sequence_number;
    types.push(e.type);
    if (e.type === "response.output_text.delta") text += e.delta;
  }
  const final = await stream.finalResponse();
  return { text, ordered, first: types[0], last: types[types.length - 1], final: final.output_text, status: final.status, output: final.usage.output_tokens };
});

await record("responses_tools", async () => {
  const tools = [{ type: "function", name: "get_weather", parameters: weather, strict: false }];
  const r = await openai.responses.create({ model, input: "weather?", tools });
  const call = r.output.find(i => i.type === "function_call");
  const next = await openai.responses.create({
    model, previous_response_id: r.id, tools,
    input: [{ type: "function_call_output", call_id: call.call_id, output: "sunny" }],
  });
  return { name: call.name, args: JSON.parse(call.arguments), callId: call.call_id, followUp: next.output_text };
});

await record("responses_stream_tools", async () => {
  const stream = openai.responses.stream({ model, input: "weather?", tools: [{ type: "function", name: "get_weather", parameters: weather, strict: false }] });
  let args = "";
  stream.on("response.function_call_arguments.delta", e => { args += e.delta; });
  const final = await stream.finalResponse();
  const call = final.output.find(i => i.type === "function_call");
  return { name: call?.name ?? null, args: args ? JSON.parse(args) : null, final: call ? JSON.parse(call.arguments) : null };
});

await record("responses_followup", async () => {
  const first = await openai.responses.create({ model, input: "My name is Ada." });
  const second = await openai.responses.create({ model, input: "What is my name?", previous_response_id: first.id });
  const got = await openai.responses.retrieve(first.id);
  await openai.responses.delete(first.id);
  let gone = null;
  try { await openai.responses.retrieve(first.id); } catch (e) { gone = e.status; }
  return { text: second.output_text, retrieved: got.output_text, gone };
});

await record("responses_unknown_previous", async () => {
  await openai.responses.create({ model, input: "x", previous_response_id: "resp_nobody" });
  return { error: false };
});

await record("responses_stream_cut", async () => {
  const stream = openai.responses.stream({ model, input: "please-cut" });
  await stream.finalResponse();
  return { error: false };
});

await record("embeddings_default", async () => {
  // No encoding_format: the SDK asks for base64 itself and decodes it.
  const r = await openai.embeddings.create({ model, input: "npm default" });
  return { first: Array.from(r.data[0].embedding), prompt: r.usage.prompt_tokens };
});

await record("embeddings_float", async () => {
  const r = await openai.embeddings.create({ model, input: "npm float", encoding_format: "float" });
  return { first: Array.from(r.data[0].embedding) };
});

await record("embeddings_batch", async () => {
  const r = await openai.embeddings.create({ model, input: ["one", "two", "three"], dimensions: 8 });
  return { indices: r.data.map(d => d.index), lengths: r.data.map(d => d.embedding.length) };
});

process.stdout.write(JSON.stringify(out));
