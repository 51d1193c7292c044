using System.Text.Json.Nodes;

namespace TransferGuide.Training;

/// <summary>
/// Reads the options of checkpoints written before <see cref="LearnerOptions"/> was grouped (one flat record of
/// twenty knobs), so a run started with an older kit still resumes: the flat keys move into their groups. Knobs added
/// later get the value that matches what the older kit did.
/// </summary>
internal static class LegacyOptions
{
    static readonly (string Key, string Group, string Name)[] Moves =
    [
        ("optimizer", "optimizer", "kind"), ("momentum", "optimizer", "momentum"), ("weight_decay", "optimizer", "weight_decay"),
        ("accumulation_steps", "optimizer", "accumulation_steps"),
        ("l1", "regularization", "l1"), ("label_smoothing", "regularization", "label_smoothing"),
        ("weighted_loss", "regularization", "weighted_loss"), ("balance_classes", "regularization", "balance_classes"),
        ("mixing", "augmentation", "mixing"),
        ("precision", "performance", "precision"), ("channels_last", "performance", "channels_last"),
        ("recompute_stem", "performance", "recompute_stem"), ("pipeline", "performance", "pipeline"),
    ];

    /// <summary>
    /// Rewrites <paramref name="options"/> in place: a missing BatchNorm mode becomes Train, and the flat form moves into
    /// its groups (grouped options are otherwise left alone).
    /// </summary>
    public static void Upgrade(JsonObject options)
    {
        // Checkpoints from before the BatchNorm choice trained BatchNorm's statistics: a resumed run goes on doing so.
        if (!options.ContainsKey("batch_norm")) options["batch_norm"] = (int)BatchNormMode.Train;
        // The flat form had an "augment" flag and a numeric optimiser kind; the grouped form has neither.
        if (!options.ContainsKey("augment") && options["optimizer"] is not JsonValue) return;
        var groups = new Dictionary<string, JsonObject>();
        foreach (var (key, group, name) in Moves)
        {
            if (!options.Remove(key, out var value)) continue;
            if (!groups.TryGetValue(group, out var target)) groups[group] = target = [];
            target[name] = value;
        }
        bool augment = options.Remove("augment", out var a) ? a?.GetValue<bool>() ?? true : true;
        bool strong = options.Remove("strong_augment", out var s) && (s?.GetValue<bool>() ?? false);
        if (!groups.TryGetValue("augmentation", out var augmentation)) groups["augmentation"] = augmentation = [];
        augmentation["images"] = (int)(!augment ? ImageAugmentation.None : strong ? ImageAugmentation.Strong : ImageAugmentation.CropAndFlip);
        foreach (var (group, value) in groups) options[group] = value;
    }
}
