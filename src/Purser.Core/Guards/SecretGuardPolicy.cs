namespace Purser.Guards;

/// <summary>The effective secret-guard settings for one caller (see <see cref="SecretGuardOptions.Resolve"/>).</summary>
/// <param name="Mode">What to do with findings.</param>
/// <param name="Scanner">The scanner built for the effective detectors, thresholds and allow patterns.</param>
/// <param name="ModeSource">Where the mode came from: <c>default</c>, <c>project 'x'</c> or <c>key 'y'</c>.</param>
internal sealed record SecretGuardPolicy(SecretGuardMode Mode, SecretScanner Scanner, string ModeSource);
