// Writes src/Purser.Core/Tokens/Data/<encoding>.bpe.br from the `tiktoken` npm package's rank data.
//
// Payload (before Brotli): "PBPE" | version:u8 = 1 | count:i32le | totalBytes:i32le
//                          | length:u8 per rank 0..count-1 (0 = no token with that rank)
//                          | the token bytes, concatenated in rank order.
// Run: npm ci && node make-ranks.mjs
import { createRequire } from "node:module";
import { writeFileSync, mkdirSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";
import { fileURLToPath } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, "../../src/Purser.Core/Tokens/Data");
mkdirSync(outDir, { recursive: true });

for (const name of ["cl100k_base", "o200k_base"]) {
  const data = require(`tiktoken/encoders/${name}.json`);
  const ranks = new Map();
  // bpe_ranks: lines of "! <firstRank> <base64> <base64> ...", ranks consecutive within a line.
  for (const line of data.bpe_ranks.split("\n")) {
    if (!line) continue;
    const parts = line.split(" ");
    let rank = Number(parts[1]);
    for (const b64 of parts.slice(2)) {
      if (b64) ranks.set(rank, Buffer.from(b64, "base64"));
      rank++;
    }
  }
  let count = 0;
  for (const r of ranks.keys()) if (r + 1 > count) count = r + 1;
  let total = 0;
  const lengths = Buffer.alloc(count);
  for (let r = 0; r < count; r++) {
    const t = ranks.get(r);
    if (!t) continue;
    if (t.length === 0 || t.length > 255) throw new Error(`${name}: token ${r} has length ${t.length}`);
    lengths[r] = t.length;
    total += t.length;
  }
  const header = Buffer.alloc(13);
  header.write("PBPE", 0, "latin1");
  header.writeUInt8(1, 4);
  header.writeInt32LE(count, 5);
  header.writeInt32LE(total, 9);
  const body = [header, lengths];
  for (let r = 0; r < count; r++) if (ranks.has(r)) body.push(ranks.get(r));
  const payload = Buffer.concat(body);
  const packed = brotliCompressSync(payload, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: payload.length,
    },
  });
  writeFileSync(path.join(outDir, `${name}.bpe.br`), packed);
  console.log(`${name}: ${ranks.size} tokens, ranks 0..${count - 1}, payload ${payload.length} B, brotli ${packed.length} B, specials ${JSON.stringify(data.special_tokens)}`);
}
