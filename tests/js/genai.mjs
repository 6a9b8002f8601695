// Drives a Purser gateway with the official @google/genai SDK and prints one JSON object of observations.
// Usage: node genai.mjs <gateway-url> <model>
import { GoogleGenAI } from "@google/genai";

const [url, model] = process.argv.slice(2);
const ai = new GoogleGenAI({ apiKey: "client-key", httpOptions: { baseUrl: url } });
const out = {};

async function record(name, fn) {
  try {
    out[name] = await fn();
  } catch (e) {
    out[name] = { error: true, status: e.status ?? null, message: String(e.message ?? e) };
  }
}

const weather = {
  functionDeclarations: [{
    name: "get_weather",
    description: "Weather now",
    parametersJsonSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  }],
};

await record("generate", async () => {
  const r = await ai.models.generateContent({ model, contents: "hello" });
  return { text: r.text, prompt: r.usageMetadata?.promptTokenCount ?? null, finish: r.candidates?.[0]?.finishReason ?? null };
});

await record("stream", async () => {
  const s = await ai.models.generateContentStream({ model, contents: "hello", config: { systemInstruction: "Be brief.", temperature: 0.5 } });
  let text = "";
  let finish = null;
  let prompt = null;
  for await (const chunk of s) {
    text += chunk.text ?? "";
    finish = chunk.candidates?.[0]?.finishReason ?? finish;
    prompt = chunk.usageMetadata?.promptTokenCount ?? prompt;
  }
  return { text, finish, prompt };
});

await record("tool_round_trip", async () => {
  const first = await ai.models.generateContent({ model, contents: "weather in Rome?", config: { tools: [weather] } });
  const call = first.functionCalls?.[0];
  if (!call) return { call: null };
  const second = await ai.models.generateContent({
    model,
    contents: [
      { role: "user", parts: [{ text: "weather in Rome?" }] },
      first.candidates[0].content,
      { role: "user", parts: [{ functionResponse: { id: call.id, name: call.name, response: { output: "sunny" } } }] },
    ],
    config: { tools: [weather] },
  });
  return { name: call.name, city: call.args?.city ?? null, answer: second.text };
});

await record("stream_tools", async () => {
  const s = await ai.models.generateContentStream({ model, contents: "weather in Rome?", config: { tools: [weather] } });
  let call = null;
  for await (const chunk of s) call = chunk.functionCalls?.[0] ?? call;
  return { name: call?.name ?? null, city: call?.args?.city ?? null };
});

await record("count_tokens", async () => {
  const r = await ai.models.countTokens({ model, contents: "count these tokens please" });
  return { total: r.totalTokens };
});

await record("unknown_model", async () => {
  await ai.models.generateContent({ model: "nobody-serves-this", contents: "x" });
  return { error: false };
});

await record("upstream_503", async () => {
  await ai.models.generateContent({ model, contents: "please-fail-503" });
  return { error: false };
});

process.stdout.write(JSON.stringify(out));
