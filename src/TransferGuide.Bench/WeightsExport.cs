using System.Text.Json;
using TorchSharp;
using TransferGuide.Models;

namespace TransferGuide.Bench;

/// <summary>
/// Writes a model's floating-point tensors (parameters and BatchNorm statistics, torchvision names) to
/// <c>weights.f32</c> (little-endian float32, back to back) and <c>manifest.json</c> (name → shape and
/// offset, plus the block layout), a format numpy reads with one call. The PyTorch peer loads it, so both
/// sides train the very same network.
/// </summary>
public static class WeightsExport
{
    /// <summary>Exports <paramref name="model"/> into <paramref name="folder"/> (created if needed); returns the tensor count.</summary>
    public static int Write(ResNet model, string folder)
    {
        Directory.CreateDirectory(folder);
        var entries = new SortedDictionary<string, object>(StringComparer.Ordinal);
        long offset = 0;
        using var _ = torch.no_grad();
        using (var stream = File.Create(Path.Combine(folder, "weights.f32")))
        {
            var tensors = model.named_parameters().Select(p => (p.name, (torch.Tensor)p.parameter))
                .Concat(model.named_buffers().Select(b => (b.name, b.buffer)))
                .Where(t => t.Item2.dtype == torch.ScalarType.Float32);
            foreach (var (name, t) in tensors)
            {
                using var cpu = t.detach().cpu().contiguous();
                var values = cpu.data<float>().ToArray();
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
                entries[name] = new { shape = t.shape, offset };
                offset += values.Length;
            }
        }
        File.WriteAllText(Path.Combine(folder, "manifest.json"),
            JsonSerializer.Serialize(new { blocks = model.Blocks, tensors = entries }, new JsonSerializerOptions { WriteIndented = true }));
        return entries.Count;
    }
}
