namespace TransferGuide.Tests.Text;

public class WordNetTests
{
    [Fact]
    public void Synonyms_come_from_every_synset_of_the_base_form()
    {
        using var dir = new TempDir();
        var folder = WordNetFixture.Write(dir, ["film", "movie", "picture", "moving_picture"], ["film", "photographic_film"], ["mouse", "computer_mouse"]);
        var wn = WordNet.Load(folder);
        Assert.Equal(["movie", "picture", "moving picture", "photographic film"], wn.Synonyms("film"));
        Assert.Equal(["movie", "picture"], wn.Synonyms("Films", singleWordsOnly: true)); // morphy: films -> film
        Assert.Equal(["computer mouse"], wn.Synonyms("mice")); // exception list
        Assert.Empty(wn.Synonyms("zebra"));
        Assert.True(wn.Contains("pictures"));
    }

    [Fact]
    public void Missing_database_says_which_package_to_install()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<WordNetNotFoundException>(() => WordNet.Load(dir.Combine("no-wordnet")));
        Assert.Contains("wordnet-base", e.Message);
        Assert.Contains(dir.Combine("no-wordnet"), e.Message);
    }

    [Fact]
    public void A_data_file_that_does_not_match_its_index_is_reported()
    {
        using var dir = new TempDir();
        var folder = WordNetFixture.Write(dir, ["film", "movie"]);
        File.WriteAllText(Path.Combine(folder, "data.noun"), "short\n");
        var e = Assert.Throws<InvalidDataException>(() => WordNet.Load(folder).Synonyms("film"));
        Assert.Contains("data.noun", e.Message);
        Assert.Contains("wordnet-base", e.Message);
    }

    [Fact]
    public void Every_part_of_speech_and_its_exceptions_are_read()
    {
        var wn = WordNetFixture.Everyday;
        Assert.Contains("film", wn.Synonyms("movie"));
        Assert.Contains("movie", wn.Synonyms("films")); // noun rule: films -> film
        Assert.Contains("travel", wn.Synonyms("went")); // verb.exc: went -> go
        Assert.Contains("create", wn.Synonyms("makes")); // verb rule: makes -> make
        Assert.Contains("beneficial", wn.Synonyms("better")); // adj.exc: better -> good
        Assert.Contains("frequently", wn.Synonyms("often")); // adverbs
        Assert.Equal(["passion", "enjoy"], wn.Synonyms("love")); // a noun sense and a verb sense
        Assert.DoesNotContain("a lot", wn.Synonyms("much", singleWordsOnly: true));
        Assert.True(wn.Contains("went"));
        Assert.False(wn.Contains("zebra"));
    }

    [WordNetFact]
    public void Installed_wordnet_knows_everyday_synonyms()
    {
        // The real WordNet 3.0 from wordnet-base (.ci/run installs it; without it this test skips, saying so).
        var wn = WordNet.Default;
        Assert.Contains("film", wn.Synonyms("movie"));
        Assert.Contains("movie", wn.Synonyms("films"));
        Assert.Contains("travel", wn.Synonyms("went"));
        Assert.Contains("beneficial", wn.Synonyms("good"));
    }
}
