using System.Net;
using System.Text;

namespace TransferGuide.Cli.Grading;

/// <summary>
/// A student's <c>feedback.html</c>: one self-contained page (no scripts, no links out, readable offline) with the
/// total, each exercise's pass or fail, points, the check's hint and the first error lines, and what was changed
/// that may not be (tampering) or what stopped a run (time and memory caps).
/// </summary>
public static class FeedbackPage
{
    /// <summary>The page's HTML.</summary>
    public static string Build(StudentResult result, ReleaseManifest manifest)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var instructions = manifest.Exercises.ToDictionary(e => e.Id, e => e.Instructions);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Feedback: ").Append(E(result.Student)).Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}")
            .Append("table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}")
            .Append(".pass{color:#17692c;font-weight:bold}.fail{color:#a31515;font-weight:bold}pre{background:#f6f6f6;padding:.4rem;white-space:pre-wrap;margin:.3rem 0}")
            .Append(".warn{background:#fff4e5;border-left:4px solid #e69500;padding:.5rem 1rem}</style></head><body>\n");
        h.Append("<h1>Feedback for ").Append(E(result.Student)).Append("</h1>\n<p><strong>")
            .Append(result.Total).Append(" / ").Append(result.MaxTotal).Append(" points</strong> · graded ")
            .Append(result.GradedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)).Append(" UTC</p>\n");
        foreach (var n in result.Notebooks.Where(n => n.Tampering.Count > 0 || n.Problems.Count > 0))
        {
            h.Append("<div class=\"warn\"><p><strong>").Append(E(n.File)).Append("</strong></p><ul>\n");
            foreach (var t in n.Tampering) h.Append("<li>Tampering: ").Append(E(t)).Append("</li>\n");
            foreach (var p in n.Problems) h.Append("<li>").Append(E(p)).Append("</li>\n");
            h.Append("</ul></div>\n");
        }
        h.Append("<table><tr><th>exercise</th><th>result</th><th>points</th><th>what the check said</th></tr>\n");
        foreach (var g in result.Grades)
        {
            h.Append("<tr><td><strong>").Append(E(g.Id)).Append("</strong><br><small>").Append(E(instructions.GetValueOrDefault(g.Id, ""))).Append("</small></td>")
                .Append(g.Passed ? "<td class=\"pass\">pass</td>" : "<td class=\"fail\">fail</td>")
                .Append("<td>").Append(g.Points).Append(" / ").Append(g.MaxPoints).Append("</td><td>").Append(E(g.Message));
            if (g.ErrorLines.Count > 0) h.Append("<pre>").Append(E(string.Join("\n", g.ErrorLines))).Append("</pre>");
            h.Append("</td></tr>\n");
        }
        h.Append("</table>\n<p><small>Runs had: ").Append(E(string.Join("; ", result.Sandbox))).Append(".</small></p>\n</body></html>\n");
        return h.ToString();
    }
}
