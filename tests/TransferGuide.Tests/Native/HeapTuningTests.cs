using TransferGuide.Native;

namespace TransferGuide.Tests.Native;

/// <summary>The glibc mmap threshold the kit fixes (see <see cref="HeapTuning"/>), and the ways to leave glibc's own.</summary>
public class HeapTuningTests
{
    [Fact]
    public void The_threshold_is_set_from_the_variable_and_off_or_bad_values_keep_glibcs()
    {
        if (!OperatingSystem.IsLinux()) return; // mallopt is glibc's; elsewhere Apply only says so
        var before = Environment.GetEnvironmentVariable(HeapTuning.Variable);
        try
        {
            Environment.SetEnvironmentVariable(HeapTuning.Variable, "off");
            Assert.Contains("off", HeapTuning.Apply());
            Environment.SetEnvironmentVariable(HeapTuning.Variable, "lots");
            Assert.Contains("not a whole number of MB", HeapTuning.Apply());
            Environment.SetEnvironmentVariable(HeapTuning.Variable, "64");
            Assert.Contains("not a whole number of MB from 1 to 32", HeapTuning.Apply());
            Environment.SetEnvironmentVariable(HeapTuning.Variable, "8");
            Assert.Equal("heap tuning: glibc mmap threshold fixed at 8 MB (freed tensors return to the system)", HeapTuning.Apply());
        }
        finally
        {
            Environment.SetEnvironmentVariable(HeapTuning.Variable, before);
            Assert.Contains($"fixed at {HeapTuning.DefaultMegabytes} MB", HeapTuning.Apply());
        }
    }

    [Fact]
    public void Loading_torch_applies_it_once_and_doctor_can_show_it()
    {
        var status = TorchRuntime.EnsureLoaded();
        Assert.Single(status.Actions, a => a.StartsWith("heap tuning:", StringComparison.Ordinal));
    }
}
