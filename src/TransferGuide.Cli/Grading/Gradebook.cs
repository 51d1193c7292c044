using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace TransferGuide.Cli.Grading;

/// <summary>
/// The gradebook: <c>gradebook.csv</c> (a student per row, an exercise per column, the total) rewritten from the
/// latest result of every student, and <c>gradebook.db</c> (SQLite) that keeps every grading run, so a regrade
/// never loses what was graded before.
/// </summary>
public static class Gradebook
{
    /// <summary>The CSV's file name.</summary>
    public const string CsvName = "gradebook.csv";

    /// <summary>The SQLite file's name.</summary>
    public const string DatabaseName = "gradebook.db";

    /// <summary>Writes gradebook.csv: header <c>student,&lt;exercise ids&gt;...,total,max</c>.</summary>
    public static void WriteCsv(string path, IReadOnlyList<string> exercises, IEnumerable<StudentResult> students)
    {
        var csv = new StringBuilder();
        csv.Append("student,").Append(string.Join(',', exercises.Select(Field))).Append(",total,max\n");
        foreach (var s in students.OrderBy(s => s.Student, StringComparer.Ordinal))
        {
            var points = s.Grades.ToDictionary(g => g.Id, g => g.Points);
            csv.Append(Field(s.Student));
            foreach (var e in exercises) csv.Append(',').Append(points.TryGetValue(e, out var p) ? p.ToString(CultureInfo.InvariantCulture) : "0");
            csv.Append(',').Append(s.Total.ToString(CultureInfo.InvariantCulture)).Append(',').Append(s.MaxTotal.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        AtomicFile.WriteText(path, csv.ToString());
    }

    /// <summary>A CSV field, quoted when needed; a leading = + - @ is defused so a spreadsheet does not run it.</summary>
    static string Field(string s)
    {
        if (s.Length > 0 && "=+-@".Contains(s[0])) s = "'" + s;
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    /// <summary>Adds one grading run with its students' grades and tampering to the SQLite gradebook; returns the run's id.</summary>
    public static long Record(string path, string release, int jobs, double seconds, IEnumerable<string> sandbox, IReadOnlyList<StudentResult> students)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        db.Open();
        Execute(db, """
            CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, finished TEXT NOT NULL, release TEXT NOT NULL, jobs INTEGER NOT NULL,
                seconds REAL NOT NULL, sandbox TEXT NOT NULL, students INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS grades (run INTEGER NOT NULL REFERENCES runs(id), student TEXT NOT NULL, exercise TEXT NOT NULL,
                points INTEGER NOT NULL, max_points INTEGER NOT NULL, passed INTEGER NOT NULL, message TEXT NOT NULL, graded_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS tampering (run INTEGER NOT NULL REFERENCES runs(id), student TEXT NOT NULL, notebook TEXT NOT NULL, what TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS grades_student ON grades(student, exercise);
            """);
        using var tx = db.BeginTransaction();
        var run = db.CreateCommand();
        run.Transaction = tx;
        run.CommandText = "INSERT INTO runs (finished, release, jobs, seconds, sandbox, students) VALUES ($f, $r, $j, $s, $x, $n); SELECT last_insert_rowid();";
        run.Parameters.AddWithValue("$f", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        run.Parameters.AddWithValue("$r", release);
        run.Parameters.AddWithValue("$j", jobs);
        run.Parameters.AddWithValue("$s", seconds);
        run.Parameters.AddWithValue("$x", string.Join("; ", sandbox));
        run.Parameters.AddWithValue("$n", students.Count);
        long id = (long)run.ExecuteScalar()!;
        foreach (var s in students)
        {
            foreach (var g in s.Grades)
                Insert(db, tx, "INSERT INTO grades VALUES ($run, $a, $b, $c, $d, $e, $f, $g)", id, s.Student, g.Id, g.Points, g.MaxPoints, g.Passed ? 1 : 0, g.Message,
                    s.GradedAt.ToString("O", CultureInfo.InvariantCulture));
            foreach (var n in s.Notebooks)
                foreach (var t in n.Tampering)
                    Insert(db, tx, "INSERT INTO tampering VALUES ($run, $a, $b, $c)", id, s.Student, n.File, t);
        }
        tx.Commit();
        return id;
    }

    static void Execute(SqliteConnection db, string sql)
    {
        using var c = db.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    static void Insert(SqliteConnection db, SqliteTransaction tx, string sql, long run, params object[] values)
    {
        using var c = db.CreateCommand();
        c.Transaction = tx;
        c.CommandText = sql;
        c.Parameters.AddWithValue("$run", run);
        for (int i = 0; i < values.Length; i++) c.Parameters.AddWithValue("$" + (char)('a' + i), values[i]);
        c.ExecuteNonQuery();
    }
}
