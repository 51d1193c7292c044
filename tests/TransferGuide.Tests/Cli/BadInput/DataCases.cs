using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace TransferGuide.Tests.Cli.BadInput;

/// <summary>
/// Bad-input suite, data: damaged files are skipped and named (the run goes on); a layout that cannot work stops
/// with exit 2 naming the folder and the fix. tg data report is the cheapest verb that loads a folder.
/// </summary>
[Collection(LiveConsoleCollection.Name)]
public class DataCases
{
    static (int Code, string Output) Report(TempDir dir, string data, params string[] more) =>
        Tg.Run(["data", "report", "--data", data, "--runs", dir.Combine("runs"), .. more]);

    static byte[] Half(string path) { var b = File.ReadAllBytes(path); return b.Take(b.Length / 2).ToArray(); }

    [Fact]
    public void Jpeg_cut_in_half_is_skipped_by_name_and_not_counted_usable()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var cut = dir.Bytes("colours/train/blue/cut.jpg", Half(dir.Scene("big.jpg", 3, 200, 150)));
        var (code, output) = Report(dir, data);
        Tg.Fails(ExitCodes.Ok, (code, output), cut, "truncated JPEG", "copy the file again");
        Assert.Contains(ImageFolder.Load(data).Report.Skipped, s => s.Path == cut && s.Reason.Contains("truncated"));
    }

    [Fact]
    public void Jpeg_with_an_exif_thumbnail_cut_in_half_is_still_caught()
    {
        // The thumbnail is a whole JPEG inside the header, with its own end marker: a search for any FF D9 passes it.
        using var dir = new TempDir();
        using var image = TempDir.SceneImage(4, 300, 200);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Software, "camera");
        var whole = dir.Combine("whole.jpg");
        image.SaveAsJpeg(whole);
        var bytes = File.ReadAllBytes(whole);
        var thumb = File.ReadAllBytes(dir.Image("thumb.jpg", 1, 2, 3, 16, 16));
        // APP1 segment holding a thumbnail JPEG, right after SOI.
        var app1 = new byte[] { 0xFF, 0xE1, (byte)((thumb.Length + 2) >> 8), (byte)((thumb.Length + 2) & 0xFF) }.Concat(thumb);
        var withThumb = bytes.Take(2).Concat(app1).Concat(bytes.Skip(2)).ToArray();
        var path = dir.Bytes("t.jpg", withThumb.Take(withThumb.Length * 2 / 3).ToArray());
        Assert.Null(ImageDecoder.Identify(path, out var problem));
        Assert.Contains("truncated JPEG", problem);
        Assert.NotNull(ImageDecoder.Identify(dir.Bytes("whole-thumb.jpg", withThumb), out _)); // the whole file passes
    }

    [Fact]
    public void Png_cut_short_is_skipped_by_name()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var cut = dir.Bytes("colours/val/red/cut.png", Half(dir.Scene("big.png", 5, 120, 90)));
        Tg.Fails(ExitCodes.Ok, Report(dir, data), cut, "truncated PNG");
    }

    [Fact]
    public void Broken_symlink_file_is_reported_not_dropped()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var link = dir.Combine("colours", "train", "red", "gone.png");
        File.CreateSymbolicLink(link, dir.Combine("nowhere.png"));
        Tg.Fails(ExitCodes.Ok, Report(dir, data), link, "broken symbolic link", "fix the link or remove it");
    }

    [Fact]
    public void Looping_symlink_file_is_reported()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var a = dir.Combine("colours", "train", "red", "a.png");
        var b = dir.Combine("colours", "train", "red", "b.png");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        Tg.Fails(ExitCodes.Ok, Report(dir, data), a, "symbolic link loop");
    }

    [Fact]
    public void Class_folder_that_is_a_broken_symlink_stops_with_exit_2()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var link = dir.Combine("colours", "train", "green");
        Directory.CreateSymbolicLink(link, dir.Combine("photos-on-a-usb-stick"));
        Tg.Fails(ExitCodes.InvalidInput, Report(dir, data), link, "broken symbolic link", "A class folder must be a folder");
        Assert.False(Directory.Exists(dir.Combine("runs")));
    }

    [Fact]
    public void Class_folder_that_links_to_itself_stops_with_exit_2()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var link = dir.Combine("colours", "val", "loop");
        File.CreateSymbolicLink(link, link);
        Tg.Fails(ExitCodes.InvalidInput, Report(dir, data), link, "symbolic link loop", "fix the link or remove it");
    }

    [Fact]
    public void Image_over_the_cap_names_the_option_that_raises_it()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        var big = dir.Image("colours/train/red/big.png", 9, 9, 9, width: 700, height: 600);
        Tg.Fails(ExitCodes.Ok, Report(dir, data, "--max-megapixels", "0.3"), big, "0.3 megapixel cap", "--max-megapixels 1");
        Assert.DoesNotContain(big, Report(dir, data, "--max-megapixels", "1").Output); // raising it takes the image in
    }

    [Fact]
    public void Missing_data_folder_exits_2_naming_it()
    {
        using var dir = new TempDir();
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run(Tg.Train(dir.Combine("my-photos"), dir.Combine("runs"))), dir.Combine("my-photos"), "Check the path");
        Assert.False(Directory.Exists(dir.Combine("runs")));
    }

    [Fact]
    public void Data_path_that_is_a_file_exits_2()
    {
        using var dir = new TempDir();
        var file = dir.Bytes("photos.zip", [1, 2, 3]);
        Tg.Fails(ExitCodes.InvalidInput, Report(dir, file), file, "point at a folder");
    }

    [Fact]
    public void Empty_class_folder_exits_2_naming_it()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        Directory.CreateDirectory(dir.Combine("colours", "train", "green"));
        Directory.CreateDirectory(dir.Combine("colours", "val", "green"));
        Tg.Fails(ExitCodes.InvalidInput, Tg.Run(Tg.Train(data, dir.Combine("runs"))), dir.Combine("colours", "train", "green"), "Add images to it or remove the folder");
        Assert.False(Directory.Exists(dir.Combine("runs")));
    }

    [Fact]
    public void Splits_with_different_classes_exit_2_naming_both()
    {
        using var dir = new TempDir();
        var data = Tg.Colours(dir);
        dir.Image("colours/val/green/g.png", 10, 200, 10);
        Tg.Fails(ExitCodes.InvalidInput, Report(dir, data), "'val' has green", "Give every split the same class folders");
    }
}
