using System.Text.RegularExpressions;

namespace TransferGuide.Notebooks;

/// <summary>The outcome of one exercise check.</summary>
/// <param name="Id">The exercise id, e.g. "w04.head".</param>
/// <param name="Passed">Whether the check passed.</param>
/// <param name="Message">What was checked, and on failure a hint.</param>
public sealed record ExerciseResult(string Id, bool Passed, string Message)
{
    /// <summary>The line a notebook prints.</summary>
    public override string ToString() => Passed ? $"PASS {Id}: {Message}" : $"FAIL {Id}: {Message}";
}

/// <summary>A failed check while <see cref="Exercise.StrictVariable"/> is on (CI, grading): fails the cell.</summary>
public sealed class ExerciseFailedException(ExerciseResult result) : Exception(result.ToString())
{
    /// <summary>The failed check.</summary>
    public ExerciseResult Result { get; } = result;
}

/// <summary>
/// Checks for the exercises in the course notebooks. A check prints PASS or FAIL with a helpful message and
/// returns the result; a student's failed check does not stop the notebook. With
/// <c>TRANSFERGUIDE_STRICT_EXERCISES=1</c> (set by <c>tg notebooks run</c>, CI and grading) a failed check
/// throws, so that a notebook whose reference solution no longer passes fails its run.
/// Ids look like <c>w04.head</c>: "w", the two-digit week, a dot, and a lower-case name.
/// See notebooks/README.md for how exercise cells and solution regions are marked.
/// </summary>
public static class Exercise
{
    /// <summary>The environment variable that makes failed checks throw.</summary>
    public const string StrictVariable = "TRANSFERGUIDE_STRICT_EXERCISES";

    /// <summary>The exercise id format.</summary>
    public static readonly Regex IdPattern = new(@"^w\d{2}\.[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant);

    /// <summary>Where check lines go (the console by default; tests redirect it).</summary>
    public static TextWriter? Output { get; set; }

    /// <summary>Whether failed checks throw; null reads <see cref="StrictVariable"/>.</summary>
    public static bool? Strict { get; set; }

    /// <summary>Checks a condition the student's code should meet.</summary>
    /// <param name="id">Exercise id, e.g. "w04.head".</param>
    /// <param name="passed">The condition.</param>
    /// <param name="hint">Shown on failure: what to look at, never the answer.</param>
    /// <param name="success">Shown on success (defaults to "well done").</param>
    public static ExerciseResult Check(string id, bool passed, string hint, string? success = null) =>
        Report(TakeNotDone(ValidId(id)) ? NotDone(id) : new ExerciseResult(id, passed, passed ? success ?? "well done" : hint));

    /// <summary>
    /// Checks with a function, so that an exercise left undone (its code throws <see cref="NotImplementedException"/>)
    /// or one that throws reports FAIL with the reason instead of an exception trace.
    /// </summary>
    public static ExerciseResult Check(string id, Func<bool> check, string hint, string? success = null)
    {
        ValidId(id);
        if (TakeNotDone(id)) return Report(NotDone(id));
        bool passed;
        try { passed = check(); }
        catch (NotImplementedException)
        {
            TakeNotDone(id); // the placeholder ran inside the check: this report is the one that says so
            return Report(NotDone(id));
        }
        catch (Exception e) { return Report(new ExerciseResult(id, false, $"{hint} (the check threw {e.GetType().Name}: {e.Message})")); }
        return Check(id, passed, hint, success);
    }

    /// <summary>Checks that a number lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="id">Exercise id.</param>
    /// <param name="what">What the number is, for the message (e.g. "held-out accuracy").</param>
    /// <param name="actual">The student's value.</param>
    /// <param name="min">Lowest accepted value.</param>
    /// <param name="max">Highest accepted value.</param>
    /// <param name="hint">Shown on failure.</param>
    public static ExerciseResult CheckRange(string id, string what, double actual, double min, double max, string hint)
    {
        if (TakeNotDone(ValidId(id))) return Report(NotDone(id));
        bool passed = double.IsFinite(actual) && actual >= min && actual <= max;
        string range = double.IsPositiveInfinity(max) ? $">= {min:G4}" : $"in [{min:G4}, {max:G4}]";
        return Check(id, passed, $"{what} is {actual:G4}, expected {range}. {hint}", $"{what} = {actual:G4}, {range}");
    }

    /// <summary>The placeholder that replaces a solution region in the student copy: fails with the exercise id.</summary>
    /// <remarks>
    /// It also marks the exercise as not done, so that the next check of that id reports "not done yet" rather
    /// than a hint about the default values the unfinished cell left behind.
    /// </remarks>
    public static NotImplementedException Todo(string id)
    {
        lock (Pending) Pending.Add(ValidId(id));
        return new($"Exercise {id}: write your code here (replace this line), then run the check below.");
    }

    /// <summary>Exercises whose placeholder ran and whose check has not reported since.</summary>
    static readonly HashSet<string> Pending = new(StringComparer.Ordinal);

    static bool TakeNotDone(string id)
    {
        lock (Pending) return Pending.Remove(id);
    }

    static ExerciseResult NotDone(string id) =>
        new(id, false, "not done yet: complete the exercise cell above, then run it and this check again");

    static string ValidId(string id) =>
        IdPattern.IsMatch(id) ? id : throw new ArgumentException($"Exercise id '{id}' does not look like 'w04.head' (w, two-digit week, '.', lower-case name).", nameof(id));

    static ExerciseResult Report(ExerciseResult result)
    {
        (Output ?? Console.Out).WriteLine(result.ToString());
        bool strict = Strict ?? QuickMode.IsOn(Environment.GetEnvironmentVariable(StrictVariable));
        if (strict && !result.Passed) throw new ExerciseFailedException(result);
        return result;
    }
}
