// Reference side of the corpus check: for each file named in <list> (one path a line), prints
// path, then for cl100k_base and o200k_base the token count and an FNV-1a hash of the token ids, tab-separated.
// Files that are not valid UTF-8 are skipped; a leading BOM is dropped. Compare with compare-files.cs:
//   node compare-files.mjs files.txt > ref.tsv
//   dotnet run compare-files.cs -- files.txt > ours.tsv
//   diff ref.tsv ours.tsv
import { get_encoding } from "tiktoken";
import { readFileSync } from "node:fs";

const files = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
const encodings = ["cl100k_base", "o200k_base"].map(name => get_encoding(name));
for (const file of files) {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(file));
  } catch {
    continue;
  }

  const row = [file];
  for (const encoding of encodings) {
    const ids = encoding.encode_ordinary(text);
    let hash = 0x811c9dc5;
    for (const id of ids) {
      hash = Math.imul(hash ^ id, 0x01000193) >>> 0;
    }

    row.push(ids.length, hash >>> 0);
  }

  console.log(row.join("\t"));
}
