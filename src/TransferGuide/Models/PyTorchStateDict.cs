using System.Collections;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TransferGuide.Models;

/// <summary>
/// Reads state dicts that PyTorch wrote with <c>torch.save(model.state_dict(), path)</c> (through
/// TorchSharp.PyBridge) and copies them into a TorchSharp module by name, checking every shape.
/// </summary>
public static class PyTorchStateDict
{
    /// <summary>Every tensor in the file, by name. The caller owns (and disposes) the tensors.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        using var stream = File.OpenRead(path);
        Hashtable table;
        try { table = PyTorchUnpickler.UnpickleStateDict(stream); }
        catch (Exception e) when (e is not IOException)
        {
            throw new InvalidDataException($"{path} is not a PyTorch state dict saved with torch.save ({e.Message}).", e);
        }
        var result = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in table)
            if (entry.Value is Tensor t) result[(string)entry.Key] = t;
        return result;
    }

    /// <summary>
    /// Copies the file's tensors into <paramref name="model"/>. Names under <paramref name="keepPrefixes"/>
    /// (a new head) keep the model's values and may be absent or differently shaped in the file; every other
    /// parameter and buffer must be present with the same shape.
    /// </summary>
    /// <returns>The names that were loaded.</returns>
    /// <exception cref="InvalidDataException">A name is missing, unexpected or has another shape.</exception>
    public static IReadOnlyList<string> LoadInto(nn.Module model, string path, IReadOnlyCollection<string>? keepPrefixes = null)
    {
        keepPrefixes ??= [];
        bool Kept(string name) => keepPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
        var file = Read(path);
        try
        {
            var target = model.state_dict();
            var problems = new List<string>();
            foreach (var (name, tensor) in target)
            {
                if (Kept(name)) continue;
                if (!file.TryGetValue(name, out var source)) problems.Add($"missing in the file: {name}");
                else if (!source.shape.SequenceEqual(tensor.shape))
                    problems.Add($"{name}: file [{string.Join(",", source.shape)}], model [{string.Join(",", tensor.shape)}]");
            }
            problems.AddRange(file.Keys.Where(k => !target.ContainsKey(k) && !Kept(k)).Select(k => $"not in the model: {k}"));
            if (problems.Count > 0)
                throw new InvalidDataException($"{path} does not fit {model.GetName()} ({problems.Count} problems):\n  " + string.Join("\n  ", problems.Take(20)));
            var loaded = new List<string>();
            using (no_grad())
            {
                foreach (var (name, tensor) in target)
                {
                    if (Kept(name)) continue;
                    tensor.copy_(file[name].to(tensor.dtype, tensor.device));
                    loaded.Add(name);
                }
            }
            return loaded;
        }
        finally
        {
            foreach (var t in file.Values) t.Dispose();
        }
    }
}
