using Microsoft.Extensions.DependencyInjection;
using Purser.Assistant.Analysis;
using Purser.Assistant.Batch;
using Purser.Assistant.Calls;
using Purser.Assistant.Hosting;
using Purser.Prompts;

namespace Purser.Cli.Hosting;

/// <summary>
/// What an assistant command works with: Purser in process (the local configuration, prompt library and database) and the
/// runner that makes model calls — through the local pipeline by default, or through a remote gateway with <c>--server</c>.
/// </summary>
internal sealed class AssistantSession : IAsyncDisposable
{
    private readonly RemoteAssistantBackend? _remote;

    private AssistantSession(CliContext context, AssistantRunner runner, RemoteAssistantBackend? remote, string? server)
    {
        Context = context;
        Runner = runner;
        _remote = remote;
        Server = server;
    }

    public CliContext Context { get; }

    public AssistantRunner Runner { get; }

    /// <summary>The gateway used with --server; null in process.</summary>
    public string? Server { get; }

    public static AssistantSession Create(CliEnvironment environment, string? configFile, string? server, string? key)
    {
        CliContext context = CliContext.Create(environment, configFile);
        if (server is null)
        {
            return new AssistantSession(context, context.Get<AssistantRunner>(), null, null);
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"--server '{server}' is not an http(s) URL.", 2);
        }

        var remote = new RemoteAssistantBackend(server, key ?? environment.Variables("PURSER_API_KEY") ?? environment.Variables("PURSER_MASTER_KEY"), context.Get<TimeProvider>());
        var runner = new AssistantRunner(context.Get<PromptLibrary>(), context.Get<ModelChooser>(), context.Get<AssistantOptions>(), remote);
        return new AssistantSession(context, runner, remote, server);
    }

    /// <summary>A feature service (FileAnalyzer, CodeReviewer …) wired to this session's runner.</summary>
    public T Get<T>()
        where T : notnull
    {
        if (_remote is null)
        {
            return Context.Get<T>();
        }

        // Services built on other assistant services get those wired to the remote runner too.
        return typeof(T) == typeof(RepositoryAnalyzer)
            ? (T)(object)ActivatorUtilities.CreateInstance<RepositoryAnalyzer>(Context.Services, Get<FileAnalyzer>())
            : ActivatorUtilities.CreateInstance<T>(Context.Services, Runner);
    }

    public async ValueTask DisposeAsync()
    {
        _remote?.Dispose();
        await Context.DisposeAsync();
    }
}
