using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// The order a switch runs a generation's activations in: each after every activation its <c>After</c> names, and
/// otherwise as env.proj lists them (a stable topological sort: of the activations whose predecessors have all run,
/// the earliest item runs next). Decided at build, before anything is written: a name no activation has (ENV0932) or a
/// cycle (ENV0933, with its path) is refused then, never found by a switch halfway.
/// </summary>
public static class HomeActivationOrder
{
    public static IReadOnlyList<HomeActivationEntry> Sort(IReadOnlyList<HomeActivationEntry> activations, string? projectFile)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < activations.Count; i++) index[activations[i].Name] = i;
        var unknown = activations.SelectMany(a => a.After.Where(n => !index.ContainsKey(n)).Select(n => $"'{a.Name}' after '{PrintableText.Of(n)}'")).ToList();
        if (unknown.Count > 0)
            throw new EnvException(EnvCode.ENV0932,
                $"HomeActivation After names an activation that does not exist: {string.Join(", ", unknown.Take(10))}{(unknown.Count > 10 ? $" and {unknown.Count - 10} more" : "")}. Activations: {Names(activations)}. Correct the name in After, or add that HomeActivation.",
                projectFile);

        // Kahn's algorithm over item indices; the ready set is ordered by index, so ties keep env.proj's order.
        var waiting = new int[activations.Count];
        var followers = new List<int>[activations.Count];
        for (var i = 0; i < activations.Count; i++) followers[i] = [];
        for (var i = 0; i < activations.Count; i++)
        {
            foreach (var before in activations[i].After.Distinct(StringComparer.Ordinal))
            {
                waiting[i]++;
                followers[index[before]].Add(i);
            }
        }
        var ready = new SortedSet<int>(Enumerable.Range(0, activations.Count).Where(i => waiting[i] == 0));
        var order = new List<HomeActivationEntry>(activations.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min;
            ready.Remove(next);
            order.Add(activations[next]);
            foreach (var f in followers[next])
                if (--waiting[f] == 0) ready.Add(f);
        }
        if (order.Count < activations.Count)
            throw new EnvException(EnvCode.ENV0933,
                $"HomeActivation After makes a cycle: {string.Join(" -> ", Cycle(activations, index, waiting))}; none of them can run first. Remove one of these After names.",
                projectFile);
        return order;
    }

    /// <summary>One cycle among the activations left waiting, as a path that ends where it starts: each runs after the next.</summary>
    private static List<string> Cycle(IReadOnlyList<HomeActivationEntry> activations, Dictionary<string, int> index, int[] waiting)
    {
        // Every activation left waits on another one left; walking "after" edges among them must come back to a node seen.
        var at = Array.FindIndex(waiting, w => w > 0);
        var seen = new Dictionary<int, int>();
        var path = new List<int>();
        while (!seen.ContainsKey(at))
        {
            seen[at] = path.Count;
            path.Add(at);
            at = activations[at].After.Select(n => index[n]).First(j => waiting[j] > 0);
        }
        return path.Skip(seen[at]).Append(at).Select(i => activations[i].Name).ToList();
    }

    private static string Names(IReadOnlyList<HomeActivationEntry> activations) =>
        string.Join(", ", activations.Take(20).Select(a => a.Name)) + (activations.Count > 20 ? $" and {activations.Count - 20} more" : "");
}
