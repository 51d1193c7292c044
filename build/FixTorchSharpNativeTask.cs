// The MSBuild task of build/TorchNativeFix.targets. It is compiled after src/TransferGuide/Core/Native/ElfVersionNeeds.cs
// in one piece (RoslynCodeTaskFactory takes one source), so it has no using directives of its own.
namespace TransferGuide.Build
{
    /// <summary>MSBuild task: runs <see cref="TransferGuide.Core.Native.ElfVersionNeeds.FixTorchSharpNative"/> on each file.</summary>
    public class FixTorchSharpNative : Microsoft.Build.Utilities.Task
    {
        /// <summary>The libLibTorchSharp.so copies in a build or publish output.</summary>
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        /// <inheritdoc />
        public override bool Execute()
        {
            foreach (var item in Files)
            {
                try
                {
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                        "TransferGuide: " + TransferGuide.Core.Native.ElfVersionNeeds.FixTorchSharpNative(item.ItemSpec));
                }
                catch (Exception e)
                {
                    Log.LogWarning("TransferGuide: could not fix {0}: {1}", item.ItemSpec, e.Message);
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
}
