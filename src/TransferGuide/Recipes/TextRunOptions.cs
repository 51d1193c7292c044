using System.Text.Json;
using TransferGuide.Augment.Text;
using TransferGuide.Core;
using TransferGuide.Training;

namespace TransferGuide.Recipes;

/// <summary>
/// A text run's options in its run folder (<see cref="TextTrainRecipe.OptionsFile"/>), so <c>tg train --resume</c>
/// rebuilds the same texts, splits, few-label pick, tokens and plan. The augmentation is a function, so the file keeps
/// its name and <see cref="TextAugmentations"/> rebuilds it.
/// </summary>
static class TextRunOptions
{
    sealed record Saved(TextTrainOptions Options, string? Augment);

    /// <summary>Writes the options of a fine-tune into <paramref name="folder"/> (once; a resumed run keeps the file it has).</summary>
    internal static void Save(RunFolder folder, TextTrainOptions options)
    {
        if (options.Resume != null) return;
        var saved = new Saved(options with { Resume = null, Augment = null }, options.Augment?.Name);
        AtomicFile.WriteText(Path.Combine(folder.Path, TextTrainRecipe.OptionsFile), JsonSerializer.Serialize(saved, JsonDefaults.SnakeCase));
    }

    /// <summary>The saved options of the run being resumed, with this call's runs root.</summary>
    /// <exception cref="CheckpointException">The folder is not a text run, or its options cannot be read.</exception>
    internal static TextTrainOptions Resumed(TextTrainOptions options)
    {
        var folder = RunFolder.OfResume(options.Resume!);
        var file = Path.Combine(folder, TextTrainRecipe.OptionsFile);
        if (!File.Exists(file))
            throw new CheckpointException($"{folder} has no {TextTrainRecipe.OptionsFile}, so it is not a text fine-tune this kit can resume. Start a new run.");
        Saved? saved;
        try { saved = JsonSerializer.Deserialize<Saved>(File.ReadAllText(file), JsonDefaults.SnakeCase); }
        catch (JsonException e)
        {
            throw new CheckpointException($"{file} cannot be read ({e.Message}); it is damaged or from another version of the kit. Start a new run.", e);
        }
        if (saved?.Options == null) throw new CheckpointException($"{file} is empty. Start a new run.");
        if (!File.Exists(Path.Combine(folder, RunFolder.CheckpointName)))
            throw new CheckpointException($"{folder} has no checkpoint yet: the run stopped before its first epoch ended. Start it again.");
        return saved.Options with
        {
            Resume = options.Resume, RunsRoot = options.RunsRoot, Augment = saved.Augment == null ? null : TextAugmentations.Parse(saved.Augment),
        };
    }

    /// <summary>After a failure before the first checkpoint: removes the options file and then the folder, when nothing else is in it.</summary>
    internal static bool RemoveUnstarted(RunFolder folder)
    {
        var file = Path.Combine(folder.Path, TextTrainRecipe.OptionsFile);
        if (File.Exists(file) && !File.Exists(folder.Checkpoint)) File.Delete(file);
        return folder.RemoveIfEmpty();
    }
}
