namespace TransferGuide.Data;

/// <summary>
/// The three parts of every run: <see cref="Train"/> to learn from, <see cref="Valid"/> for every choice (best epoch,
/// early stopping, learning rate, recipe) and <see cref="Test"/>, read once at the end to report. Made by
/// <see cref="StratifiedSplit.ForTraining"/>, the kit's one split policy.
/// </summary>
/// <param name="Train">Items the model learns from.</param>
/// <param name="Valid">Items every choice is made on.</param>
/// <param name="Test">Items read once at the end (empty when the data leaves none: then <see cref="Valid"/> is reported).</param>
/// <param name="ValidName">Name of the validation part: the dataset's own "val", or "holdout" when carved from train.</param>
/// <param name="TestName">Name of the test part: the dataset's split it came from ("test", or "val" when that is its only held-out split).</param>
/// <param name="Carved">How the validation part came about, for people (e.g. "15% of train, stratified, seed 42").</param>
public sealed record DataSplits(IReadOnlyList<DataItem> Train, IReadOnlyList<DataItem> Valid, IReadOnlyList<DataItem> Test,
    string ValidName, string TestName, string? Carved = null)
{
    /// <summary>The name of a validation part carved from the training items.</summary>
    public const string HoldoutName = "holdout";

    /// <summary>Whether there is a test part to report on.</summary>
    public bool HasTest => Test.Count > 0;

    /// <summary>What a run reports at the end: the test part when there is one, else validation.</summary>
    public IReadOnlyList<DataItem> Final => HasTest ? Test : Valid;

    /// <summary>The name of <see cref="Final"/>.</summary>
    public string FinalName => HasTest ? TestName : ValidName;

    /// <summary>Whether the validation part has joined training (<see cref="JoinValidation"/>).</summary>
    public bool ValidationJoined { get; init; }

    /// <summary>
    /// The parts of a refit: training and validation together, no validation left, the test part as it was. Use it
    /// only after validation has made its choices; with no test part there would be nothing left to report.
    /// </summary>
    public DataSplits JoinValidation() => HasTest
        ? this with { Train = [.. Train, .. Valid], Valid = [], ValidationJoined = true }
        : throw new InvalidOperationException("A refit needs a test part to report: without one, validation is the reported split and cannot join training.");

    /// <summary>One line for logs: how many items each part has and where each came from.</summary>
    public string Describe() =>
        (ValidationJoined
            ? $"{Train.Count} training (the '{ValidName}' part joined training after choosing the epoch count on it)"
            : $"{Train.Count} training, {Valid.Count} validation ({(Carved != null ? Carved : $"'{ValidName}'")}, for every choice)") +
        (HasTest ? $" and {Test.Count} test ('{TestName}', read once at the end)" : ", no test part: validation is reported");

    /// <summary>Train, the split reported at the end and its name (as the kit's older three-part split read).</summary>
    public void Deconstruct(out IReadOnlyList<DataItem> train, out IReadOnlyList<DataItem> final, out string finalName)
    {
        train = Train; final = Final; finalName = FinalName;
    }
}
