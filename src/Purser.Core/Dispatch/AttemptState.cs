using Purser.Resilience;

namespace Purser.Dispatch;

/// <summary>What one execution of a deployment's pipeline needs (passed as Polly state, so the callback is static).</summary>
internal sealed record AttemptState(Dispatcher Dispatcher, DispatchRun Run, IChatProvider Provider, DeploymentHealth Health);
