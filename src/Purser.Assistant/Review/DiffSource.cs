namespace Purser.Assistant.Review;

/// <summary>Which changes <c>purser review</c> looks at.</summary>
internal enum DiffSource
{
    /// <summary>Everything not committed, staged or not (<c>git diff HEAD</c>).</summary>
    WorkingTree,

    /// <summary>The staged changes (<c>git diff --cached</c>).</summary>
    Staged,

    /// <summary>The commits since the merge base with a ref (<c>git diff &lt;ref&gt;...HEAD</c>), as a pull request shows them.</summary>
    Base,
}
