namespace Purser.Gateway.Dashboard;

/// <summary>Marks the sign-in page: reachable without a session (still loopback-only in open mode).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SignInPageAttribute : Attribute;
