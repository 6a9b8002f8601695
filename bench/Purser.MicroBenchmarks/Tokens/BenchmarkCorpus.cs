using System.Globalization;
using System.Text;

namespace Purser.MicroBenchmarks.Tokens;

/// <summary>Deterministic mixed prose / code / JSON / non-English text of a requested size.</summary>
internal static class BenchmarkCorpus
{
    private static readonly string[] Samples =
    [
        """
        The gateway reserves the worst-case cost of a request against every budget in scope before it sends
        anything upstream. When the answer arrives, the reservation is reconciled with the real usage and the
        difference is released. Budgets are checked in memory; a restart rebuilds them from the ledger.

        """,
        """
        public sealed class BudgetReservation(string scope, decimal amount)
        {
            public string Scope { get; } = scope;
            public decimal Amount { get; private set; } = amount;

            public void Release(decimal used)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(used);
                Amount = Math.Max(0m, Amount - used);
            }
        }

        """,
        """
        def summarize(rows: list[dict], key: str = "cost_usd") -> dict[str, float]:
            totals: dict[str, float] = {}
            for row in rows:
                project = row.get("project", "unknown")
                totals[project] = totals.get(project, 0.0) + float(row[key])
            return dict(sorted(totals.items(), key=lambda kv: -kv[1]))

        """,
        """
        {"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a careful assistant."},{"role":"user","content":"Summarise the attached log and list the three most expensive calls."}],"max_tokens":512,"temperature":0.2}

        """,
        """
        Les budgets sont vérifiés en mémoire. Die Kosten werden pro Projekt erfasst. 预算在内存中检查，成本按项目记录。
        Бюджеты проверяются в памяти. 🚀 Ready — «готово»!

        """,
        """
        const rows = await db.query(`SELECT project, SUM(cost_cents) AS cents FROM ledger WHERE ts >= $1 GROUP BY project`, [since]);
        for (const { project, cents } of rows) {
            console.log(`${project.padEnd(24)} ${(cents / 100).toFixed(2)}`);
        }

        """,
    ];

    /// <summary>Builds about <paramref name="chars"/> characters by cycling the samples, varying a number in each.</summary>
    public static string Build(int chars)
    {
        var sb = new StringBuilder(chars + 1024);
        for (int i = 0; sb.Length < chars; i++)
        {
            sb.Append(Samples[i % Samples.Length]);
            sb.Append("// item ").Append((i * 7919 % 100000).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString(0, chars);
    }
}
