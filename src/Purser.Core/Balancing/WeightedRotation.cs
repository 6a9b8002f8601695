namespace Purser.Balancing;

/// <summary>
/// Smooth weighted round-robin (as nginx balances upstreams): each pick adds every candidate's weight to its running
/// score, takes the highest, and subtracts the total from it. Over every run of picks as long as the weights' sum each
/// target is chosen exactly its weight's number of times, interleaved rather than in blocks; a target skipped (open,
/// cooling, full) simply is not a candidate for that pick. One state per alias, under a lock.
/// </summary>
internal sealed class WeightedRotation
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, long>> _scores = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Picks the index of one of <paramref name="candidates"/> (ids with weights) for <paramref name="alias"/>.</summary>
    public int Next(string alias, IReadOnlyList<(string Id, int Weight)> candidates)
    {
        lock (_lock)
        {
            if (!_scores.TryGetValue(alias, out Dictionary<string, long>? scores))
            {
                scores = new Dictionary<string, long>(StringComparer.Ordinal);
                _scores[alias] = scores;
            }

            long total = 0;
            int best = 0;
            long bestScore = long.MinValue;
            for (int i = 0; i < candidates.Count; i++)
            {
                (string id, int weight) = candidates[i];
                long score = scores.GetValueOrDefault(id) + weight;
                scores[id] = score;
                total += weight;
                if (score > bestScore)
                {
                    bestScore = score;
                    best = i;
                }
            }

            scores[candidates[best].Id] -= total;
            return best;
        }
    }
}
