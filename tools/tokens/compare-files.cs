#:project ../../src/Purser.Core/Purser.Core.csproj
#:property PublishAot=false

// Purser's side of the corpus check (see compare-files.mjs): the same columns from Purser.Tokens.BpeEncoding.
// Also checks that CountTokens agrees with Encode and that Decode round-trips; mismatches go to stderr.
using System.Text;
using Purser.Tokens;

var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
foreach (string file in File.ReadAllLines(args[0]).Where(l => l.Length > 0))
{
    string text;
    try
    {
        text = strict.GetString(File.ReadAllBytes(file));
    }
    catch (DecoderFallbackException)
    {
        continue;
    }

    if (text.Length > 0 && text[0] == '\uFEFF')
    {
        text = text[1..];
    }

    var row = new List<string> { file };
    foreach (BpeEncoding encoding in new[] { BpeEncoding.Cl100kBase, BpeEncoding.O200kBase })
    {
        int[] ids = encoding.Encode(text);
        uint hash = 0x811c9dc5;
        foreach (int id in ids)
        {
            hash = unchecked((hash ^ (uint)id) * 0x01000193);
        }

        row.Add(ids.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        row.Add(hash.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (encoding.CountTokens(text) != ids.Length)
        {
            Console.Error.WriteLine($"{file}: CountTokens differs from Encode ({encoding.Name})");
        }

        if (encoding.Decode(ids) != text)
        {
            Console.Error.WriteLine($"{file}: Decode does not round-trip ({encoding.Name})");
        }
    }

    Console.WriteLine(string.Join('\t', row));
}
