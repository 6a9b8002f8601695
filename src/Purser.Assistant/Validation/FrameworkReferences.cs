using System.Collections.Frozen;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Purser.Assistant.Validation;

/// <summary>
/// The .NET libraries C# is compiled against for semantic diagnostics: every managed assembly of the shared frameworks
/// this process runs on (Microsoft.NETCore.App, and Microsoft.AspNetCore.App when it is installed beside it), loaded once.
/// Also an index of their public type names by namespace, to tell which <c>using</c> a file is missing.
/// </summary>
internal static class FrameworkReferences
{
    /// <summary>The namespaces an SDK-style project imports implicitly (<c>ImplicitUsings</c>, Microsoft.NET.Sdk).</summary>
    public static readonly IReadOnlyList<string> ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> LazyAll = new(Load);

    private static readonly Lazy<FrozenDictionary<string, string>> LazyTypes = new(IndexTypes);

    public static IReadOnlyList<MetadataReference> All => LazyAll.Value;

    /// <summary>The namespace of a public framework type by its simple name (without generic arity); the first found wins.</summary>
    public static string? NamespaceOf(string typeName) => LazyTypes.Value.GetValueOrDefault(typeName);

    private static IReadOnlyList<MetadataReference> Load()
    {
        string core = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var folders = new List<string> { core };
        string version = Path.GetFileName(core);
        string? shared = Path.GetDirectoryName(Path.GetDirectoryName(core));
        if (shared is not null)
        {
            string asp = Path.Combine(shared, "Microsoft.AspNetCore.App", version);
            if (!Directory.Exists(asp))
            {
                // Another patch of the same major version.
                string major = version.Split('.')[0] + ".";
                asp = Directory.Exists(Path.Combine(shared, "Microsoft.AspNetCore.App"))
                    ? Directory.GetDirectories(Path.Combine(shared, "Microsoft.AspNetCore.App")).Where(d => Path.GetFileName(d).StartsWith(major, StringComparison.Ordinal)).Order(StringComparer.Ordinal).LastOrDefault() ?? ""
                    : "";
            }

            if (asp.Length > 0 && Directory.Exists(asp))
            {
                folders.Add(asp);
            }
        }

        var references = new List<MetadataReference>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string folder in folders)
        {
            foreach (string file in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
            {
                if (seen.Add(Path.GetFileName(file)) && IsManaged(file))
                {
                    references.Add(MetadataReference.CreateFromFile(file));
                }
            }
        }

        return references;
    }

    private static bool IsManaged(string file)
    {
        try
        {
            using FileStream stream = File.OpenRead(file);
            using var reader = new PEReader(stream);
            return reader.HasMetadata && reader.GetMetadataReader().IsAssembly;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static FrozenDictionary<string, string> IndexTypes()
    {
        CSharpCompilation compilation = CSharpCompilation.Create("index", references: All);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new Stack<INamespaceSymbol>();
        pending.Push(compilation.GlobalNamespace);
        while (pending.Count > 0)
        {
            INamespaceSymbol ns = pending.Pop();
            foreach (INamespaceSymbol child in ns.GetNamespaceMembers())
            {
                pending.Push(child);
            }

            if (ns.IsGlobalNamespace)
            {
                continue;
            }

            string name = ns.ToDisplayString();
            if (name.StartsWith("Internal", StringComparison.Ordinal) || name.Contains(".Internal", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (INamedTypeSymbol type in ns.GetTypeMembers())
            {
                if (type.DeclaredAccessibility == Accessibility.Public && (!types.TryGetValue(type.Name, out string? existing) || name.Length < existing.Length))
                {
                    types[type.Name] = name;
                }
            }
        }

        return types.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
