using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferGuide.Core;

/// <summary>The JSON settings every file the kit writes shares (metrics.json, summaries, reports).</summary>
public static class JsonDefaults
{
    /// <summary>snake_case names, indented, nulls written: what metrics.json and evaluation.json use.</summary>
    public static JsonSerializerOptions SnakeCase { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
