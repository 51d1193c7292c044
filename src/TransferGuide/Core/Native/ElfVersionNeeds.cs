// Reads and edits the GNU symbol-version tables of an ELF64 little-endian shared library.
// build/TorchNativeFix.targets also compiles this file, with build/FixTorchSharpNativeTask.cs, into the
// build task that fixes TorchSharp's native library in build and publish outputs; so it keeps to plain C#
// with no dependencies beyond the BCL, and holds no MSBuild code itself.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace TransferGuide.Core.Native
{
    /// <summary>What <see cref="ElfVersionNeeds.MakeVersionNeedWeak"/> did to a file.</summary>
    public enum PatchOutcome
    {
        /// <summary>The flag was set and the file rewritten.</summary>
        Patched,
        /// <summary>The flag was already set; the file was left as it was.</summary>
        AlreadyWeak,
        /// <summary>The file does not need that version at all; it was left as it was.</summary>
        NotNeeded,
    }

    /// <summary>
    /// GNU symbol versioning for ELF64 little-endian files (the layout of x86-64 and arm64 Linux).
    /// TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13) for one marker symbol that
    /// nothing relocates against. Marking that one need weak (VER_FLG_WEAK) lets glibc load the library
    /// against older libstdc++ builds (Debian 12, Ubuntu 22.04).
    /// </summary>
    public static class ElfVersionNeeds
    {
        /// <summary>The version that TorchSharp 0.107's native library needs and older distributions lack.</summary>
        public const string TorchSharpGlibcxxVersion = "GLIBCXX_3.4.32";

        /// <summary>The only symbol bound to <see cref="TorchSharpGlibcxxVersion"/> in libLibTorchSharp.so.</summary>
        public const string IosBaseLibraryInitMarker = "_ZSt21ios_base_library_initv";

        const uint ShtDynsym = 11;
        const uint ShtGnuVerdef = 0x6ffffffd;
        const uint ShtGnuVerneed = 0x6ffffffe;
        const uint ShtGnuVersym = 0x6fffffff;
        const ushort VerFlgWeak = 2;

        /// <summary>One entry of the version-needs table.</summary>
        public sealed class VersionNeed
        {
            /// <summary>Creates an entry.</summary>
            public VersionNeed(string file, string version, ushort flags, ushort index, long flagsOffset)
            {
                File = file; Version = version; Flags = flags; Index = index; FlagsOffset = flagsOffset;
            }
            /// <summary>The library the version is needed from, e.g. libstdc++.so.6.</summary>
            public string File { get; }
            /// <summary>The version name, e.g. GLIBCXX_3.4.32.</summary>
            public string Version { get; }
            /// <summary>vna_flags; bit 2 is VER_FLG_WEAK.</summary>
            public ushort Flags { get; }
            /// <summary>vna_other: the index symbols use in .gnu.version.</summary>
            public ushort Index { get; }
            /// <summary>Byte offset of vna_flags in the file.</summary>
            public long FlagsOffset { get; }
            /// <summary>Whether a missing version is tolerated by the loader.</summary>
            public bool IsWeak => (Flags & VerFlgWeak) != 0;
        }

        sealed class Section
        {
            public uint Type; public long Offset; public long Size; public uint Link; public uint Info; public long EntSize;
        }

        /// <summary>Lists the version needs of an ELF file.</summary>
        /// <exception cref="InvalidDataException">The file is not an ELF64 little-endian object.</exception>
        public static IReadOnlyList<VersionNeed> ReadVersionNeeds(string path)
        {
            var data = File.ReadAllBytes(path);
            return ReadVersionNeeds(data, path);
        }

        static IReadOnlyList<VersionNeed> ReadVersionNeeds(byte[] data, string path)
        {
            var sections = ReadSections(data, path);
            var result = new List<VersionNeed>();
            foreach (var s in sections)
            {
                if (s.Type != ShtGnuVerneed) continue;
                var strtab = sections[(int)s.Link];
                long entry = s.Offset;
                for (uint i = 0; i < s.Info; i++)
                {
                    ushort count = U16(data, entry + 2);
                    string file = Str(data, strtab, U32(data, entry + 4));
                    long aux = entry + U32(data, entry + 8);
                    for (int j = 0; j < count; j++)
                    {
                        ushort flags = U16(data, aux + 4);
                        ushort other = U16(data, aux + 6);
                        string name = Str(data, strtab, U32(data, aux + 8));
                        result.Add(new VersionNeed(file, name, flags, other, aux + 4));
                        uint nextAux = U32(data, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = U32(data, entry + 12);
                    if (next == 0) break;
                    entry += next;
                }
            }
            return result;
        }

        /// <summary>Lists the versions an ELF file defines (its .gnu.version_d table), e.g. GLIBCXX_3.4.30.</summary>
        public static IReadOnlyList<string> ReadVersionDefinitions(string path)
        {
            var data = File.ReadAllBytes(path);
            var sections = ReadSections(data, path);
            var result = new List<string>();
            foreach (var s in sections)
            {
                if (s.Type != ShtGnuVerdef) continue;
                var strtab = sections[(int)s.Link];
                long entry = s.Offset;
                for (uint i = 0; i < s.Info; i++)
                {
                    ushort count = U16(data, entry + 6);
                    long aux = entry + U32(data, entry + 12);
                    if (count > 0) result.Add(Str(data, strtab, U32(data, aux)));
                    uint next = U32(data, entry + 16);
                    if (next == 0) break;
                    entry += next;
                }
            }
            return result;
        }

        /// <summary>Names of the dynamic symbols bound to a version-need index.</summary>
        public static IReadOnlyList<string> SymbolsUsingVersion(string path, ushort index)
        {
            var data = File.ReadAllBytes(path);
            return SymbolsUsingVersion(data, ReadSections(data, path), index);
        }

        static IReadOnlyList<string> SymbolsUsingVersion(byte[] data, List<Section> sections, ushort index)
        {
            Section? dynsym = null, versym = null;
            foreach (var s in sections)
            {
                if (s.Type == ShtDynsym) dynsym = s;
                if (s.Type == ShtGnuVersym) versym = s;
            }
            var result = new List<string>();
            if (dynsym == null || versym == null) return result;
            var strtab = sections[(int)dynsym.Link];
            long count = dynsym.Size / 24;
            for (long i = 0; i < count; i++)
            {
                ushort v = (ushort)(U16(data, versym.Offset + i * 2) & 0x7fff);
                if (v == index) result.Add(Str(data, strtab, U32(data, dynsym.Offset + i * 24)));
            }
            return result;
        }

        /// <summary>
        /// Marks the need for <paramref name="version"/> weak, so the loader accepts a libstdc++ without it.
        /// Refuses (and changes nothing) when any symbol other than those in <paramref name="allowedSymbols"/>
        /// is bound to that version, because then the library would really call into the missing code.
        /// Only the two flag bytes change; the file gets a new inode, so another hard link to it keeps the old bytes.
        /// </summary>
        public static PatchOutcome MakeVersionNeedWeak(string path, string version, params string[] allowedSymbols)
        {
            var data = File.ReadAllBytes(path);
            var sections = ReadSections(data, path);
            VersionNeed? need = null;
            foreach (var n in ReadVersionNeeds(data, path))
                if (n.Version == version) need = n;
            if (need == null) return PatchOutcome.NotNeeded;
            if (need.IsWeak) return PatchOutcome.AlreadyWeak;

            var users = SymbolsUsingVersion(data, sections, need.Index);
            foreach (var u in users)
                if (Array.IndexOf(allowedSymbols, u) < 0)
                    throw new InvalidOperationException(
                        $"{path}: symbol '{u}' really uses {version}, so marking it weak would break the library. " +
                        $"Install a libstdc++ that provides {version} (GCC 13 or newer) instead.");

            // Two bytes change, in a sibling copy that is then renamed over the file. Never in place: the build
            // hard-links copy-local files to the NuGet cache (CreateHardLinksForCopyLocalIfPossible), so the output's
            // name may share its bytes with the cache's file, which must stay pristine. The rename is atomic, so a
            // stopped build leaves the old file or the new one (and at most a stray .tg-patch); File.Copy keeps the mode.
            ushort flags = (ushort)(need.Flags | VerFlgWeak);
            string temp = path + ".tg-patch";
            File.Copy(path, temp, overwrite: true);
            using (var file = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                file.Position = need.FlagsOffset;
                file.Write(new[] { (byte)(flags & 0xff), (byte)(flags >> 8) }, 0, 2);
                file.Flush(true);
            }
            File.Replace(temp, path, destinationBackupFileName: null); // a rename; File.Move(..., true) is not in netstandard
            return PatchOutcome.Patched;
        }

        /// <summary>Whether a libstdc++ file defines <paramref name="version"/>.</summary>
        public static bool Defines(string libraryPath, string version)
        {
            foreach (var v in ReadVersionDefinitions(libraryPath))
                if (v == version) return true;
            return false;
        }

        /// <summary>
        /// The libstdc++ this process uses: the one already mapped (the .NET host links it), else the
        /// first found in the usual library folders. Null when none is found (e.g. on Windows or macOS).
        /// </summary>
        public static string? FindProcessLibStdCxx()
        {
            try
            {
                if (File.Exists("/proc/self/maps"))
                    foreach (var line in File.ReadLines("/proc/self/maps"))
                    {
                        int slash = line.IndexOf('/');
                        if (slash >= 0 && line.IndexOf("libstdc++.so", slash, StringComparison.Ordinal) >= 0)
                            return line.Substring(slash).Trim();
                    }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            foreach (var dir in new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib64", "/lib" })
            {
                string candidate = Path.Combine(dir, "libstdc++.so.6");
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>
        /// Makes TorchSharp's native library loadable here: when this machine's libstdc++ lacks
        /// <see cref="TorchSharpGlibcxxVersion"/>, marks that one need weak. Leaves the file alone when the
        /// system already provides the version, or when this is not Linux.
        /// </summary>
        /// <returns>What happened, in words, for logs and <c>tg doctor</c>.</returns>
        public static string FixTorchSharpNative(string libTorchSharpPath)
        {
            string? libstdcxx = FindProcessLibStdCxx();
            if (libstdcxx == null) return $"left {libTorchSharpPath} alone: no libstdc++ found (not Linux?)";
            if (Defines(libstdcxx, TorchSharpGlibcxxVersion))
                return $"left {libTorchSharpPath} alone: {libstdcxx} provides {TorchSharpGlibcxxVersion}";
            var outcome = MakeVersionNeedWeak(libTorchSharpPath, TorchSharpGlibcxxVersion, IosBaseLibraryInitMarker);
            switch (outcome)
            {
                case PatchOutcome.Patched:
                    return $"patched {libTorchSharpPath}: {TorchSharpGlibcxxVersion} need marked weak ({libstdcxx} lacks it)";
                case PatchOutcome.AlreadyWeak:
                    return $"{libTorchSharpPath} already patched";
                default:
                    return $"left {libTorchSharpPath} alone: it does not need {TorchSharpGlibcxxVersion}";
            }
        }

        static List<Section> ReadSections(byte[] d, string path)
        {
            if (d.Length < 64 || d[0] != 0x7f || d[1] != (byte)'E' || d[2] != (byte)'L' || d[3] != (byte)'F')
                throw new InvalidDataException($"{path} is not an ELF file.");
            if (d[4] != 2 || d[5] != 1)
                throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file.");
            long shoff = (long)U64(d, 0x28);
            int shentsize = U16(d, 0x3A), shnum = U16(d, 0x3C);
            if (shoff <= 0 || shentsize < 64 || shoff + (long)shentsize * shnum > d.Length)
                throw new InvalidDataException($"{path} has no readable section table (truncated?).");
            var list = new List<Section>(shnum);
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * shentsize;
                list.Add(new Section
                {
                    Type = U32(d, h + 4),
                    Offset = (long)U64(d, h + 24),
                    Size = (long)U64(d, h + 32),
                    Link = U32(d, h + 40),
                    Info = U32(d, h + 44),
                    EntSize = (long)U64(d, h + 56),
                });
            }
            return list;
        }

        static ushort U16(byte[] d, long o) => (ushort)(d[o] | d[o + 1] << 8);
        static uint U32(byte[] d, long o) => (uint)(d[o] | d[o + 1] << 8 | d[o + 2] << 16 | d[o + 3] << 24);
        static ulong U64(byte[] d, long o) => U32(d, o) | (ulong)U32(d, o + 4) << 32;

        static string Str(byte[] d, Section strtab, uint offset)
        {
            long start = strtab.Offset + offset, end = start;
            while (end < d.Length && d[end] != 0) end++;
            return Encoding.ASCII.GetString(d, (int)start, (int)(end - start));
        }
    }
}
