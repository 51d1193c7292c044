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
            var missing = target.Keys.Where(k => !Kept(k) && !file.ContainsKey(k)).ToList();
            var unexpected = file.Keys.Where(k => !Kept(k) && !target.ContainsKey(k)).ToList();
            var reshaped = target.Where(kv => !Kept(kv.Key) && file.TryGetValue(kv.Key, out var f) && !f.shape.SequenceEqual(kv.Value.shape))
                .Select(kv => $"{kv.Key}: file [{string.Join(",", file[kv.Key].shape)}], model [{string.Join(",", kv.Value.shape)}]").ToList();
            if (missing.Count + unexpected.Count + reshaped.Count > 0)
            {
                // Ten of each kind: enough to see whether it is another architecture or a renamed layer.
                var lines = missing.Take(10).Select(k => $"missing in the file: {k}")
                    .Concat(unexpected.Take(10).Select(k => $"not in the model: {k}"))
                    .Concat(reshaped.Take(10).Select(r => $"other shape: {r}"));
                throw new InvalidDataException(
                    $"{path} does not fit {model.GetName()}: {missing.Count} missing, {unexpected.Count} unexpected, {reshaped.Count} of another shape:\n  " +
                    string.Join("\n  ", lines));
            }
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
