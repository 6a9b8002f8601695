#:project ../src/Purser.Core/Purser.Core.csproj
#:property PublishAot=false

// Runs the secret scanner over directories of ordinary files and reports findings per MB and
// throughput: the false-positive measurement in docs/SECRET-GUARD.md.
//   dotnet run tools/secret-scan.cs -- [--list] [--ext .cs,.js] <dir>...
// --list prints file:line:column kind for every finding, with the value masked (first 4 characters).
// Throughput is the best of five further passes over the same texts (steady state, after tiered JIT).
using System.Diagnostics;
using Purser.Guards;

bool list = args.Contains("--list");
string[] exts = [];
var roots = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--list")
    {
        continue;
    }

    if (args[i] == "--ext" && i + 1 < args.Length)
    {
        exts = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries);
        continue;
    }

    roots.Add(args[i]);
}

var scanner = SecretScanner.Default;
long bytes = 0, files = 0;
var byKind = new SortedDictionary<string, int>();
var texts = new List<string>();
foreach (string root in roots)
{
    IEnumerable<string> paths = File.Exists(root) ? [root] : Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories);
    foreach (string path in paths)
    {
        if (path.Contains("/bin/") || path.Contains("/obj/") || path.Contains("/.git/"))
        {
            continue;
        }

        if (exts.Length > 0 && !exts.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            continue;
        }

        byte[] raw = File.ReadAllBytes(path);
        if (raw.Length == 0 || raw.AsSpan(0, Math.Min(raw.Length, 8000)).IndexOf((byte)0) >= 0)
        {
            continue; // binary
        }

        string text = System.Text.Encoding.UTF8.GetString(raw);
        texts.Add(text);
        files++;
        bytes += raw.Length;
        foreach (var f in scanner.Scan(text))
        {
            byKind[f.KindId] = byKind.GetValueOrDefault(f.KindId) + 1;
            if (list)
            {
                string masked = text.Substring(f.Start, Math.Min(4, f.Length)) + "\u2026(" + f.Length + ")";
                Console.WriteLine($"{path}:{f.Line}:{f.Column} {f.KindId} {masked}");
            }
        }
    }
}

// Steady state: the best of five more passes (tiered JIT has optimised the hot loops by then).
TimeSpan best = TimeSpan.MaxValue;
for (int pass = 0; pass < 5; pass++)
{
    var clock = Stopwatch.StartNew();
    foreach (string text in texts)
    {
        scanner.Scan(text);
    }

    best = clock.Elapsed < best ? clock.Elapsed : best;
}
double mb = bytes / 1048576.0;
int total = byKind.Values.Sum();
Console.WriteLine($"files {files}, {mb:F2} MB, findings {total}, {total / Math.Max(mb, 1e-9):F2} per MB, scan {mb / Math.Max(best.TotalSeconds, 1e-9):F0} MB/s");
foreach (var (kind, count) in byKind)
{
    Console.WriteLine($"  {kind}: {count}");
}
