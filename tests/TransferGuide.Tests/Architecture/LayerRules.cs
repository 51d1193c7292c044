using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace TransferGuide.Tests.Architecture;

/// <summary>
/// Checks an assembly's namespaces against a left-to-right flow of rooms: a room (the first namespace segment under
/// the root, with everything below it) may use only rooms to its left, every namespace must be in a room, and no two
/// namespaces may use each other, directly or round a loop.
/// </summary>
public static class LayerRules
{
    /// <summary>Every reference against the flow, as "Room.Type uses LaterRoom", and every type outside the rooms.</summary>
    public static List<string> AgainstTheFlow(Assembly assembly, string root, IReadOnlyList<string> rooms)
    {
        var types = Types.InAssembly(assembly);
        var problems = new List<string>();
        foreach (var stray in types.That().ResideInNamespaceMatching($"^{Regex.Escape(root)}\\.").GetTypes()
                     .Where(t => !rooms.Contains(RoomOf(t.Namespace!, root))))
            problems.Add($"{stray.FullName} is in no room of the flow ({string.Join(" → ", rooms)})");
        for (var i = 0; i < rooms.Count; i++)
        {
            var later = rooms.Skip(i + 1).Select(r => $"{root}.{r}").ToArray();
            if (later.Length == 0) continue;
            var failing = types.That().ResideInNamespaceMatching(InRoom(root, rooms[i])).And().HaveDependencyOnAny(later).GetTypes();
            foreach (var type in failing.Where(t => !IsCompilerGenerated(t)))
            {
                var used = rooms.Skip(i + 1).Where(r => types.That().HaveNameMatching($"^{Regex.Escape(type.Name)}$")
                    .And().ResideInNamespaceMatching($"^{Regex.Escape(type.Namespace!)}$")
                    .And().HaveDependencyOn($"{root}.{r}").GetTypes().Any());
                problems.Add($"{type.FullName![(root.Length + 1)..]} uses {string.Join(", ", used)} (to its right)");
            }
        }
        return problems;
    }

    /// <summary>Namespace cycles: each as "A → B → A".</summary>
    public static List<string> Cycles(Assembly assembly, string root)
    {
        var types = Types.InAssembly(assembly);
        var byNamespace = types.That().ResideInNamespaceMatching($"^{Regex.Escape(root)}(\\.|$)").GetTypes()
            .Where(t => t.Namespace != null).GroupBy(t => t.Namespace!).ToDictionary(g => g.Key, g => g.Select(t => t.FullName!).ToArray());
        var edges = byNamespace.Keys.ToDictionary(a => a, a => byNamespace.Keys.Where(b => b != a && types.That()
            .ResideInNamespaceMatching($"^{Regex.Escape(a)}$").And().HaveDependencyOnAny(byNamespace[b]).GetTypes().Any()).ToList());
        return StronglyConnected(edges).Where(c => c.Count > 1)
            .Select(c => string.Join(" → ", c.Append(c[0]).Select(n => n == root ? n : n[(root.Length + 1)..]))).ToList();
    }

    static string RoomOf(string ns, string root) => ns.Length > root.Length ? ns[(root.Length + 1)..].Split('.')[0] : "";

    static string InRoom(string root, string room) => $"^{Regex.Escape(root)}\\.{Regex.Escape(room)}(\\.|$)";

    // Closures and state machines are nested in the type that wrote them, which is reported itself.
    static bool IsCompilerGenerated(Type t) => t.Name.Contains('<') || t.DeclaringType != null;

    /// <summary>Tarjan's strongly connected components; each component lists its namespaces in a loop order.</summary>
    static List<List<string>> StronglyConnected(Dictionary<string, List<string>> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var result = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in edges[v])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (stack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); component.Add(x); } while (x != v);
            component.Reverse();
            result.Add(component);
        }
        foreach (var v in edges.Keys.Order()) if (!index.ContainsKey(v)) Visit(v);
        return result;
    }
}
