// Writes tests/Purser.Core.Tests/Tokens/Data/bpe-vectors.json: texts encoded by the reference
// tokenizer (the `tiktoken` npm package, WASM build of OpenAI's tiktoken) for cl100k_base and o200k_base.
// Ordinary vectors use encode_ordinary (special tokens are plain text); allowSpecial ones use encode(text, "all").
// Run: npm ci && node make-vectors.mjs
import { get_encoding } from "tiktoken";
import { writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, "../../tests/Purser.Core.Tests/Tokens/Data");
mkdirSync(outDir, { recursive: true });

// Deterministic pseudo-random generator (mulberry32) so the file is reproducible.
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, arr) => arr[Math.floor(r() * arr.length)];

const prose = `It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, it was the season of Darkness, it was the spring of hope, it was the winter of despair, we had everything before us, we had nothing before us.`;

const csharp = `using System.Text;

namespace Demo;

public sealed class Greeter(string name)
{
    private readonly StringBuilder _sb = new();

    public string Greet(int times)
    {
        for (int i = 0; i < times; i++)
        {
            _sb.Append($"Hello, {name}! #{i}\\n");
        }
        return _sb.ToString(); // done
    }
}
`;

const python = `import os
from dataclasses import dataclass


@dataclass
class Point:
    x: float = 0.0
    y: float = 0.0

    def norm(self) -> float:
        return (self.x ** 2 + self.y ** 2) ** 0.5


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: prog FILE", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            print(f"{lineno:>4}: {line.rstrip()}")
    return 0
`;

const javascript = `const fetchJson = async (url, { retries = 3 } = {}) => {
  for (let attempt = 0; attempt <= retries; attempt++) {
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(\`HTTP \${res.status}\`);
      return await res.json();
    } catch (err) {
      if (attempt === retries) throw err;
      await new Promise(r => setTimeout(r, 2 ** attempt * 100));
    }
  }
};
export default fetchJson;`;

const rust = `fn byte_pair_merge(piece: &[u8], ranks: &HashMap<Vec<u8>, u32>) -> Vec<(usize, u32)> {
    let mut parts: Vec<(usize, u32)> = (0..piece.len() + 1).map(|i| (i, u32::MAX)).collect();
    while parts.len() > 1 {
        let (idx, &(_, rank)) = parts.iter().enumerate().min_by_key(|(_, &(_, r))| r).unwrap();
        if rank == u32::MAX { break; }
        parts.remove(idx + 1);
    }
    parts
}`;

const go = `package main

import (
\t"fmt"
\t"strings"
)

func main() {
\twords := strings.Fields("  the quick  brown fox ")
\tfor i, w := range words {
\t\tfmt.Printf("%d\\t%q\\n", i, w)
\t}
}
`;

const sql = `SELECT u.id, u.email, COUNT(o.id) AS orders, SUM(o.total_cents) / 100.0 AS revenue
FROM users AS u
LEFT JOIN orders o ON o.user_id = u.id AND o.created_at >= '2024-01-01'
WHERE u.deleted_at IS NULL
GROUP BY u.id, u.email
HAVING COUNT(o.id) > 3
ORDER BY revenue DESC
LIMIT 50;`;

const json = `{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Résumé of \\u00e9t\\u00e9? 😀"}],"temperature":0.2,"max_tokens":256,"stream":true,"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}`;

const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Purser &mdash; dashboard</title></head>
<body>
  <div class="card" data-id="42">
    <p>Spent <strong>$12.34</strong> of $50.00 this month.</p>
  </div>
  <script>document.querySelector('.card').addEventListener('click', () => alert("hi"));</script>
</body>
</html>`;

const bash = `#!/usr/bin/env bash
set -euo pipefail
for f in "$@"; do
  if [[ -f "$f" ]]; then
    wc -l -- "$f" | awk '{print $1}'
  fi
done 2>/dev/null || echo "failed: $?" >&2`;

const markdown = `# Purser

A **cost-aware** gateway.

| Model | Input $/M | Output $/M |
|-------|----------:|-----------:|
| gpt-4o | 2.50 | 10.00 |

- [x] budgets
- [ ] caching

\`\`\`json
{"ok": true}
\`\`\`
> Quote — with an em dash…
`;

const log = `2025-03-14T09:26:53.589Z INFO  [gateway] request_id=7f3a2c model=gpt-4o tokens_in=1234 tokens_out=56 cost_usd=0.003645 latency_ms=812
2025-03-14T09:26:54.001Z WARN  [budget] project=acme remaining=$0.42 (84%) threshold=80%
2025-03-14T09:26:54.117Z ERROR [upstream] 429 Too Many Requests; retry-after=2s`;

const texts = [
  ["empty", ""],
  ["single letter", "a"],
  ["single space", " "],
  ["hello world", "Hello, world!"],
  ["pangram", "The quick brown fox jumps over the lazy dog."],
  ["prose paragraph", prose],
  ["contractions", "I'm sure you've heard they'll say it's what we'd do. YOU'RE WE'VE I'M THEY'LL HE'D IT'S Don'T"],
  ["contractions at start", "'s 't 're 've 'm 'll 'd 'S 'T 'RE 'Ve 'M 'LL 'D"],
  ["contraction edge cases", "don'tcha 'sup rock'n'roll o'clock ''s '''ll y'all 's's"],
  ["long s contraction", "it'ſ wyrd, 'ſ and Kelvin 'K; I'ſ I'S I's"],
  ["curly apostrophes", "It’s they’re ‘quoted’ “double”"],
  ["numbers", "1 12 123 1234 12345 123456 1234567 3.14159 -42 +7 1,000,000 2024-06-01 0x1F 1e10 $19.99 50%"],
  ["unicode numbers", "½ ² ³ Ⅻ ٣٤٥ १२३ ①②③ ௰ 𝟏𝟐𝟑𝟒𝟓"],
  ["long digits", "1234567890".repeat(40)],
  ["csharp", csharp],
  ["python", python],
  ["javascript", javascript],
  ["rust", rust],
  ["go with tabs", go],
  ["sql", sql],
  ["json", json],
  ["html", html],
  ["bash", bash],
  ["markdown", markdown],
  ["log lines", log],
  ["camel and caps", "HelloWorld camelCase XMLHttpRequest getHTTPResponseCode iPhone McDonald's ALLCAPS snake_case_name kebab-case-name __dunder__"],
  ["paths and urls", "C:\\Users\\dev\\AppData\\Local\\Temp\\x.tmp /usr/local/bin/purser https://example.com/a/b?c=1&d=%20e#frag ../../etc/passwd"],
  ["chinese", "人工智能正在改变世界。我们需要准确地计算令牌数量，以便控制成本！"],
  ["japanese", "東京は日本の首都です。ひらがな、カタカナ、そして漢字を使います。ｶﾀｶﾅ"],
  ["korean", "안녕하세요. 토큰 수를 정확하게 세는 것은 중요합니다."],
  ["arabic", "مرحبا بالعالم! هذا نص عربي مع أرقام ١٢٣ وعلامات تشكيل: كَتَبَ"],
  ["hebrew", "שלום עולם, זה טקסט בעברית."],
  ["hindi", "नमस्ते दुनिया। यह हिन्दी में लिखा गया वाक्य है।"],
  ["thai", "สวัสดีชาวโลก ภาษาไทยไม่มีช่องว่างระหว่างคำ"],
  ["greek", "Γειά σου Κόσμε! Η γρήγορη καφέ αλεπού."],
  ["cyrillic", "Съешь же ещё этих мягких французских булок, да выпей чаю. ПРИВЕТ Мир"],
  ["accented latin", "Crème brûlée, naïve café, façade, Ærøskøbing, Straße, ĳssel, Ğğ İı, Tiếng Việt có dấu"],
  ["combining marks", "e\u0301 a\u0300\u0316 Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dA\u036b\u0357\u0334\u0362\u0335\u031c\u0330\u0354L\u0368\u0367\u0369\u0358\u0320G\u0311\u0357\u030e\u0305\u035b\u0341\u0334\u033b\u0348\u034d\u0354\u0339O\u0342\u030c\u030c\u0358\u0328\u0335\u0339\u033b\u031d\u0333"],
  ["titlecase and modifier letters", "ǅemal ǈubljana ǋ ʰʲʷ ˈstress ᵃᵇᶜ ー"],
  ["supplementary letters", "𝐇𝐞𝐥𝐥𝐨 𝕎𝕠𝕣𝕝𝕕 𠀀𠀁𠀂 𐌰𐌱𐌲 𝒜𝒷𝒸"],
  ["emoji", "😀 😃 😄 😁 😆 🥹 🫠"],
  ["emoji in text", "Hello 😀 world! Great job 👍 see you 🚀"],
  ["emoji before letters", "😀abc 👍Great 🚀Launch 🎉party ✅done"],
  ["zwj sequences", "👨‍👩‍👧‍👦 👩‍💻 🏳️‍🌈 🧑🏽‍🚀 👁️‍🗨️"],
  ["flags", "🇺🇸🇯🇵🇩🇪🇫🇷 🇬🇧 🏴󠁧󠁢󠁳󠁣󠁴󠁿"],
  ["skin tones and keycaps", "👋🏻👋🏼👋🏽👋🏾👋🏿 1️⃣ 2️⃣ #️⃣ ❤️ ❤ ☺️"],
  ["emoji run", "😀".repeat(300)],
  ["spaces 2", "  "],
  ["spaces 10", " ".repeat(10)],
  ["spaces 100", " ".repeat(100)],
  ["spaces 5000", " ".repeat(5000)],
  ["spaces between words", "a" + " ".repeat(50) + "b" + " ".repeat(7) + "c   d  e"],
  ["trailing spaces", "end   "],
  ["leading tabs", "\t\t\tx\t\ty\tz"],
  ["mixed whitespace", " \t \n \t\t\n\n  x \r\n\t y\u000b\u000cz"],
  ["newlines", "\n\n\n"],
  ["newline run", "\n".repeat(200)],
  ["crlf", "\r\n\r\n"],
  ["mixed newlines", "line1\r\nline2\rline3\nline4\n\r\nline5\r\r\n\n  indented\n\t\ttabbed\n"],
  ["indentation run", "\n" + " ".repeat(32) + "return x;\n" + " ".repeat(28) + "}\n"],
  ["unicode spaces", "a\u00a0b\u3000c\u2003d\u2009e\u202ff\u205fg\u1680h \u00a0 \u3000\u3000x"],
  ["unicode line separators", "a\u2028b\u2029c\u0085d\u2028\u2028 e"],
  ["control chars", "\u0000\u0001\u001c\u001d\u001e\u001f\u007f x\u0007y"],
  ["whitespace then punctuation", "a \n  ) ;\n\t(\n/* x */\n//\n  /// doc\n+\n/"],
  ["long word 1000 a", "a".repeat(1000)],
  ["long repeated word", "supercalifragilisticexpialidocious".repeat(60)],
  ["long alternating", "ab".repeat(2000)],
  ["long base64", Buffer.from(Array.from({ length: 1500 }, (_, i) => (i * 37 + 11) & 255)).toString("base64")],
  ["long hex", Array.from({ length: 800 }, (_, i) => ((i * 2654435761) >>> 0).toString(16)).join("")],
  ["long punctuation", "!?".repeat(400) + "=".repeat(300) + "-".repeat(300)],
  ["long cjk run", Array.from({ length: 1500 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000))).join("")],
  ["special tokens as text", "Hello <|endoftext|> world <|fim_prefix|><|fim_middle|><|fim_suffix|> <|endofprompt|>"],
  ["special token alone", "<|endoftext|>"],
];

// Random mixes over an alphabet of tricky pieces, to exercise the pre-tokeniser's edge cases.
const alphabet = [
  "a", "b", "Z", "Q", "é", "É", "ß", "ǅ", "ʰ", "中", "ア", "ا", "ह", "\u0301", "\u0903", "\ufe0f", "\u20e3",
  "0", "7", "½", "٣", "𝟏", "𝐀", "𝐚", "𠀀",
  " ", " ", " ", "\t", "\n", "\r", "\r\n", "\u00a0", "\u3000", "\u2028", "\u000b",
  "'", "'s", "'T", "'re", "'LL", "'d", "'ve", "'m", "’",
  ".", ",", "!", "(", ")", "{", "}", "/", "\\", "-", "_", "=", "<", ">", "#", "$", "\"", "`", "|",
  "😀", "👍", "\u200d", "🇺", "🏽", "\u0000", "\u007f",
  "the", "Hello", "WORLD", "camelCase", "don't", "I'm", "123456",
];
const r = rng(20250314);
for (let k = 0; k < 40; k++) {
  const len = 20 + Math.floor(r() * 180);
  let s = "";
  for (let i = 0; i < len; i++) s += pick(r, alphabet);
  texts.push([`random mix ${k}`, s]);
}

const specialTexts = [
  ["special allowed", "Hello <|endoftext|> world"],
  ["special allowed fim", "<|fim_prefix|>def f():<|fim_suffix|>\n<|fim_middle|>"],
  ["special allowed adjacent", "<|endoftext|><|endoftext|>x<|endofprompt|>"],
];

const encodings = ["cl100k_base", "o200k_base"];
const encs = Object.fromEntries(encodings.map((e) => [e, get_encoding(e)]));
const vectors = [];
for (const [name, text] of texts) {
  const tokens = {};
  for (const e of encodings) tokens[e] = Array.from(encs[e].encode_ordinary(text));
  vectors.push({ name, text, allowSpecial: false, tokens });
}
for (const [name, text] of specialTexts) {
  const tokens = {};
  for (const e of encodings) tokens[e] = Array.from(encs[e].encode(text, "all"));
  vectors.push({ name, text, allowSpecial: true, tokens });
}
for (const e of encodings) encs[e].free();

const doc = {
  source: "tiktoken npm package 1.0.22 (WASM build of openai/tiktoken); generated by tools/tokens/make-vectors.mjs",
  vectors,
};
const file = path.join(outDir, "bpe-vectors.json");
// One vector per line keeps the file compact and its diffs readable.
const body = vectors.map((v) => JSON.stringify(v)).join(",\n");
writeFileSync(file, `{"source":${JSON.stringify(doc.source)},\n"vectors":[\n${body}\n]}\n`);
console.log(`${vectors.length} vectors x ${encodings.length} encodings -> ${file}`);
