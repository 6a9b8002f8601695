using Microsoft.Extensions.DependencyInjection;
using Purser.Assistant.Analysis;
using Purser.Assistant.Batch;
using Purser.Assistant.Calls;
using Purser.Assistant.CrossCheck;
using Purser.Assistant.Generation;
using Purser.Assistant.Hosting;
using Purser.Pipeline;
using Purser.Prompts;

namespace Purser.Cli.Hosting;

/// <summary>
/// What an assistant command works with: Purser in process (the local configuration, prompt library and database) and the
/// runner that makes model calls — through the local pipeline by default, or through a remote gateway with <c>--server</c>.
/// </summary>
internal sealed class AssistantSession : IAsyncDisposable
{
    private readonly RemoteAssistantBackend? _remote;
    private readonly bool _ownRunner;

    private AssistantSession(CliContext context, AssistantRunner runner, RemoteAssistantBackend? remote, string? server, bool ownRunner)
    {
        Context = context;
        Runner = runner;
        _remote = remote;
        Server = server;
        _ownRunner = ownRunner;
    }

    public CliContext Context { get; }

    public AssistantRunner Runner { get; }

    /// <summary>The gateway used with --server; null in process.</summary>
    public string? Server { get; }

    /// <param name="environment">The process environment.</param>
    /// <param name="configFile">--config, if given.</param>
    /// <param name="server">--server, if given.</param>
    /// <param name="key">--key, if given.</param>
    /// <param name="noCache">--no-cache: ask the model again instead of answering from the response cache (the fresh answer is stored).</param>
    public static AssistantSession Create(CliEnvironment environment, string? configFile, string? server, string? key, bool noCache = false)
    {
        CliContext context = CliContext.Create(environment, configFile);
        if (server is null)
        {
            if (!noCache)
            {
                return new AssistantSession(context, context.Get<AssistantRunner>(), null, null, ownRunner: false);
            }

            var refreshing = new AssistantRunner(
                context.Get<PromptLibrary>(), context.Get<ModelChooser>(), context.Get<AssistantOptions>(), new PipelineBackend(context.Get<PurserPipeline>(), refresh: true));
            return new AssistantSession(context, refreshing, null, null, ownRunner: true);
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"--server '{server}' is not an http(s) URL.", 2);
        }

        var remote = new RemoteAssistantBackend(server, key ?? environment.Variables("PURSER_API_KEY") ?? environment.Variables("PURSER_MASTER_KEY"), context.Get<TimeProvider>(), noCache);
        var runner = new AssistantRunner(context.Get<PromptLibrary>(), context.Get<ModelChooser>(), context.Get<AssistantOptions>(), remote);
        return new AssistantSession(context, runner, remote, server, ownRunner: true);
    }

    /// <summary>A feature service (FileAnalyzer, CodeReviewer …) wired to this session's runner.</summary>
    public T Get<T>()
        where T : notnull
    {
        if (!_ownRunner)
        {
            return Context.Get<T>();
        }

        // Services built on other assistant services get those wired to this session's runner too.
        if (typeof(T) == typeof(CodeGenerator))
        {
            return (T)(object)ActivatorUtilities.CreateInstance<CodeGenerator>(Context.Services, Runner, Get<CrossChecker>());
        }

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
