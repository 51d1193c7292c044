using TransferGuide.Data.Text;
using TransferGuide.Training;

namespace TransferGuide.Evaluation;

/// <summary>One misclassified text: what it says, its true and predicted class, how sure the model was, and where it came from.</summary>
/// <param name="Text">The text (cut at 300 characters).</param>
/// <param name="True">The true class.</param>
/// <param name="Predicted">The class the model chose.</param>
/// <param name="Confidence">The model's probability for <paramref name="Predicted"/>.</param>
/// <param name="Where">File name and line.</param>
public sealed record TextMistake(string Text, string True, string Predicted, double Confidence, string Where);

/// <summary>
/// The most confident mistakes of a text classifier: the texts it got wrong with the highest probability for the
/// wrong class. They are where label noise, sarcasm and negation show up first.
/// </summary>
public static class TextMistakes
{
    /// <summary>The <paramref name="count"/> most confident mistakes; <paramref name="texts"/> finds each item's text by its id (file:line).</summary>
    public static IReadOnlyList<TextMistake> Top(ClassificationResult evaluation, IReadOnlyList<TextExample> texts, int count = 15)
    {
        var byId = texts.GroupBy(t => t.Id).ToDictionary(g => g.Key, g => g.First().Text);
        return Enumerable.Range(0, evaluation.Count).Where(i => !evaluation.IsCorrect(i))
            .OrderByDescending(i => evaluation.Probability(i, evaluation.Predicted[i])).Take(count)
            .Select(i => new TextMistake(
                byId.TryGetValue(evaluation.Paths[i], out var text) ? Shorten(text) : "(text not found)",
                evaluation.Classes[evaluation.Labels[i]], evaluation.Classes[evaluation.Predicted[i]],
                evaluation.Probability(i, evaluation.Predicted[i]), Path.GetFileName(evaluation.Paths[i])))
            .ToList();
    }

    static string Shorten(string text) => text.Length <= 300 ? text : text[..297] + "...";
}
